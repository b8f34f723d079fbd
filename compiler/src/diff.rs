//! What changed between two versions of the standard, and what version bump that requires.
//!
//! [`diff`] compares the JSON documents ([`ModelDoc`]) of two compiled standards by ids, never by
//! position, and returns every [`Change`], each of a [`ChangeKind`] with a fixed [`Level`] and
//! reason ([`ChangeKind::level`], [`ChangeKind::reason`]). [`kinds_table`] renders the complete
//! classification (the README's table; a test keeps the two equal).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::json::{FieldDoc, FormDoc, FormKindDoc, JsonTexts, LookupDoc, ModelDoc};
use crate::model::Policy;

/// How much a change asks of countries (semantic versioning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Wording only: nothing to do.
    Patch,
    /// Something added or loosened: overlays keep working.
    Minor,
    /// Something a country relies on changed or disappeared: every country reviews its overlay.
    Major,
}

impl Level {
    /// `major`, `minor`, `patch`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $kind:ident = $name:literal, $level:ident, $reason:literal; )*) => {
        /// Every kind of change [`diff`] reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $( $(#[$doc])* $kind, )*
        }

        impl ChangeKind {
            /// Every kind, in the README's order.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$kind),*];

            /// Its stable kebab-case name (JSON output).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Self::$kind => $name,)* }
            }

            /// The version bump it requires.
            #[must_use]
            pub fn level(self) -> Level {
                match self { $(Self::$kind => Level::$level,)* }
            }

            /// Why it requires that bump.
            #[must_use]
            pub fn reason(self) -> &'static str {
                match self { $(Self::$kind => $reason,)* }
            }
        }
    };
}

