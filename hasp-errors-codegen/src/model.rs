//! The validated catalog: what the emitters read.
//!
//! Everything here has passed [`crate::validate`]; emitters may rely on every
//! invariant documented on these types (names are well-formed identifiers,
//! every code's type exists, retry fields exist and have the right type, ...).

use std::fmt;

use crate::diagnostic::Span;

/// A whole validated catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The catalog's `version`: the semantic version of the wire contract.
    pub version: Version,
    /// The least notice, in days, between deprecating a code or details
    /// field and removing it (`deprecation_notice_days`, default 0).
    pub deprecation_notice_days: u64,
    /// The published reference page's URL (`docs_url`), without a
    /// fragment: each code's documentation is at this URL, `#`, and its
    /// [anchor](Code::anchor).
    pub docs_url: Option<String>,
    /// Whether every envelope also carries its code at
    /// `error.details.error_code`, where the official Anthropic SDKs read
    /// their `error_code` / `errorCode` (`details_error_code`, default
    /// `true`).
    pub details_error_code: bool,
    /// The prose of the generated reference page.
    pub page: Page,
    /// The `error.type` values, in catalog order.
    pub types: Vec<ErrorType>,
    /// The codes, in catalog order.
    pub codes: Vec<Code>,
    /// Codes that were removed and may never be reused.
    pub tombstones: Vec<Tombstone>,
    /// Where the top-level keys are written (for `diff`'s locations; no
    /// output depends on it).
    pub locations: Locations,
}

/// Where a catalog's top-level items are written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locations {
    /// The `version` key.
    pub version: Span,
    /// The `deprecation_notice_days` key, or the `version` key without it.
    pub notice: Span,
    /// Each `page` key, by name.
    pub page: Vec<(String, Span)>,
    /// The `tombstones` key, or the `codes` key without it.
    pub tombstones: Span,
    /// The `docs_url` key, or the `version` key without it.
    pub docs_url: Span,
    /// The `details_error_code` key, or the `version` key without it.
    pub details_error_code: Span,
}

impl Locations {
    /// Where page key `key` is written (the `version` key if unknown).
    pub fn page_key(&self, key: &str) -> Span {
        self.page
            .iter()
            .find(|(k, _)| k == key)
            .map_or(self.version, |(_, s)| *s)
    }
}

impl Catalog {
    /// Looks up a code by its wire name.
    pub fn code(&self, name: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.name == name)
    }

    /// Looks up a tombstone by its code.
    pub fn tombstone(&self, name: &str) -> Option<&Tombstone> {
        self.tombstones.iter().find(|t| t.name == name)
    }

    /// Whether any code or details field is deprecated.
    pub fn has_deprecations(&self) -> bool {
        self.codes
            .iter()
            .any(|c| c.deprecated.is_some() || c.details.iter().any(|f| f.deprecated.is_some()))
    }

    /// Looks up a declared type by its wire name.
    pub fn error_type(&self, name: &str) -> Option<&ErrorType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The documentation URL of `code`: [`docs_url`](Self::docs_url), `#`
    /// and the code's [anchor](Code::anchor); `None` without a `docs_url`.
    pub fn docs_link(&self, code: &Code) -> Option<String> {
        let base = self.docs_url.as_deref()?;
        Some(format!("{base}#{}", code.anchor()))
    }

    /// The distinct HTTP statuses used by the types, ascending.
    pub fn statuses(&self) -> Vec<u16> {
        let mut statuses: Vec<u16> = self.types.iter().map(|t| t.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        statuses
    }

    /// The types and codes of each HTTP status the types use, by
    /// ascending status, each in catalog order: one walk over the catalog
    /// (filtering every code once per status made the reference page's
    /// work grow with statuses times codes).
    pub fn by_status(&self) -> Vec<StatusGroup<'_>> {
        let mut groups: Vec<StatusGroup<'_>> = self
            .statuses()
            .into_iter()
            .map(|status| StatusGroup {
                status,
                types: Vec::new(),
                codes: Vec::new(),
            })
            .collect();
        let at = |groups: &[StatusGroup<'_>], status: u16| {
            groups.binary_search_by_key(&status, |g| g.status).ok()
        };
        for t in &self.types {
            if let Some(i) = at(&groups, t.status) {
                groups[i].types.push(t);
            }
        }
        for c in &self.codes {
            if let Some(i) = at(&groups, c.status) {
                groups[i].codes.push(c);
            }
        }
        groups
    }
}

