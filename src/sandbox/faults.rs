//! Fault injection for tests and the fault matrix: make chosen requests fail the way networks
//! and proxies do. Owns only the outermost layer; never changes what the handlers commit.

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What to do to a matching request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Let the request act (commit), then cut the connection before the body arrives: the
    /// client cannot tell whether it happened.
    LoseResponseAfterCommit,
    /// Hold the request this long before it reaches the sandbox (a latency spike).
    Delay(std::time::Duration),
    /// Hold the request until the test opens the [`Gate`] (a latency spike as long as the test
    /// needs: no wall-clock margin to lose on a busy machine), then let it through, even when the
    /// client has given up on it by then (it arrives late, as a stuck request does).
    Hold(Gate),
    /// Let the request act, then hold its answer until the test opens the [`Gate`]: an action
    /// Stripe has taken whose answer has not reached the client yet (a process killed meanwhile
    /// never learns the outcome).
    HoldAnswer(Gate),
    /// Cut the connection before the request reaches the sandbox: nothing happened.
    ResetBeforeCommit,
    /// Refuse with 429 as Stripe's limiter does, with or without `Stripe-Should-Retry`.
    RateLimited {
        /// The `Stripe-Should-Retry` header, if any.
        should_retry: Option<bool>,
    },
    /// Let the request act, then change the answer's body.
    Mangle(Mangle),
    /// Answer this instead, without acting.
    Respond {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: &'static str,
        /// Body.
        body: String,
    },
}

/// How an answer is changed after the request acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mangle {
    /// Cut the JSON body in half (a proxy that gave up).
    Truncate,
    /// Add fields this client has never heard of.
    ExtraFields,
    /// Replace the object's `status` with a value this client does not know.
    UnknownEnum,
    /// Replace every `flow_type` (of the object, of a list's objects and of their expanded
    /// transactions) with `flow_from_2030`: a kind of money movement this client does not know.
    UnknownFlowType,
}

/// What a [`Fault::Hold`] waits on: shut until [`Gate::open`]; [`Gate::settled`] then waits
/// until every request it held has gone through the sandbox. The waits are the explicit signals
/// tests use instead of sleeping: a request is held ([`Gate::holding`]), its client went away
/// ([`Gate::abandoned`]), it has been answered ([`Gate::settled`]).
#[derive(Clone, Debug)]
pub struct Gate {
    open: Arc<tokio::sync::watch::Sender<bool>>,
    held: Arc<tokio::sync::watch::Sender<usize>>,
    abandoned: Arc<tokio::sync::watch::Sender<usize>>,
}

impl Default for Gate {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for Gate {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.open, &other.open)
    }
}

impl Eq for Gate {}

impl Gate {
    /// A shut gate.
    pub fn new() -> Self {
        Self {
            open: Arc::new(tokio::sync::watch::channel(false).0),
            held: Arc::new(tokio::sync::watch::channel(0).0),
            abandoned: Arc::new(tokio::sync::watch::channel(0).0),
        }
    }

    /// Let every held request (and every later one) through.
    pub fn open(&self) {
        self.open.send_replace(true);
    }

    /// How many requests it holds, or lets through, right now.
    pub fn held(&self) -> usize {
        *self.held.borrow()
    }

    /// Wait until at least `count` requests are being held (or let through).
    pub async fn holding(&self, count: usize) {
        let _ = self.held.subscribe().wait_for(|held| *held >= count).await;
    }

    /// Wait until no request is held or on its way through the sandbox.
    pub async fn settled(&self) {
        let _ = self.held.subscribe().wait_for(|held| *held == 0).await;
    }

    /// Wait until the clients of at least `count` held requests have gone away (closed the
    /// connection: a timeout, a cancelled sync, a closed window) before the answer.
    pub async fn abandoned(&self, count: usize) {
        let _ = self.abandoned.subscribe().wait_for(|abandoned| *abandoned >= count).await;
    }

    /// Hold one request until the gate opens; the guard counts it until it is dropped.
    async fn pass(&self) -> HeldGuard {
        self.held.send_modify(|held| *held += 1);
        let guard = HeldGuard(self.held.clone());
        let _ = self.open.subscribe().wait_for(|open| *open).await;
        guard
    }
}

/// Counts one held request while it lives.
struct HeldGuard(Arc<tokio::sync::watch::Sender<usize>>);

/// Counts a held request as abandoned when its connection drops it before the answer.
struct AbandonGuard(Option<Arc<tokio::sync::watch::Sender<usize>>>);

impl Drop for AbandonGuard {
    fn drop(&mut self) {
        if let Some(abandoned) = self.0.take() {
            abandoned.send_modify(|n| *n += 1);
        }
    }
}

impl Drop for HeldGuard {
    fn drop(&mut self) {
        self.0.send_modify(|held| *held = held.saturating_sub(1));
    }
}

#[derive(Clone, Debug)]
struct Armed {
    method: String,
    path_contains: String,
    fault: Fault,
    remaining: usize,
}

/// One answer the sandbox sent, kept when recording is on (contract tests).
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Request method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// Status.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

/// The faults armed on a sandbox, and the answer recorder; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    armed: Arc<Mutex<Vec<Armed>>>,
    recording: Arc<Mutex<Option<Vec<Recorded>>>>,
}

