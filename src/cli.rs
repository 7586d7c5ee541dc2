//! The command line's money actions and audit commands, on the same action layer as the window:
//! `inbound-transfers create|confirm|cancel`, `linked-accounts refresh`, `relink`, `audit …`. Owns what
//! the terminal shows and asks; decides nothing about an action itself (that is [`crate::actions`]).

use std::io::{BufRead, IsTerminal, Write};

use crate::actions::audit::{AuditLog, Trail, Verification};
use crate::actions::{self, AddFunds, Book, Executor, Kind, Outcome, Request, Source, Verdict};
use crate::export::Format;
use crate::relink::{PageSettings, RelinkMode, RelinkSettings, SystemBrowser};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::stripe::{Client, ClientConfig, Mode, RateLimit};
use crate::{credentials, money::Money, stripe};

/// How a command failed, and the exit code it ends with.
#[derive(Debug)]
pub struct Failure {
    /// One line for stderr.
    pub message: String,
    /// 1: not done or an error; 3: no clear answer (it may have happened; run it again to retry
    /// with the same idempotency key, or `audit reconcile`).
    pub code: u8,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self { message, code: 1 }
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Self::from(message.to_owned())
    }
}

/// Exit code of an action with no clear answer.
pub const EXIT_UNKNOWN: u8 = 3;

/// A client for Stripe (or `api_base`) with the stored key, or for a fresh in-process sandbox.
pub async fn connect(
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

/// Refuse to run without a key unless `--demo` says to use the built-in sandbox.
pub fn require_key(demo: bool) -> Result<(), String> {
    if !demo && credentials::find_key()?.is_none() {
        return Err(
            "no API key: set STRIPE_API_KEY, store one in the keychain, or add --demo for the built-in sandbox".into(),
        );
    }
    Ok(())
}

/// Where the command line runs its money actions: the key in use and the audit trail.
pub struct Desk {
    /// The client of the key in use.
    pub client: Client,
    /// Sandbox, test or live.
    pub source: Source,
    /// The platform account of the key.
    pub platform: String,
    /// The audit trail (money actions refuse to run without one).
    pub log: AuditLog,
    sandbox: Option<Sandbox>,
}

impl Desk {
    /// Connect with the stored key (or the sandbox for `--demo`), learn the platform, find the log.
    pub async fn open(api_base: Option<String>, demo: bool) -> Result<Self, String> {
        require_key(demo)?;
        let log = AuditLog::default_location()
            .ok_or("this computer has no data directory for treasury-desk's audit log: money actions are off")?;
        let (client, source, sandbox) = connect(api_base, demo, SandboxConfig::default()).await?;
        let platform = stripe::account::retrieve_platform(&client)
            .await
            .map_err(|e| format!("could not read the platform account: {e}"))?;
        Ok(Self { client, source, platform: platform.id, log, sandbox })
    }

    /// Stop the in-process sandbox, if any.
    pub async fn close(self) {
        if let Some(sandbox) = self.sandbox {
            sandbox.shutdown().await;
        }
    }

    /// Capture `kind` on `object` as a request: the key of an earlier attempt with no clear
    /// answer (less than a day old) is reused, so Stripe acts at most once.
    fn request(&self, kind: Kind, object: &str, connected_account: Option<String>) -> Result<Request, String> {
        let trail = self.read_trail()?;
        let mut book = Book::default();
        book.learn(&trail);
        let now = jiff::Timestamp::now().as_second();
        let key = book.retry_key(self.source, &self.platform, object, kind.clone(), now);
        if key.is_some() {
            eprintln!("An earlier attempt got no clear answer: retrying it with the same idempotency key.");
        }
        Ok(Request::new(kind, object, connected_account, self.source, self.platform.clone(), key))
    }

    fn read_trail(&self) -> Result<Trail, String> {
        self.log.read().map_err(|e| e.to_string())
    }

    /// Run `request` on the action layer and say how it ended.
    async fn execute(&self, request: Request, relink: Option<RelinkSettings>) -> Result<Outcome, Failure> {
        let executor = Executor::new(self.client.clone(), Some(self.log.clone()))
            .with_relink(relink, std::sync::Arc::new(SystemBrowser));
        let finished = executor.execute(request).await;
        if let Some(error) = &finished.unrecorded {
            eprintln!("treasury-desk: warning: the outcome was NOT recorded in the audit log: {error}");
        }
        match finished.outcome.verdict() {
            Verdict::Done => Ok(finished.outcome),
            Verdict::NotDone => Err(finished.outcome.detail().to_owned().into()),
            Verdict::Unknown => Err(Failure {
                message: format!(
                    "no clear answer ({}): it may or may not have happened. Run the same command again to retry \
                     safely, or `treasury-desk audit reconcile` to check",
                    finished.outcome.detail()
                ),
                code: EXIT_UNKNOWN,
            }),
        }
    }

    /// LIVE mode's second question before real money is pulled: the amount typed again.
    fn ask_live_again(&self, amount: i64, currency: &str, yes: bool) -> Result<(), Failure> {
        if !self.source.live() || yes {
            return Ok(());
        }
        let shown = Money::new(amount, currency);
        eprint!("LIVE mode, second check: type the amount again ({}) to pull {shown}: ", shown.number());
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| format!("could not read the answer: {e}"))?;
        match crate::money::parse_amount(&answer, currency) {
            Ok(typed) if typed == amount => Ok(()),
            _ => Err("not done: the amount typed again did not match".into()),
        }
    }

    /// LIVE mode asks on the terminal first, naming what will happen; `--yes` answers for scripts.
    fn ask_live(&self, what: &str, yes: bool) -> Result<(), Failure> {
        if !self.source.live() || yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            return Err("LIVE mode: this acts on real money; add --yes to go ahead without a terminal prompt".into());
        }
        eprint!("LIVE mode, platform {}: {what}\nType yes to go ahead: ", self.platform);
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| format!("could not read the answer: {e}"))?;
        if answer.trim() == "yes" { Ok(()) } else { Err("not done: you did not answer yes".into()) }
    }
}

