//! [`Key`]: the stable name of one translatable text, and its string form.

use std::fmt;
use std::str::FromStr;

use crate::model::{FieldId, FormId, LookupId, OptionId, RecordId, RoleId};

/// The stable name of one translatable text of a [`Model`](crate::model::Model).
///
/// Its string form (`field.gbv_incident_form.incident_date.label`) is what translators see in
/// spreadsheets; [`Display`](fmt::Display) writes it and [`FromStr`] reads it back.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// `country.name`: the name of the country a configuration is for.
    CountryName,
    /// `standard.title`
    StandardTitle,
    /// `record.<record>.label`
    RecordLabel(RecordId),
    /// `role.<role>.<attr>`
    Role {
        /// The role.
        role: RoleId,
        /// Which of its texts.
        attr: RoleAttr,
    },
    /// `lookup.<lookup>.name` (named lookups only).
    LookupName(LookupId),
    /// `lookup.<lookup>.option.<option>` (named lookups only).
    LookupOption {
        /// The lookup.
        lookup: LookupId,
        /// The option.
        option: OptionId,
    },
    /// `form.<form>.<attr>`, for forms and subforms.
    Form {
        /// The form.
        form: FormId,
        /// Which of its texts.
        attr: FormAttr,
    },
    /// `field.<form>.<field>.<attr>`; `form` declares the field.
    Field {
        /// The form that declares the field.
        form: FormId,
        /// The field.
        field: FieldId,
        /// Which of its texts.
        attr: FieldAttr,
    },
    /// `field.<form>.<field>.option.<option>`: an option of the field's inline list.
    FieldOption {
        /// The form that declares the field.
        form: FormId,
        /// The field.
        field: FieldId,
        /// The option.
        option: OptionId,
    },
    /// `ir.column.<column>.<attr>`
    IrColumn {
        /// The column's header key (`perpetrator.sex`).
        column: String,
        /// Which of its texts.
        attr: IrColumnAttr,
    },
    /// `ir.word.<word>`
    IrWord(String),
}

macro_rules! attr_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every attribute, in the order entries list them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The attribute as written in keys and in `.gbv` files.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }

            pub(crate) fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|a| a.as_str() == s)
            }
        }
    };
}

attr_enum! {
    /// A text of a role.
    RoleAttr {
        /// `label`
        Label => "label",
        /// `description`
        Description => "description",
    }
}

attr_enum! {
    /// A text of a form or subform.
    FormAttr {
        /// `title`
        Title => "title",
        /// `description`
        Description => "description",
    }
}

attr_enum! {
    /// A text of a field.
    FieldAttr {
        /// `label`
        Label => "label",
        /// `help`
        Help => "help",
        /// `guiding_questions`
        GuidingQuestions => "guiding_questions",
        /// `tick_label`
        TickLabel => "tick_label",
        /// `constraint_message`
        ConstraintMessage => "constraint_message",
    }
}

attr_enum! {
    /// A text of an Incident Recorder column.
    IrColumnAttr {
        /// `header`
        Header => "header",
        /// `menu`
        Menu => "menu",
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::CountryName => f.write_str("country.name"),
            Key::StandardTitle => f.write_str("standard.title"),
            Key::RecordLabel(r) => write!(f, "record.{r}.label"),
            Key::Role { role, attr } => write!(f, "role.{role}.{}", attr.as_str()),
            Key::LookupName(l) => write!(f, "lookup.{l}.name"),
            Key::LookupOption { lookup, option } => write!(f, "lookup.{lookup}.option.{option}"),
            Key::Form { form, attr } => write!(f, "form.{form}.{}", attr.as_str()),
            Key::Field { form, field, attr } => {
                write!(f, "field.{form}.{field}.{}", attr.as_str())
            }
            Key::FieldOption {
                form,
                field,
                option,
            } => write!(f, "field.{form}.{field}.option.{option}"),
            Key::IrColumn { column, attr } => write!(f, "ir.column.{column}.{}", attr.as_str()),
            Key::IrWord(w) => write!(f, "ir.word.{w}"),
        }
    }
}

/// A text that is not a translation key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError {
    /// The text as given.
    pub key: String,
    /// What is wrong with it.
    pub problem: KeyProblem,
}

