//! The real app against the built-in sandbox over HTTP, driven through egui_kittest by labels:
//! the numbers on screen must be the sandbox's numbers.

use std::time::Duration;

#[path = "support/app.rs"]
mod app;
#[path = "support/sandbox_bank.rs"]
mod sandbox_bank;

use app::{Fixture, every_transfer, step_until};

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::money::Money;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::snapshot::Snapshot;
use treasury_desk::stripe::{Client, ClientConfig};

/// Focus the account filter with Ctrl+F, as a user would, and type into it.
fn filter_accounts(harness: &mut Harness<'_, TreasuryApp>, text: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.step();
    let field = harness.get_by_role_and_label(Role::TextInput, "Filter accounts");
    assert!(field.is_focused(), "Ctrl+F focuses the filter");
    // Replace whatever was there.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Filter accounts").type_text(text);
    harness.step();
    harness.step();
}

fn wait_for_sync(harness: &mut Harness<'_, TreasuryApp>) {
    step_until(harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
}

#[test]
fn overview_shows_the_sandbox_badge_and_its_totals() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    harness.get_by_label("SANDBOX");
    harness.get_by_label(expected.platform.display_name());
    harness.get_by_label("Financial account balances (all connected accounts)");
    let totals = expected.totals();
    assert!(!totals.cash.is_empty(), "the seeded sandbox holds cash");
    for amount in totals.cash.iter().chain(totals.inbound_pending.iter()).chain(totals.outbound_pending.iter()) {
        assert!(
            !harness.query_all_by_label(&amount.to_string()).collect::<Vec<_>>().is_empty(),
            "total {amount} is shown"
        );
    }
    let (fas, transfers, linked) = expected.counts();
    harness.get_by_label_contains(&format!(
        "{fas} financial accounts · {transfers} inbound transfers · {linked} linked bank accounts"
    ));
    // The connected accounts' own Stripe balances, apart, summed from what the server holds.
    harness.get_by_label("Stripe balances (all connected accounts)");
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let (mut available, mut pending) =
        (treasury_desk::money::Totals::default(), treasury_desk::money::Totals::default());
    for id in state.connected_account_ids() {
        let balance = treasury_desk::sandbox::stripe_balance(&state.connected_account(&id).expect("account"));
        available.add_map(&balance.available_amounts());
        pending.add_map(&balance.pending_amounts());
    }
    for amount in available.iter().chain(pending.iter()) {
        assert!(
            harness.query_all_by_label(&amount.to_string()).next().is_some(),
            "Stripe balance total {amount} is shown"
        );
    }
}

#[test]
fn clicking_an_account_shows_its_financial_accounts_and_balances() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let connected = expected
        .accounts
        .iter()
        .find(|a| a.financial_accounts.iter().any(|e| e.financial_account.balance.cash.values().any(|v| *v != 0)))
        .expect("an account with a non-zero cash balance");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    filter_accounts(&mut harness, &connected.account.id);
    harness.get_by_label(&connected.account.id).click();
    harness.step();
    harness.step();
    harness.get_by_label(&format!("Financial accounts ({})", connected.financial_accounts.len()));
    harness.get_by_label(&format!("Linked bank accounts ({})", connected.linked_accounts.len()));
    for entry in &connected.financial_accounts {
        let fa = &entry.financial_account;
        assert!(harness.query_all_by_label(fa.label()).next().is_some(), "card {} is shown", fa.label());
        for (currency, amount) in &fa.balance.cash {
            let text = Money::new(*amount, currency).to_string();
            assert!(harness.query_all_by_label(&text).next().is_some(), "cash {text} of {} is shown", fa.id);
        }
    }
    harness.get_by_label("Stripe balance");
    let balance = treasury_desk::sandbox::stripe_balance(&connected.account);
    for (currency, amount) in balance.available_amounts().iter().chain(balance.pending_amounts().iter()) {
        let text = Money::new(*amount, currency).to_string();
        assert!(harness.query_all_by_label(&text).next().is_some(), "Stripe balance {text} is shown");
    }
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.step();
    harness.get_by_label("Financial account balances (all connected accounts)");
    assert!(harness.query_by_label_contains("Financial accounts (").is_none(), "Esc went back to the overview");
}

#[test]
fn the_filter_narrows_the_account_list() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let target = expected.accounts.last().expect("accounts");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    let total = expected.accounts.len();
    harness.get_by_label_contains(&format!("{total} of {total}"));
    filter_accounts(&mut harness, &target.account.id);
    harness.get_by_label_contains(&format!("1 of {total}"));
    harness.get_by_label(&target.account.id);
}

/// The sandbox's manual-review transfers, as `(account, transfer)`, newest first.
fn awaiting(expected: &Snapshot) -> Vec<(String, treasury_desk::snapshot::Transfer)> {
    use treasury_desk::stripe::treasury::InboundTransferStatus;
    expected
        .accounts
        .iter()
        .flat_map(|a| a.financial_accounts.iter().map(move |e| (a, e)))
        .flat_map(|(a, e)| e.inbound_transfers.iter().map(move |t| (a.account.id.clone(), t.clone())))
        .filter(|(_, t)| t.status == InboundTransferStatus::RequiresConfirmation)
        .collect()
}

/// Open `account_id` and click `button` on the row of `transfer_id`.
fn click_row_button(harness: &mut Harness<'_, TreasuryApp>, account_id: &str, transfer: &str, button: &str) {
    filter_accounts(harness, account_id);
    harness.get_by_label(account_id).click();
    harness.step();
    harness.step();
    click_button_on_open_account(harness, account_id, transfer, button);
}

/// On the open page of `account_id`, click `button` on the row of `transfer`.
fn click_button_on_open_account(
    harness: &mut Harness<'_, TreasuryApp>,
    account_id: &str,
    transfer: &str,
    button: &str,
) {
    // Rows are laid out in order; the n-th "Confirm…" belongs to the n-th awaiting row.
    let index = harness.state().snapshot().and_then(|s| s.account(account_id)).map_or(0, |a| {
        let rows: Vec<_> = a
            .financial_accounts
            .iter()
            .flat_map(|e| e.inbound_transfers.iter())
            .filter(|t| match button {
                "Confirm…" => t.status.as_str() == "requires_confirmation",
                _ => t.cancelable && matches!(t.status.as_str(), "processing" | "requires_confirmation"),
            })
            .collect();
        rows.iter().position(|t| &*t.id == transfer).unwrap_or(usize::MAX)
    });
    let buttons: Vec<_> = harness.query_all_by_role_and_label(Role::Button, button).collect();
    buttons.get(index).unwrap_or_else(|| panic!("{button} #{index} of {}", buttons.len())).click();
    // The modal fades in over a few frames.
    step_until(harness, "the dialog to open", |h| h.query_by_label_contains("this inbound transfer?").is_some());
}

/// The balance refresh status of a linked account as the app shows it.
fn refresh_status_on_screen(
    harness: &Harness<'_, TreasuryApp>,
    linked_id: &str,
) -> Option<treasury_desk::stripe::financial_connections::RefreshStatus> {
    let snapshot = harness.state().snapshot()?;
    snapshot.linked_account(linked_id)?.balance_refresh.as_ref().map(|r| r.status.clone())
}

fn status_in_sandbox(fixture: &Fixture, account_id: &str, transfer_id: &str) -> String {
    fixture
        .runtime
        .block_on(treasury_desk::stripe::treasury::retrieve_inbound_transfer(&fixture.client, account_id, transfer_id))
        .expect("transfer")
        .status
        .to_string()
}

#[test]
fn confirm_asks_first_then_enter_confirms_and_the_row_shows_processing() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Confirm…");
    // The dialog names the amount, the transfer and the mode before anything is sent.
    let amount = Money::new(transfer.amount, &transfer.currency).to_string();
    harness.get_by_label("Confirm this inbound transfer?");
    harness.get_by_label(&transfer.id);
    harness.get_by_role_and_label(Role::Button, &format!("Confirm {amount}"));
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "requires_confirmation", "nothing sent yet");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm to finish", |h| h.query_by_label_contains("✔ confirmed").is_some());
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "processing");
    assert!(harness.query_by_label("Confirm this inbound transfer?").is_none(), "the dialog closed");
}

#[test]
fn esc_dismisses_the_dialog_and_nothing_happens() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Cancel…");
    harness.get_by_label("Cancel this inbound transfer?");
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Cancel this inbound transfer?").is_none(), "Esc closed the dialog");
    harness.get_by_label_contains("Financial accounts (");
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "requires_confirmation");
}

#[test]
fn cancel_by_clicking_changes_the_status_to_canceled() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().last().expect("a transfer awaiting confirmation");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Cancel…");
    let amount = Money::new(transfer.amount, &transfer.currency).to_string();
    harness.get_by_role_and_label(Role::Button, &format!("Cancel {amount}")).click();
    step_until(&mut harness, "the cancel to finish", |h| h.query_by_label_contains("✔ canceled").is_some());
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "canceled");
}

