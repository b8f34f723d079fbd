//! Country overlays: a country's `.gbv` files applied on top of the standard.
//!
//! 1. The standard is lowered alone, so every rule can ask what the standard says (a lookup's
//!    policy, a field's `required`) and point at the standard's line.
//! 2. Each overlay declaration is checked against it and, when allowed, applied to a copy of the
//!    standard's syntax tree (`apply`): replaced and extended lookups, added and hidden fields,
//!    translations. A declaration that breaks a rule is reported and not applied, so one mistake
//!    gives one diagnostic, not a cascade. Each applied declaration records what it changed
//!    ([`changes::OverlayChange`], kept in the span table: `gbvims show --changes`).
//! 3. The merged tree is lowered once more, with the country's languages, into the model targets
//!    see; `post` then checks what needs the whole model (placeholders, locations, admin levels,
//!    missing translations).

mod apply;
pub(crate) mod changes;
mod declaration_out_of_place;
mod edits;
mod fields;
mod hide_form;
mod incident_recorder_changed;
mod index;
mod ir_variants;
mod lookups;
mod mobile_key;
mod own_forms;
mod post;
mod translate;
mod translate_ir;
mod unknown_target;
mod withdrawn;

use gbvims_dsl::ast::{Decl, DeclKind, File};
use gbvims_dsl::{FileId, Span};

use crate::checks::country_reads_withdrawn;
use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{Model, SpanTable};
use crate::pipeline::StandardBase;
use crate::source::{Origin, Sources};
use declaration_out_of_place::DeclarationOutOfPlace;
use incident_recorder_changed::IncidentRecorderChanged;

/// What an overlay compilation gives: the model (when one could be built), its spans (with the
/// overlay's change log), and every diagnostic in order.
pub(crate) type Outcome = (Option<Model>, SpanTable, Vec<Diagnostic>);

