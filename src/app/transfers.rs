//! Inbound transfers across every financial account: filter (statuses, created dates, amounts,
//! search), totals of what is shown, sort, select, copy, export, keyboard; virtualised rows.
//! Owns its filter, sort and selection and a cached row order; not the data, and no I/O (the CSV
//! export is a [`Command`] the shell runs on a background thread).

use std::collections::BTreeSet;
use std::sync::Arc;

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::transfer_cells as cells;
use super::{Command, View, format, widgets};
use crate::i18n::{self, Lang, Words};
use crate::money::Money;
use crate::snapshot::{Snapshot, Transfer};
use crate::stripe::treasury::InboundTransferStatus;
use crate::t;

/// Sort key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Creation time.
    #[default]
    Created,
    /// Amount (minor units; mixed currencies sort by number only).
    Amount,
}

/// `(holder, financial account entry, transfer)` indices into the snapshot.
type RowRef = (u32, u32, u32);

/// What the rows are filtered by, as typed (parsed when the rows are derived).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these statuses; empty: every status.
    pub statuses: BTreeSet<InboundTransferStatus>,
    /// Created on or after this day (typed the local way).
    pub from: String,
    /// Created on or before this day.
    pub to: String,
    /// At least this amount (typed the local way, in the transfer's currency).
    pub min: String,
    /// At most this amount.
    pub max: String,
    /// Transfer id, account name or id, financial account, bank name or last four.
    pub search: String,
}

impl Filter {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl TransfersState {
    /// Show one transfer: every other filter off, its id searched for, it alone selected and under
    /// the keyboard (Enter opens its account, `c`/`x` ask to confirm or cancel it).
    pub fn focus(&mut self, id: &str) {
        self.filter = Filter { search: id.to_owned(), ..Filter::default() };
        self.selected = BTreeSet::from([Box::from(id)]);
        self.cursor = Some(Box::from(id));
    }
}

/// The total of the shown rows of one currency and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Total {
    /// Currency (`usd`).
    pub currency: Arc<str>,
    /// Status.
    pub status: InboundTransferStatus,
    /// Transfers.
    pub count: usize,
    /// Sum in minor units (wide: a sum of `i64` amounts can pass `i64`).
    pub sum: i128,
}

/// What filtering reads of one row, kept side by side in the sorted order: a filter change reads
/// these (a few MB in a row) instead of chasing each transfer through the snapshot.
#[derive(Clone, Copy)]
struct Facts {
    created: i64,
    amount: i64,
    /// Index into [`Index::statuses`] (the statuses the filter lists come first, in its order).
    status: u32,
    /// Index into [`Index::currencies`].
    currency: u32,
}

/// Every transfer (of accounts matching the account filter) in the order shown, with what
/// filtering and searching read, built when the data or the sort changes. It holds no reference
/// to the snapshot, so the rows can be derived from it on another thread.
#[derive(Default)]
struct Index {
    rows: Vec<RowRef>,
    facts: Vec<Facts>,
    /// The lowercase search text of every row (id, bank, last four, financial account), one
    /// after the other: row `i`'s ends at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    /// Each holder's name and id, lowercase, one after the other: holder `h`'s end at
    /// `holder_ends[h]`.
    holders: String,
    holder_ends: Vec<u32>,
    currencies: Vec<Arc<str>>,
    /// The amount furthest from zero in each of [`Index::currencies`] (same order).
    widest: Vec<i64>,
    /// [`InboundTransferStatus::KNOWN`], then the statuses the app does not know, as met.
    statuses: Vec<InboundTransferStatus>,
}

impl Index {
    fn text_of(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) as usize };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or_default()
    }
}

/// The rows as filtered, and what the filter fields could not read.
#[derive(Default)]
struct Derived {
    /// Positions in the [`Index`] of the rows shown.
    positions: Vec<u32>,
    rows: Vec<RowRef>,
    totals: Vec<Total>,
    errors: Vec<String>,
    /// The amount furthest from zero in each currency of every row the filters choose from
    /// (not only those shown): the amount column is sized by the widest of them, so it keeps
    /// its width, and the columns beside it theirs, while a search is typed.
    widest: Vec<(i64, Arc<str>)>,
}

/// Amount bounds read in one currency: `(at least, at most, both readable)`.
type Bounds = (Option<i64>, Option<i64>, bool);

/// What the sorted order was computed for: data version, account filter, sort, direction.
type OrderKey = (u64, String, SortBy, bool);

/// What a set of rows was derived for: the order, the filter, the language its errors are in.
type DeriveKey = (OrderKey, Filter, Lang);

/// Rows derived for a key; `generation` orders derivations (a later one replaces an earlier).
struct Rows {
    key: DeriveKey,
    derived: Arc<Derived>,
    generation: u64,
}

/// A derivation for the background thread: rows of `index` (all, or those of `narrowing`)
/// through the filter of `key`.
struct Request {
    key: DeriveKey,
    generation: u64,
    index: Arc<Index>,
    narrowing: Option<Arc<Derived>>,
}

/// From this many candidate rows on, the view's rows are derived on a thread of its own while
/// the view keeps drawing the rows it has (marked as being filtered); fewer are derived at once,
/// within the frame (a few hundred microseconds at most).
pub const BACKGROUND_FROM: usize = 5_000;

/// Filter, sort, selection and the cached rows.
pub struct TransfersState {
    /// What is shown.
    pub filter: Filter,
    /// Sort key.
    pub sort: SortBy,
    /// Smallest / oldest first.
    pub ascending: bool,
    /// Selected transfers, by id (kept across syncs).
    selected: BTreeSet<Box<str>>,
    /// The keyboard's row, by id.
    cursor: Option<Box<str>>,
    /// Where the CSV export goes.
    pub export_path: String,
    /// The path was given its default once (after that, an emptied field stays empty).
    export_path_filled: bool,
    /// The export running.
    exporting: bool,
    /// The last copy or export, said once: `Ok` news or an error.
    note: Option<Result<String, String>>,
    order: Option<(OrderKey, Arc<Index>)>,
    /// The rows last derived (what the view draws).
    rows: Option<Rows>,
    /// What the background thread was last asked for (its generation), while awaited.
    pending: Option<(u64, DeriveKey)>,
    /// Bumped for every derivation, here or on the thread.
    generation: u64,
    /// The background thread, started on the first derivation big enough for it.
    worker: Option<super::jobs::Latest<Request, Rows>>,
    /// See [`BACKGROUND_FROM`].
    pub background_from: usize,
}

impl Default for TransfersState {
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            sort: SortBy::default(),
            ascending: false,
            selected: BTreeSet::new(),
            cursor: None,
            export_path: String::new(),
            export_path_filled: false,
            exporting: false,
            note: None,
            order: None,
            rows: None,
            pending: None,
            generation: 0,
            worker: None,
            background_from: BACKGROUND_FROM,
        }
    }
}

