//! Connect accounts (`/v1/account`, `/v1/accounts`): the platform and its connected accounts.
//! Owns the `Account` type and its read calls; knows no UI.

use std::collections::BTreeMap;

use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::common::{Object, Timestamp};
use super::{Client, Error, Form, RequestOptions};
use crate::open_enum;

open_enum! {
    /// Status of one capability (`capabilities.treasury`).
    pub enum CapabilityStatus {
        Active = "active",
        Inactive = "inactive",
        Pending = "pending",
    }
}

open_enum! {
    /// The account's type.
    pub enum AccountType {
        Custom = "custom",
        Express = "express",
        None = "none",
        Standard = "standard",
    }
}

/// `business_profile` (the parts the dashboard uses).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfile {
    /// Customer-facing business name.
    #[serde(default)]
    pub name: Option<String>,
    /// Support email.
    #[serde(default)]
    pub support_email: Option<String>,
    /// Website.
    #[serde(default)]
    pub url: Option<String>,
}

/// `settings` (the parts the dashboard uses).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountSettings {
    /// Dashboard settings.
    #[serde(default)]
    pub dashboard: Option<DashboardSettings>,
    /// The settings this app does not read (branding, payments, payouts, …), kept as sent.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `settings.dashboard`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardSettings {
    /// The name shown in the Dashboard.
    #[serde(default)]
    pub display_name: Option<String>,
    /// IANA timezone.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// `requirements`: what Stripe still needs from the account, and why a capability may be off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRequirements {
    /// When `currently_due` must be collected by (nullable).
    #[serde(default)]
    pub current_deadline: Option<Timestamp>,
    /// Fields needed to keep the account enabled (nullable).
    #[serde(default)]
    pub currently_due: Option<Vec<String>>,
    /// Why the account is disabled, when it is (`requirements.past_due`, `under_review`, …).
    #[serde(default)]
    pub disabled_reason: Option<String>,
    /// Fields that were not collected in time: what has restricted or deactivated capabilities.
    #[serde(default)]
    pub past_due: Option<Vec<String>>,
    /// Fields Stripe is still verifying (nullable).
    #[serde(default)]
    pub pending_verification: Option<Vec<String>>,
}

/// A Stripe account: the platform (`GET /v1/account`) or a connected account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `acct_…`.
    pub id: String,
    /// Always `account`.
    #[serde(default = "account_object")]
    pub object: String,
    /// Business profile.
    #[serde(default)]
    pub business_profile: Option<BusinessProfile>,
    /// `individual`, `company`, … (nullable).
    #[serde(default)]
    pub business_type: Option<String>,
    /// Capability name → status.
    #[serde(default)]
    pub capabilities: litemap::LiteMap<String, CapabilityStatus>,
    /// Can take charges.
    #[serde(default)]
    pub charges_enabled: Option<bool>,
    /// Two-letter country.
    #[serde(default)]
    pub country: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created: Option<Timestamp>,
    /// Default currency.
    #[serde(default)]
    pub default_currency: Option<String>,
    /// Email (nullable).
    #[serde(default)]
    pub email: Option<String>,
    /// Metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// What Stripe still needs, and why a capability may be off (absent on some accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<AccountRequirements>,
    /// Settings (nullable).
    #[serde(default)]
    pub settings: Option<AccountSettings>,
    /// Account type.
    #[serde(rename = "type", default)]
    pub kind: Option<AccountType>,
}

fn account_object() -> String {
    "account".to_owned()
}

impl Object for Account {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Account {
    /// The best human name: Dashboard display name, business name, email, then id.
    pub fn display_name(&self) -> &str {
        let dashboard =
            self.settings.as_ref().and_then(|s| s.dashboard.as_ref()).and_then(|d| d.display_name.as_deref());
        let business = self.business_profile.as_ref().and_then(|b| b.name.as_deref());
        [dashboard, business, self.email.as_deref()]
            .into_iter()
            .flatten()
            .find(|name| !name.trim().is_empty())
            .unwrap_or(&self.id)
    }

