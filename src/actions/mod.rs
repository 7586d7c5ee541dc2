//! Every money action — add funds (create an inbound transfer), confirm or cancel one, refresh a
//! linked account's balance, relink it — for the window and the CLI alike. No UI types here.
//!
//! The path of one action: the user says go → a [`Request`] captures everything about it at that
//! moment (kind, object, connected account, parameters, mode, platform, idempotency key, who, when)
//! → [`Executor::execute`] on tokio writes the `intent` line to the [`audit`] trail and syncs it →
//! the HTTP request → one [`Outcome`] (done / refused / unknown, with Stripe's request id) → the
//! `outcome` line → the caller puts the outcome on screen (the window) or prints it (the CLI).
//! An intent with no settled outcome is *unresolved*; [`check`] reads the object back from Stripe
//! and records what it found. [`Book`] is the window's view of actions in flight and their notes.

pub mod audit;
mod book;
mod check;
mod executor;

pub use audit::{AuditLog, Verdict};
pub use book::{Book, Note, RETRY_KEY_LIFETIME_SECONDS};
pub use check::{CheckError, check};
pub use executor::{Executor, Finished, follow_refresh};

use crate::relink::RelinkMode;
use crate::stripe::treasury::{AchSubmission, NewInboundTransfer};
use crate::stripe::{self, IdempotencyKey, Mode};

/// Where the data and the actions go; drives the mode badge and is recorded with every action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// The built-in sandbox: no real money, no real Stripe.
    Sandbox,
    /// Stripe (or another API base) with a test or live key.
    Stripe(Mode),
}

impl Source {
    /// `sandbox`, `test` or `live`: the mode as the audit trail records it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Stripe(mode) => mode.as_str(),
        }
    }

    /// True for live mode: real money; every action asks first, LIVE twice where the issue says so.
    pub fn live(self) -> bool {
        self == Self::Stripe(Mode::Live)
    }
}

/// What a money action does. Not `Copy`: adding funds carries its parameters (origin,
/// description, descriptor), so the action recorded, retried and shown is exactly the one asked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Create an inbound transfer into the financial account acted on: pull funds from a bank
    /// account (the origin) over ACH.
    AddFunds(AddFunds),
    /// Confirm an inbound transfer awaiting review (gated manual review).
    Confirm {
        /// Keep the funds past the ACH return window (`funds_availability_delay=432000`).
        hold: bool,
    },
    /// Cancel an inbound transfer.
    Cancel,
    /// Ask the bank for a new balance of a linked account (`features[]=balance`).
    Refresh,
    /// Repair an inactive linked account in the browser.
    Relink(RelinkMode),
}

impl Kind {
    /// `add_funds`, `confirm`, `cancel`, `refresh`, `relink`: the action as the audit trail records it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AddFunds(_) => "add_funds",
            Self::Confirm { .. } => "confirm",
            Self::Cancel => "cancel",
            Self::Refresh => "refresh",
            Self::Relink(_) => "relink",
        }
    }

    /// The parameters it sends (never a secret), as recorded.
    pub fn parameters(&self) -> Vec<(String, String)> {
        match self {
            Self::AddFunds(funds) => funds.parameters(),
            Self::Confirm { hold: true } => vec![(
                "funds_availability_delay".to_owned(),
                stripe::treasury::MAX_FUNDS_AVAILABILITY_DELAY.to_string(),
            )],
            Self::Confirm { hold: false } | Self::Cancel => Vec::new(),
            Self::Refresh => vec![("features[]".to_owned(), "balance".to_owned())],
            Self::Relink(mode) => vec![("relink".to_owned(), mode.describe().to_owned())],
        }
    }

    /// The kind an intent line records, read back (`None` for one that is never retried with an
    /// old key: a relink opens a new session each time, and kinds this build does not know).
    pub fn from_intent(action: &str, parameters: &[(String, String)], amount: Option<&audit::Amount>) -> Option<Self> {
        match action {
            "add_funds" => AddFunds::from_parameters(parameters, amount).map(Self::AddFunds),
            "confirm" => Some(Self::Confirm { hold: parameters.iter().any(|(k, _)| k == "funds_availability_delay") }),
            "cancel" => Some(Self::Cancel),
            "refresh" => Some(Self::Refresh),
            _ => None,
        }
    }
}

/// Adding funds: the inbound transfer to create. The financial account it goes into is the
/// action's object; the connected account owning both is its `connected_account`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AddFunds {
    /// Minor units (cents), more than zero.
    pub amount: i64,
    /// `usd` (the only currency inbound transfers support today).
    pub currency: String,
    /// The origin bank account: a PaymentMethod (`pm_…`) attached to the account for inbound flows.
    pub origin: String,
    /// An internal description, if any.
    pub description: Option<String>,
    /// What the bank statement shows (at most 10 characters), if any.
    pub statement_descriptor: Option<String>,
    /// Same-day (or explicitly standard) ACH: a preview parameter, sent only when set.
    pub ach_submission: Option<AchSubmission>,
}

