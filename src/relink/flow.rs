//! The relink flow end to end: create the session, open the browser (hosted page or loopback
//! page), wait, judge the outcome, re-read the accounts. Must not print or log the client_secret.

use std::time::Duration;

use tokio::time::Instant;

use super::page::{LoopbackPage, PageOutcome, PageReport, PageSettings};
use super::plan::{self, RelinkMode};
use crate::stripe::financial_connections::{self as fc, RelinkFailureReason, RelinkResult, SessionStatus};
use crate::stripe::{Client, IdempotencyKey, Mode};

/// Opens a URL for the user. The flow only ever passes URLs that hold no secret.
pub trait Launcher: Send + Sync {
    /// Open `url` (return promptly; do not wait for the browser to close).
    fn open(&self, url: &str) -> Result<(), String>;
}

impl<F> Launcher for F
where
    F: Fn(&str) -> Result<(), String> + Send + Sync,
{
    fn open(&self, url: &str) -> Result<(), String> {
        self(url)
    }
}

/// The system browser via the `webbrowser` crate (which honours `$BROWSER`).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemBrowser;

impl Launcher for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), String> {
        webbrowser::open(url).map_err(|e| format!("could not open the web browser: {e}"))
    }
}

/// Everything a relink needs besides the client and the account.
#[derive(Clone, Debug)]
pub struct RelinkSettings {
    /// The publishable key (`pk_test_…`/`pk_live_…`, same mode as the secret key) Stripe.js needs.
    pub publishable_key: String,
    /// The loopback page: Stripe.js URL, CSP origins, lifetime.
    pub page: PageSettings,
    /// Ask Stripe for a hosted page (`ui_mode=hosted`, preview) and use it when one comes back.
    pub hosted: bool,
    /// How often to re-read a hosted session while waiting.
    pub poll_interval: Duration,
}

impl RelinkSettings {
    /// Settings for `publishable_key` with `page`, the loopback page (not hosted), polling every 2 s.
    pub fn new(publishable_key: impl Into<String>, page: PageSettings) -> Self {
        Self { publishable_key: publishable_key.into(), page, hosted: false, poll_interval: Duration::from_secs(2) }
    }
}

/// How a relink ended, in words the user understands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelinkOutcome {
    /// Success: `account` was relinked (it is active again).
    Relinked {
        /// The account asked for.
        requested: String,
        /// The account Stripe relinked (another one is possible in "any account" mode).
        account: String,
    },
    /// Exact mode: the holder signed in but linked another account (or none that matched).
    WrongAccount {
        /// The account asked for.
        requested: String,
        /// What was linked instead, if Stripe said.
        linked: Option<String>,
    },
    /// The holder did not sign in to the bank (`no_authorization`).
    BankLoginFailed,
    /// Any-account mode: signed in but linked no eligible account (`no_account`).
    NoAccountLinked,
    /// Stripe.js could not run on the loopback page (not loaded, refused the key, threw).
    StripeJsFailed {
        /// Stripe.js's message.
        message: String,
    },
    /// Nobody finished within the page's lifetime.
    TimedOut,
    /// Anything else (`other`, cancelled).
    Other {
        /// What is known.
        detail: String,
    },
}

impl RelinkOutcome {
    /// True only for [`RelinkOutcome::Relinked`].
    pub fn succeeded(&self) -> bool {
        matches!(self, Self::Relinked { .. })
    }

    /// One or two sentences for the user, in the language in use.
    pub fn describe(&self) -> String {
        use crate::t;
        match self {
            Self::Relinked { requested, account } if requested == account => {
                t!("relink-outcome-relinked", account = account.clone())
            }
            Self::Relinked { requested, account } => {
                t!("relink-outcome-other-account", account = account.clone(), requested = requested.clone())
            }
            Self::WrongAccount { requested, linked: Some(linked) } => {
                t!("relink-outcome-wrong-account", linked = linked.clone(), requested = requested.clone())
            }
            Self::WrongAccount { requested, linked: None } => {
                t!("relink-outcome-not-linked", requested = requested.clone())
            }
            Self::BankLoginFailed => t!("relink-outcome-login-failed"),
            Self::NoAccountLinked => t!("relink-outcome-no-account"),
            Self::StripeJsFailed { message } => t!("relink-outcome-stripe-js", message = message.clone()),
            Self::TimedOut => t!("relink-outcome-timed-out"),
            Self::Other { detail } => t!("relink-outcome-other", detail = detail.clone()),
        }
    }
}

