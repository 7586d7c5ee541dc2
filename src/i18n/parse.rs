//! Amounts as people type them, in their language: `1.234,56` in German, `1,234.56` in English
//! and Japanese; parsed to integer minor units, refusing anything that could mean two things.

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
