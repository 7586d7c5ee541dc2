//! The `treasury-desk` command: the window (default), the built-in sandbox, `export`, the money
//! actions and the audit trail. Owns argument parsing and start-up; the rooms live in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use treasury_desk::actions::{AddFunds, AuditLog, Kind};
use treasury_desk::app::TreasuryApp;
use treasury_desk::cli::{self, Desk, Failure};
use treasury_desk::export::{self, Format};
use treasury_desk::i18n::{self, Lang};
use treasury_desk::relink::{PageSettings, RelinkMode, RelinkSettings, SystemBrowser};
use treasury_desk::sandbox::SandboxConfig;
use treasury_desk::stripe::treasury::AchSubmission;
use treasury_desk::stripe::{DEFAULT_API_BASE, Mode};
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
    /// Language of the window and the messages (default: LC_ALL / LC_MESSAGES / LANG, then the
    /// system's; the window also remembers its language menu's choice).
    #[arg(long, value_enum, global = true)]
    lang: Option<LangArg>,
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
        /// Only the frames, filtering and peak memory, as JSON: `bench` runs them in a process of
        /// their own this way.
        #[arg(long, hide = true)]
        frames_part: bool,
    },
    /// Print the audit trail of money actions taken from this computer; check or verify it.
    Audit {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Only actions with no settled outcome (no outcome recorded, or no clear answer).
        #[arg(long)]
        unresolved: bool,
        #[command(subcommand)]
        command: Option<AuditCommand>,
    },
    /// Create, confirm or cancel an inbound transfer (LIVE mode asks first; exit 0 only when done).
    #[command(subcommand)]
    InboundTransfers(TransferCommand),
    /// Act on a linked bank account (LIVE mode asks first; exit 0 only when done).
    #[command(subcommand)]
    LinkedAccounts(LinkedCommand),
    /// Print everything the dashboard shows, as JSON or CSV.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Month-end ledger: one row per transaction entry in the period, with opening, closing and
    /// check rows per financial account and currency (dates in the platform's time zone).
    Ledger {
        /// First day (2026-11-01).
        #[arg(long)]
        from: String,
        /// Last day, included (2026-11-30).
        #[arg(long)]
        to: String,
        /// Only this connected account's financial accounts (acct_…).
        #[arg(long)]
        account: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
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

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Check the hash chain: exit 0 when every line matches, else name the first that does not.
    Verify,
    /// Check every unresolved action of the key in use against Stripe and record what it shows.
    Reconcile,
}

