//! The relink flow without a browser: session parameters against the sandbox over real HTTP, the
//! loopback page's security, and whole flows completed by posting what the page would post.

#[path = "support/trace.rs"]
mod trace;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use treasury_desk::relink::{
    self, LoopbackPage, PageOutcome, PageReport, PageSettings, RelinkError, RelinkMode, RelinkOutcome, RelinkSettings,
};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::financial_connections::{self as fc, AccountStatus, PREVIEW_VERSION, StatusAction};
use treasury_desk::stripe::{Client, ClientConfig, Form, IdempotencyKey, RequestOptions};

/// The tests here capture `tracing` output with a thread-scoped subscriber. `tracing` caches
/// each call site's interest process-wide, so a capture racing another test's thread can miss
/// lines: the tests run one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn start() -> Sandbox {
    Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox starts")
}

fn client(sandbox: &Sandbox) -> Client {
    Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).expect("client builds")
}

/// Two inactive `relink_required` accounts on one authorization, at one holder.
fn relink_pair(sandbox: &Sandbox) -> (fc::Account, fc::Account) {
    let accounts = sandbox.state().all_fc_accounts();
    for a in accounts.iter().filter(|a| a.relink_required()) {
        if let Some(b) = accounts.iter().find(|b| {
            b.id != a.id
                && b.relink_required()
                && b.authorization == a.authorization
                && b.account_holder == a.account_holder
        }) {
            return (a.clone(), b.clone());
        }
    }
    panic!("the seed has two relink_required accounts on one authorization");
}

fn unrepairable(sandbox: &Sandbox) -> fc::Account {
    sandbox
        .state()
        .all_fc_accounts()
        .into_iter()
        .find(|a| {
            a.status == AccountStatus::Inactive
                && a.status_details.inactive.as_ref().is_some_and(|d| d.action == StatusAction::None)
        })
        .expect("the seed has an inactive account whose action is none")
}

fn settings(sandbox: &Sandbox) -> RelinkSettings {
    RelinkSettings::new(sandbox.publishable_key(), PageSettings::sandbox(&sandbox.base_url()))
}

