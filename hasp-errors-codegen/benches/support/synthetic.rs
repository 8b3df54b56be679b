//! A synthetic catalog of any size, in the style of `catalog/errors.yaml`,
//! for the scale benches and tests (included with `#[path]`; not public
//! API).
//!
//! The output is deterministic and valid: unique `SCREAMING_SNAKE_CASE`
//! codes grouped by ascending status, one type per group of codes (a
//! hundred codes a type, at least twelve types), multi-line descriptions,
//! notes on half the codes, every `param` rule, every retry kind (the field
//! forms naming a details field of the right type), details fields of every
//! field type, and tombstones (one per twenty codes).
#![allow(dead_code)]

use std::fmt::Write as _;

/// HTTP statuses the types cycle through (ascending).
const STATUSES: &[u16] = &[
    400, 401, 402, 403, 404, 405, 408, 409, 410, 412, 413, 415, 422, 423, 424, 428, 429, 431, 451,
    500, 501, 502, 503, 504, 507,
];

/// Nouns and states codes and types are made of.
const NOUNS: &[&str] = &[
    "account",
    "api_key",
    "batch",
    "billing",
    "document",
    "embedding",
    "file",
    "inference",
    "model",
    "org",
    "project",
    "prompt",
    "run",
    "session",
    "tool",
    "upload",
    "webhook",
    "workspace",
];
const STATES: &[&str] = &[
    "invalid",
    "missing",
    "expired",
    "locked",
    "conflict",
    "too_large",
    "unavailable",
    "exhausted",
    "not_found",
    "not_allowed",
    "pending",
    "retired",
];

/// The field type of details field `k` (cycles through all eight).
const FIELD_TYPES: &[(&str, &str)] = &[
    ("string", "reason"),
    ("integer", "limit"),
    ("boolean", "permanent"),
    ("duration_seconds", "wait_seconds"),
    ("timestamp", "resets_at"),
    ("url", "docs_url"),
    ("money", "amount_usd"),
    ("string_list", "entity_types"),
];

/// How many types a catalog of `codes` codes has.
pub fn type_count(codes: usize) -> usize {
    (codes / 100).clamp(12, 250).min(codes.max(1))
}

fn type_name(t: usize) -> String {
    let noun = NOUNS[t % NOUNS.len()];
    let state = STATES[(t / NOUNS.len()) % STATES.len()];
    format!("{noun}_{state}_{t}")
}

fn code_name(i: usize) -> String {
    let noun = NOUNS[(i * 7) % NOUNS.len()];
    let state = STATES[(i * 5 + i / NOUNS.len()) % STATES.len()];
    format!("{}_{}_{i}", noun.to_uppercase(), state.to_uppercase())
}

/// The type index of code `i` of `n`: contiguous groups, so codes come in
/// ascending status order like the real catalog's.
fn type_of(i: usize, n: usize, types: usize) -> usize {
    i * types / n
}

/// A synthetic catalog with `codes` codes, as YAML text.
pub fn catalog(codes: usize) -> String {
    let types = type_count(codes);
    let mut out = String::with_capacity(700 * codes + 4096);
    out.push_str(HEAD);
    out.push_str("\ntypes:\n");
    for t in 0..types {
        let status = status_of(t, types);
        let _ = write!(
            out,
            "  {}:\n    status: {status}\n    description: >-\n      Errors about {} in state {t}; the request is refused with HTTP {status}\n      until the condition described by the code clears.\n",
            type_name(t),
            NOUNS[t % NOUNS.len()].replace('_', " "),
        );
    }
    out.push_str("\ncodes:\n");
    let mut group = usize::MAX;
    for i in 0..codes {
        let t = type_of(i, codes, types);
        if t != group {
            group = t;
            let _ = writeln!(out, "  # {} — {}", status_of(t, types), type_name(t));
        }
        code(&mut out, i, &type_name(t));
    }
    let tombstones = codes / 20;
    if tombstones == 0 {
        out.push_str("\ntombstones: {}\n");
    } else {
        out.push_str("\ntombstones:\n");
        for j in 0..tombstones {
            let _ = write!(
                out,
                "  RETIRED_{}_{j}:\n    removed_in: {}.0.0\n    reason: Replaced by a more precise code in release {}.\n",
                NOUNS[j % NOUNS.len()].to_uppercase(),
                1 + j % 3,
                j % 40
            );
        }
    }
    out
}

