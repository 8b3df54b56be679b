//! The JSON error envelope, built by servers and parsed (as untrusted
//! input) by clients and proxies.

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeSeed as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::catalog::truncate;
use crate::{CatalogError, HaspError};

mod de;

pub(crate) use de::{body_from_value, too_deep};

/// Largest envelope [`ErrorEnvelope::from_slice`] accepts, in bytes.
pub const MAX_ENVELOPE_BYTES: usize = 1024 * 1024;

/// How deeply a value this crate keeps unparsed (details, unknown fields)
/// may nest: the same limit as `serde_json`'s own parser.
pub(crate) const MAX_DEPTH: usize = 128;

/// A HASP error response body:
///
/// ```json
/// {"error": {"type": "...", "code": "...", "message": "...", "param": null,
///            "details": null, "retryable": false, "request_id": "req_..."},
///  "meta": {"request_id": "req_..."}}
/// ```
///
/// The request id is stored once and written to both places, so the two can
/// never differ.
///
/// # Passing errors on unchanged
///
/// An envelope parsed from the network keeps everything it was sent: the
/// wire `type`, `code`, `message`, `param` and `retryable` as sent (never
/// recomputed from this crate's catalog), `details` as the exact JSON text
/// received (so fields this version does not know, and numbers of any size
/// or precision, come back byte for byte), and fields this crate does not
/// know in the envelope, in `error` and in `meta`, in their order, also as
/// exact JSON text. A proxy re-emits it with [`to_json`](Self::to_json) (or,
/// with the status and retry headers as received,
/// `hasp_errors::http::forward`); converting to the typed [`HaspError`] and
/// back would recompute what the catalog says instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEnvelope {
    error: ErrorBody,
    meta_extra: UnknownFields,
    extra: UnknownFields,
}

/// The `error` object of an envelope, as sent: codes and types are kept as
/// strings so that ones this crate does not know survive, and `details` as
/// the exact JSON text received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    // Known names are the catalog's `'static` strings, so the common case
    // copies nothing.
    error_type: Cow<'static, str>,
    code: Cow<'static, str>,
    message: String,
    param: Option<String>,
    details: Option<RawJson>,
    retryable: bool,
    request_id: String,
    extra: UnknownFields,
}

/// A JSON value kept as the exact text received.
#[derive(Clone)]
pub(crate) struct RawJson(Box<RawValue>);

impl RawJson {
    pub(crate) fn new(value: Box<RawValue>) -> Self {
        RawJson(value)
    }

    pub(crate) fn get(&self) -> &RawValue {
        &self.0
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

/// Fields of a JSON object this crate does not know, in the order they
/// arrived, each value kept as the exact JSON text received (so numbers of
/// any size or precision survive). A name sent twice is kept twice.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UnknownFields {
    fields: Vec<(String, RawJson)>,
}

impl UnknownFields {
    /// The value of the field `name` (the last one, if sent twice).
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.get())
    }

    /// The fields, in the order they arrived.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &RawValue)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.get()))
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The fields as a JSON object (a name sent twice keeps its last
    /// value; a value `serde_json` cannot represent, such as the number
    /// `1e400`, becomes `null`).
    pub fn to_map(&self) -> Map<String, Value> {
        self.fields
            .iter()
            .map(|(n, v)| {
                let value = serde_json::from_str(v.get().get()).unwrap_or(Value::Null);
                (n.clone(), value)
            })
            .collect()
    }

    /// Keeps one more field.
    pub(crate) fn push(&mut self, name: String, value: Box<RawValue>) {
        self.fields.push((name, RawJson(value)));
    }

    pub(crate) fn serialize_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (name, value) in &self.fields {
            map.serialize_entry(name, value.get())?;
        }
        Ok(())
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.fields.iter().map(|(n, v)| (n, v)))
            .finish()
    }
}