kinds! {
    /// The standard's name changed.
    StandardRenamed = "standard-renamed", Major, "every country's `extends gbvims` names it";
    /// A language of the standard was removed.
    LanguageRemoved = "language-removed", Major, "countries' texts and translations in it lose their base";
    /// A language was added.
    LanguageAdded = "language-added", Minor, "more texts; overlays keep working";
    /// The default language changed.
    DefaultLanguageChanged = "default-language-changed", Major, "the language every text must have changes";
    /// The standard's title changed.
    StandardTitleChanged = "standard-title-changed", Patch, "wording";
    /// A lookup disappeared (or was renamed).
    LookupRemoved = "lookup-removed", Major, "an id disappears: overlays extending, replacing or translating it fail";
    /// A lookup was added.
    LookupAdded = "lookup-added", Minor, "something added";
    /// A lookup's policy tightened (localizable → extensible → fixed).
    LookupPolicyTightened = "lookup-policy-tightened", Major, "overlays may do less with it: an `extend` or `replace` that worked fails";
    /// A lookup's policy loosened.
    LookupPolicyLoosened = "lookup-policy-loosened", Minor, "overlays may do more; what they did still works";
    /// A lookup became, or stopped being, a system list.
    LookupSystemChanged = "lookup-system-changed", Minor, "who uses the list changes, not its ids";
    /// A lookup's name changed.
    LookupNameChanged = "lookup-name-changed", Patch, "wording";
    /// An option disappeared (or its id changed).
    OptionRemoved = "option-removed", Major, "an id disappears: stored answers and overlay lines naming it break";
    /// An option was added.
    OptionAdded = "option-added", Minor, "something added; stored answers stay valid";
    /// An option's label changed.
    OptionRelabelled = "option-relabelled", Patch, "wording";
    /// Options were reordered.
    OptionsReordered = "options-reordered", Minor, "display order only; ids and answers unchanged";
    /// A localizable lookup gained an anchor.
    AnchorAdded = "anchor-added", Major, "countries' replacements must now keep this id";
    /// An anchor was dropped.
    AnchorRemoved = "anchor-removed", Minor, "replacements may do more";
    /// A record type disappeared.
    RecordRemoved = "record-removed", Major, "an id disappears";
    /// A record type was added.
    RecordAdded = "record-added", Minor, "something added";
    /// A record's label changed.
    RecordTextChanged = "record-text-changed", Patch, "wording";
    /// A record's navigation (groups, form order) changed.
    NavigationChanged = "navigation-changed", Minor, "layout only; records unchanged";
    /// A form or subform disappeared (or was renamed).
    FormRemoved = "form-removed", Major, "an id disappears: overlay lines naming its fields fail";
    /// A form was added.
    FormAdded = "form-added", Minor, "something added";
    /// A form moved to another record, or became a subform (or the reverse).
    FormMoved = "form-moved", Major, "where its data is stored changes";
    /// A subform is shown by another field.
    SubformParentChanged = "subform-parent-changed", Major, "where its rows are stored changes";
    /// A form's title or description changed.
    FormTextChanged = "form-text-changed", Patch, "wording";
    /// A form's group, order, visibility, mobile flag, opening form or collapsed fields changed.
    FormLayoutChanged = "form-layout-changed", Minor, "layout only; records unchanged";
    /// A field disappeared (or was renamed).
    FieldRemoved = "field-removed", Major, "an id disappears: stored data and overlay lines naming it break";
    /// A field disappeared and another one with the same type and label appeared in its form.
    FieldRenamed = "field-renamed", Major, "an id changes: stored data and overlay lines naming it break";
    /// An optional field was added.
    FieldAdded = "field-added", Minor, "something optional added; existing records stay valid";
    /// A required field was added.
    FieldAddedRequired = "field-added-required", Major, "existing records lack it and fail validation";
    /// A field moved to another form.
    FieldMoved = "field-moved", Major, "overlay lines name it `<form>.<field>`";
    /// A field's type changed (including the lookup or subform it uses).
    FieldTypeChanged = "field-type-changed", Major, "stored answers may no longer fit";
    /// A field became required.
    FieldBecameRequired = "field-became-required", Major, "existing records without it fail; overlays hiding it fail (E0084)";
    /// A field stopped being required.
    FieldNoLongerRequired = "field-no-longer-required", Minor, "loosened; overlays keep working";
    /// A field became `core`.
    FieldBecameCore = "field-became-core", Major, "tightens what overlays may do: hiding it fails (E0123)";
    /// A field stopped being `core`.
    FieldNoLongerCore = "field-no-longer-core", Minor, "loosened; overlays may hide it";
    /// A field became identifying.
    FieldBecameIdentifying = "field-became-identifying", Major, "fewer roles see it; overlays showing it to them fail";
    /// A field stopped being identifying.
    FieldNoLongerIdentifying = "field-no-longer-identifying", Major, "data already collected as identifying would be shown more widely: every country reviews";
    /// A field became a sensitive quasi-identifier, or stopped being one.
    FieldSensitivityChanged = "field-sensitivity-changed", Major, "what may read it (Incident Recorder columns, conditions) changes";
    /// A field's `not_identifying` declaration changed.
    FieldOptOutChanged = "field-opt-out-changed", Major, "the data-protection review of free text changes";
    /// The roles that see a field changed.
    FieldRolesChanged = "field-roles-changed", Major, "who sees recorded data changes; overlays' `visible_to` may fail";
    /// A field was shown or hidden, on the web, on phones or on the short form.
    FieldVisibilityChanged = "field-visibility-changed", Minor, "what is shown changes; records stay valid";
    /// A field became, or stopped being, read-only.
    FieldReadOnlyChanged = "field-read-only-changed", Minor, "editing changes; records stay valid";
    /// When a field is asked (`show_if`) changed.
    FieldConditionChanged = "field-condition-changed", Minor, "when a question is asked changes; recorded answers stay valid";
    /// A rule on the answer (`required_if`, `constraint`, `not_future`) changed.
    FieldRuleChanged = "field-rule-changed", Major, "records valid before may fail validation";
    /// A calculated field's calculation changed, or a field became or stopped being calculated.
    FieldCalculationChanged = "field-calculation-changed", Major, "derived values change meaning: statistics stop comparing across versions";
    /// A field's default value changed.
    FieldDefaultChanged = "field-default-changed", Minor, "new records only";
    /// A field's Primero tags changed.
    FieldTagsChanged = "field-tags-changed", Minor, "platform metadata; records unchanged";
    /// Fields of a form were reordered.
    FieldsReordered = "fields-reordered", Minor, "layout only";
    /// A field's label, help, guiding questions, tick label or constraint message changed.
    FieldTextChanged = "field-text-changed", Patch, "wording";
    /// A role disappeared.
    RoleRemoved = "role-removed", Major, "an id disappears: `visible_to` lines naming it fail";
    /// A role was added.
    RoleAdded = "role-added", Minor, "something added";
    /// A role's Primero id changed.
    RolePrimeroIdChanged = "role-primero-id-changed", Major, "an id changes on the platform";
    /// A role gained or lost `sees_identifying`.
    RoleAccessChanged = "role-access-changed", Major, "who sees identifying data changes";
    /// A role gained or lost `collects_data`.
    RoleCollectsDataChanged = "role-collects-data-changed", Minor, "what phones show changes; records unchanged";
    /// A role's label or description changed.
    RoleTextChanged = "role-text-changed", Patch, "wording";
    /// The Incident Recorder was added or removed.
    IncidentRecorderChanged = "incident-recorder-changed", Major, "an Incident Recorder column changes";
    /// An Incident Recorder column was added, removed or moved (its key or letter changed).
    IrColumnChanged = "ir-column-changed", Major, "an Incident Recorder column changes: workbooks and their analysis shift";
    /// What an Incident Recorder column holds changed.
    IrColumnValueChanged = "ir-column-value-changed", Major, "an Incident Recorder column changes meaning";
    /// A variant of an Incident Recorder column was added (`variant_of:`): countries may choose it.
    IrVariantAdded = "ir-variant-added", Minor, "something added";
    /// A variant of an Incident Recorder column was removed, or what it holds or replaces changed.
    IrVariantChanged = "ir-variant-changed", Major, "the countries that chose it write another column or none";
    /// An Incident Recorder header, menu header or fixed word changed.
    IrTextChanged = "ir-text-changed", Patch, "wording";
    /// An Incident Recorder fixed word was added.
    IrWordAdded = "ir-word-added", Minor, "something added";
    /// An Incident Recorder fixed word was removed.
    IrWordRemoved = "ir-word-removed", Major, "an id disappears: overlays translating it fail";
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind.
    pub kind: ChangeKind,
    /// What it is about: `field gbv_incident_form.incident_date`, `option lookup-yes-no.true`.
    pub subject: String,
    /// What it was, when short enough to say (expressions are not repeated: `gbvims show`
    /// prints them).
    pub old: Option<String>,
    /// What it is.
    pub new: Option<String>,
}

