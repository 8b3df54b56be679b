//! Every generated output, registered in one place, and the committed files
//! they are kept in.
//!
//! An output is one emitter module (`emit_*.rs`) that exposes an
//! [`Output`]: its name (also the CLI command that prints it), the file
//! extension, the path the real catalog's copy is committed at, the header
//! its files start with, and the function that renders a catalog. [`ALL`]
//! lists them; the CLI, the [`Builder`](crate::Builder), the tests, the
//! benches and the fuzz target iterate over it, so adding an output is one
//! module (declared in `lib.rs`), one line here, and its tests.
//!
//! The committed [`artifacts`] are every output of the real catalog at its
//! path and every output of each fixture catalog in `tests/fixtures/`
//! beside it (`minimal.yaml` → `minimal.rs`, `minimal.md`). [`refresh`]
//! rewrites them all (the `docs` command) or checks that none is stale
//! (`docs --check`).

use std::path::{Path, PathBuf};

use crate::{Catalog, Error, Limits, emit_rust, load_catalog_with};
#[cfg(feature = "tools")]
use crate::{emit_json_schema, emit_markdown, emit_openapi};

/// One generated output: one of [`ALL`] (an output is registered there, and
/// cannot be made outside this crate).
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Its name, and the CLI command that prints it: `rust`, `markdown`,
    /// `json-schema`, `openapi`.
    pub name: &'static str,
    /// The extension of its files, without the leading dot
    /// (`schema.json`: a fixture `minimal.yaml` gives `minimal.schema.json`).
    pub extension: &'static str,
    /// Where the real catalog's copy is committed, from the workspace root.
    pub path: &'static str,
    /// The start of every file it writes, so a reader (and a test) knows
    /// the file is generated.
    pub header: &'static str,
    /// Appends the output of a catalog to a string (see
    /// [`render_into`](Output::render_into)).
    pub(crate) write: fn(&Catalog, &mut String),
}

impl Output {
    /// Renders a catalog into a new string.
    #[must_use]
    pub fn render(&self, catalog: &Catalog) -> String {
        let mut out = String::new();
        (self.write)(catalog, &mut out);
        out
    }

    /// Renders a catalog, appending the text to `out` (if rendering
    /// panics, `out` keeps what was written so far).
    ///
    /// A caller that renders many times can clear and reuse one string, so
    /// that its memory is allocated, and its pages faulted in, once rather
    /// than on every call. That matters past 32 MiB (about 10,000 codes
    /// of Rust or OpenAPI), where glibc maps each new allocation afresh,
    /// unless a free block that large is left in its heap, and unmaps it
    /// when freed. The `docs` command and [`Builder`](crate::Builder)
    /// render every output into one string.
    pub fn render_into(&self, catalog: &Catalog, out: &mut String) {
        (self.write)(catalog, out);
    }
}

/// Every output, in the order they are written.
pub const ALL: &[Output] = &[
    emit_rust::OUTPUT,
    #[cfg(feature = "tools")]
    emit_markdown::OUTPUT,
    #[cfg(feature = "tools")]
    emit_json_schema::OUTPUT,
    #[cfg(feature = "tools")]
    emit_openapi::OUTPUT,
];

/// The output named `name`, if any.
pub fn by_name(name: &str) -> Option<&'static Output> {
    ALL.iter().find(|o| o.name == name)
}

/// The command that rewrites every committed artifact.
pub const REFRESH: &str = "cargo run -p hasp-errors-codegen -- docs";

/// The real catalog, from the workspace root.
pub const CATALOG: &str = "catalog/errors.yaml";

/// Where fixture catalogs and their expected outputs live, from the
/// workspace root.
pub const FIXTURES: &str = "tests/fixtures";

/// A committed file holding one output of one catalog.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// The catalog it is generated from.
    pub catalog: PathBuf,
    /// The output.
    pub output: &'static Output,
    /// The committed file.
    pub path: PathBuf,
}

