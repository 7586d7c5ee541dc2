//! The relink dialog: what will happen, which account to relink (this exact one, or any
//! eligible one at the same bank), and who must sign in. Enter starts, Esc dismisses.

use eframe::egui::{self, RichText};

use super::dialog::Choice;
use super::widgets::{self, AMBER};
use super::{Source, Target};
use crate::actions::Kind;
use crate::relink::RelinkMode;
use crate::t;

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
                widgets::badge(ui, &source.badge(), if source.live() { widgets::RED } else { widgets::BLUE });
                ui.heading(t!("relink-title"));
            });
            ui.label(RichText::new(&self.label).strong());
            widgets::weak(ui, t!("relink-holder", id = self.linked_id.clone(), holder = self.holder.clone()));
            ui.add_space(6.0);
            ui.label(t!("relink-body"));
            if self.customer_holder {
                ui.colored_label(AMBER, t!("relink-customer"));
            }
            ui.add_space(6.0);
            ui.radio_value(&mut self.mode, RelinkMode::ExactAccount, t!("relink-exact"))
                .on_hover_text(t!("relink-exact-hint"));
            ui.radio_value(&mut self.mode, RelinkMode::AnyAccountAtBank, t!("relink-any"))
                .on_hover_text(t!("relink-any-hint"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let start = ui.button(RichText::new(t!("relink-go")).strong());
                if start.clicked() || ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
                    let kind = Kind::Relink(self.mode);
                    choice = Choice::Go(Target { kind, object: self.linked_id.clone(), account: None });
                }
                if ui.button(t!("dialog-back")).on_hover_text("Esc").clicked() {
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
