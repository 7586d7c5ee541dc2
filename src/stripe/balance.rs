//! A Stripe account's own balance (`GET /v1/balance`): the payments balance, separate from the
//! balances of its Treasury financial accounts (100 USD here and 200 USD in a financial account
//! are 300 USD in all). Owns the `Balance` type and its read call; knows no UI.

use serde::{Deserialize, Serialize};

use super::common::Amounts;
use super::{Client, Error, Form, RequestOptions};

/// One currency's amount, optionally broken down by source type (`card`, `bank_account`, `fpx`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceAmount {
    /// Minor units; may be negative.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Breakdown by source type, when Stripe gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_types: Option<Amounts>,
}

/// `issuing`: funds reserved for Issuing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceDetail {
    /// Available for Issuing.
    pub available: Vec<BalanceAmount>,
}

/// The `balance` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Always `balance`.
    #[serde(default = "balance_object")]
    pub object: String,
    /// Funds that can be paid out or transferred now.
    pub available: Vec<BalanceAmount>,
    /// Funds not yet available (payments still settling).
    pub pending: Vec<BalanceAmount>,
    /// Funds held back by the platform for a connected account's negative balances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_reserved: Option<Vec<BalanceAmount>>,
    /// Funds available for Instant Payouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant_available: Option<Vec<BalanceAmount>>,
    /// Funds reserved for Issuing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing: Option<BalanceDetail>,
    /// Live or test.
    pub livemode: bool,
}

fn balance_object() -> String {
    "balance".to_owned()
}

impl Balance {
    /// `available` as currency → minor units.
    pub fn available_amounts(&self) -> Amounts {
        sum(&self.available)
    }

    /// `pending` as currency → minor units.
    pub fn pending_amounts(&self) -> Amounts {
        sum(&self.pending)
    }
}

fn sum(amounts: &[BalanceAmount]) -> Amounts {
    let mut out = Amounts::new();
    for entry in amounts {
        let total = out.get(&entry.currency).copied().unwrap_or(0) + entry.amount;
        out.insert(entry.currency.clone(), total);
    }
    out
}

/// `GET /v1/balance` of `account_id` (with `Stripe-Account`), or of the platform itself.
pub async fn retrieve(client: &Client, account_id: Option<&str>) -> Result<Balance, Error> {
    let options = match account_id {
        Some(account) => RequestOptions::on_behalf_of(account),
        None => RequestOptions::default(),
    };
    client.get("/v1/balance", &Form::new(), &options).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_one_currency_are_summed_and_currencies_kept_apart() {
        let balance: Balance = serde_json::from_value(serde_json::json!({
            "object": "balance", "livemode": false,
            "available": [
                {"amount": 1_000, "currency": "usd", "source_types": {"card": 1_000}},
                {"amount": -250, "currency": "usd"},
                {"amount": 500, "currency": "jpy"}
            ],
            "pending": []
        }))
        .expect("parses");
        let available = balance.available_amounts();
        assert_eq!(available.get("usd"), Some(&750));
        assert_eq!(available.get("jpy"), Some(&500));
        assert!(balance.pending_amounts().is_empty());
    }
}
