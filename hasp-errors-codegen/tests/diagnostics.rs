//! Every catalog rule, one test each: the catalog is rejected, and the
//! rendered message (`PATH:LINE:COL: error: MESSAGE` plus a snippet with a
//! caret) is snapshotted. A few tests also assert lines and columns
//! explicitly, so a snapshot accepted by mistake cannot hide a wrong
//! location.

use hasp_errors_codegen::{Diagnostics, load_catalog, parse_catalog};

/// The `version` and `page` every inline catalog starts with (lines 1–7).
const HEAD: &str = "\
version: 1.0.0
page:
  title: T
  intro: I
  envelope: E
  streaming: S
  field_types: F
";

/// A valid type and code, for tests that need something around the fault.
const VALID: &str = "\
types:
  rate_limited:
    status: 429
    description: Too many requests.
codes:
  RATE_LIMITED:
    type: rate_limited
    summary: Slow down.
    description: Too many requests.
    retry:
      after_delay: retry_after_seconds
    details:
      retry_after_seconds:
        type: duration_seconds
        required: true
        description: Seconds to wait.
tombstones: {}
";

/// Parses `yaml` as `fixture.yaml` and returns its problems.
fn errors(yaml: &str) -> Diagnostics {
    errors_bytes(yaml.as_bytes())
}

fn errors_bytes(bytes: &[u8]) -> Diagnostics {
    match parse_catalog("fixture.yaml", bytes) {
        Ok(_) => panic!("the catalog must be rejected"),
        Err(d) => {
            assert!(!d.items().is_empty(), "an error must carry a diagnostic");
            d
        }
    }
}

/// The rendered problems; also checks each starts with its headline.
fn render(yaml: &str) -> String {
    let d = errors(yaml);
    let rendered = d.render();
    for item in d.items() {
        let headline = d.headline(item);
        assert!(headline.starts_with("fixture.yaml:"), "{headline}");
        assert!(rendered.contains(&headline), "{rendered}");
    }
    rendered
}

/// `(line, column, message)` of every problem, in order.
fn located(yaml: &str) -> Vec<(usize, usize, String)> {
    errors(yaml)
        .items()
        .iter()
        .map(|d| (d.span.line, d.span.col, d.message.clone()))
        .collect()
}

fn with(types: &str, codes: &str) -> String {
    format!("{HEAD}types:\n{types}codes:\n{codes}tombstones: {{}}\n")
}

#[test]
fn the_base_catalog_is_valid() {
    // Guards every test below: each fault is the only thing wrong.
    let catalog = parse_catalog("fixture.yaml", format!("{HEAD}{VALID}").as_bytes());
    assert!(catalog.is_ok(), "{}", catalog.unwrap_err());
}

// --- files and YAML ---------------------------------------------------------

