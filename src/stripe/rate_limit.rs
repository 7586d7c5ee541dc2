//! Client-side rate limiting: a token bucket per mode and one per endpoint (`governor`), and a
//! shared pause after a 429 so every in-flight request backs off, not only the one retried.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};

use super::Mode;

/// Requests per second allowed overall and per endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// All requests together.
    pub per_second: NonZeroU32,
    /// Each endpoint (method + path with ids folded), when Stripe limits it separately.
    pub per_endpoint: Option<NonZeroU32>,
}

impl RateLimit {
    /// Stripe's documented limits: 25/s in test mode, 100/s live, 25/s per endpoint by default.
    pub fn stripe(mode: Mode) -> Self {
        let per_second = match mode {
            Mode::Test => NonZeroU32::new(25),
            Mode::Live => NonZeroU32::new(100),
        };
        Self { per_second: per_second.unwrap_or(NonZeroU32::MIN), per_endpoint: NonZeroU32::new(25) }
    }

    /// `n` requests per second overall, no separate endpoint limit.
    pub fn per_second(n: u32) -> Self {
        Self { per_second: NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN), per_endpoint: None }
    }
}

/// Bursts of a tenth of a second's budget: smooth enough not to trip the server's own bucket.
fn quota(rate: NonZeroU32) -> Quota {
    let burst = NonZeroU32::new(rate.get().div_ceil(10)).unwrap_or(NonZeroU32::MIN);
    Quota::per_second(rate).allow_burst(burst)
}

/// The shared limiter state of one client.
pub(super) struct Limiter {
    global: DefaultDirectRateLimiter,
    endpoints: Option<DefaultKeyedRateLimiter<String>>,
    pause_until: Mutex<Option<tokio::time::Instant>>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limiter")
    }
}

impl Limiter {
    pub(super) fn new(limit: RateLimit) -> Self {
        Self {
            global: governor::RateLimiter::direct(quota(limit.per_second)),
            endpoints: limit.per_endpoint.map(|rate| governor::RateLimiter::keyed(quota(rate))),
            pause_until: Mutex::new(None),
        }
    }

    /// Wait for any 429 pause, then for a token overall and for the endpoint.
    pub(super) async fn acquire(&self, method: &str, path: &str) {
        let pause = self.pause_until.lock().ok().and_then(|p| *p);
        if let Some(until) = pause {
            tokio::time::sleep_until(until).await;
        }
        if let Some(endpoints) = &self.endpoints {
            endpoints.until_key_ready(&endpoint_key(method, path)).await;
        }
        self.global.until_ready().await;
    }

    /// After a 429: every request waits `delay` before its next attempt.
    pub(super) fn pause(&self, delay: Duration) {
        let until = tokio::time::Instant::now() + delay;
        if let Ok(mut pause) = self.pause_until.lock() {
            *pause = Some(pause.map_or(until, |current| current.max(until)));
        }
    }
}

/// `GET /v1/treasury/inbound_transfers/{id}`: the path with object ids folded, so each endpoint
/// shares one bucket whatever the id.
pub fn endpoint_key(method: &str, path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let folded: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let id_like = segment.contains('_') && segment.bytes().any(|b| b.is_ascii_digit());
            if id_like { "{id}" } else { segment }
        })
        .collect();
    format!("{method} {}", folded.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_fold_ids() {
        assert_eq!(
            endpoint_key("POST", "/v1/treasury/inbound_transfers/ibt_1Nv9Ab/cancel"),
            "POST /v1/treasury/inbound_transfers/{id}/cancel"
        );
        assert_eq!(endpoint_key("GET", "/v1/treasury/financial_accounts"), "GET /v1/treasury/financial_accounts");
        assert_eq!(endpoint_key("GET", "/v1/accounts/acct_1Nv?limit=3"), "GET /v1/accounts/{id}");
    }

    #[tokio::test]
    async fn the_bucket_holds_requests_to_the_rate() {
        let limiter = Limiter::new(RateLimit::per_second(50));
        let start = std::time::Instant::now();
        for _ in 0..30 {
            limiter.acquire("GET", "/v1/x").await;
        }
        // 30 requests at 50/s with a burst of 5 need at least (30 - 5) / 50 s = 0.5 s.
        assert!(start.elapsed() >= Duration::from_millis(450), "{:?}", start.elapsed());
    }
}
