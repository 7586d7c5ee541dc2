//! End to end in a real browser: the relink flow opens the loopback page in headless Chromium,
//! which loads the sandbox's Stripe.js stand-in; the test clicks "Sign in and relink" over CDP.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use treasury_desk::relink::{self, PageSettings, RelinkMode, RelinkOutcome, RelinkSettings};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::financial_connections::{self as fc, AccountStatus};
use treasury_desk::stripe::{Client, ClientConfig, IdempotencyKey};

const CHROMIUM: &str = "chromium";

/// Fail loudly (never skip) when Debian's chromium is missing.
fn require_chromium() {
    let version = Command::new(CHROMIUM).arg("--version").output();
    match version {
        Ok(out) if out.status.success() => {}
        other => panic!(
            "this test needs Debian's `chromium` on PATH (scripts/setup --test installs it; \
             or `apt-get install -y chromium`): {other:?}"
        ),
    }
}

/// Starts Chromium on the URL it is given, with its own profile and a DevTools port.
struct HeadlessChromium {
    profile: PathBuf,
    child: Mutex<Option<Child>>,
}

impl HeadlessChromium {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let profile = std::env::temp_dir().join(format!("treasury-desk-relink-{}-{nanos}", std::process::id()));
        Self { profile, child: Mutex::new(None) }
    }

    fn launch(&self, url: &str) -> Result<(), String> {
        std::fs::create_dir_all(&self.profile).map_err(|e| e.to_string())?;
        let child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", self.profile.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start chromium: {e}"))?;
        *self.child.lock().map_err(|e| e.to_string())? = Some(child);
        Ok(())
    }

    /// The DevTools port Chromium picked (it writes it into the profile).
    async fn devtools_port(&self) -> u16 {
        let file = self.profile.join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Some(port) = std::fs::read_to_string(&file).ok().and_then(|t| t.lines().next()?.trim().parse().ok())
            {
                return port;
            }
            assert!(Instant::now() < deadline, "chromium never opened its DevTools port");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for HeadlessChromium {
    fn drop(&mut self) {
        if let Ok(mut guard) = self.child.lock()
            && let Some(mut child) = guard.take()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A DevTools session on one page.
struct Cdp {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    next_id: u64,
}

impl Cdp {
    /// Attach to the page whose URL starts with `prefix`.
    async fn attach(port: u16, prefix: &str) -> Self {
        treasury_desk::stripe::install_tls();
        let deadline = Instant::now() + Duration::from_secs(90);
        let ws = loop {
            let list: Value = match reqwest::get(format!("http://127.0.0.1:{port}/json/list")).await {
                Ok(answer) => answer.json().await.unwrap_or(Value::Null),
                Err(_) => Value::Null,
            };
            let found = list
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(prefix)));
            if let Some(ws) = found.and_then(|t| t["webSocketDebuggerUrl"].as_str()) {
                break ws.to_owned();
            }
            assert!(Instant::now() < deadline, "the relink page never showed up in chromium: {list}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let (socket, _) = tokio_tungstenite::connect_async(ws.as_str()).await.expect("DevTools websocket");
        Self { socket, next_id: 1 }
    }

    /// `Runtime.evaluate` of `expression`, by value.
    async fn eval(&mut self, expression: &str) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let request = json!({"id": id, "method": "Runtime.evaluate",
            "params": {"expression": expression, "returnByValue": true, "awaitPromise": true}});
        self.socket.send(Message::text(request.to_string())).await.expect("CDP send");
        while let Some(message) = self.socket.next().await {
            let Ok(Message::Text(text)) = message else { continue };
            let answer: Value = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
            if answer["id"] == id {
                return answer["result"]["result"]["value"].clone();
            }
        }
        panic!("the DevTools connection closed");
    }

    /// Evaluate `expression` until it returns a string starting with `want` (90 s at most: a bound
    /// for a hang, not a margin).
    async fn until(&mut self, expression: &str, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let value = self.eval(expression).await;
            let text = value.as_str().unwrap_or_default().to_owned();
            if text.starts_with(want) {
                return text;
            }
            assert!(Instant::now() < deadline, "waited for {want:?} from {expression}; last: {value}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

const CLICK_RELINK: &str = "(() => { const b = document.getElementById('sandbox-bank-relink'); \
    if (!b) return 'waiting: ' + document.getElementById('status')?.textContent; b.click(); return 'clicked'; })()";
const CLOSE_TEXT: &str = "document.getElementById('close')?.textContent || ''";
const STATUS_TEXT: &str = "document.getElementById('status')?.textContent || ''";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Debian's chromium: run through scripts/test"]
async fn headless_chromium_relinks_an_inactive_account_through_the_loopback_page() {
    require_chromium();
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox starts");
    let client = Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).expect("client");
    let accounts = sandbox.state().all_fc_accounts();
    let account: fc::Account = accounts
        .iter()
        .find(|a| a.relink_required() && accounts.iter().filter(|b| b.authorization == a.authorization).count() >= 2)
        .cloned()
        .expect("a relink_required account sharing its authorization");
    assert_eq!(account.status, AccountStatus::Inactive);

    let chromium = Arc::new(HeadlessChromium::new());
    let (sender, mut opened) = tokio::sync::mpsc::unbounded_channel::<String>();
    let browser = chromium.clone();
    let launcher = move |url: &str| {
        browser.launch(url)?;
        sender.send(url.to_owned()).map_err(|e| e.to_string())
    };
    let settings = RelinkSettings::new(sandbox.publishable_key(), PageSettings::sandbox(&sandbox.base_url()));

    let driver = {
        let chromium = chromium.clone();
        async move {
            let url = opened.recv().await.expect("the flow opened a page");
            let port = chromium.devtools_port().await;
            let mut page = Cdp::attach(port, &url).await;
            assert_eq!(page.until(CLICK_RELINK, "clicked").await, "clicked");
            let closing = page.until(CLOSE_TEXT, "treasury-desk has the result").await;
            assert!(closing.contains("You can close this tab"), "{closing}");
            page.eval(STATUS_TEXT).await.as_str().unwrap_or_default().to_owned()
        }
    };
    let flow =
        relink::relink(&client, &account.id, RelinkMode::ExactAccount, &settings, &launcher, IdempotencyKey::new());
    let (report, status) = tokio::join!(flow, driver);
    let report = report.expect("the flow ran");

    assert!(status.contains("relinked"), "the page told the user: {status}");
    assert_eq!(report.outcome, RelinkOutcome::Relinked { requested: account.id.clone(), account: account.id.clone() });
    assert!(report.outcome.describe().contains("active again"));
    assert!(report.account_active());
    assert_eq!(sandbox.state().fc_account(&account.id).map(|a| a.status), Some(AccountStatus::Active));
    assert!(
        report.related.iter().all(|a| a.status == AccountStatus::Active),
        "accounts on the same authorization came back too: {:?}",
        report.related.iter().map(|a| (&a.id, &a.status)).collect::<Vec<_>>()
    );
    assert!(!report.related.is_empty());

    // The page is `no-store`: the browser's profile holds no copy of the client secret.
    let secret = sandbox.state().fc_session(&report.session_id).and_then(|s| s.client_secret).expect("secret");
    let copies = files_containing(&chromium.profile, secret.expose().as_bytes());
    assert!(copies.is_empty(), "the browser profile holds the client secret in {copies:?}");
    sandbox.shutdown().await;
}

fn files_containing(dir: &std::path::Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle)) {
            found.push(path);
        }
    }
    found
}
