//! The JSON error envelope, built by servers and parsed (as untrusted
//! input) by clients.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::catalog::truncate;
use crate::{CatalogError, HaspError};

/// Largest envelope [`ErrorEnvelope::from_slice`] accepts, in bytes.
pub const MAX_ENVELOPE_BYTES: usize = 1024 * 1024;

/// A HASP error response body:
///
/// ```json
/// {"error": {"type": "...", "code": "...", "message": "...", "param": null,
///            "details": null, "retryable": false, "request_id": "req_..."},
///  "meta": {"request_id": "req_..."}}
/// ```
///
/// The request id is stored once and written to both places, so the two can
/// never differ. Fields this crate does not know (in the envelope, `error`
/// or `meta`) are kept and written back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEnvelope {
    error: ErrorBody,
    meta_extra: Map<String, Value>,
    extra: Map<String, Value>,
}

/// The `error` object of an envelope, as sent: codes and types are kept as
/// strings so that ones this crate does not know survive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    error_type: String,
    code: String,
    message: String,
    param: Option<String>,
    details: Option<Map<String, Value>>,
    retryable: bool,
    request_id: String,
    extra: Map<String, Value>,
}

/// Why an envelope could not be parsed or read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The input is larger than the limit.
    TooLarge {
        /// The input's size in bytes.
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
    /// `error.request_id` and `meta.request_id` differ.
    RequestIdMismatch {
        /// `error.request_id`.
        error: String,
        /// `meta.request_id`.
        meta: String,
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
            EnvelopeError::RequestIdMismatch { error, meta } => write!(
                f,
                "error envelope has two request ids: error.request_id {error:?}, meta.request_id {meta:?}"
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

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn take_object(
    map: &mut Map<String, Value>,
    key: &str,
    field: &'static str,
) -> Result<Option<Map<String, Value>>, EnvelopeError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(other) => Err(EnvelopeError::WrongType {
            field,
            expected: "an object",
            found: json_kind(&other),
        }),
    }
}

fn take_string(
    map: &mut Map<String, Value>,
    key: &str,
    field: &'static str,
) -> Result<Option<String>, EnvelopeError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(EnvelopeError::WrongType {
            field,
            expected: "a string",
            found: json_kind(&other),
        }),
    }
}

fn required<T>(v: Option<T>, field: &'static str) -> Result<T, EnvelopeError> {
    v.ok_or(EnvelopeError::MissingField { field })
}

impl ErrorEnvelope {
    /// The envelope for `error`, with a human-readable message and the
    /// request id (written to both `error.request_id` and
    /// `meta.request_id`).
    pub fn new<E: CatalogError>(
        error: &E,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        ErrorEnvelope {
            error: ErrorBody {
                error_type: error.error_type_str().to_owned(),
                code: error.code_str().to_owned(),
                message: message.into(),
                param: error.param().map(str::to_owned),
                details: error.details(),
                retryable: error.retry_policy().is_retryable(),
                request_id: request_id.into(),
                extra: Map::new(),
            },
            meta_extra: Map::new(),
            extra: Map::new(),
        }
    }

