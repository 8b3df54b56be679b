//! The check that reading a catalog while loading it agrees with
//! validating its whole tree, shared by `tests/streaming.rs` and the
//! `catalog_loader` fuzz target (each includes this file with `#[path]`).

use std::path::Path;

use hasp_errors_codegen::{Catalog, Diagnostics, load, parse_catalog, validate};

/// Both ways of reading `bytes` (as the file `c.yaml`), which must agree;
/// `name` says which input a failed assertion is about.
///
/// A file the loader refuses (the two-step way stops there) may have
/// more problems the one-step way goes on to find: a duplicate key does not
/// stop it, and the codes read before a syntax error are checked. It then
/// reports every problem the loader does, and more.
pub fn agree(name: &str, bytes: &[u8]) -> Result<Catalog, Diagnostics> {
    let streamed = parse_catalog("c.yaml", bytes);
    match load::load_bytes(Path::new("c.yaml"), bytes) {
        Ok(loaded) => assert_eq!(
            streamed,
            validate::validate(&loaded),
            "{name}: the two ways disagree"
        ),
        Err(loader) => {
            let streamed = streamed.as_ref().expect_err("refused by the loader");
            for item in loader.items() {
                assert!(
                    streamed.items().contains(item),
                    "{name}: the one-step way misses {item:?}"
                );
            }
        }
    }
    streamed
}