/// Every committed artifact of the workspace at `root`: the real catalog's
/// outputs, then each fixture's (fixtures in name order).
///
/// # Errors
/// The fixtures directory cannot be read.
pub fn artifacts(root: &Path) -> Result<Vec<Artifact>, Error> {
    // Paths under `.` are shown without a leading `./`.
    let at = |rel: &str| {
        if root == Path::new(".") {
            PathBuf::from(rel)
        } else {
            root.join(rel)
        }
    };
    let mut out: Vec<Artifact> = ALL
        .iter()
        .map(|output| Artifact {
            catalog: at(CATALOG),
            output,
            path: at(output.path),
        })
        .collect();
    let dir = at(FIXTURES);
    let io = |source| Error::Io {
        path: dir.clone(),
        source,
    };
    let mut fixtures = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            fixtures.push(path);
        }
    }
    fixtures.sort();
    for catalog in fixtures {
        for output in ALL {
            out.push(Artifact {
                path: catalog.with_extension(output.extension),
                catalog: catalog.clone(),
                output,
            });
        }
    }
    Ok(out)
}

/// What [`refresh`] found or did for one artifact.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// The file already held the generated text.
    UpToDate,
    /// The file was (re)written.
    Written,
    /// Checking: the file differs from the generated text (where, first).
    Stale(String),
    /// Checking: the file does not exist.
    Missing,
}

/// Rewrites every committed artifact of the workspace at `root` (only the
/// files whose text changes), or with `check`, compares them without
/// writing. Every catalog is loaded once.
///
/// # Errors
/// A catalog's problems (the first broken catalog), or an I/O error.
pub fn refresh(root: &Path, check: bool) -> Result<Vec<(Artifact, Status)>, Error> {
    refresh_with(root, check, &Limits::default())
}

/// [`refresh`], loading the catalogs with `limits`.
///
/// # Errors
/// As [`refresh`].
pub fn refresh_with(
    root: &Path,
    check: bool,
    limits: &Limits,
) -> Result<Vec<(Artifact, Status)>, Error> {
    let mut results = Vec::new();
    let mut loaded: Option<(PathBuf, Catalog)> = None;
    // One buffer for every output (see `Output::render_into`).
    let mut text = String::new();
    for artifact in artifacts(root)? {
        if loaded.as_ref().is_none_or(|(p, _)| *p != artifact.catalog) {
            let catalog = load_catalog_with(&artifact.catalog, limits)?;
            loaded = Some((artifact.catalog.clone(), catalog));
        }
        let Some((_, catalog)) = &loaded else {
            unreachable!("loaded just above")
        };
        text.clear();
        artifact.output.render_into(catalog, &mut text);
        let status = match std::fs::read_to_string(&artifact.path) {
            Ok(current) if current == text => Status::UpToDate,
            Ok(current) if check => Status::Stale(first_difference(&current, &text)),
            Err(e) if check && e.kind() == std::io::ErrorKind::NotFound => Status::Missing,
            Err(source) if check => {
                return Err(Error::Io {
                    path: artifact.path.clone(),
                    source,
                });
            }
            _ => {
                if let Some(dir) = artifact.path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                        path: dir.to_owned(),
                        source,
                    })?;
                }
                crate::write_if_changed(&artifact.path, &text)?;
                Status::Written
            }
        };
        results.push((artifact, status));
    }
    Ok(results)
}

/// Describes the first line where `actual` and `expected` differ.
pub fn first_difference(actual: &str, expected: &str) -> String {
    let (mut a, mut e) = (actual.lines(), expected.lines());
    let mut line = 1;
    loop {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "the files differ only in line endings".to_owned(),
            (x, y) => {
                return format!(
                    "first difference at line {line}:\n  committed: {}\n  generated: {}",
                    x.map_or("(end of file)".to_owned(), |s| format!("{s:?}")),
                    y.map_or("(end of file)".to_owned(), |s| format!("{s:?}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_names_the_line() {
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nB\nc\n"),
            "first difference at line 2:\n  committed: \"b\"\n  generated: \"B\""
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            "first difference at line 2:\n  committed: (end of file)\n  generated: \"b\""
        );
        assert_eq!(
            first_difference("a\r\n", "a\n"),
            "the files differ only in line endings"
        );
    }

    #[test]
    fn outputs_have_distinct_names_extensions_and_paths() {
        for (i, a) in ALL.iter().enumerate() {
            assert_eq!(by_name(a.name).map(|o| o.path), Some(a.path));
            for b in &ALL[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.extension, b.extension);
                assert_ne!(a.path, b.path);
            }
        }
    }
}
