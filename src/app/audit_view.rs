//! The audit log view: every money action done from this computer, newest first, filterable,
//! copyable as CSV; unresolved actions first, each with Check. Reads nothing itself: the shell
//! reads the trail in the background and hands it over.

use std::collections::HashMap;

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::widgets::{self, AMBER, GREEN, RED};
use super::{Command, Source};
use crate::actions::audit::{self, Action, Trail, Verdict};
use crate::money::Money;
use crate::t;

/// The filter, and what each check the user started came to.
#[derive(Default)]
pub struct AuditView {
    filter: String,
    /// Per action id: a check running (`None`) or its result in words.
    checks: HashMap<String, Option<Result<String, String>>>,
}

impl AuditView {
    /// A check of `action_id` started.
    pub fn checking(&mut self, action_id: &str) {
        self.checks.insert(action_id.to_owned(), None);
    }

    /// A check of `action_id` ended.
    pub fn checked(&mut self, action_id: &str, result: Result<String, String>) {
        self.checks.insert(action_id.to_owned(), Some(result));
    }
}

/// What the shell hands the view.
pub struct Trailhead<'a> {
    /// Where the log is (`None`: this computer has no data directory).
    pub path: Option<&'a std::path::Path>,
    /// The trail as last read (`None` while reading).
    pub trail: Option<&'a Result<Trail, String>>,
    /// The mode and platform of the key in use: only their actions can be checked.
    pub source: Source,
    /// The platform in use.
    pub platform: Option<&'a str>,
}

