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

/// Background work that comes back with one value: a money action, a refresh being followed, a
/// check, a keychain call, an audit-trail read. It repaints the UI when done; dropping it leaves the
/// work to finish on its own (an action in flight always ends with its outcome line).
pub struct Task<T: Send + 'static> {
    promise: Option<Promise<T>>,
}

impl<T: Send + 'static> Task<T> {
    /// Run `work` on `runtime`.
    pub fn spawn(
        runtime: &tokio::runtime::Handle,
        ctx: &egui::Context,
        work: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Self {
        let ctx = ctx.clone();
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(async move {
            let value = work.await;
            ctx.request_repaint();
            value
        });
        Self { promise: Some(promise) }
    }

    /// The value once the work is done (taken once).
    pub fn poll(&mut self) -> Option<T> {
        let promise = self.promise.take()?;
        match promise.try_take() {
            Ok(value) => Some(value),
            Err(promise) => {
                self.promise = Some(promise);
                None
            }
        }
    }
}

/// Take every finished task's value out of `tasks`, keeping the rest.
pub fn drain<T: Send + 'static>(tasks: &mut Vec<Task<T>>) -> Vec<T> {
    let mut done = Vec::new();
    tasks.retain_mut(|task| match task.poll() {
        Some(value) => {
            done.push(value);
            false
        }
        None => true,
    });
    done
}
