//! Treasury's ledger: Transactions, TransactionEntries, ReceivedCredits and ReceivedDebits of a
//! financial account (always called with `Stripe-Account`). Owns their types, filters and
//! calls; knows no UI. Every enum is open: a flow type this build does not know still parses.

use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::common::{Expandable, List, Object, Timestamp};
use super::{Client, Error, Form, RequestOptions};
use crate::open_enum;

open_enum! {
    /// The kind of money movement behind a Transaction (`flow_type`).
    pub enum FlowType {
        CreditReversal = "credit_reversal",
        DebitReversal = "debit_reversal",
        InboundTransfer = "inbound_transfer",
        IssuingAuthorization = "issuing_authorization",
        Other = "other",
        OutboundPayment = "outbound_payment",
        OutboundTransfer = "outbound_transfer",
        ReceivedCredit = "received_credit",
        ReceivedDebit = "received_debit",
    }
}

open_enum! {
    /// `status` of a Transaction: `open` until it posts (`posted`) or is voided (`void`).
    pub enum TransactionStatus {
        Open = "open",
        Posted = "posted",
        Void = "void",
    }
}

open_enum! {
    /// `type` of a TransactionEntry: the specific movement that made it.
    pub enum EntryType {
        CreditReversal = "credit_reversal",
        CreditReversalPosting = "credit_reversal_posting",
        DebitReversal = "debit_reversal",
        InboundTransfer = "inbound_transfer",
        InboundTransferReturn = "inbound_transfer_return",
        IssuingAuthorizationHold = "issuing_authorization_hold",
        IssuingAuthorizationRelease = "issuing_authorization_release",
        Other = "other",
        OutboundPayment = "outbound_payment",
        OutboundPaymentCancellation = "outbound_payment_cancellation",
        OutboundPaymentFailure = "outbound_payment_failure",
        OutboundPaymentPosting = "outbound_payment_posting",
        OutboundPaymentReturn = "outbound_payment_return",
        OutboundTransfer = "outbound_transfer",
        OutboundTransferCancellation = "outbound_transfer_cancellation",
        OutboundTransferFailure = "outbound_transfer_failure",
        OutboundTransferPosting = "outbound_transfer_posting",
        OutboundTransferReturn = "outbound_transfer_return",
        ReceivedCredit = "received_credit",
        ReceivedDebit = "received_debit",
    }
}

open_enum! {
    /// `status` of a ReceivedCredit or ReceivedDebit: created `succeeded` or `failed`.
    pub enum ReceivedStatus {
        Failed = "failed",
        Succeeded = "succeeded",
    }
}

open_enum! {
    /// The rails money arrived or left on.
    pub enum Network {
        Ach = "ach",
        Card = "card",
        Stripe = "stripe",
        UsDomesticWire = "us_domestic_wire",
    }
}

/// How a Transaction or entry changes the three balances (minor units, signed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceImpact {
    /// Change to spendable funds.
    pub cash: i64,
    /// Change to funds on the way in.
    pub inbound_pending: i64,
    /// Change to funds held for outbound flows.
    pub outbound_pending: i64,
}

impl BalanceImpact {
    /// The sum of two impacts.
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self {
            cash: self.cash.saturating_add(other.cash),
            inbound_pending: self.inbound_pending.saturating_add(other.inbound_pending),
            outbound_pending: self.outbound_pending.saturating_add(other.outbound_pending),
        }
    }

    /// True when nothing moves.
    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }
}

/// `status_transitions` of a Transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionStatusTransitions {
    /// When it posted.
    #[serde(default)]
    pub posted_at: Option<Timestamp>,
    /// When it was voided.
    #[serde(default)]
    pub void_at: Option<Timestamp>,
}

