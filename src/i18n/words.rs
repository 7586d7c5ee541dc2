//! Human words for Stripe's states, in the language in use: `requires_confirmation` is
//! "Awaiting confirmation" / 「確認待ち」 / „Bestätigung ausstehend". A value the app does not
//! know yet is shown as Stripe sent it; views show the raw value on hover.

use crate::stripe::account::CapabilityStatus;
use crate::stripe::financial_connections::{
    AccountStatus, Category, RefreshStatus, StatusAction, StatusCause, Subcategory,
};
use crate::stripe::treasury::{ClosedReason, FailureCode, Feature, FinancialAccountStatus, InboundTransferStatus};
use crate::t;

/// A Stripe value with words for people.
pub trait Words {
    /// The words in the language in use (the raw value when the app does not know it).
    fn words(&self) -> String;
    /// The value as Stripe sent it.
    fn raw(&self) -> &str;
}

/// `(words, raw)`: what a chip shows and what its hover shows.
pub fn raw_and_words(value: &impl Words) -> (String, String) {
    (value.words(), value.raw().to_owned())
}

macro_rules! words {
    ($ty:ty { $($variant:ident => $id:literal),* $(,)? }) => {
        impl Words for $ty {
            fn words(&self) -> String {
                match self {
                    $(Self::$variant => t!($id),)*
                    Self::Unknown(raw) => raw.clone(),
                }
            }

            fn raw(&self) -> &str {
                self.as_str()
            }
        }
    };
}

words!(InboundTransferStatus {
    Canceled => "transfer-status-canceled",
    Failed => "transfer-status-failed",
    Processing => "transfer-status-processing",
    RequiresConfirmation => "transfer-status-requires-confirmation",
    Succeeded => "transfer-status-succeeded",
});

words!(FailureCode {
    AccountClosed => "failure-account-closed",
    AccountFrozen => "failure-account-frozen",
    BankAccountRestricted => "failure-bank-account-restricted",
    BankOwnershipChanged => "failure-bank-ownership-changed",
    CouldNotProcess => "failure-could-not-process",
    DebitNotAuthorized => "failure-debit-not-authorized",
    IncorrectAccountHolderAddress => "failure-incorrect-account-holder-address",
    IncorrectAccountHolderName => "failure-incorrect-account-holder-name",
    IncorrectAccountHolderTaxId => "failure-incorrect-account-holder-tax-id",
    InsufficientFunds => "failure-insufficient-funds",
    InvalidAccountNumber => "failure-invalid-account-number",
    InvalidCurrency => "failure-invalid-currency",
    NoAccount => "failure-no-account",
    Other => "failure-other",
});

words!(Feature {
    CardIssuing => "feature-card-issuing",
    DepositInsurance => "feature-deposit-insurance",
    FinancialAddressesAba => "feature-financial-addresses-aba",
    FinancialAddressesAbaForwarding => "feature-financial-addresses-aba-forwarding",
    InboundTransfersAch => "feature-inbound-transfers-ach",
    InboundTransfersAchPlatformReview => "feature-inbound-transfers-ach-platform-review",
    IntraStripeFlows => "feature-intra-stripe-flows",
    OutboundPaymentsAch => "feature-outbound-payments-ach",
    OutboundPaymentsUsDomesticWire => "feature-outbound-payments-us-domestic-wire",
    OutboundTransfersAch => "feature-outbound-transfers-ach",
    OutboundTransfersUsDomesticWire => "feature-outbound-transfers-us-domestic-wire",
    RemoteDepositCapture => "feature-remote-deposit-capture",
});

words!(FinancialAccountStatus {
    Closed => "fa-status-closed",
    Open => "fa-status-open",
});

words!(ClosedReason {
    AccountRejected => "closed-reason-account-rejected",
    ClosedByPlatform => "closed-reason-closed-by-platform",
    Other => "closed-reason-other",
});

words!(AccountStatus {
    Active => "linked-status-active",
    Disconnected => "linked-status-disconnected",
    Inactive => "linked-status-inactive",
});

words!(RefreshStatus {
    Failed => "refresh-status-failed",
    Pending => "refresh-status-pending",
    Succeeded => "refresh-status-succeeded",
});

words!(StatusAction {
    None => "inactive-action-none",
    RelinkRequired => "inactive-action-relink-required",
});

words!(StatusCause {
    AccessDenied => "inactive-cause-access-denied",
    AccessExpired => "inactive-cause-access-expired",
    AccountClosed => "inactive-cause-account-closed",
    AccountUnavailable => "inactive-cause-account-unavailable",
    InstitutionRequirement => "inactive-cause-institution-requirement",
    Unspecified => "inactive-cause-unspecified",
});

words!(CapabilityStatus {
    Active => "capability-active",
    Inactive => "capability-inactive",
    Pending => "capability-pending",
});

words!(Category {
    Cash => "category-cash",
    Credit => "category-credit",
    Investment => "category-investment",
    Other => "category-other",
});

words!(Subcategory {
    Checking => "subcategory-checking",
    CreditCard => "subcategory-credit-card",
    LineOfCredit => "subcategory-line-of-credit",
    Mortgage => "subcategory-mortgage",
    Other => "subcategory-other",
    Savings => "subcategory-savings",
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_thread};

    #[test]
    fn stripe_states_in_words_and_unknown_ones_raw() {
        set_thread(Lang::En);
        assert_eq!(InboundTransferStatus::RequiresConfirmation.words(), "Awaiting confirmation");
        set_thread(Lang::Ja);
        assert_eq!(InboundTransferStatus::RequiresConfirmation.words(), "確認待ち");
        set_thread(Lang::De);
        assert_eq!(InboundTransferStatus::RequiresConfirmation.words(), "Bestätigung ausstehend");
        let unknown = InboundTransferStatus::Unknown("held_for_review".into());
        assert_eq!(raw_and_words(&unknown), ("held_for_review".to_owned(), "held_for_review".to_owned()));
    }
}
