//! The Add funds dialog: pull money from one of a connected account's bank accounts into one of
//! its financial accounts (an inbound transfer over ACH). Owns every word it shows; does no I/O.
//!
//! The dialog is filled from the data on screen; its origins (the account's bank accounts set up
//! for inbound flows) arrive from a background read the shell starts when it opens. It stays open
//! while the action runs, so Stripe's refusal is shown where the user can act on it: after
//! `inbound_transfer_not_same_day_eligible`, one click sends the same transfer as standard ACH.

use eframe::egui::{self, RichText};

use super::dialog::Choice;
use super::widgets::{self, AMBER, GREEN, RED};
use super::{Source, Target, format};
use crate::actions::{AddFunds, Kind, Outcome};
use crate::money::{Money, parse_amount};
use crate::snapshot::ConnectedAccount;
use crate::stripe::financial_connections::{self as fc, AccountStatus, Permission};
use crate::stripe::payment_method::PaymentMethod;
use crate::stripe::treasury::{self, AchSubmission, Feature, FinancialAccount};

/// The only currency inbound transfers support today (the guide: `usd`).
const CURRENCY: &str = "usd";

/// Whether a financial account is offered Add funds, and if not, why not (shown on its card).
pub fn offer(fa: &FinancialAccount) -> Result<(), String> {
    let feature = Feature::InboundTransfersAch;
    if fa.restricted_features.contains(&feature) {
        return Err("Add funds is not offered: inbound transfers (inbound_transfers.ach) are restricted on this \
                    account. Stripe needs action first: see the account's requirements in the Dashboard."
            .to_owned());
    }
    if fa.pending_features.contains(&feature) {
        return Err("Add funds is not offered yet: inbound transfers (inbound_transfers.ach) are pending; Stripe \
                    has not enabled them on this account."
            .to_owned());
    }
    if !fa.active_features.contains(&feature) {
        return Err("Add funds is not offered: inbound transfers (inbound_transfers.ach) were not requested for \
                    this account."
            .to_owned());
    }
    if fa.platform_restrictions.as_ref().and_then(|r| r.inbound_flows.as_deref()) == Some("restricted") {
        return Err("Add funds is not offered: the platform has restricted inbound flows on this account \
                    (platform_restrictions.inbound_flows)."
            .to_owned());
    }
    if !fa.supported_currencies.is_empty() && !fa.supported_currencies.iter().any(|c| c == CURRENCY) {
        return Err(
            "Add funds is not offered: this account holds no USD, the only currency of inbound transfers.".to_owned()
        );
    }
    Ok(())
}

/// One bank account money can be pulled from, as the dialog names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `pm_…`.
    pub id: String,
    /// `Chase ••6789 (checking)`.
    pub label: String,
    /// Why Stripe blocked it, when it did (it is then not offered).
    pub blocked: Option<String>,
    /// The linked bank account it was made from (`fca_…`), when Stripe says.
    pub linked_account: Option<String>,
}

impl Origin {
    /// Name a PaymentMethod by bank and last four.
    pub fn of(pm: &PaymentMethod) -> Self {
        let bank = pm.bank_name().unwrap_or("Bank");
        let last4 = pm.last4().unwrap_or("????");
        let kind = pm.us_bank_account.as_ref().and_then(|b| b.account_type.as_deref());
        let label = match kind {
            Some(kind) => format!("{bank} ••{last4} ({kind})"),
            None => format!("{bank} ••{last4}"),
        };
        let blocked = pm.blocked().map(|b| {
            let reason = b.reason.as_deref().unwrap_or("blocked");
            match &b.network_code {
                Some(code) => format!("{reason} ({code})"),
                None => reason.to_owned(),
            }
        });
        let linked_account = pm.us_bank_account.as_ref().and_then(|b| b.financial_connections_account.clone());
        Self { id: pm.id.clone(), label, blocked, linked_account }
    }
}

/// The origins as far as they are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origins {
    /// Being read (the dialog has just opened).
    Loading,
    /// Read.
    Loaded(Vec<Origin>),
    /// Could not be read.
    Failed(String),
}

