//! Fields: ids, types, inline options and plain attributes. Expressions come later (`exprs.rs`),
//! once every field of every form is known.

use gbvims_dsl::ast::{FieldDecl, Name, TypeExpr};
use gbvims_dsl::vocab::{FieldType, FIELD_TYPES};

use super::attrs::Place;
use super::Lower;
use crate::checks::attribute_not_allowed_here::AttributeNotAllowedHere;
use crate::checks::missing_attribute::MissingAttribute;
use crate::checks::reserved_id::ReservedId;
use crate::checks::unknown_role::UnknownRole;
use crate::checks::Origin;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::model::{
    Field, FieldFlags, FieldId, FieldIx, FieldKind, FormIx, Lookup, LookupIx, LookupKind,
    NotIdentifying, OptionSource, Policy, RoleIx, StoredId, Texts,
};

impl Lower<'_> {
    /// `stored_as: "<key>"`: the legacy key records hold the field's answer under, when it is a
    /// valid key (E0029 otherwise). Where it may be written and what it may not equal is checked
    /// on the whole model (`checks::legacy_keys`).
    fn legacy_key(&mut self, attrs: &super::attrs::Attrs) -> Option<String> {
        let attr = attrs.get("stored_as")?;
        let gbvims_dsl::ast::AttrValue::Str(key) = &attr.value else {
            return None;
        };
        let name = Name::new(key.node.clone(), key.span);
        if !super::header::is_valid_id(&key.node) {
            self.check_id(&name, "legacy field key");
            return None;
        }
        Some(key.node.clone())
    }

    /// Lowers a field's declaration (without its expressions) and registers it in `scope`.
    pub(crate) fn field(
        &mut self,
        f: &FieldDecl,
        form: FormIx,
        scope_of: Option<FormIx>,
    ) -> Option<FieldIx> {
        self.check_id(&f.id, "field");
        if let Some(reserved) = ReservedId::check(&f.id.node, f.id.span) {
            self.sink.push(reserved.diagnostic());
        }
        let record = self.forms[form.index()].record;
        let existing = match scope_of {
            Some(sub) => self
                .form_scope
                .get(&sub)
                .and_then(|s| s.get(&f.id.node))
                .copied(),
            None => self
                .record_scope
                .get(record.index())
                .and_then(|s| s.get(&f.id.node))
                .copied(),
        };
        if let Some(first) = existing {
            let (where_, help) = match scope_of {
                Some(_) => ("this subform", "the fields of a subform row must have different ids"),
                None => (
                    "this record",
                    "field ids are record keys and must be unique; to show the same field in another form, write `use <field>`",
                ),
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0023,
                    f.id.span,
                    format!("the field `{}` is declared twice in {where_}", f.id.node),
                )
                .label("second declaration")
                .with_secondary(self.spans.fields[first.index()], "first declared here")
                .help(help),
            );
            return None;
        }
        let ix = FieldIx::from_index(self.fields.len());
        let kind = self.field_kind(f, ix);
        let attrs = self.attrs(&f.body, Place::Field);
        let label = self.required_texts(
            &attrs,
            "label",
            &format!("the label of field `{}`", f.id.node),
            f.id.span,
            "field",
        );
        let help = self.texts_attr(
            &attrs,
            "help",
            &format!("the help of field `{}`", f.id.node),
        );
        let guiding_questions = self.texts_attr(
            &attrs,
            "guiding_questions",
            &format!("the guiding questions of field `{}`", f.id.node),
        );
        let tick_label = self.texts_attr(
            &attrs,
            "tick_label",
            &format!("the tick label of field `{}`", f.id.node),
        );
        self.only_for(
            &attrs,
            "tick_label",
            matches!(kind, FieldKind::TickBox),
            "tick boxes",
        );
        self.only_for(
            &attrs,
            "not_future",
            matches!(kind, FieldKind::Date | FieldKind::DateTime),
            "dates",
        );
        let not_identifying = self.not_identifying(&attrs, &kind, f);
        let declared_identifying = self.flag(&attrs, "identifying").unwrap_or(false);
        // Free text and uploads people fill in are identifying unless declared otherwise; a
        // calculated field is identifying when what it reads is (E0059).
        let by_default =
            kind.identifying_by_default() && !f.ty.calculated && not_identifying.is_none();
        let flags = FieldFlags {
            required: self.flag(&attrs, "required").unwrap_or(false),
            read_only: self.flag(&attrs, "read_only").unwrap_or(false),
            visible: self.flag(&attrs, "visible").unwrap_or(true),
            mobile: self.flag(&attrs, "mobile").unwrap_or(true),
            short_form: self.flag(&attrs, "short_form").unwrap_or(false),
            identifying: declared_identifying || by_default,
            sensitive: self.flag(&attrs, "sensitive").unwrap_or(false),
            not_future: self.flag(&attrs, "not_future").unwrap_or(false),
            core: self.flag(&attrs, "core").unwrap_or(false),
            withdrawn: false,
        };
        let visible_to = self
            .names(&attrs, "visible_to")
            .map(|names| self.resolve_roles(names));
        let tags = self
            .names(&attrs, "tags")
            .map(|n| n.iter().map(|n| n.node.clone()).collect())
            .unwrap_or_default();
        if let Some(attr) = attrs.get("constraint_message") {
            if attrs.get("constraint").is_none() {
                self.sink.push(
                    Diagnostic::new(Code::E0051, attr.key.span, "`constraint_message` is given but there is no `constraint`")
                        .label("message without a rule")
                        .help("add `constraint: …` saying what the answer must satisfy, or delete the message"),
                );
            }
        }
        let stored = self.legacy_key(&attrs).unwrap_or_else(|| f.id.node.clone());
        self.fields.push(Field {
            id: FieldId(f.id.node.clone()),
            stored: StoredId(stored),
            form,
            kind,
            label,
            help,
            guiding_questions,
            tick_label,
            flags,
            visible_to,
            show_if: None,
            required_if: None,
            constraint: None,
            calculate: None,
            default: None,
            tags,
            not_identifying,
        });
        self.spans.fields.push(f.id.span);
        self.spans.field_keys.push(
            attrs
                .get("stored_as")
                .and_then(|a| match &a.value {
                    gbvims_dsl::ast::AttrValue::Str(k) => Some(k.span),
                    _ => None,
                })
                .filter(|_| self.fields[ix.index()].is_aliased()),
        );
        self.spans
            .field_exprs
            .push(crate::model::FieldExprSpans::default());
        match scope_of {
            Some(sub) => {
                self.form_scope
                    .entry(sub)
                    .or_default()
                    .insert(f.id.node.clone(), ix);
            }
            None => {
                if let Some(s) = self.record_scope.get_mut(record.index()) {
                    s.insert(f.id.node.clone(), ix);
                }
            }
        }
        Some(ix)
    }

    /// `not_identifying: code | place | time`, on free-text and upload fields people fill in.
    fn not_identifying(
        &mut self,
        attrs: &super::attrs::Attrs,
        kind: &FieldKind,
        f: &gbvims_dsl::ast::FieldDecl,
    ) -> Option<NotIdentifying> {
        self.only_for(
            attrs,
            "not_identifying",
            kind.identifying_by_default() && !f.ty.calculated,
            "text, textarea, photo, audio, document and signature fields people fill in",
        );
        let names = self.names(attrs, "not_identifying")?;
        let found = match names {
            [one] => NotIdentifying::ALL
                .iter()
                .find(|(n, _)| *n == one.node)
                .map(|(_, v)| *v),
            _ => None,
        };
        let span = attrs
            .get("not_identifying")
            .map_or(f.id.span, |a| a.key.span);
        if found.is_none() {
            self.sink.push(
                Diagnostic::new(
                    Code::E0008,
                    span,
                    "`not_identifying` takes one of `code`, `place` or `time`",
                )
                .label("what the field holds instead of identifying data")
                .help("write `not_identifying: code` (an incident or survivor code), `not_identifying: place` (a camp or a town, not an address) or `not_identifying: time` (an appointment time); a field that may hold a name, a contact or an account stays identifying"),
            );
        }
        if found.is_some() && self.flag(attrs, "identifying") == Some(true) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0008,
                    span,
                    format!("`{}` is declared both `identifying` and `not_identifying`", f.id.node),
                )
                .label("contradicts `identifying`")
                .help("keep one: `identifying` for names, contacts, addresses and accounts; `not_identifying: code | place | time` otherwise"),
            );
            return None;
        }
        if kind.identifying_by_default() && !f.ty.calculated {
            found
        } else {
            None
        }
    }

    fn only_for(&mut self, attrs: &super::attrs::Attrs, key: &str, ok: bool, kinds: &str) {
        if ok {
            return;
        }
        if let Some(attr) = attrs.get(key) {
            self.sink.push(
                AttributeNotAllowedHere::FieldType {
                    key,
                    kinds,
                    span: attr.key.span,
                }
                .diagnostic(),
            );
        }
    }

    fn resolve_roles(&mut self, names: &[Name]) -> Vec<RoleIx> {
        let mut out = Vec::new();
        for n in names {
            match self.role_ids.get(&n.node) {
                Some(&ix) => out.push(ix),
                None => {
                    let d = UnknownRole {
                        id: &n.node,
                        span: n.span,
                        candidates: self.role_ids.keys().map(String::as_str).collect(),
                        origin: Origin::Declared,
                    }
                    .diagnostic();
                    self.sink.push(d);
                }
            }
        }
        out
    }

    /// The field's kind from its type, creating an inline lookup for `option` lines.
    fn field_kind(&mut self, f: &FieldDecl, ix: FieldIx) -> FieldKind {
        let ty = &f.ty;
        let name = ty.name.node.as_str();
        let owner = format!("field `{}`", f.id.node);
        let inline = self.options(&f.body, &owner);
        let Some(field_type) = FieldType::parse(name) else {
            let names = || FIELD_TYPES.iter().map(|d| d.name);
            self.sink.push(
                Diagnostic::new(
                    Code::E0018,
                    ty.name.span,
                    format!("`{name}` is not a field type"),
                )
                .label("unknown type")
                .help(suggest(
                    name,
                    names(),
                    &format!(
                        "field types are: {}",
                        names().collect::<Vec<_>>().join(", ")
                    ),
                )),
            );
            return FieldKind::Text;
        };
        if ty.calculated && !field_type.calculable() {
            self.sink.push(
                Diagnostic::new(
                    Code::E0018,
                    ty.span,
                    format!("a calculated field cannot be of type `{name}`"),
                )
                .label("not a calculable type")
                .help(format!(
                    "calculated fields can be: {}",
                    FIELD_TYPES
                        .iter()
                        .filter(|d| d.calculable)
                        .map(|d| d.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        let is_select = field_type.is_select();
        if !inline.is_empty() && (!is_select || ty.arg.is_some()) {
            let why = if is_select {
                "it already takes its options from a lookup"
            } else {
                "only select fields have options"
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0047,
                    f.id.span,
                    format!("the field `{}` has `option` lines but {why}", f.id.node),
                )
                .label("options not allowed")
                .help(if is_select {
                    "keep either the lookup after the type or the `option` lines, not both"
                } else {
                    "delete the `option` lines, or change the type to `select_one`"
                }),
            );
        }
        let mut source = OptionSource::Users;
        if is_select {
            match self.option_source(ty, inline, &f.id.node) {
                Some(s) => source = s,
                // Already reported; keep later uses of the field from piling up errors.
                None => self.poisoned.push(ix),
            }
        } else {
            self.no_arg_expected(ty, field_type != FieldType::Subform);
        }
        let select = |multi, radio, source| FieldKind::Select {
            multi,
            radio,
            source,
        };
        match field_type {
            FieldType::Text => FieldKind::Text,
            FieldType::TextArea => FieldKind::TextArea,
            FieldType::Integer => FieldKind::Integer,
            FieldType::Date => FieldKind::Date,
            FieldType::DateTime => FieldKind::DateTime,
            FieldType::TickBox => FieldKind::TickBox,
            FieldType::SelectOne => select(false, false, source),
            FieldType::SelectMany => select(true, false, source),
            FieldType::Radio => select(false, true, source),
            FieldType::Location => select(false, false, OptionSource::Locations),
            // Resolved in `forms.rs`, once all forms are known; placeholder until then.
            FieldType::Subform => FieldKind::Subform {
                form: FormIx(u32::MAX),
            },
            FieldType::Separator => FieldKind::Separator,
            FieldType::Photo => FieldKind::Photo,
            FieldType::Audio => FieldKind::Audio,
            FieldType::Document => FieldKind::Document,
            FieldType::Signature => FieldKind::Signature,
            FieldType::Custom => FieldKind::Custom,
        }
    }

    fn no_arg_expected(&mut self, ty: &TypeExpr, none_expected: bool) {
        match (&ty.arg, none_expected) {
            (Some(arg), true) => self.sink.push(
                Diagnostic::new(
                    Code::E0047,
                    arg.span,
                    format!("`{}` does not take `{}`", ty.name.node, arg.node),
                )
                .label("unexpected")
                .help(format!("write the type alone: `{}`", ty.name.node)),
            ),
            (None, false) => self
                .sink
                .push(MissingAttribute::SubformType { span: ty.span }.diagnostic()),
            _ => {}
        }
    }

    fn option_source(
        &mut self,
        ty: &TypeExpr,
        inline: Vec<crate::model::OptionDef>,
        field_id: &str,
    ) -> Option<OptionSource> {
        match &ty.arg {
            Some(arg) => OptionSource::system(&arg.node)
                .or_else(|| self.resolve_lookup(arg).map(OptionSource::Lookup)),
            None if inline.is_empty() => {
                self.sink.push(
                    Diagnostic::new(Code::E0046, ty.span, format!("the select field `{field_id}` has no options"))
                        .label("no lookup, no options")
                        .help(format!(
                            "name a lookup (`{} lookup-yes-no`), a system list ({}), or add `option` lines",
                            ty.name.node,
                            OptionSource::SYSTEM
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                None
            }
            None => {
                let ix = LookupIx::from_index(self.lookups.len());
                self.lookups.push(Lookup {
                    kind: LookupKind::Inline(FieldId(field_id.to_string())),
                    policy: Policy::Fixed,
                    name: Texts::default(),
                    options: inline,
                    anchors: Vec::new(),
                    system: false,
                });
                self.spans.lookups.push(ty.span);
                Some(OptionSource::Lookup(ix))
            }
        }
    }
}
