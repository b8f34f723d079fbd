//! Form sections and their fields, nested forms before the forms that use them.

use std::collections::BTreeSet;

use gbvims_compiler::model::{
    FieldIx, FieldKind, FormIx, FormKind, LookupKind, OptionSource, RecordIx, Scope, Value,
};
use serde_json::{json, Value as Json};

use super::conditions::Translator;
use super::not_expressed::Rule;
use super::types::{DateValidation, Field, FormSection, OptionText, PrimeroType};
use super::{calculations, ids, Ctx};

/// Every form of the model in bundle order: for each record, its forms in navigation order, each
/// preceded by the subforms it shows (depth first); then forms no navigation reaches.
pub(crate) fn order(ctx: &Ctx) -> Vec<FormIx> {
    let model = ctx.model;
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for r in 0..model.records.len() {
        for group in model.navigation(RecordIx::from_index(r)) {
            for fx in group.forms {
                visit(ctx, fx, &mut seen, &mut out);
            }
        }
    }
    for f in 0..model.forms.len() {
        visit(ctx, FormIx::from_index(f), &mut seen, &mut out);
    }
    out
}

fn visit(ctx: &Ctx, fx: FormIx, seen: &mut BTreeSet<FormIx>, out: &mut Vec<FormIx>) {
    if !seen.insert(fx) {
        return;
    }
    for &field in &ctx.model.form(fx).fields {
        if let FieldKind::Subform { form } = ctx.model.field(field).kind {
            visit(ctx, form, seen, out);
        }
    }
    out.push(fx);
}

/// The form sections, in [`order`].
pub(crate) fn forms(ctx: &mut Ctx) -> Vec<FormSection> {
    order(ctx).into_iter().map(|fx| section(ctx, fx)).collect()
}

fn section(ctx: &mut Ctx, fx: FormIx) -> FormSection {
    let model = ctx.model;
    let form = model.form(fx);
    let span = ctx.checked.spans().forms[fx.index()];
    let name = ctx.display_name(&form.title, span, &format!("the form `{}`", form.id));
    let description = ctx.i18n(&form.description);
    let mut s = FormSection {
        unique_id: ids::form(model, fx),
        name_i18n: name,
        description_i18n: description,
        parent_form: model.record(form.record).id.to_string(),
        visible: form.visible,
        order: 0,
        order_form_group: 0,
        order_subform: 0,
        form_group_id: None,
        form_group_keyed: false,
        editable: true,
        core_form: true,
        is_nested: false,
        is_first_tab: false,
        mobile_form: form.mobile,
        collapsed_field_names: Vec::new(),
        module_ids: vec![ids::MODULE.to_string()],
        fields_attributes: Vec::new(),
    };
    match &form.kind {
        FormKind::TopLevel {
            group,
            group_order,
            order,
            opens_first,
        } => {
            s.order = *order;
            s.order_form_group = *group_order;
            s.form_group_id = group.as_ref().map(ToString::to_string);
            s.form_group_keyed = group.is_some();
            s.is_first_tab = *opens_first;
        }
        FormKind::Subform {
            parent,
            order,
            collapsed_on,
        } => {
            s.visible = false;
            s.is_nested = true;
            s.order_subform = *order;
            s.collapsed_field_names = collapsed_on.iter().map(|&f| ids::field(model, f)).collect();
            // A nested form sits in the group of the form that shows it.
            if let Some(FormKind::TopLevel { group, .. }) =
                parent.map(|p| &model.form(model.field(p).form).kind)
            {
                s.form_group_id = group.as_ref().map(ToString::to_string);
                s.form_group_keyed = group.is_some();
            }
        }
    }
    s.fields_attributes = form
        .fields
        .iter()
        .enumerate()
        .map(|(n, &f)| field(ctx, fx, f, n))
        .collect();
    s
}

