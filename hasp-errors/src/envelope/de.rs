//! Reading envelopes straight from JSON text, without a `serde_json::Value`
//! tree: known fields into their types, everything else kept as exact JSON
//! text. Problems are reported as typed [`EnvelopeError`]s.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{EnvelopeError, ErrorBody, ErrorEnvelope, MAX_DEPTH, RawJson, UnknownFields};
use crate::catalog::truncate;

/// Where a visitor leaves the typed error behind the `serde` error it
/// returns, so that [`envelope_from_slice`] can give the typed one.
type Slot = Cell<Option<EnvelopeError>>;

fn fail<E: de::Error>(slot: &Slot, error: EnvelopeError) -> E {
    let e = E::custom(&error);
    slot.set(Some(error));
    e
}

fn json_error(e: &serde_json::Error) -> EnvelopeError {
    EnvelopeError::Json {
        message: truncate(&e.to_string(), 200),
    }
}

/// Parses a complete envelope from JSON text.
pub(crate) fn envelope_from_slice(bytes: &[u8]) -> Result<ErrorEnvelope, EnvelopeError> {
    // Valid UTF-8 is checked once, in one pass over the whole input, and
    // then read as text (`serde_json` checks each string it reads from
    // bytes on its own, which costs more than the whole input in one go).
    // Invalid UTF-8 is read as bytes, so that the error says where.
    match std::str::from_utf8(bytes) {
        Ok(text) => envelope_from_str(text),
        Err(_) => envelope_from(serde_json::Deserializer::from_slice(bytes)),
    }
}

/// Parses a complete envelope from JSON text.
pub(crate) fn envelope_from_str(text: &str) -> Result<ErrorEnvelope, EnvelopeError> {
    envelope_from(serde_json::Deserializer::from_str(text))
}

fn envelope_from<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<ErrorEnvelope, EnvelopeError> {
    let slot = Slot::new(None);
    // Values are read into place, not moved up through every layer.
    let mut out = None;
    envelope_into(&mut de, &slot, &mut out)
        .and_then(|()| de.end())
        .map_err(|e| slot.take().unwrap_or_else(|| json_error(&e)))?;
    out.ok_or(EnvelopeError::MissingField { field: "error" })
}

/// The `Deserialize` implementation's entry point.
pub(crate) fn envelope<'de, D: Deserializer<'de>>(d: D) -> Result<ErrorEnvelope, D::Error> {
    let mut out = None;
    envelope_into(d, &Slot::new(None), &mut out)?;
    out.ok_or_else(|| de::Error::custom(EnvelopeError::MissingField { field: "error" }))
}

fn envelope_into<'de, D: Deserializer<'de>>(
    d: D,
    slot: &Slot,
    out: &mut Option<ErrorEnvelope>,
) -> Result<(), D::Error> {
    let present = d.deserialize_any(Expect {
        slot,
        field: "(envelope)",
        inner: EnvelopeFields { out },
    })?;
    if present {
        Ok(())
    } else {
        Err(fail(
            slot,
            EnvelopeError::WrongType {
                field: "(envelope)",
                expected: "an object",
                found: "null",
            },
        ))
    }
}

/// Reads the `error` object of a `run.failed` event's data, which has no
/// `meta`: `error.request_id` is required.
pub(crate) fn body_from_value(value: &RawValue) -> Result<ErrorBody, EnvelopeError> {
    let slot = Slot::new(None);
    let mut de = serde_json::Deserializer::from_str(value.get());
    let mut parts = BodyParts::default();
    let present = BodySeed {
        slot: &slot,
        out: &mut parts,
    }
    .deserialize(&mut de)
    .map_err(|e| slot.take().unwrap_or_else(|| json_error(&e)))?;
    if !present {
        return Err(EnvelopeError::MissingField { field: "error" });
    }
    parts.finish(None)
}

/// The JSON type of a value, as error messages name it.
#[derive(Clone, Copy)]
struct Kind(&'static str);

/// Accepts any JSON value, giving `Ok(true)` for an object (read by
/// `inner`), `Ok(false)` for `null`, and a [`EnvelopeError::WrongType`] for
/// anything else.
struct Expect<'a, V> {
    slot: &'a Slot,
    field: &'static str,
    inner: V,
}

/// Reads the fields of an object, given its map, into its own output.
trait ObjectFields<'de> {
    fn read<A: MapAccess<'de>>(self, slot: &Slot, map: A) -> Result<(), A::Error>;
}

impl<'de, V: ObjectFields<'de>> Expect<'_, V> {
    fn wrong<E: de::Error>(&self, found: Kind) -> E {
        fail(
            self.slot,
            EnvelopeError::WrongType {
                field: self.field,
                expected: "an object",
                found: found.0,
            },
        )
    }
}

