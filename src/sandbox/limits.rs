//! The sandbox's size limits (URL, headers, body) and Stripe's error JSON for every refusal, hyper's own too.
//! Owns the size checks and the connection wrapper; must not read a request's meaning or touch the store.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::BytesMut;
use http_body_util::BodyExt;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::wire::{Failure, MAX_BODY, random_token};
use crate::stripe::error::{ApiError, ErrorEnvelope, ErrorType};

/// Longest request URL (path and query) the sandbox serves: 16 KiB. Stripe's longest legitimate
/// GET (a list with a few filters) is a few hundred bytes; long parameters belong in a POST body.
pub(crate) const MAX_URL: usize = 16 << 10;
/// Most bytes of request headers (names, values and their separators): 32 KiB.
pub(crate) const MAX_HEADER_BYTES: usize = 32 << 10;

/// How much of an oversized body is read (and dropped) before the 413 goes out: a server that
/// closes a connection with unread bytes in it resets the connection, and the client may then lose
/// the answer. Past this, the answer goes out at once and the connection is closed.
const MAX_DRAIN: usize = 16 << 20;

/// A layer before authentication: 414 for a URL over [`MAX_URL`], 431 for headers over
/// [`MAX_HEADER_BYTES`], 413 for a body over [`MAX_BODY`] (declared or read). Handlers then read a
/// body already in memory.
///
/// What hyper refuses before any layer runs (a URL over 64 KiB, a head over about 400 KiB, more
/// than 100 headers, bytes that are not HTTP) gets the same JSON from [`StripeShapedErrors`].
pub(crate) async fn check(request: Request, next: Next) -> Response {
    let url = request.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if url > MAX_URL {
        return Failure::new(
            StatusCode::URI_TOO_LONG,
            ErrorType::InvalidRequestError,
            format!(
                "The request URL is {url} bytes long; at most {MAX_URL} are accepted. Send long parameters in a \
                 POST body, or fewer of them."
            ),
        )
        .into_response();
    }
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    if headers > MAX_HEADER_BYTES {
        return Failure::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorType::InvalidRequestError,
            format!("The request headers are {headers} bytes long; at most {MAX_HEADER_BYTES} are accepted."),
        )
        .into_response();
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_DRAIN as u64) {
        return Failure::body_too_large().into_response();
    }
    let (parts, body) = request.into_parts();
    match read_body(body).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(failure) => failure.into_response(),
    }
}

/// The whole body if it is at most [`MAX_BODY`]; else a 413, after reading on up to [`MAX_DRAIN`].
async fn read_body(mut body: Body) -> Result<Bytes, Failure> {
    let mut kept = BytesMut::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Failure::invalid("The request body could not be read."))?;
        let Ok(data) = frame.into_data() else { continue };
        seen = seen.saturating_add(data.len());
        if seen <= MAX_BODY {
            kept.extend_from_slice(&data);
        } else if seen > MAX_DRAIN {
            break;
        }
    }
    if seen > MAX_BODY { Err(Failure::body_too_large()) } else { Ok(kept.freeze()) }
}

/// The sandbox's listener: a TCP listener whose connections are [`StripeShapedErrors`].
pub(crate) struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = StripeShapedErrors<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (StripeShapedErrors::new(io), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection on which hyper's own answers to requests it could not parse (a status line and an
/// empty body: 400 for bytes that are not HTTP, 414 for a URL over 64 KiB, 431 for a head over its
/// buffer or more than 100 headers) go out as Stripe's error JSON instead, like every other error
/// the sandbox sends. hyper writes such an answer as one head with `content-length: 0` and no
/// `content-type`, then closes the connection; the handlers' answers always carry a type and a
/// body, so nothing else matches.
pub(crate) struct StripeShapedErrors<S> {
    inner: S,
    /// The replacement being written, and how much of it has gone out.
    replacing: Option<(Vec<u8>, usize)>,
    /// How many bytes of hyper's answer the replacement stands for.
    claimed: usize,
}

impl<S> StripeShapedErrors<S> {
    fn new(inner: S) -> Self {
        Self { inner, replacing: None, claimed: 0 }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StripeShapedErrors<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StripeShapedErrors<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none() {
            let Some(answer) = replacement_for(buf) else {
                return Pin::new(&mut this.inner).poll_write(cx, buf);
            };
            this.replacing = Some((answer, 0));
            this.claimed = buf.len();
        }
        // hyper offers the same bytes again after a `Pending`, so the replacement resumes.
        while let Some((answer, sent)) = this.replacing.as_mut() {
            let Some(rest) = answer.get(*sent..).filter(|rest| !rest.is_empty()) else {
                this.replacing = None;
                break;
            };
            match ready!(Pin::new(&mut this.inner).poll_write(cx, rest)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => *sent += n,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        Poll::Ready(Ok(this.claimed))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Stripe's error JSON for one of hyper's bare parse-error answers, or `None` for anything else.
fn replacement_for(written: &[u8]) -> Option<Vec<u8>> {
    let mut headers = [httparse::EMPTY_HEADER; 8];
    let mut head = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(length) = head.parse(written).ok()? else {
        return None;
    };
    let named = |name: &str| head.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value);
    let bare = length == written.len() && named("content-type").is_none() && named("content-length") == Some(b"0");
    if !bare {
        return None;
    }
    let (status, message) = match head.code? {
        400 => (StatusCode::BAD_REQUEST, "The request could not be read as HTTP/1.1.".to_owned()),
        414 => {
            (StatusCode::URI_TOO_LONG, format!("The request URL is too long; at most {MAX_URL} bytes are accepted."))
        }
        431 => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "The request headers are too large; at most {MAX_HEADER_BYTES} bytes and 100 headers are accepted."
            ),
        ),
        _ => return None,
    };
    let envelope = ErrorEnvelope { error: ApiError::new(ErrorType::InvalidRequestError, message) };
    let body = serde_json::to_vec(&envelope).ok()?;
    let mut answer = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nrequest-id: req_{}\r\n\
         connection: close\r\n\r\n",
        body.len(),
        random_token(14),
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(answer: &[u8]) -> (u16, serde_json::Value) {
        let mut headers = [httparse::EMPTY_HEADER; 8];
        let mut head = httparse::Response::new(&mut headers);
        let Ok(httparse::Status::Complete(length)) = head.parse(answer) else { panic!("a whole head") };
        let body = serde_json::from_slice(&answer[length..]).expect("a JSON body");
        (head.code.unwrap_or_default(), body)
    }

    #[test]
    fn hyper_s_bare_answers_become_stripe_errors() {
        for (code, reason) in [(414, "URI Too Long"), (431, "Request Header Fields Too Large"), (400, "Bad Request")] {
            let bare =
                format!("HTTP/1.1 {code} {reason}\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 08:00:00 GMT\r\n\r\n");
            let answer = replacement_for(bare.as_bytes()).expect("replaced");
            let (status, body) = parsed(&answer);
            assert_eq!(status, code);
            assert_eq!(body["error"]["type"], "invalid_request_error", "{body}");
            assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }

    #[test]
    fn the_handlers_answers_pass_untouched() {
        let json = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert!(replacement_for(json.as_bytes()).is_none(), "a handler's answer has a type and a body");
        let head_only = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(replacement_for(head_only.as_bytes()).is_none(), "not an error");
        let cut = "HTTP/1.1 414 URI Too Long\r\ncontent-len";
        assert!(replacement_for(cut.as_bytes()).is_none(), "not a whole head");
        assert!(replacement_for(b"{\"id\":\"HTTP/1.1 414 \"}").is_none(), "a body chunk");
    }
}
