//! Attribute keys: the kind of value each takes and where each is allowed.

use crate::errors::ValueKind;

/// Where attributes are written; each place allows its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The `standard` header.
    Standard,
    /// A `lookup`.
    Lookup,
    /// A `record`.
    Record,
    /// A `form`.
    Form,
    /// A `subform`.
    Subform,
    /// A `field`.
    Field,
    /// A `role`.
    Role,
    /// The `incident_recorder`.
    IncidentRecorder,
    /// A `column` of the Incident Recorder.
    Column,
    /// The `country` header.
    Country,
    /// A field a country adds (`add field … { after: … }`).
    AddedField,
    /// A `use` line's block: what the form shows differently from the field's declaration.
    Use,
    /// A country's `change field` or `use field` (position and standard texts).
    ChangeField,
}

impl Place {
    /// Every place, in the order help lines list them.
    pub const ALL: &'static [Place] = &[
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
        Place::AddedField,
        Place::Use,
        Place::ChangeField,
    ];

    /// The place in words, for messages ("a field").
    #[must_use]
    pub fn describe(self) -> &'static str {
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
            Place::AddedField => "a field a country adds (`add field`)",
            Place::Use => "a `use` line",
            Place::ChangeField => "a country's `change field` or `use field`",
        }
    }

    /// The keys allowed here, in table order.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        ATTRIBUTES
            .iter()
            .filter(move |a| a.places.contains(&self))
            .map(|a| a.name)
    }

    /// Whether `key` is allowed here.
    #[must_use]
    pub fn allows(self, key: &str) -> bool {
        attr(key).is_some_and(|a| a.places.contains(&self))
    }
}

/// One attribute key.
#[derive(Clone, Copy, Debug)]
pub struct AttrKey {
    /// The key as written.
    pub name: &'static str,
    /// The kind of value it takes.
    pub value: ValueKind,
    /// Where it is allowed.
    pub places: &'static [Place],
}

const fn key(name: &'static str, value: ValueKind, places: &'static [Place]) -> AttrKey {
    AttrKey {
        name,
        value,
        places,
    }
}

use Place::{
    AddedField, ChangeField, Column, Country, Field, Form, IncidentRecorder, Lookup, Record, Role,
    Standard, Subform, Use,
};
use ValueKind::{Bool, Expr, Int, Levels, Names, Str, Texts};

/// Every attribute key of the language.
pub const ATTRIBUTES: &[AttrKey] = &[
    key("label", Texts, &[Record, Field, Role, Use]),
    key("title", Texts, &[Standard, Form, Subform]),
    key("name", Texts, &[Lookup, Country]),
    key(
        "description",
        Texts,
        &[
            Standard,
            Lookup,
            Record,
            Form,
            Subform,
            Role,
            IncidentRecorder,
            Country,
        ],
    ),
    key("help", Texts, &[Field]),
    key("guiding_questions", Texts, &[Field]),
    key("tick_label", Texts, &[Field]),
    key("constraint_message", Texts, &[Field]),
    key("header", Texts, &[Column]),
    key("menu", Texts, &[Column]),
    key("show_if", Expr, &[Field]),
    key("required_if", Expr, &[Field]),
    key("constraint", Expr, &[Field]),
    key("calculate", Expr, &[Field]),
    key("default", Expr, &[Field]),
    key("value", Expr, &[Column]),
    key("languages", Names, &[Standard, IncidentRecorder, Country]),
    key("default_language", Names, &[Standard, Country]),
    key("form_groups", Names, &[Record]),
    key("group", Names, &[Form]),
    key("collapsed_on", Names, &[Subform]),
    key("not_identifying", Names, &[Field]),
    key("anchors", Names, &[Lookup]),
    key("visible_to", Names, &[Field]),
    key("tags", Names, &[Field]),
    key("primero_id", Names, &[Role]),
    key("code", Names, &[Country]),
    key("after", Names, &[AddedField, ChangeField]),
    key("variant_of", Names, &[Column]),
    key("ir_variants", Names, &[Country]),
    key("lookup", Names, &[ChangeField]),
    key("remove", Names, &[ChangeField]),
    key("first", Bool, &[AddedField, ChangeField]),
    key("group_order", Int, &[Form]),
    key("order", Int, &[Form, Subform]),
    key("locations", Str, &[Country]),
    key("mobile_public_key", Str, &[Country]),
    key("stored_as", Str, &[Field]),
    key("location_levels", Levels, &[Country]),
    key("ir_location_levels", Levels, &[Country]),
    key("system", Bool, &[Lookup]),
    key("mobile", Bool, &[Form, Subform, Field, Use]),
    key("visible", Bool, &[Form, Subform, Field, Use]),
    key("opens_first", Bool, &[Form]),
    key("required", Bool, &[Field]),
    key("read_only", Bool, &[Field]),
    key("short_form", Bool, &[Field]),
    key("identifying", Bool, &[Field]),
    key("core", Bool, &[Field]),
    key("sensitive", Bool, &[Field]),
    key("not_future", Bool, &[Field]),
    key("sees_identifying", Bool, &[Role]),
    key("collects_data", Bool, &[Role]),
    key("allow_sensitive", Bool, &[Column]),
];

/// The entry of `key`, if the language knows it.
#[must_use]
pub fn attr(key: &str) -> Option<&'static AttrKey> {
    ATTRIBUTES.iter().find(|a| a.name == key)
}

/// The kind of value a key takes; `None` for unknown keys.
#[must_use]
pub fn value_kind(key: &str) -> Option<ValueKind> {
    attr(key).map(|a| a.value)
}

/// The keys that take values of `kind`, in table order.
pub fn keys_of(kind: ValueKind) -> impl Iterator<Item = &'static str> {
    ATTRIBUTES
        .iter()
        .filter(move |a| a.value == kind)
        .map(|a| a.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alternatives of a keyword rule of `grammar.pest`: `rule = @{ ("a" | "b") ~ … }`.
    fn grammar_rule(rule: &str) -> Vec<String> {
        let grammar = include_str!("../grammar.pest");
        let start = grammar
            .find(&format!("\n{rule} "))
            .unwrap_or_else(|| panic!("grammar.pest has no rule `{rule}`"));
        let body = &grammar[start + 1..];
        let body = &body[..body.find('}').expect("the rule ends")];
        body.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn grammar_keyword_rules_agree_with_the_table() {
        for (rule, kind) in [
            ("texts_key", Texts),
            ("expr_key", Expr),
            ("names_key", Names),
            ("int_key", Int),
            ("string_key", Str),
            ("levels_key", Levels),
        ] {
            let mut grammar = grammar_rule(rule);
            let mut table: Vec<String> = keys_of(kind).map(str::to_string).collect();
            grammar.sort();
            table.sort();
            assert_eq!(
                grammar, table,
                "`{rule}` in grammar.pest and {kind:?} keys differ"
            );
        }
    }

    #[test]
    fn every_key_is_allowed_somewhere_and_given_once() {
        for (i, a) in ATTRIBUTES.iter().enumerate() {
            assert!(!a.places.is_empty(), "`{}` is allowed nowhere", a.name);
            assert!(
                ATTRIBUTES[..i].iter().all(|b| b.name != a.name),
                "`{}` is in the table twice",
                a.name
            );
        }
    }
}