/// The first second of `date` in the system's time zone.
fn start_of(date: jiff::civil::Date) -> Option<i64> {
    date.to_zoned(jiff::tz::TimeZone::system()).ok().map(|z| z.timestamp().as_second())
}

impl TransfersState {
    /// Every transfer (of accounts matching the account filter), sorted: recomputed only when
    /// the data, the account filter or the sort changed.
    fn order(&mut self, snapshot: &Snapshot, key: &OrderKey) -> Arc<Index> {
        if let Some((k, index)) = &self.order
            && k == key
        {
            return index.clone();
        }
        let account_filter = key.1.as_str();
        let mut rows: Vec<RowRef> = Vec::new();
        // The platform's own financial accounts first, then every connected account's.
        for (a, account) in snapshot.holders().enumerate() {
            if !super::accounts::matches(account, account_filter) {
                continue;
            }
            for (f, entry) in account.financial_accounts.iter().enumerate() {
                for t in 0..entry.inbound_transfers.len() {
                    rows.push((a as u32, f as u32, t as u32));
                }
            }
        }
        let get = |r: &RowRef| transfer_at(snapshot, *r).map(|(_, _, t)| t);
        match self.sort {
            SortBy::Created => rows.sort_by_cached_key(|r| get(r).map(|t| (t.created, t.id.clone()))),
            SortBy::Amount => rows.sort_by_cached_key(|r| get(r).map(|t| (t.amount, t.created))),
        }
        if !self.ascending {
            rows.reverse();
        }
        let index = Arc::new(index(snapshot, rows));
        self.order = Some((key.clone(), index.clone()));
        index
    }

    /// What the rows are derived for now.
    fn key(&self, version: u64, account_filter: &str) -> DeriveKey {
        ((version, account_filter.to_owned(), self.sort, self.ascending), self.filter.clone(), i18n::current())
    }

    /// Take the background thread's answers: the latest derivation wins.
    fn take_answers(&mut self) {
        let Some(worker) = &self.worker else { return };
        let Some(answers) = worker.answers() else {
            // The thread is gone (it panicked): derive here from now on.
            self.worker = None;
            self.pending = None;
            return;
        };
        for mut answer in answers {
            if self.rows.as_ref().is_none_or(|rows| answer.generation > rows.generation) {
                // The rows for the key awaited, whichever request derived them: nothing older
                // replaces them.
                if let Some((generation, _)) = self.pending.take_if(|(_, key)| *key == answer.key) {
                    answer.generation = answer.generation.max(generation);
                }
                self.rows = Some(answer);
            }
        }
    }

    /// The rows derived last, if they are for `key`. An answer still on its way is then for a
    /// text typed in between (a letter typed and deleted again): it must not replace them.
    fn current(&mut self, key: &DeriveKey) -> Option<Arc<Derived>> {
        let rows = self.rows.as_mut().filter(|rows| rows.key == *key)?;
        if self.pending.take().is_some() {
            self.generation += 1;
            rows.generation = self.generation;
        }
        Some(rows.derived.clone())
    }

    /// The rows to derive from for `key`: every row of the order, or, when typing on in the
    /// search only narrows the rows derived last (same order and language), only those.
    fn candidates(&self, key: &DeriveKey) -> Option<Arc<Derived>> {
        self.rows.as_ref().filter(|rows| holds_every_row_of(&rows.key, key)).map(|rows| rows.derived.clone())
    }

    /// Derive the rows for `key` here and now, and keep them.
    fn derive_now(&mut self, key: DeriveKey, index: &Index, narrowing: Option<&Derived>) -> Arc<Derived> {
        self.generation += 1;
        let derived = Arc::new(derive(index, narrowing, &key.1, key.2));
        // An answer still on its way is older: it will not replace these.
        self.pending = None;
        self.rows = Some(Rows { key, derived: derived.clone(), generation: self.generation });
        derived
    }

    /// Hand the rows for `key` to the background thread (started on first use); false if it is
    /// gone (it panicked), and the rows must be derived here.
    fn ask_worker(
        &mut self,
        ctx: &egui::Context,
        key: &DeriveKey,
        index: &Arc<Index>,
        narrowing: Option<&Arc<Derived>>,
    ) -> bool {
        if self.worker.is_none() {
            // The thread's last answer: typing on narrows from it when it is closer than the rows
            // the view had when it asked (keys typed while the thread was busy). The index is
            // only pointed at: one the view has let go of is freed, not kept here.
            let mut last: Option<(std::sync::Weak<Index>, DeriveKey, Arc<Derived>)> = None;
            self.worker = super::jobs::Latest::start("transfers-filter", ctx.clone(), move |request: Request| {
                // The fields' errors are worded in the window's language.
                i18n::set_thread(request.key.2);
                let index = Arc::downgrade(&request.index);
                let own = last
                    .as_ref()
                    .filter(|(was, key, _)| was.ptr_eq(&index) && holds_every_row_of(key, &request.key))
                    .map(|(_, _, derived)| derived.clone());
                let narrowing = [own, request.narrowing].into_iter().flatten().min_by_key(|d| d.positions.len());
                let derived = Arc::new(derive(&request.index, narrowing.as_deref(), &request.key.1, request.key.2));
                last = Some((index, request.key.clone(), derived.clone()));
                Rows { key: request.key, derived, generation: request.generation }
            })
            .ok();
        }
        let Some(worker) = &self.worker else { return false };
        self.generation += 1;
        let request = Request {
            key: key.clone(),
            generation: self.generation,
            index: index.clone(),
            narrowing: narrowing.cloned(),
        };
        if worker.send(request) {
            self.pending = Some((self.generation, key.clone()));
            true
        } else {
            self.worker = None;
            false
        }
    }

    /// The rows for the filter now, derived here if they are not (a command acting on the rows
    /// shown, the benchmark): never rows of an earlier filter.
    fn settled(&mut self, snapshot: &Snapshot, version: u64, account_filter: &str) -> Arc<Derived> {
        self.take_answers();
        let key = self.key(version, account_filter);
        if let Some(derived) = self.current(&key) {
            return derived;
        }
        let narrowing = self.candidates(&key);
        let index = self.order(snapshot, &key.0);
        self.derive_now(key, &index, narrowing.as_deref())
    }

