//! What `hide field` and `hide form` mean for records, set in one place: the fields the country no
//! longer asks are [`withdrawn`](crate::model::FieldFlags::withdrawn), so `compiler::eval` finds
//! them never relevant and every reader of records (calculations, conditions, `gbvims ir
//! export`, `gbvims validate-records`, the web rules) reads an answer left from before the hide as
//! empty.
//!
//! A field is withdrawn when the country hides it (`hide field`), when every form showing it
//! (the form declaring it and the forms showing it with `use`) is hidden (`hide form`, with the
//! subforms nobody else shows), and when it is a field of a subform whose showing field is
//! withdrawn (its rows are never asked).

use gbvims_dsl::Span;

use super::changes::{ChangeKind, OverlayChange};
use crate::model::{FieldIx, FieldKind, Model};

/// Marks the fields the applied `hide field` and `hide form` declarations withdraw.
pub(crate) fn mark(model: &mut Model, changes: &[OverlayChange]) {
    let mut hidden_fields: Vec<(&str, &str)> = Vec::new();
    let mut hidden_forms: Vec<&str> = Vec::new();
    for c in changes {
        match &c.kind {
            ChangeKind::FieldHidden { form, field } => hidden_fields.push((form, field)),
            ChangeKind::FormHidden { form, subforms } => {
                hidden_forms.push(form);
                hidden_forms.extend(subforms.iter().map(String::as_str));
            }
            _ => {}
        }
    }
    if hidden_fields.is_empty() && hidden_forms.is_empty() {
        return;
    }
    // Per field: is every form showing it hidden?
    let mut shown_only_hidden: Vec<Option<bool>> = vec![None; model.fields.len()];
    for form in &model.forms {
        let hidden = hidden_forms.contains(&form.id.as_str());
        for fx in &form.fields {
            let slot = &mut shown_only_hidden[fx.index()];
            *slot = Some(slot.unwrap_or(true) && hidden);
        }
    }
    let mut withdrawn: Vec<bool> = model
        .fields
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let form = model.form(f.form).id.as_str();
            hidden_fields.contains(&(form, f.id.as_str())) || shown_only_hidden[n] == Some(true)
        })
        .collect();
    // The rows of a withdrawn subform field are never asked (nested subforms too).
    let mut changed = true;
    while changed {
        changed = false;
        for n in 0..model.fields.len() {
            let FieldKind::Subform { form } = model.fields[n].kind else {
                continue;
            };
            if !withdrawn[n] {
                continue;
            }
            for fx in &model.form(form).fields {
                if !withdrawn[fx.index()] {
                    withdrawn[fx.index()] = true;
                    changed = true;
                }
            }
        }
    }
    for (field, w) in model.fields.iter_mut().zip(withdrawn) {
        field.flags.withdrawn = w;
    }
}

/// The `hide field` or `hide form` declaration that withdrew `fx`: the one naming it or its form
/// (a subform hidden with its form included). `None` for the rows of a subform whose showing
/// field is hidden: only the rows' own fields, withdrawn too, can read them.
pub(crate) fn hide_of(model: &Model, changes: &[OverlayChange], fx: FieldIx) -> Option<Span> {
    let field = model.field(fx);
    let form = model.form(field.form).id.as_str();
    changes.iter().find_map(|c| match &c.kind {
        ChangeKind::FieldHidden { form: f, field: id } if f == form && id == field.id.as_str() => {
            Some(c.span)
        }
        ChangeKind::FormHidden { form: f, subforms }
            if f == form || subforms.iter().any(|s| s == form) =>
        {
            Some(c.span)
        }
        _ => None,
    })
}
