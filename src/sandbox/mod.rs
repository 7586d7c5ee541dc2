//! The built-in Stripe-compatible sandbox server (axum on 127.0.0.1): public API, config, start/stop.
//! Owns the server's lifecycle; must not change the `stripe` client's types or touch any UI.

#[cfg(feature = "contract-check")]
pub mod contract;
mod events;
pub mod faults;
mod ledger;
mod limits;
mod origins;
mod routes;
mod seed;
pub use seed::stripe_balance;
mod sessions;
mod state;
mod stripe_js;
mod throttle;

pub use origins::RISK_DECLINED_TOKEN;
pub use throttle::Traffic;
mod wire;

use std::io::Write;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use sessions::SessionRequest;
pub use state::{RequestRecord, SandboxState, Transition};

use crate::secret::Secret;

/// The API key the sandbox accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk_test_sandbox";
/// The publishable key the sandbox's Stripe.js stand-in accepts unless configured otherwise.
pub const DEFAULT_PUBLISHABLE_KEY: &str = "pk_test_sandbox";

/// How long [`Sandbox::shutdown`] waits for open connections before it stops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the sandbox serves: the seed of its data, how many connected accounts, which key, and
/// how fast things that Stripe does later (balance refreshes, ACH settlement) happen.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Seed of the deterministic data (same seed → same ids).
    pub seed: u64,
    /// How many connected accounts to create.
    pub accounts: usize,
    /// The one API key accepted.
    pub api_key: Secret,
    /// How long an accepted Financial Connections balance refresh stays `pending` before it
    /// settles (`succeeded`, or `failed` for the accounts the seed marks as failing).
    pub refresh_delay: Duration,
    /// After a refresh settles, how long until `next_refresh_available_at` allows another.
    pub refresh_cooldown: Duration,
    /// Demo mode: an inbound transfer that has been `processing` this long settles on its own
    /// (mostly `succeeded`, about one in six `failed` with a `failure_details.code`, decided by
    /// the seed and its id), with the same balance moves and transition records as the test
    /// helpers. `None`: only the test helpers move it. The seed's `processing` transfers count
    /// from the sandbox's start. `requires_confirmation` never moves on its own: Stripe's
    /// auto-cancel after 5 business days is not simulated.
    pub advance_transfers_after: Option<Duration>,
    /// Simulated network latency added to every answer (0 = none).
    pub latency: Duration,
    /// Requests per second over which the sandbox answers 429 like Stripe (`None` = no limit).
    pub rate_limit: Option<std::num::NonZeroU32>,
    /// The one publishable key its Stripe.js stand-in accepts (`pk_test_…`).
    pub publishable_key: String,
    /// Seed the data relative to this Unix time instead of now (`None`: now). For pictures that
    /// must not change from one day to the next (image snapshots, screenshots).
    pub seed_clock: Option<i64>,
}

impl Default for SandboxConfig {
    /// Seed 42, 25 accounts, keys [`DEFAULT_API_KEY`] and [`DEFAULT_PUBLISHABLE_KEY`], refreshes settle after 3 s with a 60 s
    /// cool-down, inbound transfers never advance on their own.
    fn default() -> Self {
        Self {
            seed: 42,
            accounts: 25,
            api_key: Secret::new(DEFAULT_API_KEY),
            refresh_delay: Duration::from_secs(3),
            refresh_cooldown: Duration::from_secs(60),
            advance_transfers_after: None,
            latency: Duration::ZERO,
            rate_limit: None,
            publishable_key: DEFAULT_PUBLISHABLE_KEY.to_owned(),
            seed_clock: None,
        }
    }
}