/// A Treasury Transaction: one money movement of a financial account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// `trxn_…`.
    pub id: String,
    /// Always `treasury.transaction`.
    #[serde(default = "transaction_object")]
    pub object: String,
    /// Minor units (signed: a debit is negative).
    pub amount: i64,
    /// The sum of its entries' impacts.
    pub balance_impact: BalanceImpact,
    /// Creation time.
    pub created: Timestamp,
    /// Currency (lowercase).
    pub currency: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Its entries (only on a retrieve that expands them; never in lists).
    #[serde(default)]
    pub entries: Option<List<TransactionEntry>>,
    /// The financial account.
    pub financial_account: String,
    /// The id of the flow that made it (`ibt_…`, `rd_…`, …).
    #[serde(default)]
    pub flow: Option<String>,
    /// The flow itself, when expanded (kept raw).
    #[serde(default)]
    pub flow_details: Option<serde_json::Value>,
    /// What kind of flow.
    pub flow_type: FlowType,
    /// Live or test.
    pub livemode: bool,
    /// `open`, `posted`, `void`.
    pub status: TransactionStatus,
    /// When it posted or was voided.
    #[serde(default)]
    pub status_transitions: TransactionStatusTransitions,
}

fn transaction_object() -> String {
    "treasury.transaction".to_owned()
}

impl Object for Transaction {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A TransactionEntry: one change to a financial account's balances, effective at a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransactionEntry {
    /// `trxne_…`.
    pub id: String,
    /// Always `treasury.transaction_entry`.
    #[serde(default = "entry_object")]
    pub object: String,
    /// What it changes.
    pub balance_impact: BalanceImpact,
    /// Creation time.
    pub created: Timestamp,
    /// Currency (lowercase).
    pub currency: String,
    /// When it changes the balance.
    pub effective_at: Timestamp,
    /// The financial account.
    pub financial_account: String,
    /// The flow's id.
    #[serde(default)]
    pub flow: Option<String>,
    /// The flow itself, when expanded (kept raw).
    #[serde(default)]
    pub flow_details: Option<serde_json::Value>,
    /// What kind of flow.
    pub flow_type: FlowType,
    /// Live or test.
    pub livemode: bool,
    /// Its Transaction (an id, or the object when expanded).
    pub transaction: Expandable<Transaction>,
    /// The specific movement.
    #[serde(rename = "type")]
    pub kind: EntryType,
}

fn entry_object() -> String {
    "treasury.transaction_entry".to_owned()
}

impl Object for TransactionEntry {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `initiating_payment_method_details.us_bank_account`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiatingBankAccount {
    /// Bank name.
    #[serde(default)]
    pub bank_name: Option<String>,
    /// Last four digits.
    #[serde(default)]
    pub last4: Option<String>,
    /// Routing number.
    #[serde(default)]
    pub routing_number: Option<String>,
}

/// `initiating_payment_method_details.billing_details`: the spec's `treasury_shared_resource_billing_details`,
/// the same object as an inbound transfer's origin's.
pub type InitiatingBillingDetails = super::treasury::BillingDetails;

/// Where money sent to (or pulled from) the account came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiatingPaymentMethodDetails {
    /// Billing details.
    #[serde(default)]
    pub billing_details: InitiatingBillingDetails,
    /// `us_bank_account`, `balance`, `financial_account`, `issuing_card`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The bank account, when `type` is `us_bank_account`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_bank_account: Option<InitiatingBankAccount>,
}

/// `linked_flows` of a ReceivedCredit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedCreditLinkedFlows {
    /// The CreditReversal made when it was reversed.
    #[serde(default)]
    pub credit_reversal: Option<String>,
    /// An Issuing authorization behind it.
    #[serde(default)]
    pub issuing_authorization: Option<String>,
    /// An Issuing transaction behind it.
    #[serde(default)]
    pub issuing_transaction: Option<String>,
    /// The source flow (network `stripe`).
    #[serde(default)]
    pub source_flow: Option<String>,
    /// Its type (`outbound_payment`, `payout`, …).
    #[serde(default)]
    pub source_flow_type: Option<String>,
}