/// The changes between two standards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// The old version.
    pub old_version: String,
    /// The new version.
    pub new_version: String,
    /// Every change, in the order of the documents.
    pub changes: Vec<Change>,
}

/// What the declared version bump says against the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionCheck {
    /// The bump is at least what the changes need.
    Enough {
        /// The declared bump (`None`: same version, no change).
        declared: Option<Level>,
    },
    /// The bump is smaller than what the changes need.
    TooSmall {
        /// The declared bump (`None`: same version).
        declared: Option<Level>,
        /// What the changes need.
        required: Level,
    },
    /// The new version is not above the old one (or a version does not parse).
    NotIncreased,
}

impl Diff {
    /// The bump the changes require (`None`: nothing changed).
    #[must_use]
    pub fn verdict(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.kind.level()).max()
    }

    /// Whether the declared versions' bump is at least [`Diff::verdict`].
    #[must_use]
    pub fn check_version(&self) -> VersionCheck {
        let (Ok(old), Ok(new)) = (
            semver::Version::parse(&self.old_version),
            semver::Version::parse(&self.new_version),
        ) else {
            return VersionCheck::NotIncreased;
        };
        let required = self.verdict();
        if new == old {
            return match required {
                None => VersionCheck::Enough { declared: None },
                Some(required) => VersionCheck::TooSmall {
                    declared: None,
                    required,
                },
            };
        }
        if new < old {
            return VersionCheck::NotIncreased;
        }
        let declared = bump(&old, &new);
        match required {
            Some(required) if declared < required => VersionCheck::TooSmall {
                declared: Some(declared),
                required,
            },
            _ => VersionCheck::Enough {
                declared: Some(declared),
            },
        }
    }
}

impl Diff {
    /// The changes of one level, in order.
    #[must_use]
    pub fn at_level(&self, level: Level) -> Vec<&Change> {
        self.changes
            .iter()
            .filter(|c| c.kind.level() == level)
            .collect()
    }

    /// The smallest version above the old one that the changes allow (`None`: nothing changed,
    /// or the old version does not parse).
    #[must_use]
    pub fn required_version(&self) -> Option<semver::Version> {
        let old = semver::Version::parse(&self.old_version).ok()?;
        let (major, minor, patch) = (old.major, old.minor, old.patch);
        Some(match self.verdict()? {
            Level::Major if major == 0 => semver::Version::new(0, minor + 1, 0),
            Level::Major => semver::Version::new(major + 1, 0, 0),
            Level::Minor => semver::Version::new(major, minor + 1, 0),
            Level::Patch => semver::Version::new(major, minor, patch + 1),
        })
    }
}

/// The bump from `old` to `new` (`new > old`). Below 1.0.0 the minor number is the major one,
/// as Cargo's `^` requirements read it.
fn bump(old: &semver::Version, new: &semver::Version) -> Level {
    if new.major != old.major || (old.major == 0 && new.minor != old.minor) {
        Level::Major
    } else if new.minor != old.minor {
        Level::Minor
    } else {
        Level::Patch
    }
}

/// The classification as a Markdown table: kind, level, reason.
#[must_use]
pub fn kinds_table() -> String {
    let mut out = String::from("| change | bump | why |\n|---|---|---|\n");
    for kind in ChangeKind::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            kind.name(),
            kind.level().as_str(),
            kind.reason()
        ));
    }
    out
}

