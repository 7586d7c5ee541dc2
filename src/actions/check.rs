//! Settles an unresolved action (no outcome recorded, or no clear answer): reads the object back
//! from Stripe (for Add funds, the transfers made since, looking for the action's key), judges
//! whether the action took effect, and records that as its outcome. Only reads; no UI.

use super::Source;
use super::audit::{self, Action, AuditLog, OutcomeRecord, Record, Verdict};
use crate::stripe::financial_connections::{self as fc, AccountStatus};
use crate::stripe::treasury::{self, InboundTransferStatus};
use crate::stripe::{Client, Error};

/// Seconds a refresh may seem to start before the action did: the bank's and this computer's
/// clocks differ a little. Stripe refuses a second refresh that soon, so none is mistaken for it.
const CLOCK_SKEW_SECONDS: i64 = 60;

/// Why an action could not be checked (nothing is recorded then).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// It was taken with another key: only that platform's key can read its objects.
    #[error("{}", crate::t!("check-other-key", mode = mode.clone(), platform = platform.clone()))]
    OtherKey {
        /// `sandbox`, `test` or `live`.
        mode: String,
        /// The platform account.
        platform: String,
    },
    /// Reading the object failed; try again later.
    #[error("{}", crate::t!("check-read-failed", object = object.clone(), error = error.to_string()))]
    Stripe {
        /// The object.
        object: String,
        /// Why.
        error: Error,
    },
    /// An action this version cannot judge.
    #[error("{}", crate::t!("check-not-checkable", action = .0.clone()))]
    NotCheckable(String),
    /// The finding could not be recorded.
    #[error("{}", crate::t!("check-not-recorded", error = .0.clone()))]
    Audit(String),
}

/// Check `action`, taken with the key of `source` on `platform`, by reading its object through
/// `client`, and append the finding to `log` (when given). Returns the outcome recorded.
pub async fn check(
    client: &Client,
    source: Source,
    platform: &str,
    action: &Action,
    log: Option<&AuditLog>,
) -> Result<OutcomeRecord, CheckError> {
    let intent = &action.intent;
    if intent.mode != source.as_str() || intent.platform != platform {
        return Err(CheckError::OtherKey { mode: intent.mode.clone(), platform: intent.platform.clone() });
    }
    let stripe_error = |error| CheckError::Stripe { object: intent.object.clone(), error };
    let (verdict, detail, object_status) = match intent.action.as_str() {
        "confirm" | "cancel" => {
            let on_behalf = intent.connected_account.as_deref().unwrap_or_default();
            let transfer =
                treasury::retrieve_inbound_transfer(client, on_behalf, &intent.object).await.map_err(stripe_error)?;
            let (verdict, detail) = judge_transfer(&intent.action, &transfer.status);
            (verdict, detail, Some(transfer.status.to_string()))
        }
        "add_funds" => {
            let on_behalf = intent.connected_account.as_deref().unwrap_or_default();
            let since = intent.time.parse::<jiff::Timestamp>().map_or(i64::MIN, |t| t.as_second());
            let key = intent.idempotency_key.as_deref().unwrap_or_default();
            let made = find_created(client, on_behalf, &intent.object, key, since).await.map_err(stripe_error)?;
            judge_created(made)
        }
        "refresh" | "relink" => {
            let linked = fc::retrieve_account(client, &intent.object).await.map_err(stripe_error)?;
            // An unreadable time judges nothing as done after it.
            let since = intent.time.parse::<jiff::Timestamp>().map_or(i64::MAX, |t| t.as_second());
            let (verdict, detail) = judge_linked(&intent.action, &linked, since);
            (verdict, detail, Some(linked.status.to_string()))
        }
        other => return Err(CheckError::NotCheckable(other.to_owned())),
    };
    let record = OutcomeRecord {
        action_id: intent.action_id.clone(),
        time: audit::now(),
        os_user: audit::os_user(),
        verdict,
        source: audit::Source::Check,
        detail,
        http_status: None,
        request_id: None,
        object_status,
    };
    if let Some(log) = log.cloned() {
        let line = Record::Outcome(record.clone());
        tokio::task::spawn_blocking(move || log.append(&line))
            .await
            .map_err(|e| CheckError::Audit(e.to_string()))?
            .map_err(|e| CheckError::Audit(e.to_string()))?;
    }
    Ok(record)
}

