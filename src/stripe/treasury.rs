//! Treasury v1: financial accounts and inbound transfers (always called with `Stripe-Account`).
//! Owns their types and calls; knows no UI.

use std::collections::BTreeMap;

use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::common::{Address, Amounts, Object, Timestamp};
use super::{Client, Error, Form, RequestOptions};
use crate::open_enum;

open_enum! {
    /// A financial account feature, as listed in `active_features` and friends.
    pub enum Feature {
        CardIssuing = "card_issuing",
        DepositInsurance = "deposit_insurance",
        FinancialAddressesAba = "financial_addresses.aba",
        FinancialAddressesAbaForwarding = "financial_addresses.aba.forwarding",
        InboundTransfersAch = "inbound_transfers.ach",
        /// Gated: manual review of inbound transfers, granted by Stripe support. Not in the
        /// public spec; transfers on such accounts wait in `requires_confirmation`.
        InboundTransfersAchPlatformReview = "inbound_transfers.ach.platform_review",
        IntraStripeFlows = "intra_stripe_flows",
        OutboundPaymentsAch = "outbound_payments.ach",
        OutboundPaymentsUsDomesticWire = "outbound_payments.us_domestic_wire",
        OutboundTransfersAch = "outbound_transfers.ach",
        OutboundTransfersUsDomesticWire = "outbound_transfers.us_domestic_wire",
        RemoteDepositCapture = "remote_deposit_capture",
    }
}

open_enum! {
    /// `status` of a financial account. Closed accounts never reopen.
    pub enum FinancialAccountStatus {
        Closed = "closed",
        Open = "open",
    }
}

open_enum! {
    /// Why a financial account was closed.
    pub enum ClosedReason {
        AccountRejected = "account_rejected",
        ClosedByPlatform = "closed_by_platform",
        Other = "other",
    }
}

/// Balance maps: currency → minor units.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialAccountBalance {
    /// Funds available to use.
    pub cash: Amounts,
    /// Funds on the way in.
    pub inbound_pending: Amounts,
    /// Funds on the way out.
    pub outbound_pending: Amounts,
}

/// `status_details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialAccountStatusDetails {
    /// Set when closed.
    #[serde(default)]
    pub closed: Option<ClosedStatusDetails>,
}

/// `status_details.closed`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedStatusDetails {
    /// Why it was closed.
    pub reasons: Vec<ClosedReason>,
}

/// `platform_restrictions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformRestrictions {
    /// `restricted` | `unrestricted`.
    #[serde(default)]
    pub inbound_flows: Option<String>,
    /// `restricted` | `unrestricted`.
    #[serde(default)]
    pub outbound_flows: Option<String>,
}

/// An ABA address (account number only when expanded on request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbaRecord {
    /// Holder name.
    pub account_holder_name: String,
    /// Full number; only with `expand[]=financial_addresses.aba.account_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Last four digits.
    #[serde(default)]
    pub account_number_last4: Option<String>,
    /// Bank name.
    pub bank_name: String,
    /// Routing number.
    pub routing_number: String,
}

/// One entry of `financial_addresses`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancialAddress {
    /// The ABA details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aba: Option<AbaRecord>,
    /// `ach`, `us_domestic_wire`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_networks: Vec<String>,
    /// `aba`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A Treasury financial account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinancialAccount {
    /// `fa_…`.
    pub id: String,
    /// Always `treasury.financial_account`.
    #[serde(default = "financial_account_object")]
    pub object: String,
    /// Usable features.
    #[serde(default)]
    pub active_features: Vec<Feature>,
    /// Balances by type and currency.
    pub balance: FinancialAccountBalance,
    /// Two-letter country.
    pub country: String,
    /// Creation time.
    pub created: Timestamp,
    /// Routing addresses.
    #[serde(default)]
    pub financial_addresses: Vec<FinancialAddress>,
    /// The platform's default account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Live or test.
    pub livemode: bool,
    /// Metadata (nullable).
    #[serde(default)]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Nickname (nullable; non-blank, under 250 characters).
    #[serde(default)]
    pub nickname: Option<String>,
    /// Requested but not yet usable.
    #[serde(default)]
    pub pending_features: Vec<Feature>,
    /// Restrictions the platform set (nullable).
    #[serde(default)]
    pub platform_restrictions: Option<PlatformRestrictions>,
    /// Not usable: action needed.
    #[serde(default)]
    pub restricted_features: Vec<Feature>,
    /// `open` or `closed`.
    pub status: FinancialAccountStatus,
    /// Why closed.
    #[serde(default)]
    pub status_details: FinancialAccountStatusDetails,
    /// Currencies it may hold.
    #[serde(default)]
    pub supported_currencies: Vec<String>,
}