#[tokio::test]
async fn exact_and_any_account_sessions_send_the_right_params_on_the_preview_version() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, _) = relink_pair(&sandbox);
    let authorization = account.authorization.clone().expect("an authorization");

    let exact = relink::session_params(&account, RelinkMode::ExactAccount, false).expect("repairable");
    let session = fc::create_relink_session(&client, &exact, IdempotencyKey::new()).await.expect("session");
    let secret = session.client_secret.as_ref().map(Secret::expose).unwrap_or_default().to_owned();
    assert!(secret.starts_with(&format!("{}_secret_", session.id)) && secret.len() > session.id.len() + 20);
    assert!(!format!("{session:?}").contains(&secret), "Debug of a session never shows the secret");
    assert_eq!(session.url, None, "no hosted url unless asked");
    assert_eq!(session.relink_options.as_ref().and_then(|r| r.account.as_deref()), Some(account.id.as_str()));

    let any = relink::session_params(&account, RelinkMode::AnyAccountAtBank, true).expect("repairable");
    let hosted = fc::create_relink_session(&client, &any, IdempotencyKey::new()).await.expect("session");
    let url = hosted.url.clone().expect("a hosted url when ui_mode=hosted");
    assert!(url.starts_with(&sandbox.base_url()), "{url}");
    let hosted_secret = hosted.client_secret.as_ref().map(Secret::expose).unwrap_or_default();
    assert!(!url.contains(hosted_secret) && !url.contains("secret"), "{url}");
    assert_ne!(hosted_secret, secret);

    let requests = sandbox.state().session_requests();
    assert_eq!(requests.len(), 2);
    let (first, second) = (&requests[0], &requests[1]);
    for request in &requests {
        assert_eq!(request.stripe_version.as_deref(), Some(PREVIEW_VERSION));
        assert_eq!(request.value("account_holder[type]"), Some("account"));
        assert_eq!(
            request.value("account_holder[account]"),
            account.account_holder.as_ref().and_then(|h| h.account.as_deref())
        );
        assert_eq!(request.value("relink_options[authorization]"), Some(authorization.as_str()));
        // What the account had (balances, payment_method, ownership), plus balances and payment_method.
        let mut permissions = request.values("permissions[]");
        permissions.sort_unstable();
        assert_eq!(permissions, vec!["balances", "ownership", "payment_method"]);
    }
    assert_eq!(first.value("relink_options[account]"), Some(account.id.as_str()));
    assert_eq!(first.value("limits[accounts]"), None);
    assert!(first.values("filters[account_subcategories][]").is_empty());
    assert_eq!(second.value("relink_options[account]"), None);
    assert_eq!(second.value("limits[accounts]"), Some("1"));
    assert_eq!(second.values("filters[account_subcategories][]"), vec!["checking", "savings"]);
    assert_eq!(second.value("ui_mode"), Some("hosted"));

    // The session reads back on the preview version with its relink options; the authorization too.
    let read = fc::retrieve_session(&client, &session.id).await.expect("retrieved");
    assert_eq!(read.relink_options, session.relink_options);
    let auth = fc::retrieve_authorization(&client, &authorization).await.expect("authorization");
    assert_eq!(auth.status, AccountStatus::Inactive);
    assert_eq!(auth.status_details.inactive.map(|d| d.action), Some(StatusAction::RelinkRequired));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_sandbox_refuses_relink_options_without_the_preview_version_and_bad_relinks() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, _) = relink_pair(&sandbox);
    let params = relink::session_params(&account, RelinkMode::ExactAccount, false).expect("repairable");
    let ga = client
        .post::<fc::Session>("/v1/financial_connections/sessions", &params.form(), &RequestOptions::default())
        .await
        .expect_err("GA version refused");
    assert_eq!(ga.status(), Some(400));
    let message = ga.api_error().and_then(|e| e.message.clone()).unwrap_or_default();
    assert!(message.contains("relink_options") && message.contains("preview"), "{message}");

    let preview = RequestOptions::default().version(PREVIEW_VERSION);
    let none = unrepairable(&sandbox);
    let form = Form::new()
        .set("account_holder[type]", "account")
        .set(
            "account_holder[account]",
            none.account_holder.as_ref().and_then(|h| h.account.clone()).unwrap_or_default(),
        )
        .push("permissions", "balances")
        .push("permissions", "payment_method")
        .push("permissions", "ownership")
        .set("relink_options[authorization]", none.authorization.clone().unwrap_or_default())
        .set("relink_options[account]", &none.id);
    let refused = client.post::<fc::Session>("/v1/financial_connections/sessions", &form, &preview).await;
    let error = refused.expect_err("an action-none account cannot be relinked");
    let message = error.api_error().and_then(|e| e.message.clone()).unwrap_or_default();
    assert!(message.contains("cannot be relinked"), "{message}");

    // Fewer permissions than the account has.
    let mut fewer = params.clone();
    fewer.permissions.retain(|p| *p != fc::Permission::Ownership);
    let error = client.post::<fc::Session>("/v1/financial_connections/sessions", &fewer.form(), &preview).await;
    let message =
        error.expect_err("missing permission").api_error().and_then(|e| e.message.clone()).unwrap_or_default();
    assert!(message.contains("ownership"), "{message}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_account_whose_action_is_none_is_not_offered_and_says_why() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let client = client(&sandbox);
    let none = unrepairable(&sandbox);
    let why = relink::repairable(&none).expect_err("not repairable");
    assert!(why.contains("cannot be repaired"), "{why}");
    let opened = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = opened.clone();
    let launcher = move |url: &str| {
        seen.lock().map_err(|e| e.to_string())?.push(url.to_owned());
        Ok(())
    };
    let result = relink::relink(
        &client,
        &none.id,
        RelinkMode::ExactAccount,
        &settings(&sandbox),
        &launcher,
        IdempotencyKey::new(),
    )
    .await;
    match result {
        Err(RelinkError::NotRepairable(text)) => assert!(text.contains("cannot be repaired"), "{text}"),
        other => panic!("expected NotRepairable, got {other:?}"),
    }
    assert!(sandbox.state().session_requests().is_empty(), "no session was created");
    assert!(opened.lock().map(|o| o.is_empty()).unwrap_or(false), "no browser was opened");
    sandbox.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The loopback page on its own.

const TEST_SECRET: &str = "fcsess_1TestSession_secret_ZZtopSecretValue0123456789";

async fn page(ttl: Duration) -> LoopbackPage {
    let settings = PageSettings { ttl, ..PageSettings::sandbox("http://127.0.0.1:9") };
    LoopbackPage::start(settings, "pk_test_sandbox", Secret::new(TEST_SECRET)).await.expect("page starts")
}

fn http() -> reqwest::Client {
    treasury_desk::stripe::install_tls();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("http client")
}

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap_or_default().to_owned()
}

