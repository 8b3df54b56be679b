//! Snapshots of the generated Rust and markdown for the real catalog and
//! every fixture catalog, and determinism of the output.
//!
//! Review a changed snapshot with `cargo insta review` (or accept with
//! `INSTA_UPDATE=always`); under `CI=true` insta never writes snapshots, so
//! a stale one fails the run.

use hasp_errors_codegen::{Catalog, generate_markdown, generate_rust, load_catalog};

/// Every catalog snapshotted: (snapshot name, path from this crate).
const CATALOGS: &[(&str, &str)] = &[
    ("real", "../catalog/errors.yaml"),
    ("minimal", "../tests/fixtures/minimal.yaml"),
    ("shapes", "../tests/fixtures/shapes.yaml"),
    ("keywords", "../tests/fixtures/keywords.yaml"),
];

fn load(rel: &str) -> Catalog {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    match load_catalog(&path) {
        Ok(c) => c,
        Err(d) => panic!("{rel} must be a valid catalog:\n{d}"),
    }
}

#[test]
fn generated_rust() {
    for (name, rel) in CATALOGS {
        let rust = generate_rust(&load(rel));
        insta::assert_snapshot!(format!("rust_{name}"), rust);
    }
}

#[test]
fn generated_markdown() {
    for (name, rel) in CATALOGS {
        let markdown = generate_markdown(&load(rel));
        insta::assert_snapshot!(format!("markdown_{name}"), markdown);
    }
}

#[test]
fn generation_is_deterministic() {
    for (_, rel) in CATALOGS {
        // Two independent loads, so nothing is shared between the runs.
        let (a, b) = (load(rel), load(rel));
        assert_eq!(
            generate_rust(&a).as_bytes(),
            generate_rust(&b).as_bytes(),
            "{rel}"
        );
        assert_eq!(
            generate_markdown(&a).as_bytes(),
            generate_markdown(&b).as_bytes(),
            "{rel}"
        );
    }
}

#[test]
fn generated_rust_starts_with_the_header() {
    for (_, rel) in CATALOGS {
        let rust = generate_rust(&load(rel));
        assert_eq!(
            rust.lines().next(),
            Some(hasp_errors_codegen::emit_rust::HEADER),
            "{rel}"
        );
    }
}