/// A field as `form` shows it: a `use { … }` block's label and display flags win.
fn field(ctx: &mut Ctx, form: FormIx, fx: FieldIx, order: usize) -> Field {
    let model = ctx.model;
    let f = model.field(fx);
    let span = ctx.checked.spans().fields[fx.index()];
    let what = format!("the field `{}`", f.id);
    let mut out = Field {
        name: ids::field(model, fx),
        kind: PrimeroType::of(&f.kind),
        multi_select: matches!(f.kind, FieldKind::Select { multi: true, .. }),
        display_name_i18n: ctx.display_name(model.label_in(form, fx), span, &what),
        help_text_i18n: ctx.i18n(&f.help),
        guiding_questions_i18n: ctx.i18n(&f.guiding_questions),
        tick_box_label_i18n: ctx.i18n(&f.tick_label),
        option_strings_source: None,
        option_strings_text_i18n: None,
        visible: model.visible_in(form, fx),
        mobile_visible: model.mobile_in(form, fx),
        show_on_minify_form: f.flags.short_form,
        editable: true,
        disabled: f.flags.read_only || f.calculate.is_some(),
        required: f.flags.required,
        order,
        selected_value: f
            .default
            .as_ref()
            .and_then(|v| default(&model.stored_value(model.field_ty(fx), v))),
        date_validation: match f.kind {
            FieldKind::Date | FieldKind::DateTime if f.flags.not_future => {
                Some(DateValidation::NotFutureDate)
            }
            FieldKind::Date | FieldKind::DateTime => Some(DateValidation::DefaultDateValidation),
            _ => None,
        },
        date_include_time: matches!(f.kind, FieldKind::DateTime),
        field_tags: f.tags.clone(),
        subform_unique_id: match f.kind {
            FieldKind::Subform { form } => Some(ids::form(model, form)),
            _ => None,
        },
        display_conditions_record: None,
        display_conditions_subform: None,
    };
    if let FieldKind::Select { source, .. } = &f.kind {
        match source {
            OptionSource::Lookup(l) => match &model.lookup(*l).kind {
                LookupKind::Named(_) => {
                    out.option_strings_source =
                        ids::lookup(model, *l).map(|id| format!("lookup {id}"));
                }
                LookupKind::Inline(_) => {
                    let lookup_span = ctx.checked.spans().lookups[l.index()];
                    let options = model.lookup(*l).options.iter().map(|o| OptionText {
                        id: ids::option(model, *l, &o.id),
                        display_text: ctx.required(
                            &o.label,
                            lookup_span,
                            &format!("the option `{}` of `{}`", o.id, f.id),
                        ),
                    });
                    out.option_strings_text_i18n = Some(options.collect());
                }
            },
            OptionSource::Users => out.option_strings_source = Some("User".into()),
            OptionSource::Agencies => out.option_strings_source = Some("Agency".into()),
            OptionSource::Locations => out.option_strings_source = Some("Location".into()),
            OptionSource::ReportingLocations => {
                out.option_strings_source = Some("ReportingLocation".into());
            }
        }
    }
    if let Some(show_if) = &f.show_if {
        let scope = model.scope(fx);
        match Translator::new(model, scope).condition(show_if) {
            Ok(cond) => {
                ctx.conditions.insert(fx, cond.clone());
                match scope {
                    Scope::Record => out.display_conditions_record = Some(cond),
                    Scope::Row(_) => out.display_conditions_subform = Some(cond),
                }
            }
            Err(r) => ctx.not_expressed(fx, Rule::ShowIf, r.0),
        }
    }
    if let Some(calc) = &f.calculate {
        ctx.not_expressed(fx, Rule::Calculate, calculations::refusal(calc).0);
    }
    if f.required_if.is_some() {
        ctx.not_expressed(
            fx,
            Rule::RequiredIf,
            "is required under a condition, which Primero's fields cannot be".into(),
        );
    }
    if f.constraint.is_some() {
        ctx.not_expressed(
            fx,
            Rule::Constraint,
            "checks the answer with a condition, which Primero's fields cannot".into(),
        );
    }
    out
}

/// A default as Primero's `selected_value`.
fn default(v: &Value) -> Option<Json> {
    Some(match v {
        Value::Int(n) => json!(n),
        Value::Text(s) => json!(s),
        Value::Bool(b) => json!(b),
        Value::Date(d) => json!(d.to_string()),
        Value::Option(o) => json!(o.as_str()),
        Value::Empty => return None,
    })
}