fn financial_account_object() -> String {
    "treasury.financial_account".to_owned()
}

impl Object for FinancialAccount {
    fn id(&self) -> &str {
        &self.id
    }
}

impl FinancialAccount {
    /// Nickname, or the id when there is none.
    pub fn label(&self) -> &str {
        self.nickname.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.id)
    }

    /// True when open.
    pub fn is_open(&self) -> bool {
        self.status == FinancialAccountStatus::Open
    }

    /// True when Stripe granted manual review: new inbound transfers wait for confirmation.
    pub fn has_manual_review(&self) -> bool {
        self.active_features.contains(&Feature::InboundTransfersAchPlatformReview)
    }
}

open_enum! {
    /// `status` of an inbound transfer. `requires_confirmation` is gated (manual review).
    pub enum InboundTransferStatus {
        Canceled = "canceled",
        Failed = "failed",
        Processing = "processing",
        /// Gated: waits for the platform to confirm or cancel (5 business days at most).
        RequiresConfirmation = "requires_confirmation",
        Succeeded = "succeeded",
    }
}

impl InboundTransferStatus {
    /// Final states never change again.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Canceled | Self::Failed | Self::Succeeded)
    }
}

open_enum! {
    /// `failure_details.code`.
    pub enum FailureCode {
        AccountClosed = "account_closed",
        AccountFrozen = "account_frozen",
        BankAccountRestricted = "bank_account_restricted",
        BankOwnershipChanged = "bank_ownership_changed",
        CouldNotProcess = "could_not_process",
        DebitNotAuthorized = "debit_not_authorized",
        IncorrectAccountHolderAddress = "incorrect_account_holder_address",
        IncorrectAccountHolderName = "incorrect_account_holder_name",
        IncorrectAccountHolderTaxId = "incorrect_account_holder_tax_id",
        InsufficientFunds = "insufficient_funds",
        InvalidAccountNumber = "invalid_account_number",
        InvalidCurrency = "invalid_currency",
        NoAccount = "no_account",
        Other = "other",
    }
}

/// `failure_details`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureDetails {
    /// Why it failed.
    pub code: FailureCode,
}

/// `linked_flows`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedFlows {
    /// The ReceivedDebit created when the transfer was returned.
    #[serde(default)]
    pub received_debit: Option<String>,
}

/// `status_transitions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusTransitions {
    /// When canceled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canceled_at: Option<Timestamp>,
    /// When failed.
    #[serde(default)]
    pub failed_at: Option<Timestamp>,
    /// When succeeded.
    #[serde(default)]
    pub succeeded_at: Option<Timestamp>,
}

/// `billing_details` of the origin bank account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    /// Address.
    #[serde(default)]
    pub address: Address,
    /// Email (nullable).
    #[serde(default)]
    pub email: Option<String>,
    /// Name (nullable).
    #[serde(default)]
    pub name: Option<String>,
}

/// `origin_payment_method_details.us_bank_account`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsBankAccountDetails {
    /// `company` | `individual`.
    #[serde(default)]
    pub account_holder_type: Option<String>,
    /// `checking` | `savings`.
    #[serde(default)]
    pub account_type: Option<String>,
    /// Bank name.
    #[serde(default)]
    pub bank_name: Option<String>,
    /// Fingerprint.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Last four digits.
    #[serde(default)]
    pub last4: Option<String>,
    /// `ach`.
    #[serde(default = "ach")]
    pub network: String,
    /// Routing number.
    #[serde(default)]
    pub routing_number: Option<String>,
}

fn ach() -> String {
    "ach".to_owned()
}

/// `origin_payment_method_details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginPaymentMethodDetails {
    /// Billing details.
    #[serde(default)]
    pub billing_details: BillingDetails,
    /// `us_bank_account`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Bank account details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_bank_account: Option<UsBankAccountDetails>,
}

