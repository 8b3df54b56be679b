//! Any bytes given to the catalog loader yield a catalog or diagnostics,
//! never a panic, a hang or a runaway allocation; a catalog that loads
//! generates every output, and diagnostics render; and reading it while
//! loading (`parse_catalog`, each code validated as soon as it is read)
//! agrees with validating the whole tree (`validate::validate`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = hasp_errors_codegen::parse_catalog("fuzz.yaml", data);
    let tree = hasp_errors_codegen::load::load_bytes(std::path::Path::new("fuzz.yaml"), data)
        .and_then(|loaded| hasp_errors_codegen::validate::validate(&loaded));
    assert_eq!(parsed, tree, "streamed and tree validation disagree");
    match parsed {
        Ok(catalog) => {
            for output in hasp_errors_codegen::outputs::ALL {
                assert!((output.render)(&catalog).starts_with(output.header));
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.items().is_empty());
            let rendered = diagnostics.render();
            assert!(rendered.starts_with("fuzz.yaml:"));
        }
    }
});