#[test]
fn transfers_view_counts_filters_and_sorts_like_the_sandbox() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let all: Vec<_> = every_transfer(&expected).collect();
    let failed = all.iter().filter(|t| t.status.as_str() == "failed").count();
    assert!(failed > 0 && failed < all.len(), "the seed has some failed transfers");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    harness.get_by_label("Transfers").click();
    harness.step();
    harness.step();
    harness.get_by_label(&format!("{} transfers", all.len()));

    // Statuses are in words (Stripe's value on hover).
    harness.get_by_role_and_label(Role::Button, "Failed").click();
    harness.step();
    harness.step();
    harness.get_by_label(&format!("{failed} transfers"));

    harness.get_by_label("All").click();
    harness.get_by_role_and_label(Role::Button, "Amount").click();
    harness.step();
    harness.step();
    let largest = all.iter().max_by_key(|t| t.amount).expect("transfers");
    let largest_text = Money::new(largest.amount, &largest.currency).to_string();
    // The largest amount is on the first row: above every other amount on screen.
    // The rows start below the header; the totals above it are not rows.
    let header = harness.get_by_label("Created").rect().max.y;
    let top = harness.query_all_by_label(&largest_text).map(|n| n.rect().min.y).find(|y| *y > header).expect("row");
    let others_above = harness
        .query_all_by_label_contains("$")
        .filter(|n| n.value().is_some_and(|text| text != largest_text))
        .filter(|n| n.rect().min.y > header && n.rect().min.y < top)
        .count();
    assert_eq!(others_above, 0, "sorted by amount, largest first");
}

/// What the last frame put on the clipboard.
fn copied(harness: &Harness<'_, TreasuryApp>) -> Vec<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// `1234.56` (a machine decimal, as copied) in minor units of a two-decimal currency, read here
/// and not by the app's own money code.
fn minor_units(decimal: &str) -> i64 {
    let (whole, fraction) = decimal.split_once('.').unwrap_or((decimal, ""));
    let fraction = format!("{fraction:0<2}");
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    let whole: i64 = whole.trim_start_matches('-').parse().expect("whole units");
    sign * (whole * 100 + fraction.parse::<i64>().expect("cents"))
}

#[test]
fn shift_click_selects_the_range_from_the_last_clicked_row_and_copying_gives_exactly_those_rows() {
    let fixture = Fixture::new();
    // The rows as the view orders them by default: newest first (ties by id).
    let mut newest_first = fixture.sandbox.as_ref().expect("sandbox").state().all_inbound_transfers();
    newest_first.sort_by(|a, b| (b.created, &b.id).cmp(&(a.created, &a.id)));
    assert!(newest_first.iter().all(|t| matches!(t.currency.as_str(), "usd" | "eur")), "two-decimal currencies");
    let mut harness = fixture.harness_in(treasury_desk::i18n::Lang::En, egui::vec2(1280.0, 800.0));
    wait_for_sync(&mut harness);
    harness.get_by_label("Transfers").click();
    step_until(&mut harness, "the Transfers view", |h| {
        h.query_by_label(&format!("{} transfers", newest_first.len())).is_some()
    });
    // A row is clicked on its first cell, its creation time (`2026-11-30 14:07`).
    let click = |harness: &mut Harness<'_, TreasuryApp>, row: usize, modifiers: egui::Modifiers| {
        harness
            .query_all_by_role(Role::Label)
            .filter(|n| n.value().is_some_and(|v| v.starts_with("20") && v.len() == 16))
            .nth(row)
            .unwrap_or_else(|| panic!("row {row}"))
            .click_modifiers(modifiers);
        harness.step();
        harness.step();
    };
    let copy_rows = |harness: &mut Harness<'_, TreasuryApp>| -> Vec<(String, i64)> {
        harness.get_by_role_and_label(Role::Button, "Copy ids and amounts").click();
        harness.step();
        let copied = copied(harness);
        let text = copied.first().expect("Copy ids and amounts copied something");
        text.lines()
            .map(|line| {
                let cells: Vec<&str> = line.split('\t').collect();
                (cells[0].to_owned(), minor_units(cells[1]))
            })
            .collect()
    };
    let rows = |range: std::ops::RangeInclusive<usize>| -> Vec<(String, i64)> {
        newest_first[range].iter().map(|t| (t.id.clone(), t.amount)).collect()
    };

    // A click on the second row, a Shift+click on the fifth: the four rows from one to the other.
    click(&mut harness, 1, egui::Modifiers::NONE);
    harness.get_by_label("1 selected");
    click(&mut harness, 4, egui::Modifiers::SHIFT);
    harness.get_by_label("4 selected");
    assert_eq!(copy_rows(&mut harness), rows(1..=4), "the range, in the order shown, with its amounts");
    // Shift+click again reaches from the row last clicked without Shift (the second), upwards too.
    click(&mut harness, 0, egui::Modifiers::SHIFT);
    harness.get_by_label("2 selected");
    assert_eq!(copy_rows(&mut harness), rows(0..=1));
    // A plain click starts again from its row.
    click(&mut harness, 3, egui::Modifiers::NONE);
    click(&mut harness, 2, egui::Modifiers::SHIFT);
    assert_eq!(copy_rows(&mut harness), rows(2..=3));
}

/// The sandbox's own inbound transfers (its state, not a client's read), summed per currency and
/// status for those of `statuses` created from `from` to `until` (whole days, local time).
fn sandbox_totals(
    fixture: &Fixture,
    statuses: &[&str],
    from: jiff::civil::Date,
    until: jiff::civil::Date,
) -> std::collections::BTreeMap<(String, String), (usize, i64)> {
    let tz = jiff::tz::TimeZone::system();
    let day = |ts: i64| jiff::Timestamp::from_second(ts).expect("time").to_zoned(tz.clone()).date();
    let mut totals = std::collections::BTreeMap::new();
    for transfer in fixture.sandbox.as_ref().expect("sandbox").state().all_inbound_transfers() {
        let created = day(transfer.created);
        if statuses.contains(&transfer.status.as_str()) && from <= created && created <= until {
            let entry =
                totals.entry((transfer.currency.clone(), transfer.status.as_str().to_owned())).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += transfer.amount;
        }
    }
    totals
}

