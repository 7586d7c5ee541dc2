//! The loopback relink page: a one-time axum server on 127.0.0.1 that serves the page running
//! Stripe.js and takes its result. Owns the page's security; must never log, store or URL the secret.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::secret::Secret;
use crate::stripe::financial_connections::RelinkFailureReason;

/// Stripe.js, as Stripe requires it: loaded from js.stripe.com, never bundled.
pub const STRIPE_JS_URL: &str = "https://js.stripe.com/v3/";
/// How long a page lives when nobody completes it.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);
/// Largest result body the page may post.
const MAX_RESULT_BODY: usize = 16 * 1024;

/// Where the page loads Stripe.js from and what its Content-Security-Policy allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageSettings {
    /// The Stripe.js script URL (`https://js.stripe.com/v3/`, or the sandbox's `/v3/`).
    pub stripe_js_url: String,
    /// Origins Stripe.js may call (`connect-src`), besides the page's own.
    pub connect_origins: Vec<String>,
    /// Origins Stripe.js may frame (`frame-src`).
    pub frame_origins: Vec<String>,
    /// The page and its server expire after this long (15 minutes by default).
    pub ttl: Duration,
}

impl PageSettings {
    /// Real Stripe: Stripe.js from js.stripe.com, frames from js/hooks.stripe.com, API at api.stripe.com.
    pub fn stripe() -> Self {
        Self {
            stripe_js_url: STRIPE_JS_URL.to_owned(),
            connect_origins: vec!["https://api.stripe.com".to_owned()],
            frame_origins: vec!["https://js.stripe.com".to_owned(), "https://hooks.stripe.com".to_owned()],
            ttl: DEFAULT_TTL,
        }
    }

    /// The built-in sandbox at `base_url`: its Stripe.js stand-in at `/v3/`, everything at its origin.
    pub fn sandbox(base_url: &str) -> Self {
        let base = base_url.trim_end_matches('/');
        let origin = origin_of(base).unwrap_or_else(|| base.to_owned());
        Self {
            stripe_js_url: format!("{base}/v3/"),
            connect_origins: vec![origin.clone()],
            frame_origins: vec![origin],
            ttl: DEFAULT_TTL,
        }
    }

    /// Settings for an API base: the sandbox's when it is a loopback `http://` address, else Stripe's.
    /// `stripe_js_url` overrides the script URL (its origin is then allowed too).
    pub fn for_api_base(api_base: &str, stripe_js_url: Option<&str>) -> Self {
        let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|p| api_base.starts_with(p));
        let mut settings = if loopback { Self::sandbox(api_base) } else { Self::stripe() };
        if let Some(url) = stripe_js_url.filter(|u| !u.trim().is_empty()) {
            settings.stripe_js_url = url.trim().to_owned();
            if let Some(origin) = origin_of(url.trim()) {
                for list in [&mut settings.connect_origins, &mut settings.frame_origins] {
                    if !list.contains(&origin) {
                        list.push(origin.clone());
                    }
                }
            }
        }
        settings
    }

    /// The origin of the Stripe.js URL (what `script-src` allows).
    pub fn script_origin(&self) -> Option<String> {
        origin_of(&self.stripe_js_url)
    }
}

fn origin_of(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let origin = parsed.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// What the page reported: Stripe.js's result, or the Stripe.js error it caught.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageReport {
    /// `collectFinancialConnectionsAccounts` resolved with a session.
    Result {
        /// `fcsess_…`.
        #[serde(default)]
        session: Option<String>,
        /// `relink_result.account`.
        #[serde(default)]
        account: Option<String>,
        /// `relink_result.failure_reason`.
        #[serde(default)]
        failure_reason: Option<RelinkFailureReason>,
        /// The ids of the session's accounts.
        #[serde(default)]
        accounts: Vec<String>,
    },
    /// Stripe.js failed to load, threw, or resolved with `{error}`.
    StripeError {
        /// Stripe.js's message (shown to the user as is).
        #[serde(default)]
        message: String,
    },
}

/// How the page ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageOutcome {
    /// The page posted its result.
    Reported(PageReport),
    /// Nobody completed the page in time.
    Expired,
}

#[derive(Deserialize)]
struct PagePost {
    token: String,
    #[serde(flatten)]
    report: PageReport,
}

