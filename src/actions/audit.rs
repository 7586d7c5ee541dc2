//! The audit trail: a write-ahead, hash-chained, append-only file of every money action — an
//! `intent` line synced before the request leaves, an `outcome` line after. Owns the file format,
//! the lock and the chain; must not touch the network or the UI (callers run it off the UI thread).
//!
//! The file is JSON lines. Each chained line is `{"n":…,"prev":…,"hash":…,"record":{…}}`: `n`
//! counts from 0, `prev` is the `hash` of the line before (64 zeros on the first), and `hash` is
//! the SHA-256 of `n`, `prev` and the record's exact bytes. Line 0 is a [`Record::Log`] naming a
//! random log id. Lines written by versions before the chain (plain entries) may stand before it;
//! the first chained line then carries the SHA-256 of those bytes, so they are covered too.
//! Appends hold an exclusive lock on the file (`std::fs::File::lock`), so two windows, or a window
//! and a script, can append at once and the chain stays whole.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

/// `prev` of the first chained line.
const GENESIS_PREV: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing the trail records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// The first chained line: which log this is.
    Log {
        /// A random id, so two logs are never confused.
        log_id: String,
        /// When the chain was started (RFC 3339, UTC).
        created: String,
        /// Lines from before the chain that stand above this one (0 for a new file).
        legacy_lines: usize,
        /// SHA-256 of those lines' bytes, so they cannot change unseen either.
        legacy_sha256: Option<String>,
    },
    /// A money action the user said go to, written and synced before its request left.
    Intent(Intent),
    /// What came of an action: Stripe's answer, or what a later check found.
    Outcome(OutcomeRecord),
}

/// A money action as captured when the user said go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    /// Ties the intent to its outcomes (a UUID v4).
    pub action_id: String,
    /// When the user said go (RFC 3339, UTC).
    pub time: String,
    /// The OS user who said go.
    pub os_user: String,
    /// `sandbox`, `test` or `live`.
    pub mode: String,
    /// The platform account whose key acted.
    pub platform: String,
    /// The connected account acted on behalf of, if any.
    pub connected_account: Option<String>,
    /// `confirm`, `cancel`, `refresh`, `relink`.
    pub action: String,
    /// The object acted on (`ibt_…`, `fca_…`).
    pub object: String,
    /// The amount the user saw when saying go, when the action moves money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The parameters sent (never a secret).
    pub parameters: Vec<(String, String)>,
    /// The request's idempotency key (reused on every retry of this action).
    pub idempotency_key: Option<String>,
}

/// An amount as recorded: integer minor units and the currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    /// Minor units (cents; yen).
    pub minor_units: i64,
    /// ISO currency code, lowercase as Stripe sends it.
    pub currency: String,
}

/// How an action ended, as far as anyone can know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It happened.
    Done,
    /// It did not happen (refused, or it never left).
    NotDone,
    /// No clear answer: it may or may not have happened.
    Unknown,
}

impl Verdict {
    /// `done`, `not done`, `unknown`.
    pub fn words(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::NotDone => "not done",
            Self::Unknown => "unknown",
        }
    }
}

/// Where an outcome came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Stripe's answer to the request (or its absence).
    Answer,
    /// A later check: the object read back from Stripe.
    Check,
}

/// What came of an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The intent it answers.
    pub action_id: String,
    /// When it was known (RFC 3339, UTC).
    pub time: String,
    /// The OS user whose app recorded it.
    pub os_user: String,
    /// Done, not done, unknown.
    pub verdict: Verdict,
    /// Stripe's answer or the check.
    pub source: Source,
    /// What happened, in words (Stripe's message when it refused).
    pub detail: String,
    /// HTTP status of the answer, when there was one.
    pub http_status: Option<u16>,
    /// Stripe's `Request-Id`, when there was one.
    pub request_id: Option<String>,
    /// The object's status afterwards, when known.
    pub object_status: Option<String>,
}

