//! The ledger view in the window, against the sandbox over HTTP: opened from a financial
//! account's card by its label, it loads in the background, shows flow types in words (an
//! unknown one as Stripe sent it), and its balance history ends at today's balance to the
//! minor unit.

#[path = "support/app.rs"]
mod app;

use app::{Fixture, step_until};
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use treasury_desk::app::View;
use treasury_desk::sandbox::faults::{Fault, Mangle};
use treasury_desk::stripe::{Form, RequestOptions};

fn open_platform_ledger(
    fixture: &Fixture,
) -> (egui_kittest::Harness<'static, treasury_desk::app::TreasuryApp>, String) {
    let mut harness = fixture.harness();
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    let platform = fixture.sandbox.as_ref().expect("sandbox").state().platform_account_id();
    harness.state_mut().show(View::Account(platform.clone()));
    harness.step();
    harness.get_by_role_and_label(Role::Button, "📒 Ledger…").click();
    step_until(&mut harness, "the ledger view", |h| h.query_by_label("Last month").is_some());
    (harness, platform)
}

#[test]
fn the_ledger_opens_from_its_card_shows_words_and_its_history_ends_at_todays_balance() {
    let fixture = Fixture::new();
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let platform = state.platform_account_id();
    let fa = state.financial_accounts_of(&platform).into_iter().next().expect("the platform's financial account");
    // Something moved this month, whatever the day: money from outside.
    let credit = Form::new()
        .set("financial_account", &fa.id)
        .set("amount", 123_457)
        .set("currency", "usd")
        .set("network", "ach");
    let _: serde_json::Value = fixture
        .runtime
        .block_on(fixture.client.post(
            "/v1/test_helpers/treasury/received_credits",
            &credit,
            &RequestOptions::default(),
        ))
        .expect("a received credit");
    let (mut harness, _) = open_platform_ledger(&fixture);
    assert!(matches!(harness.state().view(), View::Ledger { .. }), "the card's button opens the ledger");
    step_until(&mut harness, "the received credit in words", |h| h.query_by_label("Received credit").is_some());
    assert!(harness.query_by_label("$1,234.57").is_some(), "its amount from the integer minor units");
    assert!(harness.query_by_label_contains("America/New_York").is_some(), "the platform's time zone is shown");

    harness.get_by_label("📈 Balance history").click();
    step_until(&mut harness, "the whole period", |h| h.state().ledger().complete());
    let today = state.financial_account(&fa.id).expect("fa").balance;
    let history = harness.state().ledger().history("usd");
    let (_, last) = history.last().copied().expect("a history");
    assert_eq!(last.cash, today.cash.get("usd").copied().unwrap_or_default(), "cash, to the minor unit");
    assert_eq!(last.inbound_pending, today.inbound_pending.get("usd").copied().unwrap_or_default());
    // Each step is the one before it plus its entry.
    let rows = harness.state().ledger().rows();
    for pair in rows.windows(2) {
        if pair[0].currency == pair[1].currency {
            assert_eq!(pair[1].after.plus(pair[0].change), pair[0].after, "{}", pair[0].entry);
        }
    }
}

#[test]
fn an_unknown_flow_type_is_shown_as_stripe_sent_it() {
    let fixture = Fixture::new();
    let sandbox = fixture.sandbox.as_ref().expect("sandbox");
    sandbox.faults().arm("GET", "/v1/treasury/transaction_entries", Fault::Mangle(Mangle::UnknownFlowType), 1_000);
    let (mut harness, _) = open_platform_ledger(&fixture);
    harness.get_by_label("Last month").click();
    step_until(&mut harness, "an entry of last month", |h| h.query_all_by_label("flow_from_2030").next().is_some());
    assert!(harness.query_by_label("Inbound transfer").is_none(), "no known words for an unknown type");
}

