//! The sandbox's in-memory store behind `Arc<Mutex<..>>`, its typed read helpers, the
//! inbound-transfer state machine and the clocks that settle refreshes and transfers lazily.
//! Knows no HTTP framework type; never held across an await.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::events::EventLog;
use super::wire::{Failure, Listed};
use crate::stripe::account::Account;
use crate::stripe::error::ErrorType;
use crate::stripe::event::EventType;
use crate::stripe::financial_connections as fc;
use crate::stripe::treasury::{
    FailureCode, FailureDetails, Feature, FinancialAccount, InboundTransfer, InboundTransferStatus,
};

/// How long an idempotent result is kept.
const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Most request records kept for tests.
const MAX_RECORDS: usize = 10_000;
/// How long the seed's `pending` balance refreshes stay pending after the sandbox starts (the
/// bank is slow: long enough to see and test a pending refresh, short enough to see it settle).
pub(crate) const SEEDED_PENDING_FOR: Duration = Duration::from_secs(120);
/// One in this many inbound transfers fails when demo timers settle it (decided by its id).
const DEMO_FAILURE_ONE_IN: u64 = 6;
/// The failure codes demo timers use (those that fit an ACH pull from a bank account).
const DEMO_FAILURE_CODES: [FailureCode; 5] = [
    FailureCode::AccountClosed,
    FailureCode::AccountFrozen,
    FailureCode::CouldNotProcess,
    FailureCode::BankAccountRestricted,
    FailureCode::NoAccount,
];

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Milliseconds since the Unix epoch, now.
fn unix_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Whole seconds of `d`, rounded up (a cool-down never ends early).
fn ceil_secs(d: Duration) -> i64 {
    d.as_secs() as i64 + i64::from(d.subsec_nanos() > 0)
}

/// A stable 64-bit mix of the seed, a text and a counter (FNV-1a; std's hasher may change).
fn mix(seed: u64, text: &str, n: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in text.bytes().chain(n.to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The sandbox's clocks, from [`super::SandboxConfig`].
#[derive(Clone, Debug)]
pub(crate) struct Timers {
    /// Seed of the data (drives refreshed amounts and demo outcomes).
    pub seed: u64,
    /// How long a refresh stays pending.
    pub refresh_delay: Duration,
    /// From a refresh settling to the next one being allowed.
    pub refresh_cooldown: Duration,
    /// Demo mode: how long an inbound transfer stays `processing` before it settles on its own.
    pub advance_transfers_after: Option<Duration>,
}

impl From<&super::SandboxConfig> for Timers {
    fn from(config: &super::SandboxConfig) -> Self {
        Self {
            seed: config.seed,
            refresh_delay: config.refresh_delay,
            refresh_cooldown: config.refresh_cooldown,
            advance_transfers_after: config.advance_transfers_after,
        }
    }
}

/// An accepted balance refresh that has not settled yet.
#[derive(Clone, Copy, Debug)]
struct PendingRefresh {
    /// When it settles (monotonic clock).
    due: Instant,
    /// The same moment as a Unix timestamp: the new `as_of`, and the start of the cool-down.
    settles_at: i64,
}

/// When an inbound transfer entered `processing`, on both clocks.
#[derive(Clone, Copy, Debug)]
struct ProcessingSince {
    at: Instant,
    unix: i64,
}

/// What a demo timer does to an inbound transfer: deterministic from the seed and its id.
fn demo_outcome(seed: u64, transfer_id: &str) -> Action {
    let hash = mix(seed, transfer_id, 0);
    if hash.is_multiple_of(DEMO_FAILURE_ONE_IN) {
        let code = &DEMO_FAILURE_CODES[((hash / DEMO_FAILURE_ONE_IN) % DEMO_FAILURE_CODES.len() as u64) as usize];
        Action::Fail(code.clone())
    } else {
        Action::Succeed
    }
}

/// A Stripe-looking id: `prefix` + `1` + `len - 1` alphanumerics from `rng`.
pub(crate) fn make_id(rng: &mut impl Rng, prefix: &str, len: usize) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    id.push('1');
    for _ in 1..len {
        id.push(char::from(ALNUM[rng.random_range(0..ALNUM.len())]));
    }
    id
}

/// `n` random decimal digits.
pub(crate) fn digits(rng: &mut impl Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
}

/// An object together with the account (`acct_…`) that owns it.
#[derive(Clone, Debug)]
pub(crate) struct Owned<T> {
    pub owner: String,
    pub object: T,
}

/// One authenticated request the sandbox served (for tests: which headers each page carried).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// `GET`, `POST`.
    pub method: String,
    /// URL path.
    pub path: String,
    /// Raw query string, if any.
    pub query: Option<String>,
    /// The `Stripe-Account` header, if sent.
    pub stripe_account: Option<String>,
}

/// One inbound-transfer status change the sandbox made (or a return of a succeeded transfer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// `ibt_…`.
    pub transfer: String,
    /// Status before.
    pub from: InboundTransferStatus,
    /// Status after (equal to `from` for a return).
    pub to: InboundTransferStatus,
    /// True when this was a return (`returned: true`).
    pub returned: bool,
}

/// Whose objects a request sees: the platform's (no `Stripe-Account`) or one connected account's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    /// The owning account id (the platform's id when no header was sent).
    pub owner: String,
}

/// What the idempotency layer found for a key.
pub(crate) enum IdempotencyLookup {
    /// Never seen (now marked in flight).
    Fresh,
    /// Seen with the same request: replay this.
    Replay { status: u16, body: Bytes },
    /// Seen with another request.
    Mismatch,
    /// The same request is still running.
    InFlight,
}

enum Idem {
    InFlight { fingerprint: String },
    Done { fingerprint: String, status: u16, body: Bytes, at: Instant },
}

/// A state change asked of an inbound transfer.
#[derive(Clone, Debug)]
pub(crate) enum Action {
    Cancel,
    Confirm,
    Succeed,
    Fail(FailureCode),
    Return,
}

/// A new inbound transfer, validated by the route.
pub(crate) struct NewTransfer {
    pub amount: i64,
    pub currency: String,
    pub financial_account: String,
    pub origin_payment_method: String,
    pub description: Option<String>,
    pub statement_descriptor: String,
    pub metadata: std::collections::BTreeMap<String, String>,
    /// Same-day (or explicitly standard) ACH, from the preview parameter.
    pub ach_submission: Option<crate::stripe::treasury::AchSubmission>,
}

