//! Adding funds over real HTTP on 127.0.0.1: each account's origins, SetupIntents that make new
//! ones, creating inbound transfers with the guide's validation and test tokens, balances at each
//! step, idempotent retries, the action layer's words and checks, and the CLI's `create`.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use futures_util::TryStreamExt;
use treasury_desk::actions::audit::Verification;
use treasury_desk::actions::{self, AddFunds, AuditLog, Executor, Kind, Landed, Outcome, Request, Source, Verdict};
use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{RISK_DECLINED_TOKEN, Sandbox, SandboxConfig};
use treasury_desk::stripe::payment_method::{self, OnlineAcceptance, PaymentMethod, SetupIntent, SetupIntentStatus};
use treasury_desk::stripe::treasury::{
    self, ACH_SUBMISSION_PARAM, AchSubmission, FailureCode, Feature, FinancialAccount, InboundTransfer,
    InboundTransferStatus, NOT_SAME_DAY_ELIGIBLE, NewInboundTransfer,
};
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, IdempotencyKey, RequestOptions};

const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");

async fn start() -> Sandbox {
    Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox starts")
}

fn client(sandbox: &Sandbox) -> Client {
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.backoff.initial = Duration::from_millis(5);
    config.backoff.max = Duration::from_millis(20);
    Client::new(config).expect("client builds")
}

fn usd(map: &treasury_desk::stripe::common::Amounts) -> i64 {
    map.get("usd").copied().unwrap_or(0)
}

/// A connected account, one of its open financial accounts that takes inbound transfers (with or
/// without manual review), and one of its origins.
fn fa_with(sandbox: &Sandbox, review: bool) -> (String, FinancialAccount, PaymentMethod) {
    let state = sandbox.state();
    state
        .connected_account_ids()
        .into_iter()
        .flat_map(|acct| state.financial_accounts_of(&acct).into_iter().map(move |fa| (acct.clone(), fa)))
        .find_map(|(acct, fa)| {
            let usable = fa.is_open()
                && fa.active_features.contains(&Feature::InboundTransfersAch)
                && fa.has_manual_review() == review;
            let origin = state.origins_of(&acct).into_iter().next()?;
            usable.then_some((acct, fa, origin))
        })
        .expect("the seed has such a financial account")
}

fn new_transfer(fa: &str, amount: i64, origin: &str) -> NewInboundTransfer {
    NewInboundTransfer {
        financial_account: fa.to_owned(),
        amount,
        currency: "usd".to_owned(),
        origin_payment_method: origin.to_owned(),
        description: Some("Funds for vendor payment".to_owned()),
        statement_descriptor: Some("Top up".to_owned()),
        ach_submission: None,
        metadata: Vec::new(),
    }
}

async fn create(client: &Client, acct: &str, new: &NewInboundTransfer) -> Result<InboundTransfer, Error> {
    treasury::create_inbound_transfer(client, acct, new, IdempotencyKey::new()).await.map(|t| t.value)
}

async fn balance(client: &Client, acct: &str, fa: &str) -> (i64, i64) {
    let fa = treasury::retrieve_financial_account(client, acct, fa).await.expect("read the financial account");
    (usd(&fa.balance.cash), usd(&fa.balance.inbound_pending))
}

async fn retrieve(client: &Client, acct: &str, id: &str) -> InboundTransfer {
    treasury::retrieve_inbound_transfer(client, acct, id).await.expect("read the transfer")
}

fn refusal(result: Result<impl std::fmt::Debug, Error>) -> (u16, treasury_desk::stripe::ApiError) {
    let error = result.expect_err("refused");
    (error.status().expect("Stripe answered"), error.api_error().cloned().expect("an error object"))
}