async fn post_result(page_url: &str, origin: Option<&str>, body: serde_json::Value) -> u16 {
    let mut request = http().post(format!("{page_url}/result")).json(&body);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    request.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
}

#[tokio::test]
async fn the_page_is_served_once_safely_and_only_at_its_one_path() {
    let _serial = SERIAL.lock().await;
    let page = page(Duration::from_secs(60)).await;
    let url = page.url().to_owned();
    let origin = format!("http://{}", page.addr());
    let token = token_of(&url);
    assert!(url.starts_with("http://127.0.0.1:") && !url.contains(TEST_SECRET));
    assert!(token.len() >= 22, "at least 128 bits: {token}");

    // Wrong paths: 404, and nothing of the page.
    for path in [
        "/",
        "/relink/",
        "/relink/nope",
        &format!("/relink/{}", &token[..token.len() - 1]),
        &format!("/relink/{token}/x"),
    ] {
        let answer = http().get(format!("{origin}{path}")).send().await.expect("answers");
        assert_eq!(answer.status().as_u16(), 404, "{path}");
        assert!(!answer.text().await.unwrap_or_default().contains(TEST_SECRET));
    }
    // Wrong Host header (DNS rebinding): refused.
    for host in [format!("localhost:{}", page.addr().port()), "evil.example".to_owned(), "127.0.0.1".to_owned()] {
        let answer = http().get(&url).header("Host", host.as_str()).send().await.expect("answers");
        assert_eq!(answer.status().as_u16(), 421, "{host}");
        assert!(!answer.text().await.unwrap_or_default().contains(TEST_SECRET));
    }

    let answer = http().get(&url).send().await.expect("answers");
    assert_eq!(answer.status().as_u16(), 200);
    let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("referrer-policy"), "no-referrer");
    let csp = header("content-security-policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains('*'), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or("").to_owned();
    assert!(nonce.len() >= 16, "{csp}");
    assert!(csp.contains(&format!("script-src 'nonce-{nonce}' http://127.0.0.1:9;")), "{csp}");
    let body = answer.text().await.expect("body");
    assert!(body.contains(TEST_SECRET), "the page body carries the client secret for Stripe.js");
    assert!(body.contains(&format!("nonce=\"{nonce}\"")) && body.contains("src=\"http://127.0.0.1:9/v3/\""));
    assert!(body.contains("collectFinancialConnectionsAccounts"));
    // A fresh nonce per rendering.
    let again = http().get(&url).send().await.expect("answers");
    let csp2 = again.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_ne!(csp, csp2);

    // The result: same origin, JSON, token in the body; anything else refused.
    let report = serde_json::json!({"token": token, "kind": "result", "account": "fca_1X", "failure_reason": null});
    assert_eq!(post_result(&url, None, report.clone()).await, 403, "no Origin");
    assert_eq!(post_result(&url, Some("http://evil.example"), report.clone()).await, 403, "cross origin");
    let wrong_token = serde_json::json!({"token": "A".repeat(43), "kind": "result", "account": "fca_1X"});
    assert_eq!(post_result(&url, Some(&origin), wrong_token).await, 403, "wrong body token");
    let form = http().post(format!("{url}/result")).header("Origin", &origin).body(report.to_string()).send().await;
    assert_eq!(form.map(|r| r.status().as_u16()).unwrap_or(0), 415, "not JSON");
    assert_eq!(post_result(&url, Some(&origin), report.clone()).await, 200);
    // One completed use: everything after is refused.
    assert_eq!(post_result(&url, Some(&origin), report).await, 410);
    let after = http().get(&url).send().await.expect("answers");
    assert_eq!(after.status().as_u16(), 410);
    assert!(!after.text().await.unwrap_or_default().contains(TEST_SECRET));

    let outcome = page.wait().await;
    let expected =
        PageReport::Result { session: None, account: Some("fca_1X".into()), failure_reason: None, accounts: vec![] };
    assert_eq!(outcome, PageOutcome::Reported(expected));
    // The server is gone once the flow has its answer.
    assert!(http().get(&url).timeout(Duration::from_secs(2)).send().await.is_err());
}

