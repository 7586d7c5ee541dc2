//! The ledger over real HTTP on 127.0.0.1: the sandbox's Transactions, TransactionEntries,
//! ReceivedCredits and ReceivedDebits agree with every balance through every state change, lists
//! filter, page and stay within their `Stripe-Account`; the month-end export reconciles; a
//! returned transfer reaches the triage list. Run with `TREASURY_DESK_CONTRACT_SPEC` set, every
//! answer is also checked against Stripe's OpenAPI slice.

use futures_util::TryStreamExt;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::ledger::{
    self, BalanceImpact, EntryFilter, EntryType, FlowType, Range, ReceivedStatus, TransactionFilter, TransactionStatus,
};
use treasury_desk::stripe::treasury::{self, Feature, FinancialAccount, NewInboundTransfer};
use treasury_desk::stripe::{Client, ClientConfig, Error, Form, IdempotencyKey, RequestOptions};

async fn start() -> Sandbox {
    Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox starts")
}

fn client(sandbox: &Sandbox) -> Client {
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    Client::new(config).expect("client builds")
}

/// A connected account and one of its open financial accounts that takes inbound transfers
/// without manual review.
fn open_fa(sandbox: &Sandbox) -> (String, FinancialAccount) {
    let state = sandbox.state();
    state
        .connected_account_ids()
        .into_iter()
        .flat_map(|acct| state.financial_accounts_of(&acct).into_iter().map(move |fa| (acct.clone(), fa)))
        .find(|(_, fa)| {
            fa.is_open() && fa.active_features.contains(&Feature::InboundTransfersAch) && !fa.has_manual_review()
        })
        .expect("the seed has such a financial account")
}

/// The sum of every entry of `fa`, per currency, read over HTTP.
async fn sums(client: &Client, account: &str, fa: &str) -> std::collections::BTreeMap<String, BalanceImpact> {
    let entries: Vec<_> =
        ledger::list_entries(client, account, fa, &EntryFilter::default()).try_collect().await.expect("entries");
    let mut sums = std::collections::BTreeMap::<String, BalanceImpact>::new();
    for entry in entries {
        let sum = sums.entry(entry.currency.clone()).or_default();
        *sum = sum.plus(entry.balance_impact);
    }
    sums
}

/// Every balance of `fa` equals the sum of its entries (read over HTTP).
async fn assert_balanced(client: &Client, account: &str, fa: &str, step: &str) {
    let now = treasury::retrieve_financial_account(client, account, fa).await.expect("fa");
    let sums = sums(client, account, fa).await;
    for (currency, cash) in now.balance.cash.iter() {
        let sum = sums.get(currency).copied().unwrap_or_default();
        assert_eq!(sum.cash, *cash, "{step}: cash {currency} of {fa}");
        let pending = now.balance.inbound_pending.get(currency).copied().unwrap_or(0);
        assert_eq!(sum.inbound_pending, pending, "{step}: inbound pending {currency} of {fa}");
        let outbound = now.balance.outbound_pending.get(currency).copied().unwrap_or(0);
        assert_eq!(sum.outbound_pending, outbound, "{step}: outbound pending {currency} of {fa}");
    }
}

async fn helper(client: &Client, account: &str, path: &str, form: &Form) -> Result<serde_json::Value, Error> {
    client.post(path, form, &RequestOptions::on_behalf_of(account)).await
}

