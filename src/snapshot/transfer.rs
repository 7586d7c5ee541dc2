//! An inbound transfer as the dashboard keeps it: what it shows and acts on, not the whole API
//! object. A large platform has hundreds of thousands of transfers; the full object (origin
//! bank details, billing address, metadata, linked flows) costs ~1.6 KB each in memory, this row
//! ~0.3 KB, and repeated words (currency, bank name, descriptor) are stored once per sync.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::stripe::common::Timestamp;
use crate::stripe::treasury::{FailureCode, InboundTransfer, InboundTransferStatus};

/// One inbound transfer. Field names follow Stripe's, so the JSON export reads like the API;
/// the origin bank is flattened from `origin_payment_method_details.us_bank_account`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transfer {
    /// `ibt_…`.
    pub id: Box<str>,
    /// Minor units.
    pub amount: i64,
    /// Currency (`usd`).
    pub currency: Arc<str>,
    /// Creation time.
    pub created: Timestamp,
    /// Status.
    pub status: InboundTransferStatus,
    /// Stripe allows a cancel now.
    pub cancelable: bool,
    /// Returned after succeeding.
    pub returned: bool,
    /// `failure_details.code`, when it failed.
    pub failure_code: Option<FailureCode>,
    /// The origin bank's name.
    pub origin_bank_name: Option<Arc<str>>,
    /// The origin account's last four digits.
    pub origin_last4: Option<Arc<str>>,
    /// Statement descriptor.
    pub statement_descriptor: Arc<str>,
    /// Stripe's hosted receipt page.
    pub hosted_regulatory_receipt_url: Option<Box<str>>,
}

impl Transfer {
    /// Keep what the dashboard needs of `transfer`, sharing repeated words through `words`.
    pub fn new(transfer: InboundTransfer, words: &Words) -> Self {
        let bank = transfer.origin_payment_method_details.and_then(|d| d.us_bank_account);
        let (bank_name, last4) = bank.map(|b| (b.bank_name, b.last4)).unwrap_or_default();
        Self {
            id: transfer.id.into_boxed_str(),
            amount: transfer.amount,
            currency: words.get(&transfer.currency),
            created: transfer.created,
            status: transfer.status,
            cancelable: transfer.cancelable,
            returned: transfer.returned == Some(true),
            failure_code: transfer.failure_details.map(|f| f.code),
            origin_bank_name: bank_name.map(|n| words.get(&n)),
            origin_last4: last4.map(|n| words.get(&n)),
            statement_descriptor: words.get(&transfer.statement_descriptor),
            hosted_regulatory_receipt_url: transfer.hosted_regulatory_receipt_url.map(String::into_boxed_str),
        }
    }
}

/// Words that repeat across transfers (currency, bank names, last four digits of the same
/// account, descriptors), each stored once. Shared by the tasks of one sync.
#[derive(Debug, Default)]
pub struct Words(Mutex<HashSet<Arc<str>>>);

impl Words {
    /// The shared copy of `word`.
    pub fn get(&self, word: &str) -> Arc<str> {
        // A poisoned lock only means another task panicked mid-insert; the set is still valid.
        let mut set = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(shared) = set.get(word) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(word);
        set.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_the_dashboard_shows_and_shares_repeated_words() {
        let fixture = serde_json::json!({
            "id": "ibt_123", "object": "treasury.inbound_transfer", "amount": 12_345, "cancelable": true,
            "created": 1_700_000_000, "currency": "usd", "description": "Weekly sweep",
            "failure_details": {"code": "no_account"}, "financial_account": "fa_1",
            "hosted_regulatory_receipt_url": "https://payments.stripe.com/receipt/x",
            "linked_flows": {"received_debit": null}, "livemode": false, "metadata": {},
            "origin_payment_method": "pm_1",
            "origin_payment_method_details": {
                "billing_details": {"address": {}, "email": null, "name": "Jane"},
                "type": "us_bank_account",
                "us_bank_account": {"bank_name": "STRIPE TEST BANK", "last4": "6789", "network": "ach"}
            },
            "returned": null, "statement_descriptor": "transfer", "status": "failed",
            "status_transitions": {}, "transaction": null
        });
        let full: InboundTransfer = serde_json::from_value(fixture).expect("fixture parses");
        let words = Words::default();
        let a = Transfer::new(full.clone(), &words);
        let b = Transfer::new(full, &words);
        assert_eq!(&*a.id, "ibt_123");
        assert_eq!((a.amount, &*a.currency, a.created), (12_345, "usd", 1_700_000_000));
        assert_eq!(a.status, InboundTransferStatus::Failed);
        assert!(a.cancelable && !a.returned);
        assert_eq!(a.failure_code, Some(FailureCode::NoAccount));
        assert_eq!(a.origin_bank_name.as_deref(), Some("STRIPE TEST BANK"));
        assert_eq!(a.origin_last4.as_deref(), Some("6789"));
        assert_eq!(a.hosted_regulatory_receipt_url.as_deref(), Some("https://payments.stripe.com/receipt/x"));
        assert!(Arc::ptr_eq(&a.currency, &b.currency), "one copy of a repeated word");
        assert!(Arc::ptr_eq(a.origin_bank_name.as_ref().expect("bank"), b.origin_bank_name.as_ref().expect("bank")));
    }
}
