//! Add funds in the real window against the built-in sandbox over HTTP, driven through
//! egui_kittest by labels: the dialog, its checks, LIVE's second question, Stripe's refusals in
//! words, and the new transfer on screen and in the sandbox.

use std::time::{Duration, Instant};

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::sandbox::faults::Fault;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::payment_method::PaymentMethod;
use treasury_desk::stripe::treasury::{Feature, FinancialAccount, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Mode};

struct Fixture {
    runtime: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    client: Client,
}

impl Fixture {
    fn new() -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let sandbox = runtime.block_on(Sandbox::start(SandboxConfig::default(), 0)).expect("sandbox");
        let client = Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).expect("client");
        Self { runtime, sandbox: Some(sandbox), client }
    }

    fn sandbox(&self) -> &Sandbox {
        self.sandbox.as_ref().expect("sandbox")
    }

    fn harness(&self, source: Source) -> Harness<'static, TreasuryApp> {
        let app = TreasuryApp::new(self.runtime.handle().clone(), self.client.clone(), source);
        Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app)
    }

    /// A connected account, an open financial account of it that takes inbound transfers (no
    /// manual review unless `review`), and its origins; `pick` chooses among the candidates.
    fn account(&self, review: bool, pick: impl Fn(&str) -> bool) -> (String, FinancialAccount, Vec<PaymentMethod>) {
        let state = self.sandbox().state();
        state
            .connected_account_ids()
            .into_iter()
            .filter(|a| pick(a))
            .find_map(|acct| {
                let origins = state.origins_of(&acct);
                let fa = state.financial_accounts_of(&acct).into_iter().find(|f| {
                    f.is_open()
                        && f.active_features.contains(&Feature::InboundTransfersAch)
                        && f.has_manual_review() == review
                })?;
                (!origins.is_empty()).then_some((acct, fa, origins))
            })
            .expect("the seed has such an account")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.shutdown());
        }
    }
}

