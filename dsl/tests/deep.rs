//! Deeply nested or very long expressions are refused with a diagnostic, never by overflowing the
//! stack. Each input is parsed on a thread with the default test-thread stack (2 MiB), and the
//! syntax tree is dropped there too.

use gbvims_dsl::{parse, FileId, ParseErrorKind, MAX_DEPTH};

const STACK: usize = 2 * 1024 * 1024;

/// A standard with one field whose `show_if` is `expr`.
fn file_with(expr: &str) -> String {
    format!(
        "standard s version \"1.0.0\" {{\n  languages: en\n}}\n\nform f in r {{\n  field a: text {{\n    show_if: {expr}\n  }}\n}}\n"
    )
}

/// Parses on a 2 MiB thread and drops the result there; returns the error kinds.
fn parse_small_stack(text: String) -> Vec<ParseErrorKind> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let parsed = parse(FileId(0), &text);
            parsed.errors.into_iter().map(|e| e.kind).collect()
        })
        .unwrap()
        .join()
        .expect("parsing must not overflow the stack")
}

fn too_deep(kinds: &[ParseErrorKind]) -> bool {
    kinds == [ParseErrorKind::TooDeep { limit: MAX_DEPTH }]
}

#[test]
fn nested_parens_at_the_limit_parse() {
    let n = MAX_DEPTH - 8;
    let kinds = parse_small_stack(file_with(&format!(
        "{}x = 1{}",
        "(".repeat(n),
        ")".repeat(n)
    )));
    assert!(kinds.is_empty(), "{kinds:?}");
}

#[test]
fn nested_parens_beyond_the_limit_are_refused() {
    for n in [MAX_DEPTH + 1, 700, 100_000] {
        let kinds = parse_small_stack(file_with(&format!("{}x{}", "(".repeat(n), ")".repeat(n))));
        assert!(too_deep(&kinds), "{n} parens: {kinds:?}");
    }
}

#[test]
fn unclosed_parens_are_refused() {
    let kinds = parse_small_stack(file_with(&"(".repeat(100_000)));
    assert!(
        kinds.contains(&ParseErrorKind::TooDeep { limit: MAX_DEPTH }),
        "{kinds:?}"
    );
}

#[test]
fn nested_case_is_refused() {
    let n = 1_000;
    let expr = format!("{}1{}", "case { when x then ".repeat(n), " }".repeat(n));
    assert!(too_deep(&parse_small_stack(file_with(&expr))));
}

#[test]
fn long_chains_are_refused() {
    for op in [" + ", " or ", " and ", " * "] {
        let terms: Vec<String> = (0..20_000).map(|i| format!("x{i}")).collect();
        let kinds = parse_small_stack(file_with(&terms.join(op)));
        assert!(too_deep(&kinds), "{op}: {kinds:?}");
    }
}

#[test]
fn chains_at_the_limit_parse() {
    let terms: Vec<String> = (0..MAX_DEPTH).map(|i| format!("x{i}")).collect();
    let kinds = parse_small_stack(file_with(&terms.join(" + ")));
    assert!(kinds.is_empty(), "{kinds:?}");
}

#[test]
fn long_prefix_and_member_chains_are_refused() {
    let nots = format!("{}x", "not ".repeat(20_000));
    assert!(too_deep(&parse_small_stack(file_with(&nots))));
    let negs = format!("{}x", "- ".repeat(20_000));
    assert!(too_deep(&parse_small_stack(file_with(&negs))));
    let members = format!("x{}", ".y".repeat(20_000));
    assert!(too_deep(&parse_small_stack(file_with(&members))));
}

#[test]
fn nested_lists_and_calls_are_refused() {
    let n = 10_000;
    let lists = format!("x in {}1{}", "[".repeat(n), "]".repeat(n));
    assert!(too_deep(&parse_small_stack(file_with(&lists))));
    let calls = format!("{}1{}", "count(".repeat(n), ")".repeat(n));
    assert!(too_deep(&parse_small_stack(file_with(&calls))));
}

/// Expressions just within the limit parse cleanly and format, on a 2 MiB thread.
#[test]
fn expressions_within_the_limit_parse_and_format() {
    let n = MAX_DEPTH - 8;
    let terms: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
    let inputs = [
        format!("{}x = 1{}", "(".repeat(n), ")".repeat(n)),
        terms.join(" or "),
        terms.join(" + "),
        format!("{}x", "not ".repeat(n)),
        format!("x{}", ".y".repeat(n)),
        format!(
            "{}1{}",
            "case { when x then ".repeat(n / 2),
            " }".repeat(n / 2)
        ),
    ];
    for expr in inputs {
        let text = file_with(&expr);
        let formatted = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || {
                let parsed = parse(FileId(0), &text);
                assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
                gbvims_dsl::fmt::format(&parsed.file, &text)
            })
            .unwrap()
            .join()
            .expect("parsing and formatting must not overflow the stack");
        assert!(formatted.contains("show_if"));
    }
}
