//! PaymentMethods for Treasury flows (the bank accounts an inbound transfer pulls from) and the
//! SetupIntents that attach them to an account. Owns their types and calls; knows no UI.
//!
//! An *origin* of an inbound transfer is a `us_bank_account` PaymentMethod attached to the account
//! itself (not to a Customer), set up for inbound flows: a SetupIntent with `attach_to_self=true`
//! and `flow_directions[]=inbound`, often from a Financial Connections account linked with the
//! `payment_method` permission (Stripe's Treasury guide "Working with SetupIntents,
//! PaymentMethods, and BankAccounts"). `GET /v1/payment_methods` with `Stripe-Account` and no
//! `customer` lists an account's own PaymentMethods "for Treasury flows".

use std::collections::BTreeMap;

use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::common::{Address, Object, Timestamp};
use super::{Client, Error, Form, IdempotencyKey, RequestOptions, Traced};
use crate::open_enum;

/// `billing_details` of a PaymentMethod.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    /// Address (nullable).
    #[serde(default)]
    pub address: Option<Address>,
    /// Email (nullable).
    #[serde(default)]
    pub email: Option<String>,
    /// Name (nullable).
    #[serde(default)]
    pub name: Option<String>,
    /// Phone (nullable).
    #[serde(default)]
    pub phone: Option<String>,
}

/// `us_bank_account.networks`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Networks {
    /// The preferred network (nullable).
    #[serde(default)]
    pub preferred: Option<String>,
    /// `ach`, `us_domestic_wire`.
    #[serde(default)]
    pub supported: Vec<String>,
}

/// `us_bank_account.status_details.blocked`: the bank account can no longer be debited.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    /// The ACH return code that blocked it (`R02`, …; nullable).
    #[serde(default)]
    pub network_code: Option<String>,
    /// Why (`bank_account_closed`, `debit_not_authorized`, …; nullable).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `us_bank_account.status_details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDetails {
    /// Set when Stripe blocked the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Blocked>,
}

/// `us_bank_account` of a PaymentMethod.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsBankAccount {
    /// `company` | `individual` (nullable).
    #[serde(default)]
    pub account_holder_type: Option<String>,
    /// `checking` | `savings` (nullable).
    #[serde(default)]
    pub account_type: Option<String>,
    /// The bank's name (nullable).
    #[serde(default)]
    pub bank_name: Option<String>,
    /// The Financial Connections account it was made from (`fca_…`; nullable).
    #[serde(default)]
    pub financial_connections_account: Option<String>,
    /// Same bank account → same fingerprint (nullable).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Last four digits (nullable).
    #[serde(default)]
    pub last4: Option<String>,
    /// Networks it can use (nullable).
    #[serde(default)]
    pub networks: Option<Networks>,
    /// Routing number (nullable).
    #[serde(default)]
    pub routing_number: Option<String>,
    /// Why it cannot be used, when blocked (nullable).
    #[serde(default)]
    pub status_details: Option<StatusDetails>,
}

/// A PaymentMethod. Only `us_bank_account` ones can be the origin of an inbound transfer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    /// `pm_…`.
    pub id: String,
    /// Always `payment_method`.
    #[serde(default = "payment_method_object")]
    pub object: String,
    /// Billing details.
    #[serde(default)]
    pub billing_details: BillingDetails,
    /// Creation time.
    pub created: Timestamp,
    /// The Customer it is attached to (nullable): one attached to the account itself has none.
    #[serde(default)]
    pub customer: Option<String>,
    /// Live or test.
    pub livemode: bool,
    /// Metadata (nullable).
    #[serde(default)]
    pub metadata: Option<BTreeMap<String, String>>,
    /// `us_bank_account`, `card`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The bank account, for `us_bank_account`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub us_bank_account: Option<UsBankAccount>,
}

fn payment_method_object() -> String {
    "payment_method".to_owned()
}

impl Object for PaymentMethod {
    fn id(&self) -> &str {
        &self.id
    }
}

impl PaymentMethod {
    /// The bank's name, when Stripe knows it.
    pub fn bank_name(&self) -> Option<&str> {
        self.us_bank_account.as_ref().and_then(|b| b.bank_name.as_deref())
    }

    /// The last four digits of the bank account.
    pub fn last4(&self) -> Option<&str> {
        self.us_bank_account.as_ref().and_then(|b| b.last4.as_deref())
    }

    /// Why Stripe blocked it (it can no longer be debited), if it did.
    pub fn blocked(&self) -> Option<&Blocked> {
        self.us_bank_account.as_ref().and_then(|b| b.status_details.as_ref()).and_then(|s| s.blocked.as_ref())
    }
}

/// `GET /v1/payment_methods?type=us_bank_account` on behalf of `account_id`: the bank accounts
/// attached to the account itself, for Treasury flows (no `customer`: those are for payments).
pub fn list_bank_accounts(
    client: &Client,
    account_id: &str,
) -> impl Stream<Item = Result<PaymentMethod, Error>> + Send + 'static {
    let params = Form::new().set("type", "us_bank_account");
    client.list("/v1/payment_methods", params, RequestOptions::on_behalf_of(account_id))
}

