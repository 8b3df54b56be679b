//! `hasp-errors-codegen`: check the catalog, refresh or verify every
//! committed generated file, print one output. It only parses arguments;
//! the library does the work.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use hasp_errors_codegen::diff::{self, Verdict};
use hasp_errors_codegen::model::{Date, Version};
use hasp_errors_codegen::outputs::{self, Status};
use hasp_errors_codegen::release::{self, InputError, Released, Source};
use hasp_errors_codegen::{DEFAULT_CATALOG, Diagnostics, Error, Limits, REFRESH};

fn usage() -> String {
    let names: Vec<&str> = outputs::ALL.iter().map(|o| o.name).collect();
    format!(
        "\
usage: hasp-errors-codegen <command> [options]

commands:
  check [CATALOG]          validate the catalog (default {DEFAULT_CATALOG})
  docs [--check] [--root DIR]
                           rewrite every committed generated file (the real
                           catalog's and each fixture's outputs), or with
                           --check fail if any is stale; DIR defaults to .
  {} [CATALOG]
                           print that output of the catalog to stdout
  diff OLD NEW [--format human|json|markdown] [--today YYYY-MM-DD]
       [--old-crate-version X.Y.Z] [--new-crate-version X.Y.Z]
                           classify every change from OLD to NEW (each a
                           catalog file, or git:REV[:PATH] for the catalog
                           at a revision of this repository) and check
                           NEW's versions are bumped far enough; --today is
                           the day NEW is released (default: today; for
                           past revisions, pass the day they were released)
  gate [--root DIR] [--today YYYY-MM-DD]
                           diff the last release (catalog/released/) with
                           the workspace's catalog and version
  release [--root DIR] [--today YYYY-MM-DD]
                           record the workspace's catalog and version as the
                           new release and prepend its docs/CHANGELOG.md section
  rules                    print the rule table (catalog/README.md)

Loader limits (every command that reads a catalog), for large catalogs:
  --max-file-bytes N  --max-depth N  --max-nodes N  --max-scalar-bytes N
  --max-text-bytes N  --max-alias-nodes N

Problems are printed to stderr as PATH:LINE:COL: error: MESSAGE.
Exit status: 0 ok; 1 problems found (for check, docs and the outputs: a
catalog that cannot be read or does not validate, stale files; for diff, gate
and release: a version not bumped far enough, a change no bump allows, a
baseline edited by hand, a changelog without the last release); 2 usage error,
or, for diff, gate and release, a file they compare that cannot be read or a
catalog that does not validate.",
        names.join(" | ")
    )
}

/// Writes `text` to standard output. A reader that stops reading (`| head`)
/// gets no more, and the command still ends with its own exit status (a
/// `diff` or `gate` verdict is not lost to it); any other failure to write
/// (a full disk) is an error (exit 1), not a panic.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match limits(&args).and_then(|(limits, args)| run(&args, &limits)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

/// Takes the `--max-*` loader limits out of the arguments.
fn limits(args: &[String]) -> Result<(Limits, Vec<String>), String> {
    let mut limits = Limits::default();
    let mut rest = Vec::with_capacity(args.len());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let set: fn(Limits, usize) -> Limits = match arg.as_str() {
            "--max-file-bytes" => Limits::max_file_bytes,
            "--max-depth" => Limits::max_depth,
            "--max-nodes" => Limits::max_nodes,
            "--max-scalar-bytes" => Limits::max_scalar_bytes,
            "--max-text-bytes" => Limits::max_text_bytes,
            "--max-alias-nodes" => Limits::max_alias_nodes,
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        let value = it
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{arg} needs a number"))?;
        limits = set(limits, value);
    }
    Ok((limits, rest))
}

