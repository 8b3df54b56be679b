//! Step 1 of the pipeline: read a catalog file into a located YAML tree.
//!
//! The tree is built from `saphyr-parser` events rather than by a serde
//! deserializer so that every node, key and value keeps its line and column
//! for later diagnostics. This step also enforces what YAML itself forbids or
//! what makes input hostile: duplicate keys, tags, several documents,
//! over-deep nesting, alias expansion bombs and oversized files.
//!
//! Reading a catalog to validate it, the loader hands each entry of
//! `codes` over as soon as it is read (a `CodeSink`), so that a catalog
//! of any size is never held whole as a tree.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::{Diagnostic, Diagnostics, Problems, Span};

/// How much a catalog may hold before it is refused as hostile or broken.
///
/// The defaults admit a catalog of 10,000 codes written like
/// `catalog/errors.yaml` (a synthetic one of that size is about 8.4 MB and
/// 350,000 nodes) with room to spare, and still refuse alias bombs, deep
/// nesting and oversized text in milliseconds and bounded memory. Raise a
/// limit with the setter of the same name and pass the result to
/// [`crate::Builder::limits`], [`crate::load_catalog_with`] or
/// [`crate::parse_catalog_with`]:
///
/// ```
/// use hasp_errors_codegen::Limits;
///
/// let limits = Limits::default()
///     .max_file_bytes(64 << 20)
///     .max_nodes(4_000_000);
/// assert_eq!(limits.max_file_bytes, 64 << 20);
/// ```
///
/// More limits may be added in minor releases, so the struct cannot be
/// written as a literal; start from [`Limits::default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest catalog file accepted, in bytes; checked before parsing.
    /// Default: 16 MiB.
    pub max_file_bytes: usize,
    /// Deepest nesting of mappings and sequences, aliases expanded.
    /// Default: 32 (a catalog needs 6: a deprecated details field's
    /// `since` is that deep). Flow collections (`[`, `{`) are
    /// also refused by the YAML parser beyond 255 levels, whatever this is.
    /// The tree is copied, weighed and dropped by recursion, so a limit of
    /// many thousands lets a document overflow the stack (with
    /// `max_nodes` raised too, a million levels do).
    pub max_depth: usize,
    /// Most nodes (mappings, sequences and scalars) a catalog may hold,
    /// aliases expanded. Default: 1,000,000.
    pub max_nodes: usize,
    /// Longest single scalar (a description, a note...), in bytes.
    /// Default: 1 MiB.
    pub max_scalar_bytes: usize,
    /// Most scalar text a catalog may hold in all, in bytes, with the
    /// copies anchors and aliases make. Default: 32 MiB.
    pub max_text_bytes: usize,
    /// Most nodes anchors and aliases may copy in all: an anchored mapping
    /// of ten nodes is copied once where it is defined, and once more at
    /// each alias. Default: 250,000.
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 << 20,
            max_depth: 32,
            max_nodes: 1_000_000,
            max_scalar_bytes: 1 << 20,
            max_text_bytes: 32 << 20,
            max_alias_nodes: 250_000,
        }
    }
}

impl Limits {
    /// Sets [`max_file_bytes`](Limits#structfield.max_file_bytes).
    #[must_use]
    pub fn max_file_bytes(mut self, bytes: usize) -> Self {
        self.max_file_bytes = bytes;
        self
    }

    /// Sets [`max_depth`](Limits#structfield.max_depth).
    #[must_use]
    pub fn max_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels;
        self
    }

    /// Sets [`max_nodes`](Limits#structfield.max_nodes).
    #[must_use]
    pub fn max_nodes(mut self, nodes: usize) -> Self {
        self.max_nodes = nodes;
        self
    }

    /// Sets [`max_scalar_bytes`](Limits#structfield.max_scalar_bytes).
    #[must_use]
    pub fn max_scalar_bytes(mut self, bytes: usize) -> Self {
        self.max_scalar_bytes = bytes;
        self
    }

    /// Sets [`max_text_bytes`](Limits#structfield.max_text_bytes).
    #[must_use]
    pub fn max_text_bytes(mut self, bytes: usize) -> Self {
        self.max_text_bytes = bytes;
        self
    }

    /// Sets [`max_alias_nodes`](Limits#structfield.max_alias_nodes).
    #[must_use]
    pub fn max_alias_nodes(mut self, nodes: usize) -> Self {
        self.max_alias_nodes = nodes;
        self
    }
}

/// The end of a message about an exceeded limit: which limit, its value,
/// and how to raise it (the setter, and the CLI flag of the same name).
fn limit_hint(limit: &str, value: usize, unit: &str) -> String {
    format!(
        "(limit `{limit}` is {value}{unit}; raise it with `Limits::{limit}` through \
         `Builder::limits`, or `--{}`)",
        limit.replace('_', "-")
    )
}

/// Takes the entries of the catalog's `codes` mapping as the loader reads
/// them, instead of the tree (whose `codes` are then an empty mapping):
/// see `validate::load_and_validate`.
pub(crate) trait CodeSink {
    /// A code's entry, read whole (a key sent twice is not handed over
    /// here: it is reported, and its value dropped, as in any mapping).
    fn take(&mut self, key: &Node, value: Node);

    /// The entry of a code sent again (reported as a duplicate; not a code
    /// of the catalog), so that what it says can still count, such as the
    /// type it uses.
    fn take_duplicate(&mut self, _key: &Node, _value: &Node) {}

    /// Told, before any code is handed over, about how many codes the
    /// catalog holds (see [`codes_expected`]), so the sink can make room
    /// for them up front (growing an index of names costs a read of every
    /// name so far).
    fn expect(&mut self, _codes: usize) {}
}

