//! The relink dialog: what will happen, which account to relink (this exact one, or any
//! eligible one at the same bank), and who must sign in. Enter starts, Esc dismisses.

use eframe::egui::{self, RichText};

use super::dialog::Choice;
use super::widgets::{self, AMBER};
use super::{Source, Target};
use crate::actions::Kind;
use crate::relink::RelinkMode;

/// An open relink dialog.
#[derive(Clone, Debug)]
pub struct RelinkDialog {
    /// The linked account (`fca_…`).
    pub linked_id: String,
    /// Bank and account, for the title.
    pub label: String,
    /// Whose bank login it is: a connected account (staff may relink) or a customer (they must).
    pub holder: String,
    /// True when the holder is a customer: only they can sign in.
    pub customer_holder: bool,
    /// The choice.
    pub mode: RelinkMode,
}

impl RelinkDialog {
    /// Draw the dialog.
    pub(super) fn ui(&mut self, ctx: &egui::Context, source: Source) -> Choice {
        let mut choice = Choice::Open;
        let modal = egui::Modal::new(egui::Id::unique("relink_dialog")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.horizontal(|ui| {
                widgets::badge(ui, source.badge(), if source.live() { widgets::RED } else { widgets::BLUE });
                ui.heading("Relink this bank account?");
            });
            ui.label(RichText::new(&self.label).strong());
            widgets::weak(ui, format!("{} · holder: {}", self.linked_id, self.holder));
            ui.add_space(6.0);
            ui.label("The bank's sign-in opens in your web browser. Relinking one account can bring back others on the same bank login.");
            if self.customer_holder {
                ui.colored_label(AMBER, "This is a customer's bank: the customer must sign in, not you. Send them Stripe's hosted relink link instead if you cannot reach them now.");
            }
            ui.add_space(6.0);
            ui.radio_value(&mut self.mode, RelinkMode::ExactAccount, "This exact account")
                .on_hover_text("relink_options[account]: the holder must pick this same account");
            ui.radio_value(&mut self.mode, RelinkMode::AnyAccountAtBank, "Any eligible checking or savings account at the same bank")
                .on_hover_text("relink_options[authorization] with limits[accounts]=1");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let start = ui.button(RichText::new("Open the bank sign-in").strong());
                if start.clicked() || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
                    let kind = Kind::Relink(self.mode);
                    choice = Choice::Go(Target { kind, object: self.linked_id.clone(), account: None });
                }
                if ui.button("Back").on_hover_text("Esc").clicked() {
                    choice = Choice::Dismissed;
                }
            });
        });
        if choice == Choice::Open && modal.should_close() {
            choice = Choice::Dismissed;
        }
        choice
    }
}
