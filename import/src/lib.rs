//! `gbvims import primero`: reads an existing Primero configuration — the JSON configuration
//! bundle (FACTS §8.1), Ruby seed files (`forms/<record>/*.rb`, `lookups/*.rb`,
//! `locations/*.rb`, read as literals, never run: [`ruby`]) and HXL location files — compares it
//! with the standard ([`compare`]) and writes the country overlay that reproduces it
//! ([`overlay`]), its locations ([`locations`]) and `IMPORT-REPORT.md` ([`report`]).
//!
//! The library reads no file and writes none: the CLI hands it the files' texts (as a
//! [`Sources`], so diagnostics point at their lines) and writes what it returns.

pub mod compare;
pub mod conditions;
pub mod dump;
pub mod ids;
pub mod locations;
pub mod overlay;
pub mod readback;
pub mod report;
pub mod ruby;
pub mod scopes;

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::model::{title_case, Model};
use gbvims_compiler::{Diagnostic, Sources};
use gbvims_dsl::{FileId, Span};

pub use compare::Left;
pub use dump::Dump;

/// What kind of file of a dump a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A JSON configuration bundle (or a REST form or lookup).
    Bundle,
    /// A Ruby seed file.
    Ruby,
    /// An HXL location file.
    Locations,
}

impl FileKind {
    /// The kind of a file, by its name.
    #[must_use]
    pub fn of(name: &str) -> Option<FileKind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(FileKind::Bundle)
        } else if lower.ends_with(".rb") {
            Some(FileKind::Ruby)
        } else if lower.ends_with(".csv") {
            Some(FileKind::Locations)
        } else {
            None
        }
    }
}

/// Reads the files of a dump (`files` are ids in `sources`, in the order to read them).
///
/// # Errors
/// E0139 (Ruby outside the literal subset) and E0140 (not a configuration), one per file.
pub fn read(sources: &Sources, files: &[FileId]) -> Result<Dump, Vec<Diagnostic>> {
    let mut dump = Dump::default();
    let mut errors = Vec::new();
    for &id in files {
        let Some(file) = sources.get(id) else {
            continue;
        };
        let whole = Span::new(id, 0, 0);
        let result = match FileKind::of(&file.name) {
            Some(FileKind::Bundle) => match serde_json::from_str(&file.text) {
                Ok(json) => {
                    let (forms, lookups) = (dump.forms.len(), dump.lookups.len());
                    let read = dump::bundle(&json, whole, &mut dump);
                    // Each object's messages point at its `unique_id` in the file.
                    let spans = id_spans(id, &file.text);
                    let at = |key: &str, or: Span| {
                        serde_json::to_string(key)
                            .ok()
                            .and_then(|quoted| spans.get(quoted.as_str()).copied())
                            .unwrap_or(or)
                    };
                    for f in &mut dump.forms[forms..] {
                        f.span = at(&f.id, f.span);
                    }
                    for l in &mut dump.lookups[lookups..] {
                        l.span = at(&l.id, l.span);
                    }
                    read
                }
                Err(e) => {
                    let at = offset(&file.text, e.line(), e.column());
                    Err(dump::unreadable(
                        Span::new(id, at, at),
                        &format!("this file is not JSON: {e}"),
                        "give the configuration bundle as Primero or `gbvims build` wrote it",
                    ))
                }
            },
            Some(FileKind::Ruby) => ruby::read(id, &file.text).and_then(|created| {
                for c in created {
                    let Some(o) = c.attributes.as_object() else {
                        continue;
                    };
                    match c.class {
                        ruby::Class::FormSection => dump.forms.push(dump::form(o, c.span)?),
                        ruby::Class::Lookup => dump.lookups.push(dump::lookup(o, c.span)?),
                        ruby::Class::Location => {
                            dump.has_locations = true;
                            dump.locations.push(dump::location(o, c.span)?);
                        }
                    }
                }
                Ok(())
            }),
            Some(FileKind::Locations) => locations::read_hxl(&file.text, whole, &mut dump),
            None => Ok(()),
        };
        if let Err(d) = result {
            errors.push(*d);
        }
    }
    if errors.is_empty() && dump.forms.is_empty() && dump.lookups.is_empty() {
        let span = files
            .first()
            .map_or_else(Span::default, |&f| Span::new(f, 0, 0));
        errors.push(*dump::unreadable(
            span,
            "no form section and no lookup were found in what was given",
            "give `configuration.json` (Primero's configuration bundle), or a directory of seed files (`forms/<record>/*.rb`, `lookups/*.rb`)",
        ));
    }
    if errors.is_empty() {
        errors = ids::check(&dump);
    }
    if errors.is_empty() {
        Ok(dump)
    } else {
        Err(errors)
    }
}

