//! The overlay's change log: what each declaration of a country did to the standard, recorded as
//! it is applied (a declaration that is refused records nothing), for `gbvims show --changes`.

use gbvims_dsl::Span;

/// One effect of one overlay declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverlayChange {
    /// The declaration (for `file:line`).
    pub span: Span,
    /// What it changed.
    pub kind: ChangeKind,
}

/// What an overlay declaration changed in the resolved model (in JSON, tagged by `change`, the
/// variant's name in snake case: `field_hidden`, `form_hidden`, `option_hidden`, `translated`, …;
/// README.md, `gbvims show --changes`, lists each with its keys).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// `hide field`: the field is no longer shown.
    FieldHidden {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
    },
    /// `add field`: a country field, after `after` (at the end of the form when `None`).
    FieldAdded {
        /// The form it is added to.
        form: String,
        /// The new field.
        field: String,
        /// The field it follows.
        after: Option<String>,
        /// Placed before every other field of the form (`first`).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        first: bool,
    },
    /// `replace lookup`: the country's list in place of the standard's.
    LookupReplaced {
        /// The lookup.
        lookup: String,
        /// Standard options the new list leaves out, in the standard's order.
        removed: Vec<String>,
        /// Options the standard lacks, in the new list's order.
        added: Vec<String>,
    },
    /// `extend lookup`: options appended.
    LookupExtended {
        /// The lookup.
        lookup: String,
        /// The new options, in order.
        added: Vec<String>,
    },
    /// `lookup lookup-<code>-…`: a list of the country's own.
    LookupDeclared {
        /// The lookup.
        lookup: String,
        /// How many options it has.
        options: usize,
    },
    /// `form`/`subform` in a country's file: a form of the country's own.
    FormDeclared {
        /// The form or subform.
        form: String,
        /// The record of a form; `None` for a subform.
        record: Option<String>,
        /// How many fields it declares.
        fields: usize,
    },
    /// `role` in a country's file: a role of the country's own.
    RoleDeclared {
        /// The role.
        role: String,
    },
    /// `hide form`: the form (and the subforms it shows) leaves the navigation and mobile.
    FormHidden {
        /// The form.
        form: String,
        /// The subforms hidden with it.
        subforms: Vec<String>,
    },
    /// `hide option`: an option of an extensible list no longer offered.
    OptionHidden {
        /// The lookup.
        lookup: String,
        /// The option.
        option: String,
    },
    /// `unused lookup`: a placeholder list kept as it is, read by no field the country keeps.
    LookupUnused {
        /// The lookup.
        lookup: String,
    },
    /// `change lookup`: options put first, in this order.
    OptionsOrdered {
        /// The lookup.
        lookup: String,
        /// The options named, in their new order (the others follow).
        first: Vec<String>,
    },
    /// `change field … { lookup: … }`: the field takes its options from a superset list.
    FieldLookupChanged {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
        /// The new lookup.
        lookup: String,
    },
    /// `change field … { after: … }` or `{ first }`: the field moves within its form.
    FieldMoved {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
        /// The field it now follows; `None` when it goes first.
        after: Option<String>,
    },
    /// `change field … { remove: … }`: standard texts dropped.
    FieldTextsRemoved {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
        /// The texts removed (`help`, `tick_label`).
        removed: Vec<String>,
    },
    /// `use field`: a standard field shown on another form of its record too.
    FieldUsed {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
        /// The form that shows it too.
        on: String,
        /// The field it follows there (`None`: at the end, or first).
        after: Option<String>,
        /// Placed before every other field of the form (`first`).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        first: bool,
    },
    /// `option … stored_as "…"` in a `replace lookup`, an `extend lookup` or a lookup of the
    /// country's own: the ids records hold for these options.
    OptionsStoredAs {
        /// The lookup.
        lookup: String,
        /// Each option and its stored id, in the declaration's order.
        options: Vec<StoredOption>,
    },
    /// `stored_as: "…"` on a country's field (`add field`, or a field of its own forms and
    /// subforms): the legacy key records hold its answer under.
    FieldStoredAs {
        /// The form declaring it.
        form: String,
        /// The field.
        field: String,
        /// Its legacy key.
        key: String,
    },
    /// `translate …`: one text given in some languages.
    Translated {
        /// The text's translation key (`field.gbv_incident_form.incident_date.label`).
        key: String,
        /// Languages the text had no wording in before.
        added: Vec<String>,
        /// Languages whose standard wording is replaced.
        reworded: Vec<String>,
    },
}

/// An option and the id records hold for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StoredOption {
    /// The option's id.
    pub option: String,
    /// The id records hold.
    pub stored: String,
}
