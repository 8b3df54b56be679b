//! Catalog markdown made safe for the two renderers that show it: rustdoc
//! and the published docs page.
//!
//! Catalog text is untrusted as far as the outputs are concerned. Written as
//! `#[doc = "..."]` string literals it can never break Rust syntax, but
//! rustdoc would still act on it: fenced or indented code blocks become
//! doctests, `[x]` becomes an intra-doc link, HTML and bare URLs trip rustdoc
//! lints, and bidirectional control characters trip rustc's Trojan-source
//! lints. On the docs page, raw HTML could run script, a `|` could split a
//! table cell and a link could point anywhere. This module rewrites text so
//! both renderers show the same words without any of those effects: code
//! blocks are fenced as `text`, no line keeps the indentation that could make
//! one (in a list item too), HTML is escaped, link brackets are escaped, `|`
//! is escaped and control characters are shown as `U+XXXX`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Rewrites catalog markdown (one or more paragraphs) so rustdoc and a
/// CommonMark renderer show it without running, linking or embedding
/// anything.
///
/// The lines are written into one string as they are read: text is
/// rewritten for every code of every output, so it allocates little (a
/// line is copied only where it changes).
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
    sanitize_into(&mut out, text);
    out
}

/// [`sanitize`], appended to `out`.
pub(crate) fn sanitize_into(out: &mut String, text: &str) {
    let mut out = Lines {
        base: out.len(),
        text: out,
        count: 0,
    };
    let mut fence: Option<(char, usize)> = None;
    let mut indented = false;
    let mut prev_blank = true;
    for raw in unix_lines(text).split('\n') {
        let line = controls_shown(raw);
        let line = line.as_ref();
        let trimmed = line.trim_start();
        let fence_mark = fence_of(trimmed);
        if let Some((ch, len)) = fence {
            // Inside a fenced block: text is shown verbatim. This closes the
            // block wherever CommonMark would (and more eagerly, at any
            // indentation), and writes the closing fence bare.
            if fence_mark.is_some_and(|(c, l)| c == ch && l >= len)
                && trimmed.trim_start_matches(ch).trim().is_empty()
            {
                fence = None;
                out.fence(ch, len, "");
                // An indented line right after a fence would start an
                // (indented) code block, as after a blank line.
                prev_blank = true;
            } else {
                out.push(line);
            }
            continue;
        }
        if let Some((ch, len)) = fence_mark {
            if indented {
                out.push("```");
                indented = false;
            }
            // Opening fence: force a non-Rust language so it is never a doctest.
            fence = Some((ch, len));
            out.fence(ch, len, "text");
            prev_blank = false;
            continue;
        }
        let is_indented = indent_columns(line) >= 4;
        if indented && !is_indented && !line.trim().is_empty() {
            out.push("```");
            indented = false;
        }
        if !indented && is_indented && prev_blank && !line.trim().is_empty() {
            // An indented code block would be a doctest: fence it as text.
            out.push("```text");
            indented = true;
        }
        if indented {
            out.push(line.trim_start());
        } else {
            out.begin_line();
            let at = out.text.len();
            escape_inline_into(out.text, &flatten_block_start(line));
            escape_block_start(out.text, at);
        }
        prev_blank = line.trim().is_empty();
    }
    if indented {
        // Closed before the trailing blank lines, which are dropped.
        out.drop_trailing_blanks();
        out.push("```");
    } else if let Some((ch, len)) = fence {
        // Blank lines before it are the block's own.
        out.fence(ch, len, "");
    }
    out.drop_trailing_blanks();
}

/// Lines written one after another at the end of `text`, from `base` on,
/// joined by `\n` (none after the last); counted, as the first may be
/// empty.
struct Lines<'a> {
    text: &'a mut String,
    base: usize,
    count: usize,
}

