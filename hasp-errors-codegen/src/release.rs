//! The catalog's releases: reading the two sides of a [`diff`](crate::diff::diff)
//! (a file, or the catalog at a git revision), the release gate and the
//! release step.
//!
//! The baseline is the last released catalog, committed at
//! [`RELEASED_CATALOG`] with the versions it was released with in
//! [`RELEASED_VERSIONS`], so the gate works on a fresh clone with no tags
//! and no network. [`gate`] compares it with the workspace's catalog and
//! version; [`release`] records the workspace's as the new baseline and
//! prepends its changelog section to [`CHANGELOG`].

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::Diagnostics;
use crate::diff::{self, Side, Verdict, Versions};
use crate::model::{Catalog, Date, Version};
use crate::{Limits, load_catalog_with, parse_catalog_with};

/// The last released catalog, from the workspace root.
pub const RELEASED_CATALOG: &str = "catalog/released/errors.yaml";
/// The versions of the last release, from the workspace root.
pub const RELEASED_VERSIONS: &str = "catalog/released/release.toml";
/// The changelog, published beside the reference page.
pub const CHANGELOG: &str = "docs/CHANGELOG.md";
/// The workspace manifest holding `[workspace.package] version`.
pub const MANIFEST: &str = "Cargo.toml";
/// The catalog a `git:REV` side reads unless a path is given.
pub const GIT_CATALOG: &str = crate::DEFAULT_CATALOG;

/// Why an input could not be read: exit status 2, told apart from findings.
#[derive(Debug)]
pub enum InputError {
    /// A catalog does not load or validate.
    Catalog(Diagnostics),
    /// Anything else: a missing file, an unknown revision, a bad version.
    Other(String),
}

impl From<Diagnostics> for InputError {
    fn from(d: Diagnostics) -> Self {
        InputError::Catalog(d)
    }
}

/// One side of `diff` as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A catalog file.
    File(PathBuf),
    /// The catalog at `path` in revision `rev` of the repository.
    Git {
        /// Any revision git understands (`HEAD~1`, a tag, a commit).
        rev: String,
        /// The catalog's path from the repository root.
        path: String,
    },
}

impl Source {
    /// `git:REV` or `git:REV:PATH`, else a file path.
    pub fn parse(arg: &str) -> Source {
        match arg.strip_prefix("git:") {
            Some(rest) => match rest.split_once(':') {
                Some((rev, path)) if !path.is_empty() => Source::Git {
                    rev: rev.to_owned(),
                    path: path.to_owned(),
                },
                _ => Source::Git {
                    rev: rest.trim_end_matches(':').to_owned(),
                    path: GIT_CATALOG.to_owned(),
                },
            },
            None => Source::File(PathBuf::from(arg)),
        }
    }
}

/// A side read and validated.
#[derive(Debug, Clone)]
pub struct Input {
    /// The catalog.
    pub catalog: Catalog,
    /// How locations name it: the path, or `REV:PATH`.
    pub name: String,
    /// The workspace version at that revision, for a `git:` side.
    pub krate: Option<Version>,
}

impl Input {
    /// As a side of [`diff::diff`].
    pub fn side(&self) -> Side<'_> {
        Side {
            catalog: &self.catalog,
            path: &self.name,
        }
    }

    /// Its versions.
    pub fn versions(&self) -> Versions {
        Versions {
            catalog: self.catalog.version,
            krate: self.krate,
        }
    }
}

fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// Reads one side within `limits`; `repo` is where `git:` sides are read
/// from.
///
/// A catalog is validated as `check` validates it, with one exception: a
/// `git:` revision written before versions were semantic has its
/// `version: N` and `removed_in: N` read as `N.0.0`, so history, which
/// cannot be fixed, can still be compared. A file can be fixed, so it is
/// not read so.
///
/// # Errors
/// The catalog's problems, or why it could not be read.
pub fn read(source: &Source, repo: &Path, limits: &Limits) -> Result<Input, InputError> {
    match source {
        Source::File(path) => {
            let name = path.display().to_string();
            let catalog = load_catalog_with(path, limits)?;
            Ok(Input {
                catalog,
                name,
                krate: None,
            })
        }
        Source::Git { rev, path } => {
            if rev.is_empty() || rev.starts_with('-') {
                return Err(InputError::Other(format!("`git:{rev}` names no revision")));
            }
            let commit = git(
                repo,
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{rev}^{{commit}}"),
                ],
            )
            .map_err(|e| {
                InputError::Other(format!(
                    "`git:{rev}`: no such revision in {}{}",
                    repo.display(),
                    if e.is_empty() {
                        String::new()
                    } else {
                        format!(": {e}")
                    }
                ))
            })?;
            let commit = String::from_utf8_lossy(&commit).trim().to_owned();
            let name = format!("{rev}:{path}");
            let bytes = git(repo, &["show", &format!("{commit}:{path}")])
                .map_err(|e| InputError::Other(format!("`{name}`: cannot read it: {e}")))?;
            let catalog = parse_legacy(&name, &bytes, limits)?;
            let krate = git(repo, &["show", &format!("{commit}:{MANIFEST}")])
                .ok()
                .and_then(|m| workspace_version(&String::from_utf8_lossy(&m)));
            Ok(Input {
                catalog,
                name,
                krate,
            })
        }
    }
}

/// Parses a catalog, also one written before versions were semantic: if
/// it does not validate as it is, `version: N` and `removed_in: N` are read
/// as `N.0.0` (same lines and columns) and, if that validates, used. The
/// first problems are reported otherwise. For `git:` revisions only (see
/// [`read`]).
fn parse_legacy(name: &str, bytes: &[u8], limits: &Limits) -> Result<Catalog, Diagnostics> {
    let first = match parse_catalog_with(name, bytes, limits) {
        Ok(catalog) => return Ok(catalog),
        Err(d) => d,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(first);
    };
    let mut changed = false;
    let upgraded: Vec<String> = text
        .split('\n')
        .map(|line| {
            for key in ["version: ", "    removed_in: "] {
                if let Some(n) = line.strip_prefix(key)
                    && !n.is_empty()
                    && n.trim_end().bytes().all(|b| b.is_ascii_digit())
                {
                    changed = true;
                    return format!("{key}{}.0.0", n.trim_end());
                }
            }
            line.to_owned()
        })
        .collect();
    if !changed {
        return Err(first);
    }
    parse_catalog_with(name, upgraded.join("\n").as_bytes(), limits).map_err(|_| first)
}

/// The `version` of a Cargo manifest's `[workspace.package]` (or, without
/// one, its `[package]`), when it is a literal `MAJOR.MINOR.PATCH`.
pub fn workspace_version(manifest: &str) -> Option<Version> {
    let mut section = "";
    let mut package = None;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some(value) = line
            .strip_prefix("version")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
        else {
            continue;
        };
        let value = value.split('#').next().unwrap_or_default().trim();
        let version = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .and_then(Version::parse);
        match section {
            "[workspace.package]" => return version,
            "[package]" => package = version,
            _ => {}
        }
    }
    package
}

/// The versions recorded in [`RELEASED_VERSIONS`]: `catalog = "X.Y.Z"`
/// and `hasp-errors = "X.Y.Z"`.
///
/// # Errors
/// What is missing or malformed.
pub fn parse_release_file(text: &str) -> Result<Versions, String> {
    let mut catalog = None;
    let mut krate = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("expected `key = \"X.Y.Z\"`, found `{line}`"))?;
        let value = value.trim();
        let version = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .and_then(Version::parse)
            .ok_or_else(|| {
                format!(
                    "`{}`: expected \"MAJOR.MINOR.PATCH\", found {value}",
                    key.trim()
                )
            })?;
        match key.trim() {
            "catalog" => catalog = Some(version),
            "hasp-errors" => krate = Some(version),
            other => return Err(format!("unknown key `{other}`")),
        }
    }
    Ok(Versions {
        catalog: catalog.ok_or("missing `catalog = \"X.Y.Z\"`")?,
        krate: Some(krate.ok_or("missing `hasp-errors = \"X.Y.Z\"`")?),
    })
}

/// The text of [`RELEASED_VERSIONS`] for these versions.
pub fn release_file(catalog: Version, krate: Version) -> String {
    format!(
        "# The last release, written by `hasp-errors-codegen release` (do not edit): the baseline\n\
         # `hasp-errors-codegen gate` compares catalog/errors.yaml and the workspace version with.\n\
         catalog = \"{catalog}\"\nhasp-errors = \"{krate}\"\n"
    )
}

