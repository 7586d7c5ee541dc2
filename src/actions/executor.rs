//! Runs one money action: intent line (synced) → the request → one [`Outcome`] → outcome line.
//! Owns the words of an outcome; must not touch the UI (the window and the CLI both call it).

use std::sync::Arc;

use super::audit::{AuditLog, Record};
use super::{Kind, Landed, Outcome, Request};
use crate::i18n::Words;
use crate::relink::{self, Launcher, RelinkError, RelinkSettings};
use crate::stripe::financial_connections::{self as fc, RefreshStatus};
use crate::stripe::{Client, Error, Settled, Traced, treasury};
use crate::t;

/// How often a pending balance refresh is read again, and how many times at most (3 minutes).
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(2);
const FOLLOW_AT_MOST: u32 = 90;

/// What one action came to.
#[derive(Clone, Debug)]
pub struct Finished {
    /// The action as captured at go.
    pub request: Request,
    /// How it ended.
    pub outcome: Outcome,
    /// Why the outcome line could not be written, if it could not (the intent line stands, so
    /// the action shows as unresolved until checked).
    pub unrecorded: Option<String>,
}

/// Everything an action needs to run: the client of the key that said go, the audit trail, and
/// for relinks the page settings and the browser.
#[derive(Clone)]
pub struct Executor {
    client: Client,
    audit: Option<AuditLog>,
    relink: Option<RelinkSettings>,
    launcher: Arc<dyn Launcher>,
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executor").field("audit", &self.audit).finish_non_exhaustive()
    }
}

impl Executor {
    /// Act through `client`, recording in `audit` (`None`: nothing is recorded — only for tests
    /// and the benchmark; the window and the CLI always pass a log).
    pub fn new(client: Client, audit: Option<AuditLog>) -> Self {
        Self { client, audit, relink: None, launcher: Arc::new(relink::SystemBrowser) }
    }

    /// How relinks run: the page settings (`None`: no publishable key, relinks are refused) and
    /// the browser.
    #[must_use]
    pub fn with_relink(mut self, settings: Option<RelinkSettings>, launcher: Arc<dyn Launcher>) -> Self {
        self.relink = settings;
        self.launcher = launcher;
        self
    }

    /// Run `request`: write its intent and sync it, send it, judge the answer, write the outcome.
    /// Nothing is sent when the intent cannot be recorded.
    pub async fn execute(&self, request: Request) -> Finished {
        if let Err(error) = self.record(Record::Intent(request.intent())).await {
            let outcome = Outcome::Refused {
                request_id: None,
                status: None,
                code: None,
                param: None,
                reason: t!("outcome-not-recorded-first", error = error.clone()),
                landed: Vec::new(),
            };
            return Finished { request, outcome, unrecorded: Some(error) };
        }
        let outcome = self.send(&request).await;
        let unrecorded = self.record(Record::Outcome(outcome.record(&request))).await.err();
        Finished { request, outcome, unrecorded }
    }

    /// Append `record` off the async workers (the append syncs to disk).
    async fn record(&self, record: Record) -> Result<(), String> {
        let Some(log) = self.audit.clone() else { return Ok(()) };
        match tokio::task::spawn_blocking(move || log.append(&record)).await {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(join) => Err(format!("the audit writer stopped: {join}")),
        }
    }

