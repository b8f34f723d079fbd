//! Lowering: from the AST of every file to the typed [`Model`], resolving names and checking
//! types. Each step reports into the [`Sink`] and goes on, so one run finds every problem.

mod attrs;
mod calls;
mod country;
mod exprs;
mod fields;
mod forms;
mod header;
mod ir;
mod lookups;
mod texts;

use gbvims_dsl::ast::{Decl, DeclKind, File};
use gbvims_dsl::{FileId, Span};
use indexmap::IndexMap;

pub use country::is_country_code;
pub(crate) use country::{CountryInfo, Levels};
pub use header::is_valid_id;

use crate::diagnostics::Sink;
use crate::model::{
    Field, FieldIx, Form, FormIx, Lookup, LookupIx, Model, Record, RecordIx, Role, RoleIx,
    SpanTable, Standard,
};

/// Lowering state: the tables being built and the symbol tables used to resolve names.
pub(crate) struct Lower<'a> {
    pub sink: &'a mut Sink,
    pub spans: SpanTable,
    pub languages: Vec<String>,
    pub default_language: String,
    pub standard: Option<Standard>,
    pub lookups: Vec<Lookup>,
    pub lookup_ids: IndexMap<String, LookupIx>,
    pub roles: Vec<Role>,
    pub role_ids: IndexMap<String, RoleIx>,
    pub records: Vec<Record>,
    pub record_ids: IndexMap<String, RecordIx>,
    pub forms: Vec<Form>,
    pub form_ids: IndexMap<String, FormIx>,
    pub fields: Vec<Field>,
    /// Fields of each record's top-level forms, by id.
    pub record_scope: Vec<IndexMap<String, FieldIx>>,
    /// Fields of each subform, by id (indexed by form).
    pub form_scope: IndexMap<FormIx, IndexMap<String, FieldIx>>,
    /// Subform fields pointing at each subform.
    pub subform_refs: IndexMap<FormIx, Vec<FieldIx>>,
    /// Named lookups some field or record uses.
    pub used_lookups: Vec<LookupIx>,
    /// Languages texts are checked against while lowering the Incident Recorder.
    pub text_languages: Option<Vec<String>>,
    /// Lowering Incident Recorder columns (where the IR functions are allowed).
    pub in_ir: bool,
    /// Words of the Incident Recorder, by key.
    pub ir_words: Vec<String>,
    /// Fields whose type could not be resolved: expressions reading them give no more errors.
    pub poisoned: Vec<FieldIx>,
    /// Subforms whose only references closed a circle (already reported).
    pub cyclic_subforms: Vec<FormIx>,
    /// Where syntax errors are: "missing attribute" is not reported inside a broken declaration.
    pub broken: Vec<Span>,
    /// The declaration or field being lowered.
    pub current_item: Option<Span>,
    /// Files of the standard under a country overlay: their texts in languages the country does
    /// not use are dropped, and their missing translations are reported per language instead.
    pub quiet_files: Vec<FileId>,
    /// Subforms a country declared and was refused (E0085): a field showing one is not
    /// reported again as showing an unknown subform (E0013).
    pub refused_subforms: Vec<String>,
    /// Options a country hides, as (lookup, option): a comparison with one is allowed (it is
    /// never true) and recorded in `hidden_reads` for W0014.
    pub hidden_options: Vec<(String, String)>,
    /// Comparisons with a hidden option: (index into `hidden_options`, the quoted option).
    pub hidden_reads: Vec<(usize, Span)>,
    /// Defaults that are a hidden option: (index into `hidden_options`, the default, its
    /// field), for E0133.
    pub hidden_defaults: Vec<(usize, Span, FieldIx)>,
    /// A country overlay is being lowered (its header is among the files): stored ids mean
    /// something only there, and only when the country wrote them.
    pub overlay: bool,
}

/// What lowering built.
pub(crate) struct Lowered {
    /// `None` when the files are too broken to build a model.
    pub model: Option<Model>,
    pub spans: SpanTable,
    /// The country header, when the files hold one.
    pub country: Option<CountryInfo>,
    /// Comparisons with an option the country hides (see [`Lower::hidden_reads`]).
    pub hidden_reads: Vec<(usize, Span)>,
    /// Defaults that are an option the country hides (see [`Lower::hidden_defaults`]), with
    /// the field's form and id.
    pub hidden_defaults: Vec<(usize, Span, String, String)>,
}

