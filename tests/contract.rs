//! Contract fidelity: every answer the sandbox sends in a session that touches every endpoint
//! and every kind of error is validated against Stripe's OpenAPI slice in `shared/stripe-openapi`.
//! The spec's OpenAPI 3.0 quirks are converted (`nullable` beside `enum`/`anyOf`, open enums);
//! the gated and preview parts are the documented exceptions, all listed in `exceptions`.

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use treasury_desk::relink::{RelinkMode, session_params};
use treasury_desk::sandbox::{Sandbox, SandboxConfig};
use treasury_desk::stripe::financial_connections::{self as fc, RefreshAvailability};
use treasury_desk::stripe::treasury::{self, InboundTransferStatus};
use treasury_desk::stripe::{Client, ClientConfig, Form, IdempotencyKey, RequestOptions};

fn spec() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/stripe-openapi/treasury-dashboard.spec.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("the spec is JSON")
}

/// OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"; enums Stripe marks open
/// (`x-stripeBypassValidation`) accept any value; `x-…` annotations are dropped.
fn convert(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: Map<String, Value> =
                map.iter().filter(|(k, _)| !k.starts_with("x-")).map(|(k, v)| (k.clone(), convert(v))).collect();
            if map.get("x-stripeBypassValidation") == Some(&Value::Bool(true)) {
                out.remove("enum");
            }
            if out.remove("nullable") == Some(Value::Bool(true)) {
                return json!({"anyOf": [Value::Object(out), {"type": "null"}]});
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        other => other.clone(),
    }
}

/// The documented exceptions, in one place: what Stripe's guide has and its public spec lacks.
fn exceptions(schemas: &mut Value) {
    // Gated manual review: the `requires_confirmation` status and the feature that enables it.
    if let Some(Value::Array(values)) = schemas.pointer_mut("/treasury.inbound_transfer/properties/status/enum") {
        values.push("requires_confirmation".into());
    }
    for list in ["active_features", "pending_features", "restricted_features"] {
        let pointer = format!("/treasury.financial_account/properties/{list}/items/enum");
        if let Some(Value::Array(values)) = schemas.pointer_mut(&pointer) {
            values.push("inbound_transfers.ach.platform_review".into());
        }
    }
    // Stripe's guide (and the test helper's default) name `could_not_process`; the public enum lacks it.
    if let Some(Value::Array(values)) =
        schemas.pointer_mut("/treasury_inbound_transfers_resource_failure_details/properties/code/enum")
    {
        values.push("could_not_process".into());
    }
    // Preview: `status_details.inactive` and its causes on linked accounts.
    if let Some(details) = schemas
        .pointer_mut("/bank_connections_resource_account_status_details/properties")
        .and_then(Value::as_object_mut)
    {
        details.insert(
            "inactive".into(),
            json!({"type": "object", "properties": {"action": {"enum": ["none", "relink_required"]},
                "cause": {"enum": ["access_denied", "access_expired", "account_closed", "account_unavailable",
                    "institution_requirement", "unspecified"]}}, "required": ["action", "cause"]}),
        );
    }
}

/// The spec's answer schema for a request, by matching the path against the templates.
fn schema_for(spec: &Value, method: &str, path: &str, status: u16) -> Option<Value> {
    if !(200..300).contains(&status) {
        return Some(json!({"$ref": "#/components/schemas/error"}));
    }
    // Exception: the gated confirm is not in any public spec; it answers an inbound transfer.
    if method == "POST" && path.ends_with("/confirm") {
        return Some(json!({"$ref": "#/components/schemas/treasury.inbound_transfer"}));
    }
    let segments: Vec<&str> = path.split('/').collect();
    let paths = spec.get("paths")?.as_object()?;
    let operation = paths.iter().find_map(|(template, ops)| {
        let parts: Vec<&str> = template.split('/').collect();
        let same =
            parts.len() == segments.len() && parts.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s);
        same.then(|| ops.get(method.to_lowercase()))?
    })?;
    operation.pointer("/responses/200/content/application~1json/schema").cloned()
}

