//! The views of `gbvims show` (`--lookups`, `--forms`, `--fields FORM`, `--location-types`,
//! `--changes`): typed documents built from the resolved model and the overlay's change log,
//! printed as tables (`human.rs`) or as JSON (format `gbvims-view/1`, documented in README.md).

use std::collections::BTreeMap;

use gbvims_compiler::json::{FieldDoc, FormDoc, FormKindDoc, JsonTexts, ModelDoc};
use gbvims_compiler::model::{FieldIx, Policy};
use gbvims_compiler::{ChangeKind, Checked, Sources};
use serde::Serialize;

/// The version of the views' JSON shape.
pub const FORMAT: &str = "gbvims-view/1";

/// One view, tagged by `view` in JSON.
#[derive(Debug, Serialize)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum View {
    /// `--lookups`: every named option list.
    Lookups {
        /// The language names are shown in.
        language: String,
        /// Lists in declaration order.
        lookups: Vec<LookupRow>,
    },
    /// `--lookups ID`: one list with its options.
    Lookup {
        /// The list.
        lookup: LookupRow,
        /// The configuration's languages, default first.
        languages: Vec<String>,
        /// Options in display order, with their label in each language.
        options: Vec<OptionRow>,
    },
    /// `--forms`: records, navigation groups and forms in order.
    Forms {
        /// The language titles are shown in.
        language: String,
        /// Record types, each with its navigation.
        records: Vec<RecordRow>,
    },
    /// `--fields FORM`: one form's fields in order.
    Fields {
        /// The language labels are shown in.
        language: String,
        /// The form.
        form: FormRow,
        /// Its fields in display order.
        fields: Vec<FieldRow>,
    },
    /// `--location-types`: the location levels.
    LocationTypes {
        /// The language type names are shown in.
        language: String,
        /// Depths 0 (the country) to the deepest level in the location file.
        levels: Vec<LevelRow>,
        /// Languages the location file names places in.
        name_languages: Vec<String>,
    },
    /// `--changes`: what each overlay declaration changed, in file order.
    Changes {
        /// One row per effect.
        changes: Vec<ChangeRow>,
    },
}

/// A view in JSON: `{ "format": "gbvims-view/1", "view": …, … }`.
#[derive(Debug, Serialize)]
pub struct ViewDoc<'a> {
    /// `gbvims-view/1`.
    pub format: &'static str,
    /// The view.
    #[serde(flatten)]
    pub view: &'a View,
}

/// A named option list.
#[derive(Debug, Serialize)]
pub struct LookupRow {
    /// The lookup id.
    pub id: String,
    /// Its name in the view's language.
    pub name: String,
    /// `fixed`, `extensible` or `localizable`.
    pub policy: Policy,
    /// What a country may do with it, in words.
    pub country_may: &'static str,
    /// Used by the platform rather than a form field.
    pub system: bool,
    /// Option ids a country's replacement must keep.
    pub anchors: Vec<String>,
    /// How many options it has (after the country's changes).
    pub options: usize,
    /// What the country did: `replaced`, `extended`, `declared` (its own list), or `null`.
    pub country: Option<&'static str>,
}

/// One option of a list.
#[derive(Debug, Serialize)]
pub struct OptionRow {
    /// The option's id.
    pub id: String,
    /// The id records hold for it, when the country declared another (`stored_as`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_as: Option<String>,
    /// Label per language.
    pub label: JsonTexts,
    /// An anchor: a country's replacement must keep it.
    pub anchor: bool,
}

/// A record type.
#[derive(Debug, Serialize)]
pub struct RecordRow {
    /// `incident`, `case`.
    pub id: String,
    /// Its label in the view's language.
    pub label: String,
    /// Navigation groups in order.
    pub groups: Vec<GroupRow>,
}

/// A navigation group.
#[derive(Debug, Serialize)]
pub struct GroupRow {
    /// The group's option id (`null`: forms without a group).
    pub group: Option<String>,
    /// Its top-level forms in order, each followed by its subforms.
    pub forms: Vec<FormRow>,
}

/// A form or subform.
#[derive(Debug, Serialize)]
pub struct FormRow {
    /// The form id.
    pub id: String,
    /// `form` or `subform`.
    pub kind: FormKindDoc,
    /// Its title in the view's language.
    pub title: String,
    /// On phones.
    pub mobile: bool,
    /// Shown in the navigation.
    pub visible: bool,
    /// How many fields it shows.
    pub fields: usize,
    /// The subforms its fields show, in order.
    pub subforms: Vec<String>,
}

