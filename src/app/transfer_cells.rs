//! The cells of an inbound-transfer row, shared by the account view and the transfers table:
//! status chip, origin, notes (failure, returned, deadline), receipt link, and the action buttons.

use eframe::egui::{self, Color32};

use super::action_rows::{self, RowState};
use super::widgets::{self, AMBER, GREEN, GREY, RED};
use super::{Command, Target};
use crate::actions::{Book, Kind};
use crate::i18n::Words;
use crate::snapshot::Transfer;
use crate::stripe::treasury::InboundTransferStatus;
use crate::t;

/// Colour of a status.
pub fn status_color(status: &InboundTransferStatus) -> Color32 {
    match status {
        InboundTransferStatus::Succeeded => GREEN,
        InboundTransferStatus::Processing => widgets::BLUE,
        InboundTransferStatus::RequiresConfirmation => AMBER,
        InboundTransferStatus::Failed => RED,
        InboundTransferStatus::Canceled | InboundTransferStatus::Unknown(_) => GREY,
    }
}

/// The status chip, in words (Stripe's value on hover).
pub fn status_chip(ui: &mut egui::Ui, transfer: &Transfer) {
    widgets::state_chip(ui, &transfer.status, status_color(&transfer.status));
}

/// `Chase ••1234`, or `—`.
pub fn origin(transfer: &Transfer) -> String {
    match (&transfer.origin_bank_name, &transfer.origin_last4) {
        (None, None) => "—".to_owned(),
        (name, last4) => {
            let bank = name.as_deref().map_or_else(|| t!("bank-unnamed"), str::to_owned);
            format!("{bank} ••{}", last4.as_deref().unwrap_or("????"))
        }
    }
}

/// The origin as a table cell of fixed width (not in a `Grid`, whose cells report little width):
/// in a narrow column the bank's name is shortened, never the last four digits that tell a
/// finance person which account it is. The full text shows on hover.
pub fn origin_cell(ui: &mut egui::Ui, transfer: &Transfer) {
    let Some(last4) = transfer.origin_last4.as_deref() else {
        ui.label(origin(transfer));
        return;
    };
    let name = transfer.origin_bank_name.as_deref().map_or_else(|| t!("bank-unnamed"), str::to_owned);
    let digits = egui::WidgetText::from(format!(" ••{last4}")).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let name_width = (ui.available_width() - digits.size().x).max(24.0);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        ui.scope(|ui| {
            ui.set_max_width(name_width);
            ui.add(egui::Label::new(name).truncate());
        });
        ui.label(digits);
    })
    .response
    .on_hover_text(origin(transfer));
}

/// Why it failed (`No such account`), `returned`, `decide by Thu 2026-12-03`.
pub fn notes(transfer: &Transfer) -> String {
    let mut notes = Vec::new();
    if let Some(code) = &transfer.failure_code {
        // The status chip beside it already says "failed": the reason is what a person needs.
        notes.push(code.words());
    }
    if transfer.returned {
        notes.push(t!("transfer-returned"));
    }
    if transfer.status == InboundTransferStatus::RequiresConfirmation
        && let Some(deadline) = crate::deadline::confirmation_deadline(transfer.created)
    {
        notes.push(t!("transfer-decide-by", date = crate::i18n::weekday_date(deadline)));
    }
    notes.join(", ")
}

/// The regulatory receipt link (opens in the browser), or nothing.
pub fn receipt(ui: &mut egui::Ui, transfer: &Transfer) {
    if let Some(url) = &transfer.hosted_regulatory_receipt_url {
        ui.hyperlink_to(t!("transfer-receipt"), &**url).on_hover_text(&**url);
    }
}

/// A row's last action outcome; returns true while an action runs (buttons disabled).
pub fn row_state_ui(ui: &mut egui::Ui, state: Option<&RowState>) -> bool {
    match state {
        Some(RowState::Busy(what)) => {
            ui.spinner();
            widgets::weak(ui, what);
            true
        }
        Some(RowState::Done(what)) => {
            ui.colored_label(GREEN, format!("✔ {what}"));
            false
        }
        Some(RowState::Failed(what)) => {
            ui.colored_label(RED, format!("⚠ {what}"));
            false
        }
        None => false,
    }
}

/// Stripe allows confirming it now.
pub fn can_confirm(transfer: &Transfer) -> bool {
    transfer.status == InboundTransferStatus::RequiresConfirmation
}

/// Stripe allows canceling it now.
pub fn can_cancel(transfer: &Transfer) -> bool {
    transfer.cancelable
        && matches!(transfer.status, InboundTransferStatus::Processing | InboundTransferStatus::RequiresConfirmation)
}

/// Ask to confirm (or cancel) `transfer` of `account_id`: the dialog that asks first.
pub fn ask(account_id: &str, transfer: &Transfer, confirm: bool) -> Command {
    let kind = if confirm { Kind::Confirm { hold: false } } else { Kind::Cancel };
    Command::Ask(Target { kind, object: transfer.id.to_string(), account: Some(account_id.to_owned()) })
}

/// Confirm… / Cancel… where Stripe allows them, with the row's last outcome beside them.
pub fn actions(ui: &mut egui::Ui, account_id: &str, transfer: &Transfer, book: &Book, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let state = action_rows::row_state(book, &transfer.id, action_rows::transfer_fingerprint(transfer));
        let busy = row_state_ui(ui, state.as_ref());
        ui.add_enabled_ui(!busy, |ui| {
            if can_confirm(transfer)
                && ui.button(t!("transfer-confirm-button")).on_hover_text(t!("transfer-confirm-hint")).clicked()
            {
                commands.push(ask(account_id, transfer, true));
            }
            if can_cancel(transfer)
                && ui.button(t!("transfer-cancel-button")).on_hover_text(t!("transfer-cancel-hint")).clicked()
            {
                commands.push(ask(account_id, transfer, false));
            }
        });
    });
}