/// About how many codes a catalog of `bytes` bytes holds, to make room
/// for them up front: a guess that errs high for catalogs written like
/// `catalog/errors.yaml` (about 670 bytes a code; the scale bench's 835),
/// and at most as many codes as `limits` lets the catalog hold (a valid
/// code takes at least ten nodes), so that raised limits never make room
/// for more. Terse catalogs, whose codes take fewer bytes, only make the
/// indexes grow.
fn codes_expected(bytes: usize, limits: &Limits) -> usize {
    const BYTES_PER_CODE: usize = 512;
    const NODES_PER_CODE: usize = 10;
    (bytes / BYTES_PER_CODE).min(limits.max_nodes / NODES_PER_CODE)
}

/// A catalog read into a tree, its text borrowed when it can be (the
/// public functions give a [`Loaded`], which owns it).
pub(crate) struct Tree<'a> {
    pub(crate) path: std::path::PathBuf,
    pub(crate) source: Cow<'a, str>,
    pub(crate) root: Node,
}

impl Tree<'_> {
    fn into_loaded(self) -> Loaded {
        Loaded {
            path: self.path,
            source: self.source.into_owned(),
            root: self.root,
        }
    }
}

/// Where the text of a catalog to load comes from.
pub(crate) enum Source<'a> {
    /// The file at the path.
    File,
    /// These bytes, read from the path.
    Bytes(&'a [u8]),
}

/// Loads a catalog, handing each code's entry to `sink` as it is read.
///
/// # Errors
/// As [`load_file`], for a file that cannot be read as text or holds no
/// document; the other problems are in the [`Parsed`].
pub(crate) fn load_into<'a>(
    path: &Path,
    source: Source<'a>,
    limits: &Limits,
    sink: &mut dyn CodeSink,
) -> Result<Parsed<'a>, Diagnostics> {
    match source {
        Source::File => read_file(path, limits, Some(sink)),
        Source::Bytes(bytes) => read_bytes(path, bytes, limits, Some(sink)),
    }
}

/// A YAML node with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Where the node starts in the source.
    pub span: Span,
    /// Its content.
    pub value: Value,
}

/// The content of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as written; `plain` is false for quoted and block scalars.
    Scalar {
        /// The scalar's text.
        text: String,
        /// Whether it was written without quotes or block indicators.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; keys are scalars and unique.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is a YAML null (`~`, `null` or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A short description of the node's kind, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "null",
            Value::Scalar { .. } => "a scalar",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A catalog file read and parsed into a tree.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's path, as given.
    pub path: std::path::PathBuf,
    /// The file's text.
    pub source: String,
    /// The document's root node.
    pub root: Node,
}

/// Reads and parses the catalog at `path`, within the default [`Limits`].
///
/// # Errors
/// Every problem found, located: unreadable or oversized files, invalid
/// UTF-8, YAML syntax errors, duplicate keys and the other rules of this
/// module.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    load_file_with(path, &Limits::default())
}

/// Reads and parses the catalog at `path` within `limits`.
///
/// The file is never read past `limits.max_file_bytes` (plus one byte),
/// even when it is not a regular file (a pipe, `/dev/zero`).
///
/// # Errors
/// As [`load_file`].
pub fn load_file_with(path: &Path, limits: &Limits) -> Result<Loaded, Diagnostics> {
    read_file(path, limits, None)
        .and_then(Parsed::into_tree)
        .map(Tree::into_loaded)
}

fn read_file(
    path: &Path,
    limits: &Limits,
    sink: Option<&mut dyn CodeSink>,
) -> Result<Parsed<'static>, Diagnostics> {
    let fail = |msg: String| Diagnostics::new(path, "", vec![Diagnostic::new(at_start(), msg)]);
    let cannot_read =
        |e: std::io::Error| fail(format!("cannot read catalog `{}`: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    let max = limits.max_file_bytes;
    if meta.len() > max as u64 {
        return Err(fail(too_big(&meta.len().to_string(), max)));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::new();
    file.take((max as u64).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() > max {
        // The file grew since, or is not a regular file.
        return Err(fail(too_big(&format!("more than {max}"), max)));
    }
    // The text is the bytes read, not a copy of them.
    match String::from_utf8(bytes) {
        Ok(text) => read_str(path, Cow::Owned(text), limits, sink),
        Err(e) => Err(not_utf8(path, e.as_bytes(), e.utf8_error())),
    }
}

/// Parses catalog bytes read from `path` (used only in messages), within
/// the default [`Limits`].
///
/// # Errors
/// As [`load_file`].
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, Diagnostics> {
    load_bytes_with(path, bytes, &Limits::default())
}

/// Parses catalog bytes read from `path` (used only in messages) within
/// `limits`.
///
/// # Errors
/// As [`load_file`].
pub fn load_bytes_with(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Loaded, Diagnostics> {
    read_bytes(path, bytes, limits, None)
        .and_then(Parsed::into_tree)
        .map(Tree::into_loaded)
}

fn read_bytes<'a>(
    path: &Path,
    bytes: &'a [u8],
    limits: &Limits,
    sink: Option<&mut dyn CodeSink>,
) -> Result<Parsed<'a>, Diagnostics> {
    if bytes.len() > limits.max_file_bytes {
        return Err(Diagnostics::new(
            path,
            "",
            vec![Diagnostic::new(
                at_start(),
                too_big(&bytes.len().to_string(), limits.max_file_bytes),
            )],
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_str(path, Cow::Borrowed(text), limits, sink),
        Err(e) => Err(not_utf8(path, bytes, e)),
    }
}

/// Text that is not UTF-8, reported at its first invalid byte.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostics {
    let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
    let span = end_span(&valid);
    let msg = format!(
        "catalog is not valid UTF-8: invalid byte 0x{:02x} at byte offset {}",
        bytes[e.valid_up_to()],
        e.valid_up_to()
    );
    // Show the valid prefix so the caret lands just before the bad byte.
    Diagnostics::new(path, valid, vec![Diagnostic::new(span, msg)])
}

/// Parses catalog text read from `path` (used only in messages), within
/// the default [`Limits`].
///
/// # Errors
/// As [`load_file`].
pub fn load_str(path: &Path, source: String) -> Result<Loaded, Diagnostics> {
    load_str_with(path, source, &Limits::default())
}

/// Parses catalog text read from `path` (used only in messages) within
/// `limits`.
///
/// # Errors
/// As [`load_file`].
pub fn load_str_with(path: &Path, source: String, limits: &Limits) -> Result<Loaded, Diagnostics> {
    read_str(path, Cow::Owned(source), limits, None)
        .and_then(Parsed::into_tree)
        .map(Tree::into_loaded)
}

fn read_str<'a>(
    path: &Path,
    source: Cow<'a, str>,
    limits: &Limits,
    mut sink: Option<&mut dyn CodeSink>,
) -> Result<Parsed<'a>, Diagnostics> {
    if source.len() > limits.max_file_bytes {
        let msg = too_big(&source.len().to_string(), limits.max_file_bytes);
        return Err(Diagnostics::new(
            path,
            "",
            vec![Diagnostic::new(at_start(), msg)],
        ));
    }
    if source.trim().is_empty() {
        return Err(empty(path, source.into_owned()));
    }
    let codes = codes_expected(source.len(), limits);
    if let Some(sink) = sink.as_deref_mut() {
        sink.expect(codes);
    }
    let mut builder = Builder::new(*limits, sink, codes);
    let root = builder.run(&source);
    if root.is_none() && builder.errors.is_empty() {
        return Err(empty(path, source.into_owned()));
    }
    Ok(Parsed {
        path: path.to_owned(),
        source,
        root,
        problems: builder.errors,
        cut_short: builder.cut_short,
    })
}

/// What reading a catalog's text gave: its tree, unless a problem stopped
/// the reader (a syntax error, a limit), and the problems found, among
/// them those it read past (a duplicate key: the first value is kept), so
/// that the validator can go on and report its own too.
pub(crate) struct Parsed<'a> {
    pub(crate) path: std::path::PathBuf,
    pub(crate) source: Cow<'a, str>,
    pub(crate) root: Option<Node>,
    pub(crate) problems: Problems,
    /// Where the name of the code, already handed to the sink, that the
    /// syntax error which stopped the reader may have cut short is, and
    /// where the error is: what was found wrong in between (keys its
    /// entry or a mapping in it lacks, an empty value) may be the error's
    /// doing, and is reported once the entry reads whole.
    pub(crate) cut_short: Option<(Span, Span)>,
}

