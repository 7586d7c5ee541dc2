//! Financial Connections: linked external bank accounts and the sessions that (re)link them.
//! Owns their types and read calls; preview-only fields are marked as such.

use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::common::{AccountHolder, AccountHolderType, Amounts, List, Object, Timestamp};
use super::{Client, Error, Form, RequestOptions};
use crate::open_enum;
use crate::secret::Secret;

/// The preview `Stripe-Version` sent on the calls that use preview fields (relink, inactive details).
pub const PREVIEW_VERSION: &str = "2026-04-22.preview";

open_enum! {
    /// `category`.
    pub enum Category {
        Cash = "cash",
        Credit = "credit",
        Investment = "investment",
        Other = "other",
    }
}

open_enum! {
    /// `subcategory`.
    pub enum Subcategory {
        Checking = "checking",
        CreditCard = "credit_card",
        LineOfCredit = "line_of_credit",
        Mortgage = "mortgage",
        Other = "other",
        Savings = "savings",
    }
}

open_enum! {
    /// `status` of a linked account.
    pub enum AccountStatus {
        Active = "active",
        Disconnected = "disconnected",
        Inactive = "inactive",
    }
}

open_enum! {
    /// `balance.type`.
    pub enum BalanceType {
        Cash = "cash",
        Credit = "credit",
    }
}

open_enum! {
    /// `balance_refresh.status`.
    pub enum RefreshStatus {
        Failed = "failed",
        Pending = "pending",
        Succeeded = "succeeded",
    }
}

open_enum! {
    /// Data a session or account is permitted to access.
    pub enum Permission {
        Balances = "balances",
        Ownership = "ownership",
        PaymentMethod = "payment_method",
        Transactions = "transactions",
    }
}

open_enum! {
    /// What the holder can do about an (upcoming) deactivation.
    pub enum StatusAction {
        None = "none",
        RelinkRequired = "relink_required",
    }
}

open_enum! {
    /// Why an account is (or will be) inactive. Values beyond GA's are preview.
    pub enum StatusCause {
        AccessDenied = "access_denied",
        AccessExpired = "access_expired",
        AccountClosed = "account_closed",
        AccountUnavailable = "account_unavailable",
        InstitutionRequirement = "institution_requirement",
        Unspecified = "unspecified",
    }
}

/// `balance.cash`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashBalance {
    /// Available funds per currency (nullable).
    #[serde(default)]
    pub available: Option<Amounts>,
}

/// `balance.credit`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditBalance {
    /// Credit used per currency (nullable).
    #[serde(default)]
    pub used: Option<Amounts>,
}

/// The last balance the bank reported. Positive = owed to the holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// When the *bank* computed it (not when it was fetched).
    pub as_of: Timestamp,
    /// Set when `type` is `cash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<CashBalance>,
    /// Set when `type` is `credit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<CreditBalance>,
    /// Posted funds per currency.
    pub current: Amounts,
    /// `cash` or `credit`.
    #[serde(rename = "type")]
    pub kind: BalanceType,
}

/// Which figure an ACH debit check should use, and whether it had to fall back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebitCheckSource {
    /// `cash.available`.
    Available,
    /// `current`, because `available` was null.
    CurrentFallback,
}

impl Balance {
    /// `cash.available` when present, else `current` (say so): the figure for an ACH debit check.
    pub fn for_debit_check(&self) -> (&Amounts, DebitCheckSource) {
        match self.cash.as_ref().and_then(|c| c.available.as_ref()) {
            Some(available) => (available, DebitCheckSource::Available),
            None => (&self.current, DebitCheckSource::CurrentFallback),
        }
    }

    /// `credit.used` when present.
    pub fn credit_used(&self) -> Option<&Amounts> {
        self.credit.as_ref().and_then(|c| c.used.as_ref())
    }
}

/// `balance_refresh`: null until a refresh was ever asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceRefresh {
    /// When the last attempt started.
    pub last_attempted_at: Timestamp,
    /// When a new refresh may start; null while pending or inactive (no refresh then).
    #[serde(default)]
    pub next_refresh_available_at: Option<Timestamp>,
    /// `pending` → `succeeded` | `failed`.
    pub status: RefreshStatus,
}

/// `status_details.active` (GA): a warning of an upcoming deactivation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveStatusDetails {
    /// What the holder must do.
    pub action: StatusAction,
    /// Why.
    pub cause: StatusCause,
    /// When it will go inactive.
    pub expected_deactivation_date: Timestamp,
}

