//! Size limits: catalogs built to exhaust the loader are refused quickly,
//! with one diagnostic that names the limit and says how to raise it, and
//! the default limits admit a catalog of 10,000 codes.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::time::{Duration, Instant};

use hasp_errors_codegen::diagnostic::MAX_REPORTED;
use hasp_errors_codegen::model::{FieldType, Retry};
use hasp_errors_codegen::{
    Diagnostics, Limits, generate_markdown, generate_rust, load_catalog_with, parse_catalog,
    parse_catalog_with,
};

/// Generous, for debug builds on a busy machine: what this catches is a
/// refusal that takes minutes. In release builds the refusals take
/// milliseconds (see `benches/pipeline.rs`).
const QUICK: Duration = Duration::from_secs(10);

/// Parses `bytes` within `limits` on a thread with a small stack (so deep
/// recursion would overflow it) and returns its one diagnostic, checking
/// that it came quickly.
fn rejected_with(what: &str, bytes: Vec<u8>, limits: Limits) -> Diagnostics {
    let start = Instant::now();
    let result = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || parse_catalog_with("hostile.yaml", &bytes, &limits).err())
        .expect("spawn")
        .join()
        .expect("the loader must not panic or overflow its stack");
    let elapsed = start.elapsed();
    eprintln!("{what}: rejected in {elapsed:?}");
    let d = result.unwrap_or_else(|| panic!("{what} must be rejected"));
    assert_eq!(d.items().len(), 1, "{what}: {}", d.render());
    assert!(elapsed < QUICK, "{what}: rejected in {elapsed:?}");
    d
}

/// As [`rejected_with`] under the default limits, however many problems.
fn rejected_all(what: &str, bytes: Vec<u8>) -> Diagnostics {
    let start = Instant::now();
    let d = parse_catalog("hostile.yaml", &bytes).expect_err(what);
    let elapsed = start.elapsed();
    eprintln!("{what}: rejected in {elapsed:?}");
    assert!(elapsed < QUICK, "{what}: rejected in {elapsed:?}");
    d
}

fn rejected(what: &str, bytes: Vec<u8>) -> Diagnostics {
    rejected_with(what, bytes, Limits::default())
}

/// Checks that the one problem names `limit` and says how to raise it.
fn names_the_limit(d: &Diagnostics, limit: &str) {
    let message = &d.items()[0].message;
    let flag = format!("--{}", limit.replace('_', "-"));
    for needle in [
        format!("limit `{limit}` is "),
        format!("`Limits::{limit}`"),
        "`Builder::limits`".to_owned(),
        format!("`{flag}`"),
    ] {
        assert!(message.contains(&needle), "no {needle:?} in: {message}");
    }
}