struct Out(Vec<Change>);

impl Out {
    fn push(&mut self, kind: ChangeKind, subject: impl Into<String>) {
        self.0.push(Change {
            kind,
            subject: subject.into(),
            old: None,
            new: None,
        });
    }
    fn was(&mut self, kind: ChangeKind, subject: impl Into<String>, old: String, new: String) {
        self.0.push(Change {
            kind,
            subject: subject.into(),
            old: Some(old),
            new: Some(new),
        });
    }
    fn texts(
        &mut self,
        kind: ChangeKind,
        subject: &str,
        what: &str,
        old: &JsonTexts,
        new: &JsonTexts,
    ) {
        if old != new {
            self.was(
                kind,
                format!("{subject} {what}"),
                show_texts(old),
                show_texts(new),
            );
        }
    }
}

fn show_texts(t: &JsonTexts) -> String {
    t.iter()
        .map(|(l, s)| format!("{l} \"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn by_id<T>(items: &[T], id: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    items.iter().map(|x| (id(x), x)).collect()
}

/// Ids of `a` in order, restricted to those also in `b`.
fn common_order<'a>(a: &[&'a str], b: &BTreeSet<&str>) -> Vec<&'a str> {
    a.iter().copied().filter(|x| b.contains(x)).collect()
}

fn rank(p: Policy) -> u8 {
    match p {
        Policy::Localizable => 0,
        Policy::Extensible => 1,
        Policy::Fixed => 2,
    }
}

fn policy_name(p: Policy) -> String {
    match p {
        Policy::Fixed => "fixed",
        Policy::Extensible => "extensible",
        Policy::Localizable => "localizable",
    }
    .to_string()
}

/// Every change from `old` to `new`.
#[must_use]
pub fn diff(old: &ModelDoc, new: &ModelDoc) -> Diff {
    let mut out = Out(Vec::new());
    header(old, new, &mut out);
    lookups(old, new, &mut out);
    records(old, new, &mut out);
    forms(old, new, &mut out);
    roles(old, new, &mut out);
    incident_recorder(old, new, &mut out);
    Diff {
        old_version: old.standard.version.clone(),
        new_version: new.standard.version.clone(),
        changes: out.0,
    }
}

fn header(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = (&old.standard, &new.standard);
    if o.name != n.name {
        out.was(
            ChangeKind::StandardRenamed,
            "standard",
            o.name.clone(),
            n.name.clone(),
        );
    }
    for l in o.languages.iter().filter(|l| !n.languages.contains(l)) {
        out.push(ChangeKind::LanguageRemoved, format!("language {l}"));
    }
    for l in n.languages.iter().filter(|l| !o.languages.contains(l)) {
        out.push(ChangeKind::LanguageAdded, format!("language {l}"));
    }
    if o.default_language != n.default_language {
        out.was(
            ChangeKind::DefaultLanguageChanged,
            "default language",
            o.default_language.clone(),
            n.default_language.clone(),
        );
    }
    out.texts(
        ChangeKind::StandardTitleChanged,
        "standard",
        "title",
        &o.title,
        &n.title,
    );
}

fn lookups(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = (
        by_id(&old.lookups, |l| &l.id),
        by_id(&new.lookups, |l| &l.id),
    );
    // Inline lists are compared with their field (its type names them).
    for l in old
        .lookups
        .iter()
        .filter(|l| !l.inline && !n.contains_key(l.id.as_str()))
    {
        out.push(ChangeKind::LookupRemoved, format!("lookup {}", l.id));
    }
    for l in &new.lookups {
        match o.get(l.id.as_str()) {
            None if !l.inline => out.push(ChangeKind::LookupAdded, format!("lookup {}", l.id)),
            None => {}
            Some(was) => lookup(was, l, out),
        }
    }
}

