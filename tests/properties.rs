//! Property tests (bounded runs of proptest): the form codec round-trips, the response decoders
//! and the form decoder never panic on arbitrary input, money formatting round-trips for every
//! ISO 4217 exponent, and a secret never shows through `Debug`/`Display`.

use iso_currency::{Currency, IntoEnumIterator};
use proptest::prelude::*;
use treasury_desk::money::{Money, exponent};
use treasury_desk::secret::Secret;
use treasury_desk::stripe::account::Account;
use treasury_desk::stripe::common::List;
use treasury_desk::stripe::error::ErrorEnvelope;
use treasury_desk::stripe::financial_connections as fc;
use treasury_desk::stripe::form::{self, Form};
use treasury_desk::stripe::treasury::{FinancialAccount, InboundTransfer};
use treasury_desk::stripe::{Mode, check_secret_key};

fn key() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,12}"
}

/// Any JSON value, a few levels deep, with Stripe-ish keys mixed in so decoders get past `{`.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let names = prop_oneof![
            Just("id".to_owned()),
            Just("status".to_owned()),
            Just("amount".to_owned()),
            Just("balance".to_owned()),
            Just("data".to_owned()),
            Just("has_more".to_owned()),
            Just("error".to_owned()),
            Just("type".to_owned()),
            Just("cash".to_owned()),
            Just("current".to_owned()),
            key(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(names, inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn form_values_round_trip(pairs in prop::collection::btree_map(key(), ".{0,40}", 0..8)) {
        let form = pairs.iter().fold(Form::new(), |f, (k, v)| f.set(k.clone(), v));
        let decoded = form::decode(&form.encode()).expect("what we encode, we decode");
        for (k, v) in &pairs {
            prop_assert_eq!(decoded.get(k).and_then(|x| x.as_str()), Some(v.as_str()));
        }
    }

    #[test]
    fn nested_params_and_arrays_round_trip(parent in key(), child in key(), items in prop::collection::vec(".{0,20}", 1..6)) {
        // `list` is the array's own name: a map under it is a real conflict, refused by design.
        prop_assume!(parent != "list");
        let form = items.iter().fold(Form::new().set(format!("{parent}[{child}]"), "x"), |f, item| f.push("list", item));
        let decoded = form::decode(&form.encode()).expect("decodes");
        prop_assert_eq!(decoded.get(&parent).and_then(|p| p.get(&child)).and_then(|c| c.as_str()), Some("x"));
        let strings: Vec<String> = decoded.get("list").map(|l| l.strings().into_iter().map(str::to_owned).collect()).unwrap_or_default();
        prop_assert_eq!(strings, items);
    }

    #[test]
    fn the_form_decoder_never_panics(input in ".{0,80}") {
        let _ = form::decode(&input);
    }

    #[test]
    fn response_decoders_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = serde_json::from_slice::<InboundTransfer>(&bytes);
        let _ = serde_json::from_slice::<FinancialAccount>(&bytes);
        let _ = serde_json::from_slice::<fc::Account>(&bytes);
        let _ = serde_json::from_slice::<Account>(&bytes);
        let _ = serde_json::from_slice::<ErrorEnvelope>(&bytes);
    }

    #[test]
    fn response_decoders_never_panic_on_json(value in json()) {
        let _ = serde_json::from_value::<InboundTransfer>(value.clone());
        let _ = serde_json::from_value::<FinancialAccount>(value.clone());
        let _ = serde_json::from_value::<fc::Account>(value.clone());
        let _ = serde_json::from_value::<fc::Session>(value.clone());
        let _ = serde_json::from_value::<Account>(value.clone());
        let _ = serde_json::from_value::<List<InboundTransfer>>(value.clone());
        let _ = serde_json::from_value::<ErrorEnvelope>(value);
    }

    #[test]
    fn money_round_trips_for_every_iso_exponent(amount in any::<i64>(), pick in any::<prop::sample::Index>()) {
        let currencies: Vec<String> = Currency::iter().map(|c| c.code().to_ascii_lowercase()).collect();
        let code = pick.get(&currencies);
        let money = Money::new(amount, code);
        let decimal = money.decimal();
        match exponent(code) {
            Some(exp) => {
                // Digits after the point = the exponent; removing the point gives the minor units back.
                let fraction = decimal.split_once('.').map_or(0, |(_, f)| f.len());
                prop_assert_eq!(fraction, exp as usize);
                let digits: String = decimal.chars().filter(|c| *c != '.').collect();
                prop_assert_eq!(digits.parse::<i128>().ok(), Some(i128::from(amount)));
                // The grouped form is the same number.
                let grouped: String = money.number().chars().filter(|c| *c != ',').collect();
                prop_assert_eq!(grouped, decimal);
            }
            None => prop_assert_eq!(decimal.parse::<i128>().ok(), Some(i128::from(amount))),
        }
    }

    #[test]
    fn a_secret_never_shows_through_formatting(body in "[A-Za-z0-9]{12,60}", live in any::<bool>()) {
        let key = format!("{}{body}", if live { "sk_live_" } else { "rk_test_" });
        let secret = Secret::new(key.as_str());
        for shown in [format!("{secret:?}"), format!("{secret}"), format!("{:#?}", Some(&secret))] {
            prop_assert!(!shown.contains(&body));
        }
        let mode = check_secret_key(&secret).expect("well-formed");
        prop_assert_eq!(mode, if live { Mode::Live } else { Mode::Test });
    }

    #[test]
    fn key_checks_never_panic(raw in ".{0,80}") {
        let _ = check_secret_key(&Secret::new(raw.as_str()));
    }
}
