//! The window in Japanese and German, driven by its translated labels against the sandbox, and
//! an image snapshot of the overview in Japanese (real glyphs from the bundled font, no tofu).

#[path = "support/app.rs"]
mod app;

use app::{Fixture, step_until};

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
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

/// What a node says: a label's text is its value in AccessKit, other widgets' their label.
fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.bounding_box()?;
    let text = if node.role() == Role::Label { node.value() } else { node.label() };
    text.filter(|t| !t.is_empty())
}

/// A money figure as the window writes it: digits and a currency sign.
fn is_money(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit()) && text.chars().any(|c| matches!(c, '$' | '€' | '¥' | '￥' | '£'))
}

/// Every node whose label is one of `labels` (or, with `money`, any money figure) and whose top is
/// on screen must be whole inside `area` — at once, or after its scroll area scrolls it into view —
/// and must not run into another labelled node (a cell too narrow for its text overflows into
/// its neighbour, or is cut at the column's edge while the neighbour starts there).
fn assert_not_clipped(
    harness: &mut Harness<'_, TreasuryApp>,
    area: egui::Rect,
    labels: &[String],
    money: bool,
    what: &str,
) {
    use egui_kittest::kittest::By;
    let wanted = |label: &str| labels.iter().any(|l| l == label) || (money && is_money(label));
    let in_area = |r: egui::Rect| r.center().x >= area.left();
    let targets: Vec<(String, usize)> = {
        let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
        let mut out = Vec::new();
        for node in harness.query_all(By::new().predicate(|n| text_of(n).is_some())) {
            let label = text_of(&node.accesskit_node()).unwrap_or_default();
            let index = *seen.entry(label.clone()).and_modify(|i| *i += 1).or_insert(0);
            let r = node.rect();
            // Of the first rows: what starts below the window is reached by scrolling down.
            // Of the first rows (what starts below the window is reached by scrolling down), in
            // this area (its left edge is a panel's edge, which no scrolling moves).
            if wanted(&label) && r.top() >= area.top() && r.top() < area.bottom() - 4.0 && in_area(r) {
                out.push((label, index));
            }
        }
        out
    };
    assert!(!targets.is_empty(), "{what}: nothing to check");
    // Headers must all be there; figures are checked where they are on screen.
    for label in labels.iter().filter(|l| !is_money(l)) {
        assert!(targets.iter().any(|(l, _)| l == label), "{what}: header {label:?} is on screen");
    }
    for (label, index) in targets {
        let same = |l: &str| {
            let label = label.clone();
            let l = l.to_owned();
            By::new().predicate(move |n| text_of(n).is_some_and(|t| t == label || t == l))
        };
        let find = |h: &Harness<'_, TreasuryApp>| h.query_all(same(&label)).nth(index).map(|n| n.rect());
        let Some(mut rect) = find(harness) else { continue };
        if !area.expand(0.5).contains_rect(rect) {
            harness.query_all(same(&label)).nth(index).expect("node").scroll_to_me();
            // Scrolling animates over a few frames.
            for _ in 0..30 {
                harness.step();
            }
            rect = find(harness).unwrap_or(rect);
        }
        assert!(
            area.expand(0.5).contains_rect(rect),
            "{what}: {label:?} at {rect:?} is cut: outside {area:?} even scrolled to"
        );
        let overlapping: Vec<String> = harness
            .query_all(By::new().predicate(|n| text_of(n).is_some()))
            .filter(|n| {
                let other = n.rect();
                let i = rect.intersect(other);
                i.width() > 1.0 && i.height() > 1.0 && !other.contains_rect(rect) && !rect.contains_rect(other)
            })
            .map(|n| format!("{:?} at {:?}", text_of(&n.accesskit_node()).unwrap_or_default(), n.rect()))
            .collect();
        assert!(overlapping.is_empty(), "{what}: {label:?} at {rect:?} runs into {overlapping:?}");
    }
}

