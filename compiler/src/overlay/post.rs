//! Checks of a country that need the merged model: placeholders left in place, the location
//! file, the admin levels of location questions and of the Incident Recorder.

use std::path::{Component, Path, PathBuf};

use gbvims_dsl::ast::Name;
use gbvims_dsl::Spanned;

use crate::checks::data_file_changed::DataFileChanged;
use crate::checks::missing_location_file::MissingLocationFile;
use crate::diagnostics::{did_you_mean, suggest, Code, Diagnostic, Sink};
use crate::locations::{self, LocationTable};
use crate::lower::{CountryInfo, Levels};
use crate::model::{
    AdminLevel, Country, ExprKind, Func, IrLocationLevel, LookupKind, Model, OptionId,
    OptionSource, Policy, SpanTable, Value,
};
use crate::source::{Origin, Sources};

/// What applying the overlay left for these checks.
pub(crate) struct Applied {
    /// Standard lookups the country replaced.
    pub replaced: Vec<String>,
    /// Option ids of `extend`/`replace lookup` refused for their prefix (E0080): a setting
    /// naming one is not reported again as unknown (E0090).
    pub refused_options: Vec<String>,
    /// Placeholder lists declared `unused lookup`, and where.
    pub unused: std::collections::BTreeMap<String, gbvims_dsl::Span>,
}

/// Runs the checks and returns the country part of the model.
pub(crate) fn check(
    sources: &Sources,
    model: &Model,
    std: &Model,
    std_spans: &SpanTable,
    applied: &Applied,
    info: &CountryInfo,
    sink: &mut Sink,
) -> Country {
    placeholders(model, std, std_spans, applied, info, sink);
    let locations = load_locations(sources, model, info, sink);
    let depth = locations.as_ref().map(|t| t.depth);
    let mobile_public_key = super::mobile_key::load(sources, model, info, sink);
    let location_levels = admin_levels(model, info, depth, &applied.refused_options, sink);
    let ir_location_levels = ir_levels(model, info, depth, sink);
    missing_translations(model, info, sink);
    Country {
        id: info.id.node.clone(),
        code: info.code.clone(),
        name: info.name.clone(),
        requirement: info.requirement.clone(),
        locations: locations.unwrap_or_default(),
        location_levels,
        ir_location_levels,
        mobile_public_key,
        rewords: Vec::new(),
    }
}

/// E0091: a localizable lookup still holding the standard's placeholders, unless only fields
/// the country hides use it.
fn placeholders(
    model: &Model,
    std: &Model,
    std_spans: &SpanTable,
    applied: &Applied,
    info: &CountryInfo,
    sink: &mut Sink,
) {
    let replaced = &applied.replaced;
    for (n, lookup) in std.lookups.iter().enumerate() {
        let LookupKind::Named(id) = &lookup.kind else {
            continue;
        };
        if lookup.policy != Policy::Localizable || replaced.iter().any(|r| r == id.as_str()) {
            continue;
        }
        let Some(ix) = model.lookup_by_id(id.as_str()) else {
            continue;
        };
        let readers: Vec<&crate::model::Field> = model
            .fields
            .iter()
            .filter(|f| {
                // A withdrawn field (`hide field`, `hide form`, the rows of a hidden subform
                // field) is not asked either.
                f.flags.visible
                    && !f.flags.withdrawn
                    && model.form(f.form).visible
                    && matches!(&f.kind, crate::model::FieldKind::Select { source: OptionSource::Lookup(l), .. } if *l == ix)
            })
            .collect();
        if let Some(unused) = applied.unused.get(id.as_str()) {
            if let Some(f) = readers.first() {
                sink.push(
                    Diagnostic::new(
                        Code::E0136,
                        *unused,
                        format!(
                            "`{id}` is declared unused, but the field `{}` of `{}` reads it",
                            f.id,
                            model.form(f.form).id
                        ),
                    )
                    .label("read by a kept field")
                    .help(format!(
                        "replace the placeholders with the country's list (`replace lookup {id} {{ option …: … }}`), or, if the country does not ask them, hide the fields that read it: {}",
                        readers
                            .iter()
                            .map(|f| format!("`hide field {}.{}`", model.form(f.form).id, f.id))
                            .collect::<Vec<_>>()
                            .join(", "),
                    )),
                );
            }
            continue;
        }
        let shown = !readers.is_empty();
        if !shown && !lookup.system {
            continue;
        }
        let placeholder = lookup
            .options
            .iter()
            .find(|o| !lookup.anchors.contains(&o.id));
        let example = placeholder.map_or("…", |o| o.id.as_str());
        sink.push(
            Diagnostic::new(
                Code::E0091,
                info.header_span,
                format!(
                    "the country keeps the standard's placeholder list `{id}` (\"{}\", …)",
                    placeholder.map_or("", |o| std.text(&o.label, "en"))
                ),
            )
            .label("placeholder not replaced")
            .with_secondary(std_spans.lookups[n], "a placeholder of the standard")
            .help(format!(
                "add `replace lookup {id} {{ option …: … }}` with the country's own list (it replaces `{example}` and the other placeholders){}{}",
                if lookup.anchors.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; keep {}",
                        lookup.anchors.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                    )
                },
                if shown {
                    String::new()
                } else {
                    format!("; or, as no field the country keeps reads it, write `unused lookup {id}`")
                }
            )),
        );
    }
}

