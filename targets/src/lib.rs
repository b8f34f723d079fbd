//! Emitters. Each target reads only the [`Checked`] model (a model with no errors, and the
//! spans of its elements so an emitter can point a diagnostic at a source line) and returns files
//! in memory; the CLI writes them atomically. Adding a target never touches the compiler.
//!
//! The rules a target reads the model by are the model's, never re-derived: texts
//! ([`gbvims_compiler::model::Model::text`]), navigation
//! ([`gbvims_compiler::model::Model::navigation`]), expression scope
//! ([`gbvims_compiler::model::Model::scope`]), who sees a field
//! ([`gbvims_compiler::model::Model::roles_seeing`]), the JSON form of expressions
//! ([`gbvims_compiler::json::JsonExpr`]) and their meaning ([`gbvims_compiler::eval`]).
//!
//! Implemented: the mobile forms ([`mobile`]), the web bundle ([`web`]) and the Incident Recorder
//! ([`ir`]); the Primero bundle comes with its own issue.
#![deny(missing_docs)]

pub mod build;
pub mod ir;
pub mod manifest;
pub mod mobile;
pub mod odk_mapping;
pub mod odk_records;
pub mod output;
pub mod web;

use gbvims_compiler::{Checked, Diagnostic};

/// One output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Options every target receives.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Languages to emit; empty means every language of the model.
    pub languages: Vec<String>,
}

impl Options {
    /// The languages to emit for `model`: these options' languages, or every language of the
    /// model, the default language first. Every target orders its languages so.
    #[must_use]
    pub fn languages_for(&self, model: &gbvims_compiler::model::Model) -> Vec<String> {
        let langs: Vec<String> = if self.languages.is_empty() {
            model
                .standard
                .languages
                .iter()
                .map(|l| l.0.clone())
                .collect()
        } else {
            self.languages.clone()
        };
        let default = model.default_language().to_string();
        let mut ordered = vec![default.clone()];
        ordered.extend(langs.into_iter().filter(|l| *l != default));
        ordered
    }
}

/// An emitter.
pub trait Target {
    /// The target's kind.
    fn kind(&self) -> TargetKind;

    /// Emits the target's files from a checked model.
    ///
    /// # Errors
    /// Diagnostics for what the model cannot express in this target (pointing at the source
    /// through [`Checked::spans`]).
    fn emit(&self, checked: &Checked, options: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>>;
}

/// The closed set of targets. Each writes its own directory of the build (`mobile/`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    /// ODK XForms and XLSForms for offline collection on phones.
    Mobile,
    /// The web form bundle.
    Web,
    /// The Primero configuration bundle.
    Primero,
    /// The Incident Recorder workbook and its column mapping.
    Ir,
}

impl TargetKind {
    /// Every kind, in the order `--target all` builds them.
    pub const ALL: &'static [TargetKind] = &[
        TargetKind::Mobile,
        TargetKind::Web,
        TargetKind::Primero,
        TargetKind::Ir,
    ];

    /// The kind's name on the command line, and its directory in the build.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Mobile => "mobile",
            TargetKind::Web => "web",
            TargetKind::Primero => "primero",
            TargetKind::Ir => "ir",
        }
    }
}

/// Every available target.
#[must_use]
pub fn all() -> Vec<Box<dyn Target>> {
    vec![
        Box::new(mobile::Mobile),
        Box::new(web::Web),
        Box::new(ir::Ir),
    ]
}

/// The target of a kind, if it is implemented yet.
#[must_use]
pub fn target(kind: TargetKind) -> Option<Box<dyn Target>> {
    all().into_iter().find(|t| t.kind() == kind)
}

#[cfg(test)]
mod schemas {
    /// The checked-in schemas of the files targets write are what the types generate
    /// (regenerate with `UPDATE_SCHEMAS=1 cargo test -p gbvims-targets`).
    #[test]
    fn checked_in_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
        for (name, text) in [
            ("manifest.schema.json", crate::manifest::manifest_schema()),
            (
                "target-manifest.schema.json",
                crate::manifest::target_manifest_schema(),
            ),
            ("ir-mapping.schema.json", crate::ir::mapping_schema()),
            ("web-rules.schema.json", crate::web::rules::rules_schema()),
        ]
        .into_iter()
        .chain(crate::web::bundle::bundle_schemas())
        {
            let path = dir.join(name);
            if std::env::var_os("UPDATE_SCHEMAS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == text,
                "{} is stale: run `UPDATE_SCHEMAS=1 cargo test -p gbvims-targets` and commit it",
                path.display()
            );
        }
    }
}
