//! The sandbox's Financial Connections sessions and authorizations: create/retrieve, validated
//! against the seeded accounts (relink needs the preview version). Must not serve any HTML or JS.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rand::Rng;

use super::App;
use super::state::make_id;
use super::wire::{Ctx, Failure, Params, ok};
use crate::secret::Secret;
use crate::stripe::common::{AccountHolder, List};
use crate::stripe::error::ErrorType;
use crate::stripe::financial_connections::{
    self as fc, AccountStatus, Authorization, AuthorizationInactiveDetails, AuthorizationStatusDetails, Permission,
    RelinkOptions, SessionFilters, SessionLimits, SessionStatus, StatusAction, Subcategory,
};
use crate::stripe::form::FormValue;

/// One `POST /v1/financial_connections/sessions` the sandbox received (for tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRequest {
    /// The `Stripe-Version` header, if sent.
    pub stripe_version: Option<String>,
    /// The `Stripe-Account` header, if sent.
    pub stripe_account: Option<String>,
    /// The form parameters in the order sent.
    pub params: Vec<(String, String)>,
    /// The session made, when the request succeeded.
    pub session: Option<String>,
}

impl SessionRequest {
    /// Every value sent under `key` (e.g. `permissions[]`).
    pub fn values(&self, key: &str) -> Vec<&str> {
        self.params.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    /// The first value sent under `key`.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values(key).first().copied()
    }
}

/// A session and what only the sandbox knows about it.
#[derive(Clone, Debug)]
pub(crate) struct SessionRecord {
    /// The scope (`acct_…`) that made it.
    pub owner: String,
    /// The session as the secret-key API shows it.
    pub session: fc::Session,
    /// The unguessable path segment of its hosted page (`ui_mode=hosted` only).
    pub hosted_token: Option<String>,
}

impl SessionRecord {
    /// The raw `client_secret`.
    pub fn client_secret(&self) -> &str {
        self.session.client_secret.as_ref().map_or("", Secret::expose)
    }
}

/// Random alphanumerics from the OS-seeded generator (secrets must not come from the seeded stream).
pub(crate) fn random_alnum(len: usize) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    (0..len).map(|_| char::from(ALNUM[rng.random_range(0..ALNUM.len())])).collect()
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_owned())
}

fn is_preview(version: Option<&str>) -> bool {
    version.is_some_and(|v| v.ends_with(".preview"))
}

fn needs_preview(param: &str) -> Failure {
    Failure::bad_value(
        param,
        format!(
            "{param} needs the preview API: send the header `Stripe-Version: {}` (or another .preview version).",
            fc::PREVIEW_VERSION
        ),
    )
}

/// `POST /v1/financial_connections/sessions`.
pub(crate) async fn create_session(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let version = header(&headers, "Stripe-Version");
    let stripe_account = header(&headers, "Stripe-Account");
    let text = String::from_utf8_lossy(&body).into_owned();
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let result = create(&app, version.as_deref(), stripe_account.as_deref(), &text);
    let session = result.as_ref().ok().map(|s| s.id.clone());
    app.state.with(|s| {
        s.session_requests.push(SessionRequest { stripe_version: version, stripe_account, params: pairs, session })
    });
    match result {
        Ok(session) => ok(&session),
        Err(failure) => axum::response::IntoResponse::into_response(failure),
    }
}

