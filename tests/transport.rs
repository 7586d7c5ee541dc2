//! The client's transport against a scripted server on 127.0.0.1: headers, retries, backoff
//! rules, idempotency keys reused across retries, timeouts, and pagination keeping its filters.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use treasury_desk::secret::Secret;
use treasury_desk::stripe::{API_VERSION, Client, ClientConfig, Error, Form, RequestOptions};

#[derive(Clone, Debug)]
struct Seen {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: String,
}

/// One scripted answer: status, extra headers, body.
type Reply = (u16, Vec<(&'static str, &'static str)>, String);

#[derive(Clone, Default)]
struct Script {
    replies: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Script {
    fn reply(&self, status: u16, headers: &[(&'static str, &'static str)], body: impl Into<String>) -> &Self {
        self.replies.lock().expect("lock").push_back((status, headers.to_vec(), body.into()));
        self
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn serve(script: Script, delay: Duration) -> String {
    let handler = move |method: axum::http::Method, uri: Uri, headers: HeaderMap, body: String| {
        let script = script.clone();
        async move {
            script.seen.lock().expect("lock").push(Seen {
                method: method.to_string(),
                uri: uri.to_string(),
                headers,
                body,
            });
            tokio::time::sleep(delay).await;
            let reply = script.replies.lock().expect("lock").pop_front();
            let Some((status, headers, body)) = reply else {
                return (StatusCode::IM_A_TEAPOT, "script exhausted").into_response();
            };
            let mut response: Response = (StatusCode::from_u16(status).expect("status"), body).into_response();
            response.headers_mut().insert("content-type", "application/json".parse().expect("header"));
            for (name, value) in headers {
                response.headers_mut().insert(name, value.parse().expect("header"));
            }
            response
        }
    };
    let app = axum::Router::new().fallback(handler);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// A client that retries quickly. Its time cap is long: only the timeout test, whose server never
/// answers, may reach one (a busy machine must not turn a slow answer into a retry).
fn client(base: &str) -> Client {
    client_with_timeout(base, Duration::from_secs(30))
}

fn client_with_timeout(base: &str, timeout: Duration) -> Client {
    let mut config = ClientConfig::new(base, Secret::new("sk_test_transport0123456789"));
    config.backoff.initial = Duration::from_millis(5);
    config.backoff.max = Duration::from_millis(20);
    config.timeout = timeout;
    Client::new(config).expect("client")
}

const OK: &str = r#"{"id":"obj_1","object":"thing"}"#;
const SERVER_ERROR: &str = r#"{"error":{"type":"api_error","message":"boom"}}"#;

#[tokio::test]
async fn every_request_carries_auth_version_and_account() {
    let script = Script::default();
    script.reply(200, &[], OK).reply(200, &[], OK);
    let base = serve(script.clone(), Duration::ZERO).await;
    let client = client(&base);
    let _: serde_json::Value = client
        .get("/v1/thing", &Form::new().set("a[b]", "c"), &RequestOptions::on_behalf_of("acct_9"))
        .await
        .expect("ok");
    let options = RequestOptions::default().version("2026-04-22.preview");
    let _: serde_json::Value =
        client.post("/v1/thing", &Form::new().push("features", "balance"), &options).await.expect("ok");
    let seen = script.seen();
    assert_eq!(seen[0].method, "GET");
    assert_eq!(seen[0].uri, "/v1/thing?a%5Bb%5D=c");
    assert_eq!(seen[0].headers["authorization"], "Bearer sk_test_transport0123456789");
    assert_eq!(seen[0].headers["stripe-version"], API_VERSION);
    assert_eq!(seen[0].headers["stripe-account"], "acct_9");
    assert!(seen[0].headers.get("idempotency-key").is_none(), "GETs need no idempotency key");
    assert_eq!(seen[1].headers["stripe-version"], "2026-04-22.preview");
    assert!(seen[1].headers.get("stripe-account").is_none());
    assert_eq!(seen[1].body, "features%5B%5D=balance");
    assert_eq!(seen[1].headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(seen[1].headers["idempotency-key"].len(), 36, "a UUID v4");
}

#[tokio::test]
async fn a_retried_post_reuses_its_idempotency_key() {
    let script = Script::default();
    script.reply(500, &[], SERVER_ERROR).reply(503, &[], SERVER_ERROR).reply(200, &[], OK);
    let base = serve(script.clone(), Duration::ZERO).await;
    let _: serde_json::Value =
        client(&base).post("/v1/act", &Form::new(), &RequestOptions::default()).await.expect("third try works");
    let keys: Vec<_> = script.seen().iter().map(|s| s.headers["idempotency-key"].clone()).collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_caller_key_is_used_as_given() {
    let script = Script::default();
    script.reply(200, &[], OK);
    let base = serve(script.clone(), Duration::ZERO).await;
    let key = treasury_desk::stripe::IdempotencyKey::new();
    let options = RequestOptions::default().idempotency_key(key.clone());
    let _: serde_json::Value = client(&base).post("/v1/act", &Form::new(), &options).await.expect("ok");
    assert_eq!(script.seen()[0].headers["idempotency-key"], key.as_str());
}

#[tokio::test]
async fn should_retry_false_is_never_retried_and_true_always_is() {
    let script = Script::default();
    script.reply(503, &[("stripe-should-retry", "false")], SERVER_ERROR);
    let base = serve(script.clone(), Duration::ZERO).await;
    let error = client(&base)
        .post::<serde_json::Value>("/v1/act", &Form::new(), &RequestOptions::default())
        .await
        .expect_err("fails");
    assert_eq!(error.status(), Some(503));
    assert_eq!(script.seen().len(), 1);

    let script = Script::default();
    script.reply(400, &[("stripe-should-retry", "true")], r#"{"error":{"type":"invalid_request_error"}}"#).reply(
        200,
        &[],
        OK,
    );
    let base = serve(script.clone(), Duration::ZERO).await;
    let _: serde_json::Value =
        client(&base).get("/v1/x", &Form::new(), &RequestOptions::default()).await.expect("retried");
    assert_eq!(script.seen().len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried_and_retries_are_bounded() {
    let script = Script::default();
    script.reply(
        404,
        &[],
        r#"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such thing"}}"#,
    );
    let base = serve(script.clone(), Duration::ZERO).await;
    let error = client(&base)
        .get::<serde_json::Value>("/v1/x", &Form::new(), &RequestOptions::default())
        .await
        .expect_err("404");
    assert_eq!(error.api_error().and_then(|e| e.code.as_deref()), Some("resource_missing"));
    assert_eq!(script.seen().len(), 1);

    let script = Script::default();
    for _ in 0..5 {
        script.reply(429, &[("retry-after", "0")], r#"{"error":{"type":"invalid_request_error","code":"rate_limit"}}"#);
    }
    let base = serve(script.clone(), Duration::ZERO).await;
    let error = client(&base)
        .get::<serde_json::Value>("/v1/x", &Form::new(), &RequestOptions::default())
        .await
        .expect_err("429s");
    assert_eq!(error.status(), Some(429));
    assert_eq!(script.seen().len(), 3, "one try and two retries");
}

#[tokio::test]
async fn a_timeout_is_retried_then_reported_as_possibly_processed() {
    let script = Script::default();
    // The server never answers within the test: every attempt runs into the client's cap.
    let base = serve(script.clone(), Duration::from_secs(3600)).await;
    let error = client_with_timeout(&base, Duration::from_secs(1))
        .post::<serde_json::Value>("/v1/act", &Form::new(), &RequestOptions::default())
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Transport { timeout: true, .. }), "{error:?}");
    assert!(error.to_string().contains("may still have been processed"), "{error}");
    let seen = script.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.headers["idempotency-key"] == seen[0].headers["idempotency-key"]));
}

#[tokio::test]
async fn pagination_keeps_filters_and_account_on_every_page() {
    let script = Script::default();
    script
        .reply(200, &[], r#"{"object":"list","data":[{"id":"a1"},{"id":"a2"}],"has_more":true,"url":"/v1/l"}"#)
        .reply(200, &[], r#"{"object":"list","data":[{"id":"a3"}],"has_more":true,"url":"/v1/l"}"#)
        .reply(200, &[], r#"{"object":"list","data":[],"has_more":false,"url":"/v1/l"}"#);
    let base = serve(script.clone(), Duration::ZERO).await;
    let params = Form::new().set("financial_account", "fa_1").set("status", "processing");
    let items: Vec<serde_json::Value> =
        client(&base).list("/v1/l", params, RequestOptions::on_behalf_of("acct_7")).try_collect().await.expect("pages");
    assert_eq!(items.len(), 3);
    let seen = script.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].uri, "/v1/l?financial_account=fa_1&status=processing&limit=100");
    assert_eq!(seen[1].uri, "/v1/l?financial_account=fa_1&status=processing&limit=100&starting_after=a2");
    assert_eq!(seen[2].uri, "/v1/l?financial_account=fa_1&status=processing&limit=100&starting_after=a3");
    assert!(seen.iter().all(|s| s.headers["stripe-account"] == "acct_7"));
}

#[tokio::test]
async fn a_body_that_does_not_parse_is_a_decode_error_not_a_panic() {
    let script = Script::default();
    script.reply(200, &[], r#"{"id": 12"#).reply(502, &[("content-type", "text/html")], "<html>Bad gateway</html>");
    let base = serve(script.clone(), Duration::ZERO).await;
    let mut config = ClientConfig::new(&base, Secret::new("sk_test_transport0123456789"));
    config.max_retries = 0;
    let client = Client::new(config).expect("client");
    let error = client
        .get::<serde_json::Value>("/v1/x", &Form::new(), &RequestOptions::default())
        .await
        .expect_err("truncated");
    assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
    let error =
        client.get::<serde_json::Value>("/v1/x", &Form::new(), &RequestOptions::default()).await.expect_err("html");
    assert!(error.to_string().contains("HTML page"), "{error}");
}