#[tokio::test]
async fn each_account_lists_its_own_origins_and_some_have_none() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (mut with, mut without, mut blocked) = (0, 0, 0);
    let mut seen = std::collections::HashSet::new();
    for acct in state.connected_account_ids() {
        let listed: Vec<PaymentMethod> =
            payment_method::list_bank_accounts(&client, &acct).try_collect().await.expect("listed");
        if listed.is_empty() {
            without += 1;
        } else {
            with += 1;
        }
        for pm in &listed {
            assert_eq!(pm.kind, "us_bank_account");
            assert_eq!(pm.customer, None, "attached to the account itself, not to a Customer");
            assert!(pm.bank_name().is_some() && pm.last4().is_some_and(|l| l.len() == 4), "{pm:?}");
            assert!(seen.insert(pm.id.clone()), "{} is listed for one account only", pm.id);
            blocked += usize::from(pm.blocked().is_some());
        }
        let usable = listed.iter().filter(|pm| pm.blocked().is_none()).count();
        assert_eq!(usable, state.origins_of(&acct).len(), "{acct}: the list is the sandbox's");
    }
    assert!(with >= 5 && without >= 3, "some accounts have origins, some none: {with} / {without}");
    assert_eq!(blocked, 1, "one origin was blocked after a return");
    // The platform's own: listed without Stripe-Account.
    let platform = state.platform_account_id();
    let own: Vec<PaymentMethod> =
        payment_method::list_bank_accounts(&client, &platform).try_collect().await.expect("listed");
    assert_eq!(own.len(), 1);
    // A Customer's payment methods are for payments, not Treasury flows: the sandbox has none.
    let form = Form::new().set("customer", "cus_1nope");
    let result =
        client.get::<serde_json::Value>("/v1/payment_methods", &form, &RequestOptions::on_behalf_of(&platform)).await;
    assert_eq!(refusal(result).0, 404);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_setup_intent_from_a_linked_account_makes_an_origin_for_inbound_transfers() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (acct, fa, _) = fa_with(&sandbox, false);
    let linked = state
        .fc_accounts_of(&acct)
        .into_iter()
        .find(|l| l.status == treasury_desk::stripe::financial_connections::AccountStatus::Active)
        .filter(|l| l.supported_payment_method_types.iter().any(|t| t == "us_bank_account"))
        .expect("an active linked bank account");
    let acceptance = OnlineAcceptance { ip_address: "203.0.113.7".to_owned(), user_agent: "Mozilla/5.0".to_owned() };
    let before = state.origins_of(&acct).len();
    let intent = payment_method::set_up_inbound_origin(&client, &acct, &linked.id, &acceptance, IdempotencyKey::new())
        .await
        .expect("set up")
        .value;
    assert_eq!(intent.status, SetupIntentStatus::Succeeded);
    assert_eq!((intent.attach_to_self, intent.flow_directions.clone()), (Some(true), Some(vec!["inbound".to_owned()])));
    let pm_id = intent.payment_method.clone().expect("the PaymentMethod it made");
    let listed: Vec<PaymentMethod> =
        payment_method::list_bank_accounts(&client, &acct).try_collect().await.expect("listed");
    let made = listed.iter().find(|p| p.id == pm_id).expect("listed as an origin");
    let bank = made.us_bank_account.as_ref().expect("a bank account");
    assert_eq!(bank.financial_connections_account.as_deref(), Some(linked.id.as_str()));
    assert_eq!((made.bank_name(), made.last4()), (Some(linked.institution_name.as_str()), linked.last4.as_deref()));
    assert_eq!(state.origins_of(&acct).len(), before + 1);
    assert_eq!(payment_method::retrieve_setup_intent(&client, &acct, &intent.id).await.expect("read").id, intent.id);
    // Money can be pulled from it.
    let transfer = create(&client, &acct, &new_transfer(&fa.id, 1_000, &pm_id)).await.expect("created");
    assert_eq!(transfer.origin_payment_method.as_deref(), Some(pm_id.as_str()));

    // Without confirm, it waits; the PaymentMethod is an origin only once the holder's mandate confirms it.
    let base = || {
        Form::new()
            .set("attach_to_self", "true")
            .push("flow_directions", "inbound")
            .push("payment_method_types", "us_bank_account")
            .set("payment_method_data[type]", "us_bank_account")
            .set("payment_method_data[us_bank_account][financial_connections_account]", &linked.id)
    };
    let options = RequestOptions::on_behalf_of(&acct);
    let waiting: SetupIntent = client.post("/v1/setup_intents", &base(), &options).await.expect("created");
    assert_eq!(waiting.status, SetupIntentStatus::RequiresConfirmation);
    assert_eq!(state.origins_of(&acct).len(), before + 1, "not an origin yet");
    let confirm = format!("/v1/setup_intents/{}/confirm", waiting.id);
    let (status, _) = refusal(client.post::<SetupIntent>(&confirm, &Form::new(), &options).await);
    assert_eq!(status, 400, "no mandate, no confirmation");
    let mandate = Form::new()
        .set("mandate_data[customer_acceptance][type]", "online")
        .set("mandate_data[customer_acceptance][online][ip_address]", "203.0.113.7")
        .set("mandate_data[customer_acceptance][online][user_agent]", "Mozilla/5.0");
    let confirmed: SetupIntent = client.post(&confirm, &mandate, &options).await.expect("confirmed");
    assert_eq!(confirmed.status, SetupIntentStatus::Succeeded);
    assert_eq!(state.origins_of(&acct).len(), before + 2);

    // Set up for outbound flows only: attached, but Stripe will not pull from it.
    let outbound = Form::new()
        .set("attach_to_self", "true")
        .push("flow_directions", "outbound")
        .push("payment_method_types", "us_bank_account")
        .set("payment_method_data[type]", "us_bank_account")
        .set("payment_method_data[us_bank_account][financial_connections_account]", &linked.id)
        .set("confirm", "true")
        .set("mandate_data[customer_acceptance][type]", "offline");
    let out: SetupIntent = client.post("/v1/setup_intents", &outbound, &options).await.expect("set up");
    let out_pm = out.payment_method.expect("made");
    let (status, error) = refusal(create(&client, &acct, &new_transfer(&fa.id, 1_000, &out_pm)).await);
    assert_eq!((status, error.param.as_deref()), (400, Some("origin_payment_method")));
    assert!(error.message.unwrap_or_default().contains("not set up for inbound flows"));

    // Another account's linked account, or an inactive one, cannot be set up here.
    let other = state
        .all_fc_accounts()
        .into_iter()
        .find(|l| l.account_holder.as_ref().and_then(|h| h.account.as_deref()) != Some(acct.as_str()))
        .expect("another holder's account");
    let result = payment_method::set_up_inbound_origin(&client, &acct, &other.id, &acceptance, IdempotencyKey::new());
    assert_eq!(refusal(result.await).1.code.as_deref(), Some("resource_missing"));
    let inactive = state
        .all_fc_accounts()
        .into_iter()
        .find(|l| l.status != treasury_desk::stripe::financial_connections::AccountStatus::Active)
        .expect("an inactive linked account");
    let holder = inactive.account_holder.as_ref().and_then(|h| h.account.clone()).expect("held by an account");
    let result =
        payment_method::set_up_inbound_origin(&client, &holder, &inactive.id, &acceptance, IdempotencyKey::new());
    assert!(refusal(result.await).1.message.unwrap_or_default().contains("only active accounts"));
    sandbox.shutdown().await;
}