impl<'a> Parsed<'a> {
    /// The tree, if the text was read whole without a problem.
    fn into_tree(self) -> Result<Tree<'a>, Diagnostics> {
        match self.root {
            Some(root) if self.problems.is_empty() => Ok(Tree {
                path: self.path,
                source: self.source,
                root,
            }),
            _ => Err(diagnostics(
                &self.path,
                self.source.into_owned(),
                self.problems,
            )),
        }
    }
}

/// The problems found in `source`, those the parser places past its end
/// (it reads the end of the text as one more line) moved to just after
/// its last character that is not a line break.
pub(crate) fn diagnostics(path: &Path, source: String, problems: Problems) -> Diagnostics {
    let end = end_span(&source);
    let mut items = problems.into_vec(|| end);
    let last = end_span(source.trim_end_matches(['\n', '\r']));
    // A byte order mark is not a column.
    let bom = usize::from(last.line == 1 && source.starts_with('\u{feff}'));
    for d in &mut items {
        if d.span.start >= end.start || d.span.line > end.line {
            d.span = Span::new(last.start, 0, last.line, last.col - bom);
        }
    }
    Diagnostics::new(path, source, items)
}

/// A file with no YAML document: nothing but blank lines and comments.
fn empty(path: &Path, source: String) -> Diagnostics {
    Diagnostics::new(
        path,
        source,
        vec![Diagnostic::new(
            at_start(),
            "catalog is empty: expected a mapping with `version`, `page`, `types` and `codes`",
        )],
    )
}

fn too_big(len: &str, max: usize) -> String {
    format!(
        "catalog is too large: {len} bytes {}",
        limit_hint("max_file_bytes", max, " bytes")
    )
}

fn at_start() -> Span {
    Span::new(0, 0, 1, 1)
}

/// The position just past the end of `text`.
pub(crate) fn end_span(text: &str) -> Span {
    let chars = text.chars().count();
    // Lines end as YAML's do: at `\n`, `\r\n` or a lone `\r`.
    let breaks =
        text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
    let last = text.rsplit(['\n', '\r']).next().unwrap_or_default();
    Span::new(chars, 0, breaks + 1, last.chars().count() + 1)
}

fn span_of(s: saphyr_parser::Span) -> Span {
    let len = s.end.index().saturating_sub(s.start.index());
    Span::new(s.start.index(), len, s.start.line(), s.start.col() + 1)
}

enum Frame {
    Seq(Span, usize, Vec<Node>),
    Map(Span, usize, MapFrame),
}

/// A mapping being read.
#[derive(Default)]
struct MapFrame {
    entries: Vec<(Node, Node)>,
    /// Where each key is, to find duplicates in O(1); built only for a
    /// large mapping (a small one is searched in place, which saves a copy
    /// of every key), and at the first code for the catalog's `codes` when
    /// they go to a sink (see [`MapFrame::add_key`]).
    seen: Option<HashMap<String, Span>>,
    /// The key read, waiting for its value; `false` for a duplicate, whose
    /// value is dropped.
    pending: Option<(Node, bool)>,
}

/// Above this many keys a mapping indexes them to find duplicates.
const INDEX_KEYS_ABOVE: usize = 16;

