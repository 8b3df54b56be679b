//! Hostile input: catalogs built to exhaust the loader, and catalog text
//! built to break the generated Rust and markdown.

mod hostile_support;

use std::path::Path;
use std::time::Instant;

use hasp_errors_codegen::load::{MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES};
use hasp_errors_codegen::{Catalog, Diagnostics, generate_rust, load_catalog, parse_catalog};
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

/// Parses `bytes` on a thread with a small stack (so deep recursion would
/// overflow it), and returns the diagnostics; prints the time taken.
fn rejected(what: &str, bytes: Vec<u8>) -> Diagnostics {
    let start = Instant::now();
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || parse_catalog("hostile.yaml", &bytes).err())
        .expect("spawn")
        .join()
        .expect("the loader must not panic or overflow its stack");
    eprintln!("{what}: rejected in {:?}", start.elapsed());
    let d = result.unwrap_or_else(|| panic!("{what} must be rejected"));
    assert_eq!(d.items().len(), 1, "{what}: {}", d.render());
    d
}

// --- resource limits --------------------------------------------------------

#[test]
fn alias_bomb_is_stopped_by_the_node_budget() {
    // "Billion laughs": each level holds ten aliases of the previous one;
    // ten levels would expand to 10^10 nodes.
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=10 {
        let prev = format!("*a{}", i - 1);
        let items = [prev.as_str(); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    let d = rejected("alias bomb", yaml.into_bytes());
    let item = &d.items()[0];
    assert!(
        item.message.contains(&format!(
            "expands to too much data (limits: {MAX_NODES} nodes"
        )),
        "{}",
        d.render()
    );
    // Stopped within the level that crosses the budget (10^5 nodes): level
    // 5, i.e. line 6, not after expanding everything.
    assert!(item.span.line <= 6, "{}", d.render());
    insta::assert_snapshot!(d.render());
}

#[test]
fn scalar_bomb_is_stopped_by_the_text_budget() {
    // One large scalar aliased many times: few nodes, much text.
    let big = "x".repeat(900 * 1024);
    let mut yaml = format!("a: &a {big}\nb: [");
    yaml.push_str(&vec!["*a"; 20].join(", "));
    yaml.push_str("]\n");
    let d = rejected("scalar bomb", yaml.into_bytes());
    assert!(
        d.items()[0].message.contains("bytes of text"),
        "{:?}",
        d.items()
    );
}

#[test]
fn deep_flow_nesting_is_refused_without_recursion() {
    // saphyr-parser's scanner has its own limit (255 flow levels), which it
    // meets before handing over the events our limit counts; both say so.
    let yaml = "[".repeat(10_000) + &"]".repeat(10_000);
    let d = rejected("10k-deep flow nesting", yaml.into_bytes());
    let item = &d.items()[0];
    assert_eq!(item.span.line, 1);
    assert!(item.span.col <= 257, "{}", d.render());
    assert!(item.message.contains("nested too deeply"), "{}", d.render());
    insta::assert_snapshot!(d.render());
}

#[test]
fn deep_flow_mappings_are_refused() {
    let yaml = "{a: ".repeat(10_000) + &"}".repeat(10_000);
    let d = rejected("10k-deep flow mappings", yaml.into_bytes());
    assert!(d.items()[0].message.contains("nested too deeply"));
}

#[test]
fn deep_block_nesting_is_refused() {
    // A block sequence nested 10 000 deep on one line, and a block mapping
    // nested 500 deep by indentation.
    let seq = "- ".repeat(10_000) + "x\n";
    let d = rejected("10k-deep block sequences", seq.into_bytes());
    assert!(d.items()[0].message.contains("nested too deeply"));

    let mut map = String::new();
    for i in 0..500 {
        map.push_str(&" ".repeat(2 * i));
        map.push_str("a:\n");
    }
    let d = rejected("500-deep block mappings", map.into_bytes());
    let item = &d.items()[0];
    assert!(item.message.contains("nested too deeply"));
    assert_eq!(item.span.line, MAX_DEPTH + 1, "{}", d.render());
    insta::assert_snapshot!(d.render());
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    // Valid YAML just over the limit: refused for its size alone.
    let mut yaml = String::from("version: 1\n# ");
    yaml.push_str(&"x".repeat(MAX_FILE_BYTES));
    let d = rejected("oversized text", yaml.clone().into_bytes());
    insta::assert_snapshot!(d.render());

    let path = std::env::temp_dir().join(format!("hasp-oversized-{}.yaml", std::process::id()));
    std::fs::write(&path, &yaml).expect("write temp file");
    let result = load_catalog(&path);
    let _ = std::fs::remove_file(&path);
    let d = result.expect_err("an oversized file is rejected");
    assert!(d.items()[0].message.contains("catalog is too large"), "{d}");
}

#[test]
fn many_keys_within_the_file_limit_are_fine_for_the_loader() {
    // 30 000 small entries: under every limit, so it loads (and then fails
    // validation as a catalog, all the same).
    let mut yaml = String::new();
    for i in 0..30_000 {
        yaml.push_str(&format!("k{i}: v\n"));
    }
    let start = Instant::now();
    let loaded = hasp_errors_codegen::load::load_bytes(Path::new("wide.yaml"), yaml.as_bytes());
    eprintln!("30k keys: loaded in {:?}", start.elapsed());
    assert!(loaded.is_ok());
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
