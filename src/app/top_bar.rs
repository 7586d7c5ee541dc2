//! The top bar: mode badge, platform, last sync, sync button with progress, account filter.
//! Reads a [`Status`] it does not own; returns commands.
//!
//! One line at any width: when the line has no room for everything said in full, the bar
//! condenses step by step (see [`Fit`]) — the language menu moves into a "☰" menu, the sync
//! summary shortens to its age (details on hover), the less-used tabs join the language menu,
//! the filter loses its label, the platform name shortens, tabs and the sync button become icons
//! (titles on hover).
//! The mode badge is never condensed: live mode is always in sight.

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

/// The account filter's width in full, and condensed.
const FILTER_WIDTH: f32 = 220.0;
const FILTER_WIDTH_CONDENSED: f32 = 150.0;
/// The language menu's width.
const LANGUAGE_WIDTH: f32 = 90.0;
/// The longest the platform's name gets once the bar condenses that far (full name on hover).
const NAME_WIDTH_CONDENSED: f32 = 140.0;
/// Room kept free at the right end, so that a slightly wider glyph than measured never pushes
/// the last widget out of the window.
const SLACK: f32 = 16.0;

/// How far the bar is condensed. Each step keeps what the ones before it did, so the order is
/// the order things give way: the least used first, the mode badge never.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    /// Everything in full.
    Full,
    /// The language menu is in the "☰" menu.
    LanguageInMenu,
    /// The sync summary is its age alone, the rest on hover.
    ShortStatus,
    /// The Keys and Audit log tabs are in the "☰" menu too.
    RareTabsInMenu,
    /// The account filter has no label beside it (its hint and hover say what it is) and is
    /// narrower.
    BareFilter,
    /// The platform's name is shortened (in full on hover).
    ShortName,
    /// Tabs are icons, their titles on hover.
    IconTabs,
    /// The sync button is an icon.
    IconSync,
}

impl Fit {
    const ALL: [Self; 8] = [
        Self::Full,
        Self::LanguageInMenu,
        Self::ShortStatus,
        Self::RareTabsInMenu,
        Self::BareFilter,
        Self::ShortName,
        Self::IconTabs,
        Self::IconSync,
    ];
}

/// A tab: its view, icon, title and hover text; `rare` ones go to the "☰" menu first.
struct Tab {
    view: View,
    icon: &'static str,
    title: String,
    hint: String,
    rare: bool,
}

fn tabs() -> [Tab; 4] {
    let tab = |view, icon, title, hint, rare| Tab { view, icon, title, hint, rare };
    [
        tab(View::Overview, "📊", t!("tab-overview"), t!("tab-overview-hint"), false),
        tab(View::Transfers, "📥", t!("tab-transfers"), t!("tab-transfers-hint"), false),
        tab(View::Keys, "🔑", t!("tab-keys"), t!("tab-keys-hint"), true),
        tab(View::Audit, "📜", t!("tab-audit"), t!("tab-audit-hint"), true),
    ]
}

/// The sync button's icon when the bar is condensed that far.
const SYNC_ICON: &str = "🔄";

/// Draw the bar.
pub fn ui(ui: &mut egui::Ui, status: &Status<'_>, filter: &mut String) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.add_space(4.0);
        let tabs = tabs();
        let said = sync_status(status);
        let fit = fit(ui, status, &tabs, said.as_deref());
        ui.horizontal(|ui| {
            left_part(ui, status, &tabs, said.as_deref(), fit, &mut commands);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                right_end(ui, status, &tabs, filter, fit, &mut commands);
            });
        });
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

/// The least condensed [`Fit`] whose line fits the width available (the most condensed when
/// none does: the window is narrower than any laptop's).
fn fit(ui: &egui::Ui, status: &Status<'_>, tabs: &[Tab], said: Option<&str>) -> Fit {
    let room = ui.available_width() - SLACK;
    let widths = Widths::measure(ui, status, tabs, said);
    Fit::ALL.into_iter().find(|fit| widths.line(*fit) <= room).unwrap_or(Fit::IconSync)
}

/// The widths of the bar's parts, measured in the language and style in use.
struct Widths {
    spacing: f32,
    badge: f32,
    name: f32,
    separator: f32,
    /// `(title, icon, rare)` per tab, buttons included.
    tabs: Vec<(f32, f32, bool)>,
    /// The sync button (or the progress while syncing): in words, and as an icon.
    sync: (f32, f32),
    /// The sync summary in full, and short.
    status: (f32, f32),
    filter_label: f32,
    language: f32,
    more: f32,
}

