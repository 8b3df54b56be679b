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

/// The workspace's two crates, which share its version.
const CRATES: [&str; 2] = ["hasp-errors", "hasp-errors-codegen"];

/// Where the crates' versions disagree with `[workspace.package] version`
/// (`version`): a crate's own literal `version` in its manifest, or a
/// version requirement of its entry under `[workspace.dependencies]` that
/// the workspace's version does not meet (cargo then cannot resolve the
/// workspace), in any of TOML's forms for it (an inline table, dotted or
/// quoted keys, a table of its own).
fn crate_versions_disagree(root: &Path, manifest: &str, version: Version) -> Vec<String> {
    let quoted = |text: &str| {
        let start = text.find('"')? + 1;
        let end = start + text[start..].find('"')?;
        Some(text[start..end].to_owned())
    };
    // A header or key without quotes, spaces or a trailing comment.
    let bare = |text: &str| text.replace(['"', '\'', ' ', '\t'], "");
    let mut asked: Vec<(&str, Option<String>)> = Vec::new();
    let mut section = String::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = bare(line.split(']').next().unwrap_or_default()) + "]";
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = bare(key);
        for name in CRATES {
            let table = format!("[workspace.dependencies.{name}]");
            let found = if section == "[workspace.dependencies]" {
                if key == name {
                    // `name = "X"` or `name = { ..., version = "X", ... }`.
                    Some(if value.trim_start().starts_with('"') {
                        quoted(value)
                    } else {
                        value.find("version").and_then(|at| quoted(&value[at..]))
                    })
                } else if key == format!("{name}.version") {
                    Some(quoted(value))
                } else {
                    None
                }
            } else if section == table && key == "version" {
                Some(quoted(value))
            } else {
                None
            };
            if let Some(requirement) = found {
                asked.push((name, requirement));
            }
        }
    }
    let mut out = Vec::new();
    for (name, requirement) in asked {
        if !requirement.as_deref().is_none_or(|r| meets(version, r)) {
            out.push(format!(
                "{MANIFEST}: [workspace.dependencies] {name} asks for version {}, which the \
                 workspace's {version} does not meet: write \"{version}\"",
                requirement.unwrap_or_default()
            ));
        }
    }
    for name in CRATES {
        let rel = format!("{name}/Cargo.toml");
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        if let Some(own) = workspace_version(&text)
            && own != version
        {
            out.push(format!(
                "{rel}: version {own} is not the workspace's {version}: write \
                 `version.workspace = true`"
            ));
        }
    }
    out
}

/// Whether `version` meets a cargo version requirement of one comparator
/// (`X.Y.Z`, `X.Y`, `X`, each after `^`, `~` or `=`, or none: cargo's
/// default, `^`); other requirements (`>=`, `<`, `*`, several) are taken
/// as met, not judged.
fn meets(version: Version, requirement: &str) -> bool {
    let requirement = requirement.trim();
    let (op, rest) = match requirement.chars().next() {
        Some(c @ ('^' | '~' | '=')) => (c, requirement[1..].trim_start()),
        _ => ('^', requirement),
    };
    let parts: Vec<Option<u64>> = rest.split('.').map(|p| p.parse().ok()).collect();
    let Some(parts) = parts.into_iter().collect::<Option<Vec<u64>>>() else {
        return true;
    };
    if parts.is_empty() || parts.len() > 3 {
        return true;
    }
    let at = |i: usize| parts.get(i).copied();
    let (major, minor, patch) = (parts[0], at(1), at(2));
    let base = Version {
        major,
        minor: minor.unwrap_or(0),
        patch: patch.unwrap_or(0),
    };
    let same_major = version.major == major;
    let same_minor = minor.is_none_or(|m| version.minor == m);
    match op {
        '=' => same_major && same_minor && patch.is_none_or(|p| version.patch == p),
        '~' => same_major && same_minor && version >= base,
        // `^`: the leftmost non-zero part given must stay the same.
        _ => {
            version >= base
                && if major > 0 || minor.is_none() {
                    same_major
                } else if minor.unwrap_or(0) > 0 || patch.is_none() {
                    same_major && same_minor
                } else {
                    same_major && same_minor && patch.is_none_or(|p| version.patch == p)
                }
        }
    }
}