#[tokio::test]
async fn the_page_expires() {
    let _serial = SERIAL.lock().await;
    // Seconds of life: the first visit only has to come within them, however busy the machine.
    let page = page(Duration::from_secs(3)).await;
    let url = page.url().to_owned();
    let origin = format!("http://{}", page.addr());
    assert_eq!(http().get(&url).send().await.map(|r| r.status().as_u16()).unwrap_or(0), 200);
    // Then visit until it says it has expired (bounded: a page that never expires fails).
    let started = std::time::Instant::now();
    let late = loop {
        let answer = http().get(&url).send().await.expect("answers");
        if answer.status().as_u16() != 200 {
            break answer;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the page never expired");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(late.status().as_u16(), 410);
    assert!(!late.text().await.unwrap_or_default().contains(TEST_SECRET));
    let report = serde_json::json!({"token": token_of(&url), "kind": "result", "account": "fca_1X"});
    assert_eq!(post_result(&url, Some(&origin), report).await, 410);
    assert_eq!(page.wait().await, PageOutcome::Expired);
}

// ---------------------------------------------------------------------------------------------
// Whole flows, with the test playing the browser.

/// Collects everything `tracing` writes (TRACE and up) on this thread.
/// What the browser does in a flow test, given the page URL and the session's client secret.
#[derive(Clone, Copy)]
enum Browser {
    /// Posts this result to the page without Stripe.js.
    PostsAccount(&'static str),
    /// Completes the session through the sandbox's Stripe.js endpoint with `decision`, then posts
    /// what Stripe.js resolved with.
    StripeJs(&'static str),
    /// Reports a Stripe.js error.
    StripeJsError,
}

struct Run {
    result: Result<relink::RelinkReport, RelinkError>,
    opened: Vec<String>,
    secret: String,
    log: String,
}

/// Files under `dir` (not `target`) changed since `since`, that contain `needle`.
fn files_containing(dir: &std::path::Path, since: SystemTime, needle: &str, depth: usize) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let name = entry.file_name();
            if depth > 0 && name != "target" && name != ".git" {
                found.extend(files_containing(&path, since, needle, depth - 1));
            }
        } else if meta.modified().is_ok_and(|m| m >= since)
            && meta.len() < 10 << 20
            && std::fs::read(&path).is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
        {
            found.push(path);
        }
    }
    found
}

async fn form_post(url: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    http()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("answers")
}

async fn run_flow(sandbox: &Sandbox, account: &fc::Account, mode: RelinkMode, browser: Browser) -> Run {
    let (captured, _guard) = trace::capture();

    let client = client(sandbox);
    let (sender, mut urls) = tokio::sync::mpsc::unbounded_channel::<String>();
    let launcher = move |url: &str| sender.send(url.to_owned()).map_err(|e| e.to_string());
    let settings = settings(sandbox);
    let state = sandbox.state();
    let base = sandbox.base_url();
    let publishable = sandbox.publishable_key().to_owned();
    let driver = async move {
        let url = urls.recv().await.expect("the flow opens a URL");
        let origin = url.split("/relink/").next().unwrap_or_default().to_owned();
        let token = token_of(&url);
        let page = http().get(&url).send().await.expect("page").text().await.expect("body");
        let session_id = state.session_requests().last().and_then(|r| r.session.clone()).expect("a session");
        let secret = state.fc_session(&session_id).and_then(|s| s.client_secret).expect("secret").expose().to_owned();
        assert!(page.contains(&secret), "the page body carries the secret");
        let report = match browser {
            Browser::PostsAccount(account) => serde_json::json!({"kind": "result", "account": account}),
            Browser::StripeJsError => serde_json::json!({"kind": "stripe_error", "message": "Stripe.js did not load"}),
            Browser::StripeJs(decision) => {
                let complete = format!("{base}/stripe_js/financial_connections/complete");
                // The secret key is not what Stripe.js holds: refused.
                let fields = [("key", "sk_test_sandbox"), ("client_secret", secret.as_str()), ("decision", decision)];
                let refused = form_post(&complete, &fields).await;
                assert_eq!(refused.status().as_u16(), 401);
                let fields =
                    [("key", publishable.as_str()), ("client_secret", secret.as_str()), ("decision", decision)];
                let done: serde_json::Value = form_post(&complete, &fields).await.json().await.expect("json");
                let result = &done["relink_result"];
                serde_json::json!({"kind": "result", "session": done["id"], "account": result["account"],
                    "failure_reason": result["failure_reason"]})
            }
        };
        let mut body = report;
        body["token"] = serde_json::Value::String(token);
        assert_eq!(post_result(&url, Some(&origin), body).await, 200);
        (url, secret)
    };
    let started = SystemTime::now();
    let (result, (url, secret)) =
        tokio::join!(relink::relink(&client, &account.id, mode, &settings, &launcher, IdempotencyKey::new()), driver);
    drop(_guard);
    // The flow writes no file: nothing changed under the temp dir or the crate holds the secret.
    let mut leaked = files_containing(&std::env::temp_dir(), started, &secret, 3);
    leaked.extend(files_containing(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), started, &secret, 4));
    assert!(leaked.is_empty(), "files holding the client secret: {leaked:?}");
    Run { result, opened: vec![url], secret, log: captured.text() }
}

