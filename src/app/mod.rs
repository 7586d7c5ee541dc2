//! The eframe app: state, background jobs, and one view module per panel.
//! Views return [`Command`]s that the shell applies after the frame; no view touches the network.

mod account_detail;
mod accounts;
mod audit_view;
mod dialog;
pub mod format;
mod jobs;
mod keys;
mod overview;
mod relink_dialog;
mod top_bar;
mod transfer_cells;
mod transfers;
pub mod widgets;

use eframe::egui;

use std::collections::HashMap;

use crate::snapshot::Snapshot;
use crate::stripe::{Client, IdempotencyKey, Mode};
use dialog::{Ask, Choice, Dialog};
use jobs::{ActionDone, ActionJob, SyncJob, TransferAction};

/// Where the data comes from; drives the mode badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The built-in sandbox: no real money, no real Stripe.
    Sandbox,
    /// Stripe (or another API base) with a test or live key.
    Stripe(Mode),
}

impl Source {
    /// The window title, which always names the mode.
    pub fn window_title(self) -> &'static str {
        match self {
            Self::Sandbox => "treasury-desk — SANDBOX",
            Self::Stripe(Mode::Test) => "treasury-desk — TEST MODE",
            Self::Stripe(Mode::Live) => "treasury-desk — LIVE",
        }
    }

    /// The badge text.
    pub fn badge(self) -> &'static str {
        match self {
            Self::Sandbox => "SANDBOX",
            Self::Stripe(Mode::Test) => "TEST MODE",
            Self::Stripe(Mode::Live) => "LIVE",
        }
    }
}

/// A re-sync's data, kept apart until complete (the screen keeps the old data meanwhile).
#[derive(Default)]
struct Incoming {
    own: Option<crate::snapshot::ConnectedAccount>,
    accounts: Vec<(usize, crate::snapshot::ConnectedAccount)>,
}

/// An object as an action left it.
#[derive(Clone, Debug)]
enum Landed {
    Transfer(crate::stripe::treasury::InboundTransfer),
    Linked(crate::stripe::financial_connections::Account),
}

impl Landed {
    /// Put it in `snapshot` in place of the object's older copy.
    fn apply(self, snapshot: &mut Snapshot) {
        match self {
            Self::Transfer(transfer) => snapshot.replace_transfer(transfer),
            Self::Linked(linked) => snapshot.replace_linked_account(linked),
        };
    }
}

/// A quick sync is allowed this long after the last full one (seconds); then the next is full:
/// a safety net for what no event reports (see the README's Syncing section).
const FULL_SYNC_EVERY_SECONDS: i64 = 3600;

/// What the last finished sync did, for the top bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncSummary {
    /// It continued from the sync before with Stripe's events ([`crate::snapshot::Previous`]).
    pub quick: bool,
    /// Events read and applied.
    pub events: usize,
    /// Objects read again because events named them.
    pub reread: usize,
    /// Accounts read in full (new ones, or ones whose events could not say what changed).
    pub read_in_full: usize,
    /// When the last full sync finished (Unix seconds).
    pub full_at: crate::stripe::common::Timestamp,
}

impl SyncSummary {
    /// A quick sync may follow at `now`: the last full sync is under an hour old.
    pub fn allows_quick(&self, now: crate::stripe::common::Timestamp) -> bool {
        (0..FULL_SYNC_EVERY_SECONDS).contains(&(now - self.full_at))
    }
}

