//! The sandbox's ledger: Transactions, TransactionEntries, ReceivedCredits and ReceivedDebits,
//! seeded so that every financial account's balances are the sum of its entries, and kept so by
//! every state change (the inbound-transfer machine writes its entries here). Owns their seed,
//! routes and test helpers; holds the store's lock only inside `with`.

use std::collections::{BTreeSet, HashMap};
use std::ops::RangeInclusive;

use axum::extract::{Path, State};
use axum::response::Response;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::App;
use super::seed::SeedData;
use super::state::{Owned, Store, digits, make_id};
use super::wire::{self, Ctx, Failure, LIST_PARAMS, Listed, ok, page, page_by};
use crate::stripe::common::Expandable;
use crate::stripe::event::EventType;
use crate::stripe::form::FormValue;
use crate::stripe::ledger::{
    BalanceImpact, EntryType, FlowType, InitiatingBankAccount, InitiatingBillingDetails,
    InitiatingPaymentMethodDetails, Network, ReceivedCredit, ReceivedCreditLinkedFlows, ReceivedDebit,
    ReceivedDebitLinkedFlows, ReceivedStatus, Transaction, TransactionEntry, TransactionStatus,
    TransactionStatusTransitions,
};
use crate::stripe::treasury::{InboundTransfer, InboundTransferStatus};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Banks that send the seeded received credits.
const PAYERS: [(&str, &str); 5] = [
    ("Customer payments (ACH)", "JPMorgan Chase"),
    ("Marketplace payout", "Wells Fargo"),
    ("Invoice settlement", "Bank of America"),
    ("Wire from client", "Citibank"),
    ("Refund from supplier", "U.S. Bank"),
];

/// Every ledger object the sandbox holds, with their own id generator (so the ids of every other
/// seeded or run-time object stay as they were before the ledger existed).
pub(crate) struct Ledger {
    pub transactions: Vec<Owned<Transaction>>,
    pub entries: Vec<Owned<TransactionEntry>>,
    pub received_credits: Vec<Owned<ReceivedCredit>>,
    pub received_debits: Vec<Owned<ReceivedDebit>>,
    /// Transaction id → index in `transactions`.
    index: HashMap<String, usize>,
    /// Entry id → index in `entries`.
    entry_index: HashMap<String, usize>,
    /// Per financial account, `(effective_at, index in entries)` of its entries, in order: a list
    /// filtered by `effective_at` (the export's time slices, a month's view) reads its range
    /// instead of every entry of the ledger, a few hundred where an account may hold 100,000.
    by_account: HashMap<String, BTreeSet<(i64, usize)>>,
    rng: ChaCha8Rng,
}

/// What a new Transaction is about.
pub(crate) struct Flow<'a> {
    pub financial_account: &'a str,
    pub currency: &'a str,
    pub flow_type: FlowType,
    pub flow: &'a str,
    /// Signed: a debit is negative.
    pub amount: i64,
    pub description: String,
}