/// What the bank last said about a linked account an origin may come from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LinkedBank {
    id: String,
    label: String,
    active: bool,
    payment_method_permission: bool,
    /// `cash.available`, else `current` (and `true`: it is the fallback), in minor units.
    balance: Option<(i64, bool)>,
    as_of: Option<i64>,
}

/// Where the dialog is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    /// Filling in.
    Editing,
    /// LIVE: the second question, about exactly this transfer.
    LiveCheck(AddFunds),
    /// Sent: waiting for the outcome of the action with this id (`None` until the shell started it).
    Sending(Option<String>),
}

/// What the last attempt came to, shown at the top while editing again.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Notice {
    /// Stripe refused; `standard` is the same transfer as standard ACH when that is the way on.
    Refused { reason: String, standard: Option<AddFunds> },
    /// No clear answer: trying the same transfer again reuses its key.
    Unknown { reason: String, retry: AddFunds },
    /// The shell could not start it.
    NotStarted(String),
}

/// An open Add funds dialog.
#[derive(Clone, Debug)]
pub struct AddFundsDialog {
    /// The connected account (or the platform) owning the financial account.
    pub account_id: String,
    account_name: String,
    /// The financial account funds go into.
    pub financial_account_id: String,
    financial_account_label: String,
    manual_review: bool,
    linked: Vec<LinkedBank>,
    /// Earlier Add funds on this account with no clear answer, in words.
    unsettled: Vec<String>,
    origins: Origins,
    origin: Option<String>,
    amount: String,
    description: String,
    descriptor: String,
    same_day: bool,
    stage: Stage,
    notice: Option<Notice>,
    focus_amount: bool,
}

impl AddFundsDialog {
    /// A blank form for `fa` of `holder`; `unsettled`: earlier attempts on it with no clear answer.
    pub fn new(holder: &ConnectedAccount, fa: &FinancialAccount, unsettled: &[&Kind]) -> Self {
        let linked = holder.linked_accounts.iter().map(linked_bank).collect();
        let unsettled = unsettled
            .iter()
            .filter_map(|kind| match kind {
                Kind::AddFunds(funds) => Some(format!(
                    "{} from {} (started within the last day)",
                    Money::new(funds.amount, &funds.currency),
                    funds.origin
                )),
                _ => None,
            })
            .collect();
        Self {
            account_id: holder.account.id.clone(),
            account_name: holder.account.display_name().to_owned(),
            financial_account_id: fa.id.clone(),
            financial_account_label: fa.label().to_owned(),
            manual_review: fa.has_manual_review(),
            linked,
            unsettled,
            origins: Origins::Loading,
            origin: None,
            amount: String::new(),
            description: String::new(),
            descriptor: String::new(),
            same_day: false,
            stage: Stage::Editing,
            notice: None,
            focus_amount: true,
        }
    }

    /// The origins arrived (or could not be read). One usable origin is chosen for the user;
    /// with several, they choose.
    pub fn set_origins(&mut self, origins: Result<Vec<PaymentMethod>, String>) {
        self.origins = match origins {
            Ok(list) => {
                let origins: Vec<Origin> =
                    list.iter().filter(|pm| pm.kind == "us_bank_account").map(Origin::of).collect();
                let usable: Vec<&Origin> = origins.iter().filter(|o| o.blocked.is_none()).collect();
                if let [only] = usable.as_slice() {
                    self.origin = Some(only.id.clone());
                }
                Origins::Loaded(origins)
            }
            Err(error) => Origins::Failed(error),
        };
    }

    /// True while the dialog waits for the action with `action_id`.
    pub fn waits_for(&self, action_id: &str) -> bool {
        self.stage == Stage::Sending(Some(action_id.to_owned()))
    }

    /// The shell started the action the dialog asked for.
    pub fn started(&mut self, action_id: String) {
        self.stage = Stage::Sending(Some(action_id));
    }

    /// The shell could not start it (another action on this account is running).
    pub fn not_started(&mut self, why: String) {
        self.stage = Stage::Editing;
        self.notice = Some(Notice::NotStarted(why));
    }