/// `status_details.inactive` (public preview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InactiveStatusDetails {
    /// `relink_required` (repairable by relinking) or `none` (cannot be repaired).
    pub action: StatusAction,
    /// Why it went inactive.
    pub cause: StatusCause,
}

/// `status_details`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStatusDetails {
    /// GA: upcoming deactivation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<ActiveStatusDetails>,
    /// Preview: why inactive and whether relink helps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<InactiveStatusDetails>,
}

/// A linked external bank account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `fca_…`.
    pub id: String,
    /// Always `financial_connections.account`.
    #[serde(default = "account_object")]
    pub object: String,
    /// Owner (nullable).
    #[serde(default)]
    pub account_holder: Option<AccountHolder>,
    /// Preview: the authorization this account was linked under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    /// Last balance (nullable: none could be had, or disconnected).
    #[serde(default)]
    pub balance: Option<Balance>,
    /// Refresh state (nullable: never asked).
    #[serde(default)]
    pub balance_refresh: Option<BalanceRefresh>,
    /// Category.
    pub category: Category,
    /// Creation time.
    pub created: Timestamp,
    /// Name the bank gives it (nullable).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Bank name.
    pub institution_name: String,
    /// Last four digits (nullable).
    #[serde(default)]
    pub last4: Option<String>,
    /// Live or test.
    pub livemode: bool,
    /// Granted permissions (nullable).
    #[serde(default)]
    pub permissions: Option<Vec<Permission>>,
    /// Status.
    pub status: AccountStatus,
    /// Details of the status.
    #[serde(default)]
    pub status_details: AccountStatusDetails,
    /// Subcategory.
    pub subcategory: Subcategory,
    /// Subscribed data (nullable).
    #[serde(default)]
    pub subscriptions: Option<Vec<String>>,
    /// `link`, `us_bank_account`.
    #[serde(default)]
    pub supported_payment_method_types: Vec<String>,
}

fn account_object() -> String {
    "financial_connections.account".to_owned()
}

impl Object for Account {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Whether a balance refresh may be asked now, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshAvailability {
    /// May refresh now.
    Now,
    /// Not before this time.
    At(Timestamp),
    /// A refresh is running.
    Pending,
    /// Not active: cannot refresh.
    NotActive,
    /// No next time known (Stripe said null): cannot refresh now.
    Unavailable,
}

impl Account {
    /// Display name, else `institution ••1234`.
    pub fn label(&self) -> String {
        match (&self.display_name, &self.last4) {
            (Some(name), Some(last4)) => format!("{name} ••{last4}"),
            (Some(name), None) => name.clone(),
            (None, Some(last4)) => format!("{} ••{last4}", self.institution_name),
            (None, None) => self.institution_name.clone(),
        }
    }

    /// True when `status` is `inactive` and relinking can repair it.
    pub fn relink_required(&self) -> bool {
        self.status == AccountStatus::Inactive
            && self.status_details.inactive.as_ref().is_some_and(|d| d.action == StatusAction::RelinkRequired)
    }

    /// Whether a balance refresh may start at `now`. Stripe starts none when
    /// `next_refresh_available_at` is null or in the future; the first refresh (never asked) may start.
    pub fn refresh_availability(&self, now: Timestamp) -> RefreshAvailability {
        if self.status != AccountStatus::Active {
            return RefreshAvailability::NotActive;
        }
        let Some(refresh) = &self.balance_refresh else {
            return RefreshAvailability::Now;
        };
        if refresh.status == RefreshStatus::Pending {
            return RefreshAvailability::Pending;
        }
        match refresh.next_refresh_available_at {
            None => RefreshAvailability::Unavailable,
            Some(at) if at > now => RefreshAvailability::At(at),
            Some(_) => RefreshAvailability::Now,
        }
    }
}

/// `relink_options` of a session (preview).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelinkOptions {
    /// The exact account to relink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The authorization to repair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
}

open_enum! {
    /// `relink_result.failure_reason` (preview).
    pub enum RelinkFailureReason {
        NoAccount = "no_account",
        NoAuthorization = "no_authorization",
        Other = "other",
    }
}

