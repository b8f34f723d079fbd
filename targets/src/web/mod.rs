//! The web target: the standard as data a web front end loads (`web/`).
//!
//! - `bundle.json`: the index ([`bundle::Bundle`], format `gbvims-web/1`);
//! - `schemas/<record>.schema.json`: JSON Schema draft-07 of a record in Primero's shape
//!   ([`schema`]);
//! - `ui/<record>.uischema.json`: the JSON Forms UI schema ([`uischema`]);
//! - `i18n/<lang>.json`: the translations ([`i18n`]);
//! - `lookups.json`, `locations.json`, `roles.json` ([`data`]);
//! - `rules.json` and `gbvims-rules.js` ([`rules`]); `index.html` ([`preview`]).
//!
//! Conditions JSON Schema can express are written as JSON Schema ([`condition`]); `rules.json`
//! carries every rule.

pub mod bundle;
pub mod condition;
pub mod data;
pub mod i18n;
pub mod preview;
pub mod rules;
pub mod schema;
pub mod uischema;

use gbvims_compiler::model::RecordIx;
use gbvims_compiler::{Checked, Diagnostic};
use serde::Serialize;

use crate::{Artifact, Options, Target, TargetKind};
use bundle::{Bundle, BundleLanguage, BundleRecord, Direction, FORMAT};

/// `rules.json`.
pub const RULES_FILE: &str = "rules.json";
/// `lookups.json`.
pub const LOOKUPS_FILE: &str = "lookups.json";
/// `locations.json`.
pub const LOCATIONS_FILE: &str = "locations.json";
/// `roles.json`.
pub const ROLES_FILE: &str = "roles.json";
/// `gbvims-rules.js`.
pub const EVALUATOR_FILE: &str = "gbvims-rules.js";
/// `index.html`.
pub const PREVIEW_FILE: &str = "index.html";
/// `bundle.json`.
pub const BUNDLE_FILE: &str = "bundle.json";

/// The path of a record's JSON Schema (`schemas/incident.schema.json`).
#[must_use]
pub fn schema_file(record: &str) -> String {
    format!("schemas/{record}.schema.json")
}

/// The path of a record's UI schema (`ui/incident.uischema.json`).
#[must_use]
pub fn uischema_file(record: &str) -> String {
    format!("ui/{record}.uischema.json")
}

/// The path of a language's translations (`i18n/ar.json`).
#[must_use]
pub fn translation_file(lang: &str) -> String {
    format!("i18n/{lang}.json")
}

/// The web target.
pub struct Web;

/// Pretty JSON with a final new line.
fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `bundle.json` for these languages.
#[must_use]
pub fn bundle(model: &gbvims_compiler::model::Model, languages: &[String]) -> Bundle {
    let default = model.default_language();
    Bundle {
        format: FORMAT.to_string(),
        country: model.country.as_ref().map(|c| c.id.clone()),
        name: model.country.as_ref().map_or_else(
            || model.text(&model.standard.title, default).to_string(),
            |c| model.text(&c.name, default).to_string(),
        ),
        standard: model.standard.name.clone(),
        standard_version: model.standard.version.to_string(),
        default_language: default.to_string(),
        languages: languages
            .iter()
            .map(|l| BundleLanguage {
                code: l.clone(),
                direction: if gbvims_compiler::languages::language(l).is_some_and(|x| x.rtl) {
                    Direction::Rtl
                } else {
                    Direction::Ltr
                },
            })
            .collect(),
        records: model
            .records
            .iter()
            .map(|r| BundleRecord {
                id: r.id.to_string(),
                schema: schema_file(r.id.as_str()),
                uischema: uischema_file(r.id.as_str()),
                i18n: format!("{}.label", i18n::record_key(r.id.as_str())),
            })
            .collect(),
        rules: RULES_FILE.to_string(),
        lookups: LOOKUPS_FILE.to_string(),
        locations: LOCATIONS_FILE.to_string(),
        roles: ROLES_FILE.to_string(),
        translations: languages
            .iter()
            .map(|l| (l.clone(), translation_file(l)))
            .collect(),
        evaluator: EVALUATOR_FILE.to_string(),
        preview: PREVIEW_FILE.to_string(),
    }
}

impl Target for Web {
    fn kind(&self) -> TargetKind {
        TargetKind::Web
    }

    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
        let model = checked.model();
        let languages = options.languages_for(model);
        let file = |path: String, bytes: Vec<u8>| Artifact { path, bytes };
        let mut files = vec![file(
            BUNDLE_FILE.to_string(),
            pretty(&bundle(model, &languages)),
        )];
        for (n, r) in model.records.iter().enumerate() {
            let rx = RecordIx::from_index(n);
            files.push(file(
                schema_file(r.id.as_str()),
                pretty(&schema::record_schema(model, rx)),
            ));
            files.push(file(
                uischema_file(r.id.as_str()),
                pretty(&uischema::ui_schema(model, rx)),
            ));
        }
        for lang in &languages {
            files.push(file(
                translation_file(lang),
                pretty(&i18n::translations(model, lang)),
            ));
        }
        files.push(file(
            LOOKUPS_FILE.to_string(),
            pretty(&data::lookups(model)),
        ));
        files.push(file(
            LOCATIONS_FILE.to_string(),
            pretty(&data::locations(model)),
        ));
        files.push(file(ROLES_FILE.to_string(), pretty(&data::roles(model))));
        files.push(file(
            RULES_FILE.to_string(),
            rules::rules_json(model).into_bytes(),
        ));
        files.push(file(
            EVALUATOR_FILE.to_string(),
            rules::EVALUATOR_JS.as_bytes().to_vec(),
        ));
        let html = preview::preview_html(&files);
        files.push(file(PREVIEW_FILE.to_string(), html));
        Ok(files)
    }
}
