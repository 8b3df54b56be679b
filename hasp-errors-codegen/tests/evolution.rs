//! Catalog evolution: every rule of the diff, one case each, from the corpus
//! in `tests/evolution/` (also what `scripts/semver-checks.sh` compiles and
//! checks with cargo-semver-checks); the rule table in `catalog/README.md`;
//! the `diff`, `gate` and `release` commands end to end, exit statuses
//! included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hasp_errors_codegen::diff::{self, Kind, Side, Verdict, Versions};
use hasp_errors_codegen::model::{Date, Version};
use hasp_errors_codegen::{Catalog, load_catalog};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> PathBuf {
    workspace().join("tests/evolution")
}

/// The day the corpus is diffed on: after every past sunset in it, before
/// the far-future one.
const TODAY: &str = "2027-01-01";

fn load(path: &Path) -> Catalog {
    load_catalog(path).unwrap_or_else(|d| panic!("{}:\n{d}", path.display()))
}

/// One case: `old.yaml` (default `../base.yaml`), `new.yaml` and `expect`.
struct Case {
    name: String,
    old: PathBuf,
    new: PathBuf,
    /// `(kind, code, field)`, `-` for none, sorted.
    changes: Vec<(String, String, String)>,
    wire: String,
    rust: String,
    krate: (Version, Version),
    exit: i32,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let old = if dir.join("old.yaml").is_file() {
            dir.join("old.yaml")
        } else {
            corpus().join("base.yaml")
        };
        let expect = std::fs::read_to_string(dir.join("expect")).unwrap();
        let mut case = Case {
            name,
            old,
            new: dir.join("new.yaml"),
            changes: Vec::new(),
            wire: String::new(),
            rust: String::new(),
            krate: (Version::default(), Version::default()),
            exit: -1,
        };
        for line in expect.lines().filter(|l| !l.starts_with('#')) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["change", kind, code, field] => {
                    case.changes
                        .push(((*kind).into(), (*code).into(), (*field).into()));
                }
                ["wire", w] => case.wire = (*w).into(),
                ["rust", r] => case.rust = (*r).into(),
                ["crate", a, b] => {
                    case.krate = (Version::parse(a).unwrap(), Version::parse(b).unwrap());
                }
                ["exit", n] => case.exit = n.parse().unwrap(),
                _ => panic!("{}: bad expect line `{line}`", case.name),
            }
        }
        case.changes.sort();
        out.push(case);
    }
    assert!(out.len() > 40, "the corpus is missing");
    out
}

fn verdict(case: &Case) -> Verdict {
    let (old, new) = (load(&case.old), load(&case.new));
    let (op, np) = (
        case.old.display().to_string(),
        case.new.display().to_string(),
    );
    let changes = diff::diff(
        Side {
            catalog: &old,
            path: &op,
        },
        Side {
            catalog: &new,
            path: &np,
        },
        Date::parse(TODAY).unwrap(),
    );
    Verdict::new(
        changes,
        Versions {
            catalog: old.version,
            krate: Some(case.krate.0),
        },
        Versions {
            catalog: new.version,
            krate: Some(case.krate.1),
        },
    )
}

fn dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".to_owned())
}