/// Everything the sandbox holds.
pub(crate) struct Store {
    pub platform: Account,
    pub accounts: Vec<Account>,
    pub financial_accounts: Vec<Owned<FinancialAccount>>,
    pub inbound_transfers: Vec<Owned<InboundTransfer>>,
    pub fc_accounts: Vec<fc::Account>,
    /// Financial Connections sessions made at run time.
    pub fc_sessions: Vec<super::sessions::SessionRecord>,
    /// Every `POST /v1/financial_connections/sessions` received (for tests).
    pub session_requests: Vec<super::sessions::SessionRequest>,
    pub base_url: String,
    /// Continues the seed's stream: ids made at run time are deterministic too.
    pub rng: ChaCha8Rng,
    idempotency: HashMap<String, Idem>,
    requests: VecDeque<RequestRecord>,
    transitions: Vec<Transition>,
    timers: Timers,
    /// Accepted balance refreshes not settled yet, by `fca_…`.
    refreshes: HashMap<String, PendingRefresh>,
    /// Balance refreshes started per `fca_…` (the seed's pending ones count as one).
    refresh_attempts: HashMap<String, u64>,
    /// `fca_…` whose refreshes always fail at the bank (chosen by the seed).
    refresh_failing: HashSet<String>,
    /// Inbound transfers now `processing`, by `ibt_…`, with when they entered it.
    processing_since: HashMap<String, ProcessingSince>,
    /// Every event made in the last 30 days (each state change writes one).
    pub events: EventLog,
    /// A test clock: objects and events made while it is set are stamped with it.
    clock: Option<i64>,
    /// Bank accounts the accounts can pull from (PaymentMethods for Treasury flows).
    pub payment_methods: Vec<super::origins::Stored>,
    /// SetupIntents made at run time.
    pub setup_intents: Vec<super::origins::SetupRecord>,
    /// Connected accounts without access to the same-day ACH preview.
    pub same_day_denied: HashSet<String>,
    /// What a test token makes a transfer do once it is processing: applied as soon as the
    /// create has answered (the next read sees it), in order.
    scripted: HashMap<String, Vec<Action>>,
    /// Transactions, their entries, received credits and debits: every balance is their sum.
    pub ledger: super::ledger::Ledger,
}

impl Store {
    /// A store holding the seeded objects, its clocks starting now.
    ///
    /// The seed's `pending` refreshes settle [`SEEDED_PENDING_FOR`] after this; its `processing`
    /// transfers count as having entered `processing` now (their real age is hours to days: all
    /// of them settling on the first read would leave a demo with nothing in flight).
    pub fn new(seed: super::seed::SeedData, base_url: String, timers: Timers) -> Self {
        let (start, start_ms) = (Instant::now(), unix_now_ms());
        let mut refreshes = HashMap::new();
        let mut refresh_attempts = HashMap::new();
        for account in &seed.fc_accounts {
            if account.balance_refresh.as_ref().is_some_and(|r| r.status == fc::RefreshStatus::Pending) {
                let due = start + SEEDED_PENDING_FOR;
                let settles_at = (start_ms + SEEDED_PENDING_FOR.as_millis() as i64) / 1000;
                refreshes.insert(account.id.clone(), PendingRefresh { due, settles_at });
                refresh_attempts.insert(account.id.clone(), 1);
            }
        }
        let processing_since = seed
            .inbound_transfers
            .iter()
            .filter(|t| t.object.status == InboundTransferStatus::Processing)
            .map(|t| (t.object.id.clone(), ProcessingSince { at: start, unix: start_ms / 1000 }))
            .collect();
        Self {
            platform: seed.platform,
            accounts: seed.accounts,
            financial_accounts: seed.financial_accounts,
            inbound_transfers: seed.inbound_transfers,
            fc_accounts: seed.fc_accounts,
            fc_sessions: Vec::new(),
            session_requests: Vec::new(),
            base_url,
            rng: seed.rng,
            idempotency: HashMap::new(),
            requests: VecDeque::new(),
            transitions: Vec::new(),
            timers,
            refreshes,
            refresh_attempts,
            refresh_failing: seed.refresh_failing,
            processing_since,
            events: EventLog::default(),
            clock: None,
            payment_methods: seed.payment_methods,
            setup_intents: Vec::new(),
            same_day_denied: seed.same_day_denied,
            scripted: HashMap::new(),
            ledger: seed.ledger,
        }
    }

    /// Now, in Unix seconds: the test clock when set, else the wall clock.
    pub fn now(&self) -> i64 {
        self.clock.unwrap_or_else(unix_now)
    }

    /// Write the event `kind` about `object` (as it is after the change) to `owner`'s events, as
    /// of `created`: the platform's own events name no account; a connected account's name it.
    pub(crate) fn emit(&mut self, owner: &str, kind: EventType, object: &impl serde::Serialize, created: i64) {
        let object = match serde_json::to_value(object) {
            Ok(object) => object,
            Err(e) => {
                tracing::error!(error = %e, %kind, "the sandbox could not write an event's object");
                return;
            }
        };
        let id = make_id(&mut self.rng, "evt_", 24);
        let account = (owner != self.platform.id).then(|| owner.to_owned());
        let event = super::events::new_event(id, account, kind, object, created);
        let now = self.now();
        self.events.record(owner, event, now);
    }

    /// Financial Connections accounts belong to the platform that linked them (it lists them
    /// without `Stripe-Account`, by holder): their events are the platform's.
    fn emit_linked(&mut self, kind: EventType, index: usize, created: i64) {
        let Some(account) = self.fc_accounts.get(index).cloned() else { return };
        let platform = self.platform.id.clone();
        self.emit(&platform, kind, &account, created);
    }