/// Compiles a standard (parsed and lowered once in `base`) with a country overlay on top: the
/// country's files as parsed, with their syntax errors.
pub(crate) fn compile(
    base: &StandardBase,
    sources: &Sources,
    country_files: index::Files,
    country_syntax: Vec<Diagnostic>,
) -> Outcome {
    let mut sink = Sink::default();
    let mut broken: Vec<Span> = base.syntax.iter().map(|d| d.primary.span).collect();
    broken.extend(country_syntax.iter().map(|d| d.primary.span));
    for d in base.syntax.iter().cloned().chain(country_syntax) {
        sink.push(d);
    }
    let origin = |id: FileId| sources.get(id).map_or(Origin::Standard, |f| f.origin);
    let standard: index::Files = base.files.clone();
    let mut country: index::Files = country_files;
    let mut refused_subforms = out_of_place(&standard, &mut country, &mut sink);
    translations_only(sources, &mut country, &mut sink);

    // 1. The standard alone. Its own problems are the Steering Committee's: report errors (the
    //    overlay cannot be checked without a sound standard) and leave its warnings out.
    let std_errors: Vec<&Diagnostic> = base
        .lowered
        .iter()
        .filter(|d| d.severity() == crate::Severity::Error)
        .collect();
    let Some(std_model) = base.model.as_ref().filter(|_| std_errors.is_empty()) else {
        for d in std_errors {
            sink.push(d.clone());
        }
        return finish(None, base.spans.clone(), sink);
    };
    let std_spans = &base.spans;

    // 2. The country header, then every overlay declaration.
    let Some(header) = header(&country, &mut sink) else {
        return finish(None, std_spans.clone(), sink);
    };
    let mut work = apply::Work::new(std_model, std_spans, standard, &header, &mut sink);
    work.version(&header);
    let (chosen, refused) = ir_variants::choose(std_model, &header);
    for d in refused {
        work.sink.push(d);
    }
    work.ir_std = ir_variants::standard_with(std_model, &chosen);
    work.ir_variants = chosen;
    for (id, file) in &mut country {
        for decl in &file.decls {
            work.at = decl.span;
            work.structure(*id, decl);
        }
        // The country's own lookups, forms, roles and its header now live with the standard's.
        file.decls.retain(|d| {
            !matches!(
                d.kind,
                DeclKind::Lookup(_) | DeclKind::Country(_) | DeclKind::Form(_) | DeclKind::Role(_)
            )
        });
    }
    work.apply_variants();
    for (_, file) in &country {
        for decl in &file.decls {
            work.at = decl.span;
            work.edit(decl);
        }
    }
    // Which subforms go with a hidden form depends on every form showing them (`use field`
    // lines included): hidden once every structure and edit is applied.
    work.settle_hidden_forms();
    for (_, file) in &country {
        for decl in &file.decls {
            work.at = decl.span;
            work.translation(decl);
        }
    }
    let mut changes = std::mem::take(&mut work.changes);
    // File order: the declarations of each file by position, files in the sources' order.
    changes.sort_by_key(|c| (c.span.file, c.span.start));
    let applied = post::Applied {
        replaced: work.replaced.keys().cloned().collect(),
        refused_options: std::mem::take(&mut work.refused_options),
        unused: std::mem::take(&mut work.unused),
    };
    refused_subforms.append(&mut work.refused_subforms);
    let hidden_options = std::mem::take(&mut work.hidden_options);
    let rewords = std::mem::take(&mut work.rewords);
    let merged = work.finish(&header);

    // 3. The merged tree, lowered with the country's languages.
    let quiet: Vec<FileId> = merged
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| origin(*id) == Origin::Standard)
        .collect();
    let mut all: Vec<(FileId, &File)> = merged.iter().map(|(id, f)| (*id, f)).collect();
    all.extend(country.iter().map(|(id, f)| (*id, f)));
    let hidden: Vec<(String, String)> = hidden_options
        .iter()
        .map(|h| (h.lookup.clone(), h.option.clone()))
        .collect();
    let lowered = crate::lower::lower(&all, &broken, &mut sink, &quiet, &refused_subforms, &hidden);
    edits::hidden_options_read(&hidden_options, &lowered.hidden_reads, &mut sink);
    for (n, default, form, field) in &lowered.hidden_defaults {
        let h = &hidden_options[*n];
        let d = crate::checks::hidden_option_default::HiddenOptionDefault {
            lookup: &h.lookup,
            option: &h.option,
            span: h.span,
            form,
            field,
            default: *default,
            in_standard: quiet.contains(&default.file),
        }
        .diagnostic();
        sink.push(d);
    }
    let mut model = lowered.model;
    if let Some(m) = model.as_mut() {
        withdrawn::mark(m, &changes);
        let is_country = |s: Span| origin(s.file) == Origin::Country;
        let hide_of = |fx| withdrawn::hide_of(m, &changes, fx);
        for d in country_reads_withdrawn::check(m, &lowered.spans, &is_country, &hide_of) {
            sink.push(d);
        }
    }
    let mut spans = lowered.spans;
    spans.changes = changes;
    if let (Some(m), Some(info)) = (model.as_mut(), lowered.country) {
        spans.country = Some(info.header_span);
        let mut country = post::check(sources, m, std_model, std_spans, &applied, &info, &mut sink);
        country.rewords = rewords;
        m.country = Some(country);
    }
    finish(model, spans, sink)
}

fn finish(model: Option<Model>, spans: SpanTable, sink: Sink) -> Outcome {
    (model, spans, sink.into_sorted())
}

/// What the overlay needs of the header before lowering: the prefix and the languages.
pub(crate) struct Header {
    /// The `country` declaration (a copy; the original stays in its file).
    pub decl: gbvims_dsl::ast::CountryDecl,
    /// `iq_`, or empty when the code is missing (already reported).
    pub prefix: String,
    /// The country's code (`iq`).
    pub code: String,
    /// The default language (texts without a language code are in it).
    pub default_language: String,
}

