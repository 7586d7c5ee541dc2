//! The `treasury-desk` command: the window (default), the built-in sandbox, `export` and `relink`.
//! Owns argument parsing and start-up; the rooms it starts live in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use treasury_desk::app::{Source, TreasuryApp};
use treasury_desk::audit::{self, AuditLog};
use treasury_desk::export::{self, Format};
use treasury_desk::relink::{self, PageSettings, RelinkError, RelinkMode, RelinkSettings, SystemBrowser};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::common::AccountHolderType;
use treasury_desk::stripe::{Client, ClientConfig, DEFAULT_API_BASE, Mode, RateLimit};
use treasury_desk::{credentials, keychain, snapshot};

/// A desktop treasury dashboard for a Stripe Connect platform.
///
/// The API key is read from STRIPE_API_KEY or the OS keychain, never from the command line.
/// With no key, the window opens on the built-in sandbox.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Stripe API base (e.g. a local sandbox at http://127.0.0.1:12111).
    #[arg(long, env = "STRIPE_API_BASE", global = true)]
    api_base: Option<String>,
    /// Use the built-in sandbox even when a key is stored.
    #[arg(long, global = true)]
    demo: bool,
    /// Print the time to the first frame and close (used by `bench`).
    #[arg(long, hide = true)]
    first_frame_probe: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the built-in Stripe-compatible sandbox server on 127.0.0.1.
    Sandbox {
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 12111)]
        port: u16,
        /// Seed of the generated data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Number of connected accounts.
        #[arg(long, default_value_t = 25)]
        accounts: usize,
        /// Move processing inbound transfers on to succeeded/failed after this many seconds (demo).
        #[arg(long, value_name = "SECONDS")]
        advance_after: Option<u64>,
    },
    /// Verify a key (read from stdin or a hidden prompt, never argv) and store it in the OS keychain.
    Login {
        /// Also remember --api-base with the key (otherwise Stripe's API is used with it).
        #[arg(long)]
        remember_api_base: bool,
    },
    /// Forget the stored key of one mode, or of both.
    Logout {
        /// Only this mode's key.
        #[arg(long, value_enum)]
        mode: Option<ModeArg>,
    },
    /// Print the mode, the platform account and the key's last 4 characters.
    Whoami,
    /// Measure the sync, frame times, memory and start-up (figures, not pass/fail).
    Bench {
        /// Print JSON instead of the table.
        #[arg(long)]
        json: bool,
        /// A smaller run (under 20 s).
        #[arg(long)]
        quick: bool,
    },
    /// Print the audit log of money actions taken from this computer.
    Audit {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// Print everything the dashboard shows, as JSON or CSV.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Repair an inactive linked bank account in the browser; exits 0 only when it is active again.
    ///
    /// The publishable key Stripe.js needs comes from STRIPE_PUBLISHABLE_KEY or the keychain.
    Relink {
        /// The linked account (fca_…) whose status_details.inactive.action is relink_required.
        account: String,
        /// Let the holder pick any eligible checking or savings account at the same bank.
        #[arg(long)]
        any_account: bool,
        /// Ask Stripe for its hosted page (preview) instead of the local page.
        #[arg(long)]
        hosted: bool,
        /// Stripe.js URL for the local page (default: js.stripe.com; the sandbox's own for a local API base).
        #[arg(long, env = "STRIPE_JS_URL")]
        stripe_js_url: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ModeArg {
    Test,
    Live,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Self {
        match mode {
            ModeArg::Test => Mode::Test,
            ModeArg::Live => Mode::Live,
        }
    }
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TREASURY_DESK_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("could not start the async runtime: {e}")),
    };
    let result = match cli.command {
        Some(Command::Sandbox { port, seed, accounts, advance_after }) => {
            let advance_transfers_after = advance_after.map(std::time::Duration::from_secs);
            let config = SandboxConfig { seed, accounts, advance_transfers_after, ..SandboxConfig::from_env() };
            runtime.block_on(treasury_desk::sandbox::serve_forever(config, port)).map_err(|e| format!("sandbox: {e}"))
        }
        Some(Command::Bench { json, quick }) => {
            treasury_desk::bench::run(&runtime, treasury_desk::bench::Plan::new(quick)).and_then(|report| {
                let text = if json {
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                } else {
                    treasury_desk::bench::render(&report)
                };
                println!("{text}");
                Ok(())
            })
        }
        Some(Command::Audit { format }) => print_audit(format),
        Some(Command::Export { format }) => runtime.block_on(run_export(cli.api_base, cli.demo, format)),
        Some(Command::Relink { account, any_account, hosted, stripe_js_url }) => {
            let mode = if any_account { RelinkMode::AnyAccountAtBank } else { RelinkMode::ExactAccount };
            let options = RelinkArgs { account, mode, hosted, stripe_js_url };
            runtime.block_on(run_relink(cli.api_base, cli.demo, options))
        }
        Some(Command::Login { remember_api_base }) => {
            let base = cli.api_base.unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
            credentials::read_key_from_stdin().and_then(|key| {
                runtime.block_on(credentials::login(&base, key, remember_api_base, &mut std::io::stdout()))
            })
        }
        Some(Command::Logout { mode }) => credentials::logout(mode.map(Mode::from), &mut std::io::stdout()),
        Some(Command::Whoami) => runtime.block_on(credentials::whoami(cli.api_base, &mut std::io::stdout())),
        None => run_window(&runtime, cli.api_base, cli.demo, cli.first_frame_probe.then_some(started)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn print_audit(format: Format) -> Result<(), String> {
    let log = AuditLog::default_location().ok_or("this computer has no data directory for treasury-desk")?;
    let (entries, unreadable) = log.read().map_err(|e| format!("could not read {}: {e}", log.path().display()))?;
    if unreadable > 0 {
        eprintln!("treasury-desk: warning: {unreadable} lines of {} could not be read", log.path().display());
    }
    let out = std::io::stdout().lock();
    match format {
        Format::Csv => audit::write_csv(&entries, out).map_err(|e| e.to_string()),
        Format::Json => serde_json::to_writer_pretty(out, &entries).map_err(|e| e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("treasury-desk: {message}");
    ExitCode::FAILURE
}

/// A client for Stripe (or `api_base`) with the stored key, or for a fresh in-process sandbox.
/// How long a processing transfer takes to settle in the window's demo sandbox.
const DEMO_SETTLE_AFTER: std::time::Duration = std::time::Duration::from_secs(45);

async fn connect(
    api_base: Option<String>,
    demo: bool,
    sandbox_config: SandboxConfig,
) -> Result<(Client, Source, Option<Sandbox>), String> {
    let found = if demo { None } else { credentials::find_key()? };
    let Some(found) = found else {
        let sandbox =
            Sandbox::start(sandbox_config, 0).await.map_err(|e| format!("could not start the sandbox: {e}"))?;
        let client =
            Client::new(ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone())).map_err(|e| e.to_string())?;
        return Ok((client, Source::Sandbox, Some(sandbox)));
    };
    let mut config = ClientConfig::new(credentials::api_base(api_base, Some(&found)), found.0);
    config.rate_limit = Mode::of_key(&config.secret_key).map(RateLimit::stripe);
    let client = Client::new(config).map_err(|e| e.to_string())?;
    let source = Source::Stripe(client.mode());
    Ok((client, source, None))
}

async fn run_export(api_base: Option<String>, demo: bool, format: Format) -> Result<(), String> {
    if !demo && credentials::find_key()?.is_none() {
        return Err(
            "no API key: set STRIPE_API_KEY, store one in the keychain, or add --demo for the built-in sandbox".into(),
        );
    }
    // The export is a snapshot: the demo sandbox's transfers stay as seeded.
    let (client, _, sandbox) = connect(api_base, demo, SandboxConfig::default()).await?;
    let snapshot = snapshot::load(&client, Default::default()).await.map_err(|e| e.to_string())?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    export::write(&snapshot, format, std::io::stdout().lock()).map_err(|e| format!("could not write the export: {e}"))
}

struct RelinkArgs {
    account: String,
    mode: RelinkMode,
    hosted: bool,
    stripe_js_url: Option<String>,
}

async fn run_relink(api_base: Option<String>, demo: bool, args: RelinkArgs) -> Result<(), String> {
    if !demo && credentials::find_key()?.is_none() {
        return Err(
            "no API key: set STRIPE_API_KEY, store one in the keychain, or add --demo for the built-in sandbox".into(),
        );
    }
    let (client, _, sandbox) = connect(api_base, demo, SandboxConfig::default()).await?;
    let settings = match &sandbox {
        Some(sandbox) => {
            let mut page = PageSettings::sandbox(&sandbox.base_url());
            if let Some(url) = &args.stripe_js_url {
                page = PageSettings::for_api_base(&sandbox.base_url(), Some(url));
            }
            Ok(RelinkSettings::new(sandbox.publishable_key(), page))
        }
        None => credentials::publishable_key(client.mode()).map(|key| {
            RelinkSettings::new(
                key,
                PageSettings::for_api_base(&client.config().api_base, args.stripe_js_url.as_deref()),
            )
        }),
    };
    // For the audit log: which platform acted. A key that cannot read it cannot relink either.
    let platform = match &settings {
        Ok(_) => treasury_desk::stripe::account::retrieve_platform(&client).await.map(|p| p.id).ok(),
        Err(_) => None,
    };
    let result = match settings {
        Ok(mut settings) => {
            settings.hosted = args.hosted;
            eprintln!("Relinking {} ({})…", args.account, args.mode.describe());
            relink::relink(&client, &args.account, args.mode, &settings, &SystemBrowser).await.map_err(|e| match e {
                RelinkError::Browser { message, .. } => {
                    format!("{message}; set $BROWSER to your browser's command and run this again")
                }
                other => other.to_string(),
            })
        }
        Err(e) => Err(e),
    };
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    // Every relink attempt is recorded, whatever its outcome.
    if let Some(log) = AuditLog::default_location() {
        let mode = if demo { "sandbox" } else { client.mode().as_str() };
        let mut entry = audit::Entry::now(mode, platform.as_deref().unwrap_or("unknown"), "relink", &args.account);
        entry.parameters.push(("relink".to_owned(), args.mode.describe().to_owned()));
        entry.outcome = match &result {
            Ok(report) => {
                let relinked = report.accounts().find(|a| a.id == args.account);
                let holder = relinked.and_then(|a| a.account_holder.as_ref());
                if let Some(holder) = holder.filter(|h| h.kind == AccountHolderType::Account) {
                    entry.connected_account = holder.holder_id().map(str::to_owned);
                }
                entry.parameters.push(("session".to_owned(), report.session_id.clone()));
                let done = if report.outcome.succeeded() { "done" } else { "not done" };
                format!("{done}: {}", report.outcome.describe())
            }
            Err(error) => format!("not started: {error}"),
        };
        if let Err(error) = log.append(&entry) {
            eprintln!("treasury-desk: warning: the relink was NOT recorded in the audit log: {error}");
        }
    }
    let report = result?;
    let mut out = std::io::stdout().lock();
    let line =
        |a: &treasury_desk::stripe::financial_connections::Account| format!("  {} {}: {}", a.id, a.label(), a.status);
    let mut text = format!("{}\n", report.outcome.describe());
    for account in report.accounts() {
        text.push_str(&line(account));
        text.push('\n');
    }
    std::io::Write::write_all(&mut out, text.as_bytes()).map_err(|e| format!("could not write: {e}"))?;
    if report.account_active() {
        Ok(())
    } else {
        Err(format!("{} is still {}", report.account.id, report.account.status))
    }
}

fn run_window(
    runtime: &tokio::runtime::Runtime,
    api_base: Option<String>,
    demo: bool,
    probe: Option<std::time::Instant>,
) -> Result<(), String> {
    // The demo window is alive: processing transfers settle after a while, as they would at Stripe.
    let demo_config = SandboxConfig { advance_transfers_after: Some(DEMO_SETTLE_AFTER), ..SandboxConfig::default() };
    let (client, source, sandbox) = runtime.block_on(connect(api_base.clone(), demo, demo_config))?;
    let title = source.window_title();
    let keychain = keychain::use_platform_store().map_err(|e| e.to_string());
    let keys_base = api_base.clone().unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
    // The app id ties the window to its desktop entry and icon; the layout is kept under it too.
    use treasury_desk::desktop;
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id(desktop::APP_ID)
            .with_icon(desktop::icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 560.0]),
        persistence_path: desktop::window_state_file(),
        ..Default::default()
    };
    let relink_settings = match &sandbox {
        Some(sandbox) => {
            Some(RelinkSettings::new(sandbox.publishable_key(), PageSettings::sandbox(&sandbox.base_url())))
        }
        None => credentials::publishable_key(client.mode())
            .ok()
            .map(|key| RelinkSettings::new(key, PageSettings::for_api_base(&client.config().api_base, None))),
    };
    let handle = runtime.handle().clone();
    let result = eframe::run_native(
        "treasury-desk",
        options,
        Box::new(move |_cc| {
            let app = TreasuryApp::new(handle, client, source)
                .with_keys(keys_base, keychain)
                .with_relink(relink_settings, std::sync::Arc::new(SystemBrowser))
                .with_audit(AuditLog::default_location());
            Ok(Box::new(match probe {
                Some(started) => app.with_first_frame_probe(started),
                None => app,
            }))
        }),
    )
    .map_err(|e| format!("could not open the window: {e}"));
    if let Some(sandbox) = sandbox {
        runtime.block_on(sandbox.shutdown());
    }
    result
}
