//! Every released version of the standard, built into the binary: `standard-releases/vX.Y.Z/`
//! (copies made by `scripts/snapshot-standard.sh` at each release) and the working
//! `standard-forms/` (the newest). A country is compiled on the newest version its `extends`
//! accepts; when a newer major exists, `check` says so (W0015) with what the overlay loses on it.
//!
//! `GBVIMS_STANDARD_RELEASES=DIR` replaces the built-in versions with the `vX.Y.Z/` directories
//! of DIR (the tests use it to stand for a newer major that does not exist yet).

use std::path::{Path, PathBuf};

use gbvims_compiler::source::Origin;
use gbvims_compiler::{Code, Diagnostic, Sources};
use include_dir::{include_dir, Dir};

use super::UsageError;

/// The working standard (the newest version).
static STANDARD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/standard-forms");

/// The released versions, `vX.Y.Z/` each.
static RELEASES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/standard-releases");

/// Where a version's files are.
#[derive(Clone, Debug)]
enum Files {
    Embedded(&'static Dir<'static>),
    Disk(PathBuf),
}

/// One version of the standard the binary knows.
#[derive(Clone, Debug)]
pub struct Release {
    /// Its version (from its `standard.gbv`).
    pub version: semver::Version,
    files: Files,
}

/// The version declared in a standard's `standard.gbv` text.
fn declared_version(text: &str) -> Option<semver::Version> {
    let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), text);
    parsed.file.decls.iter().find_map(|d| match &d.kind {
        gbvims_dsl::ast::DeclKind::Standard(s) => semver::Version::parse(&s.version.node).ok(),
        _ => None,
    })
}

fn embedded_version(dir: &'static Dir<'static>) -> Option<semver::Version> {
    let file = dir
        .files()
        .find(|f| f.path().file_name().is_some_and(|n| n == "standard.gbv"))?;
    declared_version(file.contents_utf8()?)
}

/// Every known version, oldest first (one per version: the working standard wins over a release
/// of the same version).
pub fn all() -> Result<Vec<Release>, UsageError> {
    let mut out: Vec<Release> = Vec::new();
    if let Some(dir) = std::env::var_os("GBVIMS_STANDARD_RELEASES") {
        let dir = PathBuf::from(dir);
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            UsageError(format!(
                "GBVIMS_STANDARD_RELEASES: cannot read `{}`: {e}",
                dir.display()
            ))
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let text = std::fs::read_to_string(path.join("standard.gbv")).unwrap_or_default();
            if let Some(version) = declared_version(&text) {
                out.push(Release {
                    version,
                    files: Files::Disk(path),
                });
            }
        }
    } else {
        for dir in RELEASES.dirs() {
            if let Some(version) = embedded_version(dir) {
                out.push(Release {
                    version,
                    files: Files::Embedded(dir),
                });
            }
        }
        if let Some(version) = embedded_version(&STANDARD) {
            out.retain(|r| r.version != version);
            out.push(Release {
                version,
                files: Files::Embedded(&STANDARD),
            });
        }
    }
    out.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(out)
}

impl Release {
    /// Its files, named `standard-forms/…` as the built-in standard always was.
    pub fn sources(&self) -> Result<Sources, UsageError> {
        match &self.files {
            Files::Disk(dir) => super::config::standard_sources(Some(dir)),
            Files::Embedded(dir) => {
                let mut files = Vec::new();
                embedded(dir, dir.path(), &mut files);
                files.sort_by(|a, b| a.0.cmp(&b.0));
                let mut sources = Sources::new();
                for (path, text) in files {
                    sources.add(format!("standard-forms/{path}"), text);
                }
                Ok(sources)
            }
        }
    }

    /// A directory holding it: its own (`GBVIMS_STANDARD_RELEASES`), or its files written below
    /// `to` (for `gbvims diff builtin:X.Y.Z`).
    pub fn directory(&self, to: &Path) -> Result<PathBuf, UsageError> {
        let dir = match &self.files {
            Files::Disk(path) => return Ok(path.clone()),
            Files::Embedded(dir) => dir,
        };
        let mut files = Vec::new();
        embedded(dir, dir.path(), &mut files);
        for (rel, text) in files {
            let path = to.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| UsageError(format!("temporary directory: {e}")))?;
            }
            std::fs::write(&path, text).map_err(|e| UsageError(format!("temporary file: {e}")))?;
        }
        Ok(to.to_path_buf())
    }
}