/// The types and codes of one HTTP status (see [`Catalog::by_status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusGroup<'a> {
    /// The status.
    pub status: u16,
    /// Its types, in catalog order.
    pub types: Vec<&'a ErrorType>,
    /// Its codes, in catalog order.
    pub codes: Vec<&'a Code>,
}

/// Prose for the reference page (markdown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The page title.
    pub title: String,
    /// Text before the envelope section.
    pub intro: String,
    /// The envelope section's text (a JSON example is generated after it).
    pub envelope: String,
    /// The streaming errors section.
    pub streaming: String,
    /// How detail field types are encoded on the wire.
    pub field_types: String,
}

/// One `error.type` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorType {
    /// The snake_case wire name, e.g. `rate_limited`.
    pub name: String,
    /// The HTTP status every code of this type is sent with.
    pub status: u16,
    /// What this class of error means (markdown).
    pub description: String,
    /// Where its name is written.
    pub span: Span,
}

/// One error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The SCREAMING_SNAKE_CASE wire name, e.g. `RATE_LIMITED`.
    pub name: String,
    /// The wire name of its `error.type`.
    pub error_type: String,
    /// The HTTP status (its type's).
    pub status: u16,
    /// One plain-text line: `Display` text and default message.
    pub summary: String,
    /// What it means (markdown).
    pub description: String,
    /// Extra facts (markdown).
    pub notes: Vec<String>,
    /// Whether `error.param` is set.
    pub param: ParamRule,
    /// When a client may retry.
    pub retry: Retry,
    /// Explanation of the retry choice (markdown), if any.
    pub retry_note: Option<String>,
    /// The `error.details` fields, in catalog order.
    pub details: Vec<Field>,
    /// Set when the code is deprecated (still sent and parsed, due for
    /// removal).
    pub deprecated: Option<Deprecation>,
    /// Where its name is written.
    pub span: Span,
}

impl Code {
    /// Looks up a details field by its wire name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.details.iter().find(|f| f.name == name)
    }
}

/// A deprecation notice on a code or a details field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// The catalog version that deprecated it.
    pub since: Version,
    /// The day it was deprecated.
    pub on: Date,
    /// What to do instead (one line of plain text).
    pub note: String,
    /// The code to use instead (codes only).
    pub replacement: Option<String>,
    /// The day after which it may be removed, if announced.
    pub sunset: Option<Date>,
}

impl Deprecation {
    /// The first day it may be removed: its `sunset`, else `on` plus the
    /// catalog's notice period.
    pub fn earliest_removal(&self, notice_days: u64) -> Date {
        self.sunset.unwrap_or_else(|| self.on.add_days(notice_days))
    }

    /// The text of a `#[deprecated]` note and of the page: the note, the
    /// replacement and the sunset.
    pub fn message(&self) -> String {
        let mut text = self.note.trim().to_owned();
        if let Some(code) = &self.replacement {
            text.push_str(&format!(" Use `{code}` instead."));
        }
        if let Some(sunset) = self.sunset {
            text.push_str(&format!(" Removed no earlier than {sunset}."));
        }
        text
    }
}

/// A semantic version `MAJOR.MINOR.PATCH` (no pre-release or build part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Version {
    /// Incompatible changes.
    pub major: u64,
    /// Compatible additions.
    pub minor: u64,
    /// Everything else.
    pub patch: u64,
}

