//! A quick sync (F5 after a full one) keeps the transfer lists of financial accounts whose balance
//! has not moved. These tests move money every way a bank or a user can, through the same HTTP
//! calls Stripe offers, and check every list the quick sync shows against the sandbox's own state.

use std::sync::Arc;
use std::time::Duration;

use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::snapshot::{self, LoadOptions, Previous, Progress, Snapshot, Transfer, Words};
use treasury_desk::stripe::treasury::{self, Feature, InboundTransfer, InboundTransferStatus as S};
use treasury_desk::stripe::{Client, ClientConfig, Form, IdempotencyKey, RequestOptions};

async fn start() -> (Sandbox, Client) {
    // A millisecond of latency turns on the layer that counts requests (the bench's own layer).
    let config = SandboxConfig { accounts: 40, latency: Duration::from_millis(1), ..SandboxConfig::default() };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox");
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    let client = Client::new(config).expect("client");
    (sandbox, client)
}

/// Load keeping what `previous` allows; returns the snapshot, its requests, `(read, kept)` lists.
async fn sync(sandbox: &Sandbox, client: &Client, previous: &Previous) -> (Snapshot, u64, (usize, usize)) {
    let (before, _) = sandbox.traffic();
    let progress = Arc::new(Progress::default());
    let loaded = snapshot::load_with(client, progress.clone(), LoadOptions::default(), previous).await.expect("sync");
    let (after, _) = sandbox.traffic();
    (loaded, after - before, progress.transfer_lists())
}

/// Financial accounts whose transfers differ from the sandbox's, by id.
fn differing(sandbox: &Sandbox, shown: &Snapshot) -> Vec<String> {
    let state = sandbox.state();
    let words = Words::default();
    let mut stale = Vec::new();
    for connected in shown.holders() {
        let server = state.inbound_transfers_of(&connected.account.id);
        for entry in &connected.financial_accounts {
            let id = &entry.financial_account.id;
            let mut truth: Vec<Transfer> = server
                .iter()
                .filter(|t| &t.financial_account == id)
                .map(|t| Transfer::new(t.clone(), &words))
                .collect();
            let mut rows = (*entry.inbound_transfers).clone();
            truth.sort_by(|a, b| a.id.cmp(&b.id));
            rows.sort_by(|a, b| a.id.cmp(&b.id));
            if truth != rows {
                stale.push(id.clone());
            }
        }
    }
    stale
}

async fn post(client: &Client, account: &str, path: &str, form: Form) -> InboundTransfer {
    let options = RequestOptions::on_behalf_of(account).idempotency_key(IdempotencyKey::new());
    client.post(path, &form, &options).await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn helper(id: &str, verb: &str) -> String {
    format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}")
}

fn create(fa: &str, amount: i64) -> Form {
    Form::new()
        .set("amount", amount)
        .set("currency", "usd")
        .set("financial_account", fa)
        .set("origin_payment_method", "pm_usBankAccount_processing")
}

