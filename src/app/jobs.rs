//! Background work for the UI: each job runs on the tokio runtime and comes back through a
//! `poll_promise::Promise`, waking the UI with `request_repaint`. The UI thread never waits.

use std::sync::Arc;

use eframe::egui;
use poll_promise::Promise;

use crate::snapshot::{self, Progress, Snapshot};
use crate::stripe::Client;

/// A running sync.
pub struct SyncJob {
    promise: Promise<Result<Snapshot, String>>,
    /// Live progress counters.
    pub progress: Arc<Progress>,
}

impl SyncJob {
    /// Start loading the whole snapshot on `runtime`.
    pub fn start(runtime: &tokio::runtime::Handle, client: Client, ctx: egui::Context) -> Self {
        let progress = Arc::new(Progress::default());
        let job_progress = progress.clone();
        let _guard = runtime.enter();
        let promise = Promise::spawn_async(async move {
            let result = snapshot::load(&client, job_progress)
                .await
                .map_err(|e| e.to_string());
            ctx.request_repaint();
            result
        });
        Self { promise, progress }
    }

    /// The result once finished, taking it out of the job.
    pub fn poll(self) -> Result<Result<Snapshot, String>, Self> {
        match self.promise.try_take() {
            Ok(result) => Ok(result),
            Err(promise) => Err(Self { promise, ..self }),
        }
    }
}
