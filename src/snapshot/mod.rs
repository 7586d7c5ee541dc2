//! Everything the dashboard shows, as one value: platform → connected accounts → financial
//! accounts → inbound transfers, and each account's linked bank accounts, with what is derived
//! from it (totals, what needs a person). Knows the client, not the UI; loading is in `load`
//! (and a re-sync from Stripe's events in `resync`).

mod load;
mod resync;
mod transfer;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

pub use load::{Previous, SyncEvent, load, load_into, load_with};
pub use resync::{EventMark, LOOK_BACK};
pub use transfer::{Transfer, Words};

use crate::money::Totals;
use crate::stripe::Mode;
use crate::stripe::account::Account;
use crate::stripe::common::Timestamp;
use crate::stripe::financial_connections as fc;
use crate::stripe::treasury::{FinancialAccount, InboundTransfer};

/// How much of the sync runs at once. The rate limiter, not these numbers, sets the pace; they
/// only have to be large enough to keep the limiter busy (Little's law: rate × latency).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Connected accounts loading at once.
    pub accounts_at_once: usize,
    /// Requests at once within one account (its linked accounts, financial accounts, transfers).
    pub requests_at_once: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { accounts_at_once: 32, requests_at_once: 8 }
    }
}

impl LoadOptions {
    /// One request at a time: the baseline the benchmark compares against.
    pub fn sequential() -> Self {
        Self { accounts_at_once: 1, requests_at_once: 1 }
    }
}

/// How long a returned inbound transfer stays in the triage list (seconds since it was made).
const RETURNS_SHOWN_FOR: Timestamp = 90 * 24 * 3600;

/// Everything loaded in one sync.
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    /// Test or live (from the key).
    pub mode: Mode,
    /// The platform account the key belongs to.
    pub platform: Account,
    /// The platform's own money: its financial accounts (with their transfers), Stripe balance and
    /// linked bank accounts, read without `Stripe-Account`. `None` until loaded.
    pub platform_own: Option<ConnectedAccount>,
    /// Connected accounts, newest first.
    pub accounts: Vec<ConnectedAccount>,
    /// When the sync finished (Unix seconds).
    pub fetched_at: Timestamp,
}

/// One connected account with what hangs off it. A part that failed to load leaves an entry in
/// `errors` and the rest stays usable.
#[derive(Clone, Debug, Serialize)]
pub struct ConnectedAccount {
    /// The account.
    pub account: Account,
    /// Its Treasury financial accounts, whatever state its treasury capability is in (an inactive
    /// or pending capability restricts their features; the money is still there).
    pub financial_accounts: Vec<FinancialAccountEntry>,
    /// Whether its financial accounts were listed, and what Stripe said.
    pub financial_accounts_read: FinancialAccountsRead,
    /// Its linked bank accounts (Financial Connections, holder = this account).
    pub linked_accounts: Vec<fc::Account>,
    /// Its own Stripe balance (payments), apart from its financial accounts; `None` when it
    /// could not be read (the reason is in `errors`).
    pub stripe_balance: Option<crate::stripe::balance::Balance>,
    /// What failed to load, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Where its events were read up to, for the next re-sync; `None` when it must be read in
    /// full next time. Not part of the data shown or exported.
    #[serde(skip)]
    pub events: Option<EventMark>,
}

/// Whether a holder's financial accounts were listed. A list that failed is `Listed`, with the
/// failure in [`ConnectedAccount::errors`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FinancialAccountsRead {
    /// Listed (the list may be empty).
    #[default]
    Listed,
    /// Not asked: the connected account has no `treasury` capability, so it can hold none.
    NoCapability,
    /// Stripe answered that the account is not onboarded to Treasury
    /// ([`crate::stripe::treasury::is_not_onboarded`]): it holds none, and nothing failed.
    NotOnboarded,
}

/// A financial account and its inbound transfers.
#[derive(Clone, Debug, Serialize)]
pub struct FinancialAccountEntry {
    /// The financial account.
    pub financial_account: FinancialAccount,
    /// Its inbound transfers, newest first. A quick sync that kept them shares them with the
    /// snapshot before it.
    pub inbound_transfers: Arc<Vec<Transfer>>,
    /// When the transfers were last read in full; `None` when that read failed, or when an
    /// action has changed the account since (a quick sync then reads the list again).
    pub transfers_read_at: Option<Timestamp>,
    /// The last sync kept this list from the one before ([`Previous`]) instead of listing it,
    /// with what Stripe's events said had changed in it since.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transfers_kept: bool,
}

