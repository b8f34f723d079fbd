//! `gbvims diff OLD NEW`: what changed between two versions of the standard, the version bump it
//! requires, whether the declared bump is enough (`--check-version`), and which lines of each
//! country's overlay the change breaks (`--country DIR`).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use gbvims_compiler::diff::{self, Change, Diff, Level, VersionCheck};
use gbvims_compiler::json::ModelDoc;
use gbvims_compiler::{Code, Diagnostic, Sources};

use super::{config, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old standard: a directory, `builtin:X.Y.Z`, or a git revision (`standard-v1.0.0`,
    /// `REV:path`).
    old: String,
    /// The new standard: a directory, `builtin:X.Y.Z`, or a git revision (`HEAD`, `REV:path`).
    new: String,
    /// `human`, `json` (for programs) or `markdown` (for a release note).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Fail (exit 1) when NEW's declared version bump is smaller than the changes require.
    #[arg(long)]
    check_version: bool,
    /// A country directory: report the lines of its overlay that the change breaks (repeatable).
    #[arg(long, value_name = "DIR")]
    country: Vec<PathBuf>,
}

/// Output of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Human,
    /// One JSON document.
    Json,
    /// A Markdown section for a release note.
    Markdown,
}

/// A standard named on the command line, read from a directory (a git revision is first written
/// to a temporary directory).
struct Side {
    /// What the user wrote.
    name: String,
    /// Where its files are.
    dir: PathBuf,
    /// Keeps a git revision's files alive.
    _tmp: Option<tempfile::TempDir>,
}

/// What one country's overlay loses.
struct Breakage {
    country: String,
    /// `file:line: CODE message`, sorted.
    lines: Vec<BrokenLine>,
}

struct BrokenLine {
    file: String,
    line: usize,
    code: String,
    message: String,
}

