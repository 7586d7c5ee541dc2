//! The client's types against Stripe's own published fixtures (`shared/stripe-openapi`), plus
//! the forward-compatibility rules: unknown enum values and unknown fields must parse.

use std::path::PathBuf;

use serde_json::Value;
use treasury_desk::stripe::account::{Account, CapabilityStatus};
use treasury_desk::stripe::financial_connections::{self as fc, AccountStatus, BalanceType, RefreshStatus};
use treasury_desk::stripe::treasury::{
    FailureCode, Feature, FinancialAccount, FinancialAccountStatus, InboundTransfer, InboundTransferStatus,
};

fn fixtures() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/stripe-openapi/treasury-dashboard.fixtures.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixtures are JSON")
}

fn resource(name: &str) -> Value {
    fixtures()["resources"][name].clone()
}

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn account_fixture_parses() {
    let account: Account = parse(resource("account"));
    assert_eq!(account.id, "acct_1PgafTB7WZ01zgkW");
    assert_eq!(account.email.as_deref(), Some("site@stripe.com"));
    assert_eq!(account.capabilities.get("transfers"), Some(&CapabilityStatus::Active));
    assert!(!account.treasury_active(), "the fixture has no treasury capability");
    assert_eq!(account.display_name(), "site@stripe.com");
}

#[test]
fn balance_fixture_parses_and_round_trips() {
    let fixture = resource("balance");
    let balance: treasury_desk::stripe::balance::Balance = parse(fixture.clone());
    assert_eq!(balance.available_amounts().get("usd"), Some(&0));
    assert_eq!(balance.pending_amounts().get("usd"), Some(&0));
    assert_eq!(balance.connect_reserved.as_ref().map(Vec::len), Some(1));
    assert_eq!(serde_json::to_value(&balance).expect("serializes"), fixture, "nothing lost or added");
}

#[test]
fn financial_account_fixture_parses() {
    let fa: FinancialAccount = parse(resource("treasury.financial_account"));
    assert_eq!(fa.id, "fa_1Pgc7BB7WZ01zgkWxDkCj857");
    assert_eq!(fa.status, FinancialAccountStatus::Open);
    assert_eq!(fa.balance.cash.get("usd"), Some(&0));
    assert!(fa.active_features.contains(&Feature::FinancialAddressesAba));
    assert_eq!(fa.financial_addresses[0].aba.as_ref().and_then(|a| a.account_number_last4.as_deref()), Some("7890"));
    assert_eq!(fa.label(), fa.id, "no nickname: the id is the label");
}

#[test]
fn inbound_transfer_fixture_parses() {
    let transfer: InboundTransfer = parse(resource("treasury.inbound_transfer"));
    assert_eq!(transfer.amount, 10_000);
    assert_eq!(transfer.status, InboundTransferStatus::Processing);
    assert_eq!(transfer.failure_details.map(|f| f.code), Some(FailureCode::InsufficientFunds));
    let bank = transfer.origin_payment_method_details.and_then(|d| d.us_bank_account).expect("bank details");
    assert_eq!(bank.last4.as_deref(), Some("6789"));
    assert_eq!(transfer.returned, Some(false));
}

#[test]
fn financial_connections_account_fixture_parses() {
    let account: fc::Account = parse(resource("financial_connections.account"));
    assert_eq!(account.status, AccountStatus::Active);
    let balance = account.balance.as_ref().expect("balance");
    assert_eq!(balance.kind, BalanceType::Cash);
    // Stripe's fixture really carries a literal "undefined" currency key.
    assert_eq!(balance.current.get("undefined"), Some(&1_126_940_025));
    assert_eq!(account.balance_refresh.as_ref().map(|r| &r.status), Some(&RefreshStatus::Failed));
    assert_eq!(account.account_holder.as_ref().and_then(|h| h.customer.as_deref()), Some("cus_QXg1o8vcGmoR32"));
}

#[test]
fn session_fixture_parses_and_hides_its_secret() {
    let session: fc::Session = parse(resource("financial_connections.session"));
    assert_eq!(session.id, "fcsess_1Pgc76B7WZ01zgkWnYmFk7mZ");
    let secret = session.client_secret.as_ref().expect("client_secret");
    assert_eq!(secret.expose(), "fcsess_..._secret_...");
    assert!(!format!("{session:?}").contains("_secret_"), "Debug must redact the client_secret");
}

#[test]
fn unknown_enum_values_and_fields_parse() {
    let mut transfer = resource("treasury.inbound_transfer");
    transfer["status"] = "requires_action_someday".into();
    transfer["failure_details"]["code"] = "brand_new_code".into();
    transfer["a_field_from_the_future"] = serde_json::json!({"x": 1});
    let transfer: InboundTransfer = parse(transfer);
    assert_eq!(transfer.status, InboundTransferStatus::Unknown("requires_action_someday".into()));
    assert_eq!(transfer.failure_details.map(|f| f.code), Some(FailureCode::Unknown("brand_new_code".into())));

    let mut fa = resource("treasury.financial_account");
    fa["status"] = "frozen".into();
    fa["active_features"] = serde_json::json!(["financial_addresses.aba", "crypto.teleport"]);
    let fa: FinancialAccount = parse(fa);
    assert_eq!(fa.status, FinancialAccountStatus::Unknown("frozen".into()));
    assert_eq!(fa.active_features[1], Feature::Unknown("crypto.teleport".into()));

    let mut linked = resource("financial_connections.account");
    linked["status"] = "paused".into();
    linked["balance"]["type"] = "investment".into();
    let linked: fc::Account = parse(linked);
    assert_eq!(linked.status, AccountStatus::Unknown("paused".into()));
    assert_eq!(linked.balance.map(|b| b.kind), Some(BalanceType::Unknown("investment".into())));
}

#[test]
fn serialising_keeps_the_wire_shape() {
    for (name, value) in [
        (
            "treasury.financial_account",
            serde_json::to_value(parse::<FinancialAccount>(resource("treasury.financial_account"))),
        ),
        (
            "treasury.inbound_transfer",
            serde_json::to_value(parse::<InboundTransfer>(resource("treasury.inbound_transfer"))),
        ),
        (
            "financial_connections.account",
            serde_json::to_value(parse::<fc::Account>(resource("financial_connections.account"))),
        ),
    ] {
        let value = value.expect("serialises");
        let original = resource(name);
        for key in ["id", "object", "status", "livemode", "created"] {
            assert_eq!(value[key], original[key], "{name}.{key}");
        }
        assert_eq!(value["balance"], original["balance"], "{name}.balance");
    }
}
