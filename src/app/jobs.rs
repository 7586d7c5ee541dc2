//! Background work for the UI: each job runs on the tokio runtime and comes back through a
//! `poll_promise::Promise`, waking the UI with `request_repaint`. The UI thread never waits: the
//! network, the keychain and the audit file are reached from here only.

use std::sync::Arc;

use eframe::egui;
use futures_util::future::{AbortHandle, Aborted, abortable};
use poll_promise::Promise;

use super::keys::KeysAnswer;
use crate::actions::audit::{AuditLog, Trail};
use crate::keychain;
use crate::secret::Secret;
use crate::snapshot::{self, LoadOptions, Previous, Progress, SyncEvent};
use crate::stripe::{Client, Mode};

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
    /// It continues from the sync before it with Stripe's events (a quick sync), not from nothing.
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

/// Run blocking `work` (the keychain, the audit file) off the async workers.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|join| Err(format!("the work stopped: {join}")))
}

/// What a keychain or key-verify job came back with.
pub enum KeychainDone {
    /// An answer for the Keys screen.
    Answer(KeysAnswer),
    /// A key to switch to, with the Keys screen's answer.
    Use {
        /// The key.
        key: Secret,
        /// Its mode.
        mode: Mode,
        /// For the Keys screen.
        answer: KeysAnswer,
    },
}

/// Ask Stripe which platform `key` belongs to (one `GET /v1/account` to `api_base`).
pub async fn verify_key(key: Secret, api_base: String) -> KeychainDone {
    let verified = crate::credentials::verify(&api_base, &key).await;
    KeychainDone::Answer(KeysAnswer::Verified(verified.map(|(mode, platform)| (mode, Box::new(platform)))))
}

/// Keep a verified key (and a publishable key) in the OS keychain; then it is used.
pub async fn save_key(key: Secret, mode: Mode, publishable: Option<String>) -> KeychainDone {
    let saving = key.clone();
    let result = blocking(move || {
        keychain::save(mode, &saving).map_err(|e| e.to_string())?;
        match publishable {
            Some(publishable) => keychain::save_publishable(mode, &publishable).map_err(|e| e.to_string()),
            None => Ok(()),
        }
    })
    .await;
    let answer = KeysAnswer::Saved { mode, result: result.clone() };
    match result {
        Ok(()) => KeychainDone::Use { key, mode, answer },
        Err(_) => KeychainDone::Answer(answer),
    }
}

/// Load the key stored for `mode`; then it is used.
pub async fn load_key(mode: Mode) -> KeychainDone {
    match blocking(move || keychain::load(mode).map_err(|e| e.to_string())).await {
        Ok(Some(key)) => KeychainDone::Use { key, mode, answer: KeysAnswer::Loaded(Ok(())) },
        Ok(None) => KeychainDone::Answer(KeysAnswer::Loaded(Err("That key is gone from the keychain.".to_owned()))),
        Err(error) => KeychainDone::Answer(KeysAnswer::Loaded(Err(error))),
    }
}

/// Delete the key stored for `mode`.
pub async fn forget_key(mode: Mode) -> KeychainDone {
    let result = blocking(move || keychain::forget(mode).map_err(|e| e.to_string())).await;
    KeychainDone::Answer(KeysAnswer::Forgot { mode, result })
}

/// The stored keys, masked, for the Keys screen.
pub async fn read_stored_keys() -> KeychainDone {
    let stored = blocking(|| {
        let read = |mode| keychain::load(mode).ok().flatten().map(|key| crate::credentials::masked(&key));
        Ok([read(Mode::Test), read(Mode::Live)])
    })
    .await;
    KeychainDone::Answer(KeysAnswer::Stored(stored.unwrap_or_default()))
}

/// The audit trail, read in full.
pub async fn read_trail(log: AuditLog) -> Result<Trail, String> {
    blocking(move || log.read().map_err(|e| e.to_string())).await
}

/// A thread of its own for CPU work of the UI where only the newest request matters (the
/// Transfers view's rows for what is typed now): it runs the newest request waiting, skips the
/// ones it overtook, and wakes the UI with each answer. It ends when dropped.
pub struct Latest<Q: Send + 'static, A: Send + 'static> {
    requests: std::sync::mpsc::Sender<Q>,
    answers: std::sync::mpsc::Receiver<A>,
}

impl<Q: Send + 'static, A: Send + 'static> Latest<Q, A> {
    /// Start the thread, named `name`, answering with `work`.
    pub fn start(
        name: &str,
        ctx: egui::Context,
        mut work: impl FnMut(Q) -> A + Send + 'static,
    ) -> std::io::Result<Self> {
        let (requests, inbox) = std::sync::mpsc::channel::<Q>();
        let (outbox, answers) = std::sync::mpsc::channel();
        std::thread::Builder::new().name(name.to_owned()).spawn(move || {
            // Ends when the UI side is dropped (its sender or its receiver gone).
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                if outbox.send(work(request)).is_err() {
                    break;
                }
                ctx.request_repaint();
            }
        })?;
        Ok(Self { requests, answers })
    }

    /// Ask; false if the thread is gone (it panicked): do the work some other way.
    pub fn send(&self, request: Q) -> bool {
        self.requests.send(request).is_ok()
    }

    /// The answers that came since the last call, oldest first; `None` if the thread is gone.
    pub fn answers(&self) -> Option<Vec<A>> {
        let mut answers = Vec::new();
        loop {
            match self.answers.try_recv() {
                Ok(answer) => answers.push(answer),
                Err(std::sync::mpsc::TryRecvError::Empty) => return Some(answers),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    return if answers.is_empty() { None } else { Some(answers) };
                }
            }
        }
    }
}