    /// The rows the view draws, and whether they are still being derived for the filter as it
    /// is now (they are then the rows of an earlier filter of the same data, order and language).
    /// Derived here when few, else on the background thread, which repaints when done.
    fn for_view(
        &mut self,
        snapshot: &Snapshot,
        version: u64,
        account_filter: &str,
        ctx: &egui::Context,
    ) -> (Arc<Derived>, bool) {
        self.take_answers();
        let key = self.key(version, account_filter);
        if let Some(derived) = self.current(&key) {
            return (derived, false);
        }
        // Only a filter change is derived in the background: the rows kept on screen meanwhile
        // are then rows of this data in this order.
        let shown = self.rows.as_ref().filter(|rows| same_order(&rows.key, &key)).map(|rows| rows.derived.clone());
        if let Some(shown) = &shown
            && self.pending.as_ref().is_some_and(|(_, pending)| *pending == key)
        {
            return (shown.clone(), true);
        }
        let narrowing = self.candidates(&key);
        let index = self.order(snapshot, &key.0);
        let candidates = narrowing.as_ref().map_or(index.rows.len(), |d| d.positions.len());
        if let Some(shown) = shown
            && candidates >= self.background_from
            && self.ask_worker(ctx, &key, &index, narrowing.as_ref())
        {
            return (shown, true);
        }
        (self.derive_now(key, &index, narrowing.as_deref()), false)
    }

    /// How many rows the filter shows now (derived if anything changed).
    pub fn shown(&mut self, snapshot: &Snapshot, version: u64, account_filter: &str) -> usize {
        self.settled(snapshot, version, account_filter).rows.len()
    }

    /// The rows for the filter as it is now are still being derived (the view shows those of an
    /// earlier filter, marked). Takes the background thread's answers first.
    pub fn filtering(&mut self) -> bool {
        self.take_answers();
        self.pending.is_some()
    }

    /// The export finished: say so.
    pub fn exported(&mut self, result: Result<(usize, String), String>) {
        self.exporting = false;
        self.note = Some(match result {
            Ok((count, path)) => Ok(t!("transfers-exported", n = count, count = i18n::count(count), path = path)),
            Err(error) => Err(t!("transfers-export-failed", error = error)),
        });
    }

    /// The rows shown, as owned lines for the CSV export (in the order shown).
    pub fn export_lines(
        &mut self,
        snapshot: &Snapshot,
        version: u64,
        account_filter: &str,
    ) -> Vec<crate::export::TransferLine> {
        self.exporting = true;
        let derived = self.settled(snapshot, version, account_filter);
        derived
            .rows
            .iter()
            .filter_map(|r| transfer_at(snapshot, *r))
            .map(|(holder, entry, transfer)| crate::export::TransferLine {
                account_id: holder.account.id.clone(),
                account_name: holder.account.display_name().to_owned(),
                financial_account: entry.financial_account.id.clone(),
                transfer: transfer.clone(),
            })
            .collect()
    }
}

/// Rows derived for `a` and for `b` are rows of the same data, in the same order and language:
/// those of one may stand on screen while the other's are derived.
fn same_order(a: &DeriveKey, b: &DeriveKey) -> bool {
    a.0 == b.0 && a.2 == b.2
}

/// Rows derived for `previous` hold every row for `next` (same data, order and language, and a
/// filter that only narrows): `next`'s can be derived from them alone.
fn holds_every_row_of(previous: &DeriveKey, next: &DeriveKey) -> bool {
    same_order(previous, next) && narrows(&previous.1, &next.1)
}

/// `next` shows a subset of what `previous` showed: the same filter, with a search that contains
/// the previous one (typing on), so every row it shows was shown before.
fn narrows(previous: &Filter, next: &Filter) -> bool {
    let (before, after) = (previous.search.trim().to_lowercase(), next.search.trim().to_lowercase());
    !before.is_empty()
        && after.contains(&before)
        && Filter { search: String::new(), ..previous.clone() } == Filter { search: String::new(), ..next.clone() }
}

/// The holder, financial account entry and transfer a row points at.
fn transfer_at(
    snapshot: &Snapshot,
    (a, f, t): RowRef,
) -> Option<(&crate::snapshot::ConnectedAccount, &crate::snapshot::FinancialAccountEntry, &Transfer)> {
    let holder = snapshot.holder(a as usize)?;
    let entry = holder.financial_accounts.get(f as usize)?;
    Some((holder, entry, entry.inbound_transfers.get(t as usize)?))
}

