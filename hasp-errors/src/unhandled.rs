//! Errors whose code this version of the crate does not know.

use serde_json::{Map, Value};

use crate::{ErrorBody, RetryPolicy};

/// An error with a code this crate does not know (a newer server's),
/// keeping everything the server sent about it.
///
/// Found in the deprecated `HaspError::Unhandled` variant; read it through
/// `HaspError`'s methods (`code_str`, `param`, ...) rather than matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhandled {
    code: String,
    error_type: String,
    message: String,
    param: Option<String>,
    details: Option<Map<String, Value>>,
    retryable: bool,
    http_status: Option<u16>,
}

impl Unhandled {
    /// Keeps what a parsed body says.
    pub fn from_body(body: &ErrorBody) -> Self {
        Unhandled {
            code: body.code().to_owned(),
            error_type: body.error_type().to_owned(),
            message: body.message().to_owned(),
            param: body.param().map(str::to_owned),
            details: body.details().cloned(),
            retryable: body.retryable(),
            http_status: None,
        }
    }

    /// Records the HTTP status the error arrived with.
    #[must_use]
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// The wire `error.code`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The wire `error.type`.
    pub fn error_type(&self) -> &str {
        &self.error_type
    }

    /// The wire `error.message`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The wire `error.param`.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    /// The wire `error.details`.
    pub fn details(&self) -> Option<&Map<String, Value>> {
        self.details.as_ref()
    }

    /// The wire `error.retryable`.
    pub fn retryable(&self) -> bool {
        self.retryable
    }

    /// The retry policy the wire flag implies.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::from_retryable(self.retryable)
    }

    /// The HTTP status it arrived with, if known.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }
}
