//! Primero's configuration objects as the bundle writes them (FACTS §8.1): form sections, fields,
//! lookups, and the closed set of Primero field types (§8.3).

use std::collections::BTreeMap;

use gbvims_compiler::model::FieldKind;
use serde::Serialize;
use serde_json::Value as Json;

use super::conditions::Cond;

/// A text per locale (`{"en": "…", "ar": "…"}`), ordered by locale.
pub type I18n = BTreeMap<String, String>;

/// Primero's field types: the closed set of FACTS §8.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimeroType {
    /// `text_field`
    TextField,
    /// `textarea`
    Textarea,
    /// `numeric_field`
    NumericField,
    /// `date_field`
    DateField,
    /// `tick_box`
    TickBox,
    /// `radio_button`
    RadioButton,
    /// `select_box`
    SelectBox,
    /// `subform`
    Subform,
    /// `separator`
    Separator,
    /// `photo_upload_box`
    PhotoUploadBox,
    /// `audio_upload_box`
    AudioUploadBox,
    /// `document_upload_box`
    DocumentUploadBox,
    /// `signature`
    Signature,
    /// `calculated`
    Calculated,
    /// `custom`
    Custom,
}

impl PrimeroType {
    /// Every type, as Primero names them.
    pub const ALL: &'static [(&'static str, PrimeroType)] = &[
        ("text_field", PrimeroType::TextField),
        ("textarea", PrimeroType::Textarea),
        ("numeric_field", PrimeroType::NumericField),
        ("date_field", PrimeroType::DateField),
        ("tick_box", PrimeroType::TickBox),
        ("radio_button", PrimeroType::RadioButton),
        ("select_box", PrimeroType::SelectBox),
        ("subform", PrimeroType::Subform),
        ("separator", PrimeroType::Separator),
        ("photo_upload_box", PrimeroType::PhotoUploadBox),
        ("audio_upload_box", PrimeroType::AudioUploadBox),
        ("document_upload_box", PrimeroType::DocumentUploadBox),
        ("signature", PrimeroType::Signature),
        ("calculated", PrimeroType::Calculated),
        ("custom", PrimeroType::Custom),
    ];

    /// The type of a field of this kind (a calculated field whose calculation Primero cannot
    /// express keeps the type of its value).
    #[must_use]
    pub fn of(kind: &FieldKind) -> PrimeroType {
        match kind {
            FieldKind::Text => PrimeroType::TextField,
            FieldKind::TextArea => PrimeroType::Textarea,
            FieldKind::Integer => PrimeroType::NumericField,
            FieldKind::Date | FieldKind::DateTime => PrimeroType::DateField,
            FieldKind::TickBox => PrimeroType::TickBox,
            FieldKind::Select { radio: true, .. } => PrimeroType::RadioButton,
            FieldKind::Select { .. } => PrimeroType::SelectBox,
            FieldKind::Subform { .. } => PrimeroType::Subform,
            FieldKind::Separator => PrimeroType::Separator,
            FieldKind::Photo => PrimeroType::PhotoUploadBox,
            FieldKind::Audio => PrimeroType::AudioUploadBox,
            FieldKind::Document => PrimeroType::DocumentUploadBox,
            FieldKind::Signature => PrimeroType::Signature,
            FieldKind::Custom => PrimeroType::Custom,
        }
    }
}

/// `date_validation`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateValidation {
    /// Any date.
    DefaultDateValidation,
    /// Not after today.
    NotFutureDate,
}

/// One option of a lookup or of a field's own list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionText {
    /// The stored id.
    pub id: String,
    /// Its label per locale.
    pub display_text: I18n,
}

/// A form section (FACTS §8.1), in the bundle's shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct FormSection {
    /// The form's id.
    pub unique_id: String,
    /// Its title.
    pub name_i18n: I18n,
    /// Its description.
    pub description_i18n: I18n,
    /// `case` or `incident`.
    pub parent_form: String,
    /// Shown in the navigation.
    pub visible: bool,
    /// Order within its group.
    pub order: i64,
    /// Order of its group.
    pub order_form_group: i64,
    /// Order among subforms.
    pub order_subform: i64,
    /// Its navigation group (an option of the record's form-group lookup).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_group_id: Option<String>,
    /// Whether the group is an option id (always, when there is a group).
    pub form_group_keyed: bool,
    /// Editable in Primero's form builder.
    pub editable: bool,
    /// A core form of the module.
    pub core_form: bool,
    /// Rows of a subform field.
    pub is_nested: bool,
    /// Opens first.
    pub is_first_tab: bool,
    /// Offered on mobile.
    pub mobile_form: bool,
    /// Fields shown when a row is collapsed (nested forms).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub collapsed_field_names: Vec<String>,
    /// The modules it belongs to (`["primeromodule-gbv"]`).
    pub module_ids: Vec<String>,
    /// Its fields, in order.
    pub fields_attributes: Vec<Field>,
}

/// A field (FACTS §8.1), in the bundle's shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct Field {
    /// The field name: the key its answer is stored under.
    pub name: String,
    /// Primero's type.
    #[serde(rename = "type")]
    pub kind: PrimeroType,
    /// Several options may be chosen.
    pub multi_select: bool,
    /// Its label.
    pub display_name_i18n: I18n,
    /// Its help text.
    pub help_text_i18n: I18n,
    /// Its guiding questions.
    pub guiding_questions_i18n: I18n,
    /// A tick box's label.
    pub tick_box_label_i18n: I18n,
    /// Where its options come from (`lookup lookup-…`, `Location`, `Agency`, `User`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_strings_source: Option<String>,
    /// Its own options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_strings_text_i18n: Option<Vec<OptionText>>,
    /// Shown at all.
    pub visible: bool,
    /// Shown on mobile.
    pub mobile_visible: bool,
    /// On the short form.
    pub show_on_minify_form: bool,
    /// Editable in the form builder.
    pub editable: bool,
    /// Read only.
    pub disabled: bool,
    /// Must be answered.
    pub required: bool,
    /// Position in the form.
    pub order: usize,
    /// Initial value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_value: Option<Json>,
    /// Date rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_validation: Option<DateValidation>,
    /// A date with a time.
    pub date_include_time: bool,
    /// Free tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub field_tags: Vec<String>,
    /// The nested form of a subform field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subform_unique_id: Option<String>,
    /// Skip logic of a field of a top-level form (evaluated on the record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_conditions_record: Option<Cond>,
    /// Skip logic of a field of a subform (evaluated on the row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_conditions_subform: Option<Cond>,
}

/// A lookup (FACTS §8.1), in the bundle's shape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lookup {
    /// Its id.
    pub unique_id: String,
    /// Its name.
    pub name_i18n: I18n,
    /// Its options.
    pub lookup_values_i18n: Vec<OptionText>,
    /// Countries may not change its options (a `fixed` lookup).
    pub locked: bool,
}
