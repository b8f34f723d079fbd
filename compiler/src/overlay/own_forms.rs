//! A country's own forms, subforms and roles (`form ng_felt_stigma in case { … }`, `subform
//! ng_stigma_item { … }`, `role ng_focal_point { … }`), and `hide form` of a standard form.
//!
//! A country's own declaration has the standard's syntax; its id, and the id of every field it
//! declares, carries the country prefix (E0080) and is none of the standard's (E0130 for forms,
//! subforms and roles, E0100 for fields). It is then taken into the trees being edited, so the
//! merged configuration is lowered and checked as one: record, navigation group, orders,
//! conditions, visibility, identifying data and every other rule apply to it as to the
//! standard's.

use gbvims_dsl::ast::{Attr, AttrValue, Decl, FormDecl, Item, ItemKind, Name, RoleDecl};
use gbvims_dsl::{FileId, Spanned};

use super::apply::Work;
use super::changes::ChangeKind;
use super::index;
use crate::checks::country_form_taken::CountryFormTaken;
use crate::checks::hidden_form_read;
use crate::checks::unknown_record::UnknownRecord;
use crate::checks::Origin;

impl Work<'_> {
    /// A form or subform of the country's own.
    pub(crate) fn own_form(&mut self, file: FileId, f: &FormDecl, decl: &Decl) {
        let what = if f.record.is_some() {
            "form"
        } else {
            "subform"
        };
        let mut ok = self.declared_prefixed(&f.id, what);
        if ok {
            let standard = self
                .std
                .forms
                .iter()
                .position(|s| s.id.as_str() == f.id.node);
            if let Some(n) = standard {
                let d = CountryFormTaken {
                    what,
                    id: &f.id.node,
                    span: f.id.span,
                    standard: self.std_spans.forms.get(n).copied(),
                }
                .diagnostic();
                self.sink.push(d);
                ok = false;
            }
        }
        // A country form goes into one of the standard's records (it cannot declare one).
        if let Some(record) = &f.record {
            let ids: Vec<&str> = self.std.records.iter().map(|r| r.id.as_str()).collect();
            if !ids.contains(&record.node.as_str()) {
                let d = UnknownRecord::Named {
                    id: &record.node,
                    span: record.span,
                    candidates: ids,
                    origin: Origin::Standard,
                }
                .diagnostic();
                self.sink.push(d);
                ok = false;
            }
        }
        let mut fields = 0;
        for item in &f.body {
            if let ItemKind::Field(field) = &item.kind {
                fields += 1;
                ok &= self.prefixed(&field.id, "field");
            }
        }
        if !ok {
            if f.record.is_none() {
                self.refused_subforms.push(f.id.node.clone());
            }
            return;
        }
        self.adopt(file, decl);
        self.changed(ChangeKind::FormDeclared {
            form: f.id.node.clone(),
            record: f.record.as_ref().map(|r| r.node.clone()),
            fields,
        });
    }

    /// A role of the country's own.
    pub(crate) fn own_role(&mut self, file: FileId, r: &RoleDecl, decl: &Decl) {
        if !self.declared_prefixed(&r.id, "role") {
            return;
        }
        let standard = self
            .std
            .roles
            .iter()
            .position(|s| s.id.as_str() == r.id.node);
        if let Some(n) = standard {
            let d = CountryFormTaken {
                what: "role",
                id: &r.id.node,
                span: r.id.span,
                standard: self.std_spans.roles.get(n).copied(),
            }
            .diagnostic();
            self.sink.push(d);
            return;
        }
        self.adopt(file, decl);
        self.changed(ChangeKind::RoleDeclared {
            role: r.id.node.clone(),
        });
    }

    /// `hide form <form-id>`: the form (and the subforms it shows) leaves the navigation and
    /// mobile. Refused when it holds a core field (E0123) or a required one (E0084); a warning
    /// names what the country keeps that reads its fields (W0013).
    pub(crate) fn hide_form(&mut self, id: &Name) {
        let is_standard = index::form(&self.files, &id.node).is_some_and(|f| f.record.is_some())
            && self.std.forms.iter().any(|f| f.id.as_str() == id.node);
        if !is_standard {
            self.unknown_form(id.span, &id.node);
            return;
        }
        let forms = self.with_subforms(&id.node);
        for form_id in &forms {
            let Some(form) = index::form(&self.files, form_id) else {
                continue;
            };
            for item in &form.body {
                let ItemKind::Field(field) = &item.kind else {
                    continue;
                };
                if let Some(core) = index::flag_on(&field.body, "core") {
                    self.sink.push(hidden_form_read::core_field_in_hidden_form(
                        &id.node,
                        &field.id.node,
                        id.span,
                        core.key.span,
                    ));
                    return;
                }
                if let Some(req) = index::requirement(&field.body) {
                    self.sink
                        .push(hidden_form_read::required_field_in_hidden_form(
                            &id.node,
                            &field.id.node,
                            id.span,
                            req.key.span,
                        ));
                    return;
                }
            }
        }
        let readers = hidden_form_read::readers(self.std, &forms);
        if !readers.is_empty() {
            self.sink.push(hidden_form_read::hidden_form_read(
                &id.node, id.span, &readers,
            ));
        }
        for form_id in &forms {
            if let Some(form) = index::form_mut(&mut self.files, form_id) {
                for key in ["visible", "mobile"] {
                    form.body
                        .retain(|i| !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == key));
                    form.body.push(Item {
                        kind: ItemKind::Attr(Attr {
                            key: Spanned::new(key.to_string(), id.span),
                            value: AttrValue::Bool(Spanned::new(false, id.span)),
                        }),
                        span: id.span,
                    });
                }
            }
        }
        self.changed(ChangeKind::FormHidden {
            form: id.node.clone(),
            subforms: forms[1..].to_vec(),
        });
    }

    /// E0080 for a form, subform or role of the country's without the country prefix.
    fn declared_prefixed(&mut self, id: &Name, what: &str) -> bool {
        if self.prefix.is_empty() || id.node.starts_with(&self.prefix) {
            return true;
        }
        self.unprefixed(id, what, "declare");
        false
    }

    /// The form and, transitively, the subforms its fields show (the form first).
    fn with_subforms(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        let mut next = 0;
        while next < out.len() {
            let shown: Vec<String> = index::form(&self.files, &out[next])
                .into_iter()
                .flat_map(|f| f.body.iter())
                .filter_map(|i| match &i.kind {
                    ItemKind::Field(field) if field.ty.name.node == "subform" => {
                        field.ty.arg.as_ref().map(|a| a.node.clone())
                    }
                    _ => None,
                })
                .collect();
            for s in shown {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            next += 1;
        }
        out
    }
}