/// A field as the form shows it.
#[derive(Debug, Serialize)]
pub struct FieldRow {
    /// The field id.
    pub id: String,
    /// The key records hold its answer under, when the country declared a legacy key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_as: Option<String>,
    /// Its type in the language (`select_one lookup-sex`, `calculated date`, …).
    pub field_type: String,
    /// For selects on a lookup: its id (`<form>.<field>` for an inline list).
    pub lookup: Option<String>,
    /// Its label in the view's language.
    pub label: String,
    /// Always required.
    pub required: bool,
    /// Required under a condition.
    pub required_if: bool,
    /// The standard cannot do without it.
    pub core: bool,
    /// Identifies a person.
    pub identifying: bool,
    /// Declared not identifying: `code`, `place` or `time`.
    pub not_identifying: Option<String>,
    /// A sensitive quasi-identifier.
    pub sensitive: bool,
    /// On the short form.
    pub short_form: bool,
    /// On phones.
    pub mobile: bool,
    /// `visible_to` as declared (`null`: every role).
    pub visible_to: Option<Vec<String>>,
    /// Hidden by the country's `hide field`.
    pub hidden_by_country: bool,
    /// Shown with `use`: declared in another form, which is where it can be hidden.
    pub declared_in: String,
    /// May a country hide it (not required, not core)?
    pub country_may_hide: bool,
    /// What still reads it, and would read it as empty if it were hidden (W0011).
    pub read_by: Vec<String>,
}

/// One depth of the location tree.
#[derive(Debug, Serialize)]
pub struct LevelRow {
    /// Depth (0 = the country).
    pub level: usize,
    /// The location type the location questions show at this depth, if any.
    pub location_type: Option<String>,
    /// That type's name in the view's language.
    pub type_name: Option<String>,
    /// The Incident Recorder location key at this depth, if any.
    pub ir_key: Option<String>,
    /// How many units the location file holds at this depth.
    pub units: usize,
}

/// One effect of one overlay declaration.
#[derive(Debug, Serialize)]
pub struct ChangeRow {
    /// `file:line` of the declaration.
    pub source: String,
    /// What it changed.
    #[serde(flatten)]
    pub change: ChangeKind,
}

/// What a country may do with a list of this policy.
#[must_use]
pub fn country_may(policy: Policy) -> &'static str {
    match policy {
        Policy::Fixed => "translate labels only",
        Policy::Extensible => "add options (extend)",
        Policy::Localizable => "replace, keeping anchors",
    }
}

/// Texts in `lang`, else in the default language, else any.
pub fn text(t: &JsonTexts, lang: &str, default: &str) -> String {
    t.get(lang)
        .or_else(|| t.get(default))
        .or_else(|| t.values().next())
        .cloned()
        .unwrap_or_default()
}

/// What the views are built from.
pub struct Ctx<'a> {
    pub doc: &'a ModelDoc,
    pub checked: &'a Checked,
    pub lang: &'a str,
}