impl Ledger {
    /// An empty ledger whose ids come from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            transactions: Vec::new(),
            entries: Vec::new(),
            received_credits: Vec::new(),
            received_debits: Vec::new(),
            index: HashMap::new(),
            entry_index: HashMap::new(),
            by_account: HashMap::new(),
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x1ed6_e700_0000_0001),
        }
    }

    /// A new id with `prefix`, from the ledger's own generator.
    pub fn id(&mut self, prefix: &str) -> String {
        make_id(&mut self.rng, prefix, 24)
    }

    /// Open a Transaction (id `id`, or a new one) for `owner` at `at`; its id.
    pub fn open(&mut self, owner: &str, id: Option<String>, flow: Flow<'_>, at: i64) -> String {
        let id = id.unwrap_or_else(|| self.id("trxn_"));
        let transaction = Transaction {
            id: id.clone(),
            object: "treasury.transaction".to_owned(),
            amount: flow.amount,
            balance_impact: BalanceImpact::default(),
            created: at,
            currency: flow.currency.to_owned(),
            description: flow.description,
            entries: None,
            financial_account: flow.financial_account.to_owned(),
            flow: Some(flow.flow.to_owned()),
            flow_details: None,
            flow_type: flow.flow_type,
            livemode: false,
            status: TransactionStatus::Open,
            status_transitions: TransactionStatusTransitions::default(),
        };
        self.index.insert(id.clone(), self.transactions.len());
        self.transactions.push(Owned { owner: owner.to_owned(), object: transaction });
        id
    }

    /// The Transaction `id`.
    pub fn transaction(&self, id: &str) -> Option<&Owned<Transaction>> {
        self.index.get(id).map(|&i| &self.transactions[i])
    }

    /// Add an entry of `kind` moving `impact` to the Transaction `id`, effective at `at`.
    pub fn entry(&mut self, id: &str, kind: EntryType, impact: BalanceImpact, at: i64) {
        let Some(&i) = self.index.get(id) else {
            tracing::error!(transaction = %id, "the sandbox's ledger has no such transaction");
            return;
        };
        let entry_id = self.id("trxne_");
        let Owned { owner, object: transaction } = &mut self.transactions[i];
        transaction.balance_impact = transaction.balance_impact.plus(impact);
        let entry = TransactionEntry {
            id: entry_id,
            object: "treasury.transaction_entry".to_owned(),
            balance_impact: impact,
            created: at,
            currency: transaction.currency.clone(),
            effective_at: at,
            financial_account: transaction.financial_account.clone(),
            flow: transaction.flow.clone(),
            flow_details: None,
            flow_type: transaction.flow_type.clone(),
            livemode: false,
            transaction: Expandable::Id(transaction.id.clone()),
            kind,
        };
        let owner = owner.clone();
        let at_index = self.entries.len();
        self.entry_index.insert(entry.id.clone(), at_index);
        self.by_account.entry(entry.financial_account.clone()).or_default().insert((entry.effective_at, at_index));
        self.entries.push(Owned { owner, object: entry });
    }

    /// The entry `id`.
    pub fn entry_by_id(&self, id: &str) -> Option<&Owned<TransactionEntry>> {
        self.entry_index.get(id).map(|&i| &self.entries[i])
    }

    /// The entries of `financial_account` effective within `effective`, oldest first.
    pub fn entries_of<'a>(
        &'a self,
        financial_account: &str,
        effective: RangeInclusive<i64>,
    ) -> impl Iterator<Item = &'a Owned<TransactionEntry>> + 'a {
        let (from, to) = (*effective.start(), *effective.end());
        self.by_account
            .get(financial_account)
            .filter(|_| from <= to)
            .into_iter()
            .flat_map(move |set| set.range((from, 0)..=(to, usize::MAX)))
            .map(|&(_, i)| &self.entries[i])
    }

    /// The Transaction `id` posted at `at`.
    pub fn post(&mut self, id: &str, at: i64) {
        if let Some(&i) = self.index.get(id) {
            let transaction = &mut self.transactions[i].object;
            transaction.status = TransactionStatus::Posted;
            transaction.status_transitions.posted_at = Some(at);
        }
    }

    /// The Transaction `id` voided at `at`.
    pub fn void(&mut self, id: &str, at: i64) {
        if let Some(&i) = self.index.get(id) {
            let transaction = &mut self.transactions[i].object;
            transaction.status = TransactionStatus::Void;
            transaction.status_transitions.void_at = Some(at);
        }
    }

    /// A posted Transaction of one entry: a movement that happened at once.
    fn posted(
        &mut self,
        owner: &str,
        id: Option<String>,
        flow: Flow<'_>,
        kind: EntryType,
        impact: BalanceImpact,
        at: i64,
    ) {
        let id = self.open(owner, id, flow, at);
        self.entry(&id, kind, impact, at);
        self.post(&id, at);
    }

    /// An inbound transfer was created (`processing`, or waiting for review: nothing pending yet).
    pub fn transfer_created(&mut self, owner: &str, transfer: &InboundTransfer) {
        let id = transfer_transaction(transfer);
        let flow = Flow {
            financial_account: &transfer.financial_account,
            currency: &transfer.currency,
            flow_type: FlowType::InboundTransfer,
            flow: &transfer.id,
            amount: transfer.amount,
            description: transfer.description.clone().unwrap_or_else(|| "Inbound transfer".to_owned()),
        };
        let id = self.open(owner, id, flow, transfer.created);
        if transfer.status == InboundTransferStatus::Processing {
            let impact = BalanceImpact { inbound_pending: transfer.amount, ..BalanceImpact::default() };
            self.entry(&id, EntryType::InboundTransfer, impact, transfer.created);
        }
    }

    /// An inbound transfer moved: its Transaction's entries, by the balance deltas the move made.
    pub fn transfer_moved(&mut self, transfer: &InboundTransfer, impact: BalanceImpact, at: i64) {
        let Some(id) = transfer_transaction(transfer) else { return };
        if !impact.is_zero() {
            self.entry(&id, EntryType::InboundTransfer, impact, at);
        }
        match transfer.status {
            InboundTransferStatus::Succeeded => self.post(&id, at),
            InboundTransferStatus::Failed | InboundTransferStatus::Canceled => self.void(&id, at),
            _ => {}
        }
    }

    /// The ReceivedDebit `id` that returns the succeeded `transfer` at `at`, with its own posted
    /// Transaction `transaction` (an `inbound_transfer_return` entry taking the cash back).
    pub fn transfer_returned(
        &mut self,
        owner: &str,
        id: &str,
        transaction: String,
        transfer: &InboundTransfer,
        at: i64,
    ) -> ReceivedDebit {
        let bank = transfer.origin_payment_method_details.as_ref();
        let us_bank = bank.and_then(|d| d.us_bank_account.as_ref());
        let details = InitiatingPaymentMethodDetails {
            billing_details: InitiatingBillingDetails {
                address: bank.map(|d| d.billing_details.address.clone()).unwrap_or_default(),
                email: None,
                name: bank.and_then(|d| d.billing_details.name.clone()),
            },
            kind: "us_bank_account".to_owned(),
            us_bank_account: Some(InitiatingBankAccount {
                bank_name: us_bank.and_then(|b| b.bank_name.clone()),
                last4: us_bank.and_then(|b| b.last4.clone()),
                routing_number: us_bank.and_then(|b| b.routing_number.clone()),
            }),
        };
        let debit = ReceivedDebit {
            id: id.to_owned(),
            object: "treasury.received_debit".to_owned(),
            amount: transfer.amount,
            created: at,
            currency: transfer.currency.clone(),
            description: format!("Return of inbound transfer {}", transfer.id),
            failure_code: None,
            financial_account: Some(transfer.financial_account.clone()),
            hosted_regulatory_receipt_url: None,
            initiating_payment_method_details: Some(details),
            linked_flows: ReceivedDebitLinkedFlows {
                inbound_transfer: Some(transfer.id.clone()),
                ..Default::default()
            },
            livemode: false,
            network: Network::Ach,
            reversal_details: None,
            status: ReceivedStatus::Succeeded,
            transaction: Some(transaction.clone()),
        };
        let flow = Flow {
            financial_account: &transfer.financial_account,
            currency: &transfer.currency,
            flow_type: FlowType::ReceivedDebit,
            flow: id,
            amount: -transfer.amount,
            description: debit.description.clone(),
        };
        let impact = BalanceImpact { cash: -transfer.amount, ..BalanceImpact::default() };
        self.posted(owner, Some(transaction), flow, EntryType::InboundTransferReturn, impact, at);
        self.received_debits.push(Owned { owner: owner.to_owned(), object: debit.clone() });
        debit
    }

    /// A ReceivedCredit of `amount` into `financial_account` at `at`, posted at once.
    pub fn receive_credit(&mut self, owner: &str, new: NewReceived<'_>, at: i64) -> ReceivedCredit {
        let id = self.id("rc_");
        let transaction = self.id("trxn_");
        let credit = ReceivedCredit {
            id: id.clone(),
            object: "treasury.received_credit".to_owned(),
            amount: new.amount,
            created: at,
            currency: new.currency.to_owned(),
            description: new.description.clone(),
            failure_code: None,
            financial_account: Some(new.financial_account.to_owned()),
            hosted_regulatory_receipt_url: None,
            initiating_payment_method_details: new.details.clone(),
            linked_flows: ReceivedCreditLinkedFlows::default(),
            livemode: false,
            network: new.network.clone(),
            reversal_details: None,
            status: ReceivedStatus::Succeeded,
            transaction: Some(transaction.clone()),
        };
        let flow = Flow {
            financial_account: new.financial_account,
            currency: new.currency,
            flow_type: FlowType::ReceivedCredit,
            flow: &id,
            amount: new.amount,
            description: new.description,
        };
        let impact = BalanceImpact { cash: new.amount, ..BalanceImpact::default() };
        self.posted(owner, Some(transaction), flow, EntryType::ReceivedCredit, impact, at);
        self.received_credits.push(Owned { owner: owner.to_owned(), object: credit.clone() });
        credit
    }

    /// A ReceivedDebit of `amount` out of `financial_account` at `at` (an ACH debit the account
    /// holder authorized elsewhere), posted at once: it may leave cash negative.
    pub fn receive_debit(&mut self, owner: &str, new: NewReceived<'_>, at: i64) -> ReceivedDebit {
        let id = self.id("rd_");
        let transaction = self.id("trxn_");
        let debit = ReceivedDebit {
            id: id.clone(),
            object: "treasury.received_debit".to_owned(),
            amount: new.amount,
            created: at,
            currency: new.currency.to_owned(),
            description: new.description.clone(),
            failure_code: None,
            financial_account: Some(new.financial_account.to_owned()),
            hosted_regulatory_receipt_url: None,
            initiating_payment_method_details: Some(new.details.clone()),
            linked_flows: ReceivedDebitLinkedFlows::default(),
            livemode: false,
            network: new.network.clone(),
            reversal_details: None,
            status: ReceivedStatus::Succeeded,
            transaction: Some(transaction.clone()),
        };
        let flow = Flow {
            financial_account: new.financial_account,
            currency: new.currency,
            flow_type: FlowType::ReceivedDebit,
            flow: &id,
            amount: -new.amount,
            description: new.description,
        };
        let impact = BalanceImpact { cash: -new.amount, ..BalanceImpact::default() };
        self.posted(owner, Some(transaction), flow, EntryType::ReceivedDebit, impact, at);
        self.received_debits.push(Owned { owner: owner.to_owned(), object: debit.clone() });
        debit
    }

    /// An outbound flow (`outbound_payment` or `outbound_transfer`) of `amount` created at `at`:
    /// cash held as outbound pending, then (when `posted_at` is given) sent.
    fn outbound(
        &mut self,
        owner: &str,
        (financial_account, currency): (&str, &str),
        payment: bool,
        amount: i64,
        (at, posted_at): (i64, Option<i64>),
        description: &str,
    ) {
        let (prefix, flow_type, kind, posting) = if payment {
            ("obp_", FlowType::OutboundPayment, EntryType::OutboundPayment, EntryType::OutboundPaymentPosting)
        } else {
            ("obt_", FlowType::OutboundTransfer, EntryType::OutboundTransfer, EntryType::OutboundTransferPosting)
        };
        let flow_id = self.id(prefix);
        let flow = Flow {
            financial_account,
            currency,
            flow_type,
            flow: &flow_id,
            amount: -amount,
            description: description.to_owned(),
        };
        let id = self.open(owner, None, flow, at);
        self.entry(&id, kind, BalanceImpact { cash: -amount, outbound_pending: amount, inbound_pending: 0 }, at);
        if let Some(posted) = posted_at {
            self.entry(&id, posting, BalanceImpact { outbound_pending: -amount, ..BalanceImpact::default() }, posted);
            self.post(&id, posted);
        }
    }

    /// The sum of the entries of `financial_account` in `currency`.
    #[cfg(test)]
    pub fn sum(&self, financial_account: &str, currency: &str) -> BalanceImpact {
        self.entries
            .iter()
            .filter(|e| e.object.financial_account == financial_account && e.object.currency == currency)
            .fold(BalanceImpact::default(), |sum, e| sum.plus(e.object.balance_impact))
    }
}

