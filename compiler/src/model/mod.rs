//! The typed model: the one thing targets see. References are resolved to index handles, types are
//! closed enums, texts are keyed by language. Spans live on the side, in [`SpanTable`].
//!
//! The model is not serialized as it is (its references are positions in its tables): its stable
//! JSON form, with ids, is [`crate::json::ModelDoc`].

mod access;
mod country;
mod date;
mod expr;
mod ids;
mod ir;
mod stored;
pub(crate) mod texts;
mod ty;

pub use access::{NavGroup, Scope};

pub use country::{AdminLevel, Country, IrLocationLevel, MobileKey, Reword};
pub use date::Date;
pub use expr::{AggFunc, BinOp, Expr, ExprKind, Func, Value};
/// Field types and who may call a function, as the language's vocabulary defines them.
pub use gbvims_dsl::vocab::{FieldType, FuncKind};
pub use ids::{
    FieldId, FieldIx, FormId, FormIx, LangCode, LookupId, LookupIx, OptionId, RecordId, RecordIx,
    RoleId, RoleIx, StoredId,
};
pub use ir::{IncidentRecorder, IrColumn, IrVariant, IrWord};
pub use texts::{cell_len, fallback, title_case, Texts, MAX_CELL_TEXT};
pub use ty::Ty;

use gbvims_dsl::Span;
use serde::Serialize;

/// A validated configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Name, version and languages of the standard.
    pub standard: Standard,
    /// Option lists, named and inline, in declaration order.
    pub lookups: Vec<Lookup>,
    /// Record types.
    pub records: Vec<Record>,
    /// Forms and subforms, in declaration order.
    pub forms: Vec<Form>,
    /// Every field of every form, in declaration order.
    pub fields: Vec<Field>,
    /// Roles.
    pub roles: Vec<Role>,
    /// The Incident Recorder mapping, if the standard declares one.
    pub incident_recorder: Option<IncidentRecorder>,
    /// The country overlay applied, if any (`None` for the standard alone).
    pub country: Option<Country>,
}

/// The standard's header.
#[derive(Clone, Debug, PartialEq)]
pub struct Standard {
    /// The standard's name (`gbvims`).
    pub name: String,
    /// Its semantic version.
    pub version: semver::Version,
    /// Its title.
    pub title: Texts,
    /// Declared languages, default first.
    pub languages: Vec<LangCode>,
    /// The language every text must have.
    pub default_language: LangCode,
}

/// What countries may do with a lookup.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Ids and meaning set by the standard; countries translate labels only.
    Fixed,
    /// Countries may add options; standard ids stay.
    Extensible,
    /// Placeholders each country replaces; anchor ids survive.
    Localizable,
}

/// An option list.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// Named (`lookup-gender`) or inline on one field.
    pub kind: LookupKind,
    /// What countries may do with it.
    pub policy: Policy,
    /// Display name.
    pub name: Texts,
    /// Options in display order.
    pub options: Vec<OptionDef>,
    /// Options a country replacing the list must keep.
    pub anchors: Vec<OptionId>,
    /// Used by the platform (workflows, approvals, user records), not by a form field.
    pub system: bool,
}

impl Lookup {
    /// The option with this id.
    #[must_use]
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.id.as_str() == id)
    }

    /// The id records hold for the option `id` (`id` itself when the option is unknown or has
    /// no `stored_as`).
    #[must_use]
    pub fn stored<'a>(&'a self, id: &'a str) -> &'a str {
        self.option(id).map_or(id, |o| o.stored.as_str())
    }

    /// The option a record's stored id names (its `stored_as`, or its id when it has none).
    #[must_use]
    pub fn by_stored(&self, stored: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.stored.as_str() == stored)
    }

    /// The option id a record's stored id stands for: `stored` itself when no option is stored
    /// under it (an unknown value stays as the record wrote it).
    #[must_use]
    pub fn from_stored<'a>(&'a self, stored: &'a str) -> &'a str {
        self.by_stored(stored).map_or(stored, |o| o.id.as_str())
    }

    /// Whether some option of the list is stored under another id.
    #[must_use]
    pub fn has_aliases(&self) -> bool {
        self.options.iter().any(OptionDef::is_aliased)
    }
}

/// Where a lookup comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum LookupKind {
    /// A `lookup` declaration.
    Named(LookupId),
    /// `option` lines inside one field.
    Inline(FieldId),
}