#[test]
fn transfers_filtered_by_two_statuses_and_dates_total_like_the_sandbox_and_keep_the_filter_through_a_sync() {
    let fixture = Fixture::new();
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let tz = jiff::tz::TimeZone::system();
    let mut days: Vec<jiff::civil::Date> = state
        .all_inbound_transfers()
        .iter()
        .map(|t| jiff::Timestamp::from_second(t.created).expect("time").to_zoned(tz.clone()).date())
        .collect();
    days.sort();
    // A range that cuts both ends: some transfers before it, some after.
    let (from, until) = (days[days.len() / 4], days[days.len() * 3 / 4]);
    let statuses = ["succeeded", "failed"];
    let expected = sandbox_totals(&fixture, &statuses, from, until);
    let both_statuses = sandbox_totals(&fixture, &statuses, days[0], days[days.len() - 1]);
    let count: usize = expected.values().map(|(n, _)| n).sum();
    let unfiltered_count: usize = both_statuses.values().map(|(n, _)| n).sum();
    assert!(count > 0 && count < unfiltered_count, "the dates leave some out: {count} of {unfiltered_count}");
    assert_eq!(expected.keys().filter(|(_, s)| s == "failed").count(), 1, "failed ones in range: {expected:?}");

    let mut harness = fixture.harness_in(treasury_desk::i18n::Lang::En, egui::vec2(1280.0, 800.0));
    wait_for_sync(&mut harness);
    harness.get_by_label("Transfers").click();
    step_until(&mut harness, "the Transfers view", |h| {
        h.query_by_label("Totals of the 0 transfers shown").is_none()
            && h.query_by_role_and_label(Role::Button, "Succeeded").is_some()
    });
    harness.get_by_role_and_label(Role::Button, "Succeeded").click();
    harness.step();
    harness.get_by_role_and_label(Role::Button, "Failed").click();
    harness.step();
    for (field, date) in [("Created from", from), ("until", until)] {
        harness.get_by_role_and_label(Role::TextInput, field).click();
        harness.step();
        harness.get_by_role_and_label(Role::TextInput, field).type_text(&date.to_string());
        harness.step();
    }
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.step();
    let check = |harness: &Harness<'_, TreasuryApp>| {
        harness.get_by_label(&format!("{count} transfers"));
        harness.get_by_label(&format!("Totals of the {count} transfers shown"));
        // The totals sit above the table: each figure is found there, per currency and status.
        let table_top = harness.get_by_label("Created").rect().min.y;
        let in_totals = |text: &str| harness.query_all_by_label(text).any(|n| n.rect().max.y < table_top);
        let mut per_currency: std::collections::BTreeMap<&str, i64> = Default::default();
        for ((currency, status), (n, sum)) in &expected {
            let text = Money::new(*sum, currency).to_string();
            assert!(in_totals(&text), "{status} {currency}: {text} ({n}) in the totals");
            *per_currency.entry(currency).or_default() += sum;
        }
        for (currency, sum) in per_currency {
            let text = Money::new(sum, currency).to_string();
            assert!(in_totals(&text), "total {currency}: {text}");
        }
        for status in ["Processing", "Canceled", "Awaiting confirmation"] {
            assert!(
                harness.query_all_by_role_and_label(Role::Label, status).all(|n| n.rect().min.y > table_top),
                "no {status} column in the totals"
            );
        }
    };
    check(&harness);

    // Export CSV writes what is shown (off the UI thread), in machine formats.
    let path = std::env::temp_dir().join(format!("treasury-desk-export-{}.csv", std::process::id()));
    harness.get_by_role_and_label(Role::TextInput, "File:").focus();
    harness.step();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.key_press(egui::Key::Backspace);
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "File:").type_text(&path.display().to_string());
    harness.step();
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.get_by_role_and_label(Role::Button, "Export CSV").click();
    step_until(&mut harness, "the export", |h| {
        h.query_by_label_contains("Exported ").is_some() || h.query_by_label_contains("Export failed").is_some()
    });
    if let Some(failed) = harness.query_by_label_contains("Export failed") {
        panic!("{:?}", failed.value());
    }
    harness.get_by_label(&format!("Exported {count} transfers to {}", path.display()));
    let written = std::fs::read_to_string(&path).expect("the CSV file");
    let _ = std::fs::remove_file(&path);
    let mut lines = written.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("id,created,")), "a header");
    let mut exported: Vec<(String, i64)> = lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_owned(), cells[8].parse().expect("amount_minor_units"))
        })
        .collect();
    exported.sort();
    let mut shown: Vec<(String, i64)> = state
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| {
            let day = jiff::Timestamp::from_second(t.created).expect("time").to_zoned(tz.clone()).date();
            statuses.contains(&t.status.as_str()) && from <= day && day <= until
        })
        .map(|t| (t.id, t.amount))
        .collect();
    shown.sort();
    assert_eq!(exported, shown, "the file holds the rows shown, with their amounts");

    // A sync brings the same data again: the filter and its totals stay.
    harness.key_press(egui::Key::F5);
    step_until(&mut harness, "the sync to start", |h| h.state().syncing());
    step_until(&mut harness, "the sync to end", |h| !h.state().syncing());
    check(&harness);

    // Keyboard: ↓ selects the first row, Ctrl+C copies its id; Enter opens its account.
    harness.key_press(egui::Key::ArrowDown);
    harness.step();
    harness.get_by_label("1 selected");
    // Ctrl+click adds a row (the first row's amount cell, then the second's).
    let second_row_created = harness
        .query_all_by_role(Role::Label)
        .filter(|n| n.value().is_some_and(|v| v.starts_with("20") && v.len() == 16))
        .nth(1)
        .expect("the second row");
    second_row_created.click_modifiers(egui::Modifiers::COMMAND);
    harness.step();
    harness.step();
    harness.get_by_label("2 selected");
    harness.key_press(egui::Key::ArrowUp);
    harness.step();
    harness.get_by_label("1 selected");
    // One frame per event: the copy is in the output of the frame that saw the key.
    harness.event(egui::Event::Key {
        key: egui::Key::C,
        pressed: true,
        modifiers: egui::Modifiers::COMMAND,
        repeat: false,
        physical_key: None,
    });
    harness.step();
    let copied = copied(&harness);
    let first = copied.first().expect("Ctrl+C copied something");
    let newest = state
        .all_inbound_transfers()
        .into_iter()
        .filter(|t| {
            let day = jiff::Timestamp::from_second(t.created).expect("time").to_zoned(tz.clone()).date();
            statuses.contains(&t.status.as_str()) && from <= day && day <= until
        })
        .max_by_key(|t| (t.created, t.id.clone()))
        .expect("a transfer");
    assert_eq!(first, &newest.id, "the first row is the newest; its id was copied");
    harness.key_press(egui::Key::Enter);
    harness.step();
    let owner = state.owner_of(&newest.id).expect("owner");
    assert_eq!(harness.state().view(), &treasury_desk::app::View::Account(owner), "Enter opened its account");

    // `c` and `x` on a transfer awaiting confirmation open the dialogs that ask first.
    harness.get_by_label("Transfers").click();
    step_until(&mut harness, "the Transfers view", |h| {
        h.query_by_role_and_label(Role::Button, "Clear filters").is_some()
    });
    harness.get_by_role_and_label(Role::Button, "Clear filters").click();
    harness.step();
    // The filter's button, above the rows' status chips.
    harness
        .query_all_by_role_and_label(Role::Button, "Awaiting confirmation")
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the status filter")
        .click();
    harness.step();
    harness.key_press(egui::Key::ArrowDown);
    harness.step();
    for (key, asks) in
        [(egui::Key::C, "Confirm this inbound transfer?"), (egui::Key::X, "Cancel this inbound transfer?")]
    {
        harness.key_press(key);
        step_until(&mut harness, asks, |h| h.query_by_label_contains(asks).is_some());
        harness.key_press(egui::Key::Escape);
        step_until(&mut harness, "the dialog to close", |h| h.query_by_label_contains(asks).is_none());
    }
    let waiting =
        state.all_inbound_transfers().into_iter().filter(|t| t.status.as_str() == "requires_confirmation").count();
    assert!(waiting > 0 && harness.query_by_label(&format!("{waiting} transfers")).is_some(), "nothing was sent");

    // Amounts typed the local way, both ends included; then a search by id.
    harness.get_by_role_and_label(Role::Button, "Clear filters").click();
    harness.step();
    for (field, text) in [("Amount from", "1,000"), ("to", "10,000.50")] {
        harness.get_by_role_and_label(Role::TextInput, field).focus();
        harness.step();
        harness.get_by_role_and_label(Role::TextInput, field).type_text(text);
        harness.step();
    }
    harness.key_press(egui::Key::Escape);
    harness.step();
    let in_range = state.all_inbound_transfers().iter().filter(|t| (100_000..=1_000_050).contains(&t.amount)).count();
    assert!(in_range > 0 && in_range < state.all_inbound_transfers().len());
    harness.get_by_label(&format!("{in_range} transfers"));
    harness.get_by_role_and_label(Role::Button, "Clear filters").click();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Search").focus();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Search").type_text(&newest.id.to_uppercase());
    harness.step();
    harness.step();
    harness.get_by_label("1 transfer");
}

#[test]
fn keys_screen_checks_verifies_saves_switches_and_forgets() {
    use treasury_desk::keychain;
    use treasury_desk::stripe::Mode;
    // The only test in this binary that touches the (process-global) keychain store.
    keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store"));
    let fixture = Fixture::new();
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_keys(fixture.client.config().api_base.clone(), Ok(()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);
    harness.get_by_label("Add a Stripe key…").click();
    harness.step();
    harness.step();
    harness.get_by_label("API keys");

    let type_key = |harness: &mut Harness<'_, TreasuryApp>, text: &str| {
        let field = harness.get_by_role_and_label(Role::PasswordInput, "Secret or restricted key");
        field.focus();
        harness.step();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.key_press(egui::Key::Backspace);
        harness.step();
        harness.get_by_role_and_label(Role::PasswordInput, "Secret or restricted key").type_text(text);
        harness.step();
        harness.step();
    };
    type_key(&mut harness, "pk_test_51AbCdEfGhIjKl");
    harness.get_by_label_contains("publishable key (pk_…)");
    assert!(harness.query_by_label_contains("51AbCdEf").is_none(), "the key is masked on screen");

    type_key(&mut harness, "sk_test_sandbox");
    harness.get_by_label("✔ looks like a test key");
    harness.get_by_label("Verify key").click();
    step_until(&mut harness, "verification", |h| h.query_by_label_contains("Verified: this test key").is_some());
    harness.get_by_label("Save to the keychain and use it").click();
    step_until(&mut harness, "the switch and re-sync", |h| {
        h.state().source() == Source::Stripe(Mode::Test) && h.state().snapshot().is_some() && !h.state().syncing()
    });
    harness.get_by_label("TEST MODE");
    assert_eq!(
        keychain::load(Mode::Test).expect("readable").map(|k| k.expose().to_owned()).as_deref(),
        Some("sk_test_sandbox")
    );

    harness.get_by_label("Keys").click();
    // The stored keys are read in the background: "Reading the keychain…" until then.
    step_until(&mut harness, "the stored keys", |h| h.query_by_label("Forget").is_some());
    harness.get_by_label("Forget").click();
    step_until(&mut harness, "the keychain to forget", |h| h.query_by_label("Forgot the test key.").is_some());
    assert!(keychain::load(Mode::Test).expect("readable").is_none());
}