/// A received credit or debit to make.
#[derive(Clone, Debug)]
pub(crate) struct NewReceived<'a> {
    pub financial_account: &'a str,
    pub amount: i64,
    pub currency: &'a str,
    pub description: String,
    pub network: Network,
    pub details: InitiatingPaymentMethodDetails,
}

/// The id of the Transaction an inbound transfer names.
fn transfer_transaction(transfer: &InboundTransfer) -> Option<String> {
    transfer
        .transaction
        .as_ref()
        .and_then(|t| t.as_str().map(str::to_owned).or_else(|| t.get("id")?.as_str().map(str::to_owned)))
}

/// A payer's bank account, as a received credit or debit names it.
fn bank_details(rng: &mut ChaCha8Rng, name: &str, bank: &str) -> InitiatingPaymentMethodDetails {
    InitiatingPaymentMethodDetails {
        billing_details: InitiatingBillingDetails { name: Some(name.to_owned()), ..Default::default() },
        kind: "us_bank_account".to_owned(),
        us_bank_account: Some(InitiatingBankAccount {
            bank_name: Some(bank.to_owned()),
            last4: Some(digits(rng, 4)),
            routing_number: Some("110000000".to_owned()),
        }),
    }
}

/// Seed the ledger of every financial account from what the seed made: each inbound transfer's
/// Transaction and entries (by its status and times), each return's ReceivedDebit, then received
/// credits and outbound payments over the account's life, an opening deposit, and (when the
/// history would otherwise overshoot) a sweep to the holder's bank, so that every balance the
/// seed chose is exactly the sum of the account's entries and cash never dips below zero.
pub(crate) fn seed(config_seed: u64, data: &mut SeedData, now: i64) {
    let mut ledger = Ledger::new(config_seed);
    let mut rng = ChaCha8Rng::seed_from_u64(config_seed ^ 0x1ed6_e700_5eed_0002);
    let mut by_fa: HashMap<&str, Vec<&Owned<InboundTransfer>>> = HashMap::new();
    for transfer in &data.inbound_transfers {
        by_fa.entry(transfer.object.financial_account.as_str()).or_default().push(transfer);
    }
    for fa in &data.financial_accounts {
        let (owner, fa) = (&fa.owner, &fa.object);
        let first_entry = ledger.entries.len();
        for transfer in by_fa.get(fa.id.as_str()).into_iter().flatten() {
            seed_transfer(&mut ledger, &mut rng, owner, &transfer.object, now);
        }
        let holder = fa.label().to_owned();
        let mut currencies: Vec<String> = fa.balance.cash.keys().cloned().collect();
        for map in [&fa.balance.inbound_pending, &fa.balance.outbound_pending] {
            currencies.extend(map.keys().filter(|c| !currencies.contains(c)).cloned().collect::<Vec<_>>());
        }
        for currency in currencies {
            let cash = fa.balance.cash.get(&currency).copied().unwrap_or(0);
            let outbound = fa.balance.outbound_pending.get(&currency).copied().unwrap_or(0);
            let start = fa.created + DAY;
            let span = (now - HOUR - start).max(1);
            let scale = cash.max(1_000_000);
            if fa.is_open() {
                for _ in 0..rng.random_range(1..=4) {
                    let (description, bank) = PAYERS[rng.random_range(0..PAYERS.len())];
                    let network = if bank == "Citibank" { Network::UsDomesticWire } else { Network::Ach };
                    let details = bank_details(&mut rng, "Payer", bank);
                    let amount = rng.random_range(scale / 50..=scale / 5).max(100);
                    let new = NewReceived {
                        financial_account: &fa.id,
                        amount,
                        currency: &currency,
                        description: description.to_owned(),
                        network,
                        details,
                    };
                    ledger.receive_credit(owner, new, start + rng.random_range(0..span));
                }
                for _ in 0..rng.random_range(0..=3) {
                    let amount = rng.random_range(scale / 100..=scale / 10).max(100);
                    let at = start + rng.random_range(0..span);
                    let posted = (at + rng.random_range(HOUR..2 * DAY)).min(now - 60);
                    let what = (at, Some(posted.max(at)));
                    ledger.outbound(owner, (&fa.id, &currency), true, amount, what, "Vendor payment");
                }
            }
            if outbound > 0 {
                let at = now - rng.random_range(HOUR..DAY);
                ledger.outbound(owner, (&fa.id, &currency), true, outbound, (at, None), "Vendor payment (in flight)");
            }
            // The cash history so far, oldest first: its total and its lowest point.
            let mut moves: Vec<(i64, i64)> = ledger.entries[first_entry..]
                .iter()
                .filter(|e| e.object.currency == currency && e.object.balance_impact.cash != 0)
                .map(|e| (e.object.effective_at, e.object.balance_impact.cash))
                .collect();
            moves.sort_unstable();
            let (mut running, mut lowest) = (0i64, 0i64);
            for (_, cash) in &moves {
                running += cash;
                lowest = lowest.min(running);
            }
            let last = moves.last().map_or(fa.created, |(at, _)| *at);
            let mut opening = cash - running;
            if opening < -lowest {
                // Open with more and sweep the surplus out at the end.
                let sweep = -lowest - opening + rng.random_range(scale / 20..=scale / 4).max(100);
                opening += sweep;
                let at = (last + rng.random_range(60..HOUR)).min(now - 1).max(last);
                ledger.outbound(
                    owner,
                    (&fa.id, &currency),
                    false,
                    sweep,
                    (at, Some(at)),
                    &format!("Sweep to {holder}'s bank"),
                );
            }
            if opening > 0 {
                let details = bank_details(&mut rng, &holder, "First Republic");
                let new = NewReceived {
                    financial_account: &fa.id,
                    amount: opening,
                    currency: &currency,
                    description: "Opening deposit".to_owned(),
                    network: Network::UsDomesticWire,
                    details,
                };
                ledger.receive_credit(owner, new, fa.created + 10 * 60);
            }
        }
    }
    data.ledger = ledger;
}

