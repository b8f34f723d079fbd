//! Field types: Primero's closed set, as written in `.gbv` after `field <id>:`.

/// A field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `text`
    Text,
    /// `textarea`
    TextArea,
    /// `integer`
    Integer,
    /// `date`
    Date,
    /// `datetime`
    DateTime,
    /// `tick_box`
    TickBox,
    /// `select_one <lookup>`
    SelectOne,
    /// `select_many <lookup>`
    SelectMany,
    /// `radio <lookup>`
    Radio,
    /// `location`
    Location,
    /// `subform <subform>`
    Subform,
    /// `separator`
    Separator,
    /// `photo`
    Photo,
    /// `audio`
    Audio,
    /// `document`
    Document,
    /// `signature`
    Signature,
    /// `custom`
    Custom,
}

/// One field type of the table.
#[derive(Clone, Copy, Debug)]
pub struct FieldTypeDef {
    /// The type as written.
    pub name: &'static str,
    /// Which type.
    pub ty: FieldType,
    /// Whether a calculated field may have it.
    pub calculable: bool,
}

const fn def(name: &'static str, ty: FieldType, calculable: bool) -> FieldTypeDef {
    FieldTypeDef {
        name,
        ty,
        calculable,
    }
}

/// Every field type, in the order help lines list them.
pub const FIELD_TYPES: &[FieldTypeDef] = &[
    def("text", FieldType::Text, true),
    def("textarea", FieldType::TextArea, false),
    def("integer", FieldType::Integer, true),
    def("date", FieldType::Date, true),
    def("datetime", FieldType::DateTime, true),
    def("tick_box", FieldType::TickBox, true),
    def("select_one", FieldType::SelectOne, true),
    def("select_many", FieldType::SelectMany, true),
    def("radio", FieldType::Radio, false),
    def("location", FieldType::Location, false),
    def("subform", FieldType::Subform, false),
    def("separator", FieldType::Separator, false),
    def("photo", FieldType::Photo, false),
    def("audio", FieldType::Audio, false),
    def("document", FieldType::Document, false),
    def("signature", FieldType::Signature, false),
    def("custom", FieldType::Custom, false),
];

impl FieldType {
    /// The type written `name`, if there is one.
    #[must_use]
    pub fn parse(name: &str) -> Option<FieldType> {
        FIELD_TYPES.iter().find(|d| d.name == name).map(|d| d.ty)
    }

    fn def(self) -> &'static FieldTypeDef {
        FIELD_TYPES
            .iter()
            .find(|d| d.ty == self)
            .unwrap_or(&FIELD_TYPES[0])
    }

    /// The type as written.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Whether a calculated field may have this type.
    #[must_use]
    pub fn calculable(self) -> bool {
        self.def().calculable
    }

    /// Whether the type takes its options from a lookup or `option` lines.
    #[must_use]
    pub fn is_select(self) -> bool {
        matches!(
            self,
            FieldType::SelectOne | FieldType::SelectMany | FieldType::Radio
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_in_the_table_once() {
        for (i, d) in FIELD_TYPES.iter().enumerate() {
            assert_eq!(FieldType::parse(d.name), Some(d.ty));
            assert_eq!(d.ty.name(), d.name);
            assert!(FIELD_TYPES[..i]
                .iter()
                .all(|e| e.ty != d.ty && e.name != d.name));
        }
    }
}