/// True when some label contains `text` (a refusal shows in the dialog and, behind it, as the
/// account's last outcome).
fn shows(harness: &Harness<'_, TreasuryApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Step the UI until `done` holds, for at most 15 s (the background work runs on tokio).
fn step_until(harness: &mut Harness<'_, TreasuryApp>, what: &str, done: impl Fn(&Harness<'_, TreasuryApp>) -> bool) {
    let start = Instant::now();
    while !done(harness) {
        assert!(start.elapsed() < Duration::from_secs(15), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.step();
}

fn wait_for_sync(harness: &mut Harness<'_, TreasuryApp>) {
    step_until(harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
}

fn open_account(harness: &mut Harness<'_, TreasuryApp>, account_id: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.step();
    // Replace whatever was there.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Filter accounts").type_text(account_id);
    harness.step();
    harness.step();
    harness.get_by_label(account_id).click();
    harness.step();
    harness.step();
}

/// Whether the window offers Add funds on `fa` (as the account page decides).
fn offered(fa: &FinancialAccount) -> bool {
    fa.is_open() && fa.active_features.contains(&Feature::InboundTransfersAch)
}

/// On `account_id`'s open page, click Add funds… on `fa` and wait for its origins.
fn open_add_funds(harness: &mut Harness<'_, TreasuryApp>, account_id: &str, fa: &str) {
    let index = harness
        .state()
        .snapshot()
        .and_then(|s| s.account(account_id))
        .and_then(|a| {
            let offers: Vec<&str> = a
                .financial_accounts
                .iter()
                .map(|e| &e.financial_account)
                .filter(|f| offered(f))
                .map(|f| f.id.as_str())
                .collect();
            offers.iter().position(|id| *id == fa)
        })
        .expect("Add funds is offered on it");
    let buttons: Vec<_> = harness.query_all_by_role_and_label(Role::Button, "➕ Add funds…").collect();
    buttons.get(index).unwrap_or_else(|| panic!("Add funds… #{index} of {}", buttons.len())).click();
    step_until(harness, "the dialog and its bank accounts", |h| {
        h.query_by_label("Add funds to this financial account").is_some()
            && h.query_by_label("Reading the account's bank accounts…").is_none()
    });
}

/// `Chase ••1234 (checking)`: how the dialog names an origin.
fn origin_label(pm: &PaymentMethod) -> String {
    let bank = pm.us_bank_account.as_ref().expect("a bank account");
    format!(
        "{} ••{} ({})",
        bank.bank_name.as_deref().unwrap_or("Bank"),
        bank.last4.as_deref().unwrap_or("????"),
        bank.account_type.as_deref().unwrap_or("checking")
    )
}

/// Choose `origin` and type `amount` into the form.
fn fill(harness: &mut Harness<'_, TreasuryApp>, origin: &PaymentMethod, amount: &str) {
    harness.get_by_role_and_label(Role::RadioButton, &origin_label(origin)).click();
    harness.step();
    let field = harness.get_by_role_and_label(Role::TextInput, "Amount (USD)");
    field.focus();
    harness.step();
    harness.get_by_role_and_label(Role::TextInput, "Amount (USD)").type_text(amount);
    harness.step();
    harness.step();
}

fn transfers_of(fixture: &Fixture, fa: &str) -> Vec<treasury_desk::stripe::treasury::InboundTransfer> {
    let state = fixture.sandbox().state();
    state.all_inbound_transfers().into_iter().filter(|t| t.financial_account == fa).collect()
}

#[test]
fn add_funds_from_an_account_page_with_a_decimal_amount_then_enter_shows_the_new_row() {
    let fixture = Fixture::new();
    let (acct, fa, origins) = fixture.account(false, |_| true);
    let before = transfers_of(&fixture, &fa.id).len();
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    // Every origin is named by bank and last four; the connected account and the mode are named.
    for origin in &origins {
        harness.get_by_label(&origin_label(origin));
    }
    harness.get_by_label_contains(&format!("({acct})"));
    assert_eq!(harness.query_all_by_label("SANDBOX").count(), 2, "the mode, in the top bar and in the dialog");
    // Checked as typed: too many decimals is refused before anything is sent.
    fill(&mut harness, &origins[0], "250.755");
    harness.get_by_label("USD has 2 decimal places: 250.755 has more");
    harness.key_press(egui::Key::Enter);
    harness.step();
    assert_eq!(transfers_of(&fixture, &fa.id).len(), before, "nothing sent for 250.755");
    // Back into the field (Enter left it) to take the extra digit off.
    harness.get_by_role_and_label(Role::TextInput, "Amount (USD)").focus();
    harness.step();
    harness.key_press(egui::Key::End);
    harness.key_press(egui::Key::Backspace);
    harness.step();
    harness.get_by_label("= $250.75");
    harness.get_by_role_and_label(Role::Button, "Add $250.75");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the new transfer", |h| h.query_by_label_contains("✔ created ibt_").is_some());
    assert!(harness.query_by_label("Add funds to this financial account").is_none(), "the dialog closed");

    let made: Vec<_> = transfers_of(&fixture, &fa.id).into_iter().filter(|t| t.amount == 25_075).collect();
    assert_eq!(made.len(), 1, "one transfer of 250.75 USD");
    let transfer = &made[0];
    assert_eq!(transfer.origin_payment_method.as_deref(), Some(origins[0].id.as_str()));
    assert_eq!(transfer.status, InboundTransferStatus::Processing);
    // The row is on the account page at once, with its status and receipt; the balance is Stripe's.
    let snapshot = harness.state().snapshot().expect("data");
    let (_, entry, row) = snapshot.transfer(&transfer.id).expect("on screen");
    assert_eq!(row.amount, 25_075);
    let pending = entry.financial_account.balance.inbound_pending.get("usd").copied().unwrap_or_default();
    let server = fixture.sandbox().state().financial_account(&fa.id).expect("fa");
    assert_eq!(pending, server.balance.inbound_pending.get("usd").copied().unwrap_or_default());
    // The list opens to show it (collapsed lists open once after funds are added).
    step_until(&mut harness, "the new row", |h| h.query_all_by_label("$250.75").next().is_some());
    // And in the Transfers view.
    harness.get_by_label("Transfers").click();
    harness.step();
    harness.step();
    assert!(harness.query_all_by_label("$250.75").next().is_some(), "the row in the Transfers view");
}

#[test]
fn on_a_manual_review_account_the_new_transfer_shows_its_confirmation_deadline() {
    let fixture = Fixture::new();
    // An account none of whose transfers already awaits a decision by the day the new one will
    // (on some days the seed has one), so the deadline found below can only be the new one's.
    let state = fixture.sandbox().state();
    let deadline_of = |created: i64| treasury_desk::deadline::confirmation_deadline(created);
    let today = deadline_of(jiff::Timestamp::now().as_second());
    let (acct, fa, origins) = fixture.account(true, |acct| {
        !state.financial_accounts_of(acct).iter().any(|f| {
            state.all_inbound_transfers().iter().any(|t| {
                t.financial_account == f.id
                    && t.status == InboundTransferStatus::RequiresConfirmation
                    && deadline_of(t.created) == today
            })
        })
    });
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    harness.get_by_label_contains("This account has manual review");
    fill(&mut harness, &origins[0], "1,000.01");
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the new transfer", |h| h.query_by_label_contains("✔ created ibt_").is_some());
    let transfer = transfers_of(&fixture, &fa.id).into_iter().find(|t| t.amount == 100_001).expect("made");
    assert_eq!(transfer.status, InboundTransferStatus::RequiresConfirmation);
    let deadline = treasury_desk::deadline::confirmation_deadline(transfer.created).expect("a deadline");
    treasury_desk::i18n::set_thread(treasury_desk::i18n::Lang::En);
    harness.get_by_label_contains(&format!("decide by {}", treasury_desk::i18n::weekday_date(deadline)));
}

#[test]
fn in_live_mode_add_funds_asks_twice_and_enter_alone_sends_nothing() {
    let fixture = Fixture::new();
    let (acct, fa, origins) = fixture.account(false, |_| true);
    let before = transfers_of(&fixture, &fa.id).len();
    let mut harness = fixture.harness(Source::Stripe(Mode::Live));
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    harness.get_by_label("LIVE mode: this pulls real money from a real bank account.");
    fill(&mut harness, &origins[0], "42.00");
    harness.get_by_role_and_label(Role::Button, "Add $42.00").click();
    step_until(&mut harness, "the second question", |h| h.query_by_label("LIVE mode: second check").is_some());
    harness.get_by_label_contains("Pull $42.00 of real money from");
    assert_eq!(transfers_of(&fixture, &fa.id).len(), before, "nothing sent after the first yes");
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
    assert_eq!(transfers_of(&fixture, &fa.id).len(), before, "Enter does not answer the second question");
    harness.get_by_role_and_label(Role::Button, "Yes, add $42.00 in LIVE mode").click();
    step_until(&mut harness, "the new transfer", |h| h.query_by_label_contains("✔ created ibt_").is_some());
    assert_eq!(transfers_of(&fixture, &fa.id).len(), before + 1);
}

#[test]
fn a_restricted_or_pending_feature_shows_no_button_and_says_why() {
    let fixture = Fixture::new();
    let state = fixture.sandbox().state();
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    for (restricted, words) in [
        (true, "inbound transfers (inbound_transfers.ach) are restricted on this account"),
        (false, "inbound transfers (inbound_transfers.ach) are pending"),
    ] {
        let (owner, _) = state
            .connected_account_ids()
            .into_iter()
            .flat_map(|a| state.financial_accounts_of(&a).into_iter().map(move |f| (a.clone(), f)))
            .find(|(_, f)| {
                let list = if restricted { &f.restricted_features } else { &f.pending_features };
                list.contains(&Feature::InboundTransfersAch)
            })
            .expect("seeded");
        open_account(&mut harness, &owner);
        harness.get_by_label_contains(words);
        let offers = state.financial_accounts_of(&owner).iter().filter(|f| offered(f)).count();
        let buttons = harness.query_all_by_role_and_label(Role::Button, "➕ Add funds…").count();
        assert_eq!(buttons, offers, "a button only where inbound transfers are active");
        harness.key_press(egui::Key::Escape);
        harness.step();
    }
}

#[test]
fn stripe_s_refusals_are_explained_in_the_dialog_and_standard_ach_is_one_click() {
    let fixture = Fixture::new();
    let faults = fixture.sandbox().faults();
    let (acct, fa, origins) = fixture.account(false, |_| true);
    let before = transfers_of(&fixture, &fa.id).len();
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    fill(&mut harness, &origins[0], "12.34");
    let respond =
        |status: u16, body: &str| Fault::Respond { status, content_type: "application/json", body: body.to_owned() };
    let path = "/v1/treasury/inbound_transfers";

    // A key without write access to inbound transfers (403).
    let forbidden = r#"{"error":{"type":"invalid_request_error","message":"The provided key 'rk_test_***abcd' does not have the required permissions for this endpoint on account 'acct_x'. Having the 'rak_treasury_inbound_transfer_write' permission would allow this request to continue."}}"#;
    faults.arm("POST", path, respond(403, forbidden), 1);
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the 403 in words", |h| {
        shows(h, "Your API key is not allowed to create inbound transfers (403)")
    });
    assert!(shows(&harness, "rak_treasury_inbound_transfer_write"), "Stripe's words name the permission");

    // Declined for risk (402).
    let risky = r#"{"error":{"type":"invalid_request_error","message":"This InboundTransfer was canceled for risk reasons: the origin account has recent returns."}}"#;
    faults.arm("POST", path, respond(402, risky), 1);
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the 402 in words", |h| {
        shows(h, "Declined by Stripe for risk reasons (402): nothing moved.")
    });
    assert!(harness.query_by_role_and_label(Role::Button, "Send $12.34 as standard ACH").is_none());

    // The feature was restricted after the last sync: Stripe refuses, the dialog says what that means.
    let feature = r#"{"error":{"type":"invalid_request_error","param":"financial_account","message":"The feature inbound_transfers.ach is restricted (action needed) on financial account fa_x: it cannot receive inbound transfers."}}"#;
    faults.arm("POST", path, respond(400, feature), 1);
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the restricted feature in words", |h| {
        shows(h, "This financial account cannot receive inbound transfers now")
    });

    // Same-day ACH that Stripe will not send same-day, as the guide shows it: one click sends it standard.
    harness.get_by_label("Same-day ACH (preview)").click();
    harness.step();
    let guide = r#"{"error":{"type":"invalid_request_error","message_code":"inbound_transfer_not_same_day_eligible","message":"This transaction is not eligible for same-day availability at this time. Please try again with `standard` ACH submission."}}"#;
    faults.arm("POST", path, respond(400, guide), 1);
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the same-day refusal in words", |h| {
        shows(h, "Stripe will not send this transfer as same-day ACH now")
    });
    assert_eq!(transfers_of(&fixture, &fa.id).len(), before, "no refusal made a transfer");
    harness.get_by_role_and_label(Role::Button, "Send $12.34 as standard ACH").click();
    step_until(&mut harness, "the standard transfer", |h| h.query_by_label_contains("✔ created ibt_").is_some());
    let made: Vec<_> = transfers_of(&fixture, &fa.id).into_iter().filter(|t| t.amount == 1_234).collect();
    assert_eq!(made.len(), 1, "sent once, as standard ACH");
}

