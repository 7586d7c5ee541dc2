//! The write-ahead audit trail from the outside: the CLI's money actions against the sandbox
//! over HTTP, a process killed while its confirm is in flight and reconciled after a restart, the
//! chain verified, two processes appending at once, LIVE mode's question, a retry after no answer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use treasury_desk::actions::audit::{Action, Verification};
use treasury_desk::actions::{AuditLog, Verdict};
use treasury_desk::sandbox::faults::{Fault, Gate};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::treasury::InboundTransferStatus;

const BIN: &str = env!("CARGO_BIN_EXE_treasury-desk");

/// A scratch data folder (the trail lives in it) and a sandbox the CLI talks to.
struct Desk {
    data: PathBuf,
    sandbox: Sandbox,
}

impl Desk {
    async fn start(name: &str, config: SandboxConfig) -> Self {
        let data = std::env::temp_dir().join(format!("treasury-desk-trail-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).expect("scratch");
        let sandbox = Sandbox::start(config, 0).await.expect("sandbox");
        Self { data, sandbox }
    }

    /// The CLI with this desk's key, API base and data folder (never the user's real trail).
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .args(["--api-base", &self.sandbox.base_url()])
            .env("STRIPE_API_KEY", self.sandbox.api_key().expose())
            .env_remove("STRIPE_API_BASE")
            .env("XDG_DATA_HOME", &self.data)
            .env("HOME", &self.data)
            .env("USER", "finance-ana")
            .stdin(Stdio::null());
        command
    }

    /// Run the CLI to the end, off the async workers (the sandbox runs on them).
    async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().expect("runs")).await.expect("joined")
    }

    fn log(&self) -> AuditLog {
        AuditLog::at(self.data.join("treasury-desk").join("audit.jsonl"))
    }

    fn actions(&self) -> Vec<Action> {
        self.log().read().expect("the trail").actions
    }

    /// A transfer awaiting confirmation and its connected account.
    fn awaiting(&self) -> (String, String, i64) {
        let state = self.sandbox.state();
        let transfer = state
            .all_inbound_transfers()
            .into_iter()
            .find(|t| t.status == InboundTransferStatus::RequiresConfirmation)
            .expect("a transfer awaiting confirmation");
        let owner = state.owner_of(&transfer.id).expect("owner");
        (transfer.id, owner, transfer.amount)
    }

    fn status(&self, transfer: &str) -> String {
        self.sandbox.state().inbound_transfer(transfer).expect("in the sandbox").status.to_string()
    }

    async fn stop(self) {
        self.sandbox.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Start `confirm` in a child process, wait until the sandbox holds its request, check that the
/// intent is on disk already, then kill the process (SIGKILL: no chance to write anything).
async fn confirm_then_kill(desk: &Desk, transfer: &str, owner: &str, gate: &Gate) {
    let mut child = desk
        .command(&["inbound-transfers", "confirm", transfer, "--account", owner])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the CLI starts");
    tokio::time::timeout(Duration::from_secs(60), gate.holding(1)).await.expect("the confirm reached the sandbox");
    let actions = desk.actions();
    assert_eq!(actions.len(), 1, "the intent was written before the request left");
    assert!(actions[0].outcomes.is_empty());
    child.kill().expect("killed");
    let _ = tokio::task::spawn_blocking(move || child.wait()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirm_killed_in_flight_is_unresolved_then_reconciled_as_done_and_the_chain_verifies() {
    let desk = Desk::start("killed-after", SandboxConfig::default()).await;
    let (transfer, owner, amount) = desk.awaiting();
    // The sandbox confirms, then holds its answer: the process dies before it learns the outcome.
    let gate = Gate::default();
    let hold = Fault::HoldAnswer(gate.clone());
    desk.sandbox.faults().arm("POST", &format!("{transfer}/confirm"), hold, 1);
    confirm_then_kill(&desk, &transfer, &owner, &gate).await;
    gate.open();
    assert_eq!(desk.status(&transfer), "processing", "the sandbox had acted");

    // After the restart: listed as unresolved, with everything captured at go.
    let listed = desk.run(&["audit", "--unresolved", "--format", "json"]).await;
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let intent = &listed[0]["intent"];
    assert_eq!(intent["object"], transfer.as_str());
    assert_eq!(intent["connected_account"], owner.as_str());
    assert_eq!(intent["amount"]["minor_units"], amount);
    assert_eq!(intent["mode"], "test");
    assert_eq!(intent["os_user"], "finance-ana");
    assert_eq!(intent["platform"], desk.sandbox.state().platform_account_id().as_str());

    let reconciled = desk.run(&["audit", "reconcile"]).await;
    assert!(reconciled.status.success(), "{}{}", text(&reconciled.stdout), text(&reconciled.stderr));
    assert!(
        text(&reconciled.stdout).contains("done: checked: the transfer is processing"),
        "{}",
        text(&reconciled.stdout)
    );
    let actions = desk.actions();
    let outcome = actions[0].latest().expect("the check is recorded");
    assert_eq!(outcome.verdict, Verdict::Done);
    assert_eq!(outcome.source, treasury_desk::actions::audit::Source::Check);
    assert!(!actions[0].unresolved());

    let verified = desk.run(&["audit", "verify"]).await;
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert!(text(&verified.stdout).contains("intact: 3 chained lines"), "{}", text(&verified.stdout));
    let listed = desk.run(&["audit", "--unresolved", "--format", "json"]).await;
    assert_eq!(text(&listed.stdout).trim(), "[]");
    desk.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirm_killed_before_stripe_acted_is_reconciled_as_not_done() {
    let desk = Desk::start("killed-before", SandboxConfig::default()).await;
    let (transfer, owner, _) = desk.awaiting();
    let gate = Gate::default();
    let hold = Fault::Hold(gate.clone());
    desk.sandbox.faults().arm("POST", &format!("{transfer}/confirm"), hold, 1);
    confirm_then_kill(&desk, &transfer, &owner, &gate).await;
    assert_eq!(desk.status(&transfer), "requires_confirmation");
    let reconciled = desk.run(&["audit", "reconcile"]).await;
    assert!(reconciled.status.success(), "{}", text(&reconciled.stderr));
    assert!(text(&reconciled.stdout).contains("not done: checked: the transfer is requires_confirmation"));
    assert_eq!(desk.actions()[0].latest().map(|o| o.verdict), Some(Verdict::NotDone));
    assert!(matches!(desk.log().verify().expect("verify"), Verification::Intact { lines: 3, .. }));
    gate.open();
    desk.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_cancel_and_refresh_from_the_cli_act_once_and_are_recorded() {
    let desk = Desk::start("cli-actions", SandboxConfig::default()).await;
    let (transfer, owner, _) = desk.awaiting();
    let done = desk.run(&["inbound-transfers", "confirm", &transfer, "--account", &owner, "--hold"]).await;
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert!(
        text(&done.stdout).starts_with("confirmed: the transfer is now Processing (request req_"),
        "{}",
        text(&done.stdout)
    );
    assert_eq!(desk.status(&transfer), "processing");
    // A second confirm is refused by Stripe: exit 1, recorded as not done, the transfer as it was.
    let again = desk.run(&["inbound-transfers", "confirm", &transfer, "--account", &owner]).await;
    assert_eq!(again.status.code(), Some(1), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains("treasury-desk: Not done: Stripe refused the request (400"),
        "{}",
        text(&again.stderr)
    );
    let cancel = desk.run(&["inbound-transfers", "cancel", &transfer, "--account", &owner]).await;
    assert!(cancel.status.success(), "{}", text(&cancel.stderr));
    assert_eq!(desk.status(&transfer), "canceled");

    let now = jiff::Timestamp::now().as_second();
    let state = desk.sandbox.state();
    let refreshable = state
        .all_fc_accounts()
        .into_iter()
        .find(|a| a.refresh_availability(now) == treasury_desk::stripe::financial_connections::RefreshAvailability::Now)
        .expect("a refreshable bank account");
    let refreshed = desk.run(&["linked-accounts", "refresh", &refreshable.id]).await;
    assert!(refreshed.status.success(), "{}", text(&refreshed.stderr));
    assert_eq!(state.refresh_attempts(&refreshable.id), 1);

    let actions = desk.actions();
    let summary: Vec<(&str, Option<Verdict>)> =
        actions.iter().map(|a| (a.intent.action.as_str(), a.latest().map(|o| o.verdict))).collect();
    assert_eq!(
        summary,
        [
            ("confirm", Some(Verdict::Done)),
            ("confirm", Some(Verdict::NotDone)),
            ("cancel", Some(Verdict::Done)),
            ("refresh", Some(Verdict::Done))
        ]
    );
    assert_eq!(actions[0].intent.parameters, [("funds_availability_delay".to_owned(), "432000".to_owned())]);
    let keys: std::collections::HashSet<_> = actions.iter().map(|a| a.intent.idempotency_key.clone()).collect();
    assert_eq!(keys.len(), 4, "one key per action");
    assert!(matches!(desk.log().verify().expect("verify"), Verification::Intact { lines: 9, .. }));
    desk.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_with_no_clear_answer_exits_3_and_running_it_again_reuses_the_key() {
    let desk = Desk::start("cli-retry", SandboxConfig::default()).await;
    let (transfer, owner, _) = desk.awaiting();
    // The sandbox cancels; every answer (the client's own retries too) is lost.
    desk.sandbox.faults().arm("POST", &format!("{transfer}/cancel"), Fault::LoseResponseAfterCommit, 50);
    let lost = desk.run(&["inbound-transfers", "cancel", &transfer, "--account", &owner]).await;
    assert_eq!(lost.status.code(), Some(3), "{}", text(&lost.stderr));
    assert!(text(&lost.stderr).contains("it may or may not have happened"), "{}", text(&lost.stderr));
    assert_eq!(desk.status(&transfer), "canceled");
    desk.sandbox.faults().clear();
    let again = desk.run(&["inbound-transfers", "cancel", &transfer, "--account", &owner]).await;
    assert!(again.status.success(), "the replay of the first answer: {}", text(&again.stderr));
    assert!(text(&again.stderr).contains("same idempotency key"), "{}", text(&again.stderr));
    let actions = desk.actions();
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].intent.idempotency_key, actions[1].intent.idempotency_key);
    assert_eq!(actions[1].latest().map(|o| o.verdict), Some(Verdict::Done));
    let cancels = desk.sandbox.state().requests().iter().filter(|r| r.path.ends_with("/cancel")).count();
    assert!(cancels >= 2, "sent again ({cancels})");
    desk.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_mode_asks_first_and_a_script_must_say_yes() {
    let live_key = "sk\x5flive_51LiveKeyForTheCliQuestionAbCdEfGhIjKlMn";
    let config = SandboxConfig { api_key: Secret::new(live_key), ..SandboxConfig::default() };
    let desk = Desk::start("cli-live", config).await;
    let (transfer, owner, _) = desk.awaiting();
    let refused = desk.run(&["inbound-transfers", "cancel", &transfer, "--account", &owner]).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("LIVE mode") && text(&refused.stderr).contains("--yes"));
    assert_eq!(desk.status(&transfer), "requires_confirmation", "nothing was sent");
    assert!(desk.actions().is_empty(), "nothing was recorded: nothing was said go to");
    let done = desk.run(&["inbound-transfers", "cancel", &transfer, "--account", &owner, "--yes"]).await;
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(desk.status(&transfer), "canceled");
    assert_eq!(desk.actions()[0].intent.mode, "live");
    desk.stop().await;
}

/// Appends this many intents when run as a child of the two-process test.
const CHILD_APPENDS: usize = 200;
const CHILD_ENV: &str = "TREASURY_DESK_TRAIL_CHILD";

#[test]
fn two_processes_appending_at_once_leave_one_intact_chain() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        // The child: append as fast as it can.
        let log = AuditLog::at(path);
        let who = std::process::id();
        for i in 0..CHILD_APPENDS {
            let request = treasury_desk::actions::Request::new(
                treasury_desk::actions::Kind::Cancel,
                format!("ibt_{who}_{i}"),
                Some("acct_1".to_owned()),
                treasury_desk::actions::Source::Sandbox,
                "acct_p",
                None,
            );
            log.append(&treasury_desk::actions::audit::Record::Intent(request.intent())).expect("append");
        }
        return;
    }
    let dir = std::env::temp_dir().join(format!("treasury-desk-trail-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path: PathBuf = dir.join("audit.jsonl");
    let spawn = |path: &Path| {
        Command::new(std::env::current_exe().expect("this test binary"))
            .args(["--exact", "two_processes_appending_at_once_leave_one_intact_chain", "--nocapture"])
            .env(CHILD_ENV, path)
            .stdout(Stdio::null())
            .spawn()
            .expect("a child")
    };
    let children = [spawn(&path), spawn(&path)];
    for mut child in children {
        assert!(child.wait().expect("waited").success());
    }
    let log = AuditLog::at(&path);
    let verification = log.verify().expect("verify");
    assert_eq!(
        verification,
        match &verification {
            Verification::Intact { log_id, head, .. } => Verification::Intact {
                lines: 2 * CHILD_APPENDS + 1,
                legacy_lines: 0,
                log_id: log_id.clone(),
                head: head.clone()
            },
            broken => panic!("{broken:?}"),
        }
    );
    let trail = log.read().expect("read");
    assert_eq!(trail.actions.len(), 2 * CHILD_APPENDS);
    let objects: std::collections::HashSet<_> = trail.actions.iter().map(|a| a.intent.object.clone()).collect();
    assert_eq!(objects.len(), 2 * CHILD_APPENDS, "every append is there once");
    let _ = std::fs::remove_dir_all(dir);
}
