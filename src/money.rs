//! Money as Stripe sends it: integer minor units plus a lowercase ISO 4217 code.
//! Owns formatting with each currency's real exponent; never touches floats.

use std::collections::BTreeMap;
use std::fmt;

use iso_currency::Currency;

/// An amount in a currency's minor units (cents for USD, yen for JPY).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money<'a> {
    /// Minor units, as on the wire.
    pub amount: i64,
    /// Lowercase ISO 4217 code, as on the wire (`usd`).
    pub currency: &'a str,
}

/// The number of decimal places of a currency (2 for USD, 0 for JPY, 3 for KWD).
///
/// Unknown codes (Stripe's fixtures even carry a literal `"undefined"` key) are `None`: the
/// caller shows the raw minor units instead of guessing.
pub fn exponent(currency: &str) -> Option<u32> {
    let code = currency.to_ascii_uppercase();
    Currency::from_code(&code).and_then(Currency::exponent).map(u32::from)
}

impl<'a> Money<'a> {
    /// An amount of `amount` minor units of `currency`.
    pub fn new(amount: i64, currency: &'a str) -> Self {
        Self { amount, currency }
    }

    /// The amount without the currency code: `1,234.56`, `-0.05`, `1,234` (JPY).
    /// For a currency whose exponent is unknown, the raw minor units and `minor units`.
    pub fn number(&self) -> String {
        let sign = if self.amount < 0 { "-" } else { "" };
        let magnitude = self.amount.unsigned_abs();
        match exponent(self.currency) {
            Some(0) => format!("{sign}{}", group_thousands(magnitude)),
            Some(exp) => {
                let scale = 10u64.pow(exp);
                let (major, minor) = (magnitude / scale, magnitude % scale);
                format!("{sign}{}.{minor:0width$}", group_thousands(major), width = exp as usize)
            }
            None => format!("{sign}{} minor units", group_thousands(magnitude)),
        }
    }

    /// A plain decimal for spreadsheets and machine use: `1234.56`, `-0.05`, `1234` (JPY);
    /// raw minor units when the exponent is unknown.
    pub fn decimal(&self) -> String {
        let sign = if self.amount < 0 { "-" } else { "" };
        let magnitude = self.amount.unsigned_abs();
        match exponent(self.currency) {
            Some(0) | None => format!("{sign}{magnitude}"),
            Some(exp) => {
                let scale = 10u64.pow(exp);
                format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale, width = exp as usize)
            }
        }
    }

    /// True when the amount is negative (owed by the holder); views paint it red.
    pub fn is_negative(&self) -> bool {
        self.amount < 0
    }
}

impl fmt::Display for Money<'_> {
    /// In the language in use, with the currency's symbol where CLDR has one: `$1,234.56` (en),
    /// `1.234,56 $` (de), `￥1,234` (ja); never rounded (see [`crate::i18n::money`]). Exports use
    /// [`Money::decimal`] instead: machine formats do not change with the language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::money(self.amount, self.currency))
    }
}

/// `1,234,567`: digits grouped by thousands, as amounts are (also used for counts).
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Why a typed amount was refused. The `Display` is one line for the person typing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing typed.
    #[error("type an amount")]
    Empty,
    /// Not a plain decimal number (letters, two points, a misplaced thousands comma…).
    #[error("not an amount: use digits and one decimal point, e.g. 1250.00")]
    NotANumber,
    /// Below zero.
    #[error("must be more than zero, not negative")]
    Negative,
    /// Zero.
    #[error("must be more than zero")]
    Zero,
    /// More decimals than the currency has (`12.345` USD).
    #[error("{currency} has {exponent} decimal places: {typed} has more")]
    TooPrecise {
        /// What was typed.
        typed: String,
        /// Uppercase code.
        currency: String,
        /// Its decimal places.
        exponent: u32,
    },
    /// Beyond what integer minor units can hold.
    #[error("too large")]
    TooLarge,
    /// A currency whose decimal places are unknown.
    #[error("unknown currency {0}")]
    UnknownCurrency(String),
}

/// Parse an amount typed in `currency`'s units (`250`, `250.5`, `1,250.00` for USD) into integer
/// minor units, with the currency's real exponent and no float anywhere. Refuses more decimals
/// than the currency has, negatives, zero, and anything that is not a plain decimal number.
/// Thousands commas are accepted only where they group digits in threes.
pub fn parse_amount(typed: &str, currency: &str) -> Result<i64, AmountError> {
    let exponent = exponent(currency).ok_or_else(|| AmountError::UnknownCurrency(currency.to_ascii_uppercase()))?;
    let text = typed.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let whole = ungroup(whole).ok_or(AmountError::NotANumber)?;
    let fraction = fraction.unwrap_or("");
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (whole.is_empty() && fraction.is_empty()) {
        return Err(AmountError::NotANumber);
    }
    // Trailing zeros past the currency's places say nothing (12.50 is 12.5); other digits would be lost.
    let significant = fraction.trim_end_matches('0');
    if significant.len() > exponent as usize {
        return Err(AmountError::TooPrecise {
            typed: typed.trim().to_owned(),
            currency: currency.to_ascii_uppercase(),
            exponent,
        });
    }
    let scale = 10i64.checked_pow(exponent).ok_or(AmountError::TooLarge)?;
    let major: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| AmountError::TooLarge)? };
    let minor: i64 = if significant.is_empty() {
        0
    } else {
        let padded = format!("{significant:0<width$}", width = exponent as usize);
        padded.parse().map_err(|_| AmountError::NotANumber)?
    };
    let amount = major.checked_mul(scale).and_then(|m| m.checked_add(minor)).ok_or(AmountError::TooLarge)?;
    if amount == 0 { Err(AmountError::Zero) } else { Ok(amount) }
}