/// Something a view asks the shell to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Load again: a quick sync (each account's events since the last sync, and the objects they
    /// name) when the last full sync is recent, else a full one.
    Sync,
    /// Load everything again, keeping nothing.
    FullSync,
    /// Go to a view.
    Show(View),
    /// Open the confirmation dialog for an action on an inbound transfer.
    AskTransfer {
        /// The connected account.
        account_id: String,
        /// The transfer.
        transfer_id: String,
        /// Confirm or cancel.
        confirm: bool,
    },
    /// Switch to this (verified) key: a new client, a fresh sync.
    UseKey {
        /// The key.
        key: crate::secret::Secret,
        /// Its mode.
        mode: Mode,
    },
    /// Open the relink dialog for an inactive linked account.
    AskRelink {
        /// The linked account (`fca_…`).
        linked_id: String,
    },
    /// Run the relink flow.
    StartRelink {
        /// The linked account (`fca_…`).
        linked_id: String,
        /// Exact account or any at the bank.
        mode: crate::relink::RelinkMode,
    },
    /// Ask Stripe for a fresh balance of a linked bank account.
    RefreshBalance {
        /// The linked account (`fca_…`).
        linked_id: String,
    },
    /// A refresh the user confirmed in LIVE mode.
    ConfirmedRefresh {
        /// The linked account (`fca_…`).
        linked_id: String,
    },
}

/// What the central panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Totals and the triage list.
    #[default]
    Overview,
    /// Inbound transfers across every financial account.
    Transfers,
    /// One connected account.
    Account(String),
    /// API keys: add, verify, switch, forget.
    Keys,
    /// The audit log of money actions.
    Audit,
}

/// The state of one row's last action, shown beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowState {
    /// Running.
    Busy(String),
    /// Done, with what happened.
    Done(String),
    /// Failed; the row shows the data it had.
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