/// One seeded inbound transfer's Transaction and entries, from its status and times.
fn seed_transfer(ledger: &mut Ledger, rng: &mut ChaCha8Rng, owner: &str, transfer: &InboundTransfer, now: i64) {
    use InboundTransferStatus as S;
    let mut created = transfer.clone();
    if matches!(transfer.status, S::Succeeded | S::Failed | S::Canceled) {
        created.status = S::Processing;
    }
    ledger.transfer_created(owner, &created);
    let amount = transfer.amount;
    let times = &transfer.status_transitions;
    match transfer.status {
        S::Succeeded => {
            let at = times.succeeded_at.unwrap_or(transfer.created);
            let impact = BalanceImpact { cash: amount, inbound_pending: -amount, outbound_pending: 0 };
            ledger.transfer_moved(transfer, impact, at);
            if let (Some(true), Some(debit)) = (transfer.returned, &transfer.linked_flows.received_debit) {
                let returned_at = (at + rng.random_range(DAY..3 * DAY)).min(now - 30).max(at);
                let transaction = ledger.id("trxn_");
                ledger.transfer_returned(owner, debit, transaction, transfer, returned_at);
            }
        }
        S::Failed | S::Canceled => {
            let at = times.failed_at.or(times.canceled_at).unwrap_or(transfer.created);
            let impact = BalanceImpact { inbound_pending: -amount, ..BalanceImpact::default() };
            ledger.transfer_moved(transfer, impact, at);
        }
        _ => {}
    }
}

