//! The window's book of money actions: which run now, the last outcome per object (shown only
//! while the object is as that action left it), and the keys a retry must reuse. Data only, no UI.

use std::collections::HashMap;

use super::audit::{Trail, Verdict};
use super::{Finished, Kind, Request, Source};
use crate::stripe::IdempotencyKey;

/// How long the key of an action with no clear answer is reused by a retry: Stripe keeps
/// idempotency keys at least 24 hours; after that a replay is not promised, so a new key is used.
pub const RETRY_KEY_LIFETIME_SECONDS: i64 = 24 * 60 * 60;

/// The last outcome of an action on an object, shown beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// What was done.
    pub kind: Kind,
    /// Done, not done, unknown.
    pub verdict: Verdict,
    /// The outcome's words.
    pub detail: String,
    /// Why the outcome could not be recorded in the audit trail, if it could not.
    pub unrecorded: Option<String>,
    /// What went wrong reading the object again after the action (the outcome stands).
    pub follow_up: Option<String>,
    /// The object's fingerprint when the outcome landed: the note is shown only while the object
    /// on screen still has it (a sync that brings a newer state retires the note).
    pub fingerprint: u64,
}

/// Which retry reuses which key: same mode, platform, object and action.
type RetryScope = (Source, String, String, Kind);

/// Actions in flight, their notes, and the keys of unresolved actions.
#[derive(Debug, Default)]
pub struct Book {
    running: Vec<Request>,
    notes: HashMap<String, Note>,
    retry: HashMap<RetryScope, (IdempotencyKey, i64)>,
}

impl Book {
    /// `request` has started.
    pub fn start(&mut self, request: &Request) {
        self.running.push(request.clone());
    }

    /// The action running on `object`, if any.
    pub fn running(&self, object: &str) -> Option<&Request> {
        self.running.iter().find(|r| r.object == object)
    }

    /// Number of actions running.
    pub fn running_count(&self) -> usize {
        self.running.len()
    }

    /// `finished` has ended; `fingerprint` is its object's fingerprint now that the outcome has
    /// been put on screen. An unknown outcome keeps its key for a retry; any other clears it.
    pub fn finish(&mut self, finished: &Finished, fingerprint: u64) {
        let request = &finished.request;
        self.running.retain(|r| r.action_id != request.action_id);
        let scope = scope_of(request.source, &request.platform, &request.object, request.kind.clone());
        match finished.outcome.verdict() {
            Verdict::Unknown => {
                let at = seconds(&request.time);
                self.retry.insert(scope, (request.idempotency_key.clone(), at));
            }
            Verdict::Done | Verdict::NotDone => {
                self.retry.remove(&scope);
            }
        }
        self.notes.insert(
            request.object.clone(),
            Note {
                kind: request.kind.clone(),
                verdict: finished.outcome.verdict(),
                detail: finished.outcome.detail().to_owned(),
                unrecorded: finished.unrecorded.clone(),
                follow_up: None,
                fingerprint,
            },
        );
    }

    /// Reading `object` again after its action failed: say so on its note (the outcome stands).
    pub fn follow_failed(&mut self, object: &str, reason: String) {
        if let Some(note) = self.notes.get_mut(object) {
            note.follow_up = Some(reason);
        }
    }

    /// The note on `object`, while the object's `fingerprint` is still the one its action left.
    pub fn note(&self, object: &str, fingerprint: u64) -> Option<&Note> {
        self.notes.get(object).filter(|note| note.fingerprint == fingerprint)
    }

    /// The key a new attempt at `kind` on `object` must use: that of an earlier attempt with no
    /// clear answer, less than a day old (`now`: Unix seconds). `None`: use a fresh key.
    pub fn retry_key(
        &self,
        source: Source,
        platform: &str,
        object: &str,
        kind: Kind,
        now: i64,
    ) -> Option<IdempotencyKey> {
        let (key, at) = self.retry.get(&scope_of(source, platform, object, kind))?;
        (now.saturating_sub(*at) < RETRY_KEY_LIFETIME_SECONDS).then(|| key.clone())
    }

    /// The actions on `object` with no clear answer whose keys a retry would still reuse (less
    /// than a day old at `now`): e.g. an earlier Add funds on a financial account that may or may
    /// not have made a transfer. A dialog names them before the user acts again.
    pub fn unsettled(&self, source: Source, platform: &str, object: &str, now: i64) -> Vec<&Kind> {
        self.retry
            .iter()
            .filter(|((s, p, o, _), (_, at))| {
                *s == source && p == platform && o == object && now.saturating_sub(*at) < RETRY_KEY_LIFETIME_SECONDS
            })
            .map(|((_, _, _, kind), _)| kind)
            .collect()
    }

    /// Learn the keys of unresolved actions from the audit trail (another run of the app, or
    /// one that stopped mid-action), and forget keys of actions settled since.
    pub fn learn(&mut self, trail: &Trail) {
        for action in trail.actions.iter().filter(|a| !a.legacy) {
            let intent = &action.intent;
            let kind = Kind::from_intent(&intent.action, &intent.parameters, intent.amount.as_ref());
            let (Some(source), Some(kind)) = (source_of(&intent.mode), kind) else {
                continue;
            };
            let scope = scope_of(source, &intent.platform, &intent.object, kind);
            match (action.unresolved(), &intent.idempotency_key) {
                (true, Some(key)) => {
                    let at = seconds(&intent.time);
                    let newer = self.retry.get(&scope).is_none_or(|(_, known)| *known <= at);
                    if newer {
                        self.retry.insert(scope, (IdempotencyKey::from_recorded(key.clone()), at));
                    }
                }
                _ => {
                    if self
                        .retry
                        .get(&scope)
                        .is_some_and(|(key, _)| Some(key.as_str()) == intent.idempotency_key.as_deref())
                    {
                        self.retry.remove(&scope);
                    }
                }
            }
        }
    }