impl Lines<'_> {
    /// Begins a line (the text that follows is on it).
    fn begin_line(&mut self) {
        if self.count > 0 {
            self.text.push('\n');
        }
        self.count += 1;
    }

    fn push(&mut self, line: &str) {
        self.begin_line();
        self.text.push_str(line);
    }

    /// A fence of `len` times `ch`, then `info`.
    fn fence(&mut self, ch: char, len: usize, info: &str) {
        self.begin_line();
        self.text.extend(std::iter::repeat_n(ch, len));
        self.text.push_str(info);
    }

    /// Drops the blank lines (nothing but whitespace) at the end.
    fn drop_trailing_blanks(&mut self) {
        while self.count > 0 {
            let lines = &self.text[self.base..];
            let last = lines.rfind('\n').map_or(0, |i| i + 1);
            if !lines[last..].trim().is_empty() {
                return;
            }
            // The line, and the `\n` before it if there is one.
            self.text.truncate(self.base + last.saturating_sub(1));
            self.count -= 1;
        }
    }
}

/// `text` with its line ends as `\n` alone (`\r\n` and `\r` alike);
/// borrowed when it has none of the others, as catalog text rarely does.
fn unix_lines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Catalog markdown as one line of inline text, for a table cell or a list
/// item: every line escaped as inline text (fences and indentation lose
/// their meaning), joined by spaces, and no heading or rule at its start.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
    inline_into(&mut out, text);
    out
}

/// [`inline`], appended to `out`.
pub(crate) fn inline_into(out: &mut String, text: &str) {
    let at = out.len();
    for raw in unix_lines(text).split('\n') {
        // Escaping keeps a line's outer whitespace as it is (code spans
        // and links start and end with other characters), so the line is
        // trimmed first.
        let shown = controls_shown(raw);
        let line = shown.trim();
        if line.is_empty() {
            continue;
        }
        if out.len() > at {
            out.push(' ');
        }
        if only_markers(&out[at..]) {
            // The text so far opens blocks (nothing, or list markers only),
            // so this line goes on with the block start where it is
            // written (a list item's text, a table cell): one space after
            // any marker.
            escape_inline_into(out, &flatten_block_start(line));
        } else {
            escape_inline_into(out, line);
        }
    }
    escape_block_start(out, at);
}

/// The characters that indent a markdown line.
const INDENT: [char; 2] = [' ', '\t'];

/// Whether `text` is nothing but list markers and whitespace.
fn only_markers(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(INDENT);
        if rest.is_empty() {
            return true;
        }
        match list_marker_len(rest) {
            Some(len) => rest = &rest[len..],
            None => return false,
        }
    }
}

/// Escapes what would make the line written from `at` on, or the content
/// of the list items it opens, a heading, a thematic break or a code fence,
/// with a `\` before its first character: catalog text must not add
/// sections to, or split, the page it is shown in, and a fence in a list
/// item would be a doctest.
fn escape_block_start(out: &mut String, at: usize) {
    let is_ws = |c: char| INDENT.contains(&c);
    let line = &out[at..];
    let mut start = at + line.len() - line.trim_start_matches(INDENT).len();
    loop {
        let rest = &out[start..];
        let rule = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '=' | '*' | '_' | '+'))
            .filter(|c| rest.chars().all(|x| x == *c || is_ws(x)));
        // A GFM table's delimiter row needs no pipe (`:-` under a line
        // makes a one-column table on GitHub).
        let delimiter_row = rest.contains('-')
            && rest.contains(':')
            && rest.chars().all(|x| matches!(x, ':' | '-') || is_ws(x));
        if rest.starts_with('#') || fence_of(rest).is_some() || rule.is_some() || delimiter_row {
            out.insert(start, '\\');
            return;
        }
        let Some(len) = list_marker_len(rest) else {
            return;
        };
        let after = &rest[len..];
        start += len + after.len() - after.trim_start_matches(INDENT).len();
    }
}

