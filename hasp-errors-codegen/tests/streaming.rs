//! `parse_catalog` validates each code as soon as the loader has read it
//! (the tree never holds more than one code); `validate::validate` checks a
//! whole tree. Both must find the same catalog, or the same problems in the
//! same order, whatever the catalog and whatever the order of its keys.

#[path = "support/agree.rs"]
mod support;
#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::path::Path;

use hasp_errors_codegen::{generate_markdown, generate_rust, load, validate};

fn file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The catalogs of the repository, valid ones and a hostile one.
fn catalogs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        "catalog/errors.yaml",
        "tests/fixtures/minimal.yaml",
        "tests/fixtures/shapes.yaml",
        "tests/fixtures/keywords.yaml",
        "tests/fixtures/evolution.yaml",
        "hasp-errors-codegen/tests/fixtures/hostile.yaml",
    ]
    .iter()
    .map(|p| ((*p).to_owned(), file(p)))
    .collect();
    out.push(("synthetic 300".to_owned(), synthetic::catalog(300)));
    out
}

/// Both ways of reading `yaml`, which must agree (see `support/agree.rs`).
fn agree(name: &str, yaml: &str) -> Result<hasp_errors_codegen::Catalog, String> {
    support::agree(name, yaml.as_bytes()).map_err(|d| d.render())
}

/// The top-level entries of a catalog written like ours (each starts at
/// column 0; comments and blank lines go with the entry after them).
fn blocks(yaml: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut pending = String::new();
    for line in yaml.split_inclusive('\n') {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts_entry {
            blocks.push(std::mem::take(&mut pending));
        }
        pending.push_str(line);
    }
    blocks.push(pending);
    // blocks[0] holds what precedes the first entry; glue it to it.
    let head = blocks.remove(0);
    if let Some(first) = blocks.first_mut() {
        first.insert_str(0, &head);
    }
    blocks
}

#[test]
fn both_ways_agree_on_every_catalog_of_the_repository() {
    for (name, yaml) in catalogs() {
        let _ = agree(&name, &yaml);
    }
}

#[test]
fn the_order_of_the_top_level_keys_changes_nothing() {
    for (name, yaml) in catalogs() {
        let Ok(original) = agree(&name, &yaml) else {
            continue;
        };
        let blocks = blocks(&yaml);
        assert!(blocks.len() >= 4, "{name}: {} blocks", blocks.len());
        let mut orders: Vec<Vec<usize>> = vec![(0..blocks.len()).rev().collect()];
        for shift in 1..blocks.len() {
            orders.push(
                (0..blocks.len())
                    .map(|i| (i + shift) % blocks.len())
                    .collect(),
            );
        }
        for order in orders {
            let text: String = order.iter().map(|&i| blocks[i].as_str()).collect();
            let reordered =
                agree(&name, &text).unwrap_or_else(|e| panic!("{name} in order {order:?}:\n{e}"));
            // Spans moved with the text; what the catalog says did not.
            assert_eq!(
                generate_rust(&reordered),
                generate_rust(&original),
                "{name}"
            );
            assert_eq!(
                generate_markdown(&reordered),
                generate_markdown(&original),
                "{name}"
            );
        }
    }
}

/// Edits of a valid catalog that break a rule checking a code against
/// the rest of the catalog (its type, the version, the notice period, the
/// tombstones, the other codes), or the shape of `codes` itself.
const BREAKS: &[(&str, &str, &str)] = &[
    (
        "tests/fixtures/evolution.yaml",
        "type: rate_limited\n    summary: Too many requests.\n",
        "type: rate_limitd\n    summary: Too many requests.\n",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "type: invalid_request\n    summary",
        "type: invalid_request\n    status: 404\n    summary",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "since: 2.1.0",
        "since: 9.0.0",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "sunset: 2026-03-01",
        "sunset: 2025-10-02",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "replacement: SLOW_DOWN",
        "replacement: SLOWDOWN",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "replacement: SLOW_DOWN",
        "replacement: OLD_RATE_LIMIT",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "  QUOTA_GONE:",
        "  SLOW_DOWN:",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "  SLOW_DOWN:\n",
        "  BAD_FIELD:\n",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "codes:\n",
        "codes: 3\nx:\n",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "  SLOW_DOWN:\n",
        "  SLOW_DOWN: 1\n  S2:\n",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "version: 2.1.0",
        "version: 0.0.0",
    ),
    (
        "tests/fixtures/evolution.yaml",
        "  BAD_FIELD:",
        "  Bad_Field:",
    ),
    ("catalog/errors.yaml", "  RATE_LIMITED:", "  rate_limited:"),
    (
        "catalog/errors.yaml",
        "codes:\n",
        "codes:\n  SELF:\n    type: x\n",
    ),
];