#[test]
fn refresh_is_offered_only_when_stripe_allows_it_and_ends_with_the_new_balance() {
    use treasury_desk::stripe::financial_connections::{RefreshAvailability, RefreshStatus};
    let config = SandboxConfig { refresh_delay: Duration::from_millis(300), ..SandboxConfig::default() };
    let fixture = Fixture::with(config);
    let expected = fixture.expected();
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let now = jiff::Timestamp::now().as_second();
    let refreshable = |a: &&treasury_desk::snapshot::ConnectedAccount| {
        let mut now_ones = a.linked_accounts.iter().filter(|l| l.refresh_availability(now) == RefreshAvailability::Now);
        now_ones.next().is_some_and(|l| !state.refresh_fails(&l.id))
    };
    let target = expected.accounts.iter().find(refreshable).expect("an account with a refreshable bank account");
    let linked = target
        .linked_accounts
        .iter()
        .find(|l| l.refresh_availability(now) == RefreshAvailability::Now)
        .expect("refreshable");
    let waiting = expected
        .accounts
        .iter()
        .find(|a| a.linked_accounts.iter().any(|l| matches!(l.refresh_availability(now), RefreshAvailability::At(_))))
        .expect("an account whose next refresh is in the future");

    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    // During the countdown the button is there but disabled, with the time it becomes possible.
    filter_accounts(&mut harness, &waiting.account.id);
    harness.get_by_label(&waiting.account.id).click();
    harness.step();
    harness.step();
    assert!(
        harness.query_all_by_role_and_label(Role::Button, "🔄 Refresh").any(|b| b.accesskit_node().is_disabled()),
        "a disabled Refresh during the countdown"
    );
    harness.get_by_label_contains("possible in ");

    filter_accounts(&mut harness, &target.account.id);
    harness.get_by_label(&target.account.id).click();
    harness.step();
    harness.step();
    let button = harness
        .query_all_by_role_and_label(Role::Button, "🔄 Refresh")
        .find(|b| !b.accesskit_node().is_disabled())
        .expect("an enabled Refresh");
    button.click();
    step_until(&mut harness, "Stripe to accept the refresh", |h| {
        h.query_by_label_contains("✔ refresh requested").is_some()
    });
    step_until(&mut harness, "the bank's answer on screen", |h| {
        refresh_status_on_screen(h, &linked.id) == Some(RefreshStatus::Succeeded)
    });
    assert!(harness.query_by_label_contains("✔ refresh requested").is_none(), "the note retires with the new state");
    let after = fixture
        .runtime
        .block_on(treasury_desk::stripe::financial_connections::retrieve_account(&fixture.client, &linked.id))
        .expect("account");
    let refresh = after.balance_refresh.as_ref().expect("refreshed");
    assert_eq!(refresh.status, RefreshStatus::Succeeded);
    assert!(refresh.next_refresh_available_at.is_some_and(|t| t > now), "the next refresh is in the future");
    let balance = after.balance.as_ref().expect("balance");
    for (currency, amount) in &balance.current {
        harness.get_by_label(&Money::new(*amount, currency).to_string());
    }
}

#[test]
fn a_refused_confirm_shows_stripes_reason_and_the_row_keeps_its_status() {
    use treasury_desk::sandbox::faults::Fault;
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let body = r#"{"error":{"type":"invalid_request_error","message":"This transfer is under review by Stripe."}}"#;
    let refusal = Fault::Respond { status: 400, content_type: "application/json", body: body.to_owned() };
    fixture.sandbox.as_ref().expect("sandbox").faults().arm("POST", &format!("{}/confirm", transfer.id), refusal, 1);
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Confirm…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the refusal", |h| h.query_by_label_contains("under review by Stripe").is_some());
    harness.get_by_label_contains("⚠ Not done: Stripe refused the request (400");
    let row_status = harness
        .state()
        .snapshot()
        .and_then(|s| s.account(&account_id))
        .and_then(|a| {
            a.financial_accounts.iter().flat_map(|e| e.inbound_transfers.iter()).find(|t| t.id == transfer.id)
        })
        .map(|t| t.status.to_string());
    assert_eq!(row_status.as_deref(), Some("requires_confirmation"), "the row is as it was");
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "requires_confirmation");
    // The buttons are back: the user can try again.
    assert!(harness.query_all_by_role_and_label(Role::Button, "Confirm…").next().is_some());
}

#[test]
fn arrows_walk_the_account_list_and_search_covers_banks() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    // ↓ opens the first account, ↓ again the second, ↑ back to the first, Esc to the overview.
    for (key, index) in [(egui::Key::ArrowDown, 0), (egui::Key::ArrowDown, 1), (egui::Key::ArrowUp, 0)] {
        harness.key_press(key);
        harness.step();
        harness.step();
        let account = &expected.accounts[index];
        harness.get_by_label(&format!("Financial accounts ({})", account.financial_accounts.len()));
        assert!(
            harness.query_all_by_label(&account.account.id).count() >= 2,
            "{} is open (its id in the list and in the detail)",
            account.account.display_name()
        );
    }
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.step();
    harness.get_by_label("Financial account balances (all connected accounts)");

    // The search box also finds accounts by their linked bank.
    let with_mercury =
        expected.accounts.iter().filter(|a| a.linked_accounts.iter().any(|l| l.institution_name == "Mercury")).count();
    assert!(with_mercury > 0);
    filter_accounts(&mut harness, "mercury");
    harness.get_by_label(&format!("{with_mercury} of {}", expected.accounts.len()));
}

#[test]
fn a_403_on_one_account_names_the_permission_and_the_rest_still_loads() {
    use treasury_desk::sandbox::faults::Fault;
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let body = r#"{"error":{"type":"invalid_request_error","code":"secret_key_required","message":"The provided key 'rk_test_***...abcd' does not have the required permissions for this endpoint on account 'acct_x'. Having the 'rak_treasury_financial_account_read' permission would allow this request to continue."}}"#;
    let forbidden = Fault::Respond { status: 403, content_type: "application/json", body: body.to_owned() };
    fixture.sandbox.as_ref().expect("sandbox").faults().arm("GET", "/v1/treasury/financial_accounts", forbidden, 1);
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    let snapshot = harness.state().snapshot().expect("loaded despite the 403");
    // Whichever list was asked for first is refused: a connected account's or the platform's own.
    let failed: Vec<_> = snapshot.holders().filter(|a| !a.errors.is_empty()).collect();
    assert_eq!(failed.len(), 1, "exactly one holder's financial accounts were refused");
    assert_eq!(snapshot.accounts.len(), expected.accounts.len(), "every other account loaded");
    let fas = |s: &Snapshot| s.holders().map(|a| a.financial_accounts.len()).sum::<usize>();
    let lost = expected.account(&failed[0].account.id).map_or(0, |a| a.financial_accounts.len());
    assert_eq!(fas(snapshot), fas(&expected) - lost, "every other holder's financial accounts are there");
    assert!(failed[0].financial_accounts.is_empty(), "nothing is made up for the refused account");
    // The triage list says which account and which permission.
    harness.get_by_label_contains("rak_treasury_financial_account_read");
    let name = failed[0].account.display_name();
    assert!(harness.query_all_by_role_and_label(Role::Link, name).next().is_some(), "a triage link to {name}");
}

/// A launcher that plays the browser at Sandbox Bank, on the test's runtime.
fn sandbox_bank_browser(
    runtime: tokio::runtime::Handle,
    sandbox: &Sandbox,
) -> std::sync::Arc<dyn treasury_desk::relink::Launcher> {
    let bank = sandbox_bank::SandboxBank::of(sandbox);
    std::sync::Arc::new(move |url: &str| {
        let (bank, url) = (bank.clone(), url.to_owned());
        runtime.spawn(async move { bank.sign_in_and_relink(&url).await });
        Ok(())
    })
}

#[test]
fn relink_from_the_account_view_reactivates_the_account_and_its_sibling() {
    use treasury_desk::relink::{PageSettings, RelinkSettings};
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let (owner, linked) = expected
        .accounts
        .iter()
        .flat_map(|a| a.linked_accounts.iter().map(move |l| (a, l)))
        .find(|(a, l)| {
            l.relink_required()
                && a.linked_accounts
                    .iter()
                    .any(|o| o.id != l.id && o.relink_required() && o.authorization == l.authorization)
        })
        .expect("two relink_required accounts on one authorization");
    let settings = RelinkSettings::new(sandbox.publishable_key(), PageSettings::sandbox(&sandbox.base_url()));
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_relink(Some(settings), sandbox_bank_browser(fixture.runtime.handle().clone(), sandbox));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);
    filter_accounts(&mut harness, &owner.account.id);
    harness.get_by_label(&owner.account.id).click();
    harness.step();
    harness.step();
    let relinks: Vec<_> = harness.query_all_by_role_and_label(Role::Button, "Relink…").collect();
    let index =
        owner.linked_accounts.iter().filter(|l| l.relink_required()).position(|l| l.id == linked.id).unwrap_or(0);
    relinks.get(index).expect("a Relink button per repairable account").click();
    step_until(&mut harness, "the relink dialog", |h| h.query_by_label("Relink this bank account?").is_some());
    harness.get_by_label("This exact account");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the relink to finish", |h| {
        h.state().snapshot().and_then(|s| s.account(&owner.account.id)).is_some_and(|a| {
            a.linked_accounts
                .iter()
                .filter(|l| l.authorization == linked.authorization)
                .all(|l| l.status.as_str() == "active")
        })
    });
    // The outcome in words, and both accounts on the authorization active in the sandbox too.
    harness.get_by_label_contains("✔ ");
    let state = sandbox.state();
    for account in owner.linked_accounts.iter().filter(|l| l.authorization == linked.authorization) {
        assert_eq!(state.fc_account(&account.id).map(|a| a.status.to_string()).as_deref(), Some("active"));
    }
}

