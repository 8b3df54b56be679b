//! Any bytes given to the catalog loader yield a catalog or diagnostics,
//! never a panic, a hang or a runaway allocation; a catalog that loads
//! generates every output, and diagnostics render; and reading it while
//! loading (`parse_catalog`, each code validated as soon as it is read)
//! agrees with validating the whole tree (`validate::validate`): the same
//! result when the loader reads the file, and when it refuses it, every
//! problem it reports among those of the one-step way (which goes on past
//! a duplicate key, and checks the codes read before a syntax error): the
//! check `hasp-errors-codegen/tests/streaming.rs` makes too, from the same
//! file (`tests/support/agree.rs`).
#![no_main]

#[path = "../../hasp-errors-codegen/tests/support/agree.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match support::agree("fuzz input", data) {
        Ok(catalog) => {
            for output in hasp_errors_codegen::outputs::ALL {
                assert!(output.render(&catalog).starts_with(output.header));
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.items().is_empty());
            let rendered = diagnostics.render();
            assert!(rendered.starts_with("c.yaml:"));
        }
    }
});
