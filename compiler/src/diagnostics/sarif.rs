//! SARIF 2.1.0 output, for code-scanning dashboards in CI.

use serde_json::{json, Value};

use super::{json::to_json_in, Code, Diagnostic, Severity};
use crate::source::view::View;
use crate::source::Sources;

/// Renders diagnostics as one SARIF log.
#[must_use]
pub fn to_string(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    // The rules the results name (each with its whole explanation, twice: plain and Markdown).
    let used: std::collections::BTreeSet<Code> = diagnostics.iter().map(|d| d.code).collect();
    let rules: Vec<Value> = Code::ALL
        .iter()
        .filter(|c| used.contains(c))
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.name(),
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.explanation() },
                "help": {
                    "text": format!("run `gbvims explain {}`", c.as_str()),
                    "markdown": c.explanation(),
                },
            })
        })
        .collect();
    let view = View::of(sources, diagnostics);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let j = to_json_in(&view, d);
            let related: Vec<Value> = j
                .related
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "message": { "text": l.message },
                        "physicalLocation": {
                            "artifactLocation": { "uri": l.file },
                            "region": { "startLine": l.line, "startColumn": l.column },
                        }
                    })
                })
                .collect();
            json!({
                "ruleId": j.code,
                "level": match d.severity() { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": format!("{} (help: {})", j.message, j.help) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": j.file },
                        "region": {
                            "startLine": j.line, "startColumn": j.column,
                            "endLine": j.end_line, "endColumn": j.end_column,
                        }
                    }
                }],
                "relatedLocations": related,
            })
        })
        .collect();
    log("gbvims", rules, results)
}

/// One SARIF 2.1.0 log of one run of the tool `name` (gbvims' version), pretty-printed.
#[must_use]
pub fn log(name: &str, rules: Vec<Value>, results: Vec<Value>) -> String {
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": name,
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}
