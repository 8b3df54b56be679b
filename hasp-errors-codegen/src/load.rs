//! Step 1 of the pipeline: read a catalog file into a located YAML tree.
//!
//! The tree is built from `saphyr-parser` events rather than by a serde
//! deserializer so that every node, key and value keeps its line and column
//! for later diagnostics. This step also enforces what YAML itself forbids or
//! what makes input hostile: duplicate keys, tags, several documents,
//! over-deep nesting, alias expansion bombs and oversized files.

use std::collections::HashMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::{Diagnostic, Diagnostics, Span};

/// Largest catalog accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 32;
/// Most nodes a document may hold, aliases expanded.
pub const MAX_NODES: usize = 100_000;
/// Most scalar bytes a document may hold, aliases expanded.
pub const MAX_SCALAR_BYTES: usize = 8 * MAX_FILE_BYTES;

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

/// Reads and parses the catalog at `path`.
///
/// # Errors
/// Every problem found, located: unreadable or oversized files, invalid
/// UTF-8, YAML syntax errors, duplicate keys and the other rules of this
/// module.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    let fail = |msg: String| Diagnostics::new(path, "", vec![Diagnostic::new(at_start(), msg)]);
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read catalog `{}`: {e}", path.display())))?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(fail(too_big(meta.len())));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read catalog `{}`: {e}", path.display())))?;
    load_bytes(path, &bytes)
}

/// Parses catalog bytes read from `path` (used only in messages).
///
/// # Errors
/// As [`load_file`].
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, Diagnostics> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostics::new(
            path,
            "",
            vec![Diagnostic::new(at_start(), too_big(bytes.len() as u64))],
        ));
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let span = end_span(&valid);
            let msg = format!(
                "catalog is not valid UTF-8: invalid byte 0x{:02x} at byte offset {}",
                bytes[e.valid_up_to()],
                e.valid_up_to()
            );
            // Show the valid prefix so the caret lands just before the bad byte.
            return Err(Diagnostics::new(
                path,
                valid,
                vec![Diagnostic::new(span, msg)],
            ));
        }
    };
    load_str(path, source)
}

/// Parses catalog text read from `path` (used only in messages).
///
/// # Errors
/// As [`load_file`].
pub fn load_str(path: &Path, source: String) -> Result<Loaded, Diagnostics> {
    if source.trim().is_empty() {
        return Err(empty(path, source));
    }
    let mut builder = Builder::default();
    let root = builder.run(&source);
    match root {
        Some(root) if builder.errors.is_empty() => Ok(Loaded {
            path: path.to_owned(),
            source,
            root,
        }),
        None if builder.errors.is_empty() => Err(empty(path, source)),
        _ => Err(Diagnostics::new(path, source, builder.errors)),
    }
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

fn too_big(len: u64) -> String {
    format!("catalog is too large: {len} bytes (the limit is {MAX_FILE_BYTES} bytes)")
}

fn at_start() -> Span {
    Span::new(0, 0, 1, 1)
}

fn end_span(text: &str) -> Span {
    let chars = text.chars().count();
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Span::new(chars, 0, line, col)
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
    /// Where each key was first defined, to find duplicates in O(1).
    seen: HashMap<String, Span>,
    /// The key read, waiting for its value; `false` for a duplicate, whose
    /// value is dropped.
    pending: Option<(Node, bool)>,
}

#[derive(Default)]
struct Builder {
    errors: Vec<Diagnostic>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    scalar_bytes: usize,
    documents: usize,
    root: Option<Node>,
}

/// Why the event loop stopped early.
struct Abort;

impl Builder {
    fn run(&mut self, source: &str) -> Option<Node> {
        let parser = Parser::new_from_str(source);
        for item in parser {
            let step = match item {
                Ok((event, span)) => self.event(event, span_of(span)),
                Err(e) => {
                    self.errors.push(scan_error(&e));
                    Err(Abort)
                }
            };
            if step.is_err() {
                return None;
            }
        }
        self.root.take()
    }

    fn fatal(&mut self, span: Span, msg: impl Into<String>) -> Result<(), Abort> {
        self.errors.push(Diagnostic::new(span, msg));
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
                    return self.fatal(span, "YAML tags are not supported in the catalog");
                }
                self.count(span, 1, text.len())?;
                let node = Node {
                    span,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                };
                self.remember(anchor, &node);
                self.push(node)
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    return self.fatal(span, "YAML tags are not supported in the catalog");
                }
                if self.stack.len() >= MAX_DEPTH {
                    return self.fatal(span, too_deep());
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
                        self.remember(anchor, &node);
                        node
                    }
                    Some(Frame::Map(span, anchor, map)) => {
                        let node = Node {
                            span,
                            value: Value::Map(map.entries),
                        };
                        self.remember(anchor, &node);
                        node
                    }
                    None => return self.fatal(span, "unbalanced YAML collection end"),
                };
                self.push(node)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return self.fatal(span, "alias refers to an unknown anchor");
                };
                let (nodes, bytes) = weigh(&target);
                self.count(span, nodes, bytes)?;
                self.push(Node {
                    span,
                    value: target.value,
                })
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        }
    }

    fn count(&mut self, span: Span, nodes: usize, bytes: usize) -> Result<(), Abort> {
        self.nodes = self.nodes.saturating_add(nodes);
        self.scalar_bytes = self.scalar_bytes.saturating_add(bytes);
        if self.nodes > MAX_NODES || self.scalar_bytes > MAX_SCALAR_BYTES {
            return self.fatal(
                span,
                format!(
                    "the catalog expands to too much data (limits: {MAX_NODES} nodes, \
                     {MAX_SCALAR_BYTES} bytes of text, aliases expanded)"
                ),
            );
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn push(&mut self, node: Node) -> Result<(), Abort> {
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
                        map.entries.push((key, node));
                    }
                    Ok(())
                }
                None => {
                    let Some(text) = node.as_str() else {
                        let span = node.span;
                        return self.fatal(span, "mapping keys must be plain strings");
                    };
                    let first = match map.seen.get(text) {
                        Some(first) => {
                            let diag =
                                Diagnostic::new(node.span, format!("duplicate key `{text}`"))
                                    .with_label("defined again here")
                                    .with_related(*first, "first defined here");
                            self.errors.push(diag);
                            false
                        }
                        None => {
                            map.seen.insert(text.to_owned(), node.span);
                            true
                        }
                    };
                    map.pending = Some((node, first));
                    Ok(())
                }
            },
        }
    }
}

fn weigh(node: &Node) -> (usize, usize) {
    match &node.value {
        Value::Scalar { text, .. } => (1, text.len()),
        Value::Seq(items) => items
            .iter()
            .map(weigh)
            .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
        Value::Map(entries) => entries
            .iter()
            .flat_map(|(k, v)| [weigh(k), weigh(v)])
            .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
    }
}

fn scan_error(e: &ScanError) -> Diagnostic {
    let m = e.marker();
    let msg = if e.info() == "recursion limit exceeded" {
        // The scanner's own flow-nesting limit, met before ours.
        too_deep()
    } else {
        format!("invalid YAML: {}", e.info())
    };
    Diagnostic::new(Span::new(m.index(), 1, m.line(), m.col() + 1), msg)
}

fn too_deep() -> String {
    format!("the catalog is nested too deeply (more than {MAX_DEPTH} levels)")
}