impl Version {
    /// `MAJOR.MINOR.PATCH`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `MAJOR.MINOR.PATCH`: three decimal numbers without leading
    /// zeros, as semver writes them.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.');
        let mut next = || {
            let p = parts.next()?;
            let ok = !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p == "0" || !p.starts_with('0'));
            if ok { p.parse().ok() } else { None }
        };
        let v = Version::new(next()?, next()?, next()?);
        parts.next().is_none().then_some(v)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A calendar day, `YYYY-MM-DD` (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a real day of a year from 1970 to 9999).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = &text[r];
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
            return None;
        }
        Some(Date {
            days: days_from_civil(y, m, d),
        })
    }

    /// Today, in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date {
            days: i64::try_from(secs / 86_400).unwrap_or(0),
        }
    }

    /// The day `n` days later, or 9999-12-31 if that is later (the last
    /// day [`Date::parse`] reads: a notice of any length ends on a day that
    /// can be written).
    pub fn add_days(self, n: u64) -> Date {
        Date {
            days: self
                .days
                .saturating_add(i64::try_from(n).unwrap_or(i64::MAX))
                .min(LAST_DAY),
        }
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }
}

/// 9999-12-31, in days since 1970-01-01.
const LAST_DAY: i64 = days_from_civil(9999, 12, 31);

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The inverse of `days_from_civil`.
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Code {
    /// Its stable anchor on the reference page: the code in lowercase
    /// (`RATE_LIMITED` → `rate_limited`), which is the id GitHub (and any
    /// renderer using its rule) gives the code's own heading, whose text is
    /// the code alone. It changes only if the code does, and codes are
    /// never renamed.
    pub fn anchor(&self) -> String {
        self.anchor_chars().collect()
    }

    /// The characters of its [anchor](Self::anchor), for comparing it
    /// without building it.
    pub(crate) fn anchor_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.name.chars().map(|c| c.to_ascii_lowercase())
    }
}

/// The `error.details` field where every envelope repeats its code when the
/// catalog's `details_error_code` is on: the field the official Anthropic
/// SDKs read their `error_code` / `errorCode` from. No details field of a
/// code may have this name.
pub const ERROR_CODE_FIELD: &str = "error_code";

/// What the page and the schemas say about [`ERROR_CODE_FIELD`] when the
/// catalog's `details_error_code` is on (markdown, one paragraph).
pub const ERROR_CODE_NOTE: &str = "`error.details.error_code` repeats `error.code` (the same \
     string, in every error, streamed ones included), because that is where the official \
     Anthropic SDKs read the code they show as `error_code` (Python) and `errorCode` \
     (TypeScript). Branch on either; a code you do not recognize still has its `error.type`.";

/// Whether a code sets `error.param`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParamRule {
    /// Never set (`null` on the wire).
    #[default]
    None,
    /// Set when the server knows which parameter is at fault.
    Optional,
    /// Always set.
    Required,
}

impl ParamRule {
    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamRule::None => "none",
            ParamRule::Optional => "optional",
            ParamRule::Required => "required",
        }
    }
}

/// A code's retry policy; the wire `retryable` flag is derived from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retry {
    /// The same request fails the same way again.
    Never,
    /// Transient: retry with exponential backoff.
    Backoff,
    /// Retry after the delay given by a `duration_seconds` details field.
    AfterDelay {
        /// The details field holding the delay.
        field: String,
    },
    /// Retry only after an operator action or a cycle reset.
    AfterAction {
        /// A `timestamp` details field saying when, if any.
        field: Option<String>,
    },
}

/// A retry kind as the catalog, the docs page, rustdoc and the runtime's
/// `RetryPolicy` know it: the one place its name, wire flag and meaning are
/// stated (the runtime's tests check `RetryPolicy` against it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryKind {
    /// The catalog name: `never`, `backoff`, `after_delay`, `after_action`.
    pub name: &'static str,
    /// The wire `error.retryable` flag of its codes.
    pub retryable: bool,
    /// What it means for a client, one sentence.
    pub meaning: &'static str,
}

/// Every retry kind, in the order the docs list them.
pub const RETRY_KINDS: &[RetryKind] = &[
    RetryKind {
        name: "never",
        retryable: false,
        meaning: "Repeating the same request fails the same way; fix the request.",
    },
    RetryKind {
        name: "backoff",
        retryable: true,
        meaning: "Transient; retry with exponential backoff.",
    },
    RetryKind {
        name: "after_delay",
        retryable: true,
        meaning: "Retry after the delay the named details field (and the `Retry-After` header) gives.",
    },
    RetryKind {
        name: "after_action",
        retryable: false,
        meaning: "Retry only after someone acts (an admin, a raised cap) or a cycle resets; automatic retries do not help.",
    },
];

