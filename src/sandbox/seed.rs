//! Deterministic seed data: the platform, connected accounts, financial accounts, inbound
//! transfers and Financial Connections accounts, from one `ChaCha8Rng` seed. Must not do I/O.

use std::collections::{BTreeMap, HashMap, HashSet};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::SandboxConfig;
use super::state::{Owned, digits, make_id};
use crate::stripe::account::{
    Account, AccountRequirements, AccountSettings, AccountType, BusinessProfile, CapabilityStatus, DashboardSettings,
};
use crate::stripe::balance::{Balance as StripeBalance, BalanceAmount};
use crate::stripe::common::{AccountHolder, Amounts};
use crate::stripe::financial_connections::{
    self as fc, AccountStatus, AccountStatusDetails, Balance, BalanceRefresh, BalanceType, CashBalance, Category,
    CreditBalance, InactiveStatusDetails, Permission, RefreshStatus, StatusAction, StatusCause, Subcategory,
};
use crate::stripe::treasury::{
    AbaRecord, BillingDetails, ClosedReason, ClosedStatusDetails, FailureCode, FailureDetails, Feature,
    FinancialAccount, FinancialAccountBalance, FinancialAccountStatus, FinancialAccountStatusDetails, FinancialAddress,
    InboundTransfer, InboundTransferStatus, LinkedFlows, OriginPaymentMethodDetails, PlatformRestrictions,
    StatusTransitions, UsBankAccountDetails,
};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// The platform's business name.
pub(crate) const PLATFORM_NAME: &str = "Northwind Capital (sandbox)";

const NAMES: [&str; 30] = [
    "Acme Freight LLC",
    "Blue Harbor Dental",
    "Cedar & Pine Bakery",
    "Driftwood Outfitters",
    "Evergreen Landscaping Co.",
    "Foxglove Florists",
    "Granite Peak Roofing",
    "Harborview Veterinary Clinic",
    "Ironclad Fitness",
    "Juniper Bookkeeping",
    "Keystone Auto Repair",
    "Lakeside Pediatrics",
    "Maple Street Coffee",
    "Northstar Logistics Inc.",
    "Oak Valley Farms",
    "Pioneer Plumbing",
    "Quarry Hill Brewing",
    "Riverbend Yoga Studio",
    "Silverline Electric",
    "Tidewater Marine Supply",
    "Union Square Tailors",
    "Vantage Point Optometry",
    "Willow Creek Daycare",
    "Yellowtail Sushi Bar",
    "Zenith Solar Installers",
    "Bright Path Tutoring",
    "Copperleaf Catering",
    "Desert Bloom Spa",
    "Golden Gate Movers",
    "Hilltop Hardware",
];

const NICKNAMES: [&str; 7] = ["Operating", "Payroll", "Tax reserve", "Vendor payments", "Savings", "Main", "Escrow"];

const ORIGIN_BANKS: [&str; 5] = ["JPMorgan Chase", "Wells Fargo", "Bank of America", "Silicon Valley Bank", "Mercury"];

const FAILURE_CODES: [FailureCode; 9] = [
    FailureCode::AccountClosed,
    FailureCode::AccountFrozen,
    FailureCode::BankAccountRestricted,
    FailureCode::BankOwnershipChanged,
    FailureCode::CouldNotProcess,
    FailureCode::InvalidAccountNumber,
    FailureCode::IncorrectAccountHolderName,
    FailureCode::InvalidCurrency,
    FailureCode::NoAccount,
];

/// Everything the seed makes, plus the generator (run-time ids continue its stream).
pub(crate) struct SeedData {
    pub platform: Account,
    pub accounts: Vec<Account>,
    pub financial_accounts: Vec<Owned<FinancialAccount>>,
    pub inbound_transfers: Vec<Owned<InboundTransfer>>,
    pub fc_accounts: Vec<fc::Account>,
    /// Financial Connections accounts whose balance refreshes always end `failed`.
    pub refresh_failing: HashSet<String>,
    /// Bank accounts the accounts can pull funds from (PaymentMethods for Treasury flows).
    pub payment_methods: Vec<super::origins::Stored>,
    /// Connected accounts without access to the same-day ACH preview.
    pub same_day_denied: HashSet<String>,
    /// Every financial account's transactions and entries (balances are their sums).
    pub ledger: super::ledger::Ledger,
    pub rng: ChaCha8Rng,
}

fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn slug(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

fn account(
    id: String,
    name: &str,
    kind: Option<AccountType>,
    created: i64,
    capabilities: litemap::LiteMap<String, CapabilityStatus>,
) -> Account {
    Account {
        id,
        object: "account".to_owned(),
        business_profile: Some(BusinessProfile {
            name: Some(name.to_owned()),
            support_email: Some(format!("support@{}.example", slug(name))),
            url: Some(format!("https://{}.example", slug(name))),
        }),
        business_type: Some("company".to_owned()),
        capabilities: capabilities.clone(),
        charges_enabled: Some(true),
        country: Some("US".to_owned()),
        created: Some(created),
        default_currency: Some("usd".to_owned()),
        email: Some(format!("finance@{}.example", slug(name))),
        metadata: BTreeMap::new(),
        requirements: Some(requirements(capabilities.get("treasury"))),
        settings: Some(AccountSettings {
            dashboard: Some(DashboardSettings {
                display_name: Some(name.to_owned()),
                timezone: Some("America/New_York".to_owned()),
            }),
            // The settings Stripe always sends; this app reads none of them.
            other: ["branding", "card_payments", "payments"]
                .into_iter()
                .map(|key| (key.to_owned(), serde_json::json!({})))
                .collect(),
        }),
        kind,
    }
}

/// What Stripe still needs, by the treasury capability's state: nothing when it is active; the
/// fields whose deadline passed when it was deactivated; the fields under review while pending.
fn requirements(treasury: Option<&CapabilityStatus>) -> AccountRequirements {
    let fields = |names: &[&str]| Some(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>());
    let none = fields(&[]);
    match treasury {
        Some(CapabilityStatus::Inactive) => AccountRequirements {
            currently_due: fields(&["company.tax_id", "representative.verification.document"]),
            past_due: fields(&["company.tax_id", "representative.verification.document"]),
            pending_verification: none,
            ..AccountRequirements::default()
        },
        Some(CapabilityStatus::Pending) => AccountRequirements {
            currently_due: none.clone(),
            past_due: none,
            pending_verification: fields(&["company.tax_id"]),
            ..AccountRequirements::default()
        },
        _ => AccountRequirements {
            currently_due: none.clone(),
            past_due: none.clone(),
            pending_verification: none,
            ..AccountRequirements::default()
        },
    }
}

/// Generate the seed for `config`, with timestamps relative to `now` and receipts at `base_url`.
pub(crate) fn generate(config: &SandboxConfig, now: i64, base_url: &str) -> SeedData {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let platform_id = format!("acct_1Nv{}", &make_id(&mut rng, "", 14)[1..]);
    let platform = account(
        platform_id.clone(),
        PLATFORM_NAME,
        Some(AccountType::Standard),
        now - 1500 * DAY,
        [
            ("card_payments", CapabilityStatus::Active),
            ("transfers", CapabilityStatus::Active),
            ("treasury", CapabilityStatus::Active),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    );
    let mut seed = SeedData {
        platform,
        accounts: Vec::new(),
        financial_accounts: Vec::new(),
        inbound_transfers: Vec::new(),
        fc_accounts: Vec::new(),
        refresh_failing: HashSet::new(),
        payment_methods: Vec::new(),
        same_day_denied: HashSet::new(),
        ledger: super::ledger::Ledger::new(config.seed),
        rng: ChaCha8Rng::seed_from_u64(0),
    };
    let mut counters = Counters::default();

    // The platform's own financial account.
    let mut platform_fa = financial_account(&mut rng, &mut counters, PLATFORM_NAME, now - 1400 * DAY, Some(true));
    push_transfers(&mut rng, &mut counters, &mut seed, &platform_id, &mut platform_fa, now, base_url);
    seed.financial_accounts.push(Owned { owner: platform_id, object: platform_fa });

    for i in 0..config.accounts {
        let base_name = NAMES[i % NAMES.len()];
        let name = if i < NAMES.len() { base_name.to_owned() } else { format!("{base_name} {}", i / NAMES.len() + 1) };
        let id = format!("acct_1Nv{}", &make_id(&mut rng, "", 14)[1..]);
        let kind = if rng.random_bool(0.7) { AccountType::Custom } else { AccountType::Express };
        let created = now - rng.random_range(30..900) * DAY - rng.random_range(0..DAY);
        let treasury = match i {
            _ if i % 9 == 4 => Some(CapabilityStatus::Pending),
            _ if i % 9 == 7 => Some(CapabilityStatus::Inactive),
            _ if i % 13 == 10 => None,
            _ => Some(CapabilityStatus::Active),
        };
        let mut capabilities: litemap::LiteMap<String, CapabilityStatus> = [
            ("card_payments", CapabilityStatus::Active),
            ("transfers", CapabilityStatus::Active),
            ("us_bank_account_ach_payments", CapabilityStatus::Active),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        if let Some(status) = treasury.clone() {
            capabilities.insert("treasury".to_owned(), status);
        }
        let acct = account(id.clone(), &name, Some(kind), created, capabilities);

        if treasury == Some(CapabilityStatus::Active) {
            let first = counters.fas == 1;
            let count = if first { 3 } else { rng.random_range(0..=3) };
            for n in 0..count {
                let fa_created = (created + rng.random_range(1..30) * DAY).min(now - 2 * DAY);
                let mut fa = financial_account(&mut rng, &mut counters, &name, fa_created, None);
                if (first && n == 2) || (!first && rng.random_bool(0.08)) {
                    close(&mut rng, &mut fa);
                }
                push_transfers(&mut rng, &mut counters, &mut seed, &id, &mut fa, now, base_url);
                seed.financial_accounts.push(Owned { owner: id.clone(), object: fa });
            }
        } else if treasury == Some(CapabilityStatus::Inactive) {
            restricted_example(config.seed, i, &mut seed, (&id, &name, created), now, base_url);
        }

        let fc_count = if i == 0 { 3 } else { rng.random_range(0..=3) };
        let mut authorizations: HashMap<&'static str, String> = HashMap::new();
        for _ in 0..fc_count {
            let (fca, refresh_fails) = fc_account(&mut rng, &mut counters, &mut authorizations, &id, created, now);
            if refresh_fails {
                seed.refresh_failing.insert(fca.id.clone());
            }
            seed.fc_accounts.push(fca);
        }
        seed.accounts.push(acct);
    }
    // On the second connected account (the first one's three linked accounts are a fixed shape).
    if let Some(holder) = seed.accounts.get(1).or(seed.accounts.first()) {
        let holder = (holder.id.clone(), holder.created.unwrap_or(now - 400 * DAY));
        relink_examples(config.seed, &holder.0, holder.1, now, &mut seed.fc_accounts);
    }
    super::origins::seed(config.seed, &mut seed, now);
    seed.rng = rng;
    seed
}

/// Linked accounts for the relink flow, on one connected account, from their own generator
/// (so every other seeded id stays as it was): two inactive `relink_required` accounts sharing one
/// authorization at "Sandbox Bank", and one inactive account whose action is `none`.
fn relink_examples(seed: u64, holder: &str, holder_created: i64, now: i64, out: &mut Vec<fc::Account>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5e1e_c7ed_0000_0001);
    let authorization = make_id(&mut rng, "fcauth_", 24);
    let closed_authorization = make_id(&mut rng, "fcauth_", 24);
    let shapes = [
        (
            "Sandbox Bank",
            Subcategory::Checking,
            "Sandbox Operating Checking",
            &authorization,
            StatusAction::RelinkRequired,
            StatusCause::AccessExpired,
        ),
        (
            "Sandbox Bank",
            Subcategory::Savings,
            "Sandbox Reserve Savings",
            &authorization,
            StatusAction::RelinkRequired,
            StatusCause::AccessExpired,
        ),
        (
            "Sandbox Credit Union",
            Subcategory::Checking,
            "Old Payroll Checking",
            &closed_authorization,
            StatusAction::None,
            StatusCause::AccountClosed,
        ),
    ];
    for (institution, subcategory, display, authorization, action, cause) in shapes {
        let amount = rng.random_range(10_000..20_000_000i64);
        let repairable = action == StatusAction::RelinkRequired;
        out.push(fc::Account {
            id: make_id(&mut rng, "fca_", 24),
            object: "financial_connections.account".to_owned(),
            account_holder: Some(AccountHolder::account(holder)),
            authorization: Some(authorization.clone()),
            balance: repairable.then(|| Balance {
                as_of: now - 12 * DAY,
                cash: Some(CashBalance { available: Some(Amounts::from_iter([("usd".to_owned(), amount)])) }),
                credit: None,
                current: Amounts::from_iter([("usd".to_owned(), amount)]),
                kind: BalanceType::Cash,
            }),
            balance_refresh: None,
            category: Category::Cash,
            created: (holder_created + rng.random_range(DAY..20 * DAY)).min(now - 30 * DAY),
            display_name: Some(display.to_owned()),
            institution_name: institution.to_owned(),
            last4: Some(digits(&mut rng, 4)),
            livemode: false,
            permissions: Some(vec![Permission::Balances, Permission::PaymentMethod, Permission::Ownership]),
            status: AccountStatus::Inactive,
            status_details: AccountStatusDetails {
                active: None,
                inactive: Some(InactiveStatusDetails { action, cause }),
            },
            subcategory,
            subscriptions: Some(Vec::new()),
            supported_payment_method_types: vec!["us_bank_account".to_owned()],
        });
    }
}

/// A deactivated treasury capability (requirements past due) leaves the account's financial
/// account in place with its money-moving features restricted: one per such account, with its
/// transfers, from its own generator (so every other seeded id and figure stays as it was).
fn restricted_example(
    seed_value: u64,
    index: usize,
    seed: &mut SeedData,
    (owner, name, created): (&str, &str, i64),
    now: i64,
    base_url: &str,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed_value ^ 0x7e57_1c7e_d000_0000 ^ index as u64);
    // Fresh counters: the transfers cover every status, as the data set's first ones do.
    let mut counters = Counters::default();
    let fa_created = (created + rng.random_range(1..30) * DAY).min(now - 60 * DAY);
    let mut fa = financial_account(&mut rng, &mut counters, name, fa_created, None);
    fa.active_features = vec![Feature::DepositInsurance];
    fa.pending_features.clear();
    fa.restricted_features = vec![
        Feature::FinancialAddressesAba,
        Feature::InboundTransfersAch,
        Feature::IntraStripeFlows,
        Feature::OutboundPaymentsAch,
        Feature::OutboundTransfersAch,
    ];
    fa.nickname = Some("Operating".to_owned());
    push_transfers(&mut rng, &mut counters, seed, owner, &mut fa, now, base_url);
    seed.financial_accounts.push(Owned { owner: owner.to_owned(), object: fa });
}

#[derive(Default)]
struct Counters {
    fas: usize,
    transfers: usize,
    fc: usize,
}

fn financial_account(
    rng: &mut ChaCha8Rng,
    counters: &mut Counters,
    holder: &str,
    created: i64,
    is_default: Option<bool>,
) -> FinancialAccount {
    let g = counters.fas;
    counters.fas += 1;
    let id = make_id(rng, "fa_", 24);
    let mut active = vec![
        Feature::DepositInsurance,
        Feature::FinancialAddressesAba,
        Feature::InboundTransfersAch,
        Feature::IntraStripeFlows,
        Feature::OutboundPaymentsAch,
    ];
    let mut pending = Vec::new();
    let mut restricted = Vec::new();
    if g % 4 == 2 || rng.random_bool(0.15) {
        restricted.push(Feature::OutboundTransfersAch);
    } else {
        active.push(Feature::OutboundTransfersAch);
    }
    match rng.random_range(0..10) {
        0..=2 => pending.push(Feature::CardIssuing),
        3..=4 => active.push(Feature::CardIssuing),
        _ => {}
    }
    if rng.random_bool(0.2) {
        active.push(Feature::OutboundPaymentsUsDomesticWire);
    }
    // The second FA of the first treasury account (and a few others) has manual review.
    if g == 2 || (g > 3 && rng.random_bool(0.12)) {
        active.push(Feature::InboundTransfersAchPlatformReview);
    }
    let eur = g % 7 == 3 || rng.random_bool(0.08);
    let mut supported = vec!["usd".to_owned()];
    let mut cash = Amounts::from_iter([("usd".to_owned(), rng.random_range(0..50_000_000i64))]);
    if eur {
        supported.push("eur".to_owned());
        cash.insert("eur".to_owned(), rng.random_range(0..5_000_000i64));
    }
    let outbound = if rng.random_bool(0.3) { rng.random_range(1..2_000_000i64) } else { 0 };
    let nickname = if rng.random_bool(0.8) { Some(pick(rng, &NICKNAMES).to_string()) } else { None };
    FinancialAccount {
        id,
        object: "treasury.financial_account".to_owned(),
        active_features: active,
        balance: FinancialAccountBalance {
            cash,
            inbound_pending: Amounts::from_iter([("usd".to_owned(), 0)]),
            outbound_pending: Amounts::from_iter([("usd".to_owned(), outbound)]),
        },
        country: "US".to_owned(),
        created,
        financial_addresses: vec![FinancialAddress {
            aba: Some(AbaRecord {
                account_holder_name: holder.to_owned(),
                account_number: None,
                account_number_last4: Some(digits(rng, 4)),
                bank_name: "Evolve Bank & Trust".to_owned(),
                routing_number: "084106768".to_owned(),
            }),
            supported_networks: vec!["ach".to_owned(), "us_domestic_wire".to_owned()],
            kind: "aba".to_owned(),
        }],
        is_default,
        livemode: false,
        metadata: Some(BTreeMap::new()),
        nickname,
        pending_features: pending,
        platform_restrictions: Some(PlatformRestrictions {
            inbound_flows: Some("unrestricted".to_owned()),
            outbound_flows: Some(if rng.random_bool(0.1) {
                "restricted".to_owned()
            } else {
                "unrestricted".to_owned()
            }),
        }),
        restricted_features: restricted,
        status: FinancialAccountStatus::Open,
        status_details: FinancialAccountStatusDetails::default(),
        supported_currencies: supported,
    }
}

fn close(rng: &mut ChaCha8Rng, fa: &mut FinancialAccount) {
    fa.status = FinancialAccountStatus::Closed;
    let reason =
        pick(rng, &[ClosedReason::ClosedByPlatform, ClosedReason::AccountRejected, ClosedReason::Other]).clone();
    fa.status_details.closed = Some(ClosedStatusDetails { reasons: vec![reason] });
    fa.active_features.clear();
    fa.pending_features.clear();
    fa.restricted_features.clear();
    for map in [&mut fa.balance.cash, &mut fa.balance.inbound_pending, &mut fa.balance.outbound_pending] {
        for (_, value) in map.iter_mut() {
            *value = 0;
        }
    }
}

/// Seed 0–12 inbound transfers on `fa` (owned by `owner`); its `inbound_pending` is their sum.
fn push_transfers(
    rng: &mut ChaCha8Rng,
    counters: &mut Counters,
    seed: &mut SeedData,
    owner: &str,
    fa: &mut FinancialAccount,
    now: i64,
    base_url: &str,
) {
    use InboundTransferStatus as S;
    let open = fa.is_open();
    let review = fa.has_manual_review();
    let count = if counters.transfers == 0 && open {
        12
    } else if open {
        rng.random_range(0..=12)
    } else {
        rng.random_range(0..=3)
    };
    let mut pending = 0i64;
    for n in 0..count {
        let k = counters.transfers;
        counters.transfers += 1;
        // The first transfers of the data set cover every status; then chance takes over.
        let (mut status, mut returned, mut cancelable) = match k {
            0 => (S::Processing, false, true),
            1 => (S::Succeeded, false, false),
            2 => (S::Failed, false, false),
            3 => (S::Canceled, false, false),
            4 => (S::Succeeded, true, false),
            5 => (S::Processing, false, false),
            _ => match rng.random_range(0..100) {
                0..=49 => (S::Succeeded, rng.random_bool(0.12), false),
                50..=64 => (S::Processing, false, rng.random_bool(0.5)),
                65..=74 => (S::Failed, false, false),
                75..=84 => (S::Canceled, false, false),
                _ => (S::RequiresConfirmation, false, true),
            },
        };
        if review && n == 0 && open {
            (status, returned, cancelable) = (S::RequiresConfirmation, false, true);
        }
        if status == S::RequiresConfirmation && !review {
            status = S::Processing;
        }
        if !open && !status.is_final() {
            (status, cancelable) = (S::Succeeded, false);
        }
        let pending_like = matches!(status, S::Processing | S::RequiresConfirmation);
        let age = if pending_like { rng.random_range(HOUR..3 * DAY) } else { rng.random_range(3 * DAY..45 * DAY) };
        let created = (now - age).max(fa.created + HOUR);
        let amount =
            rng.random_range(5..25_000i64) * 100 + if rng.random_bool(0.3) { rng.random_range(1..100) } else { 0 };
        if status == S::Processing {
            pending += amount;
        }
        let id = make_id(rng, "ibt_", 24);
        let settle = (created + rng.random_range(DAY..3 * DAY)).min(now - 60);
        let transitions = StatusTransitions {
            canceled_at: (status == S::Canceled).then(|| (created + rng.random_range(60..DAY)).min(now - 60)),
            failed_at: (status == S::Failed).then_some(settle),
            succeeded_at: (status == S::Succeeded).then_some(settle),
        };
        let failure_details = (status == S::Failed).then(|| FailureDetails { code: pick(rng, &FAILURE_CODES).clone() });
        let received_debit = returned.then(|| make_id(rng, "rd_", 24));
        let descriptions = [
            Some("Top-up from operating account"),
            Some("Weekly sweep"),
            Some("Payroll funding"),
            None,
            Some("Tax reserve transfer"),
        ];
        let transfer = InboundTransfer {
            id: id.clone(),
            object: "treasury.inbound_transfer".to_owned(),
            amount,
            cancelable,
            created,
            currency: "usd".to_owned(),
            description: pick(rng, &descriptions).map(str::to_owned),
            failure_details,
            financial_account: fa.id.clone(),
            hosted_regulatory_receipt_url: Some(format!("{base_url}/receipts/{id}")),
            linked_flows: LinkedFlows { received_debit },
            livemode: false,
            metadata: BTreeMap::new(),
            origin_payment_method: Some(make_id(rng, "pm_", 24)),
            origin_payment_method_details: Some(OriginPaymentMethodDetails {
                billing_details: BillingDetails {
                    name: fa
                        .financial_addresses
                        .first()
                        .and_then(|a| a.aba.as_ref())
                        .map(|a| a.account_holder_name.clone()),
                    ..BillingDetails::default()
                },
                kind: "us_bank_account".to_owned(),
                us_bank_account: Some(UsBankAccountDetails {
                    account_holder_type: Some("company".to_owned()),
                    account_type: Some(if rng.random_bool(0.8) { "checking" } else { "savings" }.to_owned()),
                    bank_name: Some(pick(rng, &ORIGIN_BANKS).to_string()),
                    fingerprint: Some(make_id(rng, "", 16)),
                    last4: Some(digits(rng, 4)),
                    network: "ach".to_owned(),
                    routing_number: Some("110000000".to_owned()),
                }),
            }),
            returned: Some(returned),
            statement_descriptor: "transfer".to_owned(),
            status,
            status_transitions: transitions,
            transaction: Some(serde_json::Value::String(make_id(rng, "trxn_", 24))),
        };
        seed.inbound_transfers.push(Owned { owner: owner.to_owned(), object: transfer });
    }
    fa.balance.inbound_pending.insert("usd".to_owned(), pending);
}

/// The Stripe balance (`GET /v1/balance`) of `account`: the payments balance, apart from its
/// financial accounts. Drawn from the account's id, not from the data set's generator, so adding
/// it changed no other seeded value; Treasury activity never moves it (the two balances are
/// separate).
pub fn stripe_balance(account: &Account) -> StripeBalance {
    // FNV-1a of the id: stable across runs and platforms.
    let hash =
        account.id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut rng = ChaCha8Rng::seed_from_u64(hash);
    let currency = account.default_currency.clone().unwrap_or_else(|| "usd".to_owned());
    let amount = |currency: &str, amount: i64| BalanceAmount {
        amount,
        currency: currency.to_owned(),
        source_types: Some(Amounts::from_iter([("card".to_owned(), amount.max(0))])),
    };
    let (available, pending) = match rng.random_range(0..10) {
        // No payments yet.
        0 => (0, 0),
        // Refunds and disputes beyond what came in: the platform covers the negative balance.
        1 => (-rng.random_range(100..500_000i64), rng.random_range(0..100_000i64)),
        _ => (rng.random_range(0..250_000_000i64), rng.random_range(0..30_000_000i64)),
    };
    StripeBalance {
        object: "balance".to_owned(),
        available: vec![amount(&currency, available)],
        pending: vec![amount(&currency, pending)],
        connect_reserved: Some(vec![BalanceAmount {
            amount: if available < 0 { -available } else { 0 },
            currency: currency.clone(),
            source_types: None,
        }]),
        instant_available: None,
        issuing: None,
        livemode: false,
    }
}

/// One Financial Connections account, and whether its balance refreshes fail at the bank.
///
/// The global counter cycles through every shape the app shows; for balance refreshes:
/// profile 0 may refresh now (last one succeeded), 1 may refresh in a few minutes (a countdown),
/// 2 is pending, 6 was never refreshed (`balance_refresh: null`, may refresh now), 7 failed last
/// time and fails again on every refresh, 3–5 are inactive or disconnected (never refresh).
fn fc_account(
    rng: &mut ChaCha8Rng,
    counters: &mut Counters,
    authorizations: &mut HashMap<&'static str, String>,
    holder: &str,
    holder_created: i64,
    now: i64,
) -> (fc::Account, bool) {
    let profile = counters.fc % 8;
    counters.fc += 1;
    let (institution, category, subcategory, display) = match profile {
        0 => ("Chase", Category::Cash, Subcategory::Checking, "Business Complete Checking"),
        1 => ("Chase", Category::Cash, Subcategory::Savings, "Business Premier Savings"),
        2 => ("Capital One", Category::Credit, Subcategory::CreditCard, "Spark Cash Plus"),
        3 => ("Wells Fargo", Category::Cash, Subcategory::Checking, "Initiate Business Checking"),
        4 => ("SVB", Category::Cash, Subcategory::Checking, "Analysis Checking"),
        5 => ("Mercury", Category::Cash, Subcategory::Checking, "Mercury Checking"),
        6 => ("Mercury", Category::Cash, Subcategory::Savings, "Mercury Treasury"),
        _ => ("Bank of America", Category::Cash, Subcategory::Savings, "Business Advantage Savings"),
    };
    let authorization = authorizations.entry(institution).or_insert_with(|| make_id(rng, "fcauth_", 24)).clone();
    let id = make_id(rng, "fca_", 24);
    let amount = rng.random_range(10_000..90_000_000i64);
    let usd = |v: i64| Amounts::from_iter([("usd".to_owned(), v)]);
    let cash = |as_of: i64, available: Option<i64>, current: i64| Balance {
        as_of,
        cash: Some(CashBalance { available: available.map(usd) }),
        credit: None,
        current: usd(current),
        kind: BalanceType::Cash,
    };
    let refresh = |status: RefreshStatus, last: i64, next: Option<i64>| BalanceRefresh {
        last_attempted_at: last,
        next_refresh_available_at: next,
        status,
    };
    let inactive = |action: StatusAction, cause: StatusCause| AccountStatusDetails {
        active: None,
        inactive: Some(InactiveStatusDetails { action, cause }),
    };
    let (status, details, balance, balance_refresh) = match profile {
        0 => (
            AccountStatus::Active,
            AccountStatusDetails::default(),
            Some(cash(now - 3 * HOUR, Some(amount), amount + 125_000)),
            Some(refresh(RefreshStatus::Succeeded, now - 3 * HOUR, Some(now - 2 * HOUR))),
        ),
        1 => (
            AccountStatus::Active,
            AccountStatusDetails::default(),
            Some(cash(now - 30 * HOUR, None, amount)),
            // The bank answered minutes ago with day-old data; the next refresh is minutes away.
            Some(refresh(RefreshStatus::Succeeded, now - 10 * 60, Some(now + 4 * 60))),
        ),
        2 => (
            AccountStatus::Active,
            AccountStatusDetails::default(),
            Some(Balance {
                as_of: now - 26 * HOUR,
                cash: None,
                credit: Some(CreditBalance { used: Some(usd(amount / 10)) }),
                current: usd(-(amount / 10)),
                kind: BalanceType::Credit,
            }),
            Some(refresh(RefreshStatus::Pending, now - 5 * 60, None)),
        ),
        3 => (
            AccountStatus::Inactive,
            inactive(StatusAction::RelinkRequired, StatusCause::AccessExpired),
            Some(cash(now - 9 * DAY, Some(amount), amount)),
            Some(refresh(RefreshStatus::Failed, now - 9 * DAY, None)),
        ),
        4 => (AccountStatus::Inactive, inactive(StatusAction::None, StatusCause::AccountClosed), None, None),
        5 => (AccountStatus::Disconnected, AccountStatusDetails::default(), None, None),
        6 => (
            AccountStatus::Active,
            AccountStatusDetails::default(),
            Some(cash(now - 3 * DAY, Some(amount), amount)),
            None,
        ),
        _ => (
            AccountStatus::Active,
            AccountStatusDetails::default(),
            Some(cash(now - 50 * HOUR, Some(amount), amount)),
            Some(refresh(RefreshStatus::Failed, now - 2 * HOUR, Some(now - HOUR))),
        ),
    };
    let account = fc::Account {
        id,
        object: "financial_connections.account".to_owned(),
        account_holder: Some(AccountHolder::account(holder)),
        authorization: Some(authorization),
        balance,
        balance_refresh,
        category: category.clone(),
        created: (holder_created + rng.random_range(DAY..20 * DAY)).min(now - 10 * DAY),
        display_name: Some(display.to_owned()),
        institution_name: institution.to_owned(),
        last4: Some(digits(rng, 4)),
        livemode: false,
        permissions: Some(vec![Permission::Balances, Permission::PaymentMethod]),
        status,
        status_details: details,
        subcategory,
        subscriptions: Some(Vec::new()),
        supported_payment_method_types: if category == Category::Credit {
            vec!["link".to_owned()]
        } else {
            vec!["us_bank_account".to_owned()]
        },
    };
    (account, profile == 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(seed: &SeedData) -> Vec<String> {
        let mut ids = vec![seed.platform.id.clone()];
        ids.extend(seed.accounts.iter().map(|a| a.id.clone()));
        ids.extend(seed.financial_accounts.iter().map(|f| f.object.id.clone()));
        ids.extend(seed.inbound_transfers.iter().map(|t| t.object.id.clone()));
        ids.extend(seed.fc_accounts.iter().map(|a| a.id.clone()));
        ids
    }

    #[test]
    fn ids_depend_on_the_seed_only() {
        let config = SandboxConfig::default();
        let a = generate(&config, 1_800_000_000, "http://127.0.0.1:1");
        let b = generate(&config, 1_900_000_000, "http://127.0.0.1:2");
        assert_eq!(ids(&a), ids(&b));
        let other = SandboxConfig { seed: 43, ..SandboxConfig::default() };
        assert_ne!(ids(&a), ids(&generate(&other, 1_800_000_000, "x")));
        let unique: std::collections::HashSet<_> = ids(&a).into_iter().collect();
        assert_eq!(unique.len(), ids(&a).len(), "ids are unique");
    }

    #[test]
    fn pending_balances_match_processing_transfers_and_times_are_in_the_past() {
        let now = 1_800_000_000;
        let seed = generate(&SandboxConfig::default(), now, "x");
        for fa in &seed.financial_accounts {
            let processing: i64 = seed
                .inbound_transfers
                .iter()
                .filter(|t| {
                    t.object.financial_account == fa.object.id && t.object.status == InboundTransferStatus::Processing
                })
                .map(|t| t.object.amount)
                .sum();
            assert_eq!(fa.object.balance.inbound_pending.get("usd"), Some(&processing));
            assert!(fa.object.created < now);
        }
        for t in &seed.inbound_transfers {
            let tr = &t.object.status_transitions;
            for at in [tr.canceled_at, tr.failed_at, tr.succeeded_at].into_iter().flatten() {
                assert!(at >= t.object.created && at < now, "{}", t.object.id);
            }
        }
    }

    #[test]
    fn a_few_accounts_or_many_still_seed() {
        for accounts in [0, 1, 3, 70] {
            let config = SandboxConfig { accounts, ..SandboxConfig::default() };
            let seed = generate(&config, 1_800_000_000, "x");
            assert_eq!(seed.accounts.len(), accounts);
        }
    }
}
