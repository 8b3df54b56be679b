//! Errors whose code this version of the crate does not know.

use crate::{ErrorBody, RetryPolicy};

/// An error with a code this crate does not know (a newer server's), or a
/// received error of a known code whose body does not match the catalog
/// (`client::ReceivedError::problem` says how), keeping everything the
/// server sent about it.
///
/// Found in the deprecated `HaspError::Unhandled` variant; read it through
/// `HaspError`'s methods (`code_str`, `param`, ...) rather than matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhandled {
    body: ErrorBody,
    http_status: Option<u16>,
}

impl Unhandled {
    /// Keeps what a parsed body says (fields this crate does not know
    /// included).
    pub fn from_body(body: &ErrorBody) -> Self {
        Unhandled {
            body: body.clone(),
            http_status: None,
        }
    }

    /// Records the HTTP status the error arrived with.
    #[must_use]
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// The `error` object as the server sent it.
    pub fn body(&self) -> &ErrorBody {
        &self.body
    }

    /// The retry policy the wire `retryable` flag implies.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::from_retryable(self.body.retryable())
    }

    /// The HTTP status it arrived with, if known.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }
}

impl std::fmt::Display for Unhandled {
    /// `NEW_CODE (type brand_new): message`, with the param when there is
    /// one, as the server sent them.
    ///
    /// ```
    /// use hasp_errors::{ErrorEnvelope, Unhandled};
    ///
    /// let envelope: ErrorEnvelope = r#"{"error": {"type": "brand_new", "code": "NEW_CODE",
    ///     "message": "Something new.", "param": "x", "retryable": true, "request_id": "req_1"},
    ///     "meta": {"request_id": "req_1"}}"#.parse()?;
    /// let unhandled = Unhandled::from_body(envelope.body());
    /// assert_eq!(unhandled.to_string(), "NEW_CODE (type brand_new): Something new. (param `x`)");
    /// # Ok::<(), hasp_errors::EnvelopeError>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = &self.body;
        write!(
            f,
            "{} (type {}): {}",
            body.code(),
            body.error_type(),
            body.message()
        )?;
        if let Some(param) = body.param() {
            write!(f, " (param `{param}`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unhandled {}
