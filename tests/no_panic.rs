//! Robustness: no input makes the parser, the compiler or the formatter panic. Every fixture is
//! mutated deterministically (cut short, characters deleted, brackets and quotes inserted, lines
//! swapped) and compiled; what parses is formatted and must parse again.

mod common;

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

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    let len = s.len().max(1);
    match rng.below(4) {
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

#[test]
fn mutated_fixtures_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut runs = 0;
    for path in common::check_fixtures() {
        for file in common::fixture_files(&path) {
            let text = std::fs::read_to_string(&file).unwrap();
            for _ in 0..40 {
                let mut mutated = text.clone();
                for _ in 0..=rng.below(3) {
                    mutated = mutate(&mutated, &mut rng);
                }
                let mut sources = Sources::new();
                sources.add("mutated.gbv", mutated.clone());
                let result = gbvims_compiler::compile(&sources);
                let _ = gbvims_compiler::diagnostics::render::to_string(
                    &sources,
                    &result.diagnostics(),
                );
                let _ =
                    gbvims_compiler::diagnostics::json::to_string(&sources, &result.diagnostics());
                let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), &mutated);
                if parsed.errors.is_empty() {
                    let formatted = gbvims_dsl::fmt::format(&parsed.file, &mutated);
                    let again = gbvims_dsl::parse(gbvims_dsl::FileId(0), &formatted);
                    assert!(
                        again.errors.is_empty(),
                        "formatted output of a valid file does not parse:\n--- input\n{mutated}\n--- output\n{formatted}"
                    );
                }
                runs += 1;
            }
        }
    }
    assert!(runs > 500);
}

/// Country files too: the base country and a location file, mutated, on a small standard.
#[test]
fn mutated_country_files_never_panic() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let standard =
        std::fs::read_to_string(common::fixtures_root().join("check/ok-sample-form.gbv")).unwrap();
    let base = common::fixtures_root().join("country/_base");
    let country = std::fs::read_to_string(base.join("country.gbv")).unwrap();
    let locations = std::fs::read_to_string(base.join("locations.csv")).unwrap();
    let extra = "translate field gbv_incident_form.incident_date { label: en \"x\" }\nhide field sex\nadd field tl_x to gbv_incident_form: text { label: en \"X\"; after: sex }\nextend lookup lookup-gender { option tl_o: en \"O\" }\ntranslate incident_recorder { column sex { header: en \"S\" } word a.b: en \"c\" }\n";
    for n in 0..400 {
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