/// W0005: one warning per language, listing every text without a translation in it.
fn missing_translations(model: &Model, info: &CountryInfo, sink: &mut Sink) {
    let mut seen: Vec<&str> = Vec::new();
    for lang in &info.languages {
        let declared = model
            .standard
            .languages
            .iter()
            .any(|l| l.as_str() == lang.node);
        if !declared || seen.contains(&lang.node.as_str()) {
            continue; // an invalid or repeated language, already reported
        }
        seen.push(&lang.node);
        // A text without the default language is an error of its own (E0053), reported once.
        if lang.node == model.standard.default_language.as_str() {
            continue;
        }
        let missing = crate::translations::missing(model, &lang.node);
        if missing.is_empty() {
            continue;
        }
        let n = missing.len();
        let keys: Vec<String> = missing.iter().map(ToString::to_string).collect();
        sink.push(
            Diagnostic::new(
                Code::W0005,
                lang.span,
                format!(
                    "{n} text{} of the configuration {} no `{}` translation",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "has" } else { "have" },
                    lang.node
                ),
            )
            .label("missing translations")
            .help(format!(
                "run `gbvims translations export <country-dir> --lang {0} -o {0}.xlsx`, have it filled in, then `gbvims translations import <country-dir> {0}.xlsx`",
                lang.node
            ))
            .note(format!("untranslated:\n{}", keys.join("\n"))),
        );
    }
}

/// Normalizes `a/./b/../c` to `a/c` (no disk access).
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// E0095 when a data file named in the country header (`path`) leads outside the country's
/// directory: `..` is judged from that directory, whatever the working directory.
pub(super) fn outside_country(
    path: &Spanned<String>,
    what: &str,
    put: &str,
    example: &str,
) -> Option<Diagnostic> {
    let p = Path::new(&path.node);
    if !(p.is_absolute() || normalize(p).starts_with("..")) {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::E0095,
            path.span,
            format!(
                "the {what} `{}` is outside the country's directory, so it was not read",
                path.node
            ),
        )
        .label("outside the country")
        .help(format!(
            "put the {put} inside the country's directory (next to country.gbv) and name it from there, e.g. {example}"
        )),
    )
}

