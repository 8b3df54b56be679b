//! The behaviour every generated catalog gets, written once.
//!
//! A generated file holds only what differs between catalogs: its enums,
//! one table row per type and per code ([`TypeInfo`], [`CodeInfo`]), the
//! details structs and the few `match`es that say which variant carries
//! what. The methods on top of that data (wire names,
//! statuses, retry policies, `Display`, `FromStr`, serde, [`CatalogError`])
//! come from the macros here, which the generated file invokes once per
//! enum, in the spirit of rust-postgres' `SqlState` (data) and its error
//! module (behaviour). Wire names are looked up through a [`NameIndex`]
//! built here from the enum's `ALL`.
//!
//! [`CatalogError`]: crate::CatalogError

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

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

/// The values of a generated enum by wire name, for its `from_wire`: a hash
/// table built from the enum's `ALL` the first time a name is looked up,
/// so a lookup costs the same whatever the catalog's size (about 5 ns in
/// the real catalog; a binary search over its sorted names took 50 ns, a
/// tenth of parsing a whole envelope, and an envelope needs three).
#[doc(hidden)]
pub struct NameIndex<T: 'static> {
    map: OnceLock<HashMap<&'static str, T, BuildHasherDefault<NameHasher>>>,
}

impl<T: Copy + 'static> NameIndex<T> {
    /// An index not built yet.
    pub const fn new() -> Self {
        NameIndex {
            map: OnceLock::new(),
        }
    }

    /// The value whose wire name (`name_of`) is `name`, among `all`.
    pub fn find(&self, all: &'static [T], name_of: fn(T) -> &'static str, name: &str) -> Option<T> {
        self.map
            .get_or_init(|| {
                let mut map = HashMap::with_capacity_and_hasher(all.len(), Default::default());
                for &value in all {
                    map.entry(name_of(value)).or_insert(value);
                }
                map
            })
            .get(name)
            .copied()
    }
}

impl<T: Copy + 'static> Default for NameIndex<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The hash of [`NameIndex`], in the style of rustc's FxHash (a word at a
/// time, one multiply each, the high bits rotated down for the index), which
/// is several times faster than the default SipHash on short names. The
/// names in the table are fixed, so a lookup chosen by a peer cannot make
/// the table degrade.
#[doc(hidden)]
#[derive(Clone, Copy, Default)]
pub struct NameHasher(u64);

impl NameHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        // The last few bytes, packed into one word without a `memcpy`.
        let mut word = 0;
        for (i, &byte) in words.remainder().iter().enumerate() {
            word |= u64::from(byte) << (8 * i);
        }
        if !words.remainder().is_empty() {
            self.add(word);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The methods of a generated `ErrorType` enum, from its `ALL` and `TABLE`
/// constants.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_error_type {
    ($ty:ident) => {
        impl $ty {
            /// The wire name, e.g. `"rate_limited"`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                Self::TABLE[self as usize].name
            }

            /// The HTTP status every error of this type is sent with.
            #[must_use]
            pub const fn http_status(self) -> u16 {
                Self::TABLE[self as usize].status
            }

            /// What this class of error means, from the catalog (markdown).
            #[must_use]
            pub const fn description(self) -> &'static str {
                Self::TABLE[self as usize].description
            }

            /// The type with this wire name, if this crate knows it.
            pub fn from_wire(name: &str) -> ::std::option::Option<Self> {
                static INDEX: $crate::__private::NameIndex<$ty> =
                    $crate::__private::NameIndex::new();
                INDEX.find(Self::ALL, Self::as_str, name)
            }
        }

        $crate::__impl_wire_name!($ty, "error type");
    };
}