#[tokio::test]
async fn every_seeded_financial_account_is_the_sum_of_its_entries() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let mut checked = 0;
    for account in state.connected_account_ids().into_iter().chain([state.platform_account_id()]) {
        for fa in state.financial_accounts_of(&account) {
            assert_balanced(&client, &account, &fa.id, "seed").await;
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked} financial accounts");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_state_change_writes_its_entries_and_keeps_balances_equal_to_their_sum() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, fa) = open_fa(&sandbox);
    assert_balanced(&client, &account, &fa.id, "before").await;
    let new = |amount: i64, origin: &str| NewInboundTransfer {
        financial_account: fa.id.clone(),
        amount,
        currency: "usd".to_owned(),
        origin_payment_method: origin.to_owned(),
        description: Some("Ledger test".to_owned()),
        statement_descriptor: None,
        ach_submission: None,
        metadata: Vec::new(),
    };

    // Created: an open Transaction with one inbound-pending entry.
    let made = treasury::create_inbound_transfer(
        &client,
        &account,
        &new(12_345, "pm_usBankAccount_processing"),
        IdempotencyKey::new(),
    )
    .await
    .expect("create")
    .value;
    let trxn = made.transaction.as_ref().and_then(|t| t.as_str()).expect("a transaction id").to_owned();
    let transaction = ledger::retrieve_transaction(&client, &account, &trxn).await.expect("transaction");
    assert_eq!(
        (transaction.status.clone(), transaction.flow_type.clone(), transaction.flow.as_deref()),
        (TransactionStatus::Open, FlowType::InboundTransfer, Some(made.id.as_str()))
    );
    assert_eq!(transaction.balance_impact, BalanceImpact { inbound_pending: 12_345, ..BalanceImpact::default() });
    assert_balanced(&client, &account, &fa.id, "created").await;

    // Succeeded: posted, the money moved from inbound pending to cash.
    let path = |verb: &str, id: &str| format!("/v1/test_helpers/treasury/inbound_transfers/{id}/{verb}");
    helper(&client, &account, &path("succeed", &made.id), &Form::new()).await.expect("succeed");
    let transaction = ledger::retrieve_transaction(&client, &account, &trxn).await.expect("transaction");
    assert_eq!(transaction.status, TransactionStatus::Posted);
    assert!(transaction.status_transitions.posted_at.is_some());
    assert_eq!(transaction.balance_impact, BalanceImpact { cash: 12_345, ..BalanceImpact::default() });
    let filter = EntryFilter { transaction: Some(trxn.clone()), ..EntryFilter::default() };
    let entries: Vec<_> =
        ledger::list_entries(&client, &account, &fa.id, &filter).try_collect().await.expect("entries");
    assert_eq!(entries.len(), 2, "pending, then settled");
    assert!(entries.iter().all(|e| e.kind == EntryType::InboundTransfer && e.transaction.id() == trxn));
    assert_balanced(&client, &account, &fa.id, "succeeded").await;

    // Returned: a ReceivedDebit with its own posted Transaction takes the cash back.
    helper(&client, &account, &path("return", &made.id), &Form::new()).await.expect("return");
    let returned = treasury::retrieve_inbound_transfer(&client, &account, &made.id).await.expect("transfer");
    let debit_id = returned.linked_flows.received_debit.clone().expect("a received debit");
    let debit = ledger::retrieve_received_debit(&client, &account, &debit_id).await.expect("received debit");
    assert_eq!(debit.linked_flows.inbound_transfer.as_deref(), Some(made.id.as_str()));
    assert_eq!((debit.amount, debit.status.clone()), (12_345, ReceivedStatus::Succeeded));
    let debit_trxn = debit.transaction.clone().expect("its transaction");
    let transaction = ledger::retrieve_transaction(&client, &account, &debit_trxn).await.expect("transaction");
    assert_eq!((transaction.flow_type, transaction.amount), (FlowType::ReceivedDebit, -12_345));
    assert_eq!(transaction.balance_impact.cash, -12_345);
    let debits: Vec<_> =
        ledger::list_received_debits(&client, &account, &fa.id, None).try_collect().await.expect("received debits");
    assert!(debits.iter().any(|d| d.id == debit_id));
    assert_balanced(&client, &account, &fa.id, "returned").await;

    // Failed: voided, inbound pending back to where it was.
    let failing = treasury::create_inbound_transfer(
        &client,
        &account,
        &new(500, "pm_usBankAccount_processing"),
        IdempotencyKey::new(),
    )
    .await
    .expect("create")
    .value;
    helper(&client, &account, &path("fail", &failing.id), &Form::new()).await.expect("fail");
    let trxn = failing.transaction.as_ref().and_then(|t| t.as_str()).expect("id").to_owned();
    let transaction = ledger::retrieve_transaction(&client, &account, &trxn).await.expect("transaction");
    assert_eq!(transaction.status, TransactionStatus::Void);
    assert!(transaction.balance_impact.is_zero());
    assert_balanced(&client, &account, &fa.id, "failed").await;

    // A received credit and a received debit from outside move cash at once; the debit may
    // leave it negative (the platform covers it).
    let before = treasury::retrieve_financial_account(&client, &account, &fa.id).await.expect("fa");
    let cash = before.balance.cash.get("usd").copied().unwrap_or(0);
    let money = |amount: i64| {
        Form::new().set("financial_account", &fa.id).set("amount", amount).set("currency", "usd").set("network", "ach")
    };
    let credit =
        helper(&client, &account, "/v1/test_helpers/treasury/received_credits", &money(700)).await.expect("rc");
    assert_eq!(credit["object"], "treasury.received_credit");
    let debit = helper(&client, &account, "/v1/test_helpers/treasury/received_debits", &money(cash + 700 + 1_000))
        .await
        .expect("rd");
    assert_eq!(debit["object"], "treasury.received_debit");
    let after = treasury::retrieve_financial_account(&client, &account, &fa.id).await.expect("fa");
    assert_eq!(after.balance.cash.get("usd").copied(), Some(-1_000), "cash went negative by the debit");
    assert_balanced(&client, &account, &fa.id, "received").await;
    let credits: Vec<_> = ledger::list_received_credits(&client, &account, &fa.id, Some(&ReceivedStatus::Succeeded))
        .try_collect()
        .await
        .expect("received credits");
    assert!(credits.iter().any(|c| Some(c.id.as_str()) == credit["id"].as_str()));

    sandbox.shutdown().await;
}