fn read_text(root: &Path, rel: &str) -> Result<String, InputError> {
    std::fs::read_to_string(root.join(rel))
        .map_err(|e| InputError::Other(format!("cannot read {rel}: {e}")))
}

/// The heading [`diff::render_markdown`] gives a release.
pub fn release_heading(v: Versions) -> String {
    match v.krate {
        Some(k) => format!("## Catalog {} · hasp-errors {k}", v.catalog),
        None => format!("## Catalog {}", v.catalog),
    }
}

/// What the gate compared and found.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The baseline.
    pub old: Input,
    /// The workspace's catalog and version.
    pub new: Input,
    /// The changes and the version checks.
    pub verdict: Verdict,
    /// Problems besides the verdict (the changelog lacks the baseline's
    /// release).
    pub problems: Vec<String>,
}

impl Gate {
    /// Whether the gate passes.
    pub fn passes(&self) -> bool {
        self.verdict.passes() && self.problems.is_empty()
    }

    /// What to do about each way the gate fails, in one line; `None` when
    /// it passes.
    pub fn failure(&self) -> Option<String> {
        let v = &self.verdict;
        let mut todo = Vec::new();
        if v.violations().next().is_some() {
            todo.push("undo the changes no version bump allows (`error:` above)");
        }
        if !v.catalog.ok() || v.krate.as_ref().is_some_and(|k| !k.ok()) {
            todo.push(
                "bump the versions as above (catalog `version` for the wire, \
                 [workspace.package] version for the Rust API, with the two crates' versions \
                 under [workspace.dependencies]), or undo the change",
            );
        }
        if !self.problems.is_empty() {
            todo.push("fix the problems above");
        }
        (!todo.is_empty()).then(|| todo.join("; "))
    }
}

fn path_name(root: &Path, rel: &str) -> String {
    if root == Path::new(".") {
        rel.to_owned()
    } else {
        root.join(rel).display().to_string()
    }
}

/// Compares the baseline with the workspace at `root`, on any day before
/// the release (as CI does): `today` decides whether a sunset has passed,
/// and whether a deprecation is backdated is left to [`release`], which
/// knows the release day (else the gate would fail by itself the day after
/// a deprecation dated today was merged).
///
/// Both catalogs are read within `limits`.
///
/// # Errors
/// A file cannot be read or a catalog does not validate.
pub fn gate(root: &Path, today: Date, limits: &Limits) -> Result<Gate, InputError> {
    gate_at(root, today, None, limits)
}

/// [`gate`], NEW released on `release_day` if given.
fn gate_at(
    root: &Path,
    today: Date,
    release_day: Option<Date>,
    limits: &Limits,
) -> Result<Gate, InputError> {
    let released = parse_release_file(&read_text(root, RELEASED_VERSIONS)?)
        .map_err(|e| InputError::Other(format!("{RELEASED_VERSIONS}: {e}")))?;
    let old_name = path_name(root, RELEASED_CATALOG);
    let mut old = Input {
        catalog: load_catalog_with(&old_name, limits)?,
        name: old_name,
        krate: released.krate,
    };
    if old.catalog.version != released.catalog {
        return Err(InputError::Other(format!(
            "{RELEASED_VERSIONS} says catalog {} but {RELEASED_CATALOG} has version {}",
            released.catalog, old.catalog.version
        )));
    }
    old.krate = released.krate;
    let manifest = read_text(root, MANIFEST)?;
    let krate = workspace_version(&manifest).ok_or_else(|| {
        InputError::Other(format!(
            "{MANIFEST}: no literal `version = \"X.Y.Z\"` under [workspace.package]"
        ))
    })?;
    let new_name = path_name(root, crate::DEFAULT_CATALOG);
    let new = Input {
        catalog: load_catalog_with(&new_name, limits)?,
        name: new_name,
        krate: Some(krate),
    };
    let changes = diff::diff_with(old.side(), new.side(), today, release_day);
    let verdict = Verdict::new(changes, old.versions(), new.versions());
    let mut problems = Vec::new();
    let heading = release_heading(released);
    let new_heading = release_heading(new.versions());
    match std::fs::read_to_string(root.join(CHANGELOG)) {
        Ok(text) => {
            let has = |h: &str| text.lines().any(|l| l.trim_end_matches('\r') == h);
            if !has(&heading) {
                problems.push(format!(
                    "{CHANGELOG} has no `{heading}` section for the last release; run `hasp-errors-codegen release`"
                ));
            }
            if new.versions() != old.versions() && has(&new_heading) {
                problems.push(format!(
                    "{CHANGELOG} already has a `{new_heading}` section, though that is not the last release ({RELEASED_VERSIONS}): left by a release that failed part-way? Remove it"
                ));
            }
        }
        Err(e) => problems.push(format!("cannot read {CHANGELOG}: {e}")),
    }
    Ok(Gate {
        old,
        new,
        verdict,
        problems,
    })
}

