//! The ledger of one financial account: its entries newest first with the transaction behind
//! each (dates, flow in words, status), the balances after each, a date range in the platform's
//! time zone, a status filter, pages that load as the table scrolls, and the balance history
//! chart. Loaded in the background only when opened (the shell runs [`Load`]), kept per data
//! version (a sync starts it afresh), never written to disk. Owns its state; does no I/O.

use std::collections::BTreeMap;

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::{Command, View, widgets};
use crate::i18n::Words;
use crate::ledger::{Backwards, Balances, Page};
use crate::money::Money;
use crate::snapshot::Snapshot;
use crate::stripe::ledger::{FlowType, TransactionStatus};
use crate::t;

impl Words for FlowType {
    fn words(&self) -> String {
        match self {
            Self::CreditReversal => t!("flow-credit-reversal"),
            Self::DebitReversal => t!("flow-debit-reversal"),
            Self::InboundTransfer => t!("flow-inbound-transfer"),
            Self::IssuingAuthorization => t!("flow-issuing-authorization"),
            Self::Other => t!("flow-other"),
            Self::OutboundPayment => t!("flow-outbound-payment"),
            Self::OutboundTransfer => t!("flow-outbound-transfer"),
            Self::ReceivedCredit => t!("flow-received-credit"),
            Self::ReceivedDebit => t!("flow-received-debit"),
            Self::Unknown(raw) => raw.clone(),
        }
    }
    fn raw(&self) -> &str {
        self.as_str()
    }
}

impl Words for TransactionStatus {
    fn words(&self) -> String {
        match self {
            Self::Open => t!("transaction-status-open"),
            Self::Posted => t!("transaction-status-posted"),
            Self::Void => t!("transaction-status-void"),
            Self::Unknown(raw) => raw.clone(),
        }
    }
    fn raw(&self) -> &str {
        self.as_str()
    }
}

/// Which days the ledger shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    /// From the 1st of this month to today.
    #[default]
    ThisMonth,
    /// The whole of last month.
    LastMonth,
    /// The days typed.
    Custom,
}

/// A page of the ledger to load, for the shell to run in the background.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Load {
    /// The connected account (or the platform).
    pub account: String,
    /// The financial account.
    pub financial_account: String,
    /// `[start, end)`, Unix seconds.
    pub bounds: (i64, i64),
    /// Today's balances (what the screen shows), per currency: the walk starts from them.
    pub today: BTreeMap<String, Balances>,
    /// After this entry (`None`: the first page).
    pub after: Option<String>,
    /// What the page belongs to (a page for an older key is dropped).
    pub key: Key,
}

/// What the loaded rows are for: account, financial account, bounds and data version.
pub type Key = (String, String, (i64, i64), u64);

/// What a ledger view asks of the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Load a page in the background.
    Load(Box<Load>),
    /// Write the month-end export of the period to a file, in the background.
    Export(Box<Export>),
    /// Read every financial account's entries of the period for the platform-wide history.
    Platform(Box<PlatformLoad>),
}

/// The platform-wide history to load: every financial account on screen over the period.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformLoad {
    /// `(owner, financial account)` with today's balances.
    pub accounts: Vec<(String, crate::stripe::treasury::FinancialAccount)>,
    /// `[start, end)`.
    pub bounds: (i64, i64),
    /// What it is for (bounds and data version).
    pub key: PlatformKey,
}

impl Eq for PlatformLoad {}

/// The platform-wide histories, per currency, oldest first.
type Histories = std::collections::BTreeMap<String, Vec<(i64, Balances)>>;

/// What a platform-wide history is for: the period's bounds and the data version.
type PlatformKey = ((i64, i64), u64);

/// The month-end export of one financial account, from the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The connected account (or the platform).
    pub account: String,
    /// The financial account, as on screen (its balance is today's).
    pub financial_account: String,
    /// The days, inclusive.
    pub days: (jiff::civil::Date, jiff::civil::Date),
    /// The platform's time zone (IANA name).
    pub timezone: String,
    /// Where to write the CSV.
    pub path: std::path::PathBuf,
}