    /// Apply every timer that is due: settle balance refreshes, and (in demo mode) inbound
    /// transfers that have been `processing` long enough. Oldest first, so the order is stable.
    pub fn settle_due(&mut self) {
        self.run_scripts();
        let now = Instant::now();
        if !self.refreshes.is_empty() {
            let mut due: Vec<(i64, String)> = self
                .refreshes
                .iter()
                .filter(|(_, pending)| pending.due <= now)
                .map(|(id, pending)| (pending.settles_at, id.clone()))
                .collect();
            due.sort();
            for (settles_at, id) in due {
                self.refreshes.remove(&id);
                self.settle_refresh(&id, settles_at);
            }
        }
        let Some(after) = self.timers.advance_transfers_after else {
            return;
        };
        let mut due: Vec<(i64, String)> = self
            .processing_since
            .iter()
            .filter(|(_, since)| now.saturating_duration_since(since.at) >= after)
            .map(|(id, since)| (since.unix + after.as_secs() as i64, id.clone()))
            .collect();
        due.sort();
        for (at, id) in due {
            self.processing_since.remove(&id);
            let Some(owner) = self.inbound_transfers.iter().find(|t| t.object.id == id).map(|t| t.owner.clone()) else {
                continue;
            };
            let action = demo_outcome(self.timers.seed, &id);
            if let Err(failure) = self.transition_at(&owner, &id, action, at.min(self.now())) {
                tracing::warn!(transfer = %id, error = ?failure.error.message, "demo timer could not settle a transfer");
            }
        }
    }

    /// Move the transfers made from test tokens that are processing as their tokens say (a
    /// transfer awaiting review waits for its confirmation first).
    fn run_scripts(&mut self) {
        if self.scripted.is_empty() {
            return;
        }
        let ready: Vec<String> = self
            .scripted
            .keys()
            .filter(|id| {
                self.inbound_transfers
                    .iter()
                    .any(|t| &t.object.id == *id && t.object.status == InboundTransferStatus::Processing)
            })
            .cloned()
            .collect();
        for id in ready {
            let Some(steps) = self.scripted.remove(&id) else { continue };
            let Some(owner) = self.inbound_transfers.iter().find(|t| t.object.id == id).map(|t| t.owner.clone()) else {
                continue;
            };
            for step in steps {
                if let Err(failure) = self.transition_at(&owner, &id, step, unix_now()) {
                    tracing::warn!(transfer = %id, error = ?failure.error.message, "a test token's step did not apply");
                }
            }
        }
    }

