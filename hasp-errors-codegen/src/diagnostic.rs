//! Located, compiler-style diagnostics for catalog problems.
//!
//! Every problem found while loading or validating a catalog becomes a
//! [`Diagnostic`] pointing at a line and column of the file. A
//! [`Diagnostics`] collection renders them like rustc does:
//!
//! ```text
//! catalog/errors.yaml:12:5: error: code `RATE_LIMITED`: unknown key `retriable`
//!    |
//! 12 |     retriable: true
//!    |     ^^^^^^^^^ did you mean `retry`?
//! ```

use std::collections::BinaryHeap;
use std::fmt;
use std::path::{Path, PathBuf};

#[cfg(feature = "snippets")]
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A position in the catalog source.
///
/// Lines and columns are 1-based and count characters, like a compiler's.
/// `start`/`end` are character offsets into the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub col: usize,
}

impl Span {
    /// A span of `len` characters at a 1-based line and column.
    pub fn new(start: usize, len: usize, line: usize, col: usize) -> Span {
        Span {
            start,
            end: start + len,
            line,
            col,
        }
    }
}

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub span: Span,
    /// What is wrong, naming the code and field concerned.
    pub message: String,
    /// The label under the caret, if any (e.g. a suggestion).
    pub label: Option<String>,
    /// A second place that explains the first (e.g. the earlier duplicate).
    pub related: Option<(Span, String)>,
}

impl Diagnostic {
    /// A diagnostic at `span` with a message. Messages repeat catalog text
    /// (names, values), so control, bidirectional and line-separating
    /// characters in them are shown as `U+XXXX`: a catalog cannot move the
    /// terminal's cursor, recolour it, or print a line that looks like
    /// another diagnostic. Labels likewise.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: inert(message.into()),
            label: None,
            related: None,
        }
    }

    /// Adds the label printed under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(inert(label.into()));
        self
    }

    /// Adds a second location, e.g. where a duplicate was first defined.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related = Some((span, inert(label.into())));
        self
    }
}

/// [`crate::text::inert`], taking and giving a `String`.
fn inert(text: String) -> String {
    match crate::text::inert(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(shown) => shown,
    }
}

/// The source lines a snippet shows, with every [`active`](crate::text::active) character but
/// the line breaks and tabs replaced by as many `?` as it has bytes, so the
/// snippet's byte ranges still fit.
#[cfg(feature = "snippets")]
fn inert_source(text: &str) -> std::borrow::Cow<'_, str> {
    let replaced = |c: char| crate::text::active(c) && !matches!(c, '\n' | '\r' | '\t');
    if !text.contains(replaced) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if replaced(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Most problems reported for one catalog. A broken or hostile file could
/// otherwise yield one per entry, millions of them; past this many, one
/// last problem says how many more were found.
pub const MAX_REPORTED: usize = 1_000;

/// Problems being collected, up to [`MAX_REPORTED`]: the earliest in the
/// file (by line and column, then in the order found), so that which ones
/// are shown does not depend on the order the checks ran in.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    /// The problems kept, the latest in the file on top, to be the first
    /// to go when an earlier one comes past the limit.
    items: BinaryHeap<Ranked>,
    /// The problems kept whatever the limit (see [`push_last`](Self::push_last)).
    last: Vec<Diagnostic>,
    /// How many were found past the limit.
    omitted: usize,
    /// How many were found so far.
    found: usize,
}

/// A problem, ordered by where it is, then by when it was found.
#[derive(Debug)]
struct Ranked {
    at: (usize, usize, usize),
    problem: Diagnostic,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

impl Problems {
    /// Keeps only the problems `keep` says to (those kept whatever the
    /// limit too).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(|r| keep(&r.problem));
        self.last.retain(|d| keep(d));
    }

