//! A country's own forms, subforms and roles (`form ng_felt_stigma in case { … }`, `subform
//! ng_stigma_item { … }`, `role ng_focal_point { … }`) (`hide form` is in `hide_form.rs`).
//!
//! A country's own declaration has the standard's syntax; its id, and the id of every field it
//! declares, carries the country prefix (E0080) and is none of the standard's (E0130 for forms,
//! subforms and roles, E0100 for fields). It is then taken into the trees being edited, so the
//! merged configuration is lowered and checked as one: record, navigation group, orders,
//! conditions, visibility, identifying data and every other rule apply to it as to the
//! standard's.

use gbvims_dsl::ast::{AttrValue, Decl, FormDecl, ItemKind, Name, RoleDecl};
use gbvims_dsl::FileId;

use super::apply::Work;
use super::changes::ChangeKind;
use super::index;
use crate::checks::country_form_taken::CountryFormTaken;
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
        // Legacy keys of its fields, as for `add field`.
        for item in &f.body {
            let ItemKind::Field(field) = &item.kind else {
                continue;
            };
            if let Some(AttrValue::Str(key)) =
                index::attr(&field.body, "stored_as").map(|a| &a.value)
            {
                self.changed(ChangeKind::FieldStoredAs {
                    form: f.id.node.clone(),
                    field: field.id.node.clone(),
                    key: key.node.clone(),
                });
            }
        }
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

    /// E0080 for a form, subform or role of the country's without the country prefix.
    fn declared_prefixed(&mut self, id: &Name, what: &str) -> bool {
        if self.prefix.is_empty() || id.node.starts_with(&self.prefix) {
            return true;
        }
        self.unprefixed(id, what, "declare");
        false
    }
}
