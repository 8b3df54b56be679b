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
//! request id is then the one the [`request_ids`] middleware gave the
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

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::REQUEST_ID;
use crate::{CatalogError, HaspError};

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

/// The request id of the request being served, in its extensions (put
/// there by [`request_ids`]); extract it with `Extension<RequestId>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(String);

impl RequestId {
    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh id, `req_` followed by 20 hex digits from the clock and a
    /// process-wide counter: unique within a process and across restarts,
    /// not secret.
    pub fn generate() -> RequestId {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        RequestId(format!(
            "req_{:012x}{:08x}",
            nanos & 0xffff_ffff_ffff,
            count & 0xffff_ffff
        ))
    }

    /// The id a client sent in `request-id` (or `x-request-id`), if it is a
    /// usable one: 1 to 128 printable ASCII characters.
    fn from_request(request: &Request) -> Option<RequestId> {
        ["request-id", "x-request-id"].iter().find_map(|name| {
            let value = request.headers().get(*name)?.to_str().ok()?;
            let usable =
                (1..=128).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic());
            usable.then(|| RequestId(value.to_owned()))
        })
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
            ErrorResponse::from_summary(self.clone(), RequestId::generate().0).into_response();
        response.extensions_mut().insert(Pending(self));
        response
    }
}

/// Middleware (for [`axum::middleware::from_fn`]) that gives every request
/// a [`RequestId`]: the client's `request-id`/`x-request-id` when usable,
/// else a generated one. It puts it in the request's extensions, renders
/// bare [`HaspError`] responses with it, and sets the `request-id` response
/// header where a handler did not. Add it as an outer layer, so the
/// responses it sees are the handlers'.
pub async fn request_ids(mut request: Request, next: Next) -> Response {
    let id = RequestId::from_request(&request).unwrap_or_else(RequestId::generate);
    request.extensions_mut().insert(id.clone());
    let mut response = next.run(request).await;
    if let Some(Pending(error)) = response.extensions_mut().remove::<Pending>() {
        response = ErrorResponse::from_summary(error, id.0.clone()).into_response();
    }
    if !response.headers().contains_key(REQUEST_ID)
        && let Ok(value) = id.0.parse()
    {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