    /// Keeps `d` if fewer than [`MAX_REPORTED`] problems are kept, or if it
    /// comes earlier in the file than one of them (which then goes).
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.found += 1;
        let ranked = Ranked {
            at: (d.span.line, d.span.col, self.found),
            problem: d,
        };
        if self.items.len() < MAX_REPORTED {
            self.items.push(ranked);
            return;
        }
        self.omitted += 1;
        if let Some(mut latest) = self.items.peek_mut()
            && ranked < *latest
        {
            *latest = ranked;
        }
    }

    /// Keeps `d`, the last problem to come, even past [`MAX_REPORTED`]:
    /// the one that stopped the loader explains why it stopped.
    pub(crate) fn push_last(&mut self, d: Diagnostic) {
        self.last.push(d);
    }

    /// Adds the problems of `other`, as if each had been pushed here.
    pub(crate) fn append(&mut self, other: Problems) {
        // Those past `other`'s own limit are counted, not kept.
        self.found += other.omitted;
        self.omitted += other.omitted;
        for ranked in other.items.into_sorted_vec() {
            self.push(ranked.problem);
        }
        self.last.extend(other.last);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.last.is_empty()
    }

    /// The problems kept, and one saying how many were not, located at
    /// `end` (the end of the file, so it is listed last).
    pub(crate) fn into_vec(self, end: impl FnOnce() -> Span) -> Vec<Diagnostic> {
        let mut items: Vec<Diagnostic> = self
            .items
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.problem)
            .collect();
        items.extend(self.last);
        if self.omitted > 0 {
            items.push(Diagnostic::new(
                end(),
                format!(
                    "{} more problems not shown (only the first {MAX_REPORTED} in the file are reported)",
                    self.omitted
                ),
            ));
        }
        items
    }
}

/// All problems found in one catalog file, with the source to show them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    path: PathBuf,
    source: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Problems in the file at `path`, whose text is `source`.
    pub fn new(
        path: impl Into<PathBuf>,
        source: impl Into<String>,
        items: Vec<Diagnostic>,
    ) -> Self {
        let mut items = items;
        items.sort_by_key(|d| (d.span.line, d.span.col));
        Diagnostics {
            path: path.into(),
            source: source.into(),
            items,
        }
    }

    /// The catalog file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The problems, in source order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Renders every problem as `PATH:LINE:COL: error: MESSAGE` followed by
    /// a snippet of the offending line with a caret, without colour (with
    /// feature `snippets`; without it, the located lines alone, each with
    /// its label and related location as `help:` and `note:` lines).
    pub fn render(&self) -> String {
        #[cfg(feature = "snippets")]
        return self.render_with(&Renderer::plain());
        #[cfg(not(feature = "snippets"))]
        return self.render_plain();
    }

    /// Like [`Diagnostics::render`], with ANSI colours for a terminal.
    pub fn render_styled(&self) -> String {
        #[cfg(feature = "snippets")]
        return self.render_with(&Renderer::styled());
        #[cfg(not(feature = "snippets"))]
        return self.render_plain();
    }

    /// Every problem as its located line, with its label and related
    /// location: what a build script prints, without a snippet renderer.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&self.headline(d));
            out.push('\n');
            if let Some(label) = &d.label {
                out.push_str(&format!("  help: {label}\n"));
            }
            if let Some((span, label)) = &d.related {
                out.push_str(&format!(
                    "  note: {label} at line {}, column {}\n",
                    span.line, span.col
                ));
            }
        }
        out
    }

    #[cfg(feature = "snippets")]
    fn render_with(&self, renderer: &Renderer) -> String {
        let mut out = String::new();
        // Indexed once, so each problem costs its own line, not the file.
        let lines = LineIndex::new(&self.source);
        for d in &self.items {
            out.push_str(&self.headline(d));
            out.push('\n');
            if let Some(snippet) = self.snippet(d, renderer, &lines) {
                out.push_str(&snippet);
                out.push('\n');
            }
        }
        out
    }

    /// The one-line form `PATH:LINE:COL: error: MESSAGE`.
    pub fn headline(&self, d: &Diagnostic) -> String {
        format!(
            "{}:{}:{}: error: {}",
            self.path.display(),
            d.span.line,
            d.span.col,
            d.message
        )
    }

    #[cfg(feature = "snippets")]
    fn snippet(&self, d: &Diagnostic, renderer: &Renderer, lines: &LineIndex) -> Option<String> {
        if self.source.is_empty() {
            return None;
        }
        let (primary, window) = self.window(d.span, lines)?;
        let shown = inert_source(&self.source[window.clone()]);
        let mut snippet = Snippet::source(shown.as_ref()).line_start(lines.line_of(window.start));
        let mut annotation = AnnotationKind::Primary.span(primary);
        if let Some(label) = &d.label {
            annotation = annotation.label(label.as_str());
        }
        snippet = snippet.annotation(annotation);
        let mut notes = Vec::new();
        if let Some((span, label)) = &d.related {
            match self.window(*span, lines) {
                // Same neighbourhood: show both in one snippet.
                Some((range, w)) if w == window => {
                    snippet = snippet
                        .annotation(AnnotationKind::Context.span(range).label(label.as_str()));
                }
                _ => notes.push(format!(
                    "{label} at line {}, column {}",
                    span.line, span.col
                )),
            }
        }
        let mut group = Group::with_level(Level::ERROR).element(snippet);
        for note in &notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let rendered = renderer.render(&[group]);
        Some(rendered.trim_end_matches('\n').to_owned())
    }

    /// The byte range of the span within the lines that contain it, and
    /// those lines' byte range.
    #[cfg(feature = "snippets")]
    fn window(
        &self,
        span: Span,
        lines: &LineIndex,
    ) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        let start = lines.char_to_byte(&self.source, span.start)?;
        let end = lines
            .char_to_byte(&self.source, span.end.max(span.start))
            .unwrap_or(self.source.len())
            .max(start);
        // A byte order mark is not shown (nor counted in columns).
        let bom = if self.source.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let line_start = lines.line_start(start).max(bom);
        let (start, end) = (start.max(line_start), end.max(line_start));
        // Show only the first line of a multi-line span (without its
        // line break, whichever it is).
        let line_end = self.source[start..]
            .find(['\n', '\r'])
            .map_or(self.source.len(), |i| start + i);
        let end = end.min(line_end);
        let end = if end == start {
            // An empty span: point at one character if the line has one.
            self.source[start..line_end]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8())
        } else {
            end
        };
        Some((start - line_start..end - line_start, line_start..line_end))
    }
}

