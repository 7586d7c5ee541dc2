//! A soak on loopback: the sandbox, as its own process, serves the app's sync in a loop while a
//! second client hammers money actions (create, confirm, cancel, succeed, fail, return, refresh,
//! idempotent replays). Then: no 5xx and no failed request of any other kind, no panic, the RSS
//! of both processes flat, and every inbound transfer's state machine and every financial
//! account's balance consistent with what the transfers did.
//!
//! The suite runs it for 10 s. For a real soak, minutes:
//! `TREASURY_DESK_SOAK_SECS=180 cargo test --test soak -- --nocapture` (it prints a bench line).

#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use treasury_desk::snapshot::{self, LoadOptions, Previous, Snapshot};
use treasury_desk::stripe::treasury::{self, Feature, InboundTransfer, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, IdempotencyKey, RequestOptions, account};

const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");
/// New inbound transfers per second, at most: the data set grows, but slowly, so a leak shows
/// above its growth.
const CREATIONS_PER_SECOND: u64 = 10;
/// Hammering tasks.
const WORKERS: u64 = 4;
/// How much either process may grow from the middle third of the run to the last third.
const RSS_ALLOWANCE_KB: u64 = 24 * 1024;

struct SandboxProcess {
    child: Child,
    base: String,
    /// Its log, read as it comes (a full pipe would stall it).
    log: Option<std::thread::JoinHandle<String>>,
}