impl Store {
    /// Make a ReceivedCredit (`credit`) or ReceivedDebit into `owner`'s financial account now:
    /// the test helpers' work. Cash moves at once; a debit may leave it negative.
    fn receive(&mut self, owner: &str, credit: bool, new: NewReceived<'_>) -> Result<serde_json::Value, Failure> {
        let fa = new.financial_account.to_owned();
        let index = self
            .financial_accounts
            .iter()
            .position(|f| f.owner == owner && f.object.id == fa)
            .ok_or_else(|| Failure::no_such("financial account", &fa, "financial_account"))?;
        let account = &self.financial_accounts[index].object;
        if !account.is_open() {
            return Err(Failure::bad_value(
                "financial_account",
                format!("The financial account {fa} is closed: it can neither receive nor be debited."),
            ));
        }
        if !account.supported_currencies.iter().any(|c| *c == new.currency) {
            return Err(Failure::bad_value(
                "currency",
                format!("The financial account {fa} does not hold {}.", new.currency),
            ));
        }
        let now = self.now();
        let (currency, amount) = (new.currency.to_owned(), new.amount);
        let (object, kind, delta) = if credit {
            let made = self.ledger.receive_credit(owner, new, now);
            (serde_json::to_value(made), EventType::TreasuryReceivedCreditCreated, amount)
        } else {
            let made = self.ledger.receive_debit(owner, new, now);
            (serde_json::to_value(made), EventType::TreasuryReceivedDebitCreated, -amount)
        };
        let object = object.map_err(|e| Failure::invalid(format!("The sandbox could not encode the object: {e}")))?;
        let slot = self.financial_accounts[index].object.balance.cash.entry(currency).or_insert(0);
        *slot = slot.saturating_add(delta);
        self.emit(owner, kind, &object, now);
        Ok(object)
    }
}

