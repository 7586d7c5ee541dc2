//! The landing view: platform-wide totals by balance type and currency, linked-bank totals,
//! and the triage list of what needs a person. Reads the snapshot; returns commands.

use std::collections::BTreeSet;

use eframe::egui::{self, RichText};

use super::widgets::{self, AMBER, RED};
use super::{Command, View};
use crate::money::{Money, Totals};
use crate::snapshot::{Attention, FinancialTotals, LinkedTotals, Snapshot, StripeBalanceTotals};

/// One triage row, worded once per data change.
struct Row {
    color: egui::Color32,
    what: String,
    detail: String,
    account_id: String,
    account_name: String,
}

/// What the overview shows, derived once per data version: at 10,000 accounts and 100,000
/// transfers, deriving it every frame would take longer than a frame.
struct Derived {
    counts: (usize, usize, usize),
    totals: FinancialTotals,
    linked: LinkedTotals,
    stripe: StripeBalanceTotals,
    own: Option<Own>,
    rows: Vec<Row>,
}

/// The platform's own money: its Stripe balance and its financial accounts.
struct Own {
    account_id: String,
    stripe: StripeBalanceTotals,
    financial: FinancialTotals,
    financial_accounts: usize,
    /// Stripe said the platform is not onboarded to Treasury (no financial accounts, no error).
    not_onboarded: bool,
}

impl Own {
    fn of(own: &crate::snapshot::ConnectedAccount) -> Self {
        Self {
            account_id: own.account.id.clone(),
            stripe: StripeBalanceTotals::of([own]),
            financial: own.totals(),
            financial_accounts: own.financial_accounts.len(),
            not_onboarded: own.financial_accounts_read == crate::snapshot::FinancialAccountsRead::NotOnboarded,
        }
    }
}

/// The overview's cache.
#[derive(Default)]
pub struct OverviewState {
    cache: Option<(u64, Derived)>,
}

impl OverviewState {
    fn derived(&mut self, snapshot: &Snapshot, version: u64) -> &Derived {
        if self.cache.as_ref().is_some_and(|(v, _)| *v != version) {
            self.cache = None;
        }
        let (_, derived) = self.cache.get_or_insert_with(|| {
            let derived = Derived {
                counts: snapshot.counts(),
                totals: snapshot.totals(),
                linked: snapshot.linked_totals(),
                stripe: snapshot.stripe_balance_totals(),
                own: snapshot.platform_own.as_ref().map(Own::of),
                rows: attention_rows(snapshot),
            };
            (version, derived)
        });
        derived
    }
}

