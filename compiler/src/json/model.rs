//! The resolved model as a stable JSON document (`gbvims show --format json`): ids, never
//! indices; texts per language; expressions in the one [`JsonExpr`] form.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::expr::{literal, JsonExpr};
use crate::model::{
    Field, FieldIx, FieldKind, FieldType, Form, FormKind, LookupIx, LookupKind, Model,
    OptionSource, Policy, RecordIx, Scope, Texts,
};

/// The version of this document's shape; bumped when a consumer would have to change.
pub const FORMAT: &str = "gbvims-model/1";

/// Texts per language code.
pub type JsonTexts = BTreeMap<String, String>;

/// The resolved model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelDoc {
    /// `gbvims-model/1`.
    pub format: String,
    /// The standard's header (for a country: its languages and default language).
    pub standard: StandardDoc,
    /// The country applied, if any.
    pub country: Option<CountryDoc>,
    /// Every option list, named and inline, in declaration order.
    pub lookups: Vec<LookupDoc>,
    /// Record types with their navigation.
    pub records: Vec<RecordDoc>,
    /// Forms and subforms, in declaration order.
    pub forms: Vec<FormDoc>,
    /// Roles.
    pub roles: Vec<RoleDoc>,
    /// The Incident Recorder mapping, if any.
    pub incident_recorder: Option<IrDoc>,
    /// Free-text and upload fields declared not identifying (`not_identifying`), each an
    /// exception to the rule that such fields identify a person, listed for review.
    pub data_protection: Vec<OptOutDoc>,
    /// The country's `reword … because "…"` texts: each changes, in the standard's own
    /// language, what an option of a fixed list or a counted field says, listed for review.
    pub rewords: Vec<RewordDoc>,
}

/// A text reworded with `reword … because "…"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RewordDoc {
    /// What is reworded (`lookup lookup-perpetrator-relationship, option other`).
    pub target: String,
    /// The language of the text (the standard's default language).
    pub lang: String,
    /// The standard's text, if it had one.
    pub standard: Option<String>,
    /// The country's text.
    pub text: String,
    /// The reason given after `because`.
    pub because: String,
    /// Where the reworded text is written (`file:line`), when the sources are known.
    pub source: Option<String>,
}

/// A field declared not identifying.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptOutDoc {
    /// The form declaring the field.
    pub form: String,
    /// The field id.
    pub field: String,
    /// What it holds instead: `code`, `place` or `time`.
    pub not_identifying: String,
    /// Where it is declared (`file:line`), when the sources are known.
    pub source: Option<String>,
}

/// The standard's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardDoc {
    /// `gbvims`.
    pub name: String,
    /// Semantic version.
    pub version: String,
    /// Title per language.
    pub title: JsonTexts,
    /// Languages, default first.
    pub languages: Vec<String>,
    /// The language every text has.
    pub default_language: String,
}

/// A country applied on top of the standard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryDoc {
    /// Its id (`iraq`).
    pub id: String,
    /// ISO 3166 code (`iq`).
    pub code: String,
    /// Name per language.
    pub name: JsonTexts,
    /// Standard versions accepted (`^2.0`).
    pub extends: String,
    /// The location questions' admin levels, shallowest first: location type and depth.
    pub location_levels: Vec<LevelDoc>,
    /// The Incident Recorder's location keys and their depth.
    pub ir_location_levels: Vec<LevelDoc>,
    /// How many units the location file holds at each depth (0 = the country).
    pub location_units: Vec<usize>,
    /// Languages the location file names places in.
    pub location_languages: Vec<String>,
    /// The RSA public key phones encrypt submissions with: the DER SubjectPublicKeyInfo in
    /// base64 on one line (public data; ODK's `base64RsaPublicKey`). `null`: submissions are not
    /// encrypted.
    pub mobile_public_key: Option<String>,
}

/// A named admin level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    /// A location type (`governorate`) or an Incident Recorder key (`county`).
    pub name: String,
    /// Depth in the location tree (1 = below the country).
    pub level: u8,
}