/// Runs the command.
pub fn run(args: &DiffArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let old = side(&args.old)?;
    let new = side(&args.new)?;
    let (Some((old_doc, _)), Some((new_doc, new_sources))) =
        (model(&old, color)?, model(&new, color)?)
    else {
        return Ok(EXIT_ERRORS);
    };
    let d = diff::diff(&old_doc, &new_doc);
    let mut countries = Vec::new();
    for dir in &args.country {
        countries.push(breakage(dir, &old.dir, &new.dir)?);
    }
    let check = args.check_version.then(|| d.check_version());
    let text = match args.format {
        DiffFormat::Human => human(&old, &new, &d, check, &countries),
        DiffFormat::Markdown => markdown(&d, &countries),
        DiffFormat::Json => json(&old, &new, &d, check, &countries),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    let failed = matches!(
        check,
        Some(VersionCheck::TooSmall { .. } | VersionCheck::NotIncreased)
    );
    if failed {
        let mut diagnostics = Vec::new();
        diagnostics.extend(version_diagnostic(&new_sources, &d, check));
        output::print(&new_sources, &diagnostics, Format::Human, color);
        if args.format != DiffFormat::Human {
            eprintln!("failed: {}", check_sentence(&d, check));
        }
    }
    Ok(if failed { EXIT_ERRORS } else { EXIT_OK })
}

/// A directory, a version built into the binary (`builtin:X.Y.Z`), or a git revision (`REV` or
/// `REV:path`, the path defaulting to `standard-forms`).
fn side(arg: &str) -> Result<Side, UsageError> {
    if let Some(version) = arg.strip_prefix("builtin:") {
        let all = super::releases::all()?;
        let known: Vec<String> = all.iter().map(|r| r.version.to_string()).collect();
        let Some(release) = all.iter().find(|r| r.version.to_string() == version) else {
            return Err(UsageError(format!(
                "no standard {version} is built into gbvims (built in: {})",
                known.join(", ")
            )));
        };
        let tmp =
            tempfile::tempdir().map_err(|e| UsageError(format!("temporary directory: {e}")))?;
        let dir = release.directory(tmp.path())?;
        return Ok(Side {
            name: arg.to_string(),
            dir,
            _tmp: Some(tmp),
        });
    }
    let path = Path::new(arg);
    if path.exists() {
        return Ok(Side {
            name: arg.to_string(),
            dir: path.to_path_buf(),
            _tmp: None,
        });
    }
    let (rev, sub) = arg.split_once(':').unwrap_or((arg, "standard-forms"));
    if rev.starts_with('-') || rev.is_empty() {
        return Err(UsageError(format!(
            "`{arg}` is neither a directory nor a git revision"
        )));
    }
    let git = |args: &[&str]| -> Result<Vec<u8>, UsageError> {
        let out = Command::new("git").args(args).output().map_err(|e| {
            UsageError(format!(
                "`{arg}` is not a directory, and git (to read it as a revision) could not run: {e}"
            ))
        })?;
        if !out.status.success() {
            return Err(UsageError(format!(
                "`{arg}` is neither a directory nor a git revision here: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    };
    let commit = format!("{rev}^{{commit}}");
    git(&["rev-parse", "--verify", "--quiet", &commit])?;
    let listing = git(&[
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--full-tree",
        rev,
        "--",
        sub,
    ])?;
    let tmp = tempfile::tempdir().map_err(|e| UsageError(format!("temporary directory: {e}")))?;
    let prefix = format!("{}/", sub.trim_end_matches('/'));
    let mut files = 0;
    for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).to_string();
        if !name.ends_with(".gbv") {
            continue;
        }
        let rel = name.strip_prefix(&prefix).unwrap_or(&name);
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            continue;
        }
        let text = git(&["show", &format!("{rev}:{name}")])?;
        let to = tmp.path().join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| UsageError(format!("temporary directory: {e}")))?;
        }
        std::fs::write(&to, text).map_err(|e| UsageError(format!("temporary file: {e}")))?;
        files += 1;
    }
    if files == 0 {
        return Err(UsageError(format!(
            "the revision `{rev}` holds no `.gbv` file under `{sub}`"
        )));
    }
    Ok(Side {
        name: arg.to_string(),
        dir: tmp.path().to_path_buf(),
        _tmp: Some(tmp),
    })
}

/// E0131 at NEW's `version`, when the version check failed.
fn version_diagnostic(
    sources: &Sources,
    d: &Diff,
    check: Option<VersionCheck>,
) -> Option<Diagnostic> {
    let span = sources.iter().find_map(|(id, f)| {
        let parsed = gbvims_dsl::parse(id, &f.text);
        parsed.file.decls.iter().find_map(|decl| match &decl.kind {
            gbvims_dsl::ast::DeclKind::Standard(s) => Some(s.version.span),
            _ => None,
        })
    })?;
    let (message, label) = match check? {
        VersionCheck::Enough { .. } => return None,
        VersionCheck::TooSmall {
            declared: Some(declared),
            required,
        } => (
            format!(
                "version {} is a {} bump from {}, but the changes require a {} version",
                d.new_version,
                declared.as_str(),
                d.old_version,
                required.as_str()
            ),
            format!("a {} bump", declared.as_str()),
        ),
        VersionCheck::TooSmall {
            declared: None,
            required,
        } => (
            format!(
                "version {} is unchanged, but the changes require a {} version",
                d.new_version,
                required.as_str()
            ),
            "unchanged".to_string(),
        ),
        VersionCheck::NotIncreased => (
            format!("version {} is not above {}", d.new_version, d.old_version),
            "not above the old version".to_string(),
        ),
    };
    let help = d.required_version().map_or_else(
        || "set a version above the old one".to_string(),
        |v| {
            format!(
                "set `version \"{v}\"` (or higher), or undo the changes that require it (listed by `gbvims diff`)"
            )
        },
    );
    let deciding = d
        .changes
        .iter()
        .filter(|c| Some(c.kind.level()) == d.verdict())
        .count();
    Some(
        Diagnostic::new(Code::E0131, span, message)
            .label(label)
            .help(help)
            .note(format!(
                "{deciding} change{} require{} it",
                if deciding == 1 { "" } else { "s" },
                if deciding == 1 { "s" } else { "" }
            )),
    )
}

/// The model document of a standard and its sources; with errors, prints them and returns
/// `None`.
fn model(side: &Side, color: ColorWhen) -> Result<Option<(ModelDoc, Sources)>, UsageError> {
    if config::country_dir(&side.dir).is_some() {
        return Err(UsageError(format!(
            "`{}` is a country; `diff` compares two standards (give countries with `--country`)",
            side.name
        )));
    }
    let loaded = config::load(&side.dir, None)?;
    let compiled = gbvims_compiler::compile(&loaded.sources);
    let diagnostics = compiled.diagnostics();
    let (errors, warnings) = output::counts(&diagnostics);
    match compiled.checked() {
        Some(checked) if errors == 0 => Ok(Some((ModelDoc::of(checked.model()), loaded.sources))),
        _ => {
            output::print(&loaded.sources, &diagnostics, Format::Human, color);
            eprintln!(
                "failed: {}: {}; `diff` compares standards that check clean",
                side.name,
                output::summary(errors, warnings)
            );
            Ok(None)
        }
    }
}

/// The lines of a country's overlay that fail on NEW and did not on OLD.
fn breakage(country: &Path, old: &Path, new: &Path) -> Result<Breakage, UsageError> {
    if config::country_dir(country).is_none() {
        return Err(UsageError(format!(
            "`{}` is not a country directory (no `country.gbv`)",
            country.display()
        )));
    }
    let findings = |standard: &Path| -> Result<(Sources, Vec<Diagnostic>), UsageError> {
        let loaded = config::load(country, Some(standard))?;
        let diagnostics = gbvims_compiler::compile(&loaded.sources).diagnostics();
        Ok((loaded.sources, diagnostics))
    };
    let (old_sources, old_diags) = findings(old)?;
    let (new_sources, new_diags) = findings(new)?;
    let lines =
        super::releases::new_problems((&old_sources, &old_diags), (&new_sources, &new_diags))
            .into_iter()
            .map(|(file, line, code, message)| BrokenLine {
                file,
                line,
                code,
                message,
            })
            .collect();
    Ok(Breakage {
        country: country.display().to_string(),
        lines,
    })
}

fn level_word(l: Option<Level>) -> &'static str {
    l.map_or("none", Level::as_str)
}

