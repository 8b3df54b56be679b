//! `hasp-errors-codegen`: check the catalog, write or verify the docs page,
//! print the generated Rust.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use hasp_errors_codegen::{DEFAULT_CATALOG, DEFAULT_DOCS, Diagnostics, emit_markdown};

const USAGE: &str = "\
usage: hasp-errors-codegen <command> [options]

commands:
  check [CATALOG]                  validate the catalog (default catalog/errors.yaml)
  docs [--check] [--catalog PATH] [--out PATH]
                                   write docs/errors.md, or with --check fail if it is stale
  rust [CATALOG]                   print the generated Rust to stdout

Problems are printed to stderr as PATH:LINE:COL: error: MESSAGE.
Exit status: 0 ok, 1 problems found, 2 usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(usage) => {
            eprintln!("error: {usage}\n\n{USAGE}");
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
        "rust" => {
            let catalog = one_path(rest)?;
            Ok(match hasp_errors_codegen::load_catalog(&catalog) {
                Ok(c) => {
                    print!("{}", hasp_errors_codegen::generate_rust(&c));
                    ExitCode::SUCCESS
                }
                Err(d) => report(&d),
            })
        }
        "docs" => docs(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`")),
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
    let mut catalog = PathBuf::from(DEFAULT_CATALOG);
    let mut out = PathBuf::from(DEFAULT_DOCS);
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--catalog" => catalog = it.next().ok_or("--catalog needs a path")?.into(),
            "--out" => out = it.next().ok_or("--out needs a path")?.into(),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let c = match hasp_errors_codegen::load_catalog(&catalog) {
        Ok(c) => c,
        Err(d) => return Ok(report(&d)),
    };
    let page = hasp_errors_codegen::generate_markdown(&c);
    if check {
        return Ok(match std::fs::read_to_string(&out) {
            Ok(current) if current == page => {
                eprintln!("{}: up to date", out.display());
                ExitCode::SUCCESS
            }
            Ok(_) => {
                eprintln!(
                    "{}: error: out of date with {}; run `{}`",
                    out.display(),
                    catalog.display(),
                    emit_markdown::REGENERATE
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!(
                    "{}: error: cannot read ({e}); run `{}`",
                    out.display(),
                    emit_markdown::REGENERATE
                );
                ExitCode::FAILURE
            }
        });
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("{}: error: {e}", dir.display());
        return Ok(ExitCode::FAILURE);
    }
    match hasp_errors_codegen::write_if_changed(&out, &page) {
        Ok(changed) => {
            eprintln!(
                "{}: {}",
                out.display(),
                if changed { "written" } else { "unchanged" }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
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
