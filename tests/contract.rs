//! Contract fidelity: every answer the sandbox sends in a session that touches every endpoint
//! and every kind of error is validated against Stripe's OpenAPI slice in `shared/stripe-openapi`.
//! The conversion of the spec's OpenAPI 3.0 quirks and the documented exceptions live in
//! `treasury_desk::sandbox::contract`, which `scripts/test` also switches on in every test's sandbox.

use std::path::PathBuf;

use futures_util::TryStreamExt;
use serde_json::Value;
use treasury_desk::relink::{RelinkMode, session_params};
use treasury_desk::sandbox::contract::Contract;
use treasury_desk::sandbox::{RISK_DECLINED_TOKEN, Sandbox, SandboxConfig};
use treasury_desk::stripe::financial_connections::{self as fc, RefreshAvailability};
use treasury_desk::stripe::payment_method::{self, OnlineAcceptance};
use treasury_desk::stripe::treasury::{self, InboundTransferStatus, NewInboundTransfer};
use treasury_desk::stripe::{Client, ClientConfig, Form, IdempotencyKey, RequestOptions};

fn spec() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/stripe-openapi/treasury-dashboard.spec.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("the spec is JSON")
}

#[tokio::test]
async fn every_answer_of_a_full_session_matches_stripes_spec() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    sandbox.faults().record();
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    let client = Client::new(config).expect("client");
    let state = sandbox.state();

    // Reads: the whole sync, plus single objects.
    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    let connected = &snapshot.accounts[0].account.id;
    let _: Value = client
        .get(&format!("/v1/accounts/{connected}"), &Form::new(), &RequestOptions::default())
        .await
        .expect("account");
    let fa_owner = snapshot.accounts.iter().find(|a| !a.financial_accounts.is_empty()).expect("an account with FAs");
    let fa = &fa_owner.financial_accounts[0].financial_account;
    let on_behalf = RequestOptions::on_behalf_of(&fa_owner.account.id);
    let _: Value =
        client.get(&format!("/v1/treasury/financial_accounts/{}", fa.id), &Form::new(), &on_behalf).await.expect("fa");
    let linked = state.all_fc_accounts();
    let _ = fc::retrieve_account(&client, &linked[0].id).await.expect("fc account");

    // Writes: create, the state machine, the test helpers, refresh, relink session.
    let all = state.all_inbound_transfers();
    let waiting: Vec<_> = all.iter().filter(|t| t.status == InboundTransferStatus::RequiresConfirmation).collect();
    for (i, transfer) in waiting.iter().enumerate() {
        let owner = state.owner_of(&transfer.id).expect("owner");
        if i == 0 {
            treasury::confirm_inbound_transfer(&client, &owner, &transfer.id, Some(432_000), IdempotencyKey::new())
                .await
                .expect("confirm");
            for helper in ["succeed", "return"] {
                let path = format!("/v1/test_helpers/treasury/inbound_transfers/{}/{helper}", transfer.id);
                let _: Value =
                    client.post(&path, &Form::new(), &RequestOptions::on_behalf_of(&owner)).await.expect(helper);
            }
        } else {
            treasury::cancel_inbound_transfer(&client, &owner, &transfer.id, IdempotencyKey::new())
                .await
                .expect("cancel");
        }
    }
    let processing = all.iter().find(|t| t.status == InboundTransferStatus::Processing).expect("a processing transfer");
    let owner = state.owner_of(&processing.id).expect("owner");
    let fail = Form::new().set("failure_details[code]", "account_closed");
    let path = format!("/v1/test_helpers/treasury/inbound_transfers/{}/fail", processing.id);
    let _: Value = client.post(&path, &fail, &RequestOptions::on_behalf_of(&owner)).await.expect("fail");
    let open_fa = fa_owner.open_financial_accounts().next().expect("an open FA");
    let create = Form::new()
        .set("amount", 1234)
        .set("currency", "usd")
        .set("financial_account", &open_fa.id)
        .set("origin_payment_method", "pm_usBankAccount_processing");
    let _: Value = client
        .post("/v1/treasury/inbound_transfers", &create, &RequestOptions::on_behalf_of(&fa_owner.account.id))
        .await
        .expect("create");

    // Adding funds: origins, SetupIntents, the guide's tokens, a ReceivedDebit, the refusals.
    let (holder, origin) = state
        .connected_account_ids()
        .into_iter()
        .find_map(|a| state.origins_of(&a).into_iter().next().map(|o| (a, o)))
        .expect("an account with an origin");
    let origins: Vec<_> = payment_method::list_bank_accounts(&client, &holder).try_collect().await.expect("origins");
    assert!(!origins.is_empty());
    payment_method::retrieve(&client, &holder, &origin.id).await.expect("an origin");
    payment_method::retrieve(&client, &holder, "pm_usBankAccount").await.expect("a token");
    let linked_id = origin.us_bank_account.as_ref().and_then(|b| b.financial_connections_account.clone());
    let linked_id = linked_id
        .or_else(|| {
            state.fc_accounts_of(&holder).into_iter().find(|l| l.status == fc::AccountStatus::Active).map(|l| l.id)
        })
        .expect("a linked account to set up");
    let acceptance = OnlineAcceptance { ip_address: "203.0.113.7".to_owned(), user_agent: "contract".to_owned() };
    let intent =
        payment_method::set_up_inbound_origin(&client, &holder, &linked_id, &acceptance, IdempotencyKey::new())
            .await
            .expect("setup intent");
    payment_method::retrieve_setup_intent(&client, &holder, &intent.id).await.expect("setup intent read");
    let waiting = Form::new()
        .set("attach_to_self", "true")
        .push("flow_directions", "inbound")
        .push("payment_method_types", "us_bank_account")
        .set("payment_method_data[type]", "us_bank_account")
        .set("payment_method_data[us_bank_account][financial_connections_account]", &linked_id);
    let holder_options = RequestOptions::on_behalf_of(&holder);
    let waiting: Value = client.post("/v1/setup_intents", &waiting, &holder_options).await.expect("waiting");
    let confirm = format!("/v1/setup_intents/{}/confirm", waiting["id"].as_str().unwrap_or_default());
    let mandate = Form::new().set("mandate_data[customer_acceptance][type]", "offline");
    let _: Value = client.post(&confirm, &mandate, &holder_options).await.expect("confirmed");
    let holder_fa = state
        .financial_accounts_of(&holder)
        .into_iter()
        .find(|f| f.is_open() && f.active_features.contains(&treasury::Feature::InboundTransfersAch));
    if let Some(holder_fa) = holder_fa {
        let new = |origin: &str| NewInboundTransfer {
            financial_account: holder_fa.id.clone(),
            amount: 5_000,
            currency: "usd".to_owned(),
            origin_payment_method: origin.to_owned(),
            description: None,
            statement_descriptor: Some("Contract".to_owned()),
            ach_submission: None,
            metadata: Vec::new(),
        };
        let disputed = treasury::create_inbound_transfer(
            &client,
            &holder,
            &new("pm_usBankAccount_dispute"),
            IdempotencyKey::new(),
        )
        .await
        .expect("disputed");
        let returned = treasury::retrieve_inbound_transfer(&client, &holder, &disputed.id).await.expect("returned");
        let debit = returned.linked_flows.received_debit.expect("a ReceivedDebit");
        let _: Value = client
            .get(&format!("/v1/treasury/received_debits/{debit}"), &Form::new(), &holder_options)
            .await
            .expect("the ReceivedDebit");
        // The ledger: its lists (with filters and expansion), single objects, the test helpers.
        let fa_param = Form::new().set("financial_account", &holder_fa.id);
        for (path, extra) in [
            ("/v1/treasury/transactions", Form::new().set("status", "posted").set("order_by", "posted_at")),
            ("/v1/treasury/transaction_entries", Form::new().push("expand", "data.transaction")),
            ("/v1/treasury/received_credits", Form::new()),
            ("/v1/treasury/received_debits", Form::new()),
        ] {
            let mut params = fa_param.clone();
            for (k, v) in extra.pairs() {
                params = params.set(k.clone(), v);
            }
            let page: Value = client.get(path, &params, &holder_options).await.expect(path);
            let first = page["data"][0]["id"].as_str().expect("a first object").to_owned();
            let _: Value = client.get(&format!("{path}/{first}"), &Form::new(), &holder_options).await.expect(path);
        }
        let money = fa_param.clone().set("amount", 2_500).set("currency", "usd").set("network", "ach");
        for helper in ["received_credits", "received_debits"] {
            let path = format!("/v1/test_helpers/treasury/{helper}");
            let _: Value = client.post(&path, &money, &holder_options).await.expect(helper);
        }
        let ineligible = NewInboundTransfer {
            ach_submission: Some(treasury::AchSubmission::SameDay),
            ..new("pm_usBankAccount_sameDayACHIneligible")
        };
        let _ = treasury::create_inbound_transfer(&client, &holder, &ineligible, IdempotencyKey::new()).await;
        let _ =
            treasury::create_inbound_transfer(&client, &holder, &new(RISK_DECLINED_TOKEN), IdempotencyKey::new()).await;
        let _ =
            treasury::create_inbound_transfer(&client, &holder, &new("pm_1NoSuchOrigin"), IdempotencyKey::new()).await;
    }
    let now = jiff::Timestamp::now().as_second();
    let refreshable =
        linked.iter().find(|a| a.refresh_availability(now) == RefreshAvailability::Now).expect("refreshable");
    fc::refresh_balance(&client, &refreshable.id, IdempotencyKey::new()).await.expect("refresh");
    let inactive = linked.iter().find(|a| a.relink_required()).expect("relinkable");
    let params = session_params(inactive, RelinkMode::ExactAccount, false).expect("params");
    let session = fc::create_relink_session(&client, &params, IdempotencyKey::new()).await.expect("session");
    let _ = fc::retrieve_session(&client, &session.id).await.expect("session read");

    // Errors: not found, a bad parameter, an illegal transition, a wrong key.
    let _ = client.get::<Value>("/v1/accounts/acct_nope", &Form::new(), &RequestOptions::default()).await;
    let _ = client.get::<Value>("/v1/accounts", &Form::new().set("limit", 1000), &RequestOptions::default()).await;
    let _ = treasury::cancel_inbound_transfer(&client, &owner, &processing.id, IdempotencyKey::new()).await;
    let stranger = Client::new(ClientConfig::new(sandbox.base_url(), "sk_test_51NotTheSandboxKey0000000000".into()))
        .expect("client");
    let _ = stranger.get::<Value>("/v1/account", &Form::new(), &RequestOptions::default()).await;

    // Events: every change above wrote one, on the account its object belongs to.
    let mut events: Vec<treasury_desk::stripe::event::Event> = Vec::new();
    for holder in snapshot.holders() {
        let owner = RequestOptions::on_behalf_of(&holder.account.id);
        events.extend(client.list_all("/v1/events", Form::new(), owner.clone()).await.expect("events"));
    }
    let one = events.first().expect("the session made events");
    let owner = one.account.clone().unwrap_or_else(|| state.platform_account_id());
    let _: Value = client
        .get(&format!("/v1/events/{}", one.id), &Form::new(), &RequestOptions::on_behalf_of(&owner))
        .await
        .expect("one event");
    let _ = client.get::<Value>("/v1/events/evt_nope", &Form::new(), &RequestOptions::default()).await;

    let recorded = sandbox.faults().recorded();
    sandbox.shutdown().await;

    let contract = Contract::new(spec());
    // The object inside each event is a whole object of its kind, valid under its own schema.
    let mut kinds = std::collections::BTreeSet::new();
    for event in &events {
        let kind = event.data.object["object"].as_str().unwrap_or_default().to_owned();
        if let Err(violation) = contract.check_object(&kind, &event.data.object) {
            panic!("{} ({}): {violation}", event.id, event.kind);
        }
        kinds.insert(event.kind.as_str().to_owned());
    }
    for kind in [
        "treasury.inbound_transfer.created",
        "treasury.inbound_transfer.processing",
        "treasury.inbound_transfer.succeeded",
        "treasury.inbound_transfer.failed",
        "treasury.inbound_transfer.canceled",
        "treasury.received_debit.created",
        "treasury.received_credit.created",
    ] {
        assert!(kinds.contains(kind), "no {kind} event in {kinds:?}");
    }
    let mut violations = Vec::new();
    let mut checked = 0;
    for answer in recorded.iter().filter(|a| a.path.starts_with("/v1/")) {
        if let Err(violation) = contract.check(&answer.method, &answer.path, answer.status, &answer.body) {
            violations.push(violation);
        }
        checked += 1;
    }
    assert!(checked > 50, "the session produced {checked} answers");
    assert!(
        violations.is_empty(),
        "{} of {checked} answers break the spec:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
