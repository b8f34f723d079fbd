//! What a path on the command line is: the standard (a directory of `.gbv` files, or one file),
//! or a country configuration (a directory holding `country.gbv`), loaded with the standard it
//! extends — the newest version built into the binary that its `extends` accepts
//! ([`super::releases`]), or `--standard DIR`.

use std::path::{Path, PathBuf};

use gbvims_compiler::source::Origin;
use gbvims_compiler::Sources;

use super::files::{add_all, gbv_files, root_of};
use super::UsageError;

/// A loaded configuration.
pub struct Loaded {
    /// Every file, standard first.
    pub sources: Sources,
    /// How many files the user's path holds (for the summary line).
    pub files: usize,
    /// For a country on a built-in standard: the version used, and a newer major if any.
    pub release: Option<ReleaseUse>,
}

/// The built-in version a country was loaded on.
pub struct ReleaseUse {
    /// The version used: the newest its `extends` accepts.
    pub used: semver::Version,
    /// The newest version of a higher major, when there is one.
    pub newer_major: Option<super::releases::Release>,
}

/// The country directory a path names: a directory with `country.gbv`, or `country.gbv` itself.
#[must_use]
pub fn country_dir(path: &Path) -> Option<PathBuf> {
    if path.is_dir() && path.join("country.gbv").is_file() {
        return Some(path.to_path_buf());
    }
    if path.file_name().is_some_and(|n| n == "country.gbv") && path.is_file() {
        return Some(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        );
    }
    None
}

/// One configuration to check: its path, and the standard directory it is checked against when
/// it is a country found below a repository root (the standard being edited beside it).
pub struct Configuration {
    /// The configuration's path.
    pub path: PathBuf,
    /// The standard to check a country against instead of the built-in one.
    pub standard: Option<PathBuf>,
}

/// Directories never searched for countries or standard files: test fixtures, build outputs,
/// dependencies.
const NOT_CONFIGURATIONS: &[&str] = &["build", "target", "tests", "fixtures", "node_modules"];

/// The configurations a command-line path holds: the path itself (a file, a country, or a
/// directory of standard files), and every country directory below a directory that is not a
/// country (`gbvims check country-configs` checks each country). At a repository root (a
/// directory holding `standard-forms/`), the standard is `standard-forms/` and each country below
/// is checked against it; test fixtures and build outputs are not read.
pub fn configurations(path: &Path) -> Result<Vec<Configuration>, UsageError> {
    let plain = |p: &Path| Configuration {
        path: p.to_path_buf(),
        standard: None,
    };
    if !path.is_dir() || country_dir(path).is_some() {
        return Ok(vec![plain(path)]);
    }
    let mut countries = Vec::new();
    find_countries(path, &mut countries)?;
    countries.sort();
    if let Some(standard) = repository_standard(path) {
        let mut out = vec![plain(&standard)];
        out.extend(countries.into_iter().map(|c| Configuration {
            path: c,
            standard: Some(standard.clone()),
        }));
        return Ok(out);
    }
    let mut own = Vec::new();
    super::files::walk(path, &root_of(path)?, &mut own, &|p| {
        p.extension().is_some_and(|e| e == "gbv")
    })?;
    let mut out: Vec<Configuration> = countries.iter().map(|c| plain(c)).collect();
    if countries.is_empty() || !own.is_empty() {
        out.insert(0, plain(path));
    }
    Ok(out)
}

/// The standard of a repository root: its `standard-forms/` directory, when it holds `.gbv`
/// files.
fn repository_standard(dir: &Path) -> Option<PathBuf> {
    let standard = dir.join("standard-forms");
    let has_gbv = std::fs::read_dir(&standard)
        .ok()?
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "gbv"));
    has_gbv.then_some(standard)
}

/// The country directories below `dir` (not looking inside a country).
fn find_countries(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), UsageError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| UsageError(format!("cannot read directory `{}`: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // Linked directories are not followed (they may lead anywhere, or loop).
        if !entry.file_type().is_ok_and(|t| t.is_dir())
            || name.to_string_lossy().starts_with('.')
            || NOT_CONFIGURATIONS.iter().any(|n| name == *n)
        {
            continue;
        }
        if path.join("country.gbv").is_file() {
            out.push(path);
        } else {
            find_countries(&path, out)?;
        }
    }
    Ok(())
}

