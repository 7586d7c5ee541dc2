//! One connected account: its financial accounts as cards (balances, features, status) and its
//! linked bank accounts. Reads a [`ConnectedAccount`]; returns commands.

use eframe::egui::{self, Color32, RichText};

use super::action_rows::{self, RowState};
use super::transfer_cells as cells;
use super::widgets::{self, AMBER, BLUE, GREEN, GREY, RED};
use super::{Command, Source, Target, View, format};
use crate::actions::{Book, Kind, Verdict};
use crate::money::Money;
use crate::snapshot::{ConnectedAccount, FinancialAccountEntry};
use crate::stripe::common::Amounts;
use crate::stripe::financial_connections::{
    self as fc, AccountStatus, BalanceType, RefreshAvailability, RefreshStatus, StatusAction,
};
use crate::stripe::treasury::{Feature, InboundTransferStatus};

/// Draw the detail view.
pub fn ui(
    ui: &mut egui::Ui,
    connected: &ConnectedAccount,
    source: Source,
    book: &Book,
    can_relink: bool,
    is_platform: bool,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let account = &connected.account;
    ui.horizontal(|ui| {
        if ui.button("⬅ Overview").on_hover_text("Back (Esc)").clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            commands.push(Command::Show(View::Overview));
        }
        ui.heading(account.display_name());
        if is_platform {
            widgets::chip(ui, "platform: your own money", BLUE);
        }
    });
    ui.horizontal_wrapped(|ui| {
        widgets::weak(ui, &account.id);
        if let Some(email) = &account.email {
            widgets::weak(ui, email);
        }
        let treasury = account.treasury_capability().map_or("not requested", |c| c.as_str());
        widgets::weak(ui, format!("treasury capability: {treasury}"));
    });
    for error in &connected.errors {
        ui.colored_label(RED, format!("⚠ Could not load {error}"));
    }
    if let Some(balance) = &connected.stripe_balance {
        stripe_balance(ui, &account.id, balance);
    }
    ui.add_space(6.0);
    // Figures and ids never wrap: a wrapped amount or id is misread. Wide content scrolls instead.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.label(RichText::new(format!("Financial accounts ({})", connected.financial_accounts.len())).strong());
        if connected.financial_accounts.is_empty() {
            widgets::weak(
                ui,
                if account.treasury_active() {
                    "No financial accounts yet."
                } else {
                    "This account cannot hold financial accounts: its treasury capability is not active."
                },
            );
        }
        // Open accounts first; closed ones apart, at the end.
        let (open, closed): (Vec<_>, Vec<_>) =
            connected.financial_accounts.iter().partition(|e| e.financial_account.is_open());
        for entry in open.into_iter().chain(closed) {
            financial_account_card(ui, &account.id, entry, source, book, &mut commands);
        }
        ui.add_space(10.0);
        ui.label(RichText::new(format!("Linked bank accounts ({})", connected.linked_accounts.len())).strong());
        if is_platform {
            widgets::weak(
                ui,
                "Not listed for the platform itself: linked bank accounts are listed per connected account.",
            );
        } else if connected.linked_accounts.is_empty() {
            widgets::weak(ui, "No bank accounts linked through Financial Connections.");
        } else {
            egui::ScrollArea::horizontal().id_salt("linked_scroll").show(ui, |ui| {
                linked_accounts_grid(ui, &connected.linked_accounts, book, can_relink, &mut commands);
            });
        }
    });
    commands
}

/// The account's own Stripe balance, apart from its financial accounts.
fn stripe_balance(ui: &mut egui::Ui, account_id: &str, balance: &crate::stripe::balance::Balance) {
    let (available, pending) = (balance.available_amounts(), balance.pending_amounts());
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Stripe balance").strong()).on_hover_text(
            "The account's own Stripe balance (payments and payouts), separate from its financial accounts \
             below: 100 USD here and 200 USD in a financial account are 300 USD in all.",
        );
        widgets::weak(ui, "payments, apart from the financial accounts below");
    });
    balance_grid(ui, ("stripe_balance", account_id), &[("Available", &available), ("Pending", &pending)]);
}