#[test]
fn every_money_action_lands_in_the_audit_log_and_the_audit_tab() {
    use treasury_desk::actions::{AuditLog, Verdict, audit::Verification};
    use treasury_desk::sandbox::faults::Fault;
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let waiting = awaiting(&expected);
    let (first_account, first) = waiting.first().cloned().expect("a transfer awaiting confirmation");
    let (second_account, second) = waiting.last().cloned().expect("another");
    assert_ne!(first.id, second.id);
    let dir = std::env::temp_dir().join(format!("treasury-desk-audit-ui-{}", std::process::id()));
    let log = AuditLog::at(dir.join("audit.jsonl"));
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_audit(Some(log.clone()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);

    click_row_button(&mut harness, &first_account, &first.id, "Confirm…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm", |h| h.query_by_label_contains("✔ confirmed").is_some());

    // The second action's answer is lost after the sandbox acted: recorded as unknown.
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    sandbox.faults().arm("POST", &format!("{}/cancel", second.id), Fault::LoseResponseAfterCommit, 3);
    click_row_button(&mut harness, &second_account, &second.id, "Cancel…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the unknown outcome", |h| {
        h.query_by_label_contains("may or may not have happened").is_some()
    });

    let trail = log.read().expect("readable");
    assert_eq!(trail.unreadable, 0);
    assert_eq!(trail.actions.len(), 2, "{trail:?}");
    let confirm = &trail.actions[0];
    let (intent, outcome) = (&confirm.intent, confirm.latest().expect("an outcome"));
    assert_eq!((intent.action.as_str(), intent.object.as_str()), ("confirm", &*first.id));
    assert_eq!(intent.connected_account.as_deref(), Some(first_account.as_str()));
    assert_eq!(intent.mode, "sandbox");
    assert_eq!(intent.platform, expected.platform.id);
    assert_eq!(intent.idempotency_key.as_deref().map(str::len), Some(36));
    assert_eq!(outcome.verdict, Verdict::Done);
    assert_eq!(outcome.object_status.as_deref(), Some("processing"));
    assert!(outcome.request_id.as_deref().is_some_and(|id| id.starts_with("req_")), "{outcome:?}");
    let cancel = &trail.actions[1];
    assert_eq!(cancel.intent.action, "cancel");
    assert_eq!(cancel.latest().map(|o| o.verdict), Some(Verdict::Unknown));
    assert!(cancel.unresolved());
    assert!(matches!(log.verify().expect("verify"), Verification::Intact { lines: 5, .. }));
    let text = std::fs::read_to_string(log.path()).expect("file");
    assert!(!text.contains(sandbox.api_key().expose()), "no key in the audit log");

    // The unresolved cancel is announced, and checked from the Audit tab: the sandbox acted.
    step_until(&mut harness, "the unresolved banner", |h| {
        h.query_by_label_contains("1 money action has no settled outcome").is_some()
    });
    harness.get_by_label("Audit log").click();
    step_until(&mut harness, "the audit tab", |h| h.query_by_label("2 of 2 actions").is_some());
    harness.get_by_label_contains("Unresolved (1)");
    harness.get_by_role_and_label(Role::Button, "Check").click();
    step_until(&mut harness, "the check", |h| h.query_by_label_contains("checked: the transfer is canceled").is_some());
    let trail = log.read().expect("readable");
    let cancel = &trail.actions[1];
    assert_eq!(
        cancel.latest().map(|o| (o.verdict, o.source)),
        Some((Verdict::Done, treasury_desk::actions::audit::Source::Check))
    );
    assert_eq!(trail.unresolved().count(), 0);
    step_until(&mut harness, "the unresolved list to empty", |h| h.query_by_label_contains("Unresolved (").is_none());

    let filter = harness.get_by_role_and_label(Role::TextInput, "Filter");
    filter.focus();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Filter").type_text(&second.id);
    harness.step();
    harness.step();
    harness.get_by_label("1 of 2 actions");
    let _ = std::fs::remove_dir_all(dir);
}

/// Wait (on the fixture's runtime) for a signal from the sandbox, bounded so a hang fails.
fn signal(fixture: &Fixture, what: &str, wait: impl std::future::Future<Output = ()>) {
    let bounded = async { tokio::time::timeout(Duration::from_secs(60), wait).await };
    fixture.runtime.block_on(bounded).unwrap_or_else(|_| panic!("timed out waiting for {what}"));
}

#[test]
fn a_new_sync_or_closing_the_window_cancels_the_running_sync() {
    use treasury_desk::sandbox::faults::{Fault, Gate};
    // Latency on, so the sandbox counts the requests it serves (before any fault holds them).
    let config = SandboxConfig { latency: Duration::from_millis(5), ..SandboxConfig::default() };
    let fixture = Fixture::with(config);
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let traffic = || sandbox.traffic().0;
    // A client that never gives up on a request by itself: a held request can only be let go of
    // by cancelling the sync it belongs to.
    let mut patient = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    patient.timeout = Duration::from_secs(24 * 3600);
    let app =
        TreasuryApp::new(fixture.runtime.handle().clone(), Client::new(patient).expect("client"), Source::Sandbox);
    // One full sync, for the count.
    let before = traffic();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);
    let one_sync = traffic() - before;
    assert!(one_sync > 20, "a sync makes many requests ({one_sync})");

    // A sync's first two requests (the platform, the account list) are held: until one answers,
    // it can send nothing else. So the test knows exactly what is in flight, with no clock.
    let hold_the_start = || {
        let gate = Gate::new();
        sandbox.faults().arm("GET", "/v1/account", Fault::Hold(gate.clone()), 2);
        gate
    };

    // F5 mid-sync: the running sync is replaced, not doubled.
    // (Shift+F5, a full sync: it asks for the platform and the account list first; a quick one
    // continues from events and does not read the platform again.)
    let gate = hold_the_start();
    let before = traffic();
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F5);
    harness.step();
    signal(&fixture, "the sync to start", gate.holding(2));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F5);
    harness.step();
    signal(&fixture, "the first sync to let go of its requests", gate.abandoned(2));
    wait_for_sync(&mut harness);
    // The abandoned requests are the proof the first sync stopped; the count is a sanity check
    // (its two requests and one more sync, quick or full).
    let restarted = traffic() - before;
    assert!(restarted <= one_sync + 2, "the first sync stopped: {restarted} requests vs {one_sync} for one");
    gate.open();
    signal(&fixture, "the held requests to be answered", gate.settled());

    // Closing the window mid-sync stops its requests.
    let gate = hold_the_start();
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F5);
    harness.step();
    signal(&fixture, "the sync to start", gate.holding(2));
    drop(harness);
    signal(&fixture, "the closed window's sync to let go of its requests", gate.abandoned(2));
    let at_close = traffic();
    // Its requests answered now would let a sync still running go on: none does.
    gate.open();
    signal(&fixture, "the held requests to be answered", gate.settled());
    assert_eq!(traffic(), at_close, "no request after the window closed");
}

#[test]
fn the_first_sync_shows_accounts_as_they_arrive_then_in_stripes_order() {
    use treasury_desk::stripe::RateLimit;
    let config = SandboxConfig {
        latency: Duration::from_millis(50),
        rate_limit: std::num::NonZeroU32::new(30),
        ..SandboxConfig::default()
    };
    let fixture = Fixture::with(config);
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    // The reference: Stripe's list order (newest first), from an independent load.
    let expected_order: Vec<String> = fixture.expected().accounts.iter().map(|a| a.account.id.clone()).collect();
    let mut partial_seen = None;
    // A fresh app, stepped while it loads.
    let mut client_config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    client_config.rate_limit = Some(RateLimit::per_second(30));
    let app = TreasuryApp::new(
        fixture.runtime.handle().clone(),
        Client::new(client_config).expect("client"),
        Source::Sandbox,
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    let start = std::time::Instant::now();
    loop {
        harness.step();
        let app = harness.state();
        if let (true, Some(snapshot)) = (app.syncing(), app.snapshot())
            && !snapshot.accounts.is_empty()
            && snapshot.accounts.len() < expected_order.len()
        {
            partial_seen.get_or_insert(snapshot.accounts.len());
        }
        if !app.syncing() && app.snapshot().is_some() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the sync finishes");
        std::thread::sleep(Duration::from_millis(20));
    }
    let partial = partial_seen.expect("some accounts were on screen before the sync finished");
    assert!(partial > 0);
    let order: Vec<String> = harness
        .state()
        .snapshot()
        .map(|s| s.accounts.iter().map(|a| a.account.id.clone()).collect())
        .unwrap_or_default();
    assert_eq!(order, expected_order, "in Stripe's order once complete");
}

#[test]
fn in_live_mode_refresh_asks_first_naming_live() {
    use treasury_desk::stripe::Mode;
    use treasury_desk::stripe::financial_connections::RefreshAvailability;
    let config = SandboxConfig { refresh_delay: Duration::from_millis(200), ..SandboxConfig::default() };
    let fixture = Fixture::with(config);
    let expected = fixture.expected();
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let now = jiff::Timestamp::now().as_second();
    let (owner, linked) = expected
        .accounts
        .iter()
        .flat_map(|a| a.linked_accounts.iter().map(move |l| (a, l)))
        .find(|(a, l)| {
            l.refresh_availability(now) == RefreshAvailability::Now
                && !state.refresh_fails(&l.id)
                && a.linked_accounts.iter().filter(|o| o.refresh_availability(now) == RefreshAvailability::Now).count()
                    == 1
        })
        .expect("an account with exactly one refreshable bank account");
    // The label says LIVE; the data is the sandbox's (the client talks to it).
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Stripe(Mode::Live));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);
    harness.get_by_label("LIVE");
    filter_accounts(&mut harness, &owner.account.id);
    harness.get_by_label(&owner.account.id).click();
    harness.step();
    harness.step();
    let before = state.refresh_attempts(&linked.id);
    harness
        .query_all_by_role_and_label(Role::Button, "🔄 Refresh")
        .find(|b| !b.accesskit_node().is_disabled())
        .expect("an enabled Refresh")
        .click();
    step_until(&mut harness, "the LIVE question", |h| h.query_by_label("Refresh this live bank balance?").is_some());
    harness.get_by_label("LIVE mode: this acts on a real bank connection.");
    assert_eq!(state.refresh_attempts(&linked.id), before, "nothing sent before the go-ahead");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the refresh", |h| {
        refresh_status_on_screen(h, &linked.id)
            == Some(treasury_desk::stripe::financial_connections::RefreshStatus::Succeeded)
    });
    assert_eq!(state.refresh_attempts(&linked.id), before + 1);
}