/// A line as stored.
#[derive(Serialize)]
struct LineOut<'a> {
    n: u64,
    prev: &'a str,
    hash: &'a str,
    record: &'a RawValue,
}

/// A line as read: the record's bytes kept exactly as written, so the hash can be checked.
#[derive(Deserialize)]
struct LineIn<'a> {
    n: u64,
    prev: String,
    hash: String,
    #[serde(borrow)]
    record: &'a RawValue,
}

fn line_hash(n: u64, prev: &str, record: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{n}\n{prev}\n").as_bytes());
    hasher.update(record.as_bytes());
    hex::encode(hasher.finalize())
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// The OS user running this process.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// An entry of the log format before the chain (kept readable).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
struct LegacyEntry {
    time: String,
    os_user: String,
    mode: String,
    platform: String,
    connected_account: Option<String>,
    object: String,
    action: String,
    parameters: Vec<(String, String)>,
    idempotency_key: Option<String>,
    request_id: Option<String>,
    outcome: String,
}

/// What went wrong with the trail.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The last line is not one this app wrote whole: nothing more is appended after it.
    #[error(
        "{path} ends in a damaged line ({line}): nothing was sent. Run `treasury-desk audit verify`, and move the file aside to start a new log"
    )]
    Damaged {
        /// The file.
        path: String,
        /// Which line, 1-based.
        line: usize,
    },
}

/// The result of checking the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every line matches.
    Intact {
        /// Chained lines.
        lines: usize,
        /// Lines from before the chain, covered by its first line.
        legacy_lines: usize,
        /// The log id.
        log_id: Option<String>,
        /// The last line's hash (write it down elsewhere to pin the whole file).
        head: Option<String>,
    },
    /// The first line that does not match, 1-based, and why.
    Broken {
        /// Line number in the file, from 1.
        line: usize,
        /// What does not match.
        why: String,
    },
}

/// One action: its intent and everything recorded about its outcome, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    /// The intent.
    pub intent: Intent,
    /// Outcomes, oldest first (an answer, then perhaps checks).
    pub outcomes: Vec<OutcomeRecord>,
    /// True for an entry written before the chain (no separate intent was recorded).
    pub legacy: bool,
}

impl Action {
    /// The last word on it, if any.
    pub fn latest(&self) -> Option<&OutcomeRecord> {
        self.outcomes.last()
    }

    /// Unresolved: no outcome was recorded (the app stopped while it was in flight), or the last
    /// word is "unknown". A check settles it.
    pub fn unresolved(&self) -> bool {
        !self.legacy && self.latest().is_none_or(|o| o.verdict == Verdict::Unknown)
    }

    /// The verdict in words, for lists: `done`, `not done`, `unknown`, `no outcome recorded`.
    pub fn verdict_words(&self) -> &'static str {
        self.latest().map_or("no outcome recorded", |o| o.verdict.words())
    }

    /// True when `needle` is in any field shown: the viewer's filter.
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        let i = &self.intent;
        needle.is_empty()
            || [&i.time, &i.os_user, &i.mode, &i.platform, &i.object, &i.action, &i.action_id]
                .into_iter()
                .chain(i.connected_account.as_ref())
                .chain(
                    self.outcomes.iter().flat_map(|o| [Some(&o.detail), o.request_id.as_ref()].into_iter().flatten()),
                )
                .any(|field| field.to_lowercase().contains(&needle))
            || self.verdict_words().contains(&needle)
    }
}

/// Everything in the file, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trail {
    /// Actions in the order their intents were written.
    pub actions: Vec<Action>,
    /// Lines that could not be read.
    pub unreadable: usize,
}

impl Trail {
    /// Actions with no settled outcome, oldest first.
    pub fn unresolved(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.unresolved())
    }
}