impl MapFrame {
    /// Where `key` was first defined, if it was.
    fn find(&mut self, key: &str) -> Option<Span> {
        if self.seen.is_none() && self.entries.len() > INDEX_KEYS_ABOVE {
            let index = self
                .entries
                .iter()
                .filter_map(|(k, _)| Some((k.as_str()?.to_owned(), k.span)))
                .collect();
            self.seen = Some(index);
        }
        match &self.seen {
            Some(seen) => seen.get(key).copied(),
            None => self
                .entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, _)| k.span),
        }
    }

    /// Adds an entry whose key is new.
    fn add(&mut self, key: Node, value: Node) {
        if let (Some(seen), Some(text)) = (&mut self.seen, key.as_str()) {
            seen.insert(text.to_owned(), key.span);
        }
        self.entries.push((key, value));
    }

    /// Notes a key whose value went to the sink: only the key is kept,
    /// moved into the index (the tree's mapping stays empty), which makes
    /// room for about `codes_expected` keys when the first one comes.
    fn add_key(&mut self, key: Node, codes_expected: usize) {
        if let Value::Scalar { text, .. } = key.value {
            self.seen
                .get_or_insert_with(|| HashMap::with_capacity(codes_expected))
                .insert(text, key.span);
        }
    }
}

/// An anchored node and what copying it costs, weighed once.
struct Anchored {
    node: Node,
    weight: Weight,
}

/// The size of a subtree.
#[derive(Clone, Copy)]
struct Weight {
    nodes: usize,
    bytes: usize,
    /// Levels of mappings and sequences (0 for a scalar).
    depth: usize,
}

struct Builder<'s> {
    limits: Limits,
    sink: Option<&'s mut dyn CodeSink>,
    errors: Problems,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// About how many codes the catalog holds (see [`codes_expected`]).
    codes_expected: usize,
    nodes: usize,
    text_bytes: usize,
    alias_nodes: usize,
    documents: usize,
    root: Option<Node>,
    /// Where the name of the last code handed to the sink is, until the
    /// next key of `codes` is read.
    last_code: Option<Span>,
    /// That code's name and the syntax error, when the error may have cut
    /// the code's entry short (see [`scan_context`](Self::scan_context)).
    cut_short: Option<(Span, Span)>,
}

/// Why the event loop stopped early.
struct Abort;

impl<'s> Builder<'s> {
    fn new(limits: Limits, sink: Option<&'s mut dyn CodeSink>, codes_expected: usize) -> Self {
        Builder {
            limits,
            sink,
            errors: Problems::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            codes_expected,
            nodes: 0,
            text_bytes: 0,
            alias_nodes: 0,
            documents: 0,
            root: None,
            last_code: None,
            cut_short: None,
        }
    }