/// One option.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionDef {
    /// The option's id: what `.gbv` files, conditions and evaluation use.
    pub id: OptionId,
    /// The id records hold for it: `id` unless the country declared `stored_as "…"`.
    pub stored: StoredId,
    /// Labels.
    pub label: Texts,
}

impl OptionDef {
    /// Whether records hold another id than the option's own.
    #[must_use]
    pub fn is_aliased(&self) -> bool {
        self.stored.as_str() != self.id.as_str()
    }
}

/// A record type.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// `incident`, `case`.
    pub id: RecordId,
    /// Display name.
    pub label: Texts,
    /// The lookup naming its navigation groups.
    pub form_groups: Option<LookupIx>,
    /// Its top-level forms, in declaration order.
    pub forms: Vec<FormIx>,
}

/// A form section.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// Unique id.
    pub id: FormId,
    /// The record it belongs to.
    pub record: RecordIx,
    /// Top-level form or subform, with the attributes of each.
    pub kind: FormKind,
    /// Display name.
    pub title: Texts,
    /// Description.
    pub description: Texts,
    /// Shown in the navigation (Primero `visible`).
    pub visible: bool,
    /// Shown on mobile (Primero `mobile_form`).
    pub mobile: bool,
    /// Fields in display order, including fields shown with `use`.
    pub fields: Vec<FieldIx>,
    /// What this form shows differently for fields it shows with `use { … }`: at most one
    /// entry per field, in the order of `fields`.
    pub overrides: Vec<UseOverride>,
}

/// A `use id { … }` block: this form's own label and display flags for a field declared in
/// another form. What it does not give is the declaration's.
#[derive(Clone, Debug, PartialEq)]
pub struct UseOverride {
    /// The field shown.
    pub field: FieldIx,
    /// The label in this form.
    pub label: Option<Texts>,
    /// Shown on mobile in this form (Primero `mobile_visible`).
    pub mobile: Option<bool>,
    /// Shown in this form (Primero `visible`).
    pub visible: Option<bool>,
}

/// Top-level form or nested subform.
#[derive(Clone, Debug, PartialEq)]
pub enum FormKind {
    /// A form of the record's navigation.
    TopLevel {
        /// Navigation group (an option of the record's form-group lookup).
        group: Option<OptionId>,
        /// Order of the group (Primero `order_form_group`).
        group_order: i64,
        /// Order within the group.
        order: i64,
        /// Opens first (Primero `is_first_tab`).
        opens_first: bool,
    },
    /// Rows of a subform field.
    Subform {
        /// The subform field that shows it.
        parent: Option<FieldIx>,
        /// Order among subforms (Primero `order_subform`).
        order: i64,
        /// Fields shown when a row is collapsed.
        collapsed_on: Vec<FieldIx>,
    },
}

/// A field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field's id: what `.gbv` files and expressions name it by.
    pub id: FieldId,
    /// The key records hold its answer under (Primero's field name, the mobile node name): `id`
    /// unless the country declared a legacy key with `stored_as: "…"`.
    pub stored: StoredId,
    /// The form that declares it.
    pub form: FormIx,
    /// What it holds.
    pub kind: FieldKind,
    /// Question text.
    pub label: Texts,
    /// Help text.
    pub help: Texts,
    /// Guiding questions.
    pub guiding_questions: Texts,
    /// Tick-box label.
    pub tick_label: Texts,
    /// Flags and visibility.
    pub flags: FieldFlags,
    /// Roles that see it; `None`: every role that sees the form.
    pub visible_to: Option<Vec<RoleIx>>,
    /// Skip logic: shown only when this holds.
    pub show_if: Option<Expr>,
    /// Required only when this holds.
    pub required_if: Option<Expr>,
    /// A condition on the answer, with its message.
    pub constraint: Option<Constraint>,
    /// How a calculated field is computed.
    pub calculate: Option<Expr>,
    /// Initial value.
    pub default: Option<Value>,
    /// Free tags (Primero `field_tags`).
    pub tags: Vec<String>,
    /// A free-text or upload field declared not identifying, and what it holds instead.
    pub not_identifying: Option<NotIdentifying>,
}

impl Field {
    /// Whether records hold the answer under another key than the field's id.
    #[must_use]
    pub fn is_aliased(&self) -> bool {
        self.stored.as_str() != self.id.as_str()
    }
}