/// Set the test thread's language (the app sets its own each frame) and word `id`.
macro_rules! words {
    ($lang:expr, $($id:literal),+ $(,)?) => {{
        treasury_desk::i18n::set_thread($lang);
        vec![$(treasury_desk::t!($id)),+]
    }};
}

/// Overview with the account list, an account page with its transfers open, and the Transfers
/// view (the pixel ratio is 1 in these tests): every column header and every figure on screen whole, at `size`, in `lang`.
fn tables_fit(lang: Lang, size: egui::Vec2) {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let mut harness = fixture.harness_in(lang, size);
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    let what = format!("{lang:?} at {}×{}", size.x, size.y);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size);

    // The overview, beside the account list: the list ends where the overview's heading begins.
    let overview_title = words!(lang, "overview-title").remove(0);
    // The heading, below the tab of the same name.
    let central_left = harness
        .query_all(egui_kittest::kittest::By::new().predicate(|n| text_of(n).is_some_and(|t| t == overview_title)))
        .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .map_or(0.0, |n| n.rect().left())
        - 6.0;
    let list = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(central_left, size.y));
    let central = egui::Rect::from_min_max(egui::pos2(central_left, 0.0), window.max);
    let headers = words!(
        lang,
        "overview-own-stripe-available",
        "overview-own-stripe-pending",
        "overview-own-fa-cash",
        "overview-own-fa-inbound",
        "overview-own-fa-outbound",
        "balance-inbound-pending",
        "balance-outbound-pending",
        "stripe-available",
        "stripe-pending",
        "overview-linked-cash-current",
        "overview-linked-cash-available",
        "overview-linked-credit-current",
        "overview-linked-credit-used",
    );
    // Figures: the list's cash column apart from the overview's.
    assert_not_clipped(
        &mut harness,
        list,
        &words!(lang, "col-account", "col-treasury", "col-fas"),
        false,
        &format!("account list, {what}"),
    );
    let list_money: Vec<String> = harness
        .query_all(egui_kittest::kittest::By::new().predicate(|n| text_of(n).is_some_and(|l| is_money(&l))))
        .filter(|n| n.rect().left() < central_left)
        .filter_map(|n| text_of(&n.accesskit_node()))
        .collect();
    assert!(!list_money.is_empty(), "the list shows cash (left of {central_left})");
    assert_not_clipped(
        &mut harness,
        list,
        &list_money[..list_money.len().min(6)],
        false,
        &format!("account list cash, {what}"),
    );
    assert_not_clipped(&mut harness, central, &headers, false, &format!("overview, {what}"));
    let central_money: Vec<String> = harness
        .query_all(egui_kittest::kittest::By::new().predicate(|n| text_of(n).is_some_and(|l| is_money(&l))))
        .filter(|n| n.rect().left() >= central_left)
        .filter_map(|n| text_of(&n.accesskit_node()))
        .collect();
    assert_not_clipped(&mut harness, central, &central_money, false, &format!("overview figures, {what}"));

    // An account page whose transfer list is open (it has one awaiting confirmation).
    let account = expected
        .accounts
        .iter()
        .find(|a| {
            a.financial_accounts
                .iter()
                .flat_map(|e| e.inbound_transfers.iter())
                .any(|t| t.status == InboundTransferStatus::RequiresConfirmation)
        })
        .expect("an account with a transfer awaiting confirmation");
    harness.state_mut().show(treasury_desk::app::View::Account(account.account.id.clone()));
    harness.step();
    harness.step();
    harness.step();
    let account_headers = words!(
        lang,
        "col-created",
        "col-amount",
        "col-status",
        "col-actions",
        "col-from",
        "col-descriptor",
        "col-notes"
    );
    assert_not_clipped(&mut harness, central, &account_headers, false, &format!("account page, {what}"));
    let page_money: Vec<String> = harness
        .query_all(egui_kittest::kittest::By::new().predicate(|n| text_of(n).is_some_and(|l| is_money(&l))))
        .filter(|n| n.rect().left() >= central_left)
        .filter_map(|n| text_of(&n.accesskit_node()))
        .collect();
    assert_not_clipped(&mut harness, central, &page_money, false, &format!("account page figures, {what}"));

    // The Transfers view takes the whole width.
    harness.state_mut().show(treasury_desk::app::View::Transfers);
    harness.step();
    harness.step();
    harness.step();
    let transfer_headers = words!(
        lang,
        "col-created",
        "col-account",
        "col-amount",
        "col-status",
        "col-actions",
        "col-from",
        "col-financial-account",
        "col-notes",
        "col-descriptor",
        "col-receipt",
        "transfers-total",
    );
    assert_not_clipped(&mut harness, window, &transfer_headers, true, &format!("transfers, {what}"));
}

