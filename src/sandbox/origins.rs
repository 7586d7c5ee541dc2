//! The sandbox's origins of inbound transfers (PaymentMethods, SetupIntents, Stripe's test tokens,
//! ReceivedDebits): their seed, routes and validation. Holds the store's lock only inside `with`.
//!
//! An origin is a `us_bank_account` PaymentMethod attached to the account itself for inbound flows;
//! the seed makes them from the accounts' linked bank accounts (some accounts have none), and
//! `POST /v1/setup_intents` makes new ones from linked accounts.

use std::collections::{BTreeMap, HashSet};

use axum::extract::{Path, State};
use axum::response::Response;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::App;
use super::seed::SeedData;
use super::state::{digits, make_id, unix_now};
use super::wire::{Ctx, Failure, LIST_PARAMS, Listed, ok, page};
use crate::stripe::financial_connections::{self as fc, AccountStatus, Permission};
use crate::stripe::form::FormValue;
use crate::stripe::payment_method::{
    BillingDetails, Blocked, Networks, PaymentMethod, SetupIntent, SetupIntentStatus, StatusDetails, UsBankAccount,
};
use crate::stripe::treasury::{self, FailureCode, Feature, InboundTransferStatus};

const DAY: i64 = 24 * 3600;

/// The sandbox's own test token (not Stripe's): a transfer from it is declined for risk (402),
/// as Stripe does "in rare cases". Stripe documents no token for that, so the sandbox adds one.
pub const RISK_DECLINED_TOKEN: &str = "pm_sandbox_riskDeclined";

/// What one of the test PaymentMethod tokens of Stripe's guide makes an inbound transfer do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// `pm_usBankAccount`: processing, then succeeded.
    Succeeds,
    /// `pm_usBankAccount_processing`: stays processing (the test helpers still move it).
    StaysProcessing,
    /// `pm_usBankAccount_internalFailure` and the failure tokens: processing, then failed with this code.
    Fails(FailureCode),
    /// `pm_usBankAccount_dispute`: succeeded, then returned (a ReceivedDebit appears).
    Disputed,
    /// `pm_usBankAccount_sameDayACHIneligible`: a same-day create is refused
    /// (`inbound_transfer_not_same_day_eligible`); standard ACH stays processing.
    SameDayIneligible,
    /// [`RISK_DECLINED_TOKEN`]: the create is declined with a 402.
    RiskDeclined,
}

/// The token `id` names, if it is one. Stripe accepts them in test mode on any account.
pub(crate) fn token(id: &str) -> Option<Token> {
    Some(match id {
        "pm_usBankAccount" => Token::Succeeds,
        "pm_usBankAccount_processing" => Token::StaysProcessing,
        "pm_usBankAccount_internalFailure" => Token::Fails(FailureCode::CouldNotProcess),
        "pm_usBankAccount_noAccount" => Token::Fails(FailureCode::NoAccount),
        "pm_usBankAccount_accountClosed" => Token::Fails(FailureCode::AccountClosed),
        "pm_usBankAccount_invalidAccountNumber" => Token::Fails(FailureCode::InvalidAccountNumber),
        "pm_usBankAccount_insufficientFunds" => Token::Fails(FailureCode::InsufficientFunds),
        "pm_usBankAccount_debitNotAuthorized" => Token::Fails(FailureCode::DebitNotAuthorized),
        "pm_usBankAccount_dispute" => Token::Disputed,
        "pm_usBankAccount_sameDayACHIneligible" => Token::SameDayIneligible,
        RISK_DECLINED_TOKEN => Token::RiskDeclined,
        _ => return None,
    })
}

/// The PaymentMethod a token stands for: Stripe's test bank, as the guide's example shows it.
pub(crate) fn token_payment_method(id: &str) -> PaymentMethod {
    PaymentMethod {
        id: id.to_owned(),
        object: "payment_method".to_owned(),
        billing_details: BillingDetails { name: Some("Test account holder".to_owned()), ..BillingDetails::default() },
        created: unix_now(),
        customer: None,
        livemode: false,
        metadata: Some(BTreeMap::new()),
        kind: "us_bank_account".to_owned(),
        us_bank_account: Some(UsBankAccount {
            account_holder_type: Some("individual".to_owned()),
            account_type: Some("checking".to_owned()),
            bank_name: Some("STRIPE TEST BANK".to_owned()),
            financial_connections_account: None,
            fingerprint: Some("9k4N3QBuYSZOQY08".to_owned()),
            last4: Some("6789".to_owned()),
            networks: Some(Networks { preferred: Some("ach".to_owned()), supported: vec!["ach".to_owned()] }),
            routing_number: Some("110000000".to_owned()),
            status_details: None,
        }),
    }
}

