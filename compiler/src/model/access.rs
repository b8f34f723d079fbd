//! The rules every emitter reads the model by, defined once: which text to show in a language,
//! in which order the forms of a record are navigated, and whether a field is read from the
//! record or from a subform row.

use super::{FieldIx, FormIx, FormKind, LookupKind, Model, OptionId, RecordIx, Texts};

/// One navigation group of a record: a heading (an option of the record's `form_groups` lookup)
/// and its forms in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavGroup {
    /// The group, or `None` for forms declared without one.
    pub group: Option<OptionId>,
    /// Top-level forms of the group, in navigation order.
    pub forms: Vec<FormIx>,
}

/// Where an expression reads a field from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A field of a top-level form: read from the record.
    Record,
    /// A field of a subform: read from the current row of that subform.
    Row(FormIx),
}

impl Model {
    /// A text in `lang`, else in the model's default language, else in English, else empty.
    /// Every output picks texts with this one rule.
    #[must_use]
    pub fn text<'a>(&self, texts: &'a Texts, lang: &str) -> &'a str {
        texts
            .pick(lang, self.default_language())
            .unwrap_or_default()
    }

    /// The default language: the country's when a country is applied (lowering gives the
    /// country's to the standard header), else the standard's.
    #[must_use]
    pub fn default_language(&self) -> &str {
        self.standard.default_language.as_str()
    }

    /// A fixed word of the Incident Recorder in `lang` (same fallback as [`Model::text`]).
    #[must_use]
    pub fn ir_word(&self, key: &str, lang: &str) -> Option<&str> {
        self.incident_recorder
            .as_ref()?
            .word(key, lang, self.default_language())
    }

    /// The place name of a location, or of its ancestor at the admin level behind an Incident
    /// Recorder location key, in `lang` (same fallback as [`Model::text`]).
    #[must_use]
    pub fn location_name(&self, code: &str, key: &str, lang: &str) -> Option<&str> {
        self.country
            .as_ref()?
            .location_name(code, key, lang, self.default_language())
    }

    /// The navigation of a record: its groups in order (by `group_order`, then the group's
    /// position in the record's `form_groups` lookup), each with its forms by `order`; ties keep
    /// declaration order. Forms with `visible: false` are included (a target decides whether it
    /// shows them).
    #[must_use]
    pub fn navigation(&self, record: RecordIx) -> Vec<NavGroup> {
        let rec = self.record(record);
        let group_lookup = rec.form_groups.map(|l| self.lookup(l));
        let group_pos = |g: &Option<OptionId>| {
            g.as_ref().map_or(usize::MAX, |g| {
                group_lookup
                    .and_then(|l| l.options.iter().position(|o| &o.id == g))
                    .unwrap_or(usize::MAX - 1)
            })
        };
        let mut forms: Vec<(i64, usize, i64, usize, FormIx, Option<OptionId>)> = Vec::new();
        for (decl, &fx) in rec.forms.iter().enumerate() {
            if let FormKind::TopLevel {
                group,
                group_order,
                order,
                ..
            } = &self.form(fx).kind
            {
                forms.push((
                    *group_order,
                    group_pos(group),
                    *order,
                    decl,
                    fx,
                    group.clone(),
                ));
            }
        }
        forms.sort_by_key(|f| (f.0, f.1, f.2, f.3));
        let mut out: Vec<NavGroup> = Vec::new();
        for (_, _, _, _, fx, group) in forms {
            match out.iter_mut().find(|g| g.group == group) {
                Some(g) => g.forms.push(fx),
                None => out.push(NavGroup {
                    group,
                    forms: vec![fx],
                }),
            }
        }
        out
    }

    /// Whether a field is read from the record or from a row of its subform.
    #[must_use]
    pub fn scope(&self, field: FieldIx) -> Scope {
        let form = self.field(field).form;
        match self.form(form).kind {
            FormKind::Subform { .. } => Scope::Row(form),
            FormKind::TopLevel { .. } => Scope::Record,
        }
    }

    /// The subform field that shows the rows a subform field belongs to (`None` for a field of
    /// a top-level form).
    #[must_use]
    pub fn parent_field(&self, field: FieldIx) -> Option<FieldIx> {
        match &self.form(self.field(field).form).kind {
            FormKind::Subform { parent, .. } => *parent,
            FormKind::TopLevel { .. } => None,
        }
    }

    /// The id of a named lookup (`None` for an inline list).
    #[must_use]
    pub fn lookup_id(&self, ix: super::LookupIx) -> Option<&str> {
        match &self.lookup(ix).kind {
            LookupKind::Named(id) => Some(id.as_str()),
            LookupKind::Inline(_) => None,
        }
    }
}

impl Model {
    /// Every field whose answer can change the value of `e`: the fields it reads, and for each of
    /// them the fields its relevance reads (a field that is not relevant reads as empty, so its
    /// `show_if` — and its subform field's — decides what `e` sees) and, for a calculated field,
    /// what its calculation reads; followed to the end. The confidentiality checks judge an
    /// expression by these, so a condition cannot learn an identifying answer through another
    /// field's display condition or calculation.
    #[must_use]
    pub fn effective_reads(&self, e: &super::Expr) -> Vec<FieldIx> {
        self.dependencies(e.fields())
    }

    /// What showing `field`'s value reveals: the field itself and everything its value depends
    /// on, as [`Model::effective_reads`] follows it.
    #[must_use]
    pub fn field_dependencies(&self, field: FieldIx) -> Vec<FieldIx> {
        self.dependencies(vec![field])
    }

    fn dependencies(&self, mut todo: Vec<FieldIx>) -> Vec<FieldIx> {
        let mut out: Vec<FieldIx> = Vec::new();
        while let Some(f) = todo.pop() {
            if out.contains(&f) {
                continue;
            }
            out.push(f);
            let field = self.field(f);
            if let Some(c) = &field.calculate {
                todo.extend(c.fields());
            }
            if let Some(c) = &field.show_if {
                todo.extend(c.fields());
            }
            if let Some(parent) = self.parent_field(f) {
                todo.push(parent);
            }
        }
        out.sort();
        out
    }
}
