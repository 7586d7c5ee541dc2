//! `login`, `logout` and `whoami` for the terminal, in the Stripe CLI's manner: the key comes
//! from stdin or a hidden prompt (never argv), is verified with one call, then kept in the keychain.

use std::io::{BufRead, IsTerminal, Write};

use crate::keychain;
use crate::secret::Secret;
use crate::stripe::account::{self, Account};
use crate::stripe::{Client, ClientConfig, Mode, check_secret_key};

/// Where the key in use came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// The `STRIPE_API_KEY` environment variable.
    Environment,
    /// The OS keychain.
    Keychain,
}

impl KeySource {
    /// For messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Environment => "STRIPE_API_KEY",
            Self::Keychain => "the OS keychain",
        }
    }
}

/// The key to use: `STRIPE_API_KEY` when set, else the keychain (test key first).
/// `Ok(None)` when there is none, including when no keychain exists here.
pub fn find_key() -> Result<Option<(Secret, KeySource)>, String> {
    if let Some(key) = std::env::var("STRIPE_API_KEY").ok().filter(|k| !k.is_empty()) {
        return Ok(Some((Secret::new(key), KeySource::Environment)));
    }
    if let Err(e) = keychain::use_platform_store() {
        tracing::info!("{e}");
        return Ok(None);
    }
    Ok(keychain::load_default().map_err(|e| e.to_string())?.map(|key| (key, KeySource::Keychain)))
}

/// The API base to use: the one given (`--api-base` / `STRIPE_API_BASE`), else the one remembered
/// with a keychain key, else Stripe's.
pub fn api_base(given: Option<String>, key: Option<&(Secret, KeySource)>) -> String {
    if let Some(base) = given {
        return base;
    }
    let remembered = match key {
        Some((key, KeySource::Keychain)) => {
            Mode::of_key(key).and_then(|mode| keychain::load_api_base(mode).ok().flatten())
        }
        _ => None,
    };
    remembered.unwrap_or_else(|| crate::stripe::DEFAULT_API_BASE.to_owned())
}

/// The publishable key for `mode` (the relink page's Stripe.js needs it): `STRIPE_PUBLISHABLE_KEY`,
/// else the keychain. The error says how to provide one.
pub fn publishable_key(mode: Mode) -> Result<String, String> {
    if let Some(key) = std::env::var("STRIPE_PUBLISHABLE_KEY").ok().filter(|k| !k.trim().is_empty()) {
        return Ok(key.trim().to_owned());
    }
    let missing = || crate::t!("credentials-no-publishable", mode = mode.as_str().to_owned());
    keychain::use_platform_store().map_err(|e| format!("{}: {e}", missing()))?;
    keychain::load_publishable(mode).map_err(|e| e.to_string())?.ok_or_else(missing)
}

/// Read a key from stdin: a hidden prompt on a terminal, else the first line of the pipe.
pub fn read_key_from_stdin() -> Result<Secret, String> {
    let stdin = std::io::stdin();
    let raw = if stdin.is_terminal() {
        rpassword::prompt_password(format!("{} ", crate::t!("credentials-prompt")))
            .map_err(|e| crate::t!("credentials-read-failed", error = e.to_string()))?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| crate::t!("credentials-read-failed", error = e.to_string()))?;
        line
    };
    // A trailing newline from a pipe is not part of the key; anything else stays for the check.
    Ok(Secret::new(raw.trim_end_matches(['\n', '\r'])))
}

/// Check the key's shape, then ask Stripe who it belongs to (`GET /v1/account`).
pub async fn verify(api_base: &str, key: &Secret) -> Result<(Mode, Account), String> {
    let mode = check_secret_key(key)?;
    let client = Client::new(ClientConfig::new(api_base, key.clone())).map_err(|e| e.to_string())?;
    let platform = account::retrieve_platform(&client)
        .await
        .map_err(|e| crate::t!("credentials-refused", error = e.to_string()))?;
    Ok((mode, platform))
}

/// `treasury-desk login`: verify, store, and remember `api_base` with the key only when
/// `remember_api_base`. Nothing is stored when any step fails.
pub async fn login(api_base: &str, key: Secret, remember_api_base: bool, out: &mut dyn Write) -> Result<(), String> {
    let (mode, platform) = verify(api_base, &key).await?;
    keychain::use_platform_store().map_err(|e| crate::t!("credentials-no-keychain", error = e.to_string()))?;
    keychain::save(mode, &key).map_err(|e| crate::t!("credentials-not-saved", error = e.to_string()))?;
    keychain::save_api_base(mode, remember_api_base.then_some(api_base)).map_err(|e| e.to_string())?;
    let saved = crate::t!(
        "credentials-saved",
        mode = mode.as_str().to_owned(),
        key = masked(&key),
        platform = platform.display_name().to_owned(),
        id = platform.id.clone(),
        service = keychain::SERVICE
    );
    writeln!(out, "{saved}").map_err(|e| e.to_string())
}

/// `treasury-desk logout [--mode]`: forget one mode's key, or both.
pub fn logout(mode: Option<Mode>, out: &mut dyn Write) -> Result<(), String> {
    keychain::use_platform_store().map_err(|e| e.to_string())?;
    for mode in mode.map_or(vec![Mode::Test, Mode::Live], |m| vec![m]) {
        keychain::forget(mode).map_err(|e| e.to_string())?;
        let forgot = crate::t!("credentials-forgot", mode = mode.as_str().to_owned());
        writeln!(out, "{forgot}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `treasury-desk whoami`: mode, platform id and name, and the key's last 4 characters only.
pub async fn whoami(given_api_base: Option<String>, out: &mut dyn Write) -> Result<(), String> {
    let Some(found) = find_key()? else {
        return Err(crate::t!("credentials-no-key"));
    };
    let api_base = api_base(given_api_base, Some(&found));
    let (key, source) = found;
    let (mode, platform) = verify(&api_base, &key).await?;
    writeln!(out, "mode:     {}", mode.as_str()).map_err(|e| e.to_string())?;
    writeln!(out, "platform: {} ({})", platform.display_name(), platform.id).map_err(|e| e.to_string())?;
    writeln!(out, "api:      {api_base}").map_err(|e| e.to_string())?;
    writeln!(out, "key:      {} (from {})", masked(&key), source.describe()).map_err(|e| e.to_string())
}

/// `sk_test_…abcd`: the prefix and the last four characters, as Stripe's Dashboard shows keys.
pub fn masked(key: &Secret) -> String {
    format!("{}…{}", key.prefix(), key.last4().unwrap_or_default())
}