fn create(app: &App, version: Option<&str>, stripe_account: Option<&str>, text: &str) -> Result<fc::Session, Failure> {
    let scope = app.state.resolve_scope(stripe_account)?;
    let p = Params::parse(text)?;
    p.allow(&[
        "account_holder",
        "filters",
        "limits",
        "manual_entry",
        "permissions",
        "prefetch",
        "relink_options",
        "return_url",
        "ui_mode",
    ])?;
    let preview = is_preview(version);
    let holder = account_holder(app, p.value("account_holder"))?;
    let permissions = permissions(p.value("permissions"))?;
    let limit = match p.value("limits") {
        None => None,
        Some(limits) => {
            let raw = limits
                .get("accounts")
                .and_then(FormValue::as_str)
                .ok_or_else(|| Failure::missing("limits[accounts]"))?;
            match raw.parse::<i64>() {
                Ok(n) if (1..=100).contains(&n) => Some(n),
                _ => {
                    return Err(Failure::param(
                        "parameter_invalid_integer",
                        "limits[accounts]",
                        format!("Invalid integer: {raw}. limits[accounts] must be between 1 and 100."),
                    ));
                }
            }
        }
    };
    let subcategories = match p.value("filters") {
        None => None,
        Some(filters) => {
            let raw = filters.get("account_subcategories").map(FormValue::strings).unwrap_or_default();
            let mut parsed = Vec::new();
            for value in raw {
                match Subcategory::from(value) {
                    Subcategory::Unknown(_) | Subcategory::Other => {
                        return Err(Failure::bad_value(
                            "filters[account_subcategories]",
                            format!(
                                "Invalid filters[account_subcategories][]: must be one of checking, credit_card, line_of_credit, mortgage or savings (got '{value}')."
                            ),
                        ));
                    }
                    known => parsed.push(known),
                }
            }
            Some(parsed)
        }
    };
    let hosted = match p.str("ui_mode")? {
        None | Some("modal") => false,
        Some("hosted") => true,
        Some(other) => {
            return Err(Failure::bad_value(
                "ui_mode",
                format!("Invalid ui_mode: must be hosted or modal (got '{other}')."),
            ));
        }
    };
    if p.value("ui_mode").is_some() && !preview {
        return Err(needs_preview("ui_mode"));
    }
    let relink = match p.value("relink_options") {
        None => None,
        Some(_) if !preview => return Err(needs_preview("relink_options")),
        Some(options) => Some(relink_options(app, options, &holder, &permissions)?),
    };
    let return_url = p.str("return_url")?.map(str::to_owned);
    app.state.with(|s| {
        let id = make_id(&mut s.rng, "fcsess_", 24);
        let client_secret = Secret::new(format!("{id}_secret_{}", random_alnum(32)));
        let hosted_token = hosted.then(|| random_alnum(32));
        let session = fc::Session {
            id: id.clone(),
            object: "financial_connections.session".to_owned(),
            account_holder: Some(holder),
            accounts: List::complete(Vec::new(), "/v1/financial_connections/accounts"),
            client_secret: Some(client_secret),
            filters: subcategories.map(|subs| SessionFilters { account_subcategories: Some(subs), countries: None }),
            limits: limit.map(|accounts| SessionLimits { accounts }),
            livemode: false,
            permissions,
            prefetch: None,
            return_url,
            relink_options: relink,
            relink_result: None,
            status: preview.then_some(SessionStatus::Pending),
            url: hosted_token.as_ref().map(|token| format!("{}/hosted/financial_connections/{token}", s.base_url)),
        };
        s.fc_sessions.push(SessionRecord { owner: scope.owner, session: session.clone(), hosted_token });
        Ok(session)
    })
}

fn account_holder(app: &App, value: Option<&FormValue>) -> Result<AccountHolder, Failure> {
    let value = value.ok_or_else(|| Failure::missing("account_holder"))?;
    let kind = value.get("type").and_then(FormValue::as_str).ok_or_else(|| Failure::missing("account_holder[type]"))?;
    match kind {
        "account" => {
            let id = value
                .get("account")
                .and_then(FormValue::as_str)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| Failure::missing("account_holder[account]"))?;
            let known = app.state.with(|s| s.platform.id == id || s.accounts.iter().any(|a| a.id == id));
            if !known {
                return Err(Failure::no_such("account", id, "account_holder[account]"));
            }
            Ok(AccountHolder::account(id))
        }
        "customer" => {
            let id = value
                .get("customer")
                .and_then(FormValue::as_str)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| Failure::missing("account_holder[customer]"))?;
            if !id.starts_with("cus_") {
                return Err(Failure::no_such("customer", id, "account_holder[customer]"));
            }
            Ok(AccountHolder::customer(id))
        }
        other => Err(Failure::bad_value(
            "account_holder[type]",
            format!("Invalid account_holder[type]: must be account or customer (got '{other}')."),
        )),
    }
}

fn permissions(value: Option<&FormValue>) -> Result<Vec<Permission>, Failure> {
    let raw = value.map(FormValue::strings).unwrap_or_default();
    if raw.is_empty() {
        return Err(Failure::missing("permissions"));
    }
    let mut parsed: Vec<Permission> = Vec::new();
    for value in raw {
        match Permission::from(value) {
            Permission::Unknown(_) => {
                return Err(Failure::bad_value(
                    "permissions",
                    format!(
                        "Invalid permissions[]: must be one of balances, ownership, payment_method or transactions (got '{value}')."
                    ),
                ));
            }
            known if !parsed.contains(&known) => parsed.push(known),
            _ => {}
        }
    }
    Ok(parsed)
}