    /// Forget the notes (a key switch: another platform or mode). Actions in flight stay listed
    /// until they end: they finish, and are recorded, under the key they were taken with.
    pub fn clear(&mut self) {
        self.notes.clear();
    }
}

fn scope_of(source: Source, platform: &str, object: &str, kind: Kind) -> RetryScope {
    (source, platform.to_owned(), object.to_owned(), kind)
}

fn seconds(time: &str) -> i64 {
    time.parse::<jiff::Timestamp>().map_or(0, |t| t.as_second())
}

fn source_of(mode: &str) -> Option<Source> {
    match mode {
        "sandbox" => Some(Source::Sandbox),
        "test" => Some(Source::Stripe(crate::stripe::Mode::Test)),
        "live" => Some(Source::Stripe(crate::stripe::Mode::Live)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Outcome;

    fn finished(request: &Request, outcome: Outcome) -> Finished {
        Finished { request: request.clone(), outcome, unrecorded: None }
    }

    #[test]
    fn an_unknown_outcome_keeps_its_key_for_a_day_and_a_clear_one_drops_it() {
        let mut book = Book::default();
        let request = Request::new(Kind::Cancel, "ibt_1", Some("acct_1".into()), Source::Sandbox, "acct_p", None);
        let now = seconds(&request.time);
        book.start(&request);
        assert!(book.running("ibt_1").is_some());
        book.finish(&finished(&request, Outcome::Unknown { request_id: None, reason: "timeout".into() }), 7);
        assert!(book.running("ibt_1").is_none());
        let key = book.retry_key(Source::Sandbox, "acct_p", "ibt_1", Kind::Cancel, now);
        assert_eq!(key.as_ref(), Some(&request.idempotency_key));
        assert_eq!(book.retry_key(Source::Sandbox, "acct_p", "ibt_1", Kind::Refresh, now), None, "another action");
        assert_eq!(book.retry_key(Source::Sandbox, "acct_other", "ibt_1", Kind::Cancel, now), None, "another platform");
        let later = now + RETRY_KEY_LIFETIME_SECONDS;
        assert_eq!(book.retry_key(Source::Sandbox, "acct_p", "ibt_1", Kind::Cancel, later), None, "a day on");
        let done = Outcome::Done { request_id: None, landed: Vec::new(), detail: "canceled".into() };
        book.finish(&finished(&request, done), 8);
        assert_eq!(book.retry_key(Source::Sandbox, "acct_p", "ibt_1", Kind::Cancel, now), None);
    }

    #[test]
    fn an_add_funds_with_no_clear_answer_is_named_until_settled_and_its_retry_finds_the_key() {
        let funds = crate::actions::AddFunds {
            amount: 25_000,
            currency: "usd".into(),
            origin: "pm_1".into(),
            description: Some("Payroll".into()),
            statement_descriptor: None,
            ach_submission: None,
        };
        let mut book = Book::default();
        let kind = Kind::AddFunds(funds.clone());
        let request = Request::new(kind.clone(), "fa_1", Some("acct_1".into()), Source::Sandbox, "acct_p", None);
        let now = seconds(&request.time);
        book.finish(&finished(&request, Outcome::Unknown { request_id: None, reason: "timeout".into() }), 0);
        assert_eq!(book.unsettled(Source::Sandbox, "acct_p", "fa_1", now), [&kind]);
        assert!(book.unsettled(Source::Sandbox, "acct_p", "fa_2", now).is_empty(), "another account");
        // The same transfer asked again reuses the key; another amount is another action.
        assert_eq!(
            book.retry_key(Source::Sandbox, "acct_p", "fa_1", kind.clone(), now),
            Some(request.idempotency_key.clone())
        );
        let other = Kind::AddFunds(crate::actions::AddFunds { amount: 26_000, ..funds.clone() });
        assert_eq!(book.retry_key(Source::Sandbox, "acct_p", "fa_1", other, now), None);
        // Read back from the trail's intent line, the kind is the same (the retry finds its key).
        let intent = request.intent();
        assert_eq!(Kind::from_intent(&intent.action, &intent.parameters, intent.amount.as_ref()), Some(kind.clone()));
        let done = Outcome::Done { request_id: None, landed: Vec::new(), detail: "created".into() };
        book.finish(&finished(&request, done), 0);
        assert!(book.unsettled(Source::Sandbox, "acct_p", "fa_1", now).is_empty());
    }

    #[test]
    fn a_note_shows_only_while_the_object_is_as_the_action_left_it() {
        let mut book = Book::default();
        let request = Request::new(Kind::Confirm { hold: false }, "ibt_1", None, Source::Sandbox, "acct_p", None);
        let done = Outcome::Done { request_id: None, landed: Vec::new(), detail: "confirmed".into() };
        book.finish(&finished(&request, done), 41);
        assert!(book.note("ibt_1", 41).is_some());
        assert!(book.note("ibt_1", 42).is_none(), "a newer state of the object retires the note");
    }
}
