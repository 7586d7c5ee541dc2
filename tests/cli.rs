//! The `treasury-desk` binary as a user runs it: `export`, `sandbox`, and the one-line errors
//! for a bad key, a wrong API base and a server that answers HTML.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");
/// A well-formed key the sandbox does not accept.
const WRONG_KEY: &str = "sk_test_51WrongKeyAbCdEfGhIjKlMn0123456789";

fn treasury_desk(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("STRIPE_API_KEY").env_remove("STRIPE_API_BASE").stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("runs")
}

/// The error line of a failed run: exactly one line on stderr, exit code non-zero.
fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success(), "should fail; stdout: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "one line, got: {stderr}");
    assert!(stderr.starts_with("treasury-desk: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

struct SandboxProcess {
    child: Child,
    base: String,
}

impl SandboxProcess {
    fn start(extra: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--port", "0"])
            .args(extra)
            .env_remove("STRIPE_API_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("sandbox starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).expect("first line");
        let base =
            first.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("first line was {first:?}")).to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Self { child, base }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn export_demo_json_prints_the_seeded_snapshot() {
    let output = treasury_desk(&["export", "--demo", "--format", "json"], &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let snapshot: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let accounts = snapshot["accounts"].as_array().expect("accounts");
    assert!(accounts.len() >= 20, "seeded sandbox has ~25 accounts, got {}", accounts.len());
    assert_eq!(snapshot["mode"], "test");
    let fas: Vec<&serde_json::Value> =
        accounts.iter().flat_map(|a| a["financial_accounts"].as_array().into_iter().flatten()).collect();
    assert!(!fas.is_empty(), "some accounts have financial accounts");
    assert!(fas.iter().all(|e| e["financial_account"]["balance"]["cash"].is_object()));
    let transfers = fas.iter().flat_map(|e| e["inbound_transfers"].as_array().into_iter().flatten()).count();
    assert!(transfers > 0, "some inbound transfers");
    let linked = accounts.iter().flat_map(|a| a["linked_accounts"].as_array().into_iter().flatten()).count();
    assert!(linked > 0, "some linked bank accounts");
}

#[test]
fn export_demo_csv_loads_as_a_table_whose_amounts_match_the_json() {
    let json = treasury_desk(&["export", "--demo", "--format", "json"], &[]);
    let csv = treasury_desk(&["export", "--demo", "--format", "csv"], &[]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(header, treasury_desk::export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("every row parses");
    // The cash total over financial-account rows equals the JSON's, currency by currency.
    let mut csv_cash = std::collections::BTreeMap::<String, i64>::new();
    for row in rows.iter().filter(|r| &r[0] == "financial_account" && &r[8] == "cash") {
        *csv_cash.entry(row[9].to_owned()).or_default() += row[11].parse::<i64>().expect("minor units are integers");
    }
    let snapshot: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let mut json_cash = std::collections::BTreeMap::<String, i64>::new();
    // Every holder: the platform's own money and every connected account.
    let own = snapshot["platform_own"].clone();
    assert!(own.is_object(), "the platform's own money is in the export");
    for account in std::iter::once(&own).chain(snapshot["accounts"].as_array().expect("accounts")) {
        for entry in account["financial_accounts"].as_array().expect("fas") {
            for (currency, amount) in entry["financial_account"]["balance"]["cash"].as_object().expect("cash") {
                *json_cash.entry(currency.clone()).or_default() += amount.as_i64().expect("integer");
            }
        }
    }
    assert!(!json_cash.is_empty());
    assert_eq!(csv_cash, json_cash);
    // Amounts are plain decimals a spreadsheet reads (2 decimals for USD).
    let usd = rows.iter().find(|r| &r[9] == "usd" && !r[10].is_empty()).expect("a usd row");
    assert!(usd[10].split_once('.').is_some_and(|(_, cents)| cents.len() == 2), "{:?}", &usd[10]);
}

#[test]
fn export_without_a_key_says_how_to_get_one() {
    let output = treasury_desk(&["export"], &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")]);
    let line = one_line_error(&output);
    assert!(line.contains("STRIPE_API_KEY") && line.contains("--demo"), "{line}");
}

#[test]
fn a_publishable_key_is_refused_before_any_request() {
    let output = treasury_desk(&["export"], &[("STRIPE_API_KEY", "pk_test_51AbCdEfGhIjKlMnOp")]);
    let line = one_line_error(&output);
    assert!(line.contains("publishable"), "{line}");
}

#[test]
fn a_wrong_key_gets_the_401_in_one_line_without_echoing_the_key() {
    let sandbox = SandboxProcess::start(&[]);
    let output = treasury_desk(&["export"], &[("STRIPE_API_KEY", WRONG_KEY), ("STRIPE_API_BASE", &sandbox.base)]);
    let line = one_line_error(&output);
    assert!(line.contains("401"), "{line}");
    assert!(!line.contains(&WRONG_KEY[8..]), "the key leaked: {line}");
}

#[test]
fn a_wrong_api_base_says_it_could_not_connect() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let output = treasury_desk(&["export"], &[("STRIPE_API_KEY", WRONG_KEY), ("STRIPE_API_BASE", &base)]);
    let line = one_line_error(&output);
    assert!(line.contains("could not reach") && line.contains(&base), "{line}");
    let output = treasury_desk(&["export"], &[("STRIPE_API_KEY", WRONG_KEY), ("STRIPE_API_BASE", "api.stripe.com")]);
    assert!(one_line_error(&output).contains("must start with https://"));
}

#[test]
fn a_server_answering_html_is_named_as_such() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = std::thread::spawn(move || {
        // Answer every connection (the sync reads the platform and the account list at once; the
        // client retries nothing on 200) with a proxy's HTML page.
        for stream in listener.incoming().take(2) {
            let mut stream = stream.expect("connection");
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body><h1>Welcome to nginx!</h1></body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let output = treasury_desk(&["export"], &[("STRIPE_API_KEY", WRONG_KEY), ("STRIPE_API_BASE", &base)]);
    let line = one_line_error(&output);
    assert!(line.contains("HTML page"), "{line}");
    server.join().expect("server thread");
}

#[test]
fn sandbox_prints_its_address_first_and_accepts_only_its_key() {
    let sandbox = SandboxProcess::start(&["--accounts", "3", "--seed", "7"]);
    let output = treasury_desk(
        &["export", "--format", "json"],
        &[("STRIPE_API_KEY", "sk_test_sandbox"), ("STRIPE_API_BASE", &sandbox.base)],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let snapshot: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(snapshot["accounts"].as_array().map(Vec::len), Some(3));
}