/// What [`release`] did.
#[derive(Debug, Clone)]
pub enum Released {
    /// The baseline, changelog and versions were written.
    Done {
        /// The changelog section written.
        section: String,
    },
    /// Nothing was written: the gate fails or there is nothing to release.
    Refused(String),
}

/// The deprecations new in `new` (of a code or a details field) whose
/// `since` is not `new`'s version, the one that announces them. (`diff`
/// allows any version after `old`'s, since it may span several releases;
/// a release is one.)
fn since_not_this_release(old: &Catalog, new: &Catalog) -> Vec<String> {
    let old_codes: std::collections::HashMap<&str, &crate::model::Code> =
        old.codes.iter().map(|c| (c.name.as_str(), c)).collect();
    let version = new.version;
    let mut out = Vec::new();
    for c in &new.codes {
        let o = old_codes.get(c.name.as_str()).copied();
        if let Some(d) = &c.deprecated
            && o.is_none_or(|o| o.deprecated.is_none())
            && d.since != version
        {
            out.push(format!(
                "code `{}`: since {} (write {version})",
                c.name, d.since
            ));
        }
        for f in &c.details {
            let was = o.and_then(|o| o.details.iter().find(|x| x.name == f.name));
            if let Some(d) = &f.deprecated
                && was.is_none_or(|x| x.deprecated.is_none())
                && d.since != version
            {
                out.push(format!(
                    "code `{}`: details field `{}`: since {} (write {version})",
                    c.name, f.name, d.since
                ));
            }
        }
    }
    out
}

/// Records the workspace's catalog and version as the new baseline and
/// prepends the release's section to the changelog, if the gate passes
/// and something changed under new versions.
///
/// # Errors
/// As [`gate`], or a file cannot be written.
pub fn release(root: &Path, today: Date, limits: &Limits) -> Result<(Gate, Released), InputError> {
    let g = gate_at(root, today, Some(today), limits)?;
    let refused = |g: Gate, why: String| Ok((g, Released::Refused(why)));
    if let Some(todo) = g.failure() {
        return refused(g, format!("the gate fails: {todo}"));
    }
    if g.verdict.changes.is_empty() {
        return refused(g, "nothing changed since the last release".to_owned());
    }
    if g.old.versions() == g.new.versions() {
        return refused(
            g,
            "both versions are those of the last release; bump one to release".to_owned(),
        );
    }
    let unannounced = since_not_this_release(&g.old.catalog, &g.new.catalog);
    if !unannounced.is_empty() {
        return refused(
            g,
            format!(
                "a deprecation this release makes gives another version as its `since`: {}",
                unannounced.join("; ")
            ),
        );
    }
    let section = diff::render_markdown(&g.verdict, g.new.versions());
    // The gate read it: it has the last release's section, and none for
    // this one.
    let text = prepend_section(&read_text(root, CHANGELOG)?, &section);
    let catalog_text = read_text(root, crate::DEFAULT_CATALOG)?;
    let krate = g.new.krate.unwrap_or_default();
    let versions = release_file(g.new.catalog.version, krate);
    // Each file is written whole beside its place first, then all are
    // moved in, the changelog last: a release that fails part-way leaves
    // the baseline as it was, or, at worst, a new baseline whose section
    // the gate then asks for.
    let files = [
        (RELEASED_CATALOG, catalog_text.as_str()),
        (RELEASED_VERSIONS, versions.as_str()),
        (CHANGELOG, text.as_str()),
    ];
    // A file that is a symbolic link is written where it points, so the
    // link stays.
    let target = |rel: &str| {
        let path = root.join(rel);
        std::fs::canonicalize(&path).unwrap_or(path)
    };
    let staged = |rel: &str| {
        let mut name = target(rel).into_os_string();
        name.push(".release-tmp");
        PathBuf::from(name)
    };
    let fail = |rel: &str, e: std::io::Error| {
        for (rel, _) in files {
            let _ = std::fs::remove_file(staged(rel));
        }
        InputError::Other(format!("cannot write {rel}: {e}"))
    };
    for (rel, text) in files {
        std::fs::write(staged(rel), text).map_err(|e| fail(rel, e))?;
    }
    for (rel, _) in files {
        std::fs::rename(staged(rel), target(rel)).map_err(|e| fail(rel, e))?;
    }
    Ok((g, Released::Done { section }))
}

