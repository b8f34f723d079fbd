//! The ids of a dump that the importer writes into `country.gbv`: each must be an id the
//! language can read back, or a crafted id (`x }` and a new line, then declarations of its own)
//! would write declarations into the overlay. A form, a field, a subform and a record are
//! written as identifiers (a letter or `_`, then letters, digits and `_`); a lookup, an option, a
//! form group and a location type as names (letters, digits, `_`, `-`, `+`, `.`). ASCII only:
//! Primero generates its ids that way. An id outside these is refused (E0140) with its place,
//! never rewritten.

use gbvims_compiler::Diagnostic;
use gbvims_dsl::Span;

use crate::dump::{unreadable, Dump};

/// What an id is written as.
#[derive(Clone, Copy)]
enum Shape {
    /// A form, field, subform or record id.
    Ident,
    /// A lookup, option, form group or location type id.
    Name,
}

fn fits(id: &str, shape: Shape) -> bool {
    let body = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match shape {
        Shape::Ident => {
            let mut bytes = id.bytes();
            bytes
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && bytes.all(body)
        }
        Shape::Name => {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| body(b) || matches!(b, b'-' | b'+' | b'.'))
        }
    }
}

/// One E0140 per id of `dump` that cannot be written into an overlay.
#[must_use]
pub fn check(dump: &Dump) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut need = |id: &str, shape: Shape, what: &str, span: Span| {
        if !fits(id, shape) {
            let allowed = match shape {
                Shape::Ident => "a letter or `_`, then letters, digits and `_`",
                Shape::Name => "letters, digits, `_`, `-`, `+` and `.`",
            };
            out.push(*unreadable(
                span,
                &format!(
                    "{what} {} has characters an id cannot have, so it cannot be written into `country.gbv`",
                    shown(id)
                ),
                &format!(
                    "an id is made of {allowed} (ASCII); rename it in Primero (or in the file) and import again"
                ),
            ));
        }
    };
    for f in &dump.forms {
        need(&f.id, Shape::Ident, "the form", f.span);
        if !f.record.is_empty() {
            need(&f.record, Shape::Ident, "the record type of a form", f.span);
        }
        if let Some(g) = &f.group {
            need(g, Shape::Name, "the form group", f.span);
        }
        for fld in &f.fields {
            let of_form = format!("a field of the form `{}`:", f.id);
            need(&fld.name, Shape::Ident, &of_form, f.span);
            if let Some(s) = &fld.subform {
                need(
                    s,
                    Shape::Ident,
                    &format!("the subform of the field `{}`", fld.name),
                    f.span,
                );
            }
            if let Some(l) = fld
                .source
                .as_deref()
                .and_then(|s| s.strip_prefix("lookup "))
            {
                need(l.trim(), Shape::Name, "the lookup", f.span);
            }
            for o in &fld.options {
                need(
                    &o.id,
                    Shape::Name,
                    &format!("an option of the field `{}`:", fld.name),
                    f.span,
                );
            }
        }
    }
    for l in &dump.lookups {
        need(&l.id, Shape::Name, "the lookup", l.span);
        for o in &l.values {
            need(
                &o.id,
                Shape::Name,
                &format!("an option of the lookup `{}`:", l.id),
                l.span,
            );
        }
    }
    for loc in &dump.locations {
        if let Some(k) = &loc.kind {
            need(k, Shape::Name, "the location type", loc.span);
        }
    }
    out
}

/// `id` quoted, with control characters shown escaped and long ids clipped.
fn shown(id: &str) -> String {
    let escaped: String = id.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 60 {
        format!("`{}…`", escaped.chars().take(60).collect::<String>())
    } else {
        format!("`{escaped}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(fits("survivor_code", Shape::Ident));
        assert!(fits("_x1", Shape::Ident));
        assert!(!fits("1x", Shape::Ident));
        assert!(!fits("x }\nadd field", Shape::Ident));
        assert!(!fits("x.y", Shape::Ident));
        assert!(!fits("", Shape::Ident));
        assert!(fits("lookup-gender", Shape::Name));
        assert!(fits("18-25", Shape::Name));
        assert!(!fits("a b", Shape::Name));
        assert!(!fits("é", Shape::Name));
        assert!(!fits("", Shape::Name));
    }
}
