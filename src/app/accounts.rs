//! The connected-accounts list (left panel): name, treasury capability, FA count, cash.
//! Filters and selects; owns no data.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::widgets::{self, AMBER, GREEN, GREY, RED};
use super::{Command, View};
use crate::snapshot::{ConnectedAccount, Snapshot};
use crate::stripe::account::CapabilityStatus;

/// True when `account` matches the filter text (name, email, id; case-insensitive).
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
        .any(|text| text.to_lowercase().contains(&needle))
}

/// Draw the list panel.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot, view: &View, filter: &str) -> Vec<Command> {
    let selected = match view {
        View::Account(id) => Some(id.as_str()),
        _ => None,
    };
    let mut commands = Vec::new();
    egui::Panel::left("accounts").resizable(true).default_size(400.0).min_size(320.0).show(ui, |ui| {
        // Labels in rows must not take the click for text selection: a click anywhere opens the account.
        ui.style_mut().interaction.selectable_labels = false;
        let rows: Vec<&ConnectedAccount> = snapshot.accounts.iter().filter(|a| matches(a, filter)).collect();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("Connected accounts").strong());
            widgets::weak(ui, format!("{} of {}", rows.len(), snapshot.accounts.len()));
        });
        ui.separator();
        if rows.is_empty() {
            widgets::weak(
                ui,
                if snapshot.accounts.is_empty() {
                    "This platform has no connected accounts."
                } else {
                    "No account matches the filter."
                },
            );
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 4.0;
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::remainder().at_least(150.0).clip(true))
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(28.0))
            .column(Column::auto().at_least(110.0))
            .header(20.0, |mut header| {
                for title in ["Account", "Treasury", "FAs"] {
                    header.col(|ui| {
                        ui.label(RichText::new(title).small().strong());
                    });
                }
                header.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                        ui.label(RichText::new("Cash").small().strong());
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
                        let (text, color) = match account.treasury_capability() {
                            Some(CapabilityStatus::Active) => ("active", GREEN),
                            Some(CapabilityStatus::Pending) => ("pending", AMBER),
                            Some(CapabilityStatus::Inactive) => ("inactive", RED),
                            Some(CapabilityStatus::Unknown(other)) => (other.as_str(), GREY),
                            None => ("—", GREY),
                        };
                        ui.colored_label(color, text);
                    });
                    row.col(|ui| {
                        let open = connected.open_financial_accounts().count();
                        ui.label(open.to_string()).on_hover_text(format!(
                            "{open} open, {} closed",
                            connected.financial_accounts.len() - open
                        ));
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