fn embedded(dir: &Dir<'static>, base: &Path, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "gbv") {
            if let Some(text) = file.contents_utf8() {
                let rel = file.path().strip_prefix(base).unwrap_or(file.path());
                out.push((rel.display().to_string(), text.to_string()));
            }
        }
    }
    for sub in dir.dirs() {
        embedded(sub, base, out);
    }
}

/// Which version a country gets, and the newest of a newer major if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Index of the version used.
    pub used: usize,
    /// Index of the newest version of a higher major than the one used (only when the used one
    /// satisfies the requirement).
    pub newer_major: Option<usize>,
}

/// The newest of `versions` (oldest first) that `requirement` accepts; with none (or no readable
/// requirement), the newest, on which the compiler reports E0088.
#[must_use]
pub fn choose(versions: &[semver::Version], requirement: Option<&str>) -> Choice {
    let newest = versions.len().saturating_sub(1);
    let req = requirement.and_then(|r| semver::VersionReq::parse(r).ok());
    let Some(used) = req.and_then(|req| versions.iter().rposition(|v| req.matches(v))) else {
        return Choice {
            used: newest,
            newer_major: None,
        };
    };
    let newer_major = versions
        .iter()
        .rposition(|v| v.major > versions[used].major);
    Choice { used, newer_major }
}

/// The `extends` requirement of a country's `country.gbv` text, with its span's range.
pub fn requirement(text: &str) -> Option<(String, std::ops::Range<u32>)> {
    let parsed = gbvims_dsl::parse(gbvims_dsl::FileId(0), text);
    parsed.file.decls.iter().find_map(|d| match &d.kind {
        gbvims_dsl::ast::DeclKind::Country(c) => Some((
            c.requirement.node.clone(),
            c.requirement.span.start..c.requirement.span.end,
        )),
        _ => None,
    })
}

/// W0015 at the `extends` requirement of the country in `sources`: a newer major (`newest`)
/// exists than the one used; its notes list the overlay lines that fail on it (`broken`).
pub fn newer_major_warning(
    sources: &Sources,
    used: &semver::Version,
    newest: &semver::Version,
    broken: &[String],
) -> Option<Diagnostic> {
    let (file, text) = sources.iter().find_map(|(id, f)| {
        (f.origin == Origin::Country && f.name.ends_with("country.gbv")).then_some((id, &f.text))
    })?;
    let (req, range) = requirement(text)?;
    let span = gbvims_compiler::Span {
        file,
        start: range.start,
        end: range.end,
    };
    let mut d = Diagnostic::new(
        Code::W0015,
        span,
        format!(
            "the standard {newest} is out; this country uses {used}, the newest version \"{req}\" accepts"
        ),
    )
    .label("an older major version")
    .help(format!(
        "see what the overlay must change with `gbvims diff builtin:{used} builtin:{newest} --country <this directory>`, change it, then write `extends gbvims \"^{}.{}\"`",
        newest.major, newest.minor
    ));
    if broken.is_empty() {
        d.notes
            .push(format!("on {newest} this overlay has no new problem"));
    } else {
        d.notes.push(format!(
            "on {newest} these lines fail: {}",
            broken.join("; ")
        ));
    }
    Some(d)
}