#[test]
fn tables_fit_at_1024x700_in_english_and_german() {
    tables_fit(Lang::En, egui::vec2(1024.0, 700.0));
    tables_fit(Lang::De, egui::vec2(1024.0, 700.0));
}

#[test]
fn tables_fit_at_1280x800_and_1920x1080() {
    tables_fit(Lang::En, egui::vec2(1280.0, 800.0));
    tables_fit(Lang::En, egui::vec2(1920.0, 1080.0));
}

/// The top bar at `size` in `lang`: every widget of it on the badge's row, whole inside the window
/// and clear of its neighbours. Returns the harness for more checks.
fn top_bar_on_one_row(fixture: &Fixture, lang: Lang, size: egui::Vec2) -> Harness<'static, TreasuryApp> {
    top_bar_on_one_row_in(fixture, lang, size, Source::Sandbox)
}

/// [`top_bar_on_one_row`] with the mode badge of `source` (the data is the sandbox's either way).
fn top_bar_on_one_row_in(
    fixture: &Fixture,
    lang: Lang,
    size: egui::Vec2,
    source: Source,
) -> Harness<'static, TreasuryApp> {
    let app = TreasuryApp::new(fixture.runtime.handle().clone(), fixture.client.clone(), source).with_lang(lang);
    let mut harness = Harness::builder().with_size(size).build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app);
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    let what = format!("top bar, {source:?} in {lang:?} at {}×{}", size.x, size.y);
    let [overview, transfers, sync, filter] =
        words!(lang, "tab-overview", "tab-transfers", "sync-button", "filter-label").try_into().expect("four words");
    // In the language set just above.
    let badge = source.badge();
    let platform = harness.state().snapshot().expect("data").platform.display_name().to_owned();
    // The badge's row: a widget on a second line starts below it and counts as not on screen.
    let row = harness.get_by_label(&badge).rect();
    assert!(row.top() < 30.0, "{what}: the badge is at the top, at {row:?}");
    let area = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(size.x, row.bottom() + 8.0));
    let mut labels = vec![badge, platform, overview, transfers, sync, filter];
    if let Some(more) = harness.query_by_role_and_label(Role::Button, &words!(lang, "bar-more").remove(0)) {
        labels.push(more.accesskit_node().label().unwrap_or_default());
    }
    assert_not_clipped(&mut harness, area, &labels, false, &what);
    // Nothing of the bar starts on a second line: every labelled node between the badge's row and
    // the panels below (whose own titles start under the bar) is on the row.
    for node in harness.query_all(egui_kittest::kittest::By::new().predicate(|n| text_of(n).is_some())) {
        let r = node.rect();
        if r.center().y > row.bottom() && r.top() < row.bottom() + 0.5 * row.height() {
            panic!("{what}: {:?} at {r:?} sits below the bar's row {row:?}", text_of(&node.accesskit_node()));
        }
    }
    harness
}

