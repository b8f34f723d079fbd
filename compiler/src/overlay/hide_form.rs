//! `hide form <form>`: a standard form leaves the navigation and mobile, with the subforms no kept
//! form shows any more; and E0132 for `hide form` of a subform (its field is what a country
//! hides).
//!
//! A `hide form` is noted while the structure is applied and carried out once every
//! declaration is (`settle_hidden_forms`): which subforms go with a form depends on every form
//! that shows them, the country's own forms and `use field` lines included. A subform is hidden
//! only when every form (and subform) showing it is hidden, by this declaration or an earlier
//! one. What a hidden form's fields then mean — never asked, read as empty — is set on the model
//! in one place (`withdrawn.rs`).

use std::collections::BTreeMap;

use gbvims_dsl::ast::{DeclKind, FieldDecl, FormDecl, Item, ItemKind, Name};
use gbvims_dsl::Span;

use super::apply::Work;
use super::changes::ChangeKind;
use super::index;
use super::unknown_target::UnknownOverlayTarget;
use crate::checks::hidden_form_read;
use crate::checks::hidden_twice::hidden_twice;
use crate::model::FieldKind;

/// A `hide form` waiting for every declaration to be applied.
pub(crate) struct PendingHide {
    /// The form named.
    pub id: Name,
    /// The declaration (where its change is recorded).
    pub at: Span,
}