impl SandboxProcess {
    /// No demo timers: only the hammering moves money, so the balances before and after can be
    /// checked against the transfers exactly.
    fn start() -> Self {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--port", "0"])
            .env_remove("STRIPE_API_KEY")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sandbox starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).expect("first line");
        let base = first.trim().strip_prefix("listening on ").expect("the listening line").to_owned();
        let mut stderr = child.stderr.take().expect("stderr");
        let log = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Self { child, base, log: Some(log) }
    }

    fn rss_kb(&self) -> u64 {
        rss_kb(&format!("/proc/{}/status", self.child.id()))
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rss_kb(status: &str) -> u64 {
    std::fs::read_to_string(status)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn client(base: &str) -> Client {
    let mut config = ClientConfig::new(base, treasury_desk::secret::Secret::new("sk_test_sandbox"));
    // No retries: every 5xx, reset or unreadable answer is seen, not hidden by a retry.
    config.max_retries = 0;
    config.timeout = Duration::from_secs(60);
    Client::new(config).expect("client")
}

/// What the hammering and the syncs got back.
#[derive(Default)]
struct Tally {
    ok: AtomicUsize,
    refused: AtomicUsize,
    broken: std::sync::Mutex<Vec<String>>,
}

impl Tally {
    fn broke(&self, what: String) {
        if let Ok(mut broken) = self.broken.lock() {
            broken.push(what);
        }
    }

    fn note<T>(&self, what: &str, result: &Result<T, Error>) {
        match result {
            Ok(_) => {
                self.ok.fetch_add(1, Ordering::Relaxed);
            }
            // Stripe's refusals (an illegal transition, a refresh in its cool-down) are the point.
            Err(e) if e.status().is_some_and(|s| (400..500).contains(&s)) && e.api_error().is_some() => {
                self.refused.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => self.broke(format!("{what}: {e}")),
        }
    }
}

/// `(owner, financial account id, manual review, takes new transfers)` of every open one.
fn financial_accounts(snapshot: &Snapshot) -> Vec<(String, String, bool, bool)> {
    snapshot
        .holders()
        .flat_map(|h| h.financial_accounts.iter().map(move |e| (h.account.id.clone(), &e.financial_account)))
        .filter(|(_, fa)| fa.is_open())
        .map(|(owner, fa)| {
            let takes = fa.active_features.contains(&Feature::InboundTransfersAch);
            (owner, fa.id.clone(), fa.has_manual_review(), takes)
        })
        .collect()
}

/// What every hammering task shares.
#[derive(Clone)]
struct Hammer {
    client: Client,
    fas: Arc<Vec<(String, String, bool, bool)>>,
    linked: Arc<Vec<String>>,
    tally: Arc<Tally>,
    created: Arc<AtomicU64>,
    started: Instant,
    until: Instant,
}

async fn hammer(hammer: Hammer, worker: u64) {
    let Hammer { client, fas, linked, tally, created, started, until } = hammer;
    let mut rng = ChaCha8Rng::seed_from_u64(worker);
    let helper = |id: &str, verb: &str| format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}");
    while Instant::now() < until {
        let Some((owner, fa, _review, takes)) = fas.get(rng.random_range(0..fas.len().max(1))).cloned() else {
            return;
        };
        let on = RequestOptions::on_behalf_of(&owner);
        let budget = started.elapsed().as_secs() * CREATIONS_PER_SECOND + CREATIONS_PER_SECOND;
        let may_create =
            || created.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| (n < budget).then_some(n + 1));
        if takes && rng.random_bool(0.3) && may_create().is_ok() {
            let form = Form::new()
                .set("amount", rng.random_range(100..500_000))
                .set("currency", "usd")
                .set("financial_account", &fa)
                .set("origin_payment_method", "pm_1SoakBankAccount00000000");
            let key = IdempotencyKey::new();
            let first: Result<InboundTransfer, _> =
                client.post("/v1/treasury/inbound_transfers", &form, &on.clone().idempotency_key(key.clone())).await;
            tally.note("create", &first);
            // Now and then the same request again: the first answer, nothing new.
            if rng.random_bool(0.2) {
                let again: Result<InboundTransfer, _> =
                    client.post("/v1/treasury/inbound_transfers", &form, &on.clone().idempotency_key(key)).await;
                tally.note("replayed create", &again);
                if let (Ok(a), Ok(b)) = (&first, &again)
                    && a.id != b.id
                {
                    tally.broke(format!("a replay made {} after {}", b.id, a.id));
                }
            }
            continue;
        }
        if rng.random_bool(0.1)
            && let Some(id) = linked.get(rng.random_range(0..linked.len().max(1)))
        {
            let refreshed =
                treasury_desk::stripe::financial_connections::refresh_balance(&client, id, IdempotencyKey::new()).await;
            tally.note("refresh", &refreshed);
            continue;
        }
        let listed: Result<Vec<InboundTransfer>, _> =
            treasury::list_inbound_transfers(&client, &owner, &fa, None).try_collect().await;
        tally.note("list", &listed);
        let Ok(transfers) = listed else { continue };
        let Some(transfer) = transfers.get(rng.random_range(0..transfers.len().max(1))) else { continue };
        let id = transfer.id.as_str();
        let key = IdempotencyKey::new();
        let acted: Result<InboundTransfer, Error> = match (&transfer.status, rng.random_range(0..4)) {
            (InboundTransferStatus::RequiresConfirmation, 0..=1) => {
                treasury::confirm_inbound_transfer(&client, &owner, id, None, key).await.map(|t| t.value)
            }
            (InboundTransferStatus::RequiresConfirmation | InboundTransferStatus::Processing, 2) => {
                treasury::cancel_inbound_transfer(&client, &owner, id, key).await.map(|t| t.value)
            }
            (InboundTransferStatus::Processing, 0) => {
                let form = Form::new().set("failure_details[code]", "account_closed");
                client.post(&helper(id, "fail"), &form, &on.clone().idempotency_key(key)).await
            }
            (InboundTransferStatus::Processing, _) => {
                client.post(&helper(id, "succeed"), &Form::new(), &on.clone().idempotency_key(key)).await
            }
            (InboundTransferStatus::Succeeded, 0) => {
                client.post(&helper(id, "return"), &Form::new(), &on.clone().idempotency_key(key)).await
            }
            _ => treasury::retrieve_inbound_transfer(&client, &owner, id).await,
        };
        tally.note("action", &acted);
    }
}

/// Every transfer of every financial account, by id, as the API lists it.
async fn all_transfers(client: &Client, fas: &[(String, String)]) -> HashMap<String, (String, InboundTransfer)> {
    let mut all = HashMap::new();
    for (owner, fa) in fas {
        let listed: Vec<InboundTransfer> =
            treasury::list_inbound_transfers(client, owner, fa, None).try_collect().await.expect("listed");
        for transfer in listed {
            all.insert(transfer.id.clone(), (fa.clone(), transfer));
        }
    }
    all
}

/// What a transfer has put in its financial account's cash.
fn in_cash(t: &InboundTransfer) -> i64 {
    if t.status == InboundTransferStatus::Succeeded && t.returned != Some(true) { t.amount } else { 0 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_and_the_app_hold_up_under_a_sync_loop_and_hammered_actions() {
    let seconds: u64 = std::env::var("TREASURY_DESK_SOAK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut sandbox = SandboxProcess::start();
    let app = client(&sandbox.base);
    let first = snapshot::load(&app, Default::default()).await.expect("the first sync");
    let every_fa: Vec<(String, String)> = first
        .holders()
        .flat_map(|h| h.financial_accounts.iter().map(move |e| (h.account.id.clone(), e.financial_account.id.clone())))
        .collect();
    let before = all_transfers(&app, &every_fa).await;
    let cash_before: HashMap<String, i64> = first
        .holders()
        .flat_map(|h| &h.financial_accounts)
        .map(|e| (e.financial_account.id.clone(), e.financial_account.balance.cash.get("usd").copied().unwrap_or(0)))
        .collect();

    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let hammering = client(&sandbox.base);
    account::retrieve_platform(&hammering).await.expect("the hammer's platform");
    let fas = Arc::new(financial_accounts(&first));
    let linked: Arc<Vec<String>> =
        Arc::new(first.accounts.iter().flat_map(|a| a.linked_accounts.iter().map(|l| l.id.clone())).collect());
    let shared = Hammer {
        client: hammering,
        fas,
        linked,
        tally: tally.clone(),
        created: Arc::new(AtomicU64::new(0)),
        started,
        until,
    };
    let workers: Vec<_> = (0..WORKERS).map(|worker| tokio::spawn(hammer(shared.clone(), worker))).collect();

    // The app's sync in a loop: quick syncs, a full one every fifth; RSS sampled between syncs.
    let (mut samples_app, mut samples_sandbox) = (Vec::new(), Vec::new());
    let mut last = first;
    let mut syncs = 0usize;
    while Instant::now() < until {
        let previous = if syncs % 5 == 4 { Previous::none() } else { Previous::of(&last) };
        let synced = snapshot::load_with(&app, Default::default(), LoadOptions::default(), &previous).await;
        tally.note("sync", &synced);
        if let Ok(snapshot) = synced {
            for holder in snapshot.holders() {
                for error in &holder.errors {
                    tally.broke(format!("sync, {}: {error}", holder.account.id));
                }
            }
            last = snapshot;
        }
        syncs += 1;
        samples_app.push(rss_kb("/proc/self/status"));
        samples_sandbox.push(sandbox.rss_kb());
    }
    for worker in workers {
        worker.await.expect("no hammering task panicked");
    }

    // No panic: the sandbox still runs, still answers, and logged none.
    assert!(sandbox.child.try_wait().expect("status").is_none(), "the sandbox process died");
    account::retrieve_platform(&app).await.expect("the sandbox still answers");
    let broken = tally.broken.lock().map(|b| b.clone()).unwrap_or_default();
    assert!(
        broken.is_empty(),
        "{} requests failed without a Stripe refusal: {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );

    // Every state machine consistent: transfers moved only along legal edges, nothing vanished,
    // and each financial account holds exactly what its transfers put there.
    let after = all_transfers(&app, &every_fa).await;
    assert!(before.keys().all(|id| after.contains_key(id)), "a transfer vanished");
    let mut cash_moved: HashMap<&str, i64> = HashMap::new();
    let mut pending: HashMap<&str, i64> = HashMap::new();
    for (id, (fa, now)) in &after {
        let then = before.get(id).map(|(_, t)| t);
        use InboundTransferStatus as S;
        let legal = match (then.map(|t| &t.status), &now.status) {
            (None, _) => true,
            (Some(a), b) if a == b => true,
            (Some(S::RequiresConfirmation), _) | (Some(S::Processing), _) => true,
            _ => false,
        };
        assert!(legal, "{id}: {:?} → {}", then.map(|t| t.status.to_string()), now.status);
        assert!(now.returned != Some(true) || now.status == S::Succeeded, "{id}: returned while {}", now.status);
        assert!(!(then.is_some_and(|t| t.returned == Some(true)) && now.returned != Some(true)), "{id}: un-returned");
        *cash_moved.entry(fa.as_str()).or_default() += in_cash(now) - then.map_or(0, in_cash);
        if now.status == S::Processing {
            *pending.entry(fa.as_str()).or_default() += now.amount;
        }
    }
    let last = snapshot::load(&app, Default::default()).await.expect("the last sync");
    for entry in last.holders().flat_map(|h| &h.financial_accounts) {
        let fa = &entry.financial_account;
        let usd = |map: &treasury_desk::stripe::common::Amounts| map.get("usd").copied().unwrap_or(0);
        let expected_cash =
            cash_before.get(&fa.id).copied().unwrap_or(0) + cash_moved.get(fa.id.as_str()).copied().unwrap_or(0);
        assert_eq!(usd(&fa.balance.cash), expected_cash, "{}: cash against its transfers", fa.id);
        assert_eq!(
            usd(&fa.balance.inbound_pending),
            pending.get(fa.id.as_str()).copied().unwrap_or(0),
            "{}: inbound pending",
            fa.id
        );
    }

    // RSS flat: the last third of the run grows no more than the allowance over the middle third.
    let third = |samples: &[u64], n: usize| {
        let len = samples.len();
        samples[len * n / 3..len * (n + 1) / 3].iter().copied().max().unwrap_or(0)
    };
    let report = |name: &str, samples: &[u64]| {
        let (middle, end) = (third(samples, 1), third(samples, 2));
        println!("soak {name:<8} RSS middle third {} MB, last third {} MB", middle / 1024, end / 1024);
        (middle, end)
    };
    assert!(samples_app.len() >= 3, "too few syncs to judge: {}", samples_app.len());
    let (app_middle, app_end) = report("app", &samples_app);
    let (sandbox_middle, sandbox_end) = report("sandbox", &samples_sandbox);
    println!(
        "soak     {seconds} s: {syncs} syncs, {} actions done, {} refused as Stripe would, {} transfers created, 0 failed",
        tally.ok.load(Ordering::Relaxed),
        tally.refused.load(Ordering::Relaxed),
        after.len() - before.len(),
    );
    assert!(app_end <= app_middle + RSS_ALLOWANCE_KB, "the app grew {app_middle} → {app_end} kB");
    assert!(sandbox_end <= sandbox_middle + RSS_ALLOWANCE_KB, "the sandbox grew {sandbox_middle} → {sandbox_end} kB");

    // Its log holds no panic.
    let _ = sandbox.child.kill();
    let _ = sandbox.child.wait();
    let log = sandbox.log.take().and_then(|log| log.join().ok()).unwrap_or_default();
    assert!(!log.contains("panicked"), "{log}");
}