fn lookup(o: &LookupDoc, n: &LookupDoc, out: &mut Out) {
    let subject = format!("lookup {}", n.id);
    if o.policy != n.policy {
        let kind = if rank(n.policy) > rank(o.policy) {
            ChangeKind::LookupPolicyTightened
        } else {
            ChangeKind::LookupPolicyLoosened
        };
        out.was(
            kind,
            subject.clone(),
            policy_name(o.policy),
            policy_name(n.policy),
        );
    }
    if o.system != n.system {
        out.was(
            ChangeKind::LookupSystemChanged,
            subject.clone(),
            o.system.to_string(),
            n.system.to_string(),
        );
    }
    out.texts(
        ChangeKind::LookupNameChanged,
        &subject,
        "name",
        &o.name,
        &n.name,
    );
    let oo = by_id(&o.options, |x| &x.id);
    let no = by_id(&n.options, |x| &x.id);
    let removed: Vec<_> = o
        .options
        .iter()
        .filter(|x| !no.contains_key(x.id.as_str()))
        .collect();
    let added: Vec<_> = n
        .options
        .iter()
        .filter(|x| !oo.contains_key(x.id.as_str()))
        .collect();
    for x in &removed {
        // A removed option whose label reappears under a new id: its id changed.
        let renamed = added
            .iter()
            .find(|a| a.label == x.label && !a.label.is_empty());
        match renamed {
            Some(a) => out.was(
                ChangeKind::OptionRemoved,
                format!("option {}.{}", n.id, x.id),
                x.id.clone(),
                format!("{} (same label)", a.id),
            ),
            None => out.push(
                ChangeKind::OptionRemoved,
                format!("option {}.{}", n.id, x.id),
            ),
        }
    }
    for x in &added {
        out.push(ChangeKind::OptionAdded, format!("option {}.{}", n.id, x.id));
    }
    for x in &n.options {
        if let Some(was) = oo.get(x.id.as_str()) {
            out.texts(
                ChangeKind::OptionRelabelled,
                &format!("option {}.{}", n.id, x.id),
                "label",
                &was.label,
                &x.label,
            );
        }
    }
    let both: BTreeSet<&str> = oo.keys().copied().filter(|k| no.contains_key(k)).collect();
    let old_ids: Vec<&str> = o.options.iter().map(|x| x.id.as_str()).collect();
    let new_ids: Vec<&str> = n.options.iter().map(|x| x.id.as_str()).collect();
    if common_order(&old_ids, &both) != common_order(&new_ids, &both) {
        out.push(ChangeKind::OptionsReordered, subject.clone());
    }
    for a in n.anchors.iter().filter(|a| !o.anchors.contains(a)) {
        out.push(ChangeKind::AnchorAdded, format!("anchor {}.{a}", n.id));
    }
    for a in o.anchors.iter().filter(|a| !n.anchors.contains(a)) {
        out.push(ChangeKind::AnchorRemoved, format!("anchor {}.{a}", n.id));
    }
}

fn records(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = (
        by_id(&old.records, |r| &r.id),
        by_id(&new.records, |r| &r.id),
    );
    for r in old
        .records
        .iter()
        .filter(|r| !n.contains_key(r.id.as_str()))
    {
        out.push(ChangeKind::RecordRemoved, format!("record {}", r.id));
    }
    for r in &new.records {
        let subject = format!("record {}", r.id);
        let Some(was) = o.get(r.id.as_str()) else {
            out.push(ChangeKind::RecordAdded, subject);
            continue;
        };
        out.texts(
            ChangeKind::RecordTextChanged,
            &subject,
            "label",
            &was.label,
            &r.label,
        );
        if was.navigation != r.navigation || was.form_groups != r.form_groups {
            out.push(ChangeKind::NavigationChanged, subject);
        }
    }
}

fn forms(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = (by_id(&old.forms, |f| &f.id), by_id(&new.forms, |f| &f.id));
    for f in old.forms.iter().filter(|f| !n.contains_key(f.id.as_str())) {
        out.push(ChangeKind::FormRemoved, format!("form {}", f.id));
    }
    // Fields where they are declared (a field shown with `use` is compared once), by what their
    // id is unique in: the record for a top-level form's field, the subform for a row's.
    let declared = |doc: &'_ ModelDoc| -> BTreeMap<String, (String, FieldDoc)> {
        doc.forms
            .iter()
            .flat_map(|f| {
                f.fields
                    .iter()
                    .filter(move |x| x.declared_in == f.id)
                    .map(move |x| (field_key(f, x), (x.declared_in.clone(), x.clone())))
            })
            .collect()
    };
    let (old_fields, new_fields) = (declared(old), declared(new));
    for f in &new.forms {
        let subject = format!("form {}", f.id);
        match o.get(f.id.as_str()) {
            None => out.push(ChangeKind::FormAdded, subject),
            Some(was) => form(was, f, &subject, out),
        }
    }
    // Removed and moved fields.
    let mut added: Vec<&FieldDoc> = Vec::new();
    for f in &new.forms {
        for x in f.fields.iter().filter(|x| x.declared_in == f.id) {
            match old_fields.get(&field_key(f, x)) {
                None => added.push(x),
                Some((form, was)) => {
                    if *form != x.declared_in {
                        out.was(
                            ChangeKind::FieldMoved,
                            format!("field {}", x.id),
                            format!("{form}.{}", x.id),
                            format!("{}.{}", x.declared_in, x.id),
                        );
                    }
                    field(was, x, out);
                }
            }
        }
    }
    let mut renamed_to: BTreeSet<String> = BTreeSet::new();
    for f in &old.forms {
        for x in f.fields.iter().filter(|x| x.declared_in == f.id) {
            if new_fields.contains_key(&field_key(f, x)) {
                continue;
            }
            let subject = format!("field {}.{}", x.declared_in, x.id);
            let twin = added.iter().find(|a| {
                a.declared_in == x.declared_in
                    && a.field_type == x.field_type
                    && a.label == x.label
                    && !renamed_to.contains(&a.id)
            });
            match twin {
                Some(a) => {
                    renamed_to.insert(a.id.clone());
                    out.was(
                        ChangeKind::FieldRenamed,
                        subject,
                        x.id.clone(),
                        a.id.clone(),
                    );
                }
                None => out.push(ChangeKind::FieldRemoved, subject),
            }
        }
    }
    for x in added.iter().filter(|a| !renamed_to.contains(&a.id)) {
        let kind = if x.required {
            ChangeKind::FieldAddedRequired
        } else {
            ChangeKind::FieldAdded
        };
        out.push(kind, format!("field {}.{}", x.declared_in, x.id));
    }
}