/// Where a JSON file gives each `"unique_id": "<id>"`, by the id as written (quoted), the first
/// place kept: one pass over the file, however many objects it holds.
fn id_spans(file: FileId, text: &str) -> BTreeMap<&str, Span> {
    const KEY: &str = "\"unique_id\"";
    let mut out = BTreeMap::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(KEY) {
        from += i + KEY.len();
        let rest = &text[from..];
        let Some(value) = rest.trim_start().strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        if !value.starts_with('"') {
            continue;
        }
        // The string runs to the first quote no backslash escapes.
        let mut escaped = false;
        let Some(len) = value[1..].find(|c| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end
        }) else {
            break;
        };
        let at = from + (rest.len() - value.len());
        let end = at + len + 2;
        out.entry(&text[at..end])
            .or_insert(Span::new(file, at, end));
    }
    out
}

fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What the administrator says about the country.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The country's id (the output directory's name).
    pub id: String,
    /// Its ISO 3166 code; found from the locations or the fields' prefix when not given.
    pub code: Option<String>,
    /// Its languages, default first; the dump's, English first, when not given.
    pub languages: Option<Vec<String>>,
}

/// The overlay written for a dump.
#[derive(Clone, Debug)]
pub struct Imported {
    /// `country.gbv`.
    pub country_gbv: String,
    /// `locations.csv`, when the dump has locations.
    pub locations_csv: Option<String>,
    /// `primero/instance.json`, when the dump is a bundle with the installation's arrays.
    pub instance_json: Option<String>,
    /// What the overlay does not reproduce.
    pub left: Vec<Left>,
    /// What the overlay reproduces with a difference of meaning.
    pub notes: Vec<Left>,
    /// The declarations written.
    pub decls: Vec<overlay::Decl>,
    /// The header written.
    pub header: overlay::Header,
    /// How many forms, lookups and locations were read.
    pub counts: (usize, usize, usize),
}