/// The trail's file.
#[derive(Clone, Debug)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    /// The log at `path` (created on first append).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `audit.jsonl` in treasury-desk's data directory (e.g. `~/.local/share/treasury-desk/` on
    /// Linux), or `None` when there is none.
    pub fn default_location() -> Option<Self> {
        eframe::storage_dir("treasury-desk").map(|dir| Self::at(dir.join("audit.jsonl")))
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, source: std::io::Error) -> AuditError {
        AuditError::Io { path: self.path.display().to_string(), source }
    }

    /// Append `record` as one chained line, synced to disk before returning. Holds an exclusive
    /// lock on the file meanwhile. Blocks: call it off the UI thread.
    pub fn append(&self, record: &Record) -> Result<(), AuditError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| self.io(e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        file.lock().map_err(|e| self.io(e))?;
        let result = self.append_locked(&mut file, record);
        // Closing the file releases the lock too; unlocking first keeps waiters short.
        let _ = file.unlock();
        result
    }

    fn append_locked(&self, file: &mut std::fs::File, record: &Record) -> Result<(), AuditError> {
        let log = |legacy_lines, legacy_sha256| Record::Log {
            log_id: uuid::Uuid::new_v4().to_string(),
            created: now(),
            legacy_lines,
            legacy_sha256,
        };
        let (n, prev) = match self.tail(file)? {
            Tail::Chained { n, hash } => (n + 1, hash),
            Tail::Empty => self.write_line(file, 0, GENESIS_PREV, &log(0, None))?,
            // Lines from before the chain: the first chained line anchors their bytes.
            Tail::Legacy { lines, sha256 } => self.write_line(file, 0, GENESIS_PREV, &log(lines, Some(sha256)))?,
        };
        self.write_line(file, n, &prev, record).map(|_| ())
    }

    /// Write line `n` after `prev` and sync it; returns the next line's `n` and `prev`.
    fn write_line(
        &self,
        file: &mut std::fs::File,
        n: u64,
        prev: &str,
        record: &Record,
    ) -> Result<(u64, String), AuditError> {
        let json = serde_json::to_string(record).map_err(|e| self.io(std::io::Error::other(e)))?;
        let raw = RawValue::from_string(json).map_err(|e| self.io(std::io::Error::other(e)))?;
        let hash = line_hash(n, prev, raw.get());
        let mut line = serde_json::to_string(&LineOut { n, prev, hash: &hash, record: &raw })
            .map_err(|e| self.io(std::io::Error::other(e)))?;
        line.push('\n');
        file.write_all(line.as_bytes()).map_err(|e| self.io(e))?;
        file.sync_data().map_err(|e| self.io(e))?;
        Ok((n + 1, hash))
    }

    /// The last line of `file`, as far as appending needs it.
    fn tail(&self, file: &mut std::fs::File) -> Result<Tail, AuditError> {
        let len = file.metadata().map_err(|e| self.io(e))?.len();
        if len == 0 {
            return Ok(Tail::Empty);
        }
        // Read back from the end until the last line is whole (lines are short: one chunk).
        let mut chunk = 16 * 1024_u64;
        let last = loop {
            let start = len.saturating_sub(chunk);
            let mut bytes = Vec::new();
            file.seek(SeekFrom::Start(start)).map_err(|e| self.io(e))?;
            file.read_to_end(&mut bytes).map_err(|e| self.io(e))?;
            let Some(body) = bytes.strip_suffix(b"\n") else {
                // Cut short (a crash while writing, or an edit): never chain onto it.
                return Err(self.damaged(file));
            };
            match body.iter().rposition(|&b| b == b'\n') {
                Some(at) => break body.get(at + 1..).unwrap_or_default().to_vec(),
                None if start == 0 => break body.to_vec(),
                None => chunk *= 4,
            }
        };
        if let Ok(line) = serde_json::from_slice::<LineIn<'_>>(&last) {
            return Ok(Tail::Chained { n: line.n, hash: line.hash });
        }
        if serde_json::from_slice::<LegacyEntry>(&last).is_ok() {
            let mut bytes = Vec::new();
            file.seek(SeekFrom::Start(0)).map_err(|e| self.io(e))?;
            file.read_to_end(&mut bytes).map_err(|e| self.io(e))?;
            let lines = bytes.iter().filter(|&&b| b == b'\n').count();
            return Ok(Tail::Legacy { lines, sha256: sha256_hex(&bytes) });
        }
        Err(self.damaged(file))
    }

    fn damaged(&self, file: &mut std::fs::File) -> AuditError {
        let mut bytes = Vec::new();
        let counted = file.seek(SeekFrom::Start(0)).and_then(|_| file.read_to_end(&mut bytes));
        let line = match counted {
            Ok(_) => bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count().max(1),
            Err(e) => return self.io(e),
        };
        AuditError::Damaged { path: self.path.display().to_string(), line }
    }

    /// The whole file under a shared lock (no half-written line from another process).
    fn contents(&self) -> Result<Option<String>, AuditError> {
        let mut file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io(e)),
        };
        file.lock_shared().map_err(|e| self.io(e))?;
        let mut text = String::new();
        let read = file.read_to_string(&mut text);
        let _ = file.unlock();
        read.map_err(|e| self.io(e))?;
        Ok(Some(text))
    }

    /// Every action, in the order their intents were written. Lines that do not parse are
    /// counted, not fatal ([`AuditLog::verify`] says where they are). Blocks: call it off the UI
    /// thread.
    pub fn read(&self) -> Result<Trail, AuditError> {
        let Some(text) = self.contents()? else { return Ok(Trail::default()) };
        let mut trail = Trail::default();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record = serde_json::from_str::<LineIn<'_>>(line)
                .ok()
                .and_then(|l| serde_json::from_str::<Record>(l.record.get()).ok());
            match record {
                Some(Record::Log { .. }) => {}
                Some(Record::Intent(intent)) => {
                    index.insert(intent.action_id.clone(), trail.actions.len());
                    trail.actions.push(Action { intent, outcomes: Vec::new(), legacy: false });
                }
                Some(Record::Outcome(outcome)) => {
                    match index.get(&outcome.action_id).and_then(|&i| trail.actions.get_mut(i)) {
                        Some(action) => action.outcomes.push(outcome),
                        None => trail.unreadable += 1,
                    }
                }
                None => match serde_json::from_str::<LegacyEntry>(line) {
                    Ok(entry) => trail.actions.push(legacy_action(entry, trail.actions.len())),
                    Err(_) => trail.unreadable += 1,
                },
            }
        }
        Ok(trail)
    }

    /// Check every line against the chain. Blocks: call it off the UI thread.
    pub fn verify(&self) -> Result<Verification, AuditError> {
        let Some(text) = self.contents()? else {
            return Ok(Verification::Intact { lines: 0, legacy_lines: 0, log_id: None, head: None });
        };
        Ok(verify_text(&text))
    }
}

