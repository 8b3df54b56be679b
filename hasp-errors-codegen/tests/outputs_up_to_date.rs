//! Every committed generated file (each output of the real catalog and of
//! every fixture catalog) is what the generator makes of its catalog, and
//! the CLI's `check`, `docs` and output commands behave as documented, end
//! to end. This is the one place each artifact is pinned: refresh them all
//! with `cargo run -p hasp-errors-codegen -- docs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod hostile_support;

use hasp_errors_codegen::REFRESH;
use hasp_errors_codegen::outputs::{self, Status};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_committed_artifact_is_up_to_date() {
    let results = outputs::refresh(&workspace(), true)
        .unwrap_or_else(|e| panic!("the catalogs must be valid and readable:\n{e}"));
    // The real catalog's outputs and four fixtures', for every output.
    assert_eq!(results.len(), outputs::ALL.len() * 5);
    let stale: Vec<String> = results
        .iter()
        .filter(|(_, status)| *status != Status::UpToDate)
        .map(|(a, status)| format!("{}: {status:?}", a.path.display()))
        .collect();
    assert!(
        stale.is_empty(),
        "generated files out of date; run `{REFRESH}` and commit them:\n{}",
        stale.join("\n")
    );
    for (artifact, _) in &results {
        let text = std::fs::read_to_string(&artifact.path).unwrap();
        assert!(
            text.starts_with(artifact.output.header),
            "{}",
            artifact.path.display()
        );
    }
}

#[test]
fn every_description_of_the_json_outputs_closes_the_generators_code_spans() {
    // Each code's description once opened `retryable: true` and closed it
    // with two backticks. The generator's own text is checked: each
    // catalog of the workspace with its prose made plain (prose may hold
    // backticks of its own, escaped or in longer spans, which are the
    // author's).
    let mut checked = 0;
    for artifact in outputs::artifacts(&workspace()).unwrap() {
        if !["json-schema", "openapi"].contains(&artifact.output.name) {
            continue;
        }
        let catalog = hasp_errors_codegen::load_catalog(&artifact.catalog).unwrap();
        let plain = hostile_support::neutral(&catalog);
        let text = artifact.output.render(&plain);
        hostile_support::check_code_spans(&artifact.path.display().to_string(), &text);
        checked += 1;
    }
    assert_eq!(
        checked,
        2 * (outputs::artifacts(&workspace()).unwrap().len() / outputs::ALL.len())
    );
}

// ----- the CLI, end to end ------------------------------------------------

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hasp-errors-codegen"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the CLI: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh, empty directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "hasp-errors-codegen-{test}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn real_catalog() -> String {
    workspace()
        .join("catalog/errors.yaml")
        .display()
        .to_string()
}

/// A workspace with the real catalog and one fixture, and no generated
/// files yet.
fn scratch_workspace(dir: &TempDir) -> PathBuf {
    let root = dir.path("ws");
    std::fs::create_dir_all(root.join("catalog")).unwrap();
    std::fs::create_dir_all(root.join("tests/fixtures")).unwrap();
    std::fs::copy(real_catalog(), root.join("catalog/errors.yaml")).unwrap();
    std::fs::copy(
        workspace().join("tests/fixtures/minimal.yaml"),
        root.join("tests/fixtures/minimal.yaml"),
    )
    .unwrap();
    root
}