/// Lowers parsed files into a model. The model is `None` when the files are too broken to build
/// one (no usable standard header); diagnostics say why.
pub(crate) fn lower(
    files: &[(FileId, &File)],
    broken: &[Span],
    sink: &mut Sink,
    quiet_files: &[FileId],
    refused_subforms: &[String],
    hidden_options: &[(String, String)],
) -> Lowered {
    let decls: Vec<&Decl> = files.iter().flat_map(|(_, f)| f.decls.iter()).collect();
    let first_span = files
        .first()
        .map_or(Span::default(), |(id, _)| Span::new(*id, 0, 0));
    let mut l = Lower {
        sink,
        spans: SpanTable::default(),
        languages: Vec::new(),
        default_language: String::new(),
        standard: None,
        lookups: Vec::new(),
        lookup_ids: IndexMap::new(),
        roles: Vec::new(),
        role_ids: IndexMap::new(),
        records: Vec::new(),
        record_ids: IndexMap::new(),
        forms: Vec::new(),
        form_ids: IndexMap::new(),
        fields: Vec::new(),
        record_scope: Vec::new(),
        form_scope: IndexMap::new(),
        subform_refs: IndexMap::new(),
        used_lookups: Vec::new(),
        text_languages: None,
        in_ir: false,
        ir_words: Vec::new(),
        poisoned: Vec::new(),
        cyclic_subforms: Vec::new(),
        broken: broken.to_vec(),
        current_item: None,
        quiet_files: quiet_files.to_vec(),
        refused_subforms: refused_subforms.to_vec(),
        hidden_options: hidden_options.to_vec(),
        hidden_reads: Vec::new(),
        hidden_defaults: Vec::new(),
        overlay: false,
    };
    l.header(&decls, first_span);
    let country = decls.iter().find_map(|d| match &d.kind {
        DeclKind::Country(c) => Some(c),
        _ => None,
    });
    l.overlay = country.is_some();
    let country = country.map(|c| l.country_header(c));
    for d in &decls {
        if let DeclKind::Lookup(lk) = &d.kind {
            l.current_item = Some(d.span);
            l.lookup(lk);
        }
    }
    for d in &decls {
        if let DeclKind::Role(r) = &d.kind {
            l.current_item = Some(d.span);
            l.role(r);
        }
    }
    for d in &decls {
        if let DeclKind::Record(r) = &d.kind {
            l.current_item = Some(d.span);
            l.record(r);
        }
    }
    l.current_item = None;
    let forms: Vec<&gbvims_dsl::ast::FormDecl> = decls
        .iter()
        .filter_map(|d| match &d.kind {
            DeclKind::Form(f) => Some(f),
            _ => None,
        })
        .collect();
    l.forms(&forms);
    let hidden_defaults = l.hidden_defaults();
    if l.records.is_empty() && !l.forms.is_empty() {
        l.sink.push(
            crate::checks::unknown_record::UnknownRecord::NoRecord {
                span: l.spans.forms[0],
            }
            .diagnostic(),
        );
        return Lowered {
            model: None,
            spans: l.spans,
            country,
            hidden_reads: l.hidden_reads,
            hidden_defaults,
        };
    }
    let incident_recorder = l.incident_recorder(&decls);
    let standard = l.standard.take();
    let model = standard.map(|standard| Model {
        standard,
        lookups: std::mem::take(&mut l.lookups),
        records: std::mem::take(&mut l.records),
        forms: std::mem::take(&mut l.forms),
        fields: std::mem::take(&mut l.fields),
        roles: std::mem::take(&mut l.roles),
        incident_recorder,
        country: None,
    });
    if let Some(m) = &model {
        l.unused_lookups(m);
        crate::checks::required_read_only::required_read_only(m, &l.spans, l.sink);
        crate::checks::identifying_on_short_form::identifying_on_short_form(m, &l.spans, l.sink);
        crate::checks::identifying_visible_to_role::identifying_visible_to_role(
            m, &l.spans, l.sink,
        );
        crate::checks::identifying_data_in_calculation::identifying_data_in_calculation(
            m, &l.spans, l.sink,
        );
        crate::checks::identifying_data_in_condition::identifying_data_in_condition(
            m, &l.spans, l.sink,
        );
        crate::checks::identifying_collapsed_row::identifying_collapsed_row(m, &l.spans, l.sink);
        crate::checks::role_labels::duplicate_role_label(m, &l.spans, l.sink);
        crate::checks::collecting_role::collecting_role(m, &l.spans, l.sink);
        crate::checks::ir_reads_protected_data::ir_reads_protected_data(m, &l.spans, l.sink);
        crate::checks::legacy_keys::legacy_keys(
            m,
            &l.spans,
            l.sink,
            country.is_some(),
            &l.quiet_files,
        );
    }
    Lowered {
        model,
        spans: l.spans,
        country,
        hidden_reads: l.hidden_reads,
        hidden_defaults,
    }
}

impl Lower<'_> {
    /// [`Lower::hidden_defaults`] with each field's form and id.
    fn hidden_defaults(&self) -> Vec<(usize, Span, String, String)> {
        self.hidden_defaults
            .iter()
            .map(|&(n, span, fx)| {
                let f = &self.fields[fx.index()];
                let form = self
                    .forms
                    .get(f.form.index())
                    .map_or_else(String::new, |form| form.id.to_string());
                (n, span, form, f.id.to_string())
            })
            .collect()
    }

    pub(crate) fn dependency_cycles(&mut self) {
        crate::checks::dependency_cycle::dependency_cycle(
            &self.fields,
            &self.forms,
            &self.spans,
            self.sink,
        );
    }
}
