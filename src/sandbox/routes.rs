//! The sandbox's routes and handlers: one function per Stripe endpoint it serves.
//! Owns request validation per endpoint; must not hold the store's lock across an await.

use axum::Router;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::App;
use super::state::{Action, NewTransfer};
use super::wire::{self, Ctx, Failure, LIST_PARAMS, ok, page};
use crate::stripe::account::Account;
use crate::stripe::error::ErrorType;
use crate::stripe::financial_connections as fc;
use crate::stripe::form::FormValue;
use crate::stripe::treasury::{
    self, AchSubmission, FailureCode, FinancialAccount, FinancialAccountStatus, InboundTransfer, InboundTransferStatus,
};

/// Largest `funds_availability_delay` (5 days, past the ACH return window).
const MAX_FUNDS_DELAY: i64 = 432_000;

/// The whole app: routes, then idempotency, auth and request ids around them.
pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route("/v1/account", get(platform_account))
        .route("/v1/accounts", get(list_accounts))
        .route("/v1/accounts/{account}", get(retrieve_account))
        .route("/v1/balance", get(balance))
        .route("/v1/events", get(super::events::list_events))
        .route("/v1/events/{id}", get(super::events::retrieve_event))
        .route("/v1/treasury/financial_accounts", get(list_financial_accounts))
        .route("/v1/treasury/financial_accounts/{financial_account}", get(retrieve_financial_account))
        .route("/v1/treasury/inbound_transfers", get(list_inbound_transfers).post(create_inbound_transfer))
        .route("/v1/treasury/inbound_transfers/{id}", get(retrieve_inbound_transfer))
        .route("/v1/treasury/inbound_transfers/{id}/cancel", post(cancel_inbound_transfer))
        .route("/v1/treasury/inbound_transfers/{id}/confirm", post(confirm_inbound_transfer))
        .route("/v1/test_helpers/treasury/inbound_transfers/{id}/succeed", post(succeed_inbound_transfer))
        .route("/v1/test_helpers/treasury/inbound_transfers/{id}/fail", post(fail_inbound_transfer))
        .route("/v1/test_helpers/treasury/inbound_transfers/{id}/return", post(return_inbound_transfer))
        .route("/v1/payment_methods", get(super::origins::list_payment_methods))
        .route("/v1/payment_methods/{payment_method}", get(super::origins::retrieve_payment_method))
        .route("/v1/setup_intents", post(super::origins::create_setup_intent))
        .route("/v1/setup_intents/{intent}", get(super::origins::retrieve_setup_intent))
        .route("/v1/setup_intents/{intent}/confirm", post(super::origins::confirm_setup_intent))
        .route("/v1/treasury/received_debits", get(super::ledger::list_received_debits))
        .route("/v1/treasury/received_debits/{id}", get(super::ledger::retrieve_received_debit))
        .route("/v1/treasury/received_credits", get(super::ledger::list_received_credits))
        .route("/v1/treasury/received_credits/{id}", get(super::ledger::retrieve_received_credit))
        .route("/v1/treasury/transactions", get(super::ledger::list_transactions))
        .route("/v1/treasury/transactions/{id}", get(super::ledger::retrieve_transaction))
        .route("/v1/treasury/transaction_entries", get(super::ledger::list_entries))
        .route("/v1/treasury/transaction_entries/{id}", get(super::ledger::retrieve_entry))
        .route("/v1/test_helpers/treasury/received_credits", post(super::ledger::create_received_credit))
        .route("/v1/test_helpers/treasury/received_debits", post(super::ledger::create_received_debit))
        .route("/v1/financial_connections/accounts", get(list_fc_accounts))
        .route("/v1/financial_connections/accounts/{account}", get(retrieve_fc_account))
        .route("/v1/financial_connections/accounts/{account}/refresh", post(refresh_fc_account))
        .route("/v1/financial_connections/sessions", post(super::sessions::create_session))
        .route("/v1/financial_connections/sessions/{session}", get(super::sessions::retrieve_session))
        .route("/v1/financial_connections/authorizations/{authorization}", get(super::sessions::retrieve_authorization))
        .route("/receipts/{id}", get(receipt))
        .fallback(unrecognized)
        .method_not_allowed_fallback(unrecognized)
        .layer(middleware::from_fn_with_state(app.clone(), wire::idempotency))
        .layer(middleware::from_fn_with_state(app.clone(), wire::authenticate))
        // Oversized requests are refused before anything else reads them.
        .layer(middleware::from_fn(super::limits::check))
        .layer(middleware::from_fn(wire::stamp))
        // Stripe.js's stand-in and the hosted page: publishable key + client_secret, not the secret key.
        .merge(super::stripe_js::router())
        .with_state(app)
}

