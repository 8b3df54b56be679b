//! axum responses for catalog errors (feature `axum`).
//!
//! The envelope needs a human-readable message and the request id besides
//! the error. [`ErrorResponse`] carries the three and implements
//! [`IntoResponse`]:
//!
//! ```
//! use axum::response::IntoResponse;
//! use hasp_errors::HaspError;
//! use hasp_errors::axum::ErrorResponse;
//!
//! async fn handler() -> Result<String, ErrorResponse> {
//!     Err(ErrorResponse::new(HaspError::InvalidApiKey, "Unknown API key.", "req_42"))
//! }
//!
//! let response = ErrorResponse::new(HaspError::InvalidApiKey, "Unknown API key.", "req_42")
//!     .into_response();
//! assert_eq!(response.status(), 401);
//! assert_eq!(response.headers()["x-should-retry"], "false");
//! ```
//!
//! A handler may also return a bare [`HaspError`] (it implements
//! [`IntoResponse`] too, with the code's summary as the message). The
//! request id is then the one the [`request_ids`] middleware minted for the
//! request, so the body, the `request-id` header and the server's own logs
//! (through the [`RequestId`] request extension) agree:
//!
//! ```
//! use axum::{Router, middleware, routing::post};
//! use hasp_errors::HaspError;
//!
//! async fn messages() -> Result<String, HaspError> {
//!     Err(HaspError::InvalidApiKey)
//! }
//!
//! let app: Router = Router::new()
//!     .route("/v1/messages", post(messages))
//!     .layer(middleware::from_fn(hasp_errors::axum::request_ids));
//! ```
//!
//! Without the middleware a bare error still gets a complete envelope, with a
//! request id generated for it alone.
//!
//! The request id is always the server's ([`RequestId::generate`]): a
//! `request-id` or `x-request-id` sent by the client is never adopted, so a
//! client cannot put ids of its choosing into the server's logs or
//! responses. A usable client id (the first `request-id`, else
//! `x-request-id`, of 1 to 128 visible ASCII characters, no spaces or
//! control characters) is kept apart as a [`ClientRequestId`] request
//! extension, for logs to correlate, and echoed in the
//! [`X_CLIENT_REQUEST_ID`] response header; unusable ones are neither kept
//! nor echoed.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::REQUEST_ID;
use crate::{CatalogError, HaspError};

/// The `x-client-request-id` response header: the request id the client
/// sent, echoed by [`request_ids`] when usable (see [`ClientRequestId`]).
pub const X_CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-client-request-id");

/// A catalog error with the message and request id of its response; see
/// [`crate::http`] for the status and headers it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse<E = HaspError> {
    error: E,
    message: String,
    request_id: String,
    max_auto_retry_seconds: u64,
}

impl<E: CatalogError> ErrorResponse<E> {
    /// The response for `error`, with a human-readable message and the
    /// request id.
    pub fn new(error: E, message: impl Into<String>, request_id: impl Into<String>) -> Self {
        ErrorResponse {
            error,
            message: message.into(),
            request_id: request_id.into(),
            max_auto_retry_seconds: crate::http::DEFAULT_MAX_AUTO_RETRY_SECONDS,
        }
    }

    /// The response for `error` with its catalog summary as the message.
    pub fn from_summary(error: E, request_id: impl Into<String>) -> Self {
        let message = error.summary().to_owned();
        Self::new(error, message, request_id)
    }

    /// Sets the longest `retry-after` sent with `x-should-retry: true`
    /// (default [`crate::http::DEFAULT_MAX_AUTO_RETRY_SECONDS`]).
    #[must_use]
    pub fn with_max_auto_retry_seconds(mut self, seconds: u64) -> Self {
        self.max_auto_retry_seconds = seconds;
        self
    }