    /// Parses an envelope from untrusted bytes (at most
    /// [`MAX_ENVELOPE_BYTES`]). Unknown codes, types and extra fields are
    /// accepted and kept.
    ///
    /// # Errors
    /// Oversized input, invalid JSON, missing required fields, values of the
    /// wrong JSON type, or two different request ids.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        Self::from_slice_with_limit(bytes, MAX_ENVELOPE_BYTES)
    }

    /// [`from_slice`](Self::from_slice) with a caller-chosen size limit.
    ///
    /// # Errors
    /// As [`from_slice`](Self::from_slice).
    pub fn from_slice_with_limit(bytes: &[u8], limit: usize) -> Result<Self, EnvelopeError> {
        if bytes.len() > limit {
            return Err(EnvelopeError::TooLarge {
                len: bytes.len(),
                limit,
            });
        }
        // serde_json bounds recursion depth, so deep nesting is an error too.
        let value: Value = serde_json::from_slice(bytes).map_err(|e| EnvelopeError::Json {
            message: truncate(&e.to_string(), 200),
        })?;
        Self::from_value(value)
    }

    /// Reads an envelope from a parsed JSON value.
    ///
    /// # Errors
    /// As [`from_slice`](Self::from_slice), except size and syntax.
    pub fn from_value(value: Value) -> Result<Self, EnvelopeError> {
        let Value::Object(mut top) = value else {
            return Err(EnvelopeError::WrongType {
                field: "(envelope)",
                expected: "an object",
                found: json_kind(&value),
            });
        };
        let mut e = required(take_object(&mut top, "error", "error")?, "error")?;
        let mut meta = take_object(&mut top, "meta", "meta")?.unwrap_or_default();
        let error_type = required(take_string(&mut e, "type", "error.type")?, "error.type")?;
        let code = required(take_string(&mut e, "code", "error.code")?, "error.code")?;
        let message = required(
            take_string(&mut e, "message", "error.message")?,
            "error.message",
        )?;
        let param = take_string(&mut e, "param", "error.param")?;
        let details = take_object(&mut e, "details", "error.details")?;
        let retryable = match e.remove("retryable") {
            Some(Value::Bool(b)) => b,
            None | Some(Value::Null) => {
                return Err(EnvelopeError::MissingField {
                    field: "error.retryable",
                });
            }
            Some(other) => {
                return Err(EnvelopeError::WrongType {
                    field: "error.retryable",
                    expected: "a boolean",
                    found: json_kind(&other),
                });
            }
        };
        let error_id = take_string(&mut e, "request_id", "error.request_id")?;
        let meta_id = take_string(&mut meta, "request_id", "meta.request_id")?;
        let request_id = match (error_id, meta_id) {
            (Some(a), Some(b)) if a != b => {
                return Err(EnvelopeError::RequestIdMismatch {
                    error: truncate(&a, 64),
                    meta: truncate(&b, 64),
                });
            }
            (Some(id), _) | (None, Some(id)) => id,
            (None, None) => {
                return Err(EnvelopeError::MissingField {
                    field: "error.request_id",
                });
            }
        };
        Ok(ErrorEnvelope {
            error: ErrorBody {
                error_type,
                code,
                message,
                param,
                details,
                retryable,
                request_id,
                extra: e,
            },
            meta_extra: meta,
            extra: top,
        })
    }

    /// The `error` object.
    pub fn body(&self) -> &ErrorBody {
        &self.error
    }

    /// The request id (`error.request_id` and `meta.request_id`).
    pub fn request_id(&self) -> &str {
        &self.error.request_id
    }

    /// The typed error of this crate's catalog; codes it does not know give
    /// the `Unhandled` variant.
    ///
    /// # Errors
    /// A known code without the `error.param` or `error.details` it requires.
    pub fn error(&self) -> Result<HaspError, EnvelopeError> {
        self.to_error()
    }

    /// The typed error of any catalog.
    ///
    /// # Errors
    /// As [`error`](Self::error).
    pub fn to_error<E: CatalogError>(&self) -> Result<E, EnvelopeError> {
        E::from_wire(&self.error)
    }

    /// Fields of the envelope's top level this crate does not know.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    /// Fields of `meta` other than `request_id`.
    pub fn meta_extra(&self) -> &Map<String, Value> {
        &self.meta_extra
    }

    /// The envelope as compact JSON.
    pub fn to_json(&self) -> String {
        // Serializing maps of strings and JSON values cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The envelope as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
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

    /// `error.details`.
    pub fn details(&self) -> Option<&Map<String, Value>> {
        self.details.as_ref()
    }

    /// `error.retryable`.
    pub fn retryable(&self) -> bool {
        self.retryable
    }

    /// `error.request_id`.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Fields of `error` this crate does not know.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.extra
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
        let map = self.details.clone().unwrap_or_default();
        let fields = NamedFields {
            iter: map.into_iter(),
            value: None,
        };
        T::deserialize(serde::de::value::MapAccessDeserializer::new(fields)).map_err(|e| {
            EnvelopeError::Details {
                code: truncate(&self.code, 64),
                message: truncate(&e.to_string(), 200),
            }
        })
    }
}

/// The entries of `error.details`, handed to a details struct one by one so
/// that an error names the field it is about (serde_json's own does not).
struct NamedFields {
    iter: serde_json::map::IntoIter,
    value: Option<(String, Value)>,
}

impl<'de> serde::de::MapAccess<'de> for NamedFields {
    type Error = serde_json::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        use serde::de::IntoDeserializer;
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        let name = key.clone();
        self.value = Some((key, value));
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::Error;
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| serde_json::Error::custom("a value without a key"))?;
        seed.deserialize(value).map_err(|e| {
            serde_json::Error::custom(format_args!("field `{}`: {e}", truncate(&key, 64)))
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

impl Serialize for ErrorBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(7 + self.extra.len()))?;
        map.serialize_entry("type", &self.error_type)?;
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("param", &self.param)?;
        map.serialize_entry("details", &self.details)?;
        map.serialize_entry("retryable", &self.retryable)?;
        map.serialize_entry("request_id", &self.request_id)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

struct Meta<'a>(&'a str, &'a Map<String, Value>);

impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + self.1.len()))?;
        map.serialize_entry("request_id", self.0)?;
        for (k, v) in self.1 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Serialize for ErrorEnvelope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2 + self.extra.len()))?;
        map.serialize_entry("error", &self.error)?;
        map.serialize_entry("meta", &Meta(&self.error.request_id, &self.meta_extra))?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorEnvelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        ErrorEnvelope::from_value(value).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for ErrorEnvelope {
    type Err = EnvelopeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ErrorEnvelope::from_slice(s.as_bytes())
    }
}
