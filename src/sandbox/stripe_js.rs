//! The sandbox's stand-in for Stripe.js (`GET /v3/`), the endpoints it calls (publishable key +
//! `client_secret`, never the secret key), and the hosted relink page. Must not touch other routes.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use super::App;
use super::sessions::random_alnum;
use crate::stripe::financial_connections::{
    self as fc, AccountStatus, AccountStatusDetails, RelinkFailureReason, RelinkResult, SessionStatus,
};

/// The routes, outside the secret-key authentication of the API.
pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/v3/", get(stripe_js))
        .route("/v3", get(stripe_js))
        .route("/stripe_js/financial_connections/lookup", post(lookup))
        .route("/stripe_js/financial_connections/complete", post(complete))
        .route("/hosted/financial_connections/{token}", get(hosted_page))
}

const STRIPE_JS: &str = include_str!("stripe_js.js");

/// `GET /v3/`: the stand-in script, told its own origin.
async fn stripe_js(State(app): State<App>) -> Response {
    let origin = app.state.with(|s| s.base_url.clone());
    let body = STRIPE_JS.replace("__ORIGIN__", &crate::web::json_for_script(&json!(origin)));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response()
}

/// A JSON answer the page's script (another origin) may read.
fn cors_json(status: StatusCode, value: &Value) -> Response {
    let mut response =
        (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], value.to_string())
            .into_response();
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

fn js_error(status: StatusCode, kind: &str, message: &str) -> Response {
    cors_json(status, &json!({ "error": { "type": kind, "message": message } }))
}

fn fields(body: &Bytes) -> HashMap<String, String> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn same(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Why a Stripe.js call was refused.
struct Refused(StatusCode, &'static str);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        js_error(self.0, "invalid_request_error", self.1)
    }
}

/// The index of the session the publishable key and `client_secret` open, or why not.
fn authenticate(app: &App, fields: &HashMap<String, String>) -> Result<usize, Refused> {
    let key = fields.get("key").map_or("", String::as_str);
    if !same(key, &app.publishable_key) {
        return Err(Refused(
            StatusCode::UNAUTHORIZED,
            "Invalid publishable key: the sandbox's Stripe.js stand-in accepts only the sandbox's pk_test_ key.",
        ));
    }
    let secret = fields.get("client_secret").map_or("", String::as_str);
    let found = app.state.with(|s| {
        let mut found = None;
        for (i, record) in s.fc_sessions.iter().enumerate() {
            if same(record.client_secret(), secret) && !secret.is_empty() {
                found = Some(i);
            }
        }
        found
    });
    found.ok_or(Refused(
        StatusCode::NOT_FOUND,
        "No such Financial Connections session for this client secret (is it from another sandbox?).",
    ))
}

fn summary(account: &fc::Account) -> Value {
    json!({ "id": account.id, "label": account.label(), "relink_required": account.relink_required() })
}

/// The accounts a holder may pick in this session: on the authorization, within the filters.
fn eligible(accounts: &[fc::Account], session: &fc::Session) -> Vec<fc::Account> {
    let Some(authorization) = session.relink_options.as_ref().and_then(|r| r.authorization.as_deref()) else {
        return Vec::new();
    };
    let allowed = session.filters.as_ref().and_then(|f| f.account_subcategories.as_ref());
    accounts
        .iter()
        .filter(|a| a.authorization.as_deref() == Some(authorization))
        .filter(|a| allowed.is_none_or(|subs| subs.contains(&a.subcategory)))
        .filter(|a| a.status != AccountStatus::Disconnected)
        .cloned()
        .collect()
}

/// `POST /stripe_js/financial_connections/lookup`: what the sign-in modal shows.
async fn lookup(State(app): State<App>, body: Bytes) -> Response {
    let fields = fields(&body);
    let index = match authenticate(&app, &fields) {
        Ok(index) => index,
        Err(refused) => return refused.into_response(),
    };
    let info = app.state.with(|s| {
        let record = s.fc_sessions.get(index)?;
        let session = &record.session;
        let target = session.relink_options.as_ref().and_then(|r| r.account.as_deref());
        let choices = eligible(&s.fc_accounts, session);
        let institution = choices.first().map(|a| a.institution_name.clone());
        Some(json!({
            "id": session.id,
            "completed": session.relink_result.is_some(),
            "institution_name": institution,
            "mode": if target.is_some() { "account" } else { "authorization" },
            "account": target.and_then(|t| s.fc_accounts.iter().find(|a| a.id == t)).map(summary),
            "eligible": choices.iter().map(summary).collect::<Vec<_>>(),
        }))
    });
    match info {
        Some(info) => cors_json(StatusCode::OK, &info),
        None => js_error(StatusCode::NOT_FOUND, "invalid_request_error", "The session is gone."),
    }
}

/// `POST /stripe_js/financial_connections/complete`: the holder's choice in the modal.
async fn complete(State(app): State<App>, body: Bytes) -> Response {
    let fields = fields(&body);
    let index = match authenticate(&app, &fields) {
        Ok(index) => index,
        Err(refused) => return refused.into_response(),
    };
    let decision = fields.get("decision").cloned().unwrap_or_default();
    let chosen = fields.get("account").cloned().filter(|a| !a.is_empty());
    let result = app.state.with(|s| finish(s, index, &decision, chosen.as_deref()));
    match result {
        Ok(value) => cors_json(StatusCode::OK, &value),
        Err(message) => js_error(StatusCode::BAD_REQUEST, "invalid_request_error", &message),
    }
}