/// Compares the dump with the `standard` (compiled alone) and writes the overlay.
///
/// # Errors
/// A message when the country's code cannot be found (give `--country`).
pub fn import(dump: &Dump, standard: &Model, options: &Options) -> Result<Imported, String> {
    let code = match &options.code {
        Some(c) => c.to_ascii_lowercase(),
        None => guess_code(dump, standard).ok_or(
            "the country's ISO 3166 code cannot be found in the configuration (no country-level location, no prefixed field): give it with --country",
        )?,
    };
    let languages = match &options.languages {
        Some(l) => l.clone(),
        None => {
            let found = dump.locales();
            let mut langs: Vec<String> = Vec::new();
            if found.contains("en") || found.is_empty() {
                langs.push("en".into());
            }
            langs.extend(found.into_iter().filter(|l| l != "en"));
            langs
        }
    };
    let mut compared = compare::compare(dump, standard, &languages, &code);
    let (type_ids, new_types) = location_types(dump, standard, &code, &compared.decls);
    if !new_types.is_empty() {
        // The first unit of a type no list declares.
        let span = dump
            .locations
            .iter()
            .find(|l| {
                l.kind.as_deref().is_some_and(|k| {
                    new_types
                        .iter()
                        .any(|o| o.stored_as.as_deref().unwrap_or(&o.id) == k)
                })
            })
            .map_or_else(|| start_of(dump), |l| l.span);
        compared.left.push(Left {
            span,
            what: "location types".into(),
            why: format!(
                "the locations use types that no list declares ({}): the overlay adds them to `lookup-location-type` with their id as English label; give them real names",
                new_types.iter().map(|o| format!("`{}`", o.stored_as.as_deref().unwrap_or(&o.id))).collect::<Vec<_>>().join(", ")
            ),
        });
        compared.decls.push(overlay::Decl::ExtendLookup(
            "lookup-location-type".into(),
            new_types,
        ));
    }
    let units: Vec<dump::Location> = dump
        .locations
        .iter()
        .map(|l| dump::Location {
            kind: l
                .kind
                .as_ref()
                .map(|k| type_ids.get(k).cloned().unwrap_or_else(|| k.clone())),
            ..l.clone()
        })
        .collect();
    let depth_kinds = level_kinds(&units);
    let country_name = dump
        .locations
        .iter()
        .find(|l| l.level == 0)
        .map(|l| {
            languages
                .iter()
                .filter_map(|lang| l.names.get(lang).map(|t| (lang.clone(), t.clone())))
                .collect::<Vec<_>>()
        })
        .filter(|n: &Vec<(String, String)>| !n.is_empty())
        .unwrap_or_else(|| {
            languages
                .iter()
                .map(|l| (l.clone(), title_case(&options.id)))
                .collect()
        });
    let depth = dump.locations.iter().map(|l| l.level).max().unwrap_or(0);
    let ir_location_levels: Vec<(String, u8)> = [("county", 1), ("district", 2)]
        .into_iter()
        .filter(|(_, l)| *l <= depth)
        .map(|(c, l)| (c.to_string(), l))
        .collect();
    let mut left = compared.left;
    if !ir_location_levels.is_empty() {
        left.push(Left {
            span: dump.locations.first().map_or_else(|| start_of(dump), |l| l.span),
            what: "`ir_location_levels`".into(),
            why: "not in a Primero configuration: the overlay says the standard's usual choice (level 1 in the Incident Recorder's county column, level 2 in its district column); change it if the country reports other levels".into(),
        });
    }
    let header = overlay::Header {
        id: options.id.clone(),
        name: country_name,
        code: code.clone(),
        major: standard.standard.version.major,
        languages: languages.clone(),
        locations: dump.has_locations.then(|| "locations.csv".to_string()),
        location_levels: depth_kinds
            .iter()
            .filter(|(level, _)| **level > 0)
            .filter_map(
                |(level, kinds)| match kinds.iter().collect::<Vec<_>>().as_slice() {
                    [one] => Some(((*one).clone(), *level)),
                    _ => None,
                },
            )
            .collect(),
        ir_location_levels,
    };
    let mut text = format!(
        "# The {} configuration, imported from Primero by `gbvims import primero`.\n\
         # IMPORT-REPORT.md lists what could not be carried over; `gbvims check` what is left to fix.\n",
        title_case(&options.id)
    );
    text.push_str(&overlay::header(&header));
    text.push_str(&overlay::render(&compared.decls));
    let typed: BTreeSet<u8> = depth_kinds.keys().copied().filter(|l| *l > 0).collect();
    let locations_csv = dump
        .has_locations
        .then(|| locations::write_hxl(&units, &languages, &typed));
    let instance_json = dump.instance.as_ref().map(|i| {
        let mut text = serde_json::to_string_pretty(i).unwrap_or_default();
        text.push('\n');
        text
    });
    if !dump.has_locations {
        left.push(Left {
            span: start_of(dump),
            what: "locations".into(),
            why: "none were given (a configuration bundle never holds them): put Primero's HXL location files (`locations*.csv`) beside `configuration.json` and import again, or add `locations:`, `location_levels` and `ir_location_levels` to the header by hand".into(),
        });
    }
    if instance_json.is_none() {
        left.push(Left {
            span: start_of(dump),
            what: "`primero/instance.json`".into(),
            why: "the configuration holds no agencies, roles, user groups and contact information (seed files are not read for them): write the file by hand before building the Primero target (E0116)".into(),
        });
    }
    Ok(Imported {
        instance_json,
        country_gbv: text,
        locations_csv,
        left,
        notes: compared.notes,
        decls: compared.decls,
        header,
        counts: (dump.forms.len(), dump.lookups.len(), dump.locations.len()),
    })
}