impl Ctx<'_> {
    fn default_lang(&self) -> &str {
        &self.doc.standard.default_language
    }

    fn t(&self, t: &JsonTexts) -> String {
        text(t, self.lang, self.default_lang())
    }

    /// What the country did to a lookup, from the change log.
    fn lookup_change(&self, id: &str) -> Option<&'static str> {
        self.checked.changes().iter().find_map(|c| match &c.kind {
            ChangeKind::LookupReplaced { lookup, .. } if lookup == id => Some("replaced"),
            ChangeKind::LookupExtended { lookup, .. } if lookup == id => Some("extended"),
            ChangeKind::LookupDeclared { lookup, .. } if lookup == id => Some("declared"),
            _ => None,
        })
    }

    /// Every named list.
    pub fn lookups(&self) -> View {
        let lookups = self
            .doc
            .lookups
            .iter()
            .filter(|l| !l.inline)
            .map(|l| self.lookup_row(l))
            .collect();
        View::Lookups {
            language: self.lang.to_string(),
            lookups,
        }
    }

    fn lookup_row(&self, l: &gbvims_compiler::json::LookupDoc) -> LookupRow {
        LookupRow {
            id: l.id.clone(),
            name: self.t(&l.name),
            policy: l.policy,
            country_may: country_may(l.policy),
            system: l.system,
            anchors: l.anchors.clone(),
            options: l.options.len(),
            country: self.lookup_change(&l.id),
        }
    }

    /// One list with its options; `None` when there is no such list.
    pub fn lookup(&self, id: &str) -> Option<View> {
        let l = self.doc.lookups.iter().find(|l| l.id == id)?;
        let model = self.checked.model();
        let typed = model.lookup_by_id(id).map(|lx| model.lookup(lx));
        let options = l
            .options
            .iter()
            .map(|o| OptionRow {
                id: o.id.clone(),
                stored_as: typed
                    .and_then(|t| t.option(&o.id))
                    .filter(|t| t.is_aliased())
                    .map(|t| t.stored.to_string()),
                label: o.label.clone(),
                anchor: l.anchors.contains(&o.id),
            })
            .collect();
        Some(View::Lookup {
            lookup: self.lookup_row(l),
            languages: self.doc.standard.languages.clone(),
            options,
        })
    }

    fn form_row(&self, f: &FormDoc) -> FormRow {
        FormRow {
            id: f.id.clone(),
            kind: f.kind,
            title: self.t(&f.title),
            mobile: f.mobile,
            visible: f.visible,
            fields: f.fields.len(),
            subforms: f.fields.iter().filter_map(|x| x.subform.clone()).collect(),
        }
    }

    /// A form followed by its subforms (depth first).
    fn with_subforms(&self, f: &FormDoc, out: &mut Vec<FormRow>, depth: usize) {
        out.push(self.form_row(f));
        if depth > 8 {
            return;
        }
        for sub in f.fields.iter().filter_map(|x| x.subform.as_deref()) {
            if let Some(sf) = self.doc.forms.iter().find(|s| s.id == sub) {
                self.with_subforms(sf, out, depth + 1);
            }
        }
    }

    /// Records, navigation groups and forms.
    pub fn forms(&self) -> View {
        let records = self
            .doc
            .records
            .iter()
            .map(|r| RecordRow {
                id: r.id.clone(),
                label: self.t(&r.label),
                groups: r
                    .navigation
                    .iter()
                    .map(|g| {
                        let mut forms = Vec::new();
                        for id in &g.forms {
                            if let Some(f) = self.doc.forms.iter().find(|f| &f.id == id) {
                                self.with_subforms(f, &mut forms, 0);
                            }
                        }
                        GroupRow {
                            group: g.group.clone(),
                            forms,
                        }
                    })
                    .collect(),
            })
            .collect();
        View::Forms {
            language: self.lang.to_string(),
            records,
        }
    }

    /// One form's fields; `None` when there is no such form.
    pub fn fields(&self, form: &str) -> Option<View> {
        let f = self.doc.forms.iter().find(|f| f.id == form)?;
        let fields = f.fields.iter().map(|x| self.field_row(x)).collect();
        Some(View::Fields {
            language: self.lang.to_string(),
            form: self.form_row(f),
            fields,
        })
    }

    fn field_row(&self, x: &FieldDoc) -> FieldRow {
        let model = self.checked.model();
        let ix = model
            .fields
            .iter()
            .position(|f| f.id.as_str() == x.id && model.form(f.form).id.as_str() == x.declared_in)
            .map(FieldIx::from_index);
        let hidden_by_country = self.checked.changes().iter().any(|c| {
            matches!(&c.kind, ChangeKind::FieldHidden { form, field }
                if form == &x.declared_in && field == &x.id)
        });
        FieldRow {
            id: x.id.clone(),
            stored_as: ix
                .map(|ix| model.field(ix))
                .filter(|f| f.is_aliased())
                .map(|f| f.stored.to_string()),
            field_type: x.field_type.clone(),
            lookup: x.lookup.clone(),
            label: self.t(&x.label),
            required: x.required,
            required_if: x.required_if.is_some(),
            core: x.core,
            identifying: x.identifying,
            not_identifying: x.not_identifying.clone(),
            sensitive: x.sensitive,
            short_form: x.short_form,
            mobile: x.mobile,
            visible_to: x.visible_to.clone(),
            hidden_by_country,
            declared_in: x.declared_in.clone(),
            country_may_hide: !x.required && x.required_if.is_none() && !x.core,
            read_by: ix.map(|ix| model.readers_of(ix)).unwrap_or_default(),
        }
    }

    /// The location levels; `None` for the standard alone (it has no locations).
    pub fn location_types(&self) -> Option<View> {
        let c = self.doc.country.as_ref()?;
        let names: BTreeMap<&str, String> = self
            .doc
            .lookups
            .iter()
            .find(|l| l.id == "lookup-location-type")
            .map(|l| {
                l.options
                    .iter()
                    .map(|o| (o.id.as_str(), self.t(&o.label)))
                    .collect()
            })
            .unwrap_or_default();
        let deepest = c
            .location_units
            .len()
            .max(
                c.location_levels
                    .iter()
                    .map(|l| usize::from(l.level) + 1)
                    .max()
                    .unwrap_or(0),
            )
            .max(
                c.ir_location_levels
                    .iter()
                    .map(|l| usize::from(l.level) + 1)
                    .max()
                    .unwrap_or(0),
            );
        let levels = (0..deepest)
            .map(|n| {
                let ty = c
                    .location_levels
                    .iter()
                    .find(|l| usize::from(l.level) == n)
                    .map(|l| l.name.clone());
                LevelRow {
                    level: n,
                    type_name: ty.as_deref().and_then(|t| names.get(t).cloned()),
                    location_type: ty,
                    ir_key: c
                        .ir_location_levels
                        .iter()
                        .find(|l| usize::from(l.level) == n)
                        .map(|l| l.name.clone()),
                    units: c.location_units.get(n).copied().unwrap_or(0),
                }
            })
            .collect();
        Some(View::LocationTypes {
            language: self.lang.to_string(),
            levels,
            name_languages: c.location_languages.clone(),
        })
    }

    /// The overlay's effect, in file order.
    pub fn changes(&self, sources: &Sources) -> View {
        let changes = self
            .checked
            .changes()
            .iter()
            .map(|c| {
                let name = sources.get(c.span.file).map_or("?", |f| f.name.as_str());
                let (line, _) = sources.line_col(c.span.file, c.span.start as usize);
                ChangeRow {
                    source: format!("{name}:{line}"),
                    change: c.kind.clone(),
                }
            })
            .collect();
        View::Changes { changes }
    }
}
