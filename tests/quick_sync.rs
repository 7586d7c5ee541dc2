//! The quick sync (F5 after a full one) continues from Stripe's events: each account's events
//! since the last sync, and only the objects they name read again. These tests change things
//! every way a bank, Stripe or a user can, through the same HTTP calls Stripe offers (and the
//! sandbox's stand-ins for what only a bank does), and check every list the re-sync shows
//! against the sandbox's own state.

use std::sync::Arc;
use std::time::Duration;

use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::snapshot::{self, LoadOptions, Previous, Progress, Snapshot, Transfer, Words};
use treasury_desk::stripe::financial_connections::{AccountStatus, StatusAction, StatusCause};
use treasury_desk::stripe::treasury::{Feature, InboundTransfer, InboundTransferStatus as S};
use treasury_desk::stripe::{Client, ClientConfig, Form, IdempotencyKey, RequestOptions};

const ACCOUNTS: usize = 40;

async fn start() -> (Sandbox, Client) {
    // A millisecond of latency turns on the layer that counts requests (the bench's own layer).
    let config = SandboxConfig { accounts: ACCOUNTS, latency: Duration::from_millis(1), ..SandboxConfig::default() };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox");
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    let client = Client::new(config).expect("client");
    (sandbox, client)
}

/// Load continuing from `previous`; returns the snapshot, its requests and its progress.
async fn sync(sandbox: &Sandbox, client: &Client, previous: &Previous) -> (Snapshot, u64, Arc<Progress>) {
    let (before, _) = sandbox.traffic();
    let progress = Arc::new(Progress::default());
    let loaded = snapshot::load_with(client, progress.clone(), LoadOptions::default(), previous).await.expect("sync");
    let (after, _) = sandbox.traffic();
    (loaded, after - before, progress)
}

/// A full sync, checked against the server.
async fn full(sandbox: &Sandbox, client: &Client) -> Snapshot {
    let (loaded, _, _) = sync(sandbox, client, &Previous::none()).await;
    assert_eq!(differing(sandbox, &loaded), Vec::<String>::new(), "a full sync shows the server's state");
    loaded
}

/// What the snapshot shows differently from the sandbox: transfer lists, financial accounts and
/// linked bank accounts, one line each.
fn differing(sandbox: &Sandbox, shown: &Snapshot) -> Vec<String> {
    let state = sandbox.state();
    let words = Words::default();
    let mut stale = Vec::new();
    for connected in shown.holders() {
        let owner = &connected.account.id;
        let server = state.inbound_transfers_of(owner);
        let mut fas: Vec<String> =
            connected.financial_accounts.iter().map(|e| e.financial_account.id.clone()).collect();
        // Listed whatever state the treasury capability is in (the sandbox holds financial accounts
        // only for accounts that have the capability).
        let mut truth_fas: Vec<String> = state.financial_accounts_of(owner).into_iter().map(|fa| fa.id).collect();
        fas.sort();
        truth_fas.sort();
        if fas != truth_fas {
            stale.push(format!("{owner}: financial accounts {fas:?} vs {truth_fas:?}"));
        }
        for entry in &connected.financial_accounts {
            let id = &entry.financial_account.id;
            if state.financial_account(id).as_ref() != Some(&entry.financial_account) {
                stale.push(format!("{id}: the financial account"));
            }
            let mut truth: Vec<Transfer> = server
                .iter()
                .filter(|t| &t.financial_account == id)
                .map(|t| Transfer::new(t.clone(), &words))
                .collect();
            let mut rows = (*entry.inbound_transfers).clone();
            truth.sort_by(|a, b| a.id.cmp(&b.id));
            rows.sort_by(|a, b| a.id.cmp(&b.id));
            if truth != rows {
                stale.push(format!("{id}: its inbound transfers"));
            }
        }
        if shown.platform_own.as_ref().is_some_and(|own| own.account.id == *owner) {
            continue;
        }
        let mut linked = connected.linked_accounts.clone();
        let mut truth = state.fc_accounts_of(owner);
        linked.sort_by(|a, b| a.id.cmp(&b.id));
        truth.sort_by(|a, b| a.id.cmp(&b.id));
        if linked != truth {
            stale.push(format!("{owner}: its linked accounts"));
        }
    }
    stale
}

async fn post(client: &Client, account: &str, path: &str, form: Form) -> InboundTransfer {
    let options = RequestOptions::on_behalf_of(account).idempotency_key(IdempotencyKey::new());
    client.post(path, &form, &options).await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn helper(id: &str, verb: &str) -> String {
    format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}")
}

fn create(fa: &str, amount: i64) -> Form {
    Form::new()
        .set("amount", amount)
        .set("currency", "usd")
        .set("financial_account", fa)
        .set("origin_payment_method", "pm_usBankAccount_processing")
}

