//! The committed reference page matches the catalog, and the CLI's
//! `check`, `docs` and `rust` commands behave as documented, end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hasp_errors_codegen::emit_markdown::REGENERATE;

fn workspace_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

#[test]
fn docs_errors_md_is_up_to_date() {
    let catalog_path = workspace_file("catalog/errors.yaml");
    let docs_path = workspace_file("docs/errors.md");
    let catalog = hasp_errors_codegen::load_catalog(&catalog_path)
        .unwrap_or_else(|d| panic!("the catalog must be valid:\n{d}"));
    let expected = hasp_errors_codegen::generate_markdown(&catalog);
    let committed = std::fs::read_to_string(&docs_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nRegenerate it with `{REGENERATE}`.",
            docs_path.display()
        )
    });
    if committed != expected {
        panic!(
            "docs/errors.md is out of date with catalog/errors.yaml.\n\
             Regenerate it with `{REGENERATE}` and commit the result.\n{}",
            first_difference(&committed, &expected)
        );
    }
}

/// Describes the first line where `actual` and `expected` differ.
fn first_difference(actual: &str, expected: &str) -> String {
    let (mut a, mut e) = (actual.lines(), expected.lines());
    let mut line = 1;
    loop {
        match (a.next(), e.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return "The files differ only in line endings.".to_owned(),
            (x, y) => {
                return format!(
                    "First difference at line {line}:\n  committed: {}\n  generated: {}",
                    x.map_or("(end of file)".to_owned(), |s| format!("{s:?}")),
                    y.map_or("(end of file)".to_owned(), |s| format!("{s:?}")),
                );
            }
        }
    }
}

#[test]
fn first_difference_names_the_line() {
    assert_eq!(
        first_difference("a\nb\nc\n", "a\nB\nc\n"),
        "First difference at line 2:\n  committed: \"b\"\n  generated: \"B\""
    );
    assert_eq!(
        first_difference("a\n", "a\nb\n"),
        "First difference at line 2:\n  committed: (end of file)\n  generated: \"b\""
    );
    assert_eq!(
        first_difference("a\r\n", "a\n"),
        "The files differ only in line endings."
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
    workspace_file("catalog/errors.yaml").display().to_string()
}

#[test]
fn cli_check_accepts_the_real_catalog() {
    let out = cli(&["check", &real_catalog()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ok: 19 codes, 12 types"),
        "{}",
        stderr(&out)
    );
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
fn cli_docs_check_fails_on_a_stale_page_and_passes_on_a_fresh_one() {
    let dir = TempDir::new("docs");
    let page = dir.path("errors.md");
    let out_arg = page.display().to_string();
    let catalog = real_catalog();
    // Independent of whether the committed page is up to date: that is the
    // job of `docs_errors_md_is_up_to_date`.
    let fresh = hasp_errors_codegen::generate_markdown(
        &hasp_errors_codegen::load_catalog(&catalog).expect("the catalog is valid"),
    );

    std::fs::write(&page, fresh.replacen("RATE_LIMITED", "RATE_LIMITS", 1)).unwrap();
    let out = cli(&["docs", "--check", "--catalog", &catalog, "--out", &out_arg]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(REGENERATE), "{}", stderr(&out));

    // Without --check the page is written; then it checks clean.
    let out = cli(&["docs", "--catalog", &catalog, "--out", &out_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = cli(&["docs", "--check", "--catalog", &catalog, "--out", &out_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&page).unwrap() == fresh,
        "the written page differs from the generated one"
    );

    // A missing page is stale too.
    let missing = dir.path("missing.md").display().to_string();
    let out = cli(&["docs", "--check", "--catalog", &catalog, "--out", &missing]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn cli_rust_prints_the_generated_code() {
    let out = cli(&["rust", &real_catalog()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(hasp_errors_codegen::emit_rust::HEADER),
        "{stdout}"
    );
    assert!(stdout.contains("pub enum HaspError"));
}

#[test]
fn cli_usage_errors_exit_2() {
    assert_eq!(cli(&[]).status.code(), Some(2));
    assert_eq!(cli(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(cli(&["docs", "--out"]).status.code(), Some(2));
}
