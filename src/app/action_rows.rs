//! What a row says about the money action on its object: running now (from the action book), or
//! the last outcome while the object on screen is still as that action left it. Derived each frame.

use std::hash::{Hash, Hasher};

use crate::actions::{Book, Kind, Note, Verdict};
use crate::snapshot::Transfer;
use crate::stripe::financial_connections as fc;
use crate::t;

/// The state of one row's action, shown beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowState {
    /// Running.
    Busy(String),
    /// Done, with what happened.
    Done(String),
    /// Not done, or no clear answer; the row shows the data it had.
    Failed(String),
}

impl RowState {
    /// The words shown.
    pub fn text(&self) -> &str {
        match self {
            Self::Busy(text) | Self::Done(text) | Self::Failed(text) => text,
        }
    }
}

/// What identifies a transfer's state: a note made for one state is not shown beside another.
pub fn transfer_fingerprint(transfer: &Transfer) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (transfer.status.as_str(), transfer.cancelable, transfer.returned).hash(&mut hasher);
    transfer.failure_code.as_ref().map(|c| c.as_str().to_owned()).hash(&mut hasher);
    hasher.finish()
}

/// What identifies a linked account's state (status and its last refresh).
pub fn linked_fingerprint(account: &fc::Account) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    account.status.as_str().hash(&mut hasher);
    if let Some(refresh) = &account.balance_refresh {
        (refresh.status.as_str(), refresh.last_attempted_at, refresh.next_refresh_available_at).hash(&mut hasher);
    }
    hasher.finish()
}

/// The row's state for `object`, whose fingerprint on screen is `fingerprint`.
pub fn row_state(book: &Book, object: &str, fingerprint: u64) -> Option<RowState> {
    if let Some(running) = book.running(object) {
        return Some(RowState::Busy(busy_words(&running.kind)));
    }
    book.note(object, fingerprint).map(note_state)
}

fn busy_words(kind: &Kind) -> String {
    match kind {
        Kind::AddFunds(_) => t!("row-adding-funds"),
        Kind::Confirm { .. } => t!("row-confirming"),
        Kind::Cancel => t!("row-canceling"),
        Kind::Refresh => t!("row-refreshing"),
        Kind::Relink(_) => t!("row-relinking"),
    }
}

fn note_state(note: &Note) -> RowState {
    let state = match (note.verdict, &note.kind) {
        (Verdict::Done, Kind::AddFunds(_)) => RowState::Done(note.detail.clone()),
        (Verdict::Done, Kind::Confirm { .. }) => RowState::Done(t!("row-confirmed")),
        (Verdict::Done, Kind::Cancel) => RowState::Done(t!("row-canceled")),
        (Verdict::Done, Kind::Refresh) => RowState::Done(t!("row-refresh-requested")),
        (Verdict::Done, Kind::Relink(_)) => RowState::Done(note.detail.clone()),
        (Verdict::NotDone, _) => RowState::Failed(note.detail.clone()),
        (Verdict::Unknown, _) => RowState::Failed(t!("row-unknown", detail = note.detail.clone())),
    };
    let state = match (&note.follow_up, state) {
        (Some(follow_up), RowState::Done(text)) => RowState::Done(format!("{text}; {follow_up}")),
        (_, state) => state,
    };
    match &note.unrecorded {
        None => state,
        Some(error) => RowState::Failed(t!("row-unrecorded", what = state.text().to_owned(), error = error.clone())),
    }
}