    /// The action ended: true when the dialog is done (the transfer was created); otherwise it
    /// shows what Stripe said and what can be done next.
    pub fn finished(&mut self, funds: &AddFunds, outcome: &Outcome) -> bool {
        self.stage = Stage::Editing;
        self.notice = match outcome {
            Outcome::Done { .. } => return true,
            Outcome::Refused { reason, code, param, .. } => {
                let same_day_refused = funds.ach_submission == Some(AchSubmission::SameDay)
                    && (code.as_deref() == Some(treasury::NOT_SAME_DAY_ELIGIBLE)
                        || param.as_deref() == Some(treasury::ACH_SUBMISSION_PARAM));
                Some(Notice::Refused {
                    reason: reason.clone(),
                    standard: same_day_refused.then(|| funds.as_standard()),
                })
            }
            Outcome::Unknown { reason, .. } => Some(Notice::Unknown { reason: reason.clone(), retry: funds.clone() }),
        };
        false
    }

    /// The transfer the form describes, or why it cannot be sent yet.
    fn transfer(&self) -> Result<AddFunds, String> {
        let origin = match &self.origins {
            Origins::Loading => return Err("loading the bank accounts…".to_owned()),
            Origins::Failed(_) => return Err("the bank accounts could not be read".to_owned()),
            Origins::Loaded(_) => self.origin.clone().ok_or("choose the bank account to pull from")?,
        };
        let amount = parse_amount(&self.amount, CURRENCY).map_err(|e| format!("Amount: {e}"))?;
        if let Some(problem) = treasury::statement_descriptor_problem(&self.descriptor) {
            return Err(format!("Statement descriptor: {problem}"));
        }
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Ok(AddFunds {
            amount,
            currency: CURRENCY.to_owned(),
            origin,
            description: text(&self.description),
            statement_descriptor: text(&self.descriptor),
            ach_submission: self.same_day.then_some(AchSubmission::SameDay),
        })
    }

    fn target(&self, funds: AddFunds) -> Target {
        Target {
            kind: Kind::AddFunds(funds),
            object: self.financial_account_id.clone(),
            account: Some(self.account_id.clone()),
        }
    }

    fn origin_label(&self, id: &str) -> String {
        match &self.origins {
            Origins::Loaded(list) => list.iter().find(|o| o.id == id).map_or(id.to_owned(), |o| o.label.clone()),
            _ => id.to_owned(),
        }
    }

    fn fa_text(&self) -> String {
        if self.financial_account_label == self.financial_account_id {
            self.financial_account_id.clone()
        } else {
            format!("{} ({})", self.financial_account_label, self.financial_account_id)
        }
    }