fn load_locations(
    sources: &Sources,
    model: &Model,
    info: &CountryInfo,
    sink: &mut Sink,
) -> Option<LocationTable> {
    let path = info.locations.as_ref();
    sources.get(info.header_span.file)?;
    let wanted = path.and_then(|p| country_path(sources, info, &p.node));
    let key = super::mobile_key::wanted(sources, info);
    refused_data_files(sources, &[wanted.as_deref(), key.as_deref()], sink);
    let (path, wanted) = (path?, wanted?);
    if let Some(d) = outside_country(
        path,
        "location file",
        "location file",
        "`locations: \"locations.csv\"`",
    ) {
        sink.push(d);
        return None;
    }
    let found = sources.iter().find(|(_, f)| {
        f.origin == Origin::Country && !f.is_gbv() && normalize(Path::new(&f.name)) == wanted
    });
    if let Some((_, f)) = found {
        if let Some(refusal) = &f.refused {
            sink.push(crate::checks::refused_file::diagnostic(
                &f.name, refusal, path.span,
            ));
            return None;
        }
    }
    let Some((file, source)) = found else {
        let dir = wanted.parent().map(Path::to_path_buf).unwrap_or_default();
        let present: Vec<String> = sources
            .iter()
            .filter(|(_, f)| f.origin == Origin::Country && !f.is_gbv() && f.refused.is_none())
            .map(|(_, f)| normalize(Path::new(&f.name)))
            .filter(|p| p.parent() == Some(dir.as_path()))
            // Key files (`.pem`) are never location files.
            .filter(|p| !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pem")))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .collect();
        let help = match present.first() {
            Some(other) => format!(
                "did you mean `locations: \"{other}\"`? (the files next to the country's are: {})",
                present.join(", ")
            ),
            None => format!(
                "put the HXL location file at `{}`, or correct the name",
                wanted.display()
            ),
        };
        sink.push(
            MissingLocationFile::NotFound {
                file: &path.node,
                span: path.span,
                help,
            }
            .diagnostic(),
        );
        return None;
    };
    let languages: Vec<String> = model
        .standard
        .languages
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    let loaded = match source.data() {
        // Streamed: the file is read from the CLI's source, never held whole.
        Some(data) => data
            .open()
            .and_then(|reader| locations::load_from(file, reader, &languages)),
        None => Ok(locations::load(file, &source.text, &languages)),
    };
    let (table, diags) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            sink.push(DataFileChanged::diagnostic(&source.name, &e, path.span));
            return None;
        }
    };
    for d in diags {
        sink.push(d);
    }
    Some(table)
}

/// The normalized path of a file the country header names, from the country's directory.
pub(super) fn country_path(sources: &Sources, info: &CountryInfo, path: &str) -> Option<PathBuf> {
    let country_file = sources.get(info.header_span.file)?;
    let country_dir = Path::new(&country_file.name)
        .parent()
        .unwrap_or(Path::new(""));
    Some(normalize(&country_dir.join(path)))
}

/// Reports the country's data files the CLI refused to read, except the files the header names
/// (the location file and the mobile key, reported at their lines).
fn refused_data_files(sources: &Sources, named: &[Option<&Path>], sink: &mut Sink) {
    for (id, f) in sources.iter() {
        let Some(refusal) = &f.refused else { continue };
        if f.origin == Origin::Country
            && !f.is_gbv()
            && !named
                .iter()
                .flatten()
                .any(|n| normalize(Path::new(&f.name)) == *n)
        {
            let span = crate::checks::refused_file::start_of(id);
            sink.push(crate::checks::refused_file::diagnostic(
                &f.name, refusal, span,
            ));
        }
    }
}

/// Checks one `<name> <level>` list: levels 1…depth, increasing, no repeats.
fn levels(
    list: &[(Name, Spanned<i64>)],
    depth: Option<u8>,
    key: &str,
    sink: &mut Sink,
) -> Vec<(Name, u8)> {
    let mut out: Vec<(Name, u8)> = Vec::new();
    for (name, level) in list {
        let bad = |msg: String, help: String| {
            Diagnostic::new(Code::E0090, level.span, msg)
                .label("invalid level")
                .help(help)
        };
        let max = depth.unwrap_or(u8::MAX);
        let Some(n) = u8::try_from(level.node)
            .ok()
            .filter(|n| (1..=max).contains(n))
        else {
            let range = depth.map_or("1 or more".to_string(), |d| format!("1 to {d}"));
            sink.push(bad(
                format!(
                    "`{}` is at admin level {}, which the location file does not have",
                    name.node, level.node
                ),
                format!("`{key}` takes admin levels {range} (0 is the country itself)"),
            ));
            continue;
        };
        if let Some((prev, p)) = out.last() {
            if n <= *p {
                sink.push(
                    bad(
                        format!("`{}` (level {n}) does not come below `{}` (level {p})", name.node, prev.node),
                        format!("list the levels from the shallowest to the deepest, each once, in `{key}`"),
                    )
                    .with_secondary(prev.span, "the level before"),
                );
                continue;
            }
        }
        out.push((name.clone(), n));
    }
    out
}

