//! Step 2 of the pipeline: check a loaded tree against the catalog rules and
//! build the [`model`](crate::model).
//!
//! Validation never stops at the first problem: it reports every problem it
//! can find in one run, each located at the offending key or value.

use std::collections::HashMap;
use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics, Problems, Span};
use crate::load::{Loaded, Node, Value};
use crate::model::{
    Catalog, Code, Date, Deprecation, ERROR_CODE_FIELD, ErrorType, Field, FieldType, Locations,
    Page, ParamRule, Retry, Tombstone, Version,
};
use crate::{names, text};

/// Longest code accepted, in characters.
pub const MAX_CODE_LEN: usize = 63;

const TOP_KEYS: &[&str] = &[
    "version",
    "docs_url",
    "details_error_code",
    "deprecation_notice_days",
    "page",
    "types",
    "codes",
    "tombstones",
];
const PAGE_KEYS: &[&str] = &["title", "intro", "envelope", "streaming", "field_types"];
const TYPE_KEYS: &[&str] = &["status", "description"];
const CODE_KEYS: &[&str] = &[
    "type",
    "status",
    "summary",
    "description",
    "notes",
    "param",
    "retry",
    "retry_note",
    "details",
    "deprecated",
];
const FIELD_KEYS: &[&str] = &["type", "required", "description", "deprecated"];
const DEPRECATED_KEYS: &[&str] = &["since", "on", "note", "replacement", "sunset"];
const DEPRECATED_FIELD_KEYS: &[&str] = &["since", "on", "note", "sunset"];
const DEPRECATED_REQUIRED: &[&str] = &["since", "on", "note"];
const TOMBSTONE_KEYS: &[&str] = &["removed_in", "reason"];

/// Validates a loaded catalog and builds its model.
///
/// # Errors
/// Every rule violation found, located.
pub fn validate(loaded: &Loaded) -> Result<Catalog, Diagnostics> {
    let mut v = Validator::new();
    let catalog = v.catalog(&loaded.root);
    match catalog {
        Some(catalog) if v.errors.is_empty() => Ok(catalog),
        _ => Err(crate::load::diagnostics(
            &loaded.path,
            loaded.source.clone(),
            v.errors,
        )),
    }
}

/// Loads and validates catalog text, each code validated as soon as the
/// loader has read it and then dropped, so that the tree never holds more
/// than one code (a tree of all the codes of a large catalog does not stay
/// in cache, and reading it back, then dropping it, cost more per code the
/// larger the catalog: 2.4 times as much at 10,000 codes as at 1,000).
/// Everything a code is checked against (its type, the catalog's version
/// and notice period, the tombstones) is checked once the whole catalog
/// is read, so the order of the catalog's keys does not matter.
///
/// # Errors
/// As [`crate::load::load_str_with`], then as [`validate`].
pub(crate) fn load_and_validate(
    path: &std::path::Path,
    source: crate::load::Source<'_>,
    limits: &crate::load::Limits,
) -> Result<Catalog, Diagnostics> {
    let mut v = Validator::new();
    let read = crate::load::load_into(path, source, limits, &mut v)?;
    // The codes handed over before a problem stopped the reader were
    // checked, and their problems are reported with the reader's; the
    // rest of the catalog is checked only if it was read whole.
    let catalog = read.root.as_ref().and_then(|root| v.catalog(root));
    // A code whose entry a syntax error cut short was checked as it was
    // read: what looks missing or empty in it may be the error's doing.
    if let Some((key, at)) = read.cut_short {
        v.errors
            .retain(|d| !(key.start <= d.span.start && d.span.start <= at.start));
    }
    let mut problems = read.problems;
    problems.append(v.errors);
    match catalog {
        Some(catalog) if problems.is_empty() => Ok(catalog),
        _ => Err(crate::load::diagnostics(
            &read.path,
            read.source.into_owned(),
            problems,
        )),
    }
}

impl crate::load::CodeSink for Validator {
    fn take(&mut self, key: &Node, value: Node) {
        self.streamed = true;
        self.code_entry(key, &value);
    }

    fn expect(&mut self, codes: usize) {
        self.idents.reserve(codes);
    }

    /// A duplicate's type counts as used: it is that code's type too, so
    /// the type is not reported as used by none (a duplicate removed or
    /// renamed, it is used again).
    fn take_duplicate(&mut self, _key: &Node, value: &Node) {
        if let Value::Map(entries) = &value.value
            && let Some((_, t)) = entries.iter().find(|(k, _)| k.as_str() == Some("type"))
            && let Some(name) = t.as_str()
        {
            self.duplicate_types.push(name.to_owned());
        }
    }
}

/// `KIND `NAME``, as messages name what they are about (`code `X``);
/// written out only when a message is, so valid catalogs build no message
/// text.
struct Named<'a>(&'a str, &'a str);

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

/// `WHAT, details field `NAME``, written out only when a message is.
struct FieldOf<'a>(&'a dyn fmt::Display, &'a str);

impl fmt::Display for FieldOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, details field `{}`", self.0, self.1)
    }
}

