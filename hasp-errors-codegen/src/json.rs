//! JSON written by hand: a small value tree and a deterministic writer, for
//! the JSON Schema and OpenAPI outputs and the page's example envelope.
//!
//! The generator is a build dependency of every dependent of `hasp-errors`,
//! so it does not pull in `serde_json` for a few files it writes itself.
//! Objects keep the order they are built in, and [`Json::pretty`] lays
//! them out like `serde_json`'s pretty printer (two spaces per level,
//! `"key": value`, `[]` and `{}` when empty), so every run writes the same
//! bytes.
//!
//! Strings are escaped so the text stays inert wherever it is pasted: quotes,
//! backslashes and every control character as JSON escapes, and also `<`,
//! `>` and `&` (so `</script>` cannot end the HTML `<script>` element a
//! documentation tool embeds a document in), the line and paragraph
//! separators U+2028 and U+2029, and the bidirectional formatting characters
//! (so the committed file cannot read differently from what it is).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Catalog, Code, ERROR_CODE_FIELD, FieldType, ParamRule};
use crate::text;

/// An object member's key: most are the generator's own words, kept
/// without a copy; those from the catalog are owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(Cow<'static, str>);

impl Key {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&'static str> for Key {
    fn from(key: &'static str) -> Key {
        Key(Cow::Borrowed(key))
    }
}

impl From<String> for Key {
    fn from(key: String) -> Key {
        Key(Cow::Owned(key))
    }
}

impl From<&String> for Key {
    fn from(key: &String) -> Key {
        Key(Cow::Owned(key.clone()))
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A non-negative integer beyond `i64`.
    Uint(u64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its members in the order they are written.
    Object(Vec<(Key, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    /// An object of `(key, value)` members, in order.
    pub fn object<K: Into<Key>>(members: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// An array of strings.
    pub fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Json {
        Json::Array(items.into_iter().map(|s| Json::Str(s.into())).collect())
    }

    /// Adds a member to an object (no-op on other values).
    pub fn push(&mut self, key: impl Into<Key>, value: Json) {
        if let Json::Object(members) = self {
            members.push((key.into(), value));
        }
    }

    /// The value of member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Pretty-printed text, without a trailing newline.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Uint(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Str(s) => string_into(out, s),
            // The layout is the writers' own, stated once.
            Json::Array(items) => {
                let mut w = ArrayWriter::new(out, indent);
                for item in items {
                    w.item(item);
                }
                w.end();
            }
            Json::Object(members) => {
                let mut w = ObjectWriter::new(out, indent);
                for (key, value) in members {
                    w.member(key.as_str(), value);
                }
                w.end();
            }
        }
    }
}

/// A JSON object written a member at a time (the layout [`Json::pretty`]
/// uses too): a value can be built just before it is written and dropped
/// just after, so a large document (one definition and one example per
/// code) is never held whole, only its current member.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    indent: usize,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object in `out`, whose members are at `indent` + 1.
    pub fn new(out: &'a mut String, indent: usize) -> Self {
        out.push('{');
        ObjectWriter {
            out,
            indent,
            empty: true,
        }
    }

    /// Writes `key` and the `: ` after it, on a line of its own.
    fn key(&mut self, key: &str) {
        self.out.push_str(if self.empty { "\n" } else { ",\n" });
        self.empty = false;
        pad(self.out, self.indent + 1);
        string_into(self.out, key);
        self.out.push_str(": ");
    }

    /// Writes a member.
    pub fn member(&mut self, key: &str, value: &Json) {
        self.key(key);
        value.write(self.out, self.indent + 1);
    }

    /// Opens a member that is an object written a member at a time (end
    /// it with [`ObjectWriter::end`]).
    #[must_use = "an object left open is not valid JSON: call `end`"]
    pub fn object(&mut self, key: &str) -> ObjectWriter<'_> {
        self.key(key);
        ObjectWriter::new(self.out, self.indent + 1)
    }

    /// Opens a member that is an array written an item at a time (end it
    /// with [`ArrayWriter::end`]).
    #[must_use = "an array left open is not valid JSON: call `end`"]
    pub fn array(&mut self, key: &str) -> ArrayWriter<'_> {
        self.key(key);
        ArrayWriter::new(self.out, self.indent + 1)
    }

    /// Closes the object.
    pub fn end(self) {
        if !self.empty {
            self.out.push('\n');
            pad(self.out, self.indent);
        }
        self.out.push('}');
    }
}

/// A JSON array written an item at a time (the layout [`Json::pretty`]
/// uses too; see [`ObjectWriter`]): a list with an item per code is
/// never held whole.
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    indent: usize,
    empty: bool,
}

impl<'a> ArrayWriter<'a> {
    /// Opens an array in `out`, whose items are at `indent` + 1.
    pub fn new(out: &'a mut String, indent: usize) -> Self {
        out.push('[');
        ArrayWriter {
            out,
            indent,
            empty: true,
        }
    }

    /// Starts an item on a line of its own.
    fn next(&mut self) {
        self.out.push_str(if self.empty { "\n" } else { ",\n" });
        self.empty = false;
        pad(self.out, self.indent + 1);
    }

    /// Writes an item.
    pub fn item(&mut self, value: &Json) {
        self.next();
        value.write(self.out, self.indent + 1);
    }

