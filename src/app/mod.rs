//! The eframe app: a shell that routes commands and draws, background jobs, one view per panel.
//! Views return [`Command`]s that the shell applies after the frame; no view does I/O. Money
//! actions are decided and recorded in [`crate::actions`]; the shell only turns commands into
//! requests and outcomes into the screen.

mod account_detail;
mod accounts;
mod action_rows;
mod add_funds;
mod audit_view;
mod dialog;
mod fonts;
pub mod format;
mod jobs;
mod keys;
pub mod ledger;
mod overview;
mod relink_dialog;
mod top_bar;
mod transfer_cells;
mod transfers;
pub mod widgets;

use eframe::egui;

pub use crate::actions::Source;
use crate::actions::audit::{AuditLog, Trail};
use crate::actions::{self, Book, Executor, Finished, Kind, Landed, Request};
use crate::snapshot::Snapshot;
use crate::stripe::financial_connections as fc;
use crate::stripe::{Client, Mode};
use crate::t;
pub use action_rows::RowState;
use dialog::{Ask, Choice, Dialog, Modal};
use jobs::{KeychainDone, SyncJob, Task, drain};

impl Source {
    /// The window title, which always names the mode.
    pub fn window_title(self) -> &'static str {
        match self {
            Self::Sandbox => "treasury-desk — SANDBOX",
            Self::Stripe(Mode::Test) => "treasury-desk — TEST MODE",
            Self::Stripe(Mode::Live) => "treasury-desk — LIVE",
        }
    }

    /// The badge text, in the language in use (LIVE is LIVE in every language).
    pub fn badge(self) -> String {
        match self {
            Self::Sandbox => t!("badge-sandbox"),
            Self::Stripe(Mode::Test) => t!("badge-test"),
            Self::Stripe(Mode::Live) => t!("badge-live"),
        }
    }
}

/// A re-sync's data, kept apart until complete (the screen keeps the old data meanwhile).
#[derive(Default)]
struct Incoming {
    own: Option<crate::snapshot::ConnectedAccount>,
    accounts: Vec<(usize, crate::snapshot::ConnectedAccount)>,
}

/// Put an object as an action left it in `snapshot`, in place of its older copy.
fn apply_landed(landed: Landed, snapshot: &mut Snapshot) {
    match landed {
        Landed::Transfer(transfer) => snapshot.land_transfer(transfer),
        Landed::FinancialAccount(fa) => snapshot.replace_financial_account(fa),
        Landed::Linked(linked) => snapshot.replace_linked_account(linked),
    };
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

/// A money action on one object, as a view or dialog names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// What to do.
    pub kind: Kind,
    /// The object (`ibt_…`, `fca_…`).
    pub object: String,
    /// The connected account it belongs to, when the request names it (`Stripe-Account`).
    pub account: Option<String>,
}