#[test]
fn a_failed_sync_keeps_the_data_on_screen_and_says_why() {
    use treasury_desk::sandbox::faults::Fault;
    let fixture = Fixture::new();
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    let before: Vec<String> = harness
        .state()
        .snapshot()
        .map(|s| s.accounts.iter().map(|a| a.account.id.clone()).collect())
        .unwrap_or_default();
    assert!(!before.is_empty());
    // Every read of the platform fails (more times than the client retries).
    let outage = Fault::Respond {
        status: 503,
        content_type: "application/json",
        body: r#"{"error":{"type":"api_error","message":"outage"}}"#.into(),
    };
    fixture.sandbox.as_ref().expect("sandbox").faults().arm("GET", "/v1/account", outage, 9);
    harness.key_press(egui::Key::F5);
    harness.step();
    step_until(&mut harness, "the failed sync", |h| h.query_by_label_contains("Sync failed").is_some());
    harness.get_by_label_contains("Stripe had a server error (503)");
    harness.get_by_label("Showing the data from the last successful sync.");
    let after: Vec<String> = harness
        .state()
        .snapshot()
        .map(|s| s.accounts.iter().map(|a| a.account.id.clone()).collect())
        .unwrap_or_default();
    assert_eq!(after, before, "the accounts on screen are kept");
}

#[test]
fn f5_is_a_sync_from_events_that_sees_new_and_settled_transfers_and_shift_f5_reads_everything() {
    use treasury_desk::stripe::treasury::InboundTransferStatus as S;
    use treasury_desk::stripe::{Form, IdempotencyKey, RequestOptions};
    let fixture = Fixture::new();
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    // Wide enough for the top bar to say what the quick sync did in full (narrower, it says how
    // long ago, the rest on hover).
    let mut harness = fixture.harness_in(treasury_desk::i18n::Lang::En, egui::vec2(1920.0, 1000.0));
    wait_for_sync(&mut harness);
    assert!(harness.query_by_label_contains("· from events").is_none(), "the first sync is a full one");
    let lists_read = || {
        sandbox
            .state()
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/v1/treasury/inbound_transfers")
            .count()
    };
    let full_lists = lists_read();

    // The bank settles one transfer; a new one arrives on an account with manual review.
    let snapshot = harness.state().snapshot().expect("loaded").clone();
    let entries = || snapshot.accounts.iter().flat_map(|a| a.financial_accounts.iter().map(move |e| (a, e)));
    let (owner, settled) = entries()
        .filter(|(_, e)| !e.financial_account.has_manual_review())
        .find_map(|(a, e)| e.inbound_transfers.iter().find(|t| t.status == S::Processing).map(|t| (a, t.id.clone())))
        .expect("a processing transfer");
    let post = |account: &str, path: &str, form: Form| {
        let options = RequestOptions::on_behalf_of(account).idempotency_key(IdempotencyKey::new());
        let done: treasury_desk::stripe::treasury::InboundTransfer =
            fixture.runtime.block_on(fixture.client.post(path, &form, &options)).expect(path);
        done
    };
    post(&owner.account.id, &format!("/v1/test_helpers/treasury/inbound_transfers/{settled}/succeed"), Form::new());
    let (review_owner, review_fa) = entries()
        .find(|(_, e)| e.financial_account.is_open() && e.financial_account.has_manual_review())
        .map(|(a, e)| (a.account.id.clone(), e.financial_account.id.clone()))
        .expect("a manual-review account");
    let form = Form::new()
        .set("amount", 98_765)
        .set("currency", "usd")
        .set("financial_account", review_fa.as_str())
        .set("origin_payment_method", "pm_usBankAccount_processing");
    let arrived = post(&review_owner, "/v1/treasury/inbound_transfers", form);

    harness.key_press(egui::Key::F5);
    harness.step();
    step_until(&mut harness, "the quick sync", |h| h.query_by_label_contains("· from events").is_some());
    // It says what it did: the two events, and no account read in full.
    harness.get_by_label_contains("· from events: 2 read,");
    harness.get_by_label_contains(", 0 accounts read in full");
    let quick_lists = lists_read() - full_lists;
    assert_eq!(quick_lists, 0, "no transfer list is listed again: the events said what changed");
    let status_of = |h: &Harness<'_, TreasuryApp>, id: &str| {
        h.state()
            .snapshot()
            .into_iter()
            .flat_map(|s| s.accounts.iter().flat_map(|a| &a.financial_accounts))
            .flat_map(|e| e.inbound_transfers.iter())
            .find(|t| &*t.id == id)
            .map(|t| t.status.to_string())
    };
    assert_eq!(status_of(&harness, &settled).as_deref(), Some("succeeded"));
    assert_eq!(status_of(&harness, &arrived.id).as_deref(), Some("requires_confirmation"));

    // Shift+F5 reads every list again and says nothing was kept.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F5);
    harness.step();
    step_until(&mut harness, "the full sync", |h| !h.state().syncing());
    assert!(harness.query_by_label_contains("· from events").is_none());
    assert_eq!(lists_read() - full_lists - quick_lists, full_lists, "a full sync lists every financial account");
}

#[test]
fn an_action_that_lands_during_a_sync_is_not_undone_by_the_sync_s_older_read() {
    use treasury_desk::sandbox::faults::Fault;
    let fixture = Fixture::new();
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let fa = sandbox.state().inbound_transfer(&transfer.id).expect("in the sandbox").financial_account;
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    let lists_of_fa = || {
        sandbox
            .state()
            .requests()
            .iter()
            .filter(|r| {
                r.path == "/v1/treasury/inbound_transfers" && r.query.as_deref().is_some_and(|q| q.contains(&fa))
            })
            .count()
    };
    let before = lists_of_fa();
    // One linked-account list of the new sync is held until the test lets it go, so the sync is
    // still running after it has read this transfer (awaiting confirmation) and the user has
    // confirmed it, however slow the machine. (A full sync: F5 would read only events, and there
    // are none yet.)
    let gate = treasury_desk::sandbox::faults::Gate::new();
    sandbox.faults().arm("GET", "/v1/financial_connections/accounts", Fault::Hold(gate.clone()), 1);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F5);
    harness.step();
    step_until(&mut harness, "the sync to read the transfer", |_| lists_of_fa() > before);
    assert!(harness.state().syncing());
    click_row_button(&mut harness, &account_id, &transfer.id, "Confirm…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm", |h| h.query_by_label_contains("✔ confirmed").is_some());
    assert!(harness.state().syncing(), "the sync is still running: the test needs it to end after the confirm");
    gate.open();
    step_until(&mut harness, "the sync to end", |h| !h.state().syncing());
    let shown = harness
        .state()
        .snapshot()
        .and_then(|s| s.account(&account_id))
        .and_then(|a| {
            a.financial_accounts.iter().flat_map(|e| e.inbound_transfers.iter()).find(|t| t.id == transfer.id)
        })
        .map(|t| t.status.to_string());
    assert_eq!(status_in_sandbox(&fixture, &account_id, &transfer.id), "processing");
    assert_eq!(shown.as_deref(), Some("processing"), "the row shows what the confirm did, not the sync's older read");
}

#[test]
fn the_platform_s_own_money_has_its_section_and_its_transfers_can_be_acted_on() {
    let fixture = Fixture::new();
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let expected = fixture.expected();
    let own = expected.platform_own.as_ref().expect("the platform's own money");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    harness.get_by_label("The platform's own money");
    let balance = treasury_desk::sandbox::stripe_balance(&expected.platform);
    for (currency, amount) in balance.available_amounts().iter() {
        harness.get_by_label(&Money::new(*amount, currency).to_string());
    }
    let cash = own.totals().cash;
    for amount in cash.iter() {
        assert!(harness.query_all_by_label(&amount.to_string()).next().is_some(), "own cash {amount} is shown");
    }
    harness.get_by_label_contains("Open (").click();
    step_until(&mut harness, "the platform's page", |h| h.query_by_label("platform: your own money").is_some());

    // Cancel the first cancelable transfer of its financial account, like any other.
    let entry = &own.financial_accounts[0];
    let transfer = entry
        .inbound_transfers
        .iter()
        .find(|t| t.cancelable && t.status.as_str() == "processing")
        .expect("a cancelable transfer on the platform's own account");
    let before = transfer.id.to_string();
    harness.get_by_label_contains("Inbound transfers (").click();
    step_until(&mut harness, "the transfers", |h| {
        h.query_all_by_role_and_label(Role::Button, "Cancel…").next().is_some()
    });
    click_button_on_open_account(&mut harness, &expected.platform.id, &transfer.id, "Cancel…");
    let amount = Money::new(transfer.amount, &transfer.currency).to_string();
    harness.get_by_role_and_label(Role::Button, &format!("Cancel {amount}")).click();
    step_until(&mut harness, "the cancel", |h| h.query_by_label_contains("✔ canceled").is_some());
    assert_eq!(sandbox.state().inbound_transfer(&before).map(|t| t.status.to_string()).as_deref(), Some("canceled"));
    let cancel = sandbox
        .state()
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with(&format!("{before}/cancel")))
        .expect("the cancel request");
    assert_eq!(cancel.stripe_account, None, "the platform's own transfer is canceled without Stripe-Account");
}