/// Draw the overview.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot, version: u64, state: &mut OverviewState) -> Vec<Command> {
    let mut commands = Vec::new();
    let derived = state.derived(snapshot, version);
    ui.heading("Overview");
    let (fas, transfers, linked) = derived.counts;
    widgets::weak(
        ui,
        format!(
            "{} connected accounts · {fas} financial accounts · {transfers} inbound transfers · {linked} linked bank accounts",
            snapshot.accounts.len()
        ),
    );
    {
        if let Some(own) = &derived.own {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("The platform's own money").strong());
                let plural = if own.financial_accounts == 1 { "" } else { "s" };
                let open = format!("Open ({} financial account{plural})", own.financial_accounts);
                if ui.link(open).on_hover_text("Its financial accounts and their transfers").clicked() {
                    commands.push(Command::Show(View::Account(own.account_id.clone())));
                }
                if own.not_onboarded {
                    widgets::weak(ui, "not onboarded to Treasury");
                }
            });
            totals_grid(
                ui,
                "own_totals",
                &[
                    ("Stripe: available", &own.stripe.available, "The platform's Stripe balance, available now"),
                    ("Stripe: pending", &own.stripe.pending, "Still settling"),
                    ("FA cash", &own.financial.cash, "Cash in the platform's own financial accounts"),
                    ("FA inbound", &own.financial.inbound_pending, "On the way into them"),
                    ("FA outbound", &own.financial.outbound_pending, "On the way out of them"),
                ],
            );
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Financial account balances (all connected accounts)").strong());
        let totals = &derived.totals;
        totals_grid(
            ui,
            "fa_totals",
            &[
                ("Cash", &totals.cash, "Funds available to use"),
                ("Inbound pending", &totals.inbound_pending, "On the way in, not yet usable"),
                ("Outbound pending", &totals.outbound_pending, "On the way out, already reserved"),
            ],
        );
        composition(ui, totals);
        ui.add_space(10.0);
        ui.label(RichText::new("Stripe balances (all connected accounts)").strong()).on_hover_text(
            "Each connected account's own Stripe balance (payments, payouts), separate from its financial \
             accounts: 100 USD here and 200 USD in a financial account are 300 USD in all.",
        );
        let stripe = &derived.stripe;
        totals_grid(
            ui,
            "stripe_totals",
            &[
                ("Available", &stripe.available, "Can be paid out or moved now"),
                ("Pending", &stripe.pending, "Payments still settling"),
            ],
        );
        if stripe.unread > 0 {
            ui.colored_label(
                AMBER,
                format!("⚠ Leaves out {} accounts whose Stripe balance could not be read.", stripe.unread),
            );
        }
        ui.add_space(10.0);
        ui.label(RichText::new("Linked bank accounts (as last reported by each bank)").strong());
        let linked = &derived.linked;
        totals_grid(
            ui,
            "linked_totals",
            &[
                ("Cash: current", &linked.cash_current, "Posted balance of checking and savings accounts"),
                ("Cash: available", &linked.cash_available, "Where the bank reports it; ACH checks use this"),
                ("Credit: current", &linked.credit_current, "Posted balance; negative = owed by the holder"),
                ("Credit: used", &linked.credit_used, "Credit drawn"),
            ],
        );
        widgets::weak(ui, "Not platform money: these are the holders' own bank accounts, some up to 24 h old.");
        ui.add_space(10.0);
        commands.extend(attention_ui(ui, &derived.rows));
    }
    commands
}

/// Per currency, how the financial-account money splits: usable cash, arriving, leaving.
fn composition(ui: &mut egui::Ui, totals: &crate::snapshot::FinancialTotals) {
    let currencies: BTreeSet<&String> =
        totals.cash.0.keys().chain(totals.inbound_pending.0.keys()).chain(totals.outbound_pending.0.keys()).collect();
    if currencies.is_empty() {
        return;
    }
    ui.add_space(4.0);
    egui::Grid::new("composition").spacing([12.0, 4.0]).show(ui, |ui| {
        for currency in currencies {
            let get = |t: &Totals| t.0.get(currency).copied().unwrap_or(0);
            ui.label(RichText::new(currency.to_uppercase()).small());
            let segments = [
                widgets::Segment { name: "Cash", amount: get(&totals.cash), color: widgets::GREEN },
                widgets::Segment {
                    name: "Inbound pending",
                    amount: get(&totals.inbound_pending),
                    color: widgets::BLUE,
                },
                widgets::Segment { name: "Outbound pending", amount: get(&totals.outbound_pending), color: AMBER },
            ];
            widgets::composition_bar(ui, &segments, 420.0);
            ui.end_row();
        }
    });
    ui.horizontal(|ui| {
        for (name, color) in [("cash", widgets::GREEN), ("inbound pending", widgets::BLUE), ("outbound pending", AMBER)]
        {
            ui.colored_label(color, "■");
            widgets::weak(ui, name);
        }
        widgets::weak(ui, "(share of each currency's total; hover for percentages)");
    });
}

/// Rows: currencies; columns: the given balance types. Amounts right-aligned.
fn totals_grid(ui: &mut egui::Ui, id: &str, columns: &[(&str, &Totals, &str)]) {
    let currencies: BTreeSet<&String> = columns.iter().flat_map(|(_, t, _)| t.0.keys()).collect();
    if currencies.is_empty() {
        widgets::weak(ui, "Nothing yet.");
        return;
    }
    egui::Grid::new(id).striped(true).min_col_width(70.0).spacing([24.0, 4.0]).show(ui, |ui| {
        ui.label(RichText::new("Currency").small().strong());
        for (name, _, hint) in columns {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(*name).small().strong()).on_hover_text(*hint);
            });
        }
        ui.end_row();
        for currency in currencies {
            ui.label(currency.to_uppercase());
            for (_, totals, _) in columns {
                let amount = totals.0.get(currency).copied().unwrap_or(0);
                widgets::money_column(ui, [Money::new(amount, currency)]);
            }
            ui.end_row();
        }
    });
}