/// Draw the view.
pub fn ui(ui: &mut egui::Ui, view: &mut AuditView, head: &Trailhead<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading(t!("tab-audit"));
    let Some(path) = head.path else {
        widgets::weak(ui, t!("audit-no-log"));
        return commands;
    };
    ui.horizontal(|ui| {
        widgets::weak(ui, t!("audit-path", path = path.display().to_string()));
        if ui.button(t!("audit-reload")).clicked() {
            commands.push(Command::ReadAudit);
        }
    });
    let trail = match head.trail {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                widgets::weak(ui, t!("audit-reading"));
            });
            return commands;
        }
        Some(Err(error)) => {
            ui.colored_label(RED, t!("audit-read-failed", error = error.clone()));
            return commands;
        }
        Some(Ok(trail)) => trail,
    };
    if trail.unreadable > 0 {
        ui.colored_label(RED, format!("⚠ {}", t!("audit-unreadable", count = trail.unreadable)));
    }
    unresolved_ui(ui, view, head, trail, &mut commands);

    let shown: Vec<&Action> = trail.actions.iter().rev().filter(|a| a.matches(&view.filter)).collect();
    ui.horizontal(|ui| {
        let label = ui.label(t!("audit-filter"));
        ui.add(egui::TextEdit::singleline(&mut view.filter).hint_text(t!("audit-filter-hint")).desired_width(260.0))
            .labelled_by(label.id);
        let (count, all) = (crate::i18n::count(shown.len()), crate::i18n::count(trail.actions.len()));
        widgets::weak(ui, t!("audit-shown", shown = count, all = all));
        if ui.button(t!("audit-copy-csv")).on_hover_text(t!("audit-copy-csv-hint")).clicked() {
            let rows: Vec<Action> = shown.iter().map(|a| (*a).clone()).collect();
            let mut csv = Vec::new();
            if audit::write_csv(&rows, &mut csv).is_ok() {
                ui.ctx().copy_text(String::from_utf8_lossy(&csv).into_owned());
            }
        }
    });
    if shown.is_empty() {
        widgets::weak(ui, if trail.actions.is_empty() { t!("audit-empty") } else { t!("audit-no-match") });
        return commands;
    }
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::auto().at_least(150.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::initial(240.0).clip(true))
        .column(Column::initial(190.0).clip(true))
        .column(Column::initial(140.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(20.0, |mut header| {
            for title in [
                t!("audit-col-time"),
                t!("audit-col-mode"),
                t!("audit-col-action"),
                t!("col-amount"),
                t!("audit-col-object"),
                t!("dialog-connected-account"),
                t!("audit-col-request"),
                t!("audit-col-outcome"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(20.0, shown.len(), |mut row| {
                let Some(action) = shown.get(row.index()) else { return };
                let intent = &action.intent;
                let latest = action.latest();
                row.col(|ui| {
                    widgets::weak(ui, short_time(&intent.time));
                });
                row.col(|ui| {
                    ui.label(&intent.mode);
                });
                row.col(|ui| {
                    ui.label(RichText::new(&intent.action).strong());
                });
                row.col(|ui| match &intent.amount {
                    Some(amount) => {
                        widgets::money(ui, Money::new(amount.minor_units, &amount.currency));
                    }
                    None => {
                        widgets::weak(ui, "—");
                    }
                });
                row.col(|ui| {
                    ui.label(&intent.object).on_hover_text(t!(
                        "audit-object-hint",
                        user = intent.os_user.clone(),
                        key = intent.idempotency_key.clone().unwrap_or_else(|| "—".to_owned()),
                        action = intent.action_id.clone()
                    ));
                });
                row.col(|ui| {
                    ui.label(intent.connected_account.as_deref().unwrap_or("—"));
                });
                row.col(|ui| {
                    widgets::weak(ui, latest.and_then(|o| o.request_id.as_deref()).unwrap_or("—"));
                });
                row.col(|ui| {
                    let color = match latest.map(|o| o.verdict) {
                        Some(Verdict::Done) => GREEN,
                        Some(Verdict::NotDone) => RED,
                        Some(Verdict::Unknown) | None => AMBER,
                    };
                    let text = match latest {
                        Some(outcome) => format!("{}: {}", verdict_words(outcome.verdict), outcome.detail),
                        None => t!("audit-no-outcome"),
                    };
                    let history: Vec<String> = action
                        .outcomes
                        .iter()
                        .map(|o| format!("{} · {}: {}", short_time(&o.time), verdict_words(o.verdict), o.detail))
                        .collect();
                    ui.colored_label(color, text).on_hover_text(history.join("\n"));
                });
            });
        });
    commands
}

/// The actions with no settled outcome, each with Check (only for the key in use).
fn unresolved_ui(
    ui: &mut egui::Ui,
    view: &AuditView,
    head: &Trailhead<'_>,
    trail: &Trail,
    commands: &mut Vec<Command>,
) {
    let unresolved: Vec<&Action> = trail.unresolved().collect();
    if unresolved.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.colored_label(
                AMBER,
                RichText::new(format!("⚠ {}", t!("audit-unresolved", count = unresolved.len()))).strong(),
            );
            widgets::weak(ui, t!("audit-unresolved-note"));
        });
        for action in unresolved {
            let intent = &action.intent;
            ui.horizontal(|ui| {
                widgets::weak(ui, short_time(&intent.time));
                ui.label(RichText::new(format!("{} {}", intent.action, intent.object)).strong());
                if let Some(amount) = &intent.amount {
                    ui.label(RichText::new(Money::new(amount.minor_units, &amount.currency).to_string()).monospace());
                }
                let on_behalf = intent.connected_account.as_deref().map(|a| format!(" · {a}")).unwrap_or_default();
                let verdict = action.latest().map_or_else(|| t!("audit-no-outcome"), |o| verdict_words(o.verdict));
                widgets::weak(
                    ui,
                    t!(
                        "audit-unresolved-line",
                        mode = intent.mode.clone(),
                        on_behalf = on_behalf,
                        user = intent.os_user.clone(),
                        verdict = verdict
                    ),
                );
                let ours = intent.mode == head.source.as_str() && Some(intent.platform.as_str()) == head.platform;
                match view.checks.get(&intent.action_id) {
                    Some(None) => {
                        ui.spinner();
                    }
                    Some(Some(Err(error))) => {
                        ui.colored_label(RED, error);
                    }
                    Some(Some(Ok(found))) => {
                        ui.colored_label(GREEN, found);
                    }
                    None => {}
                }
                let button = ui.add_enabled(ours, egui::Button::new(t!("audit-check")));
                let button = if ours {
                    button.on_hover_text(t!("audit-check-hint"))
                } else {
                    button.on_disabled_hover_text(t!(
                        "audit-check-other-key",
                        mode = intent.mode.clone(),
                        platform = intent.platform.clone()
                    ))
                };
                if button.clicked() {
                    commands.push(Command::Check { action_id: intent.action_id.clone() });
                }
            });
        }
    });
    ui.add_space(6.0);
}

/// `2026-12-02 08:27:44` from an RFC 3339 time.
fn short_time(time: &str) -> String {
    time.get(..19).unwrap_or(time).replace('T', " ")
}

/// Done, not done, unknown: in the language in use.
fn verdict_words(verdict: Verdict) -> String {
    match verdict {
        Verdict::Done => t!("verdict-done"),
        Verdict::NotDone => t!("verdict-not-done"),
        Verdict::Unknown => t!("verdict-unknown"),
    }
}