/// The columns of a line's leading whitespace, a tab advancing to the next
/// multiple of 4, as CommonMark counts them (two spaces and a tab are 4).
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// The line without indentation, and with one space after each list
/// marker it opens with (a bullet `-`, `*` or `+`, an ordered `1.` or
/// `1)`). Indented code, which rustdoc runs as a doctest, needs a line
/// indented four columns past where its container's content starts: with
/// no line indented at all, and content always one space after its
/// markers, no line can be (nested lists and a list item's later
/// paragraphs are flattened into plain ones, which keeps their words).
/// Quotes need no care: `>` is always escaped. Borrowed when there is
/// nothing to change, as for most prose lines.
fn flatten_block_start(line: &str) -> Cow<'_, str> {
    let body = line.trim_start_matches(INDENT);
    let starts_plain = body
        .chars()
        .next()
        .is_none_or(|c| !(c.is_ascii_digit() || "-*+".contains(c)));
    if starts_plain && body.len() == line.len() {
        return Cow::Borrowed(line);
    }
    let mut flat = String::with_capacity(line.len());
    let mut rest = body;
    while let Some(len) = list_marker_len(rest) {
        let (marker, after) = rest.split_at(len);
        flat.push_str(marker);
        rest = after.trim_start_matches(INDENT);
        if !rest.is_empty() {
            flat.push(' ');
        }
    }
    flat.push_str(rest);
    if flat == line {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(flat)
    }
}

/// Whether two texts show the same in the outputs but for how their
/// paragraphs are wrapped and spaced: read by a CommonMark parser (with
/// GitHub's tables) as [`sanitize`] writes them for the outputs, the same
/// blocks and inline elements, the same words in them, and code blocks the
/// same line for line.
#[cfg(feature = "tools")]
pub(crate) fn same_prose(a: &str, b: &str) -> bool {
    a == b || prose_shape(&sanitize(a)) == prose_shape(&sanitize(b))
}