/// Why an envelope could not be parsed or read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The input is larger than the limit, or would be once written out
    /// (see [`ErrorEnvelope::from_slice`]).
    TooLarge {
        /// The input's size in bytes, or, when the input fits but the
        /// envelope written out would not, the size written out.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The input is not JSON (or nests too deeply).
    Json {
        /// What the JSON parser said, with line and column.
        message: String,
    },
    /// A value has the wrong JSON type.
    WrongType {
        /// Where, e.g. `error.retryable`.
        field: &'static str,
        /// The JSON type expected.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// A required field is missing.
    MissingField {
        /// Which, e.g. `error.code`.
        field: &'static str,
    },
    /// A field of the envelope appears twice, so which one counts is
    /// ambiguous.
    DuplicateField {
        /// Which, e.g. `error.code`.
        field: &'static str,
    },
    /// `error.request_id` and `meta.request_id` differ.
    RequestIdMismatch {
        /// `error.request_id`.
        error: String,
        /// `meta.request_id`.
        meta: String,
    },
    /// A known code arrived under an `error.type` the catalog does not give
    /// it.
    TypeMismatch {
        /// The code.
        code: String,
        /// The catalog's type for it.
        expected: &'static str,
        /// The type received.
        found: String,
    },
    /// A known code that the catalog says is retryable arrived with
    /// `retryable: false` (a typed error would say retry, and be sent on
    /// saying it). The other way round is accepted: a later catalog may
    /// make a code retryable (a compatible change), and the typed error
    /// then only retries less than the server allows.
    RetryableMismatch {
        /// The code.
        code: String,
        /// The catalog's flag for it (`true`).
        expected: bool,
    },
    /// A known code arrived without the `error.param` it requires.
    MissingParam {
        /// The code.
        code: String,
    },
    /// A known code's `error.details` do not have the shape the catalog
    /// gives it.
    Details {
        /// The code.
        code: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::TooLarge { len, limit } => {
                write!(f, "error envelope too large: {len} bytes (limit {limit})")
            }
            EnvelopeError::Json { message } => {
                write!(f, "error envelope is not valid JSON: {message}")
            }
            EnvelopeError::WrongType {
                field: "(envelope)",
                expected,
                found,
            } => write!(f, "error envelope must be {expected}, found {found}"),
            EnvelopeError::WrongType {
                field,
                expected,
                found,
            } => {
                write!(
                    f,
                    "error envelope field `{field}` must be {expected}, found {found}"
                )
            }
            EnvelopeError::MissingField { field } => {
                write!(f, "error envelope lacks required field `{field}`")
            }
            EnvelopeError::DuplicateField { field } => {
                write!(f, "error envelope has field `{field}` twice")
            }
            EnvelopeError::RequestIdMismatch { error, meta } => write!(
                f,
                "error envelope has two request ids: error.request_id {error:?}, meta.request_id {meta:?}"
            ),
            EnvelopeError::TypeMismatch {
                code,
                expected,
                found,
            } => write!(
                f,
                "error {code} arrived with type {found:?}, but the catalog gives it type {expected:?}"
            ),
            EnvelopeError::RetryableMismatch { code, expected } => write!(
                f,
                "error {code} arrived with `retryable: {}`, but the catalog gives it `retryable: {expected}`",
                !expected
            ),
            EnvelopeError::MissingParam { code } => {
                write!(f, "error {code} requires `error.param`, which is missing")
            }
            EnvelopeError::Details { code, message } => {
                write!(f, "error {code} has malformed `error.details`: {message}")
            }
        }
    }
}

impl std::error::Error for EnvelopeError {}

impl ErrorEnvelope {
    /// The envelope for `error`, with a human-readable message and the
    /// request id (written to both `error.request_id` and
    /// `meta.request_id`).
    ///
    /// When the catalog's `details_error_code` is on (the default,
    /// [`CatalogError::DETAILS_ERROR_CODE`]), `error.details` also carries
    /// the code as `error_code`, its first field, so that the official
    /// Anthropic SDKs' `error_code` / `errorCode` is the HASP code: a code
    /// without details fields gets `{"error_code": "CODE"}` instead of
    /// `null`. An `Unhandled` error's details that already have an
    /// `error_code` naming this code are kept as they are; one naming
    /// another code is replaced, the other members kept as sent. Every
    /// response, stream event and axum error is built here, so they all
    /// carry it.
    #[must_use]
    pub fn new<E: CatalogError>(
        error: &E,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        let code = error
            .static_code_str()
            .map_or_else(|| Cow::Owned(error.code_str().to_owned()), Cow::Borrowed);
        let details = error.to_wire_details_json();
        ErrorEnvelope {
            error: ErrorBody {
                error_type: error.static_error_type_str().map_or_else(
                    || Cow::Owned(error.error_type_str().to_owned()),
                    Cow::Borrowed,
                ),
                code,
                message: message.into(),
                param: error.param().map(str::to_owned),
                details: details.map(RawJson),
                retryable: error.retry_policy().is_retryable(),
                request_id: request_id.into(),
                extra: UnknownFields::default(),
            },
            meta_extra: UnknownFields::default(),
            extra: UnknownFields::default(),
        }
    }