#[derive(Subcommand, Debug)]
enum TransferCommand {
    /// Add funds: pull money from a bank account of the connected account into one of its
    /// financial accounts (creates an inbound transfer; prints its id and status).
    Create {
        /// The connected account owning both (acct_…).
        #[arg(long)]
        account: String,
        /// The financial account the funds go into (fa_…).
        #[arg(long)]
        financial_account: String,
        /// The bank account to pull from: a PaymentMethod set up for inbound flows (pm_…).
        #[arg(long)]
        origin: String,
        /// The amount in the currency's units, e.g. 250.00 (never more decimals than it has).
        #[arg(long)]
        amount: String,
        /// The currency (inbound transfers support usd only today).
        #[arg(long, default_value = "usd")]
        currency: String,
        /// An internal description.
        #[arg(long)]
        description: Option<String>,
        /// What the bank statement shows: at most 10 letters, digits, spaces or - # . $ & *.
        #[arg(long)]
        statement_descriptor: Option<String>,
        /// Same-day ACH (a preview Stripe grants on request).
        #[arg(long)]
        same_day: bool,
        /// Answer LIVE mode's two questions with yes (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Confirm an inbound transfer awaiting review (gated manual review).
    Confirm {
        /// The inbound transfer (ibt_…).
        transfer: String,
        /// The connected account it belongs to (acct_…).
        #[arg(long)]
        account: String,
        /// Hold the funds 5 days past the ACH return window (funds_availability_delay=432000).
        #[arg(long)]
        hold: bool,
        /// Answer LIVE mode's question with yes (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Cancel an inbound transfer.
    Cancel {
        /// The inbound transfer (ibt_…).
        transfer: String,
        /// The connected account it belongs to (acct_…).
        #[arg(long)]
        account: String,
        /// Answer LIVE mode's question with yes (for scripts).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
enum LinkedCommand {
    /// Ask the bank for a new balance (features[]=balance).
    Refresh {
        /// The linked account (fca_…).
        account: String,
        /// Wait for the bank's answer (up to 3 minutes).
        #[arg(long)]
        wait: bool,
        /// Answer LIVE mode's question with yes (for scripts).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum LangArg {
    En,
    Ja,
    De,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
            LangArg::De => Lang::De,
        }
    }
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

/// glibc's malloc keeps small freed blocks in "fastbins" and, on the next larger request, merges
/// them all back first. A frame of the window frees and allocates thousands of small strings and
/// vectors, so that merge ran inside frames: without fastbins the Transfers view's frames while a
/// search is typed took p50 1.05 / p99 2.06 ms instead of 1.33 / 2.68 ms (eight runs each, taken
/// in turns, same binary; the other figures and the peak memory unchanged). Set before anything
/// else runs: the tcache in front of the bins stays.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: `mallopt` only changes a parameter of the process's allocator, is safe to call at
    // any time, and 0 is a documented value for `M_MXFAST` (fastbins off).
    unsafe {
        libc::mallopt(libc::M_MXFAST, 0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    let started = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TREASURY_DESK_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    i18n::set_default(Lang::for_cli(cli.lang.map(Lang::from)));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("treasury-desk: {}", treasury_desk::t!("cli-runtime-failed", error = e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Some(Command::Sandbox { port, seed, accounts, advance_after }) => {
            let advance_transfers_after = advance_after.map(std::time::Duration::from_secs);
            let config = SandboxConfig { seed, accounts, advance_transfers_after, ..SandboxConfig::from_env() };
            runtime
                .block_on(treasury_desk::sandbox::serve_forever(config, port))
                .map_err(|e| Failure::from(format!("sandbox: {e}")))
        }
        Some(Command::Bench { frames_part: true, quick, .. }) => treasury_desk::bench::frames_part(&runtime, quick)
            .and_then(|part| {
                println!("{}", serde_json::to_string(&part).map_err(|e| e.to_string())?);
                Ok(())
            })
            .map_err(Failure::from),
        Some(Command::Bench { json, quick, .. }) => {
            treasury_desk::bench::run(&runtime, treasury_desk::bench::Plan::new(quick))
                .and_then(|report| {
                    let text = if json {
                        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                    } else {
                        treasury_desk::bench::render(&report)
                    };
                    println!("{text}");
                    Ok(())
                })
                .map_err(Failure::from)
        }
        Some(Command::Audit { format, unresolved, command }) => match command {
            None => cli::print_audit(format, unresolved),
            Some(AuditCommand::Verify) => cli::verify_audit(),
            Some(AuditCommand::Reconcile) => runtime.block_on(on_desk(cli.api_base, cli.demo, DeskWork::Reconcile)),
        },
        Some(Command::InboundTransfers(command)) => {
            let work = match command {
                TransferCommand::Create {
                    account,
                    financial_account,
                    origin,
                    amount,
                    currency,
                    description,
                    statement_descriptor,
                    same_day,
                    yes,
                } => {
                    let currency = currency.to_ascii_lowercase();
                    // A decimal point, whatever the language: scripts do not change with it.
                    i18n::parse_amount(&amount, &currency, Lang::En)
                        .map_err(|error| Failure::from(format!("--amount {amount}: {}", error.words())))
                        .map(|minor_units| DeskWork::AddFunds {
                            funds: AddFunds {
                                amount: minor_units,
                                currency,
                                origin,
                                description,
                                statement_descriptor,
                                ach_submission: same_day.then_some(AchSubmission::SameDay),
                            },
                            financial_account,
                            account,
                            yes,
                        })
                }
                TransferCommand::Confirm { transfer, account, hold, yes } => {
                    Ok(DeskWork::Transfer { kind: Kind::Confirm { hold }, transfer, account, yes })
                }
                TransferCommand::Cancel { transfer, account, yes } => {
                    Ok(DeskWork::Transfer { kind: Kind::Cancel, transfer, account, yes })
                }
            };
            work.and_then(|work| runtime.block_on(on_desk(cli.api_base, cli.demo, work)))
        }
        Some(Command::LinkedAccounts(LinkedCommand::Refresh { account, wait, yes })) => {
            runtime.block_on(on_desk(cli.api_base, cli.demo, DeskWork::Refresh { account, wait, yes }))
        }
        Some(Command::Ledger { from, to, account, format }) => {
            runtime.block_on(run_ledger(cli.api_base, cli.demo, (from, to, account), format)).map_err(Failure::from)
        }
        Some(Command::Export { format }) => {
            runtime.block_on(run_export(cli.api_base, cli.demo, format)).map_err(Failure::from)
        }
        Some(Command::Relink { account, any_account, hosted, stripe_js_url }) => {
            let mode = if any_account { RelinkMode::AnyAccountAtBank } else { RelinkMode::ExactAccount };
            runtime.block_on(on_desk(cli.api_base, cli.demo, DeskWork::Relink { account, mode, hosted, stripe_js_url }))
        }
        Some(Command::Login { remember_api_base }) => {
            let base = cli.api_base.unwrap_or_else(|| DEFAULT_API_BASE.to_owned());
            credentials::read_key_from_stdin()
                .and_then(|key| {
                    runtime.block_on(credentials::login(&base, key, remember_api_base, &mut std::io::stdout()))
                })
                .map_err(Failure::from)
        }
        Some(Command::Logout { mode }) => {
            credentials::logout(mode.map(Mode::from), &mut std::io::stdout()).map_err(Failure::from)
        }
        Some(Command::Whoami) => {
            runtime.block_on(credentials::whoami(cli.api_base, &mut std::io::stdout())).map_err(Failure::from)
        }
        None => run_window(
            &runtime,
            cli.api_base,
            cli.demo,
            cli.lang.map(Lang::from),
            cli.first_frame_probe.then_some(started),
        )
        .map_err(Failure::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("treasury-desk: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// A money action or check run from the command line.
enum DeskWork {
    AddFunds { funds: AddFunds, financial_account: String, account: String, yes: bool },
    Transfer { kind: Kind, transfer: String, account: String, yes: bool },
    Refresh { account: String, wait: bool, yes: bool },
    Relink { account: String, mode: RelinkMode, hosted: bool, stripe_js_url: Option<String> },
    Reconcile,
}

/// Open the desk (key, platform, audit trail), run `work` on it, close it.
async fn on_desk(api_base: Option<String>, demo: bool, work: DeskWork) -> Result<(), Failure> {
    let desk = Desk::open(api_base, demo).await?;
    let result = match work {
        DeskWork::AddFunds { funds, financial_account, account, yes } => {
            cli::add_funds(&desk, funds, &financial_account, &account, yes).await
        }
        DeskWork::Transfer { kind, transfer, account, yes } => {
            cli::transfer_action(&desk, kind, &transfer, &account, yes).await
        }
        DeskWork::Refresh { account, wait, yes } => cli::refresh(&desk, &account, yes, wait).await,
        DeskWork::Relink { account, mode, hosted, stripe_js_url } => {
            cli::relink(&desk, &account, mode, hosted, stripe_js_url.as_deref()).await
        }
        DeskWork::Reconcile => cli::reconcile(&desk).await,
    };
    desk.close().await;
    result
}

/// How long a processing transfer takes to settle in the window's demo sandbox.
const DEMO_SETTLE_AFTER: std::time::Duration = std::time::Duration::from_secs(45);

async fn run_export(api_base: Option<String>, demo: bool, format: Format) -> Result<(), String> {
    cli::require_key(demo)?;
    // The export is a snapshot: the demo sandbox's transfers stay as seeded.
    let (client, _, sandbox) = cli::connect(api_base, demo, SandboxConfig::default()).await?;
    let snapshot = snapshot::load(&client, Default::default()).await.map_err(|e| e.to_string())?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    export::write(&snapshot, format, std::io::stdout().lock())
        .map_err(|e| treasury_desk::t!("cli-export-failed", error = e.to_string()))
}

async fn run_ledger(
    api_base: Option<String>,
    demo: bool,
    (from, to, account): (String, String, Option<String>),
    format: Format,
) -> Result<(), String> {
    cli::require_key(demo)?;
    let (client, _, sandbox) = cli::connect(api_base, demo, SandboxConfig::default()).await?;
    let result = treasury_desk::ledger::run(&client, &from, &to, account, format).await;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    result.map(|_| ())
}

fn run_window(
    runtime: &tokio::runtime::Runtime,
    api_base: Option<String>,
    demo: bool,
    lang: Option<Lang>,
    probe: Option<std::time::Instant>,
) -> Result<(), String> {
    // The demo window is alive: processing transfers settle after a while, as they would at Stripe.
    let demo_config = SandboxConfig { advance_transfers_after: Some(DEMO_SETTLE_AFTER), ..SandboxConfig::default() };
    let (client, source, sandbox) = runtime.block_on(cli::connect(api_base.clone(), demo, demo_config))?;
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
        Box::new(move |cc| {
            // --lang, else the language menu's last choice, else the system's.
            let saved = cc.storage.and_then(|s| eframe::get_value::<Lang>(s, treasury_desk::app::LANG_KEY));
            let lang = lang.or(saved).unwrap_or_else(Lang::system);
            let app = TreasuryApp::new(handle, client, source)
                .with_lang(lang)
                .with_keys(keys_base, keychain)
                .with_relink(relink_settings, std::sync::Arc::new(SystemBrowser))
                .with_audit(AuditLog::default_location());
            Ok(Box::new(match probe {
                Some(started) => app.with_first_frame_probe(started),
                None => app,
            }))
        }),
    )
    .map_err(|e| treasury_desk::t!("cli-window-failed", error = e.to_string()));
    if let Some(sandbox) = sandbox {
        runtime.block_on(sandbox.shutdown());
    }
    result
}