/// A Treasury inbound transfer: an ACH pull from an external US bank into a financial account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboundTransfer {
    /// `ibt_…`.
    pub id: String,
    /// Always `treasury.inbound_transfer`.
    #[serde(default = "inbound_transfer_object")]
    pub object: String,
    /// Minor units.
    pub amount: i64,
    /// Stripe allows a cancel now.
    pub cancelable: bool,
    /// Creation time.
    pub created: Timestamp,
    /// Currency (`usd`).
    pub currency: String,
    /// Description (nullable).
    #[serde(default)]
    pub description: Option<String>,
    /// Why it failed (nullable).
    #[serde(default)]
    pub failure_details: Option<FailureDetails>,
    /// The receiving financial account.
    pub financial_account: String,
    /// Receipt page (nullable).
    #[serde(default)]
    pub hosted_regulatory_receipt_url: Option<String>,
    /// Linked flows.
    #[serde(default)]
    pub linked_flows: LinkedFlows,
    /// Live or test.
    pub livemode: bool,
    /// Metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// The origin PaymentMethod (nullable).
    #[serde(default)]
    pub origin_payment_method: Option<String>,
    /// Origin details (nullable).
    #[serde(default)]
    pub origin_payment_method_details: Option<OriginPaymentMethodDetails>,
    /// Returned after succeeding (nullable).
    #[serde(default)]
    pub returned: Option<bool>,
    /// Statement descriptor.
    pub statement_descriptor: String,
    /// Status.
    pub status: InboundTransferStatus,
    /// Status times.
    #[serde(default)]
    pub status_transitions: StatusTransitions,
    /// Transaction id (nullable; an object when expanded).
    #[serde(default)]
    pub transaction: Option<serde_json::Value>,
}

fn inbound_transfer_object() -> String {
    "treasury.inbound_transfer".to_owned()
}

impl Object for InboundTransfer {
    fn id(&self) -> &str {
        &self.id
    }
}

/// True when `error` is Stripe's answer for an account that is not onboarded to Treasury: a 404
/// "Unrecognized request URL" whose message asks "Have you onboarded to Treasury?". That is the
/// answer quoted in stripe/stripe-python#1338 (a Treasury list call from an account without
/// Treasury access); it means the account holds no financial accounts, not that a call failed.
pub fn is_not_onboarded(error: &Error) -> bool {
    error.status() == Some(404)
        && error.api_error().and_then(|e| e.message.as_deref()).is_some_and(|m| m.contains("onboarded to Treasury"))
}

/// The `message` of Stripe's answer to a Treasury call from an account not onboarded to Treasury
/// (`{path}` is the request's path), as quoted in stripe/stripe-python#1338. The sandbox sends it;
/// [`is_not_onboarded`] recognises it.
pub fn not_onboarded_message(method: &str, path: &str) -> String {
    format!(
        "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at \
         https://support.stripe.com/. (Hint: Have you onboarded to Treasury? You can learn more about the steps \
         needed at https://stripe.com/docs/treasury/access)"
    )
}

/// `GET /v1/treasury/financial_accounts` on behalf of `account_id`.
pub fn list_financial_accounts(
    client: &Client,
    account_id: &str,
) -> impl Stream<Item = Result<FinancialAccount, Error>> + Send + 'static {
    client.list("/v1/treasury/financial_accounts", Form::new(), RequestOptions::on_behalf_of(account_id))
}

/// `GET /v1/treasury/financial_accounts/{id}` on behalf of `account_id`.
pub async fn retrieve_financial_account(
    client: &Client,
    account_id: &str,
    financial_account_id: &str,
) -> Result<FinancialAccount, Error> {
    let options = RequestOptions::on_behalf_of(account_id);
    client.get(&format!("/v1/treasury/financial_accounts/{financial_account_id}"), &Form::new(), &options).await
}

/// `GET /v1/treasury/inbound_transfers?financial_account=…[&status=…]` on behalf of `account_id`.
pub fn list_inbound_transfers(
    client: &Client,
    account_id: &str,
    financial_account_id: &str,
    status: Option<&InboundTransferStatus>,
) -> impl Stream<Item = Result<InboundTransfer, Error>> + Send + 'static {
    let params = Form::new()
        .set("financial_account", financial_account_id)
        .set_opt("status", status.map(InboundTransferStatus::as_str));
    client.list("/v1/treasury/inbound_transfers", params, RequestOptions::on_behalf_of(account_id))
}