    /// Ask for a balance refresh of the Financial Connections account `id`, as Stripe decides:
    /// only `active` accounts, and only when `next_refresh_available_at` allows it (never while
    /// one is pending); the first refresh ever (`balance_refresh: null`) may always start.
    pub fn refresh_balance(&mut self, id: &str) -> Result<fc::Account, Failure> {
        let now = unix_now_ms();
        let now_secs = now / 1000;
        let index = self
            .fc_accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| Failure::no_such("financial_connections.account", id, "account"))?;
        let account = &self.fc_accounts[index];
        if let Some(refused) = refresh_refusal(account, now_secs) {
            return Err(refused);
        }
        let delay = self.timers.refresh_delay;
        let settles_at = (now + delay.as_millis() as i64) / 1000;
        self.refreshes.insert(id.to_owned(), PendingRefresh { due: Instant::now() + delay, settles_at });
        *self.refresh_attempts.entry(id.to_owned()).or_insert(0) += 1;
        // Starting a refresh writes no event, as on Stripe: its end does (`refreshed_balance`).
        let account = &mut self.fc_accounts[index];
        account.balance_refresh = Some(fc::BalanceRefresh {
            last_attempted_at: now_secs,
            next_refresh_available_at: None,
            status: fc::RefreshStatus::Pending,
        });
        Ok(account.clone())
    }

    /// Deactivate the linked account `id` as a bank would (an expired login, a closed account):
    /// `inactive` with `status_details.inactive`, no refresh possible, and a
    /// `financial_connections.account.deactivated` event. Only an active account can go inactive.
    pub fn deactivate_linked_account(
        &mut self,
        id: &str,
        action: fc::StatusAction,
        cause: fc::StatusCause,
    ) -> Result<fc::Account, Failure> {
        let index = self
            .fc_accounts
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| Failure::no_such("financial_connections.account", id, "account"))?;
        let account = &mut self.fc_accounts[index];
        if account.status != fc::AccountStatus::Active {
            return Err(Failure::invalid(format!(
                "Financial Connections account {id} is {}: only an active account can be deactivated.",
                account.status
            )));
        }
        account.status = fc::AccountStatus::Inactive;
        account.status_details =
            fc::AccountStatusDetails { active: None, inactive: Some(fc::InactiveStatusDetails { action, cause }) };
        if let Some(refresh) = account.balance_refresh.as_mut() {
            refresh.next_refresh_available_at = None;
            if refresh.status == fc::RefreshStatus::Pending {
                refresh.status = fc::RefreshStatus::Failed;
            }
        }
        self.refreshes.remove(id);
        let now = self.now();
        self.emit_linked(EventType::FinancialConnectionsAccountDeactivated, index, now);
        Ok(self.fc_accounts[index].clone())
    }

    /// A relink made the linked account at `index` active again: its `reactivated` event.
    pub fn reactivated(&mut self, index: usize) {
        let now = self.now();
        self.emit_linked(EventType::FinancialConnectionsAccountReactivated, index, now);
    }

    /// Restrict `feature` of `owner`'s financial account `id`, as Stripe does when an
    /// account's requirements lapse: it leaves the active (or pending) features for the restricted
    /// ones, with a `treasury.financial_account.features_status_updated` event.
    pub fn restrict_feature(&mut self, owner: &str, id: &str, feature: Feature) -> Result<FinancialAccount, Failure> {
        let index = self.fa_index(owner, id).ok_or_else(|| Failure::no_such("financial account", id, "id"))?;
        let fa = &mut self.financial_accounts[index].object;
        if fa.restricted_features.contains(&feature) {
            return Err(Failure::invalid(format!("The feature {feature} of {id} is already restricted.")));
        }
        let before = fa.active_features.len() + fa.pending_features.len();
        fa.active_features.retain(|f| *f != feature);
        fa.pending_features.retain(|f| *f != feature);
        if fa.active_features.len() + fa.pending_features.len() == before {
            return Err(Failure::invalid(format!("The financial account {id} does not have the feature {feature}.")));
        }
        fa.restricted_features.push(feature);
        let fa = fa.clone();
        let now = self.now();
        self.emit(owner, EventType::TreasuryFinancialAccountFeaturesStatusUpdated, &fa, now);
        Ok(fa)
    }

    /// Settle the pending refresh of `id` at `settles_at`: a new balance (or, for an account the
    /// seed marks as failing, `failed` and the old balance), and the next refresh after the cool-down.
    fn settle_refresh(&mut self, id: &str, settles_at: i64) {
        let Some(index) = self.fc_accounts.iter().position(|a| a.id == id) else {
            return;
        };
        let attempt = self.refresh_attempts.get(id).copied().unwrap_or(1);
        let fails = self.refresh_failing.contains(id);
        let seed = self.timers.seed;
        let next = settles_at + ceil_secs(self.timers.refresh_cooldown);
        let account = &mut self.fc_accounts[index];
        let last_attempted_at = account.balance_refresh.as_ref().map_or(settles_at, |r| r.last_attempted_at);
        let status = if fails {
            fc::RefreshStatus::Failed
        } else {
            let mut rng = ChaCha8Rng::seed_from_u64(mix(seed, id, attempt));
            account.balance = Some(refreshed_balance(account.balance.take(), &mut rng, settles_at));
            fc::RefreshStatus::Succeeded
        };
        account.balance_refresh =
            Some(fc::BalanceRefresh { last_attempted_at, next_refresh_available_at: Some(next), status });
        self.emit_linked(EventType::FinancialConnectionsAccountRefreshedBalance, index, settles_at);
    }

    fn fa_index(&self, owner: &str, id: &str) -> Option<usize> {
        self.financial_accounts.iter().position(|f| f.owner == owner && f.object.id == id)
    }

    fn transfer_index(&self, owner: &str, id: &str) -> Option<usize> {
        self.inbound_transfers.iter().position(|t| t.owner == owner && t.object.id == id)
    }

    /// The financial account `id` if `owner` owns it.
    pub fn financial_account(&self, owner: &str, id: &str) -> Option<&FinancialAccount> {
        self.fa_index(owner, id).map(|i| &self.financial_accounts[i].object)
    }

    /// The inbound transfer `id` if `owner` owns it.
    pub fn inbound_transfer(&self, owner: &str, id: &str) -> Option<&InboundTransfer> {
        self.transfer_index(owner, id).map(|i| &self.inbound_transfers[i].object)
    }

    /// Create an inbound transfer on `owner`'s financial account, with the guide's checks: an
    /// open account whose `inbound_transfers.ach` is active, an origin the account set up for
    /// inbound flows (or one of Stripe's test tokens), same-day ACH only with preview access.
    pub fn create_transfer(&mut self, owner: &str, new: NewTransfer) -> Result<InboundTransfer, Failure> {
        use super::origins::{Origin, Token};
        use crate::stripe::treasury::{AchSubmission, Feature, NOT_SAME_DAY_ELIGIBLE};
        let fa_index = self
            .fa_index(owner, &new.financial_account)
            .ok_or_else(|| Failure::no_such("financial account", &new.financial_account, "financial_account"))?;
        let fa = &self.financial_accounts[fa_index].object;
        if !fa.is_open() {
            return Err(Failure::bad_value(
                "financial_account",
                format!(
                    "The financial account {} is closed; closed financial accounts cannot receive inbound transfers.",
                    fa.id
                ),
            ));
        }
        let feature = Feature::InboundTransfersAch;
        if !fa.active_features.contains(&feature) {
            let state = if fa.restricted_features.contains(&feature) {
                "restricted (action needed)"
            } else if fa.pending_features.contains(&feature) {
                "pending (not enabled yet)"
            } else {
                "not requested"
            };
            return Err(Failure::bad_value(
                "financial_account",
                format!(
                    "The feature inbound_transfers.ach is {state} on financial account {}: it cannot receive inbound transfers.",
                    fa.id
                ),
            ));
        }
        let origin = super::origins::origin(&self.payment_methods, owner, &new.origin_payment_method)?;
        let same_day = new.ach_submission == Some(AchSubmission::SameDay);
        if same_day && self.same_day_denied.contains(owner) {
            return Err(Failure::bad_value(
                crate::stripe::treasury::ACH_SUBMISSION_PARAM,
                "Same-day ACH is not enabled for this account: it is a preview that needs Stripe's approval \
                 (treasury-support@stripe.com).",
            ));
        }
        let (token, payment_method) = match origin {
            Origin::Token(token, pm) => (Some(token), pm),
            Origin::Own(pm) => (None, pm),
        };
        match token {
            Some(Token::SameDayIneligible) if same_day => {
                let mut failure = Failure::invalid(
                    "This transaction is not eligible for same-day availability at this time. Please try again with \
                     `standard` ACH submission.",
                );
                failure.error.message_code = Some(NOT_SAME_DAY_ELIGIBLE.to_owned());
                return Err(failure);
            }
            Some(Token::RiskDeclined) => {
                return Err(Failure::new(
                    StatusCode::PAYMENT_REQUIRED,
                    ErrorType::InvalidRequestError,
                    "Stripe canceled this InboundTransfer because of risk factors: the origin bank account has recent \
                     unauthorized-debit returns (sandbox test token).",
                ));
            }
            _ => {}
        }
        let fa = &self.financial_accounts[fa_index].object;
        let review = fa.has_manual_review();
        let now = self.now();
        let id = make_id(&mut self.rng, "ibt_", 24);
        let status =
            if review { InboundTransferStatus::RequiresConfirmation } else { InboundTransferStatus::Processing };
        let transfer = InboundTransfer {
            id: id.clone(),
            object: "treasury.inbound_transfer".to_owned(),
            amount: new.amount,
            cancelable: true,
            created: now,
            currency: new.currency,
            description: new.description,
            failure_details: None,
            financial_account: new.financial_account,
            hosted_regulatory_receipt_url: Some(format!("{}/receipts/{id}", self.base_url)),
            linked_flows: Default::default(),
            livemode: false,
            metadata: new.metadata,
            origin_payment_method: Some(new.origin_payment_method),
            origin_payment_method_details: Some(super::origins::origin_details(&payment_method)),
            returned: Some(false),
            statement_descriptor: new.statement_descriptor,
            status,
            status_transitions: Default::default(),
            transaction: Some(serde_json::Value::String(make_id(&mut self.rng, "trxn_", 24))),
        };
        if !review {
            let fa = &mut self.financial_accounts[fa_index].object;
            add(&mut fa.balance.inbound_pending, &transfer.currency, transfer.amount);
        }
        // A token's transfer moves as the token says, not on the demo clock.
        let steps = match token {
            Some(Token::Succeeds) => vec![Action::Succeed],
            Some(Token::Fails(code)) => vec![Action::Fail(code)],
            Some(Token::Disputed) => vec![Action::Succeed, Action::Return],
            Some(_) => Vec::new(),
            None => {
                if !review {
                    self.processing_since.insert(id.clone(), ProcessingSince { at: Instant::now(), unix: now });
                }
                Vec::new()
            }
        };
        if !steps.is_empty() {
            self.scripted.insert(id.clone(), steps);
        }
        self.ledger.transfer_created(owner, &transfer);
        self.inbound_transfers.push(Owned { owner: owner.to_owned(), object: transfer.clone() });
        self.emit(owner, EventType::TreasuryInboundTransferCreated, &transfer, now);
        Ok(transfer)
    }

    /// Apply `action` to `owner`'s inbound transfer `id` now, keeping the FA's balances consistent.
    pub fn transition(&mut self, owner: &str, id: &str, action: Action) -> Result<InboundTransfer, Failure> {
        let now = self.now();
        self.transition_at(owner, id, action, now)
    }

    /// [`Store::transition`], stamping `status_transitions` with `now` (a timer's due time).
    fn transition_at(&mut self, owner: &str, id: &str, action: Action, now: i64) -> Result<InboundTransfer, Failure> {
        use InboundTransferStatus as S;
        let index = self.transfer_index(owner, id).ok_or_else(|| Failure::no_such("inbound transfer", id, "id"))?;
        let transfer = self.inbound_transfers[index].object.clone();
        let fa_index = self
            .fa_index(owner, &transfer.financial_account)
            .ok_or_else(|| Failure::no_such("financial account", &transfer.financial_account, "financial_account"))?;
        let review = self.financial_accounts[fa_index].object.has_manual_review();
        let from = transfer.status.clone();
        let illegal = |verb: &str, allowed: &str| {
            Failure::invalid(format!(
                "InboundTransfer {id} cannot be {verb}: its status is `{from}`; only a transfer that is {allowed} can be {verb}."
            ))
        };
        let mut next = transfer.clone();
        let mut returned_by = None;
        // (bucket deltas on the financial account, in the transfer's currency)
        let (mut pending_delta, mut cash_delta) = (0i64, 0i64);
        match action {
            Action::Cancel => {
                if !matches!(from, S::Processing | S::RequiresConfirmation) {
                    return Err(illegal("canceled", "`processing` or `requires_confirmation`"));
                }
                if !transfer.cancelable {
                    return Err(Failure::invalid(format!(
                        "InboundTransfer {id} cannot be canceled: its status is `{from}` but it was already submitted to the ACH network (cancelable is false)."
                    )));
                }
                if from == S::Processing {
                    pending_delta = -transfer.amount;
                }
                next.status = S::Canceled;
                next.cancelable = false;
                next.status_transitions.canceled_at = Some(now);
            }
            Action::Confirm => {
                if !review {
                    return Err(Failure::new(
                        StatusCode::NOT_FOUND,
                        ErrorType::InvalidRequestError,
                        format!(
                            "Manual review is not enabled for financial account '{}' (the gated feature inbound_transfers.ach.platform_review is not active), so inbound transfer '{id}' cannot be confirmed.",
                            transfer.financial_account
                        ),
                    )
                    .code("resource_missing"));
                }
                if from != S::RequiresConfirmation {
                    return Err(illegal("confirmed", "`requires_confirmation`"));
                }
                pending_delta = transfer.amount;
                next.status = S::Processing;
            }
            Action::Succeed => {
                if from != S::Processing {
                    return Err(illegal("succeeded", "`processing`"));
                }
                pending_delta = -transfer.amount;
                cash_delta = transfer.amount;
                next.status = S::Succeeded;
                next.cancelable = false;
                next.status_transitions.succeeded_at = Some(now);
            }
            Action::Fail(code) => {
                if from != S::Processing {
                    return Err(illegal("failed", "`processing`"));
                }
                pending_delta = -transfer.amount;
                next.status = S::Failed;
                next.cancelable = false;
                next.failure_details = Some(FailureDetails { code });
                next.status_transitions.failed_at = Some(now);
            }
            Action::Return => {
                if from != S::Succeeded {
                    return Err(illegal("returned", "`succeeded`"));
                }
                if transfer.returned == Some(true) {
                    return Err(Failure::invalid(format!(
                        "InboundTransfer {id} cannot be returned: its status is `succeeded` and it was already returned."
                    )));
                }
                cash_delta = -transfer.amount;
                next.returned = Some(true);
                let debit = make_id(&mut self.rng, "rd_", 24);
                next.linked_flows.received_debit = Some(debit.clone());
                returned_by = Some(debit);
            }
        }
        let fa = &mut self.financial_accounts[fa_index].object;
        add(&mut fa.balance.inbound_pending, &transfer.currency, pending_delta);
        add(&mut fa.balance.cash, &transfer.currency, cash_delta);
        if returned_by.is_none() {
            let impact = crate::stripe::ledger::BalanceImpact {
                cash: cash_delta,
                inbound_pending: pending_delta,
                outbound_pending: 0,
            };
            self.ledger.transfer_moved(&next, impact, now);
        }
        self.transitions.push(Transition {
            transfer: id.to_owned(),
            from,
            to: next.status.clone(),
            returned: next.returned == Some(true) && transfer.returned != Some(true),
        });
        if next.status == S::Processing && transfer.status != S::Processing {
            self.processing_since.insert(id.to_owned(), ProcessingSince { at: Instant::now(), unix: now });
        } else if next.status != S::Processing {
            self.processing_since.remove(id);
        }
        self.inbound_transfers[index].object = next.clone();
        // Stripe's events for it: `treasury.inbound_transfer.{new status}`; a return has no
        // transfer event, only the ReceivedDebit it makes (which names the transfer).
        let kind = match (&returned_by, &next.status) {
            (Some(_), _) => None,
            (None, S::Canceled) => Some(EventType::TreasuryInboundTransferCanceled),
            (None, S::Processing) => Some(EventType::TreasuryInboundTransferProcessing),
            (None, S::Succeeded) => Some(EventType::TreasuryInboundTransferSucceeded),
            (None, S::Failed) => Some(EventType::TreasuryInboundTransferFailed),
            (None, _) => None,
        };
        if let Some(kind) = kind {
            self.emit(owner, kind, &next, now);
        }
        if let Some(debit) = returned_by {
            // Drawn from the store's generator, as before the ledger existed: later ids stay put.
            let transaction = make_id(&mut self.rng, "trxn_", 24);
            let received = self.ledger.transfer_returned(owner, &debit, transaction, &next, now);
            self.emit(owner, EventType::TreasuryReceivedDebitCreated, &received, now);
        }
        Ok(next)
    }
}

