//! The ledger of financial accounts: balances reconstructed from TransactionEntries back from
//! today's balance (the view, the chart and the export share it), and `treasury-desk ledger`,
//! the month-end export, streamed (memory stays flat however many entries a month holds).
//! Owns no UI; talks to Stripe only through [`crate::stripe::ledger`].

use std::collections::BTreeMap;
use std::io::Write;

use futures_util::{StreamExt, TryStreamExt};
use jiff::tz::TimeZone;

use crate::export::Format;
use crate::money::Money;
use crate::stripe::ledger::{self, BalanceImpact, EntryFilter, Range, TransactionEntry};
use crate::stripe::treasury::{self, FinancialAccount, FinancialAccountBalance};
use crate::stripe::{Client, Error};
use crate::t;

/// The three balances of one currency (cash, inbound pending, outbound pending), in minor units.
pub type Balances = BalanceImpact;

/// Today's balances of `fa`, per currency.
pub fn balances_of(balance: &FinancialAccountBalance) -> BTreeMap<String, Balances> {
    let mut out: BTreeMap<String, Balances> = BTreeMap::new();
    for (currency, amount) in &balance.cash {
        out.entry(currency.clone()).or_default().cash = *amount;
    }
    for (currency, amount) in &balance.inbound_pending {
        out.entry(currency.clone()).or_default().inbound_pending = *amount;
    }
    for (currency, amount) in &balance.outbound_pending {
        out.entry(currency.clone()).or_default().outbound_pending = *amount;
    }
    out
}

/// `a - b`.
pub fn minus(a: Balances, b: Balances) -> Balances {
    Balances {
        cash: a.cash.saturating_sub(b.cash),
        inbound_pending: a.inbound_pending.saturating_sub(b.inbound_pending),
        outbound_pending: a.outbound_pending.saturating_sub(b.outbound_pending),
    }
}

/// Walks a financial account's entries newest first, from the balances after the newest one,
/// giving each entry the balances right after it: the reconstruction the view, chart and export
/// share. Integer arithmetic only.
#[derive(Clone, Debug, Default)]
pub struct Backwards {
    running: BTreeMap<String, Balances>,
}

impl Backwards {
    /// Start from `after`: the balances after the newest entry to come.
    pub fn from(after: BTreeMap<String, Balances>) -> Self {
        Self { running: after }
    }

    /// The balances right after `entry` (the next, older, entry then sees them without it).
    pub fn step(&mut self, entry: &TransactionEntry) -> Balances {
        let slot = self.running.entry(entry.currency.clone()).or_default();
        let after = *slot;
        *slot = minus(after, entry.balance_impact);
        after
    }

    /// The balances before every entry stepped over so far.
    pub fn now(&self) -> &BTreeMap<String, Balances> {
        &self.running
    }
}

/// The month to export: whole days `from..=to` in `tz`.
#[derive(Clone, Debug)]
pub struct Period {
    /// First day.
    pub from: jiff::civil::Date,
    /// Last day (included).
    pub to: jiff::civil::Date,
    /// The platform's time zone.
    pub tz: TimeZone,
}

impl Period {
    /// `[start, end)` in Unix seconds: `from` at midnight to the midnight after `to`, in `tz`.
    pub fn bounds(&self) -> Result<(i64, i64), String> {
        let midnight = |date: jiff::civil::Date| {
            date.to_zoned(self.tz.clone()).map(|z| z.timestamp().as_second()).map_err(|e| e.to_string())
        };
        let after = self.to.tomorrow().map_err(|e| e.to_string())?;
        Ok((midnight(self.from)?, midnight(after)?))
    }

