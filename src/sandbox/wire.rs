//! The sandbox's wire rules: auth, request ids, params, error bodies, list pages, idempotency.
//! Owns HTTP plumbing shared by every route; must not hold resource logic or the store's lock.

use std::collections::BTreeMap;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::Rng;
use serde::Serialize;

use super::state::{IdempotencyLookup, RequestRecord};
use super::{App, state::Scope};
use crate::stripe::common::List;
use crate::stripe::error::{ApiError, ErrorEnvelope, ErrorType};
use crate::stripe::form::{FormValue, decode};

/// Largest request body the sandbox reads (1 MiB; a larger one is answered 413).
pub(crate) const MAX_BODY: usize = 1 << 20;
/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 255;
/// Longest `error.message` Stripe's spec allows (`api_errors.message`: `maxLength` 40000).
const MAX_MESSAGE_CHARS: usize = 40_000;
/// Longest `error.param` and `error.code` (`maxLength` 5000 in the spec).
const MAX_FIELD_CHARS: usize = 5_000;
/// How much of a request's path an "Unrecognized request URL" message repeats.
const MAX_ECHOED_PATH_CHARS: usize = 200;

/// `text` cut to at most `max` characters (counted as JSON Schema counts them: code points),
/// ending in `…` when cut.
pub(crate) fn at_most(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if text[end..].chars().nth(1).is_some() => format!("{}…", &text[..end]),
        _ => text.to_owned(),
    }
}

/// A Stripe error answer: HTTP status plus Stripe's error object.
#[derive(Clone, Debug)]
pub(crate) struct Failure {
    pub status: StatusCode,
    pub error: Box<ApiError>,
}

impl Failure {
    /// An error of `kind` with `status`.
    pub fn new(status: StatusCode, kind: ErrorType, message: impl Into<String>) -> Self {
        Self { status, error: Box::new(ApiError::new(kind, message)) }
    }

    /// Set `code`.
    #[must_use]
    pub fn code(mut self, code: &str) -> Self {
        self.error.code = Some(code.to_owned());
        self
    }

    /// Set `param`.
    #[must_use]
    pub fn at(mut self, param: &str) -> Self {
        self.error.param = Some(param.to_owned());
        self
    }

    /// 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorType::InvalidRequestError, message)
    }

    /// 400 about one parameter, with a code.
    pub fn param(code: &str, param: &str, message: impl Into<String>) -> Self {
        Self::invalid(message).code(code).at(param)
    }

    /// 400 about one parameter, without a code.
    pub fn bad_value(param: &str, message: impl Into<String>) -> Self {
        Self::invalid(message).at(param)
    }

    /// 400 `parameter_missing`.
    pub fn missing(param: &str) -> Self {
        Self::param("parameter_missing", param, format!("Missing required param: {param}."))
    }

    /// 404 `resource_missing` for an unknown id, named by `param`.
    pub fn no_such(thing: &str, id: &str, param: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorType::InvalidRequestError, format!("No such {thing}: '{id}'"))
            .code("resource_missing")
            .at(param)
    }

    /// 413: a request body over [`MAX_BODY`].
    pub fn body_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorType::InvalidRequestError,
            format!("The request body is too large: at most {MAX_BODY} bytes are accepted."),
        )
    }

    /// 401 `invalid_request_error`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorType::InvalidRequestError, message)
    }

    /// 404 for a route the sandbox does not serve (a long path is shortened in the message).
    pub fn unrecognized(method: &Method, path: &str) -> Self {
        let path = at_most(path, MAX_ECHOED_PATH_CHARS);
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorType::InvalidRequestError,
            format!(
                "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
            ),
        )
    }
}

impl IntoResponse for Failure {
    /// Stripe's error JSON, every text within the spec's lengths (a message may quote the request).
    fn into_response(self) -> Response {
        let mut error = *self.error;
        error.message = error.message.map(|m| at_most(&m, MAX_MESSAGE_CHARS));
        error.param = error.param.map(|p| at_most(&p, MAX_FIELD_CHARS));
        error.code = error.code.map(|c| at_most(&c, MAX_FIELD_CHARS));
        json(self.status, &ErrorEnvelope { error })
    }
}

/// A JSON response with `Content-Type: application/json`.
pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox could not serialize a response");
            let envelope =
                ErrorEnvelope { error: ApiError::new(ErrorType::ApiError, "The sandbox failed to encode a response.") };
            let body = serde_json::to_vec(&envelope).unwrap_or_default();
            (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "application/json")], Body::from(body))
                .into_response()
        }
    }
}

