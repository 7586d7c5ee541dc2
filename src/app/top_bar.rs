//! The top bar: mode badge, platform, last sync, sync button with progress, account filter.
//! Reads a [`Status`] it does not own; returns commands.

use eframe::egui::{self, RichText};

use super::widgets::{self, BLUE, RED};
use super::{Command, Source, SyncSummary, View, format};
use crate::snapshot::Snapshot;
use crate::stripe::Mode;

/// What the bar shows.
pub struct Status<'a> {
    /// Where data comes from.
    pub source: Source,
    /// The API base in use.
    pub api_base: &'a str,
    /// Data shown, if any.
    pub snapshot: Option<&'a Snapshot>,
    /// `(done, total)` while syncing.
    pub progress: Option<(usize, usize)>,
    /// What the last finished sync read and kept.
    pub last_sync: Option<SyncSummary>,
    /// The last sync's error.
    pub error: Option<&'a str>,
    /// The current view.
    pub view: &'a View,
}

/// Draw the bar.
pub fn ui(ui: &mut egui::Ui, status: &Status<'_>, filter: &mut String) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let (fill, hint) = match status.source {
                Source::Sandbox => (BLUE, "Built-in sandbox: made-up data, no real money"),
                Source::Stripe(Mode::Test) => (widgets::AMBER, "Stripe test mode: no real money"),
                Source::Stripe(Mode::Live) => (RED, "LIVE: real money"),
            };
            widgets::badge(ui, status.source.badge(), fill).on_hover_text(format!("{hint}\nAPI: {}", status.api_base));
            if let Some(snapshot) = status.snapshot {
                ui.label(RichText::new(snapshot.platform.display_name()).strong());
                widgets::weak(ui, &snapshot.platform.id);
            }
            ui.separator();
            for (view, title, hint) in [
                (View::Overview, "Overview", "Totals and what needs attention"),
                (View::Transfers, "Transfers", "Inbound transfers across all accounts"),
                (View::Keys, "Keys", "Add, verify, switch or forget API keys"),
                (View::Audit, "Audit log", "Every confirm, cancel, refresh and relink done from this computer"),
            ] {
                if ui
                    .selectable_label(*status.view == view, RichText::new(title).strong())
                    .on_hover_text(hint)
                    .clicked()
                {
                    commands.push(Command::Show(view));
                }
            }
            ui.separator();
            match status.progress {
                Some((done, total)) => {
                    ui.spinner();
                    let count = |n: usize| crate::money::group_thousands(n as u64);
                    ui.label(format!("Syncing {} / {} accounts…", count(done), count(total)));
                }
                None => {
                    let sync = ui.button("🔄 Sync").on_hover_text(
                        "Reload (F5): each account's events since the last sync, and only the objects they \
                         name read again.\n\
                         Shift+click or Shift+F5: reload everything. Once an hour every sync is a full one.",
                    );
                    if sync.clicked() {
                        let full = ui.input(|i| i.modifiers.shift);
                        commands.push(if full { Command::FullSync } else { Command::Sync });
                    }
                    if let Some(snapshot) = status.snapshot {
                        let at = format::datetime(snapshot.fetched_at);
                        widgets::weak(ui, format!("Synced {at} ({})", format::age(format::now(), snapshot.fetched_at)));
                    }
                    if let Some(last) = status.last_sync.filter(|l| l.quick) {
                        let count = |n: usize| crate::money::group_thousands(n as u64);
                        let said = format!(
                            "· from events: {} read, {} objects re-read, {} accounts read in full",
                            count(last.events),
                            count(last.reread),
                            count(last.read_in_full)
                        );
                        widgets::weak(ui, said).on_hover_text(format!(
                            "Quick sync: each account's events since the sync before (Stripe keeps them 30 days), \
                             and only the objects they name read again. An account is read in full when it is \
                             new, failed to load last time, or its events could not be listed or held something \
                             this app does not know. Last full sync: {}. Shift+F5 reads everything.",
                            format::datetime(last.full_at)
                        ));
                    }
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let search =
                    egui::TextEdit::singleline(filter).hint_text("name, email or id (Ctrl+F)").desired_width(220.0);
                let response = ui.add(search);
                let label = ui.label("Filter accounts");
                let response = response.labelled_by(label.id);
                if ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::F)) {
                    response.request_focus();
                }
            });
        });
        if let Some(error) = status.error {
            ui.horizontal(|ui| {
                ui.colored_label(RED, format!("⚠ Sync failed: {error}"));
                if status.snapshot.is_some() {
                    widgets::weak(ui, "Showing the data from the last successful sync.");
                }
            });
        }
        ui.add_space(2.0);
    });
    commands
}
