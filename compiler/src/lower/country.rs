//! The country header of an overlay: who the country is and where its locations are. The
//! overlay (`crate::overlay`) checks the rest once the model is built.

use gbvims_dsl::ast::{AttrValue, CountryDecl, Name};
use gbvims_dsl::{Span, Spanned};

use super::attrs::Place;
use super::Lower;
use crate::checks::invalid_attribute_value::InvalidAttributeValue;
use crate::checks::missing_attribute::MissingAttribute;
use crate::checks::missing_location_file::MissingLocationFile;
use crate::model::Texts;

/// An admin level setting as written: `(county, 1)`.
pub(crate) type Levels = Vec<(Name, Spanned<i64>)>;

/// The country header, read but not yet checked against locations and the Incident Recorder.
#[derive(Clone, Debug)]
pub(crate) struct CountryInfo {
    pub id: Name,
    pub code: String,
    pub name: Texts,
    pub requirement: String,
    /// The whole header (primary span of overlay-wide errors).
    pub header_span: Span,
    pub locations: Option<Spanned<String>>,
    /// The PEM file of the RSA public key for encrypted mobile submissions, as written.
    pub mobile_public_key: Option<Spanned<String>>,
    pub location_levels: Option<(Span, Levels)>,
    pub ir_location_levels: Option<(Span, Levels)>,
    /// The declared languages as written (where per-language warnings point).
    pub languages: Vec<Name>,
}

/// An ISO 3166-1 alpha-2 code, written in lower case.
#[must_use]
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase())
}

impl Lower<'_> {
    pub(crate) fn country_header(&mut self, decl: &CountryDecl) -> CountryInfo {
        self.check_id(&decl.id, "country");
        let attrs = self.attrs(&decl.body, Place::Country);
        let name = self.texts_attr(&attrs, "name", "the country's name");
        let code = match self.names(&attrs, "code") {
            Some([code]) if is_country_code(&code.node) => code.node.clone(),
            Some(names) => {
                let span = names.first().map_or(decl.id.span, |n| n.span);
                self.sink
                    .push(InvalidAttributeValue::CountryCode { span }.diagnostic());
                String::new()
            }
            None => {
                self.missing_attr(decl.id.span, "code", "code: iq");
                String::new()
            }
        };
        let languages = self.names(&attrs, "languages").map(<[Name]>::to_vec);
        if languages.is_none() {
            self.missing_attr(decl.id.span, "languages", "languages: en, ar");
        }
        if attrs.get("default_language").is_none() {
            self.missing_attr(decl.id.span, "default_language", "default_language: en");
        }
        let locations = match attrs.get("locations").map(|a| &a.value) {
            Some(AttrValue::Str(s)) => Some(s.clone()),
            Some(_) => None, // reported by `attrs`
            None => {
                self.sink.push(
                    MissingLocationFile::NotGiven {
                        country: &decl.id.node,
                        span: decl.id.span,
                    }
                    .diagnostic(),
                );
                None
            }
        };
        let mobile_public_key = match attrs.get("mobile_public_key").map(|a| &a.value) {
            Some(AttrValue::Str(s)) => Some(s.clone()),
            _ => None, // optional; a value of another kind is reported by `attrs`
        };
        let mut levels = |key: &str, example: &str| match attrs.get(key) {
            Some(a) => match &a.value {
                AttrValue::Levels(l) => Some((a.key.span, l.clone())),
                _ => None, // reported by `attrs`
            },
            None => {
                self.missing_attr(decl.id.span, key, example);
                None
            }
        };
        let location_levels = levels(
            "location_levels",
            "location_levels: governorate 1, district 2",
        );
        let ir_location_levels = levels(
            "ir_location_levels",
            "ir_location_levels: county 1, district 2",
        );
        CountryInfo {
            id: decl.id.clone(),
            code,
            name,
            requirement: decl.requirement.node.clone(),
            header_span: decl.id.span,
            locations,
            mobile_public_key,
            location_levels,
            ir_location_levels,
            languages: languages.unwrap_or_default(),
        }
    }

    fn missing_attr(&mut self, span: Span, key: &str, example: &str) {
        self.sink
            .push(MissingAttribute::CountryHeader { key, example, span }.diagnostic());
    }
}
