//! `gbvims translations export|import`: the spreadsheet translators fill in, and reading it back
//! into `translations/<lang>.gbv` next to the country's `country.gbv`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gbvims_compiler::diagnostics::{suggest, Diagnostic};
use gbvims_compiler::languages::language;
use gbvims_compiler::translations::{entries, to_gbv, Key};
use gbvims_compiler::{Code, Sources};
use gbvims_dsl::Span;

use super::{config, files, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};
use crate::translations::xlsx::{read_sheet, write_sheet, Row};

/// Arguments of `gbvims translations`.
#[derive(Args, Debug)]
pub struct TranslationsArgs {
    #[command(subcommand)]
    command: TranslationsCommand,
}

#[derive(Subcommand, Debug)]
enum TranslationsCommand {
    /// Write a spreadsheet of every text (key, English, the language) for translators.
    Export(ExportArgs),
    /// Read a filled spreadsheet back into `translations/<lang>.gbv` of a country.
    Import(ImportArgs),
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// The country directory (holding country.gbv).
    dir: PathBuf,
    /// The language to translate into (one of the country's languages).
    #[arg(long)]
    lang: String,
    /// Where to write the spreadsheet.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Use the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ImportArgs {
    /// The country directory (holding country.gbv).
    dir: PathBuf,
    /// The filled spreadsheet.
    file: PathBuf,
    /// Use the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &TranslationsArgs, color: ColorWhen) -> Result<u8, UsageError> {
    match &args.command {
        TranslationsCommand::Export(a) => export(a, color),
        TranslationsCommand::Import(a) => import(a, color),
    }
}

/// Compiles a country; prints the diagnostics when there are errors.
fn compile_country(
    dir: &Path,
    standard: Option<&Path>,
    skip: Option<&Path>,
    color: ColorWhen,
) -> Result<Option<gbvims_compiler::model::Model>, UsageError> {
    if config::country_dir(dir).is_none() {
        return Err(UsageError(format!(
            "`{}` is not a country configuration (it has no country.gbv)",
            dir.display()
        )));
    }
    let loaded = config::load_except(dir, standard, skip)?;
    let (model, diagnostics) = gbvims_compiler::compile_partial(&loaded.sources);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity() == gbvims_compiler::Severity::Error)
        .cloned()
        .collect();
    if model.is_none() {
        output::print(&loaded.sources, &errors, Format::Human, color);
        eprintln!(
            "failed: fix the errors of `{}` first (`gbvims check {}`)",
            dir.display(),
            dir.display()
        );
        return Ok(None);
    }
    if !errors.is_empty() {
        // Translators can work while the admin fixes the rest.
        eprintln!(
            "note: `{}` has {} error{}; run `gbvims check {}` to see {}",
            dir.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            dir.display(),
            if errors.len() == 1 { "it" } else { "them" }
        );
    }
    Ok(model)
}

fn declared(model: &gbvims_compiler::model::Model, lang: &str) -> Result<(), UsageError> {
    if model.standard.languages.iter().any(|l| l.as_str() == lang) {
        return Ok(());
    }
    let list: Vec<&str> = model
        .standard
        .languages
        .iter()
        .map(|l| l.as_str())
        .collect();
    Err(UsageError(format!(
        "`{lang}` is not one of the country's languages ({}); add it to `languages` in country.gbv first",
        list.join(", ")
    )))
}

/// The language translators read: English, or the default language of a country without it.
fn source_language(model: &gbvims_compiler::model::Model) -> &str {
    if model.standard.languages.iter().any(|l| l.as_str() == "en") {
        "en"
    } else {
        model.standard.default_language.as_str()
    }
}