#[tokio::test]
async fn lists_filter_page_both_ways_and_stay_within_their_account() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    // The financial account with the most transactions.
    let mut best = None;
    for account in state.connected_account_ids() {
        for fa in state.financial_accounts_of(&account) {
            let all: Vec<_> = ledger::list_transactions(&client, &account, &fa.id, &TransactionFilter::default())
                .try_collect()
                .await
                .expect("transactions");
            if best.as_ref().is_none_or(|(_, _, n): &(String, FinancialAccount, usize)| all.len() > *n) {
                best = Some((account.clone(), fa, all.len()));
            }
        }
    }
    let (account, fa, count) = best.expect("a financial account");
    assert!(count > 5, "{count} transactions");
    let all: Vec<_> = ledger::list_transactions(&client, &account, &fa.id, &TransactionFilter::default())
        .try_collect()
        .await
        .expect("transactions");
    assert!(all.windows(2).all(|w| w[0].created >= w[1].created), "newest first");

    // Pages of 2 walk the same list forwards.
    let mut walked = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let filter = TransactionFilter::default();
        let page =
            ledger::transactions_page(&client, &account, &fa.id, &filter, after.as_deref(), 2).await.expect("page");
        walked.extend(page.data.iter().map(|t| t.id.clone()));
        match (page.has_more, page.data.last()) {
            (true, Some(last)) => after = Some(last.id.clone()),
            _ => break,
        }
    }
    assert_eq!(walked, all.iter().map(|t| t.id.clone()).collect::<Vec<_>>());
    // …and backwards with ending_before.
    let last = &all[all.len() - 1].id;
    let options = RequestOptions::on_behalf_of(&account);
    let back: treasury_desk::stripe::List<ledger::Transaction> = client
        .get(
            "/v1/treasury/transactions",
            &Form::new().set("financial_account", &fa.id).set("ending_before", last).set("limit", 2),
            &options,
        )
        .await
        .expect("ending_before");
    assert_eq!(
        back.data.iter().map(|t| &t.id).collect::<Vec<_>>(),
        vec![&all[all.len() - 3].id, &all[all.len() - 2].id]
    );

    // Status and dates.
    let posted = TransactionFilter { status: Some(TransactionStatus::Posted), ..TransactionFilter::default() };
    let only: Vec<_> =
        ledger::list_transactions(&client, &account, &fa.id, &posted).try_collect().await.expect("posted");
    assert_eq!(only.len(), all.iter().filter(|t| t.status == TransactionStatus::Posted).count());
    let middle = all[all.len() / 2].created;
    let range = TransactionFilter {
        created: Some(Range { gte: Some(middle), ..Range::default() }),
        ..TransactionFilter::default()
    };
    let recent: Vec<_> =
        ledger::list_transactions(&client, &account, &fa.id, &range).try_collect().await.expect("range");
    assert_eq!(recent.len(), all.iter().filter(|t| t.created >= middle).count());
    let by_posting = TransactionFilter {
        status: Some(TransactionStatus::Posted),
        posted_at: Some(Range { lt: Some(i64::MAX / 2), ..Range::default() }),
        order_by_posted_at: true,
        ..TransactionFilter::default()
    };
    let by_posting: Vec<_> =
        ledger::list_transactions(&client, &account, &fa.id, &by_posting).try_collect().await.expect("posted_at");
    assert_eq!(by_posting.len(), only.len());
    let posted_at = |t: &ledger::Transaction| t.status_transitions.posted_at.unwrap_or_default();
    assert!(by_posting.windows(2).all(|w| posted_at(&w[0]) >= posted_at(&w[1])), "newest posting first");
    // Stripe's rule: the posted_at filter goes with status=posted and order_by=posted_at.
    let wrong = TransactionFilter { posted_at: Some(Range::between(0, 1)), ..TransactionFilter::default() };
    let refused: Result<Vec<_>, _> = ledger::list_transactions(&client, &account, &fa.id, &wrong).try_collect().await;
    assert_eq!(refused.err().and_then(|e| e.status()), Some(400));

    // Entries by effective date, with their transactions expanded.
    let options = RequestOptions::on_behalf_of(&account);
    let expanded: treasury_desk::stripe::List<ledger::TransactionEntry> = client
        .get(
            "/v1/treasury/transaction_entries",
            &Form::new()
                .set("financial_account", &fa.id)
                .set("order_by", "effective_at")
                .set("limit", 100)
                .push("expand", "data.transaction"),
            &options,
        )
        .await
        .expect("entries");
    assert!(expanded.data.windows(2).all(|w| w[0].effective_at >= w[1].effective_at));
    assert!(
        expanded.data.iter().all(|e| matches!(e.transaction, treasury_desk::stripe::common::Expandable::Object(_)))
    );

    // Another account's financial account is not found under this one; neither are its objects.
    let other = state
        .connected_account_ids()
        .into_iter()
        .find(|a| *a != account && !state.financial_accounts_of(a).is_empty())
        .expect("another account with financial accounts");
    let refused: Result<Vec<_>, _> =
        ledger::list_transactions(&client, &other, &fa.id, &TransactionFilter::default()).try_collect().await;
    assert_eq!(refused.err().and_then(|e| e.status()), Some(404));
    let foreign = ledger::retrieve_transaction(&client, &other, &all[0].id).await;
    assert_eq!(foreign.err().and_then(|e| e.status()), Some(404));
    let missing: Result<Vec<_>, _> = client
        .list::<ledger::Transaction>("/v1/treasury/transactions", Form::new(), RequestOptions::on_behalf_of(&account))
        .try_collect()
        .await;
    assert_eq!(missing.err().and_then(|e| e.status()), Some(400), "financial_account is required");
    sandbox.shutdown().await;
}