/// Loads and compiles the configuration at `path` (a country or a standard). With errors, prints
/// them and returns `None`: the caller stops with exit code 1.
pub fn load_compiled(
    path: &Path,
    standard: Option<&Path>,
    color: super::ColorWhen,
) -> Result<Option<gbvims_compiler::Compiled>, UsageError> {
    let loaded = load(path, standard)?;
    let compiled = gbvims_compiler::compile(&loaded.sources);
    let diagnostics = compiled.diagnostics();
    let (errors, warnings) = super::output::counts(&diagnostics);
    if errors > 0 || compiled.checked().is_none() {
        super::output::print(&loaded.sources, &diagnostics, super::Format::Human, color);
        eprintln!(
            "failed: {}: {}",
            path.display(),
            super::output::summary(errors, warnings)
        );
        return Ok(None);
    }
    // W0015, as `check` reports it: a newer major of the standard exists.
    super::releases::print_newer_major(path, &loaded, &compiled, color)?;
    Ok(Some(compiled))
}

/// Loads the configuration at `path`.
pub fn load(path: &Path, standard: Option<&Path>) -> Result<Loaded, UsageError> {
    load_except(path, standard, None)
}

/// Loads the configuration at `path`, leaving out the country file `skip`.
pub fn load_except(
    path: &Path,
    standard: Option<&Path>,
    skip: Option<&Path>,
) -> Result<Loaded, UsageError> {
    let Some(dir) = country_dir(path) else {
        let files = gbv_files(path)?;
        let root = if path.is_dir() {
            Some(root_of(path)?)
        } else {
            None
        };
        let sources = super::files::load(&files, root.as_deref(), Origin::Standard)?;
        return Ok(Loaded {
            sources,
            files: files.len(),
            release: None,
        });
    };
    let (mut sources, release) = match standard {
        Some(dir) => (standard_sources(Some(dir))?, None),
        None => {
            let (sources, used) = built_in_for(&dir)?;
            (sources, Some(used))
        }
    };
    let root = root_of(&dir)?;
    let mut files = Vec::new();
    // `.gbv` files, location files (`.csv`, `.xlsx`) and the mobile key (`.pem`); not the lock
    // files Excel keeps beside an open workbook (`~$locations.xlsx`).
    super::files::walk(&dir, &root, &mut files, &|p| {
        p.extension().is_some_and(|e| {
            ["gbv", "csv", "xlsx", "pem"]
                .iter()
                .any(|ext| e.eq_ignore_ascii_case(ext))
        }) && !p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
    })?;
    files.sort();
    files.retain(|f| skip.is_none_or(|s| f != s));
    add_all(&mut sources, &files, Some(&root), Origin::Country)?;
    Ok(Loaded {
        sources,
        files: files.len(),
        release,
    })
}

/// The built-in standard for the country in `dir`: the newest version its `extends` accepts.
fn built_in_for(dir: &Path) -> Result<(Sources, ReleaseUse), UsageError> {
    use std::io::Read as _;
    // Only the header is needed; the file is read (with every safety check) with the others.
    let mut head = String::new();
    if let Ok(file) = std::fs::File::open(dir.join("country.gbv")) {
        let _ = file.take(1 << 20).read_to_string(&mut head);
    }
    let requirement = super::releases::requirement(&head).map(|r| r.0);
    let all = super::releases::all()?;
    let versions: Vec<semver::Version> = all.iter().map(|r| r.version.clone()).collect();
    let choice = super::releases::choose(&versions, requirement.as_deref());
    let Some(used) = all.get(choice.used) else {
        return Err(UsageError("no standard is built into this binary".into()));
    };
    Ok((
        used.sources()?,
        ReleaseUse {
            used: used.version.clone(),
            newer_major: choice.newer_major.and_then(|i| all.get(i).cloned()),
        },
    ))
}

/// The standard's files: from `dir`, or the newest version built into the binary.
pub fn standard_sources(dir: Option<&Path>) -> Result<Sources, UsageError> {
    let mut sources = Sources::new();
    if let Some(dir) = dir {
        let files = gbv_files(dir)?;
        let root = if dir.is_dir() {
            Some(root_of(dir)?)
        } else {
            None
        };
        add_all(&mut sources, &files, root.as_deref(), Origin::Standard)?;
        return Ok(sources);
    }
    let all = super::releases::all()?;
    match all.last() {
        Some(newest) => newest.sources(),
        None => Err(UsageError("no standard is built into this binary".into())),
    }
}