#[derive(Default)]
struct Validator {
    errors: Problems,
    /// The catalog's version, once read.
    version: Option<Version>,
    /// The catalog's notice period, once read.
    notice_days: u64,
    /// Each `replacement` written: `(code, replacement, where)`, checked
    /// once every code is known.
    replacements: Vec<(String, String, Span)>,
    /// The codes read so far, in catalog order, each with what it must
    /// still be checked against.
    codes: Vec<(Code, Pending)>,
    /// The names and key spans of the codes read so far that could not be
    /// read (the tombstone check names them too).
    unread: Vec<(String, Span)>,
    /// The types of codes sent twice (their second entries').
    duplicate_types: Vec<String>,
    /// The Rust variant of each code read so far, to find two that would
    /// share one.
    idents: HashMap<String, (String, Span)>,
    /// Checks of deprecations against the catalog's version and notice
    /// period, made once those are read.
    deferred: Vec<Deferred>,
    /// Whether the loader handed the codes over as it read them (see
    /// [`load_and_validate`]); the tree then holds none.
    streamed: bool,
    /// What is left of the work "did you mean" suggestions against the
    /// catalog's own names may take (see [`names::SUGGESTION_BUDGET`]).
    suggestions: usize,
}

/// What a code must still be checked against once its whole catalog is
/// read: its type (which gives its status) and its own `status`.
struct Pending {
    /// Where its `type` is, when it names one.
    type_span: Option<Span>,
    /// Its own `status` and where it is, when it has one.
    status: Option<(u16, Span)>,
}

/// A deprecation's check against the rest of the catalog.
enum Deferred {
    /// `since` must not be later than the catalog's version.
    Since {
        version: Version,
        span: Span,
        what: String,
    },
    /// `sunset` must leave the catalog's notice period after `on`.
    Sunset {
        on: Date,
        sunset: Date,
        span: Span,
        what: String,
    },
}

/// Most keys a schema mapping allows (a code's).
const MAX_KEYS: usize = CODE_KEYS.len();

/// The keys of a mapping, checked against the allowed and required ones:
/// each allowed key's entry, if present (keys are unique: the loader
/// refuses duplicates). Held in place, as a schema mapping has a handful
/// of keys: a catalog of 10,000 codes makes some 30,000 of these.
struct Keys<'a> {
    span: Span,
    allowed: &'static [&'static str],
    found: [Option<(&'a Node, &'a Node)>; MAX_KEYS],
}

impl<'a> Keys<'a> {
    fn entry(&self, key: &str) -> Option<(&'a Node, &'a Node)> {
        let i = self.allowed.iter().position(|k| *k == key)?;
        self.found[i]
    }

    fn get(&self, key: &str) -> Option<&'a Node> {
        self.entry(key).map(|(_, v)| v)
    }

    fn key_span(&self, key: &str) -> Span {
        self.entry(key).map_or(self.span, |(k, _)| k.span)
    }
}

impl Validator {
    fn new() -> Self {
        let mut v = Validator {
            suggestions: names::SUGGESTION_BUDGET,
            ..Validator::default()
        };
        v.idents.insert(
            names::RESERVED_VARIANT.to_owned(),
            ("(reserved for unknown codes)".to_owned(), Span::default()),
        );
        v
    }

    fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.errors.push(Diagnostic::new(span, msg));
    }

    fn map<'a>(&mut self, node: &'a Node, what: &dyn fmt::Display) -> Option<&'a [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            _ if node.is_null() => Some(&[]),
            _ => {
                self.error(
                    node.span,
                    format!("{what}: expected a mapping, found {}", node.kind()),
                );
                None
            }
        }
    }

    /// Checks a mapping's keys: unknown keys (with a suggestion) and missing
    /// required ones, reported at `owner` (the key the mapping belongs to).
    fn keys<'a>(
        &mut self,
        node: &'a Node,
        owner: Span,
        what: &dyn fmt::Display,
        allowed: &'static [&'static str],
        required: &[&str],
    ) -> Option<Keys<'a>> {
        let entries = self.map(node, what)?;
        let mut keys = Keys {
            span: node.span,
            allowed,
            found: [None; MAX_KEYS],
        };
        for (k, v) in entries {
            let name = k.as_str().unwrap_or_default();
            if let Some(i) = allowed.iter().position(|a| *a == name) {
                keys.found[i] = Some((k, v));
            } else {
                let mut d = Diagnostic::new(k.span, format!("{what}: unknown key `{name}`"));
                d = match names::closest(name, allowed) {
                    Some(s) => d.with_label(format!("did you mean `{s}`?")),
                    None => d.with_label(format!("expected one of {}", list(allowed))),
                };
                self.errors.push(d);
            }
        }
        for req in required {
            if keys.entry(req).is_none() {
                self.error(owner, format!("{what}: missing required key `{req}`"));
            }
        }
        Some(keys)
    }

    fn string(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<String> {
        match node.as_str() {
            Some(text) if text.trim().is_empty() || node.is_null() => {
                self.error(node.span, format!("{what} must not be empty"));
                None
            }
            Some(text) => Some(text.to_owned()),
            _ => {
                self.error(
                    node.span,
                    format!("{what}: expected text, found {}", node.kind()),
                );
                None
            }
        }
    }

    fn optional_string(
        &mut self,
        keys: &Keys<'_>,
        key: &str,
        what: &dyn fmt::Display,
    ) -> Option<String> {
        keys.get(key)
            .and_then(|n| self.string(n, &format_args!("{what}: `{key}`")))
    }

    fn required_string(&mut self, keys: &Keys<'_>, key: &str, what: &dyn fmt::Display) -> String {
        self.optional_string(keys, key, what).unwrap_or_default()
    }

    fn integer(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<u64> {
        match &node.value {
            Value::Scalar { text, plain: true } => match text.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.error(
                        node.span,
                        format!("{what}: expected a non-negative integer, found `{text}`"),
                    );
                    None
                }
            },
            Value::Scalar { text, plain: false } => {
                self.error(
                    node.span,
                    format!("{what}: expected an integer, found the quoted text `{text}` (remove the quotes)"),
                );
                None
            }
            _ => {
                self.error(
                    node.span,
                    format!("{what}: expected an integer, found {}", node.kind()),
                );
                None
            }
        }
    }

    /// A semantic version `MAJOR.MINOR.PATCH`.
    fn version(&mut self, node: &Node, what: &str) -> Option<Version> {
        let text = node.as_str().unwrap_or_default();
        if let Some(v) = Version::parse(text) {
            return Some(v);
        }
        let mut d = Diagnostic::new(
            node.span,
            format!(
                "{what}: expected a semantic version `MAJOR.MINOR.PATCH`, found {}",
                shown(node)
            ),
        );
        if let Ok(n) = text.parse::<u64>() {
            d = d.with_label(format!("write `{n}.0.0`"));
        }
        self.errors.push(d);
        None
    }

    /// Reports a version later than the catalog's own.
    fn not_after_catalog(&mut self, v: Version, span: Span, what: &str) {
        if let Some(catalog) = self.version
            && v > catalog
        {
            self.error(
                span,
                format!("{what}: version {v} is later than the catalog's version {catalog}"),
            );
        }
    }

    /// A calendar day `YYYY-MM-DD`.
    fn date(&mut self, node: &Node, what: &str) -> Option<Date> {
        let date = node.as_str().and_then(Date::parse);
        if date.is_none() {
            self.error(
                node.span,
                format!(
                    "{what}: expected a date `YYYY-MM-DD`, found {}",
                    shown(node)
                ),
            );
        }
        date
    }

    /// A `deprecated` mapping; `replacement` is allowed for codes only.
    fn deprecation(
        &mut self,
        node: &Node,
        owner: Span,
        what: &dyn fmt::Display,
        is_code: bool,
    ) -> Option<Deprecation> {
        let what = format!("{what}: `deprecated`");
        let allowed = if is_code {
            DEPRECATED_KEYS
        } else {
            DEPRECATED_FIELD_KEYS
        };
        let keys = self.keys(node, owner, &what, allowed, DEPRECATED_REQUIRED)?;
        let since = keys.get("since").and_then(|n| {
            let v = self.version(n, &format!("{what}: `since`"))?;
            self.deferred.push(Deferred::Since {
                version: v,
                span: n.span,
                what: format!("{what}: `since`"),
            });
            Some(v)
        });
        let on = keys
            .get("on")
            .and_then(|n| self.date(n, &format!("{what}: `on`")));
        let note = self.required_string(&keys, "note", &what);
        if note.trim().contains(['\n', '\r']) {
            self.error(
                keys.key_span("note"),
                format!("{what}: `note` must be a single line"),
            );
        }
        let replacement = self.optional_string(&keys, "replacement", &what);
        let sunset = keys
            .get("sunset")
            .and_then(|n| self.date(n, &format!("{what}: `sunset`")));
        if let (Some(on), Some(sunset)) = (on, sunset) {
            self.deferred.push(Deferred::Sunset {
                on,
                sunset,
                span: keys.key_span("sunset"),
                what: what.clone(),
            });
        }
        Some(Deprecation {
            since: since?,
            on: on?,
            note: note.trim().to_owned(),
            replacement,
            sunset,
        })
    }

    fn boolean(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<bool> {
        match &node.value {
            Value::Scalar { text, plain: true } if text == "true" => Some(true),
            Value::Scalar { text, plain: true } if text == "false" => Some(false),
            _ => {
                self.error(node.span, format!("{what}: expected `true` or `false`"));
                None
            }
        }
    }

    /// The catalog at `root` (whose codes were already read when the
    /// loader handed them over).
    fn catalog(&mut self, root: &Node) -> Option<Catalog> {
        // The codes first, as when the loader hands them over while it
        // reads, so that both ways find the same problems in the same order.
        if !self.streamed
            && let Value::Map(entries) = &root.value
            && let Some((_, node)) = entries.iter().find(|(k, _)| k.as_str() == Some("codes"))
            && let Some(entries) = self.map(node, &"`codes`")
        {
            for (k, v) in entries {
                self.code_entry(k, v);
            }
        }
        let keys = self.keys(
            root,
            root.span,
            &"catalog",
            TOP_KEYS,
            &["version", "page", "types", "codes"],
        )?;
        let version = keys
            .get("version")
            .and_then(|n| self.version(n, "`version`"));
        if version == Some(Version::default()) {
            self.error(keys.key_span("version"), "`version` must be at least 0.0.1");
        }
        let docs_url = keys.get("docs_url").and_then(|n| self.docs_url(n));
        let details_error_code = keys
            .get("details_error_code")
            .and_then(|n| self.boolean(n, &"`details_error_code`"))
            .unwrap_or(true);
        self.version = version;
        self.notice_days = keys
            .get("deprecation_notice_days")
            .and_then(|n| self.integer(n, &"`deprecation_notice_days`"))
            .unwrap_or(0);
        let page_spans = match keys.get("page").map(|n| &n.value) {
            Some(Value::Map(entries)) => entries
                .iter()
                .filter_map(|(k, _)| Some((k.as_str()?.to_owned(), k.span)))
                .collect(),
            _ => Vec::new(),
        };
        let locations = Locations {
            version: keys.key_span("version"),
            notice: keys.key_span(if keys.get("deprecation_notice_days").is_some() {
                "deprecation_notice_days"
            } else {
                "version"
            }),
            page: page_spans,
            tombstones: keys.key_span(if keys.get("tombstones").is_some() {
                "tombstones"
            } else {
                "codes"
            }),
            docs_url: keys.key_span(if keys.get("docs_url").is_some() {
                "docs_url"
            } else {
                "version"
            }),
            details_error_code: keys.key_span(if keys.get("details_error_code").is_some() {
                "details_error_code"
            } else {
                "version"
            }),
        };
        let page = keys
            .get("page")
            .map(|n| self.page(n, keys.key_span("page")))
            .unwrap_or_default();
        let types = keys.get("types").map(|n| self.types(n)).unwrap_or_default();
        let tombstones = keys
            .get("tombstones")
            .map(|n| self.tombstones(n))
            .unwrap_or_default();
        // A code's anchor on the page must not be the title's heading id
        // (GitHub would then give the code's heading another one). The id
        // is of the title as rendered, where emphasis may have taken some
        // `_`: compared without them, so no rendering can make them equal.
        let title_key = text::heading_id(&page.title).replace('_', "");
        let (codes, used) = self.check_codes(&types, &tombstones, &title_key);
        // Each code's documentation link (`docs_url`, `#`, its anchor) is
        // a `Url` the runtime takes, at most 2048 bytes: only a long
        // `docs_url` needs the codes' names measured.
        if let Some(url) = docs_url.as_ref().filter(|u| u.len() > URL_MAX_LEN - 1 - 64) {
            for c in codes
                .iter()
                .filter(|c| url.len() + 1 + c.name.len() > URL_MAX_LEN)
            {
                self.error(
                    c.span,
                    format!(
                        "code `{}`: its documentation link (`docs_url`, `#`, its anchor) would be longer than {URL_MAX_LEN} bytes; shorten `docs_url`",
                        c.name
                    ),
                );
            }
        }
        self.check_deprecations();
        // A declared type that no code uses.
        for ((t, span), used) in types.iter().zip(used) {
            if !used {
                self.error(
                    *span,
                    format!("type `{}` is declared but no code uses it", t.name),
                );
            }
        }
        Some(Catalog {
            version: version.unwrap_or(Version::new(1, 0, 0)),
            deprecation_notice_days: self.notice_days,
            docs_url,
            details_error_code,
            page,
            types: types.into_iter().map(|(t, _)| t).collect(),
            codes,
            tombstones: tombstones.into_iter().map(|(t, _)| t).collect(),
            locations,
        })
    }

    /// `docs_url`: an absolute `http(s)` URL of printable ASCII without a
    /// fragment (each code's anchor is appended to it), which RFC 3986
    /// reads (so the OpenAPI document's links are URIs) and the runtime's
    /// `Url` accepts: a host, a port up to 65535, escapes `%` and two hex
    /// digits, `[` and `]` only around an IPv6 host.
    fn docs_url(&mut self, node: &Node) -> Option<String> {
        let url = self.string(node, &"`docs_url`")?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let problem = if let Some(p) = rest.and_then(authority_problem) {
            Some(p)
        } else if rest.is_none() {
            Some("must be an absolute `https://` (or `http://`) URL with a host")
        } else if url.match_indices('%').any(|(i, _)| {
            !url.get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        }) {
            Some("has a `%` that is not followed by two hex digits (write `%25` for `%`)")
        } else if url.contains('#') {
            Some("must not have a fragment (`#`): each code's anchor is appended to it")
        } else if !url
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"'<>\\^`{|}".contains(&b))
        {
            Some(
                "must be printable ASCII without spaces, quotes, backslashes, `<`, `>`, `^`, backticks, `{`, `|` or `}` (percent-encode them)",
            )
        } else {
            None
        };
        match problem {
            Some(p) => {
                self.error(node.span, format!("`docs_url` {p}"));
                None
            }
            None => Some(url),
        }
    }

    fn page(&mut self, node: &Node, owner: Span) -> Page {
        let Some(keys) = self.keys(node, owner, &"page", PAGE_KEYS, PAGE_KEYS) else {
            return Page::default();
        };
        let title = self.required_string(&keys, "title", &"page");
        if title.trim().contains(['\n', '\r']) {
            self.error(
                keys.key_span("title"),
                "page: `title` must be a single line",
            );
        }
        Page {
            title,
            intro: self.required_string(&keys, "intro", &"page"),
            envelope: self.required_string(&keys, "envelope", &"page"),
            streaming: self.required_string(&keys, "streaming", &"page"),
            field_types: self.required_string(&keys, "field_types", &"page"),
        }
    }

    fn types(&mut self, node: &Node) -> Vec<(ErrorType, Span)> {
        let mut out = Vec::new();
        let mut idents: HashMap<String, (String, Span)> = HashMap::new();
        for (k, v) in self.map(node, &"`types`").unwrap_or_default() {
            let name = k.as_str().unwrap_or_default();
            let what = Named("type", name);
            if !names::is_snake_case(name) {
                self.error(
                    k.span,
                    format!("{what}: type names must be snake_case (like `rate_limited`)"),
                );
            } else if let Some(why) = names::refused_variant(&names::variant(name)) {
                self.error(k.span, format!("{what}: {why}"));
            } else {
                Self::unique_ident(
                    &mut self.errors,
                    &mut idents,
                    names::variant(name),
                    name,
                    k.span,
                    "type",
                );
            }
            let Some(keys) = self.keys(v, k.span, &what, TYPE_KEYS, TYPE_KEYS) else {
                continue;
            };
            let status = keys.get("status").and_then(|n| self.status(n, &what));
            let description = self.required_string(&keys, "description", &what);
            out.push((
                ErrorType {
                    name: name.to_owned(),
                    status: status.unwrap_or(500),
                    description,
                    span: k.span,
                },
                k.span,
            ));
        }
        out
    }

    fn status(&mut self, node: &Node, what: &dyn fmt::Display) -> Option<u16> {
        let n = self.integer(node, &format_args!("{what}: `status`"))?;
        if (400..=599).contains(&n) {
            u16::try_from(n).ok()
        } else {
            self.error(
                node.span,
                format!("{what}: status {n} is not an HTTP error status (400–599)"),
            );
            None
        }
    }

    /// Records the Rust identifier a catalog name becomes; reports a clash.
    fn unique_ident(
        errors: &mut Problems,
        seen: &mut HashMap<String, (String, Span)>,
        ident: String,
        name: &str,
        span: Span,
        kind: &str,
    ) {
        if let Some((other, other_span)) = seen.get(&ident) {
            let d = Diagnostic::new(
                span,
                format!("{kind} `{name}` becomes the Rust name `{ident}`, like {kind} `{other}`"),
            )
            .with_label("clashes with an earlier name")
            .with_related(*other_span, format!("{kind} `{other}` defined here"));
            errors.push(d);
            return;
        }
        seen.insert(ident, (name.to_owned(), span));
    }

    fn tombstones(&mut self, node: &Node) -> Vec<(Tombstone, Span)> {
        let mut out = Vec::new();
        for (k, v) in self.map(node, &"`tombstones`").unwrap_or_default() {
            let name = k.as_str().unwrap_or_default();
            let what = Named("tombstone", name);
            // A tombstone names a former code, and is shown on the docs page.
            if !names::is_screaming_snake_case(name) {
                self.error(
                    k.span,
                    format!("{what}: tombstones name former codes, which are SCREAMING_SNAKE_CASE"),
                );
            }
            let Some(keys) = self.keys(v, k.span, &what, TOMBSTONE_KEYS, TOMBSTONE_KEYS) else {
                continue;
            };
            let removed_in = keys.get("removed_in").and_then(|n| {
                let v = self.version(n, &format!("{what}: `removed_in`"))?;
                self.not_after_catalog(v, n.span, &format!("{what}: `removed_in`"));
                Some(v)
            });
            let reason = self.required_string(&keys, "reason", &what);
            out.push((
                Tombstone {
                    name: name.to_owned(),
                    removed_in: removed_in.unwrap_or_default(),
                    reason,
                    span: k.span,
                },
                k.span,
            ));
        }
        out
    }

    /// Reads one entry of `codes`, checking what it can without the rest
    /// of the catalog (see [`check_codes`](Self::check_codes) for the
    /// rest).
    fn code_entry(&mut self, k: &Node, v: &Node) {
        let name = k.as_str().unwrap_or_default();
        let what = Named("code", name);
        if !names::is_screaming_snake_case(name) {
            self.error(
                k.span,
                format!("{what}: codes must be SCREAMING_SNAKE_CASE (like `RATE_LIMITED`)"),
            );
        } else if name.chars().count() > MAX_CODE_LEN {
            self.error(
                k.span,
                format!("{what}: codes must be at most {MAX_CODE_LEN} characters long"),
            );
        } else {
            let variant = names::variant(name);
            if let Some(why) = names::refused_variant(&variant) {
                self.error(k.span, format!("{what}: {why}"));
            } else if variant == names::RESERVED_VARIANT {
                self.error(
                    k.span,
                    format!("{what}: this name is reserved for codes this crate does not know"),
                );
            } else {
                Self::unique_ident(
                    &mut self.errors,
                    &mut self.idents,
                    variant,
                    name,
                    k.span,
                    "code",
                );
            }
        }
        match self.code(name, k.span, &what, v) {
            Some(read) => self.codes.push(read),
            None => self.unread.push((name.to_owned(), k.span)),
        }
    }

    /// Checks the codes read against the rest of the catalog (their types,
    /// the tombstones, each other's `replacement`s), and gives them.
    ///
    /// Also says which types some code uses (in the order of `types`), and
    /// checks each code's anchor against the page title's (`title_key`:
    /// its heading id without `_`). Each code is visited twice, however
    /// many checks there are: a large catalog's model does not stay in
    /// cache between walks.
    fn check_codes(
        &mut self,
        types: &[(ErrorType, Span)],
        tombstones: &[(Tombstone, Span)],
        title_key: &str,
    ) -> (Vec<Code>, Vec<bool>) {
        let codes = std::mem::take(&mut self.codes);
        let mut out = Vec::with_capacity(codes.len());
        // Looked up once per code: by name, not by a scan of every entry.
        let types_by_name: HashMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.name.as_str(), i))
            .collect();
        let mut used = vec![false; types.len()];
        for t in std::mem::take(&mut self.duplicate_types) {
            if let Some(&i) = types_by_name.get(t.as_str()) {
                used[i] = true;
            }
        }
        // The types' names, for suggestions: listed once, when first needed.
        let mut known: Option<Vec<&str>> = None;
        for (mut code, p) in codes {
            let what = Named("code", &code.name);
            if let Some(span) = p.type_span {
                match types_by_name.get(code.error_type.as_str()) {
                    Some(&i) => {
                        code.status = types[i].0.status;
                        used[i] = true;
                    }
                    None => {
                        let known = known.get_or_insert_with(|| {
                            types.iter().map(|(t, _)| t.name.as_str()).collect()
                        });
                        let mut d = Diagnostic::new(
                            span,
                            format!(
                                "{what}: type `{}` is not declared under `types`",
                                code.error_type
                            ),
                        );
                        if let Some(s) =
                            names::closest_within(&code.error_type, known, &mut self.suggestions)
                        {
                            d = d.with_label(format!("did you mean `{s}`?"));
                        }
                        self.errors.push(d);
                    }
                }
            }
            if let Some((own, span)) = p.status
                && code.status != 0
                && own != code.status
            {
                let msg = format!(
                    "{what}: status {own} differs from the status {} of its type `{}`",
                    code.status, code.error_type
                );
                self.error(span, msg);
            }
            out.push(code);
        }
        // One index of the codes read, by name, for the tombstones and the
        // replacements (built with room for all of them: a rehash would
        // read every name again).
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(out.len());
        // Each anchor on the page against the title's: the codes', and the
        // retired codes' (each keeps its heading, so its anchor).
        let anchor_check = |errors: &mut Problems, what: &str, name: &str, span: Span| {
            let anchor = name.chars().map(|ch| ch.to_ascii_lowercase());
            if anchor.clone().filter(|&ch| ch != '_').eq(title_key.chars()) {
                errors.push(Diagnostic::new(
                    span,
                    format!(
                        "{what} `{name}`: its anchor `#{}` on the reference page could also be the page title's; change `page.title`",
                        anchor.collect::<String>()
                    ),
                ));
            }
        };
        for (i, c) in out.iter().enumerate() {
            index.insert(c.name.as_str(), i);
            anchor_check(&mut self.errors, "code", &c.name, c.span);
        }
        for (t, span) in tombstones {
            anchor_check(&mut self.errors, "tombstone", &t.name, *span);
        }
        // A tombstoned name may not be reused, by a code read or not.
        let unread_names = std::mem::take(&mut self.unread);
        let unread: HashMap<&str, Span> =
            unread_names.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        for (t, tomb_span) in tombstones {
            let reuse = match index.get(t.name.as_str()) {
                Some(&i) => Some(out[i].span),
                None => unread.get(t.name.as_str()).copied(),
            };
            if let Some(span) = reuse {
                let d = Diagnostic::new(
                    span,
                    format!(
                        "{} was removed in version {} and may never be reused",
                        Named("code", &t.name),
                        t.removed_in
                    ),
                )
                .with_label("reuses a tombstoned code")
                .with_related(*tomb_span, "tombstone here");
                self.errors.push(d);
            }
        }
        // The codes' names, for suggestions: listed once, when first needed.
        let mut known: Option<Vec<&str>> = None;
        for (name, replacement, span) in std::mem::take(&mut self.replacements) {
            let what = format!("code `{name}`: `deprecated.replacement`");
            match index.get(replacement.as_str()).map(|&i| &out[i]) {
                _ if replacement == name => {
                    self.error(span, format!("{what}: a code cannot replace itself"));
                }
                None => {
                    let known =
                        known.get_or_insert_with(|| out.iter().map(|c| c.name.as_str()).collect());
                    let mut d = Diagnostic::new(
                        span,
                        format!("{what}: `{replacement}` is not a code of this catalog"),
                    );
                    if let Some(s) =
                        names::closest_within(&replacement, known, &mut self.suggestions)
                    {
                        d = d.with_label(format!("did you mean `{s}`?"));
                    }
                    self.errors.push(d);
                }
                Some(c) if c.deprecated.is_some() => {
                    let d = Diagnostic::new(
                        span,
                        format!(
                            "{what}: `{replacement}` is deprecated itself; name the code to use"
                        ),
                    )
                    .with_related(c.span, format!("`{replacement}` defined here"));
                    self.errors.push(d);
                }
                Some(_) => {}
            }
        }
        (out, used)
    }

    /// Checks the deprecations read against the catalog's version and
    /// notice period.
    fn check_deprecations(&mut self) {
        for d in std::mem::take(&mut self.deferred) {
            match d {
                Deferred::Since {
                    version,
                    span,
                    what,
                } => self.not_after_catalog(version, span, &what),
                Deferred::Sunset {
                    on,
                    sunset,
                    span,
                    what,
                } => {
                    let earliest = on.add_days(self.notice_days);
                    if sunset < earliest {
                        self.error(
                            span,
                            format!(
                                "{what}: `sunset` {sunset} gives less than the catalog's {} days of notice after `on` {on} (the earliest sunset is {earliest})",
                                self.notice_days
                            ),
                        );
                    }
                }
            }
        }
    }

    /// A code, with its type and status to check once the types are
    /// read (its `status` is its type's, filled in then).
    fn code(
        &mut self,
        name: &str,
        owner: Span,
        what: &dyn fmt::Display,
        node: &Node,
    ) -> Option<(Code, Pending)> {
        let keys = self.keys(
            node,
            owner,
            what,
            CODE_KEYS,
            &["type", "summary", "description", "retry"],
        )?;
        let mut pending = Pending {
            type_span: None,
            status: None,
        };
        let mut error_type = String::new();
        if let Some(t) = keys.get("type")
            && let Some(tname) = self.string(t, &format_args!("{what}: `type`"))
        {
            pending.type_span = Some(t.span);
            error_type = tname;
        }
        if let Some(s) = keys.get("status") {
            pending.status = self.status(s, what).map(|own| (own, s.span));
        }
        let summary = self.required_string(&keys, "summary", what);
        if summary.contains(['\n', '\r']) {
            self.error(
                keys.key_span("summary"),
                format!("{what}: `summary` must be a single line"),
            );
        }
        let description = self.required_string(&keys, "description", what);
        let notes = keys
            .get("notes")
            .map(|n| self.notes(n, what))
            .unwrap_or_default();
        let param = keys
            .get("param")
            .map_or(ParamRule::None, |n| self.param(n, what));
        let details = keys
            .get("details")
            .map(|n| self.details(n, what))
            .unwrap_or_default();
        // Fields written in the catalog, valid or not: a retry policy naming
        // an invalid field is not reported again as naming a missing one.
        let written = |field: &str| match keys.get("details").map(|n| &n.value) {
            Some(Value::Map(entries)) => entries.iter().any(|(k, _)| k.as_str() == Some(field)),
            _ => false,
        };
        let retry = keys
            .get("retry")
            .and_then(|n| self.retry(n, what, &details, written));
        let retry_note = self.optional_string(&keys, "retry_note", what);
        let deprecated = keys.get("deprecated").and_then(|n| {
            let d = self.deprecation(n, keys.key_span("deprecated"), what, true)?;
            if let Some(r) = &d.replacement {
                let span = deprecation_replacement_span(n);
                self.replacements.push((name.to_owned(), r.clone(), span));
            }
            Some(d)
        });
        let code = Code {
            name: name.to_owned(),
            error_type,
            status: 0,
            summary,
            description,
            notes,
            param,
            retry: retry.unwrap_or(Retry::Never),
            retry_note,
            details,
            deprecated,
            span: owner,
        };
        Some((code, pending))
    }

    fn notes(&mut self, node: &Node, what: &dyn fmt::Display) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => {
                // Room for them all and no more: the model keeps the list.
                let mut notes = Vec::with_capacity(items.len());
                notes.extend(
                    items
                        .iter()
                        .filter_map(|n| self.string(n, &format_args!("{what}: a note"))),
                );
                notes
            }
            _ => {
                self.error(
                    node.span,
                    format!("{what}: `notes` must be a list of texts"),
                );
                Vec::new()
            }
        }
    }

    fn param(&mut self, node: &Node, what: &dyn fmt::Display) -> ParamRule {
        match node.as_str() {
            Some("none") => ParamRule::None,
            Some("optional") => ParamRule::Optional,
            Some("required") => ParamRule::Required,
            _ => {
                self.error(
                    node.span,
                    format!("{what}: `param` must be `none`, `optional` or `required`"),
                );
                ParamRule::None
            }
        }
    }

    fn details(&mut self, node: &Node, what: &dyn fmt::Display) -> Vec<Field> {
        let entries = self
            .map(node, &format_args!("{what}: `details`"))
            .unwrap_or_default();
        // Room for them all and no more: the model keeps the list as it is.
        let mut out = Vec::with_capacity(entries.len());
        let mut idents: HashMap<String, (String, Span)> = HashMap::new();
        for (k, v) in entries {
            let name = k.as_str().unwrap_or_default();
            let fwhat = FieldOf(what, name);
            if !names::is_snake_case(name) {
                self.error(
                    k.span,
                    format!("{fwhat}: field names must be snake_case (like `retry_after_seconds`)"),
                );
            } else if name == ERROR_CODE_FIELD {
                self.error(
                    k.span,
                    format!("{fwhat}: `{ERROR_CODE_FIELD}` is reserved: envelopes repeat the code there (see `details_error_code`)"),
                );
            } else {
                Self::unique_ident(
                    &mut self.errors,
                    &mut idents,
                    names::field(name),
                    name,
                    k.span,
                    "field",
                );
            }
            let Some(keys) = self.keys(v, k.span, &fwhat, FIELD_KEYS, &FIELD_KEYS[..3]) else {
                continue;
            };
            let ty = keys.get("type").and_then(|t| {
                let text = t.as_str().unwrap_or_default();
                let ty = FieldType::parse(text);
                if ty.is_none() {
                    let all: Vec<&str> = FieldType::ALL.iter().map(|t| t.as_str()).collect();
                    let label = match names::closest(text, &all) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("expected one of {}", list(&all)),
                    };
                    self.errors.push(
                        Diagnostic::new(t.span, format!("{fwhat}: unknown field type `{text}`"))
                            .with_label(label),
                    );
                }
                ty
            });
            let required = keys
                .get("required")
                .and_then(|n| self.boolean(n, &format_args!("{fwhat}: `required`")));
            let description = self.required_string(&keys, "description", &fwhat);
            let deprecated = keys
                .get("deprecated")
                .and_then(|n| self.deprecation(n, keys.key_span("deprecated"), &fwhat, false));
            if let (Some(ty), Some(required)) = (ty, required) {
                out.push(Field {
                    name: name.to_owned(),
                    ty,
                    required,
                    description,
                    deprecated,
                    span: k.span,
                });
            }
        }
        out
    }

    fn retry(
        &mut self,
        node: &Node,
        what: &dyn fmt::Display,
        details: &[Field],
        written: impl Fn(&str) -> bool,
    ) -> Option<Retry> {
        let kinds: Vec<&str> = crate::model::RETRY_KINDS.iter().map(|k| k.name).collect();
        let (kind, kind_span, field) = match &node.value {
            Value::Scalar { text, .. } => (text.as_str(), node.span, None),
            Value::Map(entries) if entries.len() == 1 => {
                let (k, v) = &entries[0];
                let Some(field) = v.as_str() else {
                    self.error(
                        v.span,
                        format!("{what}: the retry field must be a details field name"),
                    );
                    return None;
                };
                (
                    k.as_str().unwrap_or_default(),
                    k.span,
                    Some((field, v.span)),
                )
            }
            _ => {
                self.error(
                    node.span,
                    format!(
                        "{what}: `retry` must be one of {} or a mapping like `{{after_delay: FIELD}}`",
                        list(&kinds)
                    ),
                );
                return None;
            }
        };
        let retry = match (kind, field) {
            ("never", None) => Retry::Never,
            ("backoff", None) => Retry::Backoff,
            ("after_action", None) => Retry::AfterAction { field: None },
            ("after_delay", None) => {
                self.error(
                    kind_span,
                    format!("{what}: `after_delay` needs the details field holding the delay, like `{{after_delay: retry_after_seconds}}`"),
                );
                return None;
            }
            ("after_delay" | "after_action", Some((field, span))) => {
                let Some(f) = details.iter().find(|f| f.name == field) else {
                    if written(field) {
                        // The field itself is invalid; that was reported.
                        return None;
                    }
                    let known: Vec<&str> = details.iter().map(|f| f.name.as_str()).collect();
                    let mut d = Diagnostic::new(
                        span,
                        format!(
                            "{what}: retry policy refers to details field `{field}`, which does not exist"
                        ),
                    );
                    if let Some(s) = names::closest(field, &known) {
                        d = d.with_label(format!("did you mean `{s}`?"));
                    }
                    self.errors.push(d);
                    return None;
                };
                let needed = if kind == "after_delay" {
                    FieldType::DurationSeconds
                } else {
                    FieldType::Timestamp
                };
                if f.ty != needed {
                    self.error(
                        span,
                        format!(
                            "{what}: `{kind}` must refer to a `{needed}` details field, but `{field}` is a `{}`",
                            f.ty
                        ),
                    );
                    return None;
                }
                if kind == "after_delay" {
                    Retry::AfterDelay {
                        field: field.to_owned(),
                    }
                } else {
                    Retry::AfterAction {
                        field: Some(field.to_owned()),
                    }
                }
            }
            ("never" | "backoff", Some((_, span))) => {
                self.error(span, format!("{what}: retry kind `{kind}` takes no field"));
                return None;
            }
            _ => {
                let mut d =
                    Diagnostic::new(kind_span, format!("{what}: unknown retry kind `{kind}`"));
                d = match names::closest(kind, &kinds) {
                    Some(s) => d.with_label(format!("did you mean `{s}`?")),
                    None => d.with_label(format!("expected one of {}", list(&kinds))),
                };
                self.errors.push(d);
                return None;
            }
        };
        Some(retry)
    }
}

