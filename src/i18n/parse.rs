//! Amounts as people type them, in their language: `1.234,56` in German, `1,234.56` in English
//! and Japanese; parsed to integer minor units, refusing anything that could mean two things.

use super::Lang;
use crate::money::exponent;

/// Why a typed amount was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing typed.
    #[error("empty")]
    Empty,
    /// Not a number in this language's notation (or two readings are possible).
    #[error("not an amount")]
    NotANumber,
    /// More decimals than the currency has (`12.345` dollars).
    #[error("too many decimals")]
    TooManyDecimals {
        /// The currency's decimals.
        allowed: u32,
    },
    /// Zero or less.
    #[error("not positive")]
    NotPositive,
    /// Larger than the app can hold.
    #[error("too large")]
    TooLarge,
    /// A currency whose decimals are unknown.
    #[error("unknown currency")]
    UnknownCurrency,
}

/// Parse `text`, typed in `lang`, as a positive amount of `currency` in minor units.
///
/// The decimal mark is `,` in German and `.` in English and Japanese; the other mark may group
/// thousands, in groups of exactly three digits (`1.234.567,89` in German). Anything else that
/// could be read two ways is refused: `1.234` in German groups thousands (1234), but `1.23` is
/// refused rather than guessed; a minus sign, letters and currency symbols are refused too.
pub fn parse_amount(text: &str, currency: &str, lang: Lang) -> Result<i64, AmountError> {
    let exp = exponent(currency).ok_or(AmountError::UnknownCurrency)?;
    let text: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::NotPositive);
    }
    let (decimal_mark, group_mark) = match lang {
        Lang::De => (',', '.'),
        Lang::En | Lang::Ja => ('.', ','),
    };
    if !text.chars().all(|c| c.is_ascii_digit() || c == decimal_mark || c == group_mark) {
        return Err(AmountError::NotANumber);
    }
    let mut halves = text.split(decimal_mark);
    let whole = halves.next().unwrap_or_default();
    let fraction = halves.next();
    if halves.next().is_some() {
        return Err(AmountError::NotANumber);
    }
    // Grouping: the first group 1–3 digits, then groups of exactly three.
    let groups: Vec<&str> = whole.split(group_mark).collect();
    let grouped_well = groups.len() == 1
        || (groups.first().is_some_and(|g| (1..=3).contains(&g.len())) && groups.iter().skip(1).all(|g| g.len() == 3));
    if whole.is_empty() || !grouped_well || groups.iter().any(|g| g.is_empty()) {
        return Err(AmountError::NotANumber);
    }
    let fraction = fraction.unwrap_or_default();
    if fraction.contains(group_mark) {
        return Err(AmountError::NotANumber);
    }
    if fraction.len() > exp as usize {
        return Err(AmountError::TooManyDecimals { allowed: exp });
    }
    let digits = format!("{}{fraction:0<width$}", groups.concat(), width = exp as usize);
    let minor: i64 = digits.parse().map_err(|_| AmountError::TooLarge)?;
    if minor <= 0 {
        return Err(AmountError::NotPositive);
    }
    Ok(minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_in_each_language_and_ambiguity_is_refused() {
        assert_eq!(parse_amount("1,234.56", "usd", Lang::En), Ok(123_456));
        assert_eq!(parse_amount("250", "usd", Lang::En), Ok(25_000));
        assert_eq!(parse_amount("250.5", "usd", Lang::Ja), Ok(25_050));
        assert_eq!(parse_amount("1.234,56", "usd", Lang::De), Ok(123_456));
        assert_eq!(parse_amount("1.234", "usd", Lang::De), Ok(123_400));
        assert_eq!(parse_amount("0,05", "usd", Lang::De), Ok(5));
        assert_eq!(parse_amount("1 234,56", "usd", Lang::De), Ok(123_456));
        assert_eq!(parse_amount("1234", "jpy", Lang::Ja), Ok(1_234));
        assert_eq!(parse_amount("12.345", "usd", Lang::En), Err(AmountError::TooManyDecimals { allowed: 2 }));
        assert_eq!(parse_amount("12,5", "jpy", Lang::De), Err(AmountError::TooManyDecimals { allowed: 0 }));
        assert_eq!(parse_amount("1.23", "usd", Lang::De), Err(AmountError::NotANumber), "ambiguous in German");
        assert_eq!(parse_amount("1,23", "usd", Lang::En), Err(AmountError::NotANumber), "ambiguous in English");
        assert_eq!(parse_amount("1.234.56", "usd", Lang::En), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("-5", "usd", Lang::En), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("0.00", "usd", Lang::En), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("$5", "usd", Lang::En), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("", "usd", Lang::En), Err(AmountError::Empty));
        assert_eq!(parse_amount("99999999999999999999", "usd", Lang::En), Err(AmountError::TooLarge));
        assert_eq!(parse_amount("5", "undefined", Lang::En), Err(AmountError::UnknownCurrency));
    }
}