    fn run(&mut self, source: &str) -> Option<Node> {
        let parser = Parser::new_from_str(source);
        let mut cursor = CharCursor::new(source);
        // Where the last event ended.
        let mut last_end = saphyr_parser::Marker::new(0, 1, 0);
        for item in parser {
            let step = match item {
                Ok((event, span)) => {
                    let mut at = span_of(span);
                    // A block scalar's event starts where its content does
                    // (or, empty, where the next node does): point at its
                    // `|` or `>` instead.
                    if let Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) = event
                        && let Some(header) = cursor.block_header(last_end, span.start)
                    {
                        at = header;
                    }
                    // An implicit document starts where its first node
                    // does (its span is that node's), so a block scalar
                    // there is searched for from the start.
                    if !matches!(event, Event::DocumentStart(false)) {
                        last_end = span.end;
                    }
                    self.event(event, at)
                }
                Err(e) => {
                    let d = scan_error(source, &e, &self.limits);
                    let context = self.scan_context(source, d.span);
                    let d = Diagnostic::new(d.span, format!("{context}{}", d.message));
                    self.errors.push_last(d);
                    Err(Abort)
                }
            };
            if step.is_err() {
                return None;
            }
        }
        self.root.take()
    }

    /// Reports the problem that stops the loader, naming the code it is
    /// in (see [`context`](Self::context)); it is kept whatever was
    /// reported before it.
    fn fatal(&mut self, span: Span, msg: impl Into<String>) -> Result<(), Abort> {
        let mut msg = msg.into();
        msg.insert_str(0, &self.context());
        self.errors.push_last(Diagnostic::new(span, msg));
        Err(Abort)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Abort> {
        let is_seq = matches!(event, Event::SequenceStart(..));
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return self.fatal(
                        span,
                        "the catalog must be a single YAML document, but a second one starts here",
                    );
                }
                Ok(())
            }
            Event::Scalar(text, style, anchor, tag) => {
                if tag.is_some() {
                    return self.tag_refused(span);
                }
                let max = self.limits.max_scalar_bytes;
                if text.len() > max {
                    let msg = format!(
                        "this text is too long: {} bytes {}",
                        text.len(),
                        limit_hint("max_scalar_bytes", max, " bytes")
                    );
                    return self.fatal(span, msg);
                }
                self.count(span, 1, text.len())?;
                let node = Node {
                    span,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                };
                self.remember(anchor, &node)?;
                self.push(node)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    return self.tag_refused(span);
                }
                if self.stack.len() >= self.limits.max_depth {
                    let msg = too_deep(&self.limits);
                    return self.fatal(span, msg);
                }
                self.count(span, 1, 0)?;
                self.stack.push(if is_seq {
                    Frame::Seq(span, anchor, Vec::new())
                } else {
                    Frame::Map(span, anchor, MapFrame::default())
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq(span, anchor, items)) => {
                        let node = Node {
                            span,
                            value: Value::Seq(items),
                        };
                        self.remember(anchor, &node)?;
                        node
                    }
                    Some(Frame::Map(span, anchor, map)) => {
                        let node = Node {
                            span,
                            value: Value::Map(map.entries),
                        };
                        self.remember(anchor, &node)?;
                        node
                    }
                    None => return self.fatal(span, "unbalanced YAML collection end"),
                };
                self.push(node)
            }
            Event::Alias(id) => {
                let Some(weight) = self.anchors.get(&id).map(|a| a.weight) else {
                    return self.fatal(span, "alias refers to an unknown anchor");
                };
                // Everything is checked before anything is copied.
                if self.stack.len() + weight.depth > self.limits.max_depth {
                    let msg = too_deep(&self.limits);
                    return self.fatal(span, msg);
                }
                self.copied(span, weight.nodes)?;
                self.count(span, weight.nodes, weight.bytes)?;
                let value = self.anchors[&id].node.value.clone();
                self.push(Node { span, value })
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        }
    }

    fn count(&mut self, span: Span, nodes: usize, bytes: usize) -> Result<(), Abort> {
        self.nodes = self.nodes.saturating_add(nodes);
        self.text_bytes = self.text_bytes.saturating_add(bytes);
        let limits = self.limits;
        if self.nodes > limits.max_nodes {
            let msg = format!(
                "the catalog has too many mappings, lists and scalars, aliases expanded {}",
                limit_hint("max_nodes", limits.max_nodes, " nodes")
            );
            return self.fatal(span, msg);
        }
        if self.text_bytes > limits.max_text_bytes {
            let msg = format!(
                "the catalog holds too much text, with the copies for anchors and aliases {}",
                limit_hint("max_text_bytes", limits.max_text_bytes, " bytes")
            );
            return self.fatal(span, msg);
        }
        Ok(())
    }

    /// Counts `nodes` copied for an anchor or an alias.
    fn copied(&mut self, span: Span, nodes: usize) -> Result<(), Abort> {
        self.alias_nodes = self.alias_nodes.saturating_add(nodes);
        let max = self.limits.max_alias_nodes;
        if self.alias_nodes > max {
            let msg = format!(
                "anchors and aliases copy too much data {}",
                limit_hint("max_alias_nodes", max, " copied nodes")
            );
            return self.fatal(span, msg);
        }
        Ok(())
    }

    /// Keeps a copy of an anchored node for its aliases. The copy counts
    /// like an alias's: anchors nested in anchors would otherwise copy the
    /// innermost content once per level.
    fn remember(&mut self, anchor: usize, node: &Node) -> Result<(), Abort> {
        if anchor != 0 {
            let weight = weigh(node);
            self.copied(node.span, weight.nodes)?;
            self.count(node.span, 0, weight.bytes)?;
            let anchored = Anchored {
                node: node.clone(),
                weight,
            };
            self.anchors.insert(anchor, anchored);
        }
        Ok(())
    }

    /// Whether the node about to be pushed is the value of an entry of
    /// the top-level `codes` mapping, read for the first time.
    /// Neither mapping may carry an anchor: an alias would copy it, and
    /// must copy (and count) the codes themselves, so an anchored catalog
    /// is read whole into the tree.
    fn is_code_entry(&self) -> bool {
        let [Frame::Map(_, 0, root), Frame::Map(_, 0, codes)] = self.stack.as_slice() else {
            return false;
        };
        matches!(&codes.pending, Some((_, true)))
            && matches!(&root.pending, Some((key, true)) if key.as_str() == Some("codes"))
    }

    /// [`is_code_entry`](Self::is_code_entry), of a code sent again.
    fn is_code_entry_again(&self) -> bool {
        let [Frame::Map(_, 0, root), Frame::Map(_, 0, codes)] = self.stack.as_slice() else {
            return false;
        };
        matches!(&codes.pending, Some((_, false)))
            && matches!(&root.pending, Some((key, true)) if key.as_str() == Some("codes"))
    }

    /// Refuses a YAML tag (`!!binary`, `!x`): the catalog is plain data.
    fn tag_refused(&mut self, span: Span) -> Result<(), Abort> {
        self.fatal(span, "YAML tags are not supported in the catalog")
    }

    /// Whether the reader is in the catalog's `codes` (at any depth).
    fn in_codes(&self) -> bool {
        matches!(self.stack.first(), Some(Frame::Map(_, _, root))
            if matches!(&root.pending, Some((key, _)) if key.as_str() == Some("codes")))
    }

    /// [`context`](Self::context) for a syntax error at `at`: the scanner
    /// reads ahead of the events, so the code whose entry is open may have
    /// ended before `at`, at a line indented no further than its name (the
    /// next code's, or a top-level key's): then the error is not in it.
    /// With no entry open, the last code handed over is named when the
    /// error is still within its indentation (a line indented less than
    /// its keys but more than its name ends its entry, for YAML, and then
    /// fails to parse): its entry was cut short, so its problems wait until
    /// it reads whole (see [`Parsed::cut_short`]).
    fn scan_context(&mut self, source: &str, at: Span) -> String {
        let Some(Frame::Map(_, _, codes)) = self.stack.get(1).filter(|_| self.in_codes()) else {
            return self.context();
        };
        let (key, name, open) = match (&codes.pending, self.last_code) {
            (Some((key, _)), _) => (key.span, key.as_str().map(str::to_owned), true),
            (None, Some(last)) if self.stack.len() == 2 => {
                // Kept in the index (codes handed to a sink, or many) or in
                // the entries.
                let name = codes
                    .seen
                    .as_ref()
                    .and_then(|seen| {
                        seen.iter()
                            .find(|(_, s)| **s == last)
                            .map(|(n, _)| n.clone())
                    })
                    .or_else(|| {
                        codes
                            .entries
                            .iter()
                            .find(|(k, _)| k.span == last)
                            .and_then(|(k, _)| k.as_str().map(str::to_owned))
                    });
                (last, name, false)
            }
            _ => return self.context(),
        };
        let (_, from_key) = around(source, key);
        let indent = key.col.saturating_sub(1);
        // Lines end at `\n` or `\r\n` (a lone `\r` is left to the parser).
        let lines = from_key.lines().enumerate().skip(1);
        for (_, line) in lines.take_while(|&(n, _)| key.line + n <= at.line) {
            let content = line.trim_start_matches(' ');
            // A tab cannot indent YAML: a line starting with one (after
            // any spaces) is meant to be inside the entry.
            if !content.is_empty()
                && !content.starts_with(['#', '\t'])
                && line.len() - content.len() <= indent
            {
                return String::new();
            }
        }
        if !open {
            self.cut_short = Some((key, at));
        }
        name.map(|n| format!("code `{n}`: ")).unwrap_or_default()
    }

    /// What a message is about, as its prefix: `code `NAME`: ` while the
    /// reader is inside a code's entry, else nothing.
    fn context(&self) -> String {
        if self.in_codes()
            && let Some(Frame::Map(_, _, codes)) = self.stack.get(1)
            && self.stack.len() > 2
            && let Some((key, _)) = &codes.pending
            && let Some(name) = key.as_str()
        {
            format!("code `{name}`: ")
        } else {
            String::new()
        }
    }

    fn push(&mut self, node: Node) -> Result<(), Abort> {
        // A code's entry goes to the sink, if there is one; the tree keeps
        // only its key, to find duplicates (its `codes` stay empty).
        if self.sink.is_some() && self.is_code_entry() {
            if let (Some(sink), Some(Frame::Map(_, _, codes))) =
                (&mut self.sink, self.stack.last_mut())
                && let Some((key, _)) = codes.pending.take()
            {
                self.last_code = Some(key.span);
                sink.take(&key, node);
                codes.add_key(key, self.codes_expected);
            }
            return Ok(());
        }
        if self.is_code_entry_again()
            && let (Some(sink), Some(Frame::Map(_, _, codes))) = (&mut self.sink, self.stack.last())
            && let Some((key, _)) = &codes.pending
        {
            sink.take_duplicate(key, &node);
        }
        // A code's entry kept in the tree (no sink): the last one read.
        let code_entry = self.stack.len() == 2 && self.in_codes();
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq(_, _, items)) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map(_, _, map)) => match map.pending.take() {
                Some((key, first)) => {
                    // A duplicate was reported when its key was read; keep the first.
                    if first {
                        let span = key.span;
                        map.add(key, node);
                        if code_entry {
                            self.last_code = Some(span);
                        }
                    }
                    Ok(())
                }
                None => {
                    // (Messages, which name the code the reader is in, are
                    // written once `map` is no longer used.)
                    let first = match node.as_str().map(|text| map.find(text)) {
                        None => {
                            let (span, kind) = (node.span, node.kind());
                            let msg = format!("a mapping key must be text, found {kind}");
                            return self.fatal(span, msg);
                        }
                        Some(Some(first)) => {
                            let text = node.as_str().unwrap_or_default();
                            let msg = if self.stack.len() == 2 && self.in_codes() {
                                format!("duplicate code `{text}`")
                            } else {
                                format!("{}duplicate key `{text}`", self.context())
                            };
                            let diag = Diagnostic::new(node.span, msg)
                                .with_label("defined again here")
                                .with_related(first, "first defined here");
                            self.errors.push(diag);
                            false
                        }
                        Some(None) => true,
                    };
                    if let Some(Frame::Map(_, _, map)) = self.stack.last_mut() {
                        map.pending = Some((node, first));
                    }
                    Ok(())
                }
            },
        }
    }
}

