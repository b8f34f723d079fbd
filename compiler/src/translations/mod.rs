//! Translations: a stable [`Key`] for every translatable text of a [`Model`], the list of those
//! texts ([`entries`]), what a language lacks ([`missing`]), and `.gbv` `translate` declarations
//! rendered from translated texts ([`to_gbv`]).
//!
//! Spreadsheets for translators are the CLI's business; this module only names and lists texts.

mod gbv;
mod key;

pub use gbv::{to_gbv, written_by_import, WRITTEN_BY};
pub use key::{FieldAttr, FormAttr, IrColumnAttr, Key, KeyError, KeyProblem, RoleAttr};

use crate::model::{Field, FieldKind, Form, LookupKind, Model, OptionSource, Texts};

/// One translatable text.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'m> {
    /// Its stable name.
    pub key: Key,
    /// Its text in every language the model has it in.
    pub texts: &'m Texts,
}

/// Every translatable text of `model`, in a stable order: the standard's title, records, roles,
/// named lookups (name, then options), forms in model order each followed by the texts of the
/// fields it declares, then the Incident Recorder's columns (header, menu) and words.
///
/// Titles, labels, names, option labels, headers and words are always listed; an optional text
/// (help, guiding questions, tick label, description, constraint message, menu) only when it is
/// written in some language.
#[must_use]
pub fn entries(model: &Model) -> Vec<Entry<'_>> {
    let mut out = Entries(Vec::new());
    if let Some(country) = &model.country {
        out.always(Key::CountryName, &country.name);
    }
    out.always(Key::StandardTitle, &model.standard.title);
    for r in &model.records {
        out.always(Key::RecordLabel(r.id.clone()), &r.label);
    }
    for r in &model.roles {
        let role = || r.id.clone();
        out.always(
            Key::Role {
                role: role(),
                attr: RoleAttr::Label,
            },
            &r.label,
        );
        out.optional(
            Key::Role {
                role: role(),
                attr: RoleAttr::Description,
            },
            &r.description,
        );
    }
    lookups(model, &mut out);
    for (ix, form) in model.forms.iter().enumerate() {
        form_entries(model, ix, form, &mut out);
    }
    incident_recorder(model, &mut out);
    out.0
}

/// The keys of [`entries`] written in some language but not in `lang` (an all-blank text counts
/// as not written).
#[must_use]
pub fn missing(model: &Model, lang: &str) -> Vec<Key> {
    entries(model)
        .into_iter()
        .filter(|e| !e.texts.is_empty())
        .filter(|e| e.texts.get(lang).is_none_or(|t| t.trim().is_empty()))
        .map(|e| e.key)
        .collect()
}

struct Entries<'m>(Vec<Entry<'m>>);

impl<'m> Entries<'m> {
    fn always(&mut self, key: Key, texts: &'m Texts) {
        self.0.push(Entry { key, texts });
    }

    fn optional(&mut self, key: Key, texts: &'m Texts) {
        if !texts.is_empty() {
            self.always(key, texts);
        }
    }
}

fn lookups<'m>(model: &'m Model, out: &mut Entries<'m>) {
    for l in &model.lookups {
        let LookupKind::Named(id) = &l.kind else {
            continue;
        };
        out.always(Key::LookupName(id.clone()), &l.name);
        for o in &l.options {
            let key = Key::LookupOption {
                lookup: id.clone(),
                option: o.id.clone(),
            };
            out.always(key, &o.label);
        }
    }
}

fn form_entries<'m>(model: &'m Model, ix: usize, form: &'m Form, out: &mut Entries<'m>) {
    let id = || form.id.clone();
    out.always(
        Key::Form {
            form: id(),
            attr: FormAttr::Title,
        },
        &form.title,
    );
    out.optional(
        Key::Form {
            form: id(),
            attr: FormAttr::Description,
        },
        &form.description,
    );
    for &f in &form.fields {
        let field = model.field(f);
        if field.form.index() == ix {
            field_entries(model, form, field, out);
        } else if let Some(label) = form
            .overrides
            .iter()
            .find(|o| o.field == f)
            .and_then(|o| o.label.as_ref())
        {
            // A field shown with `use { label: … }`: this form's label.
            out.always(
                Key::Field {
                    form: form.id.clone(),
                    field: field.id.clone(),
                    attr: FieldAttr::Label,
                },
                label,
            );
        }
    }
}

fn field_entries<'m>(model: &'m Model, form: &Form, field: &'m Field, out: &mut Entries<'m>) {
    let key = |attr| Key::Field {
        form: form.id.clone(),
        field: field.id.clone(),
        attr,
    };
    out.always(key(FieldAttr::Label), &field.label);
    out.optional(key(FieldAttr::Help), &field.help);
    out.optional(key(FieldAttr::GuidingQuestions), &field.guiding_questions);
    out.optional(key(FieldAttr::TickLabel), &field.tick_label);
    if let Some(c) = &field.constraint {
        out.optional(key(FieldAttr::ConstraintMessage), &c.message);
    }
    let FieldKind::Select {
        source: OptionSource::Lookup(l),
        ..
    } = &field.kind
    else {
        return;
    };
    let lookup = model.lookup(*l);
    if !matches!(lookup.kind, LookupKind::Inline(_)) {
        return;
    }
    for o in &lookup.options {
        let key = Key::FieldOption {
            form: form.id.clone(),
            field: field.id.clone(),
            option: o.id.clone(),
        };
        out.always(key, &o.label);
    }
}

fn incident_recorder<'m>(model: &'m Model, out: &mut Entries<'m>) {
    let Some(ir) = &model.incident_recorder else {
        return;
    };
    for c in &ir.columns {
        let key = |attr| Key::IrColumn {
            column: c.key.clone(),
            attr,
        };
        out.always(key(IrColumnAttr::Header), &c.header);
        if let Some(menu) = &c.menu {
            out.optional(key(IrColumnAttr::Menu), menu);
        }
    }
    for w in &ir.words {
        out.always(Key::IrWord(w.key.clone()), &w.texts);
    }
}