/// `1,234,567` → `1234567`; `1234` stays; `12,34` or `,123` is `None`. Digits only otherwise.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return whole.bytes().all(|b| b.is_ascii_digit()).then(|| whole.to_owned());
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    first_ok.then_some(digits)
}

/// Per-currency totals in minor units, ordered by currency code. Sums saturate rather than wrap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals(pub BTreeMap<String, i64>);

impl Totals {
    /// Add every entry of a Stripe balance map (`{"usd": 1200}`).
    pub fn add_map(&mut self, map: &crate::stripe::common::Amounts) {
        for (currency, amount) in map {
            self.add(currency, *amount);
        }
    }

    /// Add one amount.
    pub fn add(&mut self, currency: &str, amount: i64) {
        let slot = self.0.entry(currency.to_owned()).or_insert(0);
        *slot = slot.saturating_add(amount);
    }

    /// Each currency's total as [`Money`].
    pub fn iter(&self) -> impl Iterator<Item = Money<'_>> {
        self.0.iter().map(|(c, a)| Money::new(*a, c))
    }

    /// True when there is no currency at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `1,234.56 USD · 1,000 JPY`, or `—` when empty.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "—".to_owned();
        }
        self.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_the_real_exponent() {
        crate::i18n::set_thread(crate::i18n::Lang::En);
        assert_eq!(Money::new(123_456, "usd").to_string(), "$1,234.56");
        assert_eq!(Money::new(5, "usd").to_string(), "$0.05");
        assert_eq!(Money::new(-5, "eur").to_string(), "-€0.05");
        assert_eq!(Money::new(0, "usd").to_string(), "$0.00");
        assert_eq!(Money::new(1_234_567, "jpy").to_string(), "¥1,234,567");
        assert_eq!(Money::new(1_234, "kwd").to_string(), "KWD\u{a0}1.234");
        assert_eq!(Money::new(100, "undefined").to_string(), "100 minor units (UNDEFINED)");
        assert_eq!(Money::new(i64::MIN, "usd").number(), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn typed_amounts_become_minor_units_with_the_currency_s_exponent() {
        assert_eq!(parse_amount("250.00", "usd"), Ok(25_000));
        assert_eq!(parse_amount(" 250 ", "usd"), Ok(25_000));
        assert_eq!(parse_amount("250.5", "usd"), Ok(25_050));
        assert_eq!(parse_amount("0.01", "usd"), Ok(1));
        assert_eq!(parse_amount(".75", "usd"), Ok(75));
        assert_eq!(parse_amount("12.50", "usd"), Ok(1_250));
        assert_eq!(parse_amount("12.500", "usd"), Ok(1_250), "a trailing zero loses nothing");
        assert_eq!(parse_amount("1,250.00", "usd"), Ok(125_000));
        assert_eq!(parse_amount("1,234,567.89", "usd"), Ok(123_456_789));
        assert_eq!(parse_amount("1250", "jpy"), Ok(1_250));
        assert_eq!(parse_amount("1.234", "kwd"), Ok(1_234));
        assert!(matches!(parse_amount("12.345", "usd"), Err(AmountError::TooPrecise { exponent: 2, .. })));
        assert!(matches!(parse_amount("12.5", "jpy"), Err(AmountError::TooPrecise { exponent: 0, .. })));
        assert_eq!(parse_amount("-5", "usd"), Err(AmountError::Negative));
        assert_eq!(parse_amount("0", "usd"), Err(AmountError::Zero));
        assert_eq!(parse_amount("0.00", "usd"), Err(AmountError::Zero));
        assert_eq!(parse_amount("", "usd"), Err(AmountError::Empty));
        for junk in ["12,50", "1,2345", ",100", "1.2.3", "1e3", "$5", "five", ".", "12 50", "1_000", "+-1", "0x10"] {
            assert_eq!(parse_amount(junk, "usd"), Err(AmountError::NotANumber), "{junk:?}");
        }
        assert_eq!(parse_amount("99999999999999999999", "usd"), Err(AmountError::TooLarge));
        assert_eq!(parse_amount("92233720368547758.07", "usd"), Ok(i64::MAX));
        assert_eq!(parse_amount("92233720368547758.08", "usd"), Err(AmountError::TooLarge));
        assert_eq!(parse_amount("5", "undefined"), Err(AmountError::UnknownCurrency("UNDEFINED".into())));
    }

    #[test]
    fn totals_add_per_currency() {
        let mut totals = Totals::default();
        totals.add("usd", 100);
        totals.add("jpy", 7);
        totals.add("usd", -250);
        crate::i18n::set_thread(crate::i18n::Lang::En);
        assert_eq!(totals.summary(), "¥7 · -$1.50");
        totals.add("usd", i64::MAX);
        assert_eq!(totals.0["usd"], i64::MAX - 150);
    }
}