#[cfg(feature = "snippets")]
/// Where each line of a source starts, in characters and bytes.
struct LineIndex {
    /// `(character offset, byte offset)` of each line's start, ascending.
    starts: Vec<(usize, usize)>,
}

#[cfg(feature = "snippets")]
impl LineIndex {
    fn new(source: &str) -> LineIndex {
        // Lines end as YAML's do: at `\n`, `\r\n` or a lone `\r`.
        let mut starts = vec![(0, 0)];
        let bytes = source.as_bytes();
        for (chars, (byte, c)) in source.char_indices().enumerate() {
            if c == '\n' || (c == '\r' && bytes.get(byte + 1) != Some(&b'\n')) {
                starts.push((chars + 1, byte + 1));
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line holding byte offset `byte`.
    fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&(_, b)| b <= byte)
    }

    /// The byte offset where the line holding byte offset `byte` starts.
    fn line_start(&self, byte: usize) -> usize {
        self.starts[self.line_of(byte) - 1].1
    }

    /// The byte offset of character offset `chars`, if the source has
    /// that many characters (the end counts).
    fn char_to_byte(&self, source: &str, chars: usize) -> Option<usize> {
        let line = self.starts.partition_point(|&(c, _)| c <= chars) - 1;
        let (first_char, first_byte) = self.starts[line];
        let rest = &source[first_byte..];
        let mut skip = chars - first_char;
        for (i, _) in rest.char_indices() {
            if skip == 0 {
                return Some(first_byte + i);
            }
            skip -= 1;
        }
        (skip == 0).then_some(source.len())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render().trim_end_matches('\n'))
    }
}

impl std::error::Error for Diagnostics {}