macro_rules! reject_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(self.wrong(Kind("a boolean")))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(self.wrong(Kind("a number")))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(self.wrong(Kind("a number")))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(self.wrong(Kind("a number")))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(self.wrong(Kind("a string")))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(self.wrong(Kind("an array")))
        }
    };
}

impl<'de, V: ObjectFields<'de>> Visitor<'de> for Expect<'_, V> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` to be an object", self.field)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(false)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.read(self.slot, map).map(|()| true)
    }

    reject_scalars!();
}

fn string<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &Slot,
    field: &'static str,
) -> Result<Option<String>, A::Error> {
    Ok(borrowed_string(map, slot, field)?.map(Cow::into_owned))
}

/// A string or `null`, read with `deserialize_option` and
/// `deserialize_str` (what a derived `Option<String>` does: no dispatch on
/// the value's kind in the common case); the kind of anything else is
/// recovered from the error.
struct OptionalStr;

impl<'de> DeserializeSeed<'de> for OptionalStr {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct Str;
        impl<'de> Visitor<'de> for Str {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(s))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(s))
            }
        }
        struct Optional;
        impl<'de> Visitor<'de> for Optional {
            type Value = Option<Cow<'de, str>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_str(Str).map(Some)
            }
        }
        d.deserialize_option(Optional)
    }
}

/// A boolean or `null`, read like a derived `Option<bool>`.
struct OptionalBool;

impl<'de> DeserializeSeed<'de> for OptionalBool {
    type Value = Option<bool>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        <Option<bool> as de::Deserialize<'de>>::deserialize(d)
    }
}

/// The JSON kind a "wrong type" error of `serde` names (its `Unexpected`
/// is written as `invalid type: boolean `true`, expected ...`), so the
/// typed error can say what was found; `None` for any other error.
fn unexpected_kind(error: &impl fmt::Display) -> Option<Kind> {
    let text = error.to_string();
    let found = text.strip_prefix("invalid type: ")?;
    let kinds: [(&str, &'static str); 8] = [
        ("boolean", "a boolean"),
        ("integer", "a number"),
        ("floating point", "a number"),
        ("string", "a string"),
        ("sequence", "an array"),
        ("map", "an object"),
        ("null", "null"),
        ("unit value", "null"),
    ];
    kinds
        .iter()
        .find(|(prefix, _)| found.starts_with(prefix))
        .map(|(_, kind)| Kind(kind))
}

/// [`string`], borrowed from the input where it can be.
fn borrowed_string<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &Slot,
    field: &'static str,
) -> Result<Option<Cow<'de, str>>, A::Error> {
    map.next_value_seed(OptionalStr)
        .map_err(|e| match unexpected_kind(&e) {
            Some(found) => wrong_type(slot, field, "a string", found),
            None => e,
        })
}

fn boolean<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &Slot,
    field: &'static str,
) -> Result<Option<bool>, A::Error> {
    map.next_value_seed(OptionalBool)
        .map_err(|e| match unexpected_kind(&e) {
            Some(found) => wrong_type(slot, field, "a boolean", found),
            None => e,
        })
}

fn wrong_type<E: de::Error>(
    slot: &Slot,
    field: &'static str,
    expected: &'static str,
    found: Kind,
) -> E {
    fail(
        slot,
        EnvelopeError::WrongType {
            field,
            expected,
            found: found.0,
        },
    )
}

/// The catalog's `'static` copy of a known name, else the name itself.
fn intern(name: Cow<'_, str>, known: impl Fn(&str) -> Option<&'static str>) -> Cow<'static, str> {
    match known(&name) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(name.into_owned()),
    }
}

/// Whether JSON text nests arrays and objects more than [`MAX_DEPTH`]
/// deep (strings skipped), in one pass.
pub(crate) fn too_deep(json: &str) -> bool {
    // Each level takes an opening and a closing bracket: short text cannot
    // nest that deep (the common case costs nothing).
    if json.len() < 2 * (MAX_DEPTH + 1) {
        return false;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in json.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// A value kept as exact JSON text, with its depth bounded.
fn raw<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &Slot,
    field: &str,
) -> Result<Box<RawValue>, A::Error> {
    let value: Box<RawValue> = map.next_value()?;
    if too_deep(value.get()) {
        return Err(fail(
            slot,
            EnvelopeError::Json {
                message: truncate(&format!("recursion limit exceeded in `{field}`"), 200),
            },
        ));
    }
    Ok(value)
}

fn kind_of(json: &str) -> Kind {
    Kind(match json.as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    })
}

