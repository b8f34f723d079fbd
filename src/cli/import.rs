//! `gbvims import primero <dump> -o <dir>`: an existing Primero configuration as a country
//! overlay (the logic is the `gbvims-import` crate; this reads the files, checks the result with
//! the standard and writes the directory at once).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use gbvims_compiler::source::Origin;
use gbvims_compiler::{Severity, Sources};
use gbvims_import::report::Finding;
use gbvims_import::FileKind;

use super::{config, files, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// Read a Primero configuration (the JSON configuration bundle, or a directory of Ruby seed
    /// files `forms/<record>/*.rb`, `lookups/*.rb`, `locations/*.rb`) and write the country
    /// overlay that reproduces it, its locations and IMPORT-REPORT.md.
    Primero(PrimeroArgs),
}

/// Arguments of `gbvims import primero`.
#[derive(Args, Debug)]
pub struct PrimeroArgs {
    /// The configuration: `configuration.json` (the `locations*.csv` files beside it come with
    /// it), a directory holding it, or a directory of seed files.
    dump: PathBuf,
    /// The country directory to create (for example `country-configs/ng`); never overwritten.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// The country's two-letter ISO 3166 code (found from the locations or the fields' prefix
    /// when not given).
    #[arg(long, value_name = "CODE")]
    country: Option<String>,
    /// The country's languages, default first (`fr,en`); the configuration's, English first,
    /// when not given.
    #[arg(long, value_delimiter = ',')]
    languages: Vec<String>,
    /// The country's id in the configuration (default: the directory's name).
    #[arg(long)]
    name: Option<String>,
    /// Compare with the standard in this directory instead of the one built in.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: &ImportArgs, color: ColorWhen) -> Result<u8, UsageError> {
    match &args.command {
        ImportCommand::Primero(a) => primero(a, color),
    }
}

/// The files of a dump, in reading order.
fn dump_files(path: &Path) -> Result<Vec<PathBuf>, UsageError> {
    if !path.exists() {
        return Err(UsageError(format!("`{}` does not exist", path.display())));
    }
    let is_location_file = |p: &Path| {
        p.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("locations") && n.ends_with(".csv")
        })
    };
    if path.is_file() {
        // A bundle named on its own: the location files beside it come with it.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut beside: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| UsageError(format!("cannot read directory `{}`: {e}", dir.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_location_file(p))
            .map(|p| match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => p,
                _ => p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p),
            })
            .collect();
        beside.sort();
        let mut out = vec![path.to_path_buf()];
        out.extend(beside);
        return Ok(out);
    }
    let root = files::root_of(path)?;
    let mut all = Vec::new();
    files::walk(path, &root, &mut all, &|p| {
        FileKind::of(&p.to_string_lossy()).is_some()
    })?;
    all.sort();
    // A bundle wins: `configuration.json` and the location files beside it.
    if let Some(bundle) = all
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "configuration.json"))
    {
        let dir = bundle.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut out = vec![bundle.clone()];
        out.extend(
            all.iter()
                .filter(|p| p.parent() == Some(dir.as_path()) && is_location_file(p))
                .cloned(),
        );
        return Ok(out);
    }
    // Only the directories below the dump count: a dump kept in a directory named `forms`
    // does not make every file of it a seed file.
    let under = |p: &Path, dirs: &[&str]| {
        p.strip_prefix(path)
            .unwrap_or(p)
            .components()
            .any(|c| dirs.iter().any(|d| c.as_os_str() == *d))
    };
    let seeds: Vec<PathBuf> = all
        .iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rb") && under(p, &["forms", "lookups", "locations"])
        })
        .cloned()
        .collect();
    if !seeds.is_empty() {
        return Ok(seeds);
    }
    // Forms and lookups in the REST shape (`forms/*.json`, `lookups/*.json`, as `gbvims build`
    // writes them beside the bundle), with the location files of the directory.
    let rest: Vec<PathBuf> = all
        .iter()
        .filter(|p| {
            let json =
                p.extension().is_some_and(|e| e == "json") && under(p, &["forms", "lookups"]);
            let locations = p.parent() == Some(path) && is_location_file(p);
            json || locations
        })
        .cloned()
        .collect();
    if rest
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "json"))
    {
        return Ok(rest);
    }
    Err(UsageError(format!(
        "`{}` holds no `configuration.json`, no seed files (`forms/<record>/*.rb`, `lookups/*.rb`, `locations/*.rb`) and no REST forms (`forms/*.json`)",
        path.display()
    )))
}