/// One entry as the table shows it.
#[derive(Clone, Debug)]
pub struct Row {
    /// `trxne_…`.
    pub entry: String,
    /// When it took effect.
    pub effective_at: i64,
    /// Its transaction's creation, posting (if posted) and status.
    pub created: Option<i64>,
    /// When the transaction posted.
    pub posted_at: Option<i64>,
    /// Its transaction's status.
    pub status: Option<TransactionStatus>,
    /// The kind of flow.
    pub flow_type: FlowType,
    /// The flow's id.
    pub flow: Option<String>,
    /// Currency.
    pub currency: String,
    /// What it changed.
    pub change: Balances,
    /// The balances right after it.
    pub after: Balances,
}

/// The view's filters, loaded rows and the page being loaded.
#[derive(Default)]
pub struct LedgerState {
    period: Period,
    from_text: String,
    to_text: String,
    status: Option<TransactionStatus>,
    key: Option<Key>,
    rows: Vec<Row>,
    walk: Backwards,
    closing: BTreeMap<String, Balances>,
    cursor: Option<String>,
    has_more: bool,
    loading: bool,
    error: Option<String>,
    chart: bool,
    /// A page the view wants that the shell has not started yet.
    pending: Option<Load>,
    /// The page being loaded in the background.
    task: Option<(Load, super::jobs::Task<Result<Page, String>>)>,
    /// The chart's points, until more rows arrive.
    chart_cache: Option<ChartCache>,
    /// Where the window's export goes (typed; a default is offered).
    export_path: String,
    /// The default file name last offered (the field follows it until edited).
    export_default: String,
    /// The export being written.
    export_task: Option<super::jobs::Task<Result<(std::path::PathBuf, u64), String>>>,
    /// How the last export went: the file and its rows, or why not.
    exported: Option<Result<(std::path::PathBuf, u64), String>>,
    /// Show the platform-wide history per currency.
    platform: bool,
    /// The platform-wide history being read.
    platform_task: Option<(PlatformKey, super::jobs::Task<Result<Histories, String>>)>,
    /// The platform-wide history as read (for bounds and data version), or why not.
    platform_history: Option<(PlatformKey, Result<Histories, String>)>,
}

impl LedgerState {
    /// Run what the view asked for (the shell calls this with the view's [`Ask`]).
    pub fn apply(
        &mut self,
        ask: Ask,
        runtime: &tokio::runtime::Handle,
        client: crate::stripe::Client,
        ctx: &egui::Context,
    ) {
        match ask {
            Ask::Load(load) => self.start(*load, runtime, client, ctx),
            Ask::Platform(load) => {
                let PlatformLoad { accounts, bounds, key } = *load;
                let now = super::format::now();
                let work = async move {
                    crate::ledger::platform_history(&client, accounts, bounds, now).await.map_err(|e| e.to_string())
                };
                self.platform_task = Some((key, super::jobs::Task::spawn(runtime, ctx, work)));
            }
            Ask::Export(export) => {
                self.exported = None;
                self.export_task = Some(super::jobs::Task::spawn(runtime, ctx, write_export(client, *export)));
            }
        }
    }

    /// Start loading `load` on `runtime` (the shell calls this for [`Ask::Load`]); a page still
    /// on its way for an older key is dropped with its task.
    pub fn start(
        &mut self,
        load: Load,
        runtime: &tokio::runtime::Handle,
        client: crate::stripe::Client,
        ctx: &egui::Context,
    ) {
        let job = load.clone();
        let work = async move {
            let Load { account, financial_account, bounds, today, after, .. } = job;
            crate::ledger::load_page(&client, &account, &financial_account, bounds, today, after)
                .await
                .map_err(|e| e.to_string())
        };
        self.task = Some((load, super::jobs::Task::spawn(runtime, ctx, work)));
    }

    /// Take the page that arrived, if one did (the shell calls this every frame).
    pub fn poll(&mut self) {
        if let Some((key, task)) = self.platform_task.as_mut()
            && let Some(done) = task.poll()
        {
            let key = *key;
            self.platform_task = None;
            self.platform_history = Some((key, done));
        }
        if let Some(done) = self.export_task.as_mut().and_then(super::jobs::Task::poll) {
            self.export_task = None;
            self.exported = Some(done);
        }
        let Some((load, task)) = self.task.as_mut() else { return };
        let Some(page) = task.poll() else { return };
        let load = load.clone();
        self.task = None;
        self.arrived(&load, page);
    }