/// Finds the one `country` declaration.
fn header(country: &[(FileId, File)], sink: &mut Sink) -> Option<Header> {
    let decls: Vec<&gbvims_dsl::ast::CountryDecl> = country
        .iter()
        .flat_map(|(_, f)| f.decls.iter())
        .filter_map(|d| match &d.kind {
            DeclKind::Country(c) => Some(c),
            _ => None,
        })
        .collect();
    let Some(first) = decls.first() else {
        let span = country
            .iter()
            .find_map(|(_, f)| f.decls.first().map(|d| d.span))
            .unwrap_or_else(|| Span::new(country.first().map_or(FileId(0), |(id, _)| *id), 0, 0));
        sink.push(
            Diagnostic::new(
                Code::E0086,
                Span::new(span.file, span.start as usize, span.start as usize),
                "this country configuration has no `country` declaration",
            )
            .label("the country header is expected first")
            .help("start country.gbv with the country header: `country <name> extends gbvims \"^2.0\" { name: en \"…\"; code: <iso code>; languages: en; default_language: en; locations: \"locations.csv\"; location_levels: province 1, district 2; ir_location_levels: county 1, district 2 }` (`gbvims init` writes one)"),
        );
        return None;
    };
    for extra in &decls[1..] {
        sink.push(
            Diagnostic::new(
                Code::E0087,
                extra.id.span,
                format!("the country is declared again, as `{}`", extra.id.node),
            )
            .label("second declaration")
            .with_secondary(first.id.span, "first declared here")
            .help("keep one `country` declaration, in country.gbv"),
        );
    }
    let names = |key: &str| {
        first.body.iter().find_map(|i| match &i.kind {
            gbvims_dsl::ast::ItemKind::Attr(a) if a.key.node == key => match &a.value {
                gbvims_dsl::ast::AttrValue::Names(n) => n.first().map(|n| n.node.clone()),
                _ => None,
            },
            _ => None,
        })
    };
    let code = names("code")
        .filter(|c| crate::lower::is_country_code(c))
        .unwrap_or_default();
    Some(Header {
        decl: (*first).clone(),
        prefix: if code.is_empty() {
            String::new()
        } else {
            format!("{code}_")
        },
        code,
        default_language: names("default_language").unwrap_or_else(|| "en".into()),
    })
}

/// Standard declarations in a country's files and overlay declarations in the standard's files.
/// Returns the ids of the subforms the country declared, refused here.
fn out_of_place(
    standard: &[(FileId, File)],
    country: &mut [(FileId, File)],
    sink: &mut Sink,
) -> Vec<String> {
    let mut refused = Vec::new();
    for (_, file) in standard {
        for decl in file.decls.iter().filter(|d| d.kind.is_overlay()) {
            sink.push(in_standard(decl));
        }
    }
    for (_, file) in country.iter_mut() {
        file.decls.retain(|decl| {
            // A country declares its own lookups, forms, subforms and roles (`own_forms.rs`).
            let allowed = decl.kind.is_overlay()
                || matches!(
                    decl.kind,
                    DeclKind::Lookup(_) | DeclKind::Form(_) | DeclKind::Role(_)
                );
            if allowed {
                return true;
            }
            if let DeclKind::Form(f) = &decl.kind {
                if f.record.is_none() {
                    refused.push(f.id.node.clone());
                }
            }
            let d = match &decl.kind {
                DeclKind::IncidentRecorder(_) => {
                    IncidentRecorderChanged::Declared(decl).diagnostic()
                }
                _ => DeclarationOutOfPlace::InCountry(decl).diagnostic(),
            };
            sink.push(d);
            false
        });
    }
    refused
}

/// E0103: a file of the country's `translations/` directory holds only `translate`
/// declarations (translators' files must not add, hide or replace anything).
fn translations_only(sources: &Sources, country: &mut [(FileId, File)], sink: &mut Sink) {
    for (id, file) in country.iter_mut() {
        let in_translations = sources.get(*id).is_some_and(|f| {
            std::path::Path::new(&f.name)
                .parent()
                .and_then(|p| p.file_name())
                .is_some_and(|d| d == "translations")
        });
        if !in_translations {
            continue;
        }
        file.decls.retain(|decl| {
            if matches!(&decl.kind, DeclKind::Translate(t) if t.because.is_none()) {
                return true;
            }
            sink.push(
                Diagnostic::new(
                    Code::E0103,
                    keyword_span(decl),
                    format!(
                        "a translations file may only translate, but this is `{}`",
                        decl.kind.keyword()
                    ),
                )
                .label("not a `translate` declaration")
                .help("move it to country.gbv, where the country's changes are reviewed; files under translations/ hold only `translate …` declarations (what `gbvims translations import` writes)"),
            );
            false
        });
    }
}

/// E0085 for a country declaration in a standard's file.
pub(crate) fn in_standard(decl: &Decl) -> Diagnostic {
    DeclarationOutOfPlace::InStandard(decl).diagnostic()
}

/// The first word of a declaration.
pub(crate) fn keyword_span(decl: &Decl) -> Span {
    let len = decl.kind.keyword().split(' ').next().map_or(0, str::len);
    Span::new(
        decl.span.file,
        decl.span.start as usize,
        decl.span.start as usize + len,
    )
}