/// The transfers an Add funds with idempotency key `key` made in `financial_account`: those
/// carrying the key in their metadata ([`treasury::ACTION_KEY_METADATA`]; every retry of one
/// action sends the same key), among the transfers created since the action (`since`, Unix
/// seconds, less the clock skew). Lists are newest first, so reading stops at the first older one.
///
/// Why a list and not a replay: sending the request again with the same key would tell for sure
/// within Stripe's 24 hours, but if the first request never arrived, the replay *creates* the
/// transfer. A check must only read; retrying is the user's choice (the same key makes it safe).
async fn find_created(
    client: &Client,
    account: &str,
    financial_account: &str,
    key: &str,
    since: i64,
) -> Result<Vec<treasury::InboundTransfer>, Error> {
    use futures_util::TryStreamExt;
    let from = since.saturating_sub(CLOCK_SKEW_SECONDS);
    let mut found = Vec::new();
    if key.is_empty() {
        return Ok(found);
    }
    let mut transfers = std::pin::pin!(treasury::list_inbound_transfers(client, account, financial_account, None));
    while let Some(transfer) = transfers.try_next().await? {
        if transfer.created < from {
            break;
        }
        if transfer.metadata.get(treasury::ACTION_KEY_METADATA).map(String::as_str) == Some(key) {
            found.push(transfer);
        }
    }
    Ok(found)
}

/// Did an Add funds take effect, judged by the transfers found carrying its key?
fn judge_created(made: Vec<treasury::InboundTransfer>) -> (Verdict, String, Option<String>) {
    match made.as_slice() {
        [] => (Verdict::NotDone, crate::t!("check-not-created"), None),
        [transfer] => (
            Verdict::Done,
            crate::t!("check-created", id = transfer.id.clone(), status = transfer.status.as_str().to_owned()),
            Some(format!("{} {}", transfer.id, transfer.status)),
        ),
        // One key, one transfer: Stripe's idempotency promises it; say so rather than pick one.
        several => {
            let ids: Vec<&str> = several.iter().map(|t| t.id.as_str()).collect();
            (Verdict::Unknown, crate::t!("check-several", ids = ids.join(", ")), None)
        }
    }
}

/// Did a confirm or cancel take effect, judged by the transfer's status now?
fn judge_transfer(action: &str, status: &InboundTransferStatus) -> (Verdict, String) {
    use InboundTransferStatus as S;
    let (verdict, why) = match (action, status) {
        ("confirm", S::RequiresConfirmation) => (Verdict::NotDone, crate::t!("check-still-awaiting")),
        ("confirm", S::Processing | S::Succeeded | S::Failed) => (Verdict::Done, crate::t!("check-past-confirmation")),
        ("confirm", S::Canceled) => (Verdict::NotDone, crate::t!("check-canceled-not-confirmed")),
        ("cancel", S::Canceled) => (Verdict::Done, crate::t!("check-is-canceled")),
        ("cancel", S::Processing | S::RequiresConfirmation) => (Verdict::NotDone, crate::t!("check-still-open")),
        ("cancel", S::Succeeded | S::Failed) => (Verdict::NotDone, crate::t!("check-ended-not-canceled")),
        _ => (Verdict::Unknown, crate::t!("check-status-does-not-tell")),
    };
    (verdict, crate::t!("check-transfer", status = status.as_str().to_owned(), why = why))
}

/// Did a refresh or relink take effect, judged by the linked account now? `since`: when the
/// action was taken (Unix seconds).
fn judge_linked(action: &str, linked: &fc::Account, since: i64) -> (Verdict, String) {
    if action == "relink" {
        return match linked.status {
            AccountStatus::Active => (Verdict::Done, crate::t!("check-account-active")),
            ref other => (Verdict::NotDone, crate::t!("check-account-still", status = other.as_str().to_owned())),
        };
    }
    match &linked.balance_refresh {
        Some(refresh) if refresh.last_attempted_at >= since.saturating_sub(CLOCK_SKEW_SECONDS) => (
            Verdict::Done,
            crate::t!(
                "check-refresh-attempted",
                at = crate::i18n::datetime(refresh.last_attempted_at),
                status = refresh.status.as_str().to_owned()
            ),
        ),
        Some(refresh) => {
            (Verdict::NotDone, crate::t!("check-refresh-older", at = crate::i18n::datetime(refresh.last_attempted_at)))
        }
        None => (Verdict::NotDone, crate::t!("check-refresh-never")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_s_status_tells_whether_a_confirm_or_cancel_took_effect() {
        use InboundTransferStatus as S;
        assert_eq!(judge_transfer("confirm", &S::Processing).0, Verdict::Done);
        assert_eq!(judge_transfer("confirm", &S::RequiresConfirmation).0, Verdict::NotDone);
        assert_eq!(judge_transfer("confirm", &S::Canceled).0, Verdict::NotDone);
        assert_eq!(judge_transfer("cancel", &S::Canceled).0, Verdict::Done);
        assert_eq!(judge_transfer("cancel", &S::Succeeded).0, Verdict::NotDone);
        assert_eq!(judge_transfer("cancel", &S::Unknown("later".into())).0, Verdict::Unknown);
    }
}
