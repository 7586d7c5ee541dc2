//! The one modal at a time: every dialog before a money action, drawn over everything. Each names
//! what will happen and the mode; Enter goes ahead, Esc backs out, and nothing behind it reacts.

use eframe::egui::{self, RichText};

use super::widgets::{self, RED};
use super::{Source, Target, add_funds::AddFundsDialog, relink_dialog::RelinkDialog};
use crate::actions::Kind;
use crate::money::Money;
use crate::t;

/// The open dialog, if any: the shell holds an `Option<Modal>`.
#[derive(Clone, Debug)]
pub enum Modal {
    /// Confirm or cancel an inbound transfer.
    Transfer(Dialog),
    /// Relink an inactive bank account.
    Relink(RelinkDialog),
    /// LIVE mode: refresh a real bank balance?
    LiveRefresh(LiveRefresh),
    /// Add funds: create an inbound transfer (stays open while it runs).
    AddFunds(Box<AddFundsDialog>),
}

/// What the user chose this frame, the same for every dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Still deciding.
    Open,
    /// Closed without acting.
    Dismissed,
    /// Go ahead with this action.
    Go(Target),
}

impl Modal {
    /// Draw the dialog over everything.
    pub fn ui(&mut self, ctx: &egui::Context, source: Source) -> Choice {
        match self {
            Self::Transfer(dialog) => dialog.ui(ctx, source),
            Self::Relink(dialog) => dialog.ui(ctx, source),
            Self::LiveRefresh(dialog) => dialog.ui(ctx),
            Self::AddFunds(dialog) => dialog.ui(ctx, source),
        }
    }
}

/// LIVE mode: a refresh asks first, naming the mode.
#[derive(Clone, Debug)]
pub struct LiveRefresh {
    /// The linked account (`fca_…`).
    pub linked_id: String,
    /// Bank and account, for the question.
    pub label: String,
}

impl LiveRefresh {
    fn ui(&mut self, ctx: &egui::Context) -> Choice {
        let modal = egui::Modal::new(egui::Id::unique("live_refresh")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.horizontal(|ui| {
                widgets::badge(ui, "LIVE", RED);
                ui.heading(t!("live-refresh-title"));
            });
            ui.label(t!("live-refresh-body", account = self.label.clone(), id = self.linked_id.clone()));
            ui.colored_label(RED, t!("live-refresh-warning"));
            let mut choice = Choice::Open;
            ui.horizontal(|ui| {
                if ui.button(t!("live-refresh-go")).clicked()
                    || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
                {
                    choice = Choice::Go(Target { kind: Kind::Refresh, object: self.linked_id.clone(), account: None });
                }
                if ui.button(t!("dialog-back")).on_hover_text("Esc").clicked() {
                    choice = Choice::Dismissed;
                }
            });
            choice
        });
        match modal.inner {
            Choice::Open if modal.should_close() => Choice::Dismissed,
            choice => choice,
        }
    }
}

/// Which action the dialog asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Confirm; `hold` keeps the funds past the ACH return window.
    Confirm {
        /// Hold the funds 432,000 s (5 days).
        hold: bool,
    },
    /// Cancel.
    Cancel,
}

/// An open dialog about one inbound transfer.
#[derive(Clone, Debug)]
pub struct Dialog {
    /// What to do.
    pub ask: Ask,
    /// The connected account id.
    pub account_id: String,
    /// Its display name.
    pub account_name: String,
    /// The financial account id.
    pub financial_account_id: String,
    /// Its nickname or id.
    pub financial_account_label: String,
    /// The transfer id.
    pub transfer_id: String,
    /// Minor units.
    pub amount: i64,
    /// Currency.
    pub currency: String,
    /// Last day to act (manual review), if known.
    pub deadline: Option<jiff::civil::Date>,
}

impl Dialog {
    /// The action the dialog would run.
    pub fn action(&self) -> Target {
        let kind = match self.ask {
            Ask::Confirm { hold } => Kind::Confirm { hold },
            Ask::Cancel => Kind::Cancel,
        };
        Target { kind, object: self.transfer_id.clone(), account: Some(self.account_id.clone()) }
    }

    /// Draw the dialog over everything.
    fn ui(&mut self, ctx: &egui::Context, source: Source) -> Choice {
        let mut choice = Choice::Open;
        let live = source.live();
        let amount = Money::new(self.amount, &self.currency).to_string();
        let (title, button) = match self.ask {
            Ask::Confirm { .. } => (t!("confirm-title"), t!("confirm-go", amount = amount.clone())),
            Ask::Cancel => (t!("cancel-title"), t!("cancel-go", amount = amount.clone())),
        };
        let modal = egui::Modal::new(egui::Id::unique("money_action_dialog")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.horizontal(|ui| {
                widgets::badge(ui, &source.badge(), if live { RED } else { widgets::BLUE });
                ui.heading(title);
            });
            if live {
                ui.colored_label(RED, RichText::new(t!("live-moves-money")).strong());
            }
            ui.add_space(6.0);
            egui::Grid::new("dialog_facts").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
                ui.label(t!("dialog-amount"));
                ui.label(RichText::new(&amount).monospace().strong());
                ui.end_row();
                ui.label(t!("dialog-into-fa"));
                if self.financial_account_label == self.financial_account_id {
                    ui.label(&self.financial_account_id);
                } else {
                    ui.label(format!("{} ({})", self.financial_account_label, self.financial_account_id));
                }
                ui.end_row();
                ui.label(t!("dialog-connected-account"));
                ui.label(format!("{} ({})", self.account_name, self.account_id));
                ui.end_row();
                ui.label(t!("dialog-transfer"));
                ui.label(&self.transfer_id);
                ui.end_row();
                if let Some(deadline) = self.deadline {
                    ui.label(t!("dialog-decide-by"));
                    ui.label(t!("dialog-deadline", date = crate::i18n::weekday_date(deadline)))
                        .on_hover_text(t!("dialog-deadline-hint"));
                    ui.end_row();
                }
            });
            ui.add_space(6.0);
            match &mut self.ask {
                Ask::Confirm { hold } => {
                    ui.label(RichText::new(t!("confirm-availability")).strong());
                    ui.radio_value(hold, false, t!("confirm-release"));
                    ui.radio_value(hold, true, t!("confirm-hold"));
                }
                Ask::Cancel => {
                    ui.label(t!("cancel-body"));
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let act = ui.add(egui::Button::new(RichText::new(&button).strong()).fill(if live {
                    RED
                } else {
                    ui.visuals().selection.bg_fill
                }));
                if act.clicked() || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
                    choice = Choice::Go(self.action());
                }
                if ui.button(t!("dialog-back")).on_hover_text("Esc").clicked() {
                    choice = Choice::Dismissed;
                }
            });
            let keys = match self.ask {
                Ask::Confirm { .. } => t!("confirm-keys"),
                Ask::Cancel => t!("cancel-keys"),
            };
            widgets::weak(ui, keys);
        });
        if choice == Choice::Open && modal.should_close() {
            choice = Choice::Dismissed;
        }
        choice
    }
}