/// An option list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupDoc {
    /// The lookup id; for an inline list, `<form>.<field>`.
    pub id: String,
    /// An inline list of one field.
    pub inline: bool,
    /// What a country may do with it.
    pub policy: Policy,
    /// Used by the platform rather than a form field.
    pub system: bool,
    /// Name per language.
    pub name: JsonTexts,
    /// Options in display order.
    pub options: Vec<OptionDoc>,
    /// Ids a country's replacement must keep.
    pub anchors: Vec<String>,
}

/// One option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionDoc {
    /// The option's id.
    pub id: String,
    /// The id records hold for it, when the country declared another (`stored_as`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_as: Option<String>,
    /// Label per language.
    pub label: JsonTexts,
}

/// A record type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDoc {
    /// `incident`, `case`.
    pub id: String,
    /// Label per language.
    pub label: JsonTexts,
    /// The lookup naming its navigation groups.
    pub form_groups: Option<String>,
    /// Navigation: groups in order, each with its top-level forms in order.
    pub navigation: Vec<NavGroupDoc>,
}

/// One navigation group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavGroupDoc {
    /// An option id of the record's `form_groups` lookup (`null`: no group).
    pub group: Option<String>,
    /// Form ids in order.
    pub forms: Vec<String>,
}

/// A form or a subform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormDoc {
    /// Unique id.
    pub id: String,
    /// The record it belongs to.
    pub record: String,
    /// `form` (top level) or `subform`.
    pub kind: FormKindDoc,
    /// Title per language.
    pub title: JsonTexts,
    /// Description per language.
    pub description: JsonTexts,
    /// Shown in the navigation.
    pub visible: bool,
    /// A mobile form.
    pub mobile: bool,
    /// The navigation group (top-level forms).
    pub group: Option<String>,
    /// The group's order.
    pub group_order: Option<i64>,
    /// Order in the group, or among subforms.
    pub order: i64,
    /// Opens first.
    pub opens_first: bool,
    /// For a subform: the subform field showing its rows.
    pub parent_field: Option<String>,
    /// For a subform: the fields shown on a collapsed row.
    pub collapsed_on: Vec<String>,
    /// Fields in display order (those declared here and those shown with `use`).
    pub fields: Vec<FieldDoc>,
}

/// Top-level form or subform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormKindDoc {
    /// A form of the record's navigation.
    Form,
    /// Rows of a subform field.
    Subform,
}

