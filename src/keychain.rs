//! The OS keychain via `keyring-core`: Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows; tests install the in-memory mock store. Never writes a key to a file.

use keyring_core::{Entry, Error as KeyringError};

use crate::secret::Secret;
use crate::stripe::Mode;

/// The keychain service name; one entry per mode (`test`, `live`).
pub const SERVICE: &str = "treasury-desk";

/// Why the keychain could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service on this system (e.g. a Linux session without Secret Service).
    #[error("{}", crate::t!("keychain-unavailable", detail = .0.clone()))]
    Unavailable(String),
    /// The keychain refused or failed.
    #[error("{}", crate::t!("keychain-failed", detail = .0.clone()))]
    Failed(String),
}

/// Install the platform's keychain as the default store. Call once at start-up (not in tests,
/// which install `keyring_core::mock::Store`).
pub fn use_platform_store() -> Result<(), KeychainError> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    let store = platform_store().map_err(|e| KeychainError::Unavailable(e.to_string()))?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<std::sync::Arc<keyring_core::CredentialStore>> {
    Err(KeyringError::NotSupportedByStore("this operating system".to_owned()))
}

/// The entry `user` of the treasury-desk service: `test`, `live`, `test-publishable`, `live-api-base`, …
fn entry_named(user: &str) -> Result<Entry, KeychainError> {
    if keyring_core::get_default_store().is_none() {
        return Err(KeychainError::Unavailable("no store was set up".to_owned()));
    }
    Entry::new(SERVICE, user).map_err(|e| KeychainError::Failed(e.to_string()))
}

fn read(user: &str) -> Result<Option<String>, KeychainError> {
    match entry_named(user)?.get_password() {
        Ok(value) => Ok(Some(value)),
        Err(KeyringError::NoEntry) => Ok(None),
        Err(e) => Err(KeychainError::Failed(e.to_string())),
    }
}

fn write(user: &str, value: &str) -> Result<(), KeychainError> {
    entry_named(user)?.set_password(value).map_err(|e| KeychainError::Failed(e.to_string()))
}

fn delete(user: &str) -> Result<(), KeychainError> {
    match entry_named(user)?.delete_credential() {
        Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
        Err(e) => Err(KeychainError::Failed(e.to_string())),
    }
}

/// The stored key for `mode`, if any.
pub fn load(mode: Mode) -> Result<Option<Secret>, KeychainError> {
    Ok(read(mode.as_str())?.map(Secret::new))
}

/// The key to start with: the test key if one is stored, else the live key.
pub fn load_default() -> Result<Option<Secret>, KeychainError> {
    Ok(match load(Mode::Test)? {
        Some(key) => Some(key),
        None => load(Mode::Live)?,
    })
}

/// Store `key` as the key for `mode`.
pub fn save(mode: Mode, key: &Secret) -> Result<(), KeychainError> {
    write(mode.as_str(), key.expose())
}

/// Forget the key for `mode`, and the API base remembered with it (no error when there was none).
pub fn forget(mode: Mode) -> Result<(), KeychainError> {
    delete(mode.as_str())?;
    save_api_base(mode, None)
}

/// The stored publishable key (`pk_…`) for `mode`, used only by the relink page.
pub fn load_publishable(mode: Mode) -> Result<Option<String>, KeychainError> {
    read(&format!("{}-publishable", mode.as_str()))
}

/// Store the publishable key for `mode`.
pub fn save_publishable(mode: Mode, key: &str) -> Result<(), KeychainError> {
    write(&format!("{}-publishable", mode.as_str()), key)
}

/// The API base remembered with `mode`'s key (only when the user asked at login).
pub fn load_api_base(mode: Mode) -> Result<Option<String>, KeychainError> {
    read(&format!("{}-api-base", mode.as_str()))
}

/// Remember `api_base` with `mode`'s key, or forget it with `None`.
pub fn save_api_base(mode: Mode, api_base: Option<&str>) -> Result<(), KeychainError> {
    let user = format!("{}-api-base", mode.as_str());
    match api_base {
        Some(base) => write(&user, base),
        None => delete(&user),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_mock_store() {
        keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store"));
        assert!(load(Mode::Live).expect("readable").is_none());
        let key = Secret::new("sk\x5flive_0123456789abcdefghij");
        save(Mode::Live, &key).expect("saved");
        assert_eq!(load_default().expect("readable"), Some(key));
        forget(Mode::Live).expect("forgotten");
        assert!(load(Mode::Live).expect("readable").is_none());
        save_publishable(Mode::Test, "pk_test_abc").expect("saved");
        assert_eq!(load_publishable(Mode::Test).expect("readable").as_deref(), Some("pk_test_abc"));
        assert!(load(Mode::Test).expect("readable").is_none(), "the publishable key is a separate entry");
    }
}