/// Balance figures as a grid: a row per currency any of them holds, a column per figure.
fn balance_grid(ui: &mut egui::Ui, id: impl egui::AsIdSalt, columns: &[(&str, &Amounts)]) {
    let currencies: std::collections::BTreeSet<&String> = columns.iter().flat_map(|(_, map)| map.keys()).collect();
    egui::Grid::new(id).min_col_width(110.0).show(ui, |ui| {
        ui.label("");
        for (title, _) in columns {
            ui.label(RichText::new(*title).small().strong());
        }
        ui.end_row();
        for currency in currencies {
            ui.label(RichText::new(currency.to_uppercase()).small());
            for (_, map) in columns {
                widgets::money_column(ui, [Money::new(map.get(currency).copied().unwrap_or(0), currency)]);
            }
            ui.end_row();
        }
    });
}

fn financial_account_card(
    ui: &mut egui::Ui,
    account_id: &str,
    entry: &FinancialAccountEntry,
    source: Source,
    book: &Book,
    commands: &mut Vec<Command>,
) {
    let fa = &entry.financial_account;
    let frame = egui::Frame::group(ui.style()).inner_margin(8.0);
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(fa.label()).strong());
            if fa.nickname.is_some() {
                widgets::weak(ui, &fa.id);
            }
            if fa.is_open() {
                widgets::chip(ui, "open", GREEN);
            } else {
                let reasons = fa
                    .status_details
                    .closed
                    .as_ref()
                    .map(|c| c.reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "));
                widgets::chip(
                    ui,
                    &format!("{}{}", fa.status, reasons.map(|r| format!(": {r}")).unwrap_or_default()),
                    GREY,
                );
            }
            if fa.has_manual_review() {
                widgets::chip(ui, "manual review", widgets::BLUE)
                    .on_hover_text("New inbound transfers wait for your confirmation");
            }
            if matches!(source, Source::Stripe(crate::stripe::Mode::Live)) != fa.livemode && source != Source::Sandbox {
                widgets::chip(ui, "mode mismatch", RED);
            }
        });
        let b = &fa.balance;
        balance_grid(
            ui,
            ("balances", &fa.id),
            &[("Cash", &b.cash), ("Inbound pending", &b.inbound_pending), ("Outbound pending", &b.outbound_pending)],
        );
        if fa.is_open() {
            ui.scope(|ui| add_funds_row(ui, account_id, fa, book, commands));
        }
        // Restricted first: it is the one that needs action.
        for (features, color, title, meaning) in [
            (&fa.restricted_features, RED, "Restricted", "Not usable: action needed"),
            (&fa.pending_features, AMBER, "Pending", "Requested, not usable yet"),
            (&fa.active_features, GREEN, "Active", "Usable now"),
        ] {
            if features.is_empty() {
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{title}:")).small().color(color)).on_hover_text(meaning);
                feature_chips(ui, features, color, meaning);
            });
        }
        inbound_transfers(ui, account_id, entry, book, commands);
    });
}

/// Add funds… where inbound transfers are active (else why not), with the last attempt's outcome.
fn add_funds_row(
    ui: &mut egui::Ui,
    account_id: &str,
    fa: &crate::stripe::treasury::FinancialAccount,
    book: &Book,
    commands: &mut Vec<Command>,
) {
    // Reasons and outcomes are sentences: they wrap (figures and ids elsewhere do not).
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    match super::add_funds::offer(fa) {
        Ok(()) => {
            ui.horizontal_wrapped(|ui| {
                // Adding funds acts on the financial account: its note is the account's.
                let state = action_rows::row_state(book, &fa.id, 0);
                let busy = matches!(state, Some(RowState::Busy(_)));
                let button = ui
                    .add_enabled(!busy, egui::Button::new("➕ Add funds…"))
                    .on_hover_text("Pull money from the account's bank account over ACH (asks first)");
                if button.clicked() {
                    commands
                        .push(Command::AddFunds { account: account_id.to_owned(), financial_account: fa.id.clone() });
                }
                cells::row_state_ui(ui, state.as_ref());
            });
        }
        Err(why) => {
            ui.colored_label(AMBER, RichText::new(why).small());
        }
    }
}

fn feature_chips(ui: &mut egui::Ui, features: &[Feature], color: Color32, meaning: &str) {
    for feature in features {
        let text = if color == RED { format!("⚠ {feature}") } else { feature.to_string() };
        widgets::chip(ui, &text, color).on_hover_text(meaning);
    }
}