    /// Take a loaded page (or why not) for the load `load`; a page for another key is dropped.
    pub fn arrived(&mut self, load: &Load, page: Result<Page, String>) {
        if self.key.as_ref() != Some(&load.key) {
            return;
        }
        self.loading = false;
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                self.error = Some(error);
                return;
            }
        };
        self.error = None;
        if let Some(closing) = page.closing {
            self.closing = closing.clone();
            self.walk = Backwards::from(closing);
        }
        for entry in &page.entries {
            let after = self.walk.step(entry);
            let transaction = match &entry.transaction {
                crate::stripe::common::Expandable::Object(t) => Some(t.as_ref()),
                crate::stripe::common::Expandable::Id(_) => None,
            };
            self.rows.push(Row {
                entry: entry.id.clone(),
                effective_at: entry.effective_at,
                created: transaction.map(|t| t.created),
                posted_at: transaction.and_then(|t| t.status_transitions.posted_at),
                status: transaction.map(|t| t.status.clone()),
                flow_type: entry.flow_type.clone(),
                flow: entry.flow.clone(),
                currency: entry.currency.clone(),
                change: entry.balance_impact,
                after,
            });
        }
        self.cursor = page.entries.last().map(|e| e.id.clone());
        self.has_more = page.has_more;
    }

    /// The rows loaded so far (newest first).
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The balance history of `currency` over what is loaded, oldest first, ending at the
    /// period's closing (see [`crate::ledger::history`]); opening included once all is loaded.
    pub fn history(&self, currency: &str) -> Vec<(i64, Balances)> {
        let Some((_, _, (start, end), _)) = &self.key else { return Vec::new() };
        let rows: Vec<(i64, Balances)> =
            self.rows.iter().filter(|r| r.currency == currency).map(|r| (r.effective_at, r.after)).collect();
        let closing = self.closing.get(currency).copied().unwrap_or_default();
        let last = (*end).min(super::format::now()).max(*start);
        let opening = (!self.has_more && !self.loading)
            .then(|| (*start, self.walk.now().get(currency).copied().unwrap_or(closing)));
        crate::ledger::history(&rows, (last, closing), opening)
    }

    /// Choose the custom period `from..=to` (`2026-11-01`), as typing the two days does.
    pub fn set_custom(&mut self, from: &str, to: &str) {
        self.period = Period::Custom;
        from.clone_into(&mut self.from_text);
        to.clone_into(&mut self.to_text);
    }

    /// The platform-wide histories per currency, once read.
    pub fn platform_histories(&self) -> Option<&std::collections::BTreeMap<String, Vec<(i64, Balances)>>> {
        self.platform_history.as_ref().and_then(|(_, h)| h.as_ref().ok())
    }

    /// Show the balance history chart (or not), as its toggle does.
    pub fn set_chart(&mut self, on: bool) {
        self.chart = on;
    }

    /// True while a page is on its way.
    pub fn loading(&self) -> bool {
        self.loading
    }

    /// Everything in the period is loaded.
    pub fn complete(&self) -> bool {
        self.key.is_some() && !self.loading && !self.has_more && self.error.is_none()
    }
}

/// Write the export to its file (off the UI thread): the rows Stripe lists, streamed.
async fn write_export(client: crate::stripe::Client, export: Export) -> Result<(std::path::PathBuf, u64), String> {
    let Export { account, financial_account, days, timezone, path } = export;
    let fa = crate::stripe::treasury::retrieve_financial_account(&client, &account, &financial_account)
        .await
        .map_err(|e| e.to_string())?;
    let tz = crate::ledger::time_zone(Some(&timezone)).0;
    let period = crate::ledger::Period { from: days.0, to: days.1, tz };
    let file = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let accounts = futures_util::stream::iter([Ok((account, fa))]);
    let out = std::io::BufWriter::new(file);
    let totals = crate::ledger::export(&client, accounts, &period, crate::export::Format::Csv, out).await?;
    if !totals.reconciled() {
        return Err(t!("ledger-mismatch"));
    }
    Ok((path, totals.rows))
}

