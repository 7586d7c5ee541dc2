//! The fault matrix: every fault the network or a proxy can cause, against every money action
//! (confirm, cancel, refresh, relink session) and the sync. Each cell asserts: no panic, the
//! server acted at most once, and what the client reports is true (done ⇒ it happened, not done
//! ⇒ it did not, unknown ⇒ either). Run with `--nocapture` to print the table.
//!
//! No cell leans on a wall-clock margin: the latency spike holds its request until the test lets
//! it go (after the client has given up on it), and every timeout that must not fire is seconds
//! long, so a busy machine only makes the matrix slower, never different.

use std::time::Duration;

use futures_util::FutureExt;
use treasury_desk::relink::{RelinkMode, session_params};
use treasury_desk::sandbox::faults::{Fault, Gate, Mangle};
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

/// The client's time cap where it must fire: a held request never answers before the test lets
/// it go, so this only bounds how long the retry after it may take on a busy machine.
const GIVE_UP: Duration = Duration::from_secs(5);
/// The client's time cap where it must not fire: only a hang would reach it.
const PATIENT: Duration = Duration::from_secs(60);

/// The fault a cell arms: its own gate for a hold, so one cell's release frees no other.
fn fresh(fault: &Fault) -> Fault {
    match fault {
        Fault::Hold(_) => Fault::Hold(Gate::new()),
        other => other.clone(),
    }
}

/// The client's time cap for a fault: short only where it has to run out.
fn timeout_for(fault: &Fault) -> Duration {
    if matches!(fault, Fault::Hold(_)) { GIVE_UP } else { PATIENT }
}

/// Let a held request through and wait until the sandbox has answered it, so its effect (or its
/// idempotent replay) is counted.
async fn release(fault: &Fault) {
    if let Fault::Hold(gate) = fault {
        gate.open();
        gate.settled().await;
    }
}

/// A fault, how many requests it hits, and the outcome the client must then report.
fn faults() -> Vec<(&'static str, Fault, usize, Settled)> {
    let json = "application/json";
    let error = |code: &str| format!(r#"{{"error":{{"type":"api_error","code":"{code}","message":"fault"}}}}"#);
    vec![
        ("latency spike past the timeout", Fault::Hold(Gate::new()), 1, Settled::Done),
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

async fn target(action: Action, timeout: Duration) -> Target {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.timeout = timeout;
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
        // The four cells of a row at once: each has its own sandbox, client and gate.
        let cells = futures_util::future::join_all(ACTIONS.map(|action| {
            let fault = fresh(&fault);
            async move {
                let target = target(action, timeout_for(&fault)).await;
                target.sandbox.faults().arm("POST", &target.path, fault.clone(), times);
                let settled = (target.run)(target.client.clone()).await;
                release(&fault).await;
                let effects = (target.effects)(&target.sandbox);
                target.sandbox.shutdown().await;
                (action, settled, effects)
            }
        }))
        .await;
        let mut row = Vec::new();
        for (action, settled, effects) in cells {
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
            row.push(format!("{} {settled:?} (acted {effects}×)", if ok { "✅" } else { "❌" }));
        }
        table.push(format!("| {name} | {} |", row.join(" | ")));
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
        config.timeout = timeout_for(&fault);
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
        release(&fault).await;
        sandbox.shutdown().await;
    }
}
