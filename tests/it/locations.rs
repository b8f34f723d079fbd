//! Location files (HXL-tagged CSV): each error class has a fixture with its exact line and
//! column (`tests/fixtures/locations/<CODE>-*.csv`, expectations in the `.expect` file beside it),
//! and the real Iraq file loads cleanly.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gbvims_compiler::diagnostics::render;
use gbvims_compiler::{locations, Code, Sources};

struct Expect {
    languages: Vec<String>,
    passes: Vec<String>,
}

fn read_expect(path: &std::path::Path) -> Expect {
    let text = std::fs::read_to_string(path.with_extension("expect"))
        .expect("a .expect file beside the fixture");
    let mut e = Expect {
        languages: Vec::new(),
        passes: Vec::new(),
    };
    for line in text.lines() {
        let list = |s: &str| {
            s.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
        };
        if let Some(l) = line.strip_prefix("languages:") {
            e.languages = list(l);
        } else if let Some(l) = line.strip_prefix("passes:") {
            e.passes = list(l);
        }
    }
    e
}

fn load(
    path: &std::path::Path,
) -> (
    Sources,
    locations::LocationTable,
    Vec<gbvims_compiler::Diagnostic>,
    Expect,
) {
    let ex = read_expect(path);
    let mut sources = Sources::new();
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let id = sources.add(name, text.clone());
    let (table, diags) = locations::load(id, &text, &ex.languages);
    (sources, table, diags, ex)
}

/// Every `tests/fixtures/locations/*.csv`, in parallel.
#[test]
fn location_fixtures() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(common::fixtures_root().join("locations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    fixtures.sort();
    common::parallel::for_each_case(
        &fixtures,
        |path| path.file_name().unwrap().to_string_lossy().into_owned(),
        |path| location_fixture(path),
    );
}

fn location_fixture(path: &Path) {
    let (sources, _, diags, ex) = load(path);
    let rendered = render::to_string(&sources, &diags);
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    if stem.starts_with("ok-") {
        assert!(diags.is_empty(), "{stem} should load cleanly:\n{rendered}");
        assert!(!ex.passes.is_empty());
    } else {
        let code = &stem[..5];
        assert!(!diags.is_empty(), "{stem}: no diagnostic");
        assert!(
            diags.iter().all(|d| d.code.as_str() == code),
            "{stem}: expected only {code}:\n{rendered}"
        );
    }
    let positions: Vec<String> = diags
        .iter()
        .map(|d| {
            let (l, c) = sources.line_col(d.primary.span.file, d.primary.span.start as usize);
            format!("{}@{l}:{c}", d.code)
        })
        .collect();
    common::assert_snapshot_with(
        &common::fixture_snapshot_name("locations__location_fixtures", path),
        &format!("{}\n{rendered}", positions.join("\n")),
        |s| s.set_input_file(path),
    );
}

#[test]
fn iraq_has_414_units_in_four_levels() {
    let path = common::fixtures_root().join("locations/ok-iraq.csv");
    let (_, table, diags, _) = load(&path);
    assert!(diags.is_empty());
    assert_eq!(table.units.len(), 414);
    let count = |l: u8| table.units.iter().filter(|u| u.level == l).count();
    assert_eq!((count(0), count(1), count(2), count(3)), (1, 18, 101, 294));
    let unit = table.get("IQG07Q02N02").expect("Abi Gharaq");
    assert_eq!(unit.names.get("ar"), Some("ابي غرق"));
    assert_eq!(
        table.ancestor_at("IQG07Q02N02", 1).map(|u| u.code.as_str()),
        Some("IQG07")
    );
    assert_eq!(
        table
            .ancestor_at("IQG07Q02N02", 2)
            .and_then(|u| u.names.get("en")),
        Some("Al-Hilla")
    );
    assert!(
        table.ancestor_at("IQG07", 2).is_none(),
        "a shallower unit has no district"
    );
}

/// Every location code has a failing fixture and a clean one that passes it.
#[test]
fn every_location_code_has_fixtures() {
    let dir = common::fixtures_root().join("locations");
    let mut failing = BTreeSet::new();
    let mut passing = BTreeSet::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            if stem.starts_with('E') {
                failing.insert(stem[..5].to_string());
            }
            passing.extend(read_expect(&p).passes);
        }
    }
    for code in Code::ALL
        .iter()
        .filter(|c| ("E0067".."E0077").contains(&c.as_str()))
    {
        assert!(
            failing.contains(code.as_str()),
            "{code}: no failing fixture"
        );
        assert!(
            passing.contains(code.as_str()),
            "{code}: no passing fixture"
        );
    }
}

/// A location file saved with Windows line ends (CRLF, as the shipped Iraq file is) reports the
/// same lines and columns as the same file with plain line ends.
#[test]
fn crlf_positions_match_lf() {
    let dir = common::fixtures_root().join("locations");
    let positions = |name: &str| {
        let (sources, _, diags, _) = load(&dir.join(name));
        diags
            .iter()
            .map(|d| {
                let (l, c) = sources.line_col(d.primary.span.file, d.primary.span.start as usize);
                (d.code.as_str(), l, c, d.message.clone())
            })
            .collect::<Vec<_>>()
    };
    let crlf = positions("E0070-blank-cell-crlf.csv");
    assert_eq!(crlf, positions("E0070-blank-cell.csv"));
    assert_eq!(
        crlf.iter().map(|p| p.1).collect::<Vec<_>>(),
        [4, 5],
        "the blank cells are on lines 4 and 5"
    );
}
