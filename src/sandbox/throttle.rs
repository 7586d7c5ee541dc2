//! Simulated network latency and Stripe's rate limit (429 with `Stripe-Should-Retry`), for the
//! benchmark and the tests alike. Owns only the outermost timing layer; never touches data.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// Latency and rate limit of the simulated network.
#[derive(Clone, Debug)]
pub(crate) struct Throttle {
    latency: Duration,
    limiter: Option<Arc<DefaultDirectRateLimiter>>,
    traffic: Arc<Traffic>,
}

/// Requests that reached the sandbox, and how many of them it refused with 429.
#[derive(Debug, Default)]
pub struct Traffic {
    served: AtomicU64,
    throttled: AtomicU64,
}

impl Traffic {
    /// `(served, throttled)`.
    pub fn get(&self) -> (u64, u64) {
        (self.served.load(Ordering::Relaxed), self.throttled.load(Ordering::Relaxed))
    }
}

impl Throttle {
    /// Every answer takes `latency`; over `rate_limit` requests per second, answer 429.
    pub(crate) fn new(latency: Duration, rate_limit: Option<NonZeroU32>) -> Self {
        let limiter = rate_limit.map(|rate| {
            // Stripe's bucket allows short bursts; a tenth of a second's budget, like the client's.
            let burst = NonZeroU32::new(rate.get().div_ceil(10)).unwrap_or(NonZeroU32::MIN);
            Arc::new(RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)))
        });
        Self { latency, limiter, traffic: Arc::default() }
    }

    /// The shared counters.
    pub(crate) fn traffic(&self) -> Arc<Traffic> {
        self.traffic.clone()
    }

    /// True when the layer would do nothing.
    pub(crate) fn is_off(&self) -> bool {
        self.latency.is_zero() && self.limiter.is_none()
    }
}

/// Outermost layer: refuse over the limit (at once, as Stripe does), else wait the latency.
pub(crate) async fn throttle(State(throttle): State<Throttle>, request: Request, next: Next) -> Response {
    if let Some(limiter) = &throttle.limiter
        && limiter.check().is_err()
    {
        throttle.traffic.throttled.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(throttle.latency).await;
        let body = r#"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests hit the API too quickly. We recommend an exponential backoff of your requests."}}"#;
        let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response.headers_mut().insert("Stripe-Should-Retry", HeaderValue::from_static("true"));
        return response;
    }
    throttle.traffic.served.fetch_add(1, Ordering::Relaxed);
    tokio::time::sleep(throttle.latency).await;
    next.run(request).await
}