/// `linked_flows` of a ReceivedDebit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedDebitLinkedFlows {
    /// The DebitReversal made when it was reversed.
    #[serde(default)]
    pub debit_reversal: Option<String>,
    /// The InboundTransfer whose return it is.
    #[serde(default)]
    pub inbound_transfer: Option<String>,
    /// An Issuing authorization behind it.
    #[serde(default)]
    pub issuing_authorization: Option<String>,
    /// An Issuing transaction behind it.
    #[serde(default)]
    pub issuing_transaction: Option<String>,
}

/// Money sent to a financial account from outside (ACH, wire, another Stripe account).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedCredit {
    /// `rc_…`.
    pub id: String,
    /// Always `treasury.received_credit`.
    #[serde(default = "received_credit_object")]
    pub object: String,
    /// Minor units.
    pub amount: i64,
    /// Creation time.
    pub created: Timestamp,
    /// Currency.
    pub currency: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Why it failed (`account_closed`, `account_frozen`, `other`).
    #[serde(default)]
    pub failure_code: Option<String>,
    /// The receiving financial account.
    #[serde(default)]
    pub financial_account: Option<String>,
    /// Receipt page.
    #[serde(default)]
    pub hosted_regulatory_receipt_url: Option<String>,
    /// Where it came from.
    #[serde(default)]
    pub initiating_payment_method_details: InitiatingPaymentMethodDetails,
    /// Linked flows.
    #[serde(default)]
    pub linked_flows: ReceivedCreditLinkedFlows,
    /// Live or test.
    pub livemode: bool,
    /// The rails.
    pub network: Network,
    /// When it may be reversed (kept raw).
    #[serde(default)]
    pub reversal_details: Option<serde_json::Value>,
    /// `succeeded` or `failed`.
    pub status: ReceivedStatus,
    /// Its Transaction id.
    #[serde(default)]
    pub transaction: Option<String>,
}

fn received_credit_object() -> String {
    "treasury.received_credit".to_owned()
}

impl Object for ReceivedCredit {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Money pulled out of a financial account from outside: an ACH debit, or the return of an
/// inbound transfer (`linked_flows.inbound_transfer`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedDebit {
    /// `rd_…`.
    pub id: String,
    /// Always `treasury.received_debit`.
    #[serde(default = "received_debit_object")]
    pub object: String,
    /// Minor units.
    pub amount: i64,
    /// Creation time.
    pub created: Timestamp,
    /// Currency.
    pub currency: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Why it failed (`account_closed`, `account_frozen`, `insufficient_funds`, `other`).
    #[serde(default)]
    pub failure_code: Option<String>,
    /// The financial account the funds were pulled from.
    #[serde(default)]
    pub financial_account: Option<String>,
    /// Receipt page.
    #[serde(default)]
    pub hosted_regulatory_receipt_url: Option<String>,
    /// Who pulled the funds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiating_payment_method_details: Option<InitiatingPaymentMethodDetails>,
    /// Linked flows.
    #[serde(default)]
    pub linked_flows: ReceivedDebitLinkedFlows,
    /// Live or test.
    pub livemode: bool,
    /// The rails.
    pub network: Network,
    /// When it may be reversed (kept raw).
    #[serde(default)]
    pub reversal_details: Option<serde_json::Value>,
    /// `succeeded` or `failed`.
    pub status: ReceivedStatus,
    /// Its Transaction id.
    #[serde(default)]
    pub transaction: Option<String>,
}

fn received_debit_object() -> String {
    "treasury.received_debit".to_owned()
}

impl Object for ReceivedDebit {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A timestamp range filter (`created[gte]=…`); every bound optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    /// Strictly after.
    pub gt: Option<Timestamp>,
    /// At or after.
    pub gte: Option<Timestamp>,
    /// Strictly before.
    pub lt: Option<Timestamp>,
    /// At or before.
    pub lte: Option<Timestamp>,
}

impl Range {
    /// `[from, to)`: at or after `from`, strictly before `to`.
    pub fn between(from: Timestamp, to: Timestamp) -> Self {
        Self { gte: Some(from), lt: Some(to), ..Self::default() }
    }

    fn write(&self, form: Form, name: &str) -> Form {
        form.set_opt(format!("{name}[gt]"), self.gt)
            .set_opt(format!("{name}[gte]"), self.gte)
            .set_opt(format!("{name}[lt]"), self.lt)
            .set_opt(format!("{name}[lte]"), self.lte)
    }
}

