//! Amounts and dates as people type them, in their language: `1.234,56` in German, `1,234.56` in
//! English and Japanese; `01.11.2026`, `2026/11/01`, `2026-11-01`. Anything that could mean two
//! things is refused.

use super::Lang;
use crate::money::{AmountError, parse_amount as parse_plain};
use crate::t;

/// Parse `text`, typed in `lang`, as a positive amount of `currency` in minor units.
///
/// German writes the marks the other way round (`1.234,56`): its text is read with them swapped,
/// by the one parser the app has ([`crate::money::parse_amount`]), so both notations follow the
/// same rules: the grouping mark only between groups of exactly three digits, so `1.234` in
/// German is 1234, and `1.23` (English notation typed in German) is refused rather than guessed.
pub fn parse_amount(text: &str, currency: &str, lang: Lang) -> Result<i64, AmountError> {
    match lang {
        Lang::De => parse_plain(&swap_marks(text), currency).map_err(|error| match error {
            // Said back as it was typed.
            AmountError::TooPrecise { typed, currency, exponent } => {
                AmountError::TooPrecise { typed: swap_marks(&typed), currency, exponent }
            }
            other => other,
        }),
        Lang::En | Lang::Ja => parse_plain(text, currency),
    }
}

/// `1.234,56` ↔ `1,234.56`.
fn swap_marks(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            other => other,
        })
        .collect()
}

/// Why a typed date was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Nothing typed.
    Empty,
    /// Not a date in any of the forms read (or a day that does not exist, such as 31.02.2026).
    NotADate,
    /// Day and month could be either way round (`01/11/2026`).
    Ambiguous,
}

/// Parse a calendar date typed the way the language writes it: `2026-11-01` (ISO, read in every
/// language), `2026/11/01` (Japanese, year first, read in every language), `01.11.2026` (German:
/// day, month, year). Day and month may have one digit; the year has four. `01/11/2026` is refused:
/// the first of November in Europe, the eleventh of January in the US.
pub fn parse_date(text: &str, lang: Lang) -> Result<jiff::civil::Date, DateError> {
    let _ = lang; // Every form read is unambiguous in every language; the language only picks the example.
    let text = text.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| -> Result<i16, DateError> {
        if !digits.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::NotADate);
        }
        part.parse().map_err(|_| DateError::NotADate)
    };
    let (year, month, day) = if let Some((y, rest)) = text.split_once(['-', '/'])
        && y.len() == 4
    {
        let separator = if text.as_bytes().get(4) == Some(&b'-') { '-' } else { '/' };
        let (m, d) = rest.split_once(separator).ok_or(DateError::NotADate)?;
        (number(y, 4..=4)?, number(m, 1..=2)?, number(d, 1..=2)?)
    } else if text.contains('/') {
        let parts: Vec<&str> = text.split('/').collect();
        return match parts.as_slice() {
            [a, b, y] if number(a, 1..=2).is_ok() && number(b, 1..=2).is_ok() && number(y, 4..=4).is_ok() => {
                Err(DateError::Ambiguous)
            }
            _ => Err(DateError::NotADate),
        };
    } else {
        let parts: Vec<&str> = text.trim_end_matches('.').split('.').collect();
        let [d, m, y] = parts.as_slice() else { return Err(DateError::NotADate) };
        (number(y, 4..=4)?, number(m, 1..=2)?, number(d, 1..=2)?)
    };
    let month = i8::try_from(month).map_err(|_| DateError::NotADate)?;
    let day = i8::try_from(day).map_err(|_| DateError::NotADate)?;
    jiff::civil::Date::new(year, month, day).map_err(|_| DateError::NotADate)
}

impl DateError {
    /// One line for the person typing, in the language in use, with an example of the form.
    pub fn words(&self) -> String {
        let example = super::date(jiff::civil::date(2026, 11, 1));
        match self {
            Self::Empty => t!("date-empty", example = example),
            Self::NotADate => t!("date-not-a-date", example = example),
            Self::Ambiguous => t!("date-ambiguous", example = example),
        }
    }
}