/// `GET /v1/payment_methods/{id}` on behalf of `account_id`.
pub async fn retrieve(client: &Client, account_id: &str, payment_method_id: &str) -> Result<PaymentMethod, Error> {
    let options = RequestOptions::on_behalf_of(account_id);
    client.get(&format!("/v1/payment_methods/{payment_method_id}"), &Form::new(), &options).await
}

open_enum! {
    /// `status` of a SetupIntent.
    pub enum SetupIntentStatus {
        Canceled = "canceled",
        Processing = "processing",
        RequiresAction = "requires_action",
        RequiresConfirmation = "requires_confirmation",
        RequiresPaymentMethod = "requires_payment_method",
        Succeeded = "succeeded",
    }
}

/// A SetupIntent, as far as setting up an inbound origin goes. Its `client_secret` is never read
/// into this type (it is for a browser, and must not be kept).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetupIntent {
    /// `seti_…`.
    pub id: String,
    /// Always `setup_intent`.
    #[serde(default = "setup_intent_object")]
    pub object: String,
    /// The PaymentMethod is attached to the account itself (Treasury flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach_to_self: Option<bool>,
    /// Creation time.
    pub created: Timestamp,
    /// `inbound`, `outbound` (nullable).
    #[serde(default)]
    pub flow_directions: Option<Vec<String>>,
    /// The error of the last confirmation (nullable).
    #[serde(default)]
    pub last_setup_error: Option<super::ApiError>,
    /// Live or test.
    pub livemode: bool,
    /// The PaymentMethod it sets up (nullable).
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Types it may set up.
    pub payment_method_types: Vec<String>,
    /// Status.
    pub status: SetupIntentStatus,
    /// `off_session` | `on_session`.
    pub usage: String,
}

fn setup_intent_object() -> String {
    "setup_intent".to_owned()
}

/// The holder's acceptance of the debit mandate, captured where they accepted it online.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnlineAcceptance {
    /// The holder's IP address when they accepted.
    pub ip_address: String,
    /// Their browser's user agent.
    pub user_agent: String,
}

/// An origin for inbound transfers from a linked bank account: a SetupIntent on `account_id`
/// with `attach_to_self=true` and `flow_directions[]=inbound`, confirmed at once with the
/// holder's mandate acceptance, from the Financial Connections account `linked_account_id`
/// (linked with the `payment_method` permission). The PaymentMethod it makes is
/// `payment_method` of the answer once `status` is `succeeded`.
pub async fn set_up_inbound_origin(
    client: &Client,
    account_id: &str,
    linked_account_id: &str,
    acceptance: &OnlineAcceptance,
    idempotency_key: IdempotencyKey,
) -> Result<Traced<SetupIntent>, Error> {
    let params = Form::new()
        .set("attach_to_self", "true")
        .push("flow_directions", "inbound")
        .push("payment_method_types", "us_bank_account")
        .set("payment_method_data[type]", "us_bank_account")
        .set("payment_method_data[us_bank_account][financial_connections_account]", linked_account_id)
        .set("confirm", "true")
        .set("mandate_data[customer_acceptance][type]", "online")
        .set("mandate_data[customer_acceptance][online][ip_address]", &acceptance.ip_address)
        .set("mandate_data[customer_acceptance][online][user_agent]", &acceptance.user_agent);
    let options = RequestOptions::on_behalf_of(account_id).idempotency_key(idempotency_key);
    client.post_traced("/v1/setup_intents", &params, &options).await
}

/// `GET /v1/setup_intents/{id}` on behalf of `account_id`.
pub async fn retrieve_setup_intent(
    client: &Client,
    account_id: &str,
    setup_intent_id: &str,
) -> Result<SetupIntent, Error> {
    let options = RequestOptions::on_behalf_of(account_id);
    client.get(&format!("/v1/setup_intents/{setup_intent_id}"), &Form::new(), &options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_s_fixture_reads_and_a_secret_is_never_kept() {
        let json = r#"{"id":"seti_1","object":"setup_intent","attach_to_self":true,"client_secret":"seti_1_secret_abc",
            "created":1,"flow_directions":["inbound"],"livemode":false,"payment_method":"pm_1",
            "payment_method_types":["us_bank_account"],"status":"verifying_later","usage":"off_session"}"#;
        let intent: SetupIntent = serde_json::from_str(json).expect("parses");
        assert_eq!(intent.status, SetupIntentStatus::Unknown("verifying_later".into()));
        assert!(!format!("{intent:?}").contains("secret_abc"), "the client_secret is not kept");
        let pm: PaymentMethod = serde_json::from_str(
            r#"{"id":"pm_1","object":"payment_method","billing_details":{"address":null,"email":null,"name":"Acme","phone":null},
               "created":1,"customer":null,"livemode":false,"metadata":{},"type":"us_bank_account",
               "us_bank_account":{"account_holder_type":"company","account_type":"checking","bank_name":"STRIPE TEST BANK",
               "financial_connections_account":null,"fingerprint":"f","last4":"6789","networks":{"preferred":"ach","supported":["ach"]},
               "routing_number":"110000000","status_details":{"blocked":{"network_code":"R02","reason":"bank_account_closed"}}}}"#,
        )
        .expect("parses");
        assert_eq!((pm.bank_name(), pm.last4()), (Some("STRIPE TEST BANK"), Some("6789")));
        assert_eq!(pm.blocked().and_then(|b| b.reason.as_deref()), Some("bank_account_closed"));
    }
}