    /// `at` as local date and time with its offset: `2026-11-03T09:12:00-05:00`.
    pub fn local(&self, at: i64) -> String {
        jiff::Timestamp::from_second(at)
            .map(|t| t.to_zoned(self.tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_else(|_| at.to_string())
    }
}

/// The time zone named by an account's `settings.dashboard.timezone`, or UTC.
pub fn time_zone(name: Option<&str>) -> (TimeZone, bool) {
    match name.map(TimeZone::get) {
        Some(Ok(tz)) => (tz, true),
        _ => (TimeZone::UTC, false),
    }
}

/// The export's columns, in order (Stripe's field names; decimals with a point; local ISO dates).
pub const COLUMNS: [&str; 26] = [
    "record",
    "connected_account",
    "financial_account",
    "currency",
    "effective_at",
    "posted_at",
    "transaction_status",
    "flow_type",
    "flow",
    "entry_type",
    "entry",
    "transaction",
    "cash",
    "cash_minor_units",
    "inbound_pending",
    "inbound_pending_minor_units",
    "outbound_pending",
    "outbound_pending_minor_units",
    "cash_after",
    "cash_after_minor_units",
    "inbound_pending_after",
    "inbound_pending_after_minor_units",
    "outbound_pending_after",
    "outbound_pending_after_minor_units",
    "timezone",
    "check",
];

/// What the export wrote, per financial account and currency (for its tests and the summary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Entry rows written.
    pub rows: u64,
    /// `(financial account, currency)` → (opening, sum of rows, closing).
    pub accounts: BTreeMap<(String, String), (Balances, Balances, Balances)>,
}

impl Totals {
    /// True when every opening plus its rows is its closing.
    pub fn reconciled(&self) -> bool {
        self.accounts.values().all(|(opening, sum, closing)| opening.plus(*sum) == *closing)
    }
}

/// One output row.
struct Row<'a> {
    record: &'a str,
    account: &'a str,
    fa: &'a str,
    currency: &'a str,
    effective_at: String,
    posted_at: String,
    status: &'a str,
    flow_type: &'a str,
    flow: &'a str,
    entry_type: &'a str,
    entry: &'a str,
    transaction: &'a str,
    change: Option<Balances>,
    after: Option<Balances>,
    check: &'a str,
}

/// Writes rows as CSV or as one streamed JSON array.
struct Sink<W: Write> {
    format: Format,
    csv: Option<csv::Writer<W>>,
    json: Option<W>,
    first: bool,
    tz: String,
}

impl<W: Write> Sink<W> {
    fn new(format: Format, out: W, tz: String) -> std::io::Result<Self> {
        let mut sink = match format {
            Format::Csv => Self { format, csv: Some(csv::Writer::from_writer(out)), json: None, first: true, tz },
            Format::Json => Self { format, csv: None, json: Some(out), first: true, tz },
        };
        if let Some(csv) = sink.csv.as_mut() {
            csv.write_record(COLUMNS)?;
        }
        if let Some(json) = sink.json.as_mut() {
            json.write_all(b"[")?;
        }
        Ok(sink)
    }

