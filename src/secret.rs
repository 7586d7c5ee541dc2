//! Secrets (API keys, `client_secret`s) wrapped so they can never leak through formatting.
//! Owns redaction; must not offer any way to print the value except the explicit `expose`.

use std::fmt;

/// A secret string: an API key or a Financial Connections `client_secret`.
///
/// `Debug` and `Display` print a redacted form (`sk_test_…` plus nothing of the body), so a
/// secret inside any config or error type is safe to log. The only way to read the value is
/// [`Secret::expose`], which is meant for the one place that writes the HTTP header or page body.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value. Call only where the value must go on the wire or into the keychain.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key's prefix up to and including the mode (`sk_test_`, `rk_live_`, …), or `""`.
    pub fn prefix(&self) -> &str {
        const PREFIXES: [&str; 6] = ["sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_"];
        PREFIXES.iter().find(|p| self.0.starts_with(**p)).copied().unwrap_or("")
    }

    /// The last four characters, as Stripe's Dashboard shows them (`…abcd`), only for keys
    /// long enough that four characters reveal nothing useful.
    pub fn last4(&self) -> Option<&str> {
        let len = self.0.len();
        (len >= 24 && self.0.is_ascii()).then(|| &self.0[len - 4..])
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({}…redacted)", self.prefix())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}…redacted", self.prefix())
    }
}

/// On the wire a secret is its plain value: only the sandbox (which issues `client_secret`s) and
/// the client's decoder ever serialize one.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// Replace anything in `text` that looks like a Stripe secret (`sk_`/`rk_` keys, a
/// `client_secret`) with a redacted marker. For text that came from outside (error messages).
pub fn scrub(text: &str) -> String {
    text.split_inclusive(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '(' | ')'))
        .map(|word| {
            let trimmed = word.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '*');
            let secret_like = ["sk_live_", "sk_test_", "rk_live_", "rk_test_"]
                .iter()
                .any(|p| trimmed.starts_with(p) && trimmed.len() > p.len() + 4 && !trimmed.contains("****"))
                || trimmed.contains("_secret_");
            if secret_like { format!("[redacted]{}", &word[trimmed.len()..]) } else { word.to_owned() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_body() {
        let key = "sk_test_51AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        let secret = Secret::new(key);
        for shown in [format!("{secret:?}"), format!("{secret}"), format!("{:#?}", Some(&secret))] {
            assert!(!shown.contains("51AbCdEf"), "{shown}");
            assert!(shown.contains("sk_test_"), "{shown}");
        }
        assert_eq!(secret.last4(), Some("6789"));
        assert_eq!(Secret::new("fcsess_x_secret_y").prefix(), "");
        assert_eq!(format!("{}", Secret::new("fcsess_x_secret_y")), "…redacted");
    }

    #[test]
    fn scrub_removes_keys_and_client_secrets_only() {
        let text =
            "Invalid API Key provided: sk\x5flive_51AbCdEfGh0123, secret fcsess_1_secret_abc; sk_test_****1234 ok";
        assert_eq!(scrub(text), "Invalid API Key provided: [redacted], secret [redacted]; sk_test_****1234 ok");
    }
}
