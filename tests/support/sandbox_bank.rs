//! Test support: play the browser's part of the relink page through the sandbox's Stripe.js
//! stand-in: load the page, sign in at "Sandbox Bank", post the result back to the page.
//! Included with `#[path]` by the tests that need it.

use treasury_desk::sandbox::{Sandbox, SandboxState};

/// What the browser needs from the sandbox.
#[derive(Clone)]
pub struct SandboxBank {
    state: SandboxState,
    base: String,
    publishable: String,
}

impl SandboxBank {
    /// The bank of `sandbox`.
    pub fn of(sandbox: &Sandbox) -> Self {
        Self { state: sandbox.state(), base: sandbox.base_url(), publishable: sandbox.publishable_key().to_owned() }
    }

    /// Open the relink page at `url`, relink at the bank, and post the result as the page would.
    /// Returns the session's client secret, for the tests that search for it.
    pub async fn sign_in_and_relink(&self, url: &str) -> String {
        treasury_desk::stripe::install_tls();
        let http = reqwest::Client::new();
        let _page = http.get(url).send().await.expect("page").text().await.expect("body");
        let session = self.state.session_requests().last().and_then(|r| r.session.clone()).expect("a session");
        let secret = self.state.fc_session(&session).and_then(|s| s.client_secret).expect("secret").expose().to_owned();
        let fields = [("key", self.publishable.as_str()), ("client_secret", secret.as_str()), ("decision", "relink")];
        let form = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let done: serde_json::Value = http
            .post(format!("{}/stripe_js/financial_connections/complete", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("complete")
            .json()
            .await
            .expect("json");
        let origin = url.split("/relink/").next().unwrap_or_default().to_owned();
        let token = url.rsplit('/').next().unwrap_or_default();
        let result = &done["relink_result"];
        let body = serde_json::json!({"kind": "result", "session": done["id"], "account": result["account"],
            "failure_reason": result["failure_reason"], "token": token});
        http.post(format!("{url}/result")).header("Origin", origin).json(&body).send().await.expect("posted");
        secret
    }
}