/// What filtering reads of `rows` (sorted), side by side.
fn index(snapshot: &Snapshot, rows: Vec<RowRef>) -> Index {
    let mut index = Index { statuses: InboundTransferStatus::KNOWN.to_vec(), ..Index::default() };
    for holder in snapshot.holders() {
        for part in [holder.account.display_name(), &holder.account.id] {
            index.holders.push('\u{1f}');
            index.holders.push_str(&part.to_lowercase());
        }
        index.holder_ends.push(u32::try_from(index.holders.len()).unwrap_or(u32::MAX));
    }
    index.facts.reserve(rows.len());
    index.ends.reserve(rows.len());
    for &row in &rows {
        let Some((_, entry, transfer)) = transfer_at(snapshot, row) else {
            // Cannot happen: the rows were just listed from this snapshot.
            index.facts.push(Facts { created: 0, amount: 0, status: u32::MAX, currency: u32::MAX });
            index.ends.push(index.text.len() as u32);
            continue;
        };
        let currency = match index.currencies.iter().position(|c| *c == transfer.currency) {
            Some(at) => at,
            None => {
                index.currencies.push(transfer.currency.clone());
                index.widest.push(0);
                index.currencies.len() - 1
            }
        };
        if let Some(widest) = index.widest.get_mut(currency)
            && transfer.amount.unsigned_abs() > widest.unsigned_abs()
        {
            *widest = transfer.amount;
        }
        let status = match index.statuses.iter().position(|s| *s == transfer.status) {
            Some(at) => at,
            None => {
                index.statuses.push(transfer.status.clone());
                index.statuses.len() - 1
            }
        };
        index.facts.push(Facts {
            created: transfer.created,
            amount: transfer.amount,
            status: u32::try_from(status).unwrap_or(u32::MAX),
            currency: u32::try_from(currency).unwrap_or(u32::MAX),
        });
        let fa = &entry.financial_account;
        for part in [
            Some(&*transfer.id),
            transfer.origin_bank_name.as_deref(),
            transfer.origin_last4.as_deref(),
            Some(fa.id.as_str()),
            fa.nickname.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            // The separator keeps a search from matching across two fields.
            index.text.push('\u{1f}');
            if part.is_ascii() {
                index.text.extend(part.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                index.text.push_str(&part.to_lowercase());
            }
        }
        index.ends.push(u32::try_from(index.text.len()).unwrap_or(u32::MAX));
    }
    index.rows = rows;
    index
}

/// The rows of `index` (of `narrowing`'s rows only, when given: typing on in the search) that
/// pass `filter`, with their totals. Reads the index alone, never the snapshot: it runs on the
/// UI thread or on the background thread alike.
fn derive(index: &Index, narrowing: Option<&Derived>, filter: &Filter, lang: Lang) -> Derived {
    match narrowing {
        Some(previous) => derive_rows(index, previous.positions.iter().map(|&p| p as usize), false, filter, lang),
        None => derive_rows(index, 0..index.rows.len(), true, filter, lang),
    }
}

/// One pass over `candidates` (positions in the sorted `index`; `every` when they are all of it):
/// what passes the filter, and its totals per currency and status.
fn derive_rows(
    index: &Index,
    candidates: impl Iterator<Item = usize>,
    every: bool,
    filter: &Filter,
    lang: Lang,
) -> Derived {
    let mut errors = Vec::new();
    let mut day = |text: &str, next: bool| -> Option<i64> {
        if text.trim().is_empty() {
            return None;
        }
        match i18n::parse_date(text, lang) {
            Ok(date) => start_of(if next { date.tomorrow().unwrap_or(date) } else { date }),
            Err(error) => {
                errors.push(error.words());
                None
            }
        }
    };
    let from = day(&filter.from, false);
    let until = day(&filter.to, true);
    // Amounts are read in each row's currency (its decimals); a currency the typed bound cannot
    // be written in exactly (12.5 in yen) has no row that passes it.
    let bound = |text: &str, currency: &str| -> Result<Option<i64>, crate::money::AmountError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        match i18n::parse_amount(text, currency, lang) {
            Ok(amount) => Ok(Some(amount)),
            Err(crate::money::AmountError::Zero) => Ok(Some(0)),
            Err(error) => Err(error),
        }
    };
    // Said once, in dollars: the fields' own errors.
    for text in [&filter.min, &filter.max] {
        if let Err(error) = bound(text, "usd") {
            errors.push(error.words());
        }
    }
    let bounds: Vec<Bounds> = index
        .currencies
        .iter()
        .map(|currency| {
            let (min, max) = (bound(&filter.min, currency), bound(&filter.max, currency));
            let readable = min.is_ok() && max.is_ok();
            (min.unwrap_or(None), max.unwrap_or(None), readable)
        })
        .collect();
    let amounts = !filter.min.trim().is_empty() || !filter.max.trim().is_empty();
    // By position in `index.statuses` (the known ones first, in `KNOWN`'s order).
    let wanted: Vec<bool> = index.statuses.iter().map(|s| filter.statuses.contains(s)).collect();
    let needle = filter.search.trim().to_lowercase();
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let holder_hit: Vec<bool> =
        if needle.is_empty() { Vec::new() } else { hits(&finder, &index.holders, &index.holder_ends) };
    // Searching every row: one pass over all their text, each match marking its row.
    let text_hit: Vec<bool> =
        if needle.is_empty() || !every { Vec::new() } else { hits(&finder, &index.text, &index.ends) };
    let mut positions = Vec::new();
    // (currency, status) → (count, sum).
    let mut sums: Vec<((u32, u32), usize, i128)> = Vec::new();
    for i in candidates {
        let (Some(facts), Some(row)) = (index.facts.get(i), index.rows.get(i)) else { continue };
        if !filter.statuses.is_empty() && !wanted.get(facts.status as usize).copied().unwrap_or(false) {
            continue;
        }
        if from.is_some_and(|from| facts.created < from) || until.is_some_and(|until| facts.created >= until) {
            continue;
        }
        if amounts {
            let Some((min, max, readable)) = bounds.get(facts.currency as usize) else { continue };
            if !readable || min.is_some_and(|min| facts.amount < min) || max.is_some_and(|max| facts.amount > max) {
                continue;
            }
        }
        if !needle.is_empty() && !holder_hit.get(row.0 as usize).copied().unwrap_or(false) {
            let found = match text_hit.get(i) {
                Some(hit) => *hit,
                None => finder.find(index.text_of(i).as_bytes()).is_some(),
            };
            if !found {
                continue;
            }
        }
        positions.push(i as u32);
        let key = (facts.currency, facts.status);
        match sums.iter_mut().find(|(k, ..)| *k == key) {
            Some((_, count, sum)) => {
                *count += 1;
                *sum += i128::from(facts.amount);
            }
            None => sums.push((key, 1, i128::from(facts.amount))),
        }
    }
    let rows: Vec<RowRef> = positions.iter().filter_map(|&p| index.rows.get(p as usize).copied()).collect();
    let mut totals: Vec<Total> = sums
        .into_iter()
        .filter_map(|((currency, status), count, sum)| {
            Some(Total {
                currency: index.currencies.get(currency as usize)?.clone(),
                status: index.statuses.get(status as usize)?.clone(),
                count,
                sum,
            })
        })
        .collect();
    totals.sort_by(|a, b| (&a.currency, status_rank(&a.status)).cmp(&(&b.currency, status_rank(&b.status))));
    let widest = index.widest.iter().copied().zip(index.currencies.iter().cloned()).collect();
    Derived { positions, rows, totals, errors, widest }
}

/// Which of the texts laid one after the other in `text` (text `i` ends at `ends[i]`) contain
/// what `finder` looks for: one pass over them all, going on after a match from the end of its
/// text (one search per matching text at most).
fn hits(finder: &memchr::memmem::Finder<'_>, text: &str, ends: &[u32]) -> Vec<bool> {
    let mut hit = vec![false; ends.len()];
    let text = text.as_bytes();
    let (mut from, mut at_text) = (0, 0);
    while let Some(found) = text.get(from..).and_then(|rest| finder.find(rest)) {
        let at = from + found;
        while ends.get(at_text).is_some_and(|&end| (end as usize) <= at) {
            at_text += 1;
        }
        let Some(slot) = hit.get_mut(at_text) else { break };
        *slot = true;
        from = ends.get(at_text).map_or(text.len(), |&end| end as usize);
    }
    hit
}

/// Statuses in the order the filter lists them; unknown ones after, by Stripe's value.
fn status_rank(status: &InboundTransferStatus) -> (usize, &str) {
    let known = InboundTransferStatus::KNOWN.iter().position(|s| s == status);
    (known.unwrap_or(usize::MAX), status.as_str())
}

/// A sum that may not fit an `i64`: as money when it does, else the exact minor units.
fn total_text(sum: i128, currency: &str) -> String {
    match i64::try_from(sum) {
        Ok(sum) => Money::new(sum, currency).to_string(),
        Err(_) => format!("{sum} {}", currency.to_uppercase()),
    }
}

/// Width of `text` in `style`, unwrapped.
fn text_width(ui: &egui::Ui, text: &str, style: egui::TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE).size().x)
}