/// Filters of `GET /v1/treasury/transactions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransactionFilter {
    /// Only this status.
    pub status: Option<TransactionStatus>,
    /// Created in this range.
    pub created: Option<Range>,
    /// Posted in this range (Stripe asks for `status=posted` and `order_by=posted_at` with it).
    pub posted_at: Option<Range>,
    /// Newest `posted_at` first instead of newest `created` first.
    pub order_by_posted_at: bool,
}

impl TransactionFilter {
    fn form(&self, financial_account: &str) -> Form {
        let mut form = Form::new()
            .set("financial_account", financial_account)
            .set_opt("status", self.status.as_ref().map(TransactionStatus::as_str));
        if let Some(created) = &self.created {
            form = created.write(form, "created");
        }
        if let Some(posted) = &self.posted_at {
            form = posted.write(form, "status_transitions[posted_at]");
        }
        if self.order_by_posted_at {
            form = form.set("order_by", "posted_at");
        }
        form
    }
}

/// Filters of `GET /v1/treasury/transaction_entries`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntryFilter {
    /// Effective in this range.
    pub effective_at: Option<Range>,
    /// Created in this range.
    pub created: Option<Range>,
    /// Only this Transaction's entries.
    pub transaction: Option<String>,
    /// Newest `effective_at` first instead of newest `created` first.
    pub order_by_effective_at: bool,
    /// Each entry's Transaction in full (`expand[]=data.transaction`): its status and posting date.
    pub expand_transaction: bool,
}

impl EntryFilter {
    fn form(&self, financial_account: &str) -> Form {
        let mut form =
            Form::new().set("financial_account", financial_account).set_opt("transaction", self.transaction.as_deref());
        if let Some(created) = &self.created {
            form = created.write(form, "created");
        }
        if let Some(effective) = &self.effective_at {
            form = effective.write(form, "effective_at");
        }
        if self.order_by_effective_at {
            form = form.set("order_by", "effective_at");
        }
        if self.expand_transaction {
            form = form.push("expand", "data.transaction");
        }
        form
    }
}

const TRANSACTIONS: &str = "/v1/treasury/transactions";
const ENTRIES: &str = "/v1/treasury/transaction_entries";

/// Every Transaction of `financial_account` matching `filter`, page by page, newest first.
pub fn list_transactions(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    filter: &TransactionFilter,
) -> impl Stream<Item = Result<Transaction, Error>> + Send + 'static {
    client.list(TRANSACTIONS, filter.form(financial_account), RequestOptions::on_behalf_of(account_id))
}

/// One page of Transactions (`limit` 1..=100) after `starting_after`: what a view that loads on
/// scroll asks for.
pub async fn transactions_page(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    filter: &TransactionFilter,
    starting_after: Option<&str>,
    limit: u32,
) -> Result<List<Transaction>, Error> {
    let params =
        filter.form(financial_account).set("limit", limit.clamp(1, 100)).set_opt("starting_after", starting_after);
    client.list_page(TRANSACTIONS, &params, &RequestOptions::on_behalf_of(account_id)).await
}

/// `GET /v1/treasury/transactions/{id}`.
pub async fn retrieve_transaction(client: &Client, account_id: &str, id: &str) -> Result<Transaction, Error> {
    client.get(&format!("{TRANSACTIONS}/{id}"), &Form::new(), &RequestOptions::on_behalf_of(account_id)).await
}

/// Every TransactionEntry of `financial_account` matching `filter`, page by page.
pub fn list_entries(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    filter: &EntryFilter,
) -> impl Stream<Item = Result<TransactionEntry, Error>> + Send + 'static {
    client.list(ENTRIES, filter.form(financial_account), RequestOptions::on_behalf_of(account_id))
}