fn assert_no_leak(sandbox: &Sandbox, run: &Run) {
    assert!(!run.secret.is_empty());
    for url in &run.opened {
        assert!(!url.contains(&run.secret), "opened URL {url} holds the secret");
    }
    for request in sandbox.state().requests() {
        let line = format!("{} {}", request.path, request.query.unwrap_or_default());
        assert!(!line.contains(&run.secret), "requested {line}");
    }
    assert!(run.log.contains("relink session created"), "the log was captured:\n{}", run.log);
    assert!(!run.log.contains(&run.secret), "the log holds the client secret:\n{}", run.log);
    let secret_part = run.secret.split("_secret_").nth(1).unwrap_or("x");
    assert!(!run.log.contains(secret_part));
    if let Ok(report) = &run.result {
        assert!(!format!("{report:?}").contains(secret_part));
    }
}

#[tokio::test]
async fn a_page_result_with_another_account_is_a_wrong_account_and_the_authorization_is_reread() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let (account, sibling) = relink_pair(&sandbox);
    let run = run_flow(&sandbox, &account, RelinkMode::ExactAccount, Browser::PostsAccount("fca_1SomethingElse")).await;
    assert_no_leak(&sandbox, &run);
    let report = run.result.as_ref().expect("the flow ran");
    assert_eq!(
        report.outcome,
        RelinkOutcome::WrongAccount { requested: account.id.clone(), linked: Some("fca_1SomethingElse".into()) }
    );
    assert!(report.outcome.describe().starts_with("Wrong account"), "{}", report.outcome);
    assert!(!report.account_active());
    assert!(report.related.iter().any(|a| a.id == sibling.id), "the sibling on the authorization is re-read");
    assert!(report.related.iter().all(|a| a.authorization == account.authorization));
    let paths: Vec<String> = sandbox.state().requests().into_iter().map(|r| r.path).collect();
    let reads = paths.iter().filter(|p| **p == format!("/v1/financial_connections/accounts/{}", account.id)).count();
    assert_eq!(reads, 2, "read before and re-read after: {paths:?}");
    assert!(paths.iter().any(|p| p == "/v1/financial_connections/accounts"), "{paths:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn completing_through_stripe_js_reactivates_the_account_and_its_sibling() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let (account, sibling) = relink_pair(&sandbox);
    let run = run_flow(&sandbox, &account, RelinkMode::ExactAccount, Browser::StripeJs("relink")).await;
    assert_no_leak(&sandbox, &run);
    let report = run.result.as_ref().expect("the flow ran");
    assert_eq!(report.outcome, RelinkOutcome::Relinked { requested: account.id.clone(), account: account.id.clone() });
    assert!(report.outcome.describe().contains("active again"), "{}", report.outcome);
    assert!(report.account_active());
    assert_eq!(report.account.status_details, fc::AccountStatusDetails::default());
    let reread_sibling = report.related.iter().find(|a| a.id == sibling.id).expect("sibling re-read");
    assert_eq!(reread_sibling.status, AccountStatus::Active, "reactivated with it");
    assert_eq!(sandbox.state().fc_account(&account.id).map(|a| a.status), Some(AccountStatus::Active));
    let session = sandbox.state().fc_session(&report.session_id).expect("session");
    assert_eq!(session.relink_result.and_then(|r| r.account), Some(account.id.clone()));
    // Both went active again: one `reactivated` event each, on the platform (it linked them).
    let platform = sandbox.state().platform_account_id();
    let mut reactivated: Vec<String> = sandbox
        .state()
        .events_of(&platform)
        .into_iter()
        .filter(|e| e.kind == treasury_desk::stripe::event::EventType::FinancialConnectionsAccountReactivated)
        .filter_map(|e| e.object_str("id").map(str::to_owned))
        .collect();
    reactivated.sort();
    let mut expected = vec![account.id.clone(), sibling.id.clone()];
    expected.sort();
    assert_eq!(reactivated, expected);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_bank_sign_in_changes_nothing() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let (account, _) = relink_pair(&sandbox);
    let run = run_flow(&sandbox, &account, RelinkMode::AnyAccountAtBank, Browser::StripeJs("fail_login")).await;
    assert_no_leak(&sandbox, &run);
    let report = run.result.as_ref().expect("the flow ran");
    assert_eq!(report.outcome, RelinkOutcome::BankLoginFailed);
    assert!(report.outcome.describe().contains("Bank sign-in failed"));
    assert!(!report.account_active());
    assert!(report.accounts().all(|a| a.status == AccountStatus::Inactive));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_stripe_js_error_tells_the_user_what_to_do_instead() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let (account, _) = relink_pair(&sandbox);
    let run = run_flow(&sandbox, &account, RelinkMode::ExactAccount, Browser::StripeJsError).await;
    assert_no_leak(&sandbox, &run);
    let report = run.result.as_ref().expect("the flow ran");
    assert!(matches!(report.outcome, RelinkOutcome::StripeJsFailed { .. }), "{:?}", report.outcome);
    assert!(report.outcome.describe().contains("hosted relink link"), "{}", report.outcome);
    sandbox.shutdown().await;
}