/// Draw the view.
pub fn ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    version: u64,
    state: &mut TransfersState,
    book: &crate::actions::Book,
    account_filter: &str,
) -> Vec<Command> {
    let mut commands = Vec::new();
    filters_ui(ui, state);
    // While the rows for a new filter are derived in the background, the rows of the filter
    // before stay on screen, marked, and nothing acts on them as a set: no selecting, copying
    // or keys (the Export writes the rows for the filter as it is). Not greyed: fading every
    // row's text costs a copy of each of them per frame.
    let (derived, filtering) = state.for_view(snapshot, version, account_filter, ui.ctx());
    for error in &derived.errors {
        ui.colored_label(widgets::RED, format!("⚠ {error}"));
    }
    let count = derived.rows.len();
    ui.horizontal_wrapped(|ui| {
        if account_filter.trim().is_empty() {
            widgets::weak(ui, t!("transfers-count", n = count, count = i18n::count(count)));
        } else {
            let filter = account_filter.trim().to_owned();
            widgets::weak(ui, t!("transfers-count-filtered", n = count, count = i18n::count(count), filter = filter));
        }
        if filtering {
            ui.spinner();
            widgets::weak(ui, t!("transfers-filtering")).on_hover_text(t!("transfers-filtering-hint"));
        }
    });
    if count == 0 {
        widgets::weak(ui, t!("transfers-none"));
        return commands;
    }
    totals_ui(ui, &derived.totals);
    let rows = &derived.rows;
    let widest: Vec<String> =
        derived.widest.iter().map(|(amount, currency)| Money::new(*amount, currency).to_string()).collect();
    selection_ui(ui, snapshot, state, (rows, filtering), &mut commands);
    let scroll_to = if filtering { None } else { keyboard(ui, snapshot, state, rows, book, &mut commands) };
    table_ui(ui, snapshot, state, (rows, &widest, filtering), book, scroll_to, &mut commands);
    commands
}

/// Status (several at once), sort, created dates, amounts, search.
fn filters_ui(ui: &mut egui::Ui, state: &mut TransfersState) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(t!("transfers-title"));
        ui.add_space(8.0);
        ui.label(t!("transfers-status")).on_hover_text(t!("transfers-status-hint"));
        if ui.selectable_label(state.filter.statuses.is_empty(), t!("transfers-all")).clicked() {
            state.filter.statuses.clear();
        }
        for status in InboundTransferStatus::KNOWN {
            let on = state.filter.statuses.contains(status);
            if ui.selectable_label(on, status.words()).on_hover_text(status.as_str()).clicked() {
                if on {
                    state.filter.statuses.remove(status);
                } else {
                    state.filter.statuses.insert(status.clone());
                }
            }
        }
        ui.separator();
        ui.label(t!("transfers-sort"));
        ui.selectable_value(&mut state.sort, SortBy::Created, t!("transfers-sort-date"));
        ui.selectable_value(&mut state.sort, SortBy::Amount, t!("transfers-sort-amount"));
        let order = if state.ascending { t!("transfers-ascending") } else { t!("transfers-descending") };
        if ui.button(order).clicked() {
            state.ascending = !state.ascending;
        }
    });
    ui.horizontal_wrapped(|ui| {
        // Hints name the format, not a value: a greyed date or amount reads like a filter in force.
        let date_hint = t!("transfers-date-hint");
        let field = |ui: &mut egui::Ui, text: &mut String, label: String, hint: &str, width: f32| {
            let label = ui.label(label);
            ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(width)).labelled_by(label.id);
        };
        ui.horizontal(|ui| {
            field(ui, &mut state.filter.from, t!("transfers-created-from"), &date_hint, 100.0);
            field(ui, &mut state.filter.to, t!("transfers-created-to"), &date_hint, 100.0);
        });
        ui.horizontal(|ui| {
            field(ui, &mut state.filter.min, t!("transfers-amount-from"), &t!("transfers-amount-min-hint"), 76.0);
            field(ui, &mut state.filter.max, t!("transfers-amount-to"), &t!("transfers-amount-max-hint"), 76.0);
        });
        ui.horizontal(|ui| {
            field(ui, &mut state.filter.search, t!("transfers-search"), &t!("transfers-search-hint"), 170.0);
        });
        if !state.filter.is_empty() && ui.button(t!("transfers-clear")).clicked() {
            state.filter = Filter::default();
        }
    });
}

/// Per currency, the shown rows' sum and count for each status, and in all.
fn totals_ui(ui: &mut egui::Ui, totals: &[Total]) {
    let statuses: BTreeSet<(usize, &str)> = totals.iter().map(|t| status_rank(&t.status)).collect();
    let statuses: Vec<&InboundTransferStatus> =
        statuses.iter().filter_map(|rank| totals.iter().map(|t| &t.status).find(|s| status_rank(s) == *rank)).collect();
    let currencies: BTreeSet<&Arc<str>> = totals.iter().map(|t| &t.currency).collect();
    let shown: usize = totals.iter().map(|t| t.count).sum();
    ui.label(RichText::new(t!("transfers-totals", n = shown, count = i18n::count(shown))).small().strong());
    egui::ScrollArea::horizontal().id_salt("transfer_totals_scroll").show(ui, |ui| {
        egui::Grid::new("transfer_totals").striped(true).min_col_width(60.0).spacing([18.0, 2.0]).show(ui, |ui| {
            ui.label(RichText::new(t!("currency")).small().strong());
            for status in &statuses {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(status.words()).small().strong()).on_hover_text(status.as_str());
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(t!("transfers-total")).small().strong());
            });
            ui.end_row();
            for currency in currencies {
                ui.label(currency.to_uppercase());
                let mut all = (0usize, 0i128);
                for status in &statuses {
                    let cell = totals.iter().find(|t| t.currency == *currency && t.status == **status);
                    let (count, sum) = cell.map_or((0, 0), |t| (t.count, t.sum));
                    all = (all.0 + count, all.1 + sum);
                    total_cell(ui, count, sum, currency);
                }
                total_cell(ui, all.0, all.1, currency);
                ui.end_row();
            }
        });
    });
}

/// `$12,345.00 (12)`, right-aligned, never wrapped; `—` for none.
fn total_cell(ui: &mut egui::Ui, count: usize, sum: i128, currency: &str) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        if count == 0 {
            widgets::weak(ui, "—");
            return;
        }
        widgets::weak(ui, format!("({})", i18n::count(count)));
        // Worded when hovered, not in every frame.
        ui.add(egui::Label::new(RichText::new(total_text(sum, currency)).monospace()).extend()).on_hover_ui(|ui| {
            ui.label(t!("transfers-total-cell-hint", n = count, count = i18n::count(count)));
        });
    });
}