/// A fixture whose app records in a trail of its own, in a scratch folder removed on drop.
struct Recorded {
    dir: std::path::PathBuf,
    log: treasury_desk::actions::AuditLog,
}

impl Recorded {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("treasury-desk-ui-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let log = treasury_desk::actions::AuditLog::at(dir.join("audit.jsonl"));
        Self { dir, log }
    }

    fn harness(&self, fixture: &Fixture, source: Source) -> Harness<'static, TreasuryApp> {
        let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), source)
            .with_audit(Some(self.log.clone()));
        Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app)
    }

    fn actions(&self) -> Vec<treasury_desk::actions::audit::Action> {
        self.log.read().expect("the trail").actions
    }
}

impl Drop for Recorded {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Open `account_id`'s page through the account filter.
fn open_account(harness: &mut Harness<'_, TreasuryApp>, account_id: &str) {
    filter_accounts(harness, account_id);
    harness.get_by_label(account_id).click();
    harness.step();
    harness.step();
}

#[test]
fn an_action_is_recorded_under_the_mode_and_platform_it_was_taken_in_even_after_a_key_switch() {
    use treasury_desk::actions::Verdict;
    use treasury_desk::sandbox::faults::{Fault, Gate};
    use treasury_desk::secret::Secret;
    use treasury_desk::stripe::Mode;
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    // A second "Stripe" with a test key of its own, to switch to while the confirm is in flight.
    let other_key = "sk_test_51OtherPlatformKeyAbCdEfGhIjKlMnOpQrSt";
    let other = fixture
        .runtime
        .block_on(Sandbox::start(
            SandboxConfig { api_key: Secret::new(other_key), seed: 7, ..SandboxConfig::default() },
            0,
        ))
        .expect("a second sandbox");
    let recorded = Recorded::new("mode-switch");
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_audit(Some(recorded.log.clone()))
        .with_keys(other.base_url(), Ok(()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    wait_for_sync(&mut harness);
    // The sandbox confirms, then holds its answer until the key has been switched.
    let gate = Gate::default();
    let hold = Fault::HoldAnswer(gate.clone());
    fixture.sandbox.as_ref().expect("sandbox").faults().arm("POST", &format!("{}/confirm", transfer.id), hold, 1);
    click_row_button(&mut harness, &account_id, &transfer.id, "Confirm…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm to reach Stripe", |_| gate.held() > 0);

    harness.get_by_label("Keys").click();
    // The stored keys are read in the background; their rows then push the form down: wait, so
    // no click lands where a button used to be.
    step_until(&mut harness, "the Keys screen, its stored keys read", |h| {
        h.query_by_role_and_label(Role::PasswordInput, "Secret or restricted key").is_some()
            && h.query_by_label("Reading the keychain…").is_none()
    });
    let field = harness.get_by_role_and_label(Role::PasswordInput, "Secret or restricted key");
    field.focus();
    harness.step();
    harness.get_by_role_and_label(Role::PasswordInput, "Secret or restricted key").type_text(other_key);
    harness.step();
    harness.get_by_label("Verify key").click();
    step_until(&mut harness, "verification", |h| h.query_by_label_contains("Verified: this test key").is_some());
    harness.get_by_label("Use for this session only").click();
    step_until(&mut harness, "the switch", |h| h.state().source() == Source::Stripe(Mode::Test));
    assert_eq!(harness.state().actions_running(), 1, "the confirm is still in flight");

    gate.open();
    step_until(&mut harness, "the confirm's outcome to be recorded", |_| {
        recorded.actions().first().is_some_and(|a| a.latest().is_some())
    });
    let actions = recorded.actions();
    let intent = &actions[0].intent;
    assert_eq!(intent.mode, "sandbox", "recorded under the mode it was taken in, not the one in use when it ended");
    assert_eq!(intent.platform, expected.platform.id);
    assert_eq!(actions[0].latest().map(|o| o.verdict), Some(Verdict::Done));
    step_until(&mut harness, "the other platform's data", |h| h.state().snapshot().is_some() && !h.state().syncing());
    assert!(harness.query_by_label_contains("✔ confirmed").is_none(), "nothing of the old key's action on this screen");
    fixture.runtime.block_on(other.shutdown());
}

/// A refreshable linked account, and the connected account it belongs to.
fn refreshable(
    fixture: &Fixture,
    expected: &Snapshot,
) -> (String, treasury_desk::stripe::financial_connections::Account) {
    use treasury_desk::stripe::financial_connections::RefreshAvailability;
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let now = jiff::Timestamp::now().as_second();
    expected
        .accounts
        .iter()
        .flat_map(|a| a.linked_accounts.iter().map(move |l| (a, l)))
        .find(|(a, l)| {
            l.refresh_availability(now) == RefreshAvailability::Now
                && !state.refresh_fails(&l.id)
                && a.linked_accounts.iter().filter(|o| o.refresh_availability(now) == RefreshAvailability::Now).count()
                    == 1
        })
        .map(|(a, l)| (a.account.id.clone(), l.clone()))
        .expect("an account with exactly one refreshable bank account")
}

fn click_refresh(harness: &mut Harness<'_, TreasuryApp>) {
    harness
        .query_all_by_role_and_label(Role::Button, "🔄 Refresh")
        .find(|b| !b.accesskit_node().is_disabled())
        .expect("an enabled Refresh")
        .click();
}

#[test]
fn a_refresh_stripe_accepted_stays_done_when_reading_it_again_fails() {
    use treasury_desk::actions::Verdict;
    use treasury_desk::sandbox::faults::Fault;
    let config = SandboxConfig { refresh_delay: Duration::from_secs(3), ..SandboxConfig::default() };
    let fixture = Fixture::with(config);
    let expected = fixture.expected();
    let (owner, linked) = refreshable(&fixture, &expected);
    let recorded = Recorded::new("refresh-follow");
    let mut harness = recorded.harness(&fixture, Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &owner);
    // Stripe accepts the refresh; reading the account again is refused (404, then a 429 that
    // must not be retried) while the bank works on it.
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let missing = r#"{"error":{"type":"invalid_request_error","message":"No such account"}}"#;
    let path = format!("/v1/financial_connections/accounts/{}", linked.id);
    sandbox.faults().arm(
        "GET",
        &path,
        Fault::Respond { status: 404, content_type: "application/json", body: missing.into() },
        1,
    );
    click_refresh(&mut harness);
    step_until(&mut harness, "the outcome", |h| h.query_by_label_contains("✔ refresh requested").is_some());
    step_until(&mut harness, "the failed follow-up", |h| h.query_by_label_contains("could not follow it").is_some());
    harness.get_by_label_contains("No such account");
    assert!(
        harness.query_by_label_contains("Refresh not started").is_none(),
        "an accepted refresh is never 'not started'"
    );
    let actions = recorded.actions();
    assert_eq!(actions.len(), 1);
    let outcome = actions[0].latest().expect("an outcome");
    assert_eq!(outcome.verdict, Verdict::Done, "{outcome:?}");
    assert_eq!(outcome.http_status, Some(200));
    assert_eq!(sandbox.state().refresh_attempts(&linked.id), 1);
}

#[test]
fn a_refresh_with_no_clear_answer_is_retried_with_the_same_key_and_acts_once() {
    use treasury_desk::actions::Verdict;
    use treasury_desk::sandbox::faults::Fault;
    let config = SandboxConfig { refresh_delay: Duration::from_millis(300), ..SandboxConfig::default() };
    let fixture = Fixture::with(config);
    let expected = fixture.expected();
    let (owner, linked) = refreshable(&fixture, &expected);
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    let before = sandbox.state().refresh_attempts(&linked.id);
    let recorded = Recorded::new("refresh-key");
    let mut harness = recorded.harness(&fixture, Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &owner);
    // Stripe starts the refresh, and every answer to it (the client's own retries too) is lost.
    let path = format!("{}/refresh", linked.id);
    sandbox.faults().arm("POST", &path, Fault::LoseResponseAfterCommit, 50);
    click_refresh(&mut harness);
    step_until(&mut harness, "the unknown outcome", |h| {
        h.query_by_label_contains("may or may not have happened").is_some()
    });
    assert_eq!(sandbox.state().refresh_attempts(&linked.id), before + 1, "the first attempt started a refresh");
    // The unresolved action is announced above everything (the trail is read in the background):
    // wait for it, so the layout no longer moves under the next click.
    step_until(&mut harness, "the unresolved banner", |h| {
        h.query_by_label_contains("1 money action has no settled outcome").is_some()
    });
    sandbox.faults().clear();
    // Trying again is safe: the same key, so Stripe answers with the first attempt's result.
    click_refresh(&mut harness);
    // (The note of the retry lasts only until the bank's answer, long there by now, is read.)
    step_until(&mut harness, "the retry's outcome", |_| {
        recorded.actions().get(1).is_some_and(|a| a.latest().is_some())
    });
    let actions = recorded.actions();
    assert_eq!(actions.len(), 2);
    let keys: Vec<_> = actions.iter().map(|a| a.intent.idempotency_key.clone()).collect();
    assert!(keys[0].is_some());
    assert_eq!(keys[0], keys[1], "the retry reused the key of the attempt with no clear answer");
    assert_eq!(actions[0].latest().map(|o| o.verdict), Some(Verdict::Unknown));
    assert_eq!(actions[1].latest().map(|o| o.verdict), Some(Verdict::Done));
    assert_eq!(sandbox.state().refresh_attempts(&linked.id), before + 1, "one refresh, not two");
}

#[test]
fn a_row_s_note_retires_when_a_sync_brings_a_newer_state() {
    use treasury_desk::stripe::{Form, RequestOptions};
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Confirm…");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm", |h| h.query_by_label_contains("✔ confirmed").is_some());
    // The transfer settles at Stripe; the next sync reads it as succeeded.
    let path = format!("/v1/test_helpers/treasury/inbound_transfers/{}/succeed", transfer.id);
    let options = RequestOptions::on_behalf_of(&account_id);
    let settled: serde_json::Value =
        fixture.runtime.block_on(fixture.client.post(&path, &Form::new(), &options)).expect("succeed");
    assert_eq!(settled["status"], "succeeded");
    harness.key_press(egui::Key::F5);
    harness.step();
    step_until(&mut harness, "the sync", |h| !h.state().syncing());
    let shown = harness.state().snapshot().and_then(|s| s.transfer(&transfer.id)).map(|(_, _, t)| t.status.to_string());
    assert_eq!(shown.as_deref(), Some("succeeded"));
    assert!(
        harness.query_by_label_contains("✔ confirmed").is_none(),
        "no note from the confirm beside a transfer that has moved on"
    );
}

#[test]
fn while_a_dialog_is_open_no_key_reaches_the_views_behind_it() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected).into_iter().next().expect("a transfer awaiting confirmation");
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    click_row_button(&mut harness, &account_id, &transfer.id, "Cancel…");
    let view = || treasury_desk::app::View::Account(account_id.clone());
    for key in [egui::Key::ArrowDown, egui::Key::ArrowUp, egui::Key::ArrowDown] {
        harness.key_press(key);
        harness.step();
    }
    assert_eq!(harness.state().view(), &view(), "the account list did not move behind the dialog");
    harness.get_by_label("Cancel this inbound transfer?");
    // Esc closes the dialog only: the account page stays.
    harness.key_press(egui::Key::Escape);
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Cancel this inbound transfer?").is_none());
    assert_eq!(harness.state().view(), &view(), "Esc closed the dialog and did not also leave the page");
    // With the dialog gone, keys reach the views again.
    harness.key_press(egui::Key::Escape);
    harness.step();
    assert_eq!(harness.state().view(), &treasury_desk::app::View::Overview);
}