/// A 200 JSON response.
pub(crate) fn ok<T: Serialize>(value: &T) -> Response {
    json(StatusCode::OK, value)
}

/// Random alphanumeric text (request ids; not part of the seeded data).
pub(crate) fn random_token(len: usize) -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    (0..len).map(|_| char::from(ALNUM[rng.random_range(0..ALNUM.len())])).collect()
}

/// Outermost layer: a fresh `Request-Id: req_…` header on every response.
pub(crate) async fn stamp(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let request_id = format!("req_{}", random_token(14));
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("Request-Id", value);
    }
    response
}

/// The key part of an `Authorization` header: Bearer token, or Basic username.
fn presented_key(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, rest) = raw.split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return (!rest.is_empty()).then(|| rest.to_owned());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD.decode(rest).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let user = text.split_once(':').map_or(text.as_str(), |(u, _)| u);
        return (!user.is_empty()).then(|| user.to_owned());
    }
    None
}

/// A key masked as Stripe does: the prefix, `****`, the last four (never the body).
pub(crate) fn mask_key(key: &str) -> String {
    let prefix =
        ["sk_test_", "sk_live_", "rk_test_", "rk_live_"].into_iter().find(|p| key.starts_with(p)).unwrap_or("");
    let chars: Vec<char> = key.chars().collect();
    let tail: String =
        if chars.len() >= prefix.len() + 8 { chars[chars.len() - 4..].iter().collect() } else { String::new() };
    if tail.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("{prefix}****{tail}")
    } else {
        format!("{prefix}****")
    }
}

/// Second layer: the one accepted API key, then a log record of the request.
pub(crate) async fn authenticate(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/receipts/") {
        return next.run(request).await;
    }
    let Some(key) = presented_key(request.headers()) else {
        return Failure::unauthorized(
            "You did not provide an API key. You need to provide your API key in the Authorization header, \
             using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication \
             for details, or we can help at https://support.stripe.com/.",
        )
        .into_response();
    };
    if key.starts_with("pk_") {
        return Failure::unauthorized(
            "This API call cannot be made with a publishable API key. Please use a secret API key. \
             You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        )
        .into_response();
    }
    if key != app.api_key.expose() {
        return Failure::unauthorized(format!("Invalid API Key provided: {}", mask_key(&key))).into_response();
    }
    let stripe_account = request.headers().get("Stripe-Account").and_then(|v| v.to_str().ok()).map(str::to_owned);
    app.state.record(RequestRecord {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        stripe_account,
    });
    next.run(request).await
}

/// Third layer: `Idempotency-Key` on POSTs. Replays the first (non-4xx) answer byte for byte.
pub(crate) async fn idempotency(State(app): State<App>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get("Idempotency-Key") else {
        return next.run(request).await;
    };
    let Ok(key) = key.to_str().map(str::to_owned) else {
        return Failure::bad_value("Idempotency-Key", "Invalid Idempotency-Key header.").into_response();
    };
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY {
        return Failure::invalid(format!(
            "Invalid idempotency key: must be between 1 and {MAX_IDEMPOTENCY_KEY} characters long."
        ))
        .into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Failure::body_too_large().into_response();
    };
    let account = parts.headers.get("Stripe-Account").and_then(|v| v.to_str().ok()).unwrap_or("");
    let params = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| decode(text).ok())
        .map_or_else(|| String::from_utf8_lossy(&bytes).into_owned(), |p| format!("{p:?}"));
    let fingerprint = format!("{} {} {account} {params}", parts.method, parts.uri.path());
    match app.state.idempotency_begin(&key, &fingerprint) {
        IdempotencyLookup::Replay { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, [(header::CONTENT_TYPE, "application/json")], Body::from(body)).into_response();
            response.headers_mut().insert("Idempotent-Replayed", HeaderValue::from_static("true"));
            return response;
        }
        IdempotencyLookup::Mismatch => {
            return Failure::new(
                StatusCode::BAD_REQUEST,
                ErrorType::IdempotencyError,
                format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. \
                     Try using a key other than '{key}' if you meant to execute a different request."
                ),
            )
            .into_response();
        }
        IdempotencyLookup::InFlight => {
            let mut response = Failure::new(
                StatusCode::CONFLICT,
                ErrorType::IdempotencyError,
                "There is currently another in-progress request using this Idempotent Key (that probably means you \
                 submitted twice, and the other request is still going through): please retry shortly.",
            )
            .into_response();
            response.headers_mut().insert("Stripe-Should-Retry", HeaderValue::from_static("true"));
            return response;
        }
        IdempotencyLookup::Fresh => {}
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let status = response.status();
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    // Like Stripe: a request that failed validation (4xx) saves no result; anything that ran does.
    if status.is_client_error() {
        app.state.idempotency_abandon(&key);
    } else {
        app.state.idempotency_finish(&key, status.as_u16(), body.clone());
    }
    Response::from_parts(parts, Body::from(body))
}