/// Apply the holder's decision to session `index`: the Stripe.js-shaped session, or why not.
fn finish(s: &mut super::state::Store, index: usize, decision: &str, chosen: Option<&str>) -> Result<Value, String> {
    let Some(record) = s.fc_sessions.get(index) else {
        return Err("The session is gone.".to_owned());
    };
    let session = record.session.clone();
    if session.relink_result.is_some() {
        return Err("This Financial Connections session was already completed; create a new one.".to_owned());
    }
    let Some(options) = session.relink_options.clone() else {
        return Err("The sandbox's Stripe.js stand-in only runs relink sessions.".to_owned());
    };
    let fail = |reason: RelinkFailureReason| RelinkResult { account: None, failure_reason: Some(reason) };
    let (result, status) = match decision {
        "cancel" => (fail(RelinkFailureReason::Other), SessionStatus::Cancelled),
        "fail_login" => (fail(RelinkFailureReason::NoAuthorization), SessionStatus::Failed),
        "relink" => {
            let choices = eligible(&s.fc_accounts, &session);
            let target = match (&options.account, chosen) {
                (Some(asked), Some(picked)) if asked != picked => None,
                (Some(asked), _) => Some(asked.clone()),
                (None, Some(picked)) => {
                    if !choices.iter().any(|a| a.id == picked) {
                        return Err(format!("The account '{picked}' cannot be picked in this session."));
                    }
                    Some(picked.to_owned())
                }
                (None, None) => choices.iter().find(|a| a.relink_required()).or(choices.first()).map(|a| a.id.clone()),
            };
            match target {
                Some(target) => {
                    (RelinkResult { account: Some(target), failure_reason: None }, SessionStatus::Succeeded)
                }
                None => (fail(RelinkFailureReason::NoAccount), SessionStatus::Failed),
            }
        }
        other => return Err(format!("Unknown decision '{other}'.")),
    };
    let mut linked = Vec::new();
    let mut reactivated = Vec::new();
    if let (Some(target), Some(authorization)) = (&result.account, &options.authorization) {
        for (n, account) in s.fc_accounts.iter_mut().enumerate() {
            let on_authorization = account.authorization.as_deref() == Some(authorization.as_str());
            if account.id == *target || (on_authorization && account.relink_required()) {
                if account.status == AccountStatus::Inactive {
                    reactivated.push(n);
                }
                account.status = AccountStatus::Active;
                account.status_details = AccountStatusDetails::default();
            }
            if account.id == *target {
                linked.push(account.clone());
            }
        }
    }
    for n in reactivated {
        s.reactivated(n);
    }
    let record = s.fc_sessions.get_mut(index).ok_or("The session is gone.")?;
    record.session.relink_result = Some(result.clone());
    record.session.status = Some(status.clone());
    record.session.accounts.data = linked.clone();
    tracing::debug!(session = %record.session.id, status = %status, "sandbox relink session completed");
    Ok(json!({
        "id": record.session.id,
        "object": "financial_connections.session",
        "accounts": linked,
        "relink_result": result,
        "status": status,
        "livemode": false,
    }))
}

/// `GET /hosted/financial_connections/{token}`: the hosted page of a `ui_mode=hosted` session.
async fn hosted_page(State(app): State<App>, Path(token): Path<String>) -> Response {
    let found = app.state.with(|s| {
        s.fc_sessions
            .iter()
            .find(|r| r.hosted_token.as_deref().is_some_and(|t| same(t, &token)))
            .map(|r| (r.client_secret().to_owned(), r.session.relink_result.is_some(), s.base_url.clone()))
    });
    let Some((client_secret, completed, base_url)) = found else {
        return (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "No such page.")
            .into_response();
    };
    if completed {
        return (
            StatusCode::GONE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            "This relink session was already completed. You can close this tab.",
        )
            .into_response();
    }
    let nonce = random_alnum(24);
    let config = json!({ "publishableKey": app.publishable_key, "clientSecret": client_secret });
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Relink your bank account (sandbox)</title>\
         <script nonce=\"{nonce}\" src=\"{base_url}/v3/\"></script></head><body>\
         <h1>Relink your bank account (sandbox hosted page)</h1><p id=\"status\">Starting…</p>\
         <script nonce=\"{nonce}\">\
         const cfg = {config};\
         const status = document.getElementById('status');\
         Stripe(cfg.publishableKey).collectFinancialConnectionsAccounts({{clientSecret: cfg.clientSecret}}).then((r) => {{\
           const s = r.financialConnectionsSession;\
           status.textContent = r.error ? ('Stripe error: ' + r.error.message)\
             : (s.relink_result && s.relink_result.account ? 'Relinked. You can close this tab.'\
             : 'Not relinked (' + (s.relink_result && s.relink_result.failure_reason) + '). You can close this tab.');\
         }});\
         </script></body></html>",
        config = crate::web::json_for_script(&config),
    );
    let csp = format!(
        "default-src 'none'; script-src 'nonce-{nonce}' {base_url}; connect-src {base_url}; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        body,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