/// The CSV of an export, as records (header first).
fn csv_records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    reader.records().map(|r| r.expect("a CSV record")).collect()
}

fn column(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
}

fn new_york_period(from_days_ago: i64, to_days_ago: i64) -> treasury_desk::ledger::Period {
    let tz = jiff::tz::TimeZone::get("America/New_York").expect("the tz database knows New York");
    let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
    let day = |n: i64| today.checked_sub(jiff::Span::new().days(n)).expect("a date");
    treasury_desk::ledger::Period { from: day(from_days_ago), to: day(to_days_ago), tz }
}

#[tokio::test]
async fn the_month_end_export_reconciles_row_by_row_and_ends_at_todays_balance() {
    use treasury_desk::ledger;
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let platform = state.platform_account_id();
    // A period up to today (closing = today's balance) and one that ended ten days ago.
    for (from, to) in [(45, 0), (40, 10)] {
        let period = new_york_period(from, to);
        let (start, end) = period.bounds().expect("bounds");
        let mut out = Vec::new();
        let accounts = ledger::financial_accounts(&client, platform.clone(), None);
        let totals = ledger::export(&client, accounts, &period, treasury_desk::export::Format::Csv, &mut out)
            .await
            .expect("export");
        assert!(totals.reconciled());
        assert!(totals.rows > 50, "{} rows", totals.rows);
        // Every opening and closing, checked against the entries Stripe lists (the sum of every
        // entry before a moment is the balance at that moment).
        for ((fa, currency), (opening, _, closing)) in &totals.accounts {
            let account = state.owner_of(fa).expect("owner");
            let before = |at: i64| {
                let filter = EntryFilter {
                    effective_at: Some(Range { lt: Some(at), ..Range::default() }),
                    ..EntryFilter::default()
                };
                let client = client.clone();
                let (account, fa, currency) = (account.clone(), fa.clone(), currency.clone());
                async move {
                    let entries: Vec<_> = ledger_api(&client, &account, &fa, &filter)
                        .await
                        .into_iter()
                        .filter(|e| e.currency == currency)
                        .collect();
                    entries.iter().fold(BalanceImpact::default(), |s, e| s.plus(e.balance_impact))
                }
            };
            assert_eq!(*opening, before(start).await, "{fa} {currency} opening");
            assert_eq!(*closing, before(end).await, "{fa} {currency} closing");
            if to == 0 {
                let now = state.financial_account(fa).expect("fa");
                assert_eq!(
                    closing.cash,
                    now.balance.cash.get(currency).copied().unwrap_or(0),
                    "{fa}: closing is today's"
                );
            }
        }
        // The file itself: per account and currency, opening + rows = closing, then a check row.
        let records = csv_records(&out);
        let header = &records[0];
        let (record, fa_col, cur) =
            (column(header, "record"), column(header, "financial_account"), column(header, "currency"));
        let (cash, cash_after) = (column(header, "cash_minor_units"), column(header, "cash_after_minor_units"));
        let minor = |r: &csv::StringRecord, c: usize| r[c].parse::<i64>().expect("minor units");
        let mut sums = std::collections::BTreeMap::<(String, String), i64>::new();
        let mut openings = std::collections::BTreeMap::<(String, String), i64>::new();
        let mut checks = 0;
        for r in &records[1..] {
            let key = (r[fa_col].to_owned(), r[cur].to_owned());
            match &r[record] {
                "entry" => *sums.entry(key).or_default() += minor(r, cash),
                "opening" => {
                    openings.insert(key, minor(r, cash_after));
                }
                "closing" => {
                    let sum = sums.get(&key).copied().unwrap_or(0);
                    assert_eq!(openings[&key] + sum, minor(r, cash_after), "{key:?}");
                }
                "check" => {
                    assert_eq!(&r[column(header, "check")], "ok");
                    checks += 1;
                }
                _ => {}
            }
        }
        assert_eq!(checks, totals.accounts.len());
        let last = records.last().expect("rows");
        assert_eq!((&last[record], &last[column(header, "check")]), ("check_all", "ok"), "the check row ends the file");
        assert!(out.windows(7).any(|w| w == b"-05:00,") || out.windows(7).any(|w| w == b"-04:00,"), "local dates");
    }
    sandbox.shutdown().await;
}