/// Decoded request parameters (query for GET, form body for POST).
#[derive(Clone, Debug, Default)]
pub(crate) struct Params(BTreeMap<String, FormValue>);

impl Params {
    /// Decode form text.
    pub fn parse(text: &str) -> Result<Self, Failure> {
        decode(text).map(Self).map_err(|e| Failure::bad_value(&e.param, format!("Invalid {}: {}", e.param, e.reason)))
    }

    /// 400 `parameter_unknown` for the first key not in `known` (`expand` is always known).
    pub fn allow(&self, known: &[&str]) -> Result<(), Failure> {
        match self.0.keys().find(|k| k.as_str() != "expand" && !known.contains(&k.as_str())) {
            Some(unknown) => {
                Err(Failure::param("parameter_unknown", unknown, format!("Received unknown parameter: {unknown}")))
            }
            None => Ok(()),
        }
    }

    /// A plain string parameter, if given (a nested value is a 400).
    pub fn str(&self, name: &str) -> Result<Option<&str>, Failure> {
        match self.0.get(name) {
            None => Ok(None),
            Some(FormValue::Str(s)) => Ok(Some(s)),
            Some(_) => Err(Failure::bad_value(name, format!("Invalid {name}: must be a string"))),
        }
    }

    /// A required, non-empty string parameter.
    pub fn required(&self, name: &str) -> Result<&str, Failure> {
        match self.str(name)? {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(Failure::missing(name)),
        }
    }

    /// A required positive integer parameter (an amount in minor units), refused as Stripe does.
    pub fn positive_integer(&self, name: &str) -> Result<i64, Failure> {
        let raw = self.required(name)?;
        match raw.parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(Failure::param("parameter_invalid_integer", name, format!("Invalid positive integer: {raw}"))),
        }
    }

    /// A nested value (`a[b]=..`), if given.
    pub fn value(&self, name: &str) -> Option<&FormValue> {
        self.0.get(name)
    }

    /// An integer parameter in `range`, if given.
    pub fn integer(&self, name: &str, range: std::ops::RangeInclusive<i64>) -> Result<Option<i64>, Failure> {
        let Some(raw) = self.str(name)? else {
            return Ok(None);
        };
        match raw.parse::<i64>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(Failure::param(
                "parameter_invalid_integer",
                name,
                format!(
                    "Invalid integer: {raw}. {name} must be an integer between {} and {}.",
                    range.start(),
                    range.end()
                ),
            )),
        }
    }

    /// `metadata[k]=v` as a map (an empty `metadata=` clears it).
    pub fn metadata(&self) -> Result<BTreeMap<String, String>, Failure> {
        match self.0.get("metadata") {
            None => Ok(BTreeMap::new()),
            Some(FormValue::Str(s)) if s.is_empty() => Ok(BTreeMap::new()),
            Some(FormValue::Map(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    FormValue::Str(s) => Ok((k.clone(), s.clone())),
                    _ => Err(Failure::bad_value(&format!("metadata[{k}]"), "Metadata values must be strings.")),
                })
                .collect(),
            Some(_) => Err(Failure::bad_value("metadata", "Invalid metadata: must be a hash of keys and values.")),
        }
    }
}

/// The `created` filter of a list (`created=ts` or `created[gt|gte|lt|lte]=ts`), as a predicate.
pub(crate) fn created_filter(params: &Params) -> Result<impl Fn(i64) -> bool + use<>, Failure> {
    range_filter(params.value("created"), "created")
}