impl Retry {
    /// Its kind.
    pub fn info(&self) -> &'static RetryKind {
        let index = match self {
            Retry::Never => 0,
            Retry::Backoff => 1,
            Retry::AfterDelay { .. } => 2,
            Retry::AfterAction { .. } => 3,
        };
        &RETRY_KINDS[index]
    }

    /// The wire `error.retryable` flag.
    pub fn retryable(&self) -> bool {
        self.info().retryable
    }

    /// The catalog name of its kind.
    pub fn kind(&self) -> &'static str {
        self.info().name
    }

    /// The details field it names, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Retry::AfterDelay { field } => Some(field),
            Retry::AfterAction { field } => field.as_deref(),
            Retry::Never | Retry::Backoff => None,
        }
    }
}

/// One `error.details` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The snake_case wire name.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
    /// Whether the server always sends it.
    pub required: bool,
    /// What it holds (markdown).
    pub description: String,
    /// Set when the field is deprecated (still sent and parsed, due for
    /// removal).
    pub deprecated: Option<Deprecation>,
    /// Where its name is written.
    pub span: Span,
}

/// The type of a details field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// A JSON string; Rust `String`.
    String,
    /// A JSON integer; Rust `i64`.
    Integer,
    /// A JSON boolean; Rust `bool`.
    Boolean,
    /// Non-negative integer seconds; Rust `u64`.
    DurationSeconds,
    /// RFC 3339 string; Rust `hasp_errors::Timestamp`.
    Timestamp,
    /// Absolute URL string; Rust `hasp_errors::Url`.
    Url,
    /// Exact decimal string; Rust `hasp_errors::Money`.
    Money,
    /// Array of strings; Rust `Vec<String>`.
    StringList,
}