/// Why Stripe would start no balance refresh of `account` at `now`, if it would not.
fn refresh_refusal(account: &fc::Account, now: i64) -> Option<Failure> {
    let id = &account.id;
    match &account.status {
        fc::AccountStatus::Active => {}
        fc::AccountStatus::Inactive => {
            let why = match &account.status_details.inactive {
                Some(d) if d.action == fc::StatusAction::RelinkRequired => {
                    format!(" (cause `{}`; the account holder can repair it by relinking)", d.cause)
                }
                Some(d) => format!(" (cause `{}`; it cannot be repaired)", d.cause),
                None => String::new(),
            };
            return Some(
                Failure::invalid(format!(
                    "Financial Connections account {id} is inactive{why}: inactive accounts cannot refresh their data."
                ))
                .code("financial_connections_account_inactive"),
            );
        }
        other => {
            return Some(
                Failure::invalid(format!(
                    "Financial Connections account {id} is {other}: only active accounts can refresh their data."
                ))
                .code("financial_connections_account_inactive"),
            );
        }
    }
    let refresh = account.balance_refresh.as_ref()?;
    let refused = |message: String| Some(Failure::invalid(message).code("balance_refresh_not_available"));
    if refresh.status == fc::RefreshStatus::Pending {
        return refused(format!(
            "A balance refresh of Financial Connections account {id} is already pending (started at {}); \
             no new refresh can start until it finishes (next_refresh_available_at is null while pending).",
            when(refresh.last_attempted_at)
        ));
    }
    match refresh.next_refresh_available_at {
        None => refused(format!(
            "No balance refresh of Financial Connections account {id} can start now: \
             next_refresh_available_at is null."
        )),
        Some(at) if at > now => refused(format!(
            "The next balance refresh of Financial Connections account {id} is available at {} \
             (next_refresh_available_at {at}, in {} s); no refresh can start before then.",
            when(at),
            at - now
        )),
        Some(_) => None,
    }
}