#[test]
fn both_ways_report_the_same_problems_whatever_the_order() {
    for (path, from, to) in BREAKS {
        let yaml = file(path);
        assert!(yaml.contains(from), "{path}: {from:?}");
        let broken = yaml.replacen(from, to, 1);
        let name = format!("{path} with {to:?}");
        let Err(problems) = agree(&name, &broken) else {
            panic!("{name} must be refused");
        };
        // The same problems when the codes come first or last.
        let blocks = blocks(&broken);
        let codes = blocks
            .iter()
            .position(|b| b.starts_with("codes:") || b.contains("\ncodes:"))
            .expect("a codes block");
        for to_front in [true, false] {
            let mut order: Vec<usize> = (0..blocks.len()).filter(|&i| i != codes).collect();
            if to_front {
                order.insert(0, codes);
            } else {
                order.push(codes);
            }
            let text: String = order.iter().map(|&i| blocks[i].as_str()).collect();
            let Err(moved) = agree(&name, &text) else {
                panic!("{name}, reordered, must be refused");
            };
            let messages = |rendered: &str| -> Vec<String> {
                let mut m: Vec<String> = rendered
                    .lines()
                    .filter_map(|l| l.split_once(": error: ").map(|(_, m)| m.to_owned()))
                    .collect();
                m.sort();
                m
            };
            assert_eq!(messages(&moved), messages(&problems), "{name}");
        }
    }
}

/// `text` with its `codes:` line anchored, and `tombstones` an alias of it.
fn anchored_codes(text: &str) -> String {
    let text = text.replacen("\ncodes:\n", "\ncodes: &all_codes\n", 1);
    let start = text.find("\ntombstones:").expect("tombstones") + 1;
    let end = text[start..]
        .find("\n\n")
        .map_or(text.len(), |i| start + i + 1);
    format!("{}tombstones: *all_codes\n{}", &text[..start], &text[end..])
}

#[test]
fn anchored_codes_are_read_whole_and_agree() {
    // An alias of the codes must copy the codes themselves, not what the
    // tree keeps of codes already handed over.
    let yaml = anchored_codes(&file("tests/fixtures/evolution.yaml"));
    let Err(problems) = agree("anchored codes aliased as tombstones", &yaml) else {
        panic!("tombstones that are codes must be refused");
    };
    assert!(problems.contains("unknown key `type`"), "{problems}");

    // And the copy counts against the limits with all its codes.
    let yaml = synthetic::catalog(300).replacen("\ncodes:\n", "\ncodes: &all_codes\n", 1)
        + "x: *all_codes\n";
    let limits = hasp_errors_codegen::Limits::default().max_alias_nodes(2_000);
    let streamed = hasp_errors_codegen::parse_catalog_with("c.yaml", yaml.as_bytes(), &limits);
    let tree = load::load_bytes_with(Path::new("c.yaml"), yaml.as_bytes(), &limits)
        .and_then(|loaded| validate::validate(&loaded));
    assert_eq!(streamed, tree);
    let rendered = streamed.expect_err("too much copied").render();
    assert!(rendered.contains("max_alias_nodes"), "{rendered}");

    // An anchor on the whole document, too.
    let yaml = format!("--- &all\n{}", file("tests/fixtures/evolution.yaml"));
    let _ = agree("anchored root", &yaml);
}

#[test]
fn past_the_report_limit_the_earliest_problems_are_kept() {
    // 1,500 codes with an unknown key each, found (while loading) before
    // the bad version at the top of the file: the version's problem is
    // still reported, as the earliest.
    let mut yaml =
        file("tests/fixtures/minimal.yaml").replacen("version: 1.0.0", "version: one", 1);
    let codes = yaml.find("\ncodes:\n").expect("codes") + "\ncodes:\n".len();
    let mut extra = String::new();
    for i in 0..1_500 {
        extra.push_str(&format!(
            "  EXTRA_{i}:\n    type: invalid_request\n    summary: S.\n    description: D.\n    retry: never\n    bogus: 1\n"
        ));
    }
    yaml.insert_str(codes, &extra);
    let Err(rendered) = agree("1,500 problems", &yaml) else {
        panic!("must be refused");
    };
    assert!(rendered.contains("`version`"), "{}", &rendered[..2_000]);
    assert!(rendered.contains("more problems not shown"));
    let shown = rendered.matches(": error: ").count();
    assert_eq!(shown, hasp_errors_codegen::diagnostic::MAX_REPORTED + 1);
}

/// A line indented less than a code's keys but more than its name ends
/// the code's entry, then fails to parse: both ways name the code in the
/// error (found by the `catalog_loader` fuzz target, when only the
/// one-step way named it), for the first code, a middle one and the last.
#[test]
fn a_code_cut_short_is_named_both_ways() {
    let catalog = file("catalog/errors.yaml");
    let names: Vec<&str> = catalog
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .skip_while(|l| {
            !l.trim()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
        })
        .collect();
    assert!(names.len() > 3, "{names:?}");
    for name in [names[0], names[names.len() / 2], names[names.len() - 1]] {
        let code = name.trim().trim_end_matches(':');
        for broken in ["   retry: never", "   x"] {
            let yaml = catalog.replacen(
                &format!("{name}\n"),
                &format!("{name}\n    summary: S.\n{broken}\n"),
                1,
            );
            let err = agree(code, &yaml).expect_err("a syntax error");
            assert!(
                err.contains(&format!("code `{code}`: invalid YAML")),
                "{code} {broken:?}: {err}"
            );
        }
    }
}
