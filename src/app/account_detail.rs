//! One connected account: its financial accounts as cards (balances, features, status) and its
//! linked bank accounts. Reads a [`ConnectedAccount`]; returns commands.

use eframe::egui::{self, Color32, RichText};

use super::action_rows::{self, RowState};
use super::transfer_cells as cells;
use super::widgets::{self, AMBER, BLUE, GREEN, GREY, RED};
use super::{Command, Source, Target, View, format};
use crate::actions::{Book, Kind, Verdict};
use crate::i18n::Words;
use crate::money::Money;
use crate::snapshot::{ConnectedAccount, FinancialAccountEntry, FinancialAccountsRead};
use crate::stripe::common::Amounts;
use crate::stripe::financial_connections::{
    self as fc, AccountStatus, BalanceType, RefreshAvailability, RefreshStatus, StatusAction,
};
use crate::stripe::treasury::{Feature, InboundTransferStatus};
use crate::t;

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
        if ui.button(t!("account-back")).on_hover_text(t!("account-back-hint")).clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            commands.push(Command::Show(View::Overview));
        }
        ui.heading(account.display_name());
        if is_platform {
            widgets::chip(ui, &t!("account-platform-chip"), BLUE);
        }
    });
    ui.horizontal_wrapped(|ui| {
        widgets::weak(ui, &account.id);
        if let Some(email) = &account.email {
            widgets::weak(ui, email);
        }
        let treasury =
            account.treasury_capability().map_or_else(|| t!("account-treasury-not-requested"), |c| c.words());
        widgets::weak(ui, t!("account-treasury", status = treasury));
    });
    for error in &connected.errors {
        ui.colored_label(RED, format!("⚠ {}", t!("account-load-failed", error = error.clone())));
    }
    if let Some(reason) = account.treasury_restriction().filter(|_| !connected.financial_accounts.is_empty()) {
        ui.colored_label(AMBER, format!("⚠ {}", t!("account-fas-restricted", reason = reason)))
            .on_hover_text(t!("account-fas-restricted-hint"));
    }
    if let Some(balance) = &connected.stripe_balance {
        stripe_balance(ui, &account.id, balance);
    }
    ui.add_space(6.0);
    // Figures and ids never wrap: a wrapped amount or id is misread. Wide content scrolls instead.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.label(RichText::new(t!("account-fas", count = connected.financial_accounts.len())).strong());
        if connected.financial_accounts.is_empty() {
            widgets::weak(
                ui,
                match connected.financial_accounts_read {
                    FinancialAccountsRead::NotOnboarded => t!("account-not-onboarded"),
                    FinancialAccountsRead::NoCapability => t!("account-no-capability"),
                    FinancialAccountsRead::Listed if account.treasury_active() => t!("account-no-fas"),
                    FinancialAccountsRead::Listed => t!("account-no-treasury"),
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
        ui.label(RichText::new(t!("account-linked", count = connected.linked_accounts.len())).strong());
        if is_platform {
            widgets::weak(ui, t!("account-linked-platform"));
        } else if connected.linked_accounts.is_empty() {
            widgets::weak(ui, t!("account-linked-none"));
        } else {
            linked_accounts_grid(ui, &connected.linked_accounts, book, can_relink, &mut commands);
        }
    });
    commands
}

/// The account's own Stripe balance, apart from its financial accounts.
fn stripe_balance(ui: &mut egui::Ui, account_id: &str, balance: &crate::stripe::balance::Balance) {
    let (available, pending) = (balance.available_amounts(), balance.pending_amounts());
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(t!("account-stripe-balance")).strong()).on_hover_text(t!("account-stripe-balance-hint"));
        widgets::weak(ui, t!("account-stripe-balance-note"));
    });
    balance_grid(
        ui,
        ("stripe_balance", account_id),
        &[(t!("stripe-available"), &available), (t!("stripe-pending"), &pending)],
    );
}

