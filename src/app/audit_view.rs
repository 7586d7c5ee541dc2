//! The audit log view: every money action done from this computer, newest first, filterable,
//! copyable as CSV. Reads the log file when opened or reloaded, never every frame.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::widgets::{self, GREEN, RED};
use crate::audit::{self, AuditLog, Entry};

/// Cached entries and the filter.
#[derive(Default)]
pub struct AuditView {
    entries: Option<Result<(Vec<Entry>, usize), String>>,
    filter: String,
}

impl AuditView {
    /// Read the file again on the next frame (after an action was recorded).
    pub fn invalidate(&mut self) {
        self.entries = None;
    }

    /// Draw the view.
    pub fn ui(&mut self, ui: &mut egui::Ui, log: Option<&AuditLog>) {
        ui.heading("Audit log");
        let Some(log) = log else {
            widgets::weak(ui, "No audit log here: this computer has no data directory for treasury-desk.");
            return;
        };
        ui.horizontal(|ui| {
            widgets::weak(ui, format!("{} · one line per action, appended, never rewritten", log.path().display()));
            if ui.button("Reload").clicked() {
                self.entries = None;
            }
        });
        let loaded = self.entries.get_or_insert_with(|| log.read().map_err(|e| e.to_string()));
        let (entries, unreadable) = match loaded {
            Ok((entries, unreadable)) => (entries, *unreadable),
            Err(error) => {
                ui.colored_label(RED, format!("Could not read the audit log: {error}"));
                return;
            }
        };
        if unreadable > 0 {
            ui.colored_label(RED, format!("⚠ {unreadable} lines could not be read (damaged or from a newer version)."));
        }
        let shown: Vec<&Entry> = entries.iter().rev().filter(|e| e.matches(&self.filter)).collect();
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("account, object, action, outcome…")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            widgets::weak(ui, format!("{} of {} actions", shown.len(), entries.len()));
            if ui.button("Copy as CSV").on_hover_text("The rows shown, for a spreadsheet").clicked() {
                let rows: Vec<Entry> = shown.iter().map(|e| (*e).clone()).collect();
                let mut csv = Vec::new();
                if audit::write_csv(&rows, &mut csv).is_ok() {
                    ui.ctx().copy_text(String::from_utf8_lossy(&csv).into_owned());
                }
            }
        });
        if shown.is_empty() {
            widgets::weak(
                ui,
                if entries.is_empty() {
                    "No money action has been taken from this computer yet."
                } else {
                    "No action matches the filter."
                },
            );
            return;
        }
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        TableBuilder::new(ui)
            .striped(true)
            .column(Column::auto().at_least(150.0))
            .column(Column::auto().at_least(60.0))
            .column(Column::auto().at_least(70.0))
            .column(Column::initial(190.0).clip(true))
            .column(Column::initial(200.0).clip(true))
            .column(Column::initial(160.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(20.0, |mut header| {
                for title in ["Time (UTC)", "Mode", "Action", "Object", "Connected account", "Request id", "Outcome"] {
                    header.col(|ui| {
                        ui.label(RichText::new(title).small().strong());
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, shown.len(), |mut row| {
                    let Some(entry) = shown.get(row.index()) else { return };
                    row.col(|ui| {
                        widgets::weak(ui, entry.time.get(..19).unwrap_or(&entry.time).replace('T', " "));
                    });
                    row.col(|ui| {
                        ui.label(&entry.mode);
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(&entry.action).strong());
                    });
                    row.col(|ui| {
                        ui.label(&entry.object).on_hover_text(format!(
                            "by {} · key {}",
                            entry.os_user,
                            entry.idempotency_key.as_deref().unwrap_or("—")
                        ));
                    });
                    row.col(|ui| {
                        ui.label(entry.connected_account.as_deref().unwrap_or("—"));
                    });
                    row.col(|ui| {
                        widgets::weak(ui, entry.request_id.as_deref().unwrap_or("—"));
                    });
                    row.col(|ui| {
                        let color = if entry.outcome.starts_with("done") { GREEN } else { RED };
                        ui.colored_label(color, &entry.outcome).on_hover_text(&entry.outcome);
                    });
                });
            });
    }
}
