//! The Transfers view's rows derived on the background thread (as at 100,000 transfers; here the
//! app is told to do so for any number): while the search is typed the view never shows rows of
//! an earlier text without saying so, and once they arrive they are exactly the matching ones;
//! and the columns keep their places while a search narrows the rows.

#[path = "support/app.rs"]
mod app;

use app::{Fixture, every_transfer, step_until};

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::i18n::Lang;
use treasury_desk::money::Money;
use treasury_desk::snapshot::Snapshot;

/// The view's count line for `n` rows.
fn count_label(n: usize) -> String {
    if n == 1 { "1 transfer".to_owned() } else { format!("{n} transfers") }
}

/// How many transfers the search `text` finds, worked out here from the data as loaded apart from
/// the window: the transfer's id, origin bank and last four, its financial account's id and
/// nickname, or its account's name or id contain the text, in any case.
fn matching(expected: &Snapshot, text: &str) -> usize {
    let needle = text.trim().to_lowercase();
    let has = |field: &str| field.to_lowercase().contains(&needle);
    expected
        .holders()
        .map(|holder| {
            let holder_hit = has(holder.account.display_name()) || has(&holder.account.id);
            holder
                .financial_accounts
                .iter()
                .map(|entry| {
                    let fa = &entry.financial_account;
                    entry
                        .inbound_transfers
                        .iter()
                        .filter(|t| {
                            holder_hit
                                || [
                                    Some(&*t.id),
                                    t.origin_bank_name.as_deref(),
                                    t.origin_last4.as_deref(),
                                    Some(fa.id.as_str()),
                                    fa.nickname.as_deref(),
                                ]
                                .into_iter()
                                .flatten()
                                .any(has)
                        })
                        .count()
                })
                .sum::<usize>()
        })
        .sum()
}

/// The view says its rows are still those of the text before.
fn filtering(harness: &Harness<'_, TreasuryApp>) -> bool {
    harness.query_by_label("filtering…").is_some()
}

#[test]
fn typing_a_search_derived_in_the_background_never_shows_unmarked_rows_and_ends_with_exactly_the_matches() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let all = matching(&expected, "");
    // The most common origin bank: its first letters find some transfers, not all.
    let mut banks: Vec<&str> = every_transfer(&expected).filter_map(|t| t.origin_bank_name.as_deref()).collect();
    banks.sort_unstable();
    let bank = banks
        .chunk_by(|a, b| a == b)
        .max_by_key(|same| same.len())
        .and_then(|same| same.first())
        .expect("transfers from a bank")
        .to_lowercase();
    let search: String = bank.chars().take(5).collect();
    let found = matching(&expected, &search);
    assert!(found > 0 && found < all, "'{search}' finds some transfers: {found} of {all}");

    // Every re-derivation goes to the background thread, however few the rows.
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_lang(Lang::En)
        .with_background_filtering_from(0);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    harness.get_by_label("Transfers").click();
    step_until(&mut harness, "the Transfers view", |h| h.query_by_label(&count_label(all)).is_some());

    harness.get_by_role_and_label(Role::TextInput, "Search").focus();
    harness.step();
    let mut typed = String::new();
    let mut marked = 0;
    for letter in search.chars() {
        typed.push(letter);
        harness.get_by_role_and_label(Role::TextInput, "Search").type_text(&letter.to_string());
        harness.step();
        // Either the rows are those of the text as it is now, or the view says they are not yet
        // and nothing can act on them.
        if filtering(&harness) {
            marked += 1;
            let select_all = harness.get_by_role_and_label(Role::Button, "Select all shown");
            assert!(select_all.accesskit_node().is_disabled(), "rows being filtered cannot be selected");
        } else {
            harness.get_by_label(&count_label(matching(&expected, &typed)));
        }
        step_until(&mut harness, "the rows for the text typed", |h| !filtering(h));
        harness.get_by_label(&count_label(matching(&expected, &typed)));
    }
    // Not asserted (the thread may answer within the frame), but this is the usual case.
    println!("{marked} of {} keystrokes showed the earlier rows marked as being filtered", search.len());

    // Select all shown selects the matching rows, and only them.
    harness.get_by_role_and_label(Role::Button, "Select all shown").click();
    harness.step();
    harness.step();
    harness.get_by_label(&format!("{found} selected"));

    // Deleting widens the search: every row is searched again.
    harness.get_by_role_and_label(Role::TextInput, "Search").focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.step();
    step_until(&mut harness, "every row again", |h| !filtering(h));
    harness.get_by_label(&count_label(all));
}

/// Where the table's "From" column starts: the header of that name on the line of "Created".
fn from_column_x(harness: &Harness<'_, TreasuryApp>) -> f32 {
    let header = harness.get_by_label("Created").rect();
    harness
        .query_all_by_label("From")
        .map(|n| n.rect())
        .find(|r| (r.center().y - header.center().y).abs() < 2.0)
        .expect("the From column's header")
        .min
        .x
}

#[test]
fn the_columns_keep_their_places_while_a_search_narrows_the_rows() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let transfers: Vec<_> = every_transfer(&expected).collect();
    let text = |t: &&treasury_desk::snapshot::Transfer| Money::new(t.amount, &t.currency).to_string();
    let widest = transfers.iter().map(|t| text(t).chars().count()).max().expect("transfers");
    let narrowest = transfers.iter().min_by_key(|t| text(t).chars().count()).expect("transfers");
    assert!(
        widest >= text(narrowest).chars().count() + 3,
        "the seed's amounts differ in width: {widest} characters, and {}",
        text(narrowest)
    );
    let mut harness = fixture.harness();
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    harness.get_by_label("Transfers").click();
    step_until(&mut harness, "the Transfers view", |h| h.query_by_label(&count_label(transfers.len())).is_some());
    let before = from_column_x(&harness);

    // Its id finds the transfer with the narrowest amount alone: the widest amounts are gone
    // from the rows, and the amount column keeps its width all the same.
    harness.get_by_role_and_label(Role::TextInput, "Search").focus();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Search").type_text(&narrowest.id);
    step_until(&mut harness, "the one row", |h| h.query_by_label(&count_label(1)).is_some());
    let header = harness.get_by_label("Created").rect().max.y;
    assert!(
        harness.query_all_by_label(&text(narrowest)).any(|n| n.rect().min.y > header),
        "its amount is on the row (the totals above show it too)"
    );
    assert_eq!(from_column_x(&harness), before, "the columns right of the amount stayed where they were");
}