impl Work<'_> {
    /// `hide form <form-id>`: a standard top-level form is noted (see the module's comment);
    /// a standard subform is E0132, anything else E0081.
    pub(crate) fn hide_form(&mut self, id: &Name) {
        let in_std = self.std.forms.iter().any(|f| f.id.as_str() == id.node);
        match index::form(&self.files, &id.node) {
            Some(f) if in_std && f.record.is_none() => {
                let d = self.subform_hidden(id);
                self.sink.push(d);
            }
            Some(f) if !in_std => self.own_form_hidden(id, f.record.is_some()),
            // A form of the standard, or one not declared yet: a form the country declares
            // further down is its own (E0081, said so), once every declaration is applied.
            _ => self.pending_hides.push(PendingHide {
                id: id.clone(),
                at: self.at,
            }),
        }
    }

    /// E0081: `hide form` naming a form or subform of the country's own.
    fn own_form_hidden(&mut self, id: &Name, top_level: bool) {
        let d = UnknownOverlayTarget::OwnForm {
            what: if top_level { "form" } else { "subform" },
            id: &id.node,
            span: id.span,
        }
        .diagnostic();
        self.sink.push(d);
    }

    /// Carries out every `hide form`, in order: the form and the subforms nobody else shows
    /// leave the navigation and mobile. Refused when the form is the country's own (E0081) or
    /// hidden already (E0134), when one of them holds a core field (E0123) or a required one
    /// (E0084), or a field a chosen Incident Recorder variant reads (E0142); a warning names
    /// what the country keeps that reads their fields (W0013).
    pub(crate) fn settle_hidden_forms(&mut self) {
        let pending = std::mem::take(&mut self.pending_hides);
        let mut hidden: Vec<String> = Vec::new();
        // Each form hidden so far, and where (E0134 for another line).
        let mut declared: BTreeMap<String, Span> = BTreeMap::new();
        for h in pending {
            self.at = h.at;
            if !self.std.forms.iter().any(|f| f.id.as_str() == h.id.node) {
                match index::form(&self.files, &h.id.node) {
                    Some(f) => {
                        let top_level = f.record.is_some();
                        self.own_form_hidden(&h.id, top_level);
                    }
                    None => self.unknown_form(h.id.span, &h.id.node),
                }
                continue;
            }
            if let Some(first) = declared.get(&h.id.node) {
                let d = hidden_twice("form", &h.id.node, h.id.span, *first);
                self.sink.push(d);
                continue;
            }
            declared.insert(h.id.node.clone(), h.id.span);
            let forms = self.with_subforms(&h.id.node, &hidden);
            if self.refuse_hiding(&h.id, &forms) || self.hidden_for_variant_form(&h.id, &forms) {
                continue;
            }
            // Read in the standard with the country's Incident Recorder variants in place.
            let readers =
                hidden_form_read::readers(self.ir_std.as_ref().unwrap_or(self.std), &forms);
            if !readers.is_empty() {
                self.sink.push(hidden_form_read::hidden_form_read(
                    &h.id.node, h.id.span, &readers,
                ));
            }
            for form_id in &forms {
                if let Some(form) = index::form_mut(&mut self.files, form_id) {
                    for key in ["visible", "mobile"] {
                        index::set_flag(&mut form.body, key, false, h.id.span);
                    }
                }
                if !hidden.contains(form_id) {
                    hidden.push(form_id.clone());
                }
            }
            self.changed(ChangeKind::FormHidden {
                form: h.id.node.clone(),
                subforms: forms[1..].to_vec(),
            });
        }
    }

    /// E0123 or E0084 when one of `forms` (hidden by the declaration naming `id`) holds a core
    /// or a required field; true when refused.
    pub(crate) fn refuse_hiding(&mut self, id: &Name, forms: &[String]) -> bool {
        for form_id in forms {
            let Some(form) = index::form(&self.files, form_id) else {
                continue;
            };
            for item in &form.body {
                let ItemKind::Field(field) = &item.kind else {
                    continue;
                };
                if let Some(core) = index::flag_on(&field.body, "core") {
                    self.sink.push(hidden_form_read::core_field_in_hidden_form(
                        form_id,
                        &field.id.node,
                        id.span,
                        core.key.span,
                    ));
                    return true;
                }
                if let Some(req) = index::requirement(&field.body) {
                    self.sink
                        .push(hidden_form_read::required_field_in_hidden_form(
                            form_id,
                            &field.id.node,
                            id.span,
                            req.key.span,
                        ));
                    return true;
                }
            }
        }
        false
    }

    /// The form `id` and, transitively, the subforms it shows that no form outside them (and
    /// outside `hidden`, the forms already hidden) shows: the form first. Subforms already
    /// hidden are not listed again.
    pub(crate) fn with_subforms(&self, id: &str, hidden: &[String]) -> Vec<String> {
        let mut out = vec![id.to_string()];
        loop {
            let next = forms(&self.files)
                .filter(|f| f.record.is_none())
                .map(|s| s.id.node.as_str())
                .find(|s| {
                    let shown_by = self.forms_showing(s);
                    !out.iter().any(|o| o == s)
                        && !hidden.iter().any(|o| o == s)
                        && shown_by.iter().any(|f| out.contains(f))
                        && shown_by
                            .iter()
                            .all(|f| out.contains(f) || hidden.contains(f))
                });
            match next {
                Some(s) => out.push(s.to_string()),
                None => return out,
            }
        }
    }

    /// The forms and subforms showing the subform `sub`: by a field of theirs, or by a `use`
    /// line of a field that shows it.
    fn forms_showing(&self, sub: &str) -> Vec<String> {
        let fields: Vec<&str> = forms(&self.files)
            .flat_map(|f| f.body.iter())
            .filter_map(|i| match &i.kind {
                ItemKind::Field(x) if shows(x, sub) => Some(x.id.node.as_str()),
                _ => None,
            })
            .collect();
        forms(&self.files)
            .filter(|f| f.body.iter().any(|i| shows_item(i, sub, &fields)))
            .map(|f| f.id.node.clone())
            .collect()
    }

    /// E0132: `hide form` naming a subform of the standard: the field showing it is what a
    /// country hides.
    fn subform_hidden(&self, id: &Name) -> crate::diagnostics::Diagnostic {
        let shown_by = self.std.fields.iter().enumerate().find(|(_, f)| {
            matches!(f.kind, FieldKind::Subform { form } if self.std.form(form).id.as_str() == id.node)
        });
        hidden_form_read::subform_hidden(
            &id.node,
            id.span,
            shown_by.map(|(n, f)| {
                let form = self.std.form(f.form);
                (
                    form.id.as_str(),
                    f.id.as_str(),
                    matches!(form.kind, crate::model::FormKind::TopLevel { .. }),
                    self.std_spans.fields.get(n).copied(),
                )
            }),
        )
    }
}

/// Does the field declaration show the subform `sub`?
fn shows(field: &FieldDecl, sub: &str) -> bool {
    field.ty.name.node == "subform" && field.ty.arg.as_ref().is_some_and(|a| a.node == sub)
}

/// Does this item of a form show the subform `sub` (`fields`: the fields that show it)?
fn shows_item(item: &Item, sub: &str, fields: &[&str]) -> bool {
    match &item.kind {
        ItemKind::Field(x) => shows(x, sub),
        ItemKind::Use(u) => fields.contains(&u.id.node.as_str()),
        _ => false,
    }
}

/// Every form and subform declaration of `files`.
fn forms(files: &index::Files) -> impl Iterator<Item = &FormDecl> {
    index::decls(files).filter_map(|d| match &d.kind {
        DeclKind::Form(f) => Some(f),
        _ => None,
    })
}
