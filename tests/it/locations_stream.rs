//! Location files streamed (issue 9): the CLI hands a location file to the compiler as a data
//! file that is read again whenever its bytes are needed, never held whole. Every location
//! fixture, read streamed in pieces of 1 to 13 bytes, gives the same table, the same diagnostics
//! and the same rendering (human, JSON, SARIF) as its text; a file that changes after it was
//! checked is refused while loading (E0143) and rendered without excerpts after loading.

use crate::common;
use crate::common::stream::Trickle;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gbvims_compiler::diagnostics::{json, render, sarif};
use gbvims_compiler::source::{DataSource, Origin};
use gbvims_compiler::{locations, Code, Diagnostic, Sources};

/// The declared languages of a fixture (its `.expect`), or a likely set.
fn languages_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path.with_extension("expect"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("languages:").map(|l| {
                    l.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
            })
        })
        .unwrap_or_else(|| vec!["en".to_string(), "ar".to_string()])
}

/// The renderings of `diagnostics`: human, JSON, SARIF.
fn renderings(sources: &Sources, diagnostics: &[Diagnostic]) -> [String; 3] {
    [
        render::to_string(sources, diagnostics),
        json::to_string(sources, diagnostics),
        sarif::to_string(sources, diagnostics),
    ]
}

/// Loads `bytes` as text and streamed, and asserts that both give the same table, diagnostics,
/// renderings and positions. Returns the diagnostics.
fn same_both_ways(name: &str, bytes: &[u8], languages: &[String]) -> Vec<Diagnostic> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut by_text = Sources::new();
    let id = by_text.add_country(name, text.clone());
    let (table, diags) = locations::load(id, &text, languages);

    let data = Arc::new(Trickle::new(bytes.to_vec()));
    let mut streamed = Sources::new();
    let sid = streamed.add_data(name, Origin::Country, data.clone());
    assert_eq!(id, sid);
    let (s_table, s_diags) =
        locations::load_from(sid, data.open().unwrap(), languages).expect("an unchanged file");

    assert_eq!(table, s_table, "{name}: the same units");
    assert_eq!(diags, s_diags, "{name}: the same diagnostics");
    assert_eq!(
        renderings(&by_text, &diags),
        renderings(&streamed, &s_diags),
        "{name}: the same renderings"
    );
    for d in &diags {
        for at in [d.primary.span.start, d.primary.span.end] {
            assert_eq!(
                by_text.line_col(id, at as usize),
                streamed.line_col(sid, at as usize),
                "{name}: the position of byte {at}"
            );
        }
    }
    diags
}

fn location_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut below = vec![root.join("tests/fixtures"), root.join("country-configs")];
    while let Some(dir) = below.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                below.push(p);
            } else if p.extension().is_some_and(|x| x == "csv") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Every `.csv` of the fixtures and of the example countries: streamed as read as text.
#[test]
fn streamed_location_files_match_their_text() {
    let files = location_files();
    assert!(files.len() > 30, "{}", files.len());
    let mut with_diagnostics = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        if std::str::from_utf8(&bytes).is_err() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy();
        if !same_both_ways(&name, &bytes, &languages_of(path)).is_empty() {
            with_diagnostics += 1;
        }
    }
    assert!(with_diagnostics > 15, "{with_diagnostics}");
}

/// Every country fixture, its location files streamed: the same diagnostics, renderings and
/// units as with their text.
#[test]
fn streamed_countries_match_their_text() {
    common::parallel::for_each_case(
        &common::country::cases(),
        |case| case.file_name().unwrap().to_string_lossy().into_owned(),
        |case| {
            let (sources, result, _) = common::country::compile_case(case);
            let (s_sources, s_result) = common::country::compile_case_streamed(case);
            let (diags, s_diags) = (result.diagnostics(), s_result.diagnostics());
            assert_eq!(diags, s_diags);
            assert_eq!(
                renderings(&sources, &diags),
                renderings(&s_sources, &s_diags)
            );
            let units = |r: &gbvims_compiler::Compiled| {
                r.model()
                    .and_then(|m| m.country.as_ref())
                    .map(|c| c.locations.clone())
            };
            assert_eq!(units(&result), units(&s_result));
        },
    );
}