/// What a free-text or upload field holds when it is declared `not_identifying` (FACTS §6.1:
/// codes, places and appointment times do not identify a person).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotIdentifying {
    /// A code (an incident code, a survivor code, a case id).
    Code,
    /// A place (a camp, a town), not an address.
    Place,
    /// A time (an appointment time).
    Time,
}

impl NotIdentifying {
    /// Every value, as written.
    pub const ALL: &'static [(&'static str, NotIdentifying)] = &[
        ("code", NotIdentifying::Code),
        ("place", NotIdentifying::Place),
        ("time", NotIdentifying::Time),
    ];

    /// The value as written (`code`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(n, _)| n)
    }
}

impl FieldKind {
    /// Free text and uploads (`text`, `textarea`, `photo`, `audio`, `document`, `signature`):
    /// identifying unless declared `not_identifying` (names, contacts, addresses, accounts and
    /// pictures are what such fields usually hold). `custom` is not covered.
    #[must_use]
    pub fn identifying_by_default(&self) -> bool {
        matches!(
            self,
            FieldKind::Text
                | FieldKind::TextArea
                | FieldKind::Photo
                | FieldKind::Audio
                | FieldKind::Document
                | FieldKind::Signature
        )
    }
}

/// Boolean attributes of a field.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct FieldFlags {
    /// Must be answered.
    pub required: bool,
    /// Cannot be edited (Primero `disabled`).
    pub read_only: bool,
    /// Shown at all (Primero `visible`).
    pub visible: bool,
    /// Shown on mobile (Primero `mobile_visible`).
    pub mobile: bool,
    /// On the short form (Primero `show_on_minify_form`).
    pub short_form: bool,
    /// Identifies a person: never in aggregates, the IR or the short form.
    pub identifying: bool,
    /// Sensitive quasi-identifier.
    pub sensitive: bool,
    /// A date that cannot be in the future.
    pub not_future: bool,
    /// The standard cannot do without it (the Incident Recorder, the classification, the
    /// derived values or the consent gate read it): a country may not hide it (E0123).
    pub core: bool,
    /// The country no longer asks it: `hide field`, or `hide form` of every form showing it
    /// (a subform's fields when every form showing the subform is hidden). Never relevant
    /// ([`crate::eval::Evaluator::relevant_at`]): an answer records still hold from before the
    /// hide reads as empty wherever records are evaluated (calculations, conditions, the
    /// Incident Recorder) and is never required. Set by the overlay only; the standard's own
    /// `visible: false` (a form or field kept out of sight but still computed) is not this.
    pub withdrawn: bool,
}

/// A constraint on an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// Must hold for the answer to be accepted.
    pub expr: Expr,
    /// Shown when it does not.
    pub message: Texts,
}

/// The closed set of field kinds (Primero's types).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// `text_field`
    Text,
    /// `textarea`
    TextArea,
    /// `numeric_field`
    Integer,
    /// `date_field`
    Date,
    /// `date_field` with time
    DateTime,
    /// `tick_box`: a true/false value.
    TickBox,
    /// `select_box` / `radio_button`.
    Select {
        /// Several options may be chosen.
        multi: bool,
        /// Shown as radio buttons.
        radio: bool,
        /// Where the options come from.
        source: OptionSource,
    },
    /// `subform`: repeated rows.
    Subform {
        /// The subform.
        form: FormIx,
    },
    /// `separator`: a heading, no value.
    Separator,
    /// `photo_upload_box`
    Photo,
    /// `audio_upload_box`
    Audio,
    /// `document_upload_box`
    Document,
    /// `signature`
    Signature,
    /// `custom` (e.g. `incident_links`).
    Custom,
}