impl AmountError {
    /// One line for the person typing, in the language in use.
    pub fn words(&self) -> String {
        match self {
            Self::Empty => t!("amount-empty"),
            Self::NotANumber => t!("amount-not-a-number"),
            Self::Negative => t!("amount-negative"),
            Self::Zero => t!("amount-zero"),
            Self::TooPrecise { typed, currency, exponent } => {
                t!(
                    "amount-too-precise",
                    typed = typed.clone(),
                    currency = currency.clone(),
                    decimals = exponent.to_string()
                )
            }
            Self::TooLarge => t!("amount-too-large"),
            Self::UnknownCurrency(code) => t!("amount-unknown-currency", code = code.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_the_way_each_language_writes_them() {
        let day = jiff::civil::date(2026, 11, 1);
        for lang in Lang::ALL {
            assert_eq!(parse_date("2026-11-01", lang), Ok(day), "ISO in {lang:?}");
            assert_eq!(parse_date(" 2026/11/01 ", lang), Ok(day), "year first with slashes in {lang:?}");
            assert_eq!(parse_date("01.11.2026", lang), Ok(day), "German order in {lang:?}");
        }
        assert_eq!(parse_date("1.11.2026", Lang::De), Ok(day));
        assert_eq!(parse_date("1.11.2026.", Lang::De), Ok(day));
        assert_eq!(parse_date("2026-1-5", Lang::En), Ok(jiff::civil::date(2026, 1, 5)));
        assert_eq!(parse_date("01/11/2026", Lang::En), Err(DateError::Ambiguous), "day or month first?");
        assert_eq!(parse_date("", Lang::En), Err(DateError::Empty));
        for bad in
            ["31.02.2026", "2026-13-01", "2026-11", "26-11-01", "01.11.26", "2026/11-01", "tomorrow", "2026-11-01x"]
        {
            assert_eq!(parse_date(bad, Lang::De), Err(DateError::NotADate), "{bad}");
        }
        crate::i18n::set_thread(Lang::De);
        assert!(DateError::NotADate.words().contains("01.11.2026"), "the example is written the German way");
    }

    #[test]
    fn amounts_parse_in_each_language_and_ambiguity_is_refused() {
        assert_eq!(parse_amount("1,234.56", "usd", Lang::En), Ok(123_456));
        assert_eq!(parse_amount("250", "usd", Lang::En), Ok(25_000));
        assert_eq!(parse_amount("250.5", "usd", Lang::Ja), Ok(25_050));
        assert_eq!(parse_amount("1.234,56", "usd", Lang::De), Ok(123_456));
        assert_eq!(parse_amount("1.234", "usd", Lang::De), Ok(123_400));
        assert_eq!(parse_amount("0,05", "usd", Lang::De), Ok(5));
        assert_eq!(parse_amount("1234", "jpy", Lang::Ja), Ok(1_234));
        assert!(matches!(parse_amount("12.345", "usd", Lang::En), Err(AmountError::TooPrecise { exponent: 2, .. })));
        assert!(matches!(parse_amount("12,5", "jpy", Lang::De), Err(AmountError::TooPrecise { exponent: 0, .. })));
        assert_eq!(parse_amount("1.23", "usd", Lang::De), Err(AmountError::NotANumber), "ambiguous in German");
        assert_eq!(parse_amount("1,23", "usd", Lang::En), Err(AmountError::NotANumber), "ambiguous in English");
        assert_eq!(parse_amount("-5", "usd", Lang::De), Err(AmountError::Negative));
        assert_eq!(parse_amount("0,00", "usd", Lang::De), Err(AmountError::Zero));
        crate::i18n::set_thread(Lang::De);
        let words = parse_amount("12,345", "usd", Lang::De).expect_err("too precise").words();
        assert!(words.contains("12,345") && words.contains("2"), "said back as typed: {words}");
    }
}
