//! Naming: catalog names to Rust identifiers, and the checks behind them.

/// The variant name kept for codes this crate does not know.
pub const RESERVED_VARIANT: &str = "Unhandled";

/// The one variant name a catalog name can become that is a Rust keyword
/// (`SELF` or `self` → `Self`).
pub const SELF_VARIANT: &str = "Self";

/// The associated items of the generated `ErrorType` and `ErrorCode`
/// enums whose names a variant could take: the constants `emit_rust`
/// writes and the runtime's macros (`hasp-errors/src/tables.rs`) read as
/// `Self::ALL`, `Self::TABLE` and `$code::DETAILS_ERROR_CODE`. A variant of
/// the same name (a code `A_L_L` is the variant `ALL`) would take the
/// constant's place there, and the generated code would not compile.
pub const ASSOCIATED_ITEMS: &[&str] = &["ALL", "TABLE", "DETAILS_ERROR_CODE"];

/// Why a catalog name cannot become `variant`, its enum variant name: the
/// keyword `Self`, or the name of one of the [`ASSOCIATED_ITEMS`].
pub fn refused_variant(variant: &str) -> Option<String> {
    if variant == SELF_VARIANT {
        Some("this name would become the Rust keyword `Self`".to_owned())
    } else if ASSOCIATED_ITEMS.contains(&variant) {
        Some(format!(
            "this name would become the Rust variant `{variant}`, which the generated enums \
             already use for an associated item (`Self::{variant}`)"
        ))
    } else {
        None
    }
}

/// Rust keywords (all editions, reserved ones included).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super"];

/// `snake_case`: lowercase ASCII words of letters and digits joined by `_`.
pub fn is_snake_case(s: &str) -> bool {
    is_words(s, |c| c.is_ascii_lowercase())
}

/// `SCREAMING_SNAKE_CASE`: uppercase ASCII words joined by `_`.
pub fn is_screaming_snake_case(s: &str) -> bool {
    is_words(s, |c| c.is_ascii_uppercase())
}

fn is_words(s: &str, letter: impl Fn(char) -> bool) -> bool {
    s.split('_')
        .all(|w| !w.is_empty() && w.chars().all(|c| letter(c) || c.is_ascii_digit()))
        && s.chars().next().is_some_and(&letter)
}

/// The enum variant name for a code or type: `RATE_LIMITED` → `RateLimited`.
///
/// Each `_`-separated word gets an uppercase first letter and lowercase
/// rest; digits stay where they are (`HTTP2_ERROR` → `Http2Error`, and
/// `A_1` and `A1` both → `A1`). Catalog names are validated snake_case or
/// SCREAMING_SNAKE_CASE ASCII, so there are no other word boundaries.
pub fn variant(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// The details struct name for a code: `RATE_LIMITED` → `RateLimitedDetails`.
pub fn details_struct(code: &str) -> String {
    format!("{}Details", variant(code))
}

/// The Rust field name for a snake_case wire name, as source text
/// (`type` → `r#type`, `self` → `self_`).
pub fn field(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        field_word(name)
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The identifier of a field as a plain word (no `r#`), for builder names.
pub fn field_word(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// How much work suggestions may take over one catalog, in the units
/// [`closest_within`] counts (edit-distance table cells, characters
/// compared): a real catalog's typos need a tiny fraction of it, and a
/// hostile one (thousands of codes each naming a different undeclared type
/// of similar length) stops getting suggestions after about a tenth of a
/// second instead of taking minutes.
pub const SUGGESTION_BUDGET: usize = 50_000_000;

/// The candidate closest to `word`, if any is close: by edit distance, or
/// sharing a long prefix (`retriable` → `retry`).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut budget = SUGGESTION_BUDGET;
    closest_within(word, candidates, &mut budget)
}

/// [`closest`], spending at most `budget` units of work (deducted): a cell
/// of an edit-distance table, or a character looked at to measure or
/// compare a candidate. Once it runs out there are no more suggestions,
/// so the work over a whole catalog stays bounded.
pub fn closest_within<'a>(
    word: &str,
    candidates: &[&'a str],
    budget: &mut usize,
) -> Option<&'a str> {
    let mut spend = |units: usize| match budget.checked_sub(units) {
        Some(left) => {
            *budget = left;
            true
        }
        None => {
            *budget = 0;
            false
        }
    };
    let len = word.chars().count();
    let limit = (len / 3).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    let mut prefix: Option<(usize, &'a str)> = None;
    for c in candidates {
        if !spend(c.len() + 1) {
            return None;
        }
        let c_len = c.chars().count();
        // The longest shared prefix, for when nothing is close enough by
        // distance (`retriable` → `retry`; the last of equals).
        let n = common_prefix(word, c);
        if n >= 4 && n * 2 >= c_len && prefix.is_none_or(|(p, _)| n >= p) {
            prefix = Some((n, c));
        }
        // A candidate whose length alone puts it too far costs no table.
        if len.abs_diff(c_len) > limit {
            continue;
        }
        if !spend((len + 1).saturating_mul(c_len + 1)) {
            return None;
        }
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.or(prefix).map(|(_, c)| c)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // Two rows of the table, reused.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert!(is_snake_case("retry_after_seconds"));
        assert!(is_snake_case("a1_b2"));
        assert!(!is_snake_case("Retry"));
        assert!(!is_snake_case("a__b"));
        assert!(!is_snake_case("_a"));
        assert!(!is_snake_case("1a"));
        assert!(is_screaming_snake_case("RATE_LIMITED"));
        assert!(!is_screaming_snake_case("Rate_Limited"));
        assert!(!is_screaming_snake_case("RATE-LIMITED"));
        assert!(!is_screaming_snake_case(""));
    }

    #[test]
    fn names() {
        assert_eq!(variant("AI_CREDITS_EXHAUSTED"), "AiCreditsExhausted");
        assert_eq!(details_struct("RATE_LIMITED"), "RateLimitedDetails");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("cap_usd"), "cap_usd");
    }

    #[test]
    fn suggestions() {
        let keys = ["type", "summary", "retry", "details"];
        assert_eq!(closest("retriable", &keys), Some("retry"));
        assert_eq!(closest("retyr", &keys), Some("retry"));
        assert_eq!(closest("detials", &keys), Some("details"));
        assert_eq!(closest("zzzzzz", &keys), None);
        // Too long or too short to be close is skipped without the table.
        let mut budget = 0;
        assert_eq!(
            closest_within(&"x".repeat(200_000), &keys, &mut budget),
            None
        );
        // Out of budget: no more suggestions at all.
        let mut budget = 10;
        assert_eq!(closest_within("retyr", &keys, &mut budget), None);
        assert_eq!(budget, 0);
        let mut budget = SUGGESTION_BUDGET;
        assert_eq!(closest_within("retyr", &keys, &mut budget), Some("retry"));
        assert!(budget < SUGGESTION_BUDGET);
    }
}