/// "Billion laughs": each level holds ten aliases of the previous one.
fn alias_bomb(levels: usize) -> String {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=levels {
        let prev = format!("*a{}", i - 1);
        let items = [prev.as_str(); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    yaml
}

// --- hostile documents under the default limits ------------------------------

#[test]
fn alias_bomb_is_stopped_by_the_alias_budget() {
    // Ten levels would expand to 10^10 nodes.
    let d = rejected("alias bomb", alias_bomb(10).into_bytes());
    let item = &d.items()[0];
    assert!(
        item.message
            .contains("anchors and aliases copy too much data"),
        "{}",
        d.render()
    );
    names_the_limit(&d, "max_alias_nodes");
    // Stopped within the level that crosses the budget (10^5 nodes a
    // level-5 alias, line 6), not after expanding everything.
    assert!(item.span.line <= 6, "{}", d.render());
    insta::assert_snapshot!(d.render());
}

#[test]
fn alias_bomb_is_stopped_by_the_node_budget_when_aliases_may_copy_more() {
    let limits = Limits::default().max_alias_nodes(usize::MAX);
    let d = rejected_with("alias bomb", alias_bomb(10).into_bytes(), limits);
    assert!(
        d.items()[0]
            .message
            .contains("too many mappings, lists and scalars"),
        "{d}"
    );
    names_the_limit(&d, "max_nodes");
}

#[test]
fn nested_anchors_are_stopped_by_the_alias_budget() {
    // Each anchor keeps a copy of its content for its aliases: 31 anchors
    // nested around 900,000 scalars (1.8 MB) copied 28 million nodes and
    // took gigabytes before the copies were counted.
    let mut yaml = String::from("a: ");
    for i in 0..31 {
        yaml.push_str(&format!("&a{i} ["));
    }
    yaml.push_str(&["x"; 900_000].join(","));
    yaml.push_str(&"]".repeat(31));
    let d = rejected("31 nested anchors", yaml.into_bytes());
    names_the_limit(&d, "max_alias_nodes");
    // A few anchors on a catalog's own entries cost little.
    let mut yaml = synthetic::catalog(100);
    yaml = yaml.replacen("  title: Errors", "  title: &title Errors", 1);
    yaml = yaml.replacen("    retry: never\n", "    retry: &never never\n", 1);
    yaml = yaml.replace("    retry: never\n", "    retry: *never\n");
    assert!(parse_catalog("anchors.yaml", yaml.as_bytes()).is_ok());
}

#[test]
fn scalar_bomb_is_stopped_by_the_text_budget() {
    // One long scalar aliased many times: few nodes, much text.
    let big = "x".repeat(900 * 1024);
    let mut yaml = format!("a: &a {big}\nb: [");
    yaml.push_str(&["*a"; 40].join(", "));
    yaml.push_str("]\n");
    let d = rejected("scalar bomb", yaml.into_bytes());
    assert!(d.items()[0].message.contains("too much text"), "{d}");
    names_the_limit(&d, "max_text_bytes");
}

#[test]
fn oversized_scalar_is_refused_where_it_starts() {
    let mut yaml = synthetic::catalog(20);
    let at = yaml.find("  title: Errors").expect("title");
    let line = yaml[..at].matches('\n').count() + 1;
    yaml.replace_range(
        at..at + "  title: Errors".len(),
        &format!("  title: {}", "x".repeat(2 << 20)),
    );
    let d = rejected("2 MiB title", yaml.into_bytes());
    let item = &d.items()[0];
    assert!(
        item.message
            .starts_with("this text is too long: 2097152 bytes"),
        "{}",
        item.message
    );
    names_the_limit(&d, "max_scalar_bytes");
    assert_eq!((item.span.line, item.span.col), (line, 10));
}

#[test]
fn deep_flow_nesting_is_refused_without_recursion() {
    // saphyr-parser's scanner has its own limit (255 flow levels), which it
    // meets before handing over the events our limit counts; both say so.
    let yaml = "[".repeat(10_000) + &"]".repeat(10_000);
    let d = rejected("10k-deep flow nesting", yaml.into_bytes());
    let item = &d.items()[0];
    assert_eq!(item.span.line, 1);
    assert!(item.span.col <= 257, "{}", d.render());
    assert!(item.message.contains("nested too deeply"), "{}", d.render());
    names_the_limit(&d, "max_depth");
    insta::assert_snapshot!(d.render());

    // Past the scanner's limit, raising ours cannot help: the message
    // does not suggest it.
    let yaml = "[".repeat(10_000) + &"]".repeat(10_000);
    let d = rejected_with(
        "10k-deep flow nesting",
        yaml.into_bytes(),
        Limits::default().max_depth(1000),
    );
    let message = &d.items()[0].message;
    assert!(
        message.contains("the YAML parser accepts at most 255 levels"),
        "{message}"
    );
    assert!(!message.contains("raise"), "{message}");
}

#[test]
fn deep_flow_mappings_are_refused() {
    let yaml = "{a: ".repeat(10_000) + &"}".repeat(10_000);
    let d = rejected("10k-deep flow mappings", yaml.into_bytes());
    assert!(d.items()[0].message.contains("nested too deeply"));
}

#[test]
fn deep_block_nesting_is_refused() {
    // A block sequence nested 10 000 deep on one line, and a block mapping
    // nested 500 deep by indentation.
    let seq = "- ".repeat(10_000) + "x\n";
    let d = rejected("10k-deep block sequences", seq.into_bytes());
    assert!(d.items()[0].message.contains("nested too deeply"));

    let mut map = String::new();
    for i in 0..500 {
        map.push_str(&" ".repeat(2 * i));
        map.push_str("a:\n");
    }
    let d = rejected("500-deep block mappings", map.into_bytes());
    let item = &d.items()[0];
    assert!(item.message.contains("nested too deeply"));
    names_the_limit(&d, "max_depth");
    assert_eq!(
        item.span.line,
        Limits::default().max_depth + 1,
        "{}",
        d.render()
    );
    insta::assert_snapshot!(d.render());
}

#[test]
fn aliases_cannot_nest_deeper_than_the_limit() {
    // Each anchor wraps an alias of the previous one 30 levels deep: every
    // piece is within the depth limit, the expansion is not.
    let mut yaml = String::from("a0: &a0 x\n");
    for i in 1..=200 {
        yaml.push_str(&format!(
            "a{i}: &a{i} {}*a{} {}\n",
            "[".repeat(30),
            i - 1,
            "]".repeat(30)
        ));
    }
    let d = rejected("aliases nested 6000 deep", yaml.into_bytes());
    let item = &d.items()[0];
    assert!(item.message.contains("nested too deeply"), "{}", d.render());
    // The first alias that would go past 32 levels: a1 is 30 deep, a2 60.
    assert_eq!(item.span.line, 3, "{}", d.render());
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    // Valid YAML just over the limit: refused for its size alone.
    let max = Limits::default().max_file_bytes;
    let mut yaml = String::from("version: 1\n# ");
    yaml.push_str(&"x".repeat(max));
    let d = rejected("oversized text", yaml.clone().into_bytes());
    names_the_limit(&d, "max_file_bytes");
    insta::assert_snapshot!(d.render());

    let path = std::env::temp_dir().join(format!("hasp-oversized-{}.yaml", std::process::id()));
    std::fs::write(&path, &yaml).expect("write temp file");
    let result = hasp_errors_codegen::load_catalog(&path);
    let _ = std::fs::remove_file(&path);
    let d = result.expect_err("an oversized file is rejected");
    assert!(d.items()[0].message.contains("catalog is too large"), "{d}");
    names_the_limit(&d, "max_file_bytes");
}

#[cfg(unix)]
#[test]
fn endless_file_is_read_only_up_to_the_limit() {
    // A character device reports a length of 0 and never ends.
    let limits = Limits::default().max_file_bytes(4096);
    let start = Instant::now();
    let d = load_catalog_with("/dev/zero", &limits).expect_err("refused");
    assert!(start.elapsed() < QUICK);
    let message = &d.items()[0].message;
    assert!(
        message.starts_with("catalog is too large: more than 4096 bytes"),
        "{message}"
    );
}

#[test]
fn many_keys_within_the_file_limit_are_fine_for_the_loader() {
    // 30 000 small entries: under every limit, so it loads (and then fails
    // validation as a catalog, all the same).
    let mut yaml = String::new();
    for i in 0..30_000 {
        yaml.push_str(&format!("k{i}: v\n"));
    }
    let start = Instant::now();
    let loaded = hasp_errors_codegen::load::load_bytes(Path::new("wide.yaml"), yaml.as_bytes());
    eprintln!("30k keys: loaded in {:?}", start.elapsed());
    assert!(loaded.is_ok());
}

// --- limits set by the caller ---------------------------------------------------

#[test]
fn every_limit_at_zero_refuses_with_one_diagnostic() {
    let yaml = synthetic::catalog(3).into_bytes();
    let zero = Limits::default();
    let cases = [
        ("max_file_bytes", zero.max_file_bytes(0)),
        ("max_depth", zero.max_depth(0)),
        ("max_nodes", zero.max_nodes(0)),
        ("max_scalar_bytes", zero.max_scalar_bytes(0)),
        ("max_text_bytes", zero.max_text_bytes(0)),
    ];
    for (limit, limits) in cases {
        let d = rejected_with(limit, yaml.clone(), limits);
        names_the_limit(&d, limit);
        assert!(!d.render().is_empty());
    }
    // No alias, nothing copied: a budget of 0 copies is no obstacle...
    assert!(parse_catalog_with("z.yaml", &yaml, &zero.max_alias_nodes(0)).is_ok());
    // ...until there is an alias.
    let d = rejected_with(
        "alias",
        b"a: &a x\nb: *a\n".to_vec(),
        zero.max_alias_nodes(0),
    );
    names_the_limit(&d, "max_alias_nodes");
    // An empty file is empty whatever the limits.
    let d = parse_catalog_with("z.yaml", b"", &zero.max_file_bytes(0)).expect_err("empty");
    assert!(d.items()[0].message.starts_with("catalog is empty"), "{d}");
}

#[test]
fn limits_are_inclusive() {
    let yaml = synthetic::catalog(5).into_bytes();
    let exact = Limits::default().max_file_bytes(yaml.len());
    assert!(parse_catalog_with("s.yaml", &yaml, &exact).is_ok());
    let under = Limits::default().max_file_bytes(yaml.len() - 1);
    let d = rejected_with("one byte over", yaml, under);
    names_the_limit(&d, "max_file_bytes");
}

#[test]
fn builder_applies_its_limits() {
    let dir = std::env::temp_dir().join(format!("hasp-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let catalog = dir.join("errors.yaml");
    std::fs::write(&catalog, synthetic::catalog(50)).expect("write catalog");
    let builder = hasp_errors_codegen::Builder::new()
        .catalog(&catalog)
        .out_dir(&dir)
        .emit_rerun_if_changed(false);
    let tight = builder.clone().limits(Limits::default().max_nodes(100));
    let err = tight.generate().expect_err("over max_nodes");
    let shown = err.to_string();
    assert!(
        shown.contains("`Limits::max_nodes` through `Builder::limits`"),
        "{shown}"
    );
    let generated = builder.generate();
    let _ = std::fs::remove_dir_all(&dir);
    generated.expect("the default limits admit 50 codes");
}

// --- a large catalog ------------------------------------------------------------

#[test]
fn synthetic_catalogs_are_valid_and_cover_the_schema() {
    for n in [1, 7, 13, 100, 1000] {
        let yaml = synthetic::catalog(n);
        let catalog = match parse_catalog("synthetic.yaml", yaml.as_bytes()) {
            Ok(c) => c,
            Err(d) => panic!("{n} codes:\n{d}"),
        };
        assert_eq!(catalog.codes.len(), n);
        assert_eq!(catalog.types.len(), synthetic::type_count(n));
        assert_eq!(catalog.tombstones.len(), n / 20);
        assert_eq!(synthetic::catalog(n), yaml, "deterministic");
        if n >= 100 {
            let fields: Vec<FieldType> = catalog
                .codes
                .iter()
                .flat_map(|c| c.details.iter().map(|f| f.ty))
                .collect();
            for ty in FieldType::ALL {
                assert!(fields.contains(ty), "{n} codes: no {ty} field");
            }
            let retries: Vec<&Retry> = catalog.codes.iter().map(|c| &c.retry).collect();
            for retry in [
                Retry::Never,
                Retry::Backoff,
                Retry::AfterDelay {
                    field: "wait_seconds".to_owned(),
                },
                Retry::AfterAction { field: None },
                Retry::AfterAction {
                    field: Some("resets_at".to_owned()),
                },
            ] {
                assert!(retries.contains(&&retry), "{n} codes: no {retry:?}");
            }
            assert!(
                catalog
                    .codes
                    .iter()
                    .any(|c| c.description.lines().count() >= 3)
            );
            assert!(catalog.codes.iter().any(|c| c.notes.len() >= 2));
        }
    }
}

#[test]
fn default_limits_admit_ten_thousand_codes() {
    let yaml = synthetic::catalog(10_000);
    let limits = Limits::default();
    eprintln!("10k codes: {} bytes", yaml.len());
    // Headroom: at least half as big again fits under every limit.
    assert!(
        yaml.len() * 3 / 2 <= limits.max_file_bytes,
        "{} bytes",
        yaml.len()
    );
    let start = Instant::now();
    let catalog = match parse_catalog("synthetic.yaml", yaml.as_bytes()) {
        Ok(c) => c,
        Err(d) => panic!("{}", d.items()[0].message),
    };
    eprintln!("10k codes: loaded and validated in {:?}", start.elapsed());
    assert_eq!(catalog.codes.len(), 10_000);
    let start = Instant::now();
    let rust = generate_rust(&catalog);
    let markdown = generate_markdown(&catalog);
    eprintln!(
        "10k codes: {} bytes of Rust and {} of markdown in {:?}",
        rust.len(),
        markdown.len(),
        start.elapsed()
    );
    // The node count with headroom, too.
    let tree = hasp_errors_codegen::load::load_str(Path::new("s.yaml"), yaml).expect("loads");
    let nodes = count(&tree.root);
    eprintln!("10k codes: {nodes} nodes");
    assert!(nodes * 2 <= limits.max_nodes, "{nodes} nodes");
}

fn count(node: &hasp_errors_codegen::load::Node) -> usize {
    use hasp_errors_codegen::load::Value;
    match &node.value {
        Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
    }
}

#[test]
fn one_error_deep_in_a_large_catalog_is_located_and_shown_quickly() {
    let mut yaml = synthetic::catalog(10_000);
    let at = yaml
        .rfind("    retry: never\n")
        .expect("a code that never retries");
    let line = yaml[..at].matches('\n').count() + 1;
    yaml.replace_range(at..at + "    retry: never".len(), "    retry: nevr");
    let start = Instant::now();
    let d = parse_catalog("synthetic.yaml", yaml.as_bytes()).expect_err("a typo");
    let rendered = d.render();
    let elapsed = start.elapsed();
    eprintln!("10k codes, one error: found and rendered in {elapsed:?}");
    assert_eq!(d.items().len(), 1, "{rendered}");
    let item = &d.items()[0];
    assert_eq!((item.span.line, item.span.col), (line, 12), "{rendered}");
    assert!(
        rendered.contains(&format!("synthetic.yaml:{line}:12: error: code `")),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `never`?"), "{rendered}");
    assert!(elapsed < QUICK * 6, "{elapsed:?}");
}

#[test]
fn many_errors_in_a_large_catalog_are_capped_and_shown_in_linear_time() {
    // Every code misspells a key: 20,000 problems (the unknown key, the
    // missing one) spread over 8 MB. The first thousand are reported, and
    // one more says how many were left out.
    let yaml = synthetic::catalog(10_000).replace("    summary:", "    sumary:");
    let start = Instant::now();
    let d = parse_catalog("synthetic.yaml", yaml.as_bytes()).expect_err("typos");
    let found = start.elapsed();
    let start = Instant::now();
    let rendered = d.render();
    let shown = start.elapsed();
    eprintln!("10k codes, 20k errors: found in {found:?}, rendered in {shown:?}");
    assert_eq!(d.items().len(), MAX_REPORTED + 1);
    let first: Vec<&str> = d.items()[..2].iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        first,
        [
            "code `ACCOUNT_INVALID_0`: missing required key `summary`",
            "code `ACCOUNT_INVALID_0`: unknown key `sumary`",
        ]
    );
    let last = d.items().last().expect("problems");
    assert_eq!(
        last.message,
        format!(
            "19000 more problems not shown (only the first {MAX_REPORTED} in the file are reported)"
        )
    );
    assert_eq!(
        (last.span.line, last.span.col),
        (
            yaml.lines().count(),
            yaml.lines().last().map_or(0, |l| l.chars().count()) + 1
        ),
        "at the end of the file"
    );
    let headline = d.headline(last);
    let at = rendered.find(&headline).expect("shown");
    assert!(
        !rendered[at + headline.len()..].contains("error:"),
        "shown last"
    );
    // Rendering each problem by scanning the file from its start took
    // minutes here (before the cap, for 20,000 problems).
    assert!(shown < found * 4 + QUICK, "rendered in {shown:?}");
}

#[test]
fn duplicate_key_floods_are_capped() {
    // A million-line file of one key: the loader reports the first
    // thousand duplicates, then how many more.
    // The catalog's own problems (the unknown key, the four missing ones)
    // come first, at the top of the file.
    let yaml = "a: 1\n".repeat(200_000);
    let d = rejected_all("200k duplicate keys", yaml.into_bytes());
    assert_eq!(d.items().len(), MAX_REPORTED + 1);
    assert!(d.items()[0].message.contains("unknown key `a`"));
    assert!(d.items()[5].message.contains("duplicate key `a`"));
    assert!(
        d.items()[MAX_REPORTED]
            .message
            .starts_with("199004 more problems not shown")
    );

    // What stops the loader is reported past the cap: here, an alias bomb
    // after the duplicates.
    let yaml = "a: 1\n".repeat(2_000) + &alias_bomb(10).replace("a0:", "b0:");
    let d = rejected_all("duplicates, then a bomb", yaml.into_bytes());
    assert_eq!(d.items().len(), MAX_REPORTED + 2);
    let messages: Vec<&str> = d.items().iter().map(|i| i.message.as_str()).collect();
    assert!(messages[MAX_REPORTED].starts_with("anchors and aliases copy too much data"));
    assert!(messages[MAX_REPORTED + 1].starts_with("999 more problems not shown"));
}
