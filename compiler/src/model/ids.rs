//! Id newtypes (the names written in `.gbv` files and stored in records) and index handles (resolved
//! references into the [`Model`](super::Model)'s tables).

macro_rules! string_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

string_id! {
    /// A field id: Primero's field name, the key in survivor records (`incident_date`).
    FieldId;
    /// A form section id (`gbv_incident_form`).
    FormId;
    /// A lookup id (`lookup-gender`).
    LookupId;
    /// An option id, stored verbatim in records (`non-gbv`, `61`, `true`).
    OptionId;
    /// A role id (`caseworker`).
    RoleId;
    /// A record type id (`incident`, `case`).
    RecordId;
    /// A language code (`en`, `ar`).
    LangCode;
    /// The id a record holds for an option or the key it holds a field's answer under: the
    /// option's or field's own id, unless the country declared another with `stored_as`
    /// (`morning_sunrise_to_noon` for `morning`, `service_provided` for `ng_service_provided`).
    StoredId;
}

macro_rules! index {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in its table.
            #[must_use]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The handle of position `n`.
            #[must_use]
            pub fn from_index(n: usize) -> Self {
                Self(u32::try_from(n).unwrap_or(u32::MAX))
            }
        }
    )*};
}

index! {
    /// A lookup in [`Model::lookups`](super::Model::lookups).
    LookupIx;
    /// A form in [`Model::forms`](super::Model::forms).
    FormIx;
    /// A field in [`Model::fields`](super::Model::fields).
    FieldIx;
    /// A role in [`Model::roles`](super::Model::roles).
    RoleIx;
    /// A record in [`Model::records`](super::Model::records).
    RecordIx;
}
