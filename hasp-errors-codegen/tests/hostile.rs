//! Hostile catalog text, built to break the generated Rust and markdown.
//! (Catalogs built to exhaust the loader are in `limits.rs`.)

mod hostile_support;

use std::path::Path;
use std::time::Instant;

use hasp_errors_codegen::{Catalog, generate_rust, load_catalog};
use hostile_support::{check_markdown, check_outputs, compile};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(path: &Path) -> Catalog {
    match load_catalog(path) {
        Ok(c) => c,
        Err(d) => panic!("{} must load:\n{d}", path.display()),
    }
}

// --- hostile text ---------------------------------------------------------------

#[test]
fn hostile_fixture_outputs_are_inert() {
    let catalog = load(&fixture("hostile.yaml"));
    check_outputs(&catalog);
}

#[test]
fn real_catalog_docs_page_parses_as_intended() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalog = load(&root.join("catalog/errors.yaml"));
    let committed = std::fs::read_to_string(root.join("docs/errors.md")).expect("docs/errors.md");
    check_markdown(&catalog, &committed);
    check_outputs(&catalog);
}

#[test]
fn keyword_fields_keep_their_wire_names() {
    let catalog = load(&fixture("hostile.yaml"));
    let file = syn::parse_file(&generate_rust(&catalog)).expect("generated Rust parses");
    let details = file
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == "ValidationFailedDetails" => Some(s),
            _ => None,
        })
        .expect("ValidationFailedDetails is generated");
    let fields: Vec<(String, Option<String>)> = details
        .fields
        .iter()
        .map(|f| {
            let rename = f
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("serde"))
                .find_map(|a| {
                    let mut rename = None;
                    let _ = a.parse_nested_meta(|m| {
                        if m.path.is_ident("rename") {
                            rename = Some(m.value()?.parse::<syn::LitStr>()?.value());
                        } else if m.input.peek(syn::Token![=]) {
                            let _: syn::Expr = m.value()?.parse()?;
                        }
                        Ok(())
                    });
                    rename
                });
            (f.ident.as_ref().expect("named").to_string(), rename)
        })
        .collect();
    // Raw identifiers keep the wire name (serde strips `r#`); `self` cannot
    // be raw, so it is renamed back.
    assert_eq!(
        fields,
        [
            ("r#type".to_owned(), None),
            ("r#match".to_owned(), None),
            ("r#ref".to_owned(), None),
            ("self_".to_owned(), Some("self".to_owned())),
        ]
    );
}

/// Run by `cargo test` inside the compiled crate: the keyword fields'
/// wire names, the hostile summary as `Display`, and a round trip.
const HOSTILE_CRATE_TESTS: &str = r##"
#[cfg(test)]
mod tests {
    use super::hostile::*;

    #[test]
    fn keyword_fields_use_their_wire_names() {
        let d = ValidationFailedDetails::new("t".to_owned())
            .with_match(vec!["m".to_owned()])
            .with_ref(7)
            .with_self(true);
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type": "t", "match": ["m"], "ref": 7, "self": true})
        );
        let back: ValidationFailedDetails = serde_json::from_value(v).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn hostile_text_survives_in_strings() {
        assert!(ErrorCode::ValidationFailed.summary().contains("\"quotes\", `ticks`, */ and \"# and ]]"));
        assert!(ErrorCode::ValidationFailed.summary().contains('\u{202E}'));
        assert!(ErrorType::BudgetExceeded.description().contains('\u{2066}'));
        assert!(ErrorCode::ValidationFailed.description().contains("<script>alert(1)</script>"));
    }
}
"##;

#[test]
fn hostile_fixture_compiles_without_warnings_or_doctests() {
    let catalog = load(&fixture("hostile.yaml"));
    let rust = generate_rust(&catalog);
    let start = Instant::now();
    compile(
        "hostile_check",
        &[("hostile".to_owned(), rust)],
        HOSTILE_CRATE_TESTS,
    );
    eprintln!("hostile crate: cargo test + doc in {:?}", start.elapsed());
}

#[test]
fn a_retired_codes_reason_keeps_its_code_spans_whole() {
    use pulldown_cmark::{Event, Options, Parser};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let real = std::fs::read_to_string(root.join("catalog/errors.yaml")).unwrap();
    let text = real.replacen(
        "tombstones: {}",
        "tombstones:\n  OLD_PIPE:\n    removed_in: 1.0.0\n    reason: Send `a|b` instead; see `x || y` (a | b).",
        1,
    );
    let catalog = hasp_errors_codegen::parse_catalog("errors.yaml", text.as_bytes()).unwrap();
    let page = hasp_errors_codegen::generate_markdown(&catalog);
    let spans: Vec<String> = Parser::new_ext(&page, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Code(c) if c.contains('|') => Some(c.to_string()),
            _ => None,
        })
        .collect();
    assert!(spans.contains(&"a|b".to_owned()), "{spans:?}");
    assert!(spans.contains(&"x || y".to_owned()), "{spans:?}");
}

/// Wherever catalog text lands on the page (a paragraph, a list item, a
/// quote, a table cell), a code span shows its text as written: a `|` in
/// it is escaped only in a table, where it would split the row, and a
/// backslash before it is kept. A bare link keeps the `)` that closes a
/// `(` of its own.
#[test]
fn catalog_text_shows_as_written_wherever_it_lands() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let real = std::fs::read_to_string(root.join("catalog/errors.yaml")).unwrap();
    let code = "  PIPE_CODE:
    type: internal_error
    summary: A pipe.
    description: Run `dir C:\\\\|more` or see https://en.wikipedia.org/wiki/Rust_(programming_language).
    notes:
      - Also `a|b` here (see https://x.example/n|m).
    retry: backoff
    retry_note: Retry with `--flag a|b` set.
    deprecated:
      since: 0.0.1
      on: 2025-01-01
      note: \"Send `X-Mode: a|b` instead.\"
";
    let text = real.replacen("\ncodes:\n", &format!("\ncodes:\n{code}"), 1);
    let catalog = hasp_errors_codegen::parse_catalog("errors.yaml", text.as_bytes())
        .unwrap_or_else(|d| panic!("{d}"));
    let page = hasp_errors_codegen::generate_markdown(&catalog);
    let mut spans = Vec::new();
    let mut links = Vec::new();
    for event in Parser::new_ext(&page, Options::ENABLE_TABLES) {
        match event {
            Event::Code(c) => spans.push(c.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            _ => {}
        }
    }
    let count = |span: &str| spans.iter().filter(|s| *s == span).count();
    // In the status table and in the code's section.
    assert_eq!(count("dir C:\\\\|more"), 2, "{spans:?}");
    assert_eq!(count("a|b"), 2, "{spans:?}");
    assert_eq!(count("X-Mode: a|b"), 2, "{spans:?}");
    assert_eq!(count("--flag a|b"), 1, "{spans:?}");
    // No escape shows: the only backslash before a `|` is the text's own.
    assert!(
        spans
            .iter()
            .filter(|s| s.contains("\\|"))
            .all(|s| s == "dir C:\\\\|more"),
        "{spans:?}"
    );
    let rust = "https://en.wikipedia.org/wiki/Rust_(programming_language)";
    assert!(
        links.iter().filter(|l| *l == rust).count() >= 2,
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l == "https://x.example/n|m"),
        "{links:?}"
    );
}
