//! Parsing scales linearly: `cargo bench -p gbvims-dsl --bench parse`.
//! Parses `standard-forms/lookups.gbv` once, then a file made of 8 copies of it, and reports the
//! median of each over 7 runs and their ratio (linear parsing gives about 8×).
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::time::{Duration, Instant};

use gbvims_dsl::{parse, FileId};

const RUNS: usize = 7;

fn median(text: &str) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let parsed = parse(FileId(0), text);
            let took = start.elapsed();
            assert!(parsed.errors.is_empty());
            took
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../standard-forms/lookups.gbv");
    let one = std::fs::read_to_string(path).unwrap();
    let eight = [one.as_str(); 8].join("\n");
    let t1 = median(&one);
    let t8 = median(&eight);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "lookups.gbv ({} KB): median {:.1} ms over {RUNS} runs",
        one.len() / 1000,
        ms(t1)
    );
    println!(
        "8 copies ({} KB): median {:.1} ms over {RUNS} runs",
        eight.len() / 1000,
        ms(t8)
    );
    println!("ratio: {:.1}×", ms(t8) / ms(t1));
}