/// Where a `deprecated` mapping's `replacement` value is written.
fn deprecation_replacement_span(node: &Node) -> Span {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some("replacement"))
            .map_or(node.span, |(_, v)| v.span),
        _ => node.span,
    }
}

/// A scalar as `` `text` ``, or the node's kind.
fn shown(node: &Node) -> String {
    match node.as_str() {
        Some(text) if !node.is_null() => format!("`{text}`"),
        _ => node.kind().to_owned(),
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
/// The longest URL the runtime's `Url` takes, in bytes.
const URL_MAX_LEN: usize = 2048;

/// What is wrong with the authority of `rest`, a URL after its `scheme://`,
/// and the `[` or `]` after it, if anything.
fn authority_problem(rest: &str) -> Option<&'static str> {
    const NO_HOST: &str = "must be an absolute `https://` (or `http://`) URL with a host";
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if tail.contains(['[', ']']) {
        return Some(
            "has `[` or `]` outside an IPv6 host (percent-encode them as `%5B` and `%5D`)",
        );
    }
    let host_port = match authority.rsplit_once('@') {
        Some((user, _)) if user.contains(['@', '[', ']']) => {
            return Some("has more than one `@`, or a `[` or `]`, in its user information");
        }
        Some((_, host_port)) => host_port,
        None => authority,
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(inside) => {
            let Some((address, after)) = inside.split_once(']') else {
                return Some("has an unclosed `[` in its host");
            };
            if address.parse::<std::net::Ipv6Addr>().is_err() {
                return Some("has a host in brackets that is not an IPv6 address");
            }
            match after.strip_prefix(':') {
                Some(port) => ("[]", Some(port)),
                None if after.is_empty() => ("[]", None),
                None => return Some("has text after its IPv6 host"),
            }
        }
        None if host_port.contains(['[', ']']) => {
            return Some("has `[` or `]` in its host outside an IPv6 address");
        }
        None => match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    if host.is_empty() {
        return Some(NO_HOST);
    }
    if port.is_some_and(|p| {
        !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err() && !p.is_empty()
    }) {
        return Some("has a port that is not a number up to 65535");
    }
    if host != "[]" {
        return domain_problem(host);
    }
    None
}

/// What is wrong with a host name, by the runtime's `Url` rules (the
/// WHATWG URL standard's): its escapes decode to UTF-8 without a character
/// a domain name cannot hold, and if its last label is a number it is a
/// dotted IPv4 address.
fn domain_problem(host: &str) -> Option<&'static str> {
    let bytes = host.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| char::from(*bytes.get(at)?).to_digit(16);
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                decoded.push(u8::try_from(hi * 16 + lo).unwrap_or_default());
                i += 3;
            }
            _ => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Some("has a host whose `%` escapes are not UTF-8");
    };
    if decoded.chars().any(|c| {
        c.is_ascii_control()
            || matches!(
                c,
                ' ' | '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|'
            )
    }) {
        return Some("has a host holding (escaped) a character a domain name cannot");
    }
    let name = decoded.strip_suffix('.').unwrap_or(&decoded);
    let last = name.rsplit('.').next().unwrap_or_default();
    let numeric = (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
        || last
            .strip_prefix("0x")
            .or_else(|| last.strip_prefix("0X"))
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if numeric && name.parse::<std::net::Ipv4Addr>().is_err() {
        return Some("has a host ending in a number that is not an IPv4 address a.b.c.d");
    }
    None
}