/// A file larger than the reader's window, with errors all through it (blank cells, duplicate
/// codes, a code that changes parent), CRLF line ends, a byte order mark, quoted cells holding
/// separators, quotes and line ends, a very long line and blank rows: streamed as read as text.
#[test]
fn a_large_file_streams_as_its_text() {
    let mut text = String::from("\u{feff}Code 1,Name 1,Name 1 (ar),Code 2,Name 2,Name 2 (ar)\r\n");
    text.push_str("#adm1+code,#adm1+name,#adm1+name+ar,#adm2+code,#adm2+name,#adm2+name+ar\r\n");
    for n in 0..6000 {
        let g = n / 40;
        let row = match n % 997 {
            5 => format!("G{g},Gov {g},محافظة {g},D{n},,قضاء\r\n"),
            11 => format!("G{g},Gov {g},محافظة {g},D{},District,قضاء\r\n", n - 1),
            17 => format!(
                "G{h},Gov {h},محافظة {h},D{m},District {m},قضاء {m}\r\n",
                h = g + 1,
                m = n - 1
            ),
            23 => ",,,,,\r\n".to_string(),
            29 => format!(
                "G{g},Gov {g},محافظة {g},D{n},\"District, \"\"{n}\"\"\r\nsecond line\",قضاء\r\n"
            ),
            31 => format!(
                "G{g},Gov {g},محافظة {g},D{n},{},قضاء\r\n",
                "x".repeat(70_000)
            ),
            37 => format!("G{g},Gov {g},محافظة {g},D-{n}!,District {n},قضاء\r\n"),
            _ => format!("G{g},Gov {g},محافظة {g},D{n},District {n},قضاء {n}\r\n"),
        };
        text.push_str(&row);
    }
    text.push_str(",,,,,\r\n,,,,,\r\n");
    assert!(text.len() > 4 * 64 * 1024);
    let diags = same_both_ways("big.csv", text.as_bytes(), &["en".into(), "ar".into()]);
    for code in [
        Code::E0070,
        Code::E0071,
        Code::E0072,
        Code::E0075,
        Code::E0109,
    ] {
        assert!(
            diags.iter().any(|d| d.code == code),
            "{code:?} in {:?}",
            diags.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}

/// A file that changes after it was loaded and before its diagnostics are shown: no line of
/// the new file is shown as an excerpt (and nothing panics); the places are named by byte, and
/// JSON gives line 0.
#[test]
fn a_file_changed_before_rendering_has_no_excerpt() {
    let path = common::fixtures_root().join("locations/E0070-blank-cell.csv");
    let bytes = std::fs::read(&path).unwrap();
    let data = Arc::new(Trickle::new(bytes.clone()));
    let mut sources = Sources::new();
    let id = sources.add_data("locations.csv", Origin::Country, data.clone());
    let (_, diags) = locations::load_from(id, data.open().unwrap(), &languages_of(&path)).unwrap();
    assert!(!diags.is_empty());
    let before = render::to_string(&sources, &diags);
    assert!(before.contains("locations.csv:"), "{before}");

    // The same length, other bytes: every line rewritten.
    let changed: Vec<u8> = bytes
        .iter()
        .map(|&b| if b.is_ascii_alphanumeric() { b'Z' } else { b })
        .collect();
    data.replace(changed);
    let after = render::to_string(&sources, &diags);
    assert!(!after.contains("ZZ"), "no line of the new file:\n{after}");
    assert!(
        !after.contains("locations.csv:"),
        "no line and column:\n{after}"
    );
    assert!(
        after.contains("the file changed since it was checked, so its lines cannot be shown"),
        "{after}"
    );
    for d in &diags {
        assert!(
            after.contains(&format!("error[{}]", d.code.as_str())),
            "{after}"
        );
    }
    let lines = json::to_string(&sources, &diags);
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(0), Some(0))
        );
    }
    let _ = sarif::to_string(&sources, &diags);

    // Cut short, or grown: the same.
    for other in [
        bytes[..bytes.len() / 2].to_vec(),
        [bytes.clone(), bytes.clone()].concat(),
    ] {
        data.replace(other);
        let after = render::to_string(&sources, &diags);
        assert!(after.contains("lines cannot be shown"), "{after}");
    }
    // Back as it was: shown again, as before.
    data.replace(bytes);
    assert_eq!(render::to_string(&sources, &diags), before);
}

