//! Every output of every catalog is deterministic, the same rendered into
//! a new or a reused buffer, and starts with its header. (What each output
//! says is pinned once, by the committed files that `outputs_up_to_date.rs`
//! checks.)

use hasp_errors_codegen::{Catalog, load_catalog, outputs};

/// Every catalog: the real one and the fixtures, from this crate.
const CATALOGS: &[&str] = &[
    "../catalog/errors.yaml",
    "../tests/fixtures/minimal.yaml",
    "../tests/fixtures/shapes.yaml",
    "../tests/fixtures/keywords.yaml",
    "../tests/fixtures/evolution.yaml",
];

fn load(rel: &str) -> Catalog {
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    match load_catalog(&path) {
        Ok(c) => c,
        Err(d) => panic!("{rel} must be a valid catalog:\n{d}"),
    }
}

#[test]
fn generation_is_deterministic() {
    for rel in CATALOGS {
        // Two independent loads, so nothing is shared between the runs.
        let (a, b) = (load(rel), load(rel));
        for output in outputs::ALL {
            assert_eq!(
                output.render(&a).as_bytes(),
                output.render(&b).as_bytes(),
                "{rel} {}",
                output.name
            );
        }
    }
}

#[test]
fn every_output_starts_with_its_header() {
    for rel in CATALOGS {
        let catalog = load(rel);
        for output in outputs::ALL {
            assert!(
                output.render(&catalog).starts_with(output.header),
                "{rel} {}",
                output.name
            );
        }
    }
}

#[test]
fn rendering_into_a_used_buffer_appends_the_same_text() {
    // Each catalog's outputs, rendered into one buffer reused from the
    // largest output down (each `clear`ed: its old bytes are still there),
    // and appended after text already in it, match a fresh render.
    let catalogs: Vec<Catalog> = CATALOGS.iter().map(|rel| load(rel)).collect();
    let mut buf = String::new();
    for output in outputs::ALL {
        for (rel, catalog) in CATALOGS.iter().zip(&catalogs) {
            let fresh = output.render(catalog);
            buf.clear();
            (output.render_into)(catalog, &mut buf);
            assert_eq!(buf, fresh, "{rel} {} into a reused buffer", output.name);
            buf.clear();
            buf.push_str("already here\n");
            (output.render_into)(catalog, &mut buf);
            assert_eq!(
                buf.strip_prefix("already here\n"),
                Some(fresh.as_str()),
                "{rel} {} after other text",
                output.name
            );
        }
    }
}