/// What of CommonMark text [`same_prose`] compares: each element's start
/// and end, words (text split at blanks and line breaks, which rewrapping
/// moves), and code blocks' lines whole.
#[cfg(feature = "tools")]
fn prose_shape(text: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = Vec::new();
    // Text of the current run of text, soft breaks and inline code.
    let mut run = String::new();
    let mut in_code_block = false;
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let flush = |run: &mut String, out: &mut Vec<String>| {
        out.extend(
            run.split(blank)
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
        run.clear();
    };
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) if in_code_block => {
                out.extend(
                    text.lines()
                        .map(|line| line.trim_end_matches(blank).to_owned()),
                );
            }
            Event::Text(text) => run.push_str(&text),
            Event::Code(code) => {
                flush(&mut run, &mut out);
                out.push("`".to_owned());
                run.push_str(&code);
                flush(&mut run, &mut out);
                out.push("`".to_owned());
            }
            Event::SoftBreak => run.push(' '),
            other => {
                flush(&mut run, &mut out);
                if let Event::Start(pulldown_cmark::Tag::CodeBlock(_)) = other {
                    in_code_block = true;
                } else if let Event::End(pulldown_cmark::TagEnd::CodeBlock) = other {
                    in_code_block = false;
                }
                out.push(format!("{other:?}"));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The length of the list marker `text` opens with, if it does (`-`, `*`,
/// `+`, or 1 to 9 digits then `.` or `)`, followed by whitespace or
/// nothing).
fn list_marker_len(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let len = match text.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    match text.as_bytes().get(len) {
        None | Some(b' ' | b'\t') => Some(len),
        _ => None,
    }
}

/// The fence `trimmed` opens or closes, if it is one: three or more `` ` ``
/// or `~`, and for backticks no backtick after them (CommonMark's rule:
/// `` ```x``` is prose `` is a code span, not a fence).
fn fence_of(trimmed: &str) -> Option<(char, usize)> {
    for ch in ['`', '~'] {
        let len = trimmed.chars().take_while(|c| *c == ch).count();
        if len >= 3 && !(ch == '`' && trimmed[len..].contains('`')) {
            return Some((ch, len));
        }
    }
    None
}

/// Replaces characters rustc or a reader would trip over with a visible
/// `U+XXXX` notation: bidirectional controls and other control characters
/// except tab.
pub fn visible_controls(line: &str) -> String {
    controls_shown(line).into_owned()
}

/// [`visible_controls`], borrowing `line` when it has none.
fn controls_shown(line: &str) -> Cow<'_, str> {
    code_points_shown(line, |c| is_bidi(c) || (c.is_control() && c != '\t'))
}

/// `text` with each character `shown` picks written as `U+XXXX`; borrowed
/// when there is none.
pub(crate) fn code_points_shown(text: &str, shown: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = text.find(&shown) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if shown(c) {
            // Writing into a `String` cannot fail.
            let _ = write!(out, "U+{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a terminal or a log reader would act on `c` rather than show it,
/// or show nothing for it: control and bidirectional characters, the line
/// and paragraph separators, and the invisible ones ([`is_invisible`]).
pub fn active(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters shown as nothing, which can hide or disguise text: Unicode's
/// format characters (category Cf: soft hyphen, zero-width space, word
/// joiner, byte order mark, tag characters, ...) but the zero-width
/// joiner and non-joiner, which some scripts and emoji need, and the
/// Hangul fillers.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// `text` with every [`active`] character written as `U+XXXX`, so catalog
/// text printed on a terminal (a diagnostic, a change the diff reports)
/// cannot drive it; borrowed when there is none.
pub fn inert(text: &str) -> Cow<'_, str> {
    code_points_shown(text, active)
}

/// Bidirectional formatting characters (the Trojan-source set).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escapes link brackets, table pipes and HTML outside inline code, and
/// wraps bare URLs in angle brackets.
pub fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    escape_inline_into(&mut out, line);
    out
}

/// [`escape_inline`], appended to `out`.
fn escape_inline_into(out: &mut String, line: &str) {
    let mut rest = line;
    while !rest.is_empty() {
        // Inline code spans are copied untouched: `...` with a matching run.
        if rest.starts_with('`') {
            let ticks = rest.bytes().take_while(|c| *c == b'`').count();
            let marker = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(marker) {
                let close = ticks + end + ticks;
                // The closing run must be exactly `ticks` long.
                if !rest[close..].starts_with('`') {
                    out.push_str(&rest[..close]);
                    rest = &rest[close..];
                    continue;
                }
            }
            for _ in 0..ticks {
                out.push_str("\\`");
            }
            rest = &rest[ticks..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"'))
                .unwrap_or(rest.len());
            // As GitHub ends a bare link: without trailing punctuation, nor
            // a `)` that closes no `(` of the link (`(see https://x/a)`),
            // but with one that does (`https://x/Rust_(language)`).
            let mut url = &rest[..end];
            loop {
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
                let unbalanced = trimmed.ends_with(')')
                    && trimmed.matches(')').count() > trimmed.matches('(').count();
                url = if unbalanced {
                    &trimmed[..trimmed.len() - 1]
                } else {
                    trimmed
                };
                if !unbalanced {
                    break;
                }
            }
            out.push('<');
            for c in url.chars() {
                match c {
                    '[' => out.push_str("%5B"),
                    ']' => out.push_str("%5D"),
                    c => out.push(c),
                }
            }
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        // Text up to the next character that needs a look, copied whole.
        let plain = rest
            .find(['`', 'h', '[', ']', '<', '>', '&', '\\', '|'])
            .unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The id GitHub gives a heading with this text (its `github-slugger`
/// rule, for the characters a catalog's headings use): lowercase, letters,
/// digits, `-` and `_` kept, spaces become `-`, everything else dropped.
/// Page anchors are these ids, so links work wherever the page is shown
/// the way GitHub shows it.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "tools")]
    use super::same_prose;
    use super::{heading_id, inline, sanitize};

    /// Rewrapping and respacing are no change; anything that changes what
    /// the outputs show (blocks, code, line breaks) is one, though the
    /// words are the same.
    #[cfg(feature = "tools")]
    #[test]
    fn prose_is_the_same_when_only_its_wrapping_differs() {
        let base = "Unexpected server error. Retry\nwith `curl -X POST`.";
        for same in [
            "Unexpected server error.\nRetry with `curl -X POST`.",
            "  Unexpected   server error. Retry with `curl -X POST`.  \n",
            "Unexpected server error. Retry\n      with `curl -X POST`.\n\n\n",
            "Unexpected\tserver error. Retry with\r\n`curl -X POST`.",
        ] {
            assert!(same_prose(base, same), "{same:?}");
            assert!(same_prose(same, base), "{same:?}");
        }
        for differs in [
            "Unexpected server error.\n\nRetry with `curl -X POST`.",
            "Unexpected server error.\n\n    Retry with `curl -X POST`.",
            "Unexpected server error.\n- Retry with `curl -X POST`.",
            "Unexpected server error.\n# Retry with `curl -X POST`.",
            "Unexpected server error.\n> Retry with `curl -X POST`.",
            "Unexpected server error.  \nRetry with `curl -X POST`.",
            "Unexpected server error.\\\nRetry with `curl -X POST`.",
            "Unexpected server error.\n```\nRetry with `curl -X POST`.\n```",
            "Unexpected server error. Retry with curl -X POST.",
        ] {
            assert!(!same_prose(base, differs), "{differs:?}");
            assert!(!same_prose(differs, base), "{differs:?}");
        }
        // As CommonMark reads them: a `#` or a number that rewrapping
        // brings to the start of a line starts nothing; trailing blanks end
        // no paragraph; only spaces and tabs are blank.
        for (a, b) in [
            (
                "See issue #42 for the fields.",
                "See issue\n#42 for the fields.",
            ),
            (
                "Retry after step\n2. Then stop.",
                "Retry after step 2. Then stop.",
            ),
            ("A\n1.\nB", "A 1.\nB"),
            ("Use C:\\\nthen D.", "Use C:\\ then D."),
            ("First.  \n\nSecond.", "First.\n\nSecond."),
            ("Intro:\n\n- item", "Intro:\n- item"),
        ] {
            assert!(same_prose(a, b), "{a:?} and {b:?}");
        }
        for (a, b) in [
            ("First.\n\u{a0}\nSecond.", "First.\n\nSecond."),
            ("Intro:\n\u{a0}- item", "Intro:\n- item"),
            ("Intro:\n\u{3000}\nitem", "Intro:\n\nitem"),
            ("a\u{a0}b", "a b"),
            (
                "See [the docs](https://a.example/x).",
                "See [the docs](https://a.example/y).",
            ),
            ("*Note*: x", "**Note**: x"),
        ] {
            assert!(!same_prose(a, b), "{a:?} and {b:?}");
        }
        // Code is compared line for line, but not for trailing blanks.
        let code = "Run:\n\n```\na  b\n```";
        assert!(same_prose(code, "Run:\n```\na  b   \n```\n"));
        assert!(!same_prose(code, "Run:\n\n```\na b\n```"));
        assert!(!same_prose(code, "Run:\n\n```\na\nb\n```"));
    }

    #[test]
    fn heading_ids_follow_github() {
        assert_eq!(heading_id("RATE_LIMITED"), "rate_limited");
        assert_eq!(
            heading_id("429 — rate_limited / budget_exceeded"),
            "429--rate_limited--budget_exceeded"
        );
        assert_eq!(heading_id("Error envelope"), "error-envelope");
        assert_eq!(heading_id("Errors!"), "errors");
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            sanitize("a\n```\nfn x() {}\n```"),
            "a\n```text\nfn x() {}\n```"
        );
        assert_eq!(sanitize("```rust\npanic!()"), "```text\npanic!()\n```");
    }

    #[test]
    fn indented_code_is_fenced() {
        assert_eq!(
            sanitize("a\n\n    panic!()\n\nb"),
            "a\n\n```text\npanic!()\n\n```\nb"
        );
    }

    #[test]
    fn inline_escapes() {
        assert_eq!(sanitize("see [x] <script>"), "see \\[x\\] &lt;script&gt;");
        assert_eq!(sanitize("`[x] <b>` ok"), "`[x] <b>` ok");
        assert_eq!(sanitize("go https://a.b/c."), "go <https://a.b/c>.");
        assert_eq!(sanitize("x\u{202E}y"), "xU+202Ey");
    }

    #[test]
    fn line_ends_and_blank_lines() {
        assert_eq!(sanitize("a\r\nb\rc\n"), "a\nb\nc");
        // An empty first line is kept; blank last lines are not.
        assert_eq!(sanitize("\nx"), "\nx");
        assert_eq!(sanitize("a\n\n   \n"), "a");
        assert_eq!(sanitize(" \n\t\n"), "");
        // An indented block is closed before the blank lines that end it;
        // a fenced one keeps them, as its own.
        assert_eq!(sanitize("x\n\n    code\n\n"), "x\n\n```text\ncode\n```");
        assert_eq!(sanitize("~~~~\nx\n\n"), "~~~~text\nx\n\n\n~~~~");
    }

    #[test]
    fn block_starts_are_escaped_after_the_indentation() {
        // (The indentation itself goes: see below.)
        assert_eq!(sanitize("  ---"), "\\---");
        assert_eq!(sanitize("a\n# b"), "a\n\\# b");
        assert_eq!(inline("  # a\r\n b \n\n"), "\\# a b");
        assert_eq!(inline("- - -"), "\\- - -");
        assert_eq!(inline("x\n***"), "x ***");
    }

    /// The first code block CommonMark finds in `markdown` that is not a
    /// fence of ours marked `text` (so a doctest in rustdoc), if any.
    fn foreign_code_block(markdown: &str) -> Option<pulldown_cmark::CodeBlockKind<'_>> {
        pulldown_cmark::Parser::new(markdown).find_map(|event| match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(kind))
                if !matches!(&kind, pulldown_cmark::CodeBlockKind::Fenced(lang) if &**lang == "text") =>
            {
                Some(kind)
            }
            _ => None,
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Whatever the markdown, every code block rustdoc or a renderer
        /// finds after sanitizing is a fence of ours, marked `text`: never
        /// a doctest; and none in the one-line form the page's list items
        /// and cells use.
        #[test]
        fn no_text_becomes_code_that_is_not_marked_text(
            text in "[ \t\n\r\\-*+0-9.)>#`~a_=<|(]{0,120}"
        ) {
            let out = sanitize(&text);
            proptest::prop_assert!(foreign_code_block(&out).is_none(), "{:?} became {:?}", text, out);
            let item = format!("- {}", inline(&text));
            proptest::prop_assert!(foreign_code_block(&item).is_none(), "{:?} became {:?}", text, item);
        }
    }

    #[test]
    fn nothing_is_indented_code_by_any_route() {
        // Every way CommonMark makes indented code (rustdoc runs it as a
        // doctest), besides four spaces after a blank line: columns counted
        // with tabs, list items indenting their content, an empty or nested
        // empty list item then an indented line, a fence, heading or rule
        // opening a list item, an indented line after a fence of ours.
        for text in [
            "x\n\n  \tpanic!();",
            "-     panic!();",
            "1.     panic!();",
            "*\t\t\tpanic!();",
            "1.\n       panic!();",
            "- a\n\n        panic!();",
            ">     panic!();",
            "> -     panic!();",
            "10)     panic!();",
            "- ~~~\n  panic!();",
            "1. ```\n   panic!();",
            "- # h\n      panic!();",
            "- ***\n      panic!();",
            "1. 2.\n          panic!();",
            "1. -\n         panic!();",
            "x\n\n    code\n  1.\n           panic!();",
        ] {
            let out = sanitize(text);
            assert_eq!(foreign_code_block(&out), None, "{text:?} became {out:?}");
            let item = format!("- {}", inline(text));
            assert_eq!(foreign_code_block(&item), None, "{text:?} became {item:?}");
        }
        // Prose keeps its words; markers keep one space; no line keeps
        // its indentation; `>` is text.
        assert_eq!(sanitize("-   a\n  continued"), "- a\ncontinued");
        assert_eq!(sanitize("a\n\n  b"), "a\n\nb");
        assert_eq!(
            sanitize(">=3 attempts\n>>> x"),
            "&gt;=3 attempts\n&gt;&gt;&gt; x"
        );
        // A code span at a line's start is no fence: its words stay.
        assert_eq!(sanitize("```x``` is required."), "```x``` is required.");
        // Nor can a pipe-free delimiter row make a table.
        assert_eq!(sanitize("Limits:\n:-\nfree 10"), "Limits:\n\\:-\nfree 10");
        assert_eq!(
            sanitize("1.5 is a ratio\n-5 degrees"),
            "1.5 is a ratio\n-5 degrees"
        );
    }
}
