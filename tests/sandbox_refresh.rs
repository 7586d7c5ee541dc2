//! The sandbox's clocks over real HTTP on 127.0.0.1 (random port): Financial Connections balance
//! refreshes (pending → succeeded | failed, cool-down, refusals) and demo-mode inbound transfers.

use std::time::{Duration, Instant};

use treasury_desk::sandbox::{Sandbox, SandboxConfig, Transition};
use treasury_desk::stripe::financial_connections::{
    self as fc, AccountStatus, RefreshAvailability, RefreshStatus, StatusAction, refresh_balance, retrieve_account,
};
use treasury_desk::stripe::treasury::{self, Feature, FinancialAccount, InboundTransfer, InboundTransferStatus};
use treasury_desk::stripe::{ApiError, Client, ClientConfig, Error, ErrorType, Form, IdempotencyKey, RequestOptions};

/// The short delay the tests run with.
const SHORT: Duration = Duration::from_millis(200);
/// How long a test waits for something that should take [`SHORT`]: a bound that only a hang
/// reaches (a loaded machine is slow), never a margin a passing run depends on.
const PATIENCE: Duration = Duration::from_secs(60);

async fn start_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config, 0).await.expect("sandbox starts")
}

/// Refreshes settle after `delay` with a `cooldown`; transfers never move on their own.
async fn start_refreshing(delay: Duration, cooldown: Duration) -> Sandbox {
    start_with(SandboxConfig { refresh_delay: delay, refresh_cooldown: cooldown, ..SandboxConfig::default() }).await
}

