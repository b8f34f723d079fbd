//! `hide field` and `add field`: finding the standard field or form an overlay names, and the
//! rules for hiding (optional fields only) and adding (prefixed ids, `after`).

use gbvims_dsl::ast::{AddFieldDecl, AttrValue, DeclKind, Item, ItemKind, Name};
use gbvims_dsl::Span;

use super::apply::Work;
use super::changes::ChangeKind;
use super::edits::{insertion_point, Place};
use super::index;
use super::unknown_target::UnknownOverlayTarget;
use crate::checks::hidden_field_read;
use crate::checks::hidden_twice::hidden_twice;
use crate::diagnostics::{Code, Diagnostic};

impl Work<'_> {
    /// A field path of an overlay (`form.field`, or `field` when one form declares it).
    pub(crate) fn resolve_field(&mut self, path: &Name) -> Option<(String, String)> {
        let (form_id, field_id) = match path.node.split_once('.') {
            Some((f, x)) => (Some(f), x),
            None => (None, path.node.as_str()),
        };
        let Some(form_id) = form_id else {
            let forms = index::forms_with_field(&self.files, field_id);
            return match forms.as_slice() {
                [one] => Some(((*one).to_string(), field_id.to_string())),
                [] => {
                    self.unknown_field(path, None, field_id);
                    None
                }
                many => {
                    let declared: Vec<Span> = many
                        .iter()
                        .filter_map(|f| index::form(&self.files, f))
                        .filter_map(|f| index::field(f, field_id).map(|x| x.id.span))
                        .collect();
                    let d = UnknownOverlayTarget::AmbiguousField {
                        id: field_id,
                        span: path.span,
                        forms: many.to_vec(),
                        declared,
                    }
                    .diagnostic();
                    self.sink.push(d);
                    None
                }
            };
        };
        let Some(form) = index::form(&self.files, form_id) else {
            self.unknown_form(path.span, form_id);
            return None;
        };
        if index::field(form, field_id).is_none() {
            self.unknown_field(path, Some(form_id), field_id);
            return None;
        }
        Some((form_id.to_string(), field_id.to_string()))
    }

    pub(crate) fn unknown_form(&mut self, span: Span, id: &str) {
        let d = UnknownOverlayTarget::Form {
            id,
            span,
            candidates: index::form_ids(&self.files),
        }
        .diagnostic();
        self.sink.push(d);
    }

    pub(crate) fn unknown_field(&mut self, path: &Name, form: Option<&str>, id: &str) {
        // Suggestions are written the way the path was: `form.field`, or a bare field id.
        let candidates: Vec<String> = match form.and_then(|f| index::form(&self.files, f)) {
            Some(f) => index::field_ids(f)
                .into_iter()
                .map(|x| format!("{}.{x}", f.id.node))
                .collect(),
            None => {
                let mut ids: Vec<String> = index::decls(&self.files)
                    .filter_map(|d| match &d.kind {
                        DeclKind::Form(f) => Some(f),
                        _ => None,
                    })
                    .flat_map(|f| index::field_ids(f).into_iter().map(str::to_string))
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            }
        };
        let d = UnknownOverlayTarget::Field {
            written: &path.node,
            id,
            form,
            span: path.span,
            candidates,
            after: false,
        }
        .diagnostic();
        self.sink.push(d);
    }

    pub(crate) fn hide(&mut self, path: &Name) {
        let Some((form_id, field_id)) = self.resolve_field(path) else {
            return;
        };
        if let Some(first) = self.hidden_fields.get(&(form_id.clone(), field_id.clone())) {
            let d = hidden_twice("field", &format!("{form_id}.{field_id}"), path.span, *first);
            self.sink.push(d);
            return;
        }
        let field = index::form(&self.files, &form_id).and_then(|f| index::field(f, &field_id));
        let Some(field) = field else { return };
        if let Some(core) = index::flag_on(&field.body, "core") {
            self.sink.push(hidden_field_read::core_field_hidden(
                &field_id,
                path.span,
                core.key.span,
            ));
            return;
        }
        if let Some(req) = index::requirement(&field.body) {
            let when = if req.key.node == "required" {
                ""
            } else {
                " in some cases"
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0084,
                    path.span,
                    format!("`{field_id}` is required{when} by the standard and cannot be hidden"),
                )
                .label("required field")
                .with_secondary(req.key.span, "required here")
                .help("a country may hide optional fields only; keep this one (translate its label into the country's languages)"),
            );
            return;
        }
        // A subform field takes its rows along: the same refusals as `hide form` for the
        // subforms it shows (E0123, E0084).
        if field.ty.name.node == "subform" {
            if let Some(sub) = field.ty.arg.as_ref().map(|a| a.node.clone()) {
                let subforms = self.with_subforms(&sub, &[]);
                if self.refuse_hiding(path, &subforms) {
                    return;
                }
            }
        }
        let span = path.span;
        // What the standard computes from the field: it will read it as empty.
        let std_field = self.std.fields.iter().position(|f| {
            f.id.as_str() == field_id && self.std.form(f.form).id.as_str() == form_id
        });
        if let Some(n) = std_field {
            let fx = crate::model::FieldIx::from_index(n);
            if self.hidden_for_variant(fx, &field_id, span) {
                return;
            }
            let readers = hidden_field_read::readers(self.ir_std.as_ref().unwrap_or(self.std), fx);
            if !readers.is_empty() {
                self.sink.push(hidden_field_read::hidden_field_read(
                    &field_id, span, &readers,
                ));
            }
        }
        if let Some(field) =
            index::form_mut(&mut self.files, &form_id).and_then(|f| index::field_mut(f, &field_id))
        {
            index::set_flag(&mut field.body, "visible", false, span);
            self.hidden_fields
                .insert((form_id.clone(), field_id.clone()), span);
            self.changed(ChangeKind::FieldHidden {
                form: form_id,
                field: field_id,
            });
        }
    }

    pub(crate) fn add(&mut self, a: &AddFieldDecl, span: Span) {
        let ok = self.prefixed(&a.field.id, "field");
        if index::form(&self.files, &a.form.node).is_none() {
            self.unknown_form(a.form.span, &a.form.node);
            return;
        }
        let mut field = a.field.clone();
        let Ok(place) = self.place_of(&field.body, &a.form.node) else {
            return;
        };
        field.body.retain(
            |i| !matches!(&i.kind, ItemKind::Attr(x) if x.key.node == "after" || x.key.node == "first"),
        );
        if !ok {
            return;
        }
        let (after, first) = Place::logged(place.clone());
        let field_id = field.id.node.clone();
        let legacy = match index::attr(&field.body, "stored_as").map(|x| &x.value) {
            Some(AttrValue::Str(k)) => Some(k.node.clone()),
            _ => None,
        };
        if let Some(form) = index::form_mut(&mut self.files, &a.form.node) {
            let at = place
                .as_ref()
                .map_or(form.body.len(), |p| insertion_point(&form.body, p));
            form.body.insert(
                at,
                Item {
                    kind: ItemKind::Field(field),
                    span,
                },
            );
            self.changed(ChangeKind::FieldAdded {
                form: a.form.node.clone(),
                field: field_id.clone(),
                after,
                first,
            });
            if let Some(key) = legacy {
                self.changed(ChangeKind::FieldStoredAs {
                    form: a.form.node.clone(),
                    field: field_id,
                    key,
                });
            }
        }
    }
}
