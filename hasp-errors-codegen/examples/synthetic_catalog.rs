//! Prints a synthetic catalog of N codes (the scale bench's, from
//! `benches/support/synthetic.rs`) for `scripts/measure-scale.sh`:
//! `cargo run --release -p hasp-errors-codegen --example synthetic_catalog -- 10000`.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let codes = std::env::args()
        .nth(1)
        .and_then(|n| n.parse::<usize>().ok());
    let Some(codes) = codes else {
        eprintln!("usage: synthetic_catalog CODES");
        return ExitCode::from(2);
    };
    let yaml = synthetic::catalog(codes);
    match std::io::stdout().lock().write_all(yaml.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synthetic_catalog: {e}");
            ExitCode::FAILURE
        }
    }
}