/// "Ledger…" on a financial account's card: opens this view.
pub fn open_link(ui: &mut egui::Ui, account: &str, financial_account: &str, commands: &mut Vec<Command>) {
    if ui.button(t!("ledger-open")).on_hover_text(t!("ledger-open-hint")).clicked() {
        commands.push(Command::Show(View::Ledger {
            account: account.to_owned(),
            financial_account: financial_account.to_owned(),
        }));
    }
}

/// The platform's time zone (`settings.dashboard.timezone`), or UTC.
fn platform_tz(snapshot: &Snapshot) -> jiff::tz::TimeZone {
    let name = snapshot.platform.settings.as_ref().and_then(|s| s.dashboard.as_ref()).and_then(|d| d.timezone.clone());
    crate::ledger::time_zone(name.as_deref()).0
}

/// `[start, end)` of the chosen period in `tz`, or why not (a custom date that does not parse).
fn bounds(state: &LedgerState, tz: &jiff::tz::TimeZone) -> Result<(i64, i64), String> {
    let (from, to) = days(state, tz)?;
    crate::ledger::Period { from, to, tz: tz.clone() }.bounds()
}

/// The first and last day of the chosen period in `tz`, or why not.
fn days(state: &LedgerState, tz: &jiff::tz::TimeZone) -> Result<(jiff::civil::Date, jiff::civil::Date), String> {
    let today =
        jiff::Timestamp::from_second(super::format::now()).map_err(|e| e.to_string())?.to_zoned(tz.clone()).date();
    let first = today.first_of_month();
    let (from, to) = match state.period {
        Period::ThisMonth => (first, today),
        Period::LastMonth => {
            let last = first.yesterday().map_err(|e| e.to_string())?;
            (last.first_of_month(), last)
        }
        Period::Custom => {
            let parse = |text: &str| {
                text.trim()
                    .parse::<jiff::civil::Date>()
                    .map_err(|_| t!("ledger-bad-date", date = text.trim().to_owned()))
            };
            let (from, to) = (parse(&state.from_text)?, parse(&state.to_text)?);
            if to < from {
                return Err(t!("ledger-dates-reversed-window"));
            }
            (from, to)
        }
    };
    Ok((from, to))
}

/// `at` in the platform's time zone, the way the language writes dates.
fn local(at: i64, tz: &jiff::tz::TimeZone) -> String {
    match jiff::Timestamp::from_second(at) {
        Ok(t) => {
            let zoned = t.to_zoned(tz.clone());
            format!("{} {}", crate::i18n::date(zoned.date()), zoned.strftime("%H:%M"))
        }
        Err(_) => at.to_string(),
    }
}

