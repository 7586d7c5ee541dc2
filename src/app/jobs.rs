//! Background work for the UI: each job runs on the tokio runtime and comes back through a
//! `poll_promise::Promise`, waking the UI with `request_repaint`. The UI thread never waits.

use std::sync::Arc;

use eframe::egui;
use futures_util::future::{AbortHandle, Aborted, abortable};
use poll_promise::Promise;

use crate::snapshot::{self, LoadOptions, Previous, Progress, SyncEvent};
use crate::stripe::Client;

/// What a sync's task ends with: the platform account or the error, unless it was aborted.
type SyncOutcome = Result<Result<crate::stripe::account::Account, String>, Aborted>;

/// A running sync. Its accounts arrive as events while it runs. Dropping it cancels it: its
/// requests stop (a new sync, a key switch, or closing the window never leaves an old sync
/// spending the rate budget).
pub struct SyncJob {
    promise: Option<Box<Promise<SyncOutcome>>>,
    events: std::sync::mpsc::Receiver<SyncEvent>,
    abort: AbortHandle,
    /// Live progress counters.
    pub progress: Arc<Progress>,
    /// It keeps what the sync before it read, where nothing can have changed.
    pub quick: bool,
}

impl SyncJob {
    /// Start loading everything on `runtime`, keeping what `previous` allows (a quick sync);
    /// each loaded account repaints the UI.
    pub fn start(runtime: &tokio::runtime::Handle, client: Client, previous: Previous, ctx: egui::Context) -> Self {
        let progress = Arc::new(Progress::default());
        let job_progress = progress.clone();
        let quick = !previous.is_empty();
        let (sender, events) = std::sync::mpsc::channel();
        let (load, abort) = abortable(async move {
            let repaint = ctx.clone();
            let sink = move |event| {
                // A closed receiver means the job was dropped; the abort follows.
                let _ = sender.send(event);
                repaint.request_repaint();
            };
            let result = snapshot::load_into(&client, job_progress, LoadOptions::default(), &previous, sink)
                .await
                .map_err(|e| e.to_string());
            ctx.request_repaint();
            result
        });
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(load);
        Self { promise: Some(Box::new(promise)), events, abort, progress, quick }
    }

    /// The events that arrived since the last call, in order.
    pub fn events(&self) -> Vec<SyncEvent> {
        self.events.try_iter().collect()
    }

    /// The platform account once everything has loaded (read [`SyncJob::events`] first), or why not.
    pub fn poll(&mut self) -> Option<Result<crate::stripe::account::Account, String>> {
        let promise = self.promise.take()?;
        match promise.try_take() {
            Ok(Ok(result)) => Some(result),
            Ok(Err(Aborted)) => Some(Err("the sync was cancelled".to_owned())),
            Err(promise) => {
                self.promise = Some(Box::new(promise));
                None
            }
        }
    }
}

impl Drop for SyncJob {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// A money action on an inbound transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferAction {
    /// Confirm (gated manual review), with an optional funds-availability delay in seconds.
    Confirm(Option<u32>),
    /// Cancel.
    Cancel,
}

impl TransferAction {
    /// `confirm` / `cancel`, for messages.
    pub fn verb(self) -> &'static str {
        match self {
            Self::Confirm(_) => "confirm",
            Self::Cancel => "cancel",
        }
    }
}

/// What finished, for the shell to apply to the data on screen.
pub enum ActionDone {
    /// A transfer action finished (`Err` leaves the row as it was).
    Transfer {
        /// The connected account.
        account_id: String,
        /// The transfer.
        transfer_id: String,
        /// What was asked.
        action: TransferAction,
        /// The key used, kept for a safe retry when the outcome is unknown.
        key: crate::stripe::IdempotencyKey,
        /// The new transfer (with Stripe's request id), or the error.
        result: Result<crate::stripe::Traced<crate::stripe::treasury::InboundTransfer>, crate::stripe::Error>,
    },
    /// A relink finished: the outcome in words and every account it re-read, or why it could not run.
    Relink {
        /// The linked account asked to relink.
        linked_id: String,
        /// Exact account or any at the bank.
        mode: crate::relink::RelinkMode,
        /// The report, or the error.
        result: Result<crate::relink::RelinkReport, crate::relink::RelinkError>,
    },
    /// A balance refresh finished (succeeded, failed, or still pending when we stopped polling).
    Refresh {
        /// The linked account.
        linked_id: String,
        /// The refresh request's idempotency key.
        key: crate::stripe::IdempotencyKey,
        /// Stripe's request id of the refresh request.
        request_id: Option<String>,
        /// The account as last read, or the error.
        result: Result<crate::stripe::financial_connections::Account, crate::stripe::Error>,
    },
}

