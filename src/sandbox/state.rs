//! The sandbox's in-memory store behind `Arc<Mutex<..>>`, its typed read helpers, and the
//! inbound-transfer state machine. Knows no HTTP framework type; never held across an await.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::wire::{Failure, Listed};
use crate::stripe::account::Account;
use crate::stripe::error::ErrorType;
use crate::stripe::financial_connections as fc;
use crate::stripe::treasury::{
    FailureCode, FailureDetails, FinancialAccount, InboundTransfer, InboundTransferStatus, OriginPaymentMethodDetails,
    UsBankAccountDetails,
};

/// How long an idempotent result is kept.
const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Most request records kept for tests.
const MAX_RECORDS: usize = 10_000;

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
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
}

impl Store {
    /// A store holding the seeded objects.
    pub fn new(seed: super::seed::SeedData, base_url: String) -> Self {
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
        }
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

    /// Create an inbound transfer on `owner`'s financial account.
    pub fn create_transfer(&mut self, owner: &str, new: NewTransfer) -> Result<InboundTransfer, Failure> {
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
        if !fa.active_features.contains(&crate::stripe::treasury::Feature::InboundTransfersAch) {
            return Err(Failure::bad_value(
                "financial_account",
                format!("The feature inbound_transfers.ach is not active on financial account {}.", fa.id),
            ));
        }
        let review = fa.has_manual_review();
        let now = unix_now();
        let id = make_id(&mut self.rng, "ibt_", 24);
        let status =
            if review { InboundTransferStatus::RequiresConfirmation } else { InboundTransferStatus::Processing };
        let banks = ["JPMorgan Chase", "Wells Fargo", "Bank of America", "Mercury"];
        let bank = banks[self.rng.random_range(0..banks.len())];
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
            origin_payment_method_details: Some(OriginPaymentMethodDetails {
                billing_details: Default::default(),
                kind: "us_bank_account".to_owned(),
                us_bank_account: Some(UsBankAccountDetails {
                    account_holder_type: Some("company".to_owned()),
                    account_type: Some("checking".to_owned()),
                    bank_name: Some(bank.to_owned()),
                    fingerprint: Some(make_id(&mut self.rng, "", 16)),
                    last4: Some(digits(&mut self.rng, 4)),
                    network: "ach".to_owned(),
                    routing_number: Some("110000000".to_owned()),
                }),
            }),
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
        self.inbound_transfers.push(Owned { owner: owner.to_owned(), object: transfer.clone() });
        Ok(transfer)
    }

    /// Apply `action` to `owner`'s inbound transfer `id`, keeping the FA's balances consistent.
    pub fn transition(&mut self, owner: &str, id: &str, action: Action) -> Result<InboundTransfer, Failure> {
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
        let now = unix_now();
        let mut next = transfer.clone();
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
                next.linked_flows.received_debit = Some(make_id(&mut self.rng, "rd_", 24));
            }
        }
        let fa = &mut self.financial_accounts[fa_index].object;
        add(&mut fa.balance.inbound_pending, &transfer.currency, pending_delta);
        add(&mut fa.balance.cash, &transfer.currency, cash_delta);
        self.transitions.push(Transition {
            transfer: id.to_owned(),
            from,
            to: next.status.clone(),
            returned: next.returned == Some(true) && transfer.returned != Some(true),
        });
        self.inbound_transfers[index].object = next.clone();
        Ok(next)
    }
}

/// Add `delta` to `map[currency]`, keeping the key present (Stripe shows zero balances).
fn add(map: &mut std::collections::BTreeMap<String, i64>, currency: &str, delta: i64) {
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

    fn lock(&self) -> MutexGuard<'_, Store> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
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
        SandboxState::new(Store::new(data, "http://127.0.0.1:1".to_owned()))
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
