//! The closed catalogue of diagnostic codes. Codes are never reused or renumbered: a retired code
//! stays in [`REDIRECTS`] with the code that replaced it.

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The configuration is usable; something deserves a look (an error under `--deny-warnings`).
    Warning,
    /// The configuration cannot be built.
    Error,
}

macro_rules! codes {
    ($( $code:ident = $name:literal, $sev:ident, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as written (`E0007`).
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }

            /// A kebab-case name (`option-not-in-lookup`).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Code::$code => $name,)* }
            }

            /// How bad it is.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$sev,)* }
            }

            /// One line saying what the code flags.
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self { $(Code::$code => $summary,)* }
            }

            /// The long explanation printed by `gbvims explain`.
            #[must_use]
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!("explanations/", stringify!($code), ".md")),)*
                }
            }
        }
    };
}

codes! {
    E0001 = "syntax-error", Error, "The parser could not read this part of the file.";
    E0002 = "unclosed-delimiter", Error, "A `{`, `(` or `[` is never closed.";
    E0003 = "unexpected-closing-delimiter", Error, "A `}`, `)` or `]` has nothing to close.";
    E0004 = "unterminated-text", Error, "A text in double quotes has no closing quote on its line.";
    E0005 = "invalid-escape", Error, "A backslash sequence inside a text is not one the language knows.";
    E0006 = "unknown-declaration", Error, "A top-level line does not start a declaration.";
    E0007 = "option-not-in-lookup", Error, "An option id is not in the option list of the field it is compared with.";
    E0008 = "invalid-attribute-value", Error, "The value of an attribute cannot be read.";
    E0009 = "unknown-attribute", Error, "An attribute name is not one the language knows.";
    E0010 = "attribute-not-allowed-here", Error, "A known attribute is used where it has no meaning.";
    E0011 = "unknown-field", Error, "A field name does not exist in this record or subform.";
    E0012 = "unknown-lookup", Error, "A lookup id does not exist.";
    E0013 = "unknown-subform", Error, "A subform id does not exist.";
    E0014 = "unknown-record", Error, "A record type does not exist.";
    E0015 = "unknown-role", Error, "A role does not exist.";
    E0016 = "undeclared-language", Error, "A text is given in a language the standard does not declare.";
    E0017 = "unknown-function", Error, "A function name does not exist.";
    E0018 = "unknown-field-type", Error, "A field type is not one of Primero's field types.";
    E0019 = "unknown-form-group", Error, "A form's group is not an option of its record's form-group lookup.";
    E0020 = "unknown-policy", Error, "A lookup policy is not `fixed`, `extensible` or `localizable`.";
    E0021 = "duplicate-lookup", Error, "Two lookups have the same id.";
    E0022 = "duplicate-option", Error, "Two options of one list have the same id.";
    E0023 = "duplicate-field", Error, "Two fields of one record or subform have the same id.";
    E0024 = "duplicate-form", Error, "Two forms or subforms have the same id.";
    E0025 = "duplicate-attribute", Error, "An attribute is given twice in one declaration.";
    E0026 = "duplicate-role", Error, "Two roles have the same id.";
    E0027 = "duplicate-record", Error, "Two records have the same id.";
    E0028 = "duplicate-language", Error, "A language is given twice in one text or one list.";
    E0029 = "invalid-id", Error, "An id breaks Primero's rule: lower-case letters, digits and `_`, starting with a letter.";
    E0030 = "invalid-lookup-id", Error, "A lookup id breaks Primero's rule for lookup ids.";
    E0031 = "invalid-option-id", Error, "An option id contains characters that cannot be stored in every target.";
    E0032 = "missing-standard-header", Error, "No `standard` declaration gives the name, version and languages.";
    E0033 = "duplicate-standard-header", Error, "More than one `standard` declaration.";
    E0034 = "invalid-version", Error, "A version is not a semantic version such as `1.2.0`.";
    E0035 = "invalid-language-code", Error, "A language code is not an ISO 639 code the compiler knows.";
    E0036 = "type-mismatch", Error, "Two values of different types are compared or combined.";
    E0037 = "condition-not-yes-no", Error, "A condition does not give yes or no.";
    E0038 = "wrong-arguments", Error, "A function is called with the wrong number or kind of arguments.";
    E0039 = "calculation-type-mismatch", Error, "A calculation gives a value of another type than its field.";
    E0040 = "operator-not-applicable", Error, "An operator is used on a kind of value it does not apply to.";
    E0041 = "not-a-subform", Error, "A subform operation is applied to something that is not a subform.";
    E0042 = "invalid-default", Error, "A default value does not fit its field.";
    E0043 = "invalid-literal", Error, "A literal value (a date, a number) is not valid.";
    E0044 = "dependency-cycle", Error, "Calculations or conditions depend on each other in a circle.";
    E0045 = "subform-used-twice", Error, "A subform is referenced by more than one subform field.";
    E0046 = "select-without-options", Error, "A select field has neither a lookup nor inline options.";
    E0047 = "options-not-allowed", Error, "A field has options it cannot use.";
    E0048 = "missing-calculation", Error, "A calculated field has no `calculate`.";
    E0049 = "calculation-on-input-field", Error, "A field that people fill in has a `calculate`.";
    E0050 = "missing-attribute", Error, "A declaration lacks an attribute it must have.";
    E0051 = "constraint-message-without-constraint", Error, "A `constraint_message` is given without a `constraint`.";
    E0052 = "empty-lookup", Error, "A lookup or an inline option list has no options.";
    E0053 = "missing-default-language-text", Error, "A text is missing in the default language.";
    E0054 = "misplaced-item", Error, "A field, option or `use` stands where it is not allowed.";
    E0055 = "invalid-use", Error, "`use` names a field that cannot be shown in this form.";
    E0056 = "subform-contains-itself", Error, "A subform contains itself, directly or through other subforms.";
    E0057 = "identifying-on-short-form", Error, "An identifying field is on the short form, which users who may only search or preview see.";
    E0058 = "identifying-visible-to-role", Error, "An identifying field is visible to a role that must not see identifying data.";
    E0059 = "identifying-data-in-calculation", Error, "A field that is not identifying is computed from an identifying field.";
    E0060 = "identifying-data-in-incident-recorder", Error, "An Incident Recorder column reads an identifying field.";
    E0061 = "sensitive-data-in-incident-recorder", Error, "An Incident Recorder column reads a sensitive field without `allow_sensitive`.";
    E0062 = "column-not-a-cell", Error, "An Incident Recorder column does not give text, a number or a date.";
    E0063 = "unknown-word", Error, "`word` names a fixed word the Incident Recorder does not declare.";
    E0064 = "duplicate-column", Error, "Two Incident Recorder columns, or two words, have the same key.";
    E0065 = "function-outside-incident-recorder", Error, "A function of the Incident Recorder is used outside its columns.";
    E0066 = "duplicate-incident-recorder", Error, "The Incident Recorder is declared more than once.";
    E0067 = "empty-location-file", Error, "A location file is empty.";
    E0068 = "missing-hashtag-row", Error, "A location file has no row of HXL hashtags.";
    E0069 = "malformed-hashtag", Error, "A hashtag of a location file is not one the compiler reads.";
    E0070 = "blank-location-cell", Error, "A location's code or name is blank.";
    E0071 = "duplicate-location-code", Error, "A location code appears again with other names.";
    E0072 = "location-parent-changes", Error, "A location code has another parent (or level) in another row.";
    E0073 = "missing-location-language", Error, "A location level has no names in a declared language.";
    E0074 = "undeclared-location-language", Error, "A location file gives names in a language the country does not declare.";
    E0075 = "invalid-location-code", Error, "A location code has characters other than letters, digits and `_`.";
    E0076 = "missing-admin-level", Error, "A location file skips an admin level, or a level has no code column.";
    E0077 = "fixed-lookup-changed", Error, "A country replaces or extends a lookup whose options the standard fixes.";
    E0078 = "standard-option-removed", Error, "A country's list drops an option the standard requires it to keep.";
    E0079 = "wrong-lookup-operation", Error, "A country extends a lookup it must replace.";
    E0080 = "unprefixed-country-id", Error, "A country's own field, option or lookup does not carry the country prefix.";
    E0081 = "unknown-overlay-target", Error, "A country declaration names a form, field, column or word the standard does not have.";
    E0082 = "incident-recorder-changed", Error, "A country changes the Incident Recorder's columns or their values.";
    E0083 = "duplicate-translation", Error, "A country gives the same text twice in one language.";
    E0084 = "hidden-required-field", Error, "A country hides a field the standard requires.";
    E0085 = "declaration-out-of-place", Error, "A declaration stands in a standard when it belongs to a country, or the reverse.";
    E0086 = "missing-country-header", Error, "A country configuration has no `country` declaration.";
    E0087 = "duplicate-country-header", Error, "A country configuration has more than one `country` declaration.";
    E0088 = "standard-version-mismatch", Error, "A country extends a standard or a version it is not compiled against.";
    E0089 = "missing-location-file", Error, "A country's location file is not given or cannot be found.";
    E0090 = "invalid-location-level", Error, "An admin level setting does not fit the location file or the Incident Recorder.";
    E0091 = "placeholder-not-replaced", Error, "A country leaves a localizable placeholder list unreplaced.";
    E0092 = "unknown-translation-key", Error, "A row of a translation spreadsheet names a text the configuration does not have.";
    E0093 = "expression-too-deep", Error, "Brackets or an expression nest too deeply to be checked.";
    E0094 = "reserved-id", Error, "A field id is a word the language reads as a value (`true`, `false`, `empty`).";
    E0095 = "file-outside-configuration", Error, "A file of a configuration, or a link in it, leads outside the configuration's directory.";
    E0096 = "not-a-regular-file", Error, "A file of a configuration is a named pipe, a device, a socket, or a link that loops or leads nowhere.";
    E0097 = "file-too-large", Error, "A file of a configuration is larger than the size limit, or a location file has more rows than the row limit.";
    E0098 = "identifying-data-in-condition", Error, "A condition or constraint reads an identifying field for people who may not see it.";
    E0099 = "identifying-collapsed-row", Error, "A subform's collapsed rows show an identifying field to people who may not see it.";
    E0100 = "country-id-taken", Error, "A country's own field has the id of a standard field.";
    E0101 = "role-label-reworded", Error, "A country rewords a role's label in the standard's own language.";
    E0102 = "duplicate-role-label", Error, "Two roles have the same label in one language.";
    E0103 = "not-a-translation", Error, "A translations file holds something other than `translate` declarations.";
    E0104 = "invalid-mobile-key", Error, "A country's `mobile_public_key` is missing, is not an RSA public key of at least 2048 bits, or is a private key.";
    E0105 = "collecting-role", Error, "Several roles collect data, or a standard with mobile forms has no role that does.";
    E0106 = "phone-name-taken", Error, "A name is used twice in a phone form: a form and a field, or a field and a question the mobile form adds for another field.";
    E0107 = "location-file-not-utf8", Error, "A location file is not UTF-8 text (Excel's plain \"CSV\" on Windows), so it was not read.";
    E0108 = "unreadable-workbook", Error, "A location workbook (`.xlsx`) cannot be read: damaged, not a workbook, or too large once unpacked.";
    E0109 = "text-too-long", Error, "A text or a place name is longer than the 32,767 characters a spreadsheet cell holds.";
    E0113 = "target-write-failed", Error, "A target could not write one of its files (a limit of the file format was reached).";
    E0116 = "primero-instance-missing", Error, "The Primero target needs the instance's agencies, roles, user groups and contact information (`primero/instance.json` next to `country.gbv`), and there is none.";
    E0117 = "primero-instance-invalid", Error, "`primero/instance.json` cannot be used: it is not JSON, or an array Primero's import requires is missing or empty.";
    E0118 = "primero-text-without-english", Error, "A name Primero requires in English has no English text, neither the country's nor the standard's.";
    E0119 = "primero-forbidden-character", Error, "A form or field name holds a character Primero refuses in names (`* ! @ # % $ ^`), or is blank.";
    E0120 = "primero-role-granted-hidden-form", Error, "A role in `primero/instance.json` is given a form that holds fields the role may not see.";
    E0121 = "unreadable-configuration", Error, "A configuration could not be read at all: a path that does not exist, a directory that cannot be listed, a `.gbv` file that is not UTF-8 text.";
    E0122 = "unknown-region", Error, "A location file's name column has a language tag whose region is not an ISO 3166 country or region code (`#adm1+name+ar-XX`).";
    E0123 = "core-field-hidden", Error, "A country hides a field the standard cannot do without (`core`): the Incident Recorder, the classification, the derived values or the consent gate read it.";
    E0124 = "meaning-changed-by-translate", Error, "A `translate` rewords, in the standard's own language, an option of a fixed list or a field the Incident Recorder or the classification counts: write it as `reword … because \"…\"`, which the build reports.";
    E0125 = "duplicate-option-label", Error, "Two options of one list have the same label in one language, so an answer can no longer be told apart (and the Incident Recorder's columns split).";
    E0126 = "placeholder-kept", Error, "A country's replacement of a localizable list keeps one of the standard's placeholder options (`language1`, \"Language1\") by its id or its label.";
    E0127 = "duplicate-stored-id", Error, "An option's stored id (`stored_as \"…\"`) is the id or the stored id of another option of the same list, so records could not tell the two apart.";
    E0128 = "legacy-key-taken", Error, "A field's legacy key (`stored_as: \"…\"`) is already an id of the standard (a field, form, record or lookup) or the key of another field.";
    E0129 = "stored-as-out-of-place", Error, "`stored_as` is written where it means nothing: on an option or a field of the standard, in a translation, or on an option line with no labels that names no option of the list.";
    E0130 = "country-form-or-role-taken", Error, "A country's own form, subform or role has the id of one of the standard's, so records, navigation and permissions would mix the two.";
    E0131 = "version-bump-too-small", Error, "A new version of the standard is not above the last one by as much as its changes require (`gbvims diff --check-version`).";
    E0132 = "subform-hidden-as-form", Error, "A country writes `hide form` with a subform: a subform is hidden through the field that shows it (`hide field <form>.<field>`).";
    E0133 = "hidden-option-is-default", Error, "A country hides an option that a field's default fills in, so the field would start with an answer nobody can choose.";
    E0134 = "hidden-twice", Error, "A country hides the same field or form twice (`hide field`, `hide form`).";
    E0135 = "option-not-hideable", Error, "A country hides an option it may not hide: one of a fixed or placeholder list, an anchor, or one the list does not have.";
    E0136 = "lookup-not-unused", Error, "A country declares a list unused that is not an unused placeholder list: a kept field reads it, it is replaced, or it is not a placeholder list.";
    E0137 = "lookup-not-superset", Error, "A country gives a standard field another lookup that lacks some of the options of the field's own list.";
    E0138 = "invalid-field-edit", Error, "A country's `change field`, `change lookup` or `use field` cannot be applied (nothing to remove, an unknown option, a field placed twice).";
    E0139 = "ruby-outside-literal-subset", Error, "A Primero seed file (`.rb`) given to `gbvims import primero` holds Ruby outside the literal subset gbvims reads (a loop, a method call, string interpolation, a float, …): it is never run, and nothing is imported.";
    E0140 = "unreadable-primero-configuration", Error, "What `gbvims import primero` was given is not a Primero configuration it can read: not JSON, no `data`, or a form, field, lookup or location without its id.";
    E0141 = "unknown-ir-variant", Error, "A country's `ir_variants:` names no variant of an Incident Recorder column, or names two variants of one column; or a standard's `variant_of:` names no column.";
    E0142 = "ir-variant-field-hidden", Error, "A country hides a field that an Incident Recorder variant it chooses (`ir_variants:`) reads, or the form holding it.";
    E0143 = "data-file-changed", Error, "A location file changed while gbvims read it (or could no longer be read to its end), so it was not used.";
    W0001 = "missing-translation", Warning, "A text is missing in one of the declared languages.";
    W0002 = "unused-lookup", Warning, "A lookup is declared but no field uses it.";
    W0003 = "unused-subform", Warning, "A subform is declared but no subform field shows it.";
    W0004 = "required-read-only-field", Warning, "A required field is read-only and has no default or calculation, so nobody can fill it.";
    W0005 = "missing-country-translation", Warning, "Texts have no translation in one of the country's languages.";
    W0006 = "unencrypted-mobile-submissions", Warning, "A country's phones would send identifying data unencrypted: it gives no `mobile_public_key`.";
    W0007 = "primero-not-expressed", Warning, "Primero cannot express a display condition, calculation, constraint or conditional requirement the same way: the Primero bundle leaves it out.";
    W0008 = "primero-form-withheld", Warning, "A role loses a whole form in Primero because the form also holds (or reads) a field the role may not see.";
    W0009 = "source-text-edited", Warning, "A translators' spreadsheet changes a text of the source column (English): the change is not imported.";
    W0010 = "rows-missing-from-sheet", Warning, "A translators' spreadsheet lacks rows of texts of the configuration (rows deleted): their translations stay as they are.";
    W0011 = "hidden-field-read", Warning, "A country hides a field that something it keeps still reads (an Incident Recorder column, a calculation, a condition), which then reads it as empty.";
    W0013 = "hidden-form-read", Warning, "A country hides a form whose fields something it keeps still reads (an Incident Recorder column, a calculation, a condition), which then reads them as empty.";
    W0014 = "hidden-option-compared", Warning, "Something the country keeps (a condition, a calculation, an Incident Recorder column) compares with an option the country hides, so the comparison is never true.";
    W0015 = "newer-major-standard", Warning, "A newer major version of the standard exists than the one the country's `extends` accepts.";
    W0016 = "location-names-english-only", Warning, "A location file gives place names only in English while the country declares other languages: those languages show the English names.";
    W0017 = "not-carried-over", Warning, "Something of an imported Primero configuration has no equivalent in the overlay `gbvims import primero` wrote (listed in IMPORT-REPORT.md): review it by hand.";
}