impl Widths {
    fn measure(ui: &egui::Ui, status: &Status<'_>, tabs: &[Tab], said: Option<&str>) -> Self {
        let text = |text: &str, style: &egui::TextStyle, strong: bool| {
            let font = style.resolve(ui.style());
            let color = if strong { ui.visuals().strong_text_color() } else { ui.visuals().text_color() };
            ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, color).size().x)
        };
        let body = &egui::TextStyle::Body;
        let button = ui.spacing().button_padding.x * 2.0;
        let spacing = ui.spacing().item_spacing.x;
        let sync = match status.progress {
            Some((done, total)) => {
                let spinner = ui.spacing().interact_size.y + spacing;
                (
                    spinner + text(&progress_text(done, total), body, false),
                    spinner + text(&short_progress(done, total), body, false),
                )
            }
            None => (text(&t!("sync-button"), body, false) + button, text(SYNC_ICON, body, false) + button),
        };
        let short = short_status(status);
        let small = &egui::TextStyle::Small;
        Self {
            spacing,
            badge: text(&status.source.badge(), body, true) + 16.0,
            name: status.snapshot.map_or(0.0, |s| text(s.platform.display_name(), body, true)),
            separator: 6.0,
            tabs: tabs
                .iter()
                .map(|tab| (text(&tab.title, body, true) + button, text(tab.icon, body, true) + button, tab.rare))
                .collect(),
            sync,
            status: (
                said.map_or(0.0, |s| text(s, small, false)),
                short.as_deref().map_or(0.0, |s| text(s, small, false)),
            ),
            filter_label: text(&t!("filter-label"), body, false),
            // The menu's width is its button's, arrow included.
            language: LANGUAGE_WIDTH + 2.0,
            more: text("☰", body, false) + button,
        }
    }

    /// The whole line's width at `fit`.
    fn line(&self, fit: Fit) -> f32 {
        let mut parts: Vec<f32> = vec![self.badge];
        if self.name > 0.0 {
            parts.push(if fit >= Fit::ShortName { self.name.min(NAME_WIDTH_CONDENSED) } else { self.name });
        }
        parts.push(self.separator);
        for (title, icon, rare) in &self.tabs {
            if *rare && fit >= Fit::RareTabsInMenu {
                continue;
            }
            parts.push(if fit >= Fit::IconTabs { *icon } else { *title });
        }
        parts.push(self.separator);
        parts.push(if fit >= Fit::IconSync { self.sync.1 } else { self.sync.0 });
        let status = if fit >= Fit::ShortStatus { self.status.1 } else { self.status.0 };
        if status > 0.0 {
            parts.push(status);
        }
        if fit >= Fit::LanguageInMenu {
            parts.push(self.more);
        } else {
            parts.push(self.language);
        }
        if fit >= Fit::BareFilter {
            parts.push(FILTER_WIDTH_CONDENSED);
        } else {
            parts.push(FILTER_WIDTH);
            parts.push(self.filter_label);
        }
        parts.iter().sum::<f32>() + self.spacing * parts.len().saturating_sub(1) as f32
    }
}

/// Badge, platform, tabs, sync button and what the last sync did, left to right.
fn left_part(
    ui: &mut egui::Ui,
    status: &Status<'_>,
    tabs: &[Tab],
    said: Option<&str>,
    fit: Fit,
    commands: &mut Vec<Command>,
) {
    let (fill, hint) = match status.source {
        Source::Sandbox => (BLUE, t!("mode-sandbox-hint")),
        Source::Stripe(Mode::Test) => (widgets::AMBER, t!("mode-test-hint")),
        Source::Stripe(Mode::Live) => (RED, t!("mode-live-hint")),
    };
    widgets::badge(ui, &status.source.badge(), fill).on_hover_text(format!("{hint}\nAPI: {}", status.api_base));
    if let Some(snapshot) = status.snapshot {
        let name = snapshot.platform.display_name();
        let hover = format!("{name}\n{}", snapshot.platform.id);
        if fit >= Fit::ShortName {
            ui.scope(|ui| {
                ui.set_max_width(NAME_WIDTH_CONDENSED);
                ui.add(egui::Label::new(RichText::new(name).strong()).truncate()).on_hover_text(hover);
            });
        } else {
            ui.label(RichText::new(name).strong()).on_hover_text(hover);
        }
    }
    ui.separator();
    for tab in tabs.iter().filter(|tab| !(tab.rare && fit >= Fit::RareTabsInMenu)) {
        let selected = *status.view == tab.view;
        let response = if fit >= Fit::IconTabs {
            ui.selectable_label(selected, RichText::new(tab.icon).strong())
                .accessible_name(&tab.title)
                .on_hover_text(format!("{}\n{}", tab.title, tab.hint))
        } else {
            ui.selectable_label(selected, RichText::new(&tab.title).strong()).on_hover_text(&tab.hint)
        };
        if response.clicked() {
            commands.push(Command::Show(tab.view.clone()));
        }
    }
    ui.separator();
    match status.progress {
        Some((done, total)) => {
            ui.spinner();
            if fit >= Fit::IconSync {
                ui.label(short_progress(done, total)).on_hover_text(progress_text(done, total));
            } else {
                ui.label(progress_text(done, total));
            }
        }
        None => {
            let sync = if fit >= Fit::IconSync {
                ui.button(SYNC_ICON).accessible_name(t!("sync-button")).on_hover_text(format!(
                    "{}\n{}",
                    t!("sync-button"),
                    t!("sync-button-hint")
                ))
            } else {
                ui.button(t!("sync-button")).on_hover_text(t!("sync-button-hint"))
            };
            if sync.clicked() {
                let full = ui.input(|i| i.modifiers.shift);
                commands.push(if full { Command::FullSync } else { Command::Sync });
            }
        }
    }
    if let Some(said) = said {
        if fit >= Fit::ShortStatus
            && let Some(short) = short_status(status)
        {
            let mut hover = said.to_owned();
            if let Some(last) = status.last_sync.filter(|l| l.quick) {
                hover.push_str("\n\n");
                hover.push_str(&t!("sync-events-hint", full_at = i18n::datetime(last.full_at)));
            }
            widgets::weak(ui, short).on_hover_text(hover);
        } else {
            let label = widgets::weak(ui, said);
            if let Some(last) = status.last_sync.filter(|l| l.quick) {
                label.on_hover_text(t!("sync-events-hint", full_at = i18n::datetime(last.full_at)));
            }
        }
    }
}