#[test]
fn the_month_end_export_is_written_from_the_window_and_reconciles() {
    let fixture = Fixture::new();
    let (mut harness, _) = open_platform_ledger(&fixture);
    harness.get_by_label("Last month").click();
    harness.step();
    let path = std::env::temp_dir().join(format!("ledger-ui-{}.csv", std::process::id()));
    let field = harness
        .query_all_by_role(Role::TextInput)
        .find(|n| n.value().is_some_and(|v| v.ends_with(".csv")))
        .expect("the export path field, with a default file name");
    field.click();
    harness.step();
    harness.key_press_modifiers(eframe::egui::Modifiers::COMMAND, eframe::egui::Key::A);
    harness.key_press(eframe::egui::Key::Backspace);
    harness.step();
    harness
        .query_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .expect("the emptied field, focused")
        .type_text(&path.to_string_lossy());
    harness.step();
    harness.get_by_role_and_label(Role::Button, "Export").click();
    step_until(&mut harness, "the export's outcome", |h| {
        h.query_by_label_contains("Written:").is_some() || h.query_by_label_contains("Not written").is_some()
    });
    if let Some(refused) = harness.query_by_label_contains("Not written") {
        panic!("{refused:?}");
    }
    let text = std::fs::read_to_string(&path).expect("the file");
    let last = text.lines().last().expect("rows");
    assert!(last.starts_with("check_all,") && last.ends_with(",ok"), "{last}");
    assert!(text.lines().any(|l| l.starts_with("opening,")) && text.lines().any(|l| l.starts_with("check,")));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_platform_wide_history_ends_at_the_sum_of_every_financial_account_per_currency() {
    let fixture = Fixture::new();
    let state = fixture.sandbox.as_ref().expect("sandbox").state();
    let (mut harness, _) = open_platform_ledger(&fixture);
    harness.get_by_label("Last month").click();
    harness.step();
    harness.get_by_label("🌐 All financial accounts").click();
    step_until(&mut harness, "the platform-wide history", |h| h.state().ledger().platform_histories().is_some());
    let histories = harness.state().ledger().platform_histories().cloned().expect("histories");
    // Last month ended before today: its closing is today's total less what moved since.
    let owners = state.connected_account_ids().into_iter().chain([state.platform_account_id()]);
    let mut today = std::collections::BTreeMap::<String, i64>::new();
    for owner in owners {
        for fa in state.financial_accounts_of(&owner) {
            for (currency, cash) in fa.balance.cash.iter() {
                *today.entry(currency.clone()).or_default() += cash;
            }
        }
    }
    assert!(histories.contains_key("usd") && histories.contains_key("eur"), "{:?}", histories.keys());
    for (currency, points) in &histories {
        let (first, last) = (points.first().expect("opening"), points.last().expect("closing"));
        assert!(first.0 < last.0);
        // Each step agrees with the next: the whole walk is integer arithmetic.
        assert!(points.windows(2).all(|w| w[0].0 <= w[1].0), "{currency}: oldest first");
        assert!(today.contains_key(currency), "{currency}");
    }
    // Switching to this month (up to today) ends at today's totals to the minor unit.
    let last_month_start = histories["usd"][0].0;
    harness.get_by_label("This month").click();
    step_until(&mut harness, "this month's platform-wide history", |h| {
        h.state()
            .ledger()
            .platform_histories()
            .is_some_and(|hs| hs.get("usd").is_some_and(|p| p[0].0 > last_month_start))
    });
    let now = harness.state().ledger().platform_histories().cloned().expect("histories");
    let mut pending = std::collections::BTreeMap::<String, i64>::new();
    for owner in state.connected_account_ids().into_iter().chain([state.platform_account_id()]) {
        for fa in state.financial_accounts_of(&owner) {
            for (currency, amount) in fa.balance.inbound_pending.iter() {
                *pending.entry(currency.clone()).or_default() += amount;
            }
        }
    }
    for (currency, points) in &now {
        let (_, last) = points.last().expect("closing");
        assert_eq!(last.cash, today.get(currency).copied().unwrap_or(0), "{currency} cash");
        assert_eq!(last.inbound_pending, pending.get(currency).copied().unwrap_or(0), "{currency} inbound pending");
    }
}

#[test]
fn an_inbound_transfer_in_the_ledger_opens_its_row_in_transfers() {
    let fixture = Fixture::new();
    let (mut harness, _) = open_platform_ledger(&fixture);
    fn transfer_link(h: &egui_kittest::Harness<'_, treasury_desk::app::TreasuryApp>) -> Option<String> {
        h.query_all_by_role(Role::Link).filter_map(|n| n.accesskit_node().label()).find(|l| l.starts_with("ibt_"))
    }
    step_until(&mut harness, "this month's first page", |h| {
        let ledger = h.state().ledger();
        transfer_link(h).is_some() || (!ledger.loading() && (ledger.complete() || !ledger.rows().is_empty()))
    });
    if transfer_link(&harness).is_none() {
        harness.get_by_label("Last month").click();
        step_until(&mut harness, "last month's entries", |h| transfer_link(h).is_some());
    }
    let id = transfer_link(&harness).expect("an inbound transfer in the platform's ledger");
    harness.get_by_role_and_label(Role::Link, &id).click();
    harness.step();
    harness.step();
    assert_eq!(harness.state().view(), &View::Transfers, "the link opens the Transfers view");
    assert!(harness.query_by_label("1 transfer").is_some(), "searched for by its id: its row alone");
    assert!(harness.query_by_label("1 selected").is_some(), "and selected, for c / x / Enter");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search");
    assert_eq!(search.value().as_deref(), Some(id.as_str()), "the search names it");
}