impl Listed for Transaction {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

impl Listed for TransactionEntry {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

impl Listed for ReceivedCredit {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

impl Listed for ReceivedDebit {
    fn list_id(&self) -> &str {
        &self.id
    }
    fn list_created(&self) -> i64 {
        self.created
    }
}

/// The one `order_by` value of `allowed` given (or `None`), else Stripe's enum error.
fn order_by<'a>(ctx: &'a Ctx, allowed: &[&str]) -> Result<Option<&'a str>, Failure> {
    match ctx.params.str("order_by")? {
        None => Ok(None),
        Some(value) if allowed.contains(&value) => Ok(Some(value)),
        Some(other) => Err(Failure::bad_value(
            "order_by",
            format!("Invalid order_by: must be one of {} (got '{other}').", allowed.join(" or ")),
        )),
    }
}

/// The `financial_account` a list names, checked to be the caller's.
fn own_fa(app: &App, ctx: &Ctx) -> Result<String, Failure> {
    let fa = ctx.params.required("financial_account")?.to_owned();
    if app.state.with(|s| s.financial_account(&ctx.scope.owner, &fa).is_none()) {
        return Err(Failure::no_such("financial account", &fa, "financial_account"));
    }
    Ok(fa)
}

/// `GET /v1/treasury/transactions`: `financial_account` (required), `status`, `created`,
/// `status_transitions[posted_at]` (with `status=posted` and `order_by=posted_at`, as Stripe
/// asks), `order_by` (`created` | `posted_at`), cursors.
pub(crate) async fn list_transactions(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(
        &[&LIST_PARAMS[..], &["financial_account", "status", "created", "status_transitions", "order_by"]].concat(),
    )?;
    let fa = own_fa(&app, &ctx)?;
    let status = match ctx.params.str("status")? {
        None => None,
        Some(raw) => match TransactionStatus::from(raw) {
            TransactionStatus::Unknown(_) => {
                return Err(Failure::bad_value(
                    "status",
                    format!("Invalid status: must be one of open, posted or void (got '{raw}')."),
                ));
            }
            known => Some(known),
        },
    };
    let by_posted = order_by(&ctx, &["created", "posted_at"])? == Some("posted_at");
    let created = wire::created_filter(&ctx.params)?;
    let transitions = ctx.params.value("status_transitions");
    let posted_value = match transitions {
        None => None,
        Some(FormValue::Map(map)) if map.keys().all(|k| k == "posted_at") => map.get("posted_at"),
        Some(_) => {
            return Err(Failure::bad_value(
                "status_transitions",
                "Invalid status_transitions: only status_transitions[posted_at] is supported.",
            ));
        }
    };
    if posted_value.is_some() && !(status == Some(TransactionStatus::Posted) && by_posted) {
        return Err(Failure::bad_value(
            "status_transitions[posted_at]",
            "Filtering on status_transitions[posted_at] needs status=posted and order_by=posted_at.",
        ));
    }
    let posted = wire::range_filter(posted_value, "status_transitions[posted_at]")?;
    let url = "/v1/treasury/transactions";
    // Paged over references under the lock: only the page is cloned (an account may hold many).
    let list = app.state.with(|s| {
        let all: Vec<&Transaction> = s
            .ledger
            .transactions
            .iter()
            .filter(|t| t.owner == ctx.scope.owner && t.object.financial_account == fa)
            .map(|t| &t.object)
            .collect();
        let items = all
            .iter()
            .copied()
            .filter(|t| {
                status.as_ref().is_none_or(|s| t.status == *s)
                    && created(t.created)
                    && (posted_value.is_none() || t.status_transitions.posted_at.is_some_and(&posted))
            })
            .collect();
        let list = if by_posted {
            page_by(&all, items, &ctx.params, url, |t| t.status_transitions.posted_at.unwrap_or(t.created))?
        } else {
            page(&all, items, &ctx.params, url)?
        };
        Ok::<_, Failure>(crate::stripe::List {
            object: list.object,
            data: list.data.into_iter().cloned().collect::<Vec<Transaction>>(),
            has_more: list.has_more,
            url: list.url,
        })
    })?;
    Ok(ok(&list))
}

/// `GET /v1/treasury/transactions/{id}`.
pub(crate) async fn retrieve_transaction(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| s.ledger.transaction(&id).filter(|t| t.owner == ctx.scope.owner).map(|t| t.object.clone()))
        .map(|t| ok(&t))
        .ok_or_else(|| Failure::no_such("treasury.transaction", &id, "id"))
}

/// True when `expand[]` asks for `field` (or `data.field` on a list).
fn expands(ctx: &Ctx, field: &str) -> bool {
    let wanted = |v: &FormValue| v.as_str().is_some_and(|s| s == field || s.strip_prefix("data.") == Some(field));
    match ctx.params.value("expand") {
        Some(FormValue::List(items)) => items.iter().any(wanted),
        Some(FormValue::Map(map)) => map.values().any(wanted),
        Some(value) => wanted(value),
        None => false,
    }
}

/// `GET /v1/treasury/transaction_entries`: `financial_account` (required), `transaction`,
/// `created`, `effective_at`, `order_by` (`created` | `effective_at`), cursors,
/// `expand[]=data.transaction`.
pub(crate) async fn list_entries(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(
        &[&LIST_PARAMS[..], &["financial_account", "transaction", "created", "effective_at", "order_by"]].concat(),
    )?;
    let fa = own_fa(&app, &ctx)?;
    let transaction = ctx.params.str("transaction")?.filter(|t| !t.is_empty()).map(str::to_owned);
    let by_effective = order_by(&ctx, &["created", "effective_at"])? == Some("effective_at");
    let created = wire::created_filter(&ctx.params)?;
    let effective = wire::range_span(ctx.params.value("effective_at"), "effective_at")?;
    let expand = expands(&ctx, "transaction");
    let url = "/v1/treasury/transaction_entries";
    // Paged over references under the lock: only the page is cloned (an account may hold many),
    // and only the entries in the `effective_at` range are read (the account's index).
    let list = app.state.with(|s| {
        let items: Vec<&TransactionEntry> = s
            .ledger
            .entries_of(&fa, effective)
            .filter(|e| e.owner == ctx.scope.owner)
            .map(|e| &e.object)
            .filter(|e| transaction.as_deref().is_none_or(|t| e.transaction.id() == t) && created(e.created))
            .collect();
        // The cursors are looked up among all of the account's entries, in the range or not.
        let all: Vec<&TransactionEntry> = ["starting_after", "ending_before"]
            .into_iter()
            .filter_map(|param| ctx.params.str(param).ok().flatten())
            .filter_map(|id| s.ledger.entry_by_id(id))
            .filter(|e| e.owner == ctx.scope.owner && e.object.financial_account == fa)
            .map(|e| &e.object)
            .collect();
        let list = if by_effective {
            page_by(&all, items, &ctx.params, url, |e| e.effective_at)?
        } else {
            page(&all, items, &ctx.params, url)?
        };
        let mut data: Vec<TransactionEntry> = list.data.into_iter().cloned().collect();
        if expand {
            for entry in &mut data {
                if let Some(t) = s.ledger.transaction(entry.transaction.id()) {
                    entry.transaction = Expandable::Object(Box::new(t.object.clone()));
                }
            }
        }
        Ok::<_, Failure>(crate::stripe::List { object: list.object, data, has_more: list.has_more, url: list.url })
    })?;
    Ok(ok(&list))
}

