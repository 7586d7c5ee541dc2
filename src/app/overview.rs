//! The landing view: platform-wide totals by balance type and currency, linked-bank totals,
//! and the triage list of what needs a person. Reads the snapshot; returns commands.

use std::collections::BTreeSet;

use eframe::egui::{self, RichText};

use super::widgets::{self, AMBER, RED};
use super::{Command, View};
use crate::i18n::{self, Lang, Words};
use crate::money::{Money, Totals};
use crate::snapshot::{Attention, FinancialTotals, LinkedTotals, Snapshot, StripeBalanceTotals};
use crate::t;

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

/// The overview's cache, per data version and language (the rows are worded).
#[derive(Default)]
pub struct OverviewState {
    cache: Option<((u64, Lang), Derived)>,
}

impl OverviewState {
    fn derived(&mut self, snapshot: &Snapshot, version: u64) -> &Derived {
        let version = (version, i18n::current());
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
    ui.heading(t!("overview-title"));
    let (fas, transfers, linked) = derived.counts;
    widgets::weak(
        ui,
        t!(
            "overview-counts",
            accounts = i18n::count(snapshot.accounts.len()),
            fas = i18n::count(fas),
            transfers = i18n::count(transfers),
            linked = i18n::count(linked)
        ),
    );
    {
        if let Some(own) = &derived.own {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new(t!("overview-own-money")).strong());
                let open = t!("overview-own-open", count = own.financial_accounts);
                if ui.link(open).on_hover_text(t!("overview-own-open-hint")).clicked() {
                    commands.push(Command::Show(View::Account(own.account_id.clone())));
                }
                if own.not_onboarded {
                    widgets::weak(ui, t!("treasury-not-onboarded"));
                }
            });
            totals_grid(
                ui,
                "own_totals",
                &[
                    (
                        t!("overview-own-stripe-available"),
                        &own.stripe.available,
                        t!("overview-own-stripe-available-hint"),
                    ),
                    (t!("overview-own-stripe-pending"), &own.stripe.pending, t!("overview-own-stripe-pending-hint")),
                    (t!("overview-own-fa-cash"), &own.financial.cash, t!("overview-own-fa-cash-hint")),
                    (t!("overview-own-fa-inbound"), &own.financial.inbound_pending, t!("overview-own-fa-inbound-hint")),
                    (
                        t!("overview-own-fa-outbound"),
                        &own.financial.outbound_pending,
                        t!("overview-own-fa-outbound-hint"),
                    ),
                ],
            );
        }
        ui.add_space(8.0);
        ui.label(RichText::new(t!("overview-fa-balances")).strong());
        let totals = &derived.totals;
        totals_grid(
            ui,
            "fa_totals",
            &[
                (t!("balance-cash"), &totals.cash, t!("balance-cash-hint")),
                (t!("balance-inbound-pending"), &totals.inbound_pending, t!("balance-inbound-pending-hint")),
                (t!("balance-outbound-pending"), &totals.outbound_pending, t!("balance-outbound-pending-hint")),
            ],
        );
        composition(ui, totals);
        ui.add_space(10.0);
        ui.label(RichText::new(t!("overview-stripe-balances")).strong())
            .on_hover_text(t!("overview-stripe-balances-hint"));
        let stripe = &derived.stripe;
        totals_grid(
            ui,
            "stripe_totals",
            &[
                (t!("stripe-available"), &stripe.available, t!("stripe-available-hint")),
                (t!("stripe-pending"), &stripe.pending, t!("stripe-pending-hint")),
            ],
        );
        if stripe.unread > 0 {
            ui.colored_label(AMBER, format!("⚠ {}", t!("overview-stripe-unread", count = stripe.unread)));
        }
        ui.add_space(10.0);
        ui.label(RichText::new(t!("overview-linked")).strong());
        let linked = &derived.linked;
        totals_grid(
            ui,
            "linked_totals",
            &[
                (t!("overview-linked-cash-current"), &linked.cash_current, t!("overview-linked-cash-current-hint")),
                (
                    t!("overview-linked-cash-available"),
                    &linked.cash_available,
                    t!("overview-linked-cash-available-hint"),
                ),
                (
                    t!("overview-linked-credit-current"),
                    &linked.credit_current,
                    t!("overview-linked-credit-current-hint"),
                ),
                (t!("overview-linked-credit-used"), &linked.credit_used, t!("overview-linked-credit-used-hint")),
            ],
        );
        widgets::weak(ui, t!("overview-linked-note"));
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
            let names = [t!("balance-cash"), t!("balance-inbound-pending"), t!("balance-outbound-pending")];
            let segments = [
                widgets::Segment { name: &names[0], amount: get(&totals.cash), color: widgets::GREEN },
                widgets::Segment { name: &names[1], amount: get(&totals.inbound_pending), color: widgets::BLUE },
                widgets::Segment { name: &names[2], amount: get(&totals.outbound_pending), color: AMBER },
            ];
            widgets::composition_bar(ui, &segments, 420.0);
            ui.end_row();
        }
    });
    ui.horizontal(|ui| {
        let legend = [
            (t!("balance-cash"), widgets::GREEN),
            (t!("balance-inbound-pending"), widgets::BLUE),
            (t!("balance-outbound-pending"), AMBER),
        ];
        for (name, color) in legend {
            ui.colored_label(color, "■");
            widgets::weak(ui, name);
        }
        widgets::weak(ui, t!("overview-composition-note"));
    });
}

