//! What generated catalog types have in common, so the envelope, HTTP and
//! SSE code works with any catalog's error type.

use std::fmt;

use serde_json::value::RawValue;

use crate::{EnvelopeError, ErrorBody, RetryPolicy};

/// An error type generated from a catalog (like [`crate::HaspError`]).
///
/// Envelopes, HTTP responses and SSE events are built from these methods
/// alone, so every wire detail comes from the catalog.
pub trait CatalogError: fmt::Debug + fmt::Display + Sized {
    /// Whether envelopes also carry the code at `error.details.error_code`
    /// (the catalog's `details_error_code`, on by default): where the
    /// official Anthropic SDKs read their `error_code` / `errorCode`.
    /// [`ErrorEnvelope::new`](crate::ErrorEnvelope::new) puts it there;
    /// [`to_details_json`](Self::to_details_json) never adds it (an error
    /// kept as received, such as `HaspError::Unhandled`, gives its details
    /// as received, with whatever `error_code` the server put there).
    const DETAILS_ERROR_CODE: bool = true;
    /// The wire `error.code`.
    fn code_str(&self) -> &str;
    /// The wire `error.type`.
    fn error_type_str(&self) -> &str;
    /// [`code_str`](Self::code_str) when it is one of the catalog's own
    /// `'static` strings (a known code), so envelopes need not copy it.
    fn static_code_str(&self) -> Option<&'static str> {
        None
    }
    /// [`error_type_str`](Self::error_type_str) when it is one of the
    /// catalog's own `'static` strings.
    fn static_error_type_str(&self) -> Option<&'static str> {
        None
    }
    /// The HTTP status.
    fn http_status(&self) -> u16;
    /// When a client may retry.
    fn retry_policy(&self) -> RetryPolicy;
    /// One plain-text line saying what happened.
    fn summary(&self) -> &str;
    /// The wire `error.param`.
    fn param(&self) -> Option<&str>;
    /// The wire `error.details`: a JSON object, serialized.
    fn to_details_json(&self) -> Option<Box<RawValue>>;
    /// The `error.details` an envelope carries: [`to_details_json`](Self::to_details_json),
    /// with the code first as `error_code` when
    /// [`DETAILS_ERROR_CODE`](Self::DETAILS_ERROR_CODE) is on. Generated
    /// errors write it in one go; the default inserts it into the text.
    fn to_wire_details_json(&self) -> Option<Box<RawValue>> {
        let details = self.to_details_json();
        if Self::DETAILS_ERROR_CODE {
            let known = self.static_code_str().is_some();
            Some(crate::envelope::with_error_code(
                details,
                self.code_str(),
                known,
            ))
        } else {
            details
        }
    }
    /// Reads the typed error out of a parsed envelope body. Unknown codes
    /// must give a value, not an error (forward compatibility).
    ///
    /// # Errors
    /// The body of a known code has another `error.type` than the
    /// catalog's, or lacks what the code requires.
    fn from_wire(body: &ErrorBody) -> Result<Self, EnvelopeError>;
}

/// A string that is not a known error code or type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNameError {
    kind: &'static str,
    input: String,
}

impl ParseNameError {
    /// `input` is not a known `kind` ("error code", "error type").
    pub fn new(kind: &'static str, input: &str) -> Self {
        ParseNameError {
            kind,
            input: truncate(input, 64),
        }
    }

    /// What was being parsed.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The rejected input (truncated to 64 characters).
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.kind, self.input)
    }
}

impl std::error::Error for ParseNameError {}

/// Implements `Display`, `FromStr` and serde as the wire name for a
/// generated enum with `as_str` and `from_wire`.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_wire_name {
    ($ty:ident, $kind:literal) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::hasp_errors::ParseNameError;

            fn from_str(s: &str) -> ::std::result::Result<Self, ::hasp_errors::ParseNameError> {
                $ty::from_wire(s).ok_or_else(|| ::hasp_errors::ParseNameError::new($kind, s))
            }
        }

        impl ::hasp_errors::__private::serde::Serialize for $ty {
            fn serialize<S: ::hasp_errors::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::hasp_errors::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::hasp_errors::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::hasp_errors::__private::deserialize_wire_name(deserializer, $kind, $ty::from_wire)
            }
        }
    };
}

/// Support for generated code; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::tables::{CodeInfo, NameIndex, TypeInfo};
    pub use crate::values::integer;
    pub use serde;
    pub use serde_json;
    pub use serde_json::value::RawValue;

    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    /// Serializes a details struct into JSON text (details structs
    /// serialize into objects and cannot fail).
    pub fn to_raw<T: serde::Serialize>(
        value: &T,
        error_code: Option<&str>,
    ) -> Option<Box<serde_json::value::RawValue>> {
        #[derive(serde::Serialize)]
        struct WithCode<'a, T> {
            error_code: &'a str,
            #[serde(flatten)]
            details: &'a T,
        }
        match error_code {
            None => serde_json::value::to_raw_value(value).ok(),
            Some(code) => serde_json::value::to_raw_value(&WithCode {
                error_code: code,
                details: value,
            })
            .ok(),
        }
    }

    /// The details of a code without details fields: `{"error_code": CODE}`
    /// when asked for, else none.
    pub fn code_only(error_code: Option<&str>) -> Option<Box<serde_json::value::RawValue>> {
        #[derive(serde::Serialize)]
        struct OnlyCode<'a> {
            error_code: &'a str,
        }
        serde_json::value::to_raw_value(&OnlyCode {
            error_code: error_code?,
        })
        .ok()
    }

    /// An unknown code's details as received, with `error_code` added
    /// first when asked for and not there already.
    pub fn unhandled_details(
        unhandled: &crate::Unhandled,
        error_code: Option<&str>,
    ) -> Option<Box<serde_json::value::RawValue>> {
        let details = unhandled.body().details().map(ToOwned::to_owned);
        match error_code {
            None => details,
            Some(code) => Some(crate::envelope::with_error_code(details, code, false)),
        }
    }

    /// Deserializes a wire name with `from_wire`.
    pub fn deserialize_wire_name<'de, D, T>(
        deserializer: D,
        kind: &'static str,
        from_wire: fn(&str) -> Option<T>,
    ) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        struct V<T> {
            kind: &'static str,
            from_wire: fn(&str) -> Option<T>,
        }
        impl<T> Visitor<'_> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a known {}", self.kind)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
                (self.from_wire)(s)
                    .ok_or_else(|| E::custom(crate::ParseNameError::new(self.kind, s)))
            }
        }
        deserializer.deserialize_str(V { kind, from_wire })
    }
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