fn run(args: &[String], limits: &Limits) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".to_owned());
    };
    match command.as_str() {
        "check" => {
            let catalog = one_path(rest)?;
            Ok(
                match hasp_errors_codegen::load_catalog_with(&catalog, limits) {
                    Ok(c) => {
                        eprintln!(
                            "{}: ok: {} codes, {} types",
                            catalog.display(),
                            c.codes.len(),
                            c.types.len()
                        );
                        ExitCode::SUCCESS
                    }
                    Err(d) => report(&d),
                },
            )
        }
        "docs" => docs(rest, limits),
        "diff" => diff_command(rest, limits),
        "gate" => gate_command(rest, false, limits),
        "release" => gate_command(rest, true, limits),
        "rules" if rest.is_empty() => {
            emit(&diff::rules_table());
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            emit(&format!("{}\n", usage()));
            Ok(ExitCode::SUCCESS)
        }
        name => {
            let output =
                outputs::by_name(name).ok_or_else(|| format!("unknown command `{name}`"))?;
            let catalog = one_path(rest)?;
            Ok(
                match hasp_errors_codegen::load_catalog_with(&catalog, limits) {
                    Ok(c) => {
                        emit(&output.render(&c));
                        ExitCode::SUCCESS
                    }
                    Err(d) => report(&d),
                },
            )
        }
    }
}

fn one_path(rest: &[String]) -> Result<PathBuf, String> {
    match rest {
        [] => Ok(PathBuf::from(DEFAULT_CATALOG)),
        [path] if !path.starts_with('-') => Ok(PathBuf::from(path)),
        _ => Err(format!("unexpected arguments: {}", rest.join(" "))),
    }
}