    /// Draw the dialog over everything.
    pub(super) fn ui(&mut self, ctx: &egui::Context, source: Source) -> Choice {
        let mut choice = Choice::Open;
        let modal = egui::Modal::new(egui::Id::unique("add_funds_dialog")).show(ctx, |ui| {
            ui.set_width(540.0);
            ui.horizontal(|ui| {
                widgets::badge(ui, source.badge(), if source.live() { RED } else { widgets::BLUE });
                ui.heading("Add funds to this financial account");
            });
            if source.live() {
                ui.colored_label(
                    RED,
                    RichText::new("LIVE mode: this pulls real money from a real bank account.").strong(),
                );
            }
            ui.add_space(4.0);
            egui::Grid::new("add_funds_facts").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
                ui.label("Into financial account");
                ui.label(self.fa_text());
                ui.end_row();
                ui.label("Connected account");
                ui.label(format!("{} ({})", self.account_name, self.account_id));
                ui.end_row();
            });
            ui.add_space(6.0);
            choice = match self.stage.clone() {
                Stage::Editing => self.editing_ui(ui, source),
                Stage::LiveCheck(funds) => self.live_check_ui(ui, &funds),
                Stage::Sending(_) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Sending to Stripe…");
                    });
                    widgets::weak(ui, "Esc closes this window; the transfer's outcome then shows on the account.");
                    Choice::Open
                }
            };
        });
        if choice == Choice::Open && modal.should_close() {
            choice = Choice::Dismissed;
        }
        choice
    }

    fn editing_ui(&mut self, ui: &mut egui::Ui, source: Source) -> Choice {
        let mut choice = Choice::Open;
        match self.notice.clone() {
            Some(Notice::Refused { reason, standard }) => {
                ui.colored_label(RED, format!("⚠ {reason}"));
                if let Some(standard) = standard {
                    let live = if source.live() { " in LIVE mode" } else { "" };
                    let text =
                        format!("Send {} as standard ACH{live}", Money::new(standard.amount, &standard.currency));
                    if ui.button(RichText::new(text).strong()).clicked() {
                        self.same_day = false;
                        self.stage = Stage::Sending(None);
                        return Choice::Go(self.target(standard));
                    }
                }
                ui.add_space(4.0);
            }
            Some(Notice::Unknown { reason, retry }) => {
                ui.colored_label(
                    RED,
                    format!(
                        "⚠ No clear answer from Stripe ({reason}): the transfer may or may not have been created. \
                         Trying again is safe: it reuses this action's idempotency key, so Stripe creates at most one."
                    ),
                );
                if ui.button("Try again").clicked() {
                    self.stage = Stage::Sending(None);
                    return Choice::Go(self.target(retry));
                }
                ui.add_space(4.0);
            }
            Some(Notice::NotStarted(why)) => {
                ui.colored_label(AMBER, format!("⚠ {why}"));
            }
            None => {}
        }
        if !self.unsettled.is_empty() {
            ui.colored_label(
                AMBER,
                format!(
                    "⚠ An earlier Add funds on this account got no clear answer: {}. It may have happened: check it \
                     in the Audit log before adding again. The same amount from the same bank account retries it \
                     safely (same idempotency key).",
                    self.unsettled.join("; ")
                ),
            );
        }
        self.origin_ui(ui);
        ui.add_space(4.0);
        let amount_ok = egui::Grid::new("add_funds_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let label = ui.label("Amount (USD)");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.amount).hint_text("e.g. 250.00").desired_width(160.0))
                .labelled_by(label.id);
            if self.focus_amount && matches!(self.origins, Origins::Loaded(_)) {
                field.request_focus();
                self.focus_amount = false;
            }
            ui.end_row();
            ui.label("");
            let parsed = parse_amount(&self.amount, CURRENCY);
            match &parsed {
                _ if self.amount.trim().is_empty() => {
                    widgets::weak(ui, "in dollars and cents");
                }
                Ok(minor) => {
                    ui.colored_label(GREEN, format!("= {}", Money::new(*minor, CURRENCY)));
                }
                Err(error) => {
                    ui.colored_label(RED, error.to_string());
                }
            }
            ui.end_row();
            let label = ui.label("Description");
            ui.add(
                egui::TextEdit::singleline(&mut self.description).hint_text("internal, optional").desired_width(320.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Statement descriptor");
            ui.add(egui::TextEdit::singleline(&mut self.descriptor).hint_text("optional").desired_width(160.0))
                .labelled_by(label.id)
                .on_hover_text("Sent to the bank with the debit: at most 10 letters, digits, spaces or - # . $ & *");
            ui.end_row();
            ui.label("");
            match treasury::statement_descriptor_problem(&self.descriptor) {
                Some(problem) => {
                    ui.colored_label(RED, problem);
                }
                None => {
                    let used = self.descriptor.chars().count();
                    widgets::weak(ui, format!("{used} of {} characters", treasury::STATEMENT_DESCRIPTOR_MAX));
                }
            }
            ui.end_row();
            parsed.ok()
        });
        ui.checkbox(&mut self.same_day, "Same-day ACH (preview)").on_hover_text(
            "Funds arrive the same business day when sent before the cut-off. A preview Stripe grants on request: \
             without access Stripe refuses and nothing moves. Stripe may also judge a transfer not eligible; it \
             can then be sent as standard ACH in one click.",
        );
        if let Some(amount) = amount_ok.inner {
            self.balance_warning(ui, amount);
        }
        ui.add_space(4.0);
        if self.manual_review {
            widgets::weak(
                ui,
                "This account has manual review: the new transfer waits for your confirmation (within 5 business \
                 days) before any money moves.",
            );
        } else {
            widgets::weak(ui, "Standard ACH takes 2–4 business days; the amount shows as inbound pending until then.");
        }
        ui.add_space(8.0);
        let ready = self.transfer();
        let button = match &ready {
            Ok(funds) => format!("Add {}", Money::new(funds.amount, &funds.currency)),
            Err(_) => "Add funds".to_owned(),
        };
        ui.horizontal(|ui| {
            let mut go = egui::Button::new(RichText::new(&button).strong());
            if ready.is_ok() {
                go = go.fill(if source.live() { RED } else { ui.visuals().selection.bg_fill });
            }
            let go = ui.add_enabled(ready.is_ok(), go);
            let enter = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
            if let (Ok(funds), true) = (&ready, go.clicked() || enter) {
                if source.live() {
                    self.stage = Stage::LiveCheck(funds.clone());
                } else {
                    self.stage = Stage::Sending(None);
                    self.notice = None;
                    choice = Choice::Go(self.target(funds.clone()));
                }
            }
            if ui.button("Back").on_hover_text("Esc").clicked() {
                choice = Choice::Dismissed;
            }
        });
        match &ready {
            Ok(funds) => widgets::weak(
                ui,
                format!(
                    "Pulls {} from {} into {}. Enter: add · Esc: back",
                    Money::new(funds.amount, &funds.currency),
                    self.origin_label(&funds.origin),
                    self.financial_account_label
                ),
            ),
            Err(why) => widgets::weak(ui, format!("Not ready: {why}")),
        };
        choice
    }

    fn origin_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(RichText::new("From bank account").strong());
        match &self.origins {
            Origins::Loading => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    widgets::weak(ui, "Reading the account's bank accounts…");
                });
            }
            Origins::Failed(error) => {
                ui.colored_label(RED, format!("⚠ Could not read the account's bank accounts: {error}"));
            }
            Origins::Loaded(origins) if origins.is_empty() => {
                ui.colored_label(AMBER, "This account has no bank account set up to pull funds from.");
                ui.label(self.how_to_add_one());
            }
            Origins::Loaded(origins) => {
                // Every origin in sight (an account has a few): bank and last four, blocked ones
                // greyed with the reason, rather than a drop-down that hides them.
                let origins = origins.clone();
                egui::ScrollArea::vertical().id_salt("add_funds_origins").max_height(130.0).show(ui, |ui| {
                    for origin in &origins {
                        let text = match &origin.blocked {
                            Some(why) => format!("{} — blocked: {why}", origin.label),
                            None => origin.label.clone(),
                        };
                        ui.add_enabled_ui(origin.blocked.is_none(), |ui| {
                            ui.radio_value(&mut self.origin, Some(origin.id.clone()), text)
                                .on_hover_text(&origin.id)
                                .on_disabled_hover_text(
                                    "A blocked bank account cannot be debited until it is set up again.",
                                );
                        });
                    }
                });
            }
        }
    }

    /// What it takes to add an origin, naming the linked accounts that could become one.
    fn how_to_add_one(&self) -> String {
        let candidates: Vec<&str> =
            self.linked.iter().filter(|l| l.active && l.payment_method_permission).map(|l| l.label.as_str()).collect();
        let how = "To add one, the account holder authorizes ACH debits from their bank account, and the platform \
                   sets it up with a SetupIntent on this account with attach_to_self=true and \
                   flow_directions[]=inbound (Stripe's Treasury guide: Working with SetupIntents, PaymentMethods, \
                   and BankAccounts).";
        match candidates.as_slice() {
            [] => format!(
                "{how} The quickest way is from a bank account linked through Financial Connections with the \
                 payment_method permission; this account has none linked that way."
            ),
            several => format!(
                "{how} Linked with the payment_method permission and ready to be set up: {}.",
                several.join(", ")
            ),
        }
    }

    /// The ACH debit check: the bank's last figure for the origin's linked account, when known.
    fn balance_warning(&self, ui: &mut egui::Ui, amount: i64) {
        let Some(linked_id) = self.origin.as_deref().and_then(|id| match &self.origins {
            Origins::Loaded(list) => list.iter().find(|o| o.id == id).and_then(|o| o.linked_account.clone()),
            _ => None,
        }) else {
            return;
        };
        let Some(bank) = self.linked.iter().find(|l| l.id == linked_id) else { return };
        let Some((balance, fallback)) = bank.balance else { return };
        if amount <= balance {
            return;
        }
        let what = if fallback { "current balance (it reports no available balance)" } else { "available balance" };
        let when = bank.as_of.map(|t| format!(" as of {}", format::datetime(t))).unwrap_or_default();
        ui.colored_label(
            AMBER,
            format!(
                "⚠ The bank reported an {what} of {}{when} for this account: the debit may fail for insufficient \
                 funds.",
                Money::new(balance, CURRENCY)
            ),
        );
    }

    fn live_check_ui(&mut self, ui: &mut egui::Ui, funds: &AddFunds) -> Choice {
        let amount = Money::new(funds.amount, &funds.currency);
        ui.label(RichText::new("LIVE mode: second check").strong().color(RED));
        ui.label(format!(
            "Pull {amount} of real money from {} into {} of {}?",
            self.origin_label(&funds.origin),
            self.fa_text(),
            self.account_name
        ));
        if funds.ach_submission == Some(AchSubmission::SameDay) {
            ui.label("Same-day ACH: the funds can be spent before the bank could return the debit.");
        }
        ui.add_space(8.0);
        let mut choice = Choice::Open;
        ui.horizontal(|ui| {
            // A click, not Enter: two Enters in a row must not move real money.
            let yes = egui::Button::new(RichText::new(format!("Yes, add {amount} in LIVE mode")).strong()).fill(RED);
            if ui.add(yes).clicked() {
                self.stage = Stage::Sending(None);
                self.notice = None;
                choice = Choice::Go(self.target(funds.clone()));
            }
            if ui.button("Back").clicked() {
                self.stage = Stage::Editing;
            }
        });
        choice
    }
}