/// What is wrong with a translation key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// It does not start with `standard`, `record`, `role`, `lookup`, `form`, `field` or `ir`.
    UnknownKind,
    /// It names a text the element does not have (`role.caseworker.title`).
    UnknownText,
    /// An id is missing (`record..label`).
    MissingId,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.problem {
            KeyProblem::UnknownKind => {
                "it should start with `standard`, `record`, `role`, `lookup`, `form`, `field`, \
                 `ir.column` or `ir.word`"
            }
            KeyProblem::UnknownText => "it does not end with a text that element has",
            KeyProblem::MissingId => "an id is missing",
        };
        write!(f, "`{}` is not a translation key: {what}", self.key)
    }
}

impl std::error::Error for KeyError {}

impl FromStr for Key {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s).map_err(|problem| KeyError {
            key: s.to_string(),
            problem,
        })
    }
}

fn parse(s: &str) -> Result<Key, KeyProblem> {
    if s == "standard.title" {
        return Ok(Key::StandardTitle);
    }
    if s == "country.name" {
        return Ok(Key::CountryName);
    }
    let (kind, rest) = s.split_once('.').ok_or(KeyProblem::UnknownKind)?;
    match kind {
        "standard" | "country" => Err(KeyProblem::UnknownText),
        "record" => {
            let (id, attr) = id_and_attr(rest)?;
            (attr == "label")
                .then_some(Key::RecordLabel(RecordId(id)))
                .ok_or(KeyProblem::UnknownText)
        }
        "role" => {
            let (id, attr) = id_and_attr(rest)?;
            let attr = RoleAttr::parse(attr).ok_or(KeyProblem::UnknownText)?;
            Ok(Key::Role {
                role: RoleId(id),
                attr,
            })
        }
        "lookup" => parse_lookup(rest),
        "form" => {
            let (id, attr) = id_and_attr(rest)?;
            let attr = FormAttr::parse(attr).ok_or(KeyProblem::UnknownText)?;
            Ok(Key::Form {
                form: FormId(id),
                attr,
            })
        }
        "field" => parse_field(rest),
        "ir" => parse_ir(rest),
        _ => Err(KeyProblem::UnknownKind),
    }
}

/// `<id>.<attr>`, the attribute being the last segment (ids may contain dots).
fn id_and_attr(rest: &str) -> Result<(String, &str), KeyProblem> {
    let (id, attr) = rest.rsplit_once('.').ok_or(KeyProblem::UnknownText)?;
    Ok((non_empty(id)?, attr))
}

fn non_empty(id: &str) -> Result<String, KeyProblem> {
    if id.is_empty() {
        Err(KeyProblem::MissingId)
    } else {
        Ok(id.to_string())
    }
}

/// `<lookup>.name` or `<lookup>.option.<option>`; the option id is everything after the first
/// `.option.` (option ids may contain dots, lookup ids in practice do not).
fn parse_lookup(rest: &str) -> Result<Key, KeyProblem> {
    if let Some((lookup, option)) = rest.split_once(".option.") {
        return Ok(Key::LookupOption {
            lookup: LookupId(non_empty(lookup)?),
            option: OptionId(non_empty(option)?),
        });
    }
    let (id, attr) = id_and_attr(rest)?;
    (attr == "name")
        .then_some(Key::LookupName(LookupId(id)))
        .ok_or(KeyProblem::UnknownText)
}

/// `<form>.<field>.<attr>` or `<form>.<field>.option.<option>` (form and field ids have no dots).
fn parse_field(rest: &str) -> Result<Key, KeyProblem> {
    let (form, rest) = rest.split_once('.').ok_or(KeyProblem::MissingId)?;
    let (field, rest) = rest.split_once('.').ok_or(KeyProblem::MissingId)?;
    let form = FormId(non_empty(form)?);
    let field = FieldId(non_empty(field)?);
    if let Some(option) = rest.strip_prefix("option.") {
        return Ok(Key::FieldOption {
            form,
            field,
            option: OptionId(non_empty(option)?),
        });
    }
    let attr = FieldAttr::parse(rest).ok_or(KeyProblem::UnknownText)?;
    Ok(Key::Field { form, field, attr })
}