/// Most characters of an inbound transfer's `statement_descriptor`.
pub const STATEMENT_DESCRIPTOR_MAX: usize = 10;

/// Why `text` cannot be an inbound transfer's `statement_descriptor`, if it cannot: at most 10
/// characters, only letters and digits (ASCII), spaces and `-#.$&*` (the API reference's rule;
/// the guide's own example `payment_1` breaks it with its `_`).
pub fn statement_descriptor_problem(text: &str) -> Option<String> {
    let count = text.chars().count();
    if count > STATEMENT_DESCRIPTOR_MAX {
        return Some(crate::t!("descriptor-too-long", max = STATEMENT_DESCRIPTOR_MAX, count = count));
    }
    let mut bad: Vec<char> = text.chars().filter(|c| !(c.is_ascii_alphanumeric() || " -#.$&*".contains(*c))).collect();
    bad.dedup();
    if !bad.is_empty() {
        let shown: String = bad.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(" ");
        return Some(crate::t!("descriptor-characters", shown = shown));
    }
    if !text.is_empty() && text.trim().is_empty() {
        return Some(crate::t!("descriptor-spaces"));
    }
    None
}

open_enum! {
    /// `origin_payment_method_options[us_bank_account][ach][submission]` (preview: same-day ACH).
    pub enum AchSubmission {
        /// Funds arrive the same business day when created before the cut-off (preview access).
        SameDay = "same_day",
        /// The usual 2–4 business days; what the guide says to retry with after
        /// `inbound_transfer_not_same_day_eligible`.
        Standard = "standard",
    }
}

/// The preview parameter that asks for same-day (or explicitly standard) ACH submission.
pub const ACH_SUBMISSION_PARAM: &str = "origin_payment_method_options[us_bank_account][ach][submission]";

/// The error code (`message_code` in the guide) of a transfer Stripe will not send same-day.
pub const NOT_SAME_DAY_ELIGIBLE: &str = "inbound_transfer_not_same_day_eligible";

/// The metadata key that carries the idempotency key of the user action that created a transfer:
/// the same on every retry of that action, so a later check can find the transfer it made.
pub const ACTION_KEY_METADATA: &str = "treasury_desk_action_key";

/// A new inbound transfer: pull `amount` from the bank account `origin_payment_method` into
/// `financial_account`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInboundTransfer {
    /// The receiving financial account (`fa_…`).
    pub financial_account: String,
    /// Minor units (cents).
    pub amount: i64,
    /// `usd` (the only currency inbound transfers support today).
    pub currency: String,
    /// The origin PaymentMethod (`pm_…`), attached to the account and set up for inbound flows.
    pub origin_payment_method: String,
    /// An internal description.
    pub description: Option<String>,
    /// Sent to the bank with the debit (at most 10 characters of `-#.$&*`, spaces, letters, digits).
    pub statement_descriptor: Option<String>,
    /// Same-day (or explicitly standard) ACH: a preview parameter, sent on the preview version.
    pub ach_submission: Option<AchSubmission>,
    /// Metadata (set only at creation).
    pub metadata: Vec<(String, String)>,
}

impl NewInboundTransfer {
    /// The form Stripe receives.
    pub fn form(&self) -> Form {
        let mut form = Form::new()
            .set("amount", self.amount)
            .set("currency", &self.currency)
            .set("financial_account", &self.financial_account)
            .set("origin_payment_method", &self.origin_payment_method)
            .set_opt("description", self.description.as_deref())
            .set_opt("statement_descriptor", self.statement_descriptor.as_deref())
            .set_opt(ACH_SUBMISSION_PARAM, self.ach_submission.as_ref().map(AchSubmission::as_str));
        for (key, value) in &self.metadata {
            form = form.set(format!("metadata[{key}]"), value);
        }
        form
    }
}

/// `POST /v1/treasury/inbound_transfers` on behalf of `account_id`. The same-day option is a
/// preview parameter: when it is set the call goes out on the preview `Stripe-Version` (as
/// relink's preview calls do); without it, on the pinned GA version.
///
/// Pass the same `idempotency_key` on every retry of one user action.
pub async fn create_inbound_transfer(
    client: &Client,
    account_id: &str,
    new: &NewInboundTransfer,
    idempotency_key: super::IdempotencyKey,
) -> Result<super::Traced<InboundTransfer>, Error> {
    let mut options = RequestOptions::on_behalf_of(account_id).idempotency_key(idempotency_key);
    if new.ach_submission.is_some() {
        options = options.version(super::financial_connections::PREVIEW_VERSION);
    }
    client.post_traced("/v1/treasury/inbound_transfers", &new.form(), &options).await
}

