//! The confirmation dialog every money action passes through: it names the amount, the
//! financial account, the connected account and the mode. Enter acts, Esc dismisses.

use eframe::egui::{self, RichText};

use super::Source;
use super::jobs::TransferAction;
use super::widgets::{self, RED};
use crate::money::Money;
use crate::stripe::Mode;
use crate::stripe::treasury::MAX_FUNDS_AVAILABILITY_DELAY;

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

/// What the user chose this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Still deciding.
    Open,
    /// Closed without acting.
    Dismissed,
    /// Go ahead.
    Act(TransferAction),
}

impl Dialog {
    /// The action the dialog would run.
    pub fn action(&self) -> TransferAction {
        match self.ask {
            Ask::Confirm { hold } => TransferAction::Confirm(hold.then_some(MAX_FUNDS_AVAILABILITY_DELAY)),
            Ask::Cancel => TransferAction::Cancel,
        }
    }

    /// Draw the dialog over everything.
    pub fn ui(&mut self, ctx: &egui::Context, source: Source) -> Choice {
        let mut choice = Choice::Open;
        let live = source == Source::Stripe(Mode::Live);
        let amount = Money::new(self.amount, &self.currency).to_string();
        let (title, button) = match self.ask {
            Ask::Confirm { .. } => ("Confirm this inbound transfer?", format!("Confirm {amount}")),
            Ask::Cancel => ("Cancel this inbound transfer?", format!("Cancel {amount}")),
        };
        let modal = egui::Modal::new(egui::Id::unique("money_action_dialog")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.horizontal(|ui| {
                widgets::badge(ui, source.badge(), if live { RED } else { widgets::BLUE });
                ui.heading(title);
            });
            if live {
                ui.colored_label(RED, RichText::new("LIVE mode: this moves real money.").strong());
            }
            ui.add_space(6.0);
            egui::Grid::new("dialog_facts").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
                ui.label("Amount");
                ui.label(RichText::new(&amount).monospace().strong());
                ui.end_row();
                ui.label("Into financial account");
                if self.financial_account_label == self.financial_account_id {
                    ui.label(&self.financial_account_id);
                } else {
                    ui.label(format!("{} ({})", self.financial_account_label, self.financial_account_id));
                }
                ui.end_row();
                ui.label("Connected account");
                ui.label(format!("{} ({})", self.account_name, self.account_id));
                ui.end_row();
                ui.label("Transfer");
                ui.label(&self.transfer_id);
                ui.end_row();
                if let Some(deadline) = self.deadline {
                    ui.label("Decide by");
                    ui.label(format!("{} (else Stripe cancels it)", deadline.strftime("%a %Y-%m-%d"))).on_hover_text(
                        "5 Federal Reserve business days after the transfer was created (US Eastern dates)",
                    );
                    ui.end_row();
                }
            });
            ui.add_space(6.0);
            match &mut self.ask {
                Ask::Confirm { hold } => {
                    ui.label(RichText::new("Funds availability").strong());
                    ui.radio_value(hold, false, "Release the funds as soon as the transfer settles");
                    ui.radio_value(hold, true, "Hold them 5 days past the ACH return window (432,000 s)");
                }
                Ask::Cancel => {
                    ui.label("The transfer will not pull funds. This cannot be undone.");
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
                    choice = Choice::Act(self.action());
                }
                if ui.button("Back").on_hover_text("Esc").clicked() {
                    choice = Choice::Dismissed;
                }
            });
            widgets::weak(ui, format!("Enter: {} · Esc: back", self.action().verb()));
        });
        if choice == Choice::Open && modal.should_close() {
            choice = Choice::Dismissed;
        }
        choice
    }
}