/// What a field's id is unique in, and the id: `incident owned_by`, `subform:<id> <field>`.
fn field_key(form: &FormDoc, field: &FieldDoc) -> String {
    match form.kind {
        FormKindDoc::Form => format!("{} {}", form.record, field.id),
        FormKindDoc::Subform => format!("subform:{} {}", form.id, field.id),
    }
}

fn form(o: &FormDoc, n: &FormDoc, subject: &str, out: &mut Out) {
    if o.record != n.record || o.kind != n.kind {
        out.was(
            ChangeKind::FormMoved,
            subject,
            format!("{} {}", show(&o.kind).trim_matches('"'), o.record),
            format!("{} {}", show(&n.kind).trim_matches('"'), n.record),
        );
    }
    if o.parent_field != n.parent_field {
        out.was(
            ChangeKind::SubformParentChanged,
            subject,
            o.parent_field.clone().unwrap_or_default(),
            n.parent_field.clone().unwrap_or_default(),
        );
    }
    out.texts(
        ChangeKind::FormTextChanged,
        subject,
        "title",
        &o.title,
        &n.title,
    );
    out.texts(
        ChangeKind::FormTextChanged,
        subject,
        "description",
        &o.description,
        &n.description,
    );
    let layout = |f: &FormDoc| {
        (
            f.group.clone(),
            f.group_order,
            f.order,
            f.opens_first,
            f.visible,
            f.mobile,
            f.collapsed_on.clone(),
        )
    };
    if layout(o) != layout(n) {
        out.push(ChangeKind::FormLayoutChanged, subject);
    }
    let ids = |f: &FormDoc| -> Vec<String> { f.fields.iter().map(|x| x.id.clone()).collect() };
    let (oi, ni) = (ids(o), ids(n));
    let both: BTreeSet<&str> = oi
        .iter()
        .filter(|x| ni.contains(x))
        .map(String::as_str)
        .collect();
    let oi: Vec<&str> = oi.iter().map(String::as_str).collect();
    let ni: Vec<&str> = ni.iter().map(String::as_str).collect();
    if common_order(&oi, &both) != common_order(&ni, &both) {
        out.push(ChangeKind::FieldsReordered, subject);
    }
}

fn flag(out: &mut Out, subject: &str, old: bool, new: bool, on: ChangeKind, off: ChangeKind) {
    if old != new {
        out.push(if new { on } else { off }, subject);
    }
}