/// Retired codes and the code that replaced them. Empty so far; codes are never reused.
pub const REDIRECTS: &[(&str, Code)] = &[];

impl Code {
    /// Looks a code up by its text, case-insensitively, following [`REDIRECTS`].
    #[must_use]
    pub fn parse(text: &str) -> Option<Code> {
        let upper = text.trim().to_ascii_uppercase();
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == upper || c.name() == text.trim())
            .or_else(|| {
                REDIRECTS
                    .iter()
                    .find(|(old, _)| *old == upper)
                    .map(|(_, new)| *new)
            })
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use gbvims_dsl::vocab::{FuncKind, FIELD_TYPES, FUNCTIONS};

    /// The explanations that list a vocabulary list all of it (the tables in `gbvims_dsl::vocab`).
    #[test]
    fn explanations_list_the_vocabularies() {
        let mentions = |code: Code, name: &str| code.explanation().contains(&format!("`{name}"));
        for t in FIELD_TYPES {
            assert!(mentions(Code::E0018, t.name), "E0018.md lacks `{}`", t.name);
        }
        for f in FUNCTIONS {
            let code = match f.kind {
                FuncKind::Form => Code::E0017,
                FuncKind::IrCell => Code::E0065,
            };
            assert!(
                mentions(code, f.name),
                "{}.md lacks `{}`",
                code.as_str(),
                f.name
            );
        }
    }
}