/// A timestamp filter named `name` (`name=ts` or `name[gt|gte|lt|lte]=ts`) whose value is
/// `value`, as a predicate (`created`, `effective_at`, `status_transitions[posted_at]`).
pub(crate) fn range_filter(value: Option<&FormValue>, name: &str) -> Result<impl Fn(i64) -> bool + use<>, Failure> {
    let bounds = range_bounds(value, name)?;
    Ok(move |created: i64| {
        bounds.iter().all(|(order, or_equal, ts)| {
            let cmp = created.cmp(ts);
            cmp == *order || (*or_equal && cmp == std::cmp::Ordering::Equal)
        })
    })
}

/// The same filter as [`range_filter`], as the inclusive range of times it lets through (empty
/// when its bounds exclude each other; everything without a filter): for an index's range query.
pub(crate) fn range_span(value: Option<&FormValue>, name: &str) -> Result<std::ops::RangeInclusive<i64>, Failure> {
    let (mut from, mut to) = (i64::MIN, i64::MAX);
    for (order, or_equal, ts) in range_bounds(value, name)? {
        match (order, or_equal) {
            (std::cmp::Ordering::Equal, _) => (from, to) = (from.max(ts), to.min(ts)),
            (std::cmp::Ordering::Greater, true) => from = from.max(ts),
            (std::cmp::Ordering::Greater, false) => from = from.max(ts.saturating_add(1)),
            (std::cmp::Ordering::Less, true) => to = to.min(ts),
            (std::cmp::Ordering::Less, false) => to = to.min(ts.saturating_sub(1)),
        }
    }
    Ok(from..=to)
}

/// The bounds of a timestamp filter: `(side, or equal, time)` each.
fn range_bounds(value: Option<&FormValue>, name: &str) -> Result<Vec<(std::cmp::Ordering, bool, i64)>, Failure> {
    let parse = |param: &str, raw: &str| {
        raw.parse::<i64>()
            .map_err(|_| Failure::param("parameter_invalid_integer", param, format!("Invalid integer: {raw}")))
    };
    let mut bounds: Vec<(std::cmp::Ordering, bool, i64)> = Vec::new();
    match value {
        None => {}
        Some(FormValue::Str(raw)) => bounds.push((std::cmp::Ordering::Equal, true, parse(name, raw)?)),
        Some(FormValue::Map(map)) => {
            for (op, value) in map {
                let param = format!("{name}[{op}]");
                let raw = value.as_str().ok_or_else(|| Failure::bad_value(&param, format!("Invalid {name} filter")))?;
                let ts = parse(&param, raw)?;
                let bound = match op.as_str() {
                    "gt" => (std::cmp::Ordering::Greater, false, ts),
                    "gte" => (std::cmp::Ordering::Greater, true, ts),
                    "lt" => (std::cmp::Ordering::Less, false, ts),
                    "lte" => (std::cmp::Ordering::Less, true, ts),
                    _ => {
                        return Err(Failure::param(
                            "parameter_unknown",
                            &param,
                            format!("Received unknown parameter: {param}"),
                        ));
                    }
                };
                bounds.push(bound);
            }
        }
        Some(FormValue::List(_)) => {
            return Err(Failure::bad_value(name, format!("Invalid {name} filter")));
        }
    }
    Ok(bounds)
}

/// What every handler needs from a request: who it acts for and its parameters.
pub(crate) struct Ctx {
    /// Whose objects this request sees.
    pub scope: Scope,
    /// Query (GET) or form body (POST).
    pub params: Params,
}

impl FromRequest<App> for Ctx {
    type Rejection = Failure;

    async fn from_request(request: Request, app: &App) -> Result<Self, Failure> {
        let header =
            request.headers().get("Stripe-Account").map(|v| v.to_str().unwrap_or("(not text)").trim().to_owned());
        let scope = app.state.resolve_scope(header.as_deref())?;
        let params = if request.method() == Method::GET {
            Params::parse(request.uri().query().unwrap_or(""))?
        } else {
            // `limits::check` has already refused anything over `MAX_BODY`.
            let bytes: Bytes = axum::body::to_bytes(request.into_body(), MAX_BODY)
                .await
                .map_err(|_| Failure::invalid("The request body could not be read."))?;
            let text =
                std::str::from_utf8(&bytes).map_err(|_| Failure::invalid("The request body is not valid UTF-8."))?;
            Params::parse(text)?
        };
        Ok(Self { scope, params })
    }
}

