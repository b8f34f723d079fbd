//! The standard header, roles and records.

use gbvims_dsl::ast::{Decl, DeclKind, RecordDecl, RoleDecl};
use gbvims_dsl::Span;

use super::attrs::Place;
use super::Lower;
use crate::checks::duplicate_language::DuplicateLanguage;
use crate::checks::invalid_version::InvalidVersion;
use crate::checks::missing_attribute::MissingAttribute;
use crate::checks::undeclared_language::UndeclaredLanguage;
use crate::diagnostics::{suggest, Code, Diagnostic};
use crate::languages::{language, LANGUAGES};
use crate::model::{LangCode, Record, RecordId, RecordIx, Role, RoleId, RoleIx, Standard, Texts};

/// Primero's rule for field, form, record and role ids.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A valid id close to `s`: `SurvivorCode` → `survivor_code`, `incident-date` → `incident_date`.
fn snake_case(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        out.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
    }
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    out.trim_start_matches(|c: char| !c.is_ascii_lowercase())
        .trim_end_matches('_')
        .to_string()
}

impl Lower<'_> {
    pub(crate) fn check_id(&mut self, id: &gbvims_dsl::ast::Name, what: &str) {
        if is_valid_id(&id.node) {
            return;
        }
        let fixed = snake_case(&id.node);
        let help = if is_valid_id(&fixed) {
            format!(
                "write it as `{fixed}`: lower-case letters, digits and `_`, starting with a letter"
            )
        } else {
            "use lower-case letters, digits and `_`, starting with a letter".to_string()
        };
        self.sink.push(
            Diagnostic::new(
                Code::E0029,
                id.span,
                format!("the {what} id `{}` breaks Primero's id rule", id.node),
            )
            .label("invalid id")
            .help(help)
            .note("ids are the keys of survivor records and must match ^[a-z][a-z0-9_]*$"),
        );
    }

    pub(crate) fn header(&mut self, decls: &[&Decl], file_start: Span) {
        let headers: Vec<_> = decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Standard(s) => Some(s),
                _ => None,
            })
            .collect();
        let Some(first) = headers.first() else {
            self.sink.push(
                Diagnostic::new(
                    Code::E0032,
                    file_start,
                    "no `standard` declaration was found",
                )
                .help(
                    "start the standard with `standard gbvims version \"1.0.0\" { languages: en }`",
                ),
            );
            self.languages = vec!["en".into()];
            self.default_language = "en".into();
            return;
        };
        for extra in &headers[1..] {
            self.sink.push(
                Diagnostic::new(
                    Code::E0033,
                    extra.name.span,
                    "the standard is declared more than once",
                )
                .label("second declaration")
                .with_secondary(first.name.span, "first declared here")
                .help("keep one `standard` declaration for all the files of a standard"),
            );
        }
        let attrs = self.attrs(&first.body, Place::Standard);
        self.languages(&attrs, first.name.span);
        let default = self.default_language_attr(&attrs);
        self.default_language = default;
        // Default language first, then the others in declared order.
        let mut langs = vec![self.default_language.clone()];
        langs.extend(
            self.languages
                .iter()
                .filter(|l| **l != self.default_language)
                .cloned(),
        );
        self.languages = langs;
        let title = self.texts_attr(&attrs, "title", "the standard's title");
        let version = match semver::Version::parse(&first.version.node) {
            Ok(v) => v,
            Err(_) => {
                self.sink.push(
                    InvalidVersion::Version {
                        version: &first.version.node,
                        span: first.version.span,
                    }
                    .diagnostic(),
                );
                semver::Version::new(0, 0, 0)
            }
        };
        self.standard = Some(Standard {
            name: first.name.node.clone(),
            version,
            title,
            languages: self.languages.iter().cloned().map(LangCode).collect(),
            default_language: LangCode(self.default_language.clone()),
        });
    }

    fn languages(&mut self, attrs: &super::attrs::Attrs, header: Span) {
        let Some(names) = self.names(attrs, "languages") else {
            if attrs.get("languages").is_none() {
                self.sink
                    .push(MissingAttribute::StandardLanguages { span: header }.diagnostic());
            }
            self.languages = vec!["en".into()];
            return;
        };
        for n in names {
            if let Some(first) = names
                .iter()
                .find(|m| m.node == n.node && m.span != n.span && m.span.start < n.span.start)
            {
                self.sink.push(
                    DuplicateLanguage::InList {
                        lang: &n.node,
                        span: n.span,
                        first: Some(first.span),
                    }
                    .diagnostic(),
                );
                continue;
            }
            self.known_language(&n.node, n.span);
            self.languages.push(n.node.clone());
        }
        if self.languages.is_empty() {
            self.languages.push("en".into());
        }
    }

    fn default_language_attr(&mut self, attrs: &super::attrs::Attrs) -> String {
        let first = self.languages[0].clone();
        let Some(names) = self.names(attrs, "default_language") else {
            return first;
        };
        let Some(n) = names.first() else { return first };
        if !self.languages.contains(&n.node) {
            let d = UndeclaredLanguage::Default {
                lang: &n.node,
                span: n.span,
                declared: &self.languages,
            }
            .diagnostic();
            self.sink.push(d);
            return first;
        }
        n.node.clone()
    }

    pub(crate) fn role(&mut self, r: &RoleDecl) {
        self.check_id(&r.id, "role");
        if let Some(&first) = self.role_ids.get(&r.id.node) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0026,
                    r.id.span,
                    format!("the role `{}` is declared twice", r.id.node),
                )
                .with_secondary(self.spans.roles[first.index()], "first declared here")
                .help("give each role its own id, or merge the two declarations"),
            );
            return;
        }
        let attrs = self.attrs(&r.body, Place::Role);
        let what = format!("the label of role `{}`", r.id.node);
        let label = self.required_texts(&attrs, "label", &what, r.id.span, "role");
        let description = self.texts_attr(
            &attrs,
            "description",
            &format!("the description of role `{}`", r.id.node),
        );
        let primero_id = self
            .names(&attrs, "primero_id")
            .and_then(|n| n.first())
            .map(|n| n.node.clone());
        let sees_identifying = self.flag(&attrs, "sees_identifying").unwrap_or(false);
        let collects_data = self.flag(&attrs, "collects_data").unwrap_or(false);
        let ix = RoleIx::from_index(self.roles.len());
        self.roles.push(Role {
            id: RoleId(r.id.node.clone()),
            label,
            description,
            primero_id,
            sees_identifying,
            collects_data,
        });
        self.spans.roles.push(r.id.span);
        self.role_ids.insert(r.id.node.clone(), ix);
    }

    pub(crate) fn record(&mut self, r: &RecordDecl) {
        self.check_id(&r.id, "record");
        if let Some(&first) = self.record_ids.get(&r.id.node) {
            self.sink.push(
                Diagnostic::new(
                    Code::E0027,
                    r.id.span,
                    format!("the record `{}` is declared twice", r.id.node),
                )
                .with_secondary(self.spans.records[first.index()], "first declared here")
                .help("declare each record once; its forms say `in <record>`"),
            );
            return;
        }
        let attrs = self.attrs(&r.body, Place::Record);
        let label = self.required_texts(
            &attrs,
            "label",
            &format!("the label of record `{}`", r.id.node),
            r.id.span,
            "record",
        );
        let form_groups = self
            .names(&attrs, "form_groups")
            .and_then(|n| n.first())
            .and_then(|n| self.resolve_lookup(n));
        let ix = RecordIx::from_index(self.records.len());
        self.records.push(Record {
            id: RecordId(r.id.node.clone()),
            label,
            form_groups,
            forms: Vec::new(),
        });
        self.record_scope.push(indexmap::IndexMap::new());
        self.spans.records.push(r.id.span);
        self.record_ids.insert(r.id.node.clone(), ix);
    }

    /// Reports a language code missing from the ISO table (E0035); true when it is known.
    pub(crate) fn known_language(&mut self, code: &str, span: Span) -> bool {
        if language(code).is_some() {
            return true;
        }
        self.sink.push(
            Diagnostic::new(
                Code::E0035,
                span,
                format!("`{code}` is not a language code the compiler knows"),
            )
            .label("unknown language code")
            .help(suggest(
                code,
                LANGUAGES.iter().map(|l| l.code),
                "use a two-letter ISO 639-1 code such as `en`, `fr`, `es` or `ar`",
            )),
        );
        false
    }

    /// Is there a syntax error inside the declaration or field being lowered?
    pub(crate) fn inside_broken_item(&self) -> bool {
        self.current_item.is_some_and(|item| {
            self.broken
                .iter()
                .any(|b| b.file == item.file && b.start >= item.start && b.start <= item.end)
        })
    }

    /// A texts attribute that must be present.
    pub(crate) fn required_texts(
        &mut self,
        attrs: &super::attrs::Attrs,
        key: &str,
        what: &str,
        at: Span,
        kind: &str,
    ) -> Texts {
        if attrs.get(key).is_none() && !self.inside_broken_item() {
            let d = MissingAttribute::Texts {
                key,
                kind,
                language: &self.default_language,
                span: at,
            }
            .diagnostic();
            self.sink.push(d);
        }
        self.texts_attr(attrs, key, what)
    }
}