/// A field as shown on a form. A field shown with `use` appears on each form that shows it,
/// with `declared_in` naming the form that declares it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    /// The field id: the key in the record (top-level forms) or in a row (subforms), unless
    /// `stored_as` gives another.
    pub id: String,
    /// The key records hold its answer under, when the country declared a legacy key
    /// (`stored_as`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_as: Option<String>,
    /// The form declaring it.
    pub declared_in: String,
    /// Primero's field type (`text_field`, `select_box`, `subform`, …).
    pub primero_type: String,
    /// The field's type in the language (`select_one`, `calculated date`, …).
    pub field_type: String,
    /// Its value type in expressions.
    pub value_type: super::expr::JsonType,
    /// `record` or `row` (a field of a subform).
    pub scope: super::expr::JsonScope,
    /// For selects: where the options come from (`lookup`, `users`, `agencies`, `locations`,
    /// `reporting_locations`).
    pub options_from: Option<String>,
    /// For selects on a lookup: its id (`<form>.<field>` for an inline list).
    pub lookup: Option<String>,
    /// For subform fields: the subform.
    pub subform: Option<String>,
    /// Question text per language.
    pub label: JsonTexts,
    /// Help text per language.
    pub help: JsonTexts,
    /// Guiding questions per language.
    pub guiding_questions: JsonTexts,
    /// Tick-box label per language.
    pub tick_label: JsonTexts,
    /// Flags.
    pub required: bool,
    /// Cannot be edited.
    pub read_only: bool,
    /// Shown at all (`false`: hidden, e.g. by a country).
    pub visible: bool,
    /// Shown on mobile.
    pub mobile: bool,
    /// On the short form.
    pub short_form: bool,
    /// Identifies a person.
    pub identifying: bool,
    /// A sensitive quasi-identifier.
    pub sensitive: bool,
    /// A date that cannot be in the future.
    pub not_future: bool,
    /// The standard cannot do without it: a country may not hide it.
    pub core: bool,
    /// The country no longer asks it (`hide field`, or `hide form` of every form showing it):
    /// never relevant, so an answer records still hold reads as empty. Left out when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// `visible_to` as declared (`null`: every role).
    pub visible_to: Option<Vec<String>>,
    /// The roles that may see it (`Model::roles_seeing`: `visible_to`, less roles without
    /// `sees_identifying` for an identifying field).
    pub roles_seeing: Vec<String>,
    /// Skip logic.
    pub show_if: Option<JsonExpr>,
    /// Conditionally required.
    pub required_if: Option<JsonExpr>,
    /// A rule on the answer.
    pub constraint: Option<JsonExpr>,
    /// Its message per language.
    pub constraint_message: JsonTexts,
    /// How a calculated field is computed.
    pub calculate: Option<JsonExpr>,
    /// Initial value (numbers, texts, booleans, ISO dates, option ids).
    pub default: Option<serde_json::Value>,
    /// Primero field tags.
    pub tags: Vec<String>,
    /// A free-text or upload field declared not identifying: `code`, `place` or `time`.
    pub not_identifying: Option<String>,
}

/// A role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDoc {
    /// The role id.
    pub id: String,
    /// Label per language.
    pub label: JsonTexts,
    /// Description per language.
    pub description: JsonTexts,
    /// Primero's role id.
    pub primero_id: Option<String>,
    /// May see identifying fields.
    pub sees_identifying: bool,
    /// Collects data on phones: the mobile forms show what this role sees.
    pub collects_data: bool,
}

/// The Incident Recorder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrDoc {
    /// Languages of headers and words.
    pub languages: Vec<String>,
    /// Fixed words.
    pub words: Vec<IrWordDoc>,
    /// Columns in order.
    pub columns: Vec<IrColumnDoc>,
    /// Variants a country may choose in place of a column (`variant_of:`), each with the letter
    /// of the column it replaces; a variant the country chose is in `columns` instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<IrVariantDoc>,
}

/// A variant of an Incident Recorder column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrVariantDoc {
    /// The key of the column it replaces.
    pub of: String,
    /// The column written in its place (its letter is the replaced column's).
    pub column: IrColumnDoc,
}

/// A fixed word of the Incident Recorder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrWordDoc {
    /// Its key.
    pub key: String,
    /// Text per language.
    pub texts: JsonTexts,
}

/// A column of the Incident Recorder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IrColumnDoc {
    /// Spreadsheet letter (`A`, …, `AP`).
    pub letter: String,
    /// Header key.
    pub key: String,
    /// Header per language.
    pub header: JsonTexts,
    /// The cell's value.
    pub value: JsonExpr,
    /// May read a sensitive quasi-identifier.
    pub allow_sensitive: bool,
    /// Header of the Menu Data list it feeds.
    pub menu: Option<JsonTexts>,
}

fn texts(t: &Texts) -> JsonTexts {
    t.0.iter()
        .map(|(l, s)| (l.as_str().to_string(), s.clone()))
        .collect()
}

