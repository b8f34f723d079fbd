//! Robustness: no input makes the parser, the compiler or the formatter panic. Every fixture is
//! mutated deterministically (cut short, characters deleted, brackets and quotes inserted, lines
//! swapped) and compiled; what parses is formatted and must parse again. The default run takes a
//! fixed sample; `GBVIMS_LONG_TESTS=1` runs the long loops.

use crate::common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use gbvims_compiler::Sources;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NASTY: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "#",
    "\\",
    ":",
    ",",
    "=",
    "\n",
    "é",
    "ب",
    "\u{feff}",
    "\r\n",
    ";",
    ".",
    "field",
    "option",
    " and ",
    " not ",
    "case {",
    "when",
    "-",
    "9999999999999999999999",
    "\t",
    "\0",
];

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The ways [`mutate_as`] changes a text: cut short, delete a few bytes, insert a nasty piece,
/// swap two lines.
const KINDS: usize = 4;

fn mutate(text: &str, rng: &mut Rng) -> String {
    let kind = rng.below(KINDS);
    mutate_as(text, kind, rng)
}

fn mutate_as(text: &str, kind: usize, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    let len = s.len().max(1);
    match kind {
        0 => {
            let at = floor_char(&s, rng.below(len));
            s.truncate(at);
        }
        1 => {
            let a = floor_char(&s, rng.below(len));
            let b = floor_char(&s, (a + 1 + rng.below(8)).min(s.len()));
            s.replace_range(a..b.max(a), "");
        }
        2 => {
            let at = floor_char(&s, rng.below(len));
            s.insert_str(at, NASTY[rng.below(NASTY.len())]);
        }
        _ => {
            let mut lines: Vec<&str> = text.lines().collect();
            if lines.len() > 2 {
                let a = rng.below(lines.len());
                let b = rng.below(lines.len());
                lines.swap(a, b);
            }
            s = lines.join("\n");
        }
    }
    s
}

/// The long run (`GBVIMS_LONG_TESTS=1`) mutates every fixture 40 times; the default run takes a
/// fixed sample: 4 mutations per fixture file, the first change of each being of a different kind,
/// so every kind is applied to every file.
fn long_run() -> bool {
    std::env::var_os("GBVIMS_LONG_TESTS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A seed for one file that does not depend on which other fixtures exist (FNV-1a of its name).
fn seed(base: u64, name: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ base;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h | 1
}

/// Compiles, renders and (when it parses) formats one mutated text.
fn never_panics(mutated: &str) {
    let mut sources = Sources::new();
    sources.add("mutated.gbv", mutated.to_string());
    let result = gbvims_compiler::compile(&sources);
    let _ = gbvims_compiler::diagnostics::render::to_string(&sources, &result.diagnostics());
    let _ = gbvims_compiler::diagnostics::json::to_string(&sources, &result.diagnostics());
    let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), mutated);
    if parsed.errors.is_empty() {
        let formatted = gbvims_dsl::fmt::format(&parsed.file, mutated);
        let again = gbvims_dsl::parse(gbvims_dsl::FileId(0), &formatted);
        assert!(
            again.errors.is_empty(),
            "formatted output of a valid file does not parse:\n--- input\n{mutated}\n--- output\n{formatted}"
        );
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let per_file = if long_run() { 40 } else { KINDS };
    let files: Vec<PathBuf> = common::check_fixtures()
        .iter()
        .flat_map(|path| common::fixture_files(path))
        .collect();
    let runs = AtomicUsize::new(0);
    common::parallel::for_each_case(
        &files,
        |file| file.display().to_string(),
        |file| {
            let name = file.file_name().unwrap().to_string_lossy();
            let mut rng = Rng(seed(0x9e37_79b9_7f4a_7c15, &name));
            let text = std::fs::read_to_string(file).unwrap();
            for n in 0..per_file {
                let mut mutated = if long_run() {
                    mutate(&text, &mut rng)
                } else {
                    mutate_as(&text, n % KINDS, &mut rng)
                };
                for _ in 0..rng.below(3) {
                    mutated = mutate(&mutated, &mut rng);
                }
                never_panics(&mutated);
                runs.fetch_add(1, Ordering::Relaxed);
            }
        },
    );
    let runs = runs.into_inner();
    assert!(runs >= 400, "only {runs} mutations");
}

/// Country files too: the base country and a location file, mutated, on a small standard (100
/// mutations, 400 in the long run).
#[test]
fn mutated_country_files_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let standard =
        std::fs::read_to_string(common::fixtures_root().join("check/ok-sample-form.gbv")).unwrap();
    let base = common::fixtures_root().join("country/_base");
    let country = std::fs::read_to_string(base.join("country.gbv")).unwrap();
    let locations = std::fs::read_to_string(base.join("locations.csv")).unwrap();
    let extra = "translate field gbv_incident_form.incident_date { label: en \"x\" }\nhide field sex\nadd field tl_x to gbv_incident_form: text { label: en \"X\"; after: sex }\nextend lookup lookup-gender { option tl_o: en \"O\" }\ntranslate incident_recorder { column sex { header: en \"S\" } word a.b: en \"c\" }\n";
    let runs = if long_run() { 400 } else { 100 };
    for n in 0..runs {
        let mut c = format!("{country}{extra}");
        let mut l = locations.clone();
        for _ in 0..=rng.below(3) {
            if n % 4 == 0 {
                l = mutate(&l, &mut rng);
            } else {
                c = mutate(&c, &mut rng);
            }
        }
        let mut sources = Sources::new();
        sources.add("standard.gbv", standard.clone());
        sources.add_country("country.gbv", c);
        sources.add_country("locations.csv", l);
        let result = gbvims_compiler::compile(&sources);
        let _ = gbvims_compiler::diagnostics::render::to_string(&sources, &result.diagnostics());
    }
}
