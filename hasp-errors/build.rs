//! Generates the catalog's Rust API into `OUT_DIR` from `catalog/errors.yaml`.

fn main() {
    // `catalog` is a link to the workspace's `catalog/` in the repository and
    // a plain copy in the published package; report the file people edit.
    let catalog = std::path::Path::new("catalog/errors.yaml");
    let shown = std::fs::canonicalize(catalog).unwrap_or_else(|_| catalog.to_owned());
    let result = hasp_errors_codegen::Builder::new()
        .catalog(&shown)
        .generate();
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