/// `relink_result` of a session (preview).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelinkResult {
    /// The account that was relinked.
    #[serde(default)]
    pub account: Option<String>,
    /// Why relinking failed.
    #[serde(default)]
    pub failure_reason: Option<RelinkFailureReason>,
}

open_enum! {
    /// Status of a hosted session (preview).
    pub enum SessionStatus {
        Cancelled = "cancelled",
        Failed = "failed",
        Pending = "pending",
        Succeeded = "succeeded",
    }
}

/// `filters` of a session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFilters {
    /// Allowed subcategories (nullable).
    #[serde(default)]
    pub account_subcategories: Option<Vec<Subcategory>>,
    /// Allowed countries (nullable).
    #[serde(default)]
    pub countries: Option<Vec<String>>,
}

/// `limits` of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLimits {
    /// Most accounts the holder may link.
    pub accounts: i64,
}

/// A Financial Connections session. `client_secret` is a [`Secret`]: it never prints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// `fcsess_…`.
    pub id: String,
    /// Always `financial_connections.session`.
    #[serde(default = "session_object")]
    pub object: String,
    /// Owner (nullable).
    #[serde(default)]
    pub account_holder: Option<AccountHolder>,
    /// Accounts collected so far.
    pub accounts: List<Account>,
    /// For Stripe.js only (nullable).
    #[serde(default)]
    pub client_secret: Option<Secret>,
    /// Filters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<SessionFilters>,
    /// Limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<SessionLimits>,
    /// Live or test.
    pub livemode: bool,
    /// Requested permissions.
    pub permissions: Vec<Permission>,
    /// Prefetched data (nullable).
    #[serde(default)]
    pub prefetch: Option<Vec<String>>,
    /// Where a hosted flow returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// Preview: what to relink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relink_options: Option<RelinkOptions>,
    /// Preview: how the relink ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relink_result: Option<RelinkResult>,
    /// Preview (hosted): the session's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
    /// Preview (`ui_mode=hosted`): the hosted page to open in a browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

fn session_object() -> String {
    "financial_connections.session".to_owned()
}

impl Object for Session {
    fn id(&self) -> &str {
        &self.id
    }
}

/// `GET /v1/financial_connections/accounts?account_holder[…]=…`: a holder's linked accounts.
pub fn list_accounts(
    client: &Client,
    holder: &AccountHolder,
) -> impl Stream<Item = Result<Account, Error>> + Send + 'static {
    let key = match holder.kind {
        AccountHolderType::Customer => "account_holder[customer]",
        _ => "account_holder[account]",
    };
    let params = Form::new().set(key, holder.holder_id().unwrap_or_default());
    client.list("/v1/financial_connections/accounts", params, RequestOptions::default())
}

/// `GET /v1/financial_connections/accounts/{id}`.
pub async fn retrieve_account(client: &Client, account_id: &str) -> Result<Account, Error> {
    client
        .get(&format!("/v1/financial_connections/accounts/{account_id}"), &Form::new(), &RequestOptions::default())
        .await
}

/// `POST /v1/financial_connections/accounts/{id}/refresh` with `features[]=balance`.
///
/// Stripe starts no refresh while `next_refresh_available_at` is null or in the future; check
/// [`Account::refresh_availability`] first. Reuse `idempotency_key` on every retry.
pub async fn refresh_balance(
    client: &Client,
    account_id: &str,
    idempotency_key: super::IdempotencyKey,
) -> Result<super::Traced<Account>, Error> {
    let options = RequestOptions::default().idempotency_key(idempotency_key);
    let params = Form::new().push("features", "balance");
    client.post_traced(&format!("/v1/financial_connections/accounts/{account_id}/refresh"), &params, &options).await
}

/// What to relink: the parameters of a relink session (preview).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelinkSessionParams {
    /// The holder of the account being repaired (as on the account).
    pub account_holder: AccountHolder,
    /// What the account had, plus `balances` and `payment_method`.
    pub permissions: Vec<Permission>,
    /// `relink_options[authorization]` and, for "this exact account", `relink_options[account]`.
    pub relink_options: RelinkOptions,
    /// `limits[accounts]` (1 when the holder may pick any eligible account).
    pub limit_accounts: Option<i64>,
    /// `filters[account_subcategories][]` (checking, savings when any eligible account will do).
    pub account_subcategories: Vec<Subcategory>,
    /// Ask for a hosted page (`ui_mode=hosted`, preview): the response then carries `url`.
    pub hosted: bool,
    /// Where a hosted flow returns (optional).
    pub return_url: Option<String>,
}

