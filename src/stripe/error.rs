//! Errors of the Stripe client: Stripe's own error object, transport faults, undecodable bodies.
//! Owns the one-line wording a user sees; never carries a secret.

use serde::{Deserialize, Serialize};

use crate::open_enum;

open_enum! {
    /// `error.type` in Stripe's error object.
    pub enum ErrorType {
        ApiError = "api_error",
        CardError = "card_error",
        IdempotencyError = "idempotency_error",
        InvalidRequestError = "invalid_request_error",
    }
}

/// Stripe's error object (`{"error": {...}}`), as the spec's `api_errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Broad category.
    #[serde(rename = "type")]
    pub kind: ErrorType,
    /// Machine-readable code, e.g. `resource_missing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human-readable message from Stripe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The parameter at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// Link to the docs for `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// Link to the request in the Dashboard's logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_log_url: Option<String>,
    /// The machine-readable code under the name Stripe's Treasury guide shows for some errors
    /// (`inbound_transfer_not_same_day_eligible`); not in the API reference's error object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_code: Option<String>,
}

impl ApiError {
    /// An error object of `kind` with a message (used by the sandbox).
    pub fn new(kind: ErrorType, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: None,
            message: Some(message.into()),
            param: None,
            doc_url: None,
            request_log_url: None,
            message_code: None,
        }
    }

    /// Set `code`.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// `code`, or the guide's `message_code` when there is no `code`.
    pub fn any_code(&self) -> Option<&str> {
        self.code.as_deref().or(self.message_code.as_deref())
    }

    /// Set `param`.
    #[must_use]
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.param = Some(param.into());
        self
    }
}

/// The envelope Stripe sends errors in.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    /// The error.
    pub error: ApiError,
}

/// Anything that can go wrong on a call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Stripe answered with its error object.
    #[error("{}", api_error_line(*.status, .error))]
    Api {
        /// HTTP status.
        status: u16,
        /// Stripe's error object (boxed: it keeps every `Result<_, Error>` small).
        error: Box<ApiError>,
        /// `Request-Id` header, for support.
        request_id: Option<String>,
    },
    /// The server answered, but not with JSON of the expected shape.
    #[error("{}", decode_line(*.status, .content_type, .detail))]
    Decode {
        /// HTTP status.
        status: u16,
        /// The `Content-Type` it claimed.
        content_type: String,
        /// What did not parse.
        detail: String,
    },
    /// No answer: connection refused, DNS, TLS, timeout.
    #[error("{}", crate::t!("error-unreachable", base = base.clone(), detail = detail.clone()))]
    Transport {
        /// The API base we tried.
        base: String,
        /// The cause, without the URL's query.
        detail: String,
        /// True for a timeout (the request may have been processed).
        timeout: bool,
    },
    /// Bad configuration found before any request (e.g. a malformed key or URL).
    #[error("{0}")]
    Config(String),
}

impl Error {
    /// Whether the action this error ended may still have happened.
    pub fn settled(&self) -> Settled {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } if *status >= 500 => Settled::Unknown,
            // A success status with a body we cannot read: it happened, but we cannot show it.
            Self::Decode { status, .. } if (200..300).contains(status) => Settled::Unknown,
            Self::Api { .. } | Self::Decode { .. } | Self::Config(_) => Settled::NotDone,
            Self::Transport { .. } => Settled::Unknown,
        }
    }

    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Stripe's error object, when there is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Whether an action took effect, as far as the client can know. Shown to the user as is:
/// "unknown" is never rounded to "done" or "not done".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Stripe answered with the object: it happened.
    Done,
    /// Stripe refused (4xx) or the request never left: it did not happen.
    NotDone,
    /// No usable answer (timeout, cut connection, 5xx, an unreadable 2xx body): it may have
    /// happened. Check again; retrying with the same idempotency key is safe.
    Unknown,
}

impl Settled {
    /// How a call ended.
    pub fn of<T>(result: &Result<T, Error>) -> Self {
        match result {
            Ok(_) => Self::Done,
            Err(error) => error.settled(),
        }
    }
}

fn api_error_line(status: u16, error: &ApiError) -> String {
    let what = match status {
        401 => crate::t!("error-401"),
        402 => crate::t!("error-402"),
        403 => crate::t!("error-403"),
        404 => crate::t!("error-404"),
        409 => crate::t!("error-409"),
        429 => crate::t!("error-429"),
        500..=599 => crate::t!("error-5xx", status = status),
        _ => crate::t!("error-refused", status = status, kind = error.kind.to_string()),
    };
    let mut line = what;
    if let Some(message) = error.message.as_deref().filter(|m| !m.is_empty()) {
        line.push_str(": ");
        line.push_str(&crate::secret::scrub(message));
    }
    if let Some(param) = &error.param {
        line.push_str(&format!(" [{}]", crate::t!("error-param", param = param.clone())));
    }
    line
}

fn decode_line(status: u16, content_type: &str, detail: &str) -> String {
    if (300..400).contains(&status) {
        crate::t!("error-redirect", status = status, detail = detail.to_owned())
    } else if content_type.contains("html") {
        crate::t!("error-html", status = status)
    } else {
        crate::t!(
            "error-undecodable",
            status = status,
            content_type = content_type.to_owned(),
            detail = detail.to_owned()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_error_types_parse() {
        let envelope: ErrorEnvelope =
            serde_json::from_str(r#"{"error":{"type":"temporary_session_expired","message":"x","extra":1}}"#)
                .expect("parses");
        assert_eq!(envelope.error.kind, ErrorType::Unknown("temporary_session_expired".into()));
    }

    #[test]
    fn lines_are_one_line_and_name_the_cause() {
        let error = Error::Api {
            status: 401,
            error: Box::new(ApiError::new(
                ErrorType::InvalidRequestError,
                "Invalid API Key provided: sk_test_****1234",
            )),
            request_id: None,
        };
        crate::i18n::set_thread(crate::i18n::Lang::En);
        let line = error.to_string();
        assert!(line.starts_with("the API key was refused (401)"), "{line}");
        assert!(!line.contains('\n'));
        let html = Error::Decode { status: 200, content_type: "text/html".into(), detail: "x".into() };
        assert!(html.to_string().contains("HTML page"));
    }
}