/// The issue's "must show": create → processing → succeeded, the balances at each step.
#[tokio::test]
async fn a_transfer_moves_inbound_pending_then_cash_as_it_settles() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (acct, fa, _) = fa_with(&sandbox, false);
    let (cash, pending) = balance(&client, &acct, &fa.id).await;

    let created = create(&client, &acct, &new_transfer(&fa.id, 25_000, "pm_usBankAccount_processing")).await;
    let created = created.expect("created");
    assert_eq!(created.status, InboundTransferStatus::Processing);
    assert_eq!((created.amount, created.statement_descriptor.as_str()), (25_000, "Top up"));
    assert!(created.hosted_regulatory_receipt_url.is_some());
    assert_eq!(balance(&client, &acct, &fa.id).await, (cash, pending + 25_000), "on its way: inbound pending");
    assert_eq!(retrieve(&client, &acct, &created.id).await.status, InboundTransferStatus::Processing, "it stays");

    let succeed = format!("/v1/test_helpers/treasury/inbound_transfers/{}/succeed", created.id);
    let done: InboundTransfer =
        client.post(&succeed, &Form::new(), &RequestOptions::on_behalf_of(&acct)).await.expect("succeeded");
    assert_eq!(done.status, InboundTransferStatus::Succeeded);
    assert_eq!(balance(&client, &acct, &fa.id).await, (cash + 25_000, pending), "arrived: cash");

    // The token that succeeds on its own: the answer says processing, the next read succeeded.
    let token = create(&client, &acct, &new_transfer(&fa.id, 10_001, "pm_usBankAccount")).await.expect("created");
    assert_eq!(token.status, InboundTransferStatus::Processing);
    assert_eq!(retrieve(&client, &acct, &token.id).await.status, InboundTransferStatus::Succeeded);
    assert_eq!(balance(&client, &acct, &fa.id).await, (cash + 35_001, pending));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_makes_one_transfer_and_another_amount_is_refused() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (acct, fa, origin) = fa_with(&sandbox, false);
    let count = || sandbox.state().inbound_transfers_of(&acct).len();
    let before = count();
    let key = IdempotencyKey::new();
    let new = new_transfer(&fa.id, 4_200, &origin.id);
    let first = treasury::create_inbound_transfer(&client, &acct, &new, key.clone()).await.expect("created");
    let again = treasury::create_inbound_transfer(&client, &acct, &new, key.clone()).await.expect("replayed");
    assert_eq!(first.value, again.value, "the same transfer, replayed");
    assert_eq!(count(), before + 1);
    let other = NewInboundTransfer { amount: 4_300, ..new };
    let (status, error) = refusal(treasury::create_inbound_transfer(&client, &acct, &other, key).await);
    assert_eq!((status, &error.kind), (400, &treasury_desk::stripe::ErrorType::IdempotencyError));
    assert_eq!(count(), before + 1, "nothing new");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_guide_s_tokens_fail_with_each_code_or_succeed_then_return() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (acct, fa, _) = fa_with(&sandbox, false);
    let (cash, pending) = balance(&client, &acct, &fa.id).await;
    for (token, code) in [
        ("pm_usBankAccount_internalFailure", FailureCode::CouldNotProcess),
        ("pm_usBankAccount_noAccount", FailureCode::NoAccount),
        ("pm_usBankAccount_accountClosed", FailureCode::AccountClosed),
        ("pm_usBankAccount_invalidAccountNumber", FailureCode::InvalidAccountNumber),
        ("pm_usBankAccount_insufficientFunds", FailureCode::InsufficientFunds),
        ("pm_usBankAccount_debitNotAuthorized", FailureCode::DebitNotAuthorized),
    ] {
        let created = create(&client, &acct, &new_transfer(&fa.id, 7_000, token)).await.expect(token);
        assert_eq!(created.status, InboundTransferStatus::Processing, "{token}: it starts processing");
        let now = retrieve(&client, &acct, &created.id).await;
        assert_eq!(now.status, InboundTransferStatus::Failed, "{token}");
        assert_eq!(now.failure_details.map(|f| f.code), Some(code), "{token}");
        assert!(now.status_transitions.failed_at.is_some());
    }
    assert_eq!(balance(&client, &acct, &fa.id).await, (cash, pending), "failed transfers moved nothing");

    let disputed = create(&client, &acct, &new_transfer(&fa.id, 9_900, "pm_usBankAccount_dispute")).await;
    let disputed = disputed.expect("created");
    let now = retrieve(&client, &acct, &disputed.id).await;
    assert_eq!((now.status.clone(), now.returned), (InboundTransferStatus::Succeeded, Some(true)));
    let debit_id = now.linked_flows.received_debit.clone().expect("a ReceivedDebit");
    let debit: serde_json::Value = client
        .get(&format!("/v1/treasury/received_debits/{debit_id}"), &Form::new(), &RequestOptions::on_behalf_of(&acct))
        .await
        .expect("the ReceivedDebit");
    assert_eq!(debit["amount"], 9_900);
    assert_eq!(debit["linked_flows"]["inbound_transfer"], disputed.id.as_str());
    assert_eq!(balance(&client, &acct, &fa.id).await, (cash, pending), "in, then returned out of cash");
    let moves: Vec<_> = sandbox.state().transitions().into_iter().filter(|t| t.transfer == disputed.id).collect();
    assert_eq!(moves.len(), 2, "succeeded, then returned: {moves:?}");
    assert!(moves[1].returned);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_create_validates_like_the_guide() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let (acct, fa, origin) = fa_with(&sandbox, false);
    let param = |r: Result<InboundTransfer, Error>| refusal(r).1.param;

    let (status, error) = refusal(create(&client, &acct, &new_transfer(&fa.id, 100, "pm_1NoSuchBankAccount")).await);
    assert_eq!((status, error.code.as_deref()), (400, Some("resource_missing")));
    assert_eq!(error.param.as_deref(), Some("origin_payment_method"));
    let someone_else = state
        .connected_account_ids()
        .into_iter()
        .filter(|a| *a != acct)
        .find_map(|a| state.origins_of(&a).into_iter().next())
        .expect("another account's origin");
    let result = create(&client, &acct, &new_transfer(&fa.id, 100, &someone_else.id)).await;
    assert_eq!(param(result).as_deref(), Some("origin_payment_method"), "only the account's own");
    let underscore = NewInboundTransfer {
        statement_descriptor: Some("payment_1".to_owned()),
        ..new_transfer(&fa.id, 100, &origin.id)
    };
    assert_eq!(param(create(&client, &acct, &underscore).await).as_deref(), Some("statement_descriptor"));

    // Same-day ACH: a preview parameter, on the preview version only.
    let ga = new_transfer(&fa.id, 100, &origin.id).form().set(ACH_SUBMISSION_PARAM, "same_day");
    let result = client
        .post::<InboundTransfer>("/v1/treasury/inbound_transfers", &ga, &RequestOptions::on_behalf_of(&acct))
        .await;
    let (status, error) = refusal(result);
    assert_eq!((status, error.param.as_deref()), (400, Some(ACH_SUBMISSION_PARAM)));
    assert!(error.message.unwrap_or_default().contains("preview"));
    let same_day = |new: NewInboundTransfer| NewInboundTransfer { ach_submission: Some(AchSubmission::SameDay), ..new };
    let fast = create(&client, &acct, &same_day(new_transfer(&fa.id, 100, &origin.id))).await.expect("same-day");
    assert_eq!(fast.status, InboundTransferStatus::Processing);
    let (denied, denied_fa, denied_origin) = state
        .connected_account_ids()
        .into_iter()
        .filter(|a| !state.same_day_allowed(a))
        .find_map(|a| {
            let fa = state.financial_accounts_of(&a).into_iter().find(|f| {
                f.is_open() && f.active_features.contains(&Feature::InboundTransfersAch) && !f.has_manual_review()
            })?;
            let origin = state.origins_of(&a).into_iter().next()?;
            Some((a, fa, origin))
        })
        .expect("an account without same-day access");
    let result = create(&client, &denied, &same_day(new_transfer(&denied_fa.id, 100, &denied_origin.id))).await;
    assert_eq!(param(result).as_deref(), Some(ACH_SUBMISSION_PARAM));
    // The guide's token Stripe will not send same-day: refused with its message_code, fine as standard.
    let ineligible = same_day(new_transfer(&fa.id, 100, "pm_usBankAccount_sameDayACHIneligible"));
    let (status, error) = refusal(create(&client, &acct, &ineligible).await);
    assert_eq!((status, error.message_code.as_deref()), (400, Some(NOT_SAME_DAY_ELIGIBLE)));
    assert!(error.message.unwrap_or_default().contains("standard"));
    let standard = NewInboundTransfer { ach_submission: Some(AchSubmission::Standard), ..ineligible };
    assert_eq!(create(&client, &acct, &standard).await.expect("standard").status, InboundTransferStatus::Processing);

    // A feature that is restricted or pending: no transfer.
    for (word, pick) in [("restricted", true), ("pending", false)] {
        let (owner, blocked_fa) = state
            .connected_account_ids()
            .into_iter()
            .flat_map(|a| state.financial_accounts_of(&a).into_iter().map(move |f| (a.clone(), f)))
            .find(|(_, f)| {
                let list = if pick { &f.restricted_features } else { &f.pending_features };
                list.contains(&Feature::InboundTransfersAch)
            })
            .expect("seeded");
        let (status, error) =
            refusal(create(&client, &owner, &new_transfer(&blocked_fa.id, 100, "pm_usBankAccount")).await);
        assert_eq!((status, error.param.as_deref()), (400, Some("financial_account")));
        assert!(error.message.unwrap_or_default().contains(word), "{word}");
    }
    // Stripe declines some for risk: 402, nothing made.
    let before = state.inbound_transfers_of(&acct).len();
    assert_eq!(refusal(create(&client, &acct, &new_transfer(&fa.id, 100, RISK_DECLINED_TOKEN)).await).0, 402);
    assert_eq!(state.inbound_transfers_of(&acct).len(), before);
    sandbox.shutdown().await;
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("treasury-desk-add-funds-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    dir
}