impl ModelDoc {
    /// The document of a model.
    #[must_use]
    pub fn of(model: &Model) -> Self {
        let s = &model.standard;
        Self {
            format: FORMAT.to_string(),
            standard: StandardDoc {
                name: s.name.clone(),
                version: s.version.to_string(),
                title: texts(&s.title),
                languages: s.languages.iter().map(|l| l.as_str().into()).collect(),
                default_language: s.default_language.as_str().into(),
            },
            country: model.country.as_ref().map(|c| CountryDoc {
                id: c.id.clone(),
                code: c.code.clone(),
                name: texts(&c.name),
                extends: c.requirement.clone(),
                location_levels: c
                    .location_levels
                    .iter()
                    .map(|l| LevelDoc {
                        name: l.kind.to_string(),
                        level: l.level,
                    })
                    .collect(),
                ir_location_levels: c
                    .ir_location_levels
                    .iter()
                    .map(|l| LevelDoc {
                        name: l.key.clone(),
                        level: l.level,
                    })
                    .collect(),
                location_units: {
                    let mut n = vec![0; usize::from(c.locations.depth) + 1];
                    for u in &c.locations.units {
                        if let Some(x) = n.get_mut(usize::from(u.level)) {
                            *x += 1;
                        }
                    }
                    n
                },
                location_languages: c.locations.languages.clone(),
                mobile_public_key: c.mobile_public_key.as_ref().map(|k| k.base64.clone()),
            }),
            lookups: (0..model.lookups.len())
                .map(|i| lookup(model, LookupIx::from_index(i)))
                .collect(),
            records: (0..model.records.len())
                .map(|i| record(model, RecordIx::from_index(i)))
                .collect(),
            forms: model.forms.iter().map(|f| form(model, f)).collect(),
            roles: model
                .roles
                .iter()
                .map(|r| RoleDoc {
                    id: r.id.to_string(),
                    label: texts(&r.label),
                    description: texts(&r.description),
                    primero_id: r.primero_id.clone(),
                    sees_identifying: r.sees_identifying,
                    collects_data: r.collects_data,
                })
                .collect(),
            data_protection: model
                .fields
                .iter()
                .filter_map(|f| {
                    Some(OptOutDoc {
                        form: model.form(f.form).id.to_string(),
                        field: f.id.to_string(),
                        not_identifying: f.not_identifying?.as_str().to_string(),
                        source: None,
                    })
                })
                .collect(),
            rewords: model
                .country
                .iter()
                .flat_map(|c| &c.rewords)
                .map(|r| RewordDoc {
                    target: r.target.clone(),
                    lang: r.lang.clone(),
                    standard: r.standard.clone(),
                    text: r.text.clone(),
                    because: r.because.clone(),
                    source: None,
                })
                .collect(),
            incident_recorder: model.incident_recorder.as_ref().map(|ir| IrDoc {
                languages: ir.languages.iter().map(|l| l.as_str().into()).collect(),
                words: ir
                    .words
                    .iter()
                    .map(|w| IrWordDoc {
                        key: w.key.clone(),
                        texts: texts(&w.texts),
                    })
                    .collect(),
                columns: ir
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| IrColumnDoc {
                        letter: crate::model::IncidentRecorder::letter(i),
                        key: c.key.clone(),
                        header: texts(&c.header),
                        value: JsonExpr::of(model, &c.value),
                        allow_sensitive: c.allow_sensitive,
                        menu: c.menu.as_ref().map(texts),
                    })
                    .collect(),
                variants: ir
                    .variants
                    .iter()
                    .map(|v| IrVariantDoc {
                        of: v.of.clone(),
                        column: IrColumnDoc {
                            letter: ir
                                .columns
                                .iter()
                                .position(|c| c.key == v.of)
                                .map(crate::model::IncidentRecorder::letter)
                                .unwrap_or_default(),
                            key: v.column.key.clone(),
                            header: texts(&v.column.header),
                            value: JsonExpr::of(model, &v.column.value),
                            allow_sensitive: v.column.allow_sensitive,
                            menu: v.column.menu.as_ref().map(texts),
                        },
                    })
                    .collect(),
            }),
        }
    }
}