/// `inbound-transfers create`: add funds to `financial_account` of `account` from the bank
/// account `funds.origin`. Prints the new transfer's id and status, then its receipt and (on an
/// account with manual review) the day it must be confirmed by. LIVE mode asks twice.
pub async fn add_funds(
    desk: &Desk,
    funds: AddFunds,
    financial_account: &str,
    account: &str,
    yes: bool,
) -> Result<(), Failure> {
    if let Some(problem) =
        funds.statement_descriptor.as_deref().and_then(stripe::treasury::statement_descriptor_problem)
    {
        return Err(format!("--statement-descriptor: {problem}").into());
    }
    let amount = Money::new(funds.amount, &funds.currency);
    // Name the bank account for the question and the record; the create itself judges it.
    let origin = match stripe::payment_method::retrieve(&desk.client, account, &funds.origin).await {
        Ok(pm) => format!("{} ••{} ({})", pm.bank_name().unwrap_or("bank"), pm.last4().unwrap_or("????"), pm.id),
        Err(_) => funds.origin.clone(),
    };
    let speed = if funds.ach_submission.is_some() { " by same-day ACH" } else { "" };
    desk.ask_live(&format!("pull {amount} from {origin} into {financial_account} of {account}{speed}"), yes)?;
    desk.ask_live_again(funds.amount, &funds.currency, yes)?;
    eprintln!("Adding {amount} from {origin} into {financial_account} in {} mode…", desk.source.as_str());
    let request = desk.request(Kind::AddFunds(funds), financial_account, Some(account.to_owned()))?;
    let outcome = desk.execute(request, None).await?;
    let mut text = String::new();
    for landed in outcome.landed() {
        if let actions::Landed::Transfer(transfer) = landed {
            text.push_str(&format!("{} {}\n", transfer.id, transfer.status));
            if let Some(url) = &transfer.hosted_regulatory_receipt_url {
                text.push_str(&format!("receipt: {url}\n"));
            }
            if transfer.status == stripe::treasury::InboundTransferStatus::RequiresConfirmation
                && let Some(deadline) = crate::deadline::confirmation_deadline(transfer.created)
            {
                text.push_str(&format!(
                    "awaiting confirmation: confirm or cancel it by {} (else Stripe cancels it)\n",
                    deadline.strftime("%a %Y-%m-%d")
                ));
            }
        }
    }
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| format!("could not write: {e}"))?;
    Ok(())
}