/// Sync progress, readable from any thread.
#[derive(Debug, Default)]
pub struct Progress {
    /// Connected accounts found so far.
    pub accounts_total: AtomicUsize,
    /// Connected accounts fully loaded.
    pub accounts_done: AtomicUsize,
    /// Financial accounts whose transfers were listed again.
    pub transfer_lists_read: AtomicUsize,
    /// Financial accounts whose transfers a re-sync kept from the sync before, brought up to
    /// date from Stripe's events (see [`Previous`]).
    pub transfer_lists_kept: AtomicUsize,
    /// Events a re-sync read and applied (not counting those a sync before had applied).
    pub events_read: AtomicUsize,
    /// Objects a re-sync read again because events named them.
    pub objects_reread: AtomicUsize,
    /// Accounts (the platform counts as one) read in full: every one in a full sync; in a
    /// re-sync, new ones and those whose events could not say what changed.
    pub accounts_read_in_full: AtomicUsize,
}

impl Progress {
    /// `(done, total)`.
    pub fn get(&self) -> (usize, usize) {
        (self.accounts_done.load(Ordering::Relaxed), self.accounts_total.load(Ordering::Relaxed))
    }

    /// `(listed again, kept)` transfer lists.
    pub fn transfer_lists(&self) -> (usize, usize) {
        (self.transfer_lists_read.load(Ordering::Relaxed), self.transfer_lists_kept.load(Ordering::Relaxed))
    }

    /// `(events read, objects read again, accounts read in full)`.
    pub fn resync(&self) -> (usize, usize, usize) {
        (
            self.events_read.load(Ordering::Relaxed),
            self.objects_reread.load(Ordering::Relaxed),
            self.accounts_read_in_full.load(Ordering::Relaxed),
        )
    }
}

/// Balances of financial accounts, summed per type and currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FinancialTotals {
    /// `balance.cash`.
    pub cash: Totals,
    /// `balance.inbound_pending`.
    pub inbound_pending: Totals,
    /// `balance.outbound_pending`.
    pub outbound_pending: Totals,
}

impl FinancialTotals {
    /// Sum over financial accounts.
    pub fn of<'a>(accounts: impl IntoIterator<Item = &'a FinancialAccount>) -> Self {
        let mut totals = Self::default();
        for fa in accounts {
            totals.cash.add_map(&fa.balance.cash);
            totals.inbound_pending.add_map(&fa.balance.inbound_pending);
            totals.outbound_pending.add_map(&fa.balance.outbound_pending);
        }
        totals
    }
}

impl ConnectedAccount {
    /// Open financial accounts only.
    pub fn open_financial_accounts(&self) -> impl Iterator<Item = &FinancialAccount> {
        self.financial_accounts.iter().map(|e| &e.financial_account).filter(|fa| fa.is_open())
    }

    /// Totals over this account's financial accounts (closed ones hold nothing, but are summed as sent).
    pub fn totals(&self) -> FinancialTotals {
        FinancialTotals::of(self.financial_accounts.iter().map(|e| &e.financial_account))
    }
}

impl Snapshot {
    /// Totals over every financial account of every connected account.
    pub fn totals(&self) -> FinancialTotals {
        FinancialTotals::of(
            self.accounts.iter().flat_map(|a| a.financial_accounts.iter().map(|e| &e.financial_account)),
        )
    }

    /// Number of financial accounts, inbound transfers and linked accounts.
    pub fn counts(&self) -> (usize, usize, usize) {
        let fas = self.accounts.iter().map(|a| a.financial_accounts.len()).sum();
        let transfers =
            self.accounts.iter().flat_map(|a| &a.financial_accounts).map(|e| e.inbound_transfers.len()).sum();
        let linked = self.accounts.iter().map(|a| a.linked_accounts.len()).sum();
        (fas, transfers, linked)
    }
}

impl Snapshot {
    /// Everyone whose money the app shows: the platform itself first (when loaded), then every
    /// connected account.
    pub fn holders(&self) -> impl Iterator<Item = &ConnectedAccount> {
        self.platform_own.iter().chain(&self.accounts)
    }

    /// [`Snapshot::holders`], by position.
    pub fn holder(&self, index: usize) -> Option<&ConnectedAccount> {
        match (&self.platform_own, index) {
            (Some(own), 0) => Some(own),
            (Some(_), i) => self.accounts.get(i - 1),
            (None, i) => self.accounts.get(i),
        }
    }

    fn holders_mut(&mut self) -> impl Iterator<Item = &mut ConnectedAccount> {
        self.platform_own.iter_mut().chain(&mut self.accounts)
    }

