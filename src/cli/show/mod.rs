//! `gbvims show`: the resolved model of a configuration (for a country: the standard with its
//! overlay applied), as a compact outline for people or as the stable JSON document; and its
//! views (`--lookups`, `--forms`, `--fields FORM`, `--location-types`, `--changes`), as tables
//! (`human.rs`) or JSON (`views.rs`).

mod human;
mod views;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};
use gbvims_compiler::json::{FieldDoc, ModelDoc};

use super::{config, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims show`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("view").multiple(false)))]
pub struct ShowArgs {
    /// The configuration: a country directory, or the standard's directory or file.
    #[arg(required_unless_present = "schema")]
    path: Option<PathBuf>,
    /// `outline` for people, `json` for programs (its JSON Schema: `--schema`).
    #[arg(long, value_enum, default_value_t = ShowFormat::Outline)]
    format: ShowFormat,
    /// Print the JSON Schema of `--format json` instead.
    #[arg(long)]
    schema: bool,
    /// Use the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
    /// The option lists: id, name, policy, anchors, options, what the country did; with an ID,
    /// that list's options in every language.
    #[arg(long, value_name = "ID", num_args = 0..=1, group = "view")]
    lookups: Option<Option<String>>,
    /// Records, navigation groups and forms in order.
    #[arg(long, group = "view")]
    forms: bool,
    /// One form's fields in order: type, label, flags, whether a country may hide each.
    #[arg(long, value_name = "FORM", group = "view")]
    fields: Option<String>,
    /// The location levels and the Incident Recorder's location columns.
    #[arg(long, group = "view")]
    location_types: bool,
    /// What the country's overlay changes, declaration by declaration.
    #[arg(long, group = "view")]
    changes: bool,
    /// The language of names, titles and labels in the views (default: the configuration's).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

/// Output of `show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A compact outline: records, navigation, forms and their fields, lookups, roles (with a
    /// view flag: its table).
    #[value(alias = "human")]
    Outline,
    /// The resolved model as JSON (`gbvims-model/1`).
    Json,
}

/// Runs the command.
pub fn run(args: &ShowArgs, color: ColorWhen) -> Result<u8, UsageError> {
    if args.schema {
        super::output::to_stdout(&gbvims_compiler::json::model_schema());
        return Ok(EXIT_OK);
    }
    let Some(path) = &args.path else {
        return Err(UsageError("give a configuration to show".into()));
    };
    let loaded = config::load(path, args.standard.as_deref())?;
    let compiled = gbvims_compiler::compile(&loaded.sources);
    let Some(checked) = compiled.checked() else {
        output::print(
            &loaded.sources,
            &compiled.diagnostics(),
            Format::Human,
            color,
        );
        eprintln!(
            "failed: `{}` has errors; fix them first (`gbvims check {}`)",
            path.display(),
            path.display()
        );
        return Ok(EXIT_ERRORS);
    };
    // W0015, as `check` reports it (on stderr: stdout is the view).
    super::releases::print_newer_major(path, &loaded, &compiled, color)?;
    let doc = ModelDoc::with_sources(checked, &loaded.sources);
    if let Some(view) = view(args, &doc, checked, &loaded.sources)? {
        let text = match args.format {
            ShowFormat::Json => {
                let doc = views::ViewDoc {
                    format: views::FORMAT,
                    view: &view,
                };
                serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
            }
            ShowFormat::Outline => human::render(&view),
        };
        let _ = std::io::stdout().write_all(text.as_bytes());
        return Ok(EXIT_OK);
    }
    let text = match args.format {
        ShowFormat::Json => serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n",
        ShowFormat::Outline => outline(&doc),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(EXIT_OK)
}

/// The view the flags ask for (`None`: the outline or the whole model).
fn view(
    args: &ShowArgs,
    doc: &ModelDoc,
    checked: &gbvims_compiler::Checked,
    sources: &gbvims_compiler::Sources,
) -> Result<Option<views::View>, UsageError> {
    let languages = &doc.standard.languages;
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| doc.standard.default_language.clone());
    if !languages.contains(&lang) {
        return Err(UsageError(format!(
            "`--lang {lang}`: this configuration's languages are {}",
            languages.join(", ")
        )));
    }
    let ctx = views::Ctx {
        doc,
        checked,
        lang: &lang,
    };
    let path = args
        .path
        .as_deref()
        .map_or_else(String::new, |p| p.display().to_string());
    Ok(Some(match (&args.lookups, &args.fields) {
        (Some(None), _) => ctx.lookups(),
        (Some(Some(id)), _) => ctx.lookup(id).ok_or_else(|| {
            UsageError(format!(
                "there is no lookup `{id}` (`gbvims show {path} --lookups` lists them)"
            ))
        })?,
        (None, Some(form)) => ctx.fields(form).ok_or_else(|| {
            UsageError(format!(
                "there is no form `{form}` (`gbvims show {path} --forms` lists them)"
            ))
        })?,
        (None, None) if args.forms => ctx.forms(),
        (None, None) if args.location_types => ctx.location_types().ok_or_else(|| {
            UsageError("the standard alone has no locations: show a country's configuration".into())
        })?,
        (None, None) if args.changes => ctx.changes(sources),
        (None, None) => return Ok(None),
    }))
}

/// A compact outline of a model: what a country admin needs to see the forms, lists and
/// location types without reading the standard's source (and what golden tests pin).
#[must_use]
pub fn outline(doc: &ModelDoc) -> String {
    let mut o = String::new();
    let s = &doc.standard;
    let _ = writeln!(
        o,
        "standard {} {} — languages {} (default {})",
        s.name,
        s.version,
        s.languages.join(", "),
        s.default_language
    );
    if let Some(c) = &doc.country {
        let levels: Vec<String> = c
            .location_levels
            .iter()
            .map(|l| format!("{} {}", l.name, l.level))
            .collect();
        let ir: Vec<String> = c
            .ir_location_levels
            .iter()
            .map(|l| format!("{} {}", l.name, l.level))
            .collect();
        let units: Vec<String> = c.location_units.iter().map(ToString::to_string).collect();
        let _ = writeln!(o, "country {} ({}) extends {}", c.id, c.code, c.extends);
        let _ = writeln!(
            o,
            "  locations: {} units by level ({}), names in {}",
            c.location_units.iter().sum::<usize>(),
            units.join(" / "),
            c.location_languages.join(", ")
        );
        let _ = writeln!(o, "  location questions: {}", levels.join(", "));
        let _ = writeln!(o, "  Incident Recorder locations: {}", ir.join(", "));
        let _ = writeln!(
            o,
            "  mobile submissions: {}",
            if c.mobile_public_key.is_some() {
                "encrypted with the country's public key"
            } else {
                "NOT encrypted (no mobile_public_key)"
            }
        );
    }
    let _ = writeln!(
        o,
        "\nfield marks: ! identifying, ~ sensitive, = calculated, ? shown only if, - hidden"
    );
    for r in &doc.records {
        let forms: Vec<_> = doc.forms.iter().filter(|f| f.record == r.id).collect();
        let n_fields: usize = forms
            .iter()
            .map(|f| f.fields.iter().filter(|x| x.declared_in == f.id).count())
            .sum();
        let _ = writeln!(
            o,
            "\nrecord {} — {} forms and subforms, {} fields",
            r.id,
            forms.len(),
            n_fields
        );
        for g in &r.navigation {
            let _ = writeln!(o, "  group {}", g.group.as_deref().unwrap_or("(none)"));
            for id in &g.forms {
                if let Some(f) = doc.forms.iter().find(|f| &f.id == id) {
                    form(&mut o, doc, f, "    ");
                }
            }
        }
    }
    let _ = writeln!(o, "\nlookups ({})", doc.lookups.len());
    for l in doc.lookups.iter().filter(|l| !l.inline) {
        let policy = serde_json::to_value(l.policy).unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} {}{}: {} options{}",
            l.id,
            policy.as_str().unwrap_or_default(),
            if l.system { " system" } else { "" },
            l.options.len(),
            if l.anchors.is_empty() {
                String::new()
            } else {
                format!(" (anchors: {})", l.anchors.join(", "))
            }
        );
    }
    if !doc.data_protection.is_empty() {
        let _ = writeln!(
            o,
            "\nfree text and uploads declared not identifying ({}):",
            doc.data_protection.len()
        );
        for d in &doc.data_protection {
            let _ = writeln!(
                o,
                "  {}.{}: {}{}",
                d.form,
                d.field,
                d.not_identifying,
                d.source
                    .as_ref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            );
        }
    }
    if !doc.rewords.is_empty() {
        let _ = writeln!(
            o,
            "\ntexts reworded in the standard's language ({}):",
            doc.rewords.len()
        );
        for r in &doc.rewords {
            let was = r
                .standard
                .as_ref()
                .map(|s| format!(" (was \"{s}\")"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "  {}: {} \"{}\"{was}, because \"{}\"{}",
                r.target,
                r.lang,
                r.text,
                r.because,
                r.source
                    .as_ref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "\nroles");
    for r in &doc.roles {
        let _ = writeln!(
            o,
            "  {}{}{}",
            r.id,
            if r.sees_identifying {
                " (sees identifying data)"
            } else {
                ""
            },
            if r.collects_data {
                " (collects data on phones)"
            } else {
                ""
            }
        );
    }
    if let Some(ir) = &doc.incident_recorder {
        let cols: Vec<String> = ir
            .columns
            .iter()
            .map(|c| format!("{} {}", c.letter, c.key))
            .collect();
        let _ = writeln!(
            o,
            "\nincident recorder — {} columns, {} words, languages {}",
            ir.columns.len(),
            ir.words.len(),
            ir.languages.join(", ")
        );
        wrap(&mut o, "  ", &cols);
    }
    o
}

fn form(o: &mut String, doc: &ModelDoc, f: &gbvims_compiler::json::FormDoc, indent: &str) {
    let mut flags = Vec::new();
    if !f.visible {
        flags.push("hidden");
    }
    if f.mobile {
        flags.push("mobile");
    }
    let _ = writeln!(
        o,
        "{indent}{} {}{} — {} field{}",
        match f.kind {
            gbvims_compiler::json::FormKindDoc::Form => "form",
            gbvims_compiler::json::FormKindDoc::Subform => "subform",
        },
        f.id,
        if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        },
        f.fields.len(),
        if f.fields.len() == 1 { "" } else { "s" }
    );
    let fields: Vec<String> = f.fields.iter().map(field_word).collect();
    wrap(o, &format!("{indent}  "), &fields);
    for x in &f.fields {
        if let Some(sub) = &x.subform {
            if let Some(sf) = doc.forms.iter().find(|s| &s.id == sub) {
                form(o, doc, sf, &format!("{indent}  "));
            }
        }
    }
}

/// A field as one word: its id, with marks for what matters to an admin.
fn field_word(f: &FieldDoc) -> String {
    let mut marks = String::new();
    if f.identifying {
        marks.push('!');
    }
    if f.sensitive {
        marks.push('~');
    }
    if f.calculate.is_some() {
        marks.push('=');
    }
    if f.show_if.is_some() {
        marks.push('?');
    }
    if !f.visible {
        marks.push('-');
    }
    format!("{}{marks}", f.id)
}

/// Words joined with ", " in lines of at most 100 characters.
fn wrap(o: &mut String, indent: &str, words: &[String]) {
    let mut line = String::new();
    for w in words {
        if !line.is_empty() && indent.len() + line.len() + w.len() + 2 > 100 {
            let _ = writeln!(o, "{indent}{line},");
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        let _ = writeln!(o, "{indent}{line}");
    }
}
