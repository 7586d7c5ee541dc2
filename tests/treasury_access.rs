//! Which financial accounts the sync lists, against the sandbox over HTTP: every connected account
//! whose treasury capability exists in any state (an inactive one keeps its restricted financial
//! accounts), never one without the capability, always the platform; and Stripe's "not onboarded
//! to Treasury" answer recorded quietly on the account, not as a failure.

use std::collections::HashSet;

use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::snapshot::{self, FinancialAccountsRead};
use treasury_desk::stripe::account::CapabilityStatus;
use treasury_desk::stripe::treasury::{self, is_not_onboarded, not_onboarded_message};
use treasury_desk::stripe::{Client, ClientConfig};

fn client(sandbox: &Sandbox) -> Client {
    Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).expect("client")
}

/// The `Stripe-Account` of every financial-account list the sandbox served.
fn fa_lists(sandbox: &Sandbox) -> Vec<Option<String>> {
    sandbox
        .state()
        .requests()
        .into_iter()
        .filter(|r| r.path == "/v1/treasury/financial_accounts")
        .map(|r| r.stripe_account)
        .collect()
}

#[tokio::test]
async fn every_account_with_the_capability_in_any_state_is_listed_and_the_rest_are_not() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let state = sandbox.state();
    let snapshot = snapshot::load(&client(&sandbox), Default::default()).await.expect("synced");
    let asked: HashSet<Option<String>> = fa_lists(&sandbox).into_iter().collect();
    assert!(asked.contains(&None), "the platform's own list, without Stripe-Account");
    let mut seen = HashSet::new();
    for connected in &snapshot.accounts {
        let account = &connected.account;
        let capability = account.treasury_capability().cloned();
        seen.insert(capability.as_ref().map(|c| c.to_string()));
        let held = state.financial_accounts_of(&account.id);
        let listed = asked.contains(&Some(account.id.clone()));
        match capability {
            None => {
                assert!(!listed, "{} has no treasury capability: nothing to list", account.id);
                assert_eq!(connected.financial_accounts_read, FinancialAccountsRead::NoCapability);
            }
            Some(_) => {
                assert!(listed, "{} ({capability:?}) is listed", account.id);
                assert_eq!(connected.financial_accounts_read, FinancialAccountsRead::Listed);
                let ids: Vec<&str> =
                    connected.financial_accounts.iter().map(|e| e.financial_account.id.as_str()).collect();
                assert_eq!(ids.len(), held.len(), "{}: every financial account it holds", account.id);
                assert!(held.iter().all(|fa| ids.contains(&fa.id.as_str())));
            }
        }
        if capability == Some(CapabilityStatus::Inactive) {
            assert!(!held.is_empty(), "a deactivated capability leaves its financial account");
            assert!(connected.financial_accounts.iter().all(|e| !e.financial_account.restricted_features.is_empty()));
            let reason = account.treasury_restriction().unwrap_or_default();
            assert!(reason.starts_with("treasury capability inactive: requirements past due: "), "{reason}");
        }
        assert!(connected.errors.is_empty(), "{}: {:?}", account.id, connected.errors);
    }
    let states: HashSet<Option<String>> =
        [None, Some("active".into()), Some("inactive".into()), Some("pending".into())].into_iter().collect();
    assert_eq!(seen, states, "the seed covers every state");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_sandbox_answers_an_account_without_treasury_as_stripe_does() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let state = sandbox.state();
    let without = state
        .connected_account_ids()
        .into_iter()
        .find(|id| state.connected_account(id).is_some_and(|a| a.treasury_capability().is_none()))
        .expect("the seed has an account without the treasury capability");
    let listed: Result<Vec<_>, _> =
        futures_util::TryStreamExt::try_collect(treasury::list_financial_accounts(&client(&sandbox), &without)).await;
    let error = listed.expect_err("not onboarded");
    assert!(is_not_onboarded(&error), "{error}");
    let message = error.api_error().and_then(|e| e.message.clone()).unwrap_or_default();
    assert_eq!(message, not_onboarded_message("GET", "/v1/treasury/financial_accounts"));
    // Any other 404 is not that answer.
    let other = treasury::retrieve_inbound_transfer(&client(&sandbox), &state.platform_account_id(), "ibt_1Nope").await;
    assert!(other.is_err_and(|e| e.status() == Some(404) && !is_not_onboarded(&e)));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_platform_not_onboarded_to_treasury_is_noted_quietly_not_as_a_failure() {
    // Only the platform lists financial accounts here, and Stripe answers it as it answers an
    // account without Treasury (the sandbox's platform has Treasury, so the answer is injected).
    let sandbox = Sandbox::start(SandboxConfig { accounts: 0, ..SandboxConfig::default() }, 0).await.expect("sandbox");
    let body = serde_json::json!({"error": {"type": "invalid_request_error",
        "message": not_onboarded_message("GET", "/v1/treasury/financial_accounts")}})
    .to_string();
    sandbox.faults().arm(
        "GET",
        "/v1/treasury/financial_accounts",
        Fault::Respond { status: 404, content_type: "application/json", body },
        1,
    );
    let snapshot = snapshot::load(&client(&sandbox), Default::default()).await.expect("synced");
    let own = snapshot.platform_own.as_ref().expect("the platform's own money");
    assert_eq!(own.financial_accounts_read, FinancialAccountsRead::NotOnboarded);
    assert!(own.financial_accounts.is_empty());
    assert!(own.errors.is_empty(), "not a failure: {:?}", own.errors);
    assert!(own.stripe_balance.is_some(), "the rest of its money still loads");
    assert!(snapshot.attention().iter().all(|a| !matches!(a, snapshot::Attention::LoadFailed { .. })));
    sandbox.shutdown().await;
}
