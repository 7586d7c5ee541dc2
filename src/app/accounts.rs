//! The connected-accounts list (left panel): name, treasury capability, FA count, cash.
//! Filters and selects; owns no data.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::widgets::{self, AMBER, GREEN, GREY, RED};
use super::{Command, View};
use crate::i18n::Words;
use crate::snapshot::{ConnectedAccount, Snapshot};
use crate::stripe::account::CapabilityStatus;
use crate::t;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// As Stripe lists them: newest first.
    #[default]
    Newest,
    /// By display name.
    Name,
    /// By open financial accounts, most first.
    FinancialAccounts,
    /// By cash, largest first (USD first, then other currencies' sum).
    Cash,
}

/// List order, filter cache and the keyboard cursor.
#[derive(Default)]
pub struct AccountsState {
    /// Order.
    pub sort: SortBy,
    cache: Option<((u64, String, SortBy), Vec<usize>)>,
}

impl AccountsState {
    /// Indices of the accounts to show, recomputed only when data, filter or order changed.
    fn rows(&mut self, snapshot: &Snapshot, version: u64, filter: &str) -> &[usize] {
        let key = (version, filter.to_owned(), self.sort);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let mut rows: Vec<usize> = (0..snapshot.accounts.len())
                .filter(|&i| snapshot.accounts.get(i).is_some_and(|a| matches(a, filter)))
                .collect();
            let account = |i: &usize| snapshot.accounts.get(*i);
            match self.sort {
                SortBy::Newest => {}
                SortBy::Name => {
                    rows.sort_by_cached_key(|i| account(i).map(|a| a.account.display_name().to_lowercase()))
                }
                SortBy::FinancialAccounts => rows
                    .sort_by_key(|i| std::cmp::Reverse(account(i).map_or(0, |a| a.open_financial_accounts().count()))),
                SortBy::Cash => rows.sort_by_cached_key(|i| {
                    let totals = account(i).map(|a| a.totals().cash).unwrap_or_default();
                    let usd = totals.0.get("usd").copied().unwrap_or(0);
                    let rest: i64 = totals.0.iter().filter(|(c, _)| *c != "usd").map(|(_, v)| *v).sum();
                    std::cmp::Reverse((usd, rest))
                }),
            }
            self.cache = Some((key, rows));
        }
        self.cache.as_ref().map_or(&[], |(_, rows)| rows)
    }
}

/// True when `account` matches the filter text: name, email, id, a financial account's id or
/// nickname, a linked bank's institution or last 4 digits (case-insensitive).
pub fn matches(account: &ConnectedAccount, filter: &str) -> bool {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let a = &account.account;
    [Some(a.display_name()), Some(a.id.as_str()), a.email.as_deref()]
        .into_iter()
        .flatten()
        .chain(account.financial_accounts.iter().map(|e| e.financial_account.id.as_str()))
        .chain(account.financial_accounts.iter().filter_map(|e| e.financial_account.nickname.as_deref()))
        .chain(account.linked_accounts.iter().map(|l| l.institution_name.as_str()))
        .chain(account.linked_accounts.iter().filter_map(|l| l.last4.as_deref()))
        .any(|text| text.to_lowercase().contains(&needle))
}