/// The "☰" menu (once the bar condenses), the language menu, the account filter (Ctrl+F) and
/// its label, laid out right to left.
fn right_end(
    ui: &mut egui::Ui,
    status: &Status<'_>,
    tabs: &[Tab],
    filter: &mut String,
    fit: Fit,
    commands: &mut Vec<Command>,
) {
    if fit >= Fit::LanguageInMenu {
        more_menu(ui, status, tabs, fit, commands);
    } else {
        // The language menu, at the far right: each language in its own name.
        egui::ComboBox::from_id_salt("language")
            .selected_text(status.lang.native_name())
            .width(LANGUAGE_WIDTH)
            .show_ui(ui, |ui| {
                for lang in Lang::ALL {
                    if ui.selectable_label(status.lang == lang, lang.native_name()).clicked() {
                        commands.push(Command::SetLang(lang));
                    }
                }
            })
            .response
            .on_hover_text(t!("language-hint"));
    }
    let bare = fit >= Fit::BareFilter;
    let (width, hint) =
        if bare { (FILTER_WIDTH_CONDENSED, t!("filter-hint-bare")) } else { (FILTER_WIDTH, t!("filter-hint")) };
    let search = egui::TextEdit::singleline(filter).hint_text(hint).desired_width(width);
    let response = ui.add(search);
    let response = if bare {
        let hover = format!("{}: {}", t!("filter-label"), t!("filter-hint"));
        response.accessible_name(t!("filter-label")).on_hover_text(hover)
    } else {
        let label = ui.label(t!("filter-label"));
        response.labelled_by(label.id)
    };
    if ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::F)) {
        response.request_focus();
    }
}

/// "☰": the tabs and the language menu the bar has no room for. Shown selected while one of
/// its screens is open, so the bar still says where the user is.
fn more_menu(ui: &mut egui::Ui, status: &Status<'_>, tabs: &[Tab], fit: Fit, commands: &mut Vec<Command>) {
    let tucked: Vec<&Tab> = tabs.iter().filter(|tab| tab.rare && fit >= Fit::RareTabsInMenu).collect();
    let here = tucked.iter().any(|tab| tab.view == *status.view);
    let button = egui::Button::selectable(here, "☰");
    let response = egui::containers::menu::MenuButton::from_button(button).ui(ui, |ui| {
        for tab in &tucked {
            let title = format!("{} {}", tab.icon, tab.title);
            if ui.selectable_label(*status.view == tab.view, title).on_hover_text(&tab.hint).clicked() {
                commands.push(Command::Show(tab.view.clone()));
                ui.close();
            }
        }
        if !tucked.is_empty() {
            ui.separator();
        }
        widgets::weak(ui, t!("language-hint"));
        for lang in Lang::ALL {
            if ui.selectable_label(status.lang == lang, lang.native_name()).clicked() {
                commands.push(Command::SetLang(lang));
                ui.close();
            }
        }
    });
    response.0.accessible_name(t!("bar-more")).on_hover_text(t!("bar-more-hint"));
}

/// `Syncing 3 / 25 accounts…`
fn progress_text(done: usize, total: usize) -> String {
    t!("sync-progress", done = i18n::count(done), total = i18n::count(total))
}

/// `3 / 25`: the progress when the bar is condensed (in words on hover).
fn short_progress(done: usize, total: usize) -> String {
    format!("{} / {}", i18n::count(done), i18n::count(total))
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

/// `Synced just now`: the sync summary when the bar is condensed (the rest on hover).
fn short_status(status: &Status<'_>) -> Option<String> {
    if status.progress.is_some() {
        return None;
    }
    let snapshot = status.snapshot?;
    Some(t!("sync-done-short", age = format::age(format::now(), snapshot.fetched_at)))
}