/// Draw the ledger of `financial_account` of `account`.
pub fn ui(
    ui: &mut egui::Ui,
    state: &mut LedgerState,
    snapshot: &Snapshot,
    version: u64,
    (account, financial_account): (&str, &str),
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(holder) = snapshot.account(account) else {
        widgets::weak(ui, t!("account-gone", id = account.to_owned()));
        return commands;
    };
    let Some(fa) = holder.financial_accounts.iter().map(|e| &e.financial_account).find(|f| f.id == financial_account)
    else {
        widgets::weak(ui, t!("account-gone", id = financial_account.to_owned()));
        return commands;
    };
    let tz = platform_tz(snapshot);
    ui.horizontal_wrapped(|ui| {
        if ui.link(format!("← {}", holder.account.display_name())).clicked() {
            commands.push(Command::Show(View::Account(account.to_owned())));
        }
        ui.heading(t!("ledger-title", fa = fa.label().to_owned()));
        widgets::weak(ui, &fa.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("ledger-period"));
        ui.selectable_value(&mut state.period, Period::ThisMonth, t!("ledger-this-month"));
        ui.selectable_value(&mut state.period, Period::LastMonth, t!("ledger-last-month"));
        ui.selectable_value(&mut state.period, Period::Custom, t!("ledger-custom"));
        if state.period == Period::Custom {
            ui.add(egui::TextEdit::singleline(&mut state.from_text).hint_text("2026-11-01").desired_width(90.0));
            ui.label("–");
            ui.add(egui::TextEdit::singleline(&mut state.to_text).hint_text("2026-11-30").desired_width(90.0));
        }
        ui.separator();
        ui.label(t!("ledger-status"));
        ui.selectable_value(&mut state.status, None, t!("transfers-all"));
        for status in TransactionStatus::KNOWN {
            ui.selectable_value(&mut state.status, Some(status.clone()), status.words()).on_hover_text(status.as_str());
        }
    });
    if state.period == Period::Custom && state.from_text.trim().is_empty() && state.to_text.trim().is_empty() {
        // Custom starts from last month's first day to today, ready to edit: never an error first.
        let today = jiff::Timestamp::from_second(super::format::now()).map(|t| t.to_zoned(tz.clone()).date());
        if let Ok(today) = today {
            let from = today.first_of_month().yesterday().map(|d| d.first_of_month()).unwrap_or(today);
            state.from_text = from.to_string();
            state.to_text = today.to_string();
        }
    }
    let tz_name = tz.iana_name().unwrap_or("UTC").to_owned();
    widgets::weak(ui, t!("ledger-timezone", timezone = tz_name));
    let bounds = match bounds(state, &tz) {
        Ok(bounds) => bounds,
        Err(why) => {
            ui.colored_label(widgets::AMBER, why);
            return commands;
        }
    };
    let key: Key = (account.to_owned(), financial_account.to_owned(), bounds, version);
    let today = crate::ledger::balances_of(&fa.balance);
    if state.key.as_ref() != Some(&key) {
        // Another account, period or sync: start again from today's balance.
        state.key = Some(key.clone());
        state.rows.clear();
        state.closing = today.clone();
        state.walk = Backwards::default();
        state.cursor = None;
        state.has_more = false;
        state.error = None;
        state.loading = false;
        state.pending = Some(Load {
            account: account.to_owned(),
            financial_account: financial_account.to_owned(),
            bounds,
            today: today.clone(),
            after: None,
            key: key.clone(),
        });
    }
    let want_more = |state: &LedgerState| state.has_more && !state.loading && state.error.is_none();
    let next = |state: &LedgerState| Load {
        account: account.to_owned(),
        financial_account: financial_account.to_owned(),
        bounds,
        today: today.clone(),
        after: state.cursor.clone(),
        key: key.clone(),
    };
    ui.horizontal_wrapped(|ui| {
        let count = crate::i18n::count(state.rows.len());
        if state.loading {
            ui.spinner();
        }
        if state.has_more {
            widgets::weak(ui, t!("ledger-count-more", count = count));
        } else if !state.loading {
            widgets::weak(ui, t!("ledger-count", count = count));
        }
        if let Some(error) = state.error.clone() {
            ui.colored_label(widgets::RED, t!("ledger-failed", error = error));
            if ui.button(t!("try-again")).clicked() {
                state.error = None;
                state.key = None;
            }
        }
        ui.separator();
        ui.toggle_value(&mut state.chart, t!("ledger-chart"));
        ui.toggle_value(&mut state.platform, t!("ledger-platform")).on_hover_text(t!("ledger-platform-hint"));
    });
    if state.platform {
        platform_charts(ui, state, snapshot, (bounds, version), &tz, &mut commands);
    }
    if let Ok((from, to)) = days(state, &tz) {
        export_row(ui, state, (account, financial_account), (from, to), &tz, &mut commands);
    }
    if state.chart {
        let currency = today.keys().next().cloned().unwrap_or_else(|| "usd".to_owned());
        chart(ui, state, &currency, &tz);
        // The chart covers the whole period: keep loading while it is open.
        if want_more(state) {
            state.pending = Some(next(state));
        }
    }
    let visible: Vec<usize> = (0..state.rows.len())
        .filter(|&i| state.status.as_ref().is_none_or(|s| state.rows[i].status.as_ref() == Some(s)))
        .collect();
    if visible.is_empty() && !state.loading && !state.has_more && state.error.is_none() {
        widgets::weak(ui, t!("ledger-none"));
    }
    let mut near_end = visible.is_empty();
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.spacing().interact_size.y + 4.0;
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::initial(150.0).at_least(100.0).clip(true))
        .column(Column::initial(150.0).at_least(90.0).clip(true))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(95.0))
        .column(Column::auto().at_least(95.0))
        .column(Column::auto().at_least(95.0))
        .column(Column::auto().at_least(105.0))
        .column(Column::remainder().at_least(105.0))
        .header(20.0, |mut header| {
            for title in [
                t!("ledger-col-effective"),
                t!("ledger-col-posted"),
                t!("ledger-col-flow-type"),
                t!("ledger-col-flow"),
                t!("col-status"),
                t!("balance-cash"),
                t!("balance-inbound-pending"),
                t!("balance-outbound-pending"),
                t!("ledger-col-cash-after"),
                t!("ledger-col-inbound-after"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, visible.len(), |mut row| {
                let index = row.index();
                if index + 20 >= visible.len() {
                    near_end = true;
                }
                let Some(r) = visible.get(index).and_then(|&i| state.rows.get(i)) else { return };
                row.col(|ui| {
                    let created = r.created.unwrap_or(r.effective_at);
                    widgets::weak(ui, local(r.effective_at, &tz))
                        .on_hover_text(t!("ledger-created-hover", date = local(created, &tz)));
                });
                row.col(|ui| {
                    widgets::weak(ui, r.posted_at.map(|at| local(at, &tz)).unwrap_or_else(|| "—".to_owned()));
                });
                row.col(|ui| {
                    ui.label(r.flow_type.words()).on_hover_text(r.flow_type.as_str());
                });
                row.col(|ui| {
                    let Some(flow) = &r.flow else {
                        widgets::weak(ui, "—");
                        return;
                    };
                    if r.flow_type == FlowType::InboundTransfer {
                        let link = ui.link(flow).on_hover_text(t!("ledger-open-transfer"));
                        if link.clicked() {
                            commands.push(Command::ShowTransfer(flow.clone()));
                        }
                    } else {
                        widgets::weak(ui, flow);
                    }
                });
                row.col(|ui| match &r.status {
                    Some(status) => {
                        let color = match status {
                            TransactionStatus::Posted => widgets::GREEN,
                            TransactionStatus::Open => widgets::AMBER,
                            _ => widgets::GREY,
                        };
                        widgets::state_chip(ui, status, color);
                    }
                    None => {
                        widgets::weak(ui, "—");
                    }
                });
                for change in [r.change.cash, r.change.inbound_pending, r.change.outbound_pending] {
                    row.col(|ui| {
                        if change == 0 {
                            ui.label("");
                        } else {
                            widgets::money_column(ui, [Money::new(change, &r.currency)]);
                        }
                    });
                }
                for after in [r.after.cash, r.after.inbound_pending] {
                    row.col(|ui| widgets::money_column(ui, [Money::new(after, &r.currency)]));
                }
            });
        });
    if near_end && want_more(state) && state.pending.is_none() {
        state.pending = Some(next(state));
    }
    if let Some(load) = state.pending.take() {
        state.loading = true;
        commands.push(Command::Ledger(Ask::Load(Box::new(load))));
    }
    commands
}