/// Draw the list panel.
pub fn ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    version: u64,
    state: &mut AccountsState,
    view: &View,
    filter: &str,
) -> Vec<Command> {
    let selected = match view {
        View::Account(id) => Some(id.as_str()),
        _ => None,
    };
    let mut commands = Vec::new();
    egui::Panel::left("accounts").resizable(true).default_size(370.0).min_size(300.0).show(ui, |ui| {
        // Labels in rows must not take the click for text selection: a click anywhere opens the account.
        ui.style_mut().interaction.selectable_labels = false;
        let rows: Vec<&ConnectedAccount> =
            state.rows(snapshot, version, filter).iter().filter_map(|&i| snapshot.accounts.get(i)).collect();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new(t!("accounts-title")).strong());
            let (shown, all) = (crate::i18n::count(rows.len()), crate::i18n::count(snapshot.accounts.len()));
            widgets::weak(ui, t!("accounts-shown", shown = shown, all = all));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                egui::ComboBox::from_label(t!("accounts-sort"))
                    .selected_text(match state.sort {
                        SortBy::Newest => t!("accounts-sort-newest"),
                        SortBy::Name => t!("accounts-sort-name"),
                        SortBy::FinancialAccounts => t!("accounts-sort-fas"),
                        SortBy::Cash => t!("accounts-sort-cash"),
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.sort, SortBy::Newest, t!("accounts-sort-newest"));
                        ui.selectable_value(&mut state.sort, SortBy::Name, t!("accounts-sort-name"));
                        ui.selectable_value(&mut state.sort, SortBy::FinancialAccounts, t!("accounts-sort-fas"));
                        ui.selectable_value(&mut state.sort, SortBy::Cash, t!("accounts-sort-cash-usd-first"));
                    });
            });
        });
        // ↑/↓ move through the list and open the account; the detail follows the cursor.
        let current = selected.and_then(|id| rows.iter().position(|a| a.account.id == id));
        let mut scroll_to = None;
        if !ui.ctx().egui_wants_keyboard_input() {
            let (down, up) = ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
            let next = match (down, up, current) {
                (true, _, None) | (_, true, None) => Some(0),
                (true, _, Some(i)) => Some((i + 1).min(rows.len().saturating_sub(1))),
                (_, true, Some(i)) => Some(i.saturating_sub(1)),
                _ => None,
            };
            if let Some(next) = next.filter(|n| Some(*n) != current)
                && let Some(account) = rows.get(next)
            {
                commands.push(Command::Show(View::Account(account.account.id.clone())));
                scroll_to = Some(next);
            }
        }
        ui.separator();
        if rows.is_empty() {
            widgets::weak(ui, if snapshot.accounts.is_empty() { t!("accounts-none") } else { t!("accounts-no-match") });
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 4.0;
        // A scroll bar of its own, not floating over the cash column's last characters.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        let mut table = TableBuilder::new(ui);
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, None);
        }
        table
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::remainder().at_least(150.0).clip(true))
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(28.0))
            .column(Column::auto().at_least(110.0))
            .header(20.0, |mut header| {
                for title in [t!("col-account"), t!("col-treasury"), t!("col-fas")] {
                    header.col(|ui| {
                        ui.label(RichText::new(title).small().strong());
                    });
                }
                header.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                        ui.label(RichText::new(t!("balance-cash")).small().strong());
                    });
                });
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |mut row| {
                    let Some(connected) = rows.get(row.index()) else {
                        return;
                    };
                    let account = &connected.account;
                    row.set_selected(selected == Some(account.id.as_str()));
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            ui.label(account.display_name());
                            widgets::weak(ui, &account.id);
                        });
                    });
                    row.col(|ui| {
                        let color = match account.treasury_capability() {
                            Some(CapabilityStatus::Active) => GREEN,
                            Some(CapabilityStatus::Pending) => AMBER,
                            Some(CapabilityStatus::Inactive) => RED,
                            Some(CapabilityStatus::Unknown(_)) | None => GREY,
                        };
                        match account.treasury_capability() {
                            Some(capability) => {
                                ui.colored_label(color, capability.words()).on_hover_text(capability.as_str());
                            }
                            None => {
                                ui.colored_label(color, "—");
                            }
                        }
                    });
                    row.col(|ui| {
                        let open = connected.open_financial_accounts().count();
                        let closed = connected.financial_accounts.len() - open;
                        // Worded when hovered, not in every frame.
                        ui.label(open.to_string()).on_hover_ui(|ui| {
                            ui.label(t!("accounts-fas-hint", open = open, closed = closed));
                        });
                        if !connected.errors.is_empty() {
                            ui.colored_label(RED, "⚠").on_hover_text(connected.errors.join("\n"));
                        }
                    });
                    row.col(|ui| {
                        let totals = connected.totals();
                        widgets::money_column(ui, totals.cash.iter());
                    });
                    if row.response().clicked() {
                        commands.push(Command::Show(View::Account(account.id.clone())));
                    }
                });
            });
    });
    commands
}