/// What [`RELEASED_VERSIONS`] records of the last release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseRecord {
    /// The catalog's and the crate's versions.
    pub versions: Versions,
    /// The day it was released (`released_on`; files written before it
    /// was recorded have none).
    pub released_on: Option<Date>,
    /// The [`digest`] of the released catalog as written (`digest`; idem).
    pub digest: Option<u64>,
}

/// A digest of a released catalog's bytes (64-bit FNV-1a), recorded so the
/// gate notices a baseline edited by hand: a guard against mistakes, not
/// against someone who rewrites the record too.
///
/// A `\r\n` counts as `\n`, so a checkout that turns line ends into
/// `\r\n` (git's `core.autocrlf`) gives the same digest.
pub fn digest(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// [`ReleaseRecord`] from the text of [`RELEASED_VERSIONS`].
///
/// # Errors
/// What is missing or malformed.
pub fn parse_release_record(text: &str) -> Result<ReleaseRecord, String> {
    let mut catalog = None;
    let mut krate = None;
    let mut released_on = None;
    let mut digest = None;
    let mut seen = std::collections::HashSet::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("expected `key = \"value\"`, found `{line}`"))?;
        let (key, value) = (key.trim(), value.trim());
        if !seen.insert(key) {
            return Err(format!("`{key}` is given twice"));
        }
        // The quoted value, then nothing but a comment.
        let text = value
            .strip_prefix('"')
            .and_then(|v| v.split_once('"'))
            .filter(|(_, rest)| {
                let rest = rest.trim();
                rest.is_empty() || rest.starts_with('#')
            })
            .map(|(text, _)| text)
            .ok_or_else(|| format!("`{key}`: expected a quoted value, found {value}"))?;
        let version = || {
            Version::parse(text)
                .ok_or_else(|| format!("`{key}`: expected \"MAJOR.MINOR.PATCH\", found {value}"))
        };
        match key {
            "catalog" => catalog = Some(version()?),
            "hasp-errors" => krate = Some(version()?),
            "released_on" => {
                released_on =
                    Some(Date::parse(text).ok_or_else(|| {
                        format!("`{key}`: expected \"YYYY-MM-DD\", found {value}")
                    })?);
            }
            "digest" => {
                let hex = text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
                digest = Some(
                    u64::from_str_radix(text, 16)
                        .ok()
                        .filter(|_| hex)
                        .ok_or_else(|| {
                            format!("`{key}`: expected 16 hexadecimal digits, found {value}")
                        })?,
                );
            }
            other => return Err(format!("unknown key `{other}`")),
        }
    }
    Ok(ReleaseRecord {
        versions: Versions {
            catalog: catalog.ok_or("missing `catalog = \"X.Y.Z\"`")?,
            krate: Some(krate.ok_or("missing `hasp-errors = \"X.Y.Z\"`")?),
        },
        released_on,
        digest,
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

/// The text of [`RELEASED_VERSIONS`] for a release: its versions, its day
/// and the [`digest`] of the catalog it records.
pub fn release_record_file(record: &ReleaseRecord) -> String {
    let mut text = release_file(
        record.versions.catalog,
        record.versions.krate.unwrap_or_default(),
    );
    if let Some(day) = record.released_on {
        text.push_str(&format!("released_on = \"{day}\"\n"));
    }
    if let Some(digest) = record.digest {
        text.push_str(&format!("digest = \"{digest:016x}\"\n"));
    }
    text
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
    /// release, the baseline was edited by hand).
    pub problems: Vec<String>,
    /// What the last release recorded.
    pub released: ReleaseRecord,
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
    let record = parse_release_record(&read_text(root, RELEASED_VERSIONS)?)
        .map_err(|e| InputError::Other(format!("{RELEASED_VERSIONS}: {e}")))?;
    let released = record.versions;
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
    let mut problems = crate_versions_disagree(root, &manifest, krate);
    let new_name = path_name(root, crate::DEFAULT_CATALOG);
    let new = Input {
        catalog: load_catalog_with(&new_name, limits)?,
        name: new_name,
        krate: Some(krate),
    };
    let changes = diff::diff_with(old.side(), new.side(), today, release_day);
    let verdict = Verdict::new(changes, old.versions(), new.versions());
    if let Some(recorded) = record.digest {
        let bytes = std::fs::read(root.join(RELEASED_CATALOG))
            .map_err(|e| InputError::Other(format!("cannot read {RELEASED_CATALOG}: {e}")))?;
        if digest(&bytes) != recorded {
            problems.push(format!(
                "{RELEASED_CATALOG} is not the catalog the last release recorded (its digest \
                 differs from {RELEASED_VERSIONS}'s): it is the baseline, written only by \
                 `hasp-errors-codegen release`; restore it (`git checkout -- {RELEASED_CATALOG}`)"
            ));
        }
    }
    if let Some(day) = record.released_on
        && day > today
    {
        problems.push(format!(
            "{RELEASED_VERSIONS} records a release on {day}, after today ({today}): a release \
             is made on the day it is recorded"
        ));
    }
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
        released: record,
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
    interrupted(root)?;
    let g = gate_at(root, today, Some(today), limits)?;
    let refused = |g: Gate, why: String| Ok((g, Released::Refused(why)));
    if let Some(todo) = g.failure() {
        return refused(g, format!("the gate fails: {todo}"));
    }
    if let Some(last) = g.released.released_on
        && today < last
    {
        return refused(
            g,
            format!("the release day ({today}) is before the last release's ({last})"),
        );
    }
    if g.old.versions() == g.new.versions() {
        let why = if g.verdict.changes.is_empty() {
            "nothing changed since the last release"
        } else {
            "both versions are those of the last release; bump one to release"
        };
        return refused(g, why.to_owned());
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
    let record = ReleaseRecord {
        versions: g.new.versions(),
        released_on: Some(today),
        digest: Some(digest(catalog_text.as_bytes())),
    };
    let versions = release_record_file(&record);
    write_all(
        root,
        &[
            (RELEASED_CATALOG, catalog_text.as_str()),
            (RELEASED_VERSIONS, versions.as_str()),
            (CHANGELOG, text.as_str()),
        ],
    )?;
    Ok((g, Released::Done { section }))
}

/// What a file being replaced is staged as, and kept as until the release
/// is written.
const STAGED: &str = ".release-tmp";
const KEPT: &str = ".release-old";

/// Where `rel` is written: where it points, if it is a symbolic link (so
/// the link stays), also when the file it points to is gone (moved aside by
/// a release that was killed).
fn target(root: &Path, rel: &str) -> PathBuf {
    let mut path = root.join(rel);
    // Links to links are followed a few times, as far as they go.
    for _ in 0..8 {
        match std::fs::read_link(&path) {
            Ok(to) => {
                path = match path.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            Err(_) => break,
        }
    }
    path
}

/// `rel`'s target with `suffix` appended.
fn beside(root: &Path, rel: &str, suffix: &str) -> PathBuf {
    let mut name = target(root, rel).into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The files a release writes.
const RELEASE_FILES: [&str; 3] = [RELEASED_CATALOG, RELEASED_VERSIONS, CHANGELOG];

/// Refuses to release over what an interrupted release left: its staged
/// files, or the files it was replacing.
fn interrupted(root: &Path) -> Result<(), InputError> {
    let left = |suffix: &str| -> Vec<PathBuf> {
        RELEASE_FILES
            .iter()
            .map(|rel| beside(root, rel, suffix))
            .filter(|path| path.is_file())
            .collect()
    };
    let (staged, kept) = (left(STAGED), left(KEPT));
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !staged.is_empty() {
        // Killed before every file was moved in: the kept copies are the
        // release before, to be put back.
        return Err(InputError::Other(format!(
            "a release was interrupted before it was written: move each {KEPT} copy back over \
             its file ({}), remove {}, then release again",
            if kept.is_empty() {
                "none".to_owned()
            } else {
                names(&kept)
            },
            names(&staged)
        )));
    }
    if !kept.is_empty() {
        // Every file was moved in; only the copies were not removed.
        return Err(InputError::Other(format!(
            "the last release was written, but the copies of what it replaced are left: \
             remove {}, then release again",
            names(&kept)
        )));
    }
    Ok(())
}

/// Writes every file whole beside its place, then moves each in, keeping
/// the file it replaces until all are in: a failure part-way puts back the
/// ones already replaced, so a release is written whole or not at all (a
/// process killed part-way leaves the copies, which [`interrupted`] names).
fn write_all(root: &Path, files: &[(&str, &str)]) -> Result<(), InputError> {
    // Where each is written, staged and kept, worked out once.
    let places: Vec<(&str, &str, PathBuf, PathBuf, PathBuf)> = files
        .iter()
        .map(|&(rel, text)| {
            let (staged, kept) = (beside(root, rel, STAGED), beside(root, rel, KEPT));
            (rel, text, staged, kept, target(root, rel))
        })
        .collect();
    let cleanup = || {
        for (_, _, staged, _, _) in &places {
            let _ = std::fs::remove_file(staged);
        }
    };
    for (rel, text, staged, _, _) in &places {
        if let Err(e) = std::fs::write(staged, text) {
            cleanup();
            return Err(InputError::Other(format!("cannot write {rel}: {e}")));
        }
    }
    // Which files are new (there is nothing to put back, only to remove).
    let mut created = Vec::new();
    for (i, (rel, _, staged, kept, path)) in places.iter().enumerate() {
        created.push(!path.exists());
        let moved = (|| {
            if path.exists() {
                std::fs::rename(path, kept)?;
            }
            std::fs::rename(staged, path)
        })();
        if let Err(e) = moved {
            // Put back what was replaced, and remove what was created.
            for (j, (_, _, _, kept, path)) in places[..=i].iter().enumerate() {
                if kept.exists() {
                    let _ = std::fs::rename(kept, path);
                } else if created[j] && j < i {
                    let _ = std::fs::remove_file(path);
                }
            }
            cleanup();
            return Err(InputError::Other(format!(
                "cannot write {rel}: {e} (nothing was released: every file is as it was)"
            )));
        }
    }
    for (_, _, _, kept, _) in &places {
        let _ = std::fs::remove_file(kept);
    }
    Ok(())
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
        // A changelog that opens with a release keeps it after the new one.
        _ if changelog.starts_with("## ") => ("", changelog),
        Some(i) => changelog.split_at(i + 1),
        None if changelog.trim().is_empty() => (CHANGELOG_HEADER, ""),
        None => (changelog, ""),
    };
    let mut out = head.trim_end().to_owned();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
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
        let v = parse_release_record(&release_file(c, k)).unwrap().versions;
        assert_eq!((v.catalog, v.krate), (c, Some(k)));
        assert!(parse_release_record("catalog = \"1\"\n").is_err());
        assert!(parse_release_record("catalog = \"1.0.0\"\n").is_err());
    }

    #[test]
    fn version_requirements_are_met_as_cargo_meets_them() {
        let v = |text: &str| Version::parse(text).unwrap();
        for (version, requirement, met) in [
            ("0.2.0", "0.2.0", true),
            ("0.2.0", "^0.2", true),
            ("0.2.0", "0.2", true),
            ("0.2.3", "0.2.0", true),
            ("0.2.0", "=0.2.0", true),
            ("0.2.1", "=0.2.0", false),
            ("0.2.0", "0.1.0", false),
            ("0.3.0", "0.2", false),
            ("1.4.0", "1", true),
            ("1.4.0", "1.2", true),
            ("2.0.0", "1.2", false),
            ("1.1.0", "1.2", false),
            ("0.0.3", "0.0.3", true),
            ("0.0.4", "0.0.3", false),
            ("1.2.9", "~1.2.3", true),
            ("1.3.0", "~1.2.3", false),
            ("9.9.9", ">=1.0", true),
        ] {
            assert_eq!(
                meets(v(version), requirement),
                met,
                "{version} {requirement}"
            );
        }
    }

    #[test]
    fn a_changelog_without_a_header_stays_newest_first() {
        let old = "## Catalog 1.0.0 · hasp-errors 0.1.0\n\nFirst.\n";
        let new = prepend_section(old, "## Catalog 1.1.0 · hasp-errors 0.1.1\n\nSecond.");
        assert_eq!(
            new,
            "## Catalog 1.1.0 · hasp-errors 0.1.1\n\nSecond.\n\n## Catalog 1.0.0 · hasp-errors 0.1.0\n\nFirst.\n"
        );
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
