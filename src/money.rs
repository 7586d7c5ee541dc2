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