impl FieldKind {
    /// Primero's field type (`text_field`, `select_box`, …; a calculated field is Primero's
    /// `calculated` whatever its kind).
    #[must_use]
    pub fn primero_type(&self) -> &'static str {
        match self {
            FieldKind::Text => "text_field",
            FieldKind::TextArea => "textarea",
            FieldKind::Integer => "numeric_field",
            FieldKind::Date | FieldKind::DateTime => "date_field",
            FieldKind::TickBox => "tick_box",
            FieldKind::Select { radio: true, .. } => "radio_button",
            FieldKind::Select { .. } => "select_box",
            FieldKind::Subform { .. } => "subform",
            FieldKind::Separator => "separator",
            FieldKind::Photo => "photo_upload_box",
            FieldKind::Audio => "audio_upload_box",
            FieldKind::Document => "document_upload_box",
            FieldKind::Signature => "signature",
            FieldKind::Custom => "custom",
        }
    }

    /// The type as written in `.gbv` (the vocabulary's [`FieldType`]).
    #[must_use]
    pub fn field_type(&self) -> FieldType {
        match self {
            FieldKind::Text => FieldType::Text,
            FieldKind::TextArea => FieldType::TextArea,
            FieldKind::Integer => FieldType::Integer,
            FieldKind::Date => FieldType::Date,
            FieldKind::DateTime => FieldType::DateTime,
            FieldKind::TickBox => FieldType::TickBox,
            FieldKind::Select { multi: true, .. } => FieldType::SelectMany,
            FieldKind::Select { radio: true, .. } => FieldType::Radio,
            FieldKind::Select {
                source: OptionSource::Locations,
                ..
            } => FieldType::Location,
            FieldKind::Select { .. } => FieldType::SelectOne,
            FieldKind::Subform { .. } => FieldType::Subform,
            FieldKind::Separator => FieldType::Separator,
            FieldKind::Photo => FieldType::Photo,
            FieldKind::Audio => FieldType::Audio,
            FieldKind::Document => FieldType::Document,
            FieldKind::Signature => FieldType::Signature,
            FieldKind::Custom => FieldType::Custom,
        }
    }
}

/// Where a select field's options come from.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionSource {
    /// A lookup (named or inline).
    Lookup(LookupIx),
    /// The system's users (Primero `User`).
    Users,
    /// The system's agencies (Primero `Agency`).
    Agencies,
    /// The location tree (Primero `Location`).
    Locations,
    /// Locations of the reporting admin level (Primero `ReportingLocation`).
    ReportingLocations,
}

impl OptionSource {
    /// The option sources that are not lookups, as written after `select_one`.
    pub const SYSTEM: &'static [(&'static str, OptionSource)] = &[
        ("users", OptionSource::Users),
        ("agencies", OptionSource::Agencies),
        ("locations", OptionSource::Locations),
        ("reporting_locations", OptionSource::ReportingLocations),
    ];

    /// The system source written `name` (`users`), if any.
    #[must_use]
    pub fn system(name: &str) -> Option<OptionSource> {
        Self::SYSTEM
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.clone())
    }

    /// How a system source is written (`None` for a lookup).
    #[must_use]
    pub fn system_name(&self) -> Option<&'static str> {
        Self::SYSTEM
            .iter()
            .find(|(_, s)| s == self)
            .map(|(n, _)| *n)
    }
}

/// A role.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// The role id.
    pub id: RoleId,
    /// Display name.
    pub label: Texts,
    /// Description.
    pub description: Texts,
    /// Primero's role id (`role-gbv-caseworker`).
    pub primero_id: Option<String>,
    /// May see identifying fields (names, contacts, addresses, narratives).
    pub sees_identifying: bool,
    /// The role that collects data on phones: the mobile forms are built for it (at most one
    /// role; [`Model::collecting_role`]).
    pub collects_data: bool,
}

impl Model {
    /// The lookup behind a handle.
    #[must_use]
    pub fn lookup(&self, ix: LookupIx) -> &Lookup {
        &self.lookups[ix.index()]
    }

    /// The form behind a handle.
    #[must_use]
    pub fn form(&self, ix: FormIx) -> &Form {
        &self.forms[ix.index()]
    }

    /// The override a form gives a field it shows with `use { … }`, if any.
    #[must_use]
    pub fn use_override(&self, form: FormIx, field: FieldIx) -> Option<&UseOverride> {
        self.forms[form.index()]
            .overrides
            .iter()
            .find(|o| o.field == field)
    }

    /// The field's label as `form` shows it: the `use` block's label, else the declaration's.
    #[must_use]
    pub fn label_in(&self, form: FormIx, field: FieldIx) -> &Texts {
        self.use_override(form, field)
            .and_then(|o| o.label.as_ref())
            .unwrap_or(&self.fields[field.index()].label)
    }

    /// Whether `form` shows the field on mobile: the `use` block's `mobile`, else the
    /// declaration's.
    #[must_use]
    pub fn mobile_in(&self, form: FormIx, field: FieldIx) -> bool {
        self.use_override(form, field)
            .and_then(|o| o.mobile)
            .unwrap_or(self.fields[field.index()].flags.mobile)
    }

