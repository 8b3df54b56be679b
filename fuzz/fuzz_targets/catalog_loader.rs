//! Any bytes given to the catalog loader yield a catalog or diagnostics,
//! never a panic, a hang or a runaway allocation; a catalog that loads
//! generates every output, and diagnostics render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match hasp_errors_codegen::parse_catalog("fuzz.yaml", data) {
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
