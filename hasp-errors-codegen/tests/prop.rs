//! Property tests: random valid catalogs, with names that are hard to turn
//! into Rust and text full of hostile characters, are written as YAML,
//! loaded back unchanged, and generate Rust that parses (and, for a few per
//! run, compiles) and markdown whose structure holds.

mod hostile_support;

use std::collections::HashSet;
use std::fmt::Write as _;

use hasp_errors_codegen::model::FieldType;
use hasp_errors_codegen::{generate_rust, names, parse_catalog, text};
use hostile_support::{check_outputs, compile};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// One details field, before names are made unique.
#[derive(Debug, Clone)]
struct FieldSpec {
    name: String,
    ty: FieldType,
    required: bool,
    description: String,
}

#[derive(Debug, Clone)]
struct CodeSpec {
    name: String,
    summary: String,
    description: String,
    notes: Vec<String>,
    param: &'static str,
    retry: u8,
    retry_note: Option<String>,
    details: Vec<FieldSpec>,
}

#[derive(Debug, Clone)]
struct CatalogSpec {
    title: String,
    prose: [String; 4],
    types: Vec<(String, u16, String)>,
    codes: Vec<CodeSpec>,
    tombstones: Vec<(String, String)>,
}

/// Fragments that have broken a renderer somewhere.
const HOSTILE: &[&str] = &[
    "|",
    "\\|",
    "`",
    "``",
    "```",
    "~~~",
    "\n```\n",
    "\n~~~\n",
    "\n```rust\n",
    "\n    indented\n",
    "\n\n    indented\n",
    "\n\t",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "-->",
    "*/",
    "/*",
    "\"#",
    "#\"",
    "]]",
    "[[",
    "[link](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "https://example.com/a?b=<c>|d",
    "\n# heading\n",
    "\n---\n",
    "\n===\n",
    "\n- item\n",
    "\n> quote\n",
    "\\",
    "&amp;",
    "&#60;",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "é",
    "東京",
    "🚨",
    "{",
    "}",
    "$",
    "%",
    "@",
    "!",
    "*",
    "_",
    "**",
    "__",
];

/// Catalog text: words mixed with hostile fragments and arbitrary
/// characters; never blank (the catalog requires text).
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,8}".prop_map(|w| format!("{w} ")),
        3 => proptest::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    ("[A-Za-z]{1,8}", proptest::collection::vec(piece, 0..12))
        .prop_map(|(first, rest)| format!("{first} {}", rest.concat()))
}

fn line() -> impl Strategy<Value = String> {
    text().prop_map(|t| t.replace(['\n', '\r'], " "))
}

fn snake() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,4}){0,2}",
        1 => proptest::sample::select(&[
            "type", "match", "ref", "self", "crate", "super", "fn", "async", "gen", "yield",
            "try", "r", "a1", "in",
        ][..])
        .prop_map(str::to_owned),
    ]
}

fn screaming() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][A-Z0-9]{0,6}(_[A-Z0-9]{1,4}){0,3}",
        // Names of items the generated code or the prelude uses.
        1 => proptest::sample::select(&[
            "ERROR_TYPE", "ERROR_CODE", "HASP_ERROR", "SOME", "NONE", "OK", "ERR", "OPTION",
            "RESULT", "STRING", "VEC", "DEFAULT", "SELF_TEST", "A_1", "A1", "HASP_ERROR_DETAILS",
        ][..])
        .prop_map(str::to_owned),
    ]
}

fn field_type() -> impl Strategy<Value = FieldType> {
    proptest::sample::select(FieldType::ALL)
}

fn field() -> impl Strategy<Value = FieldSpec> {
    (snake(), field_type(), any::<bool>(), text()).prop_map(|(name, ty, required, description)| {
        FieldSpec {
            name,
            ty,
            required,
            description,
        }
    })
}