fn export(args: &ExportArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let Some(model) = compile_country(&args.dir, args.standard.as_deref(), None, color)? else {
        return Ok(EXIT_ERRORS);
    };
    declared(&model, &args.lang)?;
    let source = source_language(&model);
    let mut rows: Vec<Row> = entries(&model)
        .iter()
        .map(|e| Row {
            key: e.key.to_string(),
            source: e.texts.get(source).unwrap_or_default().to_string(),
            target: e.texts.get(&args.lang).unwrap_or_default().to_string(),
        })
        .collect();
    // The texts still to translate first, each group in the configuration's order.
    rows.sort_by_key(|r| !r.target.is_empty());
    let name = |code: &str| language(code).map_or(code.to_string(), |l| l.name.to_string());
    let rtl = language(&args.lang).is_some_and(|l| l.rtl);
    let bytes = write_sheet(&args.lang, &name(&args.lang), rtl, &name(source), &rows)
        .map_err(UsageError)?;
    files::write_atomic(&args.output, &bytes)?;
    let missing = rows.iter().filter(|r| r.target.is_empty()).count();
    eprintln!(
        "wrote {}: {} texts, {missing} without a `{}` translation",
        args.output.display(),
        rows.len(),
        args.lang
    );
    Ok(EXIT_OK)
}

