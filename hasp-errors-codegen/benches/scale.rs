//! How the generator scales: synthetic catalogs of 100, 1,000 and 10,000
//! codes (`support/synthetic.rs`, in the style of `catalog/errors.yaml`;
//! 86 KB, 833 KB and 8.35 MB) through each step. The goal: each step
//! linear (10x the codes, at most 11x the time) and 10,000 codes in under
//! half a second per step. Instruction counts are linear (callgrind, one
//! iteration: 9.97x to 10.03x from 1,000 to 10,000 codes); wall time grows
//! somewhat faster, as the 10,000-code model (about 13 MB) and outputs no
//! longer fit in cache. `generate` renders into a reused string, and
//! `generate_new_string` into a new string each time (see `generate` for
//! why they differ at 10,000 codes).
//!
//! Run with `cargo bench -p hasp-errors-codegen --bench scale`. The
//! allocation columns come from divan's `AllocProfiler`: `max alloc` is
//! the peak of live heap bytes during one iteration.

#[path = "support/synthetic.rs"]
mod synthetic;

use divan::counter::BytesCount;
use divan::{AllocProfiler, Bencher, black_box};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// Catalog sizes, in codes.
const CODES: &[usize] = &[100, 1_000, 10_000];

fn catalog(codes: usize) -> hasp_errors_codegen::Catalog {
    let yaml = synthetic::catalog(codes);
    match hasp_errors_codegen::parse_catalog("synthetic.yaml", yaml.as_bytes()) {
        Ok(catalog) => catalog,
        Err(d) => panic!("the synthetic catalog is valid:\n{d}"),
    }
}

/// Read, parse and validate (the throughput column is catalog bytes).
#[divan::bench(args = CODES, sample_count = 20, sample_size = 1)]
fn load_and_validate(bencher: Bencher, codes: usize) {
    let yaml = synthetic::catalog(codes);
    bencher.counter(BytesCount::of_str(&yaml)).bench(|| {
        hasp_errors_codegen::parse_catalog("synthetic.yaml", black_box(yaml.as_bytes()))
            .expect("valid")
    });
}

/// The plain alternative to loading, side by side: the YAML parser alone
/// reading the same text (every event, no tree, no checks).
#[divan::bench(args = CODES, sample_count = 20, sample_size = 1)]
fn plain_yaml_events(bencher: Bencher, codes: usize) {
    let yaml = synthetic::catalog(codes);
    bencher.counter(BytesCount::of_str(&yaml)).bench(|| {
        let mut events = 0usize;
        for event in saphyr_parser::Parser::new_from_str(black_box(&yaml)) {
            black_box(event.expect("valid YAML"));
            events += 1;
        }
        events
    });
}

/// A code as plain data, for the plain alternative.
#[derive(serde::Serialize)]
struct PlainCode<'a> {
    name: &'a str,
    r#type: &'a str,
    summary: &'a str,
    description: &'a str,
    notes: &'a [String],
    details: Vec<PlainField<'a>>,
}

#[derive(serde::Serialize)]
struct PlainField<'a> {
    name: &'a str,
    description: &'a str,
    required: bool,
}

/// The plain alternative, side by side with the outputs: `serde_json`
/// writing the same codes' text (names, types, summaries, descriptions,
/// notes, details fields) from plain structs, pretty-printed, into a
/// reused buffer. How its time
/// grows with the catalog is how this machine's memory makes writing text
/// grow, with no generator's work in it.
#[divan::bench(args = CODES, sample_count = 20, sample_size = 1)]
fn plain_serde_json(bencher: Bencher, codes: usize) {
    let catalog = catalog(codes);
    let plain: Vec<PlainCode<'_>> = catalog
        .codes
        .iter()
        .map(|c| PlainCode {
            name: &c.name,
            r#type: &c.error_type,
            summary: &c.summary,
            description: &c.description,
            notes: &c.notes,
            details: c
                .details
                .iter()
                .map(|f| PlainField {
                    name: &f.name,
                    description: &f.description,
                    required: f.required,
                })
                .collect(),
        })
        .collect();
    // Into one buffer, cleared and reused, as `generate` writes.
    let mut buf = Vec::new();
    serde_json::to_writer_pretty(&mut buf, &plain).expect("plain data serializes");
    bencher.counter(BytesCount::new(buf.len())).bench_local(|| {
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, black_box(&plain)).expect("plain data serializes");
        buf.len()
    });
}

/// One registered output of a synthetic catalog of some size.
struct Case {
    output: &'static hasp_errors_codegen::Output,
    codes: usize,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.output.name, self.codes)
    }
}

/// Every registered output (`outputs::ALL`), at every size.
fn cases() -> impl Iterator<Item = Case> {
    hasp_errors_codegen::outputs::ALL
        .iter()
        .flat_map(|output| CODES.iter().map(move |&codes| Case { output, codes }))
}

/// Each registered output (the throughput column is output bytes), so a
/// new output is measured here with nothing to add. Each is rendered into
/// one string, cleared and reused (`Output::render_into`), so every size
/// writes into memory it has written before. With a new string each time
/// (`generate_new_string`), an output whose allocation passes 32 MiB (the
/// Rust and OpenAPI outputs at 10,000 codes) is mapped afresh on every call
/// by glibc and unmapped when freed, and pays a page fault for every 4 KiB
/// it writes, which the smaller sizes, served again from the heap, do not.
#[divan::bench(args = cases(), sample_count = 20, sample_size = 1)]
fn generate(bencher: Bencher, case: &Case) {
    let catalog = catalog(case.codes);
    let mut buf = String::new();
    case.output.render_into(&catalog, &mut buf);
    bencher.counter(BytesCount::new(buf.len())).bench_local(|| {
        buf.clear();
        case.output.render_into(black_box(&catalog), &mut buf);
        buf.len()
    });
}

/// Each registered output rendered into a new string, as one run of the
/// CLI or of a build script does: the allocation columns are the peak
/// memory of generating (`max alloc`: the output and everything alongside
/// it). A one-shot run faults in its output's pages at every size; looped
/// here, only allocations over 32 MiB do (see `generate`).
#[divan::bench(args = cases(), sample_count = 20, sample_size = 1)]
fn generate_new_string(bencher: Bencher, case: &Case) {
    let catalog = catalog(case.codes);
    let len = case.output.render(&catalog).len();
    bencher
        .counter(BytesCount::new(len))
        .bench(|| case.output.render(black_box(&catalog)));
}
