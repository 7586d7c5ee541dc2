//! `login` / `logout` against the sandbox with the in-memory keychain: every bad key gets its
//! reason and nothing is stored; a good key is verified, stored, found again and forgotten.
//! One test function, because the keychain's default store is process-global.

use treasury_desk::credentials;
use treasury_desk::keychain;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::Mode;

const KEY: &str = "sk_test_51CredTestAbCdEfGhIjKlMnOpQrStUv0123";

#[tokio::test]
async fn login_verifies_before_saving_and_logout_forgets() {
    keyring_core::set_default_store(keyring_core::mock::Store::new().expect("mock store"));
    let config = SandboxConfig { api_key: Secret::new(KEY), ..SandboxConfig::default() };
    let sandbox = Sandbox::start(config, 0).await.expect("sandbox");
    let base = sandbox.base_url();
    let mut out = Vec::new();

    let bad = [
        ("pk_test_51CredTestAbCdEfGhIjKl", "publishable"),
        (" sk_test_51CredTestAbCdEfGhIjKl", "spaces"),
        ("sk_test_51CredTestAbCd EfGhIjKl", "spaces"),
        ("sk_test_51C", "truncated"),
        ("ak_test_51CredTestAbCdEfGhIjKl", "starts with sk_test_"),
        ("sk_test_51CredTest\u{2013}AbCdEf", "characters"),
        ("", "no API key"),
    ];
    for (key, reason) in bad {
        let error = credentials::login(&base, Secret::new(key), false, &mut out).await.expect_err(key);
        assert!(error.contains(reason), "{key:?}: {error}");
        assert!(keychain::load(Mode::Test).expect("readable").is_none(), "{key:?} must not be saved");
    }

    let wrong = "sk_test_51WrongAbCdEfGhIjKlMnOpQrStUv0123";
    let error = credentials::login(&base, Secret::new(wrong), false, &mut out).await.expect_err("401");
    assert!(error.contains("401"), "{error}");
    assert!(!error.contains(&wrong[8..]), "the refused key is echoed: {error}");
    assert!(keychain::load(Mode::Test).expect("readable").is_none(), "a refused key must not be saved");
    assert!(out.is_empty(), "nothing printed on failure");

    credentials::login(&base, Secret::new(KEY), true, &mut out).await.expect("login");
    let printed = String::from_utf8(out.clone()).expect("utf-8");
    assert!(printed.contains("test key sk_test_…0123"), "{printed}");
    assert!(!printed.contains(&KEY[8..]), "{printed}");
    // A restart reads it back from the keychain, with the API base the user asked to remember.
    assert_eq!(keychain::load_default().expect("readable"), Some(Secret::new(KEY)));
    let found = (Secret::new(KEY), credentials::KeySource::Keychain);
    assert_eq!(credentials::api_base(None, Some(&found)), base);
    assert_eq!(credentials::api_base(Some("https://other".into()), Some(&found)), "https://other", "--api-base wins");

    credentials::logout(Some(Mode::Test), &mut out).expect("logout");
    assert!(keychain::load(Mode::Test).expect("readable").is_none());
    assert!(keychain::load_api_base(Mode::Test).expect("readable").is_none(), "logout forgets the API base too");
    assert_eq!(credentials::api_base(None, Some(&found)), "https://api.stripe.com");
    sandbox.shutdown().await;
}