/// A processing transfer on an open financial account without manual review, that can take new
/// transfers: `(owner, financial account, transfer id, amount)`, the `skip`-th such.
fn processing(shown: &Snapshot, skip: usize) -> (String, String, String, i64) {
    shown
        .accounts
        .iter()
        .flat_map(|a| a.financial_accounts.iter().map(move |e| (a, e)))
        .filter(|(_, e)| {
            let fa = &e.financial_account;
            fa.is_open() && !fa.has_manual_review() && fa.active_features.contains(&Feature::InboundTransfersAch)
        })
        .filter_map(|(a, e)| {
            let t = e.inbound_transfers.iter().find(|t| t.status == S::Processing)?;
            Some((a.account.id.clone(), e.financial_account.id.clone(), t.id.to_string(), t.amount))
        })
        .nth(skip)
        .expect("a processing transfer")
}

fn shown_transfer(shown: &Snapshot, id: &str) -> Option<Transfer> {
    shown
        .holders()
        .flat_map(|a| &a.financial_accounts)
        .flat_map(|e| e.inbound_transfers.iter())
        .find(|t| &*t.id == id)
        .cloned()
}

#[tokio::test]
async fn changes_that_cancel_out_in_one_account_are_seen() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (owner, fa, failing, amount) = processing(&first, 0);
    let before = sandbox.state().financial_account(&fa).expect("fa").balance;
    // One transfer fails while another of the same amount arrives: the balance does not move.
    post(&client, &owner, &helper(&failing, "fail"), Form::new()).await;
    let arrived = post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, amount)).await;
    assert_eq!(sandbox.state().financial_account(&fa).expect("fa").balance, before, "the changes cancel out");

    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    assert_eq!(shown_transfer(&again, &failing).map(|t| t.status), Some(S::Failed));
    assert_eq!(shown_transfer(&again, &arrived.id).map(|t| t.status), Some(S::Processing));
}

#[tokio::test]
async fn a_return_after_success_is_seen_even_when_the_money_nets_out() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (owner, fa, returned, amount) = processing(&first, 1);
    let before = sandbox.state().financial_account(&fa).expect("fa").balance;
    // It succeeds and its bank returns it (its money in and out of cash), while a new transfer
    // of the same amount arrives (as much into inbound pending as it took out).
    post(&client, &owner, &helper(&returned, "succeed"), Form::new()).await;
    post(&client, &owner, &helper(&returned, "return"), Form::new()).await;
    post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, amount)).await;
    assert_eq!(sandbox.state().financial_account(&fa).expect("fa").balance, before, "the money nets out");

    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    let shown = shown_transfer(&again, &returned).expect("shown");
    assert_eq!((shown.status, shown.returned), (S::Succeeded, true));
}

#[tokio::test]
async fn a_linked_account_going_inactive_is_seen() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (holder, linked) = first
        .accounts
        .iter()
        .find_map(|a| {
            let active = a.linked_accounts.iter().find(|l| l.status == AccountStatus::Active)?;
            Some((a.account.id.clone(), active.id.clone()))
        })
        .expect("an active linked account");
    sandbox
        .state()
        .deactivate_linked_account(&linked, StatusAction::RelinkRequired, StatusCause::AccessExpired)
        .expect("deactivated");

    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    let shown = again.account(&holder).and_then(|a| a.linked_accounts.iter().find(|l| l.id == linked).cloned());
    assert!(shown.expect("still listed").relink_required(), "inactive, and a relink can repair it");
}

#[tokio::test]
async fn a_restricted_feature_is_seen() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (_, fa, _, _) = processing(&first, 2);
    sandbox.state().restrict_feature(&fa, Feature::InboundTransfersAch).expect("restricted");

    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    let shown = again.holders().flat_map(|a| &a.financial_accounts).find(|e| e.financial_account.id == fa);
    assert!(shown.expect("shown").financial_account.restricted_features.contains(&Feature::InboundTransfersAch));
}

#[tokio::test]
async fn an_idle_resync_costs_one_request_per_account_and_the_account_list() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (again, requests, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    // 40 connected accounts and the platform, one listing of events each, and one page of accounts.
    assert!(requests <= ACCOUNTS as u64 + 2, "{requests} requests for {ACCOUNTS} accounts with nothing changed");
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new());
    let events = sandbox.state().requests().into_iter().filter(|r| r.path == "/v1/events").count();
    assert_eq!(events, ACCOUNTS + 1, "each account's events, and the platform's");
}

#[tokio::test]
async fn an_event_in_the_same_second_as_the_last_one_seen_is_not_missed() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (owner, fa, failing, amount) = processing(&first, 3);
    // Every change below happens in one second of the sandbox's clock.
    let second = jiff::Timestamp::now().as_second();
    sandbox.state().pin_clock(Some(second));
    post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, 1_111)).await;
    let (between, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &between), Vec::<String>::new());
    // Later, in that same second: a change that moves no money in all.
    post(&client, &owner, &helper(&failing, "fail"), Form::new()).await;
    let arrived = post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, amount)).await;
    let (after, _, _) = sync(&sandbox, &client, &Previous::of(&between)).await;
    sandbox.state().pin_clock(None);
    assert!(sandbox.state().events_of(&owner).iter().all(|e| e.created == second), "one second");
    assert_eq!(differing(&sandbox, &after), Vec::<String>::new(), "the later events of that second were read");
    assert_eq!(shown_transfer(&after, &failing).map(|t| t.status), Some(S::Failed));
    assert!(shown_transfer(&after, &arrived.id).is_some());
}