/// A PaymentMethod the sandbox holds, with what Stripe knows about it but does not show.
#[derive(Clone, Debug)]
pub(crate) struct Stored {
    /// The account it belongs to.
    pub owner: String,
    /// Attached to the account itself (`attach_to_self`): listed, usable in Treasury flows.
    pub attached: bool,
    /// Set up with `flow_directions[]=inbound`: it may be the origin of an inbound transfer.
    pub inbound: bool,
    /// The object.
    pub payment_method: PaymentMethod,
}

/// A SetupIntent the sandbox holds, and the PaymentMethod it sets up until it is confirmed.
#[derive(Clone, Debug)]
pub(crate) struct SetupRecord {
    pub owner: String,
    pub intent: SetupIntent,
    /// The PaymentMethod made from `payment_method_data`, stored once the intent succeeds.
    pub pending: Option<Stored>,
}

/// The origin of a new transfer, as the create sees it.
pub(crate) enum Origin {
    /// One of Stripe's test tokens.
    Token(Token, PaymentMethod),
    /// One of the account's own PaymentMethods.
    Own(PaymentMethod),
}

/// Look up `id` as the origin of an inbound transfer on `owner`'s account, as Stripe checks it:
/// a token, or a PaymentMethod attached to the account, set up for inbound flows, not blocked.
pub(crate) fn origin(stored: &[Stored], owner: &str, id: &str) -> Result<Origin, Failure> {
    let param = "origin_payment_method";
    if let Some(token) = token(id) {
        return Ok(Origin::Token(token, token_payment_method(id)));
    }
    let Some(found) = stored.iter().find(|s| s.payment_method.id == id && s.owner == owner) else {
        return Err(Failure::param("resource_missing", param, format!("No such PaymentMethod: '{id}'")));
    };
    if !found.attached {
        return Err(Failure::bad_value(
            param,
            format!(
                "PaymentMethod {id} is not attached to this account: an inbound transfer's origin must be set up \
                 with attach_to_self=true."
            ),
        ));
    }
    if !found.inbound {
        return Err(Failure::bad_value(
            param,
            format!(
                "PaymentMethod {id} is not set up for inbound flows: set it up with a SetupIntent with \
                 flow_directions[]=inbound."
            ),
        ));
    }
    if let Some(blocked) = found.payment_method.blocked() {
        return Err(Failure::bad_value(
            param,
            format!(
                "PaymentMethod {id} is blocked ({}) and cannot be debited.",
                blocked.reason.as_deref().unwrap_or("blocked")
            ),
        ));
    }
    Ok(Origin::Own(found.payment_method.clone()))
}