impl RelinkSessionParams {
    /// The form Stripe expects.
    pub fn form(&self) -> Form {
        let holder = &self.account_holder;
        let mut form = Form::new().set("account_holder[type]", holder.kind.as_str());
        match holder.kind {
            AccountHolderType::Customer => form = form.set_opt("account_holder[customer]", holder.customer.as_deref()),
            _ => form = form.set_opt("account_holder[account]", holder.account.as_deref()),
        }
        for permission in &self.permissions {
            form = form.push("permissions", permission.as_str());
        }
        form = form
            .set_opt("relink_options[authorization]", self.relink_options.authorization.as_deref())
            .set_opt("relink_options[account]", self.relink_options.account.as_deref())
            .set_opt("limits[accounts]", self.limit_accounts);
        for subcategory in &self.account_subcategories {
            form = form.push("filters[account_subcategories]", subcategory.as_str());
        }
        if self.hosted {
            form = form.set("ui_mode", "hosted");
        }
        form.set_opt("return_url", self.return_url.as_deref())
    }
}

/// `POST /v1/financial_connections/sessions` with `relink_options`, on the preview API version.
///
/// The answer's `client_secret` is a [`Secret`]: hand it only to the page that runs Stripe.js.
/// Reuse `idempotency_key` on every retry of the same user action.
pub async fn create_relink_session(
    client: &Client,
    params: &RelinkSessionParams,
    idempotency_key: super::IdempotencyKey,
) -> Result<Session, Error> {
    let options = RequestOptions::default().version(PREVIEW_VERSION).idempotency_key(idempotency_key);
    client.post("/v1/financial_connections/sessions", &params.form(), &options).await
}

/// `GET /v1/financial_connections/sessions/{id}` on the preview API version (`relink_result`, `status`).
pub async fn retrieve_session(client: &Client, session_id: &str) -> Result<Session, Error> {
    let options = RequestOptions::default().version(PREVIEW_VERSION);
    client.get(&format!("/v1/financial_connections/sessions/{session_id}"), &Form::new(), &options).await
}

/// `GET /v1/financial_connections/accounts/{id}` on the preview API version (with
/// `authorization` and `status_details.inactive`).
pub async fn retrieve_account_preview(client: &Client, account_id: &str) -> Result<Account, Error> {
    let options = RequestOptions::default().version(PREVIEW_VERSION);
    client.get(&format!("/v1/financial_connections/accounts/{account_id}"), &Form::new(), &options).await
}

/// A holder's linked accounts on the preview API version (with `authorization`).
pub async fn list_accounts_preview(client: &Client, holder: &AccountHolder) -> Result<Vec<Account>, Error> {
    let key = match holder.kind {
        AccountHolderType::Customer => "account_holder[customer]",
        _ => "account_holder[account]",
    };
    let params = Form::new().set(key, holder.holder_id().unwrap_or_default());
    let options = RequestOptions::default().version(PREVIEW_VERSION);
    client.list_all("/v1/financial_connections/accounts", params, options).await
}

/// `status_details` of an authorization (preview).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationStatusDetails {
    /// Set while inactive: what would repair it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<AuthorizationInactiveDetails>,
}

/// `status_details.inactive` of an authorization (preview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationInactiveDetails {
    /// `relink_required` or `none`.
    pub action: StatusAction,
}

/// The credentials a group of linked accounts share (preview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    /// `fcauth_…`.
    pub id: String,
    /// Always `financial_connections.authorization`.
    #[serde(default)]
    pub object: String,
    /// Owner (nullable).
    #[serde(default)]
    pub account_holder: Option<AccountHolder>,
    /// Bank name.
    pub institution_name: String,
    /// Live or test.
    pub livemode: bool,
    /// `active`, `inactive`, `disconnected`.
    pub status: AccountStatus,
    /// Details of the status.
    #[serde(default)]
    pub status_details: AuthorizationStatusDetails,
}

/// `GET /v1/financial_connections/authorizations/{id}` (preview).
pub async fn retrieve_authorization(client: &Client, authorization_id: &str) -> Result<Authorization, Error> {
    let options = RequestOptions::default().version(PREVIEW_VERSION);
    client.get(&format!("/v1/financial_connections/authorizations/{authorization_id}"), &Form::new(), &options).await
}
