//! Any bytes given to the catalog loader yield a catalog or diagnostics,
//! never a panic, a hang or a runaway allocation; a catalog that loads
//! generates both outputs, and diagnostics render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match hasp_errors_codegen::parse_catalog("fuzz.yaml", data) {
        Ok(catalog) => {
            let rust = hasp_errors_codegen::generate_rust(&catalog);
            assert!(rust.starts_with(hasp_errors_codegen::emit_rust::HEADER));
            let markdown = hasp_errors_codegen::generate_markdown(&catalog);
            assert!(!markdown.is_empty());
        }
        Err(diagnostics) => {
            assert!(!diagnostics.items().is_empty());
            let rendered = diagnostics.render();
            assert!(rendered.starts_with("fuzz.yaml:"));
        }
    }
});