async fn unrecognized(method: Method, OriginalUri(uri): OriginalUri) -> Failure {
    Failure::unrecognized(&method, uri.path())
}

/// `GET /v1/account`: the platform, or the connected account named by `Stripe-Account`.
async fn platform_account(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    Ok(ok(&scope_account(&app, &ctx)?))
}

/// `GET /v1/balance`: the Stripe balance of the platform, or of the account named by `Stripe-Account`.
async fn balance(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    Ok(ok(&super::seed::stripe_balance(&scope_account(&app, &ctx)?)))
}

/// The account a request acts as: the platform, or the connected account named by `Stripe-Account`.
fn scope_account(app: &App, ctx: &Ctx) -> Result<Account, Failure> {
    let owner = &ctx.scope.owner;
    let account = app.state.with(|s| {
        if s.platform.id == *owner {
            Some(s.platform.clone())
        } else {
            s.accounts.iter().find(|a| a.id == *owner).cloned()
        }
    });
    account.ok_or_else(|| Failure::no_such("account", owner, "id"))
}

async fn list_accounts(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["created"]].concat())?;
    let created = wire::created_filter(&ctx.params)?;
    let all: Vec<Account> = app.state.with(|s| s.accounts.clone());
    let items = all.iter().filter(|a| created(a.created.unwrap_or(0))).cloned().collect();
    let list = page(&all, items, &ctx.params, "/v1/accounts")?;
    Ok(ok(&list))
}

async fn retrieve_account(State(app): State<App>, Path(id): Path<String>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.accounts.iter().find(|a| a.id == id).cloned())
        .map(|a| ok(&a))
        .ok_or_else(|| Failure::no_such("account", &id, "id"))
}

async fn list_financial_accounts(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    // An account that never had the treasury capability is not onboarded to Treasury: Stripe's
    // 404 with its hint (see `treasury::not_onboarded_message`), before any parameter is read.
    if scope_account(&app, &ctx)?.treasury_capability().is_none() {
        let message = crate::stripe::treasury::not_onboarded_message("GET", "/v1/treasury/financial_accounts");
        return Err(Failure::new(StatusCode::NOT_FOUND, ErrorType::InvalidRequestError, message));
    }
    ctx.params.allow(&[&LIST_PARAMS[..], &["created", "status"]].concat())?;
    let status = match ctx.params.str("status")? {
        None => None,
        Some("open") => Some(FinancialAccountStatus::Open),
        Some("closed") => Some(FinancialAccountStatus::Closed),
        Some(other) => {
            return Err(Failure::bad_value(
                "status",
                format!("Invalid status: must be one of open or closed (got '{other}')."),
            ));
        }
    };
    let created = wire::created_filter(&ctx.params)?;
    let all: Vec<FinancialAccount> = app.state.with(|s| {
        s.financial_accounts.iter().filter(|f| f.owner == ctx.scope.owner).map(|f| f.object.clone()).collect()
    });
    let items = all
        .iter()
        .filter(|f| status.as_ref().is_none_or(|st| f.status == *st) && created(f.created))
        .cloned()
        .collect();
    let list = page(&all, items, &ctx.params, "/v1/treasury/financial_accounts")?;
    Ok(ok(&list))
}

async fn retrieve_financial_account(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.financial_account(&ctx.scope.owner, &id).cloned())
        .map(|f| ok(&f))
        .ok_or_else(|| Failure::no_such("financial account", &id, "id"))
}

fn transfer_status(raw: &str) -> Result<InboundTransferStatus, Failure> {
    match InboundTransferStatus::from(raw) {
        InboundTransferStatus::Unknown(_) => Err(Failure::bad_value(
            "status",
            format!(
                "Invalid status: must be one of canceled, failed, processing, requires_confirmation or succeeded (got '{raw}')."
            ),
        )),
        known => Ok(known),
    }
}

async fn list_inbound_transfers(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["financial_account", "status"]].concat())?;
    let fa = ctx.params.required("financial_account")?.to_owned();
    let status = ctx.params.str("status")?.map(transfer_status).transpose()?;
    let all: Option<Vec<InboundTransfer>> = app.state.with(|s| {
        s.financial_account(&ctx.scope.owner, &fa)?;
        Some(
            s.inbound_transfers
                .iter()
                .filter(|t| t.owner == ctx.scope.owner && t.object.financial_account == fa)
                .map(|t| t.object.clone())
                .collect(),
        )
    });
    let all = all.ok_or_else(|| Failure::no_such("financial account", &fa, "financial_account"))?;
    let items = all.iter().filter(|t| status.as_ref().is_none_or(|st| t.status == *st)).cloned().collect();
    let list = page(&all, items, &ctx.params, "/v1/treasury/inbound_transfers")?;
    Ok(ok(&list))
}