#[tokio::test]
async fn a_quick_sync_sees_every_change_and_reads_less() {
    let (sandbox, client) = start().await;
    let (full, full_requests, (read, kept)) = sync(&sandbox, &client, &Previous::none()).await;
    assert_eq!(kept, 0, "a full sync keeps nothing");
    assert!(read > 20, "the seed has financial accounts: {read}");
    assert!(differing(&sandbox, &full).is_empty());

    // A manual-review account decides every transfer waiting on it (a cancel there moves no money),
    // so the next sync sees it holding nothing that waits.
    let (review_acct, review_fa) = full
        .accounts
        .iter()
        .flat_map(|a| a.financial_accounts.iter().map(move |e| (a.account.id.clone(), e)))
        .find(|(_, e)| e.financial_account.is_open() && e.financial_account.has_manual_review())
        .map(|(a, e)| (a, e.financial_account.id.clone()))
        .expect("a manual-review account");
    for transfer in sandbox.state().inbound_transfers_of(&review_acct) {
        if transfer.financial_account == review_fa && transfer.status == S::RequiresConfirmation {
            treasury::cancel_inbound_transfer(&client, &review_acct, &transfer.id, IdempotencyKey::new())
                .await
                .expect("cancel");
        }
    }

    // Nothing else moved: only the accounts with manual review are listed again.
    let (same, requests, (read, kept)) = sync(&sandbox, &client, &Previous::of(&full)).await;
    let review =
        full.holders().flat_map(|a| &a.financial_accounts).filter(|e| e.financial_account.has_manual_review()).count();
    assert_eq!(read, review, "lists read again when nothing moved: the manual-review ones");
    assert!(kept > read, "most lists kept: {kept} kept, {read} read");
    assert!(
        requests + (kept as u64) == full_requests,
        "each kept list is one request saved: {requests} + {kept} vs {full_requests}"
    );
    assert!(differing(&sandbox, &same).is_empty());

    // Now money moves, every way it can, on accounts without manual review.
    let plain: Vec<_> = full
        .accounts
        .iter()
        .flat_map(|a| a.financial_accounts.iter().map(move |e| (a.account.id.clone(), e)))
        .filter(|(_, e)| {
            let fa = &e.financial_account;
            fa.is_open() && !fa.has_manual_review() && fa.active_features.contains(&Feature::InboundTransfersAch)
        })
        .collect();
    let with = |status: S, returned: bool| {
        plain.iter().find_map(|(acct, e)| {
            let t = e.inbound_transfers.iter().find(|t| t.status == status && t.returned == returned)?;
            Some((acct.clone(), e.financial_account.id.clone(), t.id.to_string()))
        })
    };
    let mut touched: Vec<String> = Vec::new();
    let (acct, fa, id) = with(S::Processing, false).expect("a processing transfer");
    post(&client, &acct, &helper(&id, "succeed"), Form::new()).await;
    touched.push(fa);
    let (acct, fa, id) = with(S::Succeeded, false).expect("a settled transfer");
    post(&client, &acct, &helper(&id, "return"), Form::new()).await;
    touched.push(fa);
    let (acct, fa, _) =
        plain.iter().map(|(a, e)| (a.clone(), e.financial_account.id.clone(), ())).next_back().expect("an FA");
    post(&client, &acct, "/v1/treasury/inbound_transfers", create(&fa, 4_321)).await;
    touched.push(fa);
    // Cancel a processing transfer where one is cancelable.
    let cancelable = plain.iter().find_map(|(acct, e)| {
        let t = e.inbound_transfers.iter().find(|t| t.status == S::Processing && t.cancelable)?;
        Some((acct.clone(), e.financial_account.id.clone(), t.id.to_string()))
    });
    if let Some((acct, fa, id)) = cancelable {
        treasury::cancel_inbound_transfer(&client, &acct, &id, IdempotencyKey::new()).await.expect("cancel");
        touched.push(fa);
    }

    // And on the account with manual review, now with nothing waiting: a new transfer waits
    // without moving any money.
    let waiting = post(&client, &review_acct, "/v1/treasury/inbound_transfers", create(&review_fa, 777)).await;
    assert_eq!(waiting.status, S::RequiresConfirmation);

    let (quick, _, _) = sync(&sandbox, &client, &Previous::of(&same)).await;
    assert_eq!(differing(&sandbox, &quick), Vec::<String>::new(), "every list matches the server");
    let shown = |fa: &str| {
        quick.accounts.iter().flat_map(|a| &a.financial_accounts).find(|e| e.financial_account.id == fa).cloned()
    };
    assert!(shown(&review_fa).expect("shown").inbound_transfers.iter().any(|t| *t.id == *waiting.id));
    let (_, _, (read, _)) = sync(&sandbox, &client, &Previous::of(&quick)).await;
    assert_eq!(read, review, "the moved lists were current again after the quick sync; {touched:?} are kept now");
}

#[tokio::test]
async fn a_list_that_failed_is_read_again_not_kept_empty() {
    let (sandbox, client) = start().await;
    sandbox.faults().arm(
        "GET",
        "/v1/treasury/inbound_transfers",
        Fault::Respond {
            status: 400,
            content_type: "application/json",
            body: r#"{"error":{"type":"invalid_request_error","message":"made to fail"}}"#.to_owned(),
        },
        1,
    );
    let (full, _, _) = sync(&sandbox, &client, &Previous::none()).await;
    let failed: Vec<_> = full
        .holders()
        .flat_map(|a| &a.financial_accounts)
        .filter(|e| e.transfers_read_at.is_none())
        .map(|e| e.financial_account.id.clone())
        .collect();
    assert_eq!(failed.len(), 1, "one list failed");
    assert!(full.holders().any(|a| a.errors.iter().any(|e| e.contains(&failed[0]))), "and it says so");

    let (quick, _, _) = sync(&sandbox, &client, &Previous::of(&full)).await;
    let entry = quick.holders().flat_map(|a| &a.financial_accounts).find(|e| e.financial_account.id == failed[0]);
    assert!(entry.expect("still there").transfers_read_at.is_some(), "read again");
    assert!(quick.holders().all(|a| a.errors.is_empty()));
    assert!(differing(&sandbox, &quick).is_empty());
}