/// The size of a subtree. Recursion is bounded: every tree built is at
/// most `max_depth` deep, aliases expanded.
fn weigh(node: &Node) -> Weight {
    let add = |a: Weight, b: Weight| Weight {
        nodes: a.nodes + b.nodes,
        bytes: a.bytes + b.bytes,
        depth: a.depth.max(b.depth),
    };
    let empty = Weight {
        nodes: 1,
        bytes: 0,
        depth: 0,
    };
    let children = match &node.value {
        Value::Scalar { text, .. } => {
            return Weight {
                nodes: 1,
                bytes: text.len(),
                depth: 0,
            };
        }
        Value::Seq(items) => items.iter().map(weigh).fold(empty, add),
        Value::Map(entries) => entries
            .iter()
            .flat_map(|(k, v)| [weigh(k), weigh(v)])
            .fold(empty, add),
    };
    Weight {
        depth: children.depth + 1,
        ..children
    }
}

/// Finds the byte offsets of character offsets in a source, moving forward
/// through it as the parser's events do, so that finding them all costs at
/// most one pass (and none where the text between is ASCII).
struct CharCursor<'s> {
    source: &'s str,
    /// A character offset, and its byte offset.
    chars: usize,
    byte: usize,
}

impl<'s> CharCursor<'s> {
    fn new(source: &'s str) -> Self {
        CharCursor {
            source,
            chars: 0,
            byte: 0,
        }
    }

    /// The byte offset of character offset `index` (the end, past it).
    fn byte_of(&mut self, index: usize) -> usize {
        if index < self.chars {
            // Events come in order; this is only for safety.
            (self.chars, self.byte) = (0, 0);
        }
        let ahead = index - self.chars;
        let bytes = self.source.as_bytes();
        if bytes
            .get(self.byte..self.byte + ahead)
            .is_some_and(<[u8]>::is_ascii)
        {
            self.byte += ahead;
        } else {
            let rest = &self.source[self.byte..];
            self.byte += rest
                .char_indices()
                .nth(ahead)
                .map_or(rest.len(), |(i, _)| i);
        }
        self.chars = index;
        self.byte
    }