/// A Unix timestamp as RFC 3339 UTC text (or the number when out of range).
fn when(ts: i64) -> String {
    jiff::Timestamp::from_second(ts).map_or_else(|_| ts.to_string(), |t| t.to_string())
}

/// The bank's answer to a successful refresh: `old` moved a little (±1.5 %, at least 1.00),
/// as of `as_of`. An account that had no balance gets a fresh cash balance.
fn refreshed_balance(old: Option<fc::Balance>, rng: &mut ChaCha8Rng, as_of: i64) -> fc::Balance {
    let nudge = |rng: &mut ChaCha8Rng, amount: i64| {
        let basis_points = rng.random_range(-150..=150i64);
        let delta = amount.saturating_abs() / 10_000 * basis_points + rng.random_range(-5_000..=5_000i64);
        if delta.abs() < 100 { if delta < 0 { -100 } else { 100 } } else { delta }
    };
    let shift = |map: &mut crate::stripe::common::Amounts, delta: i64| {
        for (_, value) in map.iter_mut() {
            *value = value.saturating_add(delta);
        }
    };
    let Some(mut balance) = old else {
        let amount = rng.random_range(10_000..10_000_000i64);
        let usd = crate::stripe::common::Amounts::from_iter([("usd".to_owned(), amount)]);
        return fc::Balance {
            as_of,
            cash: Some(fc::CashBalance { available: Some(usd.clone()) }),
            credit: None,
            current: usd,
            kind: fc::BalanceType::Cash,
        };
    };
    let base = balance.current.values().next().copied().unwrap_or(0);
    let delta = nudge(rng, base);
    shift(&mut balance.current, delta);
    if let Some(available) = balance.cash.as_mut().and_then(|c| c.available.as_mut()) {
        shift(available, delta);
    }
    // Credit: `used` grows when `current` (negative: owed by the holder) falls, and vice versa.
    if let Some(used) = balance.credit.as_mut().and_then(|c| c.used.as_mut()) {
        shift(used, -delta);
    }
    balance.as_of = as_of;
    balance
}

/// Add `delta` to `map[currency]`, keeping the key present (Stripe shows zero balances).
fn add(map: &mut crate::stripe::common::Amounts, currency: &str, delta: i64) {
    let slot = map.entry(currency.to_owned()).or_insert(0);
    *slot = slot.saturating_add(delta);
}

/// Cheap clone handle on the sandbox's shared store, with typed read helpers for tests.
#[derive(Clone)]
pub struct SandboxState {
    inner: Arc<Mutex<Store>>,
}

impl std::fmt::Debug for SandboxState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SandboxState")
    }
}

impl SandboxState {
    pub(crate) fn new(store: Store) -> Self {
        Self { inner: Arc::new(Mutex::new(store)) }
    }

