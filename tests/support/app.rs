//! What the window's tests share: the app against a fresh sandbox over HTTP, and stepping the UI
//! until a condition holds (never a fixed sleep).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::i18n::Lang;
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::snapshot::{self, Snapshot};
use treasury_desk::stripe::{Client, ClientConfig};

/// A sandbox on its own runtime, and a client for it.
pub struct Fixture {
    pub runtime: tokio::runtime::Runtime,
    pub sandbox: Option<Sandbox>,
    pub client: Client,
}

impl Fixture {
    /// The default seeded sandbox.
    pub fn new() -> Self {
        Self::with(SandboxConfig::default())
    }

    /// A sandbox with `config`.
    pub fn with(config: SandboxConfig) -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let sandbox = runtime.block_on(Sandbox::start(config, 0)).expect("sandbox");
        let client = Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).expect("client");
        Self { runtime, sandbox: Some(sandbox), client }
    }

    /// The sandbox's data as loaded independently of the UI.
    pub fn expected(&self) -> Snapshot {
        self.runtime.block_on(snapshot::load(&self.client, Default::default())).expect("snapshot")
    }

    /// The window on this sandbox, in English, 1400×900.
    pub fn harness(&self) -> Harness<'static, TreasuryApp> {
        self.harness_in(Lang::En, egui::vec2(1400.0, 900.0))
    }

    /// The window on this sandbox, speaking `lang`, at `size`.
    pub fn harness_in(&self, lang: Lang, size: egui::Vec2) -> Harness<'static, TreasuryApp> {
        let app = TreasuryApp::new(self.runtime.handle().clone(), self.client.clone(), Source::Sandbox).with_lang(lang);
        Harness::builder().with_size(size).build_ui_state(|ui, app: &mut TreasuryApp| app.ui(ui), app)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.runtime.block_on(sandbox.shutdown());
        }
    }
}

/// Every inbound transfer of `snapshot`: the platform's own financial accounts' and every
/// connected account's.
pub fn every_transfer(snapshot: &Snapshot) -> impl Iterator<Item = &snapshot::Transfer> {
    snapshot.holders().flat_map(|h| h.financial_accounts.iter()).flat_map(|e| e.inbound_transfers.iter())
}

/// Step the UI until `done` holds (the background work runs on tokio). The 60 s bound is only
/// there so a hang fails; a passing run never comes near it, however loaded the machine.
pub fn step_until(
    harness: &mut Harness<'_, TreasuryApp>,
    what: &str,
    done: impl Fn(&Harness<'_, TreasuryApp>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.step();
}
