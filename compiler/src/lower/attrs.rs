//! Reading the attributes of a declaration: unknown, misplaced and repeated keys, and values of the
//! wrong kind, are reported here, once, so the rest of lowering can just ask for a key. Which keys
//! exist, their kinds and places are the table [`gbvims_dsl::vocab::ATTRIBUTES`].

use gbvims_dsl::ast::{Attr, AttrValue, Item, ItemKind, Name};
use indexmap::IndexMap;

use super::Lower;
use crate::checks::attribute_not_allowed_here::AttributeNotAllowedHere;
use crate::checks::invalid_attribute_value::InvalidAttributeValue;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};

use gbvims_dsl::errors::ValueKind;
use gbvims_dsl::vocab::attrs::attr as key_def;
pub(crate) use gbvims_dsl::vocab::Place;

/// The places where `key` is allowed (for "not allowed here" help).
fn home_of(key: &str) -> &'static [Place] {
    key_def(key).map_or(&[], |a| a.places)
}

/// Whether an attribute's value is of the kind its key takes. A key written alone is a flag.
fn fits(kind: ValueKind, value: &AttrValue) -> bool {
    matches!(
        (kind, value),
        (ValueKind::Texts, AttrValue::Texts(_))
            | (ValueKind::Expr, AttrValue::Expr(_))
            | (ValueKind::Names, AttrValue::Names(_))
            | (ValueKind::Int, AttrValue::Int(_))
            | (ValueKind::Str, AttrValue::Str(_))
            | (ValueKind::Levels, AttrValue::Levels(_))
            | (ValueKind::Bool, AttrValue::Flag | AttrValue::Bool(_))
    )
}

/// The attributes of one declaration, by key (first occurrence wins).
pub(crate) struct Attrs<'a> {
    map: IndexMap<&'a str, &'a Attr>,
}

impl<'a> Attrs<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&'a Attr> {
        self.map.get(key).copied()
    }
}

impl Lower<'_> {
    /// Collects the attributes of a body, reporting unknown, misplaced and repeated keys.
    pub(crate) fn attrs<'a>(&mut self, body: &'a [Item], place: Place) -> Attrs<'a> {
        let mut map: IndexMap<&'a str, &'a Attr> = IndexMap::new();
        for item in body {
            self.misplaced_item(item, place);
            let ItemKind::Attr(attr) = &item.kind else {
                continue;
            };
            let key = attr.key.node.as_str();
            if !place.allows(key) {
                self.misplaced_attr(&attr.key, place);
                continue;
            }
            if let Some(first) = map.get(key) {
                self.sink.push(
                    Diagnostic::new(
                        Code::E0025,
                        attr.key.span,
                        format!("`{key}` is given twice"),
                    )
                    .label("second time")
                    .with_secondary(first.key.span, "first given here")
                    .help(format!("keep one `{key}` and delete the other")),
                );
                continue;
            }
            self.check_value(attr);
            map.insert(key, attr);
        }
        Attrs { map }
    }

    /// Reports a field, option, `use`, column or word where `place` does not hold one.
    fn misplaced_item(&mut self, item: &Item, place: Place) {
        let (what, name, ok) = match &item.kind {
            ItemKind::Attr(_) => return,
            ItemKind::Field(f) => (
                "a field",
                &f.id.node,
                matches!(place, Place::Form | Place::Subform),
            ),
            ItemKind::Option(o) => (
                "an option",
                &o.id.node,
                matches!(place, Place::Lookup | Place::Field),
            ),
            ItemKind::Use(u) => ("`use`", &u.id.node, place == Place::Form),
            ItemKind::Column(c) => ("a column", &c.key.node, place == Place::IncidentRecorder),
            ItemKind::Word(w) => ("a word", &w.key.node, place == Place::IncidentRecorder),
        };
        if !ok {
            self.misplaced(item.span, what, &format!("in {}", place.describe()), name);
        }
    }

    fn misplaced_attr(&mut self, key: &Name, place: Place) {
        let homes = home_of(&key.node);
        if homes.is_empty() {
            let help = match did_you_mean(&key.node, place.keys()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!(
                    "{} can have: {}",
                    place.describe(),
                    place.keys().collect::<Vec<_>>().join(", ")
                ),
            };
            self.sink.push(
                Diagnostic::new(
                    Code::E0009,
                    key.span,
                    format!("`{}` is not an attribute the language knows", key.node),
                )
                .label("unknown attribute")
                .help(help),
            );
        } else {
            let where_ = homes
                .iter()
                .map(|p| p.describe())
                .collect::<Vec<_>>()
                .join(", ");
            self.sink.push(
                AttributeNotAllowedHere::Place {
                    key: &key.node,
                    place: place.describe(),
                    belongs: where_,
                    span: key.span,
                }
                .diagnostic(),
            );
        }
    }

    /// A yes/no attribute: absent → `None`, bare key → true, `key: false` → false. A value of
    /// another kind was reported by [`Lower::attrs`].
    pub(crate) fn flag(&mut self, attrs: &Attrs, key: &str) -> Option<bool> {
        match &attrs.get(key)?.value {
            AttrValue::Flag => Some(true),
            AttrValue::Bool(b) => Some(b.node),
            _ => None,
        }
    }

    /// A whole-number attribute.
    pub(crate) fn int(&mut self, attrs: &Attrs, key: &str) -> Option<i64> {
        match &attrs.get(key)?.value {
            AttrValue::Int(n) => Some(n.node),
            _ => None,
        }
    }

    /// A list-of-names attribute.
    pub(crate) fn names<'a>(&mut self, attrs: &Attrs<'a>, key: &str) -> Option<&'a [Name]> {
        match &attrs.get(key)?.value {
            AttrValue::Names(n) => Some(n),
            _ => None,
        }
    }

    /// Reports a known key whose value is not of the kind the key takes (`label` alone,
    /// `required: yes`), so no reader of attributes can skip it silently. Values the parser could
    /// not read were reported by the parser.
    fn check_value(&mut self, attr: &Attr) {
        let key = attr.key.node.as_str();
        let Some(kind) = key_def(key).map(|a| a.value) else {
            return;
        };
        if fits(kind, &attr.value) {
            return;
        }
        let invalid = match (kind, &attr.value) {
            (ValueKind::Bool, other) => InvalidAttributeValue::NotYesNo {
                key,
                span: value_span(other).unwrap_or(attr.key.span),
            },
            (_, AttrValue::Raw(_)) => return, // already reported by the parser
            _ => InvalidAttributeValue::Missing {
                key,
                kind,
                span: attr.key.span,
            },
        };
        self.sink.push(invalid.diagnostic());
    }
}

fn value_span(v: &AttrValue) -> Option<gbvims_dsl::Span> {
    match v {
        AttrValue::Raw(r) => Some(r.span),
        AttrValue::Texts(t) => Some(t.span),
        AttrValue::Expr(e) => Some(e.span),
        AttrValue::Int(n) => Some(n.span),
        AttrValue::Names(n) => n.first().map(|n| n.span),
        AttrValue::Str(s) => Some(s.span),
        AttrValue::Levels(l) => l.first().map(|(n, _)| n.span),
        AttrValue::Flag | AttrValue::Bool(_) => None,
    }
}