    /// The store, with every due timer applied first: whoever reads sees the settled state.
    fn lock(&self) -> MutexGuard<'_, Store> {
        let mut store = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        store.settle_due();
        store
    }

    /// Run `f` on the store under the lock (never across an await).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.lock())
    }

    /// The platform's account id.
    pub fn platform_account_id(&self) -> String {
        self.lock().platform.id.clone()
    }

    /// Every connected account id, in seed order.
    pub fn connected_account_ids(&self) -> Vec<String> {
        self.lock().accounts.iter().map(|a| a.id.clone()).collect()
    }

    /// The connected account `id`.
    pub fn connected_account(&self, id: &str) -> Option<Account> {
        self.lock().accounts.iter().find(|a| a.id == id).cloned()
    }

    /// The financial accounts `account` (a connected account or the platform) owns.
    pub fn financial_accounts_of(&self, account: &str) -> Vec<FinancialAccount> {
        self.lock().financial_accounts.iter().filter(|f| f.owner == account).map(|f| f.object.clone()).collect()
    }

    /// The financial account `id`, whoever owns it.
    pub fn financial_account(&self, id: &str) -> Option<FinancialAccount> {
        self.lock().financial_accounts.iter().find(|f| f.object.id == id).map(|f| f.object.clone())
    }

    /// The account that owns the financial account or inbound transfer `object_id`.
    pub fn owner_of(&self, object_id: &str) -> Option<String> {
        let store = self.lock();
        store
            .financial_accounts
            .iter()
            .find(|f| f.object.id == object_id)
            .map(|f| f.owner.clone())
            .or_else(|| store.inbound_transfers.iter().find(|t| t.object.id == object_id).map(|t| t.owner.clone()))
    }

    /// The inbound transfer `id`, whoever owns it.
    pub fn inbound_transfer(&self, id: &str) -> Option<InboundTransfer> {
        self.lock().inbound_transfers.iter().find(|t| t.object.id == id).map(|t| t.object.clone())
    }

    /// Every inbound transfer `account` owns.
    pub fn inbound_transfers_of(&self, account: &str) -> Vec<InboundTransfer> {
        self.lock().inbound_transfers.iter().filter(|t| t.owner == account).map(|t| t.object.clone()).collect()
    }

    /// Every inbound transfer in the store.
    pub fn all_inbound_transfers(&self) -> Vec<InboundTransfer> {
        self.lock().inbound_transfers.iter().map(|t| t.object.clone()).collect()
    }

    /// The bank accounts `account` can pull funds from: its PaymentMethods attached to itself,
    /// set up for inbound flows, not blocked (what Add funds may use).
    pub fn origins_of(&self, account: &str) -> Vec<crate::stripe::payment_method::PaymentMethod> {
        self.lock()
            .payment_methods
            .iter()
            .filter(|p| p.owner == account && p.attached && p.inbound && p.payment_method.blocked().is_none())
            .map(|p| p.payment_method.clone())
            .collect()
    }

    /// Whether `account` may ask for same-day ACH (the preview): the seed denies it to some.
    pub fn same_day_allowed(&self, account: &str) -> bool {
        !self.lock().same_day_denied.contains(account)
    }

    /// Every Financial Connections account whose holder is the connected account `account`.
    pub fn fc_accounts_of(&self, account: &str) -> Vec<fc::Account> {
        self.lock()
            .fc_accounts
            .iter()
            .filter(|a| a.account_holder.as_ref().and_then(|h| h.account.as_deref()) == Some(account))
            .cloned()
            .collect()
    }

    /// Every Financial Connections account in the store.
    pub fn all_fc_accounts(&self) -> Vec<fc::Account> {
        self.lock().fc_accounts.clone()
    }

    /// How many balance refreshes of the Financial Connections account `id` the sandbox started
    /// (a seeded `pending` refresh counts as one; a refused or replayed request as none).
    pub fn refresh_attempts(&self, id: &str) -> u64 {
        self.lock().refresh_attempts.get(id).copied().unwrap_or(0)
    }

    /// True when the seed marks the Financial Connections account `id` as one whose balance
    /// refreshes always end `failed`.
    pub fn refresh_fails(&self, id: &str) -> bool {
        self.lock().refresh_failing.contains(id)
    }

    /// The Financial Connections account `id`.
    pub fn fc_account(&self, id: &str) -> Option<fc::Account> {
        self.lock().fc_accounts.iter().find(|a| a.id == id).cloned()
    }

    /// The Financial Connections session `id` (with its `client_secret`, as the secret-key API shows it).
    pub fn fc_session(&self, id: &str) -> Option<fc::Session> {
        self.lock().fc_sessions.iter().find(|r| r.session.id == id).map(|r| r.session.clone())
    }

    /// Every `POST /v1/financial_connections/sessions` received so far, oldest first.
    pub fn session_requests(&self) -> Vec<super::sessions::SessionRequest> {
        self.lock().session_requests.clone()
    }

    /// Set (or with `None`, clear) the test clock: objects and events made from now on are stamped
    /// `at` (Unix seconds) instead of the wall clock, so a test can make changes in one second.
    pub fn pin_clock(&self, at: Option<i64>) {
        self.lock().clock = at;
    }

    /// Deactivate the linked account `id` as its bank would (see the store's method); the
    /// account as it is now, or why not. For tests and the benchmark: Stripe has no API for it.
    pub fn deactivate_linked_account(
        &self,
        id: &str,
        action: fc::StatusAction,
        cause: fc::StatusCause,
    ) -> Result<fc::Account, String> {
        self.lock().deactivate_linked_account(id, action, cause).map_err(|f| f.error.message.unwrap_or_default())
    }

    /// Restrict `feature` of the financial account `id` (whoever owns it), as Stripe does when
    /// requirements lapse; the account as it is now, or why not. For tests and the benchmark.
    pub fn restrict_feature(&self, id: &str, feature: Feature) -> Result<FinancialAccount, String> {
        let mut store = self.lock();
        let owner = store.financial_accounts.iter().find(|f| f.object.id == id).map(|f| f.owner.clone());
        let owner = owner.ok_or_else(|| format!("no financial account {id}"))?;
        store.restrict_feature(&owner, id, feature).map_err(|f| f.error.message.unwrap_or_default())
    }

    /// The events of `account` (a connected account, or the platform's id) still kept, oldest first.
    pub fn events_of(&self, account: &str) -> Vec<crate::stripe::event::Event> {
        let store = self.lock();
        store.events.of(account, store.now())
    }

    /// How many inbound-transfer transitions (including returns) the sandbox has made.
    pub fn transition_count(&self) -> usize {
        self.lock().transitions.len()
    }

    /// The inbound-transfer transitions made so far, oldest first.
    pub fn transitions(&self) -> Vec<Transition> {
        self.lock().transitions.clone()
    }

    /// The authenticated requests served so far (the most recent 10 000), oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.lock().requests.iter().cloned().collect()
    }

    pub(crate) fn record(&self, record: RequestRecord) {
        let mut store = self.lock();
        if store.requests.len() >= MAX_RECORDS {
            store.requests.pop_front();
        }
        store.requests.push_back(record);
    }

    /// Resolve the `Stripe-Account` header into a scope (403 for an unknown account).
    pub(crate) fn resolve_scope(&self, header: Option<&str>) -> Result<Scope, Failure> {
        let store = self.lock();
        match header {
            None | Some("") => Ok(Scope { owner: store.platform.id.clone() }),
            Some(id) if id == store.platform.id || store.accounts.iter().any(|a| a.id == id) => {
                Ok(Scope { owner: id.to_owned() })
            }
            Some(id) => {
                let shown = if id.starts_with("acct_")
                    && id.len() <= 64
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    format!("'{id}'")
                } else {
                    "given in the Stripe-Account header".to_owned()
                };
                Err(Failure::new(
                    StatusCode::FORBIDDEN,
                    ErrorType::InvalidRequestError,
                    format!(
                        "The provided key does not have access to account {shown} (or that account does not exist). Application access may have been revoked."
                    ),
                )
                .code("account_invalid"))
            }
        }
    }

    pub(crate) fn idempotency_begin(&self, key: &str, fingerprint: &str) -> IdempotencyLookup {
        let mut store = self.lock();
        store.idempotency.retain(|_, entry| match entry {
            Idem::Done { at, .. } => at.elapsed() < IDEMPOTENCY_TTL,
            Idem::InFlight { .. } => true,
        });
        match store.idempotency.get(key) {
            Some(Idem::Done { fingerprint: first, status, body, .. }) => {
                if first == fingerprint {
                    IdempotencyLookup::Replay { status: *status, body: body.clone() }
                } else {
                    IdempotencyLookup::Mismatch
                }
            }
            Some(Idem::InFlight { fingerprint: first }) => {
                if first == fingerprint {
                    IdempotencyLookup::InFlight
                } else {
                    IdempotencyLookup::Mismatch
                }
            }
            None => {
                store.idempotency.insert(key.to_owned(), Idem::InFlight { fingerprint: fingerprint.to_owned() });
                IdempotencyLookup::Fresh
            }
        }
    }

    pub(crate) fn idempotency_finish(&self, key: &str, status: u16, body: Bytes) {
        let mut store = self.lock();
        if let Some(entry) = store.idempotency.get_mut(key) {
            let fingerprint = match entry {
                Idem::InFlight { fingerprint } | Idem::Done { fingerprint, .. } => std::mem::take(fingerprint),
            };
            *entry = Idem::Done { fingerprint, status, body, at: Instant::now() };
        }
    }

    pub(crate) fn idempotency_abandon(&self, key: &str) {
        let mut store = self.lock();
        if matches!(store.idempotency.get(key), Some(Idem::InFlight { .. })) {
            store.idempotency.remove(key);
        }
    }
}

