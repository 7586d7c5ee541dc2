//! Both ends against the other end misbehaving: the sandbox against oversized and malformed
//! requests (every refusal is Stripe's error JSON, within the spec's lengths), and the client
//! against hostile or broken servers (a body over the cap, a server dripping a byte a second,
//! nesting meant to blow the stack, a redirect meant to take the key elsewhere).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use treasury_desk::sandbox::contract::Contract;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, MAX_RESPONSE_BYTES, RequestOptions, Settled};

/// How long any one step may take before the test calls it a hang (a bound, never a margin).
const HANG: Duration = Duration::from_secs(60);

// ---- The sandbox against oversized and malformed requests ----

/// A status, the headers and the body of an answer read off a raw connection.
struct Raw {
    status: u16,
    content_type: Option<String>,
    body: serde_json::Value,
    text: String,
}

/// Send `request` as is on a fresh connection and read the answer until the server closes it.
async fn raw_exchange(base: &str, request: Vec<u8>) -> Raw {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let exchange = async {
        stream.write_all(&request).await.expect("the request goes out");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("the answer comes back");
        answer
    };
    let answer = tokio::time::timeout(HANG, exchange).await.expect("the sandbox answers and closes");
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut head = httparse::Response::new(&mut headers);
    let Ok(httparse::Status::Complete(length)) = head.parse(&answer) else {
        panic!("not an HTTP answer: {}", String::from_utf8_lossy(&answer));
    };
    let content_type = head
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .map(|h| String::from_utf8_lossy(h.value).into_owned());
    let text = String::from_utf8_lossy(&answer[length..]).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    Raw { status: head.code.unwrap_or_default(), content_type, body, text }
}