/// The whole app. Construct with [`TreasuryApp::new`]; [`TreasuryApp::ui`] draws a frame.
pub struct TreasuryApp {
    runtime: tokio::runtime::Handle,
    client: Client,
    source: Source,
    sync: Option<SyncJob>,
    snapshot: Option<Snapshot>,
    /// First sync: accounts go on screen as they arrive; their places in Stripe's list, to
    /// restore its order at the end.
    filling: Option<Vec<usize>>,
    /// Re-sync: the new data, kept apart until complete (the screen keeps the old data).
    incoming: Incoming,
    sync_error: Option<String>,
    /// What the last finished sync read and kept.
    last_sync: Option<SyncSummary>,
    /// Objects as actions left them while a sync ran: that sync may have read them before the
    /// action, so they are applied again on top of its data when it ends.
    landed_during_sync: Vec<Landed>,
    view: View,
    /// Bumped whenever the data on screen changes (caches key on it).
    data_version: u64,
    transfers: transfers::TransfersState,
    accounts: accounts::AccountsState,
    overview: overview::OverviewState,
    filter: String,
    keys: keys::KeysState,
    dialog: Option<Dialog>,
    relink_dialog: Option<relink_dialog::RelinkDialog>,
    /// Live mode: a refresh waiting for the user's go-ahead (the linked account).
    live_refresh: Option<String>,
    /// How the relink page is set up (publishable key, Stripe.js); `None` until a publishable key is known.
    relink: Option<crate::relink::RelinkSettings>,
    launcher: std::sync::Arc<dyn crate::relink::Launcher>,
    actions: Vec<ActionJob>,
    first_frame_probe: Option<std::time::Instant>,
    audit: Option<crate::audit::AuditLog>,
    audit_view: audit_view::AuditView,
    rows: HashMap<String, RowState>,
    /// Keys of actions whose outcome is unknown (no answer): a retry must reuse them.
    unsettled_keys: HashMap<(String, TransferAction), IdempotencyKey>,
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
            filling: None,
            incoming: Incoming::default(),
            sync_error: None,
            last_sync: None,
            landed_during_sync: Vec::new(),
            view: View::Overview,
            data_version: 0,
            transfers: transfers::TransfersState::default(),
            accounts: accounts::AccountsState::default(),
            overview: overview::OverviewState::default(),
            filter: String::new(),
            keys: keys::KeysState::new(
                crate::stripe::DEFAULT_API_BASE.to_owned(),
                Err("the keychain was not set up".to_owned()),
            ),
            dialog: None,
            relink_dialog: None,
            live_refresh: None,
            relink: None,
            launcher: std::sync::Arc::new(crate::relink::SystemBrowser),
            actions: Vec::new(),
            first_frame_probe: None,
            audit: None,
            audit_view: audit_view::AuditView::default(),
            rows: HashMap::new(),
            unsettled_keys: HashMap::new(),
        }
    }

    /// Where new keys from the Keys screen talk to, and whether the OS keychain is usable.
    #[must_use]
    pub fn with_keys(mut self, api_base: String, keychain: Result<(), String>) -> Self {
        self.keys = keys::KeysState::new(api_base, keychain);
        self
    }

    /// How relinking works here: the page settings (`None`: no publishable key yet) and how the
    /// browser is opened (tests pass their own launcher).
    #[must_use]
    pub fn with_relink(
        mut self,
        settings: Option<crate::relink::RelinkSettings>,
        launcher: std::sync::Arc<dyn crate::relink::Launcher>,
    ) -> Self {
        self.relink = settings;
        self.launcher = launcher;
        self
    }

    /// Start with data already loaded (the benchmark's frame measurements).
    #[must_use]
    pub fn with_snapshot(mut self, snapshot: Snapshot) -> Self {
        self.snapshot = Some(snapshot);
        self.data_version += 1;
        self
    }

    /// Print the time from `started` to the first frame on stdout, then close the window
    /// (the benchmark's start-up figure).
    #[must_use]
    pub fn with_first_frame_probe(mut self, started: std::time::Instant) -> Self {
        self.first_frame_probe = Some(started);
        self
    }

    /// Record every money action in `log` (`None`: no audit log, e.g. in benchmarks).
    #[must_use]
    pub fn with_audit(mut self, log: Option<crate::audit::AuditLog>) -> Self {
        self.audit = log;
        self
    }

    /// Go to a view.
    pub fn show(&mut self, view: View) {
        self.view = view;
    }

    /// The data currently shown, if any.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// Where the data comes from (drives the mode badge).
    pub fn source(&self) -> Source {
        self.source
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
        // The dialog first, so it takes Enter and Esc before the views see them.
        if let Some(dialog) = &mut self.dialog {
            match dialog.ui(ui.ctx(), self.source) {
                Choice::Open => {}
                Choice::Dismissed => self.dialog = None,
                Choice::Act(action) => {
                    let (account_id, transfer_id) = (dialog.account_id.clone(), dialog.transfer_id.clone());
                    self.dialog = None;
                    self.start_transfer_action(ui.ctx(), account_id, transfer_id, action);
                }
            }
        }
        if let Some(linked_id) = self.live_refresh.clone() {
            let modal = egui::Modal::new(egui::Id::unique("live_refresh")).show(ui.ctx(), |ui| {
                ui.set_width(420.0);
                ui.horizontal(|ui| {
                    widgets::badge(ui, "LIVE", widgets::RED);
                    ui.heading("Refresh this live bank balance?");
                });
                ui.label(format!("Stripe will ask the bank for a new balance of {linked_id}."));
                ui.colored_label(widgets::RED, "LIVE mode: this acts on a real bank connection.");
                let mut choice = None;
                ui.horizontal(|ui| {
                    if ui.button("Refresh now").clicked()
                        || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
                    {
                        choice = Some(true);
                    }
                    if ui.button("Back").clicked() {
                        choice = Some(false);
                    }
                });
                choice
            });
            let choice = modal.inner.or_else(|| modal.should_close().then_some(false));
            if let Some(go) = choice {
                self.live_refresh = None;
                if go {
                    commands.push(Command::ConfirmedRefresh { linked_id });
                }
            }
        }
        if let Some(dialog) = &mut self.relink_dialog {
            match dialog.ui(ui.ctx(), self.source) {
                relink_dialog::Choice::Open => {}
                relink_dialog::Choice::Dismissed => self.relink_dialog = None,
                relink_dialog::Choice::Start(command) => {
                    self.relink_dialog = None;
                    commands.push(command);
                }
            }
        }
        let (sync_key, shift) = ui.input(|i| {
            (i.key_pressed(egui::Key::F5) || (i.modifiers.command && i.key_pressed(egui::Key::R)), i.modifiers.shift)
        });
        if sync_key {
            commands.push(if shift { Command::FullSync } else { Command::Sync });
        }
        let status = top_bar::Status {
            source: self.source,
            api_base: &self.client.config().api_base,
            snapshot: self.snapshot.as_ref(),
            progress: self.sync.as_ref().map(|job| job.progress.get()),
            last_sync: self.last_sync,
            error: self.sync_error.as_deref(),
            view: &self.view,
        };
        commands.extend(top_bar::ui(ui, &status, &mut self.filter));
        if self.view == View::Keys {
            // Reachable with no data at all: a refused key is fixed here.
            egui::CentralPanel::default().show(ui, |ui| {
                commands.extend(keys::ui(ui, &mut self.keys, &self.runtime, self.source));
            });
        } else if self.view == View::Audit {
            egui::CentralPanel::default().show(ui, |ui| self.audit_view.ui(ui, self.audit.as_ref()));
        } else if let Some(snapshot) = &self.snapshot {
            if self.source == Source::Sandbox && self.view == View::Overview {
                egui::Panel::bottom("sandbox_banner").show(ui, |ui| {
                    ui.horizontal(|ui| {
                        widgets::weak(ui, "You are exploring the built-in sandbox: made-up data, no real money.");
                        if ui.link("Add a Stripe key…").clicked() {
                            commands.push(Command::Show(View::Keys));
                        }
                    });
                });
            }
            // The account list sits beside the overview and an account; the other views take the width.
            if matches!(self.view, View::Overview | View::Account(_)) {
                commands.extend(accounts::ui(
                    ui,
                    snapshot,
                    self.data_version,
                    &mut self.accounts,
                    &self.view,
                    &self.filter,
                    self.dialog.is_none(),
                ));
            }
            egui::CentralPanel::default().show(ui, |ui| match &self.view {
                View::Overview => commands.extend(overview::ui(ui, snapshot, self.data_version, &mut self.overview)),
                View::Transfers => commands.extend(transfers::ui(
                    ui,
                    snapshot,
                    self.data_version,
                    &mut self.transfers,
                    &self.rows,
                    &self.filter,
                )),
                View::Account(id) => match snapshot.account(id) {
                    Some(account) => commands.extend(account_detail::ui(
                        ui,
                        account,
                        self.source,
                        &self.rows,
                        self.dialog.is_none() && self.relink_dialog.is_none() && self.live_refresh.is_none(),
                        self.relink.is_some(),
                        account.account.id == snapshot.platform.id,
                    )),
                    None => {
                        widgets::weak(ui, format!("{id} is not in the data any more."));
                    }
                },
                View::Keys | View::Audit => {}
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
                        if ui.link("Check the API key…").clicked() {
                            commands.push(Command::Show(View::Keys));
                        }
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
        if let Some(started) = self.first_frame_probe.take() {
            println!("first frame after {} ms", started.elapsed().as_millis());
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Sync | Command::FullSync => {
                // A new sync replaces a running one, which is cancelled as it is dropped. With
                // nothing on screen yet, accounts show as they arrive; otherwise the screen keeps
                // the data it has until the new data is complete.
                let previous = match (&self.snapshot, &self.filling, &self.last_sync) {
                    (Some(snapshot), None, Some(last))
                        if command == Command::Sync && last.allows_quick(format::now()) =>
                    {
                        crate::snapshot::Previous::of(snapshot)
                    }
                    _ => crate::snapshot::Previous::none(),
                };
                self.sync = Some(SyncJob::start(&self.runtime, self.client.clone(), previous, ctx.clone()));
                // This sync reads after every action that has landed so far.
                self.landed_during_sync.clear();
                self.incoming = Incoming::default();
                self.filling = match (self.filling.take(), &self.snapshot) {
                    (Some(_), _) | (None, None) => {
                        self.snapshot = None;
                        Some(Vec::new())
                    }
                    (None, Some(_)) => None,
                };
            }
            Command::Show(view) => self.view = view,
            Command::UseKey { key, mode } => self.use_key(ctx, key, mode),
            Command::AskTransfer { account_id, transfer_id, confirm } => {
                self.open_dialog(&account_id, &transfer_id, confirm)
            }
            Command::AskRelink { linked_id } => self.open_relink_dialog(&linked_id),
            Command::StartRelink { linked_id, mode } => {
                let Some(settings) = self.relink.clone() else { return };
                self.rows
                    .insert(linked_id.clone(), RowState::Busy("waiting for the bank sign-in in your browser…".into()));
                self.actions.push(ActionJob::relink(
                    &self.runtime,
                    self.client.clone(),
                    ctx.clone(),
                    linked_id,
                    mode,
                    settings,
                    self.launcher.clone(),
                ));
            }
            Command::RefreshBalance { linked_id } if self.source == Source::Stripe(Mode::Live) => {
                // LIVE: every action asks first, naming the mode.
                self.live_refresh = Some(linked_id);
            }
            Command::ConfirmedRefresh { linked_id } | Command::RefreshBalance { linked_id } => {
                self.rows.insert(linked_id.clone(), RowState::Busy("refresh pending…".to_owned()));
                self.actions.push(ActionJob::refresh(&self.runtime, self.client.clone(), ctx.clone(), linked_id));
            }
        }
    }

    fn use_key(&mut self, ctx: &egui::Context, key: crate::secret::Secret, mode: Mode) {
        let mut config = crate::stripe::ClientConfig::new(self.keys.api_base.clone(), key);
        config.rate_limit = Some(crate::stripe::RateLimit::stripe(mode));
        match Client::new(config) {
            Ok(client) => {
                // The relink page needs this mode's publishable key; without one, Relink says so.
                self.relink = crate::credentials::publishable_key(mode).ok().map(|key| {
                    let page = crate::relink::PageSettings::for_api_base(&client.config().api_base, None);
                    crate::relink::RelinkSettings::new(key, page)
                });
                self.client = client;
                self.source = Source::Stripe(mode);
                // Test and live never mix: drop everything the old key loaded.
                self.snapshot = None;
                self.last_sync = None;
                self.sync = None;
                self.sync_error = None;
                self.rows.clear();
                self.unsettled_keys.clear();
                self.dialog = None;
                self.data_version += 1;
                self.view = View::Overview;
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.source.window_title().to_owned()));
                self.apply(Command::Sync, ctx);
            }
            Err(error) => self.sync_error = Some(error.to_string()),
        }
    }

    fn open_relink_dialog(&mut self, linked_id: &str) {
        let Some(linked) = self
            .snapshot
            .as_ref()
            .and_then(|s| s.accounts.iter().flat_map(|a| &a.linked_accounts).find(|l| l.id == linked_id))
        else {
            return;
        };
        let holder = linked.account_holder.as_ref();
        self.relink_dialog = Some(relink_dialog::RelinkDialog {
            linked_id: linked.id.clone(),
            label: format!("{} · {}", linked.institution_name, linked.label()),
            holder: match holder.and_then(|h| h.holder_id()) {
                Some(id) => match self.snapshot.as_ref().and_then(|s| s.account(id)) {
                    Some(account) => format!("{} ({id})", account.account.display_name()),
                    None => id.to_owned(),
                },
                None => "unknown".to_owned(),
            },
            customer_holder: holder.is_some_and(|h| h.kind == crate::stripe::common::AccountHolderType::Customer),
            mode: crate::relink::RelinkMode::ExactAccount,
        });
    }

    fn open_dialog(&mut self, account_id: &str, transfer_id: &str, confirm: bool) {
        let Some(connected) = self.snapshot.as_ref().and_then(|s| s.account(account_id)) else { return };
        let found = connected.financial_accounts.iter().find_map(|e| {
            e.inbound_transfers.iter().find(|t| &*t.id == transfer_id).map(|t| (&e.financial_account, t))
        });
        let Some((fa, transfer)) = found else { return };
        self.dialog = Some(Dialog {
            ask: if confirm { Ask::Confirm { hold: false } } else { Ask::Cancel },
            account_id: account_id.to_owned(),
            account_name: connected.account.display_name().to_owned(),
            financial_account_id: fa.id.clone(),
            financial_account_label: fa.label().to_owned(),
            transfer_id: transfer.id.to_string(),
            amount: transfer.amount,
            currency: transfer.currency.to_string(),
            deadline: crate::deadline::confirmation_deadline(transfer.created),
        });
    }

    fn start_transfer_action(
        &mut self,
        ctx: &egui::Context,
        account_id: String,
        transfer_id: String,
        action: TransferAction,
    ) {
        // One key per user action; after an unknown outcome the retry reuses it, so Stripe acts once.
        let key = self.unsettled_keys.get(&(transfer_id.clone(), action)).cloned().unwrap_or_default();
        self.rows.insert(transfer_id.clone(), RowState::Busy(format!("{}ing…", action.verb().trim_end_matches('e'))));
        self.actions.push(ActionJob::transfer(
            &self.runtime,
            self.client.clone(),
            ctx.clone(),
            account_id,
            transfer_id,
            action,
            key,
        ));
    }

    /// Put what an action returned on screen; remember it while a sync runs (see `landed_during_sync`).
    fn land(&mut self, landed: Landed) {
        if self.sync.is_some() {
            self.landed_during_sync.push(landed.clone());
        }
        if let Some(snapshot) = &mut self.snapshot {
            landed.apply(snapshot);
            self.data_version += 1;
        }
    }

    fn finish_action(&mut self, done: ActionDone) {
        let (row, state, entry) = match done {
            ActionDone::Transfer { account_id, transfer_id, action, key, result } => {
                let mut entry = self.audit_entry(action.verb(), &transfer_id);
                entry.connected_account = Some(account_id);
                entry.idempotency_key = Some(key.as_str().to_owned());
                if let TransferAction::Confirm(Some(delay)) = action {
                    entry.parameters.push(("funds_availability_delay".to_owned(), delay.to_string()));
                }
                match result {
                    Ok(transfer) => {
                        self.unsettled_keys.remove(&(transfer_id.clone(), action));
                        entry.request_id = transfer.request_id.clone();
                        entry.outcome = format!("done: {}", transfer.status);
                        let message = format!("{}ed: now {}", action.verb().trim_end_matches('e'), transfer.status);
                        self.land(Landed::Transfer(transfer.value));
                        (transfer_id, RowState::Done(message), entry)
                    }
                    Err(error) => {
                        entry.request_id = request_id_of(&error);
                        let unknown = error.settled() == crate::stripe::Settled::Unknown;
                        let message = if unknown {
                            entry.outcome = format!("unknown: {error}");
                            self.unsettled_keys.insert((transfer_id.clone(), action), key);
                            format!(
                                "No clear answer ({error}). It may or may not have happened: sync to check; trying again is safe."
                            )
                        } else {
                            entry.outcome = format!("refused: {error}");
                            self.unsettled_keys.remove(&(transfer_id.clone(), action));
                            self.transfer_error(&transfer_id, action, &error)
                        };
                        (transfer_id, RowState::Failed(message), entry)
                    }
                }
            }
            ActionDone::Relink { linked_id, mode, result } => {
                let mut entry = self.audit_entry("relink", &linked_id);
                entry.parameters.push(("relink".to_owned(), mode.describe().to_owned()));
                match result {
                    Ok(report) => {
                        entry.parameters.push(("session".to_owned(), report.session_id.clone()));
                        let words = report.outcome.describe();
                        entry.outcome =
                            format!("{}: {words}", if report.outcome.succeeded() { "done" } else { "not done" });
                        for account in report.accounts() {
                            self.land(Landed::Linked(account.clone()));
                        }
                        let state =
                            if report.outcome.succeeded() { RowState::Done(words) } else { RowState::Failed(words) };
                        (linked_id, state, entry)
                    }
                    Err(error) => {
                        entry.outcome = format!("not started: {error}");
                        (linked_id, RowState::Failed(format!("Relink did not start: {error}")), entry)
                    }
                }
            }
            ActionDone::Refresh { linked_id, key, request_id, result } => {
                let mut entry = self.audit_entry("refresh", &linked_id);
                entry.parameters.push(("features[]".to_owned(), "balance".to_owned()));
                entry.idempotency_key = Some(key.as_str().to_owned());
                entry.request_id = request_id;
                match result {
                    Ok(linked) => {
                        let status =
                            linked.balance_refresh.as_ref().map_or("not started".to_owned(), |r| r.status.to_string());
                        entry.outcome = format!("done: refresh {status}");
                        self.land(Landed::Linked(linked));
                        (linked_id, RowState::Done(format!("refresh {status}")), entry)
                    }
                    Err(error) if error.settled() == crate::stripe::Settled::Unknown => {
                        entry.outcome = format!("unknown: {error}");
                        let message =
                            format!("No clear answer ({error}): the refresh may have started. Sync to check.");
                        (linked_id, RowState::Failed(message), entry)
                    }
                    Err(error) => {
                        entry.outcome = format!("refused: {error}");
                        (linked_id, RowState::Failed(format!("Refresh not started: {error}")), entry)
                    }
                }
            }
        };
        // The record comes first: an action the log could not keep says so on its row.
        let state = match self.audit.as_ref().map(|log| log.append(&entry)) {
            Some(Err(error)) => RowState::Failed(format!("{} — NOT recorded in the audit log: {error}", state.text())),
            _ => state,
        };
        self.audit_view.invalidate();
        self.rows.insert(row, state);
    }

    /// An audit entry for `action` on `object`, stamped with mode and platform.
    fn audit_entry(&self, action: &str, object: &str) -> crate::audit::Entry {
        let mode = match self.source {
            Source::Sandbox => "sandbox",
            Source::Stripe(mode) => mode.as_str(),
        };
        let platform = self.snapshot.as_ref().map_or("", |s| s.platform.id.as_str());
        crate::audit::Entry::now(mode, platform, action, object)
    }

    /// Words for a refused transfer action. A confirm refused with 404, or with 400 on a financial
    /// account without manual review, means the gated feature is off.
    fn transfer_error(&self, transfer_id: &str, action: TransferAction, error: &crate::stripe::Error) -> String {
        let manual_review = self
            .snapshot
            .as_ref()
            .into_iter()
            .flat_map(|s| s.accounts.iter().flat_map(|a| a.financial_accounts.iter()))
            .find(|e| e.inbound_transfers.iter().any(|t| &*t.id == transfer_id))
            .is_some_and(|e| e.financial_account.has_manual_review());
        match (action, error.status()) {
            (TransferAction::Confirm(_), Some(404)) | (TransferAction::Confirm(_), Some(400))
                if !manual_review || error.status() == Some(404) =>
            {
                "Manual review is not enabled for this financial account: nothing was changed.".to_owned()
            }
            _ => format!("Not done: {error}"),
        }
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        for job in std::mem::take(&mut self.actions) {
            match job.poll() {
                Ok(done) => self.finish_action(done),
                Err(job) => self.actions.push(job),
            }
        }
        let Some(job) = &mut self.sync else { return };
        let mut events = job.events();
        let finished = job.poll();
        if finished.is_some() {
            // Everything sent before the end is in the channel by now.
            events.extend(job.events());
        }
        for event in events {
            self.take_sync_event(event);
        }
        match finished {
            None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Some(Ok(platform)) => self.finish_sync(platform),
            // Keep the data we had; say what went wrong.
            Some(Err(error)) => {
                self.sync = None;
                self.filling = None;
                self.incoming = Incoming::default();
                // The data on screen already has them.
                self.landed_during_sync.clear();
                self.sync_error = Some(error);
            }
        }
    }

    fn take_sync_event(&mut self, event: crate::snapshot::SyncEvent) {
        use crate::snapshot::SyncEvent;
        let Some(order) = &mut self.filling else {
            match event {
                // The platform comes back with the job's result.
                SyncEvent::Platform(_) => {}
                SyncEvent::Own(own) => self.incoming.own = Some(own),
                SyncEvent::Account { index, account } => self.incoming.accounts.push((index, account)),
            }
            return;
        };
        match (event, &mut self.snapshot) {
            (SyncEvent::Platform(platform), Some(snapshot)) => snapshot.platform = platform,
            (SyncEvent::Platform(platform), None) => {
                // Accounts that arrived before the platform go on screen with it.
                let (indices, accounts): (Vec<usize>, Vec<_>) =
                    std::mem::take(&mut self.incoming.accounts).into_iter().unzip();
                order.extend(indices);
                self.snapshot = Some(Snapshot {
                    mode: self.client.mode(),
                    platform,
                    platform_own: self.incoming.own.take(),
                    accounts,
                    fetched_at: format::now(),
                });
            }
            (SyncEvent::Own(own), Some(snapshot)) => snapshot.platform_own = Some(own),
            (SyncEvent::Own(own), None) => self.incoming.own = Some(own),
            (SyncEvent::Account { index, account }, Some(snapshot)) => {
                order.push(index);
                snapshot.accounts.push(account);
            }
            (SyncEvent::Account { index, account }, None) => self.incoming.accounts.push((index, account)),
        }
        self.data_version += 1;
    }

    fn finish_sync(&mut self, platform: crate::stripe::account::Account) {
        let (own, mut accounts): (_, Vec<(usize, crate::snapshot::ConnectedAccount)>) =
            match (self.filling.take(), self.snapshot.take()) {
                (Some(order), Some(snapshot)) => {
                    (snapshot.platform_own, order.into_iter().zip(snapshot.accounts).collect())
                }
                // A re-sync: the new accounts were kept apart; they replace the old ones now.
                _ => (self.incoming.own.take(), std::mem::take(&mut self.incoming.accounts)),
            };
        // Back in Stripe's order: newest first.
        accounts.sort_by_key(|(index, _)| *index);
        if let Some(job) = &self.sync {
            let (events, reread, read_in_full) = job.progress.resync();
            let full_at = match (&self.last_sync, job.quick) {
                (Some(last), true) => last.full_at,
                _ => format::now(),
            };
            self.last_sync = Some(SyncSummary { quick: job.quick, events, reread, read_in_full, full_at });
        }
        self.snapshot = Some(Snapshot {
            mode: self.client.mode(),
            platform,
            platform_own: own,
            accounts: accounts.into_iter().map(|(_, account)| account).collect(),
            fetched_at: format::now(),
        });
        // Actions that landed while it ran win over what it read (it may have read before them).
        // Stripe changes an object seldom in that window; the next sync has the last word.
        if let Some(snapshot) = &mut self.snapshot {
            for landed in self.landed_during_sync.drain(..) {
                landed.apply(snapshot);
            }
        }
        self.incoming = Incoming::default();
        self.sync = None;
        self.sync_error = None;
        self.data_version += 1;
    }
}

/// Stripe's request id carried by an error, if any.
fn request_id_of(error: &crate::stripe::Error) -> Option<String> {
    match error {
        crate::stripe::Error::Api { request_id, .. } => request_id.clone(),
        _ => None,
    }
}

impl eframe::App for TreasuryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TreasuryApp::ui(self, ui);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_sync_is_allowed_for_an_hour_after_the_last_full_one() {
        let full_at = 1_800_000_000;
        let last = SyncSummary { quick: false, events: 0, reread: 0, read_in_full: 10, full_at };
        assert!(last.allows_quick(full_at));
        assert!(last.allows_quick(full_at + 3_599));
        assert!(!last.allows_quick(full_at + 3_600), "an hour on, the next sync reads everything");
        assert!(!last.allows_quick(full_at - 60), "a clock set back does not extend the hour");
    }
}