/// A field name: a known one without allocating, or an unknown one kept.
enum Key<K> {
    Known(K),
    Other(String),
}

/// The known names of an object's fields.
trait Names: Sized {
    fn from_name(name: &str) -> Option<Self>;
}

impl<'de, K: Names> de::Deserialize<'de> for Key<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<K>(std::marker::PhantomData<K>);
        impl<K: Names> Visitor<'_> for V<K> {
            type Value = Key<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<K>, E> {
                Ok(K::from_name(s).map_or_else(|| Key::Other(s.to_owned()), Key::Known))
            }
        }
        d.deserialize_identifier(V(std::marker::PhantomData))
    }
}

/// Fails with [`EnvelopeError::DuplicateField`] when `seen` is set, else
/// sets it.
fn once<E: de::Error>(seen: &mut bool, slot: &Slot, field: &'static str) -> Result<(), E> {
    if std::mem::replace(seen, true) {
        Err(fail(slot, EnvelopeError::DuplicateField { field }))
    } else {
        Ok(())
    }
}

// --- the envelope's top level --------------------------------------------

enum TopName {
    Error,
    Meta,
}

impl Names for TopName {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "error" => Some(TopName::Error),
            "meta" => Some(TopName::Meta),
            _ => None,
        }
    }
}

struct EnvelopeFields<'a> {
    out: &'a mut Option<ErrorEnvelope>,
}

impl<'de> ObjectFields<'de> for EnvelopeFields<'_> {
    fn read<A: MapAccess<'de>>(self, slot: &Slot, mut map: A) -> Result<(), A::Error> {
        let (mut seen_error, mut seen_meta) = (false, false);
        let mut body = BodyParts::default();
        let mut has_body = false;
        let mut meta = (None, UnknownFields::default());
        let mut extra = UnknownFields::default();
        while let Some(key) = map.next_key::<Key<TopName>>()? {
            match key {
                Key::Known(TopName::Error) => {
                    once(&mut seen_error, slot, "error")?;
                    has_body = map.next_value_seed(BodySeed {
                        slot,
                        out: &mut body,
                    })?;
                }
                Key::Known(TopName::Meta) => {
                    once(&mut seen_meta, slot, "meta")?;
                    map.next_value_seed(MetaSeed {
                        slot,
                        out: &mut meta,
                    })?;
                }
                Key::Other(name) => {
                    let value = raw(&mut map, slot, &name)?;
                    extra.fields.push((name, RawJson(value)));
                }
            }
        }
        if !has_body {
            return Err(fail(slot, EnvelopeError::MissingField { field: "error" }));
        }
        let (meta_id, meta_extra) = meta;
        *self.out = Some(ErrorEnvelope {
            error: body.finish(meta_id).map_err(|e| fail(slot, e))?,
            meta_extra,
            extra,
        });
        Ok(())
    }
}

// --- meta -------------------------------------------------------------------

/// `meta.request_id` (borrowed where it can be) and the other fields.
type MetaParts<'de> = (Option<Cow<'de, str>>, UnknownFields);

struct MetaSeed<'a, 'de> {
    slot: &'a Slot,
    out: &'a mut MetaParts<'de>,
}

struct MetaFields<'a, 'de> {
    out: &'a mut MetaParts<'de>,
}

enum MetaName {
    RequestId,
}

impl Names for MetaName {
    fn from_name(name: &str) -> Option<Self> {
        (name == "request_id").then_some(MetaName::RequestId)
    }
}

