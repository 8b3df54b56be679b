//! Generates Rust, markdown, JSON Schema and OpenAPI from the HASP error
//! catalog.
//!
//! The pipeline has one module per step:
//!
//! 1. [`load`]: read the YAML file into a located tree (syntax, duplicate
//!    keys, and the size and nesting [`Limits`]);
//! 2. [`validate`]: check the catalog rules and build the [`model`]
//!    (reading a catalog, [`parse_catalog`] and [`load_catalog`] hand each
//!    code from the loader to the validator as soon as it is read, so the
//!    tree never holds more than one code; what a code is checked against
//!    in the rest of the catalog is checked once it is all read);
//! 3. one `emit_*` module per output ([`emit_rust`], [`emit_markdown`],
//!    [`emit_json_schema`], [`emit_openapi`]), with all catalog text made
//!    safe by [`text`] (and JSON written by [`json`]);
//! 4. [`outputs`]: the registry of outputs and the committed files they
//!    are kept in, rewritten or checked by [`outputs::refresh`] (the CLI's
//!    `docs` command).
//!
//! Across versions, [`diff`] classifies every change between two catalogs
//! for API clients and for Rust crates, and [`release`] gates releases on
//! it against the last released catalog.
//!
//! Problems are [`Diagnostics`], rendered like a compiler's.
//!
//! Use it from a build script through [`Builder`], in the spirit of
//! `prost_build::Config`:
//!
//! ```no_run
//! // build.rs
//! if let Err(e) = hasp_errors_codegen::Builder::new()
//!     .catalog("catalog/errors.yaml")
//!     .generate()
//! {
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/hasp_errors.rs"));`.
//! The generated code names the runtime as `::hasp_errors`: a crate that
//! depends on it under another name (`errs = { package = "hasp-errors" }`)
//! adds `extern crate errs as hasp_errors;` at its root.

pub mod diagnostic;
#[cfg(feature = "tools")]
pub mod diff;
#[cfg(feature = "tools")]
pub mod emit_json_schema;
#[cfg(feature = "tools")]
pub mod emit_markdown;
#[cfg(feature = "tools")]
pub mod emit_openapi;
pub mod emit_rust;
#[cfg(feature = "tools")]
pub mod json;
pub mod load;
pub mod model;
pub mod names;
pub mod outputs;
#[cfg(feature = "tools")]
pub mod release;
pub mod text;
pub mod validate;

/// The scale bench's synthetic catalogs, for unit tests.
#[cfg(test)]
#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::Limits;
pub use model::Catalog;
pub use outputs::{Output, REFRESH};

/// The catalog path used when none is given, relative to the workspace.
pub const DEFAULT_CATALOG: &str = "catalog/errors.yaml";
/// The file [`Builder::generate`] writes into the output directory.
pub const DEFAULT_FILE_NAME: &str = "hasp_errors.rs";

/// Loads and validates the catalog at `path`, within the default
/// [`Limits`].
///
/// # Errors
/// Every problem found in the file, located.
pub fn load_catalog(path: impl AsRef<Path>) -> Result<Catalog, Diagnostics> {
    load_catalog_with(path, &Limits::default())
}

/// Loads and validates the catalog at `path` within `limits`.
///
/// # Errors
/// Every problem found in the file, located; a limit exceeded is one
/// problem that names the limit.
pub fn load_catalog_with(path: impl AsRef<Path>, limits: &Limits) -> Result<Catalog, Diagnostics> {
    validate::load_and_validate(path.as_ref(), load::Source::File, limits)
}

/// Loads and validates catalog text, within the default [`Limits`];
/// `path` is used only in messages.
///
/// # Errors
/// Every problem found in the text, located.
pub fn parse_catalog(path: impl AsRef<Path>, bytes: &[u8]) -> Result<Catalog, Diagnostics> {
    parse_catalog_with(path, bytes, &Limits::default())
}