impl FieldType {
    /// Every field type, in documentation order.
    pub const ALL: &'static [FieldType] = &[
        FieldType::String,
        FieldType::Integer,
        FieldType::Boolean,
        FieldType::DurationSeconds,
        FieldType::Timestamp,
        FieldType::Url,
        FieldType::Money,
        FieldType::StringList,
    ];

    /// The catalog spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::DurationSeconds => "duration_seconds",
            FieldType::Timestamp => "timestamp",
            FieldType::Url => "url",
            FieldType::Money => "money",
            FieldType::StringList => "string_list",
        }
    }

    /// Parses the catalog spelling.
    pub fn parse(s: &str) -> Option<FieldType> {
        FieldType::ALL.iter().copied().find(|t| t.as_str() == s)
    }

    /// The Rust type a field of this type has, as generated code writes it
    /// (the one place that maps field types to Rust types).
    pub fn rust_type(self) -> &'static str {
        match self {
            FieldType::String => "::std::string::String",
            FieldType::Integer => "i64",
            FieldType::Boolean => "bool",
            FieldType::DurationSeconds => "u64",
            FieldType::Timestamp => "::hasp_errors::Timestamp",
            FieldType::Url => "::hasp_errors::Url",
            FieldType::Money => "::hasp_errors::Money",
            FieldType::StringList => "::std::vec::Vec<::std::string::String>",
        }
    }

    /// The JSON Schema (2020-12) of a field of this type: the one place
    /// that maps field types to JSON Schema, beside
    /// [`rust_type`](Self::rust_type). The patterns check what a pattern
    /// can of what the runtime's value types accept (`Money`, `Timestamp`,
    /// `Url`), whether or not a validator asserts `format`: a timestamp's
    /// field ranges and at most 9 fraction digits, a money amount's at most
    /// 18 significant digits on each side of the point. The runtime checks
    /// more (that the day exists in its month, leap seconds, that the
    /// amount fits its 64-bit mantissa, a URL's host, its brackets and
    /// escapes, and its length), so a
    /// value the schema accepts may still be refused there; no string the
    /// runtime accepts is refused here (`tests/value_shapes.json`
    /// lists both kinds, checked against the runtime and the schema; the
    /// runtime also reads money sent as a JSON number, which the contract
    /// does not allow). Integer bounds are those of the Rust
    /// types (JSON Schema counts `30.0` as an integer, and so does the
    /// runtime: see [`rust_deserialize_with`](Self::rust_deserialize_with)).
    pub fn json_schema(self) -> JsonSchemaType {
        let plain = |json_type| JsonSchemaType {
            json_type,
            format: None,
            pattern: None,
            minimum: None,
            maximum: None,
            items: None,
        };
        match self {
            FieldType::String => plain("string"),
            FieldType::Integer => JsonSchemaType {
                minimum: Some(i64::MIN),
                maximum: Some(i64::MAX.unsigned_abs()),
                ..plain("integer")
            },
            FieldType::Boolean => plain("boolean"),
            FieldType::DurationSeconds => JsonSchemaType {
                minimum: Some(0),
                maximum: Some(u64::MAX),
                ..plain("integer")
            },
            FieldType::Timestamp => JsonSchemaType {
                format: Some("date-time"),
                pattern: Some(
                    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
                ),
                ..plain("string")
            },
            FieldType::Url => JsonSchemaType {
                format: Some("uri"),
                // RFC 3986's characters (ASCII only), every `%` starting
                // an escape, at most one `#`, and no `[` or `]` in the
                // fragment. (`-` ends each class: `\-` is not an escape
                // ECMA-262 allows in unicode mode.)
                pattern: Some(
                    "^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~:/?@!$&'()*+,;=\\[\\]-]|%[0-9A-Fa-f]{2})*(?:#(?:[A-Za-z0-9._~:/?@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)?$",
                ),
                ..plain("string")
            },
            FieldType::Money => JsonSchemaType {
                // Leading zeros before the point and trailing zeros after
                // it are not significant, and not counted.
                pattern: Some("^-?0*[0-9]{1,18}(\\.[0-9]{1,18}0*)?$"),
                ..plain("string")
            },
            FieldType::StringList => JsonSchemaType {
                items: Some("string"),
                ..plain("array")
            },
        }
    }

    /// The function generated details structs read a field of this type
    /// with (`#[serde(deserialize_with)]`), when serde's own reading
    /// refuses values the contract accepts: JSON Schema counts `30.0` as an
    /// integer, `serde_json` alone does not.
    pub fn rust_deserialize_with(self) -> Option<&'static str> {
        match self {
            FieldType::Integer | FieldType::DurationSeconds => {
                Some("::hasp_errors::__private::integer::deserialize")
            }
            FieldType::String
            | FieldType::Boolean
            | FieldType::Timestamp
            | FieldType::Url
            | FieldType::Money
            | FieldType::StringList => None,
        }
    }

    /// [`rust_type`](Self::rust_type) as people write it
    /// (`Vec<String>`, `hasp_errors::Timestamp`), for the docs page.
    pub fn rust_type_short(self) -> String {
        self.rust_type()
            .replace("::std::string::", "")
            .replace("::std::vec::", "")
            .trim_start_matches("::")
            .to_owned()
    }

    /// How a field of this type looks on the wire, for docs.
    pub fn wire_shape(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::DurationSeconds => "integer (seconds)",
            FieldType::Timestamp => "string (RFC 3339)",
            FieldType::Url => "string (absolute URL)",
            FieldType::Money => "string (decimal)",
            FieldType::StringList => "array of strings",
        }
    }
}

/// The JSON Schema of a details field type (see [`FieldType::json_schema`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonSchemaType {
    /// The JSON type: `string`, `integer`, `boolean` or `array`.
    pub json_type: &'static str,
    /// The `format` annotation, if any (`date-time`, `uri`).
    pub format: Option<&'static str>,
    /// The `pattern` a string must match, if any (ECMA-262).
    pub pattern: Option<&'static str>,
    /// The `minimum` of an integer, if any.
    pub minimum: Option<i64>,
    /// The `maximum` of an integer, if any (integers are read into Rust's
    /// `i64` and `u64`).
    pub maximum: Option<u64>,
    /// The JSON type of an array's items.
    pub items: Option<&'static str>,
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A removed code that may never be reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    /// The retired code.
    pub name: String,
    /// The catalog version that removed it.
    pub removed_in: Version,
    /// Why it was removed.
    pub reason: String,
    /// Where its name is written.
    pub span: Span,
}
