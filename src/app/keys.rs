//! The Keys screen: paste a secret or restricted key (masked), check its shape as you type,
//! verify it with one call, then keep it in the OS keychain (or for this session only); forget
//! or switch keys. Key text lives only in the masked field's buffer, cleared after use. Does no
//! I/O: the keychain and the verify call are commands the shell runs in the background, whose
//! answers come back through [`KeysState::answer`].

use eframe::egui::{self, RichText};

use super::widgets::{self, AMBER, GREEN, RED};
use super::{Command, Source};
use crate::secret::Secret;
use crate::stripe::account::Account;
use crate::stripe::{Mode, check_secret_key};
use crate::t;

/// A verified key, waiting for the user to save or use it.
pub struct Verified {
    /// The key.
    pub key: Secret,
    /// Its mode.
    pub mode: Mode,
    /// The platform it belongs to.
    pub platform: Account,
}

/// State of the Keys screen.
pub struct KeysState {
    /// The API base new keys talk to.
    pub api_base: String,
    /// Whether the OS keychain can be used (`Err` says why not).
    pub keychain: Result<(), String>,
    input: String,
    publishable: String,
    /// A verify, save, load or forget is running.
    busy: Option<Busy>,
    verified: Option<Verified>,
    message: Option<(bool, String)>,
    stored: Stored,
}

/// What the screen waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Busy {
    Verifying,
    Keychain,
}

/// The masked stored key per mode (`[test, live]`). Read in the background: the Secret Service
/// may be slow, or show its own unlock prompt, and the window must not freeze meanwhile.
enum Stored {
    Unread,
    Reading,
    Read([Option<String>; 2]),
}

/// An answer to a command of this screen, from the background.
pub enum KeysAnswer {
    /// The stored keys, masked (`[test, live]`).
    Stored([Option<String>; 2]),
    /// The key verified: its mode and platform; or why not.
    Verified(Result<(Mode, Box<Account>), String>),
    /// A stored key was loaded (the shell switches to it) or could not be.
    Loaded(Result<(), String>),
    /// Saved (the shell switches to it) or not.
    Saved {
        /// Its mode.
        mode: Mode,
        /// Or why not.
        result: Result<(), String>,
    },
    /// Forgotten, or not.
    Forgot {
        /// Its mode.
        mode: Mode,
        /// Or why not.
        result: Result<(), String>,
    },
}

impl KeysState {
    /// A Keys screen for keys that talk to `api_base`.
    pub fn new(api_base: String, keychain: Result<(), String>) -> Self {
        Self {
            api_base,
            keychain,
            input: String::new(),
            publishable: String::new(),
            busy: None,
            verified: None,
            message: None,
            stored: Stored::Unread,
        }
    }

    /// The screen is shown and the stored keys are unread: the shell should read them now
    /// (marks them as being read).
    pub fn wants_stored(&mut self) -> bool {
        let wants = self.keychain.is_ok() && matches!(self.stored, Stored::Unread);
        if wants {
            self.stored = Stored::Reading;
        }
        wants
    }

    /// Take an answer from the background.
    pub fn answer(&mut self, answer: KeysAnswer) {
        self.busy = None;
        match answer {
            KeysAnswer::Stored(stored) => self.stored = Stored::Read(stored),
            KeysAnswer::Verified(Ok((mode, platform))) => {
                let key = Secret::new(std::mem::take(&mut self.input));
                self.message = None;
                self.verified = Some(Verified { key, mode, platform: *platform });
            }
            KeysAnswer::Verified(Err(error)) => self.message = Some((false, error)),
            KeysAnswer::Loaded(Ok(())) => self.message = None,
            KeysAnswer::Loaded(Err(error)) => self.message = Some((false, error)),
            KeysAnswer::Saved { mode, result } => {
                self.message = Some(match result {
                    Ok(()) => (true, t!("keys-saved", mode = mode_words(mode))),
                    Err(e) => (false, t!("keys-not-saved", error = e)),
                });
                self.stored = Stored::Unread;
            }
            KeysAnswer::Forgot { mode, result } => {
                self.message = Some(match result {
                    Ok(()) => (true, t!("keys-forgot", mode = mode_words(mode))),
                    Err(e) => (false, e),
                });
                self.stored = Stored::Unread;
            }
        }
    }
}