enum Tail {
    Empty,
    Legacy { lines: usize, sha256: String },
    Chained { n: u64, hash: String },
}

fn legacy_action(entry: LegacyEntry, position: usize) -> Action {
    let verdict = match entry.outcome.split(':').next().unwrap_or_default() {
        "done" => Verdict::Done,
        "unknown" => Verdict::Unknown,
        _ => Verdict::NotDone,
    };
    let action_id = format!("legacy-{position}");
    let outcome = OutcomeRecord {
        action_id: action_id.clone(),
        time: entry.time.clone(),
        os_user: entry.os_user.clone(),
        verdict,
        source: Source::Answer,
        detail: entry.outcome,
        http_status: None,
        request_id: entry.request_id,
        object_status: None,
    };
    let intent = Intent {
        action_id,
        time: entry.time,
        os_user: entry.os_user,
        mode: entry.mode,
        platform: entry.platform,
        connected_account: entry.connected_account,
        action: entry.action,
        object: entry.object,
        amount: None,
        parameters: entry.parameters,
        idempotency_key: entry.idempotency_key,
    };
    Action { intent, outcomes: vec![outcome], legacy: true }
}

/// Check the chain in `text` (the whole file).
fn verify_text(text: &str) -> Verification {
    let broken = |line: usize, why: &str| Verification::Broken { line, why: why.to_owned() };
    if !text.is_empty() && !text.ends_with('\n') {
        let line = text.lines().count();
        return broken(line, "the last line is incomplete (cut short while it was written, or edited)");
    }
    let mut offset = 0;
    let mut legacy_lines = 0;
    let mut log_id = None;
    let mut prev: Option<String> = None;
    let mut expected_n = 0_u64;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let body = line.trim_end_matches('\n');
        let parsed = serde_json::from_str::<LineIn<'_>>(body).ok();
        match (&prev, parsed) {
            // Before the chain: lines of the older, unchained format.
            (None, None) if serde_json::from_str::<LegacyEntry>(body).is_ok() => legacy_lines += 1,
            (None, None) => return broken(number, "not a line of this log"),
            (Some(_), None) => return broken(number, "not a chained line (edited, or inserted)"),
            (before, Some(chained)) => {
                if chained.n != expected_n {
                    return broken(
                        number,
                        &format!(
                            "out of order: line n={} stands where n={expected_n} belongs (a line was removed or moved)",
                            chained.n
                        ),
                    );
                }
                let expected_prev = before.as_deref().unwrap_or(GENESIS_PREV);
                if chained.prev != expected_prev {
                    return broken(
                        number,
                        "does not follow the line before it (that line was changed, removed or moved)",
                    );
                }
                if line_hash(chained.n, &chained.prev, chained.record.get()) != chained.hash {
                    return broken(number, "its content was changed after it was written");
                }
                let record = serde_json::from_str::<Record>(chained.record.get()).ok();
                match (expected_n, record) {
                    (0, Some(Record::Log { log_id: id, legacy_lines: count, legacy_sha256, .. })) => {
                        let before_bytes = text.as_bytes().get(..offset).unwrap_or_default();
                        let anchored = if count == 0 { None } else { Some(sha256_hex(before_bytes)) };
                        if count != legacy_lines || legacy_sha256 != anchored {
                            return broken(number, "the lines before the chain were changed");
                        }
                        log_id = Some(id);
                    }
                    (0, _) => return broken(number, "the first chained line does not name the log"),
                    (_, Some(Record::Log { .. })) => return broken(number, "a second start of the log"),
                    (_, Some(_)) => {}
                    (_, None) => return broken(number, "a record this version cannot read"),
                }
                prev = Some(chained.hash);
                expected_n += 1;
            }
        }
        offset += line.len();
    }
    if prev.is_none() && legacy_lines > 0 {
        // Only old lines: nothing is chained yet (the next append anchors them).
        return Verification::Intact { lines: 0, legacy_lines, log_id: None, head: None };
    }
    let lines = usize::try_from(expected_n).unwrap_or(usize::MAX);
    Verification::Intact { lines, legacy_lines, log_id, head: prev }
}

