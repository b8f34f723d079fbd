//! The standard's `.gbv` files (`standard-forms/`), read once and sorted by path, for the fuzz
//! targets that compile on the real standard. Included with `#[path]`, so no crate of its own.

use std::path::{Path, PathBuf};

/// Every `.gbv` file below `standard-forms/`: its path and text, sorted by path.
pub fn texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../standard-forms");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut todo = vec![root];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(dir).expect("standard-forms") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "gbv") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("standard file");
            (f.display().to_string(), text)
        })
        .collect()
}
