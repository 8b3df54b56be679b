//! Generates the catalog's Rust API into `OUT_DIR` from `catalog/errors.yaml`.

fn main() {
    // `catalog` is a link to the workspace's `catalog/` in the repository and
    // a plain copy in the published package. The path stays relative (to
    // this package), so cargo watches this checkout's catalog; problems name
    // the file people edit, the link resolved.
    let result = hasp_errors_codegen::Builder::new()
        .catalog("catalog/errors.yaml")
        .generate();
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
