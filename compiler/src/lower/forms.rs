//! Forms and subforms: registration, their fields, `use`, subform references and ownership.

use gbvims_dsl::ast::{FormDecl, ItemKind};

use super::attrs::Place;
use super::Lower;
use crate::checks::unknown_field::{FieldScope, UnknownField};
use crate::checks::unknown_record::UnknownRecord;
use crate::checks::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::model::{
    FieldIx, FieldKind, Form, FormId, FormIx, FormKind, OptionId, RecordIx, UseOverride,
};

impl Lower<'_> {
    pub(crate) fn forms(&mut self, decls: &[&FormDecl]) {
        // 1. Register every form so subform fields can point forward.
        let mut registered: Vec<(FormIx, &FormDecl)> = Vec::new();
        for decl in decls {
            if let Some(ix) = self.register_form(decl) {
                registered.push((ix, decl));
            }
        }
        // 2. Fields of every form.
        let mut pending = Vec::new();
        for &(ix, decl) in &registered {
            let subform = decl.record.is_none().then_some(ix);
            for item in &decl.body {
                if let ItemKind::Field(f) = &item.kind {
                    self.current_item = Some(item.span);
                    if let Some(fx) = self.field(f, ix, subform) {
                        self.forms[ix.index()].fields.push(fx);
                        pending.push((fx, f));
                    }
                }
            }
        }
        self.current_item = None;
        // 3. Subform references, ownership, `use`, collapsed fields.
        self.link_subforms(&pending);
        for &(ix, decl) in &registered {
            if decl.record.is_some() {
                self.uses(ix, decl);
            } else {
                self.collapsed_on(ix, decl);
            }
        }
        // 4. Expressions, now that every field and its type is known.
        for &(fx, f) in &pending {
            self.field_exprs(fx, f);
        }
        self.dependency_cycles();
    }

    fn register_form(&mut self, decl: &FormDecl) -> Option<FormIx> {
        let kind_word = if decl.record.is_some() {
            "form"
        } else {
            "subform"
        };
        self.check_id(&decl.id, kind_word);
        if let Some(&first) = self.form_ids.get(&decl.id.node) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0024,
                    decl.id.span,
                    format!("the id `{}` is used by two forms", decl.id.node),
                )
                .label("second declaration")
                .with_secondary(self.spans.forms[first.index()], "first declared here")
                .help("form and subform ids must be unique across the standard"),
            );
            return None;
        }
        let record = match &decl.record {
            Some(r) => match self.record_ids.get(&r.node) {
                Some(&ix) => ix,
                None => {
                    let d = UnknownRecord::Named {
                        id: &r.node,
                        span: r.span,
                        candidates: self.record_ids.keys().map(String::as_str).collect(),
                        origin: Origin::Declared,
                    }
                    .diagnostic();
                    self.sink.push(d);
                    return None;
                }
            },
            None => RecordIx(0),
        };
        let place = if decl.record.is_some() {
            Place::Form
        } else {
            Place::Subform
        };
        let attrs = self.attrs(&decl.body, place);
        let what = format!("the title of {kind_word} `{}`", decl.id.node);
        let title = self.required_texts(&attrs, "title", &what, decl.id.span, kind_word);
        let description = self.texts_attr(
            &attrs,
            "description",
            &format!("the description of {kind_word} `{}`", decl.id.node),
        );
        let visible = self.flag(&attrs, "visible").unwrap_or(true);
        let mobile = self.flag(&attrs, "mobile").unwrap_or(false);
        let order = self.int(&attrs, "order").unwrap_or(0);
        let kind = if decl.record.is_some() {
            let group = self.form_group(&attrs, record);
            FormKind::TopLevel {
                group,
                group_order: self.int(&attrs, "group_order").unwrap_or(0),
                order,
                opens_first: self.flag(&attrs, "opens_first").unwrap_or(false),
            }
        } else {
            FormKind::Subform {
                parent: None,
                order,
                collapsed_on: Vec::new(),
            }
        };
        let ix = FormIx::from_index(self.forms.len());
        self.forms.push(Form {
            id: FormId(decl.id.node.clone()),
            record,
            kind,
            title,
            description,
            visible,
            mobile,
            fields: Vec::new(),
            overrides: Vec::new(),
        });
        self.spans.forms.push(decl.id.span);
        self.spans.collapsed_on.push(Vec::new());
        self.form_ids.insert(decl.id.node.clone(), ix);
        if decl.record.is_some() {
            self.records[record.index()].forms.push(ix);
        }
        Some(ix)
    }

    fn form_group(&mut self, attrs: &super::attrs::Attrs, record: RecordIx) -> Option<OptionId> {
        let name = self.names(attrs, "group")?.first()?;
        let Some(lookup) = self.records[record.index()].form_groups else {
            self.sink.push(
                Diagnostic::new(
                    Code::E0019,
                    name.span,
                    format!(
                        "the record `{}` declares no form groups",
                        self.records[record.index()].id
                    ),
                )
                .label("no groups to choose from")
                .help("add `form_groups: <lookup>` to the record, or delete `group`"),
            );
            return None;
        };
        let lk = &self.lookups[lookup.index()];
        if lk.option(&name.node).is_some() {
            return Some(OptionId(name.node.clone()));
        }
        let ids: Vec<String> = lk.options.iter().map(|o| o.id.0.clone()).collect();
        self.sink.push(
            Diagnostic::new(
                Code::E0019,
                name.span,
                format!("`{}` is not one of the record's form groups", name.node),
            )
            .label("unknown group")
            .help(suggest(
                &name.node,
                ids.iter().map(String::as_str),
                &format!("groups are: {}", ids.join(", ")),
            )),
        );
        None
    }

    /// Resolves `subform X` field types, sets each subform's parent and record, and reports
    /// subforms shown twice, never shown, or containing themselves.
    fn link_subforms(&mut self, pending: &[(FieldIx, &gbvims_dsl::ast::FieldDecl)]) {
        for &(fx, f) in pending {
            if f.ty.name.node != "subform" {
                continue;
            }
            let Some(arg) = &f.ty.arg else { continue };
            let target = self.form_ids.get(&arg.node).copied();
            match target {
                Some(t) if matches!(self.forms[t.index()].kind, FormKind::Subform { .. }) => {
                    self.fields[fx.index()].kind = FieldKind::Subform { form: t };
                    self.subform_refs.entry(t).or_default().push(fx);
                }
                Some(_) => self.sink.push(
                    Diagnostic::new(
                        Code::E0013,
                        arg.span,
                        format!("`{}` is a form, not a subform", arg.node),
                    )
                    .label("not a subform")
                    .help("declare the rows with `subform <id> { … }` and point the field at it"),
                ),
                None if self.refused_subforms.contains(&arg.node) => {}
                None => {
                    let subs: Vec<String> = self
                        .form_ids
                        .iter()
                        .filter(|(_, ix)| {
                            matches!(self.forms[ix.index()].kind, FormKind::Subform { .. })
                        })
                        .map(|(id, _)| id.clone())
                        .collect();
                    self.sink.push(
                        Diagnostic::new(
                            Code::E0013,
                            arg.span,
                            format!("there is no subform `{}`", arg.node),
                        )
                        .label("unknown subform")
                        .help(suggest(
                            &arg.node,
                            subs.iter().map(String::as_str),
                            "declare it with `subform <id> { … }`",
                        )),
                    );
                }
            }
        }
        // Subform fields whose subform could not be resolved (already reported) read as errors.
        for (n, f) in self.fields.iter().enumerate() {
            if matches!(f.kind, FieldKind::Subform { form } if form.index() >= self.forms.len()) {
                self.poisoned.push(FieldIx::from_index(n));
            }
        }
        self.subform_cycles();
        let refs: Vec<(FormIx, Vec<FieldIx>)> = self
            .subform_refs
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        for (sub, fields) in &refs {
            for extra in &fields[1..] {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0045,
                        self.spans.fields[extra.index()],
                        format!(
                            "the subform `{}` is already shown by another field",
                            self.forms[sub.index()].id
                        ),
                    )
                    .label("second reference")
                    .with_secondary(self.spans.fields[fields[0].index()], "first shown here")
                    .help(
                        "a subform belongs to one field; declare a second subform with its own id",
                    ),
                );
            }
            if let FormKind::Subform { parent, .. } = &mut self.forms[sub.index()].kind {
                *parent = Some(fields[0]);
            }
        }
        self.subform_owners();
    }

    /// A subform field whose subform contains (directly or through other subforms) the form the
    /// field is in closes a circle: report it and drop that reference.
    fn subform_cycles(&mut self) {
        let mut edges: Vec<(FormIx, FormIx, FieldIx)> = Vec::new();
        for (sub, fields) in &self.subform_refs {
            for fx in fields {
                edges.push((self.fields[fx.index()].form, *sub, *fx));
            }
        }
        edges.sort_by_key(|(_, _, fx)| *fx);
        let mut kept: Vec<(FormIx, FormIx)> = Vec::new();
        let mut dropped: Vec<FieldIx> = Vec::new();
        for (from, to, fx) in edges {
            // Does `to` already reach `from`? Then from → to closes a circle.
            let mut seen = vec![to];
            let mut todo = vec![to];
            while let Some(n) = todo.pop() {
                for (a, b) in &kept {
                    if *a == n && !seen.contains(b) {
                        seen.push(*b);
                        todo.push(*b);
                    }
                }
            }
            if seen.contains(&from) {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0056,
                        self.spans.fields[fx.index()],
                        format!(
                            "the subform `{}` would contain itself",
                            self.forms[to.index()].id
                        ),
                    )
                    .label("closes a circle of subforms")
                    .help("a subform's rows cannot hold the same subform again; remove this field"),
                );
                dropped.push(fx);
                self.cyclic_subforms.push(to);
            } else {
                kept.push((from, to));
            }
        }
        for fields in self.subform_refs.values_mut() {
            fields.retain(|f| !dropped.contains(f));
        }
        self.subform_refs.retain(|_, v| !v.is_empty());
    }

    /// Gives every subform the record of the form that shows it (through nested subforms).
    fn subform_owners(&mut self) {
        for n in 0..self.forms.len() {
            let FormKind::Subform { parent, .. } = self.forms[n].kind else {
                continue;
            };
            let Some(parent) = parent else {
                if self.cyclic_subforms.contains(&FormIx::from_index(n)) {
                    continue;
                }
                self.sink.push(
                    Diagnostic::new(
                        Code::W0003,
                        self.spans.forms[n],
                        format!(
                            "the subform `{}` is not shown by any field",
                            self.forms[n].id
                        ),
                    )
                    .label("unused subform")
                    .help(format!(
                        "add a field `field <id>: subform {}` to a form, or delete the subform",
                        self.forms[n].id
                    )),
                );
                continue;
            };
            // Walk up parents; a walk longer than the number of forms is a loop.
            let mut owner = self.fields[parent.index()].form;
            let mut steps = 0;
            let mut looped = false;
            while let FormKind::Subform {
                parent: Some(p), ..
            } = self.forms[owner.index()].kind
            {
                if owner.index() == n || steps > self.forms.len() {
                    looped = true;
                    break;
                }
                owner = self.fields[p.index()].form;
                steps += 1;
            }
            if looped || owner.index() == n {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0056,
                        self.spans.fields[parent.index()],
                        format!("the subform `{}` contains itself", self.forms[n].id),
                    )
                    .label("shows its own subform")
                    .help("a subform's rows cannot hold the same subform again; remove this field"),
                );
                continue;
            }
            self.forms[n].record = self.forms[owner.index()].record;
        }
    }

    /// Resolves `use` lines, placing each field where the `use` stands among the form's fields.
    fn uses(&mut self, form: FormIx, decl: &FormDecl) {
        let record = self.forms[form.index()].record;
        // Position in `fields` of the next item: declared fields are already there, in order.
        let mut at = 0;
        for item in &decl.body {
            let name = match &item.kind {
                ItemKind::Field(f) => {
                    let here = self.forms[form.index()].fields.get(at).copied();
                    if here.is_some_and(|fx| self.fields[fx.index()].id.as_str() == f.id.node) {
                        at += 1;
                    }
                    continue;
                }
                ItemKind::Use(u) => u,
                _ => continue,
            };
            let (name, body) = (&name.id, &name.body);
            match self.record_scope[record.index()].get(&name.node).copied() {
                Some(fx) if self.fields[fx.index()].form == form => self.sink.push(
                    Diagnostic::new(
                        Code::E0055,
                        name.span,
                        format!("`{}` is already declared in this form", name.node),
                    )
                    .label("already here")
                    .help("delete this `use`"),
                ),
                Some(fx) if self.forms[form.index()].fields.contains(&fx) => self.sink.push(
                    Diagnostic::new(
                        Code::E0055,
                        name.span,
                        format!("`{}` is already shown in this form", name.node),
                    )
                    .label("shown twice")
                    .help("delete this `use`: a field appears once per form"),
                ),
                Some(fx) => {
                    self.forms[form.index()].fields.insert(at, fx);
                    at += 1;
                    self.use_override(form, fx, name, body);
                }
                None => {
                    let elsewhere = self.form_scope.values().any(|s| s.contains_key(&name.node))
                        || self.record_scope.iter().any(|s| s.contains_key(&name.node));
                    if elsewhere {
                        self.sink.push(
                            Diagnostic::new(Code::E0055, name.span, format!("`{}` is not a field of this record's forms", name.node))
                                .label("cannot be shown here")
                                .help("`use` shows a field of another form of the same record; subform fields and other records' fields cannot be shown"),
                        );
                    } else {
                        let d = UnknownField {
                            name: &name.node,
                            span: name.span,
                            candidates: self.record_scope[record.index()]
                                .keys()
                                .map(String::as_str)
                                .collect(),
                            scope: FieldScope::Use,
                        }
                        .diagnostic();
                        self.sink.push(d);
                    }
                }
            }
        }
    }

    /// Reads a `use id { … }` block: the label and display flags this form gives the field.
    fn use_override(
        &mut self,
        form: FormIx,
        field: FieldIx,
        name: &gbvims_dsl::ast::Name,
        body: &[gbvims_dsl::ast::Item],
    ) {
        if body.is_empty() {
            return;
        }
        let attrs = self.attrs(body, Place::Use);
        let what = format!(
            "the label of `{}` in form `{}`",
            name.node,
            self.forms[form.index()].id
        );
        let label = attrs
            .get("label")
            .is_some()
            .then(|| self.texts_attr(&attrs, "label", &what));
        let mobile = self.flag(&attrs, "mobile");
        let visible = self.flag(&attrs, "visible");
        if label.is_none() && mobile.is_none() && visible.is_none() {
            return;
        }
        self.forms[form.index()].overrides.push(UseOverride {
            field,
            label,
            mobile,
            visible,
        });
    }

    fn collapsed_on(&mut self, form: FormIx, decl: &FormDecl) {
        let attrs = self.attrs_quiet(&decl.body);
        let Some(names) = attrs else { return };
        let mut out = Vec::new();
        let mut spans = Vec::new();
        for n in names {
            if let Some(fx) = self.subform_field(form, n) {
                out.push(fx);
                spans.push(n.span);
            }
        }
        if let FormKind::Subform { collapsed_on, .. } = &mut self.forms[form.index()].kind {
            *collapsed_on = out;
            if let Some(slot) = self.spans.collapsed_on.get_mut(form.index()) {
                *slot = spans;
            }
        }
    }

    /// `collapsed_on` names, read without reporting again (the form's attributes were already
    /// checked when it was registered).
    fn attrs_quiet<'a>(
        &self,
        body: &'a [gbvims_dsl::ast::Item],
    ) -> Option<&'a [gbvims_dsl::ast::Name]> {
        body.iter().find_map(|item| match &item.kind {
            ItemKind::Attr(a) if a.key.node == "collapsed_on" => match &a.value {
                gbvims_dsl::ast::AttrValue::Names(n) => Some(n.as_slice()),
                _ => None,
            },
            _ => None,
        })
    }
}