/// The ids of the selected rows, in the order shown.
fn selected_in_order<'a>(snapshot: &'a Snapshot, state: &TransfersState, rows: &[RowRef]) -> Vec<&'a Transfer> {
    if state.selected.is_empty() {
        return Vec::new();
    }
    rows.iter()
        .filter_map(|r| transfer_at(snapshot, *r).map(|(_, _, t)| t))
        .filter(|t| state.selected.contains(&t.id))
        .collect()
}

/// `ibt_…` per line.
fn ids_text(transfers: &[&Transfer]) -> String {
    transfers.iter().map(|t| &*t.id).collect::<Vec<_>>().join("\n")
}

/// `ibt_…<TAB>1234.56<TAB>usd<TAB>succeeded` per line: machine formats, for a spreadsheet.
fn rows_text(transfers: &[&Transfer]) -> String {
    transfers
        .iter()
        .map(|t| format!("{}\t{}\t{}\t{}", t.id, Money::new(t.amount, &t.currency).decimal(), t.currency, t.status))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The selection and what can be done with it; the CSV export of the rows shown.
fn selection_ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    state: &mut TransfersState,
    (rows, filtering): (&[RowRef], bool),
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let selected = state.selected.len();
        widgets::weak(ui, t!("transfers-selected", count = i18n::count(selected)))
            .on_hover_text(t!("transfers-keys-hint"));
        ui.add_enabled_ui(selected > 0 && !filtering, |ui| {
            if ui.button(t!("transfers-copy-ids")).clicked() {
                let chosen = selected_in_order(snapshot, state, rows);
                ui.ctx().copy_text(ids_text(&chosen));
                state.note = Some(Ok(t!("transfers-copied", n = chosen.len(), count = i18n::count(chosen.len()))));
            }
            if ui.button(t!("transfers-copy-rows")).on_hover_text(t!("transfers-copy-hint")).clicked() {
                let chosen = selected_in_order(snapshot, state, rows);
                ui.ctx().copy_text(rows_text(&chosen));
                state.note = Some(Ok(t!("transfers-copied", n = chosen.len(), count = i18n::count(chosen.len()))));
            }
        });
        if selected > 0 {
            if ui.button(t!("transfers-select-none")).clicked() {
                state.selected.clear();
            }
        } else if ui.add_enabled(!filtering, egui::Button::new(t!("transfers-select-all"))).clicked() {
            state.selected =
                rows.iter().filter_map(|r| transfer_at(snapshot, *r)).map(|(_, _, t)| t.id.clone()).collect();
        }
        ui.separator();
        let label = ui.label(t!("transfers-export-path"));
        if !state.export_path_filled {
            state.export_path = default_export_path();
            state.export_path_filled = true;
        }
        ui.add(egui::TextEdit::singleline(&mut state.export_path).desired_width(200.0)).labelled_by(label.id);
        if state.exporting {
            ui.spinner();
            widgets::weak(ui, t!("transfers-exporting"));
        } else if ui.button(t!("transfers-export")).on_hover_text(t!("transfers-export-hint")).clicked()
            && !state.export_path.trim().is_empty()
        {
            commands.push(Command::ExportTransfers(std::path::PathBuf::from(state.export_path.trim())));
        }
        match &state.note {
            Some(Ok(news)) => widgets::weak(ui, news),
            Some(Err(error)) => ui.colored_label(widgets::RED, format!("⚠ {error}")),
            None => ui.label(""),
        };
    });
}

/// `~/transfers-2026-11-01.csv` (today's date, ISO: a file name is no place for local formats).
fn default_export_path() -> String {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default();
    home.join(format!("transfers-{}.csv", format::today())).display().to_string()
}

/// ↑/↓ move the selected row, Enter opens its account, `c`/`x` ask to confirm or cancel it,
/// Ctrl+C copies the selected ids. Nothing when a text field has the keys. The row to scroll to.
fn keyboard(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    state: &mut TransfersState,
    rows: &[RowRef],
    book: &crate::actions::Book,
    commands: &mut Vec<Command>,
) -> Option<usize> {
    if ui.ctx().egui_wants_keyboard_input() {
        return None;
    }
    let (down, up, enter, confirm, cancel, copy) = ui.input(|i| {
        // With the modifiers each key came with (a test's or a remote desktop's held keys are
        // on the event, not always in `i.modifiers`).
        let pressed = |key: egui::Key, with: fn(egui::Modifiers) -> bool| {
            i.events.iter().any(|e| {
                matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. } if *k == key && with(*modifiers))
            })
        };
        (
            pressed(egui::Key::ArrowDown, |_| true),
            pressed(egui::Key::ArrowUp, |_| true),
            pressed(egui::Key::Enter, |_| true),
            pressed(egui::Key::C, |m| m.is_none()),
            pressed(egui::Key::X, |m| m.is_none()),
            i.events.iter().any(|e| matches!(e, egui::Event::Copy)) || pressed(egui::Key::C, |m| m.command),
        )
    });
    if !(down || up || enter || confirm || cancel || copy) {
        return None;
    }
    let position = |id: &str| rows.iter().position(|r| transfer_at(snapshot, *r).is_some_and(|(_, _, t)| &*t.id == id));
    let current = state.cursor.as_deref().and_then(position);
    let mut scroll_to = None;
    if down || up {
        let next = match (down, current) {
            (_, None) => 0,
            (true, Some(i)) => (i + 1).min(rows.len().saturating_sub(1)),
            (false, Some(i)) => i.saturating_sub(1),
        };
        if let Some((_, _, transfer)) = rows.get(next).and_then(|r| transfer_at(snapshot, *r)) {
            state.cursor = Some(transfer.id.clone());
            state.selected = BTreeSet::from([transfer.id.clone()]);
            scroll_to = Some(next);
        }
    }
    if copy && !state.selected.is_empty() {
        let chosen = selected_in_order(snapshot, state, rows);
        ui.ctx().copy_text(ids_text(&chosen));
        state.note = Some(Ok(t!("transfers-copied", n = chosen.len(), count = i18n::count(chosen.len()))));
    }
    let Some((holder, _, transfer)) = current.and_then(|i| rows.get(i)).and_then(|r| transfer_at(snapshot, *r)) else {
        return scroll_to;
    };
    let account = holder.account.id.clone();
    if enter {
        commands.push(Command::Show(View::Account(account.clone())));
    }
    let busy = book.running(&transfer.id).is_some();
    if confirm && !busy && cells::can_confirm(transfer) {
        commands.push(cells::ask(&account, transfer, true));
    }
    if cancel && !busy && cells::can_cancel(transfer) {
        commands.push(cells::ask(&account, transfer, false));
    }
    scroll_to
}

