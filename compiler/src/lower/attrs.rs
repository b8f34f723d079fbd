//! Reading the attributes of a declaration: unknown, misplaced and repeated keys are reported here,
//! once, so the rest of lowering can just ask for a key.

use gbvims_dsl::ast::{Attr, AttrValue, Item, ItemKind, Name};
use indexmap::IndexMap;

use super::Lower;
use crate::diagnostics::{did_you_mean, Code, Diagnostic};

/// Where attributes are read; each place allows its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Standard,
    Lookup,
    Record,
    Form,
    Subform,
    Field,
    Role,
    IncidentRecorder,
    Column,
    Country,
}

impl Place {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Place::Standard => &["title", "description", "languages", "default_language"],
            Place::Lookup => &["name", "description", "anchors", "system"],
            Place::Record => &["label", "description", "form_groups"],
            Place::Form => &[
                "title",
                "description",
                "group",
                "group_order",
                "order",
                "mobile",
                "visible",
                "opens_first",
            ],
            Place::Subform => &[
                "title",
                "description",
                "order",
                "collapsed_on",
                "mobile",
                "visible",
            ],
            Place::Field => &[
                "label",
                "help",
                "guiding_questions",
                "tick_label",
                "required",
                "required_if",
                "read_only",
                "default",
                "mobile",
                "visible",
                "short_form",
                "identifying",
                "sensitive",
                "visible_to",
                "show_if",
                "constraint",
                "constraint_message",
                "calculate",
                "not_future",
                "tags",
            ],
            Place::Role => &["label", "description", "primero_id", "sees_identifying"],
            Place::IncidentRecorder => &["languages", "description"],
            Place::Column => &["header", "value", "allow_sensitive", "menu"],
            Place::Country => &[
                "name",
                "description",
                "code",
                "languages",
                "default_language",
                "locations",
                "location_levels",
                "ir_location_levels",
            ],
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Place::Standard => "the standard header",
            Place::Lookup => "a lookup",
            Place::Record => "a record",
            Place::Form => "a form",
            Place::Subform => "a subform",
            Place::Field => "a field",
            Place::Role => "a role",
            Place::IncidentRecorder => "the Incident Recorder",
            Place::Column => "an Incident Recorder column",
            Place::Country => "the country header",
        }
    }
}

/// Every key the language knows, with where it belongs (for "not allowed here" help).
fn home_of(key: &str) -> Vec<Place> {
    [
        Place::Standard,
        Place::Lookup,
        Place::Record,
        Place::Form,
        Place::Subform,
        Place::Field,
        Place::Role,
        Place::IncidentRecorder,
        Place::Column,
        Place::Country,
    ]
    .into_iter()
    .filter(|p| p.keys().contains(&key))
    .collect()
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
            if !place.keys().contains(&key) {
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
            ItemKind::Use(u) => ("`use`", &u.node, place == Place::Form),
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
            let help = match did_you_mean(&key.node, place.keys().iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("{} can have: {}", place.describe(), place.keys().join(", ")),
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
                Diagnostic::new(
                    Code::E0010,
                    key.span,
                    format!("`{}` cannot be used in {}", key.node, place.describe()),
                )
                .label("not allowed here")
                .help(format!(
                    "`{}` belongs to {where_}; move it there or delete it",
                    key.node
                )),
            );
        }
    }

    /// A yes/no attribute: absent → `None`, bare key → true, `key: false` → false.
    pub(crate) fn flag(&mut self, attrs: &Attrs, key: &str) -> Option<bool> {
        let attr = attrs.get(key)?;
        match &attr.value {
            AttrValue::Flag => Some(true),
            AttrValue::Bool(b) => Some(b.node),
            other => {
                let span = value_span(other).unwrap_or(attr.key.span);
                self.sink.push(
                    Diagnostic::new(
                        Code::E0008,
                        span,
                        format!("`{key}` takes `true` or `false`"),
                    )
                    .label("not true or false")
                    .help(format!("write `{key}` alone for yes, or `{key}: false`")),
                );
                None
            }
        }
    }

    /// A whole-number attribute.
    pub(crate) fn int(&mut self, attrs: &Attrs, key: &str) -> Option<i64> {
        match &attrs.get(key)?.value {
            AttrValue::Int(n) => Some(n.node),
            _ => {
                self.wrong_kind(attrs, key, "a whole number, like `10`");
                None
            }
        }
    }

    /// A list-of-names attribute.
    pub(crate) fn names<'a>(&mut self, attrs: &Attrs<'a>, key: &str) -> Option<&'a [Name]> {
        match &attrs.get(key)?.value {
            AttrValue::Names(n) => Some(n),
            _ => {
                self.wrong_kind(attrs, key, "one or more names separated by commas");
                None
            }
        }
    }

    /// Reports a known key written without the value it needs (`label` alone).
    pub(crate) fn wrong_kind(&mut self, attrs: &Attrs, key: &str, needs: &str) {
        let Some(attr) = attrs.get(key) else { return };
        if matches!(attr.value, AttrValue::Raw(_)) {
            return; // already reported by the parser
        }
        self.sink.push(
            Diagnostic::new(Code::E0008, attr.key.span, format!("`{key}` needs a value"))
                .label("no value")
                .help(format!("write `{key}: ` followed by {needs}")),
        );
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