impl ModelDoc {
    /// The document of a checked model, with the source line of each data-protection opt-out.
    #[must_use]
    pub fn with_sources(checked: &crate::Checked, sources: &crate::Sources) -> Self {
        let model = checked.model();
        let mut doc = Self::of(model);
        let mut lines = model.fields.iter().enumerate().filter_map(|(n, f)| {
            f.not_identifying?;
            let span = checked.spans().fields.get(n)?;
            let file = sources.get(span.file)?;
            let (line, _) = sources.line_col(span.file, span.start as usize);
            Some(format!("{}:{line}", file.name))
        });
        for opt_out in &mut doc.data_protection {
            opt_out.source = lines.next();
        }
        let rewords = model.country.iter().flat_map(|c| &c.rewords);
        for (doc, r) in doc.rewords.iter_mut().zip(rewords) {
            doc.source = sources.get(r.span.file).map(|file| {
                let (line, _) = sources.line_col(r.span.file, r.span.start as usize);
                format!("{}:{line}", file.name)
            });
        }
        doc
    }
}

/// The id a lookup is known by: its own, or `<form>.<field>` for an inline list (every JSON
/// output names lookups so).
#[must_use]
pub fn lookup_name(model: &Model, ix: LookupIx) -> String {
    match &model.lookup(ix).kind {
        LookupKind::Named(id) => id.to_string(),
        LookupKind::Inline(field) => {
            let form = model
                .fields
                .iter()
                .find(|f| {
                    matches!(&f.kind, FieldKind::Select { source: OptionSource::Lookup(x), .. } if *x == ix)
                })
                .map_or("", |f| model.form(f.form).id.as_str());
            format!("{form}.{field}")
        }
    }
}

fn lookup(model: &Model, ix: LookupIx) -> LookupDoc {
    let l = model.lookup(ix);
    LookupDoc {
        id: lookup_name(model, ix),
        inline: matches!(l.kind, LookupKind::Inline(_)),
        policy: l.policy,
        system: l.system,
        name: texts(&l.name),
        options: l
            .options
            .iter()
            .map(|o| OptionDoc {
                id: o.id.to_string(),
                stored_as: o.is_aliased().then(|| o.stored.to_string()),
                label: texts(&o.label),
            })
            .collect(),
        anchors: l.anchors.iter().map(ToString::to_string).collect(),
    }
}

fn record(model: &Model, ix: RecordIx) -> RecordDoc {
    let r = model.record(ix);
    RecordDoc {
        id: r.id.to_string(),
        label: texts(&r.label),
        form_groups: r
            .form_groups
            .and_then(|l| model.lookup_id(l))
            .map(Into::into),
        navigation: model
            .navigation(ix)
            .into_iter()
            .map(|g| NavGroupDoc {
                group: g.group.map(|o| o.to_string()),
                forms: g
                    .forms
                    .iter()
                    .map(|f| model.form(*f).id.to_string())
                    .collect(),
            })
            .collect(),
    }
}

fn form(model: &Model, f: &Form) -> FormDoc {
    let (kind, group, group_order, order, opens_first, parent, collapsed) = match &f.kind {
        FormKind::TopLevel {
            group,
            group_order,
            order,
            opens_first,
        } => (
            FormKindDoc::Form,
            group.as_ref().map(ToString::to_string),
            Some(*group_order),
            *order,
            *opens_first,
            None,
            Vec::new(),
        ),
        FormKind::Subform {
            parent,
            order,
            collapsed_on,
        } => (
            FormKindDoc::Subform,
            None,
            None,
            *order,
            false,
            parent.map(|p| model.field(p).id.to_string()),
            collapsed_on
                .iter()
                .map(|c| model.field(*c).id.to_string())
                .collect(),
        ),
    };
    FormDoc {
        id: f.id.to_string(),
        record: model.record(f.record).id.to_string(),
        kind,
        title: texts(&f.title),
        description: texts(&f.description),
        visible: f.visible,
        mobile: f.mobile,
        group,
        group_order,
        order,
        opens_first,
        parent_field: parent,
        collapsed_on: collapsed,
        fields: f.fields.iter().map(|x| field_in(model, f, *x)).collect(),
    }
}