/// `GET /v1/treasury/transaction_entries/{id}`.
pub(crate) async fn retrieve_entry(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    let expand = expands(&ctx, "transaction");
    app.state
        .with(|s| {
            let mut entry = s.ledger.entry_by_id(&id).filter(|e| e.owner == ctx.scope.owner)?.object.clone();
            if expand && let Some(t) = s.ledger.transaction(entry.transaction.id()) {
                entry.transaction = Expandable::Object(Box::new(t.object.clone()));
            }
            Some(entry)
        })
        .map(|e| ok(&e))
        .ok_or_else(|| Failure::no_such("treasury.transaction_entry", &id, "id"))
}

fn received_status(ctx: &Ctx) -> Result<Option<ReceivedStatus>, Failure> {
    match ctx.params.str("status")? {
        None => Ok(None),
        Some(raw) => match ReceivedStatus::from(raw) {
            ReceivedStatus::Unknown(_) => Err(Failure::bad_value(
                "status",
                format!("Invalid status: must be one of failed or succeeded (got '{raw}')."),
            )),
            known => Ok(Some(known)),
        },
    }
}

/// `GET /v1/treasury/received_credits`: `financial_account` (required), `status`,
/// `linked_flows[source_flow_type]`, cursors.
pub(crate) async fn list_received_credits(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["financial_account", "status", "linked_flows"]].concat())?;
    let fa = own_fa(&app, &ctx)?;
    let status = received_status(&ctx)?;
    let source = match ctx.params.value("linked_flows") {
        None => None,
        Some(value) => match value.get("source_flow_type").and_then(FormValue::as_str) {
            Some(kind @ ("credit_reversal" | "other" | "outbound_payment" | "payout")) => Some(kind.to_owned()),
            _ => {
                return Err(Failure::bad_value(
                    "linked_flows[source_flow_type]",
                    "Invalid linked_flows[source_flow_type]: must be one of credit_reversal, other, outbound_payment or payout.",
                ));
            }
        },
    };
    let all: Vec<ReceivedCredit> = app.state.with(|s| {
        s.ledger
            .received_credits
            .iter()
            .filter(|c| c.owner == ctx.scope.owner && c.object.financial_account.as_deref() == Some(fa.as_str()))
            .map(|c| c.object.clone())
            .collect()
    });
    let items = all
        .iter()
        .filter(|c| {
            status.as_ref().is_none_or(|s| c.status == *s)
                && source.as_deref().is_none_or(|k| c.linked_flows.source_flow_type.as_deref() == Some(k))
        })
        .cloned()
        .collect();
    Ok(ok(&page(&all, items, &ctx.params, "/v1/treasury/received_credits")?))
}

/// `GET /v1/treasury/received_credits/{id}`.
pub(crate) async fn retrieve_received_credit(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| {
            s.ledger
                .received_credits
                .iter()
                .find(|c| c.object.id == id && c.owner == ctx.scope.owner)
                .map(|c| c.object.clone())
        })
        .map(|c| ok(&c))
        .ok_or_else(|| Failure::no_such("treasury.received_credit", &id, "id"))
}

/// `GET /v1/treasury/received_debits`: `financial_account` (required), `status`, cursors.
pub(crate) async fn list_received_debits(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    ctx.params.allow(&[&LIST_PARAMS[..], &["financial_account", "status"]].concat())?;
    let fa = own_fa(&app, &ctx)?;
    let status = received_status(&ctx)?;
    let all: Vec<ReceivedDebit> = app.state.with(|s| {
        s.ledger
            .received_debits
            .iter()
            .filter(|d| d.owner == ctx.scope.owner && d.object.financial_account.as_deref() == Some(fa.as_str()))
            .map(|d| d.object.clone())
            .collect()
    });
    let items = all.iter().filter(|d| status.as_ref().is_none_or(|s| d.status == *s)).cloned().collect();
    Ok(ok(&page(&all, items, &ctx.params, "/v1/treasury/received_debits")?))
}

/// `GET /v1/treasury/received_debits/{id}`: a return of an inbound transfer, or an ACH debit.
pub(crate) async fn retrieve_received_debit(
    State(app): State<App>,
    Path(id): Path<String>,
    ctx: Ctx,
) -> Result<Response, Failure> {
    ctx.params.allow(&[])?;
    app.state
        .with(|s| {
            s.ledger
                .received_debits
                .iter()
                .find(|d| d.object.id == id && d.owner == ctx.scope.owner)
                .map(|d| d.object.clone())
        })
        .map(|d| ok(&d))
        .ok_or_else(|| Failure::no_such("treasury.received_debit", &id, "id"))
}

