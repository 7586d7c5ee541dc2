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
use crate::i18n::{self, parse_amount};
use crate::money::Money;
use crate::snapshot::ConnectedAccount;
use crate::stripe::financial_connections::{self as fc, AccountStatus, Permission};
use crate::stripe::payment_method::PaymentMethod;
use crate::stripe::treasury::{self, AchSubmission, Feature, FinancialAccount};
use crate::t;

/// The only currency inbound transfers support today (the guide: `usd`).
const CURRENCY: &str = "usd";

/// Whether a financial account is offered Add funds, and if not, why not (shown on its card).
pub fn offer(fa: &FinancialAccount) -> Result<(), String> {
    let feature = Feature::InboundTransfersAch;
    if fa.restricted_features.contains(&feature) {
        return Err(t!("add-funds-not-offered-restricted"));
    }
    if fa.pending_features.contains(&feature) {
        return Err(t!("add-funds-not-offered-pending"));
    }
    if !fa.active_features.contains(&feature) {
        return Err(t!("add-funds-not-offered-not-requested"));
    }
    if fa.platform_restrictions.as_ref().and_then(|r| r.inbound_flows.as_deref()) == Some("restricted") {
        return Err(t!("add-funds-not-offered-platform"));
    }
    if !fa.supported_currencies.is_empty() && !fa.supported_currencies.iter().any(|c| c == CURRENCY) {
        return Err(t!("add-funds-not-offered-currency"));
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
        let bank = pm.bank_name().map_or_else(|| t!("bank-unnamed"), str::to_owned);
        let last4 = pm.last4().unwrap_or("????");
        let kind = pm.us_bank_account.as_ref().and_then(|b| b.account_type.as_deref());
        let label = match kind {
            Some(kind) => format!("{bank} ••{last4} ({kind})"),
            None => format!("{bank} ••{last4}"),
        };
        let blocked = pm.blocked().map(|b| {
            let reason = b.reason.clone().unwrap_or_else(|| t!("add-funds-blocked"));
            match &b.network_code {
                Some(code) => format!("{reason} ({code})"),
                None => reason,
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
                Kind::AddFunds(funds) => Some(t!(
                    "add-funds-unsettled-item",
                    amount = Money::new(funds.amount, &funds.currency).to_string(),
                    origin = funds.origin.clone()
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
            Origins::Loading => return Err(t!("add-funds-loading-origins")),
            Origins::Failed(_) => return Err(t!("add-funds-origins-failed-short")),
            Origins::Loaded(_) => self.origin.clone().ok_or_else(|| t!("add-funds-choose-origin"))?,
        };
        let amount = parse_amount(&self.amount, CURRENCY, i18n::current())
            .map_err(|e| t!("add-funds-amount-problem", problem = e.words()))?;
        if let Some(problem) = treasury::statement_descriptor_problem(&self.descriptor) {
            return Err(t!("add-funds-descriptor-problem", problem = problem));
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
                widgets::badge(ui, &source.badge(), if source.live() { RED } else { widgets::BLUE });
                ui.heading(t!("add-funds-title"));
            });
            if source.live() {
                ui.colored_label(RED, RichText::new(t!("add-funds-live-warning")).strong());
            }
            ui.add_space(4.0);
            egui::Grid::new("add_funds_facts").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
                ui.label(t!("dialog-into-fa"));
                ui.label(self.fa_text());
                ui.end_row();
                ui.label(t!("dialog-connected-account"));
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
                        ui.label(t!("add-funds-sending"));
                    });
                    widgets::weak(ui, t!("add-funds-sending-esc"));
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
                    let amount = Money::new(standard.amount, &standard.currency).to_string();
                    let text = if source.live() {
                        t!("add-funds-send-standard-live", amount = amount)
                    } else {
                        t!("add-funds-send-standard", amount = amount)
                    };
                    if ui.button(RichText::new(text).strong()).clicked() {
                        self.same_day = false;
                        self.stage = Stage::Sending(None);
                        return Choice::Go(self.target(standard));
                    }
                }
                ui.add_space(4.0);
            }
            Some(Notice::Unknown { reason, retry }) => {
                ui.colored_label(RED, format!("⚠ {}", t!("add-funds-unknown", reason = reason)));
                if ui.button(t!("try-again")).clicked() {
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
            ui.colored_label(AMBER, format!("⚠ {}", t!("add-funds-unsettled", items = self.unsettled.join("; "))));
        }
        self.origin_ui(ui);
        ui.add_space(4.0);
        let amount_ok = egui::Grid::new("add_funds_form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
            let label = ui.label(t!("add-funds-amount"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.amount)
                        .hint_text(t!("add-funds-amount-hint"))
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            if self.focus_amount && matches!(self.origins, Origins::Loaded(_)) {
                field.request_focus();
                self.focus_amount = false;
            }
            ui.end_row();
            ui.label("");
            let parsed = parse_amount(&self.amount, CURRENCY, i18n::current());
            match &parsed {
                _ if self.amount.trim().is_empty() => {
                    widgets::weak(ui, t!("add-funds-amount-units"));
                }
                Ok(minor) => {
                    ui.colored_label(GREEN, format!("= {}", Money::new(*minor, CURRENCY)));
                }
                Err(error) => {
                    ui.colored_label(RED, error.words());
                }
            }
            ui.end_row();
            let label = ui.label(t!("add-funds-description"));
            ui.add(
                egui::TextEdit::singleline(&mut self.description)
                    .hint_text(t!("add-funds-description-hint"))
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(t!("add-funds-descriptor"));
            ui.add(
                egui::TextEdit::singleline(&mut self.descriptor)
                    .hint_text(t!("add-funds-optional"))
                    .desired_width(160.0),
            )
            .labelled_by(label.id)
            .on_hover_text(t!("add-funds-descriptor-hint"));
            ui.end_row();
            ui.label("");
            match treasury::statement_descriptor_problem(&self.descriptor) {
                Some(problem) => {
                    ui.colored_label(RED, problem);
                }
                None => {
                    let used = self.descriptor.chars().count();
                    let max = treasury::STATEMENT_DESCRIPTOR_MAX;
                    widgets::weak(ui, t!("add-funds-descriptor-count", used = used, max = max));
                }
            }
            ui.end_row();
            parsed.ok()
        });
        ui.checkbox(&mut self.same_day, t!("add-funds-same-day")).on_hover_text(t!("add-funds-same-day-hint"));
        if let Some(amount) = amount_ok.inner {
            self.balance_warning(ui, amount);
        }
        ui.add_space(4.0);
        if self.manual_review {
            widgets::weak(ui, t!("add-funds-manual-review"));
        } else {
            widgets::weak(ui, t!("add-funds-standard-timing"));
        }
        ui.add_space(8.0);
        let ready = self.transfer();
        let button = match &ready {
            Ok(funds) => t!("add-funds-go", amount = Money::new(funds.amount, &funds.currency).to_string()),
            Err(_) => t!("add-funds-button"),
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
            if ui.button(t!("dialog-back")).on_hover_text("Esc").clicked() {
                choice = Choice::Dismissed;
            }
        });
        match &ready {
            Ok(funds) => widgets::weak(
                ui,
                t!(
                    "add-funds-summary",
                    amount = Money::new(funds.amount, &funds.currency).to_string(),
                    origin = self.origin_label(&funds.origin),
                    fa = self.financial_account_label.clone()
                ),
            ),
            Err(why) => widgets::weak(ui, t!("add-funds-not-ready", why = why.clone())),
        };
        choice
    }

    fn origin_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(RichText::new(t!("add-funds-from")).strong());
        match &self.origins {
            Origins::Loading => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    widgets::weak(ui, t!("add-funds-reading-origins"));
                });
            }
            Origins::Failed(error) => {
                ui.colored_label(RED, format!("⚠ {}", t!("add-funds-origins-failed", error = error.clone())));
            }
            Origins::Loaded(origins) if origins.is_empty() => {
                ui.colored_label(AMBER, t!("add-funds-no-origin"));
                ui.label(self.how_to_add_one());
            }
            Origins::Loaded(origins) => {
                // Every origin in sight (an account has a few): bank and last four, blocked ones
                // greyed with the reason, rather than a drop-down that hides them.
                let origins = origins.clone();
                egui::ScrollArea::vertical().id_salt("add_funds_origins").max_height(130.0).show(ui, |ui| {
                    for origin in &origins {
                        let text = match &origin.blocked {
                            Some(why) => {
                                t!("add-funds-origin-blocked", origin = origin.label.clone(), why = why.clone())
                            }
                            None => origin.label.clone(),
                        };
                        ui.add_enabled_ui(origin.blocked.is_none(), |ui| {
                            ui.radio_value(&mut self.origin, Some(origin.id.clone()), text)
                                .on_hover_text(&origin.id)
                                .on_disabled_hover_text(t!("add-funds-origin-blocked-hint"));
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
        let how = t!("add-funds-how-to-add");
        match candidates.as_slice() {
            [] => format!("{how} {}", t!("add-funds-how-none-linked")),
            several => format!("{how} {}", t!("add-funds-how-candidates", accounts = several.join(", "))),
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
        let when = bank.as_of.map(format::datetime).unwrap_or_else(|| "—".to_owned());
        let balance = Money::new(balance, CURRENCY).to_string();
        let warning = if fallback {
            t!("add-funds-balance-warning-current", balance = balance, at = when)
        } else {
            t!("add-funds-balance-warning", balance = balance, at = when)
        };
        ui.colored_label(AMBER, format!("⚠ {warning}"));
    }

    fn live_check_ui(&mut self, ui: &mut egui::Ui, funds: &AddFunds) -> Choice {
        let amount = Money::new(funds.amount, &funds.currency);
        ui.label(RichText::new(t!("add-funds-live-second")).strong().color(RED));
        ui.label(t!(
            "add-funds-live-question",
            amount = amount.to_string(),
            origin = self.origin_label(&funds.origin),
            fa = self.fa_text(),
            account = self.account_name.clone()
        ));
        if funds.ach_submission == Some(AchSubmission::SameDay) {
            ui.label(t!("add-funds-live-same-day"));
        }
        ui.add_space(8.0);
        let mut choice = Choice::Open;
        ui.horizontal(|ui| {
            // A click, not Enter: two Enters in a row must not move real money.
            let yes = egui::Button::new(RichText::new(t!("add-funds-live-yes", amount = amount.to_string())).strong())
                .fill(RED);
            if ui.add(yes).clicked() {
                self.stage = Stage::Sending(None);
                self.notice = None;
                choice = Choice::Go(self.target(funds.clone()));
            }
            if ui.button(t!("dialog-back")).clicked() {
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
        crate::i18n::set_thread(crate::i18n::Lang::En);
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