/// Something a view asks the shell to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub enum Command {
    /// Load again: a quick sync (each account's events since the last sync, and the objects they
    /// name) when the last full sync is recent, else a full one.
    Sync,
    /// Load everything again, keeping nothing.
    FullSync,
    /// Go to a view.
    Show(View),
    /// Open the Transfers view on one inbound transfer: searched for by its id and selected.
    ShowTransfer(String),
    /// The user asked for an action: open its dialog (a refresh outside LIVE mode goes ahead).
    Ask(Target),
    /// The user said go: capture the request now and run it.
    Go(Target),
    /// Open the Add funds dialog for a financial account (its origins load in the background).
    AddFunds {
        /// The connected account (or the platform) owning it.
        account: String,
        /// The financial account (`fa_…`).
        financial_account: String,
    },
    /// Switch to this (verified) key: a new client, a fresh sync.
    UseKey {
        /// The key.
        key: crate::secret::Secret,
        /// Its mode.
        mode: Mode,
    },
    /// Ask Stripe which platform a key belongs to (one `GET /v1/account`).
    VerifyKey {
        /// The key.
        key: crate::secret::Secret,
        /// Where it talks to.
        api_base: String,
    },
    /// Keep a verified key (and a publishable key) in the OS keychain, then use it.
    SaveKey {
        /// The key.
        key: crate::secret::Secret,
        /// Its mode.
        mode: Mode,
        /// The publishable key for relinking, if given.
        publishable: Option<String>,
    },
    /// Use the key stored for this mode.
    LoadKey(Mode),
    /// Delete the key stored for this mode.
    ForgetKey(Mode),
    /// Speak this language from now on (kept across restarts).
    SetLang(crate::i18n::Lang),
    /// Read the audit trail again.
    ReadAudit,
    /// Write the Transfers view's rows as shown (filters, sort) to this CSV file, off the UI thread.
    ExportTransfers(std::path::PathBuf),
    /// Check an unresolved action against Stripe and record what it shows.
    Check {
        /// The action's id.
        action_id: String,
    },
    /// The ledger view's background work.
    Ledger(ledger::Ask),
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
    /// The ledger of one financial account.
    Ledger {
        /// The connected account (or the platform) that owns it.
        account: String,
        /// The financial account (`fa_…`).
        financial_account: String,
    },
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
    /// The one open dialog; while it is open nothing behind it takes keys.
    modal: Option<Modal>,
    /// How the relink page is set up (publishable key, Stripe.js); `None` until a publishable key is known.
    relink: Option<crate::relink::RelinkSettings>,
    launcher: std::sync::Arc<dyn crate::relink::Launcher>,
    first_frame_probe: Option<std::time::Instant>,
    /// The audit trail every action is recorded in (`None` only in tests and the benchmark).
    audit: Option<AuditLog>,
    /// The trail as last read (`None` until read), for the Audit tab and the unresolved banner.
    trail: Option<Result<Trail, String>>,
    audit_view: audit_view::AuditView,
    /// Actions in flight and their notes.
    book: Book,
    work: Work,
    /// The language the window speaks.
    lang: crate::i18n::Lang,
    /// The Japanese fallback font is installed (on the first frame).
    fonts_installed: bool,
    /// A stopped clock (image snapshots); `None`: the real time.
    clock: Option<crate::stripe::common::Timestamp>,
    /// The ledger view: filters, loaded pages (memory only), the page on its way.
    ledger: ledger::LedgerState,
}

/// The Add funds dialog's origins as read: the account's bank accounts, or why not.
type OriginsRead = Result<Vec<crate::stripe::payment_method::PaymentMethod>, String>;

