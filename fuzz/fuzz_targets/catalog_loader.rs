//! Any bytes given to the catalog loader yield a catalog or diagnostics,
//! never a panic, a hang or a runaway allocation; a catalog that loads
//! generates every output, and diagnostics render; and reading it while
//! loading (`parse_catalog`, each code validated as soon as it is read)
//! agrees with validating the whole tree (`validate::validate`): the same
//! result when the loader reads the file, and when it refuses it, every
//! problem it reports among those of the one-step way (which goes on past
//! a duplicate key, and checks the codes read before a syntax error), as
//! `hasp-errors-codegen/tests/streaming.rs` holds too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = hasp_errors_codegen::parse_catalog("fuzz.yaml", data);
    match hasp_errors_codegen::load::load_bytes(std::path::Path::new("fuzz.yaml"), data) {
        Ok(loaded) => assert_eq!(
            parsed,
            hasp_errors_codegen::validate::validate(&loaded),
            "streamed and tree validation disagree"
        ),
        Err(loader) => {
            let streamed = parsed.as_ref().expect_err("refused by the loader");
            for item in loader.items() {
                assert!(
                    streamed.items().contains(item),
                    "the one-step way misses {item:?}"
                );
            }
        }
    }
    match parsed {
        Ok(catalog) => {
            for output in hasp_errors_codegen::outputs::ALL {
                assert!(output.render(&catalog).starts_with(output.header));
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.items().is_empty());
            let rendered = diagnostics.render();
            assert!(rendered.starts_with("fuzz.yaml:"));
        }
    }
});