/// The columns, by priority: amount, status, actions and account are never cut; the rest
/// shorten (full text on hover). When even their least does not fit, the table scrolls sideways.
fn table_ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    state: &mut TransfersState,
    (rows, widest, filtering): (&[RowRef], &[String], bool),
    book: &crate::actions::Book,
    scroll_to: Option<usize>,
    commands: &mut Vec<Command>,
) {
    let titles = [
        t!("col-created"),
        t!("col-account"),
        t!("col-amount"),
        t!("col-status"),
        t!("col-actions"),
        t!("col-from"),
        t!("col-financial-account"),
        t!("col-notes"),
        t!("col-descriptor"),
        t!("col-receipt"),
    ];
    let header_widths: Vec<f32> = titles.iter().map(|t| text_width(ui, t, egui::TextStyle::Small) + 2.0).collect();
    let header_width = |i: usize| header_widths.get(i).copied().unwrap_or(0.0);
    let body = |text: &str| text_width(ui, text, egui::TextStyle::Body);
    let small = |text: &str| text_width(ui, text, egui::TextStyle::Small);
    // Never cut: the widest a cell of these columns can be, measured in the language in use.
    let created = small(&format::datetime(1_800_000_000)).max(header_width(0));
    let status = InboundTransferStatus::KNOWN.iter().map(|s| small(&s.words())).fold(0.0, f32::max) + 18.0;
    let button = ui.spacing().button_padding.x * 2.0;
    let actions = body(&t!("transfer-confirm-button")) + body(&t!("transfer-cancel-button")) + 2.0 * button + 8.0;
    let receipt = body(&t!("transfer-receipt")).max(header_width(9));
    let mut cell = ui.style().wrap_mode;
    cell.replace(egui::TextWrapMode::Truncate);
    ui.style_mut().wrap_mode = cell;
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.spacing().interact_size.y + 4.0;
    let amount = widest
        .iter()
        .map(|text| text_width(ui, text, egui::TextStyle::Monospace) + 4.0)
        .fold(header_width(2).max(70.0), f32::max);
    // Account, From, Financial account, Notes, Descriptor: what they would like, and their least.
    let preferred = [170.0, 140.0, 120.0, 170.0, 100.0];
    let least = [
        header_width(1).max(96.0),
        header_width(5).max(84.0),
        header_width(6).max(60.0),
        header_width(7).max(60.0),
        header_width(8).max(60.0),
    ];
    // A scroll bar of its own, so a wide table shows that it scrolls.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    let gap = ui.spacing().item_spacing.x;
    // The first column (when, and the id on hover) stays in place; the rest scrolls sideways
    // beside it. Both parts scroll up and down together (see `Sticky`).
    let spacing = gap * 9.0 + ui.spacing().scroll.allocated_width();
    let room = ui.available_width() - created - gap - (amount + status + actions + receipt) - spacing;
    let widths = share(room, preferred, least);
    let sideways = room < least.iter().sum::<f32>();
    let [account_w, from_w, fa_w, notes_w, descriptor_w] = widths;
    let sticky_id = ui.make_persistent_id("transfers_sticky");
    let sticky: Sticky = ui.data(|d| d.get_temp(sticky_id)).unwrap_or_default();
    let offset = sticky.offset();
    // What each part reports after this frame's scrolling, and the row under the pointer.
    let (mut left_offset, mut right_offset, mut hovered) = (offset, offset, None);
    let mut row_clicked = None;
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        // The right part's sideways scroll bar takes room at its foot: the first column ends as
        // high, so both parts show the same rows.
        let bar = if sideways { ui.spacing().scroll.allocated_width() } else { 0.0 };
        let height = ui.available_height() - bar;
        ui.allocate_ui_with_layout(egui::vec2(created, height), egui::Layout::top_down(egui::Align::Min), |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt("transfers_table_first")
                .striped(true)
                .sense(egui::Sense::click())
                .max_scroll_height(height)
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
                .column(Column::exact(created));
            table = match scroll_to {
                Some(row) => table.scroll_to_row(row, None),
                None => table.vertical_scroll_offset(offset),
            };
            let output = table
                .header(20.0, |mut header| {
                    header.col(|ui| {
                        let title = &titles[0];
                        ui.add(egui::Label::new(RichText::new(title).small().strong()).truncate())
                            .on_hover_text(title.as_str());
                    });
                })
                .body(|body| {
                    body.rows(row_height, rows.len(), |mut row| {
                        let Some((_, _, transfer)) = rows.get(row.index()).and_then(|r| transfer_at(snapshot, *r))
                        else {
                            return;
                        };
                        row.set_selected(state.selected.contains(&transfer.id));
                        row.set_hovered(sticky.hovered == Some(row.index()));
                        row.col(|ui| {
                            widgets::weak(ui, format::datetime(transfer.created)).on_hover_text(&*transfer.id);
                        });
                        let response = row.response();
                        if response.hovered() {
                            hovered = Some(row.index());
                        }
                        if response.clicked() {
                            row_clicked = Some((transfer.id.clone(), ui_modifiers(&response)));
                        }
                    });
                });
            left_offset = output.state.clamped_offset().y;
        });
        // Top down inside, as a table lays out its header above its rows.
        let rest = egui::vec2(ui.available_width(), ui.available_height());
        let layout = egui::Layout::top_down(egui::Align::Min);
        ui.allocate_ui_with_layout(rest, layout, |ui| {
            egui::ScrollArea::horizontal().id_salt("transfers_hscroll").auto_shrink([false, false]).show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("transfers_table")
                    .striped(true)
                    .sense(egui::Sense::click())
                    .max_scroll_height(height)
                    .column(Column::exact(account_w).clip(true))
                    .column(Column::exact(amount))
                    .column(Column::exact(status))
                    .column(Column::exact(actions))
                    .column(Column::exact(from_w).clip(true))
                    .column(Column::exact(fa_w).clip(true))
                    .column(Column::exact(notes_w).clip(true))
                    .column(Column::exact(descriptor_w).clip(true))
                    .column(Column::remainder().at_least(receipt));
                table = match scroll_to {
                    Some(row) => table.scroll_to_row(row, None),
                    None => table.vertical_scroll_offset(offset),
                };
                let output = table
                    .header(20.0, |mut header| {
                        for (i, title) in titles.iter().enumerate().skip(1) {
                            header.col(|ui| {
                                let text = RichText::new(title).small().strong();
                                // Figures are right-aligned: so is their title.
                                if i == 2 {
                                    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                                        ui.add(egui::Label::new(text).extend());
                                    });
                                } else {
                                    ui.add(egui::Label::new(text).truncate()).on_hover_text(title.as_str());
                                }
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(row_height, rows.len(), |mut row| {
                            let Some((account, entry, transfer)) =
                                rows.get(row.index()).and_then(|r| transfer_at(snapshot, *r))
                            else {
                                return;
                            };
                            row.set_selected(state.selected.contains(&transfer.id));
                            row.set_hovered(sticky.hovered == Some(row.index()));
                            row.col(|ui| {
                                let name = account.account.display_name();
                                let hover = format!("{name}\n{}", account.account.id);
                                if ui.add(egui::Link::new(name)).on_hover_text(hover).clicked() {
                                    commands.push(Command::Show(View::Account(account.account.id.clone())));
                                }
                            });
                            row.col(|ui| widgets::money_column(ui, [Money::new(transfer.amount, &transfer.currency)]));
                            row.col(|ui| cells::status_chip(ui, transfer));
                            row.col(|ui| cells::actions(ui, &account.account.id, transfer, book, commands));
                            row.col(|ui| cells::origin_cell(ui, transfer));
                            row.col(|ui| {
                                let fa = &entry.financial_account;
                                ui.label(fa.label()).on_hover_text(format!("{}\n{}", fa.label(), fa.id));
                            });
                            row.col(|ui| {
                                let notes = cells::notes(transfer);
                                if !notes.is_empty() {
                                    ui.label(&notes).on_hover_text(&notes);
                                }
                            });
                            row.col(|ui| {
                                let descriptor = &*transfer.statement_descriptor;
                                ui.label(descriptor).on_hover_text(descriptor);
                            });
                            row.col(|ui| cells::receipt(ui, transfer));
                            let response = row.response();
                            if response.hovered() {
                                hovered = Some(row.index());
                            }
                            if response.clicked() {
                                row_clicked = Some((transfer.id.clone(), ui_modifiers(&response)));
                            }
                        });
                    });
                right_offset = output.state.clamped_offset().y;
            });
        });
    });
    if let Some((id, (command, shift))) = row_clicked
        && !filtering
    {
        click(state, snapshot, rows, &id, command, shift);
    }
    let next = Sticky { told: offset, left: left_offset, right: right_offset, hovered };
    if next.left != next.right || next.hovered != sticky.hovered {
        // The other part follows on the next frame.
        ui.ctx().request_repaint();
    }
    ui.data_mut(|d| d.insert_temp(sticky_id, next));
}

