//! The audit log: one JSON line per money action (confirm, cancel, refresh, relink), appended
//! to a file in the platform's data directory. Holds no secret; it is the one file with money data.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One money action as it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When (RFC 3339, UTC).
    pub time: String,
    /// The OS user who acted.
    pub os_user: String,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// The platform account.
    pub platform: String,
    /// The connected account acted on behalf of, if any.
    pub connected_account: Option<String>,
    /// The object acted on (`ibt_…`, `fca_…`).
    pub object: String,
    /// `confirm`, `cancel`, `refresh`, `relink`.
    pub action: String,
    /// The parameters sent (no secrets).
    pub parameters: Vec<(String, String)>,
    /// The idempotency key of the request.
    pub idempotency_key: Option<String>,
    /// Stripe's `Request-Id` of the answer.
    pub request_id: Option<String>,
    /// `done: …`, `refused: …` or `unknown: …` (no answer: it may have happened).
    pub outcome: String,
}

impl Entry {
    /// An entry stamped now, by the current OS user.
    pub fn now(mode: &str, platform: &str, action: &str, object: &str) -> Self {
        Self {
            time: jiff::Timestamp::now().to_string(),
            os_user: os_user(),
            mode: mode.to_owned(),
            platform: platform.to_owned(),
            connected_account: None,
            object: object.to_owned(),
            action: action.to_owned(),
            parameters: Vec::new(),
            idempotency_key: None,
            request_id: None,
            outcome: String::new(),
        }
    }

    /// True when `needle` (lowercase) is in any field: the viewer's filter.
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        needle.is_empty()
            || [&self.time, &self.os_user, &self.mode, &self.platform, &self.object, &self.action, &self.outcome]
                .into_iter()
                .chain(self.connected_account.as_ref())
                .chain(self.request_id.as_ref())
                .any(|field| field.to_lowercase().contains(&needle))
    }
}

fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The append-only log file.
#[derive(Clone, Debug)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    /// The log at `path` (created on first append).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `audit.jsonl` in the platform's data directory for treasury-desk (e.g.
    /// `~/.local/share/treasury-desk/` on Linux), or `None` when there is none.
    pub fn default_location() -> Option<Self> {
        eframe::storage_dir("treasury-desk").map(|dir| Self::at(dir.join("audit.jsonl")))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append one entry as one line, flushed to disk before returning.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()
    }

    /// Every entry, oldest first. Lines that do not parse are skipped and counted.
    pub fn read(&self) -> std::io::Result<(Vec<Entry>, usize)> {
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
            Err(e) => return Err(e),
        };
        let mut entries = Vec::new();
        let mut unreadable = 0;
        for line in std::io::BufReader::new(file).lines() {
            match serde_json::from_str(&line?) {
                Ok(entry) => entries.push(entry),
                Err(_) => unreadable += 1,
            }
        }
        Ok((entries, unreadable))
    }
}

/// The entries as CSV (one row each; parameters as `k=v; k=v`).
pub fn write_csv(entries: &[Entry], out: impl Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "time",
        "os_user",
        "mode",
        "platform",
        "connected_account",
        "object",
        "action",
        "parameters",
        "idempotency_key",
        "request_id",
        "outcome",
    ])?;
    for e in entries {
        let parameters = e.parameters.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        csv.write_record([
            e.time.as_str(),
            &e.os_user,
            &e.mode,
            &e.platform,
            e.connected_account.as_deref().unwrap_or(""),
            &e.object,
            &e.action,
            &parameters,
            e.idempotency_key.as_deref().unwrap_or(""),
            e.request_id.as_deref().unwrap_or(""),
            &e.outcome,
        ])?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_lines_and_reads_them_back() {
        let dir = std::env::temp_dir().join(format!("treasury-desk-audit-{}", std::process::id()));
        let log = AuditLog::at(dir.join("audit.jsonl"));
        let mut first = Entry::now("test", "acct_p", "confirm", "ibt_1");
        first.parameters.push(("funds_availability_delay".into(), "432000".into()));
        first.outcome = "done: processing".into();
        let second = Entry { action: "cancel".into(), outcome: "refused: 400".into(), ..first.clone() };
        log.append(&first).expect("append");
        log.append(&second).expect("append");
        let (entries, unreadable) = log.read().expect("read");
        assert_eq!(entries, vec![first.clone(), second]);
        assert_eq!(unreadable, 0);
        assert!(first.matches("CONFIRM") && first.matches("ibt_1") && !first.matches("relink"));
        let mut csv = Vec::new();
        write_csv(&entries, &mut csv).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert!(text.contains("funds_availability_delay=432000"), "{text}");
        assert_eq!(text.lines().count(), 3);
        let _ = std::fs::remove_dir_all(dir);
    }
}
