//! The sandbox's events over real HTTP on 127.0.0.1 (random port): one for every state change it
//! makes, on the account the object belongs to (`Stripe-Account`), listed newest first with
//! cursors, `created` filters, `type` / `types[]` and Stripe's 30 days.

use std::time::{Duration, Instant};

use serde_json::Value;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::event::{self, Event, EventType};
use treasury_desk::stripe::financial_connections::{self as fc, AccountStatus, StatusAction, StatusCause};
use treasury_desk::stripe::treasury::{self, Feature, FinancialAccount, InboundTransfer, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, IdempotencyKey, List, RequestOptions};

/// How long a test waits for a clock of the sandbox to fire (a loaded machine is slow).
const PATIENCE: Duration = Duration::from_secs(10);

async fn start(config: SandboxConfig) -> (Sandbox, Client) {
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox starts");
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    let client = Client::new(config).expect("client builds");
    (sandbox, client)
}

/// A connected account and one of its open FAs that takes inbound transfers, with or without review.
fn find_fa(sandbox: &Sandbox, review: bool) -> (String, FinancialAccount) {
    let state = sandbox.state();
    state
        .connected_account_ids()
        .into_iter()
        .flat_map(|acct| state.financial_accounts_of(&acct).into_iter().map(move |fa| (acct.clone(), fa)))
        .find(|(_, fa)| {
            fa.is_open()
                && fa.active_features.contains(&Feature::InboundTransfersAch)
                && fa.has_manual_review() == review
        })
        .expect("the seed has such a financial account")
}

async fn create(client: &Client, acct: &str, fa: &str, amount: i64) -> InboundTransfer {
    create_from(client, acct, fa, amount, "pm_usBankAccount_processing").await
}

/// Create from `origin`: a test token moves as the token says; an account's own origin moves on
/// the sandbox's clocks.
async fn create_from(client: &Client, acct: &str, fa: &str, amount: i64, origin: &str) -> InboundTransfer {
    let form = Form::new()
        .set("amount", amount)
        .set("currency", "usd")
        .set("financial_account", fa)
        .set("origin_payment_method", origin);
    let options = RequestOptions::on_behalf_of(acct).idempotency_key(IdempotencyKey::new());
    client.post("/v1/treasury/inbound_transfers", &form, &options).await.expect("created")
}

async fn helper(client: &Client, acct: &str, id: &str, verb: &str) -> InboundTransfer {
    let path = format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}");
    client.post(&path, &Form::new(), &RequestOptions::on_behalf_of(acct)).await.expect(verb)
}

/// One page of `acct`'s events with `params`.
async fn page(client: &Client, acct: &str, params: Form) -> Result<List<Event>, Error> {
    client.list_page("/v1/events", &params, &RequestOptions::on_behalf_of(acct)).await
}

fn kinds(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.kind.as_str()).collect()
}

