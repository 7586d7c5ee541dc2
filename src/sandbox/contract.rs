//! The sandbox's contract check: every answer it sends is validated against Stripe's OpenAPI
//! slice when `TREASURY_DESK_CONTRACT_SPEC` names the spec file (`scripts/test` and CI set it).
//! Owns the OpenAPI → JSON Schema conversion and the documented exceptions, in one place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// The environment variable naming the spec file.
pub const SPEC_ENV: &str = "TREASURY_DESK_CONTRACT_SPEC";

/// A loaded spec and the validators built from it so far (one per operation).
pub struct Contract {
    spec: Value,
    schemas: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

impl std::fmt::Debug for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Contract")
    }
}

impl Contract {
    /// The spec in `SPEC_ENV`, loaded once per process; `None` when the variable is unset.
    /// A set variable whose file cannot be read is a loud failure, not a silent skip.
    pub fn from_env() -> Option<Arc<Contract>> {
        static LOADED: OnceLock<Option<Arc<Contract>>> = OnceLock::new();
        LOADED
            .get_or_init(|| {
                let path = std::env::var_os(SPEC_ENV)?;
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{SPEC_ENV}={}: {e}", std::path::Path::new(&path).display()));
                let spec: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SPEC_ENV}: not JSON: {e}"));
                Some(Arc::new(Contract::new(spec)))
            })
            .clone()
    }

    /// A contract for an OpenAPI document.
    pub fn new(spec: Value) -> Self {
        let mut schemas = convert(spec.pointer("/components/schemas").unwrap_or(&Value::Null));
        exceptions(&mut schemas);
        Self { spec, schemas, validators: Mutex::new(HashMap::new()) }
    }

    /// Check one answer. Sandbox-only pages (the Stripe.js stand-in, receipts) are not Stripe's API.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &[u8]) -> Result<(), String> {
        if !path.starts_with("/v1/") {
            return Ok(());
        }
        let (key, schema) = self
            .schema_for(method, path, status)
            .ok_or_else(|| format!("{method} {path}: no operation in the spec"))?;
        let validator = {
            let mut validators = self.validators.lock().map_err(|_| "contract lock poisoned".to_owned())?;
            match validators.get(&key) {
                Some(validator) => validator.clone(),
                None => {
                    let root = json!({"$ref": "#/$defs/answer", "$defs": {"answer": convert(&schema)}, "components": {"schemas": self.schemas}});
                    let validator =
                        Arc::new(jsonschema::draft7::new(&root).map_err(|e| format!("schema for {key}: {e}"))?);
                    validators.insert(key.clone(), validator.clone());
                    validator
                }
            }
        };
        let body: Value = serde_json::from_slice(body).map_err(|e| format!("{method} {path}: not JSON: {e}"))?;
        let errors: Vec<String> =
            validator.iter_errors(&body).take(3).map(|e| format!("{e} at {}", e.instance_path())).collect();
        if errors.is_empty() { Ok(()) } else { Err(format!("{method} {path} ({status}): {}", errors.join("; "))) }
    }

    /// Check `value` against the spec's schema `name` (`components/schemas/{name}`): for objects
    /// that travel inside another answer, as an event's `data.object` does (typed only `object`
    /// there).
    pub fn check_object(&self, name: &str, value: &Value) -> Result<(), String> {
        if self.schemas.get(name).is_none() {
            return Err(format!("no schema {name} in the spec"));
        }
        let root = json!({"$ref": format!("#/components/schemas/{name}"), "components": {"schemas": self.schemas}});
        let validator = jsonschema::draft7::new(&root).map_err(|e| format!("schema {name}: {e}"))?;
        let errors: Vec<String> =
            validator.iter_errors(value).take(3).map(|e| format!("{e} at {}", e.instance_path())).collect();
        if errors.is_empty() { Ok(()) } else { Err(format!("{name}: {}", errors.join("; "))) }
    }

    /// The answer schema for a request, and a cache key for it.
    fn schema_for(&self, method: &str, path: &str, status: u16) -> Option<(String, Value)> {
        if !(200..300).contains(&status) {
            return Some(("error".to_owned(), json!({"$ref": "#/components/schemas/error"})));
        }
        // Exception: the gated confirm is in no public spec; it answers an inbound transfer.
        if method == "POST" && path.starts_with("/v1/treasury/inbound_transfers/") && path.ends_with("/confirm") {
            return Some(("confirm".to_owned(), json!({"$ref": "#/components/schemas/treasury.inbound_transfer"})));
        }
        let segments: Vec<&str> = path.split('/').collect();
        let paths = self.spec.get("paths")?.as_object()?;
        paths.iter().find_map(|(template, operations)| {
            let parts: Vec<&str> = template.split('/').collect();
            let same =
                parts.len() == segments.len() && parts.iter().zip(&segments).all(|(t, s)| t.starts_with('{') || t == s);
            if !same {
                return None;
            }
            let schema =
                operations.get(method.to_lowercase())?.pointer("/responses/200/content/application~1json/schema")?;
            Some((format!("{method} {template}"), schema.clone()))
        })
    }
}

/// OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"; enums Stripe marks open
/// (`x-stripeBypassValidation`) accept any value; `x-…` annotations are dropped.
pub fn convert(value: &Value) -> Value {
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
        if let Some(Value::Array(values)) =
            schemas.pointer_mut(&format!("/treasury.financial_account/properties/{list}/items/enum"))
        {
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

/// A layer just outside the handlers: an answer that breaks the contract becomes a loud 500.
pub(crate) async fn check(State(contract): State<Arc<Contract>>, request: Request, next: Next) -> Response {
    let (method, path) = (request.method().to_string(), request.uri().path().to_owned());
    let (parts, body) = next.run(request).await.into_parts();
    let body: Bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    match contract.check(&method, &path, parts.status.as_u16(), &body) {
        Ok(()) => Response::from_parts(parts, Body::from(body)),
        Err(violation) => {
            tracing::error!(%violation, "the sandbox broke Stripe's contract");
            let message =
                serde_json::to_string(&format!("sandbox contract violation: {violation}")).unwrap_or_default();
            let body = format!(r#"{{"error":{{"type":"api_error","message":{message}}}}}"#);
            let mut response = (StatusCode::INTERNAL_SERVER_ERROR, body).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response.headers_mut().insert("Stripe-Should-Retry", HeaderValue::from_static("false"));
            response
        }
    }
}
