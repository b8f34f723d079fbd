//! The country's `primero/instance.json`: what the bundle carries that belongs to the Primero
//! installation, not to the standard — its `Agency`, `Role`, `UserGroup` and
//! `ContactInformation` records (which Primero's import requires non-empty) and, optionally, its
//! `Report`s — and the `primero_version` the bundle is for.
//!
//! ```json
//! {
//!   "primero_version": "2.11.0",
//!   "Agency": [{ "unique_id": "agency-unfpa", … }],
//!   "Role": [{ "unique_id": "role-gbv-caseworker", … }],
//!   "UserGroup": [{ "unique_id": "usergroup-gbv", … }],
//!   "ContactInformation": [{ "name": "…", … }],
//!   "Report": []
//! }
//! ```

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::{Checked, Diagnostic};
use serde_json::Value as Json;

/// Where the file is, relative to the country directory.
pub const PATH: &str = "primero/instance.json";

/// The arrays Primero's import requires non-empty, and whether their objects need `unique_id`.
const REQUIRED: &[(&str, bool)] = &[
    ("Agency", true),
    ("Role", true),
    ("UserGroup", true),
    ("ContactInformation", false),
];

/// A checked `primero/instance.json`.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The Primero version of the installation.
    pub primero_version: String,
    /// The bundle's arrays taken from the file, in the bundle's order (`Agency`, `Role`,
    /// `UserGroup`, `Report`, `ContactInformation`).
    pub arrays: Vec<(String, Json)>,
}

/// Reads and checks the file's text (`None`: the country has no such file).
///
/// # Errors
/// E0116 when there is no file, E0117 when it cannot be used.
pub fn read(checked: &Checked, text: Option<&str>) -> Result<Instance, Vec<Diagnostic>> {
    let span = super::anchor(checked);
    let Some(text) = text else {
        let message = if checked.model().country.is_some() {
            format!("the Primero bundle needs the installation's agencies, roles, user groups and contact information, and this country has no `{PATH}`")
        } else {
            format!("the standard alone has no Primero installation: the Primero bundle is built for a country, from its `{PATH}`")
        };
        return Err(vec![Diagnostic::new(Code::E0116, span, message)
            .label("no Primero instance file for this configuration")
            .help(format!("put the installation's `Agency`, `Role`, `UserGroup` and `ContactInformation` arrays and its `primero_version` in `{PATH}` next to country.gbv (see `gbvims explain E0116`)"))]);
    };
    parse(text).map_err(|problem| {
        vec![Diagnostic::new(
            Code::E0117,
            span,
            format!("`{PATH}` cannot be used: {problem}"),
        )
        .label("the Primero instance file of this country")
        .help("give a JSON object with `primero_version` and non-empty `Agency`, `Role`, `UserGroup` and `ContactInformation` arrays of objects (see `gbvims explain E0117`)")]
    })
}

/// Checks the text; the problem in words.
///
/// # Errors
/// What is wrong with it.
pub fn parse(text: &str) -> Result<Instance, String> {
    let doc: Json = serde_json::from_str(text).map_err(|e| {
        format!(
            "it is not JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        )
    })?;
    let Json::Object(obj) = doc else {
        return Err("it is not a JSON object".into());
    };
    let allowed = ["primero_version", "Report"];
    if let Some(k) = obj
        .keys()
        .find(|k| !allowed.contains(&k.as_str()) && !REQUIRED.iter().any(|(r, _)| r == k))
    {
        return Err(format!("`{k}` is not read (the bundle writes forms and lookups itself; the file gives `primero_version`, `Agency`, `Role`, `UserGroup`, `ContactInformation` and `Report`)"));
    }
    let version = match obj.get("primero_version") {
        Some(Json::String(v)) if !v.trim().is_empty() => v.clone(),
        _ => {
            return Err(
                "`primero_version` (the installation's Primero version, as text) is missing".into(),
            )
        }
    };
    let mut arrays = Vec::new();
    for &(key, needs_id) in REQUIRED {
        let items = match obj.get(key) {
            Some(Json::Array(items)) if !items.is_empty() => items,
            Some(Json::Array(_)) => {
                return Err(format!(
                    "`{key}` is empty, and Primero's import refuses an empty `{key}`"
                ))
            }
            Some(_) => return Err(format!("`{key}` is not an array")),
            None => {
                return Err(format!(
                    "`{key}` is missing, and Primero's import requires it"
                ))
            }
        };
        for (n, item) in items.iter().enumerate() {
            let Json::Object(o) = item else {
                return Err(format!("entry {} of `{key}` is not an object", n + 1));
            };
            let id = o
                .get("unique_id")
                .and_then(Json::as_str)
                .unwrap_or_default();
            if needs_id && id.is_empty() {
                return Err(format!("entry {} of `{key}` has no `unique_id`", n + 1));
            }
        }
        arrays.push((key.to_string(), Json::Array(items.clone())));
    }
    let reports = match obj.get("Report") {
        None => Json::Array(Vec::new()),
        Some(Json::Array(items)) if items.iter().all(Json::is_object) => Json::Array(items.clone()),
        Some(_) => return Err("`Report` is not an array of objects".into()),
    };
    let contact = arrays.pop();
    arrays.push(("Report".to_string(), reports));
    arrays.extend(contact);
    Ok(Instance {
        primero_version: version,
        arrays,
    })
}