fn field(o: &FieldDoc, n: &FieldDoc, out: &mut Out) {
    use ChangeKind as K;
    let s = format!("field {}.{}", n.declared_in, n.id);
    let s = s.as_str();
    // Becoming calculated is a calculation change, not a type change.
    if o.field_type.trim_start_matches("calculated ")
        != n.field_type.trim_start_matches("calculated ")
    {
        out.was(
            K::FieldTypeChanged,
            s,
            o.field_type.clone(),
            n.field_type.clone(),
        );
    }
    flag(
        out,
        s,
        o.required,
        n.required,
        K::FieldBecameRequired,
        K::FieldNoLongerRequired,
    );
    flag(
        out,
        s,
        o.core,
        n.core,
        K::FieldBecameCore,
        K::FieldNoLongerCore,
    );
    flag(
        out,
        s,
        o.identifying,
        n.identifying,
        K::FieldBecameIdentifying,
        K::FieldNoLongerIdentifying,
    );
    if o.sensitive != n.sensitive {
        out.was(
            K::FieldSensitivityChanged,
            s,
            o.sensitive.to_string(),
            n.sensitive.to_string(),
        );
    }
    if o.not_identifying != n.not_identifying {
        out.was(
            K::FieldOptOutChanged,
            s,
            o.not_identifying.clone().unwrap_or_else(|| "-".into()),
            n.not_identifying.clone().unwrap_or_else(|| "-".into()),
        );
    }
    if o.roles_seeing != n.roles_seeing || o.visible_to != n.visible_to {
        out.was(
            K::FieldRolesChanged,
            s,
            o.roles_seeing.join(", "),
            n.roles_seeing.join(", "),
        );
    }
    if (o.visible, o.mobile, o.short_form) != (n.visible, n.mobile, n.short_form) {
        let v = |f: &FieldDoc| {
            let mut w = Vec::new();
            for (on, name) in [
                (f.visible, "visible"),
                (f.mobile, "mobile"),
                (f.short_form, "short_form"),
            ] {
                w.push(if on {
                    name.to_string()
                } else {
                    format!("not {name}")
                });
            }
            w.join(", ")
        };
        out.was(K::FieldVisibilityChanged, s, v(o), v(n));
    }
    if o.read_only != n.read_only {
        out.was(
            K::FieldReadOnlyChanged,
            s,
            o.read_only.to_string(),
            n.read_only.to_string(),
        );
    }
    if o.show_if != n.show_if {
        out.push(K::FieldConditionChanged, format!("{s} show_if"));
    }
    if o.required_if != n.required_if {
        out.push(K::FieldRuleChanged, format!("{s} required_if"));
    }
    if o.constraint != n.constraint {
        out.push(K::FieldRuleChanged, format!("{s} constraint"));
    }
    if o.not_future != n.not_future {
        out.was(
            K::FieldRuleChanged,
            format!("{s} not_future"),
            o.not_future.to_string(),
            n.not_future.to_string(),
        );
    }
    if o.calculate != n.calculate {
        out.push(K::FieldCalculationChanged, format!("{s} calculate"));
    }
    if o.default != n.default {
        out.was(K::FieldDefaultChanged, s, opt(&o.default), opt(&n.default));
    }
    if o.tags != n.tags {
        out.was(K::FieldTagsChanged, s, o.tags.join(", "), n.tags.join(", "));
    }
    out.texts(K::FieldTextChanged, s, "label", &o.label, &n.label);
    out.texts(K::FieldTextChanged, s, "help", &o.help, &n.help);
    out.texts(
        K::FieldTextChanged,
        s,
        "guiding questions",
        &o.guiding_questions,
        &n.guiding_questions,
    );
    out.texts(
        K::FieldTextChanged,
        s,
        "tick label",
        &o.tick_label,
        &n.tick_label,
    );
    out.texts(
        K::FieldTextChanged,
        s,
        "constraint message",
        &o.constraint_message,
        &n.constraint_message,
    );
}

fn opt<T: Serialize>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "-".to_string(), show)
}

fn roles(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = (by_id(&old.roles, |r| &r.id), by_id(&new.roles, |r| &r.id));
    for r in old.roles.iter().filter(|r| !n.contains_key(r.id.as_str())) {
        out.push(ChangeKind::RoleRemoved, format!("role {}", r.id));
    }
    for r in &new.roles {
        let s = format!("role {}", r.id);
        let Some(was) = o.get(r.id.as_str()) else {
            out.push(ChangeKind::RoleAdded, s);
            continue;
        };
        if was.primero_id != r.primero_id {
            out.was(
                ChangeKind::RolePrimeroIdChanged,
                s.clone(),
                was.primero_id.clone().unwrap_or_default(),
                r.primero_id.clone().unwrap_or_default(),
            );
        }
        if was.sees_identifying != r.sees_identifying {
            out.was(
                ChangeKind::RoleAccessChanged,
                s.clone(),
                format!("sees_identifying {}", was.sees_identifying),
                format!("sees_identifying {}", r.sees_identifying),
            );
        }
        if was.collects_data != r.collects_data {
            out.was(
                ChangeKind::RoleCollectsDataChanged,
                s.clone(),
                was.collects_data.to_string(),
                r.collects_data.to_string(),
            );
        }
        out.texts(
            ChangeKind::RoleTextChanged,
            &s,
            "label",
            &was.label,
            &r.label,
        );
        out.texts(
            ChangeKind::RoleTextChanged,
            &s,
            "description",
            &was.description,
            &r.description,
        );
    }
}