/// The Transfers table's two parts, the first column and the rest, scroll up and down as one:
/// each reports where it ended a frame, and the part the user scrolled sets where both start the
/// next. The row under the pointer is lit in both.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sticky {
    /// Where both parts were told to be.
    told: f32,
    /// Where the first column ended.
    left: f32,
    /// Where the rest ended.
    right: f32,
    /// The row under the pointer, in either part.
    hovered: Option<usize>,
}

impl Sticky {
    /// Where both parts go next: where the one that moved away from where it was told to be went.
    fn offset(&self) -> f32 {
        if self.left != self.told { self.left } else { self.right }
    }
}

/// Widths for the columns that may shorten: what they would like when `room` allows, their least
/// when it does not (the table then scrolls sideways), in between in proportion otherwise.
fn share(room: f32, preferred: [f32; 5], least: [f32; 5]) -> [f32; 5] {
    let (want, need): (f32, f32) = (preferred.iter().sum(), least.iter().sum());
    let mut widths = least;
    for ((width, preferred), least) in widths.iter_mut().zip(preferred).zip(least) {
        let preferred = preferred.max(least);
        *width = if room >= want {
            preferred
        } else if room <= need || want <= need {
            least
        } else {
            least + (preferred - least) * (room - need) / (want - need)
        };
    }
    widths
}

/// Ctrl (⌘) and Shift as they were when the click was released (a quick Ctrl+click can release
/// Ctrl within the same frame, so the frame's end state may have forgotten it).
fn ui_modifiers(response: &egui::Response) -> (bool, bool) {
    response.ctx.input(|i| {
        let at_click = i.events.iter().rev().find_map(|e| match e {
            egui::Event::PointerButton { button: egui::PointerButton::Primary, pressed: false, modifiers, .. } => {
                Some(*modifiers)
            }
            _ => None,
        });
        let modifiers = at_click.unwrap_or(i.modifiers);
        (modifiers.command, modifiers.shift)
    })
}

/// A click on a row: it alone is selected; Ctrl adds or removes it; Shift selects from the
/// keyboard's row to it.
fn click(state: &mut TransfersState, snapshot: &Snapshot, rows: &[RowRef], id: &str, command: bool, shift: bool) {
    let id: Box<str> = id.into();
    let position = |id: &str| rows.iter().position(|r| transfer_at(snapshot, *r).is_some_and(|(_, _, t)| &*t.id == id));
    if shift && let Some(from) = state.cursor.as_deref().and_then(position) {
        let to = position(&id).unwrap_or(from);
        let (low, high) = (from.min(to), from.max(to));
        state.selected = rows
            .get(low..=high)
            .unwrap_or_default()
            .iter()
            .filter_map(|r| transfer_at(snapshot, *r))
            .map(|(_, _, t)| t.id.clone())
            .collect();
        return;
    }
    if command {
        if !state.selected.remove(&id) {
            state.selected.insert(id.clone());
        }
    } else {
        state.selected = BTreeSet::from([id.clone()]);
    }
    state.cursor = Some(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_columns_share_the_room_between_their_least_and_what_they_would_like() {
        let (preferred, least) = ([100.0, 100.0, 100.0, 100.0, 100.0], [50.0, 50.0, 50.0, 50.0, 50.0]);
        assert_eq!(share(1_000.0, preferred, least), preferred);
        assert_eq!(share(100.0, preferred, least), least, "too little room: the least, and the table scrolls");
        assert_eq!(share(375.0, preferred, least), [75.0; 5]);
    }

    #[test]
    fn typing_on_narrows_and_anything_else_derives_again() {
        let typed = |search: &str| Filter { search: search.to_owned(), ..Filter::default() };
        assert!(narrows(&typed("wel"), &typed("wells")));
        assert!(narrows(&typed("ELL"), &typed("wells")), "case does not matter");
        assert!(!narrows(&typed("wells"), &typed("well")), "deleting widens");
        assert!(!narrows(&typed(""), &typed("w")), "no search before: every row is searched");
        let mut failed = typed("wells");
        failed.statuses.insert(InboundTransferStatus::Failed);
        assert!(!narrows(&typed("wel"), &failed), "another filter changed");
    }

    #[test]
    fn sums_past_i64_are_shown_exactly() {
        crate::i18n::set_thread(Lang::En);
        assert_eq!(total_text(123_456, "usd"), "$1,234.56");
        let huge = i128::from(i64::MAX) * 2;
        assert_eq!(total_text(huge, "usd"), format!("{huge} USD"));
    }
}
