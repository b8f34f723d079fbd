//! `gbvims ir export`: fill the Incident Recorder from incident records. The rules are the
//! library's: records are read and checked by [`gbvims_compiler::records`], filtered by
//! [`gbvims_compiler::filters`], their cells computed by [`gbvims_compiler::records::ir_cells`]
//! and written by [`gbvims_targets::ir_export`]; this reads the files and reports.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gbvims_compiler::filters::{DroppedCounts, Filters};
use gbvims_compiler::model::{Date, Model};
use gbvims_compiler::records::project::{field_ids, ir_fields, project};
use gbvims_compiler::records::validate::record_type;
use gbvims_compiler::records::{
    ir_cells, overlong_cells, read_records, Directory, DirectoryData, RecordProblem, Validator,
};
use gbvims_targets::ir::{IrMenus, IrWorkbook};

use super::files::AtomicFile;
use super::progress::Progress;
use super::{config, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// The largest directory file read, in bytes.
const MAX_DIRECTORY: u64 = 16 << 20;
/// How many problems are listed before the rest are only counted.
const MAX_LISTED: usize = 1000;

/// Arguments of `gbvims ir`.
#[derive(Args, Debug)]
pub struct IrArgs {
    #[command(subcommand)]
    command: IrCommand,
}

#[derive(Subcommand, Debug)]
enum IrCommand {
    /// Fill an Incident Recorder workbook from incident records (JSON array or JSON Lines).
    Export(ExportArgs),
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// The country configuration (a directory holding country.gbv).
    country: PathBuf,
    /// The incident records: a JSON array of objects, or JSON Lines (one object a line).
    #[arg(long, value_name = "FILE")]
    records: PathBuf,
    /// The export language (headers, labels, month names).
    #[arg(long, value_name = "LANG")]
    lang: String,
    /// The workbook to write (created readable by you only).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The directory of codes (users.csv, agencies.csv); default: `directory/` in the country.
    #[arg(long, value_name = "DIR")]
    directory: Option<PathBuf>,
    /// Leave out records without consent to reporting (consent_reporting = yes).
    #[arg(long)]
    only_consented: bool,
    /// Leave out incidents already reported by another GBVIMS organisation.
    #[arg(long)]
    exclude_reported_by_gbvims_org: bool,
    /// Write nothing when any record has a problem.
    #[arg(long)]
    strict: bool,
    /// Use the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &IrArgs, color: ColorWhen) -> Result<u8, UsageError> {
    match &args.command {
        IrCommand::Export(a) => export(a, color),
    }
}

fn export(args: &ExportArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let Some(country) = config::country_dir(&args.country) else {
        return Err(UsageError(format!(
            "`{}` is not a country configuration (a directory holding country.gbv)",
            args.country.display()
        )));
    };
    let loaded = config::load(&country, args.standard.as_deref())?;
    let progress = Progress::start();
    progress.phase(format!("checking {}", country.display()));
    let compiled = gbvims_compiler::compile(&loaded.sources);
    let diagnostics = compiled.diagnostics();
    let (errors, warnings) = output::counts(&diagnostics);
    if errors > 0 {
        progress.suspend(|| {
            output::print(&loaded.sources, &diagnostics, Format::Human, color);
            eprintln!(
                "failed: {}: {}; nothing written",
                country.display(),
                output::summary(errors, warnings)
            );
        });
        return Ok(EXIT_ERRORS);
    }
    let Some(checked) = compiled.checked() else {
        return Ok(EXIT_ERRORS);
    };
    // W0015, as `check` reports it: a newer major of the standard exists.
    progress.suspend(|| super::releases::print_newer_major(&country, &loaded, &compiled, color))?;
    let model = checked.model();
    let Some(ir) = model.incident_recorder.as_ref() else {
        return Err(UsageError(
            "the standard declares no Incident Recorder".into(),
        ));
    };
    let Some(incident) = record_type(model, "incident") else {
        return Err(UsageError(
            "the standard declares no incident record".into(),
        ));
    };
    check_language(model, &args.lang)?;
    let dir = args.directory.clone().unwrap_or(country.join("directory"));
    let directory = load_directory(&dir, args.directory.is_some())?;

    let fields = ir_fields(model, ir);
    let keep = field_ids(model, &fields);
    let validator = Validator::new(model, incident).only(fields);
    let filters = Filters {
        only_consented: args.only_consented,
        exclude_reported_by_gbvims_org: args.exclude_reported_by_gbvims_org,
    };
    let data = DirectoryData::new(model, &directory);
    let input = std::fs::File::open(&args.records)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", args.records.display())))?;
    let file = AtomicFile::create(&args.output, 0o600)?;
    let tempdir = file
        .temp_path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let xlsx = |e: gbvims_targets::ir::IrWriteError| {
        UsageError(format!("cannot write `{}`: {e}", args.output.display()))
    };
    // The configuration's menus; every value the rows write in a menu column joins its menu.
    let menus = IrMenus::template(model, &args.lang);
    let mut writer = IrWorkbook::new_in(model, &args.lang, &menus, &tempdir).map_err(xlsx)?;
    let today = today();

    progress.phase("exporting records");
    let mut tally = Tally::default();
    let mut failure: Option<UsageError> = None;
    let read = read_records(input, |index, item| {
        if index % 10_000 == 0 {
            progress.phase(format!("exporting records: {index}"));
        }
        let record = match item {
            Ok(r) => r,
            Err(problem) => {
                tally.refuse(&progress, vec![problem]);
                return ControlFlow::Continue(());
            }
        };
        // Records hold stored ids; the filters and the columns read the model's ids.
        if let Some(why) = filters.check(model, incident, &validator.to_model(&record)) {
            tally.dropped.add(why);
            return ControlFlow::Continue(());
        }
        // Only what the columns read is kept: identifying answers are dropped here.
        let record = project(record, &keep);
        let problems = validator.validate(index, &record);
        if !problems.is_empty() {
            tally.refuse(&progress, problems);
            return ControlFlow::Continue(());
        }
        if args.strict && tally.refused > 0 {
            // Nothing will be written: the rest is only checked.
            return ControlFlow::Continue(());
        }
        let record = validator.to_model(&record);
        let cells = ir_cells(model, ir, &record, &args.lang, &data, today);
        for missing in data.take_missing() {
            tally.warn(&progress, index, &missing.to_string());
        }
        let overlong = overlong_cells(ir, &cells, index);
        if !overlong.is_empty() {
            tally.refuse(&progress, overlong);
            return ControlFlow::Continue(());
        }
        if let Err(e) = writer.push_row(&cells) {
            failure = Some(xlsx(e));
            return ControlFlow::Break(());
        }
        tally.exported += 1;
        ControlFlow::Continue(())
    })
    .map_err(|e| UsageError(format!("`{}`: {e}", args.records.display())))?;
    if let Some(e) = failure {
        return Err(e);
    }
    drop(progress);
    tally.summary(read);
    if args.strict && tally.refused > 0 {
        eprintln!(
            "nothing written (--strict): {} record{} with problems",
            tally.refused,
            plural(tally.refused)
        );
        return Ok(EXIT_ERRORS);
    }
    writer.finish_to(file.temp_path()).map_err(xlsx)?;
    file.commit()?;
    eprintln!(
        "wrote {} ({} record{})",
        args.output.display(),
        tally.exported,
        plural(tally.exported)
    );
    Ok(if tally.refused > 0 {
        EXIT_ERRORS
    } else {
        EXIT_OK
    })
}

/// What happened to the records.
#[derive(Default)]
struct Tally {
    exported: usize,
    refused: usize,
    listed: usize,
    warned: usize,
    dropped: DroppedCounts,
}

impl Tally {
    fn refuse(&mut self, progress: &Progress, problems: Vec<RecordProblem>) {
        self.refused += 1;
        for p in problems {
            self.listed += 1;
            if self.listed <= MAX_LISTED {
                progress.suspend(|| eprintln!("error: {p}; record not exported"));
            }
        }
    }

    fn warn(&mut self, progress: &Progress, index: usize, message: &str) {
        self.warned += 1;
        if self.warned <= MAX_LISTED {
            progress.suspend(|| eprintln!("warning: record {index}: {message}; the cell is empty"));
        }
    }

    fn summary(&self, read: usize) {
        let hidden =
            self.listed.saturating_sub(MAX_LISTED) + self.warned.saturating_sub(MAX_LISTED);
        if hidden > 0 {
            eprintln!("… and {hidden} more problems not listed");
        }
        let d = &self.dropped;
        eprintln!(
            "{read} record{} read: {} exported, {} with problems, {} left out \
             ({} disabled, {} without consent, {} reported by another GBVIMS organisation)",
            plural(read),
            self.exported,
            self.refused,
            d.total(),
            d.disabled,
            d.not_consented,
            d.reported_by_gbvims_org
        );
    }
}

/// The export language must be one the Incident Recorder or the configuration has texts in.
fn check_language(model: &Model, lang: &str) -> Result<(), UsageError> {
    let mut known: BTreeSet<&str> = model
        .standard
        .languages
        .iter()
        .map(|l| l.as_str())
        .collect();
    if let Some(ir) = &model.incident_recorder {
        known.extend(ir.languages.iter().map(|l| l.as_str()));
    }
    if known.contains(lang) {
        Ok(())
    } else {
        Err(UsageError(format!(
            "`{lang}` is not a language of this configuration (languages: {})",
            known.into_iter().collect::<Vec<_>>().join(", ")
        )))
    }
}

/// The directory of codes in `dir`; a missing directory is an empty one unless it was asked
/// for (`--directory`).
fn load_directory(dir: &Path, asked: bool) -> Result<Directory, UsageError> {
    if !dir.is_dir() {
        if asked {
            return Err(UsageError(format!(
                "`{}` is not a directory (expected users.csv and agencies.csv)",
                dir.display()
            )));
        }
        return Ok(Directory::default());
    }
    let read = |name: &str| -> Result<Option<String>, UsageError> {
        let path = dir.join(name);
        if !path.exists() {
            return Ok(None);
        }
        let bytes = super::records::read_bounded(&path, MAX_DIRECTORY)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| UsageError(format!("`{}` is not UTF-8 text", path.display())))
    };
    let (users, agencies) = (read("users.csv")?, read("agencies.csv")?);
    Directory::from_csv(users.as_deref(), agencies.as_deref())
        .map_err(|e| UsageError(format!("{}/{e}", dir.display())))
}

/// Today's date (UTC), for `today()` in a column.
pub(super) fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// `"s"` after a count other than one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
