//! The transport: auth, pinned `Stripe-Version`, `Stripe-Account`, idempotency keys, retries
//! with backoff, timeouts, and pagination as a stream. Knows no resource and no UI.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, TryStreamExt, stream};
use rand::Rng;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use super::common::{List, Object};
use super::error::{Error, ErrorEnvelope};
use super::form::Form;
use crate::secret::Secret;

/// The `Stripe-Version` every request is pinned to (the spec in `shared/stripe-openapi`).
pub const API_VERSION: &str = "2026-07-29.dahlia";
/// Stripe's API.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";
/// Page size for lists (Stripe's maximum).
pub const PAGE_LIMIT: u32 = 100;
/// Largest answer body the client reads (16 MiB). Stripe's largest answers (a page of 100
/// objects) are a small fraction of it; past it the server is broken or hostile, and reading on
/// would only fill memory.
pub const MAX_RESPONSE_BYTES: usize = 16 << 20;

/// Which data a key reaches. Test and live never mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `sk_test_`/`rk_test_`.
    Test,
    /// `sk_live_`/`rk_live_`: real money.
    Live,
}

impl Mode {
    /// The mode a secret key belongs to, or `None` for anything that is not a secret/restricted key.
    pub fn of_key(key: &Secret) -> Option<Self> {
        match key.prefix() {
            "sk_test_" | "rk_test_" => Some(Self::Test),
            "sk_live_" | "rk_live_" => Some(Self::Live),
            _ => None,
        }
    }

    /// `test` or `live`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Live => "live",
        }
    }
}

/// Retry backoff, as Stripe's SDKs do it: 0.5 s doubling to 5 s, with jitter.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    /// First delay.
    pub initial: Duration,
    /// Largest delay.
    pub max: Duration,
    /// Largest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl Backoff {
    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after.filter(|after| *after <= self.max_retry_after) {
            return after;
        }
        let exp = self.initial.saturating_mul(1u32 << attempt.min(16)).min(self.max);
        let jitter = rand::rng().random_range(0.5..=1.0);
        exp.mul_f64(jitter).max(self.initial)
    }
}

/// Everything the client needs. The key is a [`Secret`], so this is safe to `Debug`.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// API base without a trailing slash (`https://api.stripe.com`).
    pub api_base: String,
    /// Secret or restricted key.
    pub secret_key: Secret,
    /// Pinned API version.
    pub stripe_version: String,
    /// Per-request time cap: from connecting until the last byte of the answer, so a server that
    /// drips its answer a byte at a time is cut off too.
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Backoff between retries.
    pub backoff: Backoff,
    /// Client-side rate limit; `None` sends as fast as asked (local sandbox, tests).
    pub rate_limit: Option<super::rate_limit::RateLimit>,
    /// Largest answer body read; a larger one is an error ([`MAX_RESPONSE_BYTES`] by default).
    pub max_response_bytes: usize,
}

impl ClientConfig {
    /// Defaults for `api_base` and `secret_key`: pinned version, 30 s timeout, 2 retries.
    pub fn new(api_base: impl Into<String>, secret_key: Secret) -> Self {
        Self {
            api_base: api_base.into().trim_end_matches('/').to_owned(),
            secret_key,
            stripe_version: API_VERSION.to_owned(),
            timeout: Duration::from_secs(30),
            max_retries: 2,
            backoff: Backoff::default(),
            rate_limit: None,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }
}

/// A per-call option set: on whose behalf, which version, which idempotency key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// `Stripe-Account`: act as this connected account.
    pub stripe_account: Option<String>,
    /// Override of the pinned `Stripe-Version` (for preview-only calls).
    pub stripe_version: Option<String>,
    /// `Idempotency-Key` for a POST. Create one per user action and reuse it on every retry;
    /// when `None`, the client makes one per call (still reused across its own retries).
    pub idempotency_key: Option<IdempotencyKey>,
}

impl RequestOptions {
    /// Act on behalf of a connected account.
    pub fn on_behalf_of(account_id: &str) -> Self {
        Self { stripe_account: Some(account_id.to_owned()), ..Self::default() }
    }

    /// Use another `Stripe-Version` on this call.
    #[must_use]
    pub fn version(mut self, version: &str) -> Self {
        self.stripe_version = Some(version.to_owned());
        self
    }

