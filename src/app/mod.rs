//! The eframe app: state, background jobs, and one view module per panel.
//! Views return [`Command`]s that the shell applies after the frame; no view touches the network.

mod account_detail;
mod accounts;
pub mod format;
mod jobs;
mod overview;
mod top_bar;
pub mod widgets;

use eframe::egui;

use crate::snapshot::Snapshot;
use crate::stripe::{Client, Mode};
use jobs::SyncJob;

/// Where the data comes from; drives the mode badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The built-in sandbox: no real money, no real Stripe.
    Sandbox,
    /// Stripe (or another API base) with a test or live key.
    Stripe(Mode),
}

impl Source {
    /// The badge text.
    pub fn badge(self) -> &'static str {
        match self {
            Self::Sandbox => "SANDBOX",
            Self::Stripe(Mode::Test) => "TEST MODE",
            Self::Stripe(Mode::Live) => "LIVE",
        }
    }
}

/// Something a view asks the shell to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Command {
    /// Load everything again.
    Sync,
    /// Show one connected account (or the overview with `None`).
    Select(Option<String>),
}

/// The whole app. Construct with [`TreasuryApp::new`]; [`TreasuryApp::ui`] draws a frame.
pub struct TreasuryApp {
    runtime: tokio::runtime::Handle,
    client: Client,
    source: Source,
    sync: Option<SyncJob>,
    snapshot: Option<Snapshot>,
    sync_error: Option<String>,
    selected: Option<String>,
    filter: String,
}

impl TreasuryApp {
    /// An app reading through `client`; the first sync starts on the first frame.
    pub fn new(runtime: tokio::runtime::Handle, client: Client, source: Source) -> Self {
        Self {
            runtime,
            client,
            source,
            sync: None,
            snapshot: None,
            sync_error: None,
            selected: None,
            filter: String::new(),
        }
    }

    /// The data currently shown, if any.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// True while a sync runs.
    pub fn syncing(&self) -> bool {
        self.sync.is_some()
    }

    /// Draw one frame into `ui` (the root of the window).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll_jobs(ui.ctx());
        if self.snapshot.is_none() && self.sync.is_none() && self.sync_error.is_none() {
            self.apply(Command::Sync, ui.ctx());
        }
        let mut commands = Vec::new();
        if ui.input(|i| {
            i.key_pressed(egui::Key::F5) || (i.modifiers.command && i.key_pressed(egui::Key::R))
        }) {
            commands.push(Command::Sync);
        }
        let status = top_bar::Status {
            source: self.source,
            api_base: &self.client.config().api_base,
            snapshot: self.snapshot.as_ref(),
            progress: self.sync.as_ref().map(|job| job.progress.get()),
            error: self.sync_error.as_deref(),
        };
        commands.extend(top_bar::ui(ui, &status, &mut self.filter));
        if let Some(snapshot) = &self.snapshot {
            commands.extend(accounts::ui(
                ui,
                snapshot,
                self.selected.as_deref(),
                &self.filter,
            ));
            egui::CentralPanel::default().show(ui, |ui| {
                let selected = self
                    .selected
                    .as_deref()
                    .and_then(|id| snapshot.accounts.iter().find(|a| a.account.id == id));
                match selected {
                    Some(account) => commands.extend(account_detail::ui(ui, account, self.source)),
                    None => overview::ui(ui, snapshot),
                }
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    if self.sync.is_some() {
                        ui.spinner();
                        ui.label("Loading accounts…");
                    } else if let Some(error) = &self.sync_error {
                        ui.colored_label(widgets::RED, format!("Could not load: {error}"));
                        if ui.button("Try again").clicked() {
                            commands.push(Command::Sync);
                        }
                    }
                });
            });
        }
        for command in commands {
            self.apply(command, ui.ctx());
        }
    }

    fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Sync => {
                if self.sync.is_none() {
                    self.sync = Some(SyncJob::start(
                        &self.runtime,
                        self.client.clone(),
                        ctx.clone(),
                    ));
                }
            }
            Command::Select(id) => self.selected = id,
        }
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        let Some(job) = self.sync.take() else { return };
        match job.poll() {
            Ok(Ok(snapshot)) => {
                self.snapshot = Some(snapshot);
                self.sync_error = None;
            }
            // Keep the data we had; say what went wrong.
            Ok(Err(error)) => self.sync_error = Some(error),
            Err(job) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                self.sync = Some(job);
            }
        }
    }
}

impl eframe::App for TreasuryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TreasuryApp::ui(self, ui);
    }
}