/// A file of the dump as text: a regular file of at most 512 MiB (a named pipe or a device is
/// refused before it is read, so the command never waits on it).
fn read_text(path: &Path) -> Result<String, UsageError> {
    use std::io::Read as _;
    let limit: u64 = 512 << 20;
    let cannot = |e: std::io::Error| UsageError(format!("cannot read `{}`: {e}", path.display()));
    let real = std::fs::canonicalize(path).map_err(cannot)?;
    let file = files::open_no_wait(&real).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(UsageError(format!(
            "`{}` is not a regular file; gbvims does not read it",
            path.display()
        )));
    }
    if meta.len() > limit {
        return Err(UsageError(format!(
            "`{}` is larger than 512 MiB; gbvims does not read it",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(UsageError(format!(
            "`{}` is larger than 512 MiB; gbvims does not read it",
            path.display()
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| UsageError(format!("`{}` is not UTF-8 text", path.display())))
}

fn primero(args: &PrimeroArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let out = &args.output;
    if out.exists() && std::fs::read_dir(out).map_or(true, |mut d| d.next().is_some()) {
        return Err(UsageError(format!(
            "`{}` already exists and is not empty; import never overwrites a configuration",
            out.display()
        )));
    }
    let id = match &args.name {
        Some(n) => n.clone(),
        None => out
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase().replace(['-', ' '], "_"))
            .unwrap_or_default(),
    };
    if !gbvims_compiler::is_valid_id(&id) {
        return Err(UsageError(format!(
            "`{id}` cannot be the country's id: use lower-case letters, digits and `_` (give one with --name)"
        )));
    }
    if let Some(c) = &args.country {
        if !gbvims_compiler::is_country_code(&c.to_ascii_lowercase()) {
            return Err(UsageError(format!(
                "`{c}` is not a two-letter ISO 3166 country code"
            )));
        }
    }

    // Read the dump.
    let paths = dump_files(&args.dump)?;
    let mut sources = Sources::new();
    let mut ids = Vec::new();
    for p in &paths {
        ids.push(sources.add_with_origin(p.display().to_string(), read_text(p)?, Origin::Country));
    }
    let dump = match gbvims_import::read(&sources, &ids) {
        Ok(d) => d,
        Err(errors) => {
            output::print(&sources, &errors, Format::Human, color);
            eprintln!(
                "failed: {}: {}",
                args.dump.display(),
                output::summary(errors.len(), 0)
            );
            return Ok(EXIT_ERRORS);
        }
    };

    // Compare with the standard.
    let standard_sources = config::standard_sources(args.standard.as_deref())?;
    let compiled = gbvims_compiler::compile(&standard_sources);
    let Some(standard) = compiled.model() else {
        output::print(
            &standard_sources,
            &compiled.diagnostics(),
            Format::Human,
            color,
        );
        return Ok(EXIT_ERRORS);
    };
    let options = gbvims_import::Options {
        id,
        code: args.country.clone(),
        languages: (!args.languages.is_empty()).then(|| args.languages.clone()),
    };
    let imported = gbvims_import::import(&dump, standard, &options).map_err(UsageError)?;

    // Write into a directory beside the target, check it there, then move it in place.
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .map_err(|e| UsageError(format!("cannot create `{}`: {e}", parent.display())))?;
    let tmp = tempfile::Builder::new()
        .prefix(".gbvims-import-")
        .tempdir_in(parent)
        .map_err(|e| UsageError(format!("cannot write in `{}`: {e}", parent.display())))?;
    let write = |name: &str, text: &str| {
        std::fs::write(tmp.path().join(name), text)
            .map_err(|e| UsageError(format!("cannot write `{name}`: {e}")))
    };
    write("country.gbv", &imported.country_gbv)?;
    let mut written = vec!["country.gbv"];
    if let Some(csv) = &imported.locations_csv {
        write("locations.csv", csv)?;
        written.push("locations.csv");
    }
    if let Some(instance) = &imported.instance_json {
        std::fs::create_dir_all(tmp.path().join("primero"))
            .map_err(|e| UsageError(format!("cannot write `primero/`: {e}")))?;
        write("primero/instance.json", instance)?;
        written.push("primero/instance.json");
    }
    let findings = check(tmp.path(), args.standard.as_deref())?;
    // The dump's own name: the report stays the same wherever the dump sits.
    let source = args.dump.file_name().map_or_else(
        || args.dump.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let report = gbvims_import::report::markdown(&imported, &source, &findings);
    write("IMPORT-REPORT.md", &report)?;
    written.push("IMPORT-REPORT.md");
    if out.exists() {
        std::fs::remove_dir(out)
            .map_err(|e| UsageError(format!("cannot replace `{}`: {e}", out.display())))?;
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        UsageError(format!("cannot create `{}`: {e}", out.display()))
    })?;

    let warnings = gbvims_import::warnings(&imported.left);
    output::print(&sources, &warnings, Format::Human, color);
    let errors = findings
        .iter()
        .filter(|f| f.code.severity() == Severity::Error)
        .count();
    eprintln!(
        "imported {} into {}: {}; {} not carried over (W0017); `gbvims check` finds {} (IMPORT-REPORT.md lists them)",
        args.dump.display(),
        out.display(),
        written.join(", "),
        warnings.len(),
        output::summary(errors, findings.len() - errors),
    );
    Ok(EXIT_OK)
}

/// The checker's diagnostics on the written configuration, located by file name and line.
fn check(dir: &Path, standard: Option<&Path>) -> Result<Vec<Finding>, UsageError> {
    let loaded = config::load(dir, standard)?;
    let compiled = gbvims_compiler::compile(&loaded.sources);
    let mut out = Vec::new();
    for d in compiled.diagnostics() {
        let span = d.primary.span;
        let name = loaded.sources.get(span.file).map_or(String::new(), |f| {
            Path::new(&f.name)
                .file_name()
                .map_or(f.name.clone(), |n| n.to_string_lossy().to_string())
        });
        let (line, _) = loaded.sources.line_col(span.file, span.start as usize);
        out.push(Finding {
            code: d.code,
            message: d.message.clone(),
            at: format!("{name}:{line}"),
        });
    }
    Ok(out)
}
