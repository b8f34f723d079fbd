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

/// What an overlay declaration changed in the resolved model (in JSON, tagged by `change`:
/// `field_hidden`, `field_added`, `lookup_replaced`, `lookup_extended`, `lookup_declared`,
/// `translated`).
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
    /// `option … stored_as "…"` in a `replace lookup`, an `extend lookup` or a lookup of the
    /// country's own: the ids records hold for these options.
    OptionsStoredAs {
        /// The lookup.
        lookup: String,
        /// Each option and its stored id, in the declaration's order.
        options: Vec<StoredOption>,
    },
    /// `stored_as: "…"` on a country's field: the legacy key records hold its answer under.
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