    fn write(&mut self, row: &Row<'_>) -> std::io::Result<()> {
        let money = |amount: i64| Money::new(amount, row.currency).decimal();
        let split = |b: Option<Balances>| match b {
            None => std::array::from_fn(|_| (String::new(), None)),
            Some(b) => [
                (money(b.cash), Some(b.cash)),
                (money(b.inbound_pending), Some(b.inbound_pending)),
                (money(b.outbound_pending), Some(b.outbound_pending)),
            ],
        };
        let (change, after) = (split(row.change), split(row.after));
        match self.format {
            Format::Csv => {
                let Some(csv) = self.csv.as_mut() else { return Ok(()) };
                let minor = |m: Option<i64>| m.map(|m| m.to_string()).unwrap_or_default();
                let mut record: Vec<String> = [
                    row.record,
                    row.account,
                    row.fa,
                    row.currency,
                    &row.effective_at,
                    &row.posted_at,
                    row.status,
                    row.flow_type,
                    row.flow,
                    row.entry_type,
                    row.entry,
                    row.transaction,
                ]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
                for (decimal, m) in change.iter().chain(after.iter()) {
                    record.push(decimal.clone());
                    record.push(minor(*m));
                }
                record.push(self.tz.clone());
                record.push(row.check.to_owned());
                csv.write_record(&record)?;
            }
            Format::Json => {
                let Some(out) = self.json.as_mut() else { return Ok(()) };
                let text = |s: &str| (!s.is_empty()).then(|| serde_json::Value::String(s.to_owned()));
                let mut object = serde_json::Map::new();
                let fields = [
                    ("record", row.record),
                    ("connected_account", row.account),
                    ("financial_account", row.fa),
                    ("currency", row.currency),
                    ("effective_at", &row.effective_at),
                    ("posted_at", &row.posted_at),
                    ("transaction_status", row.status),
                    ("flow_type", row.flow_type),
                    ("flow", row.flow),
                    ("entry_type", row.entry_type),
                    ("entry", row.entry),
                    ("transaction", row.transaction),
                ];
                for (key, value) in fields {
                    object.insert(key.to_owned(), text(value).unwrap_or(serde_json::Value::Null));
                }
                let names = ["cash", "inbound_pending", "outbound_pending"];
                for (suffix, values) in [("", &change), ("_after", &after)] {
                    for (name, (decimal, m)) in names.iter().zip(values.iter()) {
                        object.insert(format!("{name}{suffix}"), text(decimal).unwrap_or(serde_json::Value::Null));
                        object.insert(format!("{name}{suffix}_minor_units"), serde_json::json!(m));
                    }
                }
                object.insert("timezone".to_owned(), serde_json::Value::String(self.tz.clone()));
                object.insert("check".to_owned(), text(row.check).unwrap_or(serde_json::Value::Null));
                out.write_all(if self.first { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &object)?;
            }
        }
        self.first = false;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(csv) = self.csv.as_mut() {
            csv.flush()?;
        }
        if let Some(mut out) = self.json.take() {
            out.write_all(b"\n]\n")?;
            out.flush()?;
        }
        Ok(())
    }
}

fn blank<'a>(record: &'a str, account: &'a str, fa: &'a str, currency: &'a str) -> Row<'a> {
    Row {
        record,
        account,
        fa,
        currency,
        effective_at: String::new(),
        posted_at: String::new(),
        status: "",
        flow_type: "",
        flow: "",
        entry_type: "",
        entry: "",
        transaction: "",
        change: None,
        after: None,
        check: "",
    }
}

/// Export the entries of every financial account in `accounts` (`(connected account, FA)`,
/// streamed in) that took effect in `period`, to `out` in `format`.
///
/// Per financial account: one row per entry, newest first, with the balances right after it
/// (reconstructed back from today's balance: the entries after the period are summed first);
/// then per currency an `opening` row (balances at the start of the period), a `closing` row (at
/// its end) and a `check` row (opening + rows = closing: `ok`, or `mismatch`). The last row,
/// `check_all`, is `ok` when every account reconciled. Nothing is kept but running sums.
pub async fn export<W: Write>(
    client: &Client,
    accounts: impl futures_util::Stream<Item = Result<(String, FinancialAccount), Error>>,
    period: &Period,
    format: Format,
    out: W,
) -> Result<Totals, String> {
    let (start, end) = period.bounds()?;
    let io = |e: std::io::Error| t!("cli-export-failed", error = e.to_string());
    let tz_name = period.tz.iana_name().unwrap_or("UTC").to_owned();
    let mut sink = Sink::new(format, out, tz_name).map_err(io)?;
    let mut totals = Totals::default();
    let mut accounts = std::pin::pin!(accounts);
    while let Some(next) = accounts.next().await {
        let (account, fa) = next.map_err(|e| e.to_string())?;
        // Today's balance, less everything that took effect after the period: its closing.
        let mut closing = balances_of(&fa.balance);
        let later =
            EntryFilter { effective_at: Some(Range { gte: Some(end), ..Range::default() }), ..EntryFilter::default() };
        let mut after = std::pin::pin!(ledger::list_entries(client, &account, &fa.id, &later));
        while let Some(entry) = after.try_next().await.map_err(|e| e.to_string())? {
            let slot = closing.entry(entry.currency.clone()).or_default();
            *slot = minus(*slot, entry.balance_impact);
        }
        let mut walk = Backwards::from(closing.clone());
        let mut sums: BTreeMap<String, Balances> = BTreeMap::new();
        let now = jiff::Timestamp::now().as_second();
        let mut entries = std::pin::pin!(period_entries(client, &account, &fa.id, (start, end), now));
        while let Some(entry) = entries.try_next().await.map_err(|e| e.to_string())? {
            let balances_after = walk.step(&entry);
            let sum = sums.entry(entry.currency.clone()).or_default();
            *sum = sum.plus(entry.balance_impact);
            closing.entry(entry.currency.clone()).or_default();
            let transaction = match &entry.transaction {
                crate::stripe::common::Expandable::Object(t) => Some(t.as_ref()),
                crate::stripe::common::Expandable::Id(_) => None,
            };
            let posted = transaction.and_then(|t| t.status_transitions.posted_at).map(|at| period.local(at));
            sink.write(&Row {
                effective_at: period.local(entry.effective_at),
                posted_at: posted.unwrap_or_default(),
                status: transaction.map(|t| t.status.as_str()).unwrap_or_default(),
                flow_type: entry.flow_type.as_str(),
                flow: entry.flow.as_deref().unwrap_or_default(),
                entry_type: entry.kind.as_str(),
                entry: &entry.id,
                transaction: entry.transaction.id(),
                change: Some(entry.balance_impact),
                after: Some(balances_after),
                ..blank("entry", &account, &fa.id, &entry.currency)
            })
            .map_err(io)?;
            totals.rows += 1;
        }
        for (currency, closing) in &closing {
            let opening = walk.now().get(currency).copied().unwrap_or(*closing);
            let sum = sums.get(currency).copied().unwrap_or_default();
            let ok = opening.plus(sum) == *closing;
            let at = |ts: i64| period.local(ts);
            sink.write(&Row {
                effective_at: at(start),
                after: Some(opening),
                ..blank("opening", &account, &fa.id, currency)
            })
            .map_err(io)?;
            sink.write(&Row {
                effective_at: at(end),
                after: Some(*closing),
                ..blank("closing", &account, &fa.id, currency)
            })
            .map_err(io)?;
            sink.write(&Row {
                change: Some(sum),
                after: Some(opening.plus(sum)),
                check: if ok { "ok" } else { "mismatch" },
                ..blank("check", &account, &fa.id, currency)
            })
            .map_err(io)?;
            totals.accounts.insert((fa.id.clone(), currency.clone()), (opening, sum, *closing));
        }
    }
    let all = if totals.reconciled() { "ok" } else { "mismatch" };
    sink.write(&Row { check: all, ..blank("check_all", "", "", "") }).map_err(io)?;
    sink.finish().map_err(io)?;
    Ok(totals)
}

/// Most time slices of a period read at once. Stripe's rate × its latency ≈ 30 requests in flight
/// keep the rate busy, but a slice pages one request after another and the slices are handed on
/// in order, so a slice done early waits for the one before it: at 32, about 16 requests were in
/// flight on average (a 100,000-entry export took 1.9× its request floor); at 64 it takes 1.3×.
/// The client's own pacing keeps the rate; memory holds at most these slices' entries.
const SLICES_AT_ONCE: usize = 64;
/// Most time slices a period is cut into (each costs a request even when empty).
const MAX_SLICES: i64 = 256;

fn slice(from: i64, to: i64) -> EntryFilter {
    EntryFilter {
        effective_at: Some(Range::between(from, to)),
        order_by_effective_at: true,
        expand_transaction: true,
        ..EntryFilter::default()
    }
}

/// Every entry of `[from, to)` (after `after`), page by page.
async fn whole_slice(
    client: Client,
    (account, fa): (String, String),
    (from, to): (i64, i64),
    mut after: Option<String>,
) -> Result<Vec<TransactionEntry>, Error> {
    let mut out = Vec::new();
    loop {
        let page = ledger::entries_page(&client, &account, &fa, &slice(from, to), after.as_deref(), PAGE).await?;
        after = page.data.last().map(|e| e.id.clone());
        out.extend(page.data);
        if !page.has_more || after.is_none() {
            return Ok(out);
        }
    }
}

/// The entries of `fa` effective in `[start, end)`, newest first, each with its Transaction.
///
/// A cursor makes paging one request after another: 1,000 pages at 300 ms would take five
/// minutes where Stripe's rate allows ten seconds. So the first page says how densely the period
/// is filled (the time its 100 entries span); the rest of the period is cut into slices of that
/// width (at most [`MAX_SLICES`]) read [`SLICES_AT_ONCE`] at a time, in order, each paged with
/// its own cursor. Memory holds the slices in flight, never the period.
pub fn period_entries(
    client: &Client,
    account: &str,
    fa: &str,
    (start, end): (i64, i64),
    now: i64,
) -> impl futures_util::Stream<Item = Result<TransactionEntry, Error>> + Send + 'static {
    let (client, account, fa) = (client.clone(), account.to_owned(), fa.to_owned());
    let first = async move {
        let page = ledger::entries_page(&client, &account, &fa, &slice(start, end), None, PAGE).await?;
        let (last_id, last_at) = match (page.has_more, page.data.last()) {
            (true, Some(last)) => (last.id.clone(), last.effective_at),
            _ => {
                return Ok::<_, Error>(futures_util::stream::iter(page.data.into_iter().map(Ok)).boxed());
            }
        };
        let head = futures_util::stream::iter(page.data.into_iter().map(Ok));
        // The rest of the newest slice (entries sharing the last one's second), then older slices.
        let covered = (end.min(now) - last_at).max(1);
        let width = covered.max((last_at - start) / MAX_SLICES + 1);
        let mut slices = vec![(last_at, end, Some(last_id))];
        let mut to = last_at;
        while to > start {
            let from = (to - width).max(start);
            slices.push((from, to, None));
            to = from;
        }
        let rest = futures_util::stream::iter(slices)
            .map(move |(from, to, after)| whole_slice(client.clone(), (account.clone(), fa.clone()), (from, to), after))
            .buffered(SLICES_AT_ONCE)
            .map_ok(|entries| futures_util::stream::iter(entries.into_iter().map(Ok)))
            .try_flatten();
        Ok(head.chain(rest).boxed())
    };
    futures_util::stream::once(first).try_flatten()
}