/// The balance history of `currency`: cash and inbound pending after each entry. Coordinates are
/// floats for plotting only; hover text comes from the integer amounts.
fn chart(ui: &mut egui::Ui, state: &mut LedgerState, currency: &str, tz: &jiff::tz::TimeZone) {
    if !state.complete() {
        widgets::weak(ui, t!("ledger-chart-loading"));
    }
    // Built again only when rows arrive: a frame only draws.
    let key = (state.key.clone(), state.rows.len(), state.complete(), currency.to_owned());
    if state.chart_cache.as_ref().is_none_or(|c| c.key != key) {
        let points = state.history(currency);
        let (cash, pending) = steps(&points, currency);
        state.chart_cache = Some(ChartCache { key, points, cash, pending });
    }
    let Some(cache) = state.chart_cache.as_ref() else { return };
    plot(ui, "ledger_chart", (&cache.points, &cache.cash, &cache.pending), currency, tz);
}

/// Cash and inbound pending of `points` as steps (a balance holds until the next entry), in
/// major units of `currency`: plot coordinates only.
fn steps(points: &[(i64, Balances)], currency: &str) -> (Vec<egui_plot::PlotPoint>, Vec<egui_plot::PlotPoint>) {
    use egui_plot::PlotPoint;
    let scale = 10f64.powi(crate::money::exponent(currency).unwrap_or(0) as i32);
    let steps = |pick: fn(&Balances) -> i64| {
        let mut steps: Vec<PlotPoint> = Vec::with_capacity(points.len() * 2);
        for (at, b) in points {
            if let Some(y) = steps.last().map(|p| p.y) {
                steps.push(PlotPoint::new(*at as f64, y));
            }
            steps.push(PlotPoint::new(*at as f64, pick(b) as f64 / scale));
        }
        steps
    };
    (thin(steps(|b| b.cash)), thin(steps(|b| b.inbound_pending)))
}

