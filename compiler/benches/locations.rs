//! Loading a large location file: `cargo bench -p gbvims-compiler --bench locations`.
//! Generates 100,000 sub-district rows (country › 20 governorates › 100 districts each › 50
//! sub-districts each, names in English and Arabic) and reports the median of 7 loads.
#![allow(clippy::print_stdout)]

use std::fmt::Write;
use std::time::{Duration, Instant};

fn main() {
    let mut csv = String::from("a,b,c,d,e,f,g,h,i,j,k,l\n");
    csv.push_str("#adm3+name,#adm3+name+ar,#adm3+code,#adm2+name,#adm2+name+ar,#adm2+code,#adm1+name,#adm1+name+ar,#adm1+code,#country+name,#country+name+ar,#country+code\n");
    let mut rows = 0;
    'outer: for g in 0..20 {
        for d in 0..100 {
            for s in 0..50 {
                let _ = writeln!(
                    csv,
                    "Sub {g}-{d}-{s},ناحية {s},XXG{g:02}D{d:03}S{s:02},District {g}-{d},قضاء {d},XXG{g:02}D{d:03},Gov {g},محافظة {g},XXG{g:02},Country,بلد,XX"
                );
                rows += 1;
                if rows == 100_000 {
                    break 'outer;
                }
            }
        }
    }
    let langs = vec!["en".to_string(), "ar".to_string()];
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            let (table, diags) =
                gbvims_compiler::locations::load(gbvims_dsl::FileId(0), &csv, &langs);
            let took = start.elapsed();
            assert!(diags.is_empty());
            assert_eq!(table.units.len(), 1 + 20 + 2_000 + 100_000);
            took
        })
        .collect();
    times.sort();
    println!(
        "locations::load: {rows} rows, {} bytes: median {:.1} ms (min {:.1} ms, max {:.1} ms)",
        csv.len(),
        times[3].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[6].as_secs_f64() * 1e3
    );
}