/// `inbound-transfers confirm|cancel`: confirm (optionally holding the funds) or cancel one
/// inbound transfer of `account`. Prints the transfer's new status.
pub async fn transfer_action(
    desk: &Desk,
    kind: Kind,
    transfer_id: &str,
    account: &str,
    yes: bool,
) -> Result<(), Failure> {
    let transfer = stripe::treasury::retrieve_inbound_transfer(&desk.client, account, transfer_id)
        .await
        .map_err(|e| format!("could not read {transfer_id}: {e}"))?;
    let amount = Money::new(transfer.amount, &transfer.currency);
    let what = format!(
        "{} {transfer_id} ({amount}, now {}) into {} of {account}",
        kind.as_str(),
        transfer.status,
        transfer.financial_account
    );
    desk.ask_live(&what, yes)?;
    eprintln!("{} {transfer_id} ({amount}) in {} mode…", capitalized(kind.as_str()), desk.source.as_str());
    let request =
        desk.request(kind, transfer_id, Some(account.to_owned()))?.with_amount(transfer.amount, &transfer.currency);
    let outcome = desk.execute(request, None).await?;
    print_done(&outcome)
}

/// `linked-accounts refresh`: ask the bank for a new balance; with `wait`, follow it until the
/// bank answers.
pub async fn refresh(desk: &Desk, linked_id: &str, yes: bool, wait: bool) -> Result<(), Failure> {
    desk.ask_live(&format!("ask the bank for a new balance of {linked_id}"), yes)?;
    let request = desk.request(Kind::Refresh, linked_id, None)?;
    let outcome = desk.execute(request, None).await?;
    print_done(&outcome)?;
    if wait {
        let account = actions::follow_refresh(&desk.client, linked_id)
            .await
            .map_err(|e| format!("the refresh started, but it could not be followed: {e}"))?;
        let status = account.balance_refresh.as_ref().map_or("none".to_owned(), |r| r.status.to_string());
        println!("{linked_id}: the bank's answer: refresh {status}");
    }
    Ok(())
}

/// `relink`: repair an inactive linked account in the browser; done only when it is active again.
pub async fn relink(
    desk: &Desk,
    linked_id: &str,
    mode: RelinkMode,
    hosted: bool,
    stripe_js_url: Option<&str>,
) -> Result<(), Failure> {
    let mut settings = match &desk.sandbox {
        Some(sandbox) => {
            let page = match stripe_js_url {
                Some(url) => PageSettings::for_api_base(&sandbox.base_url(), Some(url)),
                None => PageSettings::sandbox(&sandbox.base_url()),
            };
            RelinkSettings::new(sandbox.publishable_key(), page)
        }
        None => credentials::publishable_key(desk.client.mode()).map(|key| {
            RelinkSettings::new(key, PageSettings::for_api_base(&desk.client.config().api_base, stripe_js_url))
        })?,
    };
    settings.hosted = hosted;
    // The holder of the account, for the record.
    let holder = stripe::financial_connections::retrieve_account(&desk.client, linked_id)
        .await
        .ok()
        .and_then(|a| a.account_holder)
        .filter(|h| h.kind == stripe::common::AccountHolderType::Account)
        .and_then(|h| h.holder_id().map(str::to_owned));
    let request = desk.request(Kind::Relink(mode), linked_id, holder)?;
    eprintln!("Relinking {linked_id} ({})…", mode.describe());
    let outcome = desk.execute(request, Some(settings)).await.map_err(|mut failure| {
        if failure.message.contains("could not open the web browser") {
            failure.message.push_str("; set $BROWSER to your browser's command and run this again");
        }
        failure
    })?;
    let mut text = format!("{}\n", outcome.detail());
    for landed in outcome.landed() {
        if let actions::Landed::Linked(account) = landed {
            text.push_str(&format!("  {} {}: {}\n", account.id, account.label(), account.status));
        }
    }
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| format!("could not write: {e}"))?;
    Ok(())
}

