//! The mapping the mobile target writes beside its forms (`mobile/odk-mapping.json`): where each
//! field of a record lives in the ODK instance of the built form, and how its value is written
//! there, so that submissions can be turned back into records in Primero's shape
//! (`gbvims records from-odk`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The format tag of [`OdkMapping`].
pub const FORMAT: &str = "gbvims-odk-mapping/1";

/// Every form of a mobile build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OdkMapping {
    /// Always [`FORMAT`].
    pub format: String,
    /// One entry per record type built (`incident`, `case`).
    pub forms: Vec<FormMapping>,
}

/// One built form: one record type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FormMapping {
    /// The record type (`incident`).
    pub record: String,
    /// The XForm's `id` (ODK's form id, and the name of Central's main CSV table).
    pub form_id: String,
    /// The XForm's `version`.
    pub version: String,
    /// The XForm file in the build directory (`incident.xml`).
    pub xform: String,
    /// The name of the instance's root element (`data`).
    pub root: String,
    /// The record-level fields, in form order.
    pub fields: Vec<FieldMapping>,
}

/// Where one field of the record (or of a subform row) lives in the instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldMapping {
    /// The field id: the key in the record (`incident_date`).
    pub id: String,
    /// The absolute instance path of the field's node (`/data/gbv_incident_form/incident_date`);
    /// for a field of a subform, the path of the node inside a repeat instance
    /// (`/data/alleged_perpetrator_form/alleged_perpetrator/perpetrator_sex`).
    pub path: String,
    /// How the value is written in the instance.
    pub kind: ValueKind,
    /// For a subform field: the fields of a row. Each row is one instance of the repeat at
    /// `path`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<FieldMapping>,
}

/// How a value is written in an ODK instance, and how it is stored in a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Text, stored as a JSON string.
    Text,
    /// A whole number, stored as a JSON number.
    Integer,
    /// `YYYY-MM-DD`, stored as that string.
    Date,
    /// An ODK date-time (`2024-03-01T10:15:00.000+03:00`), stored as that string.
    DateTime,
    /// `true` or `false`, stored as a JSON boolean.
    Boolean,
    /// One option id, stored as a JSON string.
    SelectOne,
    /// Option ids separated by spaces, stored as a JSON array of strings.
    SelectMany,
    /// A location code (the deepest level answered), stored as a JSON string.
    Location,
    /// The file name of an attachment, stored as a JSON string.
    File,
    /// A repeat: each instance is one row, stored as a JSON array of objects.
    Rows,
}
