//! Speed and memory of the generator: the real catalog through every step,
//! and hostile inputs that must be rejected quickly with bounded memory.
//!
//! Run with `cargo bench -p hasp-errors-codegen`. The allocation columns come
//! from divan's `AllocProfiler` (peak and total bytes per iteration).

use std::path::Path;

use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn real_catalog() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/errors.yaml");
    std::fs::read(path).expect("the real catalog is readable")
}

#[divan::bench]
fn load_and_validate(bencher: Bencher) {
    let bytes = real_catalog();
    bencher.bench(|| hasp_errors_codegen::parse_catalog("errors.yaml", black_box(&bytes)));
}

/// Every registered output, by name.
fn outputs() -> impl Iterator<Item = &'static str> {
    hasp_errors_codegen::outputs::ALL.iter().map(|o| o.name)
}

#[divan::bench(args = outputs())]
fn emit(bencher: Bencher, name: &str) {
    let output = hasp_errors_codegen::outputs::by_name(name).expect("a registered output");
    let catalog = hasp_errors_codegen::parse_catalog("errors.yaml", &real_catalog())
        .expect("the real catalog is valid");
    bencher.bench(|| output.render(black_box(&catalog)));
}

/// "Billion laughs": each level aliases the previous one ten times.
fn alias_bomb(levels: usize) -> String {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..levels {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s
}

#[divan::bench(args = [6, 9, 12])]
fn reject_alias_bomb(bencher: Bencher, levels: usize) {
    let bomb = alias_bomb(levels);
    bencher.bench(|| {
        let result = hasp_errors_codegen::parse_catalog("bomb.yaml", black_box(bomb.as_bytes()));
        assert!(result.is_err());
    });
}

#[divan::bench(args = [1_000, 100_000])]
fn reject_deep_flow_nesting(bencher: Bencher, depth: usize) {
    let deep = "[".repeat(depth);
    bencher.bench(|| {
        let result = hasp_errors_codegen::parse_catalog("deep.yaml", black_box(deep.as_bytes()));
        assert!(result.is_err());
    });
}

/// A file over `Limits::max_file_bytes`: refused before parsing.
#[divan::bench]
fn reject_oversized(bencher: Bencher) {
    let max = hasp_errors_codegen::Limits::default().max_file_bytes;
    let big = format!("version: 1\npage:\n  title: {}\n", "x".repeat(max));
    bencher.bench(|| {
        let result = hasp_errors_codegen::parse_catalog("big.yaml", black_box(big.as_bytes()));
        assert!(result.is_err());
    });
}

/// One scalar over `Limits::max_scalar_bytes` in a file under the file
/// limit: refused once the parser has read it.
#[divan::bench]
fn reject_oversized_scalar(bencher: Bencher) {
    let max = hasp_errors_codegen::Limits::default().max_scalar_bytes;
    let big = format!("version: 1\npage:\n  title: {}\n", "x".repeat(2 * max));
    bencher.bench(|| {
        let result = hasp_errors_codegen::parse_catalog("big.yaml", black_box(big.as_bytes()));
        assert!(result.is_err());
    });
}
