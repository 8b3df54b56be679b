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
fn rendering_into_a_used_string_appends_the_same_text() {
    // The hostile fixture too: its code fences and control characters take
    // the paths that edit text already written (a code block moved to a
    // line of its own, a sanitized line cut short).
    let mut rels: Vec<&str> = CATALOGS.to_vec();
    rels.push("tests/fixtures/hostile.yaml");
    let catalogs: Vec<Catalog> = rels.iter().map(|rel| load(rel)).collect();
    // One string for everything, as the `docs` command renders: cleared
    // between renders, so it keeps a capacity from larger and smaller
    // outputs before.
    let mut reused = String::new();
    for output in outputs::ALL {
        for (rel, catalog) in rels.iter().zip(&catalogs) {
            let fresh = output.render(catalog);
            reused.clear();
            output.render_into(catalog, &mut reused);
            assert_eq!(reused, fresh, "{rel} {} into a reused string", output.name);
            // After text already there (with no line end), in a string with
            // room for that text alone, and in one with room to spare.
            let prefix = "already here, no line end";
            for room in [prefix.len(), fresh.len() * 2] {
                let mut out = String::with_capacity(room);
                out.push_str(prefix);
                output.render_into(catalog, &mut out);
                assert_eq!(
                    out.strip_prefix(prefix),
                    Some(fresh.as_str()),
                    "{rel} {} after other text, capacity {room}",
                    output.name
                );
            }
        }
    }
}