fn incident_recorder(old: &ModelDoc, new: &ModelDoc, out: &mut Out) {
    let (o, n) = match (&old.incident_recorder, &new.incident_recorder) {
        (None, None) => return,
        (Some(o), Some(n)) => (o, n),
        (o, _) => {
            out.push(
                ChangeKind::IncidentRecorderChanged,
                if o.is_some() {
                    "incident recorder removed"
                } else {
                    "incident recorder added"
                },
            );
            return;
        }
    };
    let oc = by_id(&o.columns, |c| &c.key);
    let nc = by_id(&n.columns, |c| &c.key);
    for c in &o.columns {
        match nc.get(c.key.as_str()) {
            None => out.push(
                ChangeKind::IrColumnChanged,
                format!("ir column {} ({}) removed", c.key, c.letter),
            ),
            Some(x) if x.letter != c.letter => out.was(
                ChangeKind::IrColumnChanged,
                format!("ir column {}", c.key),
                format!("column {}", c.letter),
                format!("column {}", x.letter),
            ),
            Some(_) => {}
        }
    }
    for c in &n.columns {
        let s = format!("ir column {}", c.key);
        let Some(was) = oc.get(c.key.as_str()) else {
            out.push(
                ChangeKind::IrColumnChanged,
                format!("{s} ({}) added", c.letter),
            );
            continue;
        };
        if was.value != c.value || was.allow_sensitive != c.allow_sensitive {
            out.push(ChangeKind::IrColumnValueChanged, format!("{s} value"));
        }
        out.texts(
            ChangeKind::IrTextChanged,
            &s,
            "header",
            &was.header,
            &c.header,
        );
        if was.menu != c.menu {
            out.push(ChangeKind::IrTextChanged, format!("{s} menu"));
        }
    }
    let ov = by_id(&o.variants, |v| &v.column.key);
    let nv = by_id(&n.variants, |v| &v.column.key);
    for v in o
        .variants
        .iter()
        .filter(|v| !nv.contains_key(v.column.key.as_str()))
    {
        out.push(
            ChangeKind::IrVariantChanged,
            format!("ir variant {} (of {}) removed", v.column.key, v.of),
        );
    }
    for v in &n.variants {
        let s = format!("ir variant {}", v.column.key);
        let Some(was) = ov.get(v.column.key.as_str()) else {
            out.push(
                ChangeKind::IrVariantAdded,
                format!("{s} (of {}) added", v.of),
            );
            continue;
        };
        if was.of != v.of
            || was.column.value != v.column.value
            || was.column.allow_sensitive != v.column.allow_sensitive
        {
            out.push(ChangeKind::IrVariantChanged, format!("{s} value"));
        }
        out.texts(
            ChangeKind::IrTextChanged,
            &s,
            "header",
            &was.column.header,
            &v.column.header,
        );
    }
    let ow = by_id(&o.words, |w| &w.key);
    let nw = by_id(&n.words, |w| &w.key);
    for w in o.words.iter().filter(|w| !nw.contains_key(w.key.as_str())) {
        out.push(ChangeKind::IrWordRemoved, format!("ir word {}", w.key));
    }
    for w in &n.words {
        match ow.get(w.key.as_str()) {
            None => out.push(ChangeKind::IrWordAdded, format!("ir word {}", w.key)),
            Some(was) => out.texts(
                ChangeKind::IrTextChanged,
                &format!("ir word {}", w.key),
                "text",
                &was.texts,
                &w.texts,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps() {
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert_eq!(bump(&v("1.0.0"), &v("2.0.0")), Level::Major);
        assert_eq!(bump(&v("1.0.0"), &v("1.1.0")), Level::Minor);
        assert_eq!(bump(&v("1.0.0"), &v("1.0.1")), Level::Patch);
        assert_eq!(bump(&v("0.1.0"), &v("0.2.0")), Level::Major);
    }

    #[test]
    fn required_versions() {
        let d = |old: &str, kind: ChangeKind| Diff {
            old_version: old.into(),
            new_version: old.into(),
            changes: vec![Change {
                kind,
                subject: String::new(),
                old: None,
                new: None,
            }],
        };
        let v = |s: &str| Some(semver::Version::parse(s).unwrap());
        assert_eq!(
            d("1.2.3", ChangeKind::FieldRemoved).required_version(),
            v("2.0.0")
        );
        assert_eq!(
            d("1.2.3", ChangeKind::FieldAdded).required_version(),
            v("1.3.0")
        );
        assert_eq!(
            d("1.2.3", ChangeKind::FieldTextChanged).required_version(),
            v("1.2.4")
        );
        assert_eq!(
            d("0.2.3", ChangeKind::FieldRemoved).required_version(),
            v("0.3.0")
        );
    }

    #[test]
    fn names_are_unique() {
        let names: BTreeSet<&str> = ChangeKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), ChangeKind::ALL.len());
    }
}