/// The financial accounts to export, streamed: `only`'s, or the platform's own and then every
/// connected account's (an account not onboarded to Treasury holds none).
pub fn financial_accounts(
    client: &Client,
    platform: String,
    only: Option<String>,
) -> impl futures_util::Stream<Item = Result<(String, FinancialAccount), Error>> + Send + 'static {
    let client = client.clone();
    let owners: futures_util::stream::BoxStream<'static, Result<String, Error>> = match only {
        Some(account) => futures_util::stream::iter([Ok(account)]).boxed(),
        None => futures_util::stream::iter([Ok(platform)])
            .chain(crate::stripe::account::list_connected(&client).map_ok(|a| a.id))
            .boxed(),
    };
    owners
        .and_then(move |owner| {
            let client = client.clone();
            async move {
                match treasury::list_financial_accounts(&client, &owner).try_collect::<Vec<_>>().await {
                    Ok(list) => Ok(list.into_iter().map(|fa| Ok((owner.clone(), fa))).collect::<Vec<_>>()),
                    Err(e) if treasury::is_not_onboarded(&e) => Ok(Vec::new()),
                    Err(e) => Err(e),
                }
            }
        })
        .map_ok(futures_util::stream::iter)
        .try_flatten()
}

/// `treasury-desk ledger --from … --to … [--account …] --format …`: the dates in the platform's
/// time zone (`settings.dashboard.timezone`), the rows on stdout.
pub async fn run(
    client: &Client,
    from: &str,
    to: &str,
    account: Option<String>,
    format: Format,
) -> Result<Totals, String> {
    let date =
        |text: &str| text.parse::<jiff::civil::Date>().map_err(|_| t!("ledger-bad-date", date = text.to_owned()));
    let (from, to) = (date(from)?, date(to)?);
    if to < from {
        return Err(t!("ledger-dates-reversed"));
    }
    let platform = crate::stripe::account::retrieve_platform(client)
        .await
        .map_err(|e| t!("cli-platform-failed", error = e.to_string()))?;
    let name = platform.settings.as_ref().and_then(|s| s.dashboard.as_ref()).and_then(|d| d.timezone.clone());
    let (tz, known) = time_zone(name.as_deref());
    if !known {
        eprintln!("{}", t!("ledger-timezone-unknown", timezone = name.unwrap_or_default()));
    }
    let period = Period { from, to, tz };
    let accounts = financial_accounts(client, platform.id, account);
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let totals = export(client, accounts, &period, format, out).await?;
    if !totals.reconciled() {
        return Err(t!("ledger-mismatch"));
    }
    Ok(totals)
}