fn inbound_transfers(
    ui: &mut egui::Ui,
    account_id: &str,
    entry: &FinancialAccountEntry,
    book: &Book,
    commands: &mut Vec<Command>,
) {
    let transfers = &entry.inbound_transfers;
    let waiting = transfers.iter().filter(|t| t.status == InboundTransferStatus::RequiresConfirmation).count();
    let title = if waiting > 0 {
        format!("Inbound transfers ({}, {waiting} awaiting confirmation)", transfers.len())
    } else {
        format!("Inbound transfers ({})", transfers.len())
    };
    // Funds just added: open the list once, so the new row is in sight (the user may close it again).
    let fa_id = &entry.financial_account.id;
    let mut open_now = None;
    if let Some(note) =
        book.note(fa_id, 0).filter(|n| n.verdict == Verdict::Done && matches!(n.kind, Kind::AddFunds(_)))
    {
        let opened_for = ui.make_persistent_id(("transfers_opened_for", fa_id));
        if ui.data(|d| d.get_temp::<String>(opened_for)).as_ref() != Some(&note.detail) {
            ui.data_mut(|d| d.insert_temp(opened_for, note.detail.clone()));
            open_now = Some(true);
        }
    }
    egui::CollapsingHeader::new(title)
        .id_salt(("transfers", &entry.financial_account.id))
        .default_open(waiting > 0)
        .open(open_now)
        .show(ui, |ui| {
            if let (true, Some(read_at)) = (entry.transfers_kept, entry.transfers_read_at) {
                widgets::weak(
                    ui,
                    format!(
                        "As listed at {}: the last sync kept this list because the account's balance has not moved since.",
                        format::datetime(read_at)
                    ),
                )
                .on_hover_text("Every change to an inbound transfer moves money. Shift+F5 lists everything again.");
            }
            if transfers.is_empty() {
                widgets::weak(ui, "None.");
                return;
            }
            egui::ScrollArea::horizontal().id_salt(("transfer_scroll", &entry.financial_account.id)).show(ui, |ui| {
                egui::Grid::new(("transfer_grid", &entry.financial_account.id)).striped(true).show(ui, |ui| {
                    for title in ["Created", "Amount", "Status", "Actions", "From", "Descriptor", "Notes", ""] {
                        ui.label(RichText::new(title).small().strong());
                    }
                    ui.end_row();
                    for transfer in transfers.iter() {
                        widgets::weak(ui, format::datetime(transfer.created));
                        widgets::money_column(ui, [Money::new(transfer.amount, &transfer.currency)]);
                        cells::status_chip(ui, transfer);
                        cells::actions(ui, account_id, transfer, book, commands);
                        ui.label(cells::origin(transfer));
                        ui.label(&*transfer.statement_descriptor);
                        ui.label(cells::notes(transfer));
                        cells::receipt(ui, transfer);
                        ui.end_row();
                    }
                });
            });
        });
}

fn linked_accounts_grid(
    ui: &mut egui::Ui,
    linked: &[fc::Account],
    book: &Book,
    can_relink: bool,
    commands: &mut Vec<Command>,
) {
    let now = format::now();
    egui::Grid::new("linked_accounts").striped(true).show(ui, |ui| {
        for title in ["Bank account", "Status", "Current", "Available / used", "As of", "Balance refresh"] {
            ui.label(RichText::new(title).small().strong());
        }
        ui.end_row();
        for account in linked {
            ui.vertical(|ui| {
                ui.label(format!("{} · {}", account.institution_name, account.label()));
                widgets::weak(ui, format!("{} {} · {}", account.category, account.subcategory, account.id));
            });
            let state = action_rows::row_state(book, &account.id, action_rows::linked_fingerprint(account));
            status_cell(ui, account, can_relink, state.as_ref(), commands);
            match &account.balance {
                None => {
                    widgets::weak(ui, "no balance data");
                    ui.label("");
                    ui.label("");
                }
                Some(balance) => {
                    ui.vertical(|ui| {
                        for (currency, amount) in &balance.current {
                            widgets::money(ui, Money::new(*amount, currency));
                        }
                    });
                    ui.vertical(|ui| match balance.kind {
                        BalanceType::Credit => match balance.credit_used() {
                            Some(used) => {
                                for (currency, amount) in used {
                                    widgets::money(ui, Money::new(*amount, currency)).on_hover_text("Credit used");
                                }
                            }
                            None => {
                                widgets::weak(ui, "used: not reported");
                            }
                        },
                        _ => match balance.cash.as_ref().and_then(|c| c.available.as_ref()) {
                            Some(available) => {
                                for (currency, amount) in available {
                                    widgets::money(ui, Money::new(*amount, currency)).on_hover_text("Available");
                                }
                            }
                            None => {
                                ui.colored_label(AMBER, "not reported").on_hover_text(
                                    "The bank sent no available balance: ACH checks fall back to current.",
                                );
                            }
                        },
                    });
                    let stale = now - balance.as_of > 24 * 3600;
                    let exact = format!("The bank computed this balance at {}", format::datetime(balance.as_of));
                    let age = format::age(now, balance.as_of);
                    if stale {
                        ui.colored_label(AMBER, format!("⚠ {age}"))
                            .on_hover_text(format!("{exact}: older than 24 hours"));
                    } else {
                        ui.label(age).on_hover_text(exact);
                    }
                }
            }
            ui.vertical(|ui| {
                refresh_cell(ui, account, now, state.as_ref(), commands);
            });
            ui.end_row();
        }
    });
}