    /// Parses an envelope from untrusted bytes (at most
    /// [`MAX_ENVELOPE_BYTES`]). Unknown codes, types and extra fields are
    /// accepted and kept.
    ///
    /// Every envelope read within the limit can be written out
    /// ([`to_json`](Self::to_json), which a proxy passing it on sends) and
    /// read back within it: writing adds the request id where only one of
    /// `error` and `meta` had it, and `null` for an absent `param` or
    /// `details`, so input that would grow past the limit is refused too.
    ///
    /// # Errors
    /// Oversized input (or input that would be oversized written out),
    /// invalid JSON (or values nested more than 128 deep), missing
    /// required fields, values of the wrong JSON type, a known field sent
    /// twice, or two different request ids.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Self::from_slice_with_limit(bytes, MAX_ENVELOPE_BYTES)
    }

    /// [`from_slice`](Self::from_slice) with a caller-chosen size limit.
    ///
    /// # Errors
    /// As [`from_slice`](Self::from_slice).
    pub fn from_slice_with_limit(bytes: &[u8], limit: usize) -> Result<Self, EnvelopeError> {
        within_limit(bytes.len(), limit)?;
        let envelope = de::envelope_from_slice(bytes)?;
        envelope.written_within(bytes.len(), limit)?;
        Ok(envelope)
    }

    /// [`EnvelopeError::TooLarge`] when the envelope read from `read` bytes
    /// would be longer than `limit` written out. Writing drops whitespace
    /// and escapes no more than JSON input must, and adds at most the
    /// request id (each character escaped to at most 6 bytes) with its key,
    /// `"meta":{}`, `"param":null,` and `"details":null,`: only input
    /// that close to the limit is written out to be measured.
    fn written_within(&self, read: usize, limit: usize) -> Result<(), EnvelopeError> {
        let most = read
            .saturating_add(self.error.request_id.len().saturating_mul(6))
            .saturating_add(128);
        if most <= limit {
            return Ok(());
        }
        /// Counts the bytes written.
        struct Count(usize);
        impl std::io::Write for Count {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut count = Count(0);
        // Serializing strings and already-valid JSON text cannot fail.
        let _ = serde_json::to_writer(&mut count, self);
        within_limit(count.0, limit)
    }

    /// Reads an envelope from a parsed JSON value.
    ///
    /// # Errors
    /// As [`from_slice`](Self::from_slice), except size.
    pub fn from_value(value: &Value) -> Result<Self, EnvelopeError> {
        // Serializing a `Value` cannot fail.
        let text = serde_json::to_string(value).unwrap_or_default();
        de::envelope_from_str(&text)
    }

    /// The `error` object.
    pub fn body(&self) -> &ErrorBody {
        &self.error
    }

    /// The `error` object, taken out.
    pub fn into_body(self) -> ErrorBody {
        self.error
    }

    /// The request id (`error.request_id` and `meta.request_id`).
    pub fn request_id(&self) -> &str {
        &self.error.request_id
    }

    /// The typed error of this crate's catalog; codes it does not know give
    /// the `Unhandled` variant.
    ///
    /// # Errors
    /// A known code under another `error.type` than the catalog's, or
    /// without the `error.param` or `error.details` it requires.
    pub fn to_error(&self) -> Result<HaspError, EnvelopeError> {
        HaspError::from_wire(&self.error)
    }

    /// The typed error of any catalog.
    ///
    /// # Errors
    /// As [`to_error`](Self::to_error).
    pub fn to_catalog_error<E: CatalogError>(&self) -> Result<E, EnvelopeError> {
        E::from_wire(&self.error)
    }

    /// Fields of the envelope's top level this crate does not know.
    pub fn extra(&self) -> &UnknownFields {
        &self.extra
    }

    /// Fields of `meta` other than `request_id`.
    pub fn meta_extra(&self) -> &UnknownFields {
        &self.meta_extra
    }

    /// The envelope as compact JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serializing strings and already-valid JSON text cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The envelope as a JSON value. A kept value that `serde_json` cannot
    /// represent (such as a number like `1e400`) becomes `null`;
    /// [`to_json`](Self::to_json) keeps it exactly.
    pub fn to_value(&self) -> Value {
        serde_json::from_str(&self.to_json()).unwrap_or_else(|_| {
            let mut meta = self.meta_extra.to_map();
            meta.insert(
                "request_id".to_owned(),
                self.error.request_id.clone().into(),
            );
            let mut top = self.extra.to_map();
            top.insert("error".to_owned(), self.error.to_value());
            top.insert("meta".to_owned(), Value::Object(meta));
            Value::Object(top)
        })
    }
}