/// Draw the screen.
pub fn ui(ui: &mut egui::Ui, state: &mut KeysState, source: Source) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading(t!("keys-title"));
    widgets::weak(ui, t!("keys-now-using", mode = source.badge(), api = state.api_base.clone()));
    ui.add_space(6.0);

    ui.label(RichText::new(t!("keys-stored")).strong());
    match &state.keychain {
        Err(why) => {
            ui.colored_label(AMBER, format!("⚠ {}", t!("keys-no-keychain"))).on_hover_text(why.as_str());
            widgets::weak(ui, t!("keys-session-only-note"));
        }
        Ok(()) => match &state.stored {
            Stored::Unread | Stored::Reading => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    widgets::weak(ui, t!("keys-reading"));
                });
            }
            Stored::Read(stored) => {
                let stored = stored.clone();
                // Plain rows, not a Grid: a Grid sizes columns from the previous frame, so right after
                // a change its buttons can overlap for a frame and a click can hit the wrong one.
                for (mode, masked) in [Mode::Test, Mode::Live].into_iter().zip(stored) {
                    ui.horizontal(|ui| {
                        let (name, color) = match mode {
                            Mode::Test => (t!("keys-test-mode"), AMBER),
                            Mode::Live => (t!("badge-live"), RED),
                        };
                        ui.add_sized([80.0, 20.0], egui::Label::new(RichText::new(name).color(color)));
                        let Some(masked) = masked else {
                            widgets::weak(ui, t!("keys-none-stored"));
                            return;
                        };
                        ui.add_sized([140.0, 20.0], egui::Label::new(RichText::new(masked).monospace()));
                        ui.add_enabled_ui(state.busy.is_none(), |ui| {
                            if ui.button(t!("keys-use", mode = mode_words(mode))).clicked() {
                                state.busy = Some(Busy::Keychain);
                                commands.push(Command::LoadKey(mode));
                            }
                            if ui.button(t!("keys-forget")).on_hover_text(t!("keys-forget-hint")).clicked() {
                                state.busy = Some(Busy::Keychain);
                                commands.push(Command::ForgetKey(mode));
                            }
                        });
                    });
                }
            }
        },
    }
    ui.add_space(10.0);

    ui.label(RichText::new(t!("keys-add")).strong());
    widgets::weak(ui, t!("keys-add-note"));
    let busy = state.busy == Some(Busy::Verifying);
    ui.add_enabled_ui(!busy && state.verified.is_none(), |ui| {
        ui.horizontal(|ui| {
            let label = ui.label(t!("keys-secret-label"));
            // Fixed ids: the rows above change when the keychain has been read, and an id that
            // moved with them would drop the focus mid-typing.
            let field = egui::TextEdit::singleline(&mut state.input)
                .id_salt("secret_key_field")
                .password(true)
                .desired_width(360.0);
            ui.add(field).labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let label = ui.label(t!("keys-publishable-label"));
            let field = egui::TextEdit::singleline(&mut state.publishable)
                .id_salt("publishable_key_field")
                .desired_width(360.0)
                .hint_text(t!("keys-publishable-hint"));
            ui.add(field).labelled_by(label.id).on_hover_text(t!("keys-publishable-use"));
        });
    });
    let shape = (!state.input.is_empty()).then(|| check_secret_key(&Secret::new(state.input.clone())));
    let publishable_problem =
        publishable_problem(&state.publishable, shape.as_ref().and_then(|s| s.as_ref().ok()).copied());
    match &shape {
        Some(Err(problem)) => {
            ui.colored_label(RED, format!("✖ {problem}"));
        }
        Some(Ok(mode)) => {
            ui.colored_label(GREEN, format!("✔ {}", t!("keys-looks-like", mode = mode_words(*mode))));
        }
        None => {}
    }
    if let Some(problem) = &publishable_problem {
        ui.colored_label(RED, format!("✖ {problem}"));
    }
    if busy {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t!("keys-verifying"));
        });
    } else if state.verified.is_none() {
        let ready = matches!(shape, Some(Ok(_))) && publishable_problem.is_none();
        if ui.add_enabled(ready, egui::Button::new(t!("keys-verify"))).on_hover_text(t!("keys-verify-hint")).clicked() {
            state.busy = Some(Busy::Verifying);
            commands
                .push(Command::VerifyKey { key: Secret::new(state.input.clone()), api_base: state.api_base.clone() });
            state.message = None;
        }
    }

    let mut done = ui.input(|i| i.key_pressed(egui::Key::Escape));
    if let Some(verified) = &state.verified {
        let live = verified.mode == Mode::Live;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                let badge = if live { t!("badge-live") } else { t!("badge-test") };
                widgets::badge(ui, &badge, if live { RED } else { AMBER });
                ui.label(RichText::new(verified.platform.display_name()).strong());
                widgets::weak(ui, &verified.platform.id);
            });
            ui.label(t!("keys-verified", mode = mode_words(verified.mode)));
            if live {
                ui.colored_label(RED, t!("keys-live-warning"));
            }
            ui.horizontal(|ui| {
                let keychain_ok = state.keychain.is_ok();
                if keychain_ok && ui.button(t!("keys-save")).clicked() {
                    let publishable = Some(state.publishable.trim().to_owned()).filter(|p| !p.is_empty());
                    state.busy = Some(Busy::Keychain);
                    commands.push(Command::SaveKey { key: verified.key.clone(), mode: verified.mode, publishable });
                    done = true;
                }
                if ui.button(t!("keys-session-only")).on_hover_text(t!("keys-session-only-hint")).clicked() {
                    commands.push(Command::UseKey { key: verified.key.clone(), mode: verified.mode });
                    state.message = Some((true, t!("keys-using-session-only")));
                    done = true;
                }
                if ui.button(t!("keys-discard")).clicked() {
                    state.message = None;
                    done = true;
                }
            });
        });
        if done {
            state.verified = None;
            state.publishable.clear();
        }
    }
    if let Some((ok, message)) = &state.message {
        ui.colored_label(if *ok { GREEN } else { RED }, message);
    }
    commands
}

/// Why a publishable key is wrong, if it is (empty is fine: it is optional).
fn publishable_problem(publishable: &str, secret_mode: Option<Mode>) -> Option<String> {
    let publishable = publishable.trim();
    if publishable.is_empty() {
        return None;
    }
    let mode = match publishable {
        p if p.starts_with("pk_test_") => Mode::Test,
        p if p.starts_with("pk_live_") => Mode::Live,
        p if p.starts_with("sk_") || p.starts_with("rk_") => {
            return Some(t!("keys-publishable-is-secret"));
        }
        _ => return Some(t!("keys-publishable-prefix")),
    };
    match secret_mode {
        Some(secret) if secret != mode => {
            Some(t!("keys-publishable-mode-mismatch", secret = mode_words(secret), publishable = mode_words(mode)))
        }
        _ => None,
    }
}

/// `test` / `live` in the language in use.
fn mode_words(mode: Mode) -> String {
    match mode {
        Mode::Test => t!("mode-word-test"),
        Mode::Live => t!("mode-word-live"),
    }
}
