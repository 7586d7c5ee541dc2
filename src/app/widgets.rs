//! Small reusable widgets: the mode badge, status chips, money labels.
//! Knows colours and layout; takes plain values, not Stripe resources.

use eframe::egui::{self, Color32, RichText};

use crate::money::Money;

/// Red used for LIVE and for negative amounts / restrictions.
pub const RED: Color32 = Color32::from_rgb(0xE5, 0x48, 0x4D);
/// Amber for pending and warnings.
pub const AMBER: Color32 = Color32::from_rgb(0xE8, 0xA3, 0x3D);
/// Green for active / succeeded.
pub const GREEN: Color32 = Color32::from_rgb(0x3F, 0xB9, 0x50);
/// Blue for the sandbox and neutral information.
pub const BLUE: Color32 = Color32::from_rgb(0x4C, 0x8D, 0xF6);
/// Grey for closed / final / unknown.
pub const GREY: Color32 = Color32::from_rgb(0x8B, 0x94, 0x9E);

/// A filled badge with bold text.
pub fn badge(ui: &mut egui::Ui, text: &str, fill: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 3))
        .show(ui, |ui| ui.label(RichText::new(text).strong().color(Color32::WHITE)))
        .response
}

/// A small outlined chip (statuses, features). One widget, so a row of chips wraps between
/// chips and never inside one.
pub fn chip(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    let chip = egui::Button::new(RichText::new(text).small().color(color))
        .stroke(egui::Stroke::new(1.0, color))
        .fill(Color32::TRANSPARENT)
        .corner_radius(8.0)
        .sense(egui::Sense::hover());
    ui.add(chip)
}

/// A money amount in monospace, never wrapped, red when negative.
pub fn money(ui: &mut egui::Ui, amount: Money<'_>) -> egui::Response {
    let text = RichText::new(amount.to_string()).monospace();
    let text = if amount.is_negative() { text.color(RED) } else { text };
    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
}

/// Amounts stacked one per line and right-aligned, so digits line up down a column;
/// `—` when there are none.
pub fn money_column<'a>(ui: &mut egui::Ui, amounts: impl IntoIterator<Item = Money<'a>>) {
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        let mut any = false;
        for amount in amounts {
            money(ui, amount);
            any = true;
        }
        if !any {
            weak(ui, "—");
        }
    });
}

/// Secondary text (ids, timestamps).
pub fn weak(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    ui.label(RichText::new(text.into()).small().weak())
}
