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
    ui.heading("Audit log");
    let Some(path) = head.path else {
        widgets::weak(ui, "No audit log here: this computer has no data directory for treasury-desk.");
        return commands;
    };
    ui.horizontal(|ui| {
        widgets::weak(
            ui,
            format!("{} · an intent line before each request, an outcome line after; hash-chained", path.display()),
        );
        if ui.button("Reload").clicked() {
            commands.push(Command::ReadAudit);
        }
    });
    let trail = match head.trail {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                widgets::weak(ui, "Reading the audit log…");
            });
            return commands;
        }
        Some(Err(error)) => {
            ui.colored_label(RED, format!("Could not read the audit log: {error}"));
            return commands;
        }
        Some(Ok(trail)) => trail,
    };
    if trail.unreadable > 0 {
        ui.colored_label(
            RED,
            format!(
                "⚠ {} lines could not be read (damaged or from a newer version): run `treasury-desk audit verify`.",
                trail.unreadable
            ),
        );
    }
    unresolved_ui(ui, view, head, trail, &mut commands);

    let shown: Vec<&Action> = trail.actions.iter().rev().filter(|a| a.matches(&view.filter)).collect();
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("account, object, action, outcome…")
                .desired_width(260.0),
        )
        .labelled_by(label.id);
        widgets::weak(ui, format!("{} of {} actions", shown.len(), trail.actions.len()));
        if ui.button("Copy as CSV").on_hover_text("The rows shown, for a spreadsheet").clicked() {
            let rows: Vec<Action> = shown.iter().map(|a| (*a).clone()).collect();
            let mut csv = Vec::new();
            if audit::write_csv(&rows, &mut csv).is_ok() {
                ui.ctx().copy_text(String::from_utf8_lossy(&csv).into_owned());
            }
        }
    });
    if shown.is_empty() {
        widgets::weak(
            ui,
            if trail.actions.is_empty() {
                "No money action has been taken from this computer yet."
            } else {
                "No action matches the filter."
            },
        );
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
            for title in
                ["Time (UTC)", "Mode", "Action", "Amount", "Object", "Connected account", "Request id", "Outcome"]
            {
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
                    ui.label(&intent.object).on_hover_text(format!(
                        "by {} · key {} · action {}",
                        intent.os_user,
                        intent.idempotency_key.as_deref().unwrap_or("—"),
                        intent.action_id
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
                        Some(outcome) => format!("{}: {}", outcome.verdict.words(), outcome.detail),
                        None => "no outcome recorded".to_owned(),
                    };
                    let history: Vec<String> = action
                        .outcomes
                        .iter()
                        .map(|o| format!("{} · {}: {}", short_time(&o.time), o.verdict.words(), o.detail))
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
            ui.colored_label(AMBER, RichText::new(format!("⚠ Unresolved ({})", unresolved.len())).strong());
            widgets::weak(
                ui,
                "No outcome was recorded (the app stopped while the request was out) or Stripe gave no clear answer. \
                 Check reads the object from Stripe and records what it finds.",
            );
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
                widgets::weak(
                    ui,
                    format!("{}{on_behalf} · by {} · {}", intent.mode, intent.os_user, action.verdict_words()),
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
                let button = ui.add_enabled(ours, egui::Button::new("Check"));
                let button = if ours {
                    button.on_hover_text("Read it from Stripe and record what it shows")
                } else {
                    button.on_disabled_hover_text(format!(
                        "Taken in {} mode on platform {}: switch to that key to check it",
                        intent.mode, intent.platform
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