fn funds(amount: i64, origin: &str) -> AddFunds {
    AddFunds {
        amount,
        currency: "usd".to_owned(),
        origin: origin.to_owned(),
        description: Some("Payroll".to_owned()),
        statement_descriptor: Some("PAYROLL".to_owned()),
        ach_submission: None,
    }
}

#[tokio::test]
async fn the_action_layer_records_the_new_id_says_why_stripe_refused_and_checks_an_unanswered_create() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let dir = scratch("executor");
    let log = AuditLog::at(dir.join("audit.jsonl"));
    let executor = Executor::new(client.clone(), Some(log.clone()));
    let platform = sandbox.state().platform_account_id();
    let (acct, fa, origin) = fa_with(&sandbox, false);
    let request = |funds: AddFunds| {
        Request::new(Kind::AddFunds(funds), &fa.id, Some(acct.clone()), Source::Sandbox, &platform, None)
    };

    let done = executor.execute(request(funds(12_345, &origin.id))).await;
    let Outcome::Done { landed, detail, .. } = &done.outcome else { panic!("{:?}", done.outcome) };
    let Some(Landed::Transfer(transfer)) = landed.first() else { panic!("{landed:?}") };
    assert!(detail.contains(&transfer.id) && detail.contains("$123.45"), "{detail}");
    assert!(matches!(landed.get(1), Some(Landed::FinancialAccount(f)) if f.id == fa.id), "read again: {landed:?}");
    assert_eq!(done.request.amount.as_ref().map(|a| a.minor_units), Some(12_345));
    let key = done.request.idempotency_key.as_str().to_owned();
    assert_eq!(transfer.metadata.get(treasury::ACTION_KEY_METADATA), Some(&key), "marked with its key");
    let trail = log.read().expect("trail");
    let recorded = trail.actions.last().expect("recorded");
    assert_eq!(recorded.intent.action, "add_funds");
    assert!(recorded.intent.parameters.contains(&("origin_payment_method".to_owned(), origin.id.clone())));
    assert_eq!(recorded.latest().and_then(|o| o.object_status.clone()), Some(format!("{} processing", transfer.id)));

    // Stripe's refusals, in words, with the code a dialog acts on.
    let refused = |outcome: &Outcome| match outcome {
        Outcome::Refused { reason, code, status, .. } => (reason.clone(), code.clone(), *status),
        other => panic!("not refused: {other:?}"),
    };
    let ineligible = AddFunds {
        ach_submission: Some(AchSubmission::SameDay),
        ..funds(500, "pm_usBankAccount_sameDayACHIneligible")
    };
    let (reason, code, _) = refused(&executor.execute(request(ineligible)).await.outcome);
    assert!(reason.contains("same-day") && reason.contains("standard ACH"), "{reason}");
    assert_eq!(code.as_deref(), Some(NOT_SAME_DAY_ELIGIBLE));
    let (reason, _, status) = refused(&executor.execute(request(funds(500, RISK_DECLINED_TOKEN))).await.outcome);
    assert_eq!(status, Some(402));
    assert!(reason.contains("risk"), "{reason}");
    let body = r#"{"error":{"type":"invalid_request_error","message":"The provided key 'rk_test_***abcd' does not have the required permissions for this endpoint on account 'acct_x'. Having the 'rak_treasury_inbound_transfer_write' permission would allow this request to continue."}}"#;
    let forbidden = Fault::Respond { status: 403, content_type: "application/json", body: body.to_owned() };
    sandbox.faults().arm("POST", "/v1/treasury/inbound_transfers", forbidden, 1);
    let (reason, _, _) = refused(&executor.execute(request(funds(500, &origin.id))).await.outcome);
    assert!(reason.contains("not allowed to create inbound transfers") && reason.contains("rak_"), "{reason}");

    // No answer: unknown. The check finds the transfer by the action's key in its metadata.
    sandbox.faults().arm("POST", "/v1/treasury/inbound_transfers", Fault::LoseResponseAfterCommit, 50);
    let lost = executor.execute(request(funds(777, &origin.id))).await;
    assert_eq!(lost.outcome.verdict(), Verdict::Unknown, "{:?}", lost.outcome);
    sandbox.faults().clear();
    let trail = log.read().expect("trail");
    let action = trail.actions.iter().find(|a| a.intent.action_id == lost.request.action_id).expect("recorded");
    let found = actions::check(&client, Source::Sandbox, &platform, action, Some(&log)).await.expect("checked");
    assert_eq!(found.verdict, Verdict::Done, "{}", found.detail);
    let made = sandbox
        .state()
        .inbound_transfers_of(&acct)
        .into_iter()
        .filter(|t| {
            t.metadata.get(treasury::ACTION_KEY_METADATA) == Some(&lost.request.idempotency_key.as_str().to_owned())
        })
        .collect::<Vec<_>>();
    assert_eq!(made.len(), 1, "made once despite the client's retries");
    assert!(found.detail.contains(&made[0].id), "{}", found.detail);
    // A retry with the same key replays it: still one transfer.
    let retry = Request::new(
        Kind::AddFunds(funds(777, &origin.id)),
        &fa.id,
        Some(acct.clone()),
        Source::Sandbox,
        &platform,
        Some(lost.request.idempotency_key.clone()),
    );
    let again = executor.execute(retry).await;
    assert!(again.outcome.detail().contains(&made[0].id), "{:?}", again.outcome);

    // Never arrived: unknown, and the check says it was not made.
    sandbox.faults().arm("POST", "/v1/treasury/inbound_transfers", Fault::ResetBeforeCommit, 50);
    let before = sandbox.state().inbound_transfers_of(&acct).len();
    let cut = executor.execute(request(funds(888, &origin.id))).await;
    assert_eq!(cut.outcome.verdict(), Verdict::Unknown);
    sandbox.faults().clear();
    assert_eq!(sandbox.state().inbound_transfers_of(&acct).len(), before);
    let trail = log.read().expect("trail");
    let action = trail.actions.iter().find(|a| a.intent.action_id == cut.request.action_id).expect("recorded");
    let found = actions::check(&client, Source::Sandbox, &platform, action, Some(&log)).await.expect("checked");
    assert_eq!(found.verdict, Verdict::NotDone, "{}", found.detail);
    assert!(matches!(log.verify().expect("verify"), Verification::Intact { .. }));
    sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The CLI against a sandbox, with its own data folder (never the user's trail).
struct Cli {
    data: PathBuf,
    sandbox: Sandbox,
}

impl Cli {
    async fn run(&self, args: Vec<String>) -> Output {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .args(["--api-base", &self.sandbox.base_url()])
            .env("STRIPE_API_KEY", self.sandbox.api_key().expose())
            .env_remove("STRIPE_API_BASE")
            .env("XDG_DATA_HOME", &self.data)
            .env("HOME", &self.data)
            .env("USER", "finance-ana")
            .stdin(Stdio::null());
        tokio::task::spawn_blocking(move || command.output().expect("runs")).await.expect("joined")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_creates_prints_the_id_and_status_and_exits_non_zero_on_a_refusal() {
    let cli = Cli { data: scratch("cli"), sandbox: start().await };
    let (acct, fa, origin) = fa_with(&cli.sandbox, false);
    let create = |amount: &str, origin: &str, extra: &[&str]| {
        let mut args =
            vec!["inbound-transfers", "create", "--account", &acct, "--financial-account", &fa.id, "--origin"];
        args.push(origin);
        args.extend(["--amount", amount]);
        let mut owned: Vec<String> = args.into_iter().map(str::to_owned).collect();
        owned.extend(extra.iter().map(|s| (*s).to_owned()));
        owned
    };
    let done = cli.run(create("250.00", &origin.id, &["--statement-descriptor", "Top up"])).await;
    assert!(done.status.success(), "{}", text(&done.stderr));
    let stdout = text(&done.stdout);
    let first = stdout.lines().next().unwrap_or_default().to_owned();
    let (id, status) = first.split_once(' ').expect("id and status");
    assert!(id.starts_with("ibt_") && status == "processing", "{stdout}");
    assert!(stdout.contains("receipt: http"), "{stdout}");
    let made = cli.sandbox.state().inbound_transfer(id).expect("in the sandbox");
    assert_eq!((made.amount, made.statement_descriptor.as_str()), (25_000, "Top up"));

    // Refused before anything is sent, and by Stripe: exit 1 with the words.
    let precise = cli.run(create("12.345", &origin.id, &[])).await;
    assert_eq!(precise.status.code(), Some(1));
    assert!(text(&precise.stderr).contains("2 decimal places"), "{}", text(&precise.stderr));
    let descriptor = cli.run(create("1", &origin.id, &["--statement-descriptor", "payment_1"])).await;
    assert_eq!(descriptor.status.code(), Some(1), "{}", text(&descriptor.stderr));
    let risk = cli.run(create("5", RISK_DECLINED_TOKEN, &[])).await;
    assert_eq!(risk.status.code(), Some(1));
    assert!(text(&risk.stderr).contains("risk reasons (402)"), "{}", text(&risk.stderr));
    let ineligible = cli.run(create("5", "pm_usBankAccount_sameDayACHIneligible", &["--same-day"])).await;
    assert_eq!(ineligible.status.code(), Some(1));
    assert!(text(&ineligible.stderr).contains("standard ACH"), "{}", text(&ineligible.stderr));

    let body = r#"{"error":{"type":"invalid_request_error","message":"The provided key 'rk_test_***abcd' does not have the required permissions for this endpoint on account 'acct_x'. Having the 'rak_treasury_inbound_transfer_write' permission would allow this request to continue."}}"#;
    let forbidden = Fault::Respond { status: 403, content_type: "application/json", body: body.to_owned() };
    cli.sandbox.faults().arm("POST", "/v1/treasury/inbound_transfers", forbidden, 1);
    let denied = cli.run(create("5", &origin.id, &[])).await;
    assert_eq!(denied.status.code(), Some(1));
    assert!(text(&denied.stderr).contains("not allowed to create inbound transfers (403)"), "{}", text(&denied.stderr));
    let state = cli.sandbox.state();
    let (owner, restricted) = state
        .connected_account_ids()
        .into_iter()
        .flat_map(|a| state.financial_accounts_of(&a).into_iter().map(move |f| (a.clone(), f)))
        .find(|(_, f)| f.restricted_features.contains(&Feature::InboundTransfersAch))
        .expect("a restricted feature");
    let args = ["inbound-transfers", "create", "--account", &owner, "--financial-account", &restricted.id];
    let mut args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    args.extend(["--origin", "pm_usBankAccount", "--amount", "5"].map(str::to_owned));
    let feature = cli.run(args).await;
    assert_eq!(feature.status.code(), Some(1));
    assert!(text(&feature.stderr).contains("inbound_transfers.ach feature is not active"), "{}", text(&feature.stderr));

    // No clear answer: exit 3; the same command again reuses the key, and one transfer exists.
    cli.sandbox.faults().arm("POST", "/v1/treasury/inbound_transfers", Fault::LoseResponseAfterCommit, 50);
    let lost = cli.run(create("99.99", &origin.id, &[])).await;
    assert_eq!(lost.status.code(), Some(3), "{}", text(&lost.stderr));
    cli.sandbox.faults().clear();
    let again = cli.run(create("99.99", &origin.id, &[])).await;
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("same idempotency key"), "{}", text(&again.stderr));
    let count = cli.sandbox.state().inbound_transfers_of(&acct).iter().filter(|t| t.amount == 9_999).count();
    assert_eq!(count, 1, "made once");

    let trail = AuditLog::at(cli.data.join("treasury-desk").join("audit.jsonl")).read().expect("trail");
    let verdicts: Vec<(&str, Option<Verdict>)> =
        trail.actions.iter().map(|a| (a.intent.action.as_str(), a.latest().map(|o| o.verdict))).collect();
    assert_eq!(
        verdicts,
        [
            ("add_funds", Some(Verdict::Done)),
            ("add_funds", Some(Verdict::NotDone)),
            ("add_funds", Some(Verdict::NotDone)),
            ("add_funds", Some(Verdict::NotDone)),
            ("add_funds", Some(Verdict::NotDone)),
            ("add_funds", Some(Verdict::Unknown)),
            ("add_funds", Some(Verdict::Done)),
        ],
        "the amount and the descriptor were refused before anything was recorded or sent"
    );
    assert_eq!(trail.actions[0].intent.amount.as_ref().map(|a| a.minor_units), Some(25_000));
    cli.sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&cli.data);
}