impl AddFunds {
    /// The transfer to create in `financial_account`, marked with the action's idempotency key
    /// (the same on every retry, so the request stays identical and a check can find it).
    pub fn new_transfer(&self, financial_account: &str, key: &IdempotencyKey) -> NewInboundTransfer {
        NewInboundTransfer {
            financial_account: financial_account.to_owned(),
            amount: self.amount,
            currency: self.currency.clone(),
            origin_payment_method: self.origin.clone(),
            description: self.description.clone(),
            statement_descriptor: self.statement_descriptor.clone(),
            ach_submission: self.ach_submission.clone(),
            metadata: vec![(stripe::treasury::ACTION_KEY_METADATA.to_owned(), key.as_str().to_owned())],
        }
    }

    /// The same transfer, sent as standard ACH (after Stripe would not send it same-day).
    #[must_use]
    pub fn as_standard(&self) -> Self {
        Self { ach_submission: Some(AchSubmission::Standard), ..self.clone() }
    }

    fn parameters(&self) -> Vec<(String, String)> {
        let mut parameters = vec![
            ("amount".to_owned(), self.amount.to_string()),
            ("currency".to_owned(), self.currency.clone()),
            ("origin_payment_method".to_owned(), self.origin.clone()),
        ];
        if let Some(description) = &self.description {
            parameters.push(("description".to_owned(), description.clone()));
        }
        if let Some(descriptor) = &self.statement_descriptor {
            parameters.push(("statement_descriptor".to_owned(), descriptor.clone()));
        }
        if let Some(submission) = &self.ach_submission {
            parameters.push((stripe::treasury::ACH_SUBMISSION_PARAM.to_owned(), submission.to_string()));
        }
        parameters
    }

    fn from_parameters(parameters: &[(String, String)], amount: Option<&audit::Amount>) -> Option<Self> {
        let get = |key: &str| parameters.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let minor_units = get("amount").and_then(|a| a.parse().ok()).or(amount.map(|a| a.minor_units))?;
        Some(Self {
            amount: minor_units,
            currency: get("currency").or(amount.map(|a| a.currency.clone()))?,
            origin: get("origin_payment_method")?,
            description: get("description"),
            statement_descriptor: get("statement_descriptor"),
            ach_submission: get(stripe::treasury::ACH_SUBMISSION_PARAM).map(|s| AchSubmission::from(s.as_str())),
        })
    }
}

/// A money action as captured the moment the user said go. Nothing in it changes afterwards:
/// switching keys or platforms while it runs changes nothing about what it is or how it is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Ties the intent line to its outcome lines (a UUID v4).
    pub action_id: String,
    /// What it does.
    pub kind: Kind,
    /// The object acted on (`ibt_…`, `fca_…`; the financial account `fa_…` funds are added to).
    pub object: String,
    /// The connected account it acts on behalf of (`Stripe-Account`), if any.
    pub connected_account: Option<String>,
    /// The amount the user was shown when saying go, when the action moves money.
    pub amount: Option<audit::Amount>,
    /// Sandbox, test or live, at go.
    pub source: Source,
    /// The platform account whose key acts, at go.
    pub platform: String,
    /// One key per user action; a retry after an unknown outcome passes the same key again.
    pub idempotency_key: IdempotencyKey,
    /// The OS user who said go.
    pub os_user: String,
    /// When (RFC 3339, UTC).
    pub time: String,
    /// For the words of a refused confirm: whether the financial account has manual review (the
    /// gated `inbound_transfers.ach.platform_review`), when known from the data on screen. Not sent.
    pub manual_review: Option<bool>,
}

impl Request {
    /// Capture an action now, by the current OS user. `key`: the key of an earlier attempt whose
    /// outcome is unknown (see [`Book::retry_key`]), else a fresh one.
    pub fn new(
        kind: Kind,
        object: impl Into<String>,
        connected_account: Option<String>,
        source: Source,
        platform: impl Into<String>,
        key: Option<IdempotencyKey>,
    ) -> Self {
        let amount = match &kind {
            Kind::AddFunds(funds) => {
                Some(audit::Amount { minor_units: funds.amount, currency: funds.currency.clone() })
            }
            _ => None,
        };
        Self {
            action_id: uuid::Uuid::new_v4().to_string(),
            kind,
            object: object.into(),
            connected_account,
            amount,
            source,
            platform: platform.into(),
            idempotency_key: key.unwrap_or_default(),
            os_user: audit::os_user(),
            time: audit::now(),
            manual_review: None,
        }
    }

    /// The amount the user was shown (minor units, currency).
    #[must_use]
    pub fn with_amount(mut self, minor_units: i64, currency: &str) -> Self {
        self.amount = Some(audit::Amount { minor_units, currency: currency.to_owned() });
        self
    }