    /// Replace a transfer by id (after an action); false when it is not in the snapshot.
    pub fn replace_transfer(&mut self, transfer: InboundTransfer) -> bool {
        let entry = self
            .holders_mut()
            .flat_map(|a| a.financial_accounts.iter_mut())
            .find(|e| e.financial_account.id == transfer.financial_account);
        let Some(entry) = entry else { return false };
        let Some(index) = entry.inbound_transfers.iter().position(|t| *t.id == transfer.id) else { return false };
        // Copy-on-write: a list still shared with an older snapshot is copied before the change.
        Arc::make_mut(&mut entry.inbound_transfers)[index] = Transfer::new(transfer, &Words::default());
        true
    }

    /// Put a transfer an action made or changed in its financial account: in place of its older
    /// copy, or first (the list is newest first) when it is new. False when the financial account
    /// is not in the snapshot.
    pub fn land_transfer(&mut self, transfer: InboundTransfer) -> bool {
        let entry = self
            .holders_mut()
            .flat_map(|a| a.financial_accounts.iter_mut())
            .find(|e| e.financial_account.id == transfer.financial_account);
        let Some(entry) = entry else { return false };
        let row = Transfer::new(transfer, &Words::default());
        // Copy-on-write: a list still shared with an older snapshot is copied before the change.
        let list = Arc::make_mut(&mut entry.inbound_transfers);
        match list.iter().position(|t| t.id == row.id) {
            Some(index) => list[index] = row,
            None => list.insert(0, row),
        }
        true
    }

    /// Replace a financial account (read again after an action moved its balance); false when
    /// it is not in the snapshot. Its transfer list is no longer known to be as of this balance
    /// (others may have moved it meanwhile), so the next quick sync lists it again.
    pub fn replace_financial_account(&mut self, financial_account: FinancialAccount) -> bool {
        let entry = self
            .holders_mut()
            .flat_map(|a| a.financial_accounts.iter_mut())
            .find(|e| e.financial_account.id == financial_account.id);
        let Some(entry) = entry else { return false };
        entry.financial_account = financial_account;
        entry.transfers_read_at = None;
        entry.transfers_kept = false;
        true
    }

    /// Replace a linked bank account by id; false when it is not in the snapshot.
    pub fn replace_linked_account(&mut self, linked: fc::Account) -> bool {
        match self.holders_mut().flat_map(|a| a.linked_accounts.iter_mut()).find(|l| l.id == linked.id) {
            Some(slot) => {
                *slot = linked;
                true
            }
            None => false,
        }
    }

    /// An inbound transfer by id, with its holder and financial account.
    pub fn transfer(&self, transfer_id: &str) -> Option<(&ConnectedAccount, &FinancialAccountEntry, &Transfer)> {
        self.holders().find_map(|holder| {
            holder.financial_accounts.iter().find_map(|entry| {
                entry.inbound_transfers.iter().find(|t| &*t.id == transfer_id).map(|t| (holder, entry, t))
            })
        })
    }

    /// A linked bank account by id.
    pub fn linked_account(&self, linked_id: &str) -> Option<&fc::Account> {
        self.holders().flat_map(|a| &a.linked_accounts).find(|l| l.id == linked_id)
    }

    /// A connected account, or the platform's own entry, by id.
    pub fn account(&self, account_id: &str) -> Option<&ConnectedAccount> {
        self.holders().find(|a| a.account.id == account_id)
    }
}

