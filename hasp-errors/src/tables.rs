//! The behaviour every generated catalog gets, written once.
//!
//! A generated file holds only what differs between catalogs: its enums,
//! one table row per type and per code ([`TypeInfo`], [`CodeInfo`]), the
//! sorted wire names, the details structs and the few `match`es that say
//! which variant carries what. The methods on top of that data (wire names,
//! statuses, retry policies, `Display`, `FromStr`, serde, [`CatalogError`])
//! come from the macros here, which the generated file invokes once per
//! enum, in the spirit of rust-postgres' `SqlState` (data) and its error
//! module (behaviour).
//!
//! [`CatalogError`]: crate::CatalogError

use crate::RetryPolicy;

/// What the catalog says about an error type: a row of a generated
/// `ErrorType::TABLE`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeInfo {
    /// The wire `error.type`.
    pub name: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What the type means (markdown).
    pub description: &'static str,
}

/// What the catalog says about an error code: a row of a generated
/// `ErrorCode::TABLE`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo<T> {
    /// The wire `error.code`.
    pub name: &'static str,
    /// Its `error.type`.
    pub error_type: T,
    /// When a client may retry.
    pub retry: RetryPolicy,
    /// One plain-text line saying what happened.
    pub summary: &'static str,
    /// What the code means (markdown).
    pub description: &'static str,
    /// Its stable anchor on the reference page (the code in lowercase).
    pub anchor: &'static str,
    /// Its documentation URL: the catalog's `docs_url`, `#` and the
    /// anchor; `None` when the catalog sets no `docs_url`.
    pub docs_url: Option<&'static str>,
}

/// The value of `name` in a table of names sorted by byte order (the
/// generated `BY_NAME` tables): a binary search, so a lookup costs
/// `O(log n)` whatever the catalog's size.
#[doc(hidden)]
pub fn find<T: Copy>(by_name: &[(&'static str, T)], name: &str) -> Option<T> {
    by_name
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| by_name[i].1)
}

/// The methods of a generated `ErrorType` enum, from its `TABLE` and
/// `BY_NAME` constants.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_error_type {
    ($ty:ident) => {
        impl $ty {
            /// The wire name, e.g. `"rate_limited"`.
            pub const fn as_str(self) -> &'static str {
                Self::TABLE[self as usize].name
            }

            /// The HTTP status every error of this type is sent with.
            pub const fn http_status(self) -> u16 {
                Self::TABLE[self as usize].status
            }

            /// What this class of error means, from the catalog (markdown).
            pub const fn description(self) -> &'static str {
                Self::TABLE[self as usize].description
            }

            /// The type with this wire name, if this crate knows it.
            pub fn from_wire(name: &str) -> ::std::option::Option<Self> {
                $crate::__private::find(Self::BY_NAME, name)
            }
        }

        $crate::__impl_wire_name!($ty, "error type");
    };
}

/// The methods of a generated `ErrorCode` enum, from its `TABLE` and
/// `BY_NAME` constants.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_error_code {
    ($ty:ident, $error_type:ident) => {
        impl $ty {
            /// The wire string, e.g. `"RATE_LIMITED"`.
            pub const fn as_str(self) -> &'static str {
                Self::TABLE[self as usize].name
            }

            /// The `error.type` this code is sent with.
            pub const fn error_type(self) -> $error_type {
                Self::TABLE[self as usize].error_type
            }

            /// The HTTP status this code is sent with.
            pub const fn http_status(self) -> u16 {
                self.error_type().http_status()
            }

            /// The wire `error.retryable` flag: whether retrying the same
            /// request may succeed without anyone acting first.
            pub const fn is_retryable(self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// When a client may retry, in more detail than
            /// [`is_retryable`](Self::is_retryable).
            pub const fn retry_policy(self) -> $crate::RetryPolicy {
                Self::TABLE[self as usize].retry
            }

            /// One plain-text line saying what happened; the default message.
            pub const fn summary(self) -> &'static str {
                Self::TABLE[self as usize].summary
            }

            /// What this code means, from the catalog (markdown).
            pub const fn description(self) -> &'static str {
                Self::TABLE[self as usize].description
            }

            /// Its stable anchor on the published reference page: the code
            /// in lowercase, e.g. `"rate_limited"`.
            pub const fn docs_anchor(self) -> &'static str {
                Self::TABLE[self as usize].anchor
            }

            /// Its documentation URL: the catalog's `docs_url`, `#` and
            /// [`docs_anchor`](Self::docs_anchor), e.g.
            /// `"https://docs.hasp.example/errors#rate_limited"`, for an SDK
            /// message, a log line or a schema description to link to;
            /// `None` when the catalog sets no `docs_url`.
            pub const fn docs_url(self) -> ::std::option::Option<&'static str> {
                Self::TABLE[self as usize].docs_url
            }

            /// The code with this wire string, if this crate knows it.
            pub fn from_wire(code: &str) -> ::std::option::Option<Self> {
                $crate::__private::find(Self::BY_NAME, code)
            }
        }

        $crate::__impl_wire_name!($ty, "error code");
    };
}

