//! Any text as a one-file standard: parsing, lowering, every check and the human renderer must
//! never panic, hang or overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut sources = gbvims_compiler::Sources::new();
    sources.add("fuzz.gbv", text.into_owned());
    let compiled = gbvims_compiler::compile(&sources);
    let diagnostics = compiled.diagnostics();
    let _ = gbvims_compiler::diagnostics::render::to_string(&sources, &diagnostics);
    if let Some(model) = compiled.model() {
        let _ = gbvims_compiler::json::ModelDoc::of(model);
    }
});
