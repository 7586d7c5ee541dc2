//! Simulated network latency and Stripe's rate limit (429 with `Stripe-Should-Retry`), for the
//! benchmark and the tests alike. Owns only the outermost timing layer; never touches data.

use std::num::NonZeroU32;
use std::sync::Arc;
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
}

impl Throttle {
    /// Every answer takes `latency`; over `rate_limit` requests per second, answer 429.
    pub(crate) fn new(latency: Duration, rate_limit: Option<NonZeroU32>) -> Self {
        let limiter = rate_limit.map(|rate| {
            // Stripe's bucket allows short bursts; a tenth of a second's budget, like the client's.
            let burst = NonZeroU32::new(rate.get().div_ceil(10)).unwrap_or(NonZeroU32::MIN);
            Arc::new(RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)))
        });
        Self { latency, limiter }
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
        tokio::time::sleep(throttle.latency).await;
        let body = r#"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests hit the API too quickly. We recommend an exponential backoff of your requests."}}"#;
        let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response.headers_mut().insert("Stripe-Should-Retry", HeaderValue::from_static("true"));
        return response;
    }
    tokio::time::sleep(throttle.latency).await;
    next.run(request).await
}