fn code() -> impl Strategy<Value = CodeSpec> {
    (
        screaming(),
        line(),
        text(),
        proptest::collection::vec(text(), 0..3),
        proptest::sample::select(&["none", "optional", "required"][..]),
        0u8..5,
        proptest::option::of(text()),
        proptest::collection::vec(field(), 0..5),
    )
        .prop_map(
            |(name, summary, description, notes, param, retry, retry_note, details)| CodeSpec {
                name,
                summary,
                description,
                notes,
                param,
                retry,
                retry_note,
                details,
            },
        )
}

fn catalog() -> impl Strategy<Value = CatalogSpec> {
    const STATUSES: &[u16] = &[400, 401, 402, 403, 404, 409, 410, 422, 429, 500, 502, 503];
    (
        line(),
        [text(), text(), text(), text()],
        proptest::collection::vec((snake(), proptest::sample::select(STATUSES), text()), 1..5),
        proptest::collection::vec(code(), 1..7),
        proptest::collection::vec((screaming(), text()), 0..3),
    )
        .prop_map(|(title, prose, types, codes, tombstones)| CatalogSpec {
            title,
            prose,
            types,
            codes,
            tombstones,
        })
}

/// A YAML double-quoted scalar holding exactly `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// Makes a spec valid (unique Rust names, every type used, retry fields of
/// the right type) and writes it as catalog YAML.
fn to_yaml(spec: &CatalogSpec) -> String {
    let mut y = String::from("version: 1.0.0\npage:\n");
    let _ = writeln!(y, "  title: {}", quoted(&spec.title));
    for (key, text) in ["intro", "envelope", "streaming", "field_types"]
        .iter()
        .zip(&spec.prose)
    {
        let _ = writeln!(y, "  {key}: {}", quoted(text));
    }
    let mut seen = HashSet::new();
    let types: Vec<_> = spec
        .types
        .iter()
        .filter(|(n, ..)| {
            let v = names::variant(n);
            v != names::SELF_VARIANT && seen.insert(v)
        })
        .collect();
    let mut seen = HashSet::from([
        names::RESERVED_VARIANT.to_owned(),
        names::SELF_VARIANT.to_owned(),
    ]);
    let codes: Vec<_> = spec
        .codes
        .iter()
        .filter(|c| c.name.len() <= 63 && seen.insert(names::variant(&c.name)))
        // A code's page anchor may not be the title's heading id.
        .filter(|c| {
            c.name.to_ascii_lowercase().replace('_', "")
                != text::heading_id(&spec.title).replace('_', "")
        })
        .collect();
    // Filtering may leave none: keep one of each.
    let base_type = ("base_type".to_owned(), 400, "Base type.".to_owned());
    let types = if types.is_empty() {
        vec![&base_type]
    } else {
        types
    };
    let base_code = CodeSpec {
        name: "BASE_CODE".to_owned(),
        summary: "Base.".to_owned(),
        description: "Base code.".to_owned(),
        notes: Vec::new(),
        param: "none",
        retry: 0,
        retry_note: None,
        details: Vec::new(),
    };
    let codes = if codes.is_empty() {
        vec![&base_code]
    } else {
        codes
    };
    // Every type needs a code: drop the types no code can take.
    let types = &types[..types.len().min(codes.len())];
    y.push_str("types:\n");
    for (name, status, description) in types {
        let _ = writeln!(
            y,
            "  {name}:\n    status: {status}\n    description: {}",
            quoted(description)
        );
    }
    y.push_str("codes:\n");
    for (i, code) in codes.iter().enumerate() {
        let (type_name, ..) = types[i % types.len()];
        let _ = writeln!(y, "  {}:", code.name);
        let _ = writeln!(y, "    type: {type_name}");
        let _ = writeln!(y, "    summary: {}", quoted(&code.summary));
        let _ = writeln!(y, "    description: {}", quoted(&code.description));
        if !code.notes.is_empty() {
            y.push_str("    notes:\n");
            for note in &code.notes {
                let _ = writeln!(y, "      - {}", quoted(note));
            }
        }
        let _ = writeln!(y, "    param: {}", code.param);
        let mut fields = HashSet::new();
        let details: Vec<_> = code
            .details
            .iter()
            .filter(|f| f.name != "error_code" && fields.insert(names::field(&f.name)))
            .collect();
        let with = |ty| details.iter().find(|f| f.ty == ty).map(|f| f.name.as_str());
        let retry = match (
            code.retry,
            with(FieldType::DurationSeconds),
            with(FieldType::Timestamp),
        ) {
            (0, ..) => "never".to_owned(),
            (1, ..) => "backoff".to_owned(),
            (2, Some(f), _) => format!("\n      after_delay: {f}"),
            (3, _, Some(f)) => format!("\n      after_action: {f}"),
            _ => "after_action".to_owned(),
        };
        let _ = writeln!(y, "    retry: {retry}");
        if let Some(note) = &code.retry_note {
            let _ = writeln!(y, "    retry_note: {}", quoted(note));
        }
        if !details.is_empty() {
            y.push_str("    details:\n");
            for f in details {
                let _ = writeln!(
                    y,
                    "      {}:\n        type: {}\n        required: {}\n        description: {}",
                    f.name,
                    f.ty,
                    f.required,
                    quoted(&f.description)
                );
            }
        }
    }
    y.push_str("tombstones:\n");
    let mut dead = HashSet::new();
    for (name, reason) in &spec.tombstones {
        if name.len() <= 63 && !codes.iter().any(|c| &c.name == name) && dead.insert(name) {
            let _ = writeln!(
                y,
                "  {name}:\n    removed_in: 1.0.0\n    reason: {}",
                quoted(reason)
            );
        }
    }
    if dead.is_empty() {
        y.push_str("  {}\n");
    }
    y
}

