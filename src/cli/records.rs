//! `gbvims records from-odk`: ODK Central's export of a form built by the mobile target, back into
//! records in Primero's shape (JSON Lines). The conversion is
//! [`gbvims_targets::odk_records`]'s; this reads the files and writes the records.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gbvims_targets::odk_mapping::FormMapping;
use gbvims_targets::odk_mapping::{OdkMapping, FORMAT};
use gbvims_targets::odk_records::{
    choose_form, from_csv_tables, from_export, is_table_of, select_form, to_jsonl, Conversion,
    Limits,
};

use super::{files, UsageError, EXIT_OK};

/// The largest export read (a zip or JSON file), in bytes.
const MAX_EXPORT: u64 = 1 << 30;
/// The largest mapping read, in bytes.
const MAX_MAPPING: u64 = 16 << 20;
/// The mapping's file in the mobile directory of a build.
const MAPPING_FILE: &str = "odk-mapping.json";

/// Arguments of `gbvims records`.
#[derive(Args, Debug)]
pub struct RecordsArgs {
    #[command(subcommand)]
    command: RecordsCommand,
}

#[derive(Subcommand, Debug)]
enum RecordsCommand {
    /// Turn submissions downloaded from ODK Central into records (JSON Lines).
    FromOdk(FromOdkArgs),
}

#[derive(Args, Debug)]
struct FromOdkArgs {
    /// The build directory (holding mobile/odk-mapping.json), or its mobile directory.
    build: PathBuf,
    /// Central's export: the zip of CSV files ("all data"), the directory it was unzipped into, or
    /// the OData JSON of the submissions.
    export: PathBuf,
    /// Where to write the records, one JSON object per line (created readable by you only).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The form the export is for: a record type (`incident`, `case`) or an ODK form id. Needed
    /// only when the build has several forms and the export does not tell.
    #[arg(long)]
    form: Option<String>,
}

/// Runs the command.
pub fn run(args: &RecordsArgs) -> Result<u8, UsageError> {
    match &args.command {
        RecordsCommand::FromOdk(a) => from_odk(a),
    }
}

fn from_odk(args: &FromOdkArgs) -> Result<u8, UsageError> {
    let mapping = load_mapping(&args.build)?;
    let shown = args.export.display();
    let limits = Limits::default();
    let in_export = |e| UsageError(format!("`{shown}`: {e}"));
    let (form, conversion) = if args.export.is_dir() {
        from_dir(&mapping, args, limits)?
    } else {
        let bytes = read_bounded(&args.export, MAX_EXPORT)?;
        let form =
            select_form(&mapping, args.form.as_deref(), &bytes, limits).map_err(in_export)?;
        (form, from_export(form, &bytes, limits).map_err(in_export)?)
    };
    for note in &conversion.notes {
        eprintln!("note: {note}");
    }
    files::write_atomic_private(&args.output, &to_jsonl(form, &conversion.records))?;
    let n = conversion.records.len();
    eprintln!(
        "wrote {n} {} record{} to `{}`",
        form.record,
        if n == 1 { "" } else { "s" },
        args.output.display()
    );
    Ok(EXIT_OK)
}

/// The records of a directory holding the CSV files of Central's export (the zip, unzipped).
fn from_dir<'m>(
    mapping: &'m OdkMapping,
    args: &FromOdkArgs,
    limits: Limits,
) -> Result<(&'m FormMapping, Conversion), UsageError> {
    let dir = &args.export;
    let shown = dir.display();
    let cannot = |e: std::io::Error| UsageError(format!("cannot read `{shown}`: {e}"));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        // Links are not followed: only the directory's own files are read.
        let is_file = entry.file_type().map_err(cannot)?.is_file();
        if let (true, Some(name)) = (is_file, entry.file_name().to_str()) {
            if name.ends_with(".csv") {
                names.push(name.to_owned());
            }
        }
    }
    names.sort();
    let in_export = |e| UsageError(format!("`{shown}`: {e}"));
    let form = choose_form(mapping, args.form.as_deref(), Some(&names)).map_err(in_export)?;
    let mut tables = std::collections::BTreeMap::new();
    let mut total: u64 = 0;
    for name in names.iter().filter(|n| is_table_of(n, form)) {
        let bytes = read_bounded(&dir.join(name), limits.max_entry)?;
        total += bytes.len() as u64;
        if total > limits.max_total {
            return Err(UsageError(format!(
                "the CSV files of `{shown}` are larger than {} bytes in all; download fewer \
                 submissions at once",
                limits.max_total
            )));
        }
        tables.insert(name.clone(), bytes);
    }
    let conversion = from_csv_tables(form, &tables).map_err(in_export)?;
    Ok((form, conversion))
}

/// The mapping of a build directory or of its mobile directory.
fn load_mapping(build: &Path) -> Result<OdkMapping, UsageError> {
    let path = [
        build.join("mobile").join(MAPPING_FILE),
        build.join(MAPPING_FILE),
    ]
    .into_iter()
    .find(|p| p.is_file())
    .ok_or_else(|| {
        UsageError(format!(
            "`{}` has no mobile/{MAPPING_FILE}: give the directory of a build of the mobile \
                 target (or its mobile directory)",
            build.display()
        ))
    })?;
    let bytes = read_bounded(&path, MAX_MAPPING)?;
    let mapping: OdkMapping = serde_json::from_slice(&bytes).map_err(|e| {
        UsageError(format!(
            "`{}` is not an ODK mapping ({e}); build the mobile target again",
            path.display()
        ))
    })?;
    if mapping.format != FORMAT {
        return Err(UsageError(format!(
            "`{}` is in the format `{}`, and this gbvims reads `{FORMAT}`; build the mobile target \
             again with this gbvims",
            path.display(),
            mapping.format
        )));
    }
    Ok(mapping)
}

/// A regular file's bytes, refusing one larger than `limit` (whatever its metadata says).
pub(super) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, UsageError> {
    let shown = path.display();
    let cannot = |e: std::io::Error| UsageError(format!("cannot read `{shown}`: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(UsageError(format!("`{shown}` is not a file")));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(UsageError(format!(
            "`{shown}` is larger than {limit} bytes; download fewer submissions at once"
        )));
    }
    Ok(bytes)
}
