//! Retry classification, richer than the wire's `retryable` flag.

/// When a client may retry an error. The wire `error.retryable` flag is
/// [`RetryPolicy::is_retryable`].
///
/// New kinds may be added, so matches need a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryPolicy {
    /// The same request fails the same way again: fix it instead.
    Never,
    /// Transient: retry with exponential backoff.
    Backoff,
    /// Retry after the delay in a details field (and the `Retry-After`
    /// header).
    AfterDelay {
        /// The `error.details` field holding the delay, e.g.
        /// `retry_after_seconds`.
        field: &'static str,
    },
    /// Retry only after someone acts (an admin, a raised cap) or a cycle
    /// resets; automatic retries do not help.
    AfterAction {
        /// A timestamp details field saying when a retry can work, if any
        /// (e.g. `cycle_reset_at`).
        field: Option<&'static str>,
    },
}

impl RetryPolicy {
    /// The wire `error.retryable` flag: whether repeating the same request
    /// can succeed without anyone acting first.
    pub const fn is_retryable(self) -> bool {
        matches!(self, RetryPolicy::Backoff | RetryPolicy::AfterDelay { .. })
    }

    /// The policy implied by a bare wire flag, for codes this crate does not
    /// know.
    pub const fn from_retryable(retryable: bool) -> RetryPolicy {
        if retryable {
            RetryPolicy::Backoff
        } else {
            RetryPolicy::Never
        }
    }

    /// The catalog name of this kind: `never`, `backoff`, `after_delay` or
    /// `after_action`.
    pub const fn kind(self) -> &'static str {
        match self {
            RetryPolicy::Never => "never",
            RetryPolicy::Backoff => "backoff",
            RetryPolicy::AfterDelay { .. } => "after_delay",
            RetryPolicy::AfterAction { .. } => "after_action",
        }
    }
}

impl std::fmt::Display for RetryPolicy {
    /// The policy as the catalog writes it: `never`, `backoff`,
    /// `after_delay: retry_after_seconds`, `after_action` or
    /// `after_action: cycle_reset_at`.
    ///
    /// ```
    /// use hasp_errors::{ErrorCode, RetryPolicy};
    ///
    /// assert_eq!(RetryPolicy::Backoff.to_string(), "backoff");
    /// assert_eq!(
    ///     ErrorCode::RateLimited.retry_policy().to_string(),
    ///     "after_delay: retry_after_seconds"
    /// );
    /// assert_eq!(format!("{:>8}", RetryPolicy::Never), "   never");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryPolicy::AfterDelay { field } | RetryPolicy::AfterAction { field: Some(field) } => {
                f.pad(&format!("{}: {field}", self.kind()))
            }
            _ => f.pad(self.kind()),
        }
    }
}
