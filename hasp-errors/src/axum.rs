//! axum responses for catalog errors (feature `axum`).
//!
//! # Responses
//!
//! [`ErrorResponse`] carries a catalog error, a human-readable message and
//! a request id, and implements [`IntoResponse`] with the status, headers
//! and envelope of [`crate::http`]:
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
//! A handler may also return a bare [`HaspError`]: its message is the code's
//! catalog summary and its request id is the request's [`RequestId`] when
//! the [`request_ids`] middleware serves the request, else one generated
//! for this response alone. Either way the envelope is complete and the
//! `request-id` header carries the body's id.
//!
//! # The `request_ids` middleware
//!
//! ```
//! use axum::{Extension, Router, middleware, routing::post};
//! use hasp_errors::HaspError;
//! use hasp_errors::axum::RequestId;
//!
//! async fn messages(Extension(id): Extension<RequestId>) -> Result<String, HaspError> {
//!     eprintln!("{id}: unknown key");
//!     Err(HaspError::InvalidApiKey)
//! }
//!
//! let app: Router = Router::new()
//!     .route("/v1/messages", post(messages))
//!     .layer(middleware::from_fn(hasp_errors::axum::request_ids));
//! ```
//!
//! Add it with [`Router::layer`](axum::Router::layer) (which also covers
//! the fallback) as the outermost layer that should see the request id.
//! For each request it:
//!
//! * mints a [`RequestId`] (see [`RequestId::generate`] for the format) and
//!   puts it in the request's extensions. The id is the server's: a
//!   `request-id` or `x-request-id` sent by the client is **never** adopted,
//!   so a client cannot put ids of its choosing into the server's logs or
//!   responses. If the request already has a `RequestId` (the middleware
//!   nested in itself, through nested routers), that one is kept;
//! * takes a usable client id (the first `request-id`, else `x-request-id`,
//!   of 1 to 128 visible ASCII characters, no spaces or control characters)
//!   as a [`ClientRequestId`] request extension, for logs to correlate, and
//!   echoes it in the [`X_CLIENT_REQUEST_ID`] response header (unless the
//!   response already has one). Unusable values are neither kept nor
//!   echoed;
//! * renders bare [`HaspError`]s with the request's id: while the inner
//!   service runs, [`HaspError`]'s `into_response` picks the id up from the
//!   middleware, so inner layers (compression, `map_response`, ...) see the
//!   final body and the middleware leaves it alone;
//! * fixes up catalog error responses (from [`ErrorResponse`] or a bare
//!   [`HaspError`]) as described below, and gives every other response a
//!   `request-id` header with the request's id where it has none.
//!
//! ## What the middleware changes in a catalog error response
//!
//! A catalog error response is one rendered from a catalog error (see
//! below for one an inner layer made a page or a redirect). The middleware
//! keeps the response's parts (headers,
//! several `set-cookie`s, extensions, ...) whoever set them (the handler, an
//! axum tuple, an inner layer), and changes only:
//!
//! * the **status**, back to the catalog's. axum applies a handler's
//!   `(StatusCode, error)` after the error's own `into_response`, so
//!   without this the status could say 400 while the body says
//!   `RATE_LIMITED`. Clients (the official Anthropic SDKs among them)
//!   choose the exception class from the status, and the error reference
//!   promises each code's status: the code is what the handler chose, so
//!   the status follows it. A handler that means another status means
//!   another code;
//! * the **`request-id` header**, set to the id in the body (replacing any
//!   the handler set; removed if that id is not one a client reads back
//!   whole: see [`crate::http::headers`]), so header and body always agree. For [`ErrorResponse`] the id is the
//!   handler's choice, for a bare error the request's;
//! * the **body**, only for a bare error that was rendered outside the
//!   middleware's reach (e.g. in a task the handler spawned) and so carries
//!   another id: it is re-rendered with the request's id, `content-length`
//!   (if present) is updated, and `content-encoding` is removed as the new
//!   body is not encoded.
//!
//! The other catalog-derived headers, `content-type`, `x-should-retry` and
//! `retry-after`, are the handler's when it set them (with a tuple such as
//! `([("x-should-retry", "false")], error)`): they are advice about the
//! body and about retrying that a server may tune (as [`crate::http`]
//! itself sends `x-should-retry: false` with a `retryable` body for long
//! delays), and this is what axum does with and without the middleware.
//!
//! The middleware recognises catalog error responses by a private response
//! extension that their `into_response` adds: a layer that keeps such a
//! response's extensions but replaces its body still gets the status and
//! `request-id` header set as above, unless it made the response another
//! kind: a content type that is not JSON (a page), or a redirect (a
//! redirect status with a `location`), which is left as it is.
//!
//! ## Without the middleware
//!
//! A bare error gets a complete envelope with a generated id in the body
//! and the `request-id` header. Nothing runs after the handler, so what a
//! handler sets last wins: an explicit status or `request-id` header
//! contradicting the body stays. Use the middleware, or do not set them.

use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
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

/// The error's own `Display` (its code and summary), the message and the
/// request id: `RATE_LIMITED: Rate limit exceeded. (message: "Slow
/// down.", request id req_1)`.
impl<E: CatalogError> std::fmt::Display for ErrorResponse<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (message: {:?}, request id {})",
            self.error, self.message, self.request_id
        )
    }
}

/// Its `Display` includes the catalog error's, so it has no `source`
/// (an error-chain printer would show the error twice).
impl<E: CatalogError> std::error::Error for ErrorResponse<E> {}