fn client(sandbox: &Sandbox) -> Client {
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.backoff.initial = Duration::from_millis(5);
    config.backoff.max = Duration::from_millis(20);
    Client::new(config).expect("client builds")
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> (u16, ApiError) {
    let error = result.expect_err("the call fails");
    let status = error.status().expect("the server answered");
    let api = error.api_error().cloned().expect("a Stripe error object");
    (status, api)
}

/// The first seeded Financial Connections account matching `wanted`.
fn seeded(sandbox: &Sandbox, what: &str, wanted: impl Fn(&fc::Account) -> bool) -> fc::Account {
    sandbox.state().all_fc_accounts().into_iter().find(|a| wanted(a)).unwrap_or_else(|| panic!("the seed has {what}"))
}

/// An active account that may refresh now, has refreshed before and whose refreshes succeed.
fn refreshable(sandbox: &Sandbox) -> fc::Account {
    let state = sandbox.state();
    let now = unix_now();
    seeded(sandbox, "an account that may refresh now", |a| {
        a.refresh_availability(now) == RefreshAvailability::Now
            && a.balance_refresh.is_some()
            && a.balance.is_some()
            && !state.refresh_fails(&a.id)
    })
}

/// Poll the account until its refresh is no longer pending.
async fn settled(client: &Client, id: &str) -> fc::Account {
    let start = Instant::now();
    loop {
        let account = retrieve_account(client, id).await.expect("retrieved");
        let pending = account.balance_refresh.as_ref().is_some_and(|r| r.status == RefreshStatus::Pending);
        if !pending {
            return account;
        }
        assert!(start.elapsed() < PATIENCE, "the refresh of {id} is still pending after {PATIENCE:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_refresh_goes_pending_then_succeeds_with_a_newer_balance() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let before = refreshable(&sandbox);
    let old_balance = before.balance.clone().expect("a balance");
    let asked_at = unix_now();
    let started = Instant::now();

    let pending =
        refresh_balance(&client, &before.id, IdempotencyKey::new()).await.map(|t| t.value).expect("refresh accepted");
    let refresh = pending.balance_refresh.clone().expect("balance_refresh");
    assert_eq!(refresh.status, RefreshStatus::Pending);
    assert_eq!(refresh.next_refresh_available_at, None);
    assert!(refresh.last_attempted_at >= asked_at && refresh.last_attempted_at <= unix_now());
    assert_eq!(pending.balance, before.balance, "the balance only changes when the bank answers");
    assert_eq!(pending.refresh_availability(unix_now()), RefreshAvailability::Pending);

    let after = settled(&client, &before.id).await;
    assert!(started.elapsed() >= SHORT, "settled before the configured delay");
    let done = after.balance_refresh.clone().expect("balance_refresh");
    assert_eq!(done.status, RefreshStatus::Succeeded);
    assert_eq!(done.last_attempted_at, refresh.last_attempted_at);
    let balance = after.balance.clone().expect("a new balance");
    assert!(balance.as_of > old_balance.as_of, "as_of moves forward");
    assert!(balance.as_of >= refresh.last_attempted_at && balance.as_of <= unix_now());
    assert_ne!(balance.current, old_balance.current, "the amounts moved");
    assert_eq!(balance.kind, old_balance.kind);
    for (currency, amount) in &balance.current {
        let old = old_balance.current.get(currency).copied().expect("same currencies");
        assert!((amount - old).abs() <= old.abs() / 50 + 10_000, "a small change: {old} → {amount}");
    }
    let next = done.next_refresh_available_at.expect("a next refresh time");
    assert!(next > unix_now(), "the cool-down is in the future");
    assert!(next >= balance.as_of + 60);
    assert_eq!(after.refresh_availability(unix_now()), RefreshAvailability::At(next));
    assert_eq!(sandbox.state().refresh_attempts(&before.id), 1);
    // The list shows the same settled state as the single read.
    let listed = sandbox.state().all_fc_accounts().into_iter().find(|a| a.id == before.id).expect("listed");
    assert_eq!(listed, after);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_account_never_refreshed_may_refresh() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let never = seeded(&sandbox, "an active account never refreshed", |a| {
        a.status == AccountStatus::Active && a.balance_refresh.is_none()
    });
    let pending =
        refresh_balance(&client, &never.id, IdempotencyKey::new()).await.map(|t| t.value).expect("refresh accepted");
    assert_eq!(pending.balance_refresh.map(|r| r.status), Some(RefreshStatus::Pending));
    let after = settled(&client, &never.id).await;
    assert_eq!(after.balance_refresh.map(|r| r.status), Some(RefreshStatus::Succeeded));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_second_refresh_while_pending_is_refused_and_changes_nothing() {
    // A long delay: the first refresh is certainly still pending when the second is asked.
    let sandbox = start_refreshing(Duration::from_secs(120), Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let account = refreshable(&sandbox);
    let first =
        refresh_balance(&client, &account.id, IdempotencyKey::new()).await.map(|t| t.value).expect("refresh accepted");

    let (status, error) = api_error(refresh_balance(&client, &account.id, IdempotencyKey::new()).await);
    assert_eq!(status, 400);
    assert_eq!(error.code.as_deref(), Some("balance_refresh_not_available"));
    let message = error.message.unwrap_or_default();
    assert!(message.contains("pending") && message.contains(&account.id), "{message}");
    assert_eq!(retrieve_account(&client, &account.id).await.expect("retrieved"), first, "nothing changed");
    assert_eq!(sandbox.state().refresh_attempts(&account.id), 1);

    // The seed's own pending refresh is refused the same way.
    let seeded_pending =
        seeded(&sandbox, "a pending refresh", |a| a.refresh_availability(unix_now()) == RefreshAvailability::Pending);
    let (status, error) = api_error(refresh_balance(&client, &seeded_pending.id, IdempotencyKey::new()).await);
    assert_eq!((status, error.code.as_deref()), (400, Some("balance_refresh_not_available")));
    assert_eq!(retrieve_account(&client, &seeded_pending.id).await.expect("retrieved"), seeded_pending);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_refresh_before_the_next_available_time_is_refused_and_says_when() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let now = unix_now();
    let waiting = seeded(
        &sandbox,
        "a refresh available in a few minutes",
        |a| matches!(a.refresh_availability(now), RefreshAvailability::At(at) if at > now && at < now + 10 * 60),
    );
    let at = waiting.balance_refresh.as_ref().and_then(|r| r.next_refresh_available_at).expect("a next time");

    let (status, error) = api_error(refresh_balance(&client, &waiting.id, IdempotencyKey::new()).await);
    assert_eq!(status, 400);
    assert_eq!(error.code.as_deref(), Some("balance_refresh_not_available"));
    let message = error.message.unwrap_or_default();
    let rfc3339 = jiff::Timestamp::from_second(at).expect("a valid time").to_string();
    assert!(message.contains(&at.to_string()) && message.contains(&rfc3339), "says when: {message}");
    assert_eq!(retrieve_account(&client, &waiting.id).await.expect("retrieved"), waiting, "nothing changed");
    assert_eq!(sandbox.state().refresh_attempts(&waiting.id), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn inactive_and_disconnected_accounts_cannot_refresh() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let relink = seeded(&sandbox, "an inactive account to relink", |a| a.relink_required());
    let closed = seeded(&sandbox, "an inactive account beyond repair", |a| {
        a.status == AccountStatus::Inactive
            && a.status_details.inactive.as_ref().is_some_and(|d| d.action == StatusAction::None)
    });
    let gone = seeded(&sandbox, "a disconnected account", |a| a.status == AccountStatus::Disconnected);
    for (account, word) in [(&relink, "is inactive"), (&closed, "is inactive"), (&gone, "is disconnected")] {
        let (status, error) = api_error(refresh_balance(&client, &account.id, IdempotencyKey::new()).await);
        assert_eq!(status, 400);
        assert_eq!(error.kind, ErrorType::InvalidRequestError);
        assert_eq!(error.code.as_deref(), Some("financial_connections_account_inactive"));
        let message = error.message.unwrap_or_default();
        assert!(message.contains(word) && message.contains(&account.id), "{message}");
        assert_eq!(&retrieve_account(&client, &account.id).await.expect("retrieved"), account);
        assert_eq!(sandbox.state().refresh_attempts(&account.id), 0);
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_failing_account_ends_failed_and_keeps_its_balance() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let now = unix_now();
    let failing = seeded(&sandbox, "an account whose refreshes fail", |a| {
        state.refresh_fails(&a.id) && a.refresh_availability(now) == RefreshAvailability::Now
    });
    let pending =
        refresh_balance(&client, &failing.id, IdempotencyKey::new()).await.map(|t| t.value).expect("refresh accepted");
    assert_eq!(pending.balance_refresh.as_ref().map(|r| &r.status), Some(&RefreshStatus::Pending));

    let after = settled(&client, &failing.id).await;
    let refresh = after.balance_refresh.clone().expect("balance_refresh");
    assert_eq!(refresh.status, RefreshStatus::Failed);
    assert!(refresh.next_refresh_available_at.is_some_and(|n| n > unix_now()), "{refresh:?}");
    assert_eq!(after.balance, failing.balance, "a failed refresh keeps the old balance");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_same_idempotency_key_replays_without_a_second_attempt() {
    // No cool-down: once settled, a new refresh would be allowed, so only idempotency stops one.
    let sandbox = start_refreshing(SHORT, Duration::ZERO).await;
    let client = client(&sandbox);
    let account = refreshable(&sandbox);
    let key = IdempotencyKey::new();
    let first = refresh_balance(&client, &account.id, key.clone()).await.map(|t| t.value).expect("refresh accepted");
    let attempted = first.balance_refresh.as_ref().map(|r| r.last_attempted_at).expect("attempted");

    let again = refresh_balance(&client, &account.id, key.clone()).await.map(|t| t.value).expect("replayed");
    assert_eq!(again, first, "the replay answers the first result");
    // Let the refresh settle and the clock pass into a later second, then replay again.
    let settled_once = settled(&client, &account.id).await;
    let start = Instant::now();
    while unix_now() <= attempted {
        assert!(start.elapsed() < PATIENCE, "the clock did not move past {attempted}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let replay = refresh_balance(&client, &account.id, key).await.map(|t| t.value).expect("replayed");
    assert_eq!(replay, first, "still the first result");
    let now = retrieve_account(&client, &account.id).await.expect("retrieved");
    assert_eq!(now, settled_once, "the replay started nothing");
    assert_eq!(now.balance_refresh.as_ref().map(|r| r.last_attempted_at), Some(attempted));
    assert_eq!(sandbox.state().refresh_attempts(&account.id), 1);

    // A new key does start a second refresh (so the checks above could have failed).
    let second =
        refresh_balance(&client, &account.id, IdempotencyKey::new()).await.map(|t| t.value).expect("second refresh");
    assert!(second.balance_refresh.is_some_and(|r| r.last_attempted_at > attempted));
    assert_eq!(sandbox.state().refresh_attempts(&account.id), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refresh_params_are_checked_like_stripe() {
    let sandbox = start_refreshing(SHORT, Duration::from_secs(60)).await;
    let client = client(&sandbox);
    let account = refreshable(&sandbox);
    let path = format!("/v1/financial_connections/accounts/{}/refresh", account.id);
    let post = |form: Form| {
        let client = client.clone();
        let path = path.clone();
        async move { client.post::<fc::Account>(&path, &form, &RequestOptions::default()).await }
    };
    let (status, error) = api_error(post(Form::new()).await);
    assert_eq!(
        (status, error.code.as_deref(), error.param.as_deref()),
        (400, Some("parameter_missing"), Some("features"))
    );
    let (status, error) = api_error(post(Form::new().push("features", "transactions")).await);
    assert_eq!(status, 400);
    assert!(error.message.unwrap_or_default().contains("not supported in the sandbox"));
    let (status, error) = api_error(post(Form::new().push("features", "everything")).await);
    assert_eq!((status, error.param.as_deref()), (400, Some("features[0]")));
    let (status, error) = api_error(post(Form::new().push("features", "balance").set("limit", 3)).await);
    assert_eq!((status, error.code.as_deref()), (400, Some("parameter_unknown")));
    let (status, error) = api_error(refresh_balance(&client, "fca_1Nope", IdempotencyKey::new()).await);
    assert_eq!((status, error.code.as_deref()), (404, Some("resource_missing")));
    assert_eq!(sandbox.state().refresh_attempts(&account.id), 0, "no refused request started anything");

    let accepted =
        post(Form::new().push("features", "balance").push("expand", "account_holder")).await.expect("expand is fine");
    assert_eq!(accepted.balance_refresh.map(|r| r.status), Some(RefreshStatus::Pending));
    sandbox.shutdown().await;
}

// ---- Demo-mode timers for inbound transfers ----

/// A connected account and one of its open FAs that takes inbound transfers, with or without review.
fn find_fa(sandbox: &Sandbox, review: bool) -> (String, FinancialAccount) {
    let state = sandbox.state();
    state
        .connected_account_ids()
        .into_iter()
        .flat_map(|acct| state.financial_accounts_of(&acct).into_iter().map(move |fa| (acct.clone(), fa)))
        .find(|(acct, fa)| {
            fa.is_open()
                && fa.active_features.contains(&Feature::InboundTransfersAch)
                && fa.has_manual_review() == review
                && !state.origins_of(acct).is_empty()
        })
        .expect("the seed has such a financial account")
}

/// A transfer from one of the account's own bank accounts (a test token's transfer moves as the
/// token says, not on the demo clock).
async fn create_transfer(client: &Client, acct: &str, fa: &str, amount: i64) -> InboundTransfer {
    use futures_util::TryStreamExt;
    let origins: Vec<_> = treasury_desk::stripe::payment_method::list_bank_accounts(client, acct)
        .try_collect()
        .await
        .expect("origins listed");
    let origin = origins.iter().find(|pm| pm.blocked().is_none()).expect("an origin");
    let form = Form::new()
        .set("amount", amount)
        .set("currency", "usd")
        .set("financial_account", fa)
        .set("origin_payment_method", &origin.id);
    let options = RequestOptions::on_behalf_of(acct).idempotency_key(IdempotencyKey::new());
    client.post("/v1/treasury/inbound_transfers", &form, &options).await.expect("created")
}

/// Poll until `done` holds for the transfers of `fa`.
async fn wait_for(sandbox: &Sandbox, what: &str, done: impl Fn(&Sandbox) -> bool) {
    let start = Instant::now();
    while !done(sandbox) {
        assert!(start.elapsed() < PATIENCE, "{what} did not happen within {PATIENCE:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn usd(map: &treasury_desk::stripe::common::Amounts) -> i64 {
    map.get("usd").copied().unwrap_or(0)
}

#[tokio::test]
async fn with_demo_timers_processing_transfers_settle_after_the_delay() {
    let config = SandboxConfig { advance_transfers_after: Some(SHORT), ..SandboxConfig::default() };
    // The same seed without timers: the financial account's cash before anything settled.
    let baseline = start_with(SandboxConfig::default()).await;
    let sandbox = start_with(config).await;
    let client = client(&sandbox);
    let (acct, fa) = find_fa(&sandbox, false);
    let seeded_cash = baseline.state().financial_account(&fa.id).map(|f| usd(&f.balance.cash)).expect("same seed");
    baseline.shutdown().await;

    let started = Instant::now();
    let mut created = Vec::new();
    for n in 0..12 {
        let transfer = create_transfer(&client, &acct, &fa.id, 10_000 + n * 100).await;
        assert_eq!(transfer.status, InboundTransferStatus::Processing);
        created.push(transfer);
    }
    let state = sandbox.state();
    wait_for(&sandbox, "every new transfer settling", |s| {
        created.iter().all(|t| s.state().inbound_transfer(&t.id).is_some_and(|now| now.status.is_final()))
    })
    .await;
    assert!(started.elapsed() >= SHORT, "settled before the configured delay");

    let transitions = state.transitions();
    let (mut succeeded, mut failed) = (0, 0);
    for t in &created {
        let now = state.inbound_transfer(&t.id).expect("still there");
        match now.status {
            InboundTransferStatus::Succeeded => {
                succeeded += 1;
                assert!(now.status_transitions.succeeded_at.is_some_and(|at| at >= t.created));
                assert_eq!(now.failure_details, None);
            }
            InboundTransferStatus::Failed => {
                failed += 1;
                assert!(now.status_transitions.failed_at.is_some_and(|at| at >= t.created));
                assert!(now.failure_details.is_some(), "a failure carries failure_details.code");
            }
            other => panic!("{} ended {other}", t.id),
        }
        let moves: Vec<&Transition> = transitions.iter().filter(|tr| tr.transfer == t.id).collect();
        assert_eq!(moves.len(), 1, "one recorded transition for {}", t.id);
        assert_eq!((&moves[0].from, &moves[0].to), (&InboundTransferStatus::Processing, &now.status));
    }
    assert!(succeeded > failed && failed > 0, "most succeed, a few fail: {succeeded} / {failed}");

    // Money moved as the test helpers move it: nothing left pending, cash grew by what succeeded
    // (the seed's processing transfers on this account settled too).
    wait_for(&sandbox, "the seeded transfers settling", |s| {
        s.state().inbound_transfers_of(&acct).iter().all(|t| t.status != InboundTransferStatus::Processing)
    })
    .await;
    let transitions = state.transitions();
    let grown: i64 = state
        .inbound_transfers_of(&acct)
        .iter()
        .filter(|t| t.financial_account == fa.id)
        .filter(|t| transitions.iter().any(|tr| tr.transfer == t.id && tr.to == InboundTransferStatus::Succeeded))
        .map(|t| t.amount)
        .sum();
    let now = state.financial_account(&fa.id).expect("fa");
    assert_eq!(usd(&now.balance.inbound_pending), 0);
    assert_eq!(usd(&now.balance.cash), seeded_cash + grown);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_demo_timers_processing_transfers_stay_processing() {
    let sandbox = start_with(SandboxConfig { refresh_delay: SHORT, ..SandboxConfig::default() }).await;
    let client = client(&sandbox);
    let (acct, fa) = find_fa(&sandbox, false);
    let transfer = create_transfer(&client, &acct, &fa.id, 12_345).await;
    let processing_before: Vec<String> = sandbox
        .state()
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| t.status == InboundTransferStatus::Processing)
        .map(|t| t.id)
        .collect();
    // The witness that time passed, on the sandbox's own clocks: a balance refresh asked after the
    // transfer, with the delay a demo timer would have, has settled. Any transfer timer would have
    // fired in the same pass.
    let witness = refreshable(&sandbox);
    refresh_balance(&client, &witness.id, IdempotencyKey::new()).await.expect("refresh accepted");
    let after = settled(&client, &witness.id).await;
    assert_eq!(after.balance_refresh.map(|r| r.status), Some(RefreshStatus::Succeeded));
    let again = treasury::retrieve_inbound_transfer(&client, &acct, &transfer.id).await.expect("retrieved");
    assert_eq!(again.status, InboundTransferStatus::Processing);
    let state = sandbox.state();
    assert!(
        processing_before
            .iter()
            .all(|id| { state.inbound_transfer(id).is_some_and(|t| t.status == InboundTransferStatus::Processing) })
    );
    assert_eq!(state.transition_count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn requires_confirmation_never_moves_on_its_own() {
    let config = SandboxConfig { advance_transfers_after: Some(SHORT), ..SandboxConfig::default() };
    let sandbox = start_with(config).await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (acct, fa) = find_fa(&sandbox, true);
    let transfer = create_transfer(&client, &acct, &fa.id, 50_000).await;
    assert_eq!(transfer.status, InboundTransferStatus::RequiresConfirmation);
    let waiting: Vec<String> = state
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| t.status == InboundTransferStatus::RequiresConfirmation)
        .map(|t| t.id)
        .collect();
    assert!(waiting.len() > 1, "the seed has transfers awaiting confirmation too");

    // The witness that the demo timer ran: a transfer created after these, on an account without
    // review, has settled on its own.
    let (plain_acct, plain_fa) = find_fa(&sandbox, false);
    let witness = create_transfer(&client, &plain_acct, &plain_fa.id, 10_000).await;
    wait_for(&sandbox, "the witness transfer settling", |s| {
        s.state().inbound_transfer(&witness.id).is_some_and(|t| t.status.is_final())
    })
    .await;
    for id in &waiting {
        let now = state.inbound_transfer(id).expect("still there");
        assert_eq!(now.status, InboundTransferStatus::RequiresConfirmation, "{id} moved on its own");
    }
    assert!(state.transitions().iter().all(|t| !waiting.contains(&t.transfer)));

    // Once confirmed it is processing, and the demo timer takes it from there.
    let started = Instant::now();
    let confirmed = treasury::confirm_inbound_transfer(&client, &acct, &transfer.id, None, IdempotencyKey::new())
        .await
        .expect("confirmed");
    assert_eq!(confirmed.status, InboundTransferStatus::Processing);
    wait_for(&sandbox, "the confirmed transfer settling", |s| {
        s.state().inbound_transfer(&transfer.id).is_some_and(|t| t.status.is_final())
    })
    .await;
    assert!(started.elapsed() >= SHORT, "settled before the configured delay");
    sandbox.shutdown().await;
}