/// What the seed adds for inbound transfers, drawn from its own generator (so every object the
/// seed made before keeps its values): origins made from the accounts' linked bank accounts,
/// which accounts lack same-day ACH access, and two financial accounts whose
/// `inbound_transfers.ach` is restricted or pending.
pub(crate) fn seed(config_seed: u64, data: &mut SeedData, now: i64) {
    let mut rng = ChaCha8Rng::seed_from_u64(config_seed ^ 0xadd0_f00d_5000_0001);
    // The platform funds its own account from one bank account, entered by hand.
    let platform = data.platform.id.clone();
    let mut origins = vec![manual_origin(&mut rng, &platform, "Northwind Capital LLC", now - 1300 * DAY)];
    let first_treasury = data.financial_accounts.iter().find(|f| f.owner != platform).map(|f| f.owner.clone());
    let mut blocked_one = false;
    for (index, account) in data.accounts.iter().enumerate() {
        let name = account.display_name().to_owned();
        let first = Some(&account.id) == first_treasury.as_ref();
        // Some accounts have no bank account to pull from at all.
        if !first && index % 5 == 3 {
            continue;
        }
        let linked = data.fc_accounts.iter().filter(|l| {
            l.account_holder.as_ref().and_then(|h| h.account.as_deref()) == Some(account.id.as_str())
                && l.status == AccountStatus::Active
                && l.permissions.iter().flatten().any(|p| *p == Permission::PaymentMethod)
                && l.supported_payment_method_types.iter().any(|t| t == "us_bank_account")
        });
        let mut own = Vec::new();
        for l in linked {
            if first || rng.random_bool(0.8) {
                own.push(linked_origin(&mut rng, &account.id, &name, l));
            }
        }
        if !first && rng.random_bool(0.15) {
            own.push(manual_origin(&mut rng, &account.id, &name, account.created.unwrap_or(now - 400 * DAY) + DAY));
        }
        // One origin, somewhere, was blocked after a return (R02): shown, not offered.
        if !first
            && !blocked_one
            && own.len() >= 2
            && let Some(last) = own.last_mut().and_then(|s| s.payment_method.us_bank_account.as_mut())
        {
            last.status_details = Some(StatusDetails {
                blocked: Some(Blocked {
                    network_code: Some("R02".to_owned()),
                    reason: Some("bank_account_closed".to_owned()),
                }),
            });
            blocked_one = true;
        }
        origins.extend(own);
        if rng.random_bool(0.25) && !first {
            data.same_day_denied.insert(account.id.clone());
        }
    }
    data.payment_methods = origins;
    feature_examples(&mut rng, data, first_treasury.as_deref());
}

/// One open financial account with `inbound_transfers.ach` restricted (action needed) and one
/// with it pending, among accounts with nothing awaiting confirmation (the other seeded
/// figures stay as they were: only these two accounts' feature lists change).
fn feature_examples(rng: &mut ChaCha8Rng, data: &mut SeedData, first_treasury: Option<&str>) {
    let waiting: HashSet<&str> = data
        .inbound_transfers
        .iter()
        .filter(|t| t.object.status == InboundTransferStatus::RequiresConfirmation)
        .map(|t| t.object.financial_account.as_str())
        .collect();
    let platform = data.platform.id.clone();
    let mut candidates: Vec<usize> = data
        .financial_accounts
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.owner != platform
                && Some(f.owner.as_str()) != first_treasury
                && f.object.is_open()
                && !f.object.has_manual_review()
                && !waiting.contains(f.object.id.as_str())
        })
        .map(|(i, _)| i)
        .collect();
    for restricted in [true, false] {
        if candidates.is_empty() {
            return;
        }
        let index = candidates.remove(rng.random_range(0..candidates.len()));
        let fa = &mut data.financial_accounts[index].object;
        fa.active_features.retain(|f| *f != Feature::InboundTransfersAch);
        if restricted {
            fa.restricted_features.push(Feature::InboundTransfersAch);
        } else {
            fa.pending_features.push(Feature::InboundTransfersAch);
        }
    }
}

fn linked_origin(rng: &mut ChaCha8Rng, owner: &str, name: &str, linked: &fc::Account) -> Stored {
    let checking = linked.subcategory == fc::Subcategory::Checking;
    Stored {
        owner: owner.to_owned(),
        attached: true,
        inbound: true,
        payment_method: PaymentMethod {
            id: make_id(rng, "pm_", 24),
            object: "payment_method".to_owned(),
            billing_details: BillingDetails { name: Some(name.to_owned()), ..BillingDetails::default() },
            created: linked.created + rng.random_range(0..DAY),
            customer: None,
            livemode: false,
            metadata: Some(BTreeMap::new()),
            kind: "us_bank_account".to_owned(),
            us_bank_account: Some(UsBankAccount {
                account_holder_type: Some("company".to_owned()),
                account_type: Some(if checking { "checking" } else { "savings" }.to_owned()),
                bank_name: Some(linked.institution_name.clone()),
                financial_connections_account: Some(linked.id.clone()),
                fingerprint: Some(make_id(rng, "", 16)),
                last4: linked.last4.clone(),
                networks: Some(Networks { preferred: Some("ach".to_owned()), supported: vec!["ach".to_owned()] }),
                routing_number: Some(format!("0{}", digits(rng, 8))),
                status_details: None,
            }),
        },
    }
}