/// Keeps the settings whose name is one of `allowed` and reports the others (E0090, with "did
/// you mean"). Also returns the names the unknown ones were probably meant to be.
fn known_names(
    list: &[(Name, Spanned<i64>)],
    allowed: &[&str],
    message: impl Fn(&str) -> String,
    label: &str,
    otherwise: &str,
    sink: &mut Sink,
) -> (Levels, Vec<String>) {
    let mut known = Vec::new();
    let mut meant = Vec::new();
    for (name, level) in list {
        if allowed.contains(&name.node.as_str()) {
            known.push((name.clone(), level.clone()));
            continue;
        }
        if let Some(k) = did_you_mean(&name.node, allowed.iter().copied()) {
            meant.push(k.to_string());
        }
        sink.push(
            Diagnostic::new(Code::E0090, name.span, message(&name.node))
                .label(label)
                .help(suggest(&name.node, allowed.iter().copied(), otherwise)),
        );
    }
    (known, meant)
}

fn admin_levels(
    model: &Model,
    info: &CountryInfo,
    depth: Option<u8>,
    refused: &[String],
    sink: &mut Sink,
) -> Vec<AdminLevel> {
    let Some((_, list)) = &info.location_levels else {
        return Vec::new();
    };
    // A type whose option was refused (E0080) is left out without a second error.
    let list: Vec<(Name, Spanned<i64>)> = list
        .iter()
        .filter(|(name, _)| !refused.contains(&name.node))
        .cloned()
        .collect();
    let list = &list;
    let types: Vec<&str> = model
        .lookup_by_id("lookup-location-type")
        .map(|ix| {
            model
                .lookup(ix)
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    if types.is_empty() {
        return levels(list, depth, "location_levels", sink)
            .into_iter()
            .map(|(name, level)| AdminLevel {
                kind: OptionId(name.node),
                level,
            })
            .collect();
    }
    let (known, _) = known_names(
        list,
        &types,
        |name| format!("`{name}` is not a location type of `lookup-location-type`"),
        "unknown location type",
        &format!(
            "use a type of `lookup-location-type`, or add one: `extend lookup lookup-location-type {{ option {}_…: … }}`",
            info.code
        ),
        sink,
    );
    let mut out = Vec::new();
    for (name, level) in levels(&known, depth, "location_levels", sink) {
        out.push(AdminLevel {
            kind: OptionId(name.node.clone()),
            level,
        });
    }
    out
}

/// The location keys the Incident Recorder's `location_at` calls use, in column order.
fn ir_keys(model: &Model) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for column in model
        .incident_recorder
        .iter()
        .flat_map(|ir| ir.columns.iter())
    {
        column.value.walk(&mut |e| {
            if let ExprKind::Call(Func::LocationAt, args) = &e.kind {
                if let Some(ExprKind::Lit(Value::Text(k))) = args.get(1).map(|a| &a.kind) {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
        });
    }
    keys
}

fn ir_levels(
    model: &Model,
    info: &CountryInfo,
    depth: Option<u8>,
    sink: &mut Sink,
) -> Vec<IrLocationLevel> {
    let Some((key_span, list)) = &info.ir_location_levels else {
        return Vec::new();
    };
    let keys = ir_keys(model);
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    let (known, meant) = known_names(
        list,
        &names,
        |name| format!("the Incident Recorder has no location column `{name}`"),
        "unknown location column",
        &if keys.is_empty() {
            "this standard's Incident Recorder reads no location column: remove `ir_location_levels`"
                .to_string()
        } else {
            format!("the Incident Recorder reads: {}", keys.join(", "))
        },
        sink,
    );
    let mut out = Vec::new();
    for (name, level) in levels(&known, depth, "ir_location_levels", sink) {
        out.push(IrLocationLevel {
            key: name.node.clone(),
            level,
        });
    }
    for key in &keys {
        // A misspelt key is reported once, as unknown (with "did you mean").
        if !list.iter().any(|(n, _)| &n.node == key) && !meant.iter().any(|m| m == key) {
            sink.push(
                Diagnostic::new(
                    Code::E0090,
                    *key_span,
                    format!("`ir_location_levels` does not say which admin level feeds the Incident Recorder's `{key}` column"),
                )
                .label(format!("no `{key}`"))
                .help(format!("add `{key} <level>`, the admin level whose place names fill that column")),
            );
        }
    }
    out
}
