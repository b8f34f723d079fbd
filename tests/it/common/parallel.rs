//! Runs the cases of a data-driven test (one per fixture) on every core, and reports every case
//! that fails by name, not only the first.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `check` on each case, spread over the machine's cores. A case fails by panicking (an
/// `assert!`, a snapshot mismatch); every failing case is listed in the final panic.
pub fn for_each_case<T: Sync>(
    cases: &[T],
    name: impl Fn(&T) -> String + Sync,
    check: impl Fn(&T) + Sync,
) {
    assert!(
        !cases.is_empty(),
        "no cases: is the fixture directory empty?"
    );
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(cases.len());
    let next = AtomicUsize::new(0);
    let failed: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(n) else { break };
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(case))) {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(ToString::to_string))
                        .unwrap_or_default();
                    failed.lock().unwrap().push((name(case), message));
                }
            });
        }
    });
    let mut failed = failed.into_inner().unwrap();
    failed.sort();
    assert!(
        failed.is_empty(),
        "{} of {} cases failed: {}\n\n{}",
        failed.len(),
        cases.len(),
        failed
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        failed
            .iter()
            .map(|(n, m)| format!("--- {n}\n{m}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