    async fn send(&self, request: &Request) -> Outcome {
        let client = &self.client;
        let key = request.idempotency_key.clone();
        let on_behalf = request.connected_account.as_deref().unwrap_or_default();
        match &request.kind {
            Kind::AddFunds(funds) => {
                let new = funds.new_transfer(&request.object, &key);
                match treasury::create_inbound_transfer(client, on_behalf, &new, key).await {
                    Ok(traced) => {
                        // The balance moved (inbound pending, unless the transfer waits for review):
                        // read the account again so the screen shows Stripe's figures. An
                        // observation after the action: if it fails, the outcome stands.
                        let fa = treasury::retrieve_financial_account(client, on_behalf, &request.object).await;
                        let amount = crate::money::Money::new(traced.amount, &traced.currency);
                        let detail = format!("created {} ({amount}): {}", traced.id, traced.status);
                        let mut landed = vec![Landed::Transfer(traced.value)];
                        landed.extend(fa.ok().map(Landed::FinancialAccount));
                        Outcome::Done { request_id: traced.request_id, landed, detail }
                    }
                    Err(error) if error.settled() == Settled::Unknown => unknown(&error),
                    Err(error) => refused(&error, add_funds_refusal(&error, funds)),
                }
            }
            Kind::Confirm { hold } => {
                let delay = hold.then_some(treasury::MAX_FUNDS_AVAILABILITY_DELAY);
                let result = treasury::confirm_inbound_transfer(client, on_behalf, &request.object, delay, key).await;
                transfer_outcome(request, result)
            }
            Kind::Cancel => {
                let result = treasury::cancel_inbound_transfer(client, on_behalf, &request.object, key).await;
                transfer_outcome(request, result)
            }
            Kind::Refresh => refresh_outcome(fc::refresh_balance(client, &request.object, key).await),
            Kind::Relink(mode) => {
                let Some(settings) = &self.relink else {
                    return Outcome::Refused {
                        request_id: None,
                        status: None,
                        code: None,
                        param: None,
                        reason: t!("outcome-relink-no-publishable"),
                        landed: Vec::new(),
                    };
                };
                let launcher = self.launcher.as_ref();
                relink_outcome(relink::relink(client, &request.object, *mode, settings, launcher, key).await)
            }
        }
    }
}

/// Read a linked account again until its balance refresh is no longer pending (at most three
/// minutes): what the bank answered. An observation after the action, never its outcome.
pub async fn follow_refresh(client: &Client, linked_id: &str) -> Result<fc::Account, Error> {
    let mut account = fc::retrieve_account(client, linked_id).await?;
    for _ in 0..FOLLOW_AT_MOST {
        let pending = account.balance_refresh.as_ref().is_some_and(|r| r.status == RefreshStatus::Pending);
        if !pending {
            break;
        }
        tokio::time::sleep(FOLLOW_EVERY).await;
        account = fc::retrieve_account(client, linked_id).await?;
    }
    Ok(account)
}

/// Stripe's request id carried by an error, if any.
fn request_id_of(error: &Error) -> Option<String> {
    match error {
        Error::Api { request_id, .. } => request_id.clone(),
        _ => None,
    }
}

/// An error that leaves it open whether the action happened.
fn unknown(error: &Error) -> Outcome {
    Outcome::Unknown { request_id: request_id_of(error), reason: error.to_string() }
}

fn refused(error: &Error, reason: String) -> Outcome {
    let code = error.api_error().and_then(|e| e.any_code()).map(str::to_owned);
    let param = error.api_error().and_then(|e| e.param.clone());
    Outcome::Refused {
        request_id: request_id_of(error),
        status: error.status(),
        code,
        param,
        reason,
        landed: Vec::new(),
    }
}

/// Why Stripe would not create the transfer, in words a finance person can act on. Every one of
/// these moved no money.
fn add_funds_refusal(error: &Error, funds: &super::AddFunds) -> String {
    let api = error.api_error();
    let code = api.and_then(|e| e.any_code());
    let param = api.and_then(|e| e.param.as_deref());
    let stripe = api.and_then(|e| e.message.as_deref()).map(crate::secret::scrub).unwrap_or_default();
    let said = if stripe.is_empty() { String::new() } else { format!(" Stripe: \u{201c}{stripe}\u{201d}") };
    let origin = funds.origin.clone();
    if api.is_some_and(|e| e.kind == crate::stripe::ErrorType::IdempotencyError) {
        return format!("{}{said}", t!("add-funds-refused-key-reused"));
    }
    let words = match (error.status(), code, param) {
        (_, Some(treasury::NOT_SAME_DAY_ELIGIBLE), _) => t!("add-funds-refused-not-same-day-eligible"),
        (Some(400), _, Some(treasury::ACH_SUBMISSION_PARAM)) => t!("add-funds-refused-no-same-day"),
        (Some(402), _, _) => t!("add-funds-refused-risk"),
        (Some(403), _, _) => t!("add-funds-refused-permission"),
        (Some(400 | 404), _, Some("origin_payment_method")) => t!("add-funds-refused-origin", origin = origin),
        (Some(400), _, Some("statement_descriptor")) => t!("add-funds-refused-descriptor"),
        (Some(400), _, Some("financial_account")) if stripe.contains("inbound_transfers.ach") => {
            t!("add-funds-refused-feature")
        }
        _ => return t!("outcome-not-done", error = error.to_string()),
    };
    format!("{words}{said}")
}