/// One page of a financial account's ledger for the window: the closing balances of the period
/// (with the first page only), then its entries, newest first, with their transactions.
#[derive(Clone, Debug)]
pub struct Page {
    /// The balances at the end of the period (first page only).
    pub closing: Option<BTreeMap<String, Balances>>,
    /// The entries, newest effective first, each with its Transaction expanded.
    pub entries: Vec<TransactionEntry>,
    /// More entries follow.
    pub has_more: bool,
}

/// How many entries a page of the window's ledger holds (Stripe's largest page).
pub const PAGE: u32 = 100;

/// Load one page of `fa`'s entries effective in `[start, end)`, after `starting_after`. The first
/// page (no cursor) also sums what took effect after the period, to turn `today` (the balances
/// on screen) into the period's closing: both requests go out at once (one round trip).
pub async fn load_page(
    client: &Client,
    account: &str,
    fa: &str,
    (start, end): (i64, i64),
    today: BTreeMap<String, Balances>,
    starting_after: Option<String>,
) -> Result<Page, Error> {
    let within = EntryFilter {
        effective_at: Some(Range::between(start, end)),
        order_by_effective_at: true,
        expand_transaction: true,
        ..EntryFilter::default()
    };
    let page = ledger::entries_page(client, account, fa, &within, starting_after.as_deref(), PAGE);
    if starting_after.is_some() {
        let page = page.await?;
        return Ok(Page { closing: None, entries: page.data, has_more: page.has_more });
    }
    let later =
        EntryFilter { effective_at: Some(Range { gte: Some(end), ..Range::default() }), ..EntryFilter::default() };
    let after = async {
        let mut closing = today;
        let mut stream = std::pin::pin!(ledger::list_entries(client, account, fa, &later));
        while let Some(entry) = stream.try_next().await? {
            let slot = closing.entry(entry.currency.clone()).or_default();
            *slot = minus(*slot, entry.balance_impact);
        }
        Ok::<_, Error>(closing)
    };
    let (page, closing) = futures_util::future::join(page, after).await;
    let (page, closing) = (page?, closing?);
    Ok(Page { closing: Some(closing), entries: page.data, has_more: page.has_more })
}

