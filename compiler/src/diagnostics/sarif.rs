//! SARIF 2.1.0 output, for code-scanning dashboards in CI.

use serde_json::{json, Value};

use super::{json::to_json, Code, Diagnostic, Severity};
use crate::source::Sources;

/// Renders diagnostics as one SARIF log.
#[must_use]
pub fn to_string(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.name(),
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.explanation() },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let j = to_json(sources, d);
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
                }]
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gbvims",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}