/// The test helpers' shared parameters: amount, currency, financial account, network, description.
fn new_received<'a>(ctx: &'a Ctx, networks: &[&str]) -> Result<NewReceived<'a>, Failure> {
    let p = &ctx.params;
    p.allow(&[
        "amount",
        "currency",
        "description",
        "financial_account",
        "initiating_payment_method_details",
        "network",
    ])?;
    let amount = p.positive_integer("amount")?;
    let network = p.required("network")?;
    if !networks.contains(&network) {
        return Err(Failure::bad_value(
            "network",
            format!("Invalid network: must be one of {} (got '{network}').", networks.join(", ")),
        ));
    }
    let details = p.value("initiating_payment_method_details");
    let bank = details.and_then(|d| d.get("us_bank_account"));
    let text =
        |v: Option<&FormValue>, key: &str| v.and_then(|v| v.get(key)).and_then(FormValue::as_str).map(str::to_owned);
    let routing = text(bank, "routing_number").unwrap_or_else(|| "110000000".to_owned());
    let last4 =
        text(bank, "account_number").map(|n| n.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect());
    Ok(NewReceived {
        financial_account: p.required("financial_account")?,
        amount,
        currency: p.required("currency")?,
        description: p.str("description")?.unwrap_or("Test helper").to_owned(),
        network: Network::from(network),
        details: InitiatingPaymentMethodDetails {
            billing_details: InitiatingBillingDetails { name: text(bank, "account_holder_name"), ..Default::default() },
            kind: "us_bank_account".to_owned(),
            us_bank_account: Some(InitiatingBankAccount {
                bank_name: Some("STRIPE TEST BANK".to_owned()),
                last4: last4.or_else(|| Some("6789".to_owned())),
                routing_number: Some(routing),
            }),
        },
    })
}

/// `POST /v1/test_helpers/treasury/received_credits`: money arrives from outside.
pub(crate) async fn create_received_credit(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let new = new_received(&ctx, &["ach", "us_domestic_wire"])?;
    let made = app.state.with(|s| s.receive(&ctx.scope.owner, true, new))?;
    Ok(ok(&made))
}

/// `POST /v1/test_helpers/treasury/received_debits`: an ACH debit pulls money out (cash may go
/// negative: the platform covers it).
pub(crate) async fn create_received_debit(State(app): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let new = new_received(&ctx, &["ach"])?;
    let made = app.state.with(|s| s.receive(&ctx.scope.owner, false, new))?;
    Ok(ok(&made))
}

impl super::SandboxState {
    /// Add `count` received credits (small, varied amounts) to the financial account `id` over
    /// the `span` seconds before now, each with its posted Transaction and entry, and its cash
    /// raised by their sum: a long ledger for the benchmark (Stripe has no API for it).
    pub fn pad_ledger(&self, id: &str, count: usize, span: i64) -> Result<(), String> {
        self.with(|s| {
            let index = s.financial_accounts.iter().position(|f| f.object.id == id).ok_or(format!("no {id}"))?;
            let owner = s.financial_accounts[index].owner.clone();
            let now = s.now();
            let details = bank_details(&mut ChaCha8Rng::seed_from_u64(7), "Payer", "JPMorgan Chase");
            let mut total = 0i64;
            for n in 0..count {
                let amount = 100 + (n as i64 * 7_919) % 250_000;
                let at = now - span + (span * n as i64) / count.max(1) as i64;
                let new = NewReceived {
                    financial_account: id,
                    amount,
                    currency: "usd",
                    description: "Customer payment".to_owned(),
                    network: Network::Ach,
                    details: details.clone(),
                };
                s.ledger.receive_credit(&owner, new, at);
                total += amount;
            }
            let slot = s.financial_accounts[index].object.balance.cash.entry("usd".to_owned()).or_insert(0);
            *slot = slot.saturating_add(total);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::SandboxConfig;

    #[test]
    fn every_seeded_balance_is_the_sum_of_its_entries_and_cash_never_dips() {
        for seed in [42, 7] {
            let config = SandboxConfig { seed, ..SandboxConfig::default() };
            let mut data = super::super::seed::generate(&config, 1_800_000_000, "x");
            super::seed(seed, &mut data, 1_800_000_000);
            assert!(!data.ledger.entries.is_empty());
            for fa in &data.financial_accounts {
                let fa = &fa.object;
                for currency in fa.balance.cash.keys() {
                    let sum = data.ledger.sum(&fa.id, currency);
                    assert_eq!(sum.cash, fa.balance.cash.get(currency).copied().unwrap_or(0), "{} cash", fa.id);
                    let pending = fa.balance.inbound_pending.get(currency).copied().unwrap_or(0);
                    assert_eq!(sum.inbound_pending, pending, "{} inbound", fa.id);
                    let outbound = fa.balance.outbound_pending.get(currency).copied().unwrap_or(0);
                    assert_eq!(sum.outbound_pending, outbound, "{} outbound", fa.id);
                }
                let mut cash: Vec<(i64, i64)> = data
                    .ledger
                    .entries
                    .iter()
                    .filter(|e| e.object.financial_account == fa.id && e.object.currency == "usd")
                    .map(|e| (e.object.effective_at, e.object.balance_impact.cash))
                    .collect();
                cash.sort_unstable();
                let mut running = 0;
                for (at, delta) in cash {
                    running += delta;
                    assert!(running >= 0, "{} cash went negative at {at}", fa.id);
                    assert!(at < 1_800_000_000, "{} entry in the future", fa.id);
                }
            }
            for transaction in &data.ledger.transactions {
                let t = &transaction.object;
                let sum = data
                    .ledger
                    .entries
                    .iter()
                    .filter(|e| e.object.transaction.id() == t.id)
                    .fold(crate::stripe::ledger::BalanceImpact::default(), |s, e| s.plus(e.object.balance_impact));
                assert_eq!(sum, t.balance_impact, "{}", t.id);
            }
        }
    }
}
