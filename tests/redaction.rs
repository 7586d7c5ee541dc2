//! No key bytes anywhere: every type that can hold a secret is formatted (Debug, pretty Debug,
//! Display) with a realistic key, every error a key can cause is formatted, and a real request
//! at TRACE log level leaves no key in the log.

#[path = "support/trace.rs"]
mod trace;

use treasury_desk::app::Command;
use treasury_desk::credentials;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::financial_connections::Session;
use treasury_desk::stripe::{Client, ClientConfig, Form, Mode, RequestOptions, check_secret_key};

/// A realistic live key; only its body after the prefix matters for the search.
const KEY: &str = "sk\x5flive_51NzQxRedactAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOp";
const CLIENT_SECRET: &str = "fcsess_1NzQxRedact_secret_AbCdEfGhIjKlMnOpQrStUv";

fn assert_clean(what: &str, text: &str) {
    for needle in [&KEY[8..], &CLIENT_SECRET[7..]] {
        assert!(!text.contains(needle), "{what} leaks a secret: {text}");
    }
}

fn all_formats(what: &str, value: &(impl std::fmt::Debug + ?Sized)) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

#[test]
fn every_type_holding_a_secret_redacts_it() {
    let key = Secret::new(KEY);
    all_formats("Secret", &key);
    assert_clean("Secret Display", &key.to_string());
    let config = ClientConfig::new("https://api.stripe.com", key.clone());
    all_formats("ClientConfig", &config);
    let client = Client::new(config).expect("client");
    all_formats("Client", &client);
    all_formats("Command::UseKey", &Command::UseKey { key: key.clone(), mode: Mode::Live });
    assert_clean("masked", &credentials::masked(&key));

    let session: Session = serde_json::from_value(serde_json::json!({
        "id": "fcsess_1", "object": "financial_connections.session", "client_secret": CLIENT_SECRET,
        "accounts": {"object": "list", "data": [], "has_more": false, "url": "/v1/financial_connections/accounts"},
        "livemode": true, "permissions": ["balances"]
    }))
    .expect("session");
    all_formats("Session", &session);
}

#[test]
fn errors_a_bad_key_causes_never_contain_it() {
    for bad in [format!("{KEY} "), format!("x{KEY}"), KEY.replace("51", "5\u{2013}1"), KEY[..12].to_owned()] {
        let error = check_secret_key(&Secret::new(bad.as_str())).expect_err("refused");
        assert_clean("check_secret_key", &error);
        let error =
            Client::new(ClientConfig::new("https://api.stripe.com", Secret::new(bad.as_str()))).expect_err("refused");
        all_formats("Client::new error", &error);
        assert_clean("Client::new error Display", &error.to_string());
    }
}

#[tokio::test]
async fn requests_at_trace_level_log_no_key() {
    let (captured, _guard) = trace::capture();
    let sandbox_key = "sk_test_51NzQxSandboxRedactAbCdEfGhIjKlMnOpQrStUv";
    let config = SandboxConfig { api_key: Secret::new(sandbox_key), ..SandboxConfig::default() };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox");
    // The right key, then a wrong (realistic, live-looking) one.
    for key in [sandbox_key, KEY] {
        let client = Client::new(ClientConfig::new(sandbox.base_url(), Secret::new(key))).expect("client");
        let result: Result<serde_json::Value, _> =
            client.get("/v1/account", &Form::new(), &RequestOptions::default()).await;
        if let Err(error) = result {
            assert_clean("401 error", &error.to_string());
            all_formats("401 error", &error);
        }
        let _: Result<serde_json::Value, _> =
            client.post("/v1/treasury/inbound_transfers", &Form::new(), &RequestOptions::default()).await;
    }
    sandbox.shutdown().await;
    let log = captured.text();
    assert!(log.contains("Stripe request"), "the capture works: {log}");
    assert_clean("TRACE log", &log);
    assert!(!log.contains(&sandbox_key[8..]), "TRACE log leaks the sandbox key");
}
