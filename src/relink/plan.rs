//! What a relink asks of Stripe: whether an account can be repaired (and why not), and the
//! session parameters for each mode. Pure functions; must not do I/O or see the client_secret.

use crate::stripe::financial_connections::{
    Account, AccountStatus, Permission, RelinkOptions, RelinkSessionParams, StatusAction, Subcategory,
};
use crate::t;

/// Which account the holder may link in the bank's flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelinkMode {
    /// This exact account (`relink_options[account]` + `relink_options[authorization]`).
    ExactAccount,
    /// Any eligible checking or savings account at the same bank (only the authorization,
    /// `limits[accounts]=1`). A different account may come back; payment methods made from the
    /// old one are then not updated.
    AnyAccountAtBank,
}

impl RelinkMode {
    /// For the UI's choice: "this exact account" / "any eligible account at the same bank".
    pub fn describe(self) -> &'static str {
        match self {
            Self::ExactAccount => "this exact account",
            Self::AnyAccountAtBank => "any eligible account at the same bank",
        }
    }
}

/// `Ok` when relinking can repair `account`; else why not, in words for the user.
pub fn repairable(account: &Account) -> Result<(), String> {
    let label = account.label();
    match &account.status {
        AccountStatus::Active => return Err(t!("relink-plan-active", label = label)),
        AccountStatus::Disconnected => return Err(t!("relink-plan-disconnected", label = label)),
        AccountStatus::Inactive => {}
        other => return Err(t!("relink-plan-status", label = label, status = other.as_str().to_owned())),
    }
    let Some(details) = &account.status_details.inactive else {
        return Err(t!("relink-plan-no-details", label = label));
    };
    match &details.action {
        StatusAction::RelinkRequired => {}
        StatusAction::None => {
            return Err(t!("relink-plan-none", label = label, cause = details.cause.as_str().to_owned()));
        }
        other => return Err(t!("relink-plan-action", label = label, action = other.as_str().to_owned())),
    }
    if account.authorization.is_none() {
        return Err(t!("relink-plan-no-authorization", label = label));
    }
    if account.account_holder.is_none() {
        return Err(t!("relink-plan-no-holder", label = label));
    }
    Ok(())
}

/// The permissions to ask: what the account had, plus `balances` and `payment_method`.
pub fn permissions(account: &Account) -> Vec<Permission> {
    let mut wanted: Vec<Permission> = Vec::new();
    let had = account.permissions.iter().flatten().cloned();
    for permission in had.chain([Permission::Balances, Permission::PaymentMethod]) {
        if !wanted.contains(&permission) {
            wanted.push(permission);
        }
    }
    wanted
}

/// The session to create for `account` in `mode`, or why the account cannot be relinked.
pub fn session_params(account: &Account, mode: RelinkMode, hosted: bool) -> Result<RelinkSessionParams, String> {
    repairable(account)?;
    let (Some(holder), Some(authorization)) = (&account.account_holder, &account.authorization) else {
        return Err(format!("{} lacks its holder or authorization.", account.label()));
    };
    let exact = mode == RelinkMode::ExactAccount;
    Ok(RelinkSessionParams {
        account_holder: holder.clone(),
        permissions: permissions(account),
        relink_options: RelinkOptions {
            account: exact.then(|| account.id.clone()),
            authorization: Some(authorization.clone()),
        },
        limit_accounts: (!exact).then_some(1),
        account_subcategories: if exact { Vec::new() } else { vec![Subcategory::Checking, Subcategory::Savings] },
        hosted,
        return_url: None,
    })
}
