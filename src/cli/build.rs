//! `gbvims build`: check a configuration, run the requested targets in memory, then write each
//! target's directory atomically with its manifest, and the build directory's manifest.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use gbvims_compiler::source::Origin;
use gbvims_compiler::{Diagnostic, Sources};
use gbvims_targets::build::{emit_all, write_build};
use gbvims_targets::manifest::Header;
use gbvims_targets::{Options, Target, TargetKind};

use super::progress::Progress;
use super::{config, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims build`.
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// The configuration: a country directory, or the standard's directory.
    path: PathBuf,
    /// What to build; `all` builds every target available in this version.
    #[arg(long, value_enum)]
    target: TargetArg,
    /// The build directory (default: `build/<country id>/`, or `build/<standard name>/`).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    out: Option<PathBuf>,
    /// Treat warnings as errors: nothing is written (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Build countries against the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// `--target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TargetArg {
    /// ODK forms for phones.
    Mobile,
    /// The web form bundle.
    Web,
    /// The Primero configuration bundle.
    Primero,
    /// The Incident Recorder workbook.
    Ir,
    /// Every target available.
    All,
}

impl TargetArg {
    fn kinds(self) -> &'static [TargetKind] {
        match self {
            TargetArg::Mobile => &[TargetKind::Mobile],
            TargetArg::Web => &[TargetKind::Web],
            TargetArg::Primero => &[TargetKind::Primero],
            TargetArg::Ir => &[TargetKind::Ir],
            TargetArg::All => TargetKind::ALL,
        }
    }
}

/// Diagnostics printed as they come (human, JSON lines), or as one SARIF log when the command
/// ends, whichever way it ends.
struct Report<'a> {
    sources: &'a Sources,
    format: Format,
    color: ColorWhen,
    held: Vec<Diagnostic>,
}

impl Report<'_> {
    fn add(&mut self, progress: &Progress, diagnostics: Vec<Diagnostic>) {
        if self.format == Format::Sarif {
            self.held.extend(diagnostics);
        } else if !diagnostics.is_empty() {
            progress.suspend(|| output::print(self.sources, &diagnostics, self.format, self.color));
        }
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        if self.format == Format::Sarif {
            output::print(self.sources, &self.held, self.format, self.color);
        }
    }
}

/// Runs the command.
pub fn run(args: &BuildArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let path = &args.path;
    let loaded = config::load(path, args.standard.as_deref())?;
    let sources = loaded.sources;
    // Declared before the spinner, so the spinner is cleared before a SARIF log prints.
    let mut report = Report {
        sources: &sources,
        format: args.format,
        color,
        held: Vec::new(),
    };
    let progress = Progress::start();
    let human = args.format == Format::Human;

    progress.phase(format!("checking {}", path.display()));
    let base = gbvims_compiler::StandardBase::new(&sources);
    let compiled = gbvims_compiler::compile_with(&base, &sources);
    let mut diagnostics = compiled.diagnostics();
    // W0015, as `check` reports it: a newer major of the standard exists.
    if let Some(w) = super::releases::newer_major(path, &loaded.release, &sources, &diagnostics)? {
        diagnostics.push(w);
    }
    let (errors, warnings) = output::counts(&diagnostics);
    report.add(&progress, diagnostics);
    let checked = match compiled.checked() {
        Some(c) if errors == 0 && (warnings == 0 || !args.deny_warnings) => c,
        _ => {
            if human {
                progress.suspend(|| {
                    eprintln!(
                        "{}; nothing written",
                        output::verdict(false, path, loaded.files, errors, warnings)
                    );
                });
            }
            return Ok(EXIT_ERRORS);
        }
    };

    let instance = primero_instance(path)?;
    let mut named = build_names(&sources, path, args.standard.as_deref());
    // The Primero instance file is an input of the build too: part of its source hash.
    if let Some(text) = &instance {
        named.add_with_origin(
            format!("country/{}", gbvims_targets::primero::instance::PATH),
            text.clone(),
            Origin::Country,
        );
    }
    let header = Header::of(checked, &named).map_err(UsageError)?;
    let out_dir = args.out.clone().unwrap_or_else(|| default_dir(&header));
    let mut targets = available(args.target, &out_dir, &progress)?;
    // The Primero bundle is built for a country's installation: `all` on the standard alone
    // leaves it out (asked for by name, the target says why it cannot build).
    if args.target == TargetArg::All && config::country_dir(path).is_none() {
        targets.retain(|t| t.kind() != TargetKind::Primero);
        progress.suspend(|| {
            eprintln!("note: not built for the standard alone: primero (it is built for a country, from its primero/instance.json)");
        });
    }
    let options = Options {
        primero_instance: instance,
        ..Options::default()
    };
    let emitted = emit_all(&targets, checked, &options, |kind| {
        progress.phase(format!("emitting {}", kind.name()));
    });
    let outputs = match emitted {
        Ok(outputs) => outputs,
        Err(diagnostics) => {
            let n = diagnostics.len();
            report.add(&progress, diagnostics);
            if human {
                progress.suspend(|| {
                    eprintln!(
                        "failed: {} cannot be built: {}; nothing written",
                        path.display(),
                        output::summary(n, 0)
                    );
                });
            }
            return Ok(EXIT_ERRORS);
        }
    };

    // What a target leaves out of a build that succeeds (Primero: W0007, W0008).
    let left_out: Vec<Diagnostic> = targets
        .iter()
        .flat_map(|t| t.warnings(checked, &options))
        .collect();
    if !left_out.is_empty() {
        let n = left_out.len();
        report.add(&progress, left_out);
        if args.deny_warnings {
            if human {
                progress.suspend(|| {
                    eprintln!(
                        "failed: {} cannot be built without warnings: {}; nothing written",
                        path.display(),
                        output::summary(0, n)
                    );
                });
            }
            return Ok(EXIT_ERRORS);
        }
    }

    progress.phase(format!("writing {}", out_dir.display()));
    write_build(&out_dir, &header, &outputs).map_err(|e| {
        UsageError(format!(
            "cannot write the build to `{}`: {e} (the previous outputs of the targets not \
             written are unchanged)",
            out_dir.display()
        ))
    })?;
    drop(progress);
    if human {
        let built: Vec<String> = outputs
            .iter()
            .map(|o| {
                let n = o.artifacts.len();
                format!(
                    "{} ({n} file{})",
                    out_dir.join(o.kind.name()).display(),
                    if n == 1 { "" } else { "s" }
                )
            })
            .collect();
        eprintln!("built: {}", built.join(", "));
    }
    Ok(EXIT_OK)
}