proptest! {
    #![proptest_config(Config {
        cases: 128,
        // Integration tests have no `lib.rs` for proptest to store
        // regressions next to; a failure prints the minimal catalog instead.
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn random_catalogs_generate_inert_outputs(spec in catalog()) {
        let yaml = to_yaml(&spec);
        let catalog = match parse_catalog("random.yaml", yaml.as_bytes()) {
            Ok(c) => c,
            Err(d) => panic!("a valid catalog was rejected:\n{d}\n{yaml}"),
        };
        // The text survives YAML exactly.
        prop_assert_eq!(&catalog.page.title, &spec.title);
        for code in &catalog.codes {
            // (The base code stands in when every spec code was dropped.)
            let Some(s) = spec.codes.iter().find(|c| c.name == code.name) else { continue };
            prop_assert_eq!(&code.description, &s.description);
            prop_assert_eq!(&code.notes, &s.notes);
        }
        check_outputs(&catalog);
    }
}

/// A few random catalogs per run, compiled for real in one crate (a fixed
/// count, whatever `PROPTEST_CASES` says: each costs a compile).
#[test]
fn random_catalogs_compile() {
    const SAMPLES: usize = 3;
    let mut runner = TestRunner::default();
    let mut modules = Vec::new();
    let mut yamls = String::new();
    for i in 0..SAMPLES {
        let spec = catalog()
            .new_tree(&mut runner)
            .expect("a catalog")
            .current();
        let yaml = to_yaml(&spec);
        let catalog = match parse_catalog("random.yaml", yaml.as_bytes()) {
            Ok(c) => c,
            Err(d) => panic!("a valid catalog was rejected:\n{d}\n{yaml}"),
        };
        let _ = writeln!(yamls, "# catalog{i}\n{yaml}");
        modules.push((format!("catalog{i}"), generate_rust(&catalog)));
    }
    // Kept next to the crate, so a failure can be reproduced.
    let dir = hostile_support::check_target_dir().join("crates/random_check");
    std::fs::create_dir_all(&dir).expect("create dir");
    std::fs::write(dir.join("catalogs.yaml"), &yamls).expect("write catalogs");
    compile("random_check", &modules, "");
}