impl SandboxConfig {
    /// The defaults, with `api_key` from the `STRIPE_API_KEY` environment variable when set.
    pub fn from_env() -> Self {
        let api_key = std::env::var("STRIPE_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
            .map_or_else(|| Secret::new(DEFAULT_API_KEY), Secret::new);
        Self { api_key, ..Self::default() }
    }
}

/// Shared by every handler: the store and the accepted key.
#[derive(Clone)]
pub(crate) struct App {
    state: SandboxState,
    api_key: Secret,
    publishable_key: String,
}

/// The seeded objects, without a server: what [`Sandbox::start`] would serve for `config`.
/// The benchmark builds its large data set from these.
pub struct Seeded {
    /// The platform account.
    pub platform: crate::stripe::account::Account,
    /// Connected accounts.
    pub accounts: Vec<crate::stripe::account::Account>,
    /// `(owner account id, financial account)`.
    pub financial_accounts: Vec<(String, crate::stripe::treasury::FinancialAccount)>,
    /// `(owner account id, inbound transfer)`.
    pub inbound_transfers: Vec<(String, crate::stripe::treasury::InboundTransfer)>,
    /// Linked bank accounts.
    pub fc_accounts: Vec<crate::stripe::financial_connections::Account>,
}

/// Generate the seed for `config` (timestamps relative to now; URLs under `base_url`).
pub fn seed_objects(config: &SandboxConfig, base_url: &str) -> Seeded {
    let data = seed::generate(config, config.seed_clock.unwrap_or_else(state::unix_now), base_url);
    Seeded {
        platform: data.platform,
        accounts: data.accounts,
        financial_accounts: data.financial_accounts.into_iter().map(|o| (o.owner, o.object)).collect(),
        inbound_transfers: data.inbound_transfers.into_iter().map(|o| (o.owner, o.object)).collect(),
        fc_accounts: data.fc_accounts,
    }
}

/// A running sandbox server. Stop it with [`Sandbox::shutdown`] (dropping it leaves it running
/// until the runtime ends).
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    api_key: Secret,
    publishable_key: String,
    state: SandboxState,
    faults: faults::Faults,
    traffic: std::sync::Arc<Traffic>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Sandbox {
    /// Bind `127.0.0.1:port` (0 = a random free port), seed the data, and serve on the current
    /// tokio runtime in a spawned task.
    pub async fn start(config: SandboxConfig, port: u16) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://127.0.0.1:{}", addr.port());
        let now = config.seed_clock.unwrap_or_else(state::unix_now);
        let mut data = seed::generate(&config, now, &base_url);
        // The ledger is the server's alone: the benchmark's large data sets (`seed_objects`) skip it.
        ledger::seed(config.seed, &mut data, now);
        let state = SandboxState::new(state::Store::new(data, base_url.clone(), state::Timers::from(&config)));
        let app = App {
            state: state.clone(),
            api_key: config.api_key.clone(),
            publishable_key: config.publishable_key.clone(),
        };
        let faults = faults::Faults::default();
        let router = routes::router(app);
        #[cfg(feature = "contract-check")]
        let router = match contract::Contract::from_env() {
            Some(contract) => router.layer(axum::middleware::from_fn_with_state(contract, contract::check)),
            None => router,
        };
        // Asked for a check this build cannot make: refuse rather than pass every answer unchecked.
        #[cfg(not(feature = "contract-check"))]
        if std::env::var_os("TREASURY_DESK_CONTRACT_SPEC").is_some() {
            return Err(std::io::Error::other(
                "TREASURY_DESK_CONTRACT_SPEC is set, but this build has no contract check (built without the contract-check feature)",
            ));
        }
        let mut router = router.layer(axum::middleware::from_fn_with_state(faults.clone(), faults::inject));
        let throttle = throttle::Throttle::new(config.latency, config.rate_limit);
        let traffic = throttle.traffic();
        if !throttle.is_off() {
            router = router.layer(axum::middleware::from_fn_with_state(throttle, throttle::throttle));
        }
        let (stop, task) = crate::web::serve(limits::Listener(listener), router, "the sandbox");
        Ok(Sandbox {
            base_url,
            api_key: config.api_key,
            publishable_key: config.publishable_key,
            state,
            faults,
            traffic,
            stop,
            task,
        })
    }

    /// Requests served and refused with 429, counted when latency or a rate limit is set.
    pub fn traffic(&self) -> (u64, u64) {
        self.traffic.get()
    }

    /// The fault injector (tests, fault matrix).
    pub fn faults(&self) -> faults::Faults {
        self.faults.clone()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The one key the sandbox accepts.
    pub fn api_key(&self) -> &Secret {
        &self.api_key
    }

    /// The publishable key its Stripe.js stand-in accepts.
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
    }

    /// The URL of its Stripe.js stand-in (`http://127.0.0.1:PORT/v3/`), for the relink page.
    pub fn stripe_js_url(&self) -> String {
        format!("{}/v3/", self.base_url)
    }

    /// A cheap handle on the shared store (for tests).
    pub fn state(&self) -> SandboxState {
        self.state.clone()
    }

    /// Stop accepting connections, let open requests finish (up to 5 s), then stop.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let mut task = self.task;
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await.is_err() {
            task.abort();
        }
    }
}

/// Run the sandbox for the `treasury-desk sandbox` command: the first stdout line is exactly
/// `listening on http://127.0.0.1:PORT`, then it serves until Ctrl-C.
pub async fn serve_forever(config: SandboxConfig, port: u16) -> std::io::Result<()> {
    let sandbox = Sandbox::start(config, port).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", sandbox.base_url())?;
        out.flush()?;
    }
    tracing::info!(base_url = %sandbox.base_url(), "sandbox listening; Ctrl-C stops it");
    let signal = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    signal
}