#[tokio::test]
async fn every_change_to_an_inbound_transfer_is_an_event_on_its_account() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let (acct, fa) = find_fa(&sandbox, false);
    let platform = sandbox.state().platform_account_id();
    let other = sandbox.state().connected_account_ids().into_iter().find(|a| *a != acct).expect("another account");

    let settled = create(&client, &acct, &fa.id, 1_000).await;
    helper(&client, &acct, &settled.id, "succeed").await;
    let returned = helper(&client, &acct, &settled.id, "return").await;
    let failed = create(&client, &acct, &fa.id, 2_000).await;
    helper(&client, &acct, &failed.id, "fail").await;
    let canceled = create(&client, &acct, &fa.id, 3_000).await;
    treasury::cancel_inbound_transfer(&client, &acct, &canceled.id, IdempotencyKey::new()).await.expect("cancel");
    // On an account with manual review: it waits, then a confirm moves it on (the gated event).
    let (review_acct, review_fa) = find_fa(&sandbox, true);
    let waiting = create(&client, &review_acct, &review_fa.id, 4_000).await;
    assert_eq!(waiting.status, InboundTransferStatus::RequiresConfirmation);
    treasury::confirm_inbound_transfer(&client, &review_acct, &waiting.id, None, IdempotencyKey::new())
        .await
        .expect("confirm");

    let all: Vec<Event> =
        client.list_all("/v1/events", Form::new(), RequestOptions::on_behalf_of(&acct)).await.expect("every event");
    assert!(all.windows(2).all(|w| w[0].created >= w[1].created), "newest first");
    let known = event::list_since(&client, &acct, 0, EventType::KNOWN).await.expect("events");
    assert_eq!(known, all, "every type asked for by name");
    // (The account may also hold the financial account with manual review used below.)
    let all: Vec<Event> = all.into_iter().filter(|e| e.data.object["financial_account"] == fa.id.as_str()).collect();
    assert_eq!(all.len(), 7, "{:?}", kinds(&all));
    let count = |kind: &str| all.iter().filter(|e| e.kind.as_str() == kind).count();
    assert_eq!(count("treasury.inbound_transfer.created"), 3);
    for kind in ["succeeded", "failed", "canceled"] {
        assert_eq!(count(&format!("treasury.inbound_transfer.{kind}")), 1, "{kind}");
    }
    assert!(all.iter().all(|e| e.account.as_deref() == Some(acct.as_str())), "they name the connected account");
    // A return is not a transfer event: the ReceivedDebit it made is, and it names the transfer.
    let debit = all.iter().find(|e| e.kind == EventType::TreasuryReceivedDebitCreated).expect("the return's debit");
    assert_eq!(debit.data.object["linked_flows"]["inbound_transfer"], Value::from(settled.id.as_str()));
    assert_eq!(debit.data.object["id"].as_str(), returned.linked_flows.received_debit.as_deref());
    assert_eq!(debit.data.object["financial_account"], Value::from(fa.id.as_str()));
    let succeeded = all.iter().find(|e| e.kind == EventType::TreasuryInboundTransferSucceeded).expect("succeeded");
    assert_eq!(succeeded.data.object["status"], "succeeded", "the object after the change");

    let review = client
        .list_all::<Event>("/v1/events", Form::new(), RequestOptions::on_behalf_of(&review_acct))
        .await
        .expect("events");
    let mut review: Vec<&str> =
        review.iter().filter(|e| e.data.object["id"] == waiting.id.as_str()).map(|e| e.kind.as_str()).collect();
    review.sort();
    assert_eq!(review, ["treasury.inbound_transfer.created", "treasury.inbound_transfer.processing"]);

    // Scoped like Stripe: not the platform's, not another account's.
    let theirs = page(&client, &other, Form::new()).await.expect("events");
    assert!(theirs.data.is_empty());
    let platform_events = page(&client, &platform, Form::new()).await.expect("events");
    assert!(platform_events.data.is_empty(), "{:?}", kinds(&platform_events.data));
    let one = event::retrieve(&client, &acct, &debit.id).await.expect("its own account reads it");
    assert_eq!(one, *debit);
    let error = event::retrieve(&client, &other, &debit.id).await.expect_err("another account does not");
    assert_eq!(error.status(), Some(404));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn lists_page_newest_first_and_filter_by_created_and_type() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let (acct, fa) = find_fa(&sandbox, false);
    let now = jiff::Timestamp::now().as_second();
    let mut made = Vec::new();
    for (n, at) in [now - 300, now - 200, now - 100].into_iter().enumerate() {
        sandbox.state().pin_clock(Some(at));
        let transfer = create(&client, &acct, &fa.id, 100 + n as i64).await;
        helper(&client, &acct, &transfer.id, "succeed").await;
        made.push(transfer);
    }
    sandbox.state().pin_clock(None);

    let first = page(&client, &acct, Form::new().set("limit", 2)).await.expect("page");
    assert!(first.has_more);
    assert_eq!(first.data.iter().map(|e| e.created).collect::<Vec<_>>(), [now - 100, now - 100]);
    let last = first.data.last().expect("two");
    let rest = page(&client, &acct, Form::new().set("limit", 10).set("starting_after", &last.id)).await.expect("page");
    assert_eq!(rest.data.len(), 4);
    assert!(!rest.has_more);
    let back = page(&client, &acct, Form::new().set("ending_before", &rest.data[0].id)).await.expect("page");
    assert_eq!(back.data, first.data, "ending_before walks back to the first page");

    let since = page(&client, &acct, Form::new().set("created[gte]", now - 200)).await.expect("page");
    assert_eq!(since.data.len(), 4);
    let after = page(&client, &acct, Form::new().set("created[gt]", now - 200)).await.expect("page");
    assert_eq!(after.data.len(), 2);
    let types = Form::new().push("types", "treasury.inbound_transfer.created").push("types", "balance.available");
    let created = page(&client, &acct, types).await.expect("page");
    assert_eq!(kinds(&created.data), ["treasury.inbound_transfer.created"; 3]);
    let pattern = page(&client, &acct, Form::new().set("type", "treasury.*.succeeded")).await.expect("page");
    assert_eq!(pattern.data.len(), 3);
    let undelivered = page(&client, &acct, Form::new().set("delivery_success", "false")).await.expect("page");
    assert!(undelivered.data.is_empty(), "no webhook endpoints: every event counts as delivered");

    // Stripe's limits on the filters.
    let both = Form::new().set("type", "balance.available").push("types", "balance.available");
    assert_eq!(page(&client, &acct, both).await.map(|_| ()).map_err(|e| e.status()), Err(Some(400)));
    let many = (0..21).fold(Form::new(), |form, n| form.push("types", format!("x.{n}")));
    assert_eq!(page(&client, &acct, many).await.map(|_| ()).map_err(|e| e.status()), Err(Some(400)));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn events_older_than_thirty_days_are_gone() {
    let (sandbox, client) = start(SandboxConfig::default()).await;
    let (acct, fa) = find_fa(&sandbox, false);
    let now = jiff::Timestamp::now().as_second();
    let day = 86_400;
    for (amount, at) in [(100, now - 31 * day), (200, now - 29 * day)] {
        sandbox.state().pin_clock(Some(at));
        create(&client, &acct, &fa.id, amount).await;
    }
    sandbox.state().pin_clock(None);
    let listed = page(&client, &acct, Form::new()).await.expect("page");
    let amounts: Vec<i64> = listed.data.iter().filter_map(|e| e.data.object["amount"].as_i64()).collect();
    assert_eq!(amounts, [200], "the 31-day-old event is gone, the 29-day-old one is kept");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_bank_s_changes_and_the_sandbox_s_clocks_are_events_too() {
    let config = SandboxConfig {
        refresh_delay: Duration::from_millis(200),
        advance_transfers_after: Some(Duration::from_millis(200)),
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let state = sandbox.state();
    let platform = state.platform_account_id();
    // A refresh: nothing when it starts (as on Stripe), `refreshed_balance` when it ends.
    let now = jiff::Timestamp::now().as_second();
    let refreshable = state
        .all_fc_accounts()
        .into_iter()
        .find(|a| a.refresh_availability(now) == fc::RefreshAvailability::Now)
        .expect("a refreshable linked account");
    fc::refresh_balance(&client, &refreshable.id, IdempotencyKey::new()).await.expect("refresh");
    // A deactivation, on another account.
    let deactivated = state
        .all_fc_accounts()
        .into_iter()
        .find(|a| a.status == AccountStatus::Active && a.id != refreshable.id)
        .expect("an active linked account");
    state
        .deactivate_linked_account(&deactivated.id, StatusAction::RelinkRequired, StatusCause::AccessExpired)
        .expect("done");
    assert!(state.deactivate_linked_account(&deactivated.id, StatusAction::None, StatusCause::Unspecified).is_err());
    // A restricted feature.
    let (acct, fa) = find_fa(&sandbox, false);
    state.restrict_feature(&fa.id, Feature::InboundTransfersAch).expect("restricted");
    // A transfer the demo clock settles.
    let (other_acct, other_fa) = sandbox
        .state()
        .connected_account_ids()
        .into_iter()
        .flat_map(|a| state.financial_accounts_of(&a).into_iter().map(move |fa| (a.clone(), fa)))
        .find(|(a, f)| {
            *a != acct
                && f.is_open()
                && f.active_features.contains(&Feature::InboundTransfersAch)
                && !f.has_manual_review()
                && !state.origins_of(a).is_empty()
        })
        .expect("another FA");
    // From the account's own bank account (a test token would not move on the demo clock).
    let origin = state.origins_of(&other_acct).into_iter().next().expect("an origin").id;
    let settling = create_from(&client, &other_acct, &other_fa.id, 5_000, &origin).await;

    let started = Instant::now();
    let linked_events = loop {
        let events = state.events_of(&platform);
        let settled = state.events_of(&other_acct).iter().any(|e| {
            e.data.object["id"] == settling.id.as_str() && e.kind != EventType::TreasuryInboundTransferCreated
        });
        if events.iter().any(|e| e.kind == EventType::FinancialConnectionsAccountRefreshedBalance) && settled {
            break events;
        }
        assert!(started.elapsed() < PATIENCE, "the clocks fired: {:?}", kinds(&events));
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let on = |kind: EventType| linked_events.iter().find(|e| e.kind == kind).map(|e| e.data.object["id"].clone());
    assert_eq!(on(EventType::FinancialConnectionsAccountRefreshedBalance), Some(Value::from(refreshable.id.as_str())));
    let about_it = linked_events.iter().filter(|e| e.data.object["id"] == refreshable.id.as_str()).count();
    assert_eq!(about_it, 1, "starting the refresh was no event; its end was one");
    assert_eq!(on(EventType::FinancialConnectionsAccountDeactivated), Some(Value::from(deactivated.id.as_str())));
    assert!(linked_events.iter().all(|e| e.account.is_none()), "linked accounts' events are the platform's");
    // (The demo clock settles the seed's processing transfers too: their events are there as well.)
    let restricted: Vec<Event> = state
        .events_of(&acct)
        .into_iter()
        .filter(|e| e.kind == EventType::TreasuryFinancialAccountFeaturesStatusUpdated)
        .collect();
    assert_eq!(restricted.len(), 1);
    assert_eq!(restricted[0].data.object["id"], fa.id.as_str());
    let features = restricted[0].data.object["restricted_features"].as_array().cloned().unwrap_or_default();
    assert!(features.contains(&Value::from("inbound_transfers.ach")), "{features:?}");
    assert!(!fa.restricted_features.contains(&Feature::InboundTransfersAch), "it was not restricted before");
    sandbox.shutdown().await;
}