/// Most vertices a chart line keeps: more than a chart has pixels across.
const MAX_VERTICES: usize = 4_000;

/// `line` with at most about [`MAX_VERTICES`] vertices: per slice of the x range, its first,
/// lowest, highest and last vertex, in order, so every rise and dip stays visible. Drawing only:
/// the hover text reads the exact points.
fn thin(line: Vec<egui_plot::PlotPoint>) -> Vec<egui_plot::PlotPoint> {
    if line.len() <= MAX_VERTICES {
        return line;
    }
    let per = line.len().div_ceil(MAX_VERTICES / 4);
    let mut out = Vec::with_capacity(MAX_VERTICES + 4);
    for chunk in line.chunks(per) {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else { continue };
        let low = chunk.iter().min_by(|a, b| a.y.total_cmp(&b.y)).unwrap_or(first);
        let high = chunk.iter().max_by(|a, b| a.y.total_cmp(&b.y)).unwrap_or(first);
        let (a, b) = if low.x <= high.x { (low, high) } else { (high, low) };
        for p in [first, a, b, last] {
            if out.last().is_none_or(|q: &egui_plot::PlotPoint| q.x != p.x || q.y != p.y) {
                out.push(*p);
            }
        }
    }
    out
}

/// The balance history of every financial account, per currency (loaded when first shown for a
/// period and a sync).
fn platform_charts(
    ui: &mut egui::Ui,
    state: &mut LedgerState,
    snapshot: &Snapshot,
    (bounds, version): ((i64, i64), u64),
    tz: &jiff::tz::TimeZone,
    commands: &mut Vec<Command>,
) {
    let key = (bounds, version);
    let loaded = state.platform_history.as_ref().is_some_and(|(k, _)| *k == key);
    let loading = state.platform_task.as_ref().is_some_and(|(k, _)| *k == key);
    if !loaded && !loading {
        let accounts = snapshot
            .holders()
            .flat_map(|h| h.financial_accounts.iter().map(move |e| (h.account.id.clone(), e.financial_account.clone())))
            .collect();
        state.platform_task = None;
        commands.push(Command::Ledger(Ask::Platform(Box::new(PlatformLoad { accounts, bounds, key }))));
        // Marked as loading now: the command starts it after this frame.
        state.platform_history = None;
    }
    ui.label(RichText::new(t!("ledger-platform-title")).strong());
    match state.platform_history.as_ref().filter(|(k, _)| *k == key).map(|(_, h)| h) {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                widgets::weak(ui, t!("ledger-chart-loading"));
            });
        }
        Some(Err(error)) => {
            ui.colored_label(widgets::RED, t!("ledger-failed", error = error.clone()));
        }
        Some(Ok(histories)) => {
            for (currency, points) in histories {
                widgets::weak(ui, currency.to_uppercase());
                let (cash, pending) = steps(points, currency);
                plot(ui, &format!("ledger_platform_{currency}"), (points, &cash, &pending), currency, tz);
            }
        }
    }
}