#[tokio::test]
async fn every_answer_of_a_full_session_matches_stripes_spec() {
    let sandbox = Sandbox::start(SandboxConfig::default(), 0).await.expect("sandbox");
    sandbox.faults().record();
    let mut config = ClientConfig::new(sandbox.base_url(), sandbox.api_key().clone());
    config.max_retries = 0;
    let client = Client::new(config).expect("client");
    let state = sandbox.state();

    // Reads: the whole sync, plus single objects.
    let snapshot = treasury_desk::snapshot::load(&client, Default::default()).await.expect("sync");
    let connected = &snapshot.accounts[0].account.id;
    let _: Value = client
        .get(&format!("/v1/accounts/{connected}"), &Form::new(), &RequestOptions::default())
        .await
        .expect("account");
    let fa_owner = snapshot.accounts.iter().find(|a| !a.financial_accounts.is_empty()).expect("an account with FAs");
    let fa = &fa_owner.financial_accounts[0].financial_account;
    let on_behalf = RequestOptions::on_behalf_of(&fa_owner.account.id);
    let _: Value =
        client.get(&format!("/v1/treasury/financial_accounts/{}", fa.id), &Form::new(), &on_behalf).await.expect("fa");
    let linked = state.all_fc_accounts();
    let _ = fc::retrieve_account(&client, &linked[0].id).await.expect("fc account");

    // Writes: create, the state machine, the test helpers, refresh, relink session.
    let all = state.all_inbound_transfers();
    let waiting: Vec<_> = all.iter().filter(|t| t.status == InboundTransferStatus::RequiresConfirmation).collect();
    for (i, transfer) in waiting.iter().enumerate() {
        let owner = state.owner_of(&transfer.id).expect("owner");
        if i == 0 {
            treasury::confirm_inbound_transfer(&client, &owner, &transfer.id, Some(432_000), IdempotencyKey::new())
                .await
                .expect("confirm");
            for helper in ["succeed", "return"] {
                let path = format!("/v1/test_helpers/treasury/inbound_transfers/{}/{helper}", transfer.id);
                let _: Value =
                    client.post(&path, &Form::new(), &RequestOptions::on_behalf_of(&owner)).await.expect(helper);
            }
        } else {
            treasury::cancel_inbound_transfer(&client, &owner, &transfer.id, IdempotencyKey::new())
                .await
                .expect("cancel");
        }
    }
    let processing = all.iter().find(|t| t.status == InboundTransferStatus::Processing).expect("a processing transfer");
    let owner = state.owner_of(&processing.id).expect("owner");
    let fail = Form::new().set("failure_details[code]", "account_closed");
    let path = format!("/v1/test_helpers/treasury/inbound_transfers/{}/fail", processing.id);
    let _: Value = client.post(&path, &fail, &RequestOptions::on_behalf_of(&owner)).await.expect("fail");
    let open_fa = fa_owner.open_financial_accounts().next().expect("an open FA");
    let create = Form::new()
        .set("amount", 1234)
        .set("currency", "usd")
        .set("financial_account", &open_fa.id)
        .set("origin_payment_method", "pm_contract");
    let _: Value = client
        .post("/v1/treasury/inbound_transfers", &create, &RequestOptions::on_behalf_of(&fa_owner.account.id))
        .await
        .expect("create");
    let now = jiff::Timestamp::now().as_second();
    let refreshable =
        linked.iter().find(|a| a.refresh_availability(now) == RefreshAvailability::Now).expect("refreshable");
    fc::refresh_balance(&client, &refreshable.id, IdempotencyKey::new()).await.expect("refresh");
    let inactive = linked.iter().find(|a| a.relink_required()).expect("relinkable");
    let params = session_params(inactive, RelinkMode::ExactAccount, false).expect("params");
    let session = fc::create_relink_session(&client, &params, IdempotencyKey::new()).await.expect("session");
    let _ = fc::retrieve_session(&client, &session.id).await.expect("session read");

    // Errors: not found, a bad parameter, an illegal transition, a wrong key.
    let _ = client.get::<Value>("/v1/accounts/acct_nope", &Form::new(), &RequestOptions::default()).await;
    let _ = client.get::<Value>("/v1/accounts", &Form::new().set("limit", 1000), &RequestOptions::default()).await;
    let _ = treasury::cancel_inbound_transfer(&client, &owner, &processing.id, IdempotencyKey::new()).await;
    let stranger = Client::new(ClientConfig::new(sandbox.base_url(), "sk_test_51NotTheSandboxKey0000000000".into()))
        .expect("client");
    let _ = stranger.get::<Value>("/v1/account", &Form::new(), &RequestOptions::default()).await;

    let recorded = sandbox.faults().recorded();
    sandbox.shutdown().await;

    let spec = spec();
    let mut schemas = convert(&spec["components"]["schemas"]);
    exceptions(&mut schemas);
    let mut violations = Vec::new();
    let mut checked = 0;
    for answer in &recorded {
        let Some(schema) = schema_for(&spec, &answer.method, &answer.path, answer.status) else {
            violations.push(format!("{} {}: no operation in the spec", answer.method, answer.path));
            continue;
        };
        let root = json!({"$ref": "#/$defs/answer", "$defs": {"answer": convert(&schema)}, "components": {"schemas": schemas}});
        let validator = jsonschema::draft7::new(&root).unwrap_or_else(|e| panic!("schema for {}: {e}", answer.path));
        let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        let errors: Vec<String> =
            validator.iter_errors(&body).take(3).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        if !errors.is_empty() {
            violations.push(format!("{} {} ({}): {}", answer.method, answer.path, answer.status, errors.join("; ")));
        }
        checked += 1;
    }
    assert!(checked > 50, "the session produced {checked} answers");
    assert!(
        violations.is_empty(),
        "{} of {checked} answers break the spec:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