/// The name of the `error.details` field that repeats the code (see
/// [`ErrorEnvelope::new`]).
pub(crate) const ERROR_CODE_FIELD: &str = "error_code";

/// `details` (a JSON object, or none) with `"error_code": code` as its first
/// field, unless they are an unknown code's (`!known`) and have it already
/// (an `error_code` naming another code is replaced: it repeats `error.code`
/// in every error this crate writes).
pub(crate) fn with_error_code(
    details: Option<Box<RawValue>>,
    code: &str,
    known: bool,
) -> Box<RawValue> {
    let others;
    let sent = match &details {
        Some(d) if !known => field_values(d.get(), ERROR_CODE_FIELD),
        _ => Vec::new(),
    };
    let rest = match &details {
        None => "}",
        Some(d) if !sent.is_empty() => {
            let this_code =
                |v: &&RawValue| serde_json::from_str::<String>(v.get()).is_ok_and(|c| c == code);
            if sent.iter().all(this_code) {
                return details.unwrap_or_default();
            }
            match de::members_without(d.get(), ERROR_CODE_FIELD) {
                Some(members) if !members.is_empty() => {
                    others = format!("{members}}}");
                    &others
                }
                _ => "}",
            }
        }
        Some(d) => {
            // An object: what follows its `{`, or `}` alone when it is empty.
            let inner = d.get().trim_start().strip_prefix('{').unwrap_or("}");
            if inner.trim_start().starts_with('}') {
                "}"
            } else {
                inner
            }
        }
    };
    let plain = code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let quoted = if plain {
        // Catalog codes are SCREAMING_SNAKE_CASE: nothing to escape.
        None
    } else {
        Some(serde_json::to_string(code).unwrap_or_default())
    };
    let comma = usize::from(rest != "}");
    let code_len = quoted.as_ref().map_or(code.len() + 2, String::len);
    // The exact length, so the text becomes the `RawValue` without another
    // allocation or copy.
    let mut text = String::with_capacity(14 + code_len + comma + rest.len());
    text.push_str("{\"error_code\":");
    match &quoted {
        Some(q) => text.push_str(q),
        None => {
            text.push('"');
            text.push_str(code);
            text.push('"');
        }
    }
    if comma == 1 {
        text.push(',');
    }
    text.push_str(rest);
    debug_assert_eq!(text.len(), text.capacity());
    match RawValue::from_string(text) {
        Ok(raw) => raw,
        // Not reached: the details were an object.
        Err(_) => details.unwrap_or_default(),
    }
}

impl ErrorBody {
    /// `error.type`, as sent.
    pub fn error_type(&self) -> &str {
        &self.error_type
    }

    /// `error.code`, as sent.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// `error.message`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `error.param`.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    /// `error.details`, as the exact JSON text received (always an
    /// object).
    pub fn details(&self) -> Option<&RawValue> {
        self.details.as_ref().map(RawJson::get)
    }

    /// `error.details` as a JSON object (numbers `serde_json` cannot
    /// represent, such as `1e400`, make this `None`; [`details`](Self::details)
    /// keeps them).
    pub fn details_map(&self) -> Option<Map<String, Value>> {
        serde_json::from_str(self.details()?.get()).ok()
    }

    /// Every value of the details field `name`, as the exact JSON text
    /// sent (a field sent twice gives both, in order); empty when there is
    /// none. Only that field is read: the others are skipped unparsed, so a
    /// value `serde_json` cannot represent elsewhere (such as `1e400`) does
    /// not hide it, as it hides every field from
    /// [`details_map`](Self::details_map).
    pub(crate) fn details_values(&self, name: &str) -> Vec<&RawValue> {
        self.details()
            .map_or_else(Vec::new, |details| field_values(details.get(), name))
    }

    fn to_value(&self) -> Value {
        let mut map = self.extra.to_map();
        let details = self
            .details()
            .map(|d| serde_json::from_str(d.get()).unwrap_or(Value::Null));
        for (name, value) in [
            ("type", Value::from(&*self.error_type)),
            ("code", Value::from(&*self.code)),
            ("message", self.message.clone().into()),
            ("param", self.param.clone().into()),
            ("details", details.unwrap_or(Value::Null)),
            ("retryable", self.retryable.into()),
            ("request_id", self.request_id.clone().into()),
        ] {
            map.insert(name.to_owned(), value);
        }
        Value::Object(map)
    }

    /// `error.retryable`, as sent.
    pub fn retryable(&self) -> bool {
        self.retryable
    }

    /// `error.request_id`.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Fields of `error` this crate does not know.
    pub fn extra(&self) -> &UnknownFields {
        &self.extra
    }