/// The methods of a generated error enum (`HaspError`), from its `known`,
/// `param`, `to_details_json` and `from_known` methods: the accessors,
/// `Display`, `std::error::Error` and [`CatalogError`](crate::CatalogError).
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_catalog_error {
    ($ty:ident, $code:ident, $error_type:ident) => {
        #[allow(deprecated)]
        impl $ty {
            /// The code, or `None` for a code this crate does not know.
            pub fn code(&self) -> ::std::option::Option<$code> {
                self.known().ok()
            }

            /// The wire code string, known or not.
            pub fn code_str(&self) -> &str {
                match self.known() {
                    Ok(code) => code.as_str(),
                    Err(unhandled) => unhandled.body().code(),
                }
            }

            /// The `error.type`, or `None` for one this crate does not know.
            pub fn error_type(&self) -> ::std::option::Option<$error_type> {
                match self.known() {
                    Ok(code) => Some(code.error_type()),
                    Err(unhandled) => $error_type::from_wire(unhandled.body().error_type()),
                }
            }

            /// The wire `error.type` string, known or not.
            pub fn error_type_str(&self) -> &str {
                match self.known() {
                    Ok(code) => code.error_type().as_str(),
                    Err(unhandled) => unhandled.body().error_type(),
                }
            }

            /// The HTTP status this error is sent with: the catalog's, or
            /// for an error this crate does not know, the status it arrived
            /// with, else its type's, else 500.
            pub fn http_status(&self) -> u16 {
                match self.known() {
                    Ok(code) => code.http_status(),
                    Err(unhandled) => unhandled
                        .http_status()
                        .or_else(|| self.error_type().map($error_type::http_status))
                        .unwrap_or(500),
                }
            }

            /// When a client may retry: the catalog's policy, or for a code
            /// this crate does not know, what the wire `retryable` flag implies.
            pub fn retry_policy(&self) -> $crate::RetryPolicy {
                match self.known() {
                    Ok(code) => code.retry_policy(),
                    Err(unhandled) => unhandled.retry_policy(),
                }
            }

            /// The wire `error.retryable` flag.
            pub fn is_retryable(&self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// The wire `error.details` as JSON text, if this error has any
            /// (without the `error_code` envelopes may add).
            pub fn to_details_json(
                &self,
            ) -> ::std::option::Option<::std::boxed::Box<$crate::__private::RawValue>> {
                self.details_json(None)
            }

            /// The catalog's one-line summary, or for a code this crate does
            /// not know, the server's message.
            pub fn summary(&self) -> &str {
                match self.known() {
                    Ok(code) => code.summary(),
                    Err(unhandled) => unhandled.body().message(),
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            /// `CODE: summary`, with the param when there is one.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: {}", self.code_str(), self.summary())?;
                if let Some(param) = self.param() {
                    write!(f, " (param `{param}`)")?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for $ty {}

        #[allow(deprecated)]
        impl $crate::CatalogError for $ty {
            const DETAILS_ERROR_CODE: bool = $code::DETAILS_ERROR_CODE;

            fn code_str(&self) -> &str {
                $ty::code_str(self)
            }

            fn error_type_str(&self) -> &str {
                $ty::error_type_str(self)
            }

            fn static_code_str(&self) -> ::std::option::Option<&'static str> {
                self.code().map($code::as_str)
            }

            fn static_error_type_str(&self) -> ::std::option::Option<&'static str> {
                self.code().map(|code| code.error_type().as_str())
            }

            fn http_status(&self) -> u16 {
                $ty::http_status(self)
            }

            fn retry_policy(&self) -> $crate::RetryPolicy {
                $ty::retry_policy(self)
            }

            fn summary(&self) -> &str {
                $ty::summary(self)
            }

            fn param(&self) -> ::std::option::Option<&str> {
                $ty::param(self)
            }

            fn to_details_json(
                &self,
            ) -> ::std::option::Option<::std::boxed::Box<$crate::__private::RawValue>> {
                $ty::to_details_json(self)
            }

            fn to_wire_details_json(
                &self,
            ) -> ::std::option::Option<::std::boxed::Box<$crate::__private::RawValue>> {
                // Written in one go: no text to assemble and check again.
                let code = $code::DETAILS_ERROR_CODE.then(|| self.code_str());
                self.details_json(code)
            }

            fn from_wire(
                body: &$crate::ErrorBody,
            ) -> ::std::result::Result<Self, $crate::EnvelopeError> {
                let Some(code) = $code::from_wire(body.code()) else {
                    return Ok($ty::Unhandled($crate::Unhandled::from_body(body)));
                };
                body.expect_type(code.error_type().as_str())?;
                $ty::from_known(code, body)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn find_is_a_binary_search_over_sorted_names() {
        let table = [("A", 1), ("AB", 2), ("B", 3), ("a", 4)];
        for (name, v) in table {
            assert_eq!(find(&table, name), Some(v));
        }
        for missing in ["", "AA", "b", "ABC", "\u{0}"] {
            assert_eq!(find(&table, missing), None);
        }
        assert_eq!(find::<u8>(&[], "A"), None);
    }
}
