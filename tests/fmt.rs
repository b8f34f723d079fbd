//! `gbvims fmt`: idempotent on every fixture, keeps comments, and never changes meaning:
//! `parse(fmt(x))` gives the same model and the same diagnostics as `parse(x)`.

mod common;

use gbvims_compiler::Sources;

fn format(text: &str) -> Option<String> {
    let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), text);
    parsed
        .errors
        .is_empty()
        .then(|| gbvims_dsl::fmt::format(&parsed.file, text))
}

fn compile(texts: &[(String, String)]) -> gbvims_compiler::Compiled {
    let mut sources = Sources::new();
    for (name, text) in texts {
        sources.add(name.clone(), text.clone());
    }
    gbvims_compiler::compile(&sources)
}

#[test]
fn fmt_is_idempotent_and_keeps_the_model() {
    let mut checked = 0;
    for path in common::check_fixtures() {
        let files = common::fixture_files(&path);
        let originals: Vec<(String, String)> = files
            .iter()
            .map(|f| (f.display().to_string(), std::fs::read_to_string(f).unwrap()))
            .collect();
        let Some(formatted) = originals
            .iter()
            .map(|(n, t)| format(t).map(|f| (n.clone(), f)))
            .collect::<Option<Vec<_>>>()
        else {
            continue; // files with syntax errors are not formatted
        };
        for (name, text) in &formatted {
            let again = format(text)
                .unwrap_or_else(|| panic!("{name}: formatted output does not parse:\n{text}"));
            assert_eq!(&again, text, "{name}: fmt is not idempotent");
        }
        let before = compile(&originals);
        let after = compile(&formatted);
        assert_eq!(
            before.model().cloned(),
            after.model().cloned(),
            "{}: fmt changed the model",
            path.display()
        );
        let codes = |c: &gbvims_compiler::Compiled| {
            c.diagnostics().iter().map(|d| d.code).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&before),
            codes(&after),
            "{}: fmt changed the diagnostics",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures were formatted");
}

#[test]
fn fmt_snapshots() {
    insta::glob!("fixtures/fmt/*.gbv", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let formatted = format(&text).expect("fmt fixtures parse");
        let comments = |s: &str| {
            s.lines()
                .filter(|l| l.trim_start().starts_with('#') || l.contains(" #"))
                .count()
        };
        assert_eq!(
            comments(&text),
            comments(&formatted),
            "every comment is kept"
        );
        assert_eq!(
            format(&formatted).as_deref(),
            Some(formatted.as_str()),
            "idempotent"
        );
        insta::with_settings!({ description => text, omit_expression => true }, {
            insta::assert_snapshot!(formatted);
        });
    });
}