impl Faults {
    /// Apply `fault` to the next `times` requests whose method is `method` and whose path
    /// contains `path_contains`.
    pub fn arm(&self, method: &str, path_contains: &str, fault: Fault, times: usize) {
        if let Ok(mut armed) = self.armed.lock() {
            armed.push(Armed {
                method: method.to_owned(),
                path_contains: path_contains.to_owned(),
                fault,
                remaining: times,
            });
        }
    }

    /// Disarm every fault still armed.
    pub fn clear(&self) {
        if let Ok(mut armed) = self.armed.lock() {
            armed.clear();
        }
    }

    /// Start keeping every answer (until [`Faults::recorded`] takes them).
    pub fn record(&self) {
        if let Ok(mut recording) = self.recording.lock() {
            recording.get_or_insert_with(Vec::new);
        }
    }

    /// The answers kept so far (recording goes on).
    pub fn recorded(&self) -> Vec<Recorded> {
        self.recording.lock().ok().and_then(|r| r.clone()).unwrap_or_default()
    }

    fn recording(&self) -> bool {
        self.recording.lock().is_ok_and(|r| r.is_some())
    }

    /// The fault for this request, if one is armed (using up one of its times).
    fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut armed = self.armed.lock().ok()?;
        let index = armed.iter().position(|a| a.method == method && path.contains(&a.path_contains))?;
        let entry = armed.get_mut(index)?;
        entry.remaining = entry.remaining.saturating_sub(1);
        let fault = entry.fault.clone();
        if entry.remaining == 0 {
            armed.remove(index);
        }
        Some(fault)
    }
}

/// Outermost layer: applies an armed fault to a matching request.
pub(crate) async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let Some(fault) = faults.take(request.method().as_str(), request.uri().path()) else {
        if !faults.recording() {
            return next.run(request).await;
        }
        let (method, path) = (request.method().to_string(), request.uri().path().to_owned());
        let (parts, body) = next.run(request).await.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
        if let Ok(mut recording) = faults.recording.lock()
            && let Some(recorded) = recording.as_mut()
        {
            recorded.push(Recorded { method, path, status: parts.status.as_u16(), body: body.clone() });
        }
        return Response::from_parts(parts, Body::from(body));
    };
    match fault {
        Fault::LoseResponseAfterCommit => {
            let (parts, _) = next.run(request).await.into_parts();
            // The status line goes out, then the body fails: hyper aborts the connection.
            let lost = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("fault: response lost"))
            });
            Response::from_parts(parts, Body::from_stream(lost))
        }
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::HoldAnswer(gate) => {
            let response = next.run(request).await;
            let _held = gate.pass().await;
            response
        }
        Fault::Hold(gate) => {
            // A request stuck on the way arrives once let go, even if the client gave up on it
            // meanwhile: a task of its own, which the client's closing the connection does not
            // cancel. Counted from here until the sandbox has answered it.
            let mut abandon = AbandonGuard(Some(gate.abandoned.clone()));
            let held = tokio::spawn(async move {
                let _held = gate.pass().await;
                next.run(request).await
            });
            let response = held.await.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
            abandon.0 = None;
            response
        }
        Fault::ResetBeforeCommit => {
            let lost = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("fault: connection reset"))
            });
            Response::new(Body::from_stream(lost))
        }
        Fault::RateLimited { should_retry } => {
            let body = r#"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests hit the API too quickly."}}"#;
            let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            if let Some(retry) = should_retry {
                let value = HeaderValue::from_static(if retry { "true" } else { "false" });
                response.headers_mut().insert("Stripe-Should-Retry", value);
            }
            response
        }
        Fault::Mangle(mangle) => {
            let (parts, body) = next.run(request).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let changed = match mangle {
                Mangle::Truncate => bytes.slice(..bytes.len() / 2),
                Mangle::UnknownFlowType => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                    Ok(mut value) => {
                        unknown_flow_type(&mut value);
                        Bytes::from(serde_json::to_vec(&value).unwrap_or_default())
                    }
                    Err(_) => bytes,
                },
                Mangle::ExtraFields | Mangle::UnknownEnum => {
                    match serde_json::from_slice::<serde_json::Value>(&bytes) {
                        Ok(mut value) => {
                            if let Some(object) = value.as_object_mut() {
                                if mangle == Mangle::ExtraFields {
                                    object.insert("x_field_from_2030".into(), serde_json::json!({"nested": [1, 2, 3]}));
                                } else if object.contains_key("status") {
                                    object.insert("status".into(), "status_from_2030".into());
                                }
                            }
                            Bytes::from(serde_json::to_vec(&value).unwrap_or_default())
                        }
                        Err(_) => bytes,
                    }
                }
            };
            let mut parts = parts;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(changed))
        }
        Fault::Respond { status, content_type, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = (status, body).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            response
        }
    }
}

/// Every `flow_type` in `value`, at any depth, becomes `flow_from_2030`.
fn unknown_flow_type(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if key == "flow_type" && inner.is_string() {
                    *inner = "flow_from_2030".into();
                } else {
                    unknown_flow_type(inner);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unknown_flow_type),
        _ => {}
    }
}
