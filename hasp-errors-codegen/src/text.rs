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
//! blocks are fenced as `text`, HTML is escaped, link brackets are escaped,
//! `|` is escaped and control characters are shown as `U+XXXX`.

/// Rewrites catalog markdown (one or more paragraphs) so rustdoc and a
/// CommonMark renderer show it without running, linking or embedding
/// anything.
pub fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut indented = false;
    let mut prev_blank = true;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line = visible_controls(raw);
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
                out.push(ch.to_string().repeat(len));
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
                out.push("```".to_owned());
                indented = false;
            }
            // Opening fence: force a non-Rust language so it is never a doctest.
            fence = Some((ch, len));
            out.push(format!("{}text", ch.to_string().repeat(len)));
            prev_blank = false;
            continue;
        }
        let is_indented = line.starts_with("    ") || line.starts_with('\t');
        if indented && !is_indented && !line.trim().is_empty() {
            out.push("```".to_owned());
            indented = false;
        }
        if !indented && is_indented && prev_blank && !line.trim().is_empty() {
            // An indented code block would be a doctest: fence it as text.
            out.push("```text".to_owned());
            indented = true;
        }
        if indented {
            out.push(line.trim_start().to_owned());
        } else {
            out.push(escape_block_start(&escape_inline(&line)));
        }
        prev_blank = line.trim().is_empty();
    }
    if indented {
        // Close before the trailing blank lines.
        let blanks = out.iter().rev().take_while(|l| l.trim().is_empty()).count();
        out.insert(out.len() - blanks, "```".to_owned());
    }
    if let Some((ch, len)) = fence {
        out.push(ch.to_string().repeat(len));
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Catalog markdown as one line of inline text, for a table cell or a list
/// item: every line escaped as inline text (fences and indentation lose
/// their meaning), joined by spaces, and no heading or rule at its start.
pub fn inline(text: &str) -> String {
    let joined = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|l| escape_inline(&visible_controls(l)))
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    escape_block_start(&joined)
}

/// Escapes what would make a line a heading, a thematic break or (in a
/// list item) a `~~~` code fence: catalog text must not add sections to,
/// or split, the page it is shown in.
fn escape_block_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let rule = trimmed
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '=' | '*' | '_' | '+'))
        .filter(|c| trimmed.chars().all(|x| x == *c || x == ' ' || x == '\t'));
    if trimmed.starts_with('#') || trimmed.starts_with("~~~") || rule.is_some() {
        format!("{indent}\\{trimmed}")
    } else {
        line.to_owned()
    }
}

fn fence_of(trimmed: &str) -> Option<(char, usize)> {
    for ch in ['`', '~'] {
        let len = trimmed.chars().take_while(|c| *c == ch).count();
        if len >= 3 {
            return Some((ch, len));
        }
    }
    None
}

/// Replaces characters rustc or a reader would trip over with a visible
/// `U+XXXX` notation: bidirectional controls and other control characters
/// except tab.
pub fn visible_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if is_bidi(c) || (c.is_control() && c != '\t') {
            out.push_str(&format!("U+{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Bidirectional formatting characters (the Trojan-source set).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escapes link brackets, table pipes and HTML outside inline code, and
/// wraps bare URLs in angle brackets.
pub fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        // Inline code spans are copied untouched: `...` with a matching run.
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|c| *c == '`').count();
            let marker = "`".repeat(ticks);
            if let Some(end) = rest[ticks..].find(marker.as_str()) {
                let close = ticks + end + ticks;
                // The closing run must be exactly `ticks` long.
                if !rest[close..].starts_with('`') {
                    out.push_str(&rest[..close]);
                    rest = &rest[close..];
                    continue;
                }
            }
            out.push_str(&marker.replace('`', "\\`"));
            rest = &rest[ticks..];
            continue;
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '`' | '"' | ')'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(&url.replace('[', "%5B").replace(']', "%5D"));
            out.push('>');
            rest = &rest[url.len()..];
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
    out
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
    use super::{heading_id, sanitize};

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
}
