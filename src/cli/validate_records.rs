//! `gbvims validate-records`: checks incident or case records (Primero's shape, a JSON array or
//! JSON Lines, streamed) against a compiled configuration: the answers' types and option lists
//! (the library's record validator), the questions' rules through `compiler::eval` (required,
//! `required_if`, constraints; a question that is not relevant is never required), keys that
//! are not fields and answers to questions the country hides (warnings, counted per key). Human, JSON Lines or SARIF output; exit 1 when a
//! record is invalid.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;
use gbvims_compiler::model::{Date, Model, RecordIx};
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{read_records, RecordProblem, Rule, RuleCheck, Validator};
use serde_json::json;

use super::ir::{plural, today};
use super::progress::Progress;
use super::{config, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// How many problems human output lists before the rest are only counted.
const MAX_LISTED: usize = 1000;
/// How many results a SARIF log holds (it is built in memory).
const MAX_SARIF: usize = 10_000;

/// Arguments of `gbvims validate-records`.
#[derive(Args, Debug)]
pub struct ValidateRecordsArgs {
    /// The country configuration (a directory holding country.gbv), or a standard.
    config: PathBuf,
    /// The records: a JSON array of objects, or JSON Lines (one object a line).
    records: PathBuf,
    /// The record type of the records.
    #[arg(long, value_name = "TYPE", default_value = "incident")]
    record: String,
    /// The language of constraint messages (default: the configuration's default language).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Use the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &ValidateRecordsArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let Some(compiled) = config::load_compiled(&args.config, args.standard.as_deref(), color)?
    else {
        return Ok(EXIT_ERRORS);
    };
    let Some(checked) = compiled.checked() else {
        return Ok(EXIT_ERRORS);
    };
    let model = checked.model();
    let Some(record) = record_type(model, &args.record) else {
        let known: Vec<&str> = model.records.iter().map(|r| r.id.as_str()).collect();
        return Err(UsageError(format!(
            "`{}` is not a record type of this configuration (record types: {})",
            args.record,
            known.join(", ")
        )));
    };
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| model.default_language().to_string());
    if !model.standard.languages.iter().any(|l| l.as_str() == lang) {
        return Err(UsageError(format!(
            "`{lang}` is not a language of this configuration"
        )));
    }
    let input = std::fs::File::open(&args.records)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", args.records.display())))?;
    let checker = RecordChecker::new(model, record, today(), &lang)?;
    let mut report = Report::new(args.format, &args.records);
    let progress = Progress::start();
    progress.phase("validating records");
    let read = read_records(input, |index, item| {
        if index % 10_000 == 0 {
            progress.phase(format!("validating records: {index}"));
        }
        let problems = match item {
            Ok(r) => checker.check(index, &r, &mut report.unknown, &mut report.hidden),
            Err(problem) => vec![problem],
        };
        progress.suspend(|| report.record(&problems));
        ControlFlow::Continue(())
    })
    .map_err(|e| UsageError(format!("`{}`: {e}", args.records.display())))?;
    drop(progress);
    report.finish(model, record, read);
    Ok(if report.invalid > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    })
}

/// The checks of one record type.
struct RecordChecker<'m> {
    types: Validator<'m>,
    rules: RuleCheck<'m>,
    /// The web target's JSON Schema of the record type, through the jsonschema crate.
    schema: jsonschema::Validator,
}