fn print_done(outcome: &Outcome) -> Result<(), Failure> {
    let request_id = outcome.request_id().map(|id| format!(" (request {id})")).unwrap_or_default();
    println!("{}{request_id}", outcome.detail());
    Ok(())
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The audit trail's location, or why there is none.
pub fn audit_log() -> Result<AuditLog, String> {
    AuditLog::default_location().ok_or_else(|| "this computer has no data directory for treasury-desk".to_owned())
}

/// `audit [--unresolved]`: print the actions (or only the unresolved ones).
pub fn print_audit(format: Format, unresolved: bool) -> Result<(), Failure> {
    let log = audit_log()?;
    let trail = log.read().map_err(|e| e.to_string())?;
    if trail.unreadable > 0 {
        eprintln!(
            "treasury-desk: warning: {} lines of {} could not be read: run `treasury-desk audit verify`",
            trail.unreadable,
            log.path().display()
        );
    }
    let actions: Vec<_> = trail.actions.into_iter().filter(|a| !unresolved || a.unresolved()).collect();
    let out = std::io::stdout().lock();
    match format {
        Format::Csv => actions::audit::write_csv(&actions, out).map_err(|e| e.to_string())?,
        Format::Json => serde_json::to_writer_pretty(out, &actions).map_err(|e| e.to_string())?,
    }
    Ok(())
}

/// `audit verify`: check the hash chain; exit 0 only when intact.
pub fn verify_audit() -> Result<(), Failure> {
    let log = audit_log()?;
    match log.verify().map_err(|e| e.to_string())? {
        Verification::Intact { lines, legacy_lines, log_id, head } => {
            let legacy =
                if legacy_lines > 0 { format!(" (after {legacy_lines} older unchained lines)") } else { String::new() };
            println!(
                "{}: intact: {lines} chained lines{legacy}; log {}; last hash {}",
                log.path().display(),
                log_id.as_deref().unwrap_or("—"),
                head.as_deref().unwrap_or("—")
            );
            Ok(())
        }
        Verification::Broken { line, why } => {
            Err(format!("{}: line {line} does not match: {why}", log.path().display()).into())
        }
    }
}

/// `audit reconcile`: check every unresolved action of the key in use against Stripe and record
/// what each shows. Exit 0 only when none is left unresolved.
pub async fn reconcile(desk: &Desk) -> Result<(), Failure> {
    let trail = desk.read_trail()?;
    let mut left = 0;
    let mut out = std::io::stdout().lock();
    for action in trail.unresolved() {
        let intent = &action.intent;
        let line = match actions::check(&desk.client, desk.source, &desk.platform, action, Some(&desk.log)).await {
            Ok(record) => {
                if record.verdict == Verdict::Unknown {
                    left += 1;
                }
                format!(
                    "{} {} {}: {}: {}",
                    intent.time,
                    intent.action,
                    intent.object,
                    record.verdict.words(),
                    record.detail
                )
            }
            Err(error) => {
                left += 1;
                format!("{} {} {}: not checked: {error}", intent.time, intent.action, intent.object)
            }
        };
        writeln!(out, "{line}").map_err(|e| format!("could not write: {e}"))?;
    }
    if left > 0 { Err(format!("{left} action(s) are still unresolved").into()) } else { Ok(()) }
}