/// The id each location type of the dump has in the overlay (a type the standard lacks gets the
/// country prefix, its Primero id becoming its stored id), and the types no list of the dump
/// declares, as options to add to `lookup-location-type`.
fn location_types(
    dump: &Dump,
    standard: &Model,
    code: &str,
    decls: &[overlay::Decl],
) -> (BTreeMap<String, String>, Vec<overlay::OptionDecl>) {
    // Types the overlay already stores under other ids (`option district stored_as
    // "district_95670"`): the units' type is the stored id, the overlay's the option's.
    let stored: BTreeMap<&str, &str> = decls
        .iter()
        .filter_map(|d| match d {
            overlay::Decl::ExtendLookup(l, options) | overlay::Decl::ReplaceLookup(l, options)
                if l == "lookup-location-type" =>
            {
                Some(options)
            }
            _ => None,
        })
        .flatten()
        .filter_map(|o| Some((o.stored_as.as_deref()?, o.id.as_str())))
        .collect();
    let std_types: BTreeSet<&str> = standard
        .lookup_by_id("lookup-location-type")
        .map(|lx| {
            standard
                .lookup(lx)
                .options
                .iter()
                .map(|o| o.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    let declared: BTreeSet<&str> = dump
        .lookups
        .iter()
        .filter(|l| l.id == "lookup-location-type")
        .flat_map(|l| l.values.iter().map(|o| o.id.as_str()))
        .collect();
    let kinds: BTreeSet<&str> = dump
        .locations
        .iter()
        .filter(|l| l.level > 0)
        .filter_map(|l| l.kind.as_deref())
        .collect();
    let mut ids = BTreeMap::new();
    let mut new = Vec::new();
    for kind in kinds {
        if std_types.contains(kind) {
            continue;
        }
        if let Some(id) = stored.get(kind) {
            ids.insert(kind.to_string(), (*id).to_string());
            continue;
        }
        let (id, stored_as) = compare::country_id(code, kind);
        if !declared.contains(kind) {
            new.push(overlay::OptionDecl {
                id: id.clone(),
                texts: vec![("en".into(), title_case(kind))],
                stored_as,
            });
        }
        ids.insert(kind.to_string(), id);
    }
    (ids, new)
}

/// The location types of each level.
fn level_kinds(units: &[dump::Location]) -> BTreeMap<u8, BTreeSet<String>> {
    let mut out: BTreeMap<u8, BTreeSet<String>> = BTreeMap::new();
    for l in units {
        if let Some(k) = &l.kind {
            out.entry(l.level).or_default().insert(k.clone());
        }
    }
    out
}

fn guess_code(dump: &Dump, standard: &Model) -> Option<String> {
    if let Some(c) = dump.locations.iter().find(|l| l.level == 0) {
        if c.code.len() == 2 && c.code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Some(c.code.to_ascii_lowercase());
        }
    }
    let known: BTreeSet<&str> = standard.fields.iter().map(|f| f.id.as_str()).collect();
    let mut prefixes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in dump.forms.iter().flat_map(|f| &f.fields) {
        if known.contains(f.name.as_str()) {
            continue;
        }
        if let Some((p, _)) = f.name.split_once('_') {
            if p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()) {
                *prefixes.entry(p).or_default() += 1;
            }
        }
    }
    prefixes
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p.to_string())
}

/// The start of the first file read: the place of what is about the configuration as a whole
/// (locations or `instance.json` missing).
fn start_of(dump: &Dump) -> Span {
    let first = dump
        .forms
        .iter()
        .map(|f| f.span)
        .chain(dump.lookups.iter().map(|l| l.span))
        .min_by_key(|s| (s.file, s.start));
    first.map_or_else(Span::default, |s| Span::new(s.file, 0, 0))
}

/// W0017 for each thing not carried over (the CLI prints them; the report lists them).
#[must_use]
pub fn warnings(left: &[Left]) -> Vec<Diagnostic> {
    left.iter()
        .map(|l| {
            Diagnostic::new(
                Code::W0017,
                l.span,
                format!("not carried over into the overlay: {} — {}", l.what, l.why),
            )
            .label("not imported as it is in Primero")
            .help("read IMPORT-REPORT.md and decide with the deployment's team whether the overlay needs it; write it by hand if so")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_spans_point_at_each_unique_id_once() {
        let text = r#"[{"unique_id" : "a\"b", "help": "unique_id"},
            {"subform_unique_id": "c", "unique_id":"c"}, {"unique_id": "a\"b"}]"#;
        let spans = id_spans(FileId(0), text);
        let at = |s: &Span| &text[s.start as usize..s.end as usize];
        assert_eq!(spans.len(), 2);
        let ab = spans[r#""a\"b""#];
        assert_eq!((ab.start, at(&ab)), (16, r#""a\"b""#));
        assert_eq!(at(&spans[r#""c""#]), r#""c""#);
    }
}