/// Balance figures as a grid: a row per currency any of them holds, a column per figure.
fn balance_grid(ui: &mut egui::Ui, id: impl egui::AsIdSalt, columns: &[(String, &Amounts)]) {
    let currencies: std::collections::BTreeSet<&String> = columns.iter().flat_map(|(_, map)| map.keys()).collect();
    egui::Grid::new(id).min_col_width(110.0).show(ui, |ui| {
        ui.label("");
        for (title, _) in columns {
            ui.label(RichText::new(title.as_str()).small().strong());
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
                widgets::state_chip(ui, &fa.status, GREEN);
            } else {
                let reasons = fa
                    .status_details
                    .closed
                    .as_ref()
                    .map(|c| c.reasons.iter().map(Words::words).collect::<Vec<_>>().join(", "));
                widgets::chip(
                    ui,
                    &format!("{}{}", fa.status.words(), reasons.map(|r| format!(": {r}")).unwrap_or_default()),
                    GREY,
                )
                .on_hover_text(fa.status.as_str());
            }
            if fa.has_manual_review() {
                widgets::chip(ui, &t!("account-manual-review"), widgets::BLUE)
                    .on_hover_text(t!("account-manual-review-hint"));
            }
            if matches!(source, Source::Stripe(crate::stripe::Mode::Live)) != fa.livemode && source != Source::Sandbox {
                widgets::chip(ui, &t!("account-mode-mismatch"), RED);
            }
        });
        let b = &fa.balance;
        balance_grid(
            ui,
            ("balances", &fa.id),
            &[
                (t!("balance-cash"), &b.cash),
                (t!("balance-inbound-pending"), &b.inbound_pending),
                (t!("balance-outbound-pending"), &b.outbound_pending),
            ],
        );
        if fa.is_open() {
            ui.scope(|ui| add_funds_row(ui, account_id, fa, book, commands));
        }
        super::ledger::open_link(ui, account_id, &fa.id, commands);
        // Restricted first: it is the one that needs action.
        for (features, color, title, meaning) in [
            (&fa.restricted_features, RED, t!("features-restricted"), t!("features-restricted-hint")),
            (&fa.pending_features, AMBER, t!("features-pending"), t!("features-pending-hint")),
            (&fa.active_features, GREEN, t!("features-active"), t!("features-active-hint")),
        ] {
            if features.is_empty() {
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{title}:")).small().color(color)).on_hover_text(meaning.as_str());
                feature_chips(ui, features, color, &meaning);
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
                    .add_enabled(!busy, egui::Button::new(t!("add-funds-open")))
                    .on_hover_text(t!("add-funds-open-hint"));
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
        let text = if color == RED { format!("⚠ {}", feature.words()) } else { feature.words() };
        widgets::chip(ui, &text, color).on_hover_text(format!("{meaning}\n{}", feature.as_str()));
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
        t!("account-transfers-waiting", count = transfers.len(), waiting = waiting)
    } else {
        t!("account-transfers", count = transfers.len())
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
                widgets::weak(ui, t!("account-transfers-kept", at = format::datetime(read_at)))
                    .on_hover_text(t!("account-transfers-kept-hint"));
            }
            if transfers.is_empty() {
                widgets::weak(ui, t!("none"));
                return;
            }
            // Sideways in a narrow window, the time (the id on hover) staying in place.
            let titles = [
                t!("col-amount"),
                t!("col-status"),
                t!("col-actions"),
                t!("col-from"),
                t!("col-descriptor"),
                t!("col-notes"),
                String::new(),
            ];
            let id = ui.make_persistent_id(("transfer_grid", &entry.financial_account.id));
            let spacing = (ui.spacing().item_spacing, ui.spacing().interact_size.x);
            widgets::sticky_grid(
                ui,
                id,
                transfers.len() + 1,
                spacing,
                |ui, row| match row.checked_sub(1).and_then(|i| transfers.get(i)) {
                    None => {
                        ui.label(RichText::new(t!("col-created")).small().strong());
                    }
                    Some(transfer) => {
                        widgets::weak(ui, format::datetime(transfer.created)).on_hover_text(&*transfer.id);
                    }
                },
                |ui, row| match row.checked_sub(1).and_then(|i| transfers.get(i)) {
                    None => {
                        for title in &titles {
                            ui.label(RichText::new(title).small().strong());
                        }
                    }
                    Some(transfer) => {
                        widgets::money_column(ui, [Money::new(transfer.amount, &transfer.currency)]);
                        cells::status_chip(ui, transfer);
                        cells::actions(ui, account_id, transfer, book, commands);
                        ui.label(cells::origin(transfer));
                        ui.label(&*transfer.statement_descriptor);
                        ui.label(cells::notes(transfer));
                        cells::receipt(ui, transfer);
                    }
                },
            );
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
    let titles =
        [t!("col-status"), t!("col-current"), t!("col-available-used"), t!("col-as-of"), t!("col-balance-refresh")];
    // Sideways in a narrow window, the bank account staying in place.
    let id = ui.make_persistent_id("linked_accounts");
    let spacing = (ui.spacing().item_spacing, ui.spacing().interact_size.x);
    widgets::sticky_grid(
        ui,
        id,
        linked.len() + 1,
        spacing,
        |ui, row| match row.checked_sub(1).and_then(|i| linked.get(i)) {
            None => {
                ui.label(RichText::new(t!("col-bank-account")).small().strong());
            }
            Some(account) => {
                ui.vertical(|ui| {
                    ui.label(format!("{} · {}", account.institution_name, account.label()));
                    widgets::weak(
                        ui,
                        format!("{} {} · {}", account.category.words(), account.subcategory.words(), account.id),
                    );
                });
            }
        },
        |ui, row| {
            let Some(account) = row.checked_sub(1).and_then(|i| linked.get(i)) else {
                for title in &titles {
                    ui.label(RichText::new(title).small().strong());
                }
                return;
            };
            let state = action_rows::row_state(book, &account.id, action_rows::linked_fingerprint(account));
            status_cell(ui, account, can_relink, state.as_ref(), commands);
            match &account.balance {
                None => {
                    widgets::weak(ui, t!("linked-no-balance"));
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
                                    widgets::money(ui, Money::new(*amount, currency))
                                        .on_hover_text(t!("linked-credit-used"));
                                }
                            }
                            None => {
                                widgets::weak(ui, t!("linked-used-not-reported"));
                            }
                        },
                        _ => match balance.cash.as_ref().and_then(|c| c.available.as_ref()) {
                            Some(available) => {
                                for (currency, amount) in available {
                                    widgets::money(ui, Money::new(*amount, currency))
                                        .on_hover_text(t!("stripe-available"));
                                }
                            }
                            None => {
                                ui.colored_label(AMBER, t!("linked-not-reported"))
                                    .on_hover_text(t!("linked-not-reported-hint"));
                            }
                        },
                    });
                    let stale = now - balance.as_of > 24 * 3600;
                    let exact = t!("linked-as-of-hint", at = format::datetime(balance.as_of));
                    let age = format::age(now, balance.as_of);
                    if stale {
                        ui.colored_label(AMBER, format!("⚠ {age}"))
                            .on_hover_text(t!("linked-as-of-stale", exact = exact));
                    } else {
                        ui.label(age).on_hover_text(exact);
                    }
                }
            }
            ui.vertical(|ui| {
                refresh_cell(ui, account, now, state.as_ref(), commands);
            });
        },
    );
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
            widgets::state_chip(ui, &refresh.status, color);
            widgets::weak(ui, t!("refresh-tried", age = format::age(now, refresh.last_attempted_at)));
        });
    } else {
        widgets::weak(ui, t!("refresh-never"));
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
                if ui.button(t!("refresh-button")).on_hover_text(t!("refresh-button-hint")).clicked() {
                    commands.push(Command::Ask(Target {
                        kind: Kind::Refresh,
                        object: account.id.clone(),
                        account: None,
                    }));
                }
            }
            RefreshAvailability::At(at) => {
                ui.add_enabled(false, egui::Button::new(t!("refresh-button")))
                    .on_disabled_hover_text(t!("refresh-next-at", at = format::datetime(at)));
                widgets::weak(ui, t!("refresh-possible", countdown = format::countdown(at - now)));
                // Tick the countdown.
                ui.ctx().request_repaint_after(std::time::Duration::from_secs(1));
            }
            RefreshAvailability::Pending => {
                ui.spinner();
                widgets::weak(ui, t!("refresh-pending-at-bank"));
            }
            RefreshAvailability::NotActive => {
                widgets::weak(ui, t!("refresh-not-active"));
            }
            RefreshAvailability::Unavailable => {
                widgets::weak(ui, t!("refresh-unavailable"));
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
                StatusAction::RelinkRequired | StatusAction::None => inactive.action.words(),
                StatusAction::Unknown(_) => t!("linked-see-stripe"),
            };
            widgets::weak(ui, format!("{}: {what}", inactive.cause.words())).on_hover_text(format!(
                "{} · {}",
                inactive.cause.as_str(),
                inactive.action.as_str()
            ));
        }
        if account.relink_required() {
            let busy = matches!(state, Some(RowState::Busy(_)));
            let button = ui
                .add_enabled(can_relink && !busy, egui::Button::new(t!("relink-button")))
                .on_hover_text(t!("relink-button-hint"));
            let button =
                if can_relink { button } else { button.on_disabled_hover_text(t!("relink-needs-publishable")) };
            if button.clicked() {
                let kind = Kind::Relink(crate::relink::RelinkMode::ExactAccount);
                commands.push(Command::Ask(Target { kind, object: account.id.clone(), account: None }));
            }
        }
        if let Some(active) = &account.status_details.active {
            ui.colored_label(
                AMBER,
                format!("⚠ {}", t!("linked-deactivates", at = format::datetime(active.expected_deactivation_date))),
            )
            .on_hover_text(format!("{} ({})", active.cause.words(), active.action.words()));
        }
    });
}