enum Phase {
    Waiting(Option<oneshot::Sender<PageReport>>),
    Done,
    Expired,
}

struct Shared {
    token: String,
    client_secret: Secret,
    publishable_key: String,
    settings: PageSettings,
    host: String,
    origin: String,
    deadline: Instant,
    phase: Mutex<Phase>,
}

impl Shared {
    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running loopback page. [`LoopbackPage::wait`] ends it (result, expiry); so does dropping it.
pub struct LoopbackPage {
    url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    result: oneshot::Receiver<PageReport>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for LoopbackPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoopbackPage").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// 32 random bytes from the OS-seeded CSPRNG, base64url: 256 bits.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn same(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl LoopbackPage {
    /// Bind 127.0.0.1 on a random port and serve the page for `client_secret` at one
    /// unguessable path. The secret lives only in this server's memory and in the page body.
    pub async fn start(
        settings: PageSettings,
        publishable_key: &str,
        client_secret: Secret,
    ) -> std::io::Result<LoopbackPage> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let token = random_token();
        let host = format!("127.0.0.1:{}", addr.port());
        let origin = format!("http://{host}");
        let url = format!("{origin}/relink/{token}");
        let (sender, result) = oneshot::channel();
        let shared = Arc::new(Shared {
            token,
            client_secret,
            publishable_key: publishable_key.to_owned(),
            deadline: Instant::now() + settings.ttl,
            settings,
            host,
            origin,
            phase: Mutex::new(Phase::Waiting(Some(sender))),
        });
        let router =
            Router::new().fallback(handle).layer(DefaultBodyLimit::max(MAX_RESULT_BODY)).with_state(shared.clone());
        let (stop, task) = crate::web::serve(listener, router, "the relink page");
        tracing::debug!(port = addr.port(), "relink page listening on 127.0.0.1");
        Ok(LoopbackPage { url, addr, shared, result, stop: Some(stop), task: Some(task) })
    }

    /// `http://127.0.0.1:PORT/relink/<token>`: the one URL to open (it holds no secret).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server is bound to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Wait for the page's result or its expiry, then stop the server.
    pub async fn wait(mut self) -> PageOutcome {
        let result = &mut self.result;
        let outcome = match tokio::time::timeout_at(self.shared.deadline, result).await {
            Ok(Ok(report)) => PageOutcome::Reported(report),
            _ => PageOutcome::Expired,
        };
        self.close().await;
        outcome
    }

    /// Stop the server now (the page then answers nothing).
    pub async fn close(&mut self) {
        {
            let mut phase = self.shared.phase();
            if matches!(*phase, Phase::Waiting(_)) {
                *phase = Phase::Expired;
            }
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(2), &mut task).await.is_err()
        {
            task.abort();
        }
    }
}