fn attention_rows(snapshot: &Snapshot) -> Vec<Row> {
    let name = |account_id: &str| {
        snapshot.account(account_id).map_or(account_id.to_owned(), |a| a.account.display_name().to_owned())
    };
    let today = jiff::Zoned::now().date();
    snapshot
        .attention()
        .into_iter()
        .map(|item| {
            let (color, what, detail) = match &item {
                Attention::AwaitingConfirmation { amount, currency, deadline, transfer_id, .. } => {
                    let urgent = deadline.is_some_and(|d| d <= today.tomorrow().unwrap_or(today));
                    let by = deadline.map_or("unknown".to_owned(), |d| d.strftime("%a %Y-%m-%d").to_string());
                    (
                        if urgent { RED } else { AMBER },
                        format!("Awaiting confirmation: {}", Money::new(*amount, currency)),
                        format!("decide by {by} · {transfer_id}"),
                    )
                }
                Attention::RelinkRequired { label, .. } => (AMBER, "Relink required".to_owned(), label.clone()),
                Attention::LinkLost { label, reason, .. } => {
                    (RED, "Bank link lost".to_owned(), format!("{label} · {reason}"))
                }
                Attention::NegativeBalance { financial_account, amount, currency, account_id } => {
                    let detail = match financial_account {
                        Some(label) => format!("{label}: cash below zero"),
                        None if *account_id == snapshot.platform.id => "the platform's Stripe balance".to_owned(),
                        None => "Stripe balance: the platform is liable for what the account owes".to_owned(),
                    };
                    (RED, format!("Negative balance: {}", Money::new(*amount, currency)), detail)
                }
                Attention::RefreshFailed { label, .. } => (AMBER, "Balance refresh failed".to_owned(), label.clone()),
                Attention::RestrictedFeatures { financial_account_id, features, reason, .. } => {
                    let mut detail = format!("{financial_account_id}: {}", features.join(", "));
                    if let Some(reason) = reason {
                        detail.push_str(&format!(" ({reason})"));
                    }
                    (RED, "Restricted features".to_owned(), detail)
                }
                Attention::LoadFailed { error, .. } => (RED, "Could not load".to_owned(), error.clone()),
            };
            let account_id = item.account_id().to_owned();
            Row { color, what, detail, account_name: name(&account_id), account_id }
        })
        .collect()
}

/// The triage list: virtualised, so ten thousand items cost what fits on screen.
fn attention_ui(ui: &mut egui::Ui, rows: &[Row]) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.label(RichText::new(format!("Needs attention ({})", rows.len())).strong());
    if rows.is_empty() {
        widgets::weak(ui, "Nothing needs attention.");
        return commands;
    }
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.spacing().interact_size.y;
    egui_extras::TableBuilder::new(ui)
        .id_salt("attention")
        .striped(true)
        .column(egui_extras::Column::auto().at_least(230.0))
        .column(egui_extras::Column::auto().at_least(170.0))
        .column(egui_extras::Column::remainder().clip(true))
        .body(|body| {
            body.rows(row_height, rows.len(), |mut table_row| {
                let Some(row) = rows.get(table_row.index()) else { return };
                table_row.col(|ui| {
                    ui.colored_label(row.color, &row.what);
                });
                table_row.col(|ui| {
                    if ui.link(&row.account_name).on_hover_text("Open this account").clicked() {
                        commands.push(Command::Show(View::Account(row.account_id.clone())));
                    }
                });
                table_row.col(|ui| {
                    widgets::weak(ui, &row.detail);
                });
            });
        });
    commands
}
