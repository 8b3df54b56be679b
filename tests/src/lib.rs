//! Fixture catalogs' generated code, compiled here.
//!
//! Each module includes the committed generated API of one catalog in
//! `fixtures/` (`minimal.yaml` → `minimal.rs`, kept up to date by
//! `cargo run -p hasp-errors-codegen -- docs` and checked by the
//! generator's tests), exactly as `hasp-errors` holds the real catalog's,
//! so the generator's output is compiled (and tested, in `tests/`) for
//! catalogs whose shapes the real catalog does not have.

/// `fixtures/minimal.yaml`: one type, one unit code.
pub mod minimal {
    include!("../fixtures/minimal.rs");
}

/// `fixtures/shapes.yaml`: every `param` rule, every field type, required
/// and optional fields, every retry kind, a tombstone.
pub mod shapes {
    include!("../fixtures/shapes.rs");
}

/// `fixtures/keywords.yaml`: details fields named after Rust keywords and
/// codes with digit words.
pub mod keywords {
    include!("../fixtures/keywords.rs");
}

/// `fixtures/evolution.yaml`: a deprecated code (with a replacement and a
/// sunset), deprecated required and optional details fields, a tombstone.
pub mod evolution {
    include!("../fixtures/evolution.rs");
}