/// Something a finance user should look at, most urgent kinds first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attention {
    /// An inbound transfer waits for confirmation; Stripe cancels it after the deadline.
    AwaitingConfirmation {
        /// Connected account.
        account_id: String,
        /// Financial account.
        financial_account_id: String,
        /// Transfer.
        transfer_id: String,
        /// Minor units.
        amount: i64,
        /// Currency.
        currency: String,
        /// Last day to act.
        deadline: Option<jiff::civil::Date>,
    },
    /// A linked bank account is inactive and a relink can repair it.
    RelinkRequired {
        /// Connected account.
        account_id: String,
        /// Linked account.
        linked_id: String,
        /// Its label.
        label: String,
    },
    /// A linked bank account is inactive and cannot be repaired, or was disconnected.
    LinkLost {
        /// Connected account.
        account_id: String,
        /// Linked account.
        linked_id: String,
        /// Its label.
        label: String,
        /// Its status (inactive or disconnected).
        status: fc::AccountStatus,
        /// Stripe's cause when inactive, if given.
        cause: Option<fc::StatusCause>,
    },
    /// A balance is below zero: a connected account's Stripe balance (the platform covers it) or
    /// a financial account's cash.
    NegativeBalance {
        /// Connected account (or the platform).
        account_id: String,
        /// The financial account's label, or `None` for the Stripe balance.
        financial_account: Option<String>,
        /// Minor units (negative).
        amount: i64,
        /// Currency.
        currency: String,
    },
    /// An inbound transfer that succeeded was returned (ACH return): the bank pulled the money
    /// back out of the financial account as a ReceivedDebit, which may leave its cash negative.
    ReturnedTransfer {
        /// Connected account (or the platform).
        account_id: String,
        /// Financial account.
        financial_account_id: String,
        /// Its label.
        financial_account: String,
        /// The transfer.
        transfer_id: String,
        /// Minor units.
        amount: i64,
        /// Currency.
        currency: String,
    },
    /// The last balance refresh failed.
    RefreshFailed {
        /// Connected account.
        account_id: String,
        /// Linked account.
        linked_id: String,
        /// Its label.
        label: String,
    },
    /// A financial account has restricted features (action needed).
    RestrictedFeatures {
        /// Connected account.
        account_id: String,
        /// Financial account.
        financial_account_id: String,
        /// Which.
        features: Vec<crate::stripe::treasury::Feature>,
        /// Why, when the account's treasury capability is not active (from its requirements).
        reason: Option<String>,
    },
    /// Part of an account's data failed to load.
    LoadFailed {
        /// Connected account.
        account_id: String,
        /// What failed.
        error: String,
    },
}

impl Attention {
    /// The connected account it is about.
    pub fn account_id(&self) -> &str {
        match self {
            Self::AwaitingConfirmation { account_id, .. }
            | Self::RelinkRequired { account_id, .. }
            | Self::LinkLost { account_id, .. }
            | Self::NegativeBalance { account_id, .. }
            | Self::ReturnedTransfer { account_id, .. }
            | Self::RefreshFailed { account_id, .. }
            | Self::RestrictedFeatures { account_id, .. }
            | Self::LoadFailed { account_id, .. } => account_id,
        }
    }
}

impl Snapshot {
    /// Everything that needs a person: failed loads (the totals are incomplete), transfers
    /// awaiting confirmation (soonest deadline first), relinks, lost links, negative balances,
    /// failed refreshes, restricted features.
    pub fn attention(&self) -> Vec<Attention> {
        use crate::stripe::financial_connections::{AccountStatus, RefreshStatus};
        use crate::stripe::treasury::InboundTransferStatus;
        let mut waiting = Vec::new();
        let mut rest = Vec::new();
        for connected in self.holders() {
            let account_id = connected.account.id.clone();
            let restriction = connected.account.treasury_restriction();
            for entry in &connected.financial_accounts {
                let fa = &entry.financial_account;
                for transfer in
                    entry.inbound_transfers.iter().filter(|t| t.status == InboundTransferStatus::RequiresConfirmation)
                {
                    waiting.push(Attention::AwaitingConfirmation {
                        account_id: account_id.clone(),
                        financial_account_id: fa.id.clone(),
                        transfer_id: transfer.id.to_string(),
                        amount: transfer.amount,
                        currency: transfer.currency.to_string(),
                        deadline: crate::deadline::confirmation_deadline(transfer.created),
                    });
                }
                // Returns of the last 90 days: older ones were dealt with at their month's close.
                let recent = self.fetched_at - RETURNS_SHOWN_FOR;
                for transfer in entry.inbound_transfers.iter().filter(|t| t.returned && t.created >= recent) {
                    rest.push(Attention::ReturnedTransfer {
                        account_id: account_id.clone(),
                        financial_account_id: fa.id.clone(),
                        financial_account: fa.label().to_owned(),
                        transfer_id: transfer.id.to_string(),
                        amount: transfer.amount,
                        currency: transfer.currency.to_string(),
                    });
                }
                for (currency, amount) in fa.balance.cash.iter().filter(|(_, amount)| **amount < 0) {
                    rest.push(Attention::NegativeBalance {
                        account_id: account_id.clone(),
                        financial_account: Some(fa.label().to_owned()),
                        amount: *amount,
                        currency: currency.clone(),
                    });
                }
                if fa.is_open() && !fa.restricted_features.is_empty() {
                    rest.push(Attention::RestrictedFeatures {
                        account_id: account_id.clone(),
                        financial_account_id: fa.id.clone(),
                        features: fa.restricted_features.clone(),
                        reason: restriction.clone(),
                    });
                }
            }
            for linked in &connected.linked_accounts {
                let (linked_id, label) = (linked.id.clone(), linked.label());
                if linked.relink_required() {
                    rest.push(Attention::RelinkRequired { account_id: account_id.clone(), linked_id, label });
                } else if linked.status != AccountStatus::Active {
                    let (status, cause) =
                        (linked.status.clone(), linked.status_details.inactive.as_ref().map(|i| i.cause.clone()));
                    rest.push(Attention::LinkLost { account_id: account_id.clone(), linked_id, label, status, cause });
                } else if linked.balance_refresh.as_ref().is_some_and(|r| r.status == RefreshStatus::Failed) {
                    rest.push(Attention::RefreshFailed { account_id: account_id.clone(), linked_id, label });
                }
            }
            let stripe_available = connected.stripe_balance.as_ref().map(|b| b.available_amounts()).unwrap_or_default();
            for (currency, amount) in stripe_available.iter().filter(|(_, amount)| **amount < 0) {
                rest.push(Attention::NegativeBalance {
                    account_id: account_id.clone(),
                    financial_account: None,
                    amount: *amount,
                    currency: currency.clone(),
                });
            }
            for error in &connected.errors {
                rest.push(Attention::LoadFailed { account_id: account_id.clone(), error: error.clone() });
            }
        }
        // Failed loads first: they mean every total on screen is incomplete.
        let (failed, mut rest): (Vec<_>, Vec<_>) =
            rest.into_iter().partition(|a| matches!(a, Attention::LoadFailed { .. }));
        waiting.sort_by_key(|a| match a {
            Attention::AwaitingConfirmation { deadline, .. } => *deadline,
            _ => None,
        });
        rest.sort_by_key(|a| match a {
            Attention::RelinkRequired { .. } => 0,
            Attention::LinkLost { .. } => 1,
            Attention::NegativeBalance { .. } => 2,
            Attention::ReturnedTransfer { .. } => 2,
            Attention::RefreshFailed { .. } => 3,
            Attention::RestrictedFeatures { .. } => 4,
            _ => 5,
        });
        let mut all = failed;
        all.extend(waiting);
        all.extend(rest);
        all
    }