fn docs(rest: &[String], limits: &Limits) -> Result<ExitCode, String> {
    let mut check = false;
    let mut root = PathBuf::from(".");
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => root = it.next().ok_or("--root needs a directory")?.into(),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if !root.join(hasp_errors_codegen::DEFAULT_CATALOG).is_file() {
        eprintln!(
            "error: no `{}` under `{}`: run this from the repository root, or pass `--root DIR`",
            hasp_errors_codegen::DEFAULT_CATALOG,
            root.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let results = match outputs::refresh_with(&root, check, limits) {
        Ok(results) => results,
        Err(Error::Catalog(d)) => return Ok(report(&d)),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut stale = 0;
    for (artifact, status) in &results {
        let path = artifact.path.display();
        match status {
            Status::UpToDate => eprintln!("{path}: up to date"),
            Status::Written => eprintln!("{path}: written"),
            Status::Stale(difference) => {
                stale += 1;
                eprintln!(
                    "{path}: error: out of date with {}; {difference}",
                    artifact.catalog.display()
                );
            }
            Status::Missing => {
                stale += 1;
                eprintln!("{path}: error: missing");
            }
            _ => eprintln!("{path}: {status:?}"),
        }
    }
    if stale > 0 {
        eprintln!("error: {stale} generated file(s) out of date; run `{REFRESH}` and commit them");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Options shared by `diff`, `gate` and `release`.
#[derive(Default)]
struct EvolutionArgs {
    positional: Vec<String>,
    format: Option<String>,
    today: Option<Date>,
    root: Option<PathBuf>,
    old_crate: Option<Version>,
    new_crate: Option<Version>,
}

fn evolution_args(rest: &[String], allowed: &[&str]) -> Result<EvolutionArgs, String> {
    let mut a = EvolutionArgs::default();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        if !flag.starts_with("--") || flag == "--" {
            a.positional.push(arg.clone());
            continue;
        }
        if !allowed.contains(&flag) {
            return Err(format!("unexpected option `{flag}`"));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))?,
        };
        let version = |v: &str| {
            Version::parse(v).ok_or_else(|| format!("{flag}: `{v}` is not a version X.Y.Z"))
        };
        match flag {
            "--format" => a.format = Some(value),
            "--today" => {
                a.today = Some(
                    Date::parse(&value)
                        .ok_or_else(|| format!("--today: `{value}` is not a date YYYY-MM-DD"))?,
                );
            }
            "--root" => a.root = Some(PathBuf::from(value)),
            "--old-crate-version" => a.old_crate = Some(version(&value)?),
            "--new-crate-version" => a.new_crate = Some(version(&value)?),
            _ => unreachable!("checked against `allowed`"),
        }
    }
    Ok(a)
}

/// A side that cannot be read: its diagnostics, or the message; exit 2.
fn input_error(e: &InputError) -> ExitCode {
    match e {
        InputError::Catalog(d) => {
            report(d);
        }
        InputError::Other(message) => eprintln!("error: {message}"),
    }
    ExitCode::from(2)
}

fn diff_command(rest: &[String], limits: &Limits) -> Result<ExitCode, String> {
    let a = evolution_args(
        rest,
        &[
            "--format",
            "--today",
            "--old-crate-version",
            "--new-crate-version",
        ],
    )?;
    let [old, new] = a.positional.as_slice() else {
        return Err("diff needs OLD and NEW".to_owned());
    };
    let format = a.format.as_deref().unwrap_or("human");
    if !["human", "json", "markdown"].contains(&format) {
        return Err(format!(
            "--format: `{format}` is not one of human, json, markdown"
        ));
    }
    let repo = PathBuf::from(".");
    let read = |arg: &str, krate: Option<Version>| {
        release::read(&Source::parse(arg), &repo, limits).map(|mut input| {
            input.krate = krate.or(input.krate);
            input
        })
    };
    let old = match read(old, a.old_crate) {
        Ok(input) => input,
        Err(e) => return Ok(input_error(&e)),
    };
    let new = match read(new, a.new_crate) {
        Ok(input) => input,
        Err(e) => return Ok(input_error(&e)),
    };
    let today = a.today.unwrap_or_else(Date::today);
    let changes = diff::diff(old.side(), new.side(), today);
    let verdict = Verdict::new(changes, old.versions(), new.versions());
    match format {
        "json" => emit(&diff::render_json(&verdict)),
        "markdown" => emit(&format!(
            "{}\n",
            diff::render_markdown(&verdict, new.versions())
        )),
        _ => emit(&diff::render_human(&verdict.changes)),
    }
    eprint!("{}", verdict.summary());
    Ok(outcome(verdict.passes()))
}

fn outcome(passes: bool) -> ExitCode {
    if passes {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn gate_command(rest: &[String], release: bool, limits: &Limits) -> Result<ExitCode, String> {
    let a = evolution_args(rest, &["--root", "--today"])?;
    if let Some(extra) = a.positional.first() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let root = a.root.unwrap_or_else(|| PathBuf::from("."));
    let today = a.today.unwrap_or_else(Date::today);
    let result = if release {
        release::release(&root, today, limits)
    } else {
        release::gate(&root, today, limits).map(|g| (g, Released::Refused(String::new())))
    };
    let (gate, released) = match result {
        Ok(r) => r,
        Err(e) => return Ok(input_error(&e)),
    };
    emit(&diff::render_human(&gate.verdict.changes));
    eprint!("{}", gate.verdict.summary());
    for problem in &gate.problems {
        eprintln!("error: {problem}");
    }
    if !release {
        match gate.failure() {
            None => eprintln!(
                "gate passed: {} is bumped far enough from the last release ({})",
                gate.new.name, gate.old.name
            ),
            Some(todo) => eprintln!("error: gate failed: {todo}"),
        }
        return Ok(outcome(gate.passes()));
    }
    match released {
        Released::Done { section } => {
            eprintln!(
                "released catalog {} (hasp-errors {}): wrote {}, {} and {}; commit them",
                gate.new.catalog.version,
                gate.new.krate.unwrap_or_default(),
                release::CHANGELOG,
                release::RELEASED_CATALOG,
                release::RELEASED_VERSIONS
            );
            emit(&format!("{section}\n"));
            Ok(ExitCode::SUCCESS)
        }
        Released::Refused(why) => {
            eprintln!("error: not released: {why}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn report(d: &Diagnostics) -> ExitCode {
    let text = if std::io::stderr().is_terminal() {
        d.render_styled()
    } else {
        d.render()
    };
    eprint!("{text}");
    eprintln!(
        "error: {} problem{} in {}",
        d.items().len(),
        if d.items().len() == 1 { "" } else { "s" },
        d.path().display()
    );
    ExitCode::FAILURE
}