    /// Checks that `error.type` is the one the catalog gives this (known)
    /// code.
    ///
    /// # Errors
    /// [`EnvelopeError::TypeMismatch`] when it is another.
    pub fn expect_type(&self, expected: &'static str) -> Result<(), EnvelopeError> {
        if self.error_type == expected {
            Ok(())
        } else {
            Err(EnvelopeError::TypeMismatch {
                code: truncate(&self.code, 64),
                expected,
                found: truncate(&self.error_type, 64),
            })
        }
    }

    /// Checks `error.retryable` does not decline a retry the catalog
    /// allows (`expected`: the catalog's flag; used by generated code).
    ///
    /// # Errors
    /// [`EnvelopeError::RetryableMismatch`] when `expected` is `true` and
    /// the flag is `false`.
    pub fn expect_retryable(&self, expected: bool) -> Result<(), EnvelopeError> {
        if self.retryable || !expected {
            Ok(())
        } else {
            Err(EnvelopeError::RetryableMismatch {
                code: truncate(&self.code, 64),
                expected,
            })
        }
    }

    /// `error.param`, required by the code.
    ///
    /// # Errors
    /// [`EnvelopeError::MissingParam`] when absent.
    pub fn required_param(&self) -> Result<String, EnvelopeError> {
        self.param
            .clone()
            .ok_or_else(|| EnvelopeError::MissingParam {
                code: truncate(&self.code, 64),
            })
    }

    /// `error.details` read as a details struct (absent details read as an
    /// empty object, so required fields are reported missing).
    ///
    /// # Errors
    /// [`EnvelopeError::Details`] saying which field is wrong.
    pub fn details_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, EnvelopeError> {
        let text = self.details().map_or("{}", RawValue::get);
        serde_json::from_str(text).map_err(|e| EnvelopeError::Details {
            code: truncate(&self.code, 64),
            message: truncate(&de::name_the_field::<T>(text).unwrap_or(e).to_string(), 200),
        })
    }
}

impl Serialize for ErrorBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(7 + self.extra.len()))?;
        map.serialize_entry("type", &self.error_type)?;
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("param", &self.param)?;
        map.serialize_entry("details", &self.details())?;
        map.serialize_entry("retryable", &self.retryable)?;
        map.serialize_entry("request_id", &self.request_id)?;
        self.extra.serialize_into(&mut map)?;
        map.end()
    }
}

struct Meta<'a>(&'a str, &'a UnknownFields);

impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + self.1.len()))?;
        map.serialize_entry("request_id", self.0)?;
        self.1.serialize_into(&mut map)?;
        map.end()
    }
}

impl Serialize for ErrorEnvelope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2 + self.extra.len()))?;
        map.serialize_entry("error", &self.error)?;
        map.serialize_entry("meta", &Meta(&self.error.request_id, &self.meta_extra))?;
        self.extra.serialize_into(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorEnvelope {
    /// Reads an envelope with `serde_json` (values this crate keeps as
    /// exact JSON text need `serde_json`'s deserializer). So it does not
    /// work inside `#[serde(untagged)]` or `#[serde(flatten)]`, which
    /// buffer the input in serde's own format first: for a "success or
    /// error" body, read the body as a `Box<RawValue>` or a `Value` there,
    /// then this type with [`ErrorEnvelope::from_slice`] (exact) or
    /// [`ErrorEnvelope::from_value`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::envelope(deserializer)
    }
}

impl std::str::FromStr for ErrorEnvelope {
    type Err = EnvelopeError;

    /// As [`ErrorEnvelope::from_slice`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        within_limit(s.len(), MAX_ENVELOPE_BYTES)?;
        let envelope = de::envelope_from_str(s)?;
        envelope.written_within(s.len(), MAX_ENVELOPE_BYTES)?;
        Ok(envelope)
    }
}

/// Every value of member `name` of the JSON object `json`, as exact JSON
/// text, in order; the other members are skipped unparsed. Empty when
/// `json` is not an object (or not JSON) or has no such member.
pub(crate) fn field_values<'a>(json: &'a str, name: &str) -> Vec<&'a RawValue> {
    let mut de = serde_json::Deserializer::from_str(json);
    de::FieldValues(name)
        .deserialize(&mut de)
        .unwrap_or_default()
}

/// [`EnvelopeError::TooLarge`] when `len` bytes exceed `limit`.
fn within_limit(len: usize, limit: usize) -> Result<(), EnvelopeError> {
    if len > limit {
        return Err(EnvelopeError::TooLarge { len, limit });
    }
    Ok(())
}
