//! One whole session at TRACE level, with a realistic secret key: sync, confirm, cancel,
//! refresh, and a complete relink (its `client_secret` known). Then every log line, every file
//! written, every URL requested and the debug form of every result is searched for the key and
//! the client secret: zero hits.

use std::sync::{Arc, Mutex};

#[path = "support/sandbox_bank.rs"]
mod sandbox_bank;
#[path = "support/trace.rs"]
mod trace;

use treasury_desk::actions::{AuditLog, Executor, Kind, Request, Source};
use treasury_desk::relink::{PageSettings, RelinkMode, RelinkSettings};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::financial_connections::RefreshAvailability;
use treasury_desk::stripe::treasury::InboundTransferStatus;
use treasury_desk::stripe::{Client, ClientConfig, Mode};

const KEY: &str = "sk_test_51ScanSessionAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIj";

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().flat_map(|e| if e.path().is_dir() { files_under(&e.path()) } else { vec![e.path()] }).collect()
}

#[tokio::test]
async fn a_whole_session_leaks_neither_the_key_nor_the_client_secret() {
    let (captured, _guard) = trace::capture();
    let sandbox = Sandbox::start(SandboxConfig { api_key: Secret::new(KEY), ..SandboxConfig::default() }, 0)
        .await
        .expect("sandbox");
    let client = Client::new(ClientConfig::new(sandbox.base_url(), Secret::new(KEY))).expect("client");
    let data = std::env::temp_dir().join(format!("treasury-desk-scan-{}", std::process::id()));
    let audit = AuditLog::at(data.join("audit.jsonl"));
    let mut results = Vec::new();

    // Sync.
    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    results.push(format!("{snapshot:?}"));

    // Confirm, cancel, refresh and a complete relink, through the action layer (audited), the
    // relink completed through the Stripe.js stand-in as a browser would.
    let state = sandbox.state();
    let platform = snapshot.platform.id.clone();
    let waiting: Vec<_> = state
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| t.status == InboundTransferStatus::RequiresConfirmation)
        .collect();
    let (first, second) = (&waiting[0], &waiting[waiting.len() - 1]);
    let now = jiff::Timestamp::now().as_second();
    let refreshable = state
        .all_fc_accounts()
        .into_iter()
        .find(|a| a.refresh_availability(now) == RefreshAvailability::Now)
        .expect("refreshable");
    let inactive = state.all_fc_accounts().into_iter().find(|a| a.relink_required()).expect("relinkable");
    let settings = RelinkSettings::new(sandbox.publishable_key(), PageSettings::sandbox(&sandbox.base_url()));
    let opened = Arc::new(Mutex::new(Vec::<String>::new()));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let launcher_opened = opened.clone();
    let launcher = move |url: &str| {
        launcher_opened.lock().expect("lock").push(url.to_owned());
        tx.send(url.to_owned()).map_err(|e| e.to_string())
    };
    let executor = Executor::new(client.clone(), Some(audit.clone())).with_relink(Some(settings), Arc::new(launcher));
    let request = |kind, object: &str, owner: Option<String>| {
        Request::new(kind, object, owner, Source::Stripe(Mode::Test), platform.clone(), None)
    };
    for (transfer, kind) in [(first, Kind::Confirm { hold: true }), (second, Kind::Cancel)] {
        let owner = state.owner_of(&transfer.id).expect("owner");
        let finished = executor.execute(request(kind, &transfer.id, Some(owner))).await;
        assert_eq!(finished.outcome.verdict(), treasury_desk::actions::Verdict::Done, "{finished:?}");
        results.push(format!("{finished:?}"));
    }
    results.push(format!("{:?}", executor.execute(request(Kind::Refresh, &refreshable.id, None)).await));
    let bank = sandbox_bank::SandboxBank::of(&sandbox);
    let browser = async move {
        let url = rx.recv().await.expect("a page");
        bank.sign_in_and_relink(&url).await
    };
    let (relinked, client_secret) =
        tokio::join!(executor.execute(request(Kind::Relink(RelinkMode::ExactAccount), &inactive.id, None)), browser);
    assert_eq!(relinked.outcome.verdict(), treasury_desk::actions::Verdict::Done, "{relinked:?}");
    results.push(format!("{relinked:?}"));
    results.push(format!("{executor:?}"));
    sandbox.shutdown().await;
    let recorded = audit.read().expect("the trail").actions;
    assert_eq!(recorded.len(), 4, "every action is in the trail");

    // The search.
    let needles = [&KEY[8..], client_secret.split("_secret_").nth(1).unwrap_or("unreachable")];
    let log = captured.text();
    assert!(log.contains("Stripe request") && log.contains("relink"), "the capture saw the session");
    assert!(files_under(&data).iter().any(|p| p.ends_with("audit.jsonl")), "the trail was written and is searched");
    let mut haystacks: Vec<(String, String)> = vec![("TRACE log".into(), log)];
    haystacks.extend(results.into_iter().map(|r| ("a result's Debug".to_owned(), r)));
    for path in files_under(&data) {
        haystacks.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap_or_default()));
    }
    for record in state.requests() {
        haystacks.push(("a requested URL".into(), format!("{} {}", record.path, record.query.unwrap_or_default())));
    }
    for url in opened.lock().expect("lock").iter() {
        haystacks.push(("an opened URL".into(), url.clone()));
    }
    for source in [Source::Sandbox, Source::Stripe(Mode::Test), Source::Stripe(Mode::Live)] {
        haystacks.push(("a window title".into(), source.window_title().to_owned()));
    }
    assert!(haystacks.len() > 10);
    for (place, text) in &haystacks {
        for needle in needles {
            assert!(!text.contains(needle), "a secret in {place}");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
}