fn manual_origin(rng: &mut ChaCha8Rng, owner: &str, name: &str, created: i64) -> Stored {
    let banks = ["JPMorgan Chase", "Wells Fargo", "Bank of America", "Silicon Valley Bank", "Mercury"];
    Stored {
        owner: owner.to_owned(),
        attached: true,
        inbound: true,
        payment_method: PaymentMethod {
            id: make_id(rng, "pm_", 24),
            object: "payment_method".to_owned(),
            billing_details: BillingDetails { name: Some(name.to_owned()), ..BillingDetails::default() },
            created,
            customer: None,
            livemode: false,
            metadata: Some(BTreeMap::new()),
            kind: "us_bank_account".to_owned(),
            us_bank_account: Some(UsBankAccount {
                account_holder_type: Some("company".to_owned()),
                account_type: Some("checking".to_owned()),
                bank_name: Some(banks[rng.random_range(0..banks.len())].to_owned()),
                financial_connections_account: None,
                fingerprint: Some(make_id(rng, "", 16)),
                last4: Some(digits(rng, 4)),
                networks: Some(Networks { preferred: Some("ach".to_owned()), supported: vec!["ach".to_owned()] }),
                routing_number: Some(format!("0{}", digits(rng, 8))),
                status_details: None,
            }),
        },
    }
}

impl Listed for PaymentMethod {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

/// `GET /v1/payment_methods`: the account's own PaymentMethods for Treasury flows (attached to
/// itself). With `customer`, a Customer's: the sandbox holds no Customers.
pub(crate) async fn list_payment_methods(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["customer", "type"]].concat())?;
    if let Some(customer) = ctx.params.str("customer")? {
        return Err(Failure::no_such("customer", customer, "customer"));
    }
    let kind = ctx.params.str("type")?.map(str::to_owned);
    let owner = ctx.scope.owner.clone();
    let all: Vec<PaymentMethod> = app.state.with(|s| {
        s.payment_methods.iter().filter(|p| p.owner == owner && p.attached).map(|p| p.payment_method.clone()).collect()
    });
    let items = all.iter().filter(|p| kind.as_deref().is_none_or(|k| p.kind == k)).cloned().collect();
    Ok(ok(&page(&all, items, &ctx.params, "/v1/payment_methods")?))
}

/// `GET /v1/payment_methods/{id}`: one of the account's, or a test token.
pub(crate) async fn retrieve_payment_method(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    if token(&id).is_some() {
        return Ok(ok(&token_payment_method(&id)));
    }
    app.state
        .with(|s| {
            s.payment_methods
                .iter()
                .find(|p| p.payment_method.id == id && p.owner == ctx.scope.owner)
                .map(|p| p.payment_method.clone())
        })
        .map(|p| ok(&p))
        .ok_or_else(|| Failure::no_such("payment_method", &id, "payment_method"))
}

/// Whether a mandate was accepted, from `mandate_data[customer_acceptance]`.
fn mandate_accepted(value: Option<&FormValue>) -> Result<bool, Failure> {
    let Some(acceptance) = value.and_then(|m| m.get("customer_acceptance")) else { return Ok(false) };
    let param = "mandate_data[customer_acceptance][type]";
    match acceptance.get("type").and_then(FormValue::as_str) {
        Some("offline") => Ok(true),
        Some("online") => {
            let online = acceptance.get("online");
            let given =
                |key| online.and_then(|o| o.get(key)).and_then(FormValue::as_str).is_some_and(|v| !v.is_empty());
            if given("ip_address") && given("user_agent") {
                Ok(true)
            } else {
                Err(Failure::bad_value(
                    "mandate_data[customer_acceptance][online]",
                    "An online acceptance needs the holder's ip_address and user_agent.",
                ))
            }
        }
        _ => Err(Failure::missing(param)),
    }
}