    /// Use this idempotency key.
    #[must_use]
    pub fn idempotency_key(mut self, key: IdempotencyKey) -> Self {
        self.idempotency_key = Some(key);
        self
    }
}

/// An `Idempotency-Key`: a UUID v4, made once per user action.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh random key.
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// A key recorded earlier (the audit trail), for a retry that must reuse it.
    pub fn from_recorded(key: String) -> Self {
        Self(key)
    }

    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for IdempotencyKey {
    fn default() -> Self {
        Self::new()
    }
}

/// An answer with Stripe's `Request-Id` (for the audit log and for support). Dereferences to
/// the object, so fields read as on the object itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Traced<T> {
    /// The decoded object.
    pub value: T,
    /// `Request-Id` of the answer that carried it.
    pub request_id: Option<String>,
}

impl<T> std::ops::Deref for Traced<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// What one attempt got back.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: bytes::Bytes,
}

/// The typed Stripe client. Cheap to clone (shares one connection pool).
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
    limiter: Option<Arc<super::rate_limit::Limiter>>,
    /// The key's own account, once `GET /v1/account` has named it.
    own_account: Arc<std::sync::OnceLock<String>>,
}

/// Make rustls's cryptography ring's, for this process (once; later calls change nothing). Every
/// HTTPS client needs it before it is built: reqwest is built without a provider of its own.
pub fn install_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// A client for `config`. Fails on a malformed API base or key, before any request.
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        if !(config.api_base.starts_with("http://") || config.api_base.starts_with("https://")) {
            return Err(Error::Config(crate::t!("error-api-base", base = format!("{:?}", config.api_base))));
        }
        if let Err(problem) = check_secret_key(&config.secret_key) {
            return Err(Error::Config(problem));
        }
        install_tls();
        let http = reqwest::Client::builder()
            // A total cap: reqwest applies it from connecting until the body has been read.
            .timeout(config.timeout)
            // Stripe never redirects. A redirect comes from something else in the way (a proxy, a
            // captive portal, a wrong API base), and following it would send the key along.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("treasury-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(crate::t!("error-https", cause = root_cause(&e))))?;
        let limiter = config.rate_limit.map(|limit| Arc::new(super::rate_limit::Limiter::new(limit)));
        Ok(Self { http, config: Arc::new(config), limiter, own_account: Arc::default() })
    }

    /// Remember the key's own account (from `GET /v1/account`): requests naming it in
    /// [`RequestOptions::on_behalf_of`] then go without `Stripe-Account`. Set once.
    pub fn note_own_account(&self, account_id: &str) {
        let _ = self.own_account.set(account_id.to_owned());
    }

    /// The key's own account, once known.
    pub fn own_account(&self) -> Option<&str> {
        self.own_account.get().map(String::as_str)
    }

    /// The configuration (the key inside redacts itself).
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Test or live, from the key.
    pub fn mode(&self) -> Mode {
        Mode::of_key(&self.config.secret_key).unwrap_or(Mode::Test)
    }

    /// `GET path?params`, decoded as `T`.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        self.request(reqwest::Method::GET, path, params, options).await
    }

    /// `POST path` with a form body and an `Idempotency-Key` reused on every retry.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        self.post_traced(path, params, options).await.map(|traced| traced.value)
    }

    /// [`Client::post`], keeping Stripe's `Request-Id` with the answer.
    pub async fn post_traced<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<Traced<T>, Error> {
        let mut options = options.clone();
        options.idempotency_key.get_or_insert_with(IdempotencyKey::new);
        self.request_traced(reqwest::Method::POST, path, params, &options).await
    }

    /// One page of a list.
    pub async fn list_page<T: DeserializeOwned>(
        &self,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<List<T>, Error> {
        self.get(path, params, options).await
    }

    /// Every object of a list, page by page (`limit=100`), as a stream. Every page keeps the
    /// same filters and `Stripe-Account`; only `starting_after` changes.
    pub fn list<T>(
        &self,
        path: &str,
        params: Form,
        options: RequestOptions,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'static
    where
        T: DeserializeOwned + Object + Send + 'static,
    {
        let client = self.clone();
        let path = path.to_owned();
        let base = params.set("limit", PAGE_LIMIT);
        stream::try_unfold(Some(None::<String>), move |cursor| {
            let (client, path, base, options) = (client.clone(), path.clone(), base.clone(), options.clone());
            async move {
                let Some(after) = cursor else { return Ok(None) };
                let params = base.set_opt("starting_after", after);
                let page: List<T> = client.list_page(&path, &params, &options).await?;
                let next = match (page.has_more, page.data.last()) {
                    (true, Some(last)) => Some(Some(last.id().to_owned())),
                    _ => None,
                };
                Ok(Some((page.data, next)))
            }
        })
        .map_ok(|page| stream::iter(page.into_iter().map(Ok)))
        .try_flatten()
    }

    /// Every object of a list, collected.
    pub async fn list_all<T>(&self, path: &str, params: Form, options: RequestOptions) -> Result<Vec<T>, Error>
    where
        T: DeserializeOwned + Object + Send + 'static,
    {
        self.list(path, params, options).try_collect().await
    }

    async fn request<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        self.request_traced(method, path, params, options).await.map(|traced| traced.value)
    }

    async fn request_traced<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<Traced<T>, Error> {
        let mut attempt = 0;
        loop {
            let outcome = self.attempt(&method, path, params, options).await;
            let retry = match &outcome {
                Ok(answer) => should_retry(answer),
                // No answer at all: safe to retry, GET by nature, POST thanks to its idempotency key.
                Err(Error::Transport { .. }) => true,
                // An answer this client refuses to follow or read (a redirect, a body over the cap)
                // would only come again.
                Err(_) => false,
            };
            if retry && attempt < self.config.max_retries {
                let retry_after = outcome.as_ref().ok().and_then(|a| retry_after(&a.headers));
                let delay = self.config.backoff.delay(attempt, retry_after);
                if let (Some(limiter), Ok(Answer { status: 429, .. })) = (&self.limiter, &outcome) {
                    limiter.pause(delay);
                }
                tracing::debug!(%method, path, attempt, ?delay, "retrying Stripe request");
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            return decode(outcome?);
        }
    }

    async fn attempt(
        &self,
        method: &reqwest::Method,
        path: &str,
        params: &Form,
        options: &RequestOptions,
    ) -> Result<Answer, Error> {
        if let Some(limiter) = &self.limiter {
            limiter.acquire(method.as_str(), path).await;
        }
        let mut url = format!("{}{}", self.config.api_base, path);
        let mut builder = if *method == reqwest::Method::GET {
            if !params.is_empty() {
                url.push('?');
                url.push_str(&params.encode());
            }
            self.http.get(&url)
        } else {
            self.http
                .request(method.clone(), &url)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(params.encode())
        };
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", self.config.secret_key.expose()))
            .map_err(|_| Error::Config(crate::t!("key-header")))?;
        auth.set_sensitive(true);
        builder = builder
            .header(header::AUTHORIZATION, auth)
            .header("Stripe-Version", options.stripe_version.as_deref().unwrap_or(&self.config.stripe_version));
        // `Stripe-Account` names another account; the platform's own objects go without it. So a
        // caller may name the owner of anything, the platform included.
        if let Some(account) = options.stripe_account.as_ref().filter(|a| Some(*a) != self.own_account.get()) {
            builder = builder.header("Stripe-Account", account);
        }
        if let Some(key) = &options.idempotency_key {
            builder = builder.header("Idempotency-Key", key.as_str());
        }
        tracing::trace!(%method, path, stripe_account = ?options.stripe_account, "Stripe request");
        let mut response = builder.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if response.status().is_redirection() {
            return Err(redirect_error(status, &headers, response.url()));
        }
        let cap = self.config.max_response_bytes;
        let too_large = || Error::Decode {
            status,
            content_type: content_type(&headers),
            detail: format!("the answer is larger than {}: the client stopped reading it", byte_size(cap)),
        };
        if response.content_length().is_some_and(|length| length > cap as u64) {
            return Err(too_large());
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(&e))? {
            if body.len() + chunk.len() > cap {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer { status, headers, body: body.freeze() })
    }

    fn transport_error(&self, error: &reqwest::Error) -> Error {
        let detail = if error.is_timeout() {
            crate::t!("error-timeout")
        } else if error.is_connect() {
            crate::t!("error-connection-failed", cause = root_cause(error))
        } else {
            root_cause(error)
        };
        Error::Transport { base: self.config.api_base.clone(), detail, timeout: error.is_timeout() }
    }
}

/// A local check of a secret key's shape, with the reason when it is wrong.
pub fn check_secret_key(key: &Secret) -> Result<Mode, String> {
    let raw = key.expose();
    if raw.is_empty() {
        return Err(crate::t!("key-missing"));
    }
    if raw.trim() != raw || raw.chars().any(char::is_whitespace) {
        return Err(crate::t!("key-whitespace"));
    }
    if raw.starts_with("pk_") {
        return Err(crate::t!("key-publishable"));
    }
    let Some(mode) = Mode::of_key(key) else {
        return Err(crate::t!("key-prefix"));
    };
    if raw.len() <= key.prefix().len() + 4 {
        return Err(crate::t!("key-truncated"));
    }
    if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(crate::t!("key-characters"));
    }
    Ok(mode)
}

fn should_retry(answer: &Answer) -> bool {
    match answer.headers.get("Stripe-Should-Retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    matches!(answer.status, 409 | 429) || answer.status >= 500
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: f64 = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

fn content_type(headers: &HeaderMap) -> String {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("no content type").to_owned()
}

/// `16 MB`, `512 KB`, `100 bytes`.
fn byte_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// A 3xx answer, never followed. Names only where it pointed (scheme, host and port: a path or
/// query could carry anything).
fn redirect_error(status: u16, headers: &HeaderMap, from: &reqwest::Url) -> Error {
    let target = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| from.join(location).ok())
        .map(|to| {
            format!(
                "{}://{}",
                to.scheme(),
                to.host_str().map_or_else(String::new, |host| match to.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                })
            )
        })
        .unwrap_or_else(|| "somewhere unnamed".to_owned());
    Error::Decode {
        status,
        content_type: content_type(headers),
        detail: format!(
            "a redirect to {target}, which the client never follows (Stripe does not redirect, and the API key would \
             go along): check the API base, or a proxy may be in the way"
        ),
    }
}

fn decode<T: DeserializeOwned>(answer: Answer) -> Result<Traced<T>, Error> {
    let content_type = content_type(&answer.headers);
    let request_id = answer.headers.get("Request-Id").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let decode_error =
        |detail: String| Error::Decode { status: answer.status, content_type: content_type.clone(), detail };
    if (200..300).contains(&answer.status) {
        let value = serde_json::from_slice(&answer.body).map_err(|e| decode_error(e.to_string()))?;
        return Ok(Traced { value, request_id });
    }
    match serde_json::from_slice::<ErrorEnvelope>(&answer.body) {
        Ok(envelope) => Err(Error::Api { status: answer.status, error: Box::new(envelope.error), request_id }),
        Err(e) => Err(decode_error(format!("error body did not parse: {e}"))),
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    crate::secret::scrub(&cause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_checks_name_the_problem() {
        let check = |k: &str| check_secret_key(&Secret::new(k));
        assert_eq!(check("sk_test_abcdefgh1234"), Ok(Mode::Test));
        assert_eq!(check("rk\x5flive_abcdefgh1234"), Ok(Mode::Live));
        assert!(check("pk_test_abcdefgh1234").expect_err("pk_test_abcdefgh1234").contains("publishable"));
        assert!(check(" sk_test_abcdefgh1234").expect_err(" sk_test_abcdefgh1234").contains("spaces"));
        assert!(check("sk_test_ab").expect_err("sk_test_ab").contains("truncated"));
        assert!(check("hello").expect_err("hello").contains("starts with"));
        assert!(check("").expect_err("").contains("no API key"));
    }

    #[test]
    fn backoff_doubles_to_the_cap_and_honours_retry_after() {
        let backoff = Backoff::default();
        for attempt in 0..10 {
            let delay = backoff.delay(attempt, None);
            assert!(delay >= backoff.initial && delay <= backoff.max, "{delay:?}");
        }
        assert_eq!(backoff.delay(0, Some(Duration::from_secs(7))), Duration::from_secs(7));
        assert!(backoff.delay(0, Some(Duration::from_secs(600))) <= backoff.max);
    }
}