impl<'de> ObjectFields<'de> for MetaFields<'_, 'de> {
    fn read<A: MapAccess<'de>>(self, slot: &Slot, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        let (request_id, extra) = self.out;
        while let Some(key) = map.next_key::<Key<MetaName>>()? {
            match key {
                Key::Known(MetaName::RequestId) => {
                    once(&mut seen, slot, "meta.request_id")?;
                    *request_id = borrowed_string(&mut map, slot, "meta.request_id")?;
                }
                Key::Other(name) => {
                    let value = raw(&mut map, slot, &name)?;
                    extra.fields.push((name, RawJson(value)));
                }
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for MetaSeed<'_, 'de> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(Expect {
            slot: self.slot,
            field: "meta",
            inner: MetaFields { out: self.out },
        })
    }
}

// --- the error object -----------------------------------------------------

/// The fields of an `error` object as read, before the required ones are
/// checked.
#[derive(Default)]
pub(crate) struct BodyParts {
    error_type: Option<Cow<'static, str>>,
    code: Option<Cow<'static, str>>,
    message: Option<String>,
    param: Option<String>,
    details: Option<Box<RawValue>>,
    retryable: Option<bool>,
    request_id: Option<String>,
    extra: UnknownFields,
}

impl BodyParts {
    /// Checks the required fields; `meta_id` is `meta.request_id`.
    fn finish(self, meta_id: Option<Cow<'_, str>>) -> Result<ErrorBody, EnvelopeError> {
        let required = |field| EnvelopeError::MissingField { field };
        let error_type = self.error_type.ok_or(required("error.type"))?;
        let code = self.code.ok_or(required("error.code"))?;
        let message = self.message.ok_or(required("error.message"))?;
        let retryable = self.retryable.ok_or(EnvelopeError::MissingField {
            field: "error.retryable",
        })?;
        let request_id = match (self.request_id, meta_id) {
            (Some(a), Some(b)) if a != b => {
                return Err(EnvelopeError::RequestIdMismatch {
                    error: truncate(&a, 64),
                    meta: truncate(&b, 64),
                });
            }
            (Some(id), _) => id,
            (None, Some(id)) => id.into_owned(),
            (None, None) => {
                return Err(EnvelopeError::MissingField {
                    field: "error.request_id",
                });
            }
        };
        Ok(ErrorBody {
            error_type,
            code,
            message,
            param: self.param,
            details: self.details.map(RawJson),
            retryable,
            request_id,
            extra: self.extra,
        })
    }
}

enum BodyName {
    Type,
    Code,
    Message,
    Param,
    Details,
    Retryable,
    RequestId,
}

impl Names for BodyName {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "type" => BodyName::Type,
            "code" => BodyName::Code,
            "message" => BodyName::Message,
            "param" => BodyName::Param,
            "details" => BodyName::Details,
            "retryable" => BodyName::Retryable,
            "request_id" => BodyName::RequestId,
            _ => return None,
        })
    }
}

struct BodySeed<'a> {
    slot: &'a Slot,
    out: &'a mut BodyParts,
}

struct BodyFields<'a> {
    out: &'a mut BodyParts,
}

impl<'de> ObjectFields<'de> for BodyFields<'_> {
    fn read<A: MapAccess<'de>>(self, slot: &Slot, mut map: A) -> Result<(), A::Error> {
        let parts = self.out;
        let mut seen = [false; 7];
        while let Some(key) = map.next_key::<Key<BodyName>>()? {
            let name = match key {
                Key::Known(name) => name,
                Key::Other(name) => {
                    let value = raw(&mut map, slot, &name)?;
                    parts.extra.fields.push((name, RawJson(value)));
                    continue;
                }
            };
            // One dispatch per field: each arm checks the field is not
            // sent twice, then reads it.
            match name {
                BodyName::Type => {
                    let field = "error.type";
                    once(&mut seen[0], slot, field)?;
                    parts.error_type = borrowed_string(&mut map, slot, field)?
                        .map(|s| intern(s, |s| crate::ErrorType::from_wire(s).map(|t| t.as_str())));
                }
                BodyName::Code => {
                    let field = "error.code";
                    once(&mut seen[1], slot, field)?;
                    parts.code = borrowed_string(&mut map, slot, field)?
                        .map(|s| intern(s, |s| crate::ErrorCode::from_wire(s).map(|c| c.as_str())));
                }
                BodyName::Message => {
                    let field = "error.message";
                    once(&mut seen[2], slot, field)?;
                    parts.message = string(&mut map, slot, field)?;
                }
                BodyName::Param => {
                    let field = "error.param";
                    once(&mut seen[3], slot, field)?;
                    parts.param = string(&mut map, slot, field)?;
                }
                BodyName::Details => {
                    let field = "error.details";
                    once(&mut seen[4], slot, field)?;
                    let value = raw(&mut map, slot, field)?;
                    parts.details = match kind_of(value.get()) {
                        Kind("an object") => Some(value),
                        Kind("null") => None,
                        found => return Err(wrong_type(slot, field, "an object", found)),
                    };
                }
                BodyName::Retryable => {
                    let field = "error.retryable";
                    once(&mut seen[5], slot, field)?;
                    parts.retryable = boolean(&mut map, slot, field)?;
                }
                BodyName::RequestId => {
                    let field = "error.request_id";
                    once(&mut seen[6], slot, field)?;
                    parts.request_id = string(&mut map, slot, field)?;
                }
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(Expect {
            slot: self.slot,
            field: "error",
            inner: BodyFields { out: self.out },
        })
    }
}

// --- looking for a field --------------------------------------------------