#[test]
fn cli_check_accepts_the_real_catalog() {
    let out = cli(&["check", &real_catalog()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let catalog = hasp_errors_codegen::load_catalog(real_catalog()).unwrap();
    let ok = format!(
        "ok: {} codes, {} types",
        catalog.codes.len(),
        catalog.types.len()
    );
    assert!(stderr(&out).contains(&ok), "{}", stderr(&out));
}

#[test]
fn cli_check_reports_a_broken_catalog_with_its_location() {
    let dir = TempDir::new("check");
    let broken = dir.path("broken.yaml");
    let text = std::fs::read_to_string(real_catalog()).unwrap();
    // Misspell the first code's `retry` key (`retryy`), an unknown key.
    let at = text
        .find("    retry:")
        .expect("the catalog has a retry key");
    let text = format!(
        "{}    retryy:{}",
        &text[..at],
        &text[at + "    retry:".len()..]
    );
    std::fs::write(&broken, &text).unwrap();
    let line = text[..at].lines().count() + 1;

    let out = cli(&["check", &broken.display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let location = format!("{}:{line}:5: error:", broken.display());
    assert!(err.contains(&location), "expected `{location}` in:\n{err}");
    assert!(err.contains("unknown key `retryy`"), "{err}");
    assert!(err.contains("did you mean `retry`?"), "{err}");
}

#[test]
fn cli_docs_writes_every_artifact_then_checks_clean_and_catches_staleness() {
    let dir = TempDir::new("docs");
    let root = scratch_workspace(&dir);
    let root_arg = root.display().to_string();

    // Nothing generated yet: --check fails, naming the refresh command.
    let out = cli(&["docs", "--check", "--root", &root_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(REFRESH), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing"), "{}", stderr(&out));

    // One command writes every output of every catalog.
    let out = cli(&["docs", "--root", &root_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for output in outputs::ALL {
        assert!(root.join(output.path).is_file(), "{}", output.path);
        let fixture = root
            .join("tests/fixtures/minimal")
            .with_extension(output.extension);
        assert!(fixture.is_file(), "{}", fixture.display());
    }
    let out = cli(&["docs", "--check", "--root", &root_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A catalog edit makes every output of that catalog that shows the
    // edited text stale (an output may not show it), and the message says
    // where.
    let catalog = root.join("catalog/errors.yaml");
    let text = std::fs::read_to_string(&catalog).unwrap();
    let edited = text.replace("Unexpected server error.", "An unexpected server error.");
    std::fs::write(&catalog, &edited).unwrap();
    let render = |text: &str| {
        let catalog = hasp_errors_codegen::parse_catalog("errors.yaml", text.as_bytes()).unwrap();
        outputs::ALL
            .iter()
            .map(|output| output.render(&catalog))
            .collect::<Vec<_>>()
    };
    let changed = render(&text)
        .iter()
        .zip(render(&edited))
        .filter(|(before, after)| **before != *after)
        .count();
    assert!(changed > 0, "the edit shows somewhere");
    let out = cli(&["docs", "--check", "--root", &root_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("first difference at line"), "{err}");
    let stale = format!("{changed} generated file(s) out of date");
    assert!(err.contains(&stale), "{err}");

    // A broken catalog is reported with its location, and nothing is written.
    std::fs::write(&catalog, "version: [").unwrap();
    let out = cli(&["docs", "--root", &root_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("errors.yaml:"), "{}", stderr(&out));
}

#[test]
fn cli_prints_each_output() {
    for output in outputs::ALL {
        let out = cli(&[output.name, &real_catalog()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.starts_with(output.header), "{}", output.name);
        let committed = std::fs::read_to_string(workspace().join(output.path)).unwrap();
        // Says where they part, not the whole file (the test above says
        // which command refreshes it).
        assert!(
            stdout == committed,
            "{} printed, against {}: {}",
            output.name,
            output.path,
            outputs::first_difference(&committed, &stdout)
        );
    }
}

/// Output commands write to standard output and never panic when it
/// fails: a reader that stops early (`| head`) ends the run quietly, a
/// full disk is an error.
#[test]
fn cli_output_to_a_closed_pipe_or_a_full_disk() {
    use std::io::Read;
    for args in [
        vec!["openapi".to_owned(), real_catalog()],
        vec!["rules".to_owned()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hasp-errors-codegen"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run the CLI");
        // Read one byte, then stop reading: the rest meets a closed pipe.
        let mut out = child.stdout.take().expect("stdout");
        let mut first = [0u8; 1];
        out.read_exact(&mut first).expect("some output");
        drop(out);
        let mut err = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut err)
            .expect("stderr");
        let status = child.wait().expect("exit");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let out = Command::new(env!("CARGO_BIN_EXE_hasp-errors-codegen"))
            .args(["rust", &real_catalog()])
            .stdout(full)
            .output()
            .expect("run the CLI");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.starts_with("error: cannot write to standard output:") && !err.contains("panicked"),
            "{err}"
        );
    }
}

#[test]
fn cli_usage_errors_exit_2() {
    assert_eq!(cli(&[]).status.code(), Some(2));
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&["docs", "--root"]).status.code(), Some(2));
    assert_eq!(cli(&["docs", "--out", "x"]).status.code(), Some(2));
    assert_eq!(cli(&["rust", "a", "b"]).status.code(), Some(2));
}

#[test]
fn cli_limits_can_be_raised_and_lowered() {
    // The real catalog is well over 1 KiB: a 1 KiB file limit refuses it,
    // naming the flag that raises it.
    let out = cli(&["check", "--max-file-bytes", "1024", &real_catalog()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--max-file-bytes"),
        "{}",
        stderr(&out)
    );
    let out = cli(&["check", &real_catalog(), "--max-nodes", "10"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--max-nodes"), "{}", stderr(&out));
    let out = cli(&["check", "--max-file-bytes", "100000000", &real_catalog()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = cli(&["rust", "--max-depth", "64", &real_catalog()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(cli(&["check", "--max-nodes"]).status.code(), Some(2));
    assert_eq!(
        cli(&["check", "--max-nodes", "many"]).status.code(),
        Some(2)
    );
}

/// Run away from the repository root (or with a wrong `--root`), `docs`
/// says where it looked and what to do.
#[test]
fn docs_outside_the_repository_root_says_so() {
    let dir = TempDir::new("no-root");
    let out = cli(&["docs", "--check", "--root", &dir.0.display().to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: no `catalog/errors.yaml` under `")
            && err.contains("run this from the repository root, or pass `--root DIR`"),
        "{err}"
    );
}

/// A `diff` whose reader has gone still ends with its verdict's exit
/// status: a breaking change without the bump it needs fails whether or
/// not anyone reads the report.
#[test]
fn diff_verdict_survives_a_closed_pipe() {
    let dir = TempDir::new("diff-pipe");
    let catalog = std::fs::read_to_string(real_catalog()).unwrap();
    let old = dir.path("old.yaml");
    let new = dir.path("new.yaml");
    std::fs::write(&old, &catalog).unwrap();
    // A code removed outright: never allowed.
    let start = catalog.find("\n  OPUS_NOT_ENABLED:\n").expect("the code") + 1;
    let end = catalog[start..]
        .match_indices("\n  ")
        .map(|(i, _)| start + i + 1)
        .find(|&i| catalog[i + 2..].starts_with(|c: char| c.is_ascii_uppercase()))
        .expect("the next code");
    std::fs::write(&new, format!("{}{}", &catalog[..start], &catalog[end..])).unwrap();
    let args = ["diff", old.to_str().unwrap(), new.to_str().unwrap()];
    let read = cli(&args);
    assert_eq!(read.status.code(), Some(1), "{}", stderr(&read));
    let mut child = Command::new(env!("CARGO_BIN_EXE_hasp-errors-codegen"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the CLI");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("exit");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