async fn retrieve_inbound_transfer(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.inbound_transfer(&ctx.scope.owner, &id).cloned())
        .map(|t| ok(&t))
        .ok_or_else(|| Failure::no_such("inbound transfer", &id, "id"))
}

/// `POST /v1/treasury/inbound_transfers`, with the guide's validation; the same-day option
/// (`origin_payment_method_options[us_bank_account][ach][submission]`) only on a preview version.
async fn create_inbound_transfer(State(app): State<App>, headers: HeaderMap, ctx: Ctx) -> Result<Response, Failure> {
    let p = &ctx.params;
    p.allow(&[
        "amount",
        "currency",
        "description",
        "financial_account",
        "metadata",
        "origin_payment_method",
        "origin_payment_method_options",
        "statement_descriptor",
    ])?;
    let amount = p.positive_integer("amount")?;
    let currency = p.required("currency")?.to_ascii_lowercase();
    if currency != "usd" {
        return Err(Failure::bad_value(
            "currency",
            format!("Invalid currency: {currency}. Inbound transfers support only usd."),
        ));
    }
    let financial_account = p.required("financial_account")?.to_owned();
    let origin_payment_method = p.required("origin_payment_method")?.to_owned();
    let statement_descriptor = match p.str("statement_descriptor")? {
        None => "transfer".to_owned(),
        Some("") => {
            return Err(Failure::bad_value(
                "statement_descriptor",
                "statement_descriptor must be between 1 and 10 characters long.",
            ));
        }
        Some(s) => match treasury::statement_descriptor_problem(s) {
            None => s.to_owned(),
            Some(problem) => {
                return Err(Failure::bad_value(
                    "statement_descriptor",
                    format!("Invalid statement_descriptor: {problem}."),
                ));
            }
        },
    };
    let description = p.str("description")?.map(str::to_owned);
    if description.as_ref().is_some_and(|d| d.chars().count() > 5000) {
        return Err(Failure::bad_value("description", "description must be at most 5000 characters long."));
    }
    let ach_submission = match p.value("origin_payment_method_options") {
        None => None,
        Some(options) => {
            let param = treasury::ACH_SUBMISSION_PARAM;
            let version = headers.get("Stripe-Version").and_then(|v| v.to_str().ok()).unwrap_or("");
            if !version.ends_with(".preview") {
                return Err(Failure::bad_value(
                    param,
                    format!(
                        "{param} is a preview parameter: send the header `Stripe-Version: {}` (or another .preview version).",
                        crate::stripe::financial_connections::PREVIEW_VERSION
                    ),
                ));
            }
            let value = options.get("us_bank_account").and_then(|b| b.get("ach")).and_then(|a| a.get("submission"));
            match value.and_then(FormValue::as_str).map(AchSubmission::from) {
                Some(AchSubmission::Unknown(other)) => {
                    return Err(Failure::bad_value(
                        param,
                        format!("Invalid {param}: must be one of same_day or standard (got '{other}')."),
                    ));
                }
                Some(known) => Some(known),
                None => {
                    return Err(Failure::bad_value(
                        "origin_payment_method_options",
                        format!("The only option supported is {param}."),
                    ));
                }
            }
        }
    };
    let new = NewTransfer {
        amount,
        currency,
        financial_account,
        origin_payment_method,
        description,
        statement_descriptor,
        metadata: p.metadata()?,
        ach_submission,
    };
    let transfer = app.state.with(|s| s.create_transfer(&ctx.scope.owner, new))?;
    Ok(ok(&transfer))
}

fn act(app: &App, ctx: &Ctx, id: &str, action: Action) -> Result<Response, Failure> {
    let transfer = app.state.with(|s| s.transition(&ctx.scope.owner, id, action))?;
    Ok(ok(&transfer))
}

async fn cancel_inbound_transfer(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    act(&app, &ctx, &id, Action::Cancel)
}

async fn confirm_inbound_transfer(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&["funds_availability_delay"])?;
    // Validated, then not modelled further: the InboundTransfer type has no field for it.
    ctx.params.integer("funds_availability_delay", 0..=MAX_FUNDS_DELAY)?;
    act(&app, &ctx, &id, Action::Confirm)
}

async fn succeed_inbound_transfer(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    act(&app, &ctx, &id, Action::Succeed)
}