    /// The connected accounts' Stripe balances (payments), summed per currency.
    pub fn stripe_balance_totals(&self) -> StripeBalanceTotals {
        StripeBalanceTotals::of(&self.accounts)
    }

    /// Linked bank account balances summed per currency: cash accounts' current and available,
    /// credit accounts' current and used. Each bank reports at its own `as_of`.
    pub fn linked_totals(&self) -> LinkedTotals {
        use crate::stripe::financial_connections::BalanceType;
        let mut totals = LinkedTotals::default();
        for balance in self.accounts.iter().flat_map(|a| &a.linked_accounts).filter_map(|l| l.balance.as_ref()) {
            match balance.kind {
                BalanceType::Credit => {
                    totals.credit_current.add_map(&balance.current);
                    if let Some(used) = balance.credit_used() {
                        totals.credit_used.add_map(used);
                    }
                }
                _ => {
                    totals.cash_current.add_map(&balance.current);
                    if let Some(available) = balance.cash.as_ref().and_then(|c| c.available.as_ref()) {
                        totals.cash_available.add_map(available);
                    }
                }
            }
        }
        totals
    }
}

/// The connected accounts' own Stripe balances, per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StripeBalanceTotals {
    /// Available now.
    pub available: Totals,
    /// Still settling.
    pub pending: Totals,
    /// Accounts whose balance could not be read (the totals leave them out).
    pub unread: usize,
}

impl StripeBalanceTotals {
    /// The Stripe balances of `holders`, summed per currency.
    pub fn of<'a>(holders: impl IntoIterator<Item = &'a ConnectedAccount>) -> Self {
        let mut totals = Self::default();
        for holder in holders {
            match &holder.stripe_balance {
                Some(balance) => {
                    totals.available.add_map(&balance.available_amounts());
                    totals.pending.add_map(&balance.pending_amounts());
                }
                None => totals.unread += 1,
            }
        }
        totals
    }
}

/// Linked bank account totals, per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedTotals {
    /// Cash accounts: posted balance.
    pub cash_current: Totals,
    /// Cash accounts: available (where the bank reports it).
    pub cash_available: Totals,
    /// Credit accounts: posted balance (usually negative).
    pub credit_current: Totals,
    /// Credit accounts: credit used.
    pub credit_used: Totals,
}
