//! The real OS keychain, end to end through the binary: `login` → `export` with no
//! STRIPE_API_KEY → `whoami` → `logout`, against the sandbox. Needs a Secret Service session,
//! which `scripts/test` (and so CI) provides through `scripts/with-keyring`.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");
const KEY: &str = "sk_test_51RealKeychainAbCdEfGhIjKlMnOpQrStUvWxYz98765";

fn run(args: &[&str], home: &Path, base: &str, stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("STRIPE_API_KEY")
        .env("STRIPE_API_BASE", base)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).expect("stdin");
    }
    let output = child.wait_with_output().expect("finishes");
    for stream in [&output.stdout, &output.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(&KEY[8..]), "the key was printed by {args:?}");
    }
    output
}

fn files_containing(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return hits };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle)) {
            hits.push(path.display().to_string());
        }
    }
    hits
}

#[test]
#[ignore = "needs a real Secret Service session: run through scripts/test"]
fn login_export_whoami_logout_through_the_real_keychain() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run through scripts/with-keyring"
    );
    let home = std::env::temp_dir().join(format!("treasury-desk-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("home");
    let mut sandbox = Command::new(BIN)
        .args(["sandbox", "--port", "0", "--accounts", "4"])
        .env("STRIPE_API_KEY", KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sandbox");
    let mut first = String::new();
    BufReader::new(sandbox.stdout.take().expect("stdout")).read_line(&mut first).expect("line");
    let base = first.trim().trim_start_matches("listening on ").to_owned();

    let login = run(&["login"], &home, &base, Some(&format!("{KEY}\n")));
    assert!(login.status.success(), "login: {}", String::from_utf8_lossy(&login.stderr));
    assert!(String::from_utf8_lossy(&login.stdout).contains("…8765"));

    let export = run(&["export", "--format", "json"], &home, &base, None);
    assert!(export.status.success(), "export: {}", String::from_utf8_lossy(&export.stderr));
    let snapshot: serde_json::Value = serde_json::from_slice(&export.stdout).expect("JSON");
    assert_eq!(snapshot["accounts"].as_array().map(Vec::len), Some(4));

    let whoami = run(&["whoami"], &home, &base, None);
    let text = String::from_utf8_lossy(&whoami.stdout);
    assert!(
        whoami.status.success() && text.contains("mode:     test") && text.contains("from the OS keychain"),
        "{text}"
    );

    let logout = run(&["logout"], &home, &base, None);
    assert!(logout.status.success(), "logout: {}", String::from_utf8_lossy(&logout.stderr));
    let after = run(&["export"], &home, &base, None);
    assert!(!after.status.success(), "the key must be gone after logout");
    assert!(String::from_utf8_lossy(&after.stderr).contains("no API key"));

    let _ = sandbox.kill();
    let _ = sandbox.wait();
    assert_eq!(files_containing(&home, KEY.as_bytes()), Vec::<String>::new(), "the key is in a file under HOME");
    let _ = std::fs::remove_dir_all(&home);
}
