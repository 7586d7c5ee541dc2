//! Money, counts and dates in the language in use, with ICU4X's CLDR data: `$1,234.56` (en),
//! `1.234,56 $` (de), `￥1,234` (ja). Amounts stay integer minor units until this last step.

use std::cell::RefCell;
use std::collections::HashMap;

use fixed_decimal::Decimal;
use icu::decimal::DecimalFormatter;
use icu::locale::Locale;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use writeable::Writeable;

use super::{Lang, current};
use crate::money::exponent;

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::En => icu::locale::locale!("en"),
        Lang::Ja => icu::locale::locale!("ja"),
        Lang::De => icu::locale::locale!("de"),
    }
}

/// The formatters built so far on this thread, per language and currency (building one loads
/// CLDR data; ICU4X formatters are not shared between threads), and the texts they wrote: a frame
/// shows the same amounts, counts and dates as the one before, and a lookup costs far less than
/// formatting again. Each memo is emptied when it reaches [`MEMO_LIMIT`] entries.
#[derive(Default)]
struct Cache {
    decimal: HashMap<Lang, Option<DecimalFormatter>>,
    currency: HashMap<(Lang, String), Option<CurrencyFormatter<DecimalFormatter>>>,
    counts: HashMap<(Lang, usize), String>,
    /// By language, amount and currency code.
    money: HashMap<(Lang, i64, Box<str>), MoneyParts>,
    /// By language and second, for the system time zone named `datetimes_zone`.
    datetimes: HashMap<(Lang, i64), String>,
    datetimes_zone: Option<String>,
    weekday_dates: HashMap<(Lang, jiff::civil::Date), String>,
}

/// What [`money_parts`] returns.
type MoneyParts = (String, Option<String>);

/// Entries a memo of [`Cache`] holds before it is emptied (a few screens' worth).
const MEMO_LIMIT: usize = 4_096;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// What `field` of this thread's [`Cache`] holds under `key`, else what `make` makes (kept there;
/// the memo is emptied first when full). `make` may use the cache itself.
fn memoised<K: std::hash::Hash + Eq, V: Clone>(
    field: fn(&mut Cache) -> &mut HashMap<K, V>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(value) = CACHE.with_borrow_mut(|cache| field(cache).get(&key).cloned()) {
        return value;
    }
    let value = make();
    CACHE.with_borrow_mut(|cache| {
        let memo = field(cache);
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(key, value.clone());
    });
    value
}

/// `amount` minor units of `currency` as a decimal, exactly: 123456 usd → 1234.56.
fn exact(amount: i64, exp: u32) -> Decimal {
    let mut value = Decimal::from(amount);
    value.multiply_pow10(-i16::try_from(exp).unwrap_or(0));
    value
}

/// The digits of a formatted number, to compare two formattings of one value.
fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// A number in the language in use, grouped: `1,234.56` (en, ja), `1.234,56` (de). Exact: the
/// digits are never rounded.
fn decimal(value: &Decimal, lang: Lang) -> String {
    CACHE.with_borrow_mut(|cache| {
        let formatter = cache
            .decimal
            .entry(lang)
            .or_insert_with(|| DecimalFormatter::try_new(locale(lang).into(), Default::default()).ok());
        match formatter {
            Some(formatter) => formatter.format(value).write_to_string().into_owned(),
            None => value.write_to_string().into_owned(),
        }
    })
}

/// A count (`1,000` in en, `1.000` in de).
pub fn count(n: usize) -> String {
    let lang = current();
    memoised(|cache| &mut cache.counts, (lang, n), || decimal(&Decimal::from(n as u64), lang))
}

/// A number of a currency's units without its symbol (amount fields, plain figures).
pub fn number_of(amount: i64, currency: &str) -> String {
    let exp = exponent(currency).unwrap_or(0);
    decimal(&exact(amount, exp), current())
}

/// `amount` minor units of `currency` in the language in use: `$1,234.56` (en), `1.234,56 $`
/// (de), `￥1,234` (ja). Where CLDR has no symbol the ISO code stands (`CHF 1,234.50`). Where CLDR
/// would round the amount (its digits for a currency differ from ISO 4217's, which Stripe's
/// minor units follow), the exact number and the code are shown instead: money is never rounded
/// on screen. A code with no known exponent shows the raw minor units.
pub fn money(amount: i64, currency: &str) -> String {
    let (number, symbol) = money_parts(amount, currency);
    match symbol {
        Some(formatted) => formatted,
        None => number,
    }
}

/// The amount formatted with its currency (`Some`), or, where that is not possible exactly,
/// the plain text to show (`None` in the second place).
pub fn money_parts(amount: i64, currency: &str) -> (String, Option<String>) {
    let lang = current();
    memoised(|cache| &mut cache.money, (lang, amount, Box::from(currency)), || money_parts_in(amount, currency, lang))
}

/// [`money_parts`] in `lang`, formatted now.
fn money_parts_in(amount: i64, currency: &str, lang: Lang) -> (String, Option<String>) {
    let code = currency.to_ascii_uppercase();
    let Some(exp) = exponent(currency) else {
        let raw = decimal(&Decimal::from(amount), lang);
        return (crate::t!("money-minor-units", amount = raw, code = code), None);
    };
    let value = exact(amount, exp);
    let plain = decimal(&value, lang);
    let formatted = CACHE.with_borrow_mut(|cache| {
        let formatter = cache.currency.entry((lang, code.clone())).or_insert_with(|| {
            let currency = CurrencyType::try_from_str(&code).ok()?;
            CurrencyFormatter::try_new_symbol(locale(lang).into(), currency, Default::default()).ok()
        });
        formatter.as_ref().map(|f| f.format_fixed_decimal(&value).write_to_string().into_owned())
    });
    match formatted {
        Some(text) if digits(&text) == digits(&plain) => (plain, Some(text)),
        _ => (format!("{plain}\u{a0}{code}"), None),
    }
}