impl<'m> RecordChecker<'m> {
    fn new(
        model: &'m Model,
        record: RecordIx,
        today: Date,
        lang: &str,
    ) -> Result<Self, UsageError> {
        let schema = gbvims_targets::web::schema::record_schema(model, record);
        let schema = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| {
                UsageError(format!("the record type's JSON Schema cannot be used: {e}"))
            })?;
        Ok(RecordChecker {
            types: Validator::new(model, record),
            rules: RuleCheck::new(model, record, today).with_language(lang),
            schema,
        })
    }

    /// The record's problems; its unknown keys are counted in `unknown`, its answers to
    /// questions the country no longer asks in `hidden`.
    fn check(
        &self,
        index: usize,
        record: &serde_json::Map<String, serde_json::Value>,
        unknown: &mut BTreeMap<String, (usize, usize)>,
        hidden: &mut BTreeMap<String, (usize, usize)>,
    ) -> Vec<RecordProblem> {
        for key in self.types.unknown_keys(record) {
            unknown.entry(key).or_insert((index, 0)).1 += 1;
        }
        for key in self.types.hidden_keys(record) {
            hidden.entry(key).or_insert((index, 0)).1 += 1;
        }
        let mut problems = self.types.validate(index, record);
        let typed: BTreeSet<String> = problems.iter().map(|p| p.path.clone()).collect();
        // Rules are evaluated on the model's ids (a country's stored ids translated back).
        problems.extend(
            self.rules
                .check(index, &self.types.to_model(record), &typed),
        );
        // The schema sees the answers in their canonical form (the reader accepts `null`,
        // numbers as text, …); what it finds beyond the checks above is reported once per
        // path, without the value.
        let seen: BTreeSet<String> = problems.iter().map(|p| p.path.clone()).collect();
        let normalized = serde_json::Value::Object(self.types.normalized(record));
        let mut schema_paths = BTreeSet::new();
        for e in self.schema.iter_errors(&normalized) {
            let path = schema_path(&e);
            let covered = seen.iter().any(|s| {
                path == *s
                    || path.starts_with(&format!("{s}."))
                    || path.starts_with(&format!("{s}["))
            });
            if covered || !schema_paths.insert(path.clone()) {
                continue;
            }
            problems.push(RecordProblem {
                index,
                path,
                message: format!(
                    "the answer breaks the record type's JSON Schema (`{}`)",
                    e.kind().keyword()
                ),
                rule: Rule::Schema,
            });
        }
        problems
    }
}

/// The field path of a schema error (`alleged_perpetrator[2].age_group`, rows from 1): the
/// instance location, and for a missing property its name.
fn schema_path(e: &jsonschema::ValidationError) -> String {
    let mut pointer = e.instance_path().as_str().to_string();
    if let jsonschema::error::ValidationErrorKind::Required { property } = e.kind() {
        pointer.push('/');
        pointer.push_str(property.as_str().unwrap_or_default());
    }
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match segment.parse::<usize>() {
            Ok(n) => out.push_str(&format!("[{}]", n + 1)),
            Err(_) if out.is_empty() => out.push_str(&segment),
            Err(_) => {
                out.push('.');
                out.push_str(&segment);
            }
        }
    }
    out
}

/// What was found, written as it is found (human and JSON) or at the end (SARIF).
struct Report {
    format: Format,
    uri: String,
    invalid: usize,
    problems: usize,
    /// Unknown keys: the first record holding each and how many records do.
    unknown: BTreeMap<String, (usize, usize)>,
    /// Answers to questions the country no longer asks: the first record holding each key and
    /// how many records do.
    hidden: BTreeMap<String, (usize, usize)>,
    sarif: Vec<serde_json::Value>,
}

impl Report {
    fn new(format: Format, records: &std::path::Path) -> Self {
        Report {
            format,
            uri: records.to_string_lossy().replace('\\', "/"),
            invalid: 0,
            problems: 0,
            unknown: BTreeMap::new(),
            hidden: BTreeMap::new(),
            sarif: Vec::new(),
        }
    }

    fn record(&mut self, problems: &[RecordProblem]) {
        if problems.is_empty() {
            return;
        }
        self.invalid += 1;
        for p in problems {
            self.problems += 1;
            self.emit("error", p.index, &p.path, p.rule, &p.message, None);
        }
    }

