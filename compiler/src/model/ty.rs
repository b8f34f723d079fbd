//! Value types of expressions.

use super::{FieldKind, FormIx, LookupIx, OptionSource};

/// The type of an expression or a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Yes or no (conditions, tick boxes).
    Bool,
    /// A whole number.
    Int,
    /// Text.
    Text,
    /// A date.
    Date,
    /// A date and time.
    DateTime,
    /// One option id of a lookup.
    Option(LookupIx),
    /// Several option ids of a lookup.
    Options(LookupIx),
    /// A user name.
    User,
    /// A list of user names.
    Users,
    /// An agency id.
    Agency,
    /// A location code.
    Location,
    /// The rows of a subform.
    Rows(FormIx),
    /// One row of a subform.
    Row(FormIx),
    /// An uploaded file.
    Attachment,
    /// A field with no value (separator).
    Nothing,
    /// `empty`: no value, fits any type.
    Empty,
    /// An Incident Recorder cell: text, a number or a date.
    Cell,
}

impl Ty {
    /// The value type of a field of this kind.
    #[must_use]
    pub fn of_field(kind: &FieldKind) -> Ty {
        match kind {
            FieldKind::Text | FieldKind::TextArea | FieldKind::Custom => Ty::Text,
            FieldKind::Integer => Ty::Int,
            FieldKind::Date => Ty::Date,
            FieldKind::DateTime => Ty::DateTime,
            FieldKind::TickBox => Ty::Bool,
            FieldKind::Select { multi, source, .. } => match (source, multi) {
                (OptionSource::Lookup(l), false) => Ty::Option(*l),
                (OptionSource::Lookup(l), true) => Ty::Options(*l),
                (OptionSource::Users, false) => Ty::User,
                (OptionSource::Users, true) => Ty::Users,
                (OptionSource::Agencies, _) => Ty::Agency,
                (OptionSource::Locations | OptionSource::ReportingLocations, _) => Ty::Location,
            },
            FieldKind::Subform { form } => Ty::Rows(*form),
            FieldKind::Separator => Ty::Nothing,
            FieldKind::Photo | FieldKind::Audio | FieldKind::Document | FieldKind::Signature => {
                Ty::Attachment
            }
        }
    }

    /// A short name for messages. Descriptions that need the model ("an option of
    /// `lookup-gender`") are made by `Lower::describe` in `lower/exprs.rs`.
    #[must_use]
    pub fn short_name(self) -> &'static str {
        match self {
            Ty::Bool => "yes/no",
            Ty::Int => "number",
            Ty::Text => "text",
            Ty::Date => "date",
            Ty::DateTime => "date-time",
            Ty::Option(_) => "option",
            Ty::Options(_) => "list of options",
            Ty::User => "user",
            Ty::Users => "list of users",
            Ty::Agency => "agency",
            Ty::Location => "location",
            Ty::Rows(_) => "subform rows",
            Ty::Row(_) => "subform row",
            Ty::Attachment => "attachment",
            Ty::Nothing => "no value",
            Ty::Empty => "empty",
            Ty::Cell => "cell",
        }
    }
}