/// One balance history chart: dates in `tz` on the x axis, grouped whole units on the y axis,
/// and, anywhere over it, the balances as they stood then, from the integer amounts.
fn plot(
    ui: &mut egui::Ui,
    id: &str,
    (points, cash, pending): (&[(i64, Balances)], &[egui_plot::PlotPoint], &[egui_plot::PlotPoint]),
    currency: &str,
    tz: &jiff::tz::TimeZone,
) {
    use egui_plot::{HoverPosition, Legend, Line, Plot};
    let (cash_name, pending_name) = (t!("balance-cash"), t!("balance-inbound-pending"));
    let x_tz = tz.clone();
    let currency = currency.to_owned();
    Plot::new(id)
        .height(180.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            jiff::Timestamp::from_second(mark.value as i64)
                .map(|t| crate::i18n::date(t.to_zoned(x_tz.clone()).date()))
                .unwrap_or_default()
        })
        // Whole units of the currency, grouped the way the language writes numbers.
        .y_axis_formatter(|mark, _| {
            let whole = mark.value.round();
            let grouped = crate::i18n::count(whole.abs() as usize);
            if whole < 0.0 { format!("-{grouped}") } else { grouped }
        })
        // Anywhere over the chart: the balances as they stood at that moment (after the last
        // entry at or before it), from the integer amounts.
        .label_formatter(|position| {
            let x = match position {
                HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => position.x,
            };
            let at = x as i64;
            let index = points.partition_point(|(t, _)| *t <= at);
            let (_, b) = points.get(index.checked_sub(1)?)?;
            Some(format!(
                "{}\n{}: {}\n{}: {}",
                local(at, tz),
                t!("balance-cash"),
                crate::i18n::money(b.cash, &currency),
                t!("balance-inbound-pending"),
                crate::i18n::money(b.inbound_pending, &currency)
            ))
        })
        .show(ui, |plot| {
            plot.line(Line::new(cash_name, cash).allow_band(false));
            plot.line(Line::new(pending_name, pending).allow_band(false));
        });
}

/// The chart's points for what is loaded, kept until more rows arrive.
struct ChartCache {
    key: (Option<Key>, usize, bool, String),
    points: Vec<(i64, Balances)>,
    cash: Vec<egui_plot::PlotPoint>,
    pending: Vec<egui_plot::PlotPoint>,
}

/// "Export CSV to [path] [Export]": the month-end export of this account and period, written in
/// the background, with how it went.
fn export_row(
    ui: &mut egui::Ui,
    state: &mut LedgerState,
    (account, financial_account): (&str, &str),
    (from, to): (jiff::civil::Date, jiff::civil::Date),
    tz: &jiff::tz::TimeZone,
    commands: &mut Vec<Command>,
) {
    // A default file name naming the account and the days, following the period until the user
    // types their own (even nothing).
    let home = std::env::home_dir().unwrap_or_default();
    let default = home.join(format!("ledger-{financial_account}-{from}-{to}.csv")).to_string_lossy().into_owned();
    if state.export_path == state.export_default {
        state.export_path.clone_from(&default);
    }
    state.export_default = default;
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("ledger-export-to"));
        ui.add(egui::TextEdit::singleline(&mut state.export_path).desired_width(420.0))
            .on_hover_text(t!("ledger-export-hint"));
        let busy = state.export_task.is_some();
        let ready = !busy && !state.export_path.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new(t!("ledger-export"))).clicked() {
            commands.push(Command::Ledger(Ask::Export(Box::new(Export {
                account: account.to_owned(),
                financial_account: financial_account.to_owned(),
                days: (from, to),
                timezone: tz.iana_name().unwrap_or("UTC").to_owned(),
                path: std::path::PathBuf::from(state.export_path.trim()),
            }))));
        }
        if busy {
            ui.spinner();
        }
        match &state.exported {
            Some(Ok((path, rows))) => {
                let (path, rows) = (path.display().to_string(), crate::i18n::count(*rows as usize));
                ui.colored_label(widgets::GREEN, t!("ledger-exported", rows = rows, path = path));
            }
            Some(Err(error)) => {
                ui.colored_label(widgets::RED, t!("ledger-export-failed", error = error.clone()));
            }
            None => {}
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_thinned_but_keeps_its_ends_and_extremes() {
        use egui_plot::PlotPoint;
        let line: Vec<PlotPoint> = (0..20_000)
            .map(|i| PlotPoint::new(f64::from(i), if i == 12_345 { -5.0 } else { f64::from(i % 7) }))
            .collect();
        let thin = thin(line.clone());
        assert!(thin.len() <= MAX_VERTICES + 4, "{}", thin.len());
        assert_eq!((thin[0].x, thin[thin.len() - 1].x), (0.0, 19_999.0));
        assert!(thin.iter().any(|p| p.y == -5.0), "the dip is kept");
        assert!(thin.windows(2).all(|w| w[0].x <= w[1].x), "in order");
        assert_eq!(super::thin(line[..10].to_vec()).len(), 10, "a short line is untouched");
    }
}