/// The changelog's title and introduction, for a new file.
pub const CHANGELOG_HEADER: &str = "# Changelog\n\n\
Changes to the HASP error catalog, one section per release, newest first, written by \
`hasp-errors-codegen release` from the diff between releases. \"Wire\" is the impact on API \
clients in any language (`breaking`, `compatible`, `none`) and fixes the catalog version; \
\"Rust API\" is the impact on crates depending on `hasp-errors` (`major`, `minor`, `patch`, \
`none`) and fixes the crate version. The rules: [catalog/README.md](../catalog/README.md#evolution-rules). \
The reference: [errors.md](errors.md).\n";

/// `changelog` with `section` inserted before its first release section
/// (after the header; a new file gets [`CHANGELOG_HEADER`]).
pub fn prepend_section(changelog: &str, section: &str) -> String {
    // A changelog written with CRLF line ends keeps them.
    if changelog.contains("\r\n") {
        let lf = prepend_section(&changelog.replace("\r\n", "\n"), section);
        return lf.replace('\n', "\r\n");
    }
    let (head, rest) = match changelog.find("\n## ") {
        Some(i) => changelog.split_at(i + 1),
        None if changelog.trim().is_empty() => (CHANGELOG_HEADER, ""),
        None => (changelog, ""),
    };
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(section.trim_end());
    out.push('\n');
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            Source::parse("git:HEAD~1"),
            Source::Git {
                rev: "HEAD~1".into(),
                path: GIT_CATALOG.into()
            }
        );
        assert_eq!(
            Source::parse("git:v1:cat/x.yaml"),
            Source::Git {
                rev: "v1".into(),
                path: "cat/x.yaml".into()
            }
        );
        assert_eq!(Source::parse("a.yaml"), Source::File("a.yaml".into()));
    }

    #[test]
    fn manifest_versions() {
        let m = "[package]\nversion = \"9.9.9\"\n[workspace.package]\nversion = \"0.1.0\" # x\n";
        assert_eq!(workspace_version(m), Version::parse("0.1.0"));
        assert_eq!(
            workspace_version("[package]\nname = \"a\"\nversion = \"1.2.3\"\n"),
            Version::parse("1.2.3")
        );
        assert_eq!(
            workspace_version("[package]\nversion.workspace = true\n"),
            None
        );
    }

    #[test]
    fn release_files_round_trip() {
        let (c, k) = (Version::new(1, 2, 0), Version::new(0, 3, 1));
        let v = parse_release_file(&release_file(c, k)).unwrap();
        assert_eq!((v.catalog, v.krate), (c, Some(k)));
        assert!(parse_release_file("catalog = \"1\"\n").is_err());
        assert!(parse_release_file("catalog = \"1.0.0\"\n").is_err());
    }

    #[test]
    fn sections_are_prepended_newest_first() {
        let one = prepend_section("", "## Catalog 1.0.0\n\nFirst.\n");
        assert!(one.starts_with(CHANGELOG_HEADER.trim_end()));
        let two = prepend_section(&one, "## Catalog 1.1.0\n\nSecond.\n");
        let first = two.find("## Catalog 1.1.0").unwrap();
        let second = two.find("## Catalog 1.0.0").unwrap();
        assert!(first < second, "{two}");
        assert!(two.ends_with("First.\n"), "{two}");
    }
}