#[test]
fn the_top_bar_stays_on_one_row_at_1024_in_every_language_and_keeps_the_rest_in_its_menu() {
    let fixture = Fixture::new();
    for lang in [Lang::En, Lang::De, Lang::Ja] {
        let mut harness = top_bar_on_one_row(&fixture, lang, egui::vec2(1024.0, 700.0));
        // What gave way is one click away: the "☰" menu holds the language menu (German, the
        // longest, also the Keys tab), and the sync summary's details are on hover.
        let [more, keys] = words!(lang, "bar-more", "tab-keys").try_into().expect("two words");
        harness.get_by_role_and_label(Role::Button, &more).click();
        step_until(&mut harness, "the menu to open", |h| h.query_by_label("Deutsch").is_some());
        if lang == Lang::De {
            let tab = harness.query_all_by_label_contains(&keys).last().expect("the Keys tab in the menu");
            tab.click();
            step_until(&mut harness, "the Keys screen", |h| *h.state().view() == treasury_desk::app::View::Keys);
            harness.get_by_role_and_label(Role::Button, &more).click();
            step_until(&mut harness, "the menu to open", |h| h.query_by_label("English").is_some());
            harness.get_by_label("English").click();
            step_until(&mut harness, "English", |h| h.state().lang() == Lang::En);
        } else {
            harness.get_by_label("Deutsch").click();
            step_until(&mut harness, "German", |h| h.state().lang() == Lang::De);
        }
    }
    // LIVE is always in sight, however narrow the window: at 1024 px in German and at 800 px,
    // where the tabs and the sync button are icons.
    for width in [1024.0, 800.0] {
        let live = treasury_desk::app::Source::Stripe(treasury_desk::stripe::Mode::Live);
        let harness = top_bar_on_one_row_in(&fixture, Lang::De, egui::vec2(width, 700.0), live);
        assert!(harness.get_by_label("LIVE").rect().right() < width / 2.0, "LIVE at the bar's left end at {width}");
    }
    // With room, nothing is tucked away: every tab and the language menu are on the bar.
    for lang in [Lang::En, Lang::De, Lang::Ja] {
        let harness = top_bar_on_one_row(&fixture, lang, egui::vec2(1920.0, 1080.0));
        let [more, keys, audit] = words!(lang, "bar-more", "tab-keys", "tab-audit").try_into().expect("words");
        assert!(harness.query_by_role_and_label(Role::Button, &more).is_none(), "{lang:?}: no ☰ at 1920");
        harness.get_by_label(&keys);
        harness.get_by_label(&audit);
        assert!(
            harness.query_all_by_role(Role::ComboBox).any(|n| n.rect().top() < 30.0),
            "{lang:?}: the language menu is on the bar at 1920"
        );
    }
}