    /// Writes a string item (with no value made for it).
    pub fn string(&mut self, s: &str) {
        self.next();
        string_into(self.out, s);
    }

    /// Closes the array.
    pub fn end(self) {
        if !self.empty {
            self.out.push('\n');
            pad(self.out, self.indent);
        }
        self.out.push(']');
    }
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// A JSON string literal holding exactly `s` (see the module docs for what
/// is escaped).
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    string_into(&mut out, s);
    out
}

/// [`string`], appended to `out`: the text between escapes is copied whole.
pub fn string_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}')
                || c.is_control()
                || text::is_bidi(c) =>
            {
                ""
            }
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// The request id of every example envelope.
pub const EXAMPLE_REQUEST_ID: &str = "req_01HZX3Q8W5N7";

/// The `error.param` of every example of a code that sets one.
pub const EXAMPLE_PARAM: &str = "messages.0.content";

/// The example envelope of `code` (every details field set, the summary as
/// the message), in the runtime serializer's key order: the page's example
/// and the OpenAPI document's.
pub fn example_envelope(catalog: &Catalog, code: &Code) -> Json {
    let param = match code.param {
        ParamRule::None => Json::Null,
        ParamRule::Optional | ParamRule::Required => Json::str(EXAMPLE_PARAM),
    };
    let mut details: Vec<(Key, Json)> = Vec::new();
    if catalog.details_error_code {
        details.push((ERROR_CODE_FIELD.into(), Json::str(&code.name)));
    }
    for f in &code.details {
        details.push(((&f.name).into(), example_value(f.ty)));
    }
    let details = if details.is_empty() {
        Json::Null
    } else {
        Json::Object(details)
    };
    Json::object([
        (
            "error",
            Json::object([
                ("type", Json::str(&code.error_type)),
                ("code", Json::str(&code.name)),
                ("message", Json::str(&code.summary)),
                ("param", param),
                ("details", details),
                ("retryable", Json::Bool(code.retry.retryable())),
                ("request_id", Json::str(EXAMPLE_REQUEST_ID)),
            ]),
        ),
        (
            "meta",
            Json::object([("request_id", Json::str(EXAMPLE_REQUEST_ID))]),
        ),
    ])
}

/// A realistic value of a details field of type `ty`.
pub fn example_value(ty: FieldType) -> Json {
    match ty {
        FieldType::String => Json::str("example"),
        FieldType::Integer => Json::Int(42),
        FieldType::Boolean => Json::Bool(true),
        FieldType::DurationSeconds => Json::Int(30),
        FieldType::Timestamp => Json::str("2026-12-01T00:00:00Z"),
        FieldType::Url => Json::str("https://docs.hasp.example/models"),
        FieldType::Money => Json::str("412.50"),
        FieldType::StringList => Json::strings(["example"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_is_laid_out_like_serde_json() {
        let v = Json::object([
            ("a", Json::Int(1)),
            ("b", Json::Array(vec![Json::Null, Json::Bool(true)])),
            ("c", Json::object::<&str>([])),
            ("d", Json::Array(Vec::new())),
            ("e", Json::object([("f", Json::str("g"))])),
        ]);
        assert_eq!(
            v.pretty(),
            "{\n  \"a\": 1,\n  \"b\": [\n    null,\n    true\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": {\n    \"f\": \"g\"\n  }\n}"
        );
    }

    #[test]
    fn objects_and_arrays_written_a_piece_at_a_time_are_laid_out_as_pretty_lays_them_out() {
        let e = Json::object([("f", Json::str("g"))]);
        let whole = Json::object([
            ("a", Json::Int(1)),
            ("c", Json::object::<&str>([])),
            ("e", e.clone()),
            (
                "h",
                Json::object([("i", e.clone()), ("j", Json::Array(Vec::new()))]),
            ),
            (
                "k",
                Json::Array(vec![Json::str("l<"), e.clone(), Json::Array(Vec::new())]),
            ),
            ("m", Json::Array(Vec::new())),
        ]);
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out, 0);
        w.member("a", &Json::Int(1));
        w.object("c").end();
        w.member("e", &e);
        let mut h = w.object("h");
        h.member("i", &e);
        h.member("j", &Json::Array(Vec::new()));
        h.end();
        let mut k = w.array("k");
        k.string("l<");
        k.item(&e);
        k.item(&Json::Array(Vec::new()));
        k.end();
        w.array("m").end();
        w.end();
        assert_eq!(out, whole.pretty());
        let mut empty = String::new();
        ObjectWriter::new(&mut empty, 3).end();
        assert_eq!(empty, "{}");
        let mut empty = String::new();
        ArrayWriter::new(&mut empty, 3).end();
        assert_eq!(empty, "[]");
    }

    #[test]
    fn strings_are_inert() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            string("\n\r\t\0\u{7f}\u{85}"),
            r#""\n\r\t\u0000\u007f\u0085""#
        );
        assert_eq!(
            string("</script><!-- & \u{2028}\u{202e}"),
            r#""\u003c/script\u003e\u003c!-- \u0026 \u2028\u202e""#
        );
        assert_eq!(string("é東京🚨`"), "\"é東京🚨`\"");
    }
}
