//! The bundle's own files and their formats: `bundle.json` (the index), `lookups.json`,
//! `locations.json` and `roles.json`. Their JSON Schemas are generated from these types
//! ([`bundle_schemas`]) and checked in under `targets/schema/`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The format name written in `bundle.json`'s `format`.
pub const FORMAT: &str = "gbvims-web/1";

/// `web/bundle.json`: what the bundle holds, and where. Paths are relative to `web/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always `gbvims-web/1`.
    pub format: String,
    /// The country's id (`iraq`); `null` for the standard alone.
    pub country: Option<String>,
    /// The country's name in the default language (the standard's title for the standard alone).
    pub name: String,
    /// The standard's name (`gbvims`).
    pub standard: String,
    /// The standard's version.
    pub standard_version: String,
    /// The default language: every text falls back to it, then to English.
    pub default_language: String,
    /// The languages of the translation files, the default language first.
    pub languages: Vec<BundleLanguage>,
    /// The record types, in declaration order.
    pub records: Vec<BundleRecord>,
    /// `rules.json`: every calculation, condition and constraint, in the one JSON form of
    /// expressions.
    pub rules: String,
    /// `lookups.json`.
    pub lookups: String,
    /// `locations.json`.
    pub locations: String,
    /// `roles.json`: which fields each role may see (for the server to enforce).
    pub roles: String,
    /// One translation file per language: `{language: path}`.
    pub translations: BTreeMap<String, String>,
    /// `gbvims-rules.js`: a dependency-free evaluator of `rules.json`.
    pub evaluator: String,
    /// `index.html`: a preview of the forms.
    pub preview: String,
}

/// A language of the bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleLanguage {
    /// The code (`ar`).
    pub code: String,
    /// The writing direction.
    pub direction: Direction,
}

/// A writing direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, …).
    Rtl,
}

/// A record type of the bundle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BundleRecord {
    /// The record type (`incident`, `case`).
    pub id: String,
    /// Its JSON Schema (draft-07), `schemas/<record>.schema.json`.
    pub schema: String,
    /// Its JSON Forms UI schema, `ui/<record>.uischema.json`.
    pub uischema: String,
    /// The i18n key of its label (`record.<record>.label`).
    pub i18n: String,
}

/// `web/lookups.json`: every option list a field of the bundle uses, in declaration order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lookups {
    /// The lists.
    pub lookups: Vec<WebLookup>,
}

/// One option list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebLookup {
    /// Its id (`lookup-gender`; `<form>.<field>` for a list declared on one field). Option
    /// labels are the i18n keys `lookup.<id>.<option>`.
    pub id: String,
    /// Its options, in display order.
    pub options: Vec<WebOption>,
}

/// One option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebOption {
    /// The id stored in records.
    pub id: String,
}

/// `web/locations.json`: the country's locations as a tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Locations {
    /// The admin levels the location questions show, shallowest first.
    pub levels: Vec<LocationLevel>,
    /// The units below no other (the country itself when the file has it), each with its
    /// children.
    pub roots: Vec<LocationNode>,
}

/// An admin level of the location questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationLevel {
    /// Its type: an option of `lookup-location-type` (`governorate`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Its depth in the tree (1 = below the country).
    pub admin_level: u8,
    /// The i18n key of its name (`lookup.lookup-location-type.<type>`).
    pub i18n: String,
}

/// One unit of the tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationNode {
    /// The unit's code (a P-code), stored in records.
    pub code: String,
    /// Its depth (0 = the country).
    pub admin_level: u8,
    /// Its type, when the location file gives one.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Its name per language.
    pub names: BTreeMap<String, String>,
    /// The units below it, in the file's order.
    pub children: Vec<LocationNode>,
}

/// `web/roles.json`: per role, the fields it may see. **For the server to enforce**: a browser
/// that receives a value can show it, so a server sends each user only these fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// The roles, in declaration order.
    pub roles: Vec<WebRole>,
}

/// One role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebRole {
    /// The role id (`caseworker`); its label is the i18n key `role.<id>.label`.
    pub id: String,
    /// May see identifying fields.
    pub sees_identifying: bool,
    /// Per record type, the fields the role may see, in form order: field ids, and
    /// `subform/field` for the fields of subform rows.
    pub fields: BTreeMap<String, Vec<String>>,
}

/// The JSON Schemas of the bundle's own files, by file name under `targets/schema/`.
#[must_use]
pub fn bundle_schemas() -> Vec<(&'static str, String)> {
    fn pretty(schema: &schemars::Schema) -> String {
        serde_json::to_string_pretty(schema).unwrap_or_default() + "\n"
    }
    vec![
        (
            "web-bundle.schema.json",
            pretty(&schemars::schema_for!(Bundle)),
        ),
        (
            "web-lookups.schema.json",
            pretty(&schemars::schema_for!(Lookups)),
        ),
        (
            "web-locations.schema.json",
            pretty(&schemars::schema_for!(Locations)),
        ),
        (
            "web-roles.schema.json",
            pretty(&schemars::schema_for!(Roles)),
        ),
    ]
}