    /// Whether `form` shows the field: the `use` block's `visible`, else the declaration's.
    #[must_use]
    pub fn visible_in(&self, form: FormIx, field: FieldIx) -> bool {
        self.use_override(form, field)
            .and_then(|o| o.visible)
            .unwrap_or(self.fields[field.index()].flags.visible)
    }

    /// The field behind a handle.
    #[must_use]
    pub fn field(&self, ix: FieldIx) -> &Field {
        &self.fields[ix.index()]
    }

    /// The record behind a handle.
    #[must_use]
    pub fn record(&self, ix: RecordIx) -> &Record {
        &self.records[ix.index()]
    }

    /// The role behind a handle.
    #[must_use]
    pub fn role(&self, ix: RoleIx) -> &Role {
        &self.roles[ix.index()]
    }

    /// A named lookup by id.
    #[must_use]
    pub fn lookup_by_id(&self, id: &str) -> Option<LookupIx> {
        self.lookups
            .iter()
            .position(|l| matches!(&l.kind, LookupKind::Named(n) if n.as_str() == id))
            .map(LookupIx::from_index)
    }

    /// The role that collects data on phones (`collects_data`), whose view the mobile forms
    /// show; the checks allow at most one, and require one when a form is `mobile`.
    #[must_use]
    pub fn collecting_role(&self) -> Option<RoleIx> {
        self.roles
            .iter()
            .position(|r| r.collects_data)
            .map(RoleIx::from_index)
    }

    /// The roles that see a field: its `visible_to` (or every role), less the roles that may
    /// not see identifying data when the field is identifying. Every target applies this.
    #[must_use]
    pub fn roles_seeing(&self, ix: FieldIx) -> Vec<RoleIx> {
        let f = self.field(ix);
        (0..self.roles.len())
            .map(RoleIx::from_index)
            .filter(|r| f.visible_to.as_ref().is_none_or(|v| v.contains(r)))
            .filter(|r| !f.flags.identifying || self.role(*r).sees_identifying)
            .collect()
    }

    /// What reads a field, in words: Incident Recorder columns (through calculations too),
    /// calculations, and other fields' conditions. These read it as empty when a country hides
    /// it (the readers W0011 names).
    #[must_use]
    pub fn readers_of(&self, ix: FieldIx) -> Vec<String> {
        crate::checks::hidden_field_read::readers(self, ix)
    }

    /// A field's value type in expressions.
    #[must_use]
    pub fn field_ty(&self, ix: FieldIx) -> Ty {
        Ty::of_field(&self.field(ix).kind)
    }
}

/// Where each model element was declared, for diagnostics after lowering.
#[derive(Clone, Debug, Default)]
pub struct SpanTable {
    /// Lookup declarations (the id).
    pub lookups: Vec<Span>,
    /// Form declarations (the id).
    pub forms: Vec<Span>,
    /// Each subform's `collapsed_on` names, in the order of its `collapsed_on` fields (empty for
    /// a top-level form), by form.
    pub collapsed_on: Vec<Vec<Span>>,
    /// Field declarations (the id).
    pub fields: Vec<Span>,
    /// Each field's `stored_as: "…"` value, by field (`None` when it has none).
    pub field_keys: Vec<Option<Span>>,
    /// Field attribute spans, by field: `show_if`, `calculate`, `required_if`, `constraint`.
    pub field_exprs: Vec<FieldExprSpans>,
    /// Role declarations (the id).
    pub roles: Vec<Span>,
    /// Record declarations (the id).
    pub records: Vec<Span>,
    /// The country declaration (its id), when a country is applied.
    pub country: Option<Span>,
    /// Incident Recorder columns (the key), and their value expressions.
    pub ir_columns: Vec<(Span, Span)>,
    /// What each overlay declaration of the country changed, in file order (empty for the
    /// standard alone).
    pub changes: Vec<crate::OverlayChange>,
}

/// Spans of a field's expressions.
#[derive(Clone, Debug, Default)]
pub struct FieldExprSpans {
    /// `show_if`
    pub show_if: Option<Span>,
    /// `required_if`
    pub required_if: Option<Span>,
    /// `constraint`
    pub constraint: Option<Span>,
    /// `calculate`
    pub calculate: Option<Span>,
}