/// The Iraq country, its location file given by `data`.
fn iraq_with(data: Arc<Trickle>) -> (Sources, Vec<Diagnostic>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq");
    let mut sources = Sources::new();
    for (name, text) in common::standard_texts() {
        sources.add(name.clone(), text.clone());
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    for p in names {
        let name = format!(
            "country-configs/iraq/{}",
            p.file_name().unwrap().to_string_lossy()
        );
        match p.extension().and_then(|e| e.to_str()) {
            Some("csv") => {
                sources.add_data(name, Origin::Country, data.clone());
            }
            Some("gbv" | "pem") => {
                sources.add_country(name, std::fs::read_to_string(&p).unwrap());
            }
            _ => {}
        }
    }
    let result = gbvims_compiler::compile_with(common::standard_base(), &sources);
    (sources, result.diagnostics())
}

/// A location file that changed between the CLI's check and the compiler's reading is not
/// used: E0143 at the `locations:` line, and nothing else about the file. Unchanged, the
/// country is clean (passes E0143).
#[test]
fn a_file_that_changes_while_loaded_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq/locations.csv");
    let bytes = std::fs::read(path).unwrap();
    let data = Arc::new(Trickle::new(bytes.clone()));
    let (_, diags) = iraq_with(data.clone());
    assert_eq!(diags, vec![], "unchanged: clean");

    let mut changed = bytes.clone();
    changed.truncate(bytes.len() - 100);
    data.replace(changed);
    let (sources, diags) = iraq_with(data);
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::E0143], "{diags:?}");
    let shown = json::to_string(&sources, &diags);
    assert!(
        shown.contains("\"file\":\"country-configs/iraq/country.gbv\""),
        "{shown}"
    );
    assert!(shown.contains("changed while it was being read"), "{shown}");
    let rendered = render::to_string(&sources, &diags);
    assert!(
        rendered.contains("locations: \"locations.csv\""),
        "{rendered}"
    );
}

/// The location fixtures mutated (quotes, line ends, separators, hashes inserted; characters
/// deleted), deterministically: streamed as read as text, whatever the damage (unbalanced
/// quotes make a cell run over many lines, which the reader's window must follow).
#[test]
fn mutated_files_stream_as_their_text() {
    let mut files: Vec<PathBuf> = location_files()
        .into_iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("locations")))
        .filter(|p| std::fs::metadata(p).unwrap().len() < 20_000)
        .collect();
    files.sort();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap() % n.max(1)
    };
    // `GBVIMS_LONG_TESTS=1`: about 6,000 files instead of about 250.
    let rounds = if std::env::var_os("GBVIMS_LONG_TESTS").is_some() {
        300
    } else {
        12
    };
    let inserts = [b'"', b'\r', b'\n', b',', b';', b'\t', b' ', b'#', b'+'];
    let mut cases = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let languages = languages_of(path);
        for _ in 0..rounds {
            let mut text = text.clone();
            for _ in 0..1 + next(4) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 && at < text.len() {
                    text.remove(at);
                } else {
                    text.insert(at, char::from(inserts[next(inserts.len())]));
                }
            }
            let name = format!("mutated-{cases}.csv");
            same_both_ways(&name, text.as_bytes(), &languages);
            cases += 1;
        }
    }
    assert!(cases > 100, "{cases}");
}