    /// The `|` or `>` of the block scalar whose event starts at `content`,
    /// searched for backwards from it, line by line, as far as `from`
    /// (where the event before ended), past blank lines and comments.
    fn block_header(
        &mut self,
        from: saphyr_parser::Marker,
        content: saphyr_parser::Marker,
    ) -> Option<Span> {
        let content_byte = self.byte_of(content.index());
        let line_start = |end: usize| self.source[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        // The line searched, where it starts, and where its part before
        // `content` ends.
        let (mut line, mut start, mut end) =
            (content.line(), line_start(content_byte), content_byte);
        loop {
            let text = &self.source[start..end];
            let segment = if line == from.line() {
                text.char_indices()
                    .nth(from.col())
                    .map_or("", |(i, _)| &text[i..])
            } else {
                text
            };
            if let Some(at) = header_in(segment) {
                let header = end - segment.len() + at;
                // A byte order mark is not a column.
                let bom = if start == 0 && self.source.starts_with('\u{feff}') {
                    1
                } else {
                    0
                };
                let col = self.source[start..header].chars().count() + 1 - bom;
                let index = content.index() - self.source[header..content_byte].chars().count();
                return Some(Span::new(index, 1, line, col));
            }
            if line <= from.line() || start == 0 {
                return None;
            }
            // The line before: up to its line break (`\n`, `\r\n` or `\r`).
            end = start - 1;
            if self.source.as_bytes()[end] == b'\n' && self.source[..end].ends_with('\r') {
                end -= 1;
            }
            start = line_start(end);
            line -= 1;
        }
    }
}

/// Where a block scalar's `|` or `>` is in `segment`, the text of a line
/// before the scalar's content: the segment's last token, after which only
/// indicators (`+`, `-`, a digit) and a comment may follow.
fn header_in(segment: &str) -> Option<usize> {
    // A comment starts at a `#` after a blank (or at the start).
    let code = segment
        .char_indices()
        .find(|&(j, c)| c == '#' && (j == 0 || segment[..j].ends_with([' ', '\t'])))
        .map_or(segment, |(j, _)| &segment[..j])
        .trim_end();
    let head = code.trim_end_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    (code.len() - head.len() <= 2 && head.ends_with(['|', '>'])).then(|| head.len() - 1)
}

/// The YAML scanner's own limit on flow nesting (`[` and `{`), met before
/// any event of the too-deep collection reaches the builder.
const SCANNER_FLOW_DEPTH: usize = u8::MAX as usize;

fn scan_error(source: &str, e: &ScanError, limits: &Limits) -> Diagnostic {
    let m = e.marker();
    let at = Span::new(m.index(), 1, m.line(), m.col() + 1);
    let msg = if e.info() == "recursion limit exceeded" {
        if limits.max_depth < SCANNER_FLOW_DEPTH {
            // Deeper than our limit too: say so, as for block nesting.
            too_deep(limits)
        } else {
            format!(
                "the catalog is nested too deeply: the YAML parser accepts at most \
                 {SCANNER_FLOW_DEPTH} levels of `[` and `{{`"
            )
        }
    } else {
        format!("invalid YAML: {}", e.info())
    };
    // After `:` or `-`, only tabs: the parser points past them, at the
    // text, and does not say why; point at the tabs and say it.
    if e.info()
        .ends_with("must be followed by a valid YAML whitespace")
        && let Some(tabs) = tabs_before(source, at)
    {
        return Diagnostic::new(
            tabs,
            format!(
                "{msg}: found a tab, which the YAML parser does not take for a space here (use spaces)"
            ),
        );
    }
    let at = if e.info().starts_with("while parsing a quoted scalar, ") {
        bad_escape(source, at).unwrap_or(at)
    } else if e.info() == PLAIN_SCALAR_TAB {
        plain_scalar_tab(source, at)
            .or_else(|| tab_at(source, at))
            .unwrap_or(at)
    } else if e.info().contains("tab") {
        tab_at(source, at).unwrap_or(at)
    } else {
        at
    };
    Diagnostic::new(at, msg)
}

/// The first escape a double-quoted scalar starting at `at` (its opening
/// quote, where the parser reports any bad escape in it) cannot hold: an
/// unknown letter after `\`, too few hexadecimal digits, or a code that is
/// no character.
fn bad_escape(source: &str, at: Span) -> Option<Span> {
    let (_, after) = around(source, at);
    let mut chars = after.char_indices().peekable();
    if chars.next()?.1 != '"' {
        return None;
    }
    // Where the next character is, in characters and by line and column.
    let (mut line, mut col) = (at.line, at.col + 1);
    let mut chars_before = at.start + 1;
    let is_break =
        |i: usize, c: char| c == '\n' || (c == '\r' && !after[i + 1..].starts_with('\n'));
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let here = Span::new(chars_before, 2, line, col);
                let next = chars.peek().map(|&(_, c)| c);
                let digits = match next {
                    Some('x') => 2,
                    Some('u') => 4,
                    Some('U') => 8,
                    Some(
                        '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"'
                        | '/' | '\\' | 'N' | '_' | 'L' | 'P' | '\n' | '\r',
                    ) => 0,
                    _ => return Some(here),
                };
                if digits > 0 {
                    let hex: String = after[i + 2..].chars().take(digits).collect();
                    let valid = hex.chars().count() == digits
                        && hex.chars().all(|c| c.is_ascii_hexdigit())
                        && u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .is_some();
                    if !valid {
                        return Some(Span::new(chars_before, 2 + digits, line, col));
                    }
                }
                // The backslash, then the character it escapes.
                chars_before += 1;
                col += 1;
                let (j, escaped) = chars.next()?;
                chars_before += 1;
                if is_break(j, escaped) {
                    (line, col) = (line + 1, 1);
                } else {
                    col += 1;
                }
            }
            c if is_break(i, c) => {
                chars_before += 1;
                (line, col) = (line + 1, 1);
            }
            _ => {
                chars_before += 1;
                col += 1;
            }
        }
    }
    None
}