    fn emit(
        &mut self,
        level: &str,
        index: usize,
        path: &str,
        rule: Rule,
        message: &str,
        records: Option<usize>,
    ) {
        match self.format {
            Format::Human => {
                if self.problems <= MAX_LISTED || level == "warning" {
                    let place = if path.is_empty() {
                        format!("record {index}")
                    } else {
                        format!("record {index}: {path}")
                    };
                    eprintln!("{level}: {place}: {message} [{}]", rule.as_str());
                }
            }
            Format::Json => {
                let mut line = json!({
                    "severity": level,
                    "record": index,
                    "path": path,
                    "rule": rule.as_str(),
                    "message": message,
                });
                if let Some(n) = records {
                    line["records"] = json!(n);
                }
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
            }
            Format::Sarif => {
                if self.sarif.len() < MAX_SARIF {
                    let name = if path.is_empty() {
                        format!("record[{index}]")
                    } else {
                        format!("record[{index}].{path}")
                    };
                    self.sarif.push(json!({
                        "ruleId": rule.as_str(),
                        "level": level,
                        "message": { "text": message },
                        "locations": [{
                            "physicalLocation": { "artifactLocation": { "uri": self.uri } },
                            "logicalLocations": [{ "fullyQualifiedName": name, "kind": "member" }],
                        }],
                    }));
                }
            }
        }
    }

    fn finish(&mut self, model: &Model, record: RecordIx, read: usize) {
        let what = model.record(record).id.as_str().to_string();
        for (key, (first, count)) in std::mem::take(&mut self.unknown) {
            let message = format!(
                "`{key}` is not a field of {what} records ({count} record{}): it is not checked",
                plural(count)
            );
            self.emit(
                "warning",
                first,
                &key,
                Rule::UnknownKey,
                &message,
                Some(count),
            );
        }
        for (key, (first, count)) in std::mem::take(&mut self.hidden) {
            let message = format!(
                "`{key}` is a question the country no longer asks (`hide field` or `hide form`), answered in {count} record{}: the answers are kept but read as empty, and not checked",
                plural(count)
            );
            self.emit(
                "warning",
                first,
                &key,
                Rule::HiddenAnswer,
                &message,
                Some(count),
            );
        }
        match self.format {
            Format::Human => {
                if self.problems > MAX_LISTED {
                    eprintln!(
                        "… and {} more problems not listed",
                        self.problems - MAX_LISTED
                    );
                }
                eprintln!(
                    "{read} record{} read: {} valid, {} invalid ({} problem{})",
                    plural(read),
                    read - self.invalid.min(read),
                    self.invalid,
                    self.problems,
                    plural(self.problems)
                );
            }
            Format::Json => {}
            Format::Sarif => {
                let log = sarif_log(std::mem::take(&mut self.sarif));
                let _ = std::io::stdout().write_all(log.as_bytes());
            }
        }
    }
}

/// A SARIF 2.1.0 log of record problems.
fn sarif_log(results: Vec<serde_json::Value>) -> String {
    let rules: Vec<serde_json::Value> = [
        (
            Rule::NotARecord,
            "A record is not a JSON object, or a line is not valid JSON.",
        ),
        (Rule::Type, "An answer is of the wrong kind."),
        (
            Rule::Option,
            "An answer is not an option of its question, or not a location code.",
        ),
        (Rule::Date, "An answer is not a date."),
        (Rule::Required, "A question that must be answered is not."),
        (
            Rule::Constraint,
            "An answer breaks its question's constraint.",
        ),
        (Rule::Schema, "The record breaks its JSON Schema."),
        (Rule::UnknownKey, "A key is not a field of the record type."),
        (
            Rule::HiddenAnswer,
            "An answer to a question the country no longer asks: kept, read as empty, not checked.",
        ),
    ]
    .iter()
    .map(|(rule, text)| json!({ "id": rule.as_str(), "shortDescription": { "text": text } }))
    .collect();
    gbvims_compiler::diagnostics::sarif::log("gbvims validate-records", rules, results)
}
