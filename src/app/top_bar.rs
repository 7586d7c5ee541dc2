//! The top bar: mode badge, platform, last sync, sync button with progress, account filter.
//! Reads a [`Status`] it does not own; returns commands.

use eframe::egui::{self, RichText};

use super::widgets::{self, BLUE, RED};
use super::{Command, Source, SyncSummary, View, format};
use crate::i18n::{self, Lang};
use crate::snapshot::Snapshot;
use crate::stripe::Mode;
use crate::t;

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
    /// The language in use.
    pub lang: Lang,
}

/// Room the right end of the bar needs: the account filter, its label and the language menu.
const RIGHT_END_WIDTH: f32 = 470.0;

/// Draw the bar.
pub fn ui(ui: &mut egui::Ui, status: &Status<'_>, filter: &mut String) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.add_space(4.0);
        let fitted = ui.horizontal(|ui| {
            let (fill, hint) = match status.source {
                Source::Sandbox => (BLUE, t!("mode-sandbox-hint")),
                Source::Stripe(Mode::Test) => (widgets::AMBER, t!("mode-test-hint")),
                Source::Stripe(Mode::Live) => (RED, t!("mode-live-hint")),
            };
            widgets::badge(ui, &status.source.badge(), fill).on_hover_text(format!("{hint}\nAPI: {}", status.api_base));
            if let Some(snapshot) = status.snapshot {
                ui.label(RichText::new(snapshot.platform.display_name()).strong()).on_hover_text(&snapshot.platform.id);
            }
            ui.separator();
            for (view, title, hint) in [
                (View::Overview, t!("tab-overview"), t!("tab-overview-hint")),
                (View::Transfers, t!("tab-transfers"), t!("tab-transfers-hint")),
                (View::Keys, t!("tab-keys"), t!("tab-keys-hint")),
                (View::Audit, t!("tab-audit"), t!("tab-audit-hint")),
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
                    ui.label(t!("sync-progress", done = i18n::count(done), total = i18n::count(total)));
                }
                None => {
                    let sync = ui.button(t!("sync-button")).on_hover_text(t!("sync-button-hint"));
                    if sync.clicked() {
                        let full = ui.input(|i| i.modifiers.shift);
                        commands.push(if full { Command::FullSync } else { Command::Sync });
                    }
                }
            }
            // What the last sync did, then the filter and the language menu at the right end:
            // whatever this line has no room for moves to a second line, said in full (never cut,
            // never only on hover).
            let said = sync_status(status);
            let font = egui::TextStyle::Small.resolve(ui.style());
            let said_width = said.as_ref().map_or(0.0, |said| {
                ui.fonts_mut(|f| f.layout_no_wrap(said.clone(), font, egui::Color32::WHITE).size().x) + 8.0
            });
            let room = ui.available_width();
            let status_here = room >= said_width + RIGHT_END_WIDTH;
            if status_here && let Some(said) = &said {
                sync_status_ui(ui, status, said);
            }
            let right_here = ui.available_width() >= RIGHT_END_WIDTH;
            if right_here {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    right_end(ui, status, filter, &mut commands);
                });
            }
            (status_here, right_here)
        });
        let (status_here, right_here) = fitted.inner;
        if !(status_here && right_here) {
            let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                if !status_here && let Some(said) = sync_status(status) {
                    sync_status_ui(ui, status, &said);
                }
                if !right_here {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        right_end(ui, status, filter, &mut commands);
                    });
                }
            });
        }
        if let Some(error) = status.error {
            ui.horizontal(|ui| {
                ui.colored_label(RED, format!("⚠ {}", t!("sync-failed", error = error.to_owned())));
                if status.snapshot.is_some() {
                    widgets::weak(ui, t!("sync-failed-kept"));
                }
            });
        }
        ui.add_space(2.0);
    });
    commands
}

/// The account filter (Ctrl+F) and the language menu, laid out right to left.
fn right_end(ui: &mut egui::Ui, status: &Status<'_>, filter: &mut String, commands: &mut Vec<Command>) {
    // The language menu, at the far right: each language in its own name.
    egui::ComboBox::from_id_salt("language")
        .selected_text(status.lang.native_name())
        .width(90.0)
        .show_ui(ui, |ui| {
            for lang in Lang::ALL {
                if ui.selectable_label(status.lang == lang, lang.native_name()).clicked() {
                    commands.push(Command::SetLang(lang));
                }
            }
        })
        .response
        .on_hover_text(t!("language-hint"));
    let search = egui::TextEdit::singleline(filter).hint_text(t!("filter-hint")).desired_width(220.0);
    let response = ui.add(search);
    let label = ui.label(t!("filter-label"));
    let response = response.labelled_by(label.id);
    if ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::F)) {
        response.request_focus();
    }
}

/// `Synced 2026-12-02 10:16 (just now) · from events: 2 read, …`: when the data was read and what
/// the last sync did; `None` while syncing or before any data.
fn sync_status(status: &Status<'_>) -> Option<String> {
    if status.progress.is_some() {
        return None;
    }
    let snapshot = status.snapshot?;
    let age = format::age(format::now(), snapshot.fetched_at);
    let mut said = t!("sync-done", at = i18n::datetime(snapshot.fetched_at), age = age);
    if let Some(last) = status.last_sync.filter(|l| l.quick) {
        said.push(' ');
        said.push_str(&t!(
            "sync-events",
            events = i18n::count(last.events),
            reread = i18n::count(last.reread),
            full = i18n::count(last.read_in_full)
        ));
    }
    Some(said)
}

/// The sync status text, with what a quick sync does on hover.
fn sync_status_ui(ui: &mut egui::Ui, status: &Status<'_>, said: &str) {
    let label = widgets::weak(ui, said);
    if let Some(last) = status.last_sync.filter(|l| l.quick) {
        label.on_hover_text(t!("sync-events-hint", full_at = i18n::datetime(last.full_at)));
    }
}