/// Rows: currencies; columns: the given balance types. Amounts right-aligned.
fn totals_grid(ui: &mut egui::Ui, id: &str, columns: &[(String, &Totals, String)]) {
    let currencies: BTreeSet<&String> = columns.iter().flat_map(|(_, t, _)| t.0.keys()).collect();
    if currencies.is_empty() {
        widgets::weak(ui, t!("nothing-yet"));
        return;
    }
    // Too wide for a narrow window (five figures a row in German): it scrolls sideways, never cut,
    // the currency staying in place.
    let currencies: Vec<&String> = currencies.into_iter().collect();
    let id = ui.make_persistent_id(("totals_grid", id));
    widgets::sticky_grid(
        ui,
        id,
        currencies.len() + 1,
        (egui::vec2(16.0, 4.0), 70.0),
        |ui, row| match row.checked_sub(1).and_then(|i| currencies.get(i)) {
            None => {
                ui.label(RichText::new(t!("currency")).small().strong());
            }
            Some(currency) => {
                ui.label(currency.to_uppercase());
            }
        },
        |ui, row| match row.checked_sub(1).and_then(|i| currencies.get(i)) {
            None => {
                for (name, _, hint) in columns {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(RichText::new(name.as_str()).small().strong()).on_hover_text(hint.as_str());
                    });
                }
            }
            Some(currency) => {
                for (_, totals, _) in columns {
                    let amount = totals.0.get(*currency).copied().unwrap_or(0);
                    widgets::money_column(ui, [Money::new(amount, currency)]);
                }
            }
        },
    );
}

fn attention_rows(snapshot: &Snapshot) -> Vec<Row> {
    let name = |account_id: &str| {
        snapshot.account(account_id).map_or(account_id.to_owned(), |a| a.account.display_name().to_owned())
    };
    let today = super::format::today();
    snapshot
        .attention()
        .into_iter()
        .map(|item| {
            let (color, what, detail) = match &item {
                Attention::AwaitingConfirmation { amount, currency, deadline, transfer_id, .. } => {
                    let urgent = deadline.is_some_and(|d| d <= today.tomorrow().unwrap_or(today));
                    let by = deadline.map_or_else(|| t!("unknown"), i18n::weekday_date);
                    (
                        if urgent { RED } else { AMBER },
                        t!("attention-awaiting", amount = Money::new(*amount, currency).to_string()),
                        format!("{} · {transfer_id}", t!("transfer-decide-by", date = by)),
                    )
                }
                Attention::RelinkRequired { label, .. } => (AMBER, t!("attention-relink"), label.clone()),
                Attention::LinkLost { label, status, cause, .. } => {
                    let why = match cause {
                        Some(cause) => t!("attention-link-lost-cause", cause = cause.words()),
                        None => status.words(),
                    };
                    (RED, t!("attention-link-lost"), format!("{label} · {why}"))
                }
                Attention::NegativeBalance { financial_account, amount, currency, account_id } => {
                    let detail = match financial_account {
                        Some(label) => t!("attention-negative-fa", fa = label.clone()),
                        None if *account_id == snapshot.platform.id => t!("attention-negative-platform"),
                        None => t!("attention-negative-stripe"),
                    };
                    (RED, t!("attention-negative", amount = Money::new(*amount, currency).to_string()), detail)
                }
                Attention::ReturnedTransfer { financial_account, transfer_id, amount, currency, .. } => (
                    RED,
                    t!("attention-returned", amount = Money::new(*amount, currency).to_string()),
                    t!("attention-returned-detail", fa = financial_account.clone(), transfer = transfer_id.clone()),
                ),
                Attention::RefreshFailed { label, .. } => (AMBER, t!("attention-refresh-failed"), label.clone()),
                Attention::RestrictedFeatures { financial_account_id, features, reason, .. } => {
                    let features: Vec<String> = features.iter().map(Words::words).collect();
                    let mut detail = format!("{financial_account_id}: {}", features.join(", "));
                    if let Some(reason) = reason {
                        detail.push_str(&format!(" ({reason})"));
                    }
                    (RED, t!("attention-restricted"), detail)
                }
                Attention::LoadFailed { error, .. } => (RED, t!("attention-load-failed"), error.clone()),
            };
            let account_id = item.account_id().to_owned();
            Row { color, what, detail, account_name: name(&account_id), account_id }
        })
        .collect()
}

/// The triage list: virtualised, so ten thousand items cost what fits on screen.
fn attention_ui(ui: &mut egui::Ui, rows: &[Row]) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.label(RichText::new(t!("attention-title", count = i18n::count(rows.len()))).strong());
    if rows.is_empty() {
        widgets::weak(ui, t!("attention-none"));
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
                    if ui.link(&row.account_name).on_hover_text(t!("open-account-hint")).clicked() {
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