fn verdict_sentence(d: &Diff) -> String {
    match d.verdict() {
        None => "no change".to_string(),
        Some(l) => format!("requires a {} version", l.as_str()),
    }
}

fn check_sentence(d: &Diff, check: Option<VersionCheck>) -> String {
    let versions = format!("{} → {}", d.old_version, d.new_version);
    match check {
        None => String::new(),
        Some(VersionCheck::Enough { declared }) => {
            format!("version {versions} ({}) is enough", level_word(declared))
        }
        Some(VersionCheck::TooSmall { declared, required }) => format!(
            "version {versions} is a {} bump; the changes require a {} version",
            level_word(declared),
            required.as_str()
        ),
        Some(VersionCheck::NotIncreased) => {
            format!("version {versions} does not increase")
        }
    }
}

fn change_line(c: &Change) -> String {
    let mut s = format!("{}: {}", c.kind.name(), c.subject);
    if let (Some(o), Some(n)) = (&c.old, &c.new) {
        let _ = write!(s, ": {o} → {n}");
    }
    s
}

fn human(
    old: &Side,
    new: &Side,
    d: &Diff,
    check: Option<VersionCheck>,
    countries: &[Breakage],
) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "diff {} ({}) → {} ({}): {} change{}, {}",
        old.name,
        d.old_version,
        new.name,
        d.new_version,
        d.changes.len(),
        if d.changes.len() == 1 { "" } else { "s" },
        verdict_sentence(d)
    );
    for level in [Level::Major, Level::Minor, Level::Patch] {
        let changes = d.at_level(level);
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{}:", level.as_str());
        for c in changes {
            let _ = writeln!(o, "  {}", change_line(c));
            if level == Level::Major {
                let _ = writeln!(o, "    why: {}", c.kind.reason());
            }
        }
    }
    for b in countries {
        let _ = writeln!(o, "\ncountry {}:", b.country);
        if b.lines.is_empty() {
            let _ = writeln!(o, "  nothing breaks");
        }
        for l in &b.lines {
            let _ = writeln!(o, "  {}:{}: {} {}", l.file, l.line, l.code, l.message);
        }
    }
    if check.is_some() {
        let ok = matches!(check, Some(VersionCheck::Enough { .. }));
        let _ = writeln!(
            o,
            "\n{}: {}",
            if ok { "ok" } else { "failed" },
            check_sentence(d, check)
        );
    }
    o
}