/// One page of TransactionEntries (`limit` 1..=100) after `starting_after`: what a view that
/// loads on scroll asks for.
pub async fn entries_page(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    filter: &EntryFilter,
    starting_after: Option<&str>,
    limit: u32,
) -> Result<List<TransactionEntry>, Error> {
    let params =
        filter.form(financial_account).set("limit", limit.clamp(1, 100)).set_opt("starting_after", starting_after);
    client.list_page(ENTRIES, &params, &RequestOptions::on_behalf_of(account_id)).await
}

/// `GET /v1/treasury/transaction_entries/{id}`.
pub async fn retrieve_entry(client: &Client, account_id: &str, id: &str) -> Result<TransactionEntry, Error> {
    client.get(&format!("{ENTRIES}/{id}"), &Form::new(), &RequestOptions::on_behalf_of(account_id)).await
}

/// Every ReceivedCredit of `financial_account`.
pub fn list_received_credits(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    status: Option<&ReceivedStatus>,
) -> impl Stream<Item = Result<ReceivedCredit, Error>> + Send + 'static {
    let params =
        Form::new().set("financial_account", financial_account).set_opt("status", status.map(ReceivedStatus::as_str));
    client.list("/v1/treasury/received_credits", params, RequestOptions::on_behalf_of(account_id))
}

/// Every ReceivedDebit of `financial_account`.
pub fn list_received_debits(
    client: &Client,
    account_id: &str,
    financial_account: &str,
    status: Option<&ReceivedStatus>,
) -> impl Stream<Item = Result<ReceivedDebit, Error>> + Send + 'static {
    let params =
        Form::new().set("financial_account", financial_account).set_opt("status", status.map(ReceivedStatus::as_str));
    client.list("/v1/treasury/received_debits", params, RequestOptions::on_behalf_of(account_id))
}

/// `GET /v1/treasury/received_debits/{id}`.
pub async fn retrieve_received_debit(client: &Client, account_id: &str, id: &str) -> Result<ReceivedDebit, Error> {
    client
        .get(&format!("/v1/treasury/received_debits/{id}"), &Form::new(), &RequestOptions::on_behalf_of(account_id))
        .await
}

/// `GET /v1/treasury/received_credits/{id}`.
pub async fn retrieve_received_credit(client: &Client, account_id: &str, id: &str) -> Result<ReceivedCredit, Error> {
    client
        .get(&format!("/v1/treasury/received_credits/{id}"), &Form::new(), &RequestOptions::on_behalf_of(account_id))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_flow_and_entry_type_parse_and_keep_their_words() {
        let entry: TransactionEntry = serde_json::from_value(serde_json::json!({
            "id": "trxne_1", "object": "treasury.transaction_entry",
            "balance_impact": {"cash": -5, "inbound_pending": 0, "outbound_pending": 0},
            "created": 1, "currency": "usd", "effective_at": 2, "financial_account": "fa_1",
            "flow": "xf_1", "flow_details": null, "flow_type": "crypto_sweep", "livemode": false,
            "transaction": "trxn_1", "type": "crypto_sweep_posting"
        }))
        .expect("parses");
        assert_eq!(entry.flow_type, FlowType::Unknown("crypto_sweep".into()));
        assert_eq!(entry.kind.as_str(), "crypto_sweep_posting");
        assert_eq!(entry.transaction.id(), "trxn_1");
    }

    #[test]
    fn filters_use_stripes_parameter_names() {
        let filter = TransactionFilter {
            status: Some(TransactionStatus::Posted),
            posted_at: Some(Range::between(10, 20)),
            order_by_posted_at: true,
            ..TransactionFilter::default()
        };
        let form = filter.form("fa_1");
        assert_eq!(form.get("status_transitions[posted_at][gte]"), Some("10"));
        assert_eq!(form.get("status_transitions[posted_at][lt]"), Some("20"));
        assert_eq!(form.get("order_by"), Some("posted_at"));
        let entries = EntryFilter { effective_at: Some(Range::between(1, 2)), ..EntryFilter::default() }.form("fa_1");
        assert_eq!(entries.get("effective_at[gte]"), Some("1"));
        assert_eq!(entries.get("financial_account"), Some("fa_1"));
    }
}