#[test]
fn an_account_whose_treasury_capability_is_inactive_still_shows_its_restricted_money_and_exports_it() {
    use treasury_desk::stripe::account::CapabilityStatus;
    let fixture = Fixture::new();
    // The reference is the sandbox's own state, not a load through the code under test.
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let (account, fa) = state
        .connected_account_ids()
        .into_iter()
        .filter_map(|id| state.connected_account(&id))
        .filter(|a| a.treasury_capability() == Some(&CapabilityStatus::Inactive))
        .find_map(|a| state.financial_accounts_of(&a.id).into_iter().next().map(|fa| (a, fa)))
        .expect("the seed has a deactivated treasury capability with a financial account");
    assert!(!fa.restricted_features.is_empty(), "its features are restricted");
    let transfers: Vec<_> =
        state.inbound_transfers_of(&account.id).into_iter().filter(|t| t.financial_account == fa.id).collect();
    assert!(!transfers.is_empty(), "it has inbound transfers");

    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    filter_accounts(&mut harness, &account.id);
    harness.get_by_label(&account.id).click();
    harness.step();
    harness.step();
    harness.get_by_label("Financial accounts (1)");
    // The reason, from the account's requirements.
    harness.get_by_label(
        "⚠ Financial accounts restricted: treasury capability inactive: requirements past due: company.tax_id, \
         representative.verification.document",
    );
    harness.get_by_label(&fa.id);
    for feature in &fa.restricted_features {
        // In words, Stripe's value on hover.
        treasury_desk::i18n::set_thread(treasury_desk::i18n::Lang::En);
        harness.get_by_label(&format!("⚠ {}", treasury_desk::i18n::Words::words(feature)));
    }
    for (currency, amount) in &fa.balance.cash {
        let cash = Money::new(*amount, currency).to_string();
        assert!(harness.query_all_by_label(&cash).next().is_some(), "cash {cash} is shown");
    }
    harness.get_by_label_contains(&format!("Inbound transfers ({})", transfers.len())).click();
    step_until(&mut harness, "the transfers", |h| h.query_by_label("Descriptor").is_some());
    for transfer in &transfers {
        let amount = Money::new(transfer.amount, &transfer.currency).to_string();
        assert!(harness.query_all_by_label(&amount).next().is_some(), "transfer {} ({amount}) is shown", transfer.id);
    }
    // Triage lists it with the reason (the list is virtualised: read its items, not its pixels).
    let snapshot = harness.state().snapshot().cloned().expect("a snapshot");
    let triage = snapshot.attention().into_iter().find_map(|item| match item {
        treasury_desk::snapshot::Attention::RestrictedFeatures { financial_account_id, reason, .. }
            if financial_account_id == fa.id =>
        {
            reason
        }
        _ => None,
    });
    assert!(triage.is_some_and(|r| r.contains("requirements past due: company.tax_id")), "triage names the reason");

    // The export holds what the screen holds: the financial account, its transfers, the reason.
    let mut json = Vec::new();
    treasury_desk::export::write(&snapshot, treasury_desk::export::Format::Json, &mut json).expect("json");
    let json: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    let exported = json["accounts"]
        .as_array()
        .and_then(|accounts| accounts.iter().find(|a| a["account"]["id"] == account.id.as_str()))
        .expect("the account is exported");
    assert_eq!(exported["financial_accounts"][0]["financial_account"]["id"], fa.id.as_str());
    let ids: Vec<&str> = exported["financial_accounts"][0]["inbound_transfers"]
        .as_array()
        .map(|list| list.iter().filter_map(|t| t["id"].as_str()).collect())
        .unwrap_or_default();
    assert!(transfers.iter().all(|t| ids.contains(&t.id.as_str())), "{ids:?}");
    let mut csv = Vec::new();
    treasury_desk::export::write(&snapshot, treasury_desk::export::Format::Csv, &mut csv).expect("csv");
    let csv = String::from_utf8(csv).expect("utf-8");
    let row = |record: &str, object: &str| {
        csv.lines().any(|l| l.starts_with(&format!("{record},{},", account.id)) && l.contains(object))
    };
    assert!(row("financial_account", &fa.id), "a financial_account row for {}", fa.id);
    assert!(transfers.iter().all(|t| row("inbound_transfer", &t.id)), "a row per transfer");
    assert!(
        csv.lines().any(|l| l.starts_with("connected_account,")
            && l.contains(&account.id)
            && l.contains("requirements past due")),
        "the reason is exported"
    );
}

#[test]
fn a_platform_not_onboarded_to_treasury_says_so_quietly() {
    use treasury_desk::sandbox::faults::Fault;
    use treasury_desk::stripe::treasury::not_onboarded_message;
    let fixture = Fixture::with(SandboxConfig { accounts: 0, ..SandboxConfig::default() });
    let body = serde_json::json!({"error": {"type": "invalid_request_error",
        "message": not_onboarded_message("GET", "/v1/treasury/financial_accounts")}});
    let answer = Fault::Respond { status: 404, content_type: "application/json", body: body.to_string() };
    fixture.sandbox.as_ref().expect("sandbox").faults().arm("GET", "/v1/treasury/financial_accounts", answer, 1);
    let mut harness = fixture.harness();
    wait_for_sync(&mut harness);
    harness.get_by_label("The platform's own money");
    harness.get_by_label("not onboarded to Treasury");
    harness.get_by_label("Nothing needs attention.");
    harness.get_by_label_contains("Open (0 financial accounts)").click();
    step_until(&mut harness, "the platform's page", |h| h.query_by_label("platform: your own money").is_some());
    harness.get_by_label("Not onboarded to Treasury: no financial accounts.");
    assert!(harness.query_by_label_contains("Could not load").is_none(), "not shown as an error");
}