async fn fail_inbound_transfer(State(app): State<App>, Path(id): Path<String>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&["failure_details"])?;
    let code = match ctx.params.value("failure_details") {
        None => FailureCode::CouldNotProcess,
        Some(details) => match details.get("code").and_then(|c| c.as_str()) {
            Some(raw) => match FailureCode::from(raw) {
                FailureCode::Unknown(_) => {
                    return Err(Failure::bad_value(
                        "failure_details[code]",
                        format!("Invalid failure_details[code]: '{raw}'"),
                    ));
                }
                known => known,
            },
            None => FailureCode::CouldNotProcess,
        },
    };
    act(&app, &ctx, &id, Action::Fail(code))
}

async fn return_inbound_transfer(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    act(&app, &ctx, &id, Action::Return)
}

async fn list_fc_accounts(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["account_holder", "session"]].concat())?;
    let holder = ctx.params.value("account_holder");
    let account = holder.and_then(|h| h.get("account")).and_then(|v| v.as_str());
    let customer = holder.and_then(|h| h.get("customer")).and_then(|v| v.as_str());
    let session = ctx.params.str("session")?;
    let all: Vec<fc::Account> = match (account, customer, session) {
        (Some(account), None, None) => {
            let known = app.state.with(|s| s.accounts.iter().any(|a| a.id == account) || s.platform.id == account);
            if !known {
                return Err(Failure::no_such("account", account, "account_holder[account]"));
            }
            app.state.fc_accounts_of(account)
        }
        // No customer or session holds linked accounts in the sandbox.
        (None, Some(_), None) | (None, None, Some(_)) => Vec::new(),
        // Both filters are optional in Stripe's spec ("If present, only return accounts that…"):
        // without one, every linked account the key can see.
        (None, None, None) => app.state.all_fc_accounts(),
        _ => {
            return Err(Failure::bad_value(
                "account_holder",
                "You may only specify one of account_holder[account], account_holder[customer] or session.",
            ));
        }
    };
    let list = page(&all, all.clone(), &ctx.params, "/v1/financial_connections/accounts")?;
    Ok(ok(&list))
}

async fn retrieve_fc_account(State(app): State<App>, Path(id): Path<String>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.fc_accounts.iter().find(|a| a.id == id).cloned())
        .map(|a| ok(&a))
        .ok_or_else(|| Failure::no_such("financial_connections.account", &id, "id"))
}

/// `POST /v1/financial_connections/accounts/{account}/refresh` with `features[]`.
///
/// Only `balance` is modelled: `ownership` and `transactions` are answered with a 400 that says
/// so (rather than accepted and silently ignored), anything else with Stripe's enum error.
async fn refresh_fc_account(State(app): State<App>, Path(id): Path<String>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&["features"])?;
    let features = match ctx.params.value("features") {
        None => return Err(Failure::missing("features")),
        Some(FormValue::List(items)) if !items.is_empty() => items,
        Some(_) => {
            return Err(Failure::bad_value(
                "features",
                "Invalid array: features must be a list, e.g. features[]=balance.",
            ));
        }
    };
    for (n, feature) in features.iter().enumerate() {
        match feature.as_str() {
            Some("balance") => {}
            Some(other @ ("ownership" | "transactions")) => {
                return Err(Failure::bad_value(
                    "features",
                    format!(
                        "Refreshing `{other}` is not supported in the sandbox, which models balance refreshes only: \
                         send features[]=balance."
                    ),
                ));
            }
            _ => {
                let param = format!("features[{n}]");
                return Err(Failure::bad_value(
                    &param,
                    format!("Invalid {param}: must be one of balance, ownership, or transactions."),
                ));
            }
        }
    }
    let account = app.state.with(|s| s.refresh_balance(&id))?;
    Ok(ok(&account))
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&#39;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// `GET /receipts/{id}`: a tiny HTML regulatory receipt (no auth, as Stripe's hosted page).
async fn receipt(State(app): State<App>, Path(id): Path<String>) -> Response {
    let Some(t) = app.state.inbound_transfer(&id) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Not found</title><p>No such receipt.</p>",
        )
            .into_response();
    };
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Receipt {id}</title></head><body>\
         <h1>Inbound transfer receipt (sandbox)</h1><p>Id: {id}</p><p>Amount: {amount} {currency} (minor units)</p>\
         <p>Status: {status}</p><p>Created: {created}</p></body></html>",
        id = escape(&t.id),
        amount = t.amount,
        currency = escape(&t.currency),
        status = escape(t.status.as_str()),
        created = t.created,
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, "default-src 'none'")],
        body,
    )
        .into_response()
}