fn refresh_cell(
    ui: &mut egui::Ui,
    account: &fc::Account,
    now: i64,
    state: Option<&RowState>,
    commands: &mut Vec<Command>,
) {
    if let Some(refresh) = &account.balance_refresh {
        let color = match refresh.status {
            RefreshStatus::Succeeded => GREEN,
            RefreshStatus::Pending => widgets::BLUE,
            RefreshStatus::Failed => RED,
            RefreshStatus::Unknown(_) => GREY,
        };
        ui.horizontal(|ui| {
            widgets::chip(ui, refresh.status.as_str(), color);
            widgets::weak(ui, format!("tried {}", format::age(now, refresh.last_attempted_at)));
        });
    } else {
        widgets::weak(ui, "never refreshed");
    }
    // The last action's note on a line of its own, so the button stays in reach beside it.
    if let Some(state) = state {
        let busy = ui.horizontal(|ui| cells::row_state_ui(ui, Some(state))).inner;
        if busy {
            return;
        }
    }
    ui.horizontal(|ui| {
        match account.refresh_availability(now) {
            RefreshAvailability::Now => {
                if ui.button("🔄 Refresh").on_hover_text("Ask the bank for a new balance").clicked() {
                    commands.push(Command::Ask(Target {
                        kind: Kind::Refresh,
                        object: account.id.clone(),
                        account: None,
                    }));
                }
            }
            RefreshAvailability::At(at) => {
                ui.add_enabled(false, egui::Button::new("🔄 Refresh"))
                    .on_disabled_hover_text(format!("Stripe allows the next refresh at {}", format::datetime(at)));
                widgets::weak(ui, format!("possible {}", format::countdown(at - now)));
                // Tick the countdown.
                ui.ctx().request_repaint_after(std::time::Duration::from_secs(1));
            }
            RefreshAvailability::Pending => {
                ui.spinner();
                widgets::weak(ui, "refresh pending at the bank");
            }
            RefreshAvailability::NotActive => {
                widgets::weak(ui, "cannot refresh: not active");
            }
            RefreshAvailability::Unavailable => {
                widgets::weak(ui, "no refresh possible now (Stripe gave no next time)");
            }
        }
    });
}

fn status_cell(
    ui: &mut egui::Ui,
    account: &fc::Account,
    can_relink: bool,
    state: Option<&RowState>,
    commands: &mut Vec<Command>,
) {
    ui.vertical(|ui| {
        let color = match account.status {
            AccountStatus::Active => GREEN,
            AccountStatus::Inactive => RED,
            AccountStatus::Disconnected | AccountStatus::Unknown(_) => GREY,
        };
        widgets::chip(ui, account.status.as_str(), color);
        if let Some(inactive) = &account.status_details.inactive {
            let what = match inactive.action {
                StatusAction::RelinkRequired => "relink required",
                StatusAction::None => "cannot be repaired",
                StatusAction::Unknown(_) => "see Stripe",
            };
            widgets::weak(ui, format!("{}: {what}", inactive.cause));
        }
        if account.relink_required() {
            let busy = matches!(state, Some(RowState::Busy(_)));
            let button = ui
                .add_enabled(can_relink && !busy, egui::Button::new("Relink…"))
                .on_hover_text("Repair it: the holder signs in to the bank again, in the browser");
            let button = if can_relink {
                button
            } else {
                button.on_disabled_hover_text("Add a publishable key (pk_…) in Keys to relink from here")
            };
            if button.clicked() {
                let kind = Kind::Relink(crate::relink::RelinkMode::ExactAccount);
                commands.push(Command::Ask(Target { kind, object: account.id.clone(), account: None }));
            }
        }
        if let Some(active) = &account.status_details.active {
            ui.colored_label(AMBER, format!("⚠ deactivates {}", format::datetime(active.expected_deactivation_date)))
                .on_hover_text(format!("{} ({})", active.cause, active.action));
        }
    });
}