/// The diagnostics of the country's own files that appear on `new` and not on `old`, as
/// `file:line: CODE message`, sorted.
pub fn new_problems(
    old: (&Sources, &[Diagnostic]),
    new: (&Sources, &[Diagnostic]),
) -> Vec<(String, usize, String, String)> {
    let place = |sources: &Sources, d: &Diagnostic| {
        let span = d.primary.span;
        let file = sources.get(span.file)?;
        // Only the country's own lines: the standard's are the diff's business.
        if file.origin != Origin::Country {
            return None;
        }
        let (line, _) = sources.line_col(span.file, span.start as usize);
        Some((
            file.name.clone(),
            line,
            d.code.as_str().to_string(),
            d.message.clone(),
        ))
    };
    let before: std::collections::BTreeSet<(String, usize, String)> = old
        .1
        .iter()
        .filter_map(|d| place(old.0, d))
        .map(|(f, l, c, _)| (f, l, c))
        .collect();
    let mut out: Vec<_> = new
        .1
        .iter()
        .filter_map(|d| place(new.0, d))
        .filter(|(f, l, c, _)| !before.contains(&(f.clone(), *l, c.clone())))
        .collect();
    out.sort();
    out.dedup_by(|a, b| (&a.0, a.1, &a.2) == (&b.0, b.1, &b.2));
    out
}

/// Prints W0015 on stderr for a command whose output is not diagnostics (`show`, `ir export`,
/// `validate-records`): a newer major of the standard exists than the one the country was
/// loaded on.
pub fn print_newer_major(
    path: &std::path::Path,
    loaded: &super::config::Loaded,
    compiled: &gbvims_compiler::Compiled,
    color: super::ColorWhen,
) -> Result<(), super::UsageError> {
    // Most countries are on the newest major: nothing to compile again.
    if loaded
        .release
        .as_ref()
        .is_none_or(|r| r.newer_major.is_none())
    {
        return Ok(());
    }
    let diagnostics = compiled.diagnostics();
    if let Some(w) = newer_major(path, &loaded.release, &loaded.sources, &diagnostics)? {
        super::output::print(&loaded.sources, &[w], super::Format::Human, color);
    }
    Ok(())
}

/// W0015 when the country was loaded on a built-in version and a newer major exists: the country
/// is compiled on the newer major too, and its new problems are the warning's note. `check`,
/// `build`, `show`, `preview`, `ir export` and `validate-records` report it.
pub fn newer_major(
    path: &std::path::Path,
    release: &Option<super::config::ReleaseUse>,
    sources: &gbvims_compiler::Sources,
    diagnostics: &[gbvims_compiler::Diagnostic],
) -> Result<Option<gbvims_compiler::Diagnostic>, super::UsageError> {
    let Some(super::config::ReleaseUse {
        used,
        newer_major: Some(newer),
    }) = release
    else {
        return Ok(None);
    };
    let tmp =
        tempfile::tempdir().map_err(|e| super::UsageError(format!("temporary directory: {e}")))?;
    let dir = newer.directory(tmp.path())?;
    let on_newer = super::config::load(path, Some(&dir))?;
    let newer_diagnostics = gbvims_compiler::compile(&on_newer.sources).diagnostics();
    let broken: Vec<String> = super::releases::new_problems(
        (sources, diagnostics),
        (&on_newer.sources, &newer_diagnostics),
    )
    .into_iter()
    // The `extends` line itself is what the warning is about.
    .filter(|(_, _, code, _)| code != "E0088")
    .map(|(file, line, code, message)| format!("{file}:{line}: {code} {message}"))
    .collect();
    Ok(super::releases::newer_major_warning(
        sources,
        used,
        &newer.version,
        &broken,
    ))
}

#[cfg(test)]
mod tests {
    use super::{choose, Choice};

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).unwrap()
    }

    #[test]
    fn the_newest_accepted_version_and_a_newer_major() {
        let versions = [v("1.0.0"), v("1.2.0"), v("2.0.0"), v("2.1.0")];
        let used = |req| choose(&versions, Some(req));
        assert_eq!(
            used("^1.0"),
            Choice {
                used: 1,
                newer_major: Some(3)
            }
        );
        assert_eq!(
            used("^2.0"),
            Choice {
                used: 3,
                newer_major: None
            }
        );
        assert_eq!(
            used("=1.0.0"),
            Choice {
                used: 0,
                newer_major: Some(3)
            }
        );
        // Nothing accepted (or unreadable): the newest, where the compiler says E0088.
        for req in ["^3.0", "not a requirement"] {
            assert_eq!(
                used(req),
                Choice {
                    used: 3,
                    newer_major: None
                }
            );
        }
        assert_eq!(choose(&versions, None).used, 3);
    }
}