/// Loads and validates catalog text within `limits`; `path` is used only
/// in messages.
///
/// # Errors
/// Every problem found in the text, located; a limit exceeded is one
/// problem that names the limit.
pub fn parse_catalog_with(
    path: impl AsRef<Path>,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Catalog, Diagnostics> {
    validate::load_and_validate(path.as_ref(), load::Source::Bytes(bytes), limits)
}

/// The generated Rust source for a catalog.
pub fn generate_rust(catalog: &Catalog) -> String {
    emit_rust::emit(catalog)
}

/// The generated markdown reference page for a catalog.
#[cfg(feature = "tools")]
pub fn generate_markdown(catalog: &Catalog) -> String {
    emit_markdown::emit(catalog)
}

/// What can go wrong while generating.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The catalog has problems.
    Catalog(Diagnostics),
    /// Reading or writing a file failed.
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// No output directory was set and `OUT_DIR` is not set.
    NoOutDir,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Catalog(d) => write!(f, "{d}"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoOutDir => f.write_str(
                "no output directory: call `Builder::out_dir` or run from a build script (OUT_DIR)",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Catalog(d) => Some(d),
            Error::Io { source, .. } => Some(source),
            Error::NoOutDir => None,
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Catalog(d)
    }
}

/// Configures and runs code generation, typically from `build.rs`.
#[derive(Debug, Clone)]
pub struct Builder {
    catalog: PathBuf,
    out_dir: Option<PathBuf>,
    file_name: String,
    outputs: Vec<&'static Output>,
    rerun_if_changed: bool,
    limits: Limits,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl Builder {
    /// A builder reading [`DEFAULT_CATALOG`] and writing
    /// [`DEFAULT_FILE_NAME`] into `OUT_DIR`, printing `rerun-if-changed`.
    pub fn new() -> Self {
        Builder {
            catalog: PathBuf::from(DEFAULT_CATALOG),
            out_dir: None,
            file_name: DEFAULT_FILE_NAME.to_owned(),
            outputs: vec![&emit_rust::OUTPUT],
            rerun_if_changed: true,
            limits: Limits::default(),
        }
    }

    /// The catalog file to read (relative paths are relative to the
    /// current directory, which for a build script is the package root).
    #[must_use]
    pub fn catalog(mut self, path: impl Into<PathBuf>) -> Self {
        self.catalog = path.into();
        self
    }

    /// Where to write the generated file instead of `OUT_DIR`.
    #[must_use]
    pub fn out_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(path.into());
        self
    }

    /// The generated files' name: the Rust output's file name (default
    /// [`DEFAULT_FILE_NAME`]); other outputs take its stem with their own
    /// extension.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Which outputs to write (default: the Rust output alone), from
    /// [`outputs::ALL`].
    #[must_use]
    pub fn outputs(mut self, outputs: impl IntoIterator<Item = &'static Output>) -> Self {
        self.outputs = outputs.into_iter().collect();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the catalog file
    /// (default `true`; turn off outside build scripts).
    #[must_use]
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.rerun_if_changed = yes;
        self
    }

    /// The size limits the catalog must keep within (default
    /// [`Limits::default`], which admits some 10,000 codes); raise them for
    /// a larger catalog:
    ///
    /// ```no_run
    /// # use hasp_errors_codegen::{Builder, Limits};
    /// Builder::new()
    ///     .limits(Limits::default().max_file_bytes(64 << 20).max_nodes(4_000_000))
    ///     .generate()?;
    /// # Ok::<(), hasp_errors_codegen::Error>(())
    /// ```
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The line that tells cargo to watch the catalog.
    fn rerun_if_changed_line(&self) -> String {
        format!("cargo:rerun-if-changed={}", self.catalog.display())
    }

    /// Loads and validates the configured catalog. Its problems name the
    /// file by its full path, links resolved (the file people edit, from
    /// wherever cargo shows the message).
    ///
    /// # Errors
    /// Every problem found, located.
    pub fn load(&self) -> Result<Catalog, Diagnostics> {
        let shown = std::fs::canonicalize(&self.catalog).unwrap_or_else(|_| self.catalog.clone());
        load_catalog_with(shown, &self.limits)
    }

    /// Generates the configured outputs and returns their paths. A file is
    /// written only when its content changes, so its timestamp moves only
    /// then.
    ///
    /// # Errors
    /// The catalog's problems, a missing output directory or an I/O error.
    pub fn generate(&self) -> Result<Vec<PathBuf>, Error> {
        if self.rerun_if_changed {
            // Printed first, so cargo watches the catalog even when it is
            // broken; as given, so a relative path stays relative to the
            // package: cargo reuses a workspace member's build script run
            // in another checkout sharing the target directory, and an
            // absolute path would watch that checkout's catalog.
            println!("{}", self.rerun_if_changed_line());
        }
        let catalog = self.load()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let mut paths = Vec::with_capacity(self.outputs.len());
        let mut text = String::new();
        for output in &self.outputs {
            let path = if output.name == emit_rust::OUTPUT.name {
                out_dir.join(&self.file_name)
            } else {
                out_dir
                    .join(&self.file_name)
                    .with_extension(output.extension)
            };
            text.clear();
            output.render_into(&catalog, &mut text);
            write_if_changed(&path, &text)?;
            paths.push(path);
        }
        Ok(paths)
    }
}

/// Writes `contents` to `path` unless the file already holds exactly that.
///
/// # Errors
/// The I/O error, with the path.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cargo watches the catalog by the path given: a relative one stays
    /// relative (to the package), so a checkout sharing the target
    /// directory with another watches its own catalog; problems still name
    /// the file by its full path.
    #[test]
    fn the_catalog_is_watched_as_given_and_shown_in_full() {
        let builder = Builder::new().catalog("tests/fixtures/../fixtures/none.yaml");
        assert_eq!(
            builder.rerun_if_changed_line(),
            "cargo:rerun-if-changed=tests/fixtures/../fixtures/none.yaml"
        );
        assert_eq!(
            Builder::new().rerun_if_changed_line(),
            "cargo:rerun-if-changed=catalog/errors.yaml"
        );
        // A file that exists, by a relative path with a detour: its
        // problems name it in full.
        let dir = std::env::current_dir().expect("cwd");
        let broken = dir.join("target-test-broken-catalog.yaml");
        std::fs::write(&broken, "version: 1.0.0\n").expect("write");
        let shown = Builder::new()
            .catalog("./target-test-broken-catalog.yaml")
            .load()
            .expect_err("broken")
            .to_string();
        let _ = std::fs::remove_file(&broken);
        let full = std::fs::canonicalize(&dir)
            .expect("cwd")
            .join("target-test-broken-catalog.yaml");
        assert!(
            shown.starts_with(&format!("{}:", full.display())),
            "{shown}"
        );
    }
}