/// Longest `funds_availability_delay` (5 days: past the ACH return window).
pub const MAX_FUNDS_AVAILABILITY_DELAY: u32 = 432_000;

/// `POST /v1/treasury/inbound_transfers/{id}/cancel` on behalf of `account_id`.
///
/// Pass the same `idempotency_key` on every retry of one user action.
pub async fn cancel_inbound_transfer(
    client: &Client,
    account_id: &str,
    transfer_id: &str,
    idempotency_key: super::IdempotencyKey,
) -> Result<super::Traced<InboundTransfer>, Error> {
    let options = RequestOptions::on_behalf_of(account_id).idempotency_key(idempotency_key);
    client.post_traced(&format!("/v1/treasury/inbound_transfers/{transfer_id}/cancel"), &Form::new(), &options).await
}

/// Gated: `POST /v1/treasury/inbound_transfers/{id}/confirm`, with an optional
/// `funds_availability_delay` in seconds (0..=432000). Only for financial accounts with
/// `inbound_transfers.ach.platform_review`; Stripe answers 404/400 elsewhere.
pub async fn confirm_inbound_transfer(
    client: &Client,
    account_id: &str,
    transfer_id: &str,
    funds_availability_delay: Option<u32>,
    idempotency_key: super::IdempotencyKey,
) -> Result<super::Traced<InboundTransfer>, Error> {
    if funds_availability_delay.is_some_and(|d| d > MAX_FUNDS_AVAILABILITY_DELAY) {
        return Err(Error::Config(format!(
            "funds_availability_delay is at most {MAX_FUNDS_AVAILABILITY_DELAY} seconds"
        )));
    }
    let options = RequestOptions::on_behalf_of(account_id).idempotency_key(idempotency_key);
    let params = Form::new().set_opt("funds_availability_delay", funds_availability_delay);
    client.post_traced(&format!("/v1/treasury/inbound_transfers/{transfer_id}/confirm"), &params, &options).await
}

/// `GET /v1/treasury/inbound_transfers/{id}` on behalf of `account_id`.
pub async fn retrieve_inbound_transfer(
    client: &Client,
    account_id: &str,
    transfer_id: &str,
) -> Result<InboundTransfer, Error> {
    let options = RequestOptions::on_behalf_of(account_id);
    client.get(&format!("/v1/treasury/inbound_transfers/{transfer_id}"), &Form::new(), &options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_descriptors_follow_the_api_reference() {
        for fine in ["", "Invoice 12", "A-1#.$&*", "0123456789"] {
            assert_eq!(statement_descriptor_problem(fine), None, "{fine:?}");
        }
        assert!(statement_descriptor_problem("01234567890").is_some_and(|p| p.contains("11 typed")));
        assert!(statement_descriptor_problem("payment_1").is_some_and(|p| p.contains("'_'")));
        assert!(statement_descriptor_problem("Café").is_some_and(|p| p.contains("'é'")));
        assert!(statement_descriptor_problem("   ").is_some());
    }

    #[test]
    fn the_same_day_option_is_sent_only_when_asked() {
        let mut new = NewInboundTransfer {
            financial_account: "fa_1".into(),
            amount: 25_000,
            currency: "usd".into(),
            origin_payment_method: "pm_1".into(),
            description: None,
            statement_descriptor: Some("Top up".into()),
            ach_submission: None,
            metadata: vec![(ACTION_KEY_METADATA.into(), "k".into())],
        };
        let form = new.form();
        assert_eq!(form.get(ACH_SUBMISSION_PARAM), None);
        assert_eq!(form.get("description"), None);
        assert_eq!(form.get("amount"), Some("25000"));
        assert_eq!(form.get("metadata[treasury_desk_action_key]"), Some("k"));
        new.ach_submission = Some(AchSubmission::SameDay);
        assert_eq!(new.form().get(ACH_SUBMISSION_PARAM), Some("same_day"));
    }
}
