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

/// Read a key from stdin: a hidden prompt on a terminal, else the first line of the pipe.
pub fn read_key_from_stdin() -> Result<Secret, String> {
    let stdin = std::io::stdin();
    let raw = if stdin.is_terminal() {
        rpassword::prompt_password("Stripe secret or restricted key (input hidden): ")
            .map_err(|e| format!("could not read the key: {e}"))?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| format!("could not read the key from stdin: {e}"))?;
        line
    };
    // A trailing newline from a pipe is not part of the key; anything else stays for the check.
    Ok(Secret::new(raw.trim_end_matches(['\n', '\r'])))
}

/// Check the key's shape, then ask Stripe who it belongs to (`GET /v1/account`).
pub async fn verify(api_base: &str, key: &Secret) -> Result<(Mode, Account), String> {
    let mode = check_secret_key(key)?;
    let client = Client::new(ClientConfig::new(api_base, key.clone())).map_err(|e| e.to_string())?;
    let platform =
        account::retrieve_platform(&client).await.map_err(|e| format!("Stripe did not accept the key: {e}"))?;
    Ok((mode, platform))
}

/// `treasury-desk login`: read, verify, store. Nothing is stored when any step fails.
pub async fn login(api_base: &str, key: Secret, out: &mut dyn Write) -> Result<(), String> {
    let (mode, platform) = verify(api_base, &key).await?;
    keychain::use_platform_store().map_err(|e| {
        format!("{e}: the key was NOT saved; set STRIPE_API_KEY for this session instead (no file is ever used)")
    })?;
    keychain::save(mode, &key).map_err(|e| format!("{e}: the key was NOT saved"))?;
    writeln!(
        out,
        "Saved the {} key {} for {} ({}) in the OS keychain (service \"{}\").",
        mode.as_str(),
        masked(&key),
        platform.display_name(),
        platform.id,
        keychain::SERVICE
    )
    .map_err(|e| e.to_string())
}

/// `treasury-desk logout [--mode]`: forget one mode's key, or both.
pub fn logout(mode: Option<Mode>, out: &mut dyn Write) -> Result<(), String> {
    keychain::use_platform_store().map_err(|e| e.to_string())?;
    for mode in mode.map_or(vec![Mode::Test, Mode::Live], |m| vec![m]) {
        keychain::forget(mode).map_err(|e| e.to_string())?;
        writeln!(out, "Forgot the {} key (if one was stored).", mode.as_str()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `treasury-desk whoami`: mode, platform id and name, and the key's last 4 characters only.
pub async fn whoami(api_base: &str, out: &mut dyn Write) -> Result<(), String> {
    let Some((key, source)) = find_key()? else {
        return Err("no API key: run `treasury-desk login` or set STRIPE_API_KEY".to_owned());
    };
    let (mode, platform) = verify(api_base, &key).await?;
    writeln!(out, "mode:     {}", mode.as_str()).map_err(|e| e.to_string())?;
    writeln!(out, "platform: {} ({})", platform.display_name(), platform.id).map_err(|e| e.to_string())?;
    writeln!(out, "key:      {} (from {})", masked(&key), source.describe()).map_err(|e| e.to_string())
}

/// `sk_test_…abcd`: the prefix and the last four characters, as Stripe's Dashboard shows keys.
pub fn masked(key: &Secret) -> String {
    format!("{}…{}", key.prefix(), key.last4().unwrap_or_default())
}