fn markdown(d: &Diff, countries: &[Breakage]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## GBVIMS standard {}\n", d.new_version);
    let _ = writeln!(
        o,
        "From {}: {} change{}, {}.",
        d.old_version,
        d.changes.len(),
        if d.changes.len() == 1 { "" } else { "s" },
        verdict_sentence(d)
    );
    for (level, title) in [
        (
            Level::Major,
            "Breaking changes (every country reviews its overlay)",
        ),
        (Level::Minor, "Additions"),
        (Level::Patch, "Wording"),
    ] {
        let changes = d.at_level(level);
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n### {title}\n");
        for c in changes {
            let mut line = format!("- `{}`: {}", c.kind.name(), c.subject);
            if let (Some(a), Some(b)) = (&c.old, &c.new) {
                let _ = write!(line, " (`{a}` → `{b}`)");
            }
            if level == Level::Major {
                let _ = write!(line, " — {}", c.kind.reason());
            }
            let _ = writeln!(o, "{line}");
        }
    }
    for b in countries {
        let _ = writeln!(o, "\n### Country `{}`\n", b.country);
        if b.lines.is_empty() {
            let _ = writeln!(o, "Nothing breaks.");
        }
        for l in &b.lines {
            let _ = writeln!(o, "- `{}:{}` {}: {}", l.file, l.line, l.code, l.message);
        }
    }
    o
}

fn json(
    old: &Side,
    new: &Side,
    d: &Diff,
    check: Option<VersionCheck>,
    countries: &[Breakage],
) -> String {
    use serde_json::{json, Value};
    let changes: Vec<Value> = d
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.name(),
                "level": c.kind.level().as_str(),
                "subject": c.subject,
                "old": c.old,
                "new": c.new,
                "reason": c.kind.reason(),
            })
        })
        .collect();
    let version_check = check.map(|c| match c {
        VersionCheck::Enough { declared } => json!({
            "ok": true, "declared": declared.map(Level::as_str), "required": d.verdict().map(Level::as_str)
        }),
        VersionCheck::TooSmall { declared, required } => json!({
            "ok": false, "code": "E0131", "declared": declared.map(Level::as_str),
            "required": required.as_str(),
            "required_version": d.required_version().map(|v| v.to_string()),
        }),
        VersionCheck::NotIncreased => json!({
            "ok": false, "code": "E0131", "declared": null,
            "required": d.verdict().map(Level::as_str),
            "required_version": d.required_version().map(|v| v.to_string()),
            "error": "the version does not increase"
        }),
    });
    let countries: Vec<Value> = countries
        .iter()
        .map(|b| {
            json!({
                "country": b.country,
                "broken": b.lines.iter().map(|l| json!({
                    "file": l.file, "line": l.line, "code": l.code, "message": l.message
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "format": "gbvims-diff/1",
        "old": { "source": old.name, "version": d.old_version },
        "new": { "source": new.name, "version": d.new_version },
        "verdict": d.verdict().map(Level::as_str),
        "changes": changes,
        "version_check": version_check,
        "countries": countries,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
