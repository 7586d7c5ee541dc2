//! The fault matrix: every fault the network or a proxy can cause, against every money action
//! (confirm, cancel, refresh, relink session) and the sync. Each cell asserts: no panic, the
//! server acted at most once, and what the client reports is true (done ⇒ it happened, not done
//! ⇒ it did not, unknown ⇒ either). Run with `--nocapture` to print the table.

use std::time::Duration;

use futures_util::FutureExt;
use treasury_desk::relink::{RelinkMode, session_params};
use treasury_desk::sandbox::faults::{Fault, Mangle};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::financial_connections::{self as fc, RefreshAvailability};
use treasury_desk::stripe::treasury::{self, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, IdempotencyKey, Settled};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Confirm,
    Cancel,
    Refresh,
    RelinkSession,
}

const ACTIONS: [Action; 4] = [Action::Confirm, Action::Cancel, Action::Refresh, Action::RelinkSession];

/// A fault, how many requests it hits, and the outcome the client must then report.
fn faults() -> Vec<(&'static str, Fault, usize, Settled)> {
    let json = "application/json";
    let error = |code: &str| format!(r#"{{"error":{{"type":"api_error","code":"{code}","message":"fault"}}}}"#);
    vec![
        ("latency spike past the timeout", Fault::Delay(Duration::from_millis(700)), 1, Settled::Done),
        ("500 burst", Fault::Respond { status: 500, content_type: json, body: error("api_error") }, 2, Settled::Done),
        (
            "502 HTML page from a proxy",
            Fault::Respond { status: 502, content_type: "text/html", body: "<html>Bad gateway</html>".into() },
            1,
            Settled::Done,
        ),
        ("503 burst", Fault::Respond { status: 503, content_type: json, body: error("api_error") }, 2, Settled::Done),
        ("429 storm, Should-Retry true", Fault::RateLimited { should_retry: Some(true) }, 2, Settled::Done),
        ("429, Should-Retry false", Fault::RateLimited { should_retry: Some(false) }, 1, Settled::NotDone),
        ("429 storm, no header", Fault::RateLimited { should_retry: None }, 9, Settled::NotDone),
        (
            "409 lock timeout",
            Fault::Respond { status: 409, content_type: json, body: error("lock_timeout") },
            1,
            Settled::Done,
        ),
        ("reset before the response", Fault::ResetBeforeCommit, 1, Settled::Done),
        ("response lost after commit", Fault::LoseResponseAfterCommit, 1, Settled::Done),
        ("truncated JSON after commit", Fault::Mangle(Mangle::Truncate), 9, Settled::Unknown),
        (
            "garbage 200, nothing done",
            Fault::Respond { status: 200, content_type: json, body: "{\"id\": ".into() },
            9,
            Settled::Unknown,
        ),
        ("unknown fields", Fault::Mangle(Mangle::ExtraFields), 1, Settled::Done),
        ("unknown enum value", Fault::Mangle(Mangle::UnknownEnum), 1, Settled::Done),
    ]
}

struct Target {
    sandbox: Sandbox,
    client: Client,
    path: String,
    run: Box<dyn Fn(Client) -> futures_util::future::BoxFuture<'static, Settled> + Send + Sync>,
    effects: Box<dyn Fn(&Sandbox) -> usize + Send + Sync>,
}

async fn target(action: Action) -> Target {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.timeout = Duration::from_millis(400);
    config.backoff.initial = Duration::from_millis(20);
    config.backoff.max = Duration::from_millis(60);
    let client = Client::new(config).expect("client");
    let state = sandbox.state();
    let key = IdempotencyKey::new();
    match action {
        Action::Confirm | Action::Cancel => {
            let transfer = state
                .all_inbound_transfers()
                .into_iter()
                .find(|t| t.status == InboundTransferStatus::RequiresConfirmation)
                .expect("a transfer awaiting confirmation");
            let owner = state.owner_of(&transfer.id).expect("owner");
            let verb = if action == Action::Confirm { "confirm" } else { "cancel" };
            let id = transfer.id.clone();
            Target {
                sandbox,
                client,
                path: format!("{id}/{verb}"),
                run: Box::new(move |client| {
                    let (owner, id, key) = (owner.clone(), id.clone(), key.clone());
                    async move {
                        let result = if action == Action::Confirm {
                            treasury::confirm_inbound_transfer(&client, &owner, &id, None, key).await
                        } else {
                            treasury::cancel_inbound_transfer(&client, &owner, &id, key).await
                        };
                        Settled::of(&result)
                    }
                    .boxed()
                }),
                effects: Box::new(move |sandbox| {
                    sandbox.state().transitions().iter().filter(|t| t.transfer == transfer.id).count()
                }),
            }
        }
        Action::Refresh => {
            let now = jiff::Timestamp::now().as_second();
            let account = state
                .all_fc_accounts()
                .into_iter()
                .find(|a| a.refresh_availability(now) == RefreshAvailability::Now && !state.refresh_fails(&a.id))
                .expect("a refreshable account");
            let before = state.refresh_attempts(&account.id);
            let id = account.id.clone();
            Target {
                sandbox,
                client,
                path: format!("{id}/refresh"),
                run: Box::new(move |client| {
                    let (id, key) = (id.clone(), key.clone());
                    async move { Settled::of(&fc::refresh_balance(&client, &id, key).await) }.boxed()
                }),
                effects: Box::new(move |sandbox| (sandbox.state().refresh_attempts(&account.id) - before) as usize),
            }
        }
        Action::RelinkSession => {
            let account =
                state.all_fc_accounts().into_iter().find(|a| a.relink_required()).expect("a relinkable account");
            let params = session_params(&account, RelinkMode::ExactAccount, false).expect("params");
            Target {
                sandbox,
                client,
                path: "/v1/financial_connections/sessions".to_owned(),
                run: Box::new(move |client| {
                    let (params, key) = (params.clone(), key.clone());
                    async move { Settled::of(&fc::create_relink_session(&client, &params, key).await) }.boxed()
                }),
                effects: Box::new(|sandbox| {
                    sandbox.state().session_requests().iter().filter(|r| r.session.is_some()).count()
                }),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_every_money_action() {
    let mut table = vec![
        format!("| fault | {} |", ACTIONS.map(|a| format!("{a:?}")).join(" | ")),
        "|---|---|---|---|---|".to_owned(),
    ];
    let mut failures = Vec::new();
    for (name, fault, times, expected) in faults() {
        let mut cells = Vec::new();
        for action in ACTIONS {
            let target = target(action).await;
            target.sandbox.faults().arm("POST", &target.path, fault.clone(), times);
            let settled = (target.run)(target.client.clone()).await;
            // Let a request held by a latency spike arrive and be answered before counting.
            tokio::time::sleep(Duration::from_millis(if matches!(fault, Fault::Delay(_)) { 800 } else { 50 })).await;
            let effects = (target.effects)(&target.sandbox);
            let truthful = match settled {
                Settled::Done => effects == 1,
                Settled::NotDone => effects == 0,
                Settled::Unknown => effects <= 1,
            };
            let ok = truthful && effects <= 1 && settled == expected;
            if !ok {
                failures.push(format!(
                    "{name} × {action:?}: reported {settled:?}, expected {expected:?}, server acted {effects} times"
                ));
            }
            cells.push(format!("{} {settled:?} (acted {effects}×)", if ok { "✅" } else { "❌" }));
            target.sandbox.shutdown().await;
        }
        table.push(format!("| {name} | {} |", cells.join(" | ")));
    }
    println!("{}", table.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_survives_every_fault_on_its_reads() {
    for (name, fault, times, _) in faults() {
        let sandbox =
            Sandbox::start(SandboxConfig { accounts: 6, ..SandboxConfig::default() }, 0).await.expect("sandbox");
        let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
        config.timeout = Duration::from_millis(400);
        config.backoff.initial = Duration::from_millis(20);
        config.backoff.max = Duration::from_millis(60);
        let client = Client::new(config).expect("client");
        sandbox.faults().arm("GET", "/v1/treasury/financial_accounts", fault.clone(), times);
        let loaded = std::panic::AssertUnwindSafe(treasury_desk::snapshot::load(&client, Default::default()))
            .catch_unwind()
            .await;
        let snapshot = loaded.unwrap_or_else(|_| panic!("{name}: the sync panicked"));
        // Either the whole list loaded, or the failure is named on the account it hit: nothing is lost silently.
        let snapshot =
            snapshot.unwrap_or_else(|e| panic!("{name}: a read fault under one account failed the whole sync: {e}"));
        assert_eq!(snapshot.accounts.len(), 6, "{name}");
        sandbox.shutdown().await;
    }
}