#[test]
fn the_cli_refuses_an_account_that_cannot_be_repaired_and_says_why() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    // The in-process sandbox of `--demo` has the default seed, so its ids are these.
    let (none, platform) = runtime.block_on(async {
        let sandbox = start().await;
        let none = unrepairable(&sandbox);
        let platform = sandbox.state().platform_account_id();
        sandbox.shutdown().await;
        (none, platform)
    });
    // A data directory of its own: the attempt is audited there, never in the user's real log.
    let data = std::env::temp_dir().join(format!("treasury-desk-relink-cli-{}", std::process::id()));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_treasury-desk"))
        .args(["relink", &none.id, "--demo"])
        .env_remove("STRIPE_API_KEY")
        .env_remove("STRIPE_API_BASE")
        .env("BROWSER", "false")
        .env("XDG_DATA_HOME", &data)
        .env("HOME", &data)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot be repaired") && stderr.contains("account_closed"), "{stderr}");
    let log = treasury_desk::actions::AuditLog::at(data.join("treasury-desk").join("audit.jsonl"));
    let actions = log.read().expect("readable").actions;
    assert_eq!(actions.len(), 1, "the refused attempt is audited in {}", log.path().display());
    let (intent, outcome) = (&actions[0].intent, actions[0].latest().expect("an outcome"));
    assert_eq!((intent.action.as_str(), intent.object.as_str()), ("relink", none.id.as_str()));
    assert_eq!(outcome.verdict, treasury_desk::actions::Verdict::NotDone);
    assert!(outcome.detail.starts_with("Relink did not start: "), "{}", outcome.detail);
    assert_eq!(intent.platform, platform, "the entry names the platform that acted");
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test]
async fn a_hosted_session_opens_stripes_page_and_the_flow_polls_the_session() {
    let _serial = SERIAL.lock().await;
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, sibling) = relink_pair(&sandbox);
    let (sender, mut urls) = tokio::sync::mpsc::unbounded_channel::<String>();
    let launcher = move |url: &str| sender.send(url.to_owned()).map_err(|e| e.to_string());
    let mut settings = settings(&sandbox);
    settings.hosted = true;
    settings.poll_interval = Duration::from_millis(50);
    let state = sandbox.state();
    let base = sandbox.base_url();
    let publishable = sandbox.publishable_key().to_owned();
    let driver = async move {
        let url = urls.recv().await.expect("the flow opens the hosted url");
        assert!(url.starts_with(&format!("{base}/hosted/")), "{url}");
        let page = http().get(&url).send().await.expect("hosted page");
        assert_eq!(page.status().as_u16(), 200);
        assert!(page.headers().get("content-security-policy").is_some());
        let session_id = state.session_requests().last().and_then(|r| r.session.clone()).expect("a session");
        let secret = state.fc_session(&session_id).and_then(|s| s.client_secret).expect("secret").expose().to_owned();
        assert!(!url.contains(&secret));
        let complete = format!("{base}/stripe_js/financial_connections/complete");
        let fields = [("key", publishable.as_str()), ("client_secret", secret.as_str()), ("decision", "relink")];
        assert_eq!(form_post(&complete, &fields).await.status().as_u16(), 200);
        // A second completion is refused.
        assert_eq!(form_post(&complete, &fields).await.status().as_u16(), 400);
    };
    let (result, ()) = tokio::join!(
        relink::relink(&client, &account.id, RelinkMode::AnyAccountAtBank, &settings, &launcher, IdempotencyKey::new()),
        driver
    );
    let report = result.expect("the flow ran");
    assert_eq!(report.via, relink::RelinkVia::HostedPage);
    assert!(report.outcome.succeeded(), "{}", report.outcome);
    assert!(report.account_active());
    assert!(report.related.iter().any(|a| a.id == sibling.id && a.status == AccountStatus::Active));
    sandbox.shutdown().await;
}