    /// `capabilities.treasury`, if requested at all.
    pub fn treasury_capability(&self) -> Option<&CapabilityStatus> {
        self.capabilities.get("treasury")
    }

    /// True when the account may open and use financial accounts (`capabilities.treasury` is
    /// `active`). An account whose capability is `inactive` or `pending` may still hold financial
    /// accounts, with their features restricted.
    pub fn treasury_active(&self) -> bool {
        self.treasury_capability() == Some(&CapabilityStatus::Active)
    }

    /// Why the treasury capability is not active, in words, from the account's `requirements`:
    /// `None` when it is active or was never requested.
    pub fn treasury_restriction(&self) -> Option<String> {
        let status = self.treasury_capability().filter(|s| **s != CapabilityStatus::Active)?;
        let requirements = self.requirements.clone().unwrap_or_default();
        let fields = |list: Option<Vec<String>>| list.filter(|l| !l.is_empty()).map(|l| l.join(", "));
        let mut reason = crate::t!("restriction-capability", status = status.to_string());
        if let Some(disabled) = requirements.disabled_reason.filter(|r| !r.is_empty()) {
            reason.push_str(&format!(" ({disabled})"));
        }
        if let Some(past_due) = fields(requirements.past_due) {
            reason.push_str(&format!(": {}", crate::t!("restriction-past-due", fields = past_due)));
        } else if let Some(currently_due) = fields(requirements.currently_due) {
            reason.push_str(&format!(": {}", crate::t!("restriction-due", fields = currently_due)));
        } else if let Some(verifying) = fields(requirements.pending_verification) {
            reason.push_str(&format!(": {}", crate::t!("restriction-verifying", fields = verifying)));
        }
        Some(reason)
    }
}

/// `GET /v1/account`: the platform account the key belongs to (the client remembers its id, see
/// [`Client::note_own_account`]).
pub async fn retrieve_platform(client: &Client) -> Result<Account, Error> {
    let platform: Account = client.get("/v1/account", &Form::new(), &RequestOptions::default()).await?;
    client.note_own_account(&platform.id);
    Ok(platform)
}

/// `GET /v1/accounts`: every connected account, newest first, page by page.
pub fn list_connected(client: &Client) -> impl Stream<Item = Result<Account, Error>> + Send + 'static {
    client.list("/v1/accounts", Form::new(), RequestOptions::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(treasury: Option<&str>, requirements: serde_json::Value) -> Account {
        let mut value = serde_json::json!({"id": "acct_1", "requirements": requirements});
        if let Some(status) = treasury {
            value["capabilities"] = serde_json::json!({"treasury": status});
        }
        serde_json::from_value(value).expect("an account")
    }

    #[test]
    fn the_treasury_restriction_names_the_state_and_what_stripe_needs() {
        let past_due = serde_json::json!({"past_due": ["company.tax_id"], "disabled_reason": null});
        assert_eq!(
            with(Some("inactive"), past_due.clone()).treasury_restriction().as_deref(),
            Some("treasury capability inactive: requirements past due: company.tax_id")
        );
        let verifying = serde_json::json!({"past_due": [], "pending_verification": ["company.tax_id"]});
        assert_eq!(
            with(Some("pending"), verifying).treasury_restriction().as_deref(),
            Some("treasury capability pending: Stripe is verifying company.tax_id")
        );
        let disabled = serde_json::json!({"disabled_reason": "under_review"});
        assert_eq!(
            with(Some("inactive"), disabled).treasury_restriction().as_deref(),
            Some("treasury capability inactive (under_review)")
        );
        assert_eq!(with(Some("active"), past_due.clone()).treasury_restriction(), None);
        assert_eq!(with(None, past_due).treasury_restriction(), None, "never requested: nothing restricted");
        assert_eq!(
            with(Some("inactive"), serde_json::Value::Null).treasury_restriction().as_deref(),
            Some("treasury capability inactive")
        );
    }
}
