//! Every output of every catalog is deterministic and starts with its
//! header. (What each output says is pinned once, by the committed files
//! that `outputs_up_to_date.rs` checks.)

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
                (output.render)(&a).as_bytes(),
                (output.render)(&b).as_bytes(),
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
                (output.render)(&catalog).starts_with(output.header),
                "{rel} {}",
                output.name
            );
        }
    }
}