/// The methods of a generated `ErrorCode` enum, from its `ALL` and `TABLE`
/// constants.
#[doc(hidden)]
#[macro_export]
macro_rules! __impl_error_code {
    ($ty:ident, $error_type:ident) => {
        impl $ty {
            /// The wire string, e.g. `"RATE_LIMITED"`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                Self::TABLE[self as usize].name
            }

            /// The `error.type` this code is sent with.
            #[must_use]
            pub const fn error_type(self) -> $error_type {
                Self::TABLE[self as usize].error_type
            }

            /// The HTTP status this code is sent with.
            #[must_use]
            pub const fn http_status(self) -> u16 {
                self.error_type().http_status()
            }

            /// The wire `error.retryable` flag: whether retrying the same
            /// request may succeed without anyone acting first.
            #[must_use]
            pub const fn is_retryable(self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// When a client may retry, in more detail than
            /// [`is_retryable`](Self::is_retryable).
            #[must_use]
            pub const fn retry_policy(self) -> $crate::RetryPolicy {
                Self::TABLE[self as usize].retry
            }

            /// One plain-text line saying what happened; the default message.
            #[must_use]
            pub const fn summary(self) -> &'static str {
                Self::TABLE[self as usize].summary
            }

            /// What this code means, from the catalog (markdown).
            #[must_use]
            pub const fn description(self) -> &'static str {
                Self::TABLE[self as usize].description
            }

            /// Its stable anchor on the published reference page: the code
            /// in lowercase, e.g. `"rate_limited"`.
            #[must_use]
            pub const fn docs_anchor(self) -> &'static str {
                Self::TABLE[self as usize].anchor
            }

            /// Its documentation URL: the catalog's `docs_url`, `#` and
            /// [`docs_anchor`](Self::docs_anchor), e.g.
            /// `"https://docs.hasp.example/errors#rate_limited"`, for an SDK
            /// message, a log line or a schema description to link to;
            /// `None` when the catalog sets no `docs_url`.
            #[must_use]
            pub const fn docs_url(self) -> ::std::option::Option<&'static str> {
                Self::TABLE[self as usize].docs_url
            }

            /// The code with this wire string, if this crate knows it.
            pub fn from_wire(code: &str) -> ::std::option::Option<Self> {
                static INDEX: $crate::__private::NameIndex<$ty> =
                    $crate::__private::NameIndex::new();
                INDEX.find(Self::ALL, Self::as_str, code)
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
            /// The code, or `None` for an error kept in the `Unhandled`
            /// variant: a code this crate does not know (or, read by
            /// `client::ReceivedError`, a known code whose body does not
            /// match the catalog; its `code()` has the code).
            #[must_use]
            pub fn code(&self) -> ::std::option::Option<$code> {
                self.known().ok()
            }

            /// The wire code string, known or not.
            #[must_use]
            pub fn code_str(&self) -> &str {
                match self.known() {
                    Ok(code) => code.as_str(),
                    Err(unhandled) => unhandled.body().code(),
                }
            }

            /// The `error.type`, or `None` for one this crate does not know.
            #[must_use]
            pub fn error_type(&self) -> ::std::option::Option<$error_type> {
                match self.known() {
                    Ok(code) => Some(code.error_type()),
                    Err(unhandled) => $error_type::from_wire(unhandled.body().error_type()),
                }
            }

            /// The wire `error.type` string, known or not.
            #[must_use]
            pub fn error_type_str(&self) -> &str {
                match self.known() {
                    Ok(code) => code.error_type().as_str(),
                    Err(unhandled) => unhandled.body().error_type(),
                }
            }

            /// The HTTP status this error is sent with: the catalog's, or
            /// for an error this crate does not know, the status it arrived
            /// with if that is an error status (4xx or 5xx: an error read
            /// from a stream arrived with the stream's `200`), else its
            /// type's, else 500.
            #[must_use]
            pub fn http_status(&self) -> u16 {
                match self.known() {
                    Ok(code) => code.http_status(),
                    Err(unhandled) => unhandled
                        .http_status()
                        .filter(|status| (400..=599).contains(status))
                        .or_else(|| self.error_type().map($error_type::http_status))
                        .unwrap_or(500),
                }
            }

            /// When a client may retry: the catalog's policy, or for a code
            /// this crate does not know, what the wire `retryable` flag implies.
            #[must_use]
            pub fn retry_policy(&self) -> $crate::RetryPolicy {
                match self.known() {
                    Ok(code) => code.retry_policy(),
                    Err(unhandled) => unhandled.retry_policy(),
                }
            }

            /// The `error.retryable` flag this error is sent with: the
            /// catalog's (a known code read from an envelope with the other
            /// flag is not this type: see
            /// [`EnvelopeError::RetryableMismatch`]($crate::EnvelopeError::RetryableMismatch)),
            /// or for a code this crate does not know, the flag received.
            #[must_use]
            pub fn is_retryable(&self) -> bool {
                self.retry_policy().is_retryable()
            }

            /// The wire `error.details` as JSON text, if this error has any
            /// (without the `error_code` envelopes may add; an `Unhandled`
            /// error's details as received, `error_code` included if sent).
            pub fn to_details_json(
                &self,
            ) -> ::std::option::Option<::std::boxed::Box<$crate::__private::RawValue>> {
                self.details_json(None)
            }

            /// The catalog's one-line summary, or for a code this crate does
            /// not know, the server's message.
            #[must_use]
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
                body.expect_retryable(code.is_retryable())?;
                $ty::from_known(code, body)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::NameIndex;

    #[test]
    fn the_index_finds_every_name_and_nothing_else() {
        static ALL: &[(&str, u32)] = &[("A", 1), ("AB", 2), ("B", 3), ("a", 4), ("", 5)];
        let index = NameIndex::new();
        let name = |v: (&'static str, u32)| v.0;
        for &(n, v) in ALL {
            assert_eq!(index.find(ALL, name, n).map(|x| x.1), Some(v));
        }
        for missing in ["AA", "b", "ABC", "\u{0}", "A\u{0}", "Ab", "BA"] {
            assert_eq!(index.find(ALL, name, missing), None, "{missing:?}");
        }
        static NONE: &[(&str, u32)] = &[];
        assert_eq!(NameIndex::new().find(NONE, name, "A"), None);
    }

    #[test]
    fn names_that_differ_past_a_word_or_in_length_are_told_apart() {
        // Names whose bytes share words, and padding-like zeros.
        static ALL: &[&str] = &[
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGH\u{0}",
            "ABCDEFGHIJKLMNOP",
            "ABCDEFGHIJKLMNOQ",
            "\u{0}",
            "\u{0}\u{0}",
        ];
        let index = NameIndex::new();
        for &n in ALL {
            assert_eq!(index.find(ALL, |v| v, n), Some(n));
        }
        assert_eq!(index.find(ALL, |v| v, "ABCDEFG"), None);
        assert_eq!(index.find(ALL, |v| v, "\u{0}\u{0}\u{0}"), None);
    }

    #[test]
    fn ten_thousand_names_all_resolve() {
        let names: Vec<&'static str> = (0..10_000)
            .map(|i| &*Box::leak(format!("CODE_{i:05}").into_boxed_str()))
            .collect();
        let all: &'static [&'static str] = Box::leak(names.into_boxed_slice());
        let index = NameIndex::new();
        for &n in all {
            assert_eq!(index.find(all, |v| v, n), Some(n));
        }
        assert_eq!(index.find(all, |v| v, "CODE_10000"), None);
    }
}
