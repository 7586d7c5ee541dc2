//! The command line's money actions and audit commands, on the same action layer as the window:
//! `inbound-transfers create|confirm|cancel`, `linked-accounts refresh`, `relink`, `audit …`. Owns what
//! the terminal shows and asks; decides nothing about an action itself (that is [`crate::actions`]).

use std::io::{BufRead, IsTerminal, Write};

use crate::actions::audit::{AuditLog, Trail, Verification};
use crate::actions::{self, AddFunds, Book, Executor, Kind, Outcome, Request, Source, Verdict};
use crate::export::Format;
use crate::i18n::Words;
use crate::relink::{PageSettings, RelinkMode, RelinkSettings, SystemBrowser};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::stripe::{Client, ClientConfig, Mode, RateLimit};
use crate::t;
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
            Sandbox::start(sandbox_config, 0).await.map_err(|e| t!("cli-sandbox-failed", error = e.to_string()))?;
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
        return Err(t!("cli-no-key"));
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
        let log = AuditLog::default_location().ok_or_else(|| t!("cli-no-audit-dir"))?;
        let (client, source, sandbox) = connect(api_base, demo, SandboxConfig::default()).await?;
        let platform = stripe::account::retrieve_platform(&client)
            .await
            .map_err(|e| t!("cli-platform-failed", error = e.to_string()))?;
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
            eprintln!("{}", t!("cli-retry-same-key"));
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
            eprintln!("treasury-desk: {}", t!("cli-outcome-unrecorded", error = error.clone()));
        }
        match finished.outcome.verdict() {
            Verdict::Done => Ok(finished.outcome),
            Verdict::NotDone => Err(finished.outcome.detail().to_owned().into()),
            Verdict::Unknown => Err(Failure {
                message: t!("cli-unknown", detail = finished.outcome.detail().to_owned()),
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
        eprint!("{} ", t!("cli-live-type-amount", number = shown.number(), amount = shown.to_string()));
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| t!("cli-answer-unreadable", error = e.to_string()))?;
        // Typed as the command line takes amounts: a decimal point, whatever the language.
        match crate::i18n::parse_amount(answer.trim(), currency, crate::i18n::Lang::En) {
            Ok(typed) if typed == amount => Ok(()),
            _ => Err(t!("cli-live-amount-mismatch").into()),
        }
    }

    /// LIVE mode asks on the terminal first, naming what will happen; `--yes` answers for scripts.
    fn ask_live(&self, what: &str, yes: bool) -> Result<(), Failure> {
        if !self.source.live() || yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            return Err(t!("cli-live-needs-yes").into());
        }
        eprint!(
            "{}\n{} ",
            t!("cli-live-question", platform = self.platform.clone(), what = what.to_owned()),
            t!("cli-live-type-yes")
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(|e| t!("cli-answer-unreadable", error = e.to_string()))?;
        // The word to type is the same in every language, so a script's answer never depends on it.
        if answer.trim() == "yes" { Ok(()) } else { Err(t!("cli-live-not-yes").into()) }
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
        Ok(pm) => format!(
            "{} ••{} ({})",
            pm.bank_name().map_or_else(|| t!("bank-unnamed"), str::to_owned),
            pm.last4().unwrap_or("????"),
            pm.id
        ),
        Err(_) => funds.origin.clone(),
    };
    let what = t!(
        "cli-add-funds-what",
        amount = amount.to_string(),
        origin = origin.clone(),
        fa = financial_account.to_owned(),
        account = account.to_owned(),
        same_day = if funds.ach_submission.is_some() { "yes" } else { "no" }
    );
    desk.ask_live(&what, yes)?;
    desk.ask_live_again(funds.amount, &funds.currency, yes)?;
    eprintln!("{}", t!("cli-acting", what = what, mode = desk.source.as_str().to_owned()));
    let request = desk.request(Kind::AddFunds(funds), financial_account, Some(account.to_owned()))?;
    let outcome = desk.execute(request, None).await?;
    let mut text = String::new();
    for landed in outcome.landed() {
        if let actions::Landed::Transfer(transfer) = landed {
            text.push_str(&format!("{} {}\n", transfer.id, transfer.status));
            if let Some(url) = &transfer.hosted_regulatory_receipt_url {
                text.push_str(&format!("{}\n", t!("cli-receipt", url = url.to_string())));
            }
            if transfer.status == stripe::treasury::InboundTransferStatus::RequiresConfirmation
                && let Some(deadline) = crate::deadline::confirmation_deadline(transfer.created)
            {
                let by = crate::i18n::weekday_date(deadline);
                text.push_str(&format!("{}\n", t!("cli-awaiting-confirmation", date = by)));
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
        .map_err(|e| t!("cli-read-failed", object = transfer_id.to_owned(), error = e.to_string()))?;
    let amount = Money::new(transfer.amount, &transfer.currency);
    let what = t!(
        "cli-transfer-what",
        action = kind.as_str().to_owned(),
        transfer = transfer_id.to_owned(),
        amount = amount.to_string(),
        status = transfer.status.words(),
        fa = transfer.financial_account.clone(),
        account = account.to_owned()
    );
    desk.ask_live(&what, yes)?;
    let request =
        desk.request(kind, transfer_id, Some(account.to_owned()))?.with_amount(transfer.amount, &transfer.currency);
    eprintln!("{}", t!("cli-acting", what = what, mode = desk.source.as_str().to_owned()));
    let outcome = desk.execute(request, None).await?;
    print_done(&outcome)
}

/// `linked-accounts refresh`: ask the bank for a new balance; with `wait`, follow it until the
/// bank answers.
pub async fn refresh(desk: &Desk, linked_id: &str, yes: bool, wait: bool) -> Result<(), Failure> {
    desk.ask_live(&t!("cli-refresh-what", account = linked_id.to_owned()), yes)?;
    let request = desk.request(Kind::Refresh, linked_id, None)?;
    let outcome = desk.execute(request, None).await?;
    print_done(&outcome)?;
    if wait {
        let account = actions::follow_refresh(&desk.client, linked_id)
            .await
            .map_err(|e| t!("cli-refresh-unfollowed", error = e.to_string()))?;
        let status = account.balance_refresh.as_ref().map_or_else(|| t!("outcome-refresh-none"), |r| r.status.words());
        println!("{}", t!("cli-refresh-answer", account = linked_id.to_owned(), status = status));
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
    eprintln!("{}", t!("cli-relinking", account = linked_id.to_owned(), mode = mode.describe().to_owned()));
    let outcome = desk.execute(request, Some(settings)).await.map_err(|mut failure| {
        if failure.message.contains("could not open the web browser") {
            failure.message.push_str(&format!("; {}", t!("cli-set-browser")));
        }
        failure
    })?;
    let mut text = format!("{}\n", outcome.detail());
    for landed in outcome.landed() {
        if let actions::Landed::Linked(account) = landed {
            text.push_str(&format!("  {} {}: {}\n", account.id, account.label(), account.status));
        }
    }
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| t!("cli-write-failed", error = e.to_string()))?;
    Ok(())
}

fn print_done(outcome: &Outcome) -> Result<(), Failure> {
    let request_id =
        outcome.request_id().map(|id| format!(" ({})", t!("cli-request", id = id.to_owned()))).unwrap_or_default();
    println!("{}{request_id}", outcome.detail());
    Ok(())
}

/// The audit trail's location, or why there is none.
pub fn audit_log() -> Result<AuditLog, String> {
    AuditLog::default_location().ok_or_else(|| t!("audit-no-log"))
}

/// `audit [--unresolved]`: print the actions (or only the unresolved ones).
pub fn print_audit(format: Format, unresolved: bool) -> Result<(), Failure> {
    let log = audit_log()?;
    let trail = log.read().map_err(|e| e.to_string())?;
    if trail.unreadable > 0 {
        let warning = t!("cli-unreadable", count = trail.unreadable, path = log.path().display().to_string());
        eprintln!("treasury-desk: {warning}");
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
            let intact = t!(
                "cli-verify-intact",
                path = log.path().display().to_string(),
                lines = lines,
                legacy = legacy_lines,
                log = log_id.unwrap_or_else(|| "—".to_owned()),
                head = head.unwrap_or_else(|| "—".to_owned())
            );
            println!("{intact}");
            Ok(())
        }
        Verification::Broken { line, why } => {
            Err(t!("cli-verify-broken", path = log.path().display().to_string(), line = line, why = why).into())
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
                format!(
                    "{} {} {}: {}",
                    intent.time,
                    intent.action,
                    intent.object,
                    t!("cli-not-checked", error = error.to_string())
                )
            }
        };
        writeln!(out, "{line}").map_err(|e| t!("cli-write-failed", error = e.to_string()))?;
    }
    if left > 0 { Err(t!("cli-still-unresolved", count = left).into()) } else { Ok(()) }
}
