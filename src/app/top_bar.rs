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
                    if let Some(snapshot) = status.snapshot {
                        let at = i18n::datetime(snapshot.fetched_at);
                        let age = format::age(format::now(), snapshot.fetched_at);
                        let synced = t!("sync-done", at = at, age = age);
                        // The filter, its label and the language menu take the right end: where the
                        // line has no room for the whole text, a clock icon carries it on hover.
                        let font = egui::TextStyle::Small.resolve(ui.style());
                        let width =
                            ui.fonts_mut(|f| f.layout_no_wrap(synced.clone(), font, egui::Color32::WHITE).size().x);
                        if ui.available_width() - RIGHT_END_WIDTH >= width {
                            widgets::weak(ui, synced);
                        } else {
                            widgets::weak(ui, "🕑").on_hover_text(synced);
                        }
                    }
                    if let Some(last) = status.last_sync.filter(|l| l.quick) {
                        let total = last.lists_read + last.lists_kept;
                        widgets::weak(ui, t!("sync-quick")).on_hover_text(t!(
                            "sync-quick-hint",
                            kept = i18n::count(last.lists_kept),
                            total = i18n::count(total),
                            full_at = i18n::datetime(last.full_at)
                        ));
                    }
                }
            }
            // The filter and the language menu at the right end, or on a line of their own when
            // this line has no room left for them (a narrow window, a long language).
            if ui.available_width() >= RIGHT_END_WIDTH {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    right_end(ui, status, filter, &mut commands);
                });
                true
            } else {
                false
            }
        });
        if !fitted.inner {
            let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| {
                right_end(ui, status, filter, &mut commands);
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