async fn ledger_api(client: &Client, account: &str, fa: &str, filter: &EntryFilter) -> Vec<ledger::TransactionEntry> {
    ledger::list_entries(client, account, fa, filter).try_collect().await.expect("entries")
}

#[tokio::test]
async fn an_unknown_flow_type_parses_and_is_exported_as_stripe_sent_it() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, fa) = open_fa(&sandbox);
    sandbox.faults().arm(
        "GET",
        "/v1/treasury/transaction_entries",
        treasury_desk::sandbox::faults::Fault::Mangle(treasury_desk::sandbox::faults::Mangle::UnknownFlowType),
        1_000,
    );
    let period = new_york_period(60, 0);
    let accounts = futures_util::stream::iter([Ok((account.clone(), fa.clone()))]);
    let mut out = Vec::new();
    let totals =
        treasury_desk::ledger::export(&client, accounts, &period, treasury_desk::export::Format::Json, &mut out)
            .await
            .expect("export");
    assert!(totals.reconciled() && totals.rows > 0);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("one JSON array");
    let entries: Vec<_> = rows.iter().filter(|r| r["record"] == "entry").collect();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|r| r["flow_type"] == "flow_from_2030"), "shown raw: {:?}", entries[0]);
    assert!(entries.iter().all(|r| r["cash_minor_units"].is_i64() && r["cash"].is_string()));
    assert_eq!(rows.last().map(|r| r["check"].clone()), Some(serde_json::json!("ok")));
    sandbox.shutdown().await;
}