fn linked_bank(account: &fc::Account) -> LinkedBank {
    let balance = account.balance.as_ref().and_then(|b| {
        let available = b.cash.as_ref().and_then(|c| c.available.as_ref()).and_then(|m| m.get(CURRENCY).copied());
        match (available, b.current.get(CURRENCY).copied()) {
            (Some(available), _) => Some((available, false)),
            (None, Some(current)) if b.kind == fc::BalanceType::Cash => Some((current, true)),
            _ => None,
        }
    });
    LinkedBank {
        id: account.id.clone(),
        label: format!("{} ••{}", account.institution_name, account.last4.as_deref().unwrap_or("????")),
        active: account.status == AccountStatus::Active,
        payment_method_permission: account.permissions.iter().flatten().any(|p| *p == Permission::PaymentMethod),
        balance,
        as_of: account.balance.as_ref().map(|b| b.as_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fa(active: Vec<Feature>, pending: Vec<Feature>, restricted: Vec<Feature>) -> FinancialAccount {
        serde_json::from_value(serde_json::json!({
            "id": "fa_1", "balance": {"cash": {}, "inbound_pending": {}, "outbound_pending": {}},
            "country": "US", "created": 1, "livemode": false, "status": "open",
            "supported_currencies": ["usd"],
        }))
        .map(|fa: FinancialAccount| FinancialAccount {
            active_features: active,
            pending_features: pending,
            restricted_features: restricted,
            ..fa
        })
        .expect("a financial account")
    }

    #[test]
    fn add_funds_is_offered_only_where_inbound_transfers_are_active_and_says_why_not() {
        let ach = Feature::InboundTransfersAch;
        assert_eq!(offer(&fa(vec![ach.clone()], vec![], vec![])), Ok(()));
        let restricted = offer(&fa(vec![], vec![], vec![ach.clone()])).expect_err("restricted");
        assert!(restricted.contains("restricted"), "{restricted}");
        let pending = offer(&fa(vec![], vec![ach.clone()], vec![])).expect_err("pending");
        assert!(pending.contains("pending"), "{pending}");
        assert!(offer(&fa(vec![], vec![], vec![])).is_err());
        let mut limited = fa(vec![ach], vec![], vec![]);
        limited.platform_restrictions =
            Some(treasury::PlatformRestrictions { inbound_flows: Some("restricted".into()), outbound_flows: None });
        assert!(offer(&limited).is_err_and(|why| why.contains("platform")));
    }
}