#[test]
fn the_transfers_first_column_stays_in_place_while_the_rest_scrolls_and_both_scroll_down_together() {
    use egui_kittest::kittest::By;
    let fixture = Fixture::new();
    let lang = Lang::De;
    // Narrow enough in German for the table to scroll sideways.
    let mut harness = fixture.harness_in(lang, egui::vec2(880.0, 700.0));
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    harness.state_mut().show(treasury_desk::app::View::Transfers);
    harness.run_steps(3);
    let [created, account, receipt] = words!(lang, "col-created", "col-account", "col-receipt").try_into().expect("3");
    // A column's title: the topmost of what bears its name (a receipt link is called as its column).
    let header = |h: &Harness<'_, TreasuryApp>, title: &str| {
        h.query_all_by_label(title).map(|n| n.rect()).min_by(|a, b| a.top().total_cmp(&b.top())).expect("title")
    };
    // The first column's cells: `02.12.2026 15:04` in German.
    let is_time = |t: &str| t.len() == 16 && t.as_bytes().get(2) == Some(&b'.') && t.as_bytes().get(10) == Some(&b' ');
    let times = |h: &Harness<'_, TreasuryApp>| -> Vec<(String, egui::Rect)> {
        h.query_all(By::new().predicate(move |n| text_of(n).is_some_and(|t| is_time(&t))))
            .map(|n| (text_of(&n.accesskit_node()).unwrap_or_default(), n.rect()))
            .collect()
    };
    let (created_before, account_before) = (header(&harness, &created), header(&harness, &account));
    let first_before = times(&harness).first().expect("rows").1;
    assert!(
        header(&harness, &receipt).right() > 880.0,
        "the last column starts out of sight: {:?}",
        header(&harness, &receipt)
    );

    // Sideways to the last column: the first column does not move, the others do.
    harness
        .query_all_by_label(&receipt)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the last column's title")
        .scroll_to_me();
    harness.run_steps(30);
    assert!(header(&harness, &receipt).right() <= 880.0, "the last column scrolled into sight");
    assert_eq!(header(&harness, &created), created_before, "the first column's title stays");
    assert_eq!(times(&harness).first().expect("rows").1, first_before, "its cells stay");
    assert!(header(&harness, &account).left() < account_before.left() - 20.0, "the second column scrolled");

    // Down, with the wheel over the first column: the rest follows, row by row.
    harness.hover_at(first_before.center());
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -600.0),
        modifiers: egui::Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
    });
    harness.run_steps(60);
    let shown = times(&harness);
    // Each row's time and amount, as the sandbox holds them: a part left behind would pair a
    // time with another row's amount.
    let transfers = fixture.sandbox.as_ref().expect("sandbox").state().all_inbound_transfers();
    let newest = transfers.iter().map(|t| t.created).max().expect("transfers");
    treasury_desk::i18n::set_thread(lang);
    let pairs: std::collections::BTreeSet<(String, String)> = transfers
        .iter()
        .map(|t| (treasury_desk::i18n::datetime(t.created), Money::new(t.amount, &t.currency).to_string()))
        .collect();
    assert!(
        !shown.iter().any(|(time, _)| *time == treasury_desk::i18n::datetime(newest)),
        "scrolled down: the newest row is out of sight"
    );
    let mut checked = 0;
    for (time, rect) in &shown {
        // Rows whole in sight only: the table's body starts where its first row started.
        if rect.top() < first_before.top() - 1.0 || rect.bottom() > 700.0 - 20.0 {
            continue;
        }
        let amount = harness
            .query_all(By::new().predicate(|n| text_of(n).is_some_and(|t| is_money(&t))))
            .find(|n| (n.rect().center().y - rect.center().y).abs() < 6.0 && n.rect().left() > rect.right())
            .and_then(|n| text_of(&n.accesskit_node()));
        let Some(amount) = amount else { continue };
        assert!(pairs.contains(&(time.clone(), amount.clone())), "{time} and {amount} are one transfer's");
        checked += 1;
    }
    assert!(checked >= 5, "rows checked: {checked}");
}

#[test]
fn on_the_account_page_a_transfer_list_keeps_its_time_column_in_place_while_the_rest_scrolls() {
    let fixture = Fixture::new();
    let expected = fixture.expected();
    let lang = Lang::De;
    let (account, _) = awaiting(&expected);
    let mut harness = fixture.harness_in(lang, egui::vec2(880.0, 700.0));
    step_until(&mut harness, "the first sync", |h| h.state().snapshot().is_some() && !h.state().syncing());
    harness.state_mut().show(treasury_desk::app::View::Account(account));
    harness.run_steps(4);
    let [created, amount, notes] = words!(lang, "col-created", "col-amount", "col-notes").try_into().expect("3");
    // The first open list's titles (a list awaiting confirmation opens by itself).
    let left =
        |h: &Harness<'_, TreasuryApp>, title: &str| h.query_all_by_label(title).next().expect(title).rect().left();
    let (created_before, amount_before) = (left(&harness, &created), left(&harness, &amount));
    assert!(left(&harness, &notes) + 40.0 > 880.0, "the list's last titles start out of sight");
    harness.query_all_by_label(&notes).next().expect("notes").scroll_to_me();
    harness.run_steps(30);
    assert!(harness.query_all_by_label(&notes).next().expect("notes").rect().right() <= 880.0, "scrolled to it");
    assert_eq!(left(&harness, &created), created_before, "the time column stays");
    assert!(left(&harness, &amount) < amount_before - 20.0, "the amounts scrolled");
}