/// `POST /v1/setup_intents`: set up a `us_bank_account` PaymentMethod from a linked account the
/// requesting account holds (`payment_method_data[us_bank_account][financial_connections_account]`).
/// With `confirm=true` and an accepted mandate it succeeds at once; otherwise it waits in
/// `requires_confirmation` for `POST /v1/setup_intents/{id}/confirm`.
pub(crate) async fn create_setup_intent(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let p = &ctx.params;
    p.allow(&[
        "attach_to_self",
        "confirm",
        "customer",
        "description",
        "flow_directions",
        "mandate_data",
        "metadata",
        "payment_method_data",
        "payment_method_types",
        "usage",
    ])?;
    let flag = |name: &str| -> Result<bool, Failure> {
        match p.str(name)? {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(other) => Err(Failure::bad_value(name, format!("Invalid boolean: {other}"))),
        }
    };
    let attach_to_self = flag("attach_to_self")?;
    if let Some(customer) = p.str("customer")? {
        if attach_to_self {
            return Err(Failure::bad_value(
                "attach_to_self",
                "attach_to_self cannot be true when setting up a PaymentMethod for a Customer.",
            ));
        }
        return Err(Failure::no_such("customer", customer, "customer"));
    }
    let directions: Vec<String> =
        p.value("flow_directions").map(|v| v.strings().into_iter().map(str::to_owned).collect()).unwrap_or_default();
    if let Some(bad) = directions.iter().find(|d| !matches!(d.as_str(), "inbound" | "outbound")) {
        return Err(Failure::bad_value(
            "flow_directions",
            format!("Invalid flow_directions[]: must be inbound or outbound (got '{bad}')."),
        ));
    }
    let types: Vec<String> = p
        .value("payment_method_types")
        .map(|v| v.strings().into_iter().map(str::to_owned).collect())
        .unwrap_or_else(|| vec!["card".to_owned()]);
    if !types.iter().any(|t| t == "us_bank_account") {
        return Err(Failure::bad_value(
            "payment_method_types",
            "The sandbox sets up us_bank_account PaymentMethods only: send payment_method_types[]=us_bank_account.",
        ));
    }
    let data = p.value("payment_method_data").ok_or_else(|| Failure::missing("payment_method_data"))?;
    if data.get("type").and_then(FormValue::as_str) != Some("us_bank_account") {
        return Err(Failure::bad_value(
            "payment_method_data[type]",
            "payment_method_data[type] must be us_bank_account.",
        ));
    }
    let bank = data.get("us_bank_account");
    let linked_param = "payment_method_data[us_bank_account][financial_connections_account]";
    let Some(linked_id) = bank.and_then(|b| b.get("financial_connections_account")).and_then(FormValue::as_str) else {
        return Err(Failure::bad_value(
            linked_param,
            "The sandbox sets up bank accounts from linked Financial Connections accounts only (entered account \
             numbers need microdeposit verification, which it does not model): send \
             payment_method_data[us_bank_account][financial_connections_account].",
        ));
    };
    let confirm = flag("confirm")?;
    let accepted = mandate_accepted(p.value("mandate_data"))?;
    if confirm && !accepted {
        return Err(Failure::missing("mandate_data[customer_acceptance][type]"));
    }
    let owner = ctx.scope.owner.clone();
    let name = p
        .value("payment_method_data")
        .and_then(|d| d.get("billing_details"))
        .and_then(|b| b.get("name"))
        .and_then(FormValue::as_str)
        .map(str::to_owned);
    let intent = app.state.with(|s| -> Result<SetupIntent, Failure> {
        let linked = s
            .fc_accounts
            .iter()
            .find(|a| a.id == linked_id && a.account_holder.as_ref().and_then(|h| h.account.as_deref()) == Some(&owner))
            .cloned()
            .ok_or_else(|| {
                Failure::param(
                    "resource_missing",
                    linked_param,
                    format!("No such financial_connections.account: '{linked_id}'"),
                )
            })?;
        if linked.status != AccountStatus::Active {
            return Err(Failure::bad_value(
                linked_param,
                format!(
                    "Financial Connections account {linked_id} is {}: only active accounts can be set up.",
                    linked.status
                ),
            ));
        }
        if !linked.permissions.iter().flatten().any(|p| *p == Permission::PaymentMethod) {
            return Err(Failure::bad_value(
                linked_param,
                format!(
                    "Financial Connections account {linked_id} was not linked with the payment_method permission: \
                     link it again asking for permissions[]=payment_method."
                ),
            ));
        }
        if !linked.supported_payment_method_types.iter().any(|t| t == "us_bank_account") {
            return Err(Failure::bad_value(
                linked_param,
                format!("Financial Connections account {linked_id} cannot be debited as a us_bank_account."),
            ));
        }
        let holder =
            name.clone().or_else(|| s.accounts.iter().find(|a| a.id == owner).map(|a| a.display_name().to_owned()));
        let mut stored = linked_origin(&mut s.rng, &owner, holder.as_deref().unwrap_or("Account holder"), &linked);
        stored.payment_method.created = unix_now();
        stored.attached = attach_to_self;
        stored.inbound = directions.iter().any(|d| d == "inbound");
        let intent = SetupIntent {
            id: make_id(&mut s.rng, "seti_", 24),
            object: "setup_intent".to_owned(),
            attach_to_self: Some(attach_to_self),
            created: unix_now(),
            flow_directions: (!directions.is_empty()).then(|| directions.clone()),
            last_setup_error: None,
            livemode: false,
            payment_method: Some(stored.payment_method.id.clone()),
            payment_method_types: types.clone(),
            status: if confirm { SetupIntentStatus::Succeeded } else { SetupIntentStatus::RequiresConfirmation },
            usage: p.str("usage").ok().flatten().unwrap_or("off_session").to_owned(),
        };
        if confirm {
            s.payment_methods.push(stored);
            s.setup_intents.push(SetupRecord { owner: owner.clone(), intent: intent.clone(), pending: None });
        } else {
            s.setup_intents.push(SetupRecord { owner: owner.clone(), intent: intent.clone(), pending: Some(stored) });
        }
        Ok(intent)
    })?;
    Ok(ok(&intent))
}

