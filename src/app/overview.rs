//! The landing view: platform-wide totals by balance type and currency, and counts.
//! Reads the snapshot; returns nothing.

use eframe::egui::{self, RichText};

use super::widgets;
use crate::money::Totals;
use crate::snapshot::Snapshot;

/// Draw the overview.
pub fn ui(ui: &mut egui::Ui, snapshot: &Snapshot) {
    ui.heading("Overview");
    let (fas, transfers, linked) = snapshot.counts();
    widgets::weak(
        ui,
        format!(
            "{} connected accounts · {fas} financial accounts · {transfers} inbound transfers · {linked} linked bank accounts",
            snapshot.accounts.len()
        ),
    );
    ui.add_space(8.0);
    ui.label(RichText::new("Financial account balances (all connected accounts)").strong());
    let totals = snapshot.totals();
    egui::Grid::new("overview_totals").striped(true).min_col_width(120.0).show(ui, |ui| {
        ui.label(RichText::new("Balance type").small().strong());
        ui.label(RichText::new("Total").small().strong());
        ui.end_row();
        let rows: [(&str, &Totals, &str); 3] = [
            ("Cash", &totals.cash, "Funds available to use"),
            ("Inbound pending", &totals.inbound_pending, "On the way in, not yet usable"),
            ("Outbound pending", &totals.outbound_pending, "On the way out, already reserved"),
        ];
        for (name, total, hint) in rows {
            ui.label(name).on_hover_text(hint);
            ui.vertical(|ui| {
                if total.is_empty() {
                    widgets::weak(ui, "—");
                }
                for amount in total.iter() {
                    widgets::money(ui, amount);
                }
            });
            ui.end_row();
        }
    });
    let failing: Vec<_> = snapshot.accounts.iter().filter(|a| !a.errors.is_empty()).collect();
    if !failing.is_empty() {
        ui.add_space(8.0);
        ui.colored_label(widgets::RED, format!("⚠ {} accounts could not be fully loaded:", failing.len()));
        for account in failing {
            ui.label(format!(
                "{} ({}): {}",
                account.account.display_name(),
                account.account.id,
                account.errors.join("; ")
            ));
        }
    }
}