impl std::fmt::Display for RelinkOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Where the holder did the relink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelinkVia {
    /// Stripe's hosted page (`ui_mode=hosted`).
    HostedPage,
    /// The app's loopback page running Stripe.js.
    LoopbackPage,
}

/// What a relink did, with the accounts re-read afterwards so the UI can update.
#[derive(Clone, Debug)]
pub struct RelinkReport {
    /// How it ended.
    pub outcome: RelinkOutcome,
    /// The session used (`fcsess_…`).
    pub session_id: String,
    /// Hosted page or loopback page.
    pub via: RelinkVia,
    /// The account asked for, re-read.
    pub account: fc::Account,
    /// Every other account on the same authorization (and a newly linked one), re-read: relinking
    /// one may reactivate the others.
    pub related: Vec<fc::Account>,
}

impl RelinkReport {
    /// True when the account asked for is active again.
    pub fn account_active(&self) -> bool {
        self.account.status == fc::AccountStatus::Active
    }

    /// Every re-read account (the one asked for first).
    pub fn accounts(&self) -> impl Iterator<Item = &fc::Account> {
        std::iter::once(&self.account).chain(self.related.iter())
    }
}

/// Why a relink could not run at all (as opposed to an outcome the holder caused).
#[derive(Debug, thiserror::Error)]
pub enum RelinkError {
    /// The account cannot be repaired by relinking; the text says why.
    #[error("{0}")]
    NotRepairable(String),
    /// The publishable key is missing or of the wrong kind/mode.
    #[error("{0}")]
    PublishableKey(String),
    /// A Stripe call failed.
    #[error("Stripe: {0}")]
    Stripe(#[from] crate::stripe::Error),
    /// Stripe created a session without a client secret.
    #[error("Stripe returned a session without a client secret")]
    NoClientSecret,
    /// The loopback page could not start.
    #[error("could not start the local relink page: {0}")]
    Page(String),
    /// The browser could not be opened. `url` holds no secret; show it so the user can open it.
    #[error("{message}")]
    Browser {
        /// Why.
        message: String,
        /// The page to open by hand (closed by now for a loopback page).
        url: String,
    },
}

/// Check a publishable key's shape and that its mode matches the secret key's.
pub fn check_publishable_key(key: &str, mode: Mode) -> Result<(), String> {
    let expected = match mode {
        Mode::Test => "pk_test_",
        Mode::Live => "pk_live_",
    };
    if key.is_empty() {
        return Err("no publishable key: Stripe.js needs one (set STRIPE_PUBLISHABLE_KEY or store it)".to_owned());
    }
    if key.starts_with("sk_") || key.starts_with("rk_") {
        return Err("that is a secret key; the relink page needs the publishable key (pk_…)".to_owned());
    }
    if !key.starts_with(expected) {
        return Err(format!(
            "the publishable key must start with {expected} to match the {} secret key",
            mode.as_str()
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err("the publishable key has characters a Stripe key never has".to_owned());
    }
    Ok(())
}

/// Relink the linked account `account_id` in `mode`: the whole flow. Opens exactly one URL with
/// `launcher` (a hosted page, or the loopback page), waits at most `settings.page.ttl`.
/// `session_key` is the idempotency key of the session it creates.
pub async fn relink(
    client: &Client,
    account_id: &str,
    mode: RelinkMode,
    settings: &RelinkSettings,
    launcher: &dyn Launcher,
    session_key: IdempotencyKey,
) -> Result<RelinkReport, RelinkError> {
    check_publishable_key(&settings.publishable_key, client.mode()).map_err(RelinkError::PublishableKey)?;
    let account = fc::retrieve_account_preview(client, account_id).await?;
    let params = plan::session_params(&account, mode, settings.hosted).map_err(RelinkError::NotRepairable)?;
    let session = fc::create_relink_session(client, &params, session_key).await?;
    tracing::info!(session = %session.id, account = %account.id, ?mode, "relink session created");

    let (result, via) = match session.url.clone().filter(|_| settings.hosted) {
        Some(url) => (hosted(client, &session.id, &url, settings, launcher).await?, RelinkVia::HostedPage),
        None => (loopback(client, &session, settings, launcher).await?, RelinkVia::LoopbackPage),
    };
    let outcome = match result {
        Waited::Result(result) => judge(mode, &account.id, &result),
        Waited::Outcome(outcome) => outcome,
    };
    tracing::info!(session = %session.id, succeeded = outcome.succeeded(), "relink finished");
    let linked = match &outcome {
        RelinkOutcome::Relinked { account, .. } => Some(account.clone()),
        _ => None,
    };
    let (account, related) = reread(client, &account, linked.as_deref()).await?;
    Ok(RelinkReport { outcome, session_id: session.id, via, account, related })
}

enum Waited {
    Result(RelinkResult),
    Outcome(RelinkOutcome),
}

async fn hosted(
    client: &Client,
    session_id: &str,
    url: &str,
    settings: &RelinkSettings,
    launcher: &dyn Launcher,
) -> Result<Waited, RelinkError> {
    launcher.open(url).map_err(|message| RelinkError::Browser { message, url: url.to_owned() })?;
    let deadline = Instant::now() + settings.page.ttl;
    loop {
        tokio::time::sleep(settings.poll_interval).await;
        let session = fc::retrieve_session(client, session_id).await?;
        if let Some(result) = session.relink_result {
            return Ok(Waited::Result(result));
        }
        match session.status {
            Some(SessionStatus::Cancelled) => {
                return Ok(Waited::Outcome(RelinkOutcome::Other { detail: "the holder cancelled".to_owned() }));
            }
            Some(SessionStatus::Failed) => {
                return Ok(Waited::Outcome(RelinkOutcome::Other { detail: "the hosted session failed".to_owned() }));
            }
            _ => {}
        }
        if Instant::now() >= deadline {
            return Ok(Waited::Outcome(RelinkOutcome::TimedOut));
        }
    }
}

async fn loopback(
    client: &Client,
    session: &fc::Session,
    settings: &RelinkSettings,
    launcher: &dyn Launcher,
) -> Result<Waited, RelinkError> {
    let secret = session.client_secret.clone().ok_or(RelinkError::NoClientSecret)?;
    let mut page = LoopbackPage::start(settings.page.clone(), &settings.publishable_key, secret)
        .await
        .map_err(|e| RelinkError::Page(e.to_string()))?;
    if let Err(message) = launcher.open(page.url()) {
        let url = page.url().to_owned();
        page.close().await;
        return Err(RelinkError::Browser { message, url });
    }
    let report = match page.wait().await {
        PageOutcome::Expired => return Ok(Waited::Outcome(RelinkOutcome::TimedOut)),
        PageOutcome::Reported(PageReport::StripeError { message }) => {
            let message = crate::secret::scrub(&message);
            return Ok(Waited::Outcome(RelinkOutcome::StripeJsFailed { message }));
        }
        PageOutcome::Reported(PageReport::Result { account, failure_reason, .. }) => {
            RelinkResult { account, failure_reason }
        }
    };
    // Stripe's record is the authority; the page's word is used only when Stripe has none yet.
    match fc::retrieve_session(client, &session.id).await {
        Ok(fresh) => Ok(Waited::Result(fresh.relink_result.unwrap_or(report))),
        Err(e) => {
            tracing::warn!(session = %session.id, error = %e, "could not re-read the session; using the page's result");
            Ok(Waited::Result(report))
        }
    }
}

/// The outcome of `result` for a relink of `requested` in `mode`.
pub fn judge(mode: RelinkMode, requested: &str, result: &RelinkResult) -> RelinkOutcome {
    let requested = requested.to_owned();
    match (&result.account, &result.failure_reason, mode) {
        (Some(account), _, RelinkMode::ExactAccount) if *account != requested => {
            RelinkOutcome::WrongAccount { requested, linked: Some(account.clone()) }
        }
        (Some(account), _, _) => RelinkOutcome::Relinked { requested, account: account.clone() },
        (None, Some(RelinkFailureReason::NoAuthorization), _) => RelinkOutcome::BankLoginFailed,
        (None, Some(RelinkFailureReason::NoAccount), RelinkMode::ExactAccount) => {
            RelinkOutcome::WrongAccount { requested, linked: None }
        }
        (None, Some(RelinkFailureReason::NoAccount), _) => RelinkOutcome::NoAccountLinked,
        (None, Some(RelinkFailureReason::Other), _) => {
            RelinkOutcome::Other { detail: "the flow was cancelled or failed unexpectedly (other)".to_owned() }
        }
        (None, Some(reason), _) => RelinkOutcome::Other { detail: format!("Stripe's reason: {reason}") },
        (None, None, _) => RelinkOutcome::Other { detail: "Stripe reported no result".to_owned() },
    }
}

/// Re-read `account` and every account on its authorization (plus `linked`, if new).
async fn reread(
    client: &Client,
    account: &fc::Account,
    linked: Option<&str>,
) -> Result<(fc::Account, Vec<fc::Account>), RelinkError> {
    let fresh = fc::retrieve_account_preview(client, &account.id).await?;
    let Some(holder) = &account.account_holder else {
        return Ok((fresh, Vec::new()));
    };
    let authorization = account.authorization.as_deref();
    let related = fc::list_accounts_preview(client, holder)
        .await?
        .into_iter()
        .filter(|a| a.id != account.id)
        .filter(|a| {
            (authorization.is_some() && a.authorization.as_deref() == authorization) || Some(a.id.as_str()) == linked
        })
        .collect();
    Ok((fresh, related))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(account: Option<&str>, reason: Option<RelinkFailureReason>) -> RelinkResult {
        RelinkResult { account: account.map(str::to_owned), failure_reason: reason }
    }

    #[test]
    fn outcomes_follow_mode_and_reason() {
        let exact = RelinkMode::ExactAccount;
        let any = RelinkMode::AnyAccountAtBank;
        assert!(judge(exact, "fca_1", &result(Some("fca_1"), None)).succeeded());
        assert!(matches!(judge(exact, "fca_1", &result(Some("fca_2"), None)), RelinkOutcome::WrongAccount { .. }));
        assert!(judge(any, "fca_1", &result(Some("fca_2"), None)).succeeded());
        let no_account = Some(RelinkFailureReason::NoAccount);
        assert!(matches!(judge(exact, "fca_1", &result(None, no_account.clone())), RelinkOutcome::WrongAccount { .. }));
        assert_eq!(judge(any, "fca_1", &result(None, no_account)), RelinkOutcome::NoAccountLinked);
        let login = judge(exact, "fca_1", &result(None, Some(RelinkFailureReason::NoAuthorization)));
        assert_eq!(login, RelinkOutcome::BankLoginFailed);
        assert!(login.describe().contains("Bank sign-in failed"));
    }

    #[test]
    fn publishable_keys_must_match_the_mode() {
        assert!(check_publishable_key("pk_test_abc", Mode::Test).is_ok());
        assert!(check_publishable_key("pk_live_abc", Mode::Test).is_err());
        assert!(check_publishable_key("sk_test_abc", Mode::Test).is_err());
        assert!(check_publishable_key("", Mode::Live).is_err());
    }
}