#[test]
fn yaml_syntax_error() {
    let yaml = format!("{HEAD}types: [unclosed, list\ncodes: {{}}\n");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn yaml_syntax_error_bad_indentation() {
    let yaml = format!("{HEAD}types:\n  a:\n    status: 400\n   description: x\n");
    assert_eq!(the_one_problem(&yaml).0, 11);
    insta::assert_snapshot!(render(&yaml));
}

/// Where the one problem of `yaml` is, `(line, column)`, with its message.
fn the_one_problem(yaml: &str) -> (usize, usize, String) {
    let found = located(yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn a_tab_is_reported_where_it_is() {
    // The YAML parser reports where its scan started (a scalar a line
    // before the tab, or the text after it): the diagnostic points at the
    // tab itself. `(text after HEAD, line, column, the parser's message)`.
    let cases = [
        // At the start of a line.
        (
            "types:\n\ta:\n",
            9,
            1,
            "tabs disallowed within this context",
        ),
        // After spaces, in the line after a plain scalar.
        (
            "types:\n  a:\n    status: 400\n  \tdescription: x\n",
            11,
            3,
            "while scanning a plain scalar, found a tab",
        ),
        // ... whose own line has a tab as text.
        (
            "types:\n  a:\n    status: 4\t00\n\t  description: x\n",
            11,
            1,
            "while scanning a plain scalar, found a tab",
        ),
        // ... past text that is not ASCII (offsets count characters).
        (
            "types:\n  a:\n    description: über – ok\n\t  status: 400\n",
            11,
            1,
            "while scanning a plain scalar, found a tab",
        ),
        // Lines after a plain scalar that goes on.
        (
            "types:\n  a:\n    description: x\n      y\n      z\n\t  status: 400\n",
            13,
            1,
            "while scanning a plain scalar, found a tab",
        ),
        // Not a tab the scanner allows: one past the scalar's indentation
        // column, or on a line holding nothing else.
        (
            "types:\n  a:\n    description: x\n         \ty\n      z\n  \tw\n",
            13,
            3,
            "while scanning a plain scalar, found a tab",
        ),
        (
            "types:\n  a:\n    description: x\n  \t\n \t \n  \ty\n",
            13,
            3,
            "while scanning a plain scalar, found a tab",
        ),
        // A scalar that is a sequence entry, or a key's in one.
        (
            "types:\n  a:\n    description: x\n    status: 400\n    tags:\n    - x\n     \ty\n\t z\n",
            15,
            1,
            "while scanning a plain scalar, found a tab",
        ),
        // ... the entry's value with an anchor or a tag before it.
        (
            "types:\n  a:\n    description: x\n    status: 400\n    tags:\n    - &x y\n       \tz\n\t w\n",
            15,
            1,
            "while scanning a plain scalar, found a tab",
        ),
        (
            "types:\n  a:\n    description: x\n    status: 400\n    tags:\n    - !!str y\n       \tz\n  \t w\n",
            15,
            3,
            "while scanning a plain scalar, found a tab",
        ),
        // ... an entry's anchor, then a key: the anchor's column.
        (
            "types:\n  a:\n    tags:\n    - &x key: v\n         \tw\n \tz\n",
            13,
            2,
            "while scanning a plain scalar, found a tab",
        ),
        (
            "types:\n  a:\n    tags:\n    - &x\tkey: v\n      \tw\n \tz\n",
            12,
            7,
            "while scanning a plain scalar, found a tab",
        ),
        // In a flow mapping, and a flow sequence after the tab.
        (
            "types:\n  a: {status: 400,\n\tdescription: x}\n",
            10,
            1,
            "tabs disallowed within this context",
        ),
        (
            "types:\n  a: [x,\n\t y]\n",
            10,
            1,
            "tabs disallowed within this context",
        ),
        // In a block scalar: its first line, and a later one.
        (
            "types:\n  a:\n    description: |\n\tx\n",
            11,
            1,
            "a block scalar content cannot start with a tab",
        ),
        (
            "types:\n  a:\n    description: |\n      x\n\ty\n",
            12,
            1,
            "tabs disallowed within this context",
        ),
        // In a quoted scalar's indentation (the parser is right already).
        (
            "types:\n  a:\n    description: \"x\n\ty\"\n",
            11,
            1,
            "tab cannot be used as indentation",
        ),
    ];
    for (body, line, col, message) in cases {
        for eol in ["\n", "\r\n"] {
            let yaml = format!("{HEAD}{body}").replace('\n', eol);
            let (l, c, m) = the_one_problem(&yaml);
            assert_eq!((l, c), (line, col), "{body:?} ({eol:?}): {m}");
            assert!(m.contains(message), "{body:?}: {m}");
            // The character at that line and column is the tab.
            let text_line = yaml.split(eol).nth(line - 1).unwrap();
            assert_eq!(text_line.chars().nth(col - 1), Some('\t'), "{body:?}");
        }
    }
    // The reviewer's case: a deprecation's `note` indented with a tab.
    let yaml = format!(
        "{HEAD}types:\n  a:\n    status: 400\n    description: x\ncodes:\n  A:\n    type: a\n    summary: A.\n    description: A.\n    retry: never\n    deprecated:\n      since: 1.0.0\n      on: 2026-01-01\n\t    note: Gone.\ntombstones: {{}}\n"
    );
    assert_eq!(the_one_problem(&yaml).0, 21);
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn a_tab_where_yaml_wants_a_space_is_pointed_at_and_named() {
    // After `:` or `-`, tabs alone: the parser points at the text after
    // them and does not say why.
    for (body, line, col, width) in [
        ("types:\n  a:\n    status:\t400\n", 10, 12, 1),
        ("types:\n  a:\n    status:\t\t400\n", 10, 12, 2),
        (
            "types:\n  a:\n    description: x\n    status: 400\n    tags:\n    -\t- x\n",
            13,
            6,
            1,
        ),
    ] {
        for eol in ["\n", "\r\n"] {
            let yaml = format!("{HEAD}{body}").replace('\n', eol);
            let d = errors(&yaml);
            let item = &d.items()[0];
            let (l, c) = (item.span.line, item.span.col);
            assert_eq!((l, c), (line, col), "{body:?} ({eol:?}): {}", d.render());
            assert!(item.message.contains("found a tab"), "{}", item.message);
            let text_line = yaml.split(eol).nth(line - 1).unwrap();
            let pointed: String = text_line.chars().skip(col - 1).take(width).collect();
            assert_eq!(pointed, "\t".repeat(width), "{body:?}");
        }
    }
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(render(""));
}

#[test]
fn file_of_blank_lines_and_comments_is_empty() {
    let rendered = render("\n# nothing but a comment\n   \n");
    assert!(rendered.contains("catalog is empty"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn document_that_is_not_a_mapping() {
    insta::assert_snapshot!(render("- just\n- a list\n"));
}

#[test]
fn not_utf8() {
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"types:\n  caf\xe9: {}\n");
    let d = errors_bytes(&bytes);
    assert_eq!((d.items()[0].span.line, d.items()[0].span.col), (9, 6));
    insta::assert_snapshot!(d.render());
}

#[test]
fn unreadable_path() {
    let d = match load_catalog("/nonexistent/dir/errors.yaml") {
        Ok(_) => panic!("a missing file must be an error"),
        Err(d) => d,
    };
    insta::assert_snapshot!(d.render());
}

#[test]
fn directory_instead_of_file() {
    let dir = std::env::temp_dir();
    let d = match load_catalog(&dir) {
        Ok(_) => panic!("a directory must be an error"),
        Err(d) => d,
    };
    let rendered = d.render();
    assert!(rendered.contains("cannot read catalog"), "{rendered}");
}

#[test]
fn several_documents() {
    let yaml = format!("{HEAD}{VALID}---\nversion: 2.0.0\n");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn yaml_tags_are_refused() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("status: 429", "status: !!int 429")
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn alias_to_unknown_anchor() {
    let yaml = format!("{HEAD}{}", VALID.replace("status: 429", "status: *nowhere"));
    insta::assert_snapshot!(render(&yaml));
}

// --- duplicates and identifiers ---------------------------------------------

#[test]
fn duplicate_top_level_key() {
    let yaml = format!("{HEAD}version: 2.0.0\n{VALID}");
    let found = located(&yaml);
    assert_eq!(found[0].0, 8, "{found:?}");
    assert_eq!(found[0].1, 1, "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn duplicate_key_inside_a_details_field() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "        required: true\n",
            "        required: true\n        type: integer\n"
        )
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    // The second `type`, indented by eight spaces.
    assert_eq!((found[0].0, found[0].1), (23, 9), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn duplicate_code() {
    let codes = "  \
  RATE_LIMITED:
    type: rate_limited
    summary: A.
    description: A.
    retry: backoff
  RATE_LIMITED:
    type: rate_limited
    summary: B.
    description: B.
    retry: never
";
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    let yaml = with(types, codes);
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (18, 3), "{found:?}");
    let rendered = render(&yaml);
    assert!(rendered.contains("`RATE_LIMITED`"), "{rendered}");
    insta::assert_snapshot!(rendered);
    // Sent again under another type: the second entry's type is still
    // used (by the code the author meant to add), so only the duplicate
    // is reported.
    let types = format!("{types}  bad_request:\n    status: 400\n    description: B.\n");
    let yaml = with(
        &types,
        &codes.replacen("type: rate_limited", "type: bad_request", 1),
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("duplicate code"), "{found:?}");
}

#[test]
fn codes_that_become_the_same_rust_name() {
    // `names::variant` turns both `A_1` and `A1` into `A1`.
    let codes = "  \
  LIMIT_2:
    type: rate_limited
    summary: A.
    description: A.
    retry: backoff
  LIMIT2:
    type: rate_limited
    summary: B.
    description: B.
    retry: never
";
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    insta::assert_snapshot!(render(&with(types, codes)));
}

#[test]
fn types_that_become_the_same_rust_name() {
    let types = "  \
  limit_2:
    status: 429
    description: A.
  limit2:
    status: 429
    description: B.
";
    let codes = "  \
  A:
    type: limit_2
    summary: A.
    description: A.
    retry: backoff
  B:
    type: limit2
    summary: B.
    description: B.
    retry: never
";
    insta::assert_snapshot!(render(&with(types, codes)));
}

#[test]
fn field_named_self_underscore_is_not_snake_case() {
    // `self` becomes the Rust field `self_`, so `self_` itself must be
    // refused or the two would clash.
    let yaml = format!("{HEAD}{}", VALID.replace("retry_after_seconds", "self_"));
    let rendered = render(&yaml);
    assert!(rendered.contains("`self_`"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A code entry of type `ty` with nothing else to it.
fn code_of_type(name: &str, ty: &str) -> String {
    format!("  {name}:\n    type: {ty}\n    summary: A.\n    description: A.\n    retry: never\n")
}

#[test]
fn code_and_type_named_self_are_reserved() {
    // `SELF` and `self` would become the variant `Self`, a keyword.
    let types = "  self:\n    status: 400\n    description: T.\n";
    let codes = code_of_type("SELF", "self");
    let rendered = render(&with(types, &codes));
    assert_eq!(errors(&with(types, &codes)).items().len(), 2, "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn code_named_unhandled_is_reserved() {
    let codes = code_of_type("UNHANDLED", "rate_limited");
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    insta::assert_snapshot!(render(&with(types, &codes)));
}

#[test]
fn codes_and_types_that_become_an_associated_item_are_refused() {
    // `A_L_L` and `T_A_B_L_E` would become the variants `ALL` and `TABLE`,
    // which the runtime's macros read as constants (`Self::ALL`): the
    // generated code would not compile.
    let types = "  a_l_l:\n    status: 400\n    description: T.\n  t_a_b_l_e:\n    status: 404\n    description: T.\n";
    let codes = code_of_type("A_L_L", "a_l_l") + &code_of_type("T_A_B_L_E", "t_a_b_l_e");
    let yaml = with(types, &codes);
    let at: Vec<(usize, usize)> = located(&yaml).iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(at, [(9, 3), (12, 3), (16, 3), (21, 3)]);
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn the_refused_variant_names_are_every_associated_item_of_the_generated_enums() {
    // Every associated item a variant could shadow: the generated enums'
    // own (`impl ErrorType`, `impl ErrorCode`) and those the runtime's
    // macros name through `Self::` or the enum's name.
    let catalog = parse_catalog("fixture.yaml", format!("{HEAD}{VALID}").as_bytes()).unwrap();
    let file = syn::parse_file(&hasp_errors_codegen::generate_rust(&catalog)).unwrap();
    let mut items: Vec<String> = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if imp.trait_.is_some() || !ty.path.is_ident("ErrorType") && !ty.path.is_ident("ErrorCode")
        {
            continue;
        }
        for it in &imp.items {
            match it {
                syn::ImplItem::Const(c) => items.push(c.ident.to_string()),
                syn::ImplItem::Type(t) => items.push(t.ident.to_string()),
                syn::ImplItem::Fn(f) => items.push(f.sig.ident.to_string()),
                _ => {}
            }
        }
    }
    assert!(items.iter().any(|i| i == "TABLE"), "{items:?}");
    let runtime = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../hasp-errors/src/tables.rs"),
    )
    .unwrap();
    // The macros that implement the generated enums, to the tests.
    let start = runtime.find("macro_rules!").unwrap();
    let end = runtime.find("#[cfg(test)]").unwrap_or(runtime.len());
    let macros = &runtime[start..end];
    for prefix in ["Self::", "$code::", "$ty::"] {
        for (i, _) in macros.match_indices(prefix) {
            let rest = &macros[i + prefix.len()..];
            let end = rest
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .unwrap_or(rest.len());
            items.push(rest[..end].to_owned());
        }
    }
    // A variant name starts with an uppercase letter; `Unhandled` is the
    // variant kept for unknown codes, refused on its own.
    let mut could_clash: Vec<String> = items
        .into_iter()
        .filter(|i| i.starts_with(|c: char| c.is_ascii_uppercase()))
        .filter(|i| i != hasp_errors_codegen::names::RESERVED_VARIANT)
        .collect();
    could_clash.sort();
    could_clash.dedup();
    let mut listed: Vec<&str> = hasp_errors_codegen::names::ASSOCIATED_ITEMS.to_vec();
    listed.sort_unstable();
    assert_eq!(could_clash, listed);
    for name in listed {
        assert!(
            hasp_errors_codegen::names::refused_variant(name).is_some(),
            "{name}"
        );
    }
}

// --- unknown and missing keys -----------------------------------------------

#[test]
fn unknown_key_suggests_the_right_one() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "    summary: Slow down.\n",
            "    summary: Slow down.\n    retriable: true\n"
        )
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (16, 5), "{found:?}");
    let rendered = render(&yaml);
    assert!(rendered.contains("did you mean `retry`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_key_in_a_details_field() {
    let yaml = format!("{HEAD}{}", VALID.replace("required: true", "requird: true"));
    let rendered = render(&yaml);
    assert!(rendered.contains("did you mean `required`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_top_level_key_without_a_close_match() {
    let yaml = format!("{HEAD}{VALID}zzz: 1\n");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn missing_required_keys() {
    let codes = "  \
  RATE_LIMITED:
    type: rate_limited
    description: A.
";
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    insta::assert_snapshot!(render(&with(types, codes)));
}

// --- names ---------------------------------------------------------------

#[test]
fn code_not_screaming_snake_case() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("  RATE_LIMITED:", "  RateLimited:")
    );
    let found = located(&yaml);
    assert_eq!((found[0].0, found[0].1), (13, 3), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn code_longer_than_63_characters() {
    let long = format!("A{}", "_B".repeat(31)); // 63 characters: fine
    assert_eq!(long.len(), 63);
    let ok = format!(
        "{HEAD}{}",
        VALID.replace("  RATE_LIMITED:", &format!("  {long}:"))
    );
    assert!(parse_catalog("fixture.yaml", ok.as_bytes()).is_ok());
    let too_long = format!("{long}C");
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("  RATE_LIMITED:", &format!("  {too_long}:"))
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn type_not_snake_case() {
    let yaml = format!("{HEAD}{}", VALID.replace("rate_limited", "Rate-Limited"));
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn field_not_snake_case() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("retry_after_seconds", "retryAfterSeconds")
    );
    let rendered = render(&yaml);
    assert!(rendered.contains("`retryAfterSeconds`"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

// --- statuses and types ---------------------------------------------------

#[test]
fn status_not_an_error_status() {
    let yaml = format!("{HEAD}{}", VALID.replace("status: 429", "status: 302"));
    let found = located(&yaml);
    assert_eq!((found[0].0, found[0].1), (10, 13), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn status_not_a_number() {
    let yaml = format!("{HEAD}{}", VALID.replace("status: 429", "status: \"429\""));
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn status_out_of_range() {
    let yaml = format!("{HEAD}{}", VALID.replace("status: 429", "status: 600"));
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn code_type_not_declared() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("    type: rate_limited", "    type: rate_limitd")
    );
    let rendered = render(&yaml);
    assert!(
        rendered.contains("did you mean `rate_limited`?"),
        "{rendered}"
    );
    // The declared type is then unused: reported too.
    insta::assert_snapshot!(rendered);
}

#[test]
fn code_status_differs_from_its_type() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "    type: rate_limited\n",
            "    type: rate_limited\n    status: 503\n"
        )
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn code_status_equal_to_its_type_is_accepted() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "    type: rate_limited\n",
            "    type: rate_limited\n    status: 429\n"
        )
    );
    assert!(parse_catalog("fixture.yaml", yaml.as_bytes()).is_ok());
}

#[test]
fn declared_type_without_code() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "codes:\n",
            "  gone:\n    status: 410\n    description: Gone.\ncodes:\n"
        )
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (12, 3), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

// --- fields and retry -----------------------------------------------------

#[test]
fn unknown_field_type() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("type: duration_seconds", "type: duration")
    );
    let rendered = render(&yaml);
    assert!(
        rendered.contains("did you mean `duration_seconds`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn retry_points_at_a_missing_field() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "after_delay: retry_after_seconds",
            "after_delay: retry_after_secs"
        )
    );
    let found = located(&yaml);
    assert_eq!((found[0].0, found[0].1), (18, 20), "{found:?}");
    let rendered = render(&yaml);
    assert!(
        rendered.contains("did you mean `retry_after_seconds`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn retry_points_at_a_field_of_the_wrong_type() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("type: duration_seconds", "type: string")
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn after_delay_needs_a_duration_not_a_timestamp() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("type: duration_seconds", "type: timestamp")
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn after_action_needs_a_timestamp_not_a_duration() {
    let yaml = format!("{HEAD}{}", VALID.replace("after_delay:", "after_action:"));
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn unknown_retry_kind() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "    retry:\n      after_delay: retry_after_seconds\n",
            "    retry: backof\n"
        )
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn after_delay_without_a_field() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "    retry:\n      after_delay: retry_after_seconds\n",
            "    retry: after_delay\n"
        )
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn empty_description() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "description: Too many requests.\ncodes",
            "description: \"\"\ncodes"
        )
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn empty_descriptions_everywhere() {
    let yaml = format!(
        "{HEAD}{}",
        VALID
            .replace("description: Too many requests.", "description: \"  \"")
            .replace("description: Seconds to wait.", "description:")
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 3, "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn multi_line_summary() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("summary: Slow down.", "summary: |\n      Slow\n      down.")
    );
    insta::assert_snapshot!(render(&yaml));
}

// --- tombstones -----------------------------------------------------------

#[test]
fn reusing_a_tombstoned_code() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "tombstones: {}",
            "tombstones:\n  RATE_LIMITED:\n    removed_in: 1.0.0\n    reason: Split in two."
        )
    );
    let rendered = render(&yaml);
    assert!(rendered.contains("`RATE_LIMITED`"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A code that could not be read (here, not a mapping) still may not take
/// a tombstoned name, in a catalog with many codes and tombstones, and
/// whichever of the two comes first in the file.
#[test]
fn reusing_a_tombstoned_code_that_could_not_be_read() {
    let tombstones: String = (0..40)
        .map(|i| format!("  OLD_{i}:\n    removed_in: 1.0.0\n    reason: Gone.\n"))
        .collect();
    let broken = "  OLD_7: not a mapping\n  OLD_31: [1]\n";
    for yaml in [
        format!(
            "{HEAD}{}",
            VALID
                .replace("codes:\n", &format!("codes:\n{broken}"))
                .replace("tombstones: {}\n", &format!("tombstones:\n{tombstones}"))
        ),
        format!(
            "{HEAD}tombstones:\n{tombstones}{}",
            VALID
                .replace("codes:\n", &format!("codes:\n{broken}"))
                .replace("tombstones: {}\n", "")
        ),
    ] {
        let reused: Vec<String> = located(&yaml)
            .into_iter()
            .filter(|(_, _, m)| m.contains("may never be reused"))
            .map(|(_, _, m)| m)
            .collect();
        assert_eq!(reused.len(), 2, "{reused:?}");
        assert!(reused[0].contains("`OLD_7`"), "{reused:?}");
        assert!(reused[1].contains("`OLD_31`"), "{reused:?}");
    }
}

#[test]
fn tombstone_is_allowed_when_not_reused() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "tombstones: {}",
            "tombstones:\n  OLD_LIMIT:\n    removed_in: 1.0.0\n    reason: Split in two."
        )
    );
    assert!(parse_catalog("fixture.yaml", yaml.as_bytes()).is_ok());
}

#[test]
fn tombstone_name_must_be_a_code() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "tombstones: {}",
            "tombstones:\n  \"old` <b>code\":\n    removed_in: 1.0.0\n    reason: Gone."
        )
    );
    let rendered = render(&yaml);
    assert!(rendered.contains("SCREAMING_SNAKE_CASE"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

// --- versions and deprecations -------------------------------------------------

/// `VALID` with `deprecated:` (indented for a code) added to `RATE_LIMITED`.
fn deprecated_code(body: &str) -> String {
    let block: String = body.lines().map(|l| format!("      {l}\n")).collect();
    format!(
        "{HEAD}{}",
        VALID.replace(
            "    retry:\n      after_delay",
            &format!("    deprecated:\n{block}    retry:\n      after_delay")
        )
    )
}

#[test]
fn version_must_be_semver() {
    let yaml = HEAD.replace("version: 1.0.0", "version: 1") + VALID;
    let found = located(&yaml);
    assert_eq!((found[0].0, found[0].1), (1, 10), "{found:?}");
    let rendered = render(&yaml);
    assert!(rendered.contains("write `1.0.0`"), "{rendered}");
    insta::assert_snapshot!(rendered);
    for bad in ["1.0", "01.0.0", "1.0.0-rc.1", "v1.0.0", "\"\""] {
        let yaml = HEAD.replace("version: 1.0.0", &format!("version: {bad}")) + VALID;
        assert_eq!(located(&yaml)[0].0, 1, "{bad}");
    }
}

#[test]
fn tombstone_removed_in_must_be_semver_and_not_later_than_the_catalog() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "tombstones: {}",
            "tombstones:\n  OLD_LIMIT:\n    removed_in: 2\n    reason: Gone.\n  OLDER:\n    removed_in: 1.1.0\n    reason: Gone."
        )
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[1]
            .2
            .contains("later than the catalog's version 1.0.0"),
        "{found:?}"
    );
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn a_deprecation_is_valid_with_its_required_keys() {
    let yaml = deprecated_code("since: 1.0.0\non: 2026-01-15\nnote: Going away.");
    let catalog = parse_catalog("fixture.yaml", yaml.as_bytes()).unwrap();
    let d = catalog.codes[0].deprecated.as_ref().unwrap();
    assert_eq!(d.on.to_string(), "2026-01-15");
    assert_eq!(d.earliest_removal(0).to_string(), "2026-01-15");
    assert_eq!(d.earliest_removal(90).to_string(), "2026-04-15");
}

#[test]
fn deprecation_keys_and_values_are_checked() {
    let yaml =
        deprecated_code("since: 2.0.0\non: 2026-02-30\nsunset: soon\nreplacement: RATE_LIMITED");
    let found = located(&yaml);
    let messages: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(found.len(), 4, "{messages:#?}");
    insta::assert_snapshot!(render(&yaml));
    // With the rest valid, the replacement is checked too.
    let yaml = deprecated_code("since: 1.0.0\non: 2026-01-15\nnote: x\nreplacement: RATE_LIMITED");
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].2.contains("a code cannot replace itself"),
        "{found:?}"
    );
}

#[test]
fn sunset_must_give_the_notice_period() {
    let yaml =
        deprecated_code("since: 1.0.0\non: 2026-01-15\nnote: Going away.\nsunset: 2026-03-01")
            .replace(
                "version: 1.0.0\n",
                "version: 1.0.0\ndeprecation_notice_days: 90\n",
            );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].2.contains("the earliest sunset is 2026-04-15"),
        "{found:?}"
    );
    insta::assert_snapshot!(render(&yaml));
    let ok = yaml.replace("sunset: 2026-03-01", "sunset: 2026-04-15");
    assert!(parse_catalog("fixture.yaml", ok.as_bytes()).is_ok());
}

#[test]
fn replacement_must_be_another_current_code() {
    let yaml = deprecated_code(
        "since: 1.0.0\non: 2026-01-15\nnote: Going away.\nreplacement: RATE_LIMITD",
    );
    let rendered = render(&yaml);
    assert!(
        rendered.contains("did you mean `RATE_LIMITED`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn a_field_deprecation_takes_no_replacement() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "        description: Seconds to wait.\n",
            "        description: Seconds to wait.\n        deprecated:\n          since: 1.0.0\n          on: 2026-01-15\n          note: Use the header.\n          replacement: RATE_LIMITED\n"
        )
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].2.contains("unknown key `replacement`"),
        "{found:?}"
    );
}

// --- everything at once ------------------------------------------------------

#[test]
fn several_problems_are_all_reported_in_source_order() {
    let yaml = format!(
        "{HEAD}{}",
        VALID
            .replace("status: 429", "status: 299")
            .replace("    summary: Slow down.\n", "    summary: Slow down.\n    retriable: true\n")
            .replace("type: duration_seconds", "type: seconds")
            .replace("description: Seconds to wait.", "description: \"\"")
            .replace(
                "tombstones: {}",
                "  bad-code:\n    type: nope\n    summary: x\n    description: x\n    retry: never\ntombstones: {}"
            )
    );
    let d = errors(&yaml);
    let lines: Vec<usize> = d.items().iter().map(|i| i.span.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "source order");
    let rendered = d.render();
    // Each names what it is about.
    for needle in [
        "type `rate_limited`",
        "code `RATE_LIMITED`: unknown key `retriable`",
        "details field `retry_after_seconds`: unknown field type `seconds`",
        "details field `retry_after_seconds`: `description` must not be empty",
        "code `bad-code`",
        "type `nope` is not declared",
    ] {
        assert!(
            rendered.contains(needle),
            "missing {needle:?} in:\n{rendered}"
        );
    }
    assert!(d.items().len() >= 6, "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn caret_is_placed_by_characters_after_non_ascii_text() {
    // `é` and an emoji before the fault on the same line must not shift it.
    let line = "  rate_limited: {description: \"Café 🚦\", status: 302}";
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace(
            "  rate_limited:\n    status: 429\n    description: Too many requests.\n",
            &format!("{line}\n")
        )
    );
    let found = located(&yaml);
    let col = line.chars().position(|c| c == '3').map(|i| i + 1);
    assert_eq!((found[0].0, Some(found[0].1)), (9, col), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn multi_line_page_title() {
    let yaml = format!("{HEAD}{VALID}").replace("  title: T\n", "  title: |\n    T\n    U\n");
    insta::assert_snapshot!(render(&yaml));
}

/// Without snippets (what a build script prints, since it builds the
/// generator without the `snippets` feature): every problem's located
/// line, with its label and related location.
#[test]
fn plain_rendering_keeps_every_location_and_label() {
    let duplicate = format!(
        "{HEAD}types:\n  rate_limited:\n    status: 429\n    description: D\n    description: D2\n"
    );
    let plain = errors(&duplicate).render_plain();
    // The duplicate does not stop the checks: the other problems of the
    // catalog (here, no codes) are reported with it.
    assert_eq!(
        plain,
        "fixture.yaml:1:1: error: catalog: missing required key `codes`\n\
         fixture.yaml:9:3: error: type `rate_limited` is declared but no code uses it\n\
         fixture.yaml:12:5: error: duplicate key `description`\n  help: defined again here\n  \
         note: first defined here at line 11, column 5\n"
    );
    let misspelt = with(
        "",
        "  RATE_LIMITED:\n    type: rate_limited\n    summary: S\n    description: D\n    retriable: never\n",
    );
    let d = errors(&misspelt);
    let plain = d.render_plain();
    for item in d.items() {
        assert!(plain.contains(&d.headline(item)), "{plain}");
    }
    assert!(plain.contains("help: did you mean `retry`?"), "{plain}");
}

// --- the contract settings: docs_url, details_error_code, anchors -----------

#[test]
fn contract_settings_are_read() {
    let yaml = format!(
        "docs_url: https://docs.example.com/errors\ndetails_error_code: false\n{HEAD}{VALID}"
    );
    let catalog = parse_catalog("fixture.yaml", yaml.as_bytes()).unwrap();
    assert_eq!(
        catalog.docs_url.as_deref(),
        Some("https://docs.example.com/errors")
    );
    assert!(!catalog.details_error_code);
    assert_eq!(
        catalog.docs_link(&catalog.codes[0]).as_deref(),
        Some("https://docs.example.com/errors#rate_limited")
    );
    // Both are optional: no links, and the code repeated in details.
    let catalog = parse_catalog("fixture.yaml", format!("{HEAD}{VALID}").as_bytes()).unwrap();
    assert_eq!(catalog.docs_url, None);
    assert!(catalog.details_error_code);
}

#[test]
fn docs_url_must_be_an_absolute_http_url_without_a_fragment() {
    for (url, needle) in [
        ("docs.example.com/errors", "absolute `https://`"),
        ("ftp://docs.example.com/errors", "absolute `https://`"),
        ("https://", "absolute `https://`"),
        ("https:///errors", "absolute `https://`"),
        ("https://docs.example.com/errors#codes", "fragment"),
        ("\"https://docs.example.com/a b\"", "printable ASCII"),
        ("\"https://docs.example.com/<script>\"", "printable ASCII"),
        ("\"https://docs.example.com/\\u00e9\"", "printable ASCII"),
        // What RFC 3986 (and so the OpenAPI links) or the runtime's `Url`
        // would refuse.
        ("https://docs.example.com/errors/100%", "`%`"),
        ("\"http://x.example?%G0\"", "`%`"),
        ("https://a@/errors", "with a host"),
        ("https://:443/errors", "with a host"),
        ("https://x.example:abc/", "port"),
        ("https://x.example:65536/", "port"),
        ("\"https://[::1/\"", "unclosed"),
        ("\"https://[zz]/\"", "IPv6"),
        ("\"https://[::1]x/\"", "after its IPv6 host"),
        ("\"https://x[1]/\"", "outside an IPv6 address"),
        ("\"https://x.example/[a]\"", "outside an IPv6 host"),
        ("\"https://a@b@x.example/\"", "user information"),
    ] {
        let yaml = format!("docs_url: {url}\n{HEAD}{VALID}");
        let found = located(&yaml);
        assert_eq!(found.len(), 1, "{url}: {found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 11), "{url}: {found:?}");
        assert!(found[0].2.contains(needle), "{url}: {found:?}");
    }
    let yaml = format!("docs_url: https://docs.example.com/errors#codes\n{HEAD}{VALID}");
    insta::assert_snapshot!(render(&yaml));
    // And what they take.
    for url in [
        "https://docs.example.com",
        "https://docs.example.com:/errors",
        "https://docs.example.com:8443/errors?v=2&x=%2F",
        "\"http://[::1]:8080/errors\"",
        "https://user:pw@docs.example.com/errors",
    ] {
        let yaml = format!("docs_url: {url}\n{HEAD}{VALID}");
        if let Err(d) = parse_catalog("fixture.yaml", yaml.as_bytes()) {
            panic!("{url}: {}", d.render());
        }
    }
}

#[test]
fn details_error_code_must_be_a_boolean() {
    let yaml = format!("details_error_code: yes\n{HEAD}{VALID}");
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (1, 21), "{found:?}");
    insta::assert_snapshot!(render(&yaml));
}

#[test]
fn a_details_field_named_error_code_is_reserved() {
    let yaml = format!(
        "{HEAD}{}",
        VALID.replace("      retry_after_seconds:\n        type: duration_seconds\n        required: true\n        description: Seconds to wait.\n",
            "      retry_after_seconds:\n        type: duration_seconds\n        required: true\n        description: Seconds to wait.\n      error_code:\n        type: string\n        required: true\n        description: A code.\n")
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (24, 7), "{found:?}");
    let rendered = render(&yaml);
    assert!(rendered.contains("`error_code` is reserved"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn a_code_whose_anchor_is_the_page_titles_is_refused() {
    // `# Rate limited!` would have the id `rate-limited`; `# Rate_limited`
    // has `rate_limited`, the anchor of `RATE_LIMITED`'s section.
    let ok = format!("{HEAD}{VALID}").replace("  title: T\n", "  title: Rate limited!\n");
    assert!(parse_catalog("fixture.yaml", ok.as_bytes()).is_ok());
    let yaml = format!("{HEAD}{VALID}").replace("  title: T\n", "  title: Rate_limited\n");
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (13, 3), "{found:?}");
    // Emphasis can take underscores out of the rendered title
    // (`_Rate_limited_` shows as `Rate_limited`): refused too.
    for title in ["_Rate_limited_", "\"**rate_limited**\"", "Ratelimited"] {
        let yaml = format!("{HEAD}{VALID}").replace("  title: T\n", &format!("  title: {title}\n"));
        assert_eq!(located(&yaml).len(), 1, "{title}");
    }
    insta::assert_snapshot!(render(&yaml));
    // A retired code keeps its heading, and so its anchor: the same holds.
    let retired = format!("{HEAD}{VALID}").replace(
        "tombstones: {}\n",
        "tombstones:\n  OLD_LIMIT:\n    removed_in: 1.0.0\n    reason: Gone.\n",
    );
    assert!(parse_catalog("fixture.yaml", retired.as_bytes()).is_ok());
    let yaml = retired.replace("  title: T\n", "  title: Old limit\n");
    assert!(parse_catalog("fixture.yaml", yaml.as_bytes()).is_ok());
    let yaml = retired.replace("  title: T\n", "  title: Old_limit\n");
    let found = located(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .contains("tombstone `OLD_LIMIT`: its anchor `#old_limit`"),
        "{found:?}"
    );
}

#[test]
fn catalog_text_in_a_message_or_a_snippet_cannot_drive_the_terminal() {
    let code = "  RATE_LIMITED:\n    type: rate_limited\n    summary: S.\n    description: D.\n    retry: never\n";
    let types = "  rate_limited:\n    status: 429\n    description: D.\n";
    // In a message: a key holding an escape sequence, a carriage return,
    // a line that looks like another diagnostic and a bidi override.
    let key = "    \"\\e[2K\\rok\\nfake.yaml:1:1: error: \\u202Eforged\": 1\n";
    // In a snippet: a duplicate key's line, holding the same characters raw.
    let duplicate = "    summary: \"x\u{1b}[31m \u{202e}y\"\n";
    for (extra, shown) in [
        (
            key,
            "U+001B[2KU+000DokU+000Afake.yaml:1:1: error: U+202Eforged",
        ),
        (duplicate, "summary: \"x?[31m ???y\""),
    ] {
        let d = errors(&with(types, &format!("{code}{extra}")));
        for rendered in [d.render(), d.render_plain()] {
            assert!(
                !rendered.contains(['\u{1b}', '\r', '\u{202e}']),
                "{rendered:?}"
            );
            assert!(
                !rendered.lines().any(|l| l.starts_with("fake.yaml")),
                "{rendered}"
            );
        }
        assert!(d.render().contains(shown), "{}", d.render());
    }
}

#[test]
fn the_page_title_is_inert_and_keeps_a_closing_hash() {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/minimal.yaml"
    ))
    .unwrap();
    let title = yaml
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .unwrap();
    let yaml = yaml.replacen(title, "  title: \"Errors \\e[31m \\u202E and C# #\"", 1);
    let catalog = parse_catalog("t.yaml", yaml.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
    let page = hasp_errors_codegen::generate_markdown(&catalog);
    let heading = page.lines().find(|l| l.starts_with("# ")).unwrap();
    assert_eq!(heading, "# Errors U+001B\\[31m U+202E and C# \\#");
}

#[test]
fn a_file_with_lone_cr_line_ends_gets_the_right_line_in_its_snippet() {
    // An unknown key on line 15 of a file whose lines end with `\r` alone.
    let yaml = format!("{HEAD}{VALID}").replacen("    retry:", "    retriable: 1\n    retry:", 1);
    let lf_line = yaml.lines().position(|l| l.contains("retriable")).unwrap() + 1;
    for ends in ["\r", "\r\n"] {
        let text = yaml.replace('\n', ends);
        let d = errors(&text);
        let item = &d.items()[0];
        assert_eq!((item.span.line, item.span.col), (lf_line, 5), "{ends:?}");
        let rendered = d.render();
        let shown: Vec<&str> = rendered
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(shown.len(), 1, "one source line: {rendered}");
        assert!(
            shown[0].starts_with(&format!("{lf_line} |     retriable: 1")),
            "{rendered}"
        );
    }
}

#[test]
fn loader_errors_inside_a_code_name_it() {
    let types = "  rate_limited:\n    status: 429\n    description: D.\n";
    let code = "  RATE_LIMITED:\n    type: rate_limited\n    summary: S.\n    description: D.\n    retry: never\n";
    for (extra, message) in [
        (
            "    notes: !!binary aGk=\n",
            "code `RATE_LIMITED`: YAML tags are not supported in the catalog",
        ),
        (
            "    ? [a, b]\n    : 1\n",
            "code `RATE_LIMITED`: a mapping key must be text, found a list",
        ),
        (
            "    summary: again\n",
            "code `RATE_LIMITED`: duplicate key `summary`",
        ),
    ] {
        let found = located(&with(types, &format!("{code}{extra}")));
        assert!(
            found.iter().any(|(_, _, m)| m == message),
            "{extra:?}: {found:?}"
        );
    }
}

// --- locations the parser gets wrong ----------------------------------------

/// A problem at the end of a file is on its last line, just after its
/// last character, whether or not the file ends with a line break (the
/// parser reads the end of the text as one more line).
#[test]
fn a_problem_at_the_end_of_the_file_is_on_its_last_line() {
    for (yaml, at) in [
        ("version: 1.0.0\npage: {title: x", (2, 16)),
        ("version: 1.0.0\npage: {title: x\n", (2, 16)),
        ("a: b\nc", (2, 2)),
        ("a: b\nc\n\n\n", (2, 2)),
        ("a: b\r\nc\r\n", (2, 2)),
    ] {
        let found = located(yaml);
        assert_eq!((found[0].0, found[0].1), at, "{yaml:?}: {found:?}");
        let rendered = render(yaml);
        assert!(
            rendered.contains(&format!(":{}:{}: error", at.0, at.1)),
            "{rendered}"
        );
    }
    // A document that is only `---`: every missing key at its end.
    for found in located("# c\n---") {
        assert_eq!((found.0, found.1), (2, 4), "{found:?}");
    }
}

/// A catalog whose one code's `description` (on line 16) is written as
/// `description`.
fn code(description: &str) -> String {
    with(
        "  rate_limited:\n    status: 429\n    description: T.\n",
        &format!(
            "  RATE_LIMITED:\n    type: rate_limited\n    summary: S.\n    description: {description}\n    retry: never\n"
        ),
    )
}

/// A block scalar's problem points at its `|` or `>` (or its anchor), not
/// at its first line of text, nor, when it is empty, at the next key.
#[test]
fn a_block_scalar_is_located_at_its_indicator() {
    // The code's `description` is on line 16.
    for (description, at) in [
        ("|", (16, 18)),
        (">-\n\n\n", (16, 18)),
        ("|  # a > b | c\n", (16, 18)),
        ("|2-", (16, 18)),
        ("\n      |", (17, 7)),
        // An anchored one starts at its anchor.
        ("&a |", (16, 18)),
    ] {
        let found = located(&code(description));
        assert_eq!(found.len(), 1, "{description:?}: {found:?}");
        assert_eq!((found[0].0, found[0].1), at, "{description:?}: {found:?}");
        assert!(found[0].2.contains("must not be empty"), "{found:?}");
    }
    // In a list, after text with a `→`, and before a later problem.
    let yaml = code("|\n      Text → more.\n    notes:\n      - |+\n\n    deprecated: 1")
        .replace("    retry: never\n", "");
    let found = located(&yaml);
    let note = found
        .iter()
        .find(|f| f.2.contains("note"))
        .expect("the note");
    assert_eq!((note.0, note.1), (19, 9), "{found:?}");
    // The snippet's caret is under the indicator too.
    let rendered = render(&code("|"));
    assert!(
        rendered.contains("16 |     description: |\n   |                  ^"),
        "{rendered}"
    );
}

/// A bad escape in a double-quoted scalar is pointed at, not the quote
/// that opens the scalar (where the parser reports it).
#[test]
fn a_bad_escape_is_pointed_at() {
    for (description, at) in [
        (
            "\"Text,\n      on lines,\n      a bad \\q escape.\"",
            (18, 13),
        ),
        ("\"caf\u{e9} \\\" \\\\ \\\n      \\x4G\"", (17, 7)),
        ("\"a \\UFFFFFFFF b\"", (16, 21)),
        ("\"\u{2192} \\u00\"", (16, 21)),
        ("\"ok \\ud800 \"", (16, 22)),
    ] {
        let (line, col, message) = the_one_problem(&code(description));
        assert_eq!((line, col), at, "{description:?}: {message}");
        assert!(message.contains("quoted scalar"), "{message}");
    }
}

/// A syntax error, a limit or a tag inside a code names the code, as any
/// other problem there does.
#[test]
fn a_syntax_error_in_a_code_names_the_code() {
    let yaml = with(
        "  rate_limited:\n    status: 429\n    description: T.\n",
        "  RATE_LIMITED:\n    type: rate_limited\n    summary: Slow: down.\n    retry: never\n",
    );
    let (line, col, message) = the_one_problem(&yaml);
    assert_eq!((line, col), (15, 18), "{message}");
    assert!(
        message.starts_with("code `RATE_LIMITED`: invalid YAML: mapping values"),
        "{message}"
    );
    // A problem that stops the reader (a tag), named once.
    let tagged = with(
        "  rate_limited:\n    status: 429\n    description: T.\n",
        "  RATE_LIMITED:\n    type: rate_limited\n    summary: !x S.\n    retry: never\n",
    );
    let (_, _, message) = the_one_problem(&tagged);
    assert_eq!(
        message,
        "code `RATE_LIMITED`: YAML tags are not supported in the catalog"
    );
}

/// A duplicate key (whose first value is kept) does not hide the other
/// problems of the catalog; a syntax error does not hide those of the
/// codes read before it.
#[test]
fn a_duplicate_key_does_not_hide_other_problems() {
    let yaml = format!("{HEAD}{VALID}")
        .replace("version: 1.0.0", "version: 1.0")
        .replace(
            "    retry:\n",
            "    retriable: 1\n    summary: Again.\n    retry:\n",
        );
    let found = located(&yaml);
    let messages: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(messages[0].contains("`version`"), "{messages:?}");
    assert!(
        messages[1].contains("unknown key `retriable`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("duplicate key `summary`"),
        "{messages:?}"
    );
    // A code with a problem, then a syntax error in the next.
    let broken = format!("{HEAD}{VALID}")
        .replace(
            "    summary: Slow down.\n",
            "    summary: Slow down.\n    retriable: 1\n",
        )
        .replace(
            "tombstones: {}\n",
            "  OTHER:\n    summary: [\ntombstones: {}\n",
        );
    let found = located(&broken);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].2.contains("unknown key `retriable`"), "{found:?}");
    // Found where the next top-level key starts, after the code's entry:
    // no code is named.
    assert!(found[1].2.starts_with("invalid YAML"), "{found:?}");
}

/// A byte order mark is neither counted in columns nor shown.
#[test]
fn a_byte_order_mark_is_not_shown() {
    let rendered = errors_bytes(b"\xef\xbb\xbfversion: 1.0\n").render();
    assert!(rendered.contains("1 | version: 1.0\n"), "{rendered}");
    assert!(!rendered.contains('?'), "{rendered}");
}

/// A syntax error names the code it is in with the code's name made inert
/// (no escape sequence reaches the terminal), and does not name a code
/// that ended before it (the scanner reads ahead of the events).
#[test]
fn a_syntax_error_names_only_the_code_it_is_in() {
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    let escaped = with(
        types,
        "  \"A\\e[2J\\u202eX\":\n    type: rate_limited\n    summary: a: b\n",
    );
    let (_, _, message) = the_one_problem(&escaped);
    assert!(
        message.starts_with("code `AU+001B[2JU+202EX`: invalid YAML"),
        "{message}"
    );
    let code = "  RATE_LIMITED:\n    type: rate_limited\n    summary: S.\n    description: D.\n    retry: never\n";
    for after in [
        "  OTHER\n    type: rate_limited\n",
        "  \"B\\q\":\n    type: rate_limited\n",
        "  # a comment\n\n  \"B\\q\": 1\n",
    ] {
        let yaml = with(types, &format!("{code}{after}"));
        // With `\r\n` line ends too.
        for yaml in [yaml.clone(), yaml.replace('\n', "\r\n")] {
            let (_, _, message) = the_one_problem(&yaml);
            assert!(message.starts_with("invalid YAML"), "{after:?}: {message}");
        }
    }
    let top = format!(
        "{}\"tombstones\\q\": {{}}\n",
        with(types, code).replace("tombstones: {}\n", "")
    );
    let (_, _, message) = the_one_problem(&top);
    assert!(message.starts_with("invalid YAML"), "{message}");
    // Still named when the error is in it, on a later line.
    let inside = with(
        types,
        &code.replace(
            "    retry: never\n",
            "    retry: never\n    notes: [a: b: c]\n",
        ),
    );
    let (_, _, message) = the_one_problem(&inside);
    assert!(
        message.starts_with("code `RATE_LIMITED`: invalid YAML"),
        "{message}"
    );
}

/// Locations with a byte order mark, a block scalar opening the document,
/// and a multi-byte character among an escape's digits.
#[test]
fn more_locations_the_parser_gets_wrong() {
    // A block scalar on line 1, with and without a byte order mark.
    let yaml = format!("version: |\n  1.0\n{}", &HEAD["version: 1.0.0\n".len()..]);
    for bom in ["", "\u{feff}"] {
        let found = located(&format!("{bom}{yaml}"));
        let version = found
            .iter()
            .find(|f| f.2.contains("`version`"))
            .expect("version");
        assert_eq!((version.0, version.1), (1, 10), "{bom:?}: {found:?}");
    }
    // At the end of a one-line file with a byte order mark.
    for text in ["\u{feff}page: {title: x", "\u{feff}page: {title: x\n\n"] {
        let found = located(text);
        assert_eq!((found[0].0, found[0].1), (1, 16), "{text:?}: {found:?}");
    }
    // A block scalar that is the whole document.
    for text in ["|\n  text\n", ">\n\n\n  text\n", "--- |\n  text\n"] {
        let found = located(text);
        let col = if text.starts_with("---") { 5 } else { 1 };
        assert_eq!((found[0].0, found[0].1), (1, col), "{text:?}: {found:?}");
    }
    // A bad escape whose digits hold a multi-byte character.
    for description in ["\"ok \\x4\u{e9} done\"", "\"ok \\u00\u{2192} done\""] {
        let (line, col, message) = the_one_problem(&code(description));
        assert_eq!((line, col), (16, 22), "{description:?}: {message}");
    }
}

/// A line indented less than a code's keys but more than its name ends
/// the code's entry for YAML, and then fails to parse: the error names the
/// code, and the keys the entry lacks because of it are not reported (as
/// a tab indenting a code's first line is named too). A code that lacks a
/// key, followed by a syntax error outside it, still has it reported.
#[test]
fn a_code_cut_short_by_a_syntax_error_is_not_missing_keys() {
    let types = "  rate_limited:\n    status: 429\n    description: T.\n";
    let code = "  RATE_LIMITED:\n    type: rate_limited\n    summary: S.\n    description: D.\n    retry: never\n";
    for (broken, bad) in [
        (
            code.replace("    summary: S.\n", "   summary: x\n    summary: S.\n"),
            "   summary: x",
        ),
        (code.replace("    type:", "\ttype:"), "\ttype: rate_limited"),
        (
            code.replace("    description: D.\n", "   description: D.\n"),
            "   description: D.",
        ),
        // A mapping inside the code cut short too: its missing keys, and
        // an empty retry kind, wait as well.
        (
            code.replace(
                "    retry: never\n",
                "    retry:\n      after_delay: wait\n    details:\n      wait:\n        type: duration_seconds\n        description: W.\n   required: true\n",
            ),
            "   required: true",
        ),
        (
            code.replace("    retry: never\n", "    retry:\n   after_delay: x\n"),
            "   after_delay: x",
        ),
    ] {
        for eol in ["\n", "\r\n"] {
            let yaml = with(types, &broken).replace('\n', eol);
            let line = 1 + yaml
                .split(eol)
                .position(|l| l == bad)
                .expect("the bad line");
            let (l, _, message) = the_one_problem(&yaml);
            assert_eq!(l, line, "{broken:?}: {message}");
            assert!(
                message.starts_with("code `RATE_LIMITED`: invalid YAML"),
                "{broken:?}: {message}"
            );
        }
    }
    // Lacking `retry`, then a syntax error in the next code: both
    // reported, each naming its code.
    let lacking = code.replace("    retry: never\n", "");
    let yaml = with(
        types,
        &format!("{lacking}  OTHER:\n    type: rate_limited\n    summary: a: b\n"),
    );
    let found = located(&yaml);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0]
            .2
            .contains("code `RATE_LIMITED`: missing required key `retry`"),
        "{found:?}"
    );
    assert!(
        found[1].2.starts_with("code `OTHER`: invalid YAML"),
        "{found:?}"
    );
}