#[test]
fn the_ledger_command_prints_a_reconciled_csv_and_refuses_a_bad_date() {
    const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");
    let home = std::env::temp_dir().join(format!("ledger-cli-{}", std::process::id()));
    let run = |args: &[&str]| {
        std::process::Command::new(BIN)
            .args(args)
            .env_remove("STRIPE_API_KEY")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("LANG", "C")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runs")
    };
    let period = new_york_period(30, 0);
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let output = run(&["--demo", "ledger", "--from", &from, "--to", &to]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records = csv_records(&output.stdout);
    assert_eq!(&records[0][0], "record");
    let last = records.last().expect("rows");
    assert_eq!((&last[0], last.iter().next_back()), ("check_all", Some("ok")));
    let refused = run(&["--demo", "ledger", "--from", "2026-11-31", "--to", &to]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("2026-11-31") && stderr.lines().count() == 1, "{stderr}");
    let _ = std::fs::remove_dir_all(&home);
}

#[tokio::test]
async fn a_returned_transfer_and_a_debit_that_drove_cash_negative_reach_the_triage_list() {
    use treasury_desk::snapshot::Attention;
    let sandbox = start().await;
    let client = client(&sandbox);
    let (account, fa) = open_fa(&sandbox);
    let disputed = NewInboundTransfer {
        financial_account: fa.id.clone(),
        amount: 4_321,
        currency: "usd".to_owned(),
        origin_payment_method: "pm_usBankAccount_dispute".to_owned(),
        description: None,
        statement_descriptor: None,
        ach_submission: None,
        metadata: Vec::new(),
    };
    let made = treasury::create_inbound_transfer(&client, &account, &disputed, IdempotencyKey::new())
        .await
        .expect("create")
        .value;
    // The test token's steps (succeed, then return) apply on the next read.
    let returned = treasury::retrieve_inbound_transfer(&client, &account, &made.id).await.expect("read");
    assert_eq!(returned.returned, Some(true));
    let before = treasury::retrieve_financial_account(&client, &account, &fa.id).await.expect("fa");
    let cash = before.balance.cash.get("usd").copied().unwrap_or(0);
    let debit = Form::new()
        .set("financial_account", &fa.id)
        .set("amount", cash + 2_500)
        .set("currency", "usd")
        .set("network", "ach");
    helper(&client, &account, "/v1/test_helpers/treasury/received_debits", &debit).await.expect("a received debit");

    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    let attention = snapshot.attention();
    assert!(
        attention.iter().any(
            |a| matches!(a, Attention::ReturnedTransfer { transfer_id, amount: 4_321, .. } if *transfer_id == made.id)
        ),
        "the returned transfer is in the triage list"
    );
    assert!(
        attention.iter().any(|a| matches!(
            a,
            Attention::NegativeBalance { account_id, financial_account: Some(_), amount: -2_500, .. } if *account_id == account
        )),
        "the cash the debit drove negative is in the triage list"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_long_month_is_read_in_slices_at_once_and_still_every_entry_once_newest_first() {
    let sandbox = start().await;
    let client = client(&sandbox);
    let state = sandbox.state();
    let platform = state.platform_account_id();
    let fa = state.financial_accounts_of(&platform).into_iter().next().expect("a financial account");
    state.pad_ledger(&fa.id, 1_234, 20 * 24 * 3600).expect("padded");
    let period = new_york_period(30, 0);
    let (start, end) = period.bounds().expect("bounds");
    let listed = ledger_api(
        &client,
        &platform,
        &fa.id,
        &EntryFilter { effective_at: Some(Range::between(start, end)), ..EntryFilter::default() },
    )
    .await;
    let now = jiff::Timestamp::now().as_second();
    let sliced: Vec<_> = treasury_desk::ledger::period_entries(&client, &platform, &fa.id, (start, end), now)
        .try_collect()
        .await
        .expect("entries");
    assert_eq!(sliced.len(), listed.len(), "every entry of the period");
    let unique: std::collections::HashSet<_> = sliced.iter().map(|e| e.id.clone()).collect();
    assert_eq!(unique.len(), sliced.len(), "each once");
    assert!(sliced.windows(2).all(|w| (w[0].effective_at, &w[0].id) > (w[1].effective_at, &w[1].id)), "newest first");
    let fa_now = state.financial_account(&fa.id).expect("fa");
    let accounts = futures_util::stream::iter([Ok((platform.clone(), fa_now.clone()))]);
    let totals =
        treasury_desk::ledger::export(&client, accounts, &period, treasury_desk::export::Format::Csv, std::io::sink())
            .await
            .expect("export");
    assert!(totals.reconciled());
    assert_eq!(totals.rows as usize, listed.len());
    let (_, _, closing) = totals.accounts[&(fa.id.clone(), "usd".to_owned())];
    assert_eq!(closing.cash, fa_now.balance.cash.get("usd").copied().unwrap_or_default());
    sandbox.shutdown().await;
}