/// `GET /v1/setup_intents/{id}`.
pub(crate) async fn retrieve_setup_intent(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| {
            s.setup_intents.iter().find(|r| r.intent.id == id && r.owner == ctx.scope.owner).map(|r| r.intent.clone())
        })
        .map(|i| ok(&i))
        .ok_or_else(|| Failure::no_such("setup_intent", &id, "intent"))
}

/// `POST /v1/setup_intents/{id}/confirm` with the holder's mandate acceptance.
pub(crate) async fn confirm_setup_intent(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&["mandate_data"])?;
    if !mandate_accepted(ctx.params.value("mandate_data"))? {
        return Err(Failure::missing("mandate_data[customer_acceptance][type]"));
    }
    let owner = ctx.scope.owner.clone();
    let intent = app.state.with(|s| -> Result<SetupIntent, Failure> {
        let index = s
            .setup_intents
            .iter()
            .position(|r| r.intent.id == id && r.owner == owner)
            .ok_or_else(|| Failure::no_such("setup_intent", &id, "intent"))?;
        let record = &mut s.setup_intents[index];
        if record.intent.status != SetupIntentStatus::RequiresConfirmation {
            return Err(Failure::invalid(format!(
                "SetupIntent {id} cannot be confirmed: its status is `{}`.",
                record.intent.status
            ))
            .code("setup_intent_unexpected_state"));
        }
        record.intent.status = SetupIntentStatus::Succeeded;
        let intent = record.intent.clone();
        if let Some(stored) = record.pending.take() {
            s.payment_methods.push(stored);
        }
        Ok(intent)
    })?;
    Ok(ok(&intent))
}

/// The origin details a transfer carries, from the PaymentMethod it pulls from.
pub(crate) fn origin_details(pm: &PaymentMethod) -> treasury::OriginPaymentMethodDetails {
    let bank = pm.us_bank_account.clone().unwrap_or_default();
    treasury::OriginPaymentMethodDetails {
        billing_details: treasury::BillingDetails {
            address: pm.billing_details.address.clone().unwrap_or_default(),
            email: pm.billing_details.email.clone(),
            name: pm.billing_details.name.clone(),
        },
        kind: "us_bank_account".to_owned(),
        us_bank_account: Some(treasury::UsBankAccountDetails {
            account_holder_type: bank.account_holder_type,
            account_type: bank.account_type,
            bank_name: bank.bank_name,
            fingerprint: bank.fingerprint,
            last4: bank.last4,
            network: "ach".to_owned(),
            routing_number: bank.routing_number,
        }),
    }
}