/// `2026-03-05 14:07` (en), `2026/03/05 14:07` (ja), `05.03.2026 14:07` (de), in the system's
/// time zone (UTC when it cannot be known).
pub fn datetime(ts: crate::stripe::common::Timestamp) -> String {
    let Ok(at) = jiff::Timestamp::from_second(ts) else {
        return ts.to_string();
    };
    let zone = jiff::tz::TimeZone::system();
    // The memo holds one time zone's texts: a change of the system's empties it.
    let name = zone.iana_name();
    CACHE.with_borrow_mut(|cache| {
        if cache.datetimes_zone.as_deref() != name {
            cache.datetimes.clear();
            cache.datetimes_zone = name.map(str::to_owned);
        }
    });
    let lang = current();
    memoised(|cache| &mut cache.datetimes, (lang, ts), || datetime_in(at.to_zoned(zone), lang))
}

/// [`datetime`] of `zoned` in `lang`, formatted now.
fn datetime_in(zoned: jiff::Zoned, lang: Lang) -> String {
    match lang {
        Lang::En => zoned.strftime("%Y-%m-%d %H:%M").to_string(),
        lang => format!("{} {}", date_in(zoned.date(), lang), zoned.strftime("%H:%M")),
    }
}

/// A calendar date: `2026-03-05` (en), `2026/03/05` (ja), `05.03.2026` (de).
pub fn date(date: jiff::civil::Date) -> String {
    date_in(date, current())
}

/// A calendar date with its weekday, for deadlines: `Thu 2026-12-03` (en), `2026/12/03(木)` (ja),
/// `Do., 03.12.2026` (de).
pub fn weekday_date(date: jiff::civil::Date) -> String {
    let lang = current();
    memoised(|cache| &mut cache.weekday_dates, (lang, date), || weekday_date_in(date, lang))
}

/// [`weekday_date`] in `lang`, formatted now.
fn weekday_date_in(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.strftime("%a %Y-%m-%d").to_string(),
        lang => cldr_date(date, lang, true).unwrap_or_else(|| date.strftime("%a %Y-%m-%d").to_string()),
    }
}

fn date_in(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::En => date.strftime("%Y-%m-%d").to_string(),
        lang => cldr_date(date, lang, false).unwrap_or_else(|| date.strftime("%Y-%m-%d").to_string()),
    }
}

/// `date` in `lang` with CLDR's medium pattern, with or without the weekday; `None` when ICU4X
/// cannot (the callers fall back to ISO order).
fn cldr_date(date: jiff::civil::Date, lang: Lang, weekday: bool) -> Option<String> {
    // Gregorian only, the calendar of all three languages: a formatter for any calendar would
    // carry every calendar's month and era names for every locale into the binary.
    use icu::calendar::Gregorian;
    use icu::datetime::FixedCalendarDateTimeFormatter;
    use icu::datetime::fieldsets::{YMD, YMDE};
    let (year, month, day) = (i32::from(date.year()), date.month().unsigned_abs(), date.day().unsigned_abs());
    let day = icu::calendar::Date::try_new_gregorian(year, month, day).ok()?;
    let text = if weekday {
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(locale(lang).into(), YMDE::medium())
            .ok()?
            .format(&day)
            .write_to_string()
            .into_owned()
    } else {
        FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(locale(lang).into(), YMD::medium())
            .ok()?
            .format(&day)
            .write_to_string()
            .into_owned()
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_thread;

    #[test]
    fn money_in_each_language() {
        set_thread(Lang::En);
        assert_eq!(money(123_456, "usd"), "$1,234.56");
        assert_eq!(money(-5, "usd"), "-$0.05");
        assert_eq!(money(1_234_567, "jpy"), "¥1,234,567");
        assert_eq!(money(123_450, "chf"), "CHF\u{a0}1,234.50");
        assert_eq!(money(1_234, "kwd"), "KWD\u{a0}1.234");
        set_thread(Lang::De);
        assert_eq!(money(123_456, "usd"), "1.234,56\u{a0}$");
        assert_eq!(money(1_234, "jpy"), "1.234\u{a0}¥");
        assert_eq!(money(-123_456, "eur"), "-1.234,56\u{a0}€");
        assert_eq!(count(1_000), "1.000");
        set_thread(Lang::Ja);
        assert_eq!(money(1_234, "jpy"), "￥1,234");
        assert_eq!(money(123_456, "usd"), "$1,234.56");
        assert_eq!(money(i64::MIN, "usd"), "-$92,233,720,368,547,758.08");
    }

    #[test]
    fn dates_in_each_language() {
        let day = jiff::civil::date(2026, 3, 5);
        set_thread(Lang::En);
        assert_eq!(date(day), "2026-03-05");
        set_thread(Lang::Ja);
        assert_eq!(date(day), "2026/03/05");
        set_thread(Lang::De);
        assert_eq!(date(day), "05.03.2026");
        for (lang, expected) in
            [(Lang::En, "Thu 2026-03-05"), (Lang::Ja, "2026/03/05(木)"), (Lang::De, "Do., 05.03.2026")]
        {
            set_thread(lang);
            assert_eq!(weekday_date(day), expected);
        }
    }
}