impl<E: CatalogError> IntoResponse for ErrorResponse<E> {
    fn into_response(self) -> Response {
        render(
            &self.error,
            &self.message,
            &self.request_id,
            self.max_auto_retry_seconds,
            None,
        )
    }
}

/// A catalog error response's facts, in its extensions, for [`request_ids`]
/// to hold the response to them whatever was changed after rendering.
#[derive(Clone)]
struct Rendered {
    /// The catalog's status for the error.
    status: StatusCode,
    /// The request id in the body.
    request_id: Arc<str>,
    /// That id as a `request-id` header, when clients read it back whole
    /// (see `http::headers`).
    request_id_header: Option<HeaderValue>,
    /// For a bare error, the error, to render again with the request's id.
    bare: Option<HaspError>,
    /// The length of the body.
    body_len: usize,
}

fn render<E: CatalogError>(
    error: &E,
    message: &str,
    request_id: &str,
    max_auto_retry_seconds: u64,
    bare: Option<HaspError>,
) -> Response {
    let (status, headers, body) =
        crate::http::parts_with_limit(error, message, request_id, max_auto_retry_seconds);
    let rendered = Rendered {
        status,
        request_id: request_id.into(),
        request_id_header: headers.get(REQUEST_ID).cloned(),
        bare,
        body_len: body.len(),
    };
    let mut response = crate::http::into_response((status, headers, body)).map(Body::from);
    response.extensions_mut().insert(rendered);
    response
}

/// The response for a bare error: its summary as the message, `request_id`.
fn render_bare(error: HaspError, request_id: &str) -> Response {
    let message = error.summary().to_owned();
    render(
        &error,
        &message,
        request_id,
        crate::http::DEFAULT_MAX_AUTO_RETRY_SECONDS,
        Some(error.clone()),
    )
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

    /// The id of the request being served by [`request_ids`] on this
    /// thread, if any.
    fn current() -> Option<RequestId> {
        CURRENT.try_with(|c| c.borrow().clone()).ok().flatten()
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

impl IntoResponse for HaspError {
    /// The response for this error with the code's summary as the message
    /// and the request id of [`request_ids`] (when it serves the request)
    /// or a generated one.
    fn into_response(self) -> Response {
        let id = RequestId::current().unwrap_or_else(RequestId::generate);
        render_bare(self, id.as_str())
    }
}

thread_local! {
    /// The request id of the request whose inner service [`request_ids`]
    /// is polling on this thread.
    static CURRENT: RefCell<Option<RequestId>> = const { RefCell::new(None) };
}

/// A future polled with [`CURRENT`] set to `id` (and put back after each
/// poll, also when it panics), like a task-local.
struct WithRequestId<F> {
    id: RequestId,
    inner: F,
}

impl<F: Future + Unpin> Future for WithRequestId<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        struct Restore(Option<RequestId>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                let _ = CURRENT.try_with(|c| c.replace(previous));
            }
        }
        let this = &mut *self;
        let id = Some(this.id.clone());
        let _restore = Restore(CURRENT.try_with(|c| c.replace(id)).ok().flatten());
        Pin::new(&mut this.inner).poll(cx)
    }
}

/// Middleware (for [`axum::middleware::from_fn`]) that gives every request
/// a server-minted [`RequestId`] and holds responses to it; see the
/// [module docs](self) for exactly what it does.
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
    let inner = pin!(next.run(request));
    let mut response = WithRequestId {
        id: id.clone(),
        inner,
    }
    .await;
    // A catalog error response that an inner layer turned into another
    // kind, keeping its extensions (a page: another content type; a
    // redirect), is left as that, as any other response.
    let rendered = response
        .extensions()
        .get::<Rendered>()
        .filter(|_| still_an_error_response(&response))
        .cloned();
    if let Some(rendered) = rendered {
        hold_to_catalog(&mut response, rendered, &id);
    } else if !response.headers().contains_key(REQUEST_ID)
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

/// Whether a response rendered from a catalog error still is one: its
/// content type (if any) is JSON (`application/json` or any `+json` type,
/// as a handler may say), and it is no redirect an inner layer made (a
/// redirect status with a `location`). A page or a redirect made of it by
/// an inner layer, keeping its extensions, is another response.
fn still_an_error_response(response: &Response) -> bool {
    let json = match response.headers().get(CONTENT_TYPE) {
        None => true,
        Some(value) => value.to_str().is_ok_and(|t| {
            let essence = t.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
                || essence
                    .rsplit_once('+')
                    .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
        }),
    };
    let redirect = response.status().is_redirection() && response.headers().contains_key(LOCATION);
    json && !redirect
}

/// The catalog's status, the body's id in `request-id`, and for a bare
/// error rendered with another id, the body again with `id`; everything
/// else in `response` is kept.
fn hold_to_catalog(response: &mut Response, mut rendered: Rendered, id: &RequestId) {
    *response.status_mut() = rendered.status;
    if let Some(error) = &rendered.bare
        && *rendered.request_id != *id.as_str()
    {
        let (mut fresh, body) = render_bare(error.clone(), id.as_str()).into_parts();
        if let Some(fresh_rendered) = fresh.extensions.remove::<Rendered>() {
            rendered = fresh_rendered;
        }
        *response.body_mut() = body;
        let headers = response.headers_mut();
        if headers.contains_key(CONTENT_LENGTH) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(rendered.body_len));
        }
        headers.remove(CONTENT_ENCODING);
        response.extensions_mut().insert(rendered.clone());
    }
    match rendered.request_id_header {
        Some(value) => response.headers_mut().insert(REQUEST_ID, value),
        None => response.headers_mut().remove(REQUEST_ID),
    };
}