#[tokio::test]
async fn several_changes_to_one_transfer_in_one_second_are_read_again_not_guessed() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    let (owner, fa, _, _) = processing(&first, 4);
    // Stripe does not order the events of one second: created, then succeeded, may come either way.
    sandbox.state().pin_clock(Some(jiff::Timestamp::now().as_second()));
    let mut made = Vec::new();
    for n in 0..6 {
        let transfer = post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, 500 + n)).await;
        post(&client, &owner, &helper(&transfer.id, "succeed"), Form::new()).await;
        made.push(transfer.id);
    }
    sandbox.state().pin_clock(None);
    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    for id in made {
        assert_eq!(shown_transfer(&again, &id).map(|t| t.status), Some(S::Succeeded), "{id}");
    }
}

#[tokio::test]
async fn an_account_whose_events_fail_or_say_something_unknown_is_read_in_full() {
    let (sandbox, client) = start().await;
    let first = full(&sandbox, &client).await;
    // The platform's listing fails (it is the first listing of a re-sync): the platform is read in
    // full, and so is every account's list of linked accounts (their events are the platform's).
    let (holder, linked) = first
        .accounts
        .iter()
        .find_map(|a| {
            Some((
                a.account.id.clone(),
                a.linked_accounts.iter().find(|l| l.status == AccountStatus::Active)?.id.clone(),
            ))
        })
        .expect("an active linked account");
    sandbox
        .state()
        .deactivate_linked_account(&linked, StatusAction::None, StatusCause::AccountClosed)
        .expect("deactivated");
    let error = r#"{"error":{"type":"api_error","message":"made to fail"}}"#;
    let outage = Fault::Respond { status: 500, content_type: "application/json", body: error.to_owned() };
    sandbox.faults().arm("GET", "/v1/events", outage, 1);
    let (failed, _, progress) = sync(&sandbox, &client, &Previous::of(&first)).await;
    assert_eq!(differing(&sandbox, &failed), Vec::<String>::new(), "every list matches the server");
    assert_eq!(progress.resync().2, 1, "one account read in full: the platform");
    let shown = failed.account(&holder).and_then(|a| a.linked_accounts.iter().find(|l| l.id == linked).cloned());
    assert_eq!(shown.map(|l| l.status), Some(AccountStatus::Inactive));

    // Next, the platform's events hold a type this app does not know.
    let (owner, fa, _, _) = processing(&failed, 0);
    let unknown = serde_json::json!({
        "object": "list", "url": "/v1/events", "has_more": false,
        "data": [{
            "id": "evt_1FromTheFuture000000000", "object": "event", "api_version": "2030-01-01.future",
            "created": jiff::Timestamp::now().as_second(), "livemode": false, "pending_webhooks": 0, "request": null,
            "type": "treasury.financial_account.teleported", "data": {"object": {"id": fa, "object": "treasury.financial_account"}}
        }]
    });
    post(&client, &owner, "/v1/treasury/inbound_transfers", create(&fa, 2_222)).await;
    let odd = Fault::Respond { status: 200, content_type: "application/json", body: unknown.to_string() };
    sandbox.faults().arm("GET", "/v1/events", odd, 1);
    let (again, _, progress) = sync(&sandbox, &client, &Previous::of(&failed)).await;
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new(), "every list matches the server");
    assert_eq!(progress.resync().2, 1, "one account read in full: the platform again");
}

#[tokio::test]
async fn a_list_that_failed_is_read_again_not_kept_empty() {
    let (sandbox, client) = start().await;
    sandbox.faults().arm(
        "GET",
        "/v1/treasury/inbound_transfers",
        Fault::Respond {
            status: 400,
            content_type: "application/json",
            body: r#"{"error":{"type":"invalid_request_error","message":"made to fail"}}"#.to_owned(),
        },
        1,
    );
    let (first, _, _) = sync(&sandbox, &client, &Previous::none()).await;
    let failed: Vec<_> = first
        .holders()
        .flat_map(|a| &a.financial_accounts)
        .filter(|e| e.transfers_read_at.is_none())
        .map(|e| e.financial_account.id.clone())
        .collect();
    assert_eq!(failed.len(), 1, "one list failed");
    assert!(first.holders().any(|a| a.errors.iter().any(|e| e.contains(&failed[0]))), "and it says so");

    let (again, _, _) = sync(&sandbox, &client, &Previous::of(&first)).await;
    let entry = again.holders().flat_map(|a| &a.financial_accounts).find(|e| e.financial_account.id == failed[0]);
    assert!(entry.expect("still there").transfers_read_at.is_some(), "read again");
    assert!(again.holders().all(|a| a.errors.is_empty()));
    assert_eq!(differing(&sandbox, &again), Vec::<String>::new());
}