    /// Note that the financial account has manual review (for the words of a refusal).
    #[must_use]
    pub fn with_manual_review(mut self, manual_review: bool) -> Self {
        self.manual_review = Some(manual_review);
        self
    }

    /// The intent line.
    pub fn intent(&self) -> audit::Intent {
        audit::Intent {
            action_id: self.action_id.clone(),
            time: self.time.clone(),
            os_user: self.os_user.clone(),
            mode: self.source.as_str().to_owned(),
            platform: self.platform.clone(),
            connected_account: self.connected_account.clone(),
            action: self.kind.as_str().to_owned(),
            object: self.object.clone(),
            amount: self.amount.clone(),
            parameters: self.kind.parameters(),
            idempotency_key: Some(self.idempotency_key.as_str().to_owned()),
        }
    }
}

/// An object as an action left it, to put on screen in place of its older copy.
#[derive(Clone, Debug, PartialEq)]
pub enum Landed {
    /// An inbound transfer (a new one, after adding funds).
    Transfer(stripe::treasury::InboundTransfer),
    /// A financial account, read again after an action moved its balance.
    FinancialAccount(stripe::treasury::FinancialAccount),
    /// A linked bank account.
    Linked(stripe::financial_connections::Account),
}

/// How an action ended: one type for every action, in the window and the CLI.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// It happened. `landed` holds the objects as it left them.
    Done {
        /// Stripe's `Request-Id`.
        request_id: Option<String>,
        /// The objects as the action left them (the first is the one acted on).
        landed: Vec<Landed>,
        /// What happened, in words.
        detail: String,
    },
    /// It did not happen: Stripe refused, or it never left (nothing changed).
    Refused {
        /// Stripe's `Request-Id`, when Stripe answered.
        request_id: Option<String>,
        /// HTTP status, when Stripe answered.
        status: Option<u16>,
        /// Stripe's error code (or the guide's `message_code`), when it gave one: what a dialog
        /// offers next depends on it (e.g. standard ACH after `inbound_transfer_not_same_day_eligible`).
        code: Option<String>,
        /// The parameter Stripe named as the cause, when it named one.
        param: Option<String>,
        /// Why, in words (Stripe's message inside).
        reason: String,
        /// Objects re-read meanwhile (a relink re-reads the account even when the holder gave up).
        landed: Vec<Landed>,
    },
    /// No clear answer: it may or may not have happened. Retrying with the same key is safe.
    Unknown {
        /// Stripe's `Request-Id`, when an answer came but could not be read.
        request_id: Option<String>,
        /// What went wrong.
        reason: String,
    },
}

impl Outcome {
    /// Done, not done, unknown.
    pub fn verdict(&self) -> Verdict {
        match self {
            Self::Done { .. } => Verdict::Done,
            Self::Refused { .. } => Verdict::NotDone,
            Self::Unknown { .. } => Verdict::Unknown,
        }
    }

    /// The objects as the action left them.
    pub fn landed(&self) -> &[Landed] {
        match self {
            Self::Done { landed, .. } | Self::Refused { landed, .. } => landed,
            Self::Unknown { .. } => &[],
        }
    }

    /// Stripe's request id, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Done { request_id, .. } | Self::Refused { request_id, .. } | Self::Unknown { request_id, .. } => {
                request_id.as_deref()
            }
        }
    }

    /// What happened, in words.
    pub fn detail(&self) -> &str {
        match self {
            Self::Done { detail, .. } => detail,
            Self::Refused { reason, .. } | Self::Unknown { reason, .. } => reason,
        }
    }

    /// The status of the object acted on afterwards, when known.
    pub fn object_status(&self) -> Option<String> {
        self.landed().first().map(|landed| match landed {
            Landed::Transfer(transfer) => transfer.status.to_string(),
            Landed::FinancialAccount(fa) => fa.status.to_string(),
            Landed::Linked(linked) => match &linked.balance_refresh {
                Some(refresh) => format!("{} (refresh {})", linked.status, refresh.status),
                None => linked.status.to_string(),
            },
        })
    }

    /// The outcome line for `request`, from Stripe's answer.
    pub fn record(&self, request: &Request) -> audit::OutcomeRecord {
        audit::OutcomeRecord {
            action_id: request.action_id.clone(),
            time: audit::now(),
            os_user: audit::os_user(),
            verdict: self.verdict(),
            source: audit::Source::Answer,
            detail: self.detail().to_owned(),
            http_status: match self {
                Self::Refused { status, .. } => *status,
                Self::Done { .. } => Some(200),
                Self::Unknown { .. } => None,
            },
            request_id: self.request_id().map(str::to_owned),
            // Adding funds acts on a financial account but makes a transfer: its id goes on record.
            object_status: match (&request.kind, self.landed().first()) {
                (Kind::AddFunds(_), Some(Landed::Transfer(transfer))) => {
                    Some(format!("{} {}", transfer.id, transfer.status))
                }
                _ => self.object_status(),
            },
        }
    }
}