fn status_of(t: usize, types: usize) -> u16 {
    // Spread the types over the statuses, ascending, several per status.
    STATUSES[t * STATUSES.len() / types]
}

fn code(out: &mut String, i: usize, type_name: &str) {
    let name = code_name(i);
    let noun = NOUNS[(i * 7) % NOUNS.len()].replace('_', " ");
    let state = STATES[(i * 5 + i / NOUNS.len()) % STATES.len()].replace('_', " ");
    let _ = write!(
        out,
        "  {name}:\n    type: {type_name}\n    summary: The {noun} is {state} (case {i}).\n    description: |\n      The {noun} named in the request is {state}, so the gateway cannot go on with it.\n      `error.details` says which {noun} and why; see the notes for how to fix it\n      before sending the request again.\n",
    );
    if i.is_multiple_of(2) {
        let _ = write!(
            out,
            "    notes:\n      - Check the {noun} at **Settings → {}**.\n      - >-\n        Requests made with an older API version get the same code, so clients can\n        branch on `error.code` alone.\n",
            i % 13
        );
    }
    match i % 3 {
        0 => {}
        1 => out.push_str("    param: optional\n"),
        _ => out.push_str("    param: required\n"),
    }
    // Details: none for a third of the codes, else one to four fields
    // cycling through every field type.
    let fields = match i % 6 {
        0 | 3 => 0,
        k => k,
    };
    // The retry kind; the field forms need the right details field.
    let retry = i % 5;
    let mut wanted: Vec<usize> = (0..fields).map(|k| (i + k) % FIELD_TYPES.len()).collect();
    if retry == 2 && !wanted.contains(&3) {
        wanted.push(3);
    }
    if retry == 4 && !wanted.contains(&4) {
        wanted.push(4);
    }
    match retry {
        0 => out.push_str("    retry: never\n"),
        1 => out.push_str("    retry: backoff\n"),
        2 => out.push_str("    retry:\n      after_delay: wait_seconds\n"),
        3 => out.push_str("    retry: after_action\n"),
        _ => out.push_str("    retry:\n      after_action: resets_at\n"),
    }
    if i % 4 == 1 {
        let _ = write!(
            out,
            "    retry_note: >-\n      Retrying {} only helps once the {noun} has changed; an admin\n      usually has to act first.\n",
            if retry == 1 { "with backoff" } else { "later" }
        );
    }
    if !wanted.is_empty() {
        out.push_str("    details:\n");
        for k in wanted {
            let (ty, field) = FIELD_TYPES[k];
            // Fields a retry policy names are required; others alternate.
            let required = k == 3 || k == 4 || (i + k).is_multiple_of(2);
            let _ = write!(
                out,
                "      {field}:\n        type: {ty}\n        required: {required}\n        description: The {} of the {noun}, as the gateway saw it.\n",
                field.replace('_', " ")
            );
        }
    }
    out.push('\n');
}

const HEAD: &str = "\
# A synthetic error catalog, generated for the scale benches and tests.
version: 3.0.0

page:
  title: Errors
  intro: |
    Every error response from the gateway uses the same JSON envelope.
    `error.type` and `error.code` are the two identifiers to branch on: `error.type` is the
    broad class of the error (and fixes the HTTP status), `error.code` is the specific reason.
    `error.message` is human-readable and may change without notice, so never parse it or
    match on it.
  envelope: |
    An error response carries two top-level objects, `error` and `meta`:

    - `error.type` — the error class, one of the types listed below.
    - `error.code` — the specific error code, one of the codes listed below.
    - `error.message` — a human-readable explanation; do not branch on it.
    - `error.param` — the request parameter the error is about, or `null`.
    - `error.details` — code-specific fields, or `null`.
    - `error.retryable` — whether repeating the request later can succeed.
    - `error.request_id` — the unique id of the request.
  streaming: |
    On SSE streams, errors after the stream has opened are delivered as `run.failed` or
    `error` events rather than HTTP status codes.
  field_types: |
    Each field of `error.details` has one of the field types below.
";