/// `column.<column>.<attr>` or `word.<word>`.
fn parse_ir(rest: &str) -> Result<Key, KeyProblem> {
    if let Some(word) = rest.strip_prefix("word.") {
        return Ok(Key::IrWord(non_empty(word)?));
    }
    let column = rest
        .strip_prefix("column.")
        .ok_or(KeyProblem::UnknownKind)?;
    let (column, attr) = id_and_attr(column)?;
    let attr = IrColumnAttr::parse(attr).ok_or(KeyProblem::UnknownText)?;
    Ok(Key::IrColumn { column, attr })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gbvims_dsl::errors::ValueKind;
    use gbvims_dsl::vocab::{Place, ATTRIBUTES};

    /// The texts keys the vocabulary's table allows in `place`, sorted.
    fn texts_keys(place: Place) -> Vec<&'static str> {
        let mut keys: Vec<&str> = ATTRIBUTES
            .iter()
            .filter(|a| a.value == ValueKind::Texts && a.places.contains(&place))
            .map(|a| a.name)
            .collect();
        keys.sort_unstable();
        keys
    }

    fn sorted(mut keys: Vec<&'static str>) -> Vec<&'static str> {
        keys.sort_unstable();
        keys
    }

    #[test]
    fn translatable_attributes_are_the_tables_texts_keys() {
        assert_eq!(
            sorted(RoleAttr::ALL.iter().map(|a| a.as_str()).collect()),
            texts_keys(Place::Role)
        );
        assert_eq!(
            sorted(FieldAttr::ALL.iter().map(|a| a.as_str()).collect()),
            texts_keys(Place::Field)
        );
        assert_eq!(
            sorted(IrColumnAttr::ALL.iter().map(|a| a.as_str()).collect()),
            texts_keys(Place::Column)
        );
        let form = sorted(FormAttr::ALL.iter().map(|a| a.as_str()).collect());
        assert_eq!(form, texts_keys(Place::Form));
        assert_eq!(form, texts_keys(Place::Subform));
    }

    fn round_trip(s: &str) -> Key {
        let key: Key = s.parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(key.to_string(), s);
        key
    }

    #[test]
    fn every_form_round_trips() {
        assert_eq!(round_trip("standard.title"), Key::StandardTitle);
        round_trip("record.incident.label");
        round_trip("role.caseworker.description");
        round_trip("lookup.lookup-gender.name");
        round_trip("form.gbv_incident_form.description");
        round_trip("field.gbv_incident_form.incident_date.guiding_questions");
        round_trip("ir.word.gender.male");
    }

    #[test]
    fn ids_with_dots_and_dashes() {
        assert_eq!(
            round_trip("lookup.lookup-gender.option.gender.male"),
            Key::LookupOption {
                lookup: LookupId("lookup-gender".into()),
                option: OptionId("gender.male".into()),
            }
        );
        assert_eq!(
            round_trip("ir.column.perpetrator.sex.menu"),
            Key::IrColumn {
                column: "perpetrator.sex".into(),
                attr: IrColumnAttr::Menu,
            }
        );
        assert_eq!(
            round_trip("field.f.x.option.a.b-c"),
            Key::FieldOption {
                form: FormId("f".into()),
                field: FieldId("x".into()),
                option: OptionId("a.b-c".into()),
            }
        );
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        let problem = |s: &str| s.parse::<Key>().unwrap_err().problem;
        assert_eq!(problem("standard"), KeyProblem::UnknownKind);
        assert_eq!(problem("standard.name"), KeyProblem::UnknownText);
        assert_eq!(problem("page.x.label"), KeyProblem::UnknownKind);
        assert_eq!(problem("record..label"), KeyProblem::MissingId);
        assert_eq!(problem("role.caseworker.title"), KeyProblem::UnknownText);
        assert_eq!(problem("lookup.l.option."), KeyProblem::MissingId);
        assert_eq!(problem("field.f.x"), KeyProblem::MissingId);
        assert_eq!(problem("field.f.x.title"), KeyProblem::UnknownText);
        assert_eq!(problem("ir.column.sex.label"), KeyProblem::UnknownText);
        assert_eq!(problem("ir.sheet.x"), KeyProblem::UnknownKind);
        assert_eq!(
            "record.x.title".parse::<Key>().unwrap_err().to_string(),
            "`record.x.title` is not a translation key: it does not end with a text that element has"
        );
    }
}