/// Something listable: its id and creation time (the sort key, newest first).
pub(crate) trait Listed {
    /// Object id.
    fn list_id(&self) -> &str;
    /// Creation time.
    fn list_created(&self) -> i64;
}

/// A borrowed object lists as itself: a big collection is paged without cloning all of it.
impl<T: Listed> Listed for &T {
    fn list_id(&self) -> &str {
        (*self).list_id()
    }
    fn list_created(&self) -> i64 {
        (*self).list_created()
    }
}

/// The list params every list endpoint knows.
pub(crate) const LIST_PARAMS: [&str; 3] = ["limit", "starting_after", "ending_before"];

/// One page of `items`, newest first, as Stripe pages: `limit`, `starting_after`, `ending_before`.
///
/// `all` is the whole scoped collection (for cursor lookup), `items` the filtered subset.
pub(crate) fn page<T: Listed + Clone>(
    all: &[T],
    items: Vec<T>,
    params: &Params,
    url: &str,
) -> Result<List<T>, Failure> {
    page_by(all, items, params, url, T::list_created)
}

/// [`page`], newest first by `time` instead of by creation (`order_by=posted_at`, `effective_at`).
pub(crate) fn page_by<T: Listed + Clone>(
    all: &[T],
    mut items: Vec<T>,
    params: &Params,
    url: &str,
    time: impl Fn(&T) -> i64,
) -> Result<List<T>, Failure> {
    let limit = params.integer("limit", 1..=100)?.unwrap_or(10) as usize;
    let after = params.str("starting_after")?.filter(|s| !s.is_empty());
    let before = params.str("ending_before")?.filter(|s| !s.is_empty());
    if after.is_some() && before.is_some() {
        return Err(Failure::invalid("You may only specify one of these parameters: ending_before, starting_after."));
    }
    // Newest first, then by id (descending); compared without allocating (lists may be long).
    let key = |t: &T| (std::cmp::Reverse(time(t)), std::cmp::Reverse(t.list_id().to_owned()));
    let order = |a: &T, b: &T| time(b).cmp(&time(a)).then_with(|| b.list_id().cmp(a.list_id()));
    let cursor = |param: &str, id: &str| {
        all.iter().find(|t| t.list_id() == id).map(key).ok_or_else(|| {
            Failure::param("resource_missing", param, format!("No such object: '{id}' (given as {param})"))
        })
    };
    let beyond = |t: &T, at: &(std::cmp::Reverse<i64>, std::cmp::Reverse<String>)| {
        (std::cmp::Reverse(time(t)), std::cmp::Reverse(t.list_id())).cmp(&(at.0, std::cmp::Reverse(at.1.0.as_str())))
    };
    // Only the page is sorted: the `limit` items next to the cursor are selected first (linear),
    // so a page deep in a long list (an export walks 100,000 entries) costs a pass, not a sort.
    let nearest = |mut rest: Vec<T>, closest: &dyn Fn(&T, &T) -> std::cmp::Ordering| {
        let has_more = rest.len() > limit;
        if has_more {
            rest.select_nth_unstable_by(limit, closest);
            rest.truncate(limit);
        }
        rest.sort_by(order);
        (rest, has_more)
    };
    let (data, has_more) = if let Some(id) = after {
        let at = cursor("starting_after", id)?;
        items.retain(|t| beyond(t, &at).is_gt());
        nearest(items, &order)
    } else if let Some(id) = before {
        // The page just before the cursor: the newest-first list's last `limit` items before it.
        let at = cursor("ending_before", id)?;
        items.retain(|t| beyond(t, &at).is_lt());
        nearest(items, &|a, b| order(b, a))
    } else {
        nearest(items, &order)
    };
    Ok(List { object: "list".to_owned(), data, has_more, url: url.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_never_shows_the_body() {
        assert_eq!(mask_key("sk_test_51AbCdEfGhIjKlMn1234"), "sk_test_****1234");
        assert_eq!(mask_key("sk_test_abc"), "sk_test_****");
        assert_eq!(mask_key("hello"), "****");
        assert!(!mask_key("sk\x5flive_SECRETSECRETzzzz").contains("SECRET"));
    }

    #[test]
    fn basic_and_bearer_keys_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer sk_test_x"));
        assert_eq!(presented_key(&headers).as_deref(), Some("sk_test_x"));
        let basic = base64::engine::general_purpose::STANDARD.encode("sk_test_y:");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Basic {basic}")).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(presented_key(&headers).as_deref(), Some("sk_test_y"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(presented_key(&headers), None);
    }

    #[derive(Clone)]
    struct Item(&'static str, i64);
    impl Listed for Item {
        fn list_id(&self) -> &str {
            self.0
        }
        fn list_created(&self) -> i64 {
            self.1
        }
    }

    #[derive(Clone, Debug)]
    struct Row(String, i64);
    impl Listed for Row {
        fn list_id(&self) -> &str {
            &self.0
        }
        fn list_created(&self) -> i64 {
            self.1
        }
    }

    proptest::proptest! {
        /// The page picked without sorting everything is the page of the fully sorted list:
        /// the same items in the same order, with the same `has_more`, from any cursor.
        #[test]
        fn a_page_is_the_sorted_lists_slice(
            times in proptest::collection::vec(0i64..6, 1..40),
            limit in 1usize..8,
            cursor in proptest::option::of((proptest::bool::ANY, 0usize..40)),
        ) {
            let all: Vec<Row> = times.iter().enumerate().map(|(i, t)| Row(format!("x_{i:02}"), *t)).collect();
            let mut sorted = all.clone();
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
            let ids = |rows: &[Row]| rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
            let (query, expected) = match cursor.map(|(after, i)| (after, i % all.len())) {
                None => (format!("limit={limit}"), (ids(&sorted[..limit.min(sorted.len())]), sorted.len() > limit)),
                Some((after, i)) => {
                    let id = &all[i].0;
                    let at = sorted.iter().position(|r| &r.0 == id).unwrap_or_default();
                    if after {
                        let rest = &sorted[at + 1..];
                        (format!("limit={limit}&starting_after={id}"), (ids(&rest[..limit.min(rest.len())]), rest.len() > limit))
                    } else {
                        let head = &sorted[..at];
                        let skip = head.len().saturating_sub(limit);
                        (format!("limit={limit}&ending_before={id}"), (ids(&head[skip..]), head.len() > limit))
                    }
                }
            };
            let params = Params::parse(&query).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{:?}", e.error)))?;
            let list = page(&all, all.clone(), &params, "/x")
                .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{:?}", e.error)))?;
            proptest::prop_assert_eq!((ids(&list.data), list.has_more), expected);
        }
    }

    proptest::proptest! {
        /// The range an index reads is exactly what the filter lets through.
        #[test]
        fn a_time_filters_span_is_what_it_lets_through(
            bounds in proptest::collection::btree_map(0usize..5, 0i64..12, 0..4),
        ) {
            let query = bounds
                .iter()
                .map(|(op, ts)| match ["gt", "gte", "lt", "lte", ""][*op] {
                    "" => format!("created={ts}"),
                    op => format!("created[{op}]={ts}"),
                })
                .collect::<Vec<_>>()
                .join("&");
            // `created=` beside `created[gt]=` is not a form the API takes.
            let Ok(params) = Params::parse(&query) else { return Ok(()) };
            let (Ok(filter), Ok(span)) = (created_filter(&params), range_span(params.value("created"), "created")) else {
                proptest::prop_assert!(created_filter(&params).is_err() && range_span(params.value("created"), "created").is_err());
                return Ok(());
            };
            for t in -2..15 {
                proptest::prop_assert_eq!(filter(t), span.contains(&t), "{} at {}", query, t);
            }
        }
    }

    #[test]
    fn pages_walk_both_ways() -> Result<(), String> {
        let all = vec![Item("a", 1), Item("b", 2), Item("c", 3), Item("d", 3)];
        let p = |q: &str| {
            let params = Params::parse(q).map_err(|e| format!("{:?}", e.error))?;
            page(&all, all.clone(), &params, "/x")
                .map(|l| (l.data.iter().map(|i| i.0).collect::<Vec<_>>(), l.has_more))
                .map_err(|e| format!("{:?}", e.error))
        };
        assert_eq!(p("limit=2")?, (vec!["d", "c"], true));
        assert_eq!(p("limit=2&starting_after=c")?, (vec!["b", "a"], false));
        assert_eq!(p("limit=1&ending_before=a")?, (vec!["b"], true));
        assert_eq!(p("ending_before=c")?, (vec!["d"], false));
        assert!(p("limit=0").is_err());
        assert!(p("limit=101").is_err());
        assert!(p("starting_after=zz").is_err());
        Ok(())
    }
}