/// Background work the shell is waiting for.
#[derive(Default)]
struct Work {
    actions: Vec<Task<Finished>>,
    /// Balance refreshes being followed after Stripe accepted them.
    follows: Vec<Task<(Request, Result<fc::Account, crate::stripe::Error>)>>,
    checks: Vec<Task<(String, Result<actions::audit::OutcomeRecord, String>)>>,
    keychain: Vec<Task<KeychainDone>>,
    trail: Option<Task<Result<Trail, String>>>,
    /// The Transfers view's CSV export being written: how many rows, where; or why not.
    export: Option<Task<Result<(usize, String), String>>>,
    /// The open Add funds dialog's origins being read, for this account.
    origins: Option<(String, Task<OriginsRead>)>,
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
            modal: None,
            relink: None,
            launcher: std::sync::Arc::new(crate::relink::SystemBrowser),
            first_frame_probe: None,
            audit: None,
            trail: None,
            audit_view: audit_view::AuditView::default(),
            book: Book::default(),
            work: Work::default(),
            lang: crate::i18n::Lang::En,
            fonts_installed: false,
            clock: None,
            ledger: ledger::LedgerState::default(),
        }
    }

    /// Show every time as if it were `at` (Unix seconds): pictures that stay the same every day.
    #[must_use]
    pub fn with_clock(mut self, at: crate::stripe::common::Timestamp) -> Self {
        self.clock = Some(at);
        self
    }

    /// Speak `lang` (the saved choice, else the system's language).
    #[must_use]
    pub fn with_lang(mut self, lang: crate::i18n::Lang) -> Self {
        self.lang = lang;
        crate::i18n::set_default(lang);
        self
    }

    /// The language the window speaks.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.lang
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

    /// Record every money action in `log` (`None`: nothing is recorded — tests and benchmarks).
    /// The trail is read in the background on the first frame: unresolved actions are listed.
    #[must_use]
    pub fn with_audit(mut self, log: Option<AuditLog>) -> Self {
        self.audit = log;
        self
    }

    /// Type `text` into the Transfers view's search (the benchmark's typing figure).
    pub fn set_transfer_search(&mut self, text: &str) {
        text.clone_into(&mut self.transfers.filter.search);
    }

    /// Show only transfers in `statuses` (empty: all) in the Transfers view.
    pub fn set_transfer_statuses(&mut self, statuses: &[crate::stripe::treasury::InboundTransferStatus]) {
        self.transfers.filter.statuses = statuses.iter().cloned().collect();
    }

    /// The Transfers view's rows for its filter now, derived if the filter changed since: how many.
    /// (The benchmark's re-derive figure; the view does this when it draws.)
    pub fn transfers_shown(&mut self) -> usize {
        match &self.snapshot {
            Some(snapshot) => self.transfers.shown(snapshot, self.data_version, &self.filter),
            None => 0,
        }
    }

    /// The Transfers view's rows for the filter as it is now are still being derived on the
    /// background thread (the view shows those of the filter before, marked "filtering…").
    pub fn transfers_filtering(&mut self) -> bool {
        self.transfers.filtering()
    }

    /// Derive the Transfers view's rows on the background thread from `rows` candidate rows on
    /// (default 5,000; tests set it low to exercise that path).
    #[must_use]
    pub fn with_background_filtering_from(mut self, rows: usize) -> Self {
        self.transfers.background_from = rows;
        self
    }

    /// Go to a view.
    pub fn show(&mut self, view: View) {
        self.view = view;
    }

    /// The view shown.
    pub fn view(&self) -> &View {
        &self.view
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

    /// Number of money actions in flight.
    pub fn actions_running(&self) -> usize {
        self.book.running_count()
    }

    /// The audit trail as last read, once read.
    pub fn trail(&self) -> Option<&Trail> {
        self.trail.as_ref().and_then(|t| t.as_ref().ok())
    }

    /// The ledger view's state (tests and the benchmark read its rows and history).
    pub fn ledger(&self) -> &ledger::LedgerState {
        &self.ledger
    }

    /// Draw one frame into `ui` (the root of the window).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // This thread speaks the window's language (a second window or a test thread may not).
        crate::i18n::set_thread(self.lang);
        format::pin_clock(self.clock);
        if !self.fonts_installed {
            fonts::install(&ctx);
            self.fonts_installed = true;
        }
        self.poll_jobs(&ctx);
        if self.snapshot.is_none() && self.sync.is_none() && self.sync_error.is_none() {
            self.apply(Command::Sync, &ctx);
        }
        if self.audit.is_some() && self.trail.is_none() && self.work.trail.is_none() {
            self.apply(Command::ReadAudit, &ctx);
        }
        let mut commands = Vec::new();
        // The modal first, so it takes Enter and Esc; then no key reaches anything behind it.
        if let Some(modal) = &mut self.modal {
            match modal.ui(&ctx, self.source) {
                Choice::Open => {}
                Choice::Dismissed => self.modal = None,
                Choice::Go(target) => {
                    // The Add funds dialog stays open while its action runs: Stripe's refusal is
                    // shown where the user can act on it.
                    if !matches!(modal, Modal::AddFunds(_)) {
                        self.modal = None;
                    }
                    commands.push(Command::Go(target));
                }
            }
            ctx.input_mut(|i| {
                i.events.retain(|e| {
                    !matches!(
                        e,
                        egui::Event::Key { .. }
                            | egui::Event::Text(_)
                            | egui::Event::Copy
                            | egui::Event::Cut
                            | egui::Event::Paste(_)
                    )
                });
            });
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
            lang: self.lang,
        };
        commands.extend(top_bar::ui(ui, &status, &mut self.filter));
        let unresolved = self.trail().map_or(0, |t| t.unresolved().count());
        if unresolved > 0 && self.view != View::Audit {
            egui::Panel::top("unresolved_banner").show(ui, |ui| {
                ui.horizontal(|ui| {
                    let what = t!("unresolved-banner", count = unresolved);
                    ui.colored_label(widgets::AMBER, format!("⚠ {what}"));
                    if ui.link(t!("unresolved-banner-link")).clicked() {
                        commands.push(Command::Show(View::Audit));
                    }
                });
            });
        }
        if self.view == View::Keys {
            // Reachable with no data at all: a refused key is fixed here.
            egui::CentralPanel::default().show(ui, |ui| commands.extend(keys::ui(ui, &mut self.keys, self.source)));
        } else if self.view == View::Audit {
            let head = audit_view::Trailhead {
                path: self.audit.as_ref().map(AuditLog::path),
                trail: self.trail.as_ref(),
                source: self.source,
                platform: self.snapshot.as_ref().map(|s| s.platform.id.as_str()),
            };
            egui::CentralPanel::default().show(ui, |ui| {
                commands.extend(audit_view::ui(ui, &mut self.audit_view, &head));
            });
        } else if let Some(snapshot) = &self.snapshot {
            if self.source == Source::Sandbox && self.view == View::Overview {
                egui::Panel::bottom("sandbox_banner").show(ui, |ui| {
                    ui.horizontal(|ui| {
                        widgets::weak(ui, t!("sandbox-banner"));
                        if ui.link(t!("sandbox-banner-add-key")).clicked() {
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
                ));
            }
            egui::CentralPanel::default().show(ui, |ui| match &self.view {
                View::Overview => commands.extend(overview::ui(ui, snapshot, self.data_version, &mut self.overview)),
                View::Transfers => commands.extend(transfers::ui(
                    ui,
                    snapshot,
                    self.data_version,
                    &mut self.transfers,
                    &self.book,
                    &self.filter,
                )),
                View::Account(id) => match snapshot.account(id) {
                    Some(account) => commands.extend(account_detail::ui(
                        ui,
                        account,
                        self.source,
                        &self.book,
                        self.relink.is_some(),
                        account.account.id == snapshot.platform.id,
                    )),
                    None => {
                        widgets::weak(ui, t!("account-gone", id = id.clone()));
                    }
                },
                View::Ledger { account, financial_account } => commands.extend(ledger::ui(
                    ui,
                    &mut self.ledger,
                    snapshot,
                    self.data_version,
                    (account, financial_account),
                )),
                View::Keys | View::Audit => {}
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    if self.sync.is_some() {
                        ui.spinner();
                        ui.label(t!("loading-accounts"));
                    } else if let Some(error) = &self.sync_error {
                        ui.colored_label(widgets::RED, t!("load-failed", error = error.clone()));
                        if ui.link(t!("load-failed-check-key")).clicked() {
                            commands.push(Command::Show(View::Keys));
                        }
                        if ui.button(t!("try-again")).clicked() {
                            commands.push(Command::Sync);
                        }
                    }
                });
            });
        }
        if self.view == View::Keys && self.keys.wants_stored() {
            self.keychain(&ctx, jobs::read_stored_keys());
        }
        for command in commands {
            self.apply(command, &ctx);
        }
        if let Some(started) = self.first_frame_probe.take() {
            println!("first frame after {} ms", started.elapsed().as_millis());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
            Command::ShowTransfer(id) => {
                self.transfers.focus(&id);
                self.view = View::Transfers;
            }
            Command::UseKey { key, mode } => self.use_key(ctx, key, mode),
            Command::Ask(target) => self.ask(target, ctx),
            Command::Go(target) => self.go(target, ctx),
            Command::AddFunds { account, financial_account } => self.open_add_funds(&account, &financial_account, ctx),
            Command::VerifyKey { key, api_base } => self.keychain(ctx, jobs::verify_key(key, api_base)),
            Command::SaveKey { key, mode, publishable } => self.keychain(ctx, jobs::save_key(key, mode, publishable)),
            Command::LoadKey(mode) => self.keychain(ctx, jobs::load_key(mode)),
            Command::ForgetKey(mode) => self.keychain(ctx, jobs::forget_key(mode)),
            Command::ReadAudit => {
                if let Some(log) = self.audit.clone() {
                    self.work.trail = Some(Task::spawn(&self.runtime, ctx, jobs::read_trail(log)));
                }
            }
            Command::Check { action_id } => self.check(action_id, ctx),
            Command::Ledger(ask) => self.ledger.apply(ask, &self.runtime, self.client.clone(), ctx),
            Command::ExportTransfers(path) => {
                let Some(snapshot) = &self.snapshot else { return };
                if self.work.export.is_some() {
                    return;
                }
                let lines = self.transfers.export_lines(snapshot, self.data_version, &self.filter);
                let mode = snapshot.mode;
                self.work.export = Some(Task::spawn(&self.runtime, ctx, async move {
                    let written = tokio::task::spawn_blocking(move || {
                        crate::export::write_transfers_file(&lines, mode, &path)
                            .map(|()| (lines.len(), path.display().to_string()))
                            .map_err(|error| format!("{}: {error}", path.display()))
                    })
                    .await;
                    written.unwrap_or_else(|join| Err(join.to_string()))
                }));
            }
            Command::SetLang(lang) => {
                self.lang = lang;
                crate::i18n::set_thread(lang);
                // Background work (sync errors, outcomes) words in it too.
                crate::i18n::set_default(lang);
                self.data_version += 1;
            }
        }
    }

    /// Run a keychain or key-verify job; its answer goes to the Keys screen.
    fn keychain(&mut self, ctx: &egui::Context, job: impl std::future::Future<Output = KeychainDone> + Send + 'static) {
        self.work.keychain.push(Task::spawn(&self.runtime, ctx, job));
    }

    /// Open the Add funds dialog for `financial_account` of `account`, and read the account's
    /// origins (its bank accounts for inbound flows) in the background.
    ///
    /// Why here and not in the sync: listing every connected account's PaymentMethods would add
    /// one request per account to every sync, which already runs at Stripe's rate-limit floor
    /// (a thousand accounts, a thousand more requests, ten more seconds at 100/s). Only the
    /// account whose dialog is open needs them, and only then: one request, while the user types.
    fn open_add_funds(&mut self, account: &str, financial_account: &str, ctx: &egui::Context) {
        let Some(snapshot) = &self.snapshot else { return };
        let Some(holder) = snapshot.account(account) else { return };
        let Some(entry) = holder.financial_accounts.iter().find(|e| e.financial_account.id == financial_account) else {
            return;
        };
        let platform = snapshot.platform.id.clone();
        let unsettled = self.book.unsettled(self.source, &platform, financial_account, format::now());
        self.modal = Some(Modal::AddFunds(Box::new(add_funds::AddFundsDialog::new(
            holder,
            &entry.financial_account,
            &unsettled,
        ))));
        let (client, owner) = (self.client.clone(), account.to_owned());
        let task = Task::spawn(&self.runtime, ctx, async move {
            use futures_util::TryStreamExt;
            crate::stripe::payment_method::list_bank_accounts(&client, &owner)
                .try_collect::<Vec<_>>()
                .await
                .map_err(|e| e.to_string())
        });
        self.work.origins = Some((account.to_owned(), task));
    }

    /// The user asked for an action: open the dialog that asks first. A refresh moves no money
    /// and goes ahead at once, except in LIVE mode.
    fn ask(&mut self, target: Target, ctx: &egui::Context) {
        let Some(snapshot) = &self.snapshot else { return };
        self.modal = match target.kind {
            Kind::AddFunds(_) => {
                let account = target.account.unwrap_or_else(|| snapshot.platform.id.clone());
                return self.open_add_funds(&account, &target.object, ctx);
            }
            Kind::Confirm { .. } | Kind::Cancel => {
                let Some((holder, entry, transfer)) = snapshot.transfer(&target.object) else { return };
                let fa = &entry.financial_account;
                Some(Modal::Transfer(Dialog {
                    ask: match target.kind {
                        Kind::Confirm { hold } => Ask::Confirm { hold },
                        _ => Ask::Cancel,
                    },
                    account_id: holder.account.id.clone(),
                    account_name: holder.account.display_name().to_owned(),
                    financial_account_id: fa.id.clone(),
                    financial_account_label: fa.label().to_owned(),
                    transfer_id: transfer.id.to_string(),
                    amount: transfer.amount,
                    currency: transfer.currency.to_string(),
                    deadline: crate::deadline::confirmation_deadline(transfer.created),
                }))
            }
            Kind::Relink(mode) => {
                let Some(linked) = snapshot.linked_account(&target.object) else { return };
                let holder = linked.account_holder.as_ref();
                Some(Modal::Relink(relink_dialog::RelinkDialog {
                    linked_id: linked.id.clone(),
                    label: format!("{} · {}", linked.institution_name, linked.label()),
                    holder: match holder.and_then(|h| h.holder_id()) {
                        Some(id) => match snapshot.account(id) {
                            Some(account) => format!("{} ({id})", account.account.display_name()),
                            None => id.to_owned(),
                        },
                        None => t!("unknown"),
                    },
                    customer_holder: holder
                        .is_some_and(|h| h.kind == crate::stripe::common::AccountHolderType::Customer),
                    mode,
                }))
            }
            Kind::Refresh if self.source.live() => {
                let Some(linked) = snapshot.linked_account(&target.object) else { return };
                Some(Modal::LiveRefresh(dialog::LiveRefresh {
                    linked_id: linked.id.clone(),
                    label: format!("{} · {}", linked.institution_name, linked.label()),
                }))
            }
            Kind::Refresh => return self.go(target, ctx),
        };
    }

    /// The user said go: capture the request now (mode, platform, key, who, when) and run it.
    fn go(&mut self, target: Target, ctx: &egui::Context) {
        let Some(snapshot) = &self.snapshot else { return };
        if let Some(running) = self.book.running(&target.object) {
            let why = format!("Not sent: another action on this account is still running ({}).", running.kind.as_str());
            if let Some(Modal::AddFunds(dialog)) = &mut self.modal {
                dialog.not_started(why);
            }
            return;
        }
        let platform = snapshot.platform.id.clone();
        let transfer = snapshot.transfer(&target.object);
        let manual_review = transfer.is_some_and(|(_, entry, _)| entry.financial_account.has_manual_review());
        // One key per user action; after an unknown outcome the retry reuses it, so Stripe acts once.
        let key = self.book.retry_key(self.source, &platform, &target.object, target.kind.clone(), format::now());
        let mut request = Request::new(target.kind, target.object, target.account, self.source, platform, key)
            .with_manual_review(manual_review);
        if let Some((_, _, transfer)) = transfer {
            request = request.with_amount(transfer.amount, &transfer.currency);
        }
        self.book.start(&request);
        if let Some(Modal::AddFunds(dialog)) = &mut self.modal
            && dialog.financial_account_id == request.object
        {
            dialog.started(request.action_id.clone());
        }
        let executor = Executor::new(self.client.clone(), self.audit.clone())
            .with_relink(self.relink.clone(), self.launcher.clone());
        self.work.actions.push(Task::spawn(&self.runtime, ctx, async move { executor.execute(request).await }));
    }

    /// Check an unresolved action against Stripe, with the key in use.
    fn check(&mut self, action_id: String, ctx: &egui::Context) {
        let Some(action) = self.trail().and_then(|t| t.actions.iter().find(|a| a.intent.action_id == action_id)) else {
            return;
        };
        let action = action.clone();
        let platform = self.snapshot.as_ref().map(|s| s.platform.id.clone()).unwrap_or_default();
        let (client, source, log) = (self.client.clone(), self.source, self.audit.clone());
        self.audit_view.checking(&action_id);
        self.work.checks.push(Task::spawn(&self.runtime, ctx, async move {
            let result = actions::check(&client, source, &platform, &action, log.as_ref()).await;
            (action_id, result.map_err(|e| e.to_string()))
        }));
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
                // Test and live never mix: drop everything the old key loaded. Actions in flight
                // finish and are recorded under the key they were taken with.
                self.snapshot = None;
                self.last_sync = None;
                self.sync = None;
                self.sync_error = None;
                self.book.clear();
                self.modal = None;
                self.data_version += 1;
                self.view = View::Overview;
                ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.source.window_title().to_owned()));
                self.apply(Command::Sync, ctx);
            }
            Err(error) => self.sync_error = Some(error.to_string()),
        }
    }

    /// Put what an action returned on screen; remember it while a sync runs (see `landed_during_sync`).
    fn land(&mut self, landed: Landed) {
        if self.sync.is_some() {
            self.landed_during_sync.push(landed.clone());
        }
        if let Some(snapshot) = &mut self.snapshot {
            apply_landed(landed, snapshot);
            self.data_version += 1;
        }
    }

    /// The fingerprint of `object` as it is on screen now (0 when it is not there).
    fn fingerprint(&self, object: &str) -> u64 {
        let Some(snapshot) = &self.snapshot else { return 0 };
        if let Some((_, _, transfer)) = snapshot.transfer(object) {
            return action_rows::transfer_fingerprint(transfer);
        }
        snapshot.linked_account(object).map_or(0, action_rows::linked_fingerprint)
    }

    /// True when `request` was taken with the key and platform now in use (its objects belong
    /// on this screen).
    fn ours(&self, request: &Request) -> bool {
        request.source == self.source && self.snapshot.as_ref().is_some_and(|s| s.platform.id == request.platform)
    }

    fn finish_action(&mut self, finished: Finished, ctx: &egui::Context) {
        if !self.ours(&finished.request) {
            // Taken under another key: recorded under it; nothing of it belongs on this screen.
            self.apply(Command::ReadAudit, ctx);
            return;
        }
        for landed in finished.outcome.landed() {
            self.land(landed.clone());
        }
        self.book.finish(&finished, self.fingerprint(&finished.request.object));
        if let (Some(Modal::AddFunds(dialog)), Kind::AddFunds(funds)) = (&mut self.modal, &finished.request.kind)
            && dialog.waits_for(&finished.request.action_id)
            && dialog.finished(funds, &finished.outcome)
        {
            self.modal = None;
        }
        // Stripe accepted a refresh: follow the bank's answer (an observation, not the outcome).
        let pending = finished.outcome.landed().iter().any(|l| {
            matches!(l, Landed::Linked(a) if a.balance_refresh.as_ref().is_some_and(|r| r.status == fc::RefreshStatus::Pending))
        });
        if finished.request.kind == Kind::Refresh && pending {
            let (client, request) = (self.client.clone(), finished.request.clone());
            self.work.follows.push(Task::spawn(&self.runtime, ctx, async move {
                let result = actions::follow_refresh(&client, &request.object).await;
                (request, result)
            }));
        }
        self.apply(Command::ReadAudit, ctx);
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        self.ledger.poll();
        for finished in drain(&mut self.work.actions) {
            self.finish_action(finished, ctx);
        }
        for (request, result) in drain(&mut self.work.follows) {
            if !self.ours(&request) {
                continue;
            }
            match result {
                Ok(account) => self.land(Landed::Linked(account)),
                Err(error) => {
                    self.book.follow_failed(&request.object, t!("refresh-follow-failed", error = error.to_string()))
                }
            }
        }
        for (action_id, result) in drain(&mut self.work.checks) {
            self.audit_view.checked(&action_id, result.map(|record| record.detail));
            self.apply(Command::ReadAudit, ctx);
        }
        for done in drain(&mut self.work.keychain) {
            match done {
                KeychainDone::Answer(answer) => self.keys.answer(answer),
                KeychainDone::Use { key, mode, answer } => {
                    self.keys.answer(answer);
                    self.apply(Command::UseKey { key, mode }, ctx);
                }
            }
        }
        if let Some((account, origins)) = self.work.origins.as_mut().and_then(|(a, t)| Some((a.clone(), t.poll()?))) {
            self.work.origins = None;
            if let Some(Modal::AddFunds(dialog)) = &mut self.modal
                && dialog.account_id == account
            {
                dialog.set_origins(origins);
            }
        }
        if let Some(result) = self.work.export.as_mut().and_then(Task::poll) {
            self.work.export = None;
            self.transfers.exported(result);
        }
        if let Some(trail) = self.work.trail.as_mut().and_then(Task::poll) {
            self.work.trail = None;
            if let Ok(trail) = &trail {
                self.book.learn(trail);
            }
            self.trail = Some(trail);
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
                apply_landed(landed, snapshot);
            }
        }
        self.incoming = Incoming::default();
        self.sync = None;
        self.sync_error = None;
        self.data_version += 1;
    }
}

/// Where the window keeps the language choice (eframe's storage, with the window layout).
pub const LANG_KEY: &str = "treasury-desk.lang";

impl eframe::App for TreasuryApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TreasuryApp::ui(self, ui);
    }

    /// Keep the language choice; nothing else (no balances, no lists) is ever written.
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, LANG_KEY, &self.lang);
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