impl Listed for Account {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created.unwrap_or(0)
    }
}

impl Listed for FinancialAccount {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

impl Listed for InboundTransfer {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

impl Listed for fc::Account {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SandboxState {
        let config = super::super::SandboxConfig::default();
        let data = super::super::seed::generate(&config, 1_800_000_000, "http://127.0.0.1:1");
        SandboxState::new(Store::new(data, "http://127.0.0.1:1".to_owned(), Timers::from(&config)))
    }

    #[test]
    fn idempotent_results_expire_after_a_day() {
        let state = state();
        assert!(matches!(state.idempotency_begin("k", "a"), IdempotencyLookup::Fresh));
        assert!(matches!(state.idempotency_begin("k", "a"), IdempotencyLookup::InFlight));
        assert!(matches!(state.idempotency_begin("k", "b"), IdempotencyLookup::Mismatch));
        state.idempotency_finish("k", 200, Bytes::from_static(b"{}"));
        assert!(matches!(state.idempotency_begin("k", "a"), IdempotencyLookup::Replay { status: 200, .. }));
        let Some(old) = Instant::now().checked_sub(IDEMPOTENCY_TTL + Duration::from_secs(1)) else {
            return; // the monotonic clock is too young on this machine to fake an old entry
        };
        state.with(|s| {
            if let Some(Idem::Done { at, .. }) = s.idempotency.get_mut("k") {
                *at = old;
            }
        });
        assert!(matches!(state.idempotency_begin("k", "b"), IdempotencyLookup::Fresh));
    }

    #[test]
    fn demo_outcomes_are_deterministic_and_mostly_succeed() {
        let ids: Vec<String> = (0..300).map(|n| format!("ibt_1Demo{n:04}")).collect();
        let outcomes: Vec<bool> = ids.iter().map(|id| matches!(demo_outcome(42, id), Action::Succeed)).collect();
        let again: Vec<bool> = ids.iter().map(|id| matches!(demo_outcome(42, id), Action::Succeed)).collect();
        assert_eq!(outcomes, again);
        let failed = outcomes.iter().filter(|ok| !**ok).count();
        assert!((20..=80).contains(&failed), "about one in six fails: {failed} of 300");
        let other_seed: Vec<bool> = ids.iter().map(|id| matches!(demo_outcome(43, id), Action::Succeed)).collect();
        assert_ne!(outcomes, other_seed, "the seed matters");
    }

    #[test]
    fn refreshed_balances_move_a_little_and_keep_their_shape() {
        let usd = |v: i64| crate::stripe::common::Amounts::from_iter([("usd".to_owned(), v)]);
        let credit = fc::Balance {
            as_of: 1,
            cash: None,
            credit: Some(fc::CreditBalance { used: Some(usd(500_000)) }),
            current: usd(-500_000),
            kind: fc::BalanceType::Credit,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(mix(42, "fca_1x", 1));
        let new = refreshed_balance(Some(credit.clone()), &mut rng, 100);
        assert_eq!((new.as_of, &new.kind), (100, &fc::BalanceType::Credit));
        let current = new.current.get("usd").copied().unwrap_or_default();
        let used = new.credit_used().and_then(|u| u.get("usd")).copied().unwrap_or_default();
        assert_ne!(current, -500_000);
        assert_eq!(used, -current, "used grows as current falls");
        assert!((current + 500_000).abs() <= 12_500, "a small change: {current}");
        let mut rng = ChaCha8Rng::seed_from_u64(mix(42, "fca_1x", 1));
        assert_eq!(refreshed_balance(Some(credit), &mut rng, 100), new, "deterministic");
    }

    #[test]
    fn abandoned_keys_can_be_used_again() {
        let state = state();
        assert!(matches!(state.idempotency_begin("k", "a"), IdempotencyLookup::Fresh));
        state.idempotency_abandon("k");
        assert!(matches!(state.idempotency_begin("k", "b"), IdempotencyLookup::Fresh));
    }

    #[test]
    fn unknown_stripe_accounts_are_forbidden_without_echoing_junk() {
        let state = state();
        let platform = state.platform_account_id();
        assert_eq!(state.resolve_scope(None).map(|s| s.owner).ok(), Some(platform.clone()));
        assert_eq!(state.resolve_scope(Some(&platform)).map(|s| s.owner).ok(), Some(platform));
        let failure = state.resolve_scope(Some("sk_live_oops")).err();
        let message = failure.as_ref().and_then(|f| f.error.message.clone()).unwrap_or_default();
        assert_eq!(failure.map(|f| f.status), Some(StatusCode::FORBIDDEN));
        assert!(!message.contains("sk_live_oops"), "{message}");
    }
}