/// A balance history, oldest first, ending at `end` with `closing`: one point after each entry
/// (`rows`: `(effective_at, balances after)`, newest first, of one currency), and, when the whole
/// period is loaded, `opening` at its start. The last point is the period's closing balance to
/// the minor unit (today's balance when the period runs to today).
pub fn history(
    rows: &[(i64, Balances)],
    closing: (i64, Balances),
    opening: Option<(i64, Balances)>,
) -> Vec<(i64, Balances)> {
    let mut points = Vec::with_capacity(rows.len() + 2);
    points.extend(opening);
    points.extend(rows.iter().rev().copied());
    points.push(closing);
    points
}

/// The balance history of every financial account in `accounts` (`(owner, financial account)`,
/// with today's balances) over `[start, end)`, summed per currency: one history per currency,
/// oldest first, from the period's opening to its closing (today's total when the period runs
/// to today). Each account's entries are read in slices ([`period_entries`]), 8 accounts at once.
pub async fn platform_history(
    client: &Client,
    accounts: Vec<(String, FinancialAccount)>,
    (start, end): (i64, i64),
    now: i64,
) -> Result<BTreeMap<String, Vec<(i64, Balances)>>, Error> {
    let mut closing: BTreeMap<String, Balances> = BTreeMap::new();
    for (_, fa) in &accounts {
        for (currency, today) in balances_of(&fa.balance) {
            let slot = closing.entry(currency).or_default();
            *slot = slot.plus(today);
        }
    }
    let read = futures_util::stream::iter(accounts)
        .map(|(owner, fa)| {
            let client = client.clone();
            async move {
                let later = EntryFilter {
                    effective_at: Some(Range { gte: Some(end), ..Range::default() }),
                    ..EntryFilter::default()
                };
                let after: Vec<TransactionEntry> =
                    ledger::list_entries(&client, &owner, &fa.id, &later).try_collect().await?;
                let within: Vec<TransactionEntry> =
                    period_entries(&client, &owner, &fa.id, (start, end), now).try_collect().await?;
                Ok::<_, Error>((after, within))
            }
        })
        .buffer_unordered(8);
    let mut read = std::pin::pin!(read);
    let mut entries: Vec<TransactionEntry> = Vec::new();
    while let Some((after, within)) = read.try_next().await? {
        for entry in after {
            let slot = closing.entry(entry.currency.clone()).or_default();
            *slot = minus(*slot, entry.balance_impact);
        }
        entries.extend(within);
    }
    entries.sort_by(|a, b| b.effective_at.cmp(&a.effective_at).then_with(|| b.id.cmp(&a.id)));
    let mut walk = Backwards::from(closing.clone());
    let mut rows: BTreeMap<String, Vec<(i64, Balances)>> = BTreeMap::new();
    for entry in &entries {
        let after = walk.step(entry);
        rows.entry(entry.currency.clone()).or_default().push((entry.effective_at, after));
    }
    let last = end.min(now).max(start);
    Ok(closing
        .iter()
        .map(|(currency, closing)| {
            let opening = walk.now().get(currency).copied().unwrap_or(*closing);
            let rows = rows.get(currency).map(Vec::as_slice).unwrap_or_default();
            (currency.clone(), history(rows, (last, *closing), Some((start, opening))))
        })
        .collect())
}