fn transfer_outcome(request: &Request, result: Result<Traced<treasury::InboundTransfer>, Error>) -> Outcome {
    match result {
        Ok(traced) => {
            let detail = t!("outcome-transfer-done", what = past(&request.kind), status = traced.status.words());
            Outcome::Done { request_id: traced.request_id, landed: vec![Landed::Transfer(traced.value)], detail }
        }
        Err(error) if error.settled() == Settled::Unknown => unknown(&error),
        Err(error) => {
            // The confirm is gated: Stripe answers 404 where manual review is off, or 400 on a
            // financial account known not to have it.
            let gated = matches!(request.kind, Kind::Confirm { .. })
                && (error.status() == Some(404)
                    || (error.status() == Some(400) && request.manual_review == Some(false)));
            let reason =
                if gated { t!("outcome-manual-review-off") } else { t!("outcome-not-done", error = error.to_string()) };
            refused(&error, reason)
        }
    }
}

fn refresh_outcome(result: Result<Traced<fc::Account>, Error>) -> Outcome {
    match result {
        Ok(traced) => {
            let status =
                traced.balance_refresh.as_ref().map_or_else(|| t!("outcome-refresh-none"), |r| r.status.words());
            Outcome::Done { request_id: traced.request_id, detail: status, landed: vec![Landed::Linked(traced.value)] }
        }
        Err(error) if error.settled() == Settled::Unknown => unknown(&error),
        Err(error) => refused(&error, t!("outcome-refresh-not-started", error = error.to_string())),
    }
}

fn relink_outcome(result: Result<relink::RelinkReport, RelinkError>) -> Outcome {
    match result {
        Ok(report) => {
            let landed = report.accounts().cloned().map(Landed::Linked).collect();
            let detail = report.outcome.describe();
            if report.outcome.succeeded() {
                Outcome::Done { request_id: None, landed, detail }
            } else {
                Outcome::Refused { request_id: None, status: None, code: None, param: None, reason: detail, landed }
            }
        }
        Err(RelinkError::Stripe(error)) if error.settled() == Settled::Unknown => unknown(&error),
        Err(RelinkError::Stripe(error)) => refused(&error, t!("outcome-relink-not-started", error = error.to_string())),
        Err(error) => Outcome::Refused {
            request_id: None,
            status: None,
            code: None,
            param: None,
            reason: t!("outcome-relink-not-started", error = error.to_string()),
            landed: Vec::new(),
        },
    }
}

/// `confirmed`, `canceled`, …: what a done action did.
fn past(kind: &Kind) -> String {
    match kind {
        Kind::AddFunds(_) => t!("outcome-created"),
        Kind::Confirm { .. } => t!("row-confirmed"),
        Kind::Cancel => t!("row-canceled"),
        Kind::Refresh => t!("row-refresh-requested"),
        Kind::Relink(_) => t!("outcome-relinked"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Source;
    use crate::stripe::error::{ApiError, ErrorType};

    fn api_error(status: u16) -> Error {
        Error::Api {
            status,
            error: Box::new(ApiError::new(ErrorType::InvalidRequestError, "No such inbound transfer")),
            request_id: Some("req_1".to_owned()),
        }
    }

    #[test]
    fn a_refused_confirm_on_an_account_without_manual_review_says_so() {
        crate::i18n::set_thread(crate::i18n::Lang::En);
        let request = Request::new(Kind::Confirm { hold: false }, "ibt_1", None, Source::Sandbox, "acct_p", None);
        let unknown = transfer_outcome(&request, Err(api_error(400)));
        assert!(unknown.detail().starts_with("Not done: "), "a 400 where manual review is not known: Stripe's words");
        let request = request.with_manual_review(false);
        let Outcome::Refused { reason, request_id, status, .. } = transfer_outcome(&request, Err(api_error(404)))
        else {
            panic!("a 404 is a refusal");
        };
        assert!(reason.starts_with("Manual review is not enabled"), "{reason}");
        assert_eq!((request_id.as_deref(), status), (Some("req_1"), Some(404)));
        // A 400 on a financial account that has manual review is Stripe's own reason.
        let request = request.with_manual_review(true);
        let outcome = transfer_outcome(&request, Err(api_error(400)));
        assert!(outcome.detail().starts_with("Not done: "), "{outcome:?}");
        // A 5xx leaves it open.
        assert_eq!(transfer_outcome(&request, Err(api_error(503))).verdict(), super::super::Verdict::Unknown);
    }
}