fn import(args: &ImportArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", args.file.display())))?;
    let (lang, rows) =
        read_sheet(&bytes).map_err(|e| UsageError(format!("`{}`: {e}", args.file.display())))?;
    let target = args.dir.join("translations").join(format!("{lang}.gbv"));
    // Import owns only the files it wrote: a hand-written file (its comments, its layout) is
    // never rewritten.
    if let Ok(existing) = std::fs::read_to_string(&target) {
        if !gbvims_compiler::translations::written_by_import(&existing) {
            eprintln!(
                "failed: nothing was written; `{}` was not written by `gbvims translations import` \
                 (its first line does not say so), so importing would replace what was written by \
                 hand. Move its texts into `country.gbv` (or into the spreadsheet), then delete \
                 or rename the file and import again.",
                target.display()
            );
            return Ok(EXIT_ERRORS);
        }
    }
    // The configuration without the file being rewritten: what the spreadsheet changes.
    let Some(model) = compile_country(&args.dir, args.standard.as_deref(), Some(&target), color)?
    else {
        return Ok(EXIT_ERRORS);
    };
    declared(&model, &lang)?;
    // Every text by key: its place in the model (the order of the written file), its key and
    // its current translation.
    let source_lang = source_language(&model);
    let known: BTreeMap<String, (usize, Key, Option<String>, String)> = entries(&model)
        .into_iter()
        .enumerate()
        .map(|(n, e)| {
            let current = e.texts.get(&lang).map(str::to_string);
            let source = e.texts.get(source_lang).unwrap_or_default().to_string();
            (e.key.to_string(), (n, e.key, current, source))
        })
        .collect();
    // Diagnostics point at the spreadsheet: line N of this text is row N's key.
    let mut sheet = String::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut items = Vec::new();
    let last = rows.iter().map(|r| r.row).max().unwrap_or(0);
    let mut by_row: BTreeMap<u32, &crate::translations::xlsx::ReadRow> = BTreeMap::new();
    for r in &rows {
        by_row.insert(r.row, r);
    }
    let mut offsets = Vec::new();
    for n in 1..=last {
        offsets.push(sheet.len());
        if let Some(r) = by_row.get(&n) {
            sheet.push_str(if r.key.is_empty() { "(no key)" } else { &r.key });
        }
        sheet.push('\n');
    }
    let mut sources = Sources::new();
    let file = sources.add(args.file.display().to_string(), sheet);
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for r in &rows {
        let start = offsets[(r.row - 1) as usize];
        let len = if r.key.is_empty() {
            "(no key)".len()
        } else {
            r.key.len()
        };
        let span = Span::new(file, start, start + len);
        match known.get(&r.key) {
            Some((n, key, current, source)) => {
                if let Some(first) = seen.insert(&r.key, span) {
                    problems.push(
                        Diagnostic::new(
                            Code::E0083,
                            span,
                            format!("row {}: `{}` is in the spreadsheet twice", r.row, r.key),
                        )
                        .label("second row")
                        .with_secondary(first, "first row")
                        .help("keep one row per key: delete this row or the first"),
                    );
                    continue;
                }
                // A blank source cell says nothing (rows pasted without column B).
                if !r.source.trim().is_empty() && r.source.trim() != source.trim() {
                    warnings.push(
                        Diagnostic::new(
                            Code::W0009,
                            span,
                            format!(
                                "row {}: the `{source_lang}` text of `{}` was changed in the spreadsheet; the change is not imported",
                                r.row, r.key
                            ),
                        )
                        .label("column B differs from the configuration")
                        .help(format!("change `{source_lang}` texts in the configuration itself (a `translate` line in country.gbv); the translation in column C is imported as usual")),
                    );
                }
                if !r.target.is_empty() && current.as_deref() != Some(r.target.as_str()) {
                    items.push((*n, key.clone(), r.target.clone()));
                }
            }
            None if r.key.is_empty() => problems.push(
                Diagnostic::new(Code::E0092, span, format!("row {} has a translation but no key", r.row))
                    .label("no key in column A")
                    .help("copy the key from a fresh export (`gbvims translations export`), or delete the row"),
            ),
            None => {
                let help = suggest(
                    &r.key,
                    known.keys().map(String::as_str),
                    "keep column A as exported; export again if the configuration changed",
                );
                problems.push(
                    Diagnostic::new(
                        Code::E0092,
                        span,
                        format!("row {}: `{}` is not a text of this configuration", r.row, r.key),
                    )
                    .label("unknown key")
                    .help(help),
                );
            }
        }
    }
    // Rows deleted from the spreadsheet: their texts keep their current translation.
    let absent: Vec<&str> = known
        .iter()
        .filter(|(k, _)| !seen.contains_key(k.as_str()))
        .map(|(k, _)| k.as_str())
        .collect();
    if !absent.is_empty() {
        let at = Span::new(file, 0, 0);
        let shown: Vec<String> = absent.iter().take(5).map(|k| format!("`{k}`")).collect();
        let more = if absent.len() > 5 { ", …" } else { "" };
        warnings.push(
            Diagnostic::new(
                Code::W0010,
                at,
                format!(
                    "{} text{} of the configuration {} not in the spreadsheet (rows deleted?): {}{more}",
                    absent.len(),
                    if absent.len() == 1 { "" } else { "s" },
                    if absent.len() == 1 { "is" } else { "are" },
                    shown.join(", ")
                ),
            )
            .label("rows missing")
            .help("their translations are left as they are; export a fresh spreadsheet to translate them")
            .note(format!(
                "not in the spreadsheet: {}{}",
                absent.iter().take(50).copied().collect::<Vec<_>>().join(", "),
                if absent.len() > 50 {
                    format!(", and {} more", absent.len() - 50)
                } else {
                    String::new()
                }
            )),
        );
    }
    if !problems.is_empty() {
        problems.extend(warnings);
        output::print(&sources, &problems, Format::Human, color);
        eprintln!(
            "failed: nothing was written; {} row{} of `{}` could not be read",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            args.file.display()
        );
        return Ok(EXIT_ERRORS);
    }
    output::print(&sources, &warnings, Format::Human, color);
    // Keep the model's order, so the file is the same whatever the row order.
    items.sort_by_key(|(n, _, _)| *n);
    let items: Vec<(Key, String)> = items.into_iter().map(|(_, k, t)| (k, t)).collect();
    if items.is_empty() && !target.exists() {
        eprintln!("nothing to write: every `{lang}` text of the spreadsheet is already in the configuration");
        return Ok(EXIT_OK);
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| UsageError(format!("cannot create `{}`: {e}", parent.display())))?;
    }
    files::write_atomic(&target, to_gbv(&lang, &items).as_bytes())?;
    if items.is_empty() {
        // The file is kept (emptied, with its first line), never deleted behind the user's back.
        eprintln!(
            "wrote {}: no text left — every `{lang}` text of the spreadsheet is already in the \
             configuration (the file is kept, empty; delete it if you no longer need it)",
            target.display()
        );
        return Ok(EXIT_OK);
    }
    eprintln!("wrote {}: {} texts", target.display(), items.len());
    Ok(EXIT_OK)
}