/// The members of `text`, a JSON object, other than those named `name`,
/// each as written (`"a":1,"b":[2]`, no braces; a key written again, its
/// escapes made canonical); `None` for anything that is not an object.
pub(super) fn members_without(text: &str, name: &str) -> Option<String> {
    struct Members<'a>(&'a str);
    impl<'de> Visitor<'de> for Members<'_> {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut out = String::new();
            while let Some(KeyBytes(key)) = map.next_key::<KeyBytes<'de>>()? {
                let value = map.next_value::<&'de RawValue>()?;
                if *key != *self.0.as_bytes() {
                    if !out.is_empty() {
                        out.push(',');
                    }
                    json_key(&mut out, &key);
                    out.push(':');
                    out.push_str(value.get());
                }
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(Members(name)).ok()
}

/// A key as `serde_json` decodes it: UTF-8, or WTF-8 where it holds a lone
/// surrogate (`\ud800`), which no `String` can.
struct KeyBytes<'de>(Cow<'de, [u8]>);

impl<'de> Deserialize<'de> for KeyBytes<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyBytes<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Self::Value, E> {
                Ok(KeyBytes(Cow::Borrowed(key)))
            }
            fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
                Ok(KeyBytes(Cow::Owned(key.to_vec())))
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(KeyBytes(Cow::Borrowed(key.as_bytes())))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(KeyBytes(Cow::Owned(key.as_bytes().to_vec())))
            }
        }
        deserializer.deserialize_bytes(V)
    }
}

/// Writes `key` (see [`KeyBytes`]) as a JSON string, a lone surrogate as
/// its `\uXXXX` escape.
fn json_key(out: &mut String, key: &[u8]) {
    fn escaped(out: &mut String, s: &str) {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        out.push_str(&quoted);
    }
    out.push('"');
    let mut rest = key;
    while !rest.is_empty() {
        let valid = match std::str::from_utf8(rest) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or_default(),
        };
        let start = out.len();
        escaped(out, valid);
        // Without the quotes `to_string` put around it.
        out.remove(start);
        out.pop();
        rest = &rest[valid.len()..];
        match rest {
            // WTF-8's surrogate: `ED`, `A0`..=`BF`, `80`..=`BF`.
            [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, tail @ ..] => {
                let unit = 0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
                let _ = write!(out, "\\u{unit:04x}");
                rest = tail;
            }
            // Not from `serde_json`, which gives only UTF-8 and WTF-8.
            [_, tail @ ..] => {
                out.push('\u{fffd}');
                rest = tail;
            }
            [] => {}
        }
    }
    out.push('"');
}

// --- naming the offending details field -----------------------------------

/// The error of reading `text` (a JSON object) as `T`, field by field, so
/// that it names the field it is about (`serde_json`'s own does not).
/// `None` when `text` is not an object of JSON values or `T` reads fine.
pub(super) fn name_the_field<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Option<serde_json::Error> {
    let map: Map<String, Value> = serde_json::from_str(text).ok()?;
    let fields = NamedFields {
        iter: map.into_iter(),
        value: None,
    };
    T::deserialize(serde::de::value::MapAccessDeserializer::new(fields)).err()
}

struct NamedFields {
    iter: serde_json::map::IntoIter,
    value: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for NamedFields {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
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

    fn next_value_seed<V: DeserializeSeed<'de>>(
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

/// Reads the values of one field of a JSON object as exact JSON text,
/// skipping every other field unparsed (see `ErrorBody::details_values`).
pub(crate) struct FieldValues<'n>(pub(crate) &'n str);

impl<'de> DeserializeSeed<'de> for FieldValues<'_> {
    type Value = Vec<&'de RawValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldValues<'_> {
    type Value = Vec<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        while let Some(wanted) = map.next_key_seed(KeyIs(self.0))? {
            if wanted {
                values.push(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(values)
    }
}

/// Whether a key is the given name. The key is read as bytes, escapes
/// decoded but not checked (`serde_json` keeps a lone surrogate such as
/// `\ud800` as WTF-8 there): a key no `String` can hold is another field,
/// not an error that would hide the one wanted.
struct KeyIs<'n>(&'n str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_bytes(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<bool, E> {
        Ok(key == self.0.as_bytes())
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert!(!too_deep(r#"{"a": "[[[[[["}"#));
        assert!(!too_deep(&format!(
            "{}{}",
            "[".repeat(128),
            "]".repeat(128)
        )));
        assert!(too_deep(&format!("{}{}", "[".repeat(129), "]".repeat(129))));
        assert!(!too_deep(&format!(
            "[{}]",
            r#"{"x\"[": 1}"#.repeat(500).replace("}{", "},{")
        )));
    }
}
