//! Generates the Rust API of every fixture catalog in `fixtures/` into
//! `OUT_DIR`, so that `src/lib.rs` compiles each one for real.

/// The fixture catalogs; each becomes `OUT_DIR/<name>.rs` and `pub mod <name>`.
const FIXTURES: &[&str] = &["minimal", "shapes", "keywords"];

fn main() {
    for name in FIXTURES {
        // `Builder` prints `cargo:rerun-if-changed` for each catalog itself.
        let result = hasp_errors_codegen::Builder::new()
            .catalog(format!("fixtures/{name}.yaml"))
            .file_name(format!("{name}.rs"))
            .generate();
        if let Err(e) = result {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