    /// The error.
    pub fn error(&self) -> &E {
        &self.error
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The error back.
    pub fn into_error(self) -> E {
        self.error
    }
}

impl<E: CatalogError> IntoResponse for ErrorResponse<E> {
    fn into_response(self) -> Response {
        crate::http::into_response(crate::http::parts_with_limit(
            &self.error,
            &self.message,
            &self.request_id,
            self.max_auto_retry_seconds,
        ))
        .map(Body::from)
    }
}

/// The request id of the request being served, minted by the server: in
/// the request's extensions (put there by [`request_ids`]), extract it with
/// `Extension<RequestId>`. Its [`Display`](fmt::Display) is the id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh id: `req_` and 44 lowercase hex digits,
    ///
    /// * 12: the Unix time in milliseconds (48 bits), so ids sort by the
    ///   time they were made (as far as the wall clock does);
    /// * 16: 64 bits that are random per process (from the OS-seeded keys
    ///   of std's [`RandomState`], mixed with the process id so forked
    ///   children differ);
    /// * 16: a process-wide 64-bit counter (from a random start), which
    ///   never repeats in a process.
    ///
    /// So two ids from one process never collide, and ids from different
    /// processes or restarts only when they are made in the same
    /// millisecond with the same 128 random-and-counter bits. Ids are
    /// unique, not secret: do not use them as tokens.
    pub fn generate() -> RequestId {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        static KEYS: OnceLock<RandomState> = OnceLock::new();
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let keys = KEYS.get_or_init(RandomState::new);
        let pid = std::process::id();
        let random = keys.hash_one(("process", pid));
        let start = keys.hash_one(("counter", pid));
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        RequestId(
            format!(
                "req_{:012x}{random:016x}{:016x}",
                millis & 0xffff_ffff_ffff,
                count.wrapping_add(start),
            )
            .into(),
        )
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The request id the client sent in `request-id` (or `x-request-id`),
/// when usable: 1 to 128 visible ASCII characters (`!` to `~`). Put in the
/// request's extensions by [`request_ids`] (extract it with
/// `Option<Extension<ClientRequestId>>`) and echoed in
/// [`X_CLIENT_REQUEST_ID`]; never used as the [`RequestId`]. Its
/// [`Display`](fmt::Display) is the id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientRequestId(Arc<str>);

impl ClientRequestId {
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn from_headers(headers: &HeaderMap) -> Option<ClientRequestId> {
        ["request-id", "x-request-id"].iter().find_map(|name| {
            let value = headers.get(*name)?.as_bytes();
            let usable = (1..=128).contains(&value.len()) && value.iter().all(u8::is_ascii_graphic);
            usable.then(|| ClientRequestId(String::from_utf8_lossy(value).into()))
        })
    }
}

impl fmt::Display for ClientRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A bare error in a response's extensions, waiting for [`request_ids`] to
/// give it the request's id.
#[derive(Clone)]
struct Pending(HaspError);

impl IntoResponse for HaspError {
    /// The response for this error with the code's summary as the message
    /// and a generated request id, which the [`request_ids`] middleware
    /// replaces by the request's.
    fn into_response(self) -> Response {
        let mut response =
            ErrorResponse::from_summary(self.clone(), RequestId::generate().as_str())
                .into_response();
        response.extensions_mut().insert(Pending(self));
        response
    }
}

/// Middleware (for [`axum::middleware::from_fn`]) that gives every request
/// a server-minted [`RequestId`] (kept if an outer `request_ids` already
/// did) and the client's usable id as a [`ClientRequestId`]. It puts them
/// in the request's extensions, renders bare [`HaspError`] responses with
/// the request id, sets the `request-id` response header where a handler
/// did not, and echoes the client's id in [`X_CLIENT_REQUEST_ID`]. Add it
/// as an outer layer, so the responses it sees are the handlers'.
pub async fn request_ids(mut request: Request, next: Next) -> Response {
    let id = match request.extensions().get::<RequestId>() {
        Some(id) => id.clone(),
        None => {
            let id = RequestId::generate();
            request.extensions_mut().insert(id.clone());
            id
        }
    };
    let client = match request.extensions().get::<ClientRequestId>() {
        Some(client) => Some(client.clone()),
        None => {
            let client = ClientRequestId::from_headers(request.headers());
            if let Some(client) = &client {
                request.extensions_mut().insert(client.clone());
            }
            client
        }
    };
    let mut response = next.run(request).await;
    if let Some(Pending(error)) = response.extensions_mut().remove::<Pending>() {
        response = ErrorResponse::from_summary(error, id.as_str()).into_response();
    }
    if !response.headers().contains_key(REQUEST_ID)
        && let Ok(value) = HeaderValue::from_str(id.as_str())
    {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    if let Some(client) = client
        && !response.headers().contains_key(X_CLIENT_REQUEST_ID)
        && let Ok(value) = HeaderValue::from_str(client.as_str())
    {
        response.headers_mut().insert(X_CLIENT_REQUEST_ID, value);
    }
    response
}
