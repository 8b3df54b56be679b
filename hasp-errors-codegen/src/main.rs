//! `hasp-errors-codegen`: check the catalog, refresh or verify every
//! committed generated file, print one output. It only parses arguments;
//! the library does the work.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use hasp_errors_codegen::outputs::{self, Status};
use hasp_errors_codegen::{DEFAULT_CATALOG, Diagnostics, Error, REFRESH};

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

Problems are printed to stderr as PATH:LINE:COL: error: MESSAGE.
Exit status: 0 ok, 1 problems found (or stale files), 2 usage error.",
        names.join(" | ")
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".to_owned());
    };
    match command.as_str() {
        "check" => {
            let catalog = one_path(rest)?;
            Ok(match hasp_errors_codegen::load_catalog(&catalog) {
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
            })
        }
        "docs" => docs(rest),
        "-h" | "--help" | "help" => {
            println!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        name => {
            let output =
                outputs::by_name(name).ok_or_else(|| format!("unknown command `{name}`"))?;
            let catalog = one_path(rest)?;
            Ok(match hasp_errors_codegen::load_catalog(&catalog) {
                Ok(c) => {
                    print!("{}", (output.render)(&c));
                    ExitCode::SUCCESS
                }
                Err(d) => report(&d),
            })
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

fn docs(rest: &[String]) -> Result<ExitCode, String> {
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
    let results = match outputs::refresh(&root, check) {
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