/// Stripe's error JSON: `{"error": {"type": "invalid_request_error", "message": …}}`, and valid
/// against the spec when the contract check is on.
fn assert_stripe_error(what: &str, method: &str, status: u16, content_type: Option<&str>, body: &serde_json::Value) {
    assert_eq!(content_type, Some("application/json"), "{what}: {body}");
    assert_eq!(body["error"]["type"], "invalid_request_error", "{what}: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty() && message.chars().count() <= 40_000, "{what}: {message:.200}");
    if let Some(contract) = Contract::from_env() {
        let bytes = serde_json::to_vec(body).expect("serialises");
        contract.check(method, "/v1/account", status, &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

async fn reqwest_answer(builder: reqwest::RequestBuilder) -> (u16, Option<String>, serde_json::Value) {
    let response = tokio::time::timeout(HANG, builder.send()).await.expect("no hang").expect("the sandbox answers");
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = response.text().await.expect("a body");
    (status, content_type, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
}

/// A plain HTTP client for raw requests (rustls needs its crypto provider installed first).
fn http() -> reqwest::Client {
    treasury_desk::stripe::install_tls();
    reqwest::Client::new()
}

#[tokio::test]
async fn oversized_urls_headers_and_bodies_get_stripe_s_error_json() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let base = sandbox.base_url();
    let key = sandbox.api_key().expose().to_owned();
    let http = http();

    // A URL over the sandbox's 16 KiB: refused by its own layer.
    let long_query = format!("{base}/v1/accounts?starting_after={}", "a".repeat(20 << 10));
    let (status, content_type, body) = reqwest_answer(http.get(&long_query).bearer_auth(&key)).await;
    assert_eq!(status, 414, "{body}");
    assert_stripe_error("20 KiB URL", "GET", status, content_type.as_deref(), &body);

    // A URL over hyper's own 64 KiB cap, which no layer sees: the connection still answers JSON.
    let request = format!(
        "GET /v1/accounts?starting_after={} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {key}\r\n\r\n",
        "a".repeat(70 << 10),
        base.trim_start_matches("http://")
    );
    let raw = raw_exchange(&base, request.into_bytes()).await;
    assert_eq!(raw.status, 414, "{}", raw.text);
    assert_stripe_error("70 KiB URL", "GET", raw.status, raw.content_type.as_deref(), &raw.body);

    // Headers over 32 KiB: the sandbox's layer.
    let (status, content_type, body) =
        reqwest_answer(http.get(format!("{base}/v1/account")).bearer_auth(&key).header("X-Big", "b".repeat(40 << 10)))
            .await;
    assert_eq!(status, 431, "{body}");
    assert_stripe_error("40 KiB header", "GET", status, content_type.as_deref(), &body);

    // More headers than hyper parses (100): refused before any layer, still JSON.
    let many: String = (0..150).map(|n| format!("X-Header-{n}: {n}\r\n")).collect();
    let request = format!("GET /v1/account HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n{many}\r\n");
    let raw = raw_exchange(&base, request.into_bytes()).await;
    assert_eq!(raw.status, 431, "{}", raw.text);
    assert_stripe_error("150 headers", "GET", raw.status, raw.content_type.as_deref(), &raw.body);

    // Bytes that are not HTTP at all.
    let raw = raw_exchange(&base, b"HELLO THERE\x00\x01\r\n\r\n".to_vec()).await;
    assert_eq!(raw.status, 400, "{}", raw.text);
    assert_stripe_error("not HTTP", "GET", raw.status, raw.content_type.as_deref(), &raw.body);

    // A body over 1 MiB, declared and streamed without a length: 413, and nothing created.
    let before = sandbox.state().all_inbound_transfers().len();
    let fa = sandbox.state().financial_accounts_of(&sandbox.state().platform_account_id())[0].id.clone();
    let form = format!(
        "amount=100&currency=usd&financial_account={fa}&origin_payment_method=pm_1x&description={}",
        "d".repeat(2 << 20)
    );
    let post = || {
        http.post(format!("{base}/v1/treasury/inbound_transfers"))
            .bearer_auth(&key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
    };
    let (status, content_type, body) = reqwest_answer(post().body(form.clone())).await;
    assert_eq!(status, 413, "{body}");
    assert_stripe_error("2 MiB body", "POST", status, content_type.as_deref(), &body);
    // No Content-Length: chunked, so only reading tells the size.
    let chunks: Vec<Result<http_body::Frame<bytes::Bytes>, std::io::Error>> = form
        .as_bytes()
        .chunks(64 << 10)
        .map(|c| Ok(http_body::Frame::data(bytes::Bytes::copy_from_slice(c))))
        .collect();
    let streamed = reqwest::Body::wrap(http_body_util::StreamBody::new(futures_util::stream::iter(chunks)));
    let (status, content_type, body) = reqwest_answer(post().body(streamed)).await;
    assert_eq!(status, 413, "{body}");
    assert_stripe_error("2 MiB streamed body", "POST", status, content_type.as_deref(), &body);
    assert_eq!(sandbox.state().all_inbound_transfers().len(), before, "an oversized request acted");

    // And the sandbox goes on serving.
    let (status, _, body) = reqwest_answer(http.get(format!("{base}/v1/account")).bearer_auth(&key)).await;
    assert_eq!(status, 200, "{body}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn error_messages_stay_within_the_spec_s_lengths() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let base = sandbox.base_url();
    let key = sandbox.api_key().expose().to_owned();
    let http = http();

    // An unknown path just under the URL limit is named, shortened, in the 404.
    let path = format!("/v1/{}", "x".repeat(15 << 10));
    let (status, content_type, body) = reqwest_answer(http.get(format!("{base}{path}")).bearer_auth(&key)).await;
    assert_eq!(status, 404, "{body}");
    assert_stripe_error("unknown path", "GET", status, content_type.as_deref(), &body);
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Unrecognized request URL (GET: /v1/xxx") && message.chars().count() < 1000,
        "{message:.300}"
    );

    // An unknown parameter named by 200 000 characters: the message and `param` are cut to the spec.
    let name = "p".repeat(200_000);
    let (status, content_type, body) = reqwest_answer(
        http.post(format!("{base}/v1/financial_connections/sessions"))
            .bearer_auth(&key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("{name}=1")),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_stripe_error("long parameter", "POST", status, content_type.as_deref(), &body);
    let param = body["error"]["param"].as_str().unwrap_or_default();
    assert!(param.starts_with("ppp") && param.chars().count() <= 5_000, "param of {} chars", param.chars().count());

    // A key nested 100 000 levels deep and one indexing four billion: refused, nothing allocated.
    for (what, form) in [
        ("deep nesting", format!("metadata{}=1", "[a]".repeat(100_000))),
        ("huge index", "metadata[4000000000][a]=1".to_owned()),
    ] {
        let (status, content_type, body) = reqwest_answer(
            http.post(format!("{base}/v1/financial_connections/sessions"))
                .bearer_auth(&key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form),
        )
        .await;
        assert_eq!(status, 400, "{what}: {body}");
        assert_stripe_error(what, "POST", status, content_type.as_deref(), &body);
    }
    let (status, _, _) = reqwest_answer(http.get(format!("{base}/v1/account")).bearer_auth(&key)).await;
    assert_eq!(status, 200, "still serving");
    sandbox.shutdown().await;
}

// ---- The client against hostile or broken servers ----

/// What a scripted server saw: one line per request, `METHOD path authorization`.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

impl Seen {
    fn note(&self, method: &axum::http::Method, uri: &axum::http::Uri, headers: &HeaderMap) {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned();
        if let Ok(mut seen) = self.0.lock() {
            seen.push(format!("{method} {uri} {auth}"));
        }
    }

    fn all(&self) -> Vec<String> {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Serve `answer` for every request on a random port; returns the base URL.
async fn serve(seen: Seen, answer: impl Fn() -> Response + Clone + Send + Sync + 'static) -> String {
    let handler = move |method: axum::http::Method, uri: axum::http::Uri, headers: HeaderMap| {
        seen.note(&method, &uri, &headers);
        let answer = answer.clone();
        async move { answer() }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(handler)).await });
    base
}

fn client(base: &str, timeout: Duration, retries: u32) -> Client {
    let mut config = ClientConfig::new(base, Secret::new("sk_test_hostile0123456789"));
    config.timeout = timeout;
    config.max_retries = retries;
    config.backoff.initial = Duration::from_millis(5);
    config.backoff.max = Duration::from_millis(20);
    Client::new(config).expect("client")
}

async fn get(client: &Client) -> Result<serde_json::Value, Error> {
    tokio::time::timeout(HANG, client.get("/v1/account", &Form::new(), &RequestOptions::default()))
        .await
        .expect("the client gives up by itself")
}

#[tokio::test]
async fn an_answer_over_16_mb_is_refused_with_a_clear_error() {
    let over = MAX_RESPONSE_BYTES + 1024;
    // Declared up front, and streamed without a length (read until the cap).
    let declared = serve(Seen::default(), move || {
        let mut body = vec![b' '; over];
        body[0] = b'[';
        (StatusCode::OK, [("content-type", "application/json")], body).into_response()
    })
    .await;
    let streamed = serve(Seen::default(), move || {
        let chunk = bytes::Bytes::from(vec![b' '; 64 << 10]);
        let chunks =
            futures_util::stream::iter(0..=over / chunk.len()).map(move |_| Ok::<_, std::io::Error>(chunk.clone()));
        (StatusCode::OK, [("content-type", "application/json")], axum::body::Body::from_stream(chunks)).into_response()
    })
    .await;
    for base in [declared, streamed] {
        let error = get(&client(&base, Duration::from_secs(30), 0)).await.expect_err("too large");
        assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
        assert!(error.to_string().contains("larger than 16 MB"), "{error}");
        assert_eq!(error.settled(), Settled::Unknown, "a POST answered like this may have acted");
    }
    // Under the cap, the same server shape is read in full.
    let fine = serve(Seen::default(), || {
        (StatusCode::OK, [("content-type", "application/json")], format!("{{\"pad\":\"{}\"}}", "p".repeat(8 << 20)))
            .into_response()
    })
    .await;
    let value = get(&client(&fine, Duration::from_secs(30), 0)).await.expect("8 MB is fine");
    assert_eq!(value["pad"].as_str().map(str::len), Some(8 << 20));
}

/// A raw server that sends `head` at once (if any), then drips `drip` forever, a byte a second.
async fn dripping(head: &'static str, drip: &'static [u8]) -> (String, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(Mutex::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            if let Ok(mut n) = counted.lock() {
                *n += 1;
            }
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                let _ = stream.write_all(head.as_bytes()).await;
                for byte in drip.iter().cycle() {
                    if stream.write_all(&[*byte]).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            });
        }
    });
    (base, connections)
}

#[tokio::test]
async fn a_server_dripping_a_byte_a_second_is_cut_off_at_the_time_cap() {
    let cap = Duration::from_secs(2);
    // The body drips: the head came at once, so only a cap on the whole request ends it.
    let (base, connections) = dripping(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        b"1\r\n \r\n",
    )
    .await;
    let started = Instant::now();
    let error = get(&client(&base, cap, 1)).await.expect_err("cut off");
    assert!(matches!(error, Error::Transport { timeout: true, .. }), "{error:?}");
    assert!(started.elapsed() >= cap * 2, "each of the two attempts ran to the cap");
    assert_eq!(connections.lock().map(|n| *n).unwrap_or_default(), 2, "one try and one retry");
    // The head drips.
    let (base, _) = dripping("", b"HTTP/1.1 200 OK\r\n").await;
    let error = get(&client(&base, cap, 0)).await.expect_err("cut off");
    assert!(matches!(error, Error::Transport { timeout: true, .. }), "{error:?}");
}

#[tokio::test]
async fn deeply_nested_json_is_refused_without_a_crash() {
    let nested = |open: &str, close: &str, depth: usize| format!("{}{}", open.repeat(depth), close.repeat(depth));
    let shapes = [
        nested("[", "]", 1_000_000),
        format!("{{\"id\":\"obj_1\",\"deep\":{}}}", nested("{\"a\":", "}", 200_000)),
        format!("{{\"id\":\"ibt_1\",\"transaction\":{}}}", nested("[", "]", 500_000)),
    ];
    for body in shapes {
        let base = serve(Seen::default(), move || {
            (StatusCode::OK, [("content-type", "application/json")], body.clone()).into_response()
        })
        .await;
        let client = client(&base, Duration::from_secs(30), 0);
        let error = get(&client).await.expect_err("refused");
        assert!(matches!(error, Error::Decode { status: 200, .. }), "{error:?}");
        assert!(error.to_string().contains("recursion limit"), "{error}");
        // Into a typed object too (a field of free-form JSON is where nesting could hide).
        let typed = client
            .get::<treasury_desk::stripe::treasury::InboundTransfer>("/v1/x", &Form::new(), &RequestOptions::default())
            .await;
        assert!(matches!(typed, Err(Error::Decode { .. })), "{typed:?}");
    }
}

#[tokio::test]
async fn a_redirect_is_never_followed_so_the_key_never_leaves() {
    let elsewhere_seen = Seen::default();
    let elsewhere = serve(elsewhere_seen.clone(), || (StatusCode::OK, "{}").into_response()).await;
    let here_seen = Seen::default();
    for status in [StatusCode::MOVED_PERMANENTLY, StatusCode::FOUND, StatusCode::TEMPORARY_REDIRECT] {
        let target = format!("{elsewhere}/v1/account?stolen=1");
        let base = serve(here_seen.clone(), move || (status, [("location", target.clone())], "").into_response()).await;
        let client = client(&base, Duration::from_secs(30), 2);
        let error = get(&client).await.expect_err("not followed");
        let line = error.to_string();
        assert!(line.contains(&format!("a redirect to {elsewhere}")) && line.contains("never follows"), "{line}");
        assert!(!line.contains("stolen"), "only the host is named: {line}");
        let posted = tokio::time::timeout(
            HANG,
            client.post::<serde_json::Value>(
                "/v1/financial_connections/sessions",
                &Form::new(),
                &RequestOptions::default(),
            ),
        )
        .await
        .expect("no hang");
        assert!(matches!(posted, Err(Error::Decode { .. })), "{posted:?}");
    }
    assert!(elsewhere_seen.all().is_empty(), "the other host was reached: {:?}", elsewhere_seen.all());
    assert_eq!(here_seen.all().len(), 6, "one request per call, no retry of a redirect: {:?}", here_seen.all());
}