/// The actions as CSV, one row each with its latest outcome (parameters as `k=v; k=v`).
pub fn write_csv(actions: &[Action], out: impl Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "time",
        "os_user",
        "mode",
        "platform",
        "connected_account",
        "object",
        "action",
        "amount_minor_units",
        "currency",
        "parameters",
        "idempotency_key",
        "action_id",
        "verdict",
        "outcome",
        "outcome_source",
        "outcome_time",
        "request_id",
    ])?;
    for action in actions {
        let i = &action.intent;
        let latest = action.latest();
        let parameters = i.parameters.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let source = latest.map(|o| match o.source {
            Source::Answer => "answer",
            Source::Check => "check",
        });
        csv.write_record([
            i.time.as_str(),
            &i.os_user,
            &i.mode,
            &i.platform,
            i.connected_account.as_deref().unwrap_or(""),
            &i.object,
            &i.action,
            &i.amount.as_ref().map(|a| a.minor_units.to_string()).unwrap_or_default(),
            i.amount.as_ref().map_or("", |a| a.currency.as_str()),
            &parameters,
            i.idempotency_key.as_deref().unwrap_or(""),
            &i.action_id,
            action.verdict_words(),
            latest.map_or("", |o| o.detail.as_str()),
            source.unwrap_or(""),
            latest.map_or("", |o| o.time.as_str()),
            latest.and_then(|o| o.request_id.as_deref()).unwrap_or(""),
        ])?;
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> AuditLog {
        let dir = std::env::temp_dir().join(format!("treasury-desk-trail-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        AuditLog::at(dir.join("audit.jsonl"))
    }

    fn intent(action_id: &str, amount: i64) -> Record {
        Record::Intent(Intent {
            action_id: action_id.to_owned(),
            time: "2026-12-02T08:00:00Z".to_owned(),
            os_user: "ana".to_owned(),
            mode: "test".to_owned(),
            platform: "acct_p".to_owned(),
            connected_account: Some("acct_1".to_owned()),
            action: "confirm".to_owned(),
            object: "ibt_1".to_owned(),
            amount: Some(Amount { minor_units: amount, currency: "usd".to_owned() }),
            parameters: Vec::new(),
            idempotency_key: Some("key-1".to_owned()),
        })
    }

    fn outcome(action_id: &str, verdict: Verdict) -> Record {
        Record::Outcome(OutcomeRecord {
            action_id: action_id.to_owned(),
            time: "2026-12-02T08:00:01Z".to_owned(),
            os_user: "ana".to_owned(),
            verdict,
            source: Source::Answer,
            detail: "confirmed".to_owned(),
            http_status: Some(200),
            request_id: Some("req_1".to_owned()),
            object_status: Some("processing".to_owned()),
        })
    }

    /// A log of six chained lines: the start, then three actions (the last with no outcome).
    fn written(name: &str) -> AuditLog {
        let log = scratch(name);
        for record in [
            intent("a1", 125_000),
            outcome("a1", Verdict::Done),
            intent("a2", 9_900),
            outcome("a2", Verdict::Unknown),
            intent("a3", 1_000),
        ] {
            log.append(&record).expect("append");
        }
        log
    }

    fn lines(log: &AuditLog) -> Vec<String> {
        std::fs::read_to_string(log.path()).expect("file").lines().map(str::to_owned).collect()
    }

    fn rewrite(log: &AuditLog, lines: &[String]) {
        std::fs::write(log.path(), lines.iter().map(|l| format!("{l}\n")).collect::<String>()).expect("write");
    }

    #[test]
    fn appends_a_chain_that_reads_back_and_verifies() {
        let log = written("intact");
        let Verification::Intact { lines: count, legacy_lines, log_id, head } = log.verify().expect("verify") else {
            panic!("intact");
        };
        assert_eq!((count, legacy_lines), (6, 0));
        assert!(log_id.is_some() && head.is_some());
        let trail = log.read().expect("read");
        assert_eq!(trail.actions.len(), 3);
        assert_eq!(trail.unreadable, 0);
        let unresolved: Vec<&str> = trail.unresolved().map(|a| a.intent.action_id.as_str()).collect();
        assert_eq!(unresolved, ["a2", "a3"], "an unknown outcome and a missing one are unresolved");
        let mut csv = Vec::new();
        write_csv(&trail.actions, &mut csv).expect("csv");
        let text = String::from_utf8(csv).expect("utf-8");
        assert!(text.contains(",125000,usd,") && text.contains("no outcome recorded"), "{text}");
        let _ = std::fs::remove_dir_all(log.path().parent().expect("dir"));
    }

    #[test]
    fn verify_names_an_edited_amount() {
        let log = written("edited");
        let mut all = lines(&log);
        assert!(all[1].contains(r#""minor_units":125000"#), "{}", all[1]);
        all[1] = all[1].replace(r#""minor_units":125000"#, r#""minor_units":925000"#);
        rewrite(&log, &all);
        let Verification::Broken { line, why } = log.verify().expect("verify") else { panic!("caught") };
        assert_eq!(line, 2, "{why}");
        assert!(why.contains("changed"), "{why}");
        let _ = std::fs::remove_dir_all(log.path().parent().expect("dir"));
    }

    #[test]
    fn verify_names_a_deleted_line_and_a_reordered_pair() {
        let log = written("deleted");
        let mut all = lines(&log);
        all.remove(2);
        rewrite(&log, &all);
        assert!(matches!(log.verify().expect("verify"), Verification::Broken { line: 3, .. }));

        let log = written("reordered");
        let mut all = lines(&log);
        all.swap(3, 4);
        rewrite(&log, &all);
        assert!(matches!(log.verify().expect("verify"), Verification::Broken { line: 4, .. }));

        // An edit that recomputes the line's own hash still breaks the next line's link.
        let log = written("rehashed");
        let mut all = lines(&log);
        let line: serde_json::Value = serde_json::from_str(&all[1]).expect("json");
        let record = line["record"].to_string().replace("125000", "925000");
        let (n, prev) = (line["n"].as_u64().expect("n"), line["prev"].as_str().expect("prev").to_owned());
        let hash = line_hash(n, &prev, &record);
        all[1] = format!(r#"{{"n":{n},"prev":"{prev}","hash":"{hash}","record":{record}}}"#);
        rewrite(&log, &all);
        let Verification::Broken { line, why } = log.verify().expect("verify") else { panic!("caught") };
        assert_eq!(line, 3, "{why}");
        for name in ["deleted", "reordered", "rehashed"] {
            let dir = std::env::temp_dir().join(format!("treasury-desk-trail-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn lines_from_before_the_chain_are_kept_and_anchored() {
        let log = scratch("legacy");
        std::fs::create_dir_all(log.path().parent().expect("dir")).expect("dir");
        let old = r#"{"time":"2026-11-29T10:00:00Z","os_user":"ana","mode":"test","platform":"acct_p","connected_account":"acct_1","object":"ibt_0","action":"cancel","parameters":[],"idempotency_key":"k0","request_id":"req_0","outcome":"done: canceled"}"#;
        std::fs::write(log.path(), format!("{old}\n")).expect("write");
        log.append(&intent("a1", 500)).expect("append after the old lines");
        let trail = log.read().expect("read");
        assert_eq!(trail.actions.len(), 2);
        assert!(trail.actions[0].legacy && !trail.actions[0].unresolved());
        assert!(matches!(log.verify().expect("verify"), Verification::Intact { lines: 2, legacy_lines: 1, .. }));
        // The old line is covered by the chain's first line.
        let mut all = lines(&log);
        all[0] = all[0].replace("done: canceled", "done: confirmed");
        rewrite(&log, &all);
        assert!(matches!(log.verify().expect("verify"), Verification::Broken { line: 2, .. }));
        let _ = std::fs::remove_dir_all(log.path().parent().expect("dir"));
    }

    #[test]
    fn nothing_is_appended_after_a_damaged_last_line() {
        let log = written("torn");
        let mut text = std::fs::read_to_string(log.path()).expect("file");
        text.push_str(r#"{"n":6,"prev":"#);
        std::fs::write(log.path(), text).expect("write");
        let error = log.append(&intent("a4", 100)).expect_err("refused");
        assert!(matches!(error, AuditError::Damaged { line: 7, .. }), "{error}");
        assert!(matches!(log.verify().expect("verify"), Verification::Broken { line: 7, .. }));
        let _ = std::fs::remove_dir_all(log.path().parent().expect("dir"));
    }
}
