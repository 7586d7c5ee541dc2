//! The window in Japanese and German, driven by its translated labels against the sandbox, and
//! an image snapshot of the overview in Japanese (real glyphs from the bundled font, no tofu).

#[path = "support/app.rs"]
mod app;

use app::{Fixture, step_until};

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::i18n::Lang;
use treasury_desk::money::Money;
use treasury_desk::sandbox::SandboxConfig;
use treasury_desk::snapshot::Snapshot;
use treasury_desk::stripe::treasury::InboundTransferStatus;

/// The first transfer awaiting confirmation, with its connected account.
fn awaiting(expected: &Snapshot) -> (String, treasury_desk::snapshot::Transfer) {
    expected
        .accounts
        .iter()
        .flat_map(|a| a.financial_accounts.iter().map(move |e| (a, e)))
        .flat_map(|(a, e)| e.inbound_transfers.iter().map(move |t| (a.account.id.clone(), t.clone())))
        .find(|(_, t)| t.status == InboundTransferStatus::RequiresConfirmation)
        .expect("a transfer awaiting confirmation")
}

/// The words a language uses on the way from the overview to a confirmed transfer.
struct Words {
    lang: Lang,
    overview: &'static str,
    filter: &'static str,
    confirm_button: &'static str,
    dialog_title: &'static str,
    /// The dialog's go button for an amount.
    go: fn(&str) -> String,
    done: &'static str,
}

/// Overview → filter → the account → Confirm… → the dialog → Enter → the row says so, all by the
/// translated labels; the sandbox confirms the transfer.
fn confirm_flow(words: &Words) {
    let fixture = Fixture::with(SandboxConfig::default());
    let expected = fixture.expected();
    let (account_id, transfer) = awaiting(&expected);
    let mut harness = fixture.harness_in(words.lang, egui::vec2(1400.0, 900.0));
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    assert_eq!(harness.query_all_by_label(words.overview).count(), 2, "the tab and the heading, translated");
    let field = harness.get_by_role_and_label(Role::TextInput, words.filter);
    field.focus();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, words.filter).type_text(&account_id);
    harness.step();
    harness.step();
    harness.get_by_label(&account_id).click();
    step_until(&mut harness, "the account page", |h| {
        h.query_all_by_role_and_label(Role::Button, words.confirm_button).next().is_some()
    });
    let index = harness
        .state()
        .snapshot()
        .and_then(|s| s.account(&account_id))
        .map(|a| {
            a.financial_accounts
                .iter()
                .flat_map(|e| e.inbound_transfers.iter())
                .filter(|t| t.status == InboundTransferStatus::RequiresConfirmation)
                .position(|t| t.id == transfer.id)
                .unwrap_or(usize::MAX)
        })
        .unwrap_or(usize::MAX);
    let buttons: Vec<_> = harness.query_all_by_role_and_label(Role::Button, words.confirm_button).collect();
    buttons.get(index).expect("the row's button").click();
    step_until(&mut harness, "the dialog", |h| h.query_by_label(words.dialog_title).is_some());
    // The dialog's button names the amount in this language's format.
    let amount = {
        treasury_desk::i18n::set_thread(words.lang);
        Money::new(transfer.amount, &transfer.currency).to_string()
    };
    harness.get_by_role_and_label(Role::Button, &(words.go)(&amount));
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the confirm", |h| h.query_by_label_contains(words.done).is_some());
    let status = fixture
        .runtime
        .block_on(treasury_desk::stripe::treasury::retrieve_inbound_transfer(
            &fixture.client,
            &account_id,
            &transfer.id,
        ))
        .expect("transfer")
        .status;
    assert_eq!(status, InboundTransferStatus::Processing);
}

#[test]
fn japanese_overview_to_a_confirmed_transfer() {
    confirm_flow(&Words {
        lang: Lang::Ja,
        overview: "概要",
        filter: "アカウントを絞り込む",
        confirm_button: "確認…",
        dialog_title: "このインバウンド送金を承認しますか?",
        go: |amount| format!("{amount} を承認"),
        done: "✔ 承認しました",
    });
}

#[test]
fn german_overview_to_a_confirmed_transfer_with_german_amounts() {
    confirm_flow(&Words {
        lang: Lang::De,
        overview: "Übersicht",
        filter: "Konten filtern",
        confirm_button: "Bestätigen…",
        dialog_title: "Diese eingehende Überweisung bestätigen?",
        go: |amount| format!("{amount} bestätigen"),
        done: "✔ bestätigt",
    });
}

#[test]
fn german_amount_cells_read_with_a_decimal_comma_and_the_symbol_after() {
    let fixture = Fixture::with(SandboxConfig::default());
    let expected = fixture.expected();
    let mut harness = fixture.harness_in(Lang::De, egui::vec2(1400.0, 900.0));
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    assert_eq!(harness.query_all_by_label("Übersicht").count(), 2, "the tab and the heading, translated");
    // The platform-wide cash in USD, summed independently of the window, as German writes it.
    let cash = expected.totals().cash.0.get("usd").copied().expect("USD cash");
    treasury_desk::i18n::set_thread(Lang::De);
    let text = Money::new(cash, "usd").to_string();
    assert!(text.ends_with("\u{a0}$") && text.contains(',') && text.contains('.'), "{text}");
    harness.get_by_label(&text);
    assert!(harness.query_by_label_contains(" USD").is_none(), "no amount in the English form");
}

/// The overview in Japanese on the software renderer: Japanese labels and a Japanese company
/// name come out as glyphs of the bundled font. Clock and data are pinned so the picture is the
/// same every day. Refresh with `UPDATE_SNAPSHOTS=1 cargo test --test ui_languages`.
#[test]
fn overview_in_japanese_snapshot() {
    const AT: i64 = 1_800_000_000;
    let fixture = Fixture::with(SandboxConfig { accounts: 8, seed_clock: Some(AT), ..SandboxConfig::default() });
    let mut data = fixture.expected();
    data.fetched_at = AT;
    if let Some(first) = data.accounts.first_mut() {
        let profile = first.account.business_profile.get_or_insert_with(Default::default);
        profile.name = Some("株式会社さくら商事".to_owned());
        if let Some(dashboard) = first.account.settings.as_mut().and_then(|s| s.dashboard.as_mut()) {
            dashboard.display_name = None;
        }
    }
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), Source::Sandbox)
        .with_lang(Lang::Ja)
        .with_clock(AT + 600)
        .with_snapshot(data);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .wgpu()
        .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    harness.run_steps(4);
    assert!(harness.query_all_by_label("株式会社さくら商事").next().is_some(), "the Japanese name is on screen");
    assert_eq!(harness.query_all_by_label("概要").count(), 2, "the tab and the heading, translated");
    harness.snapshot("overview_ja");
}