fn relink_options(
    app: &App,
    options: &FormValue,
    holder: &AccountHolder,
    permissions: &[Permission],
) -> Result<RelinkOptions, Failure> {
    let authorization = options
        .get("authorization")
        .and_then(FormValue::as_str)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Failure::missing("relink_options[authorization]"))?;
    let account = options.get("account").and_then(FormValue::as_str).filter(|a| !a.is_empty());
    let on_authorization: Vec<fc::Account> = app.state.with(|s| {
        s.fc_accounts.iter().filter(|a| a.authorization.as_deref() == Some(authorization)).cloned().collect()
    });
    if on_authorization.is_empty() {
        return Err(Failure::no_such(
            "financial_connections.authorization",
            authorization,
            "relink_options[authorization]",
        ));
    }
    if on_authorization.iter().any(|a| a.account_holder.as_ref() != Some(holder)) {
        return Err(Failure::bad_value(
            "relink_options[authorization]",
            format!("The authorization '{authorization}' belongs to another account holder than account_holder."),
        ));
    }
    match account {
        Some(id) => {
            let found = app
                .state
                .fc_account(id)
                .ok_or_else(|| Failure::no_such("financial_connections.account", id, "relink_options[account]"))?;
            if found.account_holder.as_ref() != Some(holder) {
                return Err(Failure::bad_value(
                    "relink_options[account]",
                    format!("The account '{id}' belongs to another account holder than account_holder."),
                ));
            }
            if found.authorization.as_deref() != Some(authorization) {
                return Err(Failure::bad_value(
                    "relink_options[account]",
                    format!("The account '{id}' was not linked under the authorization '{authorization}'."),
                ));
            }
            if !found.relink_required() {
                let why = if found.status == AccountStatus::Inactive {
                    "it is inactive and cannot be repaired by relinking (status_details.inactive.action is none)"
                        .to_owned()
                } else {
                    format!(
                        "its status is `{}`; only an inactive account whose action is relink_required can be relinked",
                        found.status
                    )
                };
                return Err(Failure::bad_value(
                    "relink_options[account]",
                    format!("The account '{id}' cannot be relinked: {why}."),
                ));
            }
            let missing: Vec<&str> = found
                .permissions
                .iter()
                .flatten()
                .filter(|p| !permissions.contains(p))
                .map(Permission::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(Failure::bad_value(
                    "permissions",
                    format!(
                        "A relink session must ask for at least the permissions the account already has; missing: {}.",
                        missing.join(", ")
                    ),
                ));
            }
        }
        None => {
            if !on_authorization.iter().any(fc::Account::relink_required) {
                return Err(Failure::bad_value(
                    "relink_options[authorization]",
                    format!("The authorization '{authorization}' has no inactive account that relinking can repair."),
                ));
            }
        }
    }
    Ok(RelinkOptions { account: account.map(str::to_owned), authorization: Some(authorization.to_owned()) })
}

/// Hide the preview-only fields from a caller on a GA version.
fn as_seen_by(mut session: fc::Session, preview: bool) -> fc::Session {
    if !preview {
        session.relink_options = None;
        session.relink_result = None;
        session.status = None;
        session.url = None;
    }
    session
}

/// `GET /v1/financial_connections/sessions/{session}`: only the scope that made it sees it.
pub(crate) async fn retrieve_session(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    let preview = is_preview(header(&headers, "Stripe-Version").as_deref());
    app.state
        .with(|s| {
            s.fc_sessions.iter().find(|r| r.session.id == id && r.owner == ctx.scope.owner).map(|r| r.session.clone())
        })
        .map(|session| ok(&as_seen_by(session, preview)))
        .ok_or_else(|| Failure::no_such("financial_connections.session", &id, "session"))
}

/// The authorization `id` as the accounts linked under it describe it.
pub(crate) fn authorization_of(accounts: &[fc::Account], id: &str) -> Option<Authorization> {
    let on: Vec<&fc::Account> = accounts.iter().filter(|a| a.authorization.as_deref() == Some(id)).collect();
    let first = on.first()?;
    let inactive: Vec<&&fc::Account> = on.iter().filter(|a| a.status == AccountStatus::Inactive).collect();
    let (status, status_details) = if inactive.is_empty() {
        (AccountStatus::Active, AuthorizationStatusDetails::default())
    } else {
        let action = if inactive.iter().any(|a| a.relink_required()) {
            StatusAction::RelinkRequired
        } else {
            StatusAction::None
        };
        (
            AccountStatus::Inactive,
            AuthorizationStatusDetails { inactive: Some(AuthorizationInactiveDetails { action }) },
        )
    };
    Some(Authorization {
        id: id.to_owned(),
        object: "financial_connections.authorization".to_owned(),
        account_holder: first.account_holder.clone(),
        institution_name: first.institution_name.clone(),
        livemode: false,
        status,
        status_details,
    })
}

/// `GET /v1/financial_connections/authorizations/{authorization}` (preview only).
pub(crate) async fn retrieve_authorization(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    if !is_preview(header(&headers, "Stripe-Version").as_deref()) {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorType::InvalidRequestError,
            format!(
                "Financial Connections authorizations need the preview API: send the header `Stripe-Version: {}`.",
                fc::PREVIEW_VERSION
            ),
        ));
    }
    let found = app.state.with(|s| authorization_of(&s.fc_accounts, &id));
    found.map(|a| ok(&a)).ok_or_else(|| Failure::no_such("financial_connections.authorization", &id, "authorization"))
}
