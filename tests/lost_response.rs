//! A money action whose response is lost after the sandbox committed it: the retry carries the
//! same idempotency key, so the sandbox replays its first answer and the transfer moves once.

use std::time::Duration;

use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::treasury::{self, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Error, IdempotencyKey};

fn client(sandbox: &Sandbox, retries: u32) -> Client {
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = retries;
    config.backoff.initial = Duration::from_millis(5);
    Client::new(config).expect("client")
}

/// `(account, transfer)` of every transfer awaiting confirmation in the seed.
fn awaiting(sandbox: &Sandbox) -> Vec<(String, String)> {
    let state = sandbox.state();
    state
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| t.status == InboundTransferStatus::RequiresConfirmation)
        .filter_map(|t| state.owner_of(&t.id).map(|owner| (owner, t.id)))
        .collect()
}

fn moves_of(sandbox: &Sandbox, transfer_id: &str) -> usize {
    sandbox.state().transitions().iter().filter(|t| t.transfer == transfer_id).count()
}

#[tokio::test]
async fn the_client_retry_after_a_lost_confirm_moves_the_transfer_once() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let (account, transfer) = awaiting(&sandbox).into_iter().next().expect("a transfer awaiting confirmation");
    sandbox.faults().arm("POST", &format!("{transfer}/confirm"), Fault::LoseResponseAfterCommit, 1);
    let confirmed =
        treasury::confirm_inbound_transfer(&client(&sandbox, 2), &account, &transfer, None, IdempotencyKey::new())
            .await
            .expect("the retry gets the replayed answer");
    assert_eq!(confirmed.status, InboundTransferStatus::Processing);
    assert_eq!(moves_of(&sandbox, &transfer), 1, "exactly one transition");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_user_retry_with_the_same_key_after_an_unknown_outcome_moves_it_once() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    let (account, transfer) = awaiting(&sandbox).into_iter().next().expect("a transfer awaiting confirmation");
    let no_retries = client(&sandbox, 0);
    let key = IdempotencyKey::new();
    sandbox.faults().arm("POST", &format!("{transfer}/cancel"), Fault::LoseResponseAfterCommit, 1);
    let error = treasury::cancel_inbound_transfer(&no_retries, &account, &transfer, key.clone())
        .await
        .expect_err("the answer was lost");
    assert!(matches!(error, Error::Transport { .. }), "an unknown outcome, not a refusal: {error:?}");
    assert_eq!(moves_of(&sandbox, &transfer), 1, "the cancel did happen");
    // The user tries again: same action, same key (as the app keeps it after an unknown outcome).
    let canceled = treasury::cancel_inbound_transfer(&no_retries, &account, &transfer, key).await.expect("replayed");
    assert_eq!(canceled.status, InboundTransferStatus::Canceled);
    assert_eq!(moves_of(&sandbox, &transfer), 1, "still exactly one transition");
    // A new key would be a new action, and the sandbox refuses it as Stripe would.
    let again = treasury::cancel_inbound_transfer(&no_retries, &account, &transfer, IdempotencyKey::new()).await;
    assert_eq!(again.expect_err("already canceled").status(), Some(400));
    assert_eq!(moves_of(&sandbox, &transfer), 1);
    sandbox.shutdown().await;
}
