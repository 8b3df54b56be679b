//! axum responses for catalog errors (feature `axum`).
//!
//! A catalog error alone cannot be a response: the envelope also needs a
//! human-readable message and the request id. [`ErrorResponse`] carries the
//! three and implements [`IntoResponse`]:
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

use axum::body::Body;
use axum::response::{IntoResponse, Response};

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