/// A field as `form` shows it: a `use { … }` block's label, `visible` and `mobile` win.
fn field_in(model: &Model, form: &Form, ix: FieldIx) -> FieldDoc {
    let mut doc = field(model, ix);
    if let Some(o) = form.overrides.iter().find(|o| o.field == ix) {
        if let Some(label) = &o.label {
            doc.label = texts(label);
        }
        if let Some(visible) = o.visible {
            doc.visible = visible;
        }
        if let Some(mobile) = o.mobile {
            doc.mobile = mobile;
        }
    }
    doc
}

/// Primero's type and the language's type of a field (`select_one lookup-gender`, `calculated
/// date`).
fn types(model: &Model, f: &Field) -> (&'static str, String) {
    let word = f.kind.field_type().name();
    let arg = match &f.kind {
        FieldKind::Select {
            source: OptionSource::Lookup(l),
            ..
        } => model.lookup_id(*l),
        // `location` is written without an argument.
        FieldKind::Select { source, .. } if word != FieldType::Location.name() => {
            source.system_name()
        }
        FieldKind::Subform { form } => Some(model.form(*form).id.as_str()),
        _ => None,
    };
    let written = arg.map_or_else(|| word.to_string(), |a| format!("{word} {a}"));
    if f.calculate.is_some() {
        ("calculated", format!("calculated {written}"))
    } else {
        (f.kind.primero_type(), written)
    }
}

fn field(model: &Model, ix: FieldIx) -> FieldDoc {
    let f = model.field(ix);
    let (primero_type, field_type) = types(model, f);
    let (options_from, lookup, subform) = match &f.kind {
        FieldKind::Select { source, .. } => match source {
            OptionSource::Lookup(l) => (
                Some("lookup".to_string()),
                Some(lookup_name(model, *l)),
                None,
            ),
            system => (system.system_name().map(str::to_string), None, None),
        },
        FieldKind::Subform { form } => (None, None, Some(model.form(*form).id.to_string())),
        _ => (None, None, None),
    };
    let expr = |e: &Option<crate::model::Expr>| e.as_ref().map(|e| JsonExpr::of(model, e));
    FieldDoc {
        id: f.id.to_string(),
        stored_as: f.is_aliased().then(|| f.stored.to_string()),
        declared_in: model.form(f.form).id.to_string(),
        primero_type: primero_type.to_string(),
        field_type,
        value_type: super::expr::JsonType::of(model, model.field_ty(ix)),
        scope: match model.scope(ix) {
            Scope::Record => super::expr::JsonScope::Record,
            Scope::Row(_) => super::expr::JsonScope::Row,
        },
        options_from,
        lookup,
        subform,
        label: texts(&f.label),
        help: texts(&f.help),
        guiding_questions: texts(&f.guiding_questions),
        tick_label: texts(&f.tick_label),
        required: f.flags.required,
        read_only: f.flags.read_only,
        visible: f.flags.visible,
        mobile: f.flags.mobile,
        short_form: f.flags.short_form,
        identifying: f.flags.identifying,
        sensitive: f.flags.sensitive,
        not_future: f.flags.not_future,
        core: f.flags.core,
        withdrawn: f.flags.withdrawn,
        visible_to: f
            .visible_to
            .as_ref()
            .map(|v| v.iter().map(|r| model.role(*r).id.to_string()).collect()),
        roles_seeing: model
            .roles_seeing(ix)
            .into_iter()
            .map(|r| model.role(r).id.to_string())
            .collect(),
        show_if: expr(&f.show_if),
        required_if: expr(&f.required_if),
        constraint: f.constraint.as_ref().map(|c| JsonExpr::of(model, &c.expr)),
        constraint_message: f
            .constraint
            .as_ref()
            .map(|c| texts(&c.message))
            .unwrap_or_default(),
        calculate: expr(&f.calculate),
        default: f.default.as_ref().map(literal),
        tags: f.tags.clone(),
        not_identifying: f.not_identifying.map(|n| n.as_str().to_string()),
    }
}