impl Drop for LoopbackPage {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Headers every answer carries.
fn harden(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    harden((status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // DNS rebinding: only the exact loopback host this server was bound to.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if host != shared.host {
        return plain(StatusCode::MISDIRECTED_REQUEST, "Wrong Host header.");
    }
    let Some(rest) = uri.path().strip_prefix("/relink/") else {
        return plain(StatusCode::NOT_FOUND, "Not found.");
    };
    let (token, action) = match rest.split_once('/') {
        Some((token, "result")) => (token, Action::Result),
        Some(_) => return plain(StatusCode::NOT_FOUND, "Not found."),
        None => (rest, Action::Page),
    };
    if !same(token, &shared.token) {
        return plain(StatusCode::NOT_FOUND, "Not found.");
    }
    let expired = Instant::now() >= shared.deadline;
    {
        let mut phase = shared.phase();
        if expired && matches!(*phase, Phase::Waiting(_)) {
            *phase = Phase::Expired;
        }
        match *phase {
            Phase::Waiting(_) => {}
            Phase::Done => {
                return plain(StatusCode::GONE, "This relink page was already used. You can close this tab.");
            }
            Phase::Expired => {
                return plain(StatusCode::GONE, "This relink page has expired. Start again from treasury-desk.");
            }
        }
    }
    match (action, method) {
        (Action::Page, Method::GET) => page(&shared),
        (Action::Result, Method::POST) => result(&shared, &headers, &body),
        _ => plain(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed."),
    }
}

#[derive(Clone, Copy)]
enum Action {
    Page,
    Result,
}

/// `POST /relink/<token>/result`: same origin, JSON, and the token again in the body.
fn result(shared: &Shared, headers: &HeaderMap, body: &Bytes) -> Response {
    let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()).unwrap_or("");
    if origin != shared.origin {
        return plain(StatusCode::FORBIDDEN, "Cross-origin request refused.");
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| t.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
    if !json {
        return plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Expected application/json.");
    }
    let Ok(post) = serde_json::from_slice::<PagePost>(body) else {
        return plain(StatusCode::BAD_REQUEST, "Malformed result.");
    };
    if !same(&post.token, &shared.token) {
        return plain(StatusCode::FORBIDDEN, "Wrong token.");
    }
    let sender = {
        let mut phase = shared.phase();
        match std::mem::replace(&mut *phase, Phase::Done) {
            Phase::Waiting(sender) => sender,
            other => {
                *phase = other;
                return plain(StatusCode::GONE, "This relink page was already used.");
            }
        }
    };
    if let Some(sender) = sender {
        let _ = sender.send(post.report);
    }
    harden((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{\"received\":true}").into_response())
}

fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The Content-Security-Policy of one rendering of the page.
fn csp(settings: &PageSettings, nonce: &str) -> String {
    let script_origin = settings.script_origin().unwrap_or_default();
    let connect = settings.connect_origins.join(" ");
    let frames = if settings.frame_origins.is_empty() { "'none'".to_owned() } else { settings.frame_origins.join(" ") };
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}' {script_origin}; style-src 'nonce-{nonce}'; \
         connect-src 'self' {connect}; frame-src {frames}; img-src 'self' data:; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
}

const PAGE_SCRIPT: &str = include_str!("page.js");

/// `GET /relink/<token>`: the page, with a fresh nonce.
fn page(shared: &Shared) -> Response {
    let mut nonce_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut nonce_bytes);
    let nonce = base64::engine::general_purpose::STANDARD.encode(nonce_bytes);
    let config = serde_json::json!({
        "publishableKey": shared.publishable_key,
        "clientSecret": shared.client_secret.expose(),
        "token": shared.token,
        "resultPath": format!("/relink/{}/result", shared.token),
    });
    let body = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relink a bank account · treasury-desk</title>
<style nonce="{nonce}">
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #111; }}
#status.ok {{ color: #116611; }} #status.bad {{ color: #a01010; }}
</style>
<script nonce="{nonce}" src="{stripe_js}"></script>
</head>
<body>
<h1>Relink a bank account</h1>
<p>treasury-desk opened this page to repair a linked bank account with Stripe. Follow Stripe's window to sign in to the bank.</p>
<p id="status" role="status" aria-live="polite">Starting Stripe…</p>
<p id="advice"></p>
<p id="close"></p>
<script nonce="{nonce}">
const RELINK = {config};
{script}
</script>
</body>
</html>
"#,
        stripe_js = attr(&shared.settings.stripe_js_url),
        config = crate::web::json_for_script(&config),
        script = PAGE_SCRIPT,
    );
    let mut response =
        harden((StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response());
    if let Ok(value) = HeaderValue::from_str(&csp(&shared.settings, &nonce)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let text = crate::web::json_for_script(&serde_json::json!("</script><b>&"));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
    }

    #[test]
    fn settings_follow_the_api_base() {
        let sandbox = PageSettings::for_api_base("http://127.0.0.1:12111", None);
        assert_eq!(sandbox.stripe_js_url, "http://127.0.0.1:12111/v3/");
        assert_eq!(sandbox.script_origin().as_deref(), Some("http://127.0.0.1:12111"));
        let real = PageSettings::for_api_base("https://api.stripe.com", None);
        assert_eq!(real.script_origin().as_deref(), Some("https://js.stripe.com"));
        let custom = PageSettings::for_api_base("https://api.stripe.com", Some("http://127.0.0.1:9/v3/"));
        assert!(custom.connect_origins.contains(&"http://127.0.0.1:9".to_owned()));
        let policy = csp(&real, "abc");
        assert!(policy.contains("script-src 'nonce-abc' https://js.stripe.com;"), "{policy}");
        assert!(!policy.contains("unsafe"), "{policy}");
    }

    #[test]
    fn tokens_are_long_and_fresh() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in base64url");
    }
}