/// A running money action.
pub struct ActionJob {
    promise: Box<Promise<ActionDone>>,
}

/// How often a pending balance refresh is checked, and for how long at most.
const REFRESH_POLL: std::time::Duration = std::time::Duration::from_secs(2);
const REFRESH_POLL_LIMIT: u32 = 90;

impl ActionJob {
    /// Confirm or cancel an inbound transfer, with `key` as its idempotency key.
    pub fn transfer(
        runtime: &tokio::runtime::Handle,
        client: Client,
        ctx: egui::Context,
        account_id: String,
        transfer_id: String,
        action: TransferAction,
        key: crate::stripe::IdempotencyKey,
    ) -> Self {
        use crate::stripe::treasury;
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(async move {
            let result = match action {
                TransferAction::Confirm(delay) => {
                    treasury::confirm_inbound_transfer(&client, &account_id, &transfer_id, delay, key.clone()).await
                }
                TransferAction::Cancel => {
                    treasury::cancel_inbound_transfer(&client, &account_id, &transfer_id, key.clone()).await
                }
            };
            ctx.request_repaint();
            ActionDone::Transfer { account_id, transfer_id, action, key, result }
        });
        Self { promise: Box::new(promise) }
    }

    /// Ask for a balance refresh, then poll the account until it is no longer pending.
    pub fn refresh(runtime: &tokio::runtime::Handle, client: Client, ctx: egui::Context, linked_id: String) -> Self {
        use crate::stripe::financial_connections::{self as fc, RefreshStatus};
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(async move {
            let key = crate::stripe::IdempotencyKey::new();
            let started = fc::refresh_balance(&client, &linked_id, key.clone()).await;
            let request_id = match &started {
                Ok(traced) => traced.request_id.clone(),
                Err(crate::stripe::Error::Api { request_id, .. }) => request_id.clone(),
                Err(_) => None,
            };
            let mut result = started.map(|traced| traced.value);
            for _ in 0..REFRESH_POLL_LIMIT {
                let pending = matches!(&result, Ok(a) if a.balance_refresh.as_ref().is_some_and(|r| r.status == RefreshStatus::Pending));
                if !pending {
                    break;
                }
                tokio::time::sleep(REFRESH_POLL).await;
                result = fc::retrieve_account(&client, &linked_id).await;
            }
            ctx.request_repaint();
            ActionDone::Refresh { linked_id, key, request_id, result }
        });
        Self { promise: Box::new(promise) }
    }

    /// Run the relink flow (session, browser, page, re-read) for `linked_id`.
    pub fn relink(
        runtime: &tokio::runtime::Handle,
        client: Client,
        ctx: egui::Context,
        linked_id: String,
        mode: crate::relink::RelinkMode,
        settings: crate::relink::RelinkSettings,
        launcher: std::sync::Arc<dyn crate::relink::Launcher>,
    ) -> Self {
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(async move {
            let result = crate::relink::relink(&client, &linked_id, mode, &settings, launcher.as_ref()).await;
            ctx.request_repaint();
            ActionDone::Relink { linked_id, mode, result }
        });
        Self { promise: Box::new(promise) }
    }

    /// The outcome once finished.
    pub fn poll(self) -> Result<ActionDone, Self> {
        self.promise.try_take().map_err(|promise| Self { promise: Box::new(promise) })
    }
}