#[test]
fn same_day_on_an_account_without_the_preview_is_refused_in_words_with_standard_offered() {
    let fixture = Fixture::new();
    let state = fixture.sandbox().state();
    let (acct, fa, origins) = fixture.account(false, |a| !state.same_day_allowed(a));
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    fill(&mut harness, &origins[0], "5");
    harness.get_by_label("Same-day ACH (preview)").click();
    harness.step();
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the refusal", |h| shows(h, "same-day ACH is a preview this account is not approved for"));
    harness.get_by_role_and_label(Role::Button, "Send $5.00 as standard ACH");
}

#[test]
fn an_account_without_origins_says_so_and_what_it_takes_to_add_one() {
    let fixture = Fixture::new();
    let state = fixture.sandbox().state();
    let acct = state
        .connected_account_ids()
        .into_iter()
        .find(|a| state.origins_of(a).is_empty() && state.financial_accounts_of(a).iter().any(offered))
        .expect("an account with a financial account and no bank account to pull from");
    let fa = state.financial_accounts_of(&acct).into_iter().find(offered).expect("fa");
    let mut harness = fixture.harness(Source::Sandbox);
    wait_for_sync(&mut harness);
    open_account(&mut harness, &acct);
    open_add_funds(&mut harness, &acct, &fa.id);
    harness.get_by_label("This account has no bank account set up to pull funds from.");
    harness.get_by_label_contains("attach_to_self=true");
    harness.get_by_label_contains("Not ready: choose the bank account to pull from");
}