/// The text of `at`'s line before it, and the source from `at` on (`at`
/// counts characters).
fn around(source: &str, at: Span) -> (&str, &str) {
    let byte = source
        .char_indices()
        .nth(at.start)
        .map_or(source.len(), |(b, _)| b);
    let (before, after) = source.split_at(byte);
    let head = &before[before.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
    (head, after)
}

/// The first of the blanks right before `at` on its line, if they hold a
/// tab.
fn tabs_before(source: &str, at: Span) -> Option<Span> {
    let (head, _) = around(source, at);
    let blanks = head.len() - head.trim_end_matches([' ', '\t']).len();
    let run = &head[head.len() - blanks..];
    // Blanks are ASCII: one byte, one character, one column.
    run.contains('\t')
        .then(|| Span::new(at.start - blanks, blanks, at.line, at.col - blanks))
}

/// What `saphyr-parser` says of a tab that breaks a plain scalar, which it
/// reports at the scalar's first character.
const PLAIN_SCALAR_TAB: &str = "while scanning a plain scalar, found a tab";

/// The tab that broke the plain scalar starting at `at`, by the scanner's
/// own rule: in a continuation line's indentation, a tab left of the
/// scalar's indentation column (one past its parent's: the key's column,
/// or a `- ` entry's dash when the scalar is the entry) is allowed only on
/// a line holding nothing else. So it is the first such tab on a line with
/// content; `None` if there is none (or the scalar's line is not one this
/// reads: the caller then looks more loosely).
fn plain_scalar_tab(source: &str, at: Span) -> Option<Span> {
    let is_break = |c: char| matches!(c, '\n' | '\r');
    let (head, after) = around(source, at);
    // The parent's column: past the line's spaces and `- ` entries, the
    // key, or, when the scalar itself follows, the last dash.
    let mut parent = head.len() - head.trim_start_matches(' ').len();
    let mut rest = &head[parent..];
    if rest.is_empty() {
        // The scalar opens its line: its parent is on another.
        return None;
    }
    while let Some(next) = rest.strip_prefix('-') {
        let item = next.len() - next.trim_start_matches(' ').len();
        if item == 0 || !head.is_ascii() {
            return None;
        }
        // What follows the dash: nothing but an anchor or a tag (`&a `,
        // `!t `) of the entry itself leaves the dash its parent; anything
        // else (a key, or properties and a key) starts where it starts.
        let properties_only = next[item..]
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .all(|w| w.starts_with(['&', '!']));
        if item == next.len() || properties_only {
            break;
        }
        parent += 1 + item;
        rest = &next[item..];
    }
    let indent = parent + 1;
    // The lines after the scalar's first, each with the index of its first
    // character; a line ends at `\n`, `\r\n` or a lone `\r`.
    let (mut index, mut line, mut rest) = (at.start, at.line, after);
    loop {
        let end = rest.find(is_break).unwrap_or(rest.len());
        let ending = if rest[end..].starts_with("\r\n") {
            2
        } else if end < rest.len() {
            1
        } else {
            return None;
        };
        index += rest[..end].chars().count() + ending;
        rest = &rest[end + ending..];
        line += 1;
        let text = &rest[..rest.find(is_break).unwrap_or(rest.len())];
        let blanks = text.len() - text.trim_start_matches([' ', '\t']).len();
        if blanks == text.len() {
            // Blank lines may hold tabs anywhere.
            continue;
        }
        match text[..blanks].find('\t') {
            Some(col) if col < indent => return Some(Span::new(index + col, 1, line, col + 1)),
            // Less indented, and not by a tab: the scalar has ended.
            None if blanks < indent => return None,
            _ => {}
        }
    }
}

/// The tab a scan error about a tab means, from `at`, where the parser
/// puts it: where its scan started (a plain or block scalar's first
/// character, lines before the tab), or the content after an indentation
/// holding the tab. So the tab is at `at`, in the indentation before `at`
/// on its line, or else the first one in the indentation of a later line;
/// `None` if there is none.
fn tab_at(source: &str, at: Span) -> Option<Span> {
    let tab = |index: usize, line: usize, col: usize| Span::new(index, 1, line, col);
    let is_break = |c: char| matches!(c, '\n' | '\r');
    let (head, after) = around(source, at);
    // The indentation before `at`, if only blanks come before it.
    if head.chars().all(|c| matches!(c, ' ' | '\t'))
        && let Some(i) = head.find('\t')
    {
        let back = head[i..].chars().count();
        return Some(tab(at.start - back, at.line, at.col - back));
    }
    if after.starts_with('\t') {
        return Some(at);
    }
    // A later line's indentation.
    let (mut index, mut line, mut col) = (at.start, at.line, at.col);
    let mut indentation = false;
    let mut chars = after.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' if indentation => return Some(tab(index, line, col)),
            // A line ends at `\n`, `\r\n` or a lone `\r`.
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_break(c) => {
                (line, col, indentation) = (line + 1, 0, true);
            }
            ' ' => {}
            _ => indentation = false,
        }
        index += 1;
        col += 1;
    }
    None
}

fn too_deep(limits: &Limits) -> String {
    format!(
        "the catalog is nested too deeply {}",
        limit_hint("max_depth", limits.max_depth, " levels")
    )
}

#[cfg(test)]
mod tests {
    use super::{Limits, codes_expected};

    /// Room is made from the file's length, but never for more codes than
    /// the node limit lets a catalog hold, however large the file may be.
    #[test]
    fn room_for_codes_follows_the_file_and_the_node_limit() {
        let limits = Limits::default();
        assert_eq!(codes_expected(0, &limits), 0);
        assert_eq!(codes_expected(8_355_692, &limits), 16_319);
        assert_eq!(codes_expected(1 << 30, &limits), 100_000);
        let raised = limits.max_nodes(10_000_000);
        assert_eq!(codes_expected(1 << 30, &raised), 1_000_000);
        assert_eq!(codes_expected(1 << 20, &limits.max_nodes(100)), 10);
    }
}
