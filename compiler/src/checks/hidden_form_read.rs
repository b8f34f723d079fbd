//! E0123, E0084, W0013 and E0132 for `hide form`: a country hiding a form that holds a field the
//! standard cannot do without (`core`) or requires, or a form whose fields something the country
//! keeps still reads (an Incident Recorder column, a calculation, a condition of another form),
//! which then reads them as empty; or naming a subform, which is hidden through the field that
//! shows it.

use gbvims_dsl::Span;

use super::hidden_field_read;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FieldIx, Model};

/// What reads the fields of `forms` (a form and its subforms) from outside them, in words: each
/// reader once, with the fields it reads.
pub(crate) fn readers(model: &Model, forms: &[String]) -> Vec<String> {
    let inside = |fx: FieldIx| {
        let form = model.form(model.field(fx).form).id.as_str();
        forms.iter().any(|f| f == form)
    };
    let hidden: Vec<FieldIx> = (0..model.fields.len())
        .map(FieldIx::from_index)
        .filter(|fx| inside(*fx))
        .collect();
    // Reader → the hidden fields it reads, in order of first appearance.
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for &fx in &hidden {
        for (by, reader) in hidden_field_read::readers_by(model, fx) {
            // A reader inside the hidden forms goes with them.
            if by.is_some_and(|r| hidden.contains(&r)) {
                continue;
            }
            let field = format!("`{}`", model.field(fx).id);
            match found.iter_mut().find(|(r, _)| *r == reader) {
                Some((_, fields)) => fields.push(field),
                None => found.push((reader, vec![field])),
            }
        }
    }
    found
        .into_iter()
        .map(|(reader, fields)| format!("{reader} (from {})", fields.join(", ")))
        .collect()
}

/// E0123: hiding a form that holds a core field.
pub(crate) fn core_field_in_hidden_form(
    form: &str,
    field: &str,
    span: Span,
    core: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::E0123,
        span,
        format!("`{form}` holds `{field}`, a core field of the standard, and cannot be hidden"),
    )
    .label("holds a core field")
    .with_secondary(core, "marked core here")
    .help("the Incident Recorder, the classification, the derived values or the consent gate cannot do without it: keep the form, and hide its optional fields one by one with `hide field <form>.<field>`")
}

/// E0084: hiding a form that holds a required field (`required`, or `required_if`).
pub(crate) fn required_field_in_hidden_form(
    form: &str,
    field: &str,
    span: Span,
    required: Span,
) -> Diagnostic {
    Diagnostic::new(
        Code::E0084,
        span,
        format!("`{form}` holds `{field}`, which the standard requires, and cannot be hidden"),
    )
    .label("holds a required field")
    .with_secondary(required, "required here")
    .help("a country may hide forms whose fields are all optional; keep this one, and hide its optional fields one by one with `hide field <form>.<field>`")
}

/// W0013: hiding a form whose fields something kept still reads.
pub(crate) fn hidden_form_read(form: &str, span: Span, readers: &[String]) -> Diagnostic {
    Diagnostic::new(
        Code::W0013,
        span,
        format!(
            "hiding the form `{form}`: {}",
            super::hidden_field_read::first_readers(readers)
        ),
    )
    .label("its fields are still read elsewhere")
    .help("keep the form if these matter to the country; a hidden form is never filled in, so every reader sees its fields empty")
    .note(format!("read by: {}", readers.join("; ")))
}

/// E0132: `hide form` naming a subform. `shown_by`: the form and field showing it, whether that
/// form is a top-level one (which `hide form` could hide with it), and where the field is
/// declared.
pub(crate) fn subform_hidden(
    subform: &str,
    span: Span,
    shown_by: Option<(&str, &str, bool, Option<Span>)>,
) -> Diagnostic {
    let Some((form, field, top_level, declared)) = shown_by else {
        return Diagnostic::new(
            Code::E0132,
            span,
            format!("`{subform}` is a subform that no field shows: there is nothing to hide"),
        )
        .label("a subform, not a form")
        .help("delete this line: a subform is asked only through the field that shows it, and no field shows this one");
    };
    let with_form = if top_level {
        format!("; it is also hidden with its form, by `hide form {form}`")
    } else {
        String::new()
    };
    let d = Diagnostic::new(
        Code::E0132,
        span,
        format!("`{subform}` is a subform, shown by the field `{form}.{field}`: hide that field instead"),
    )
    .label("a subform, not a form")
    .help(format!(
        "write `hide field {form}.{field}`: its rows are then never asked, on every target{with_form}"
    ));
    match declared {
        Some(at) => d.with_secondary(at, "the field that shows it"),
        None => d,
    }
}