/// The sources under the names a build shows (in its source hash and its data-protection
/// lines), which do not depend on where the command ran or how the path was typed: standard
/// files as `standard-forms/<path in the standard>`, country files as `country/<path in the
/// country directory>`. Same files, same order, so the model's spans still resolve.
fn build_names(sources: &Sources, path: &Path, standard: Option<&Path>) -> Sources {
    let country = config::country_dir(path);
    let standard_root = match (&country, standard) {
        (Some(_), Some(dir)) => dir,
        (Some(_), None) => Path::new("standard-forms"),
        (None, _) => path,
    };
    let strip = |name: &str, root: &Path| {
        let p = Path::new(name);
        let root = if p == root {
            root.parent().unwrap_or(root)
        } else {
            root
        };
        p.strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| name.to_string())
    };
    let mut renamed = Sources::new();
    for (_, f) in sources.iter() {
        let name = match (f.origin, &country) {
            (Origin::Country, Some(dir)) => format!("country/{}", strip(&f.name, dir)),
            (Origin::Country, None) => f.name.clone(),
            (Origin::Standard, _) => format!("standard-forms/{}", strip(&f.name, standard_root)),
        };
        renamed.push(f.renamed(name));
    }
    renamed
}

/// The text of the country's `primero/instance.json` (`None` when the path is not a country or
/// the country has no such file; the Primero target then says why it cannot build).
fn primero_instance(path: &Path) -> Result<Option<String>, UsageError> {
    let Some(dir) = config::country_dir(path) else {
        return Ok(None);
    };
    let file = dir.join(gbvims_targets::primero::instance::PATH);
    if !file.is_file() {
        return Ok(None);
    }
    std::fs::read_to_string(&file)
        .map(Some)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", file.display())))
}

/// `build/<country id>` for a country, `build/<standard name>` for the standard alone.
fn default_dir(header: &Header) -> PathBuf {
    let name = header
        .country
        .as_ref()
        .map_or(&header.standard.name, |c| &c.id);
    Path::new("build").join(name)
}

/// The targets asked for that this version has; a usage error when one asked for by name is
/// missing, or when `all` finds none (a note names those `all` skips).
fn available(
    arg: TargetArg,
    out_dir: &Path,
    progress: &Progress,
) -> Result<Vec<Box<dyn Target>>, UsageError> {
    let mut targets = Vec::new();
    let mut missing = Vec::new();
    for &kind in arg.kinds() {
        match gbvims_targets::target(kind) {
            Some(t) => targets.push(t),
            None => missing.push(kind.name()),
        }
    }
    let nothing = format!("nothing written to `{}`", out_dir.display());
    if arg != TargetArg::All {
        if let Some(name) = missing.first() {
            return Err(UsageError(format!(
                "the {name} target is not available yet in this version; {nothing}"
            )));
        }
    } else if targets.is_empty() {
        return Err(UsageError(format!(
            "no target is available yet in this version; {nothing}"
        )));
    } else if !missing.is_empty() {
        progress.suspend(|| {
            eprintln!(
                "note: not available yet in this version, not built: {}",
                missing.join(", ")
            );
        });
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use gbvims_targets::manifest::source_hash;

    use super::{build_names, config};

    /// The names a build shows, and so its source hash, do not depend on how the path was typed
    /// nor on whether the standard is the built-in copy or the same files given with --standard.
    #[test]
    fn build_names_do_not_depend_on_the_path_typed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let standard = root.join("standard-forms");
        let hash = |path: &Path, standard: Option<&Path>| {
            let loaded = config::load(path, standard).unwrap();
            let named = build_names(&loaded.sources, path, standard);
            for (_, f) in named.iter() {
                assert!(
                    f.name.starts_with("standard-forms/") || f.name.starts_with("country/"),
                    "{}",
                    f.name
                );
            }
            source_hash(&named)
        };
        let iraq = hash(&root.join("country-configs/iraq"), None);
        assert_eq!(
            iraq,
            hash(&root.join("country-configs/../country-configs/iraq"), None)
        );
        assert_eq!(
            iraq,
            hash(&root.join("country-configs/iraq"), Some(&standard))
        );
        assert_eq!(
            iraq,
            hash(&root.join("country-configs/iraq/country.gbv"), None)
        );
        assert_ne!(iraq, hash(&root.join("country-configs/mali"), None));
        let alone = hash(&standard, None);
        assert_eq!(alone, hash(&root.join("./standard-forms"), None));
    }
}
