//! Small shapes several resources share: list envelopes, expandable fields, account holders.
//! Owns nothing that talks to the network.

use serde::{Deserialize, Serialize};

use crate::open_enum;

/// Unix timestamp in seconds, as Stripe sends it.
pub type Timestamp = i64;

/// Currency → minor units, as Stripe's balance objects carry them (a JSON object). A sorted
/// vector, not a `BTreeMap`: these maps nearly always hold one currency, and a `BTreeMap` node
/// costs ~400 bytes where this costs ~60; a large platform holds tens of thousands of them.
pub type Amounts = litemap::LiteMap<String, i64>;

/// Something with a Stripe id (what pagination's `starting_after` needs).
pub trait Object {
    /// The object's id.
    fn id(&self) -> &str;
}

/// Stripe's list envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct List<T> {
    /// Always `list`.
    #[serde(default = "list_object")]
    pub object: String,
    /// This page.
    pub data: Vec<T>,
    /// More pages follow.
    pub has_more: bool,
    /// The list's URL path.
    #[serde(default)]
    pub url: String,
}

fn list_object() -> String {
    "list".to_owned()
}

impl<T> List<T> {
    /// A complete (single-page) list at `url`.
    pub fn complete(data: Vec<T>, url: impl Into<String>) -> Self {
        Self { object: list_object(), data, has_more: false, url: url.into() }
    }
}

/// A field that is an id, or the full object when asked for with `expand[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    /// Not expanded.
    Id(String),
    /// Expanded.
    Object(Box<T>),
}

impl<T: Object> Expandable<T> {
    /// The id either way.
    pub fn id(&self) -> &str {
        match self {
            Self::Id(id) => id,
            Self::Object(object) => object.id(),
        }
    }
}

impl Object for serde_json::Value {
    fn id(&self) -> &str {
        self.get("id").and_then(serde_json::Value::as_str).unwrap_or_default()
    }
}

open_enum! {
    /// Who owns a linked account or session.
    pub enum AccountHolderType {
        Account = "account",
        Customer = "customer",
    }
}

/// `account_holder` of a Financial Connections account or session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountHolder {
    /// `account` or `customer`.
    #[serde(rename = "type")]
    pub kind: AccountHolderType,
    /// The connected account id, when `type` is `account`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "id_or_object")]
    pub account: Option<String>,
    /// The customer id, when `type` is `customer`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "id_or_object")]
    pub customer: Option<String>,
    /// The customer's Account (v2) id, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_account: Option<String>,
}

impl AccountHolder {
    /// A connected account as holder.
    pub fn account(account_id: impl Into<String>) -> Self {
        Self {
            kind: AccountHolderType::Account,
            account: Some(account_id.into()),
            customer: None,
            customer_account: None,
        }
    }

    /// A customer as holder.
    pub fn customer(customer_id: impl Into<String>) -> Self {
        Self {
            kind: AccountHolderType::Customer,
            account: None,
            customer: Some(customer_id.into()),
            customer_account: None,
        }
    }

    /// The holder's id (account or customer).
    pub fn holder_id(&self) -> Option<&str> {
        self.account.as_deref().or(self.customer.as_deref()).or(self.customer_account.as_deref())
    }
}

/// Accept an id string, or an expanded object with an `id`.
fn id_or_object<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::String(id)) => Some(id),
        Some(object) => object.get("id").and_then(serde_json::Value::as_str).map(str::to_owned),
        None => None,
    })
}

/// Postal address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// City.
    pub city: Option<String>,
    /// Two-letter country code.
    pub country: Option<String>,
    /// Line 1.
    pub line1: Option<String>,
    /// Line 2.
    pub line2: Option<String>,
    /// ZIP or postal code.
    pub postal_code: Option<String>,
    /// State or province.
    pub state: Option<String>,
}