#[test]
fn every_case_is_classified_as_its_rule_says() {
    let mut wrong = Vec::new();
    for case in cases() {
        let v = verdict(&case);
        let mut got: Vec<(String, String, String)> = v
            .changes
            .iter()
            .filter(|c| c.kind != Kind::VersionChanged)
            .map(|c| (c.rule().kind.to_owned(), dash(&c.code), dash(&c.field)))
            .collect();
        got.sort();
        let exit = i32::from(!v.passes());
        if got != case.changes
            || v.wire.as_str() != case.wire
            || v.rust.as_str() != case.rust
            || exit != case.exit
        {
            wrong.push(format!(
                "{}: got {got:?} wire {} rust {} exit {exit}; expected {:?} wire {} rust {} exit {}\n{}{}",
                case.name,
                v.wire.as_str(),
                v.rust.as_str(),
                case.changes,
                case.wire,
                case.rust,
                case.exit,
                diff::render_human(&v.changes),
                v.summary()
            ));
        }
        // Every change is located in the file it is about: NEW, or OLD for
        // a removal, at a real line.
        for c in &v.changes {
            let old = c.location.path == case.old.display().to_string();
            let new = c.location.path == case.new.display().to_string();
            assert!(old || new, "{}: {:?}", case.name, c.location);
            assert!(c.location.line > 0 && c.location.col > 0, "{c:?}");
            let text = std::fs::read_to_string(&c.location.path).unwrap();
            let line = text.lines().nth(c.location.line - 1).unwrap_or_default();
            if let Some(code) = &c.code
                && c.field.is_none()
                && c.kind != Kind::DeprecationEdited
            {
                assert!(
                    line.contains(code.as_str()),
                    "{}: {} not at {}: {line:?}",
                    case.name,
                    code,
                    c.location
                );
            }
            if let (Some(field), Some(_)) = (&c.field, &c.code) {
                assert!(
                    line.contains(field.as_str()),
                    "{}: {c:?}: {line:?}",
                    case.name
                );
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn every_rule_has_a_case() {
    let cases = cases();
    let covered: Vec<&str> = cases
        .iter()
        .flat_map(|c| c.changes.iter().map(|(k, _, _)| k.as_str()))
        .chain(["version_changed"])
        .collect();
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .map(|k| k.rule().kind)
        .filter(|k| !covered.contains(k))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
    // Each rule's own case, named after it, reports that rule.
    for k in Kind::ALL {
        let name = k.rule().kind;
        if let Some(case) = cases.iter().find(|c| c.name == name) {
            let v = verdict(case);
            assert!(v.changes.iter().any(|c| c.kind == *k), "{name}");
            let exit = i32::from(!v.passes());
            assert_eq!(exit != 0, !k.rule().allowed, "{name}: exit {exit}");
        }
    }
}

#[test]
fn the_readme_rule_table_is_the_rule_table() {
    let readme = std::fs::read_to_string(workspace().join("catalog/README.md")).unwrap();
    let table = diff::rules_table();
    assert!(
        readme.contains(&table),
        "catalog/README.md's rule table differs from the code's; replace it with the output of \
         `cargo run -p hasp-errors-codegen -- rules`:\n{table}"
    );
}

#[test]
fn the_audiences_differ_where_the_table_says_why() {
    // The issue's own example: compatible on the wire, major for Rust.
    let r = Kind::FieldAddedRequired.rule();
    assert_eq!((r.wire.as_str(), r.rust.as_str()), ("compatible", "major"));
    assert!(r.why.contains("new()"), "{}", r.why);
    // Reordering required fields: nothing on the wire, major for Rust.
    let r = Kind::FieldOrderChanged.rule();
    assert_eq!((r.wire.as_str(), r.rust.as_str()), ("none", "major"));
}

// ----- the CLI ----------------------------------------------------------------

fn cli(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hasp-errors-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn case_args(name: &str) -> (String, String) {
    let dir = corpus().join(name);
    let old = if dir.join("old.yaml").is_file() {
        dir.join("old.yaml")
    } else {
        corpus().join("base.yaml")
    };
    (
        old.display().to_string(),
        dir.join("new.yaml").display().to_string(),
    )
}

#[test]
fn json_is_one_object_with_the_documented_keys() {
    let (old, new) = case_args("field_added_required");
    let out = cli(
        &["diff", &old, &new, "--format", "json", "--today", TODAY],
        &workspace(),
    );
    // No crate versions for files: only the catalog version is checked.
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert_eq!(v["wire"], "compatible");
    assert_eq!(v["rust"], "major");
    let changes = v["changes"].as_array().unwrap();
    let added = changes
        .iter()
        .find(|c| c["kind"] == "field_added_required")
        .unwrap();
    let mut keys: Vec<&str> = added
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code", "field", "kind", "location", "reason", "rust", "wire"
        ]
    );
    assert_eq!(added["code"], "BAD_FIELD");
    assert_eq!(added["field"], "hint");
    assert_eq!(added["wire"], "compatible");
    assert_eq!(added["rust"], "major");
    let location = added["location"].as_str().unwrap();
    assert!(location.starts_with(&format!("{new}:")), "{location}");
    assert!(text(&out.stderr).contains("hasp-errors version not checked"));

    // Nothing changed: none, none and an empty list.
    let base = corpus().join("base.yaml").display().to_string();
    let out = cli(&["diff", &base, &base, "--format", "json"], &workspace());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "{\"wire\":\"none\",\"rust\":\"none\",\"changes\":[]}\n"
    );
}

#[test]
fn exit_statuses_tell_findings_from_failures() {
    let ws = workspace();
    let base = corpus().join("base.yaml").display().to_string();
    // 1: a rule broken, or a bump missing (with crate versions given).
    let (old, new) = case_args("tombstone_removed");
    assert_eq!(cli(&["diff", &old, &new], &ws).status.code(), Some(1));
    let (old, new) = case_args("unbumped_breaking");
    let out = cli(&["diff", &old, &new, "--today", TODAY], &ws);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error: catalog version 1.0.0 → 1.0.0 is not bumped enough: the changes need a major bump, to 2.0.0 or later"), "{err}");
    let (old, new) = case_args("field_added_optional");
    let args = |krate: &'static str| {
        [
            "diff".to_owned(),
            old.clone(),
            new.clone(),
            "--old-crate-version".to_owned(),
            "0.1.0".to_owned(),
            "--new-crate-version".to_owned(),
            krate.to_owned(),
        ]
    };
    let run = |krate| {
        let a = args(krate);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        cli(&a, &ws)
    };
    assert_eq!(run("0.1.0").status.code(), Some(1));
    assert_eq!(run("0.1.1").status.code(), Some(0));
    // 0: nothing changed.
    assert_eq!(cli(&["diff", &base, &base], &ws).status.code(), Some(0));

    // 2: usage errors and unreadable input, told apart from findings.
    for args in [
        vec!["diff"],
        vec!["diff", base.as_str()],
        vec!["diff", base.as_str(), base.as_str(), "--format", "yaml"],
        vec!["diff", base.as_str(), base.as_str(), "--today", "tomorrow"],
        vec!["diff", base.as_str(), base.as_str(), "--frobnicate"],
    ] {
        let out = cli(&args, &ws);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
    let out = cli(&["diff", "no/such/catalog.yaml", &base], &ws);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read catalog"));
    assert!(!text(&out.stderr).contains("usage:"));
}

#[test]
fn an_invalid_side_is_reported_located_with_exit_2() {
    let dir = std::env::temp_dir().join(format!("hasp-evolution-invalid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, base.replace("version: 1.0.0", "version: 1.0")).unwrap();
    let base_path = corpus().join("base.yaml").display().to_string();
    for args in [
        [base_path.as_str(), broken.to_str().unwrap()],
        [broken.to_str().unwrap(), base_path.as_str()],
    ] {
        let out = cli(
            &["diff", args[0], args[1], "--format", "json"],
            &workspace(),
        );
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("{}:3:10: error: `version`", broken.display())),
            "{err}"
        );
        assert!(text(&out.stdout).is_empty(), "no JSON for a failure");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_largest_numbers_are_reported_not_panicked_on() {
    // A notice period of u64::MAX days, and a major version of u64::MAX:
    // dates and versions saturate (9999-12-31, no later version), and the
    // CLI reports, with a finding's exit status, rather than overflowing.
    let dir = std::env::temp_dir().join(format!("hasp-evolution-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let huge = u64::MAX;
    // (A sunset must leave the notice period: none can but the last day.)
    let notice = |text: &str| {
        text.replace(
            "deprecation_notice_days: 30",
            &format!("deprecation_notice_days: {huge}"),
        )
        .replace("sunset: 2026-03-01", "sunset: 9999-12-31")
    };
    let old = notice(&base);
    let removed =
        notice(&std::fs::read_to_string(corpus().join("field_removed/new.yaml")).unwrap());
    // Both sides written, diffed: the exit status and everything printed.
    let run = |old: &str, new: &str| {
        let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
        std::fs::write(&old_path, old).unwrap();
        std::fs::write(&new_path, new).unwrap();
        let out = cli(
            &[
                "diff",
                old_path.to_str().unwrap(),
                new_path.to_str().unwrap(),
                "--today",
                TODAY,
            ],
            &workspace(),
        );
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        (out.status.code(), all)
    };
    let (code, all) = run(&old, &removed);
    assert_eq!(code, Some(1), "{all}");
    assert!(
        all.contains("field_removed_before_sunset")
            && all.contains("may not be removed before 9999-12-31"),
        "{all}"
    );
    // The largest version, with a breaking change: no bump can follow it.
    let top = format!("version: {huge}.0.0");
    let breaking = std::fs::read_to_string(corpus().join("retry_now_permanent/new.yaml")).unwrap();
    let (code, all) = run(
        &base.replace("version: 1.0.0", &top),
        &breaking.replacen("version: 2.0.0", &top, 1),
    );
    assert_eq!(code, Some(1), "{all}");
    assert!(
        all.contains("is not bumped enough: the changes need a major bump, and no version follows"),
        "{all}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The kinds of change from catalog text `old` to `new`, diffed on `today`.
fn kinds(old: &str, new: &str, today: &str) -> Vec<&'static str> {
    let parse = |text: &str| {
        hasp_errors_codegen::parse_catalog("c.yaml", text.as_bytes())
            .unwrap_or_else(|d| panic!("{d}"))
    };
    let (old, new) = (parse(old), parse(new));
    let side = |catalog| Side {
        catalog,
        path: "c.yaml",
    };
    diff::diff(side(&old), side(&new), Date::parse(today).unwrap())
        .iter()
        .map(|c| c.kind.rule().kind)
        .filter(|&kind| kind != "version_changed")
        .collect()
}

#[test]
fn a_deprecation_takes_notice_away_only_from_a_day_clients_were_given_and_still_wait_for() {
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    // NO_SCOPE.count: deprecated on 2026-01-01, no sunset, 30 days' notice:
    // clients were told 2026-01-31.
    let on = |text: &str, day: &str| {
        text.replace(
            "on: 2026-01-01\n          note: Always 1.",
            &format!("on: {day}\n          note: Always 1."),
        )
    };
    let notice = |text: &str, days: u32| {
        // (OLD_CODE's sunset moved out of the way of the longer period.)
        text.replace(
            "deprecation_notice_days: 30",
            &format!("deprecation_notice_days: {days}"),
        )
        .replace("sunset: 2026-03-01", "sunset: 2026-06-01")
    };
    let shortened = "deprecation_notice_shortened";
    // `on` a week earlier: 2026-01-24, before the day given.
    assert!(kinds(&base, &on(&base, "2025-12-25"), "2026-01-10").contains(&shortened));
    // ... but not once that day has passed: nothing was left to take away.
    let edited = kinds(&base, &on(&base, "2025-12-25"), "2026-02-01");
    assert!(
        edited.contains(&"deprecation_edited") && !edited.contains(&shortened),
        "{edited:?}"
    );
    // `on` a week earlier with 90 days' notice instead of 30: 2026-03-25,
    // later than the day given; the longer period is reported on its own.
    let new = notice(&on(&base, "2025-12-25"), 90);
    let longer = kinds(&base, &new, "2026-01-10");
    assert!(!longer.contains(&shortened), "{longer:?}");
    assert!(
        longer.contains(&"deprecation_edited") && longer.contains(&"notice_period_extended"),
        "{longer:?}"
    );
}

#[test]
fn a_deprecation_may_not_be_dated_before_the_release() {
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    // The next version, which deprecates.
    let next = base.replacen("version: 1.0.0", "version: 1.1.0", 1);
    let backdated = "deprecation_backdated";
    let deprecated = |on: &str| {
        format!("    deprecated:\n      since: 1.1.0\n      on: {on}\n      note: Going away.\n")
    };
    // MAYBE_PARAM deprecated on `on`.
    let deprecate = |on: &str| {
        next.replacen(
            "  MAYBE_PARAM:\n",
            &format!("  MAYBE_PARAM:\n{}", deprecated(on)),
            1,
        )
    };
    // The reviewer's case: deprecated "on" 2000-01-01 in a release of today.
    let old_day = deprecate("2000-01-01");
    assert!(kinds(&base, &old_day, "2026-06-01").contains(&backdated));
    // Dated today or later: no notice is lost.
    for on in ["2026-06-01", "2026-07-01"] {
        let k = kinds(&base, &deprecate(on), "2026-06-01");
        assert!(
            k.contains(&"code_deprecated") && !k.contains(&backdated),
            "{on}: {k:?}"
        );
    }
    // A deprecation already released keeps its day: a later diff (or the
    // removal) does not report it again.
    let note = old_day.replace("note: Going away.", "note: Going away soon.");
    assert!(!kinds(&old_day, &note, "2026-06-01").contains(&backdated));
    // Its `on` moved earlier, to a day already past: backdated; moved later,
    // or earlier but not before today: not.
    let june = deprecate("2026-06-10");
    assert!(kinds(&june, &deprecate("2026-05-01"), "2026-06-01").contains(&backdated));
    assert!(!kinds(&june, &deprecate("2026-06-05"), "2026-06-01").contains(&backdated));
    assert!(!kinds(&june, &deprecate("2026-07-01"), "2026-06-01").contains(&backdated));
    // A code added deprecated, and a details field added deprecated.
    let added = next.replacen(
        "  MAYBE_PARAM:\n",
        &format!(
            "  ADDED_OLD:\n    type: internal_error\n    summary: A.\n    description: A.\n    retry: backoff\n{}  MAYBE_PARAM:\n",
            deprecated("2026-01-01")
        ),
        1,
    );
    assert_eq!(
        kinds(&base, &added, "2026-06-01"),
        ["code_added", backdated],
        "{added}"
    );
    let field = next.replacen(
        "      cap_usd:\n",
        "      spent_usd:\n        type: money\n        required: false\n        description: Spent.\n        deprecated:\n          since: 1.1.0\n          on: 2026-01-01\n          note: Going away.\n      cap_usd:\n",
        1,
    );
    assert_eq!(
        kinds(&base, &field, "2026-06-01"),
        ["field_added_optional", backdated]
    );
    // A new deprecation's `since` is NEW's version, not one released
    // without it, whatever its day.
    let since = |v: &str| deprecate("2026-07-01").replace("since: 1.1.0", &format!("since: {v}"));
    for v in ["1.0.0", "0.9.0"] {
        assert_eq!(
            kinds(&base, &since(v), "2026-06-01"),
            ["code_deprecated", backdated],
            "{v}"
        );
    }
    assert_eq!(
        kinds(&base, &since("1.1.0"), "2026-06-01"),
        ["code_deprecated"]
    );
    // Unbumped, the advice is to bump first (writing the old version
    // again cannot help).
    let unbumped = base.replacen(
        "  MAYBE_PARAM:\n",
        "  MAYBE_PARAM:\n    deprecated:\n      since: 1.0.0\n      on: 2026-07-01\n      note: Going away.\n",
        1,
    );
    let parse = |t: &str| hasp_errors_codegen::parse_catalog("c.yaml", t.as_bytes()).unwrap();
    let (old, new) = (parse(&base), parse(&unbumped));
    let side = |catalog| Side {
        catalog,
        path: "c.yaml",
    };
    let reasons: Vec<String> =
        diff::diff(side(&old), side(&new), Date::parse("2026-06-01").unwrap())
            .into_iter()
            .filter(|c| c.kind.rule().kind == backdated)
            .map(|c| c.reason)
            .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].ends_with("bump `version` and write the new one"),
        "{reasons:?}"
    );
    // ... which an already released one keeps.
    assert!(
        !kinds(
            &since("1.0.0"),
            &since("1.0.0").replace("Going away.", "Gone soon."),
            "2026-06-01"
        )
        .contains(&backdated)
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "hasp-evolution-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn git_revisions_are_read_with_their_workspace_version() {
    let s = Scratch::new("git");
    let repo = &s.0;
    std::fs::create_dir_all(repo.join("catalog")).unwrap();
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let manifest = |v: &str| format!("[workspace]\n\n[workspace.package]\nversion = \"{v}\"\n");
    std::fs::write(repo.join("catalog/errors.yaml"), &base).unwrap();
    std::fs::write(repo.join("Cargo.toml"), manifest("0.1.0")).unwrap();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "one"]);
    let new = std::fs::read_to_string(corpus().join("field_added_optional/new.yaml")).unwrap();
    std::fs::write(repo.join("catalog/errors.yaml"), &new).unwrap();
    git(repo, &["commit", "-q", "-am", "two"]);

    // The crate version was not bumped: the Rust gate fails.
    let out = cli(&["diff", "git:HEAD~1", "git:HEAD"], repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("HEAD:catalog/errors.yaml:") && stdout.contains("field_added_optional"),
        "{stdout}"
    );
    assert!(
        text(&out.stderr).contains("error: hasp-errors version 0.1.0 → 0.1.0 is not bumped enough"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(repo.join("Cargo.toml"), manifest("0.1.1")).unwrap();
    git(repo, &["commit", "-q", "-am", "three"]);
    let out = cli(&["diff", "git:HEAD~2", "git:HEAD"], repo);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A path in the working tree against a revision.
    let out = cli(
        &[
            "diff",
            "git:HEAD~2:catalog/errors.yaml",
            "catalog/errors.yaml",
        ],
        repo,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // A catalog from before versions were semantic (`version: 1`) is read
    // as 1.0.0 at a revision, on either side, so history before this
    // schema, which cannot be fixed, can still be compared.
    let legacy = base
        .replace("version: 1.0.0", "version: 1")
        .replace("    removed_in: 1.0.0", "    removed_in: 1");
    std::fs::write(repo.join("catalog/errors.yaml"), &legacy).unwrap();
    git(repo, &["commit", "-q", "-am", "legacy"]);
    std::fs::write(repo.join("catalog/errors.yaml"), &base).unwrap();
    git(repo, &["commit", "-q", "-am", "semantic again"]);
    let out = cli(
        &["diff", "git:HEAD~1", "git:HEAD", "--format", "json"],
        repo,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "{\"wire\":\"none\",\"rust\":\"none\",\"changes\":[]}\n"
    );
    for (old, new) in [("git:HEAD", "git:HEAD~1"), ("git:HEAD~1", "git:HEAD~1")] {
        let out = cli(&["diff", old, new, "--format", "json"], repo);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{old} {new}: {}",
            text(&out.stderr)
        );
    }
    // Not from a file, which can be fixed: `check`'s problems, located,
    // and exit 2.
    std::fs::write(repo.join("legacy.yaml"), &legacy).unwrap();
    for (old, new, path) in [
        ("git:HEAD", "legacy.yaml", "legacy.yaml"),
        ("legacy.yaml", "git:HEAD", "legacy.yaml"),
        ("legacy.yaml", "git:HEAD~1", "legacy.yaml"),
    ] {
        let out = cli(&["diff", old, new, "--format", "json"], repo);
        assert_eq!(out.status.code(), Some(2), "{old} {new}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "{path}:3:10: error: `version`: expected a semantic version"
            )),
            "{old} {new}: {err}"
        );
        assert!(text(&out.stdout).is_empty(), "{old} {new}");
    }

    // A revision that does not exist, or a path not in it: exit 2.
    for rev in [
        "git:no-such-rev",
        "git:HEAD~9",
        "git:HEAD:no/such.yaml",
        "git:",
    ] {
        let out = cli(&["diff", rev, "git:HEAD"], repo);
        assert_eq!(out.status.code(), Some(2), "{rev}");
        assert!(
            text(&out.stderr).starts_with("error: "),
            "{rev}: {}",
            text(&out.stderr)
        );
    }
}

/// The versions [`gate_workspace`] was released with: the catalog's and
/// the crate's.
fn released() -> (Version, Version) {
    (
        Version::parse("1.0.0").unwrap(),
        Version::parse("0.1.0").unwrap(),
    )
}

/// A workspace of the files the gate reads, just after a release: the
/// corpus's base catalog, released as [`released`]. Fixed, so these tests
/// do not depend on the real catalog, its edits or its releases.
fn gate_workspace(s: &Scratch) -> PathBuf {
    let root = s.0.join("ws");
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let (catalog, krate) = released();
    for (rel, text) in [
        ("catalog/errors.yaml", base.clone()),
        ("catalog/released/errors.yaml", base),
        (
            "catalog/released/release.toml",
            hasp_errors_codegen::release::release_file(catalog, krate),
        ),
        (
            "docs/CHANGELOG.md",
            format!(
                "# Changelog\n\n## Catalog {catalog} · hasp-errors {krate}\n\nFirst release.\n"
            ),
        ),
        (
            "Cargo.toml",
            format!(
                "[workspace.package]\nversion = \"{krate}\"\n\n[workspace.dependencies]\n\
                 hasp-errors = {{ path = \"hasp-errors\", version = \"{krate}\" }}\n\
                 hasp-errors-codegen = {{ path = \"hasp-errors-codegen\", version = \"{krate}\", default-features = false }}\n"
            ),
        ),
        (
            "hasp-errors/Cargo.toml",
            "[package]\nname = \"hasp-errors\"\nversion.workspace = true\n".to_owned(),
        ),
    ] {
        let to = root.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, text).unwrap();
    }
    root
}

/// Bumps the catalog version at `root` this far; the new version.
fn bump_catalog(root: &Path, bump: diff::Bump) -> Version {
    let catalog = root.join("catalog/errors.yaml");
    let version = load(&catalog).version;
    let next = bump.next(version);
    edit(
        &catalog,
        &format!("\nversion: {version}\n"),
        &format!("\nversion: {next}\n"),
    );
    next
}

/// [`edit`] within the entry of `code` in the catalog at `path` (from its
/// key to the next code's), so the edit does not depend on the rest of
/// the entry's text.
fn edit_code(path: &Path, code: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let key = format!("\n  {code}:\n");
    let start = text.find(&key).unwrap_or_else(|| panic!("{code}")) + 1;
    // The entry's lines are blank or indented by four spaces or more.
    let mut end = start + key.len() - 1;
    while end < text.len() {
        let line = &text[end..text[end..].find('\n').map_or(text.len(), |i| end + i + 1)];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if !line.trim().is_empty() && indent < 4 {
            break;
        }
        end += line.len();
    }
    let entry = &text[start..end];
    assert!(entry.contains(from), "{code}: {from}");
    let edited = entry.replacen(from, to, 1);
    std::fs::write(path, format!("{}{edited}{}", &text[..start], &text[end..])).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Bumps the workspace version at `root` this far; the new version.
fn bump_crate(root: &Path, bump: diff::Bump) -> Version {
    let manifest = root.join("Cargo.toml");
    let krate = hasp_errors_codegen::release::workspace_version(
        &std::fs::read_to_string(&manifest).unwrap(),
    )
    .unwrap();
    let next = bump.next(krate);
    // The workspace's version and the two under [workspace.dependencies].
    let text = std::fs::read_to_string(&manifest).unwrap();
    let from = format!("version = \"{krate}\"");
    assert_eq!(text.matches(&from).count(), 3, "{text}");
    std::fs::write(
        &manifest,
        text.replace(&from, &format!("version = \"{next}\"")),
    )
    .unwrap();
    next
}

#[test]
fn the_gate_fails_an_unbumped_breaking_change_and_passes_once_bumped() {
    let s = Scratch::new("gate");
    let root = gate_workspace(&s);
    let r = root.display().to_string();
    let gate = |root: &str| cli(&["gate", "--root", root, "--today", TODAY], &workspace());

    // The repository as committed passes.
    let out = cli(
        &["gate", "--root", &workspace().display().to_string()],
        &workspace(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = gate(&r);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // UNEXPECTED stops being retryable: breaking on the wire, major in Rust.
    let catalog = root.join("catalog/errors.yaml");
    edit_code(
        &catalog,
        "UNEXPECTED",
        "    retry: backoff\n",
        "    retry: never\n",
    );
    let out = gate(&r);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    let (version, _) = released();
    let major = diff::Bump::Major.next(version);
    assert!(err.contains(&format!("error: catalog version {version} → {version} is not bumped enough: the changes need a major bump, to {major} or later")), "{err}");
    assert!(err.contains("error: hasp-errors version"), "{err}");
    assert!(text(&out.stdout).contains("retry_now_permanent"));

    // Bumping the catalog alone is not enough; both is.
    bump_catalog(&root, diff::Bump::Major);
    assert_eq!(gate(&r).status.code(), Some(1));
    let next = bump_crate(&root, diff::Bump::Major);
    let out = gate(&r);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // Releasing records the new baseline and its changelog section; then
    // the gate finds nothing to bump.
    let out = cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let changelog = std::fs::read_to_string(root.join("docs/CHANGELOG.md")).unwrap();
    let heading = format!("## Catalog {major} · hasp-errors {next}");
    assert!(changelog.contains(&heading), "{changelog}");
    assert!(
        changelog.find(&heading).unwrap()
            < changelog.find(&format!("## Catalog {version}")).unwrap(),
        "newest first"
    );
    assert!(
        changelog.contains("### Breaking for clients"),
        "{changelog}"
    );
    assert_eq!(
        std::fs::read(root.join("catalog/released/errors.yaml")).unwrap(),
        std::fs::read(&catalog).unwrap()
    );
    let out = gate(&r);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).is_empty(), "{}", text(&out.stdout));
    // Nothing left to release.
    let out = cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nothing changed since the last release"));
}

/// A gate workspace whose catalog has one compatible edit, `from` to `to`,
/// released as a minor version of both: the gate passes.
fn compatible_release(s: &Scratch, from: &str, to: &str) -> PathBuf {
    let root = gate_workspace(s);
    let catalog = root.join("catalog/errors.yaml");
    bump_catalog(&root, diff::Bump::Minor);
    edit(&catalog, from, to);
    bump_crate(&root, diff::Bump::Minor);
    root
}

/// [`compatible_release`] adding one code, `BRAND_NEW`.
fn brand_new_release(s: &Scratch) -> PathBuf {
    compatible_release(
        s,
        "\ncodes:\n",
        "\ncodes:\n  BRAND_NEW:\n    type: internal_error\n    summary: New.\n    description: New.\n    retry: backoff\n",
    )
}

/// Every file `release` writes, as bytes (`None`: absent).
fn released_files(root: &Path) -> Vec<Option<Vec<u8>>> {
    [
        "docs/CHANGELOG.md",
        "catalog/released/errors.yaml",
        "catalog/released/release.toml",
    ]
    .iter()
    .map(|rel| std::fs::read(root.join(rel)).ok())
    .collect()
}

#[test]
fn release_refuses_when_the_gate_fails_for_a_problem_besides_the_versions() {
    let s = Scratch::new("release-problem");
    // A compatible change, bumped far enough: the verdict passes.
    let root = brand_new_release(&s);
    let r = root.display().to_string();
    let gate = || cli(&["gate", "--root", &r, "--today", TODAY], &workspace());
    let release = || cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(gate().status.code(), Some(0), "{}", text(&gate().stderr));

    // The changelog lacks the last release's section: the gate fails for
    // that alone, says so, and does not ask for a bump.
    let changelog = root.join("docs/CHANGELOG.md");
    std::fs::write(&changelog, "# Changelog\n\nIntro.\n").unwrap();
    let out = gate();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("has no `## Catalog {}", released().0)),
        "{err}"
    );
    assert!(
        err.contains("error: gate failed: fix the problems above") && !err.contains("bump the"),
        "{err}"
    );
    // ... and release refuses, writing nothing.
    let before = released_files(&root);
    let out = release();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("error: not released: the gate fails"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(released_files(&root), before);

    // No changelog at all: refused too, and none is created.
    std::fs::remove_file(&changelog).unwrap();
    let before = released_files(&root);
    let out = release();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("cannot read docs/CHANGELOG.md"));
    assert_eq!(released_files(&root), before);
    assert!(!changelog.exists());
}

#[test]
fn diff_gate_and_release_read_within_the_loader_limits_given() {
    let base = corpus().join("base.yaml");
    let b = base.display().to_string();
    // The corpus's base catalog is over 100 nodes: refused within that limit, on
    // either side, naming the flag that raises it.
    for args in [
        &["diff", &b, &b, "--max-nodes", "100"][..],
        &["diff", "--max-nodes", "100", &b, &b],
    ] {
        let out = cli(args, &workspace());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("--max-nodes"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = cli(&["diff", &b, &b, "--max-nodes", "100000"], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = Scratch::new("gate-limits");
    let root = gate_workspace(&s);
    let r = root.display().to_string();
    for command in ["gate", "release"] {
        let out = cli(&[command, "--root", &r, "--max-depth", "2"], &workspace());
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            text(&out.stderr).contains("--max-depth"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_backdated_deprecation_is_refused_by_release_not_by_the_ci_gate() {
    let s = Scratch::new("release-backdated");
    // A code added deprecated, dated the day before the release.
    let minor = diff::Bump::Minor.next(released().0);
    let root = compatible_release(
        &s,
        "\ncodes:\n",
        &format!(
            "\ncodes:\n  BRAND_NEW:\n    type: internal_error\n    summary: New.\n    description: New.\n    retry: backoff\n    deprecated:\n      since: {minor}\n      on: 2026-12-31\n      note: Short-lived.\n"
        ),
    );
    let r = root.display().to_string();
    let run =
        |command: &str, today: &str| cli(&[command, "--root", &r, "--today", today], &workspace());
    // The gate, which CI runs on any day, passes on the day and after it
    // (it would otherwise turn red by itself the day after the merge).
    for today in ["2026-12-31", TODAY, "2030-01-01"] {
        let out = run("gate", today);
        assert_eq!(out.status.code(), Some(0), "{today}: {}", text(&out.stderr));
        assert!(!text(&out.stdout).contains("deprecation_backdated"));
    }
    // Released a day later, it is backdated: refused, nothing written.
    let before = released_files(&root);
    let out = run("release", TODAY);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains("deprecation_backdated"), "{all}");
    assert!(all.contains("date it 2027-01-01 or later"), "{all}");
    assert_eq!(released_files(&root), before);
    // Released on its day, it is not.
    let out = run("release", "2026-12-31");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_ne!(released_files(&root), before);
}

#[test]
fn a_release_that_fails_part_way_writes_nothing_and_is_not_released_twice() {
    let s = Scratch::new("release-atomic");
    let root = brand_new_release(&s);
    let r = root.display().to_string();
    let run = |command: &str| cli(&[command, "--root", &r, "--today", TODAY], &workspace());
    // The changelog cannot be written: nothing is, not even the files
    // before it, and nothing staged is left behind.
    let blocker = root.join("docs/CHANGELOG.md.release-tmp");
    std::fs::create_dir(&blocker).unwrap();
    let before = released_files(&root);
    let out = run("release");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot write docs/CHANGELOG.md"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(released_files(&root), before);
    for rel in [
        "catalog/released/errors.yaml",
        "catalog/released/release.toml",
    ] {
        assert!(!root.join(format!("{rel}.release-tmp")).exists(), "{rel}");
    }
    std::fs::remove_dir(&blocker).unwrap();
    // The changelog cannot be moved in once the other two are: they are
    // put back, and nothing is left beside them.
    let blocker = root.join("docs/CHANGELOG.md.release-old");
    std::fs::create_dir_all(blocker.join("full")).unwrap();
    let out = run("release");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("nothing was released"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(released_files(&root), before);
    for rel in [
        "catalog/released/errors.yaml",
        "catalog/released/release.toml",
        "docs/CHANGELOG.md",
    ] {
        for suffix in [".release-tmp", ".release-old"] {
            let left = root.join(format!("{rel}{suffix}"));
            assert!(!left.is_file(), "{}", left.display());
        }
    }
    std::fs::remove_dir_all(&blocker).unwrap();
    // What a release killed part-way leaves is named, and nothing is
    // released over it: killed before every file was moved in (a staged
    // file is left), the kept copies go back; killed after, they go.
    let kept = root.join("catalog/released/errors.yaml.release-old");
    let staged = root.join("docs/CHANGELOG.md.release-tmp");
    std::fs::write(&kept, "version: 1.0.0\n").unwrap();
    std::fs::write(&staged, "# Changelog\n").unwrap();
    let out = run("release");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("interrupted before it was written"), "{err}");
    assert!(err.contains("move each .release-old copy back"), "{err}");
    assert_eq!(released_files(&root), before);
    std::fs::remove_file(&staged).unwrap();
    let out = run("release");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("the last release was written"), "{err}");
    assert!(!err.contains("back over"), "{err}");
    assert_eq!(released_files(&root), before);
    std::fs::remove_file(&kept).unwrap();
    // A section for the versions being released, left in the changelog,
    // fails the gate (a second release would add another).
    let changelog = root.join("docs/CHANGELOG.md");
    let kept = std::fs::read_to_string(&changelog).unwrap();
    let new = hasp_errors_codegen::release::release_heading(Versions {
        catalog: diff::Bump::Minor.next(released().0),
        krate: hasp_errors_codegen::release::workspace_version(
            &std::fs::read_to_string(root.join("Cargo.toml")).unwrap(),
        ),
    });
    std::fs::write(&changelog, format!("{kept}\n{new}\n\nLeft over.\n")).unwrap();
    let out = run("gate");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("already has a"),
        "{}",
        text(&out.stderr)
    );
    // Released once, it is the last release: the gate passes again.
    std::fs::write(&changelog, &kept).unwrap();
    let out = run("release");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run("gate");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let released = std::fs::read_to_string(&changelog).unwrap();
    assert_eq!(released.matches(&new).count(), 1);
}

#[test]
fn a_release_announces_its_deprecations_in_its_own_version() {
    let s = Scratch::new("release-since");
    // Released 1.0.0; this release is 1.2.0, and deprecates a code "since"
    // 1.1.0, a version never released.
    let root = gate_workspace(&s);
    bump_catalog(&root, diff::Bump::Minor);
    bump_catalog(&root, diff::Bump::Minor);
    bump_crate(&root, diff::Bump::Minor);
    let catalog = root.join("catalog/errors.yaml");
    let deprecation = |since: &str| {
        format!(
            "  NO_SCOPE:\n    deprecated:\n      since: {since}\n      on: {TODAY}\n      note: Going away.\n"
        )
    };
    edit(&catalog, "  NO_SCOPE:\n", &deprecation("1.1.0"));
    let r = root.display().to_string();
    let run = |command: &str| cli(&[command, "--root", &r, "--today", TODAY], &workspace());
    // `diff` and the gate allow it (a diff may span several releases) ...
    assert_eq!(
        run("gate").status.code(),
        Some(0),
        "{}",
        text(&run("gate").stderr)
    );
    // ... a release does not.
    let before = released_files(&root);
    let out = run("release");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("code `NO_SCOPE`: since 1.1.0 (write 1.2.0)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(released_files(&root), before);
    edit(&catalog, &deprecation("1.1.0"), &deprecation("1.2.0"));
    let out = run("release");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[cfg(unix)]
#[test]
fn a_released_file_that_is_a_link_is_written_where_it_points() {
    let s = Scratch::new("release-link");
    let root = brand_new_release(&s);
    let link = root.join("docs/CHANGELOG.md");
    let target = root.join("CHANGELOG.md");
    std::fs::rename(&link, &target).unwrap();
    std::os::unix::fs::symlink("../CHANGELOG.md", &link).unwrap();
    let r = root.display().to_string();
    let out = cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("BRAND_NEW")
    );
    assert!(!root.join("CHANGELOG.md.release-tmp").exists());
}

#[test]
fn a_changelog_with_crlf_line_ends_keeps_them() {
    let s = Scratch::new("release-crlf");
    let root = brand_new_release(&s);
    let changelog = root.join("docs/CHANGELOG.md");
    let lf = std::fs::read_to_string(&changelog).unwrap();
    std::fs::write(&changelog, lf.replace('\n', "\r\n")).unwrap();
    let r = root.display().to_string();
    let out = cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&changelog).unwrap();
    assert!(written.contains("BRAND_NEW"));
    assert_eq!(
        written.matches('\n').count(),
        written.matches("\r\n").count(),
        "{written:?}"
    );
}

#[test]
fn the_gate_says_what_failed() {
    let s = Scratch::new("gate-message");
    let root = gate_workspace(&s);
    let r = root.display().to_string();
    let closing = || {
        let out = cli(&["gate", "--root", &r, "--today", TODAY], &workspace());
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        err.lines()
            .find_map(|l| l.strip_prefix("error: gate failed: "))
            .unwrap_or_else(|| panic!("{err}"))
            .to_owned()
    };
    let bump = "bump the versions as above (catalog `version` for the wire, \
                [workspace.package] version for the Rust API, with the two crates' versions \
                under [workspace.dependencies]), or undo the change";
    // A code renamed, unbumped: a change no bump allows, and a bump missing.
    let catalog = root.join("catalog/errors.yaml");
    edit(&catalog, "  NO_SCOPE:", "  NO_SCOPE_AT_ALL:");
    let undo = "undo the changes no version bump allows (`error:` above)";
    assert_eq!(closing(), format!("{undo}; {bump}"));
    // Bumped as far as a rename would need: only the rename is left.
    bump_catalog(&root, diff::Bump::Major);
    bump_crate(&root, diff::Bump::Major);
    assert_eq!(closing(), undo);
}

#[test]
fn the_gate_refuses_a_removal_that_skips_deprecation_whatever_the_bump() {
    let s = Scratch::new("gate-removal");
    let root = gate_workspace(&s);
    let r = root.display().to_string();
    let gate = || cli(&["gate", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(gate().status.code(), Some(0), "{}", text(&gate().stderr));
    // Remove MAYBE_PARAM with a tombstone, without deprecating it first,
    // with both versions bumped as far as they go.
    bump_catalog(&root, diff::Bump::Major);
    bump_crate(&root, diff::Bump::Major);
    let catalog = root.join("catalog/errors.yaml");
    edit(
        &catalog,
        "  MAYBE_PARAM:\n    type: invalid_request\n    summary: The request was rejected.\n    description: The request was rejected; `error.param` names the field when known.\n    param: optional\n    retry: never\n",
        "",
    );
    edit(
        &catalog,
        "tombstones:\n",
        "tombstones:\n  MAYBE_PARAM:\n    removed_in: 2.0.0\n    reason: Merged into BAD_FIELD.\n",
    );
    let out = gate();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "error: code_removed_without_deprecation (breaking/major): code `MAYBE_PARAM`"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("catalog/released/errors.yaml:"),
        "located in OLD: {stdout}"
    );
}

#[test]
fn markdown_is_a_changelog_section() {
    let (old, new) = case_args("type_added");
    let out = cli(
        &[
            "diff",
            &old,
            &new,
            "--format",
            "markdown",
            "--old-crate-version",
            "0.1.0",
            "--new-crate-version",
            "0.1.1",
        ],
        &workspace(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("## Catalog 1.1.0 · hasp-errors 0.1.1\n\nWire: **compatible** · Rust API: **minor**\n\n### Compatible for clients\n\n- "), "{md}");
    assert!(md.contains("code `NOTHING_THERE` added"), "{md}");
    assert!(md.contains("(`type_added`; Rust API: minor)"), "{md}");
}

#[test]
fn reported_reasons_are_one_line_and_every_kind_is_documented() {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for case in cases() {
        for c in verdict(&case).changes {
            assert!(!c.reason.contains('\n'), "{c:?}");
            *kinds.entry(c.rule().kind).or_default() += 1;
        }
    }
    for k in Kind::ALL {
        let r = k.rule();
        assert!(!r.why.is_empty() && !r.change.is_empty(), "{}", r.kind);
        assert!(kinds.contains_key(r.kind), "{} never reported", r.kind);
    }
}

/// Whether a terminal would act on `c` (a line break aside) rather than show it.
fn drives_a_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        || matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{2060}' | '\u{AD}' | '\u{E0000}'..='\u{E007F}'
        )
}

#[test]
fn catalog_text_cannot_drive_the_terminal_or_the_changelog() {
    // A deprecation note with escape sequences, a bidi override, a line
    // separator and a bell, as YAML escapes.
    // And invisible ones (a byte order mark, a zero-width space, a word
    // joiner, a soft hyphen, a tag character, a next line); a zero-width
    // joiner, which emoji need, stays.
    let yaml_note = r#""Use SLOW_DOWN \e[2J\e[31mALL CLEAR\e[0m \u202Eevil\Lx\a \uFEFF\u200B\u2060\u00AD\U000E0041\N a\u200Db""#;
    let note = "Use SLOW_DOWN \u{1b}[2J\u{1b}[31mALL CLEAR\u{1b}[0m \u{202e}evil\u{2028}x\u{7} \u{feff}\u{200b}\u{2060}\u{ad}\u{e0041}\u{85} a\u{200d}b";
    let deprecation = format!(
        "    deprecated:\n      since: 1.1.0\n      on: {TODAY}\n      note: {yaml_note}\n"
    );
    let inert = |out: &str| {
        assert!(!out.contains(drives_a_terminal), "{out:?}");
        for shown in [
            "U+001B", "U+202E", "U+2028", "U+0007", "U+FEFF", "U+200B", "U+2060", "U+00AD",
            "U+E0041", "U+0085",
        ] {
            assert!(out.contains(shown), "{shown}: {out:?}");
        }
        assert!(out.contains("a\u{200d}b"), "{out:?}");
    };

    let s = Scratch::new("controls");
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let new = base
        .replacen("version: 1.0.0", "version: 1.1.0", 1)
        .replacen(
            "  SLOW_DOWN:\n    type: rate_limited\n",
            &format!("  SLOW_DOWN:\n    type: rate_limited\n{deprecation}"),
            1,
        );
    let new_path = s.0.join("new.yaml");
    std::fs::write(&new_path, new).unwrap();
    let (old, new) = (
        corpus().join("base.yaml").display().to_string(),
        new_path.display().to_string(),
    );
    let diff = |format: &str| {
        let out = cli(
            &["diff", &old, &new, "--format", format, "--today", TODAY],
            &workspace(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    inert(&diff("human"));
    let md = diff("markdown");
    inert(&md);
    assert!(md.contains("U+001B\\[2J"), "{md}");
    // JSON escaping is enough there: the reason is exact.
    let json: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    let reasons: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "code_deprecated")
        .map(|c| c["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [format!("code `SLOW_DOWN` deprecated since 1.1.0: {note}")]
    );

    // The gate prints it inert, and release writes it inert.
    let since = format!("since: {}", diff::Bump::Minor.next(released().0));
    let root = compatible_release(
        &s,
        "  NO_SCOPE:\n    type: forbidden\n",
        &format!(
            "  NO_SCOPE:\n    type: forbidden\n{}",
            deprecation.replace("since: 1.1.0", &since)
        ),
    );
    let r = root.display().to_string();
    let out = cli(&["gate", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    inert(&text(&out.stdout));
    let out = cli(&["release", "--root", &r, "--today", TODAY], &workspace());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    inert(&text(&out.stdout));
    inert(&std::fs::read_to_string(root.join("docs/CHANGELOG.md")).unwrap());
}

/// A release records its day and a digest of the catalog it records: the
/// gate then fails when the baseline is edited by hand, or when the record
/// is dated after today; a release may not be dated before the last one.
/// A release of a new crate version alone (no catalog change) is recorded.
#[test]
fn releases_are_dated_and_their_baseline_guarded() {
    let s = Scratch::new("release-record");
    let root = brand_new_release(&s);
    let r = root.display().to_string();
    let run =
        |command: &str, today: &str| cli(&[command, "--root", &r, "--today", today], &workspace());
    let out = run("release", TODAY);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record = std::fs::read_to_string(root.join("catalog/released/release.toml")).unwrap();
    assert!(
        record.contains(&format!("released_on = \"{TODAY}\"")),
        "{record}"
    );
    assert!(record.contains("digest = \""), "{record}");
    assert_eq!(run("gate", TODAY).status.code(), Some(0));

    // The baseline edited by hand (made the workspace's catalog, which
    // would hide its changes): the gate fails and says why.
    let released = root.join("catalog/released/errors.yaml");
    let kept = std::fs::read(&released).unwrap();
    let catalog = root.join("catalog/errors.yaml");
    edit_code(&catalog, "SLOW_DOWN", "required: true", "required: false");
    assert_eq!(run("gate", TODAY).status.code(), Some(1));
    std::fs::copy(&catalog, &released).unwrap();
    let out = run("gate", TODAY);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("not the catalog the last release recorded"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(&released, &kept).unwrap();
    std::fs::write(&catalog, &kept).unwrap();
    // A checkout with `\r\n` line ends is the same baseline.
    let crlf = String::from_utf8(kept.clone())
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&released, crlf).unwrap();
    let out = run("gate", TODAY);
    assert!(
        !text(&out.stderr).contains("not the catalog the last release recorded"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(&released, &kept).unwrap();

    // Dated after today: the gate fails (as CI runs it, on the real day).
    let out = run("gate", "2026-12-31");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("after today"),
        "{}",
        text(&out.stderr)
    );

    // The versions under [workspace.dependencies] must follow a bump, and
    // a crate may not give itself another version.
    let manifest = root.join("Cargo.toml");
    let kept_manifest = std::fs::read_to_string(&manifest).unwrap();
    let next = bump_crate(&root, diff::Bump::Patch);
    edit(
        &manifest,
        &format!("hasp-errors = {{ path = \"hasp-errors\", version = \"{next}\""),
        "hasp-errors = { path = \"hasp-errors\", version = \"0.0.1\"",
    );
    let out = run("gate", TODAY);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("[workspace.dependencies] hasp-errors asks for version 0.0.1"),
        "{}",
        text(&out.stderr)
    );
    // In a table of its own, or as a dotted key: the same; a requirement
    // the version meets (`^0.x`, `0.x`) is fine.
    for (form, ok) in [
        (
            "[workspace.dependencies.hasp-errors] # the runtime\nversion = \"0.0.1\"\n",
            false,
        ),
        (
            "[workspace.dependencies]\n\"hasp-errors\".version = \"0.0.1\"\n",
            false,
        ),
        (
            "[workspace.dependencies.\"hasp-errors\"]\nversion = \"^0.0\"\n",
            false,
        ),
        (
            "[workspace.dependencies.hasp-errors]\nversion = \"^{major}\"\n",
            true,
        ),
    ] {
        let major = format!("{}.{}", next.major, next.minor);
        let written = std::fs::read_to_string(&manifest).unwrap();
        let written = written.replace(
            &format!("hasp-errors = {{ path = \"hasp-errors\", version = \"{next}\" }}\n"),
            "",
        ) + &form.replace("{major}", &major);
        std::fs::write(&manifest, written).unwrap();
        let out = run("gate", TODAY);
        let code = if ok { 0 } else { 1 };
        assert_eq!(
            out.status.code(),
            Some(code),
            "{form}: {}",
            text(&out.stderr)
        );
        std::fs::write(&manifest, &kept_manifest).unwrap();
        bump_crate(&root, diff::Bump::Patch);
    }
    std::fs::write(&manifest, &kept_manifest).unwrap();
    let own = root.join("hasp-errors/Cargo.toml");
    std::fs::write(
        &own,
        "[package]\nname = \"hasp-errors\"\nversion = \"9.9.9\"\n",
    )
    .unwrap();
    let out = run("gate", TODAY);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("version 9.9.9 is not the workspace's"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(
        &own,
        "[package]\nname = \"hasp-errors\"\nversion.workspace = true\n",
    )
    .unwrap();

    // A crate version alone is released, but not on a day before the last.
    bump_crate(&root, diff::Bump::Patch);
    let out = run("release", "2026-12-31");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = run("release", TODAY);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run("gate", TODAY);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// A summary is plain text (the default `error.message`, `Display`): only
/// respacing it is no change; markup that renders the same is an edit.
#[test]
fn a_summary_is_compared_as_plain_text() {
    let base = std::fs::read_to_string(corpus().join("base.yaml")).unwrap();
    let with = |summary: &str| {
        base.replacen(
            "    summary: Unexpected server error.\n",
            &format!("    summary: \"{summary}\"\n"),
            1,
        )
    };
    let old = with("Unexpected server *error*.");
    assert!(old != base, "the summary is in the base catalog");
    assert_eq!(
        kinds(&old, &with("Unexpected server _error_."), TODAY),
        ["summary_edited"]
    );
    assert!(kinds(&old, &with("Unexpected  server\t*error*. "), TODAY).is_empty());
}
