//! What a country overlay adds to the model: who the country is, its locations and the admin
//! levels its location questions and Incident Recorder columns use.

use super::{OptionId, Texts};
use crate::locations::LocationTable;

/// A country configuration applied on top of the standard.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    /// The country's id (`iraq`).
    pub id: String,
    /// Its ISO 3166 alpha-2 code (`iq`); country fields and options start with `iq_`.
    pub code: String,
    /// Its name per language.
    pub name: Texts,
    /// The standard versions it accepts, as written (`^2.0`).
    pub requirement: String,
    /// The location tree.
    pub locations: LocationTable,
    /// The admin levels the location questions show, shallowest first.
    pub location_levels: Vec<AdminLevel>,
    /// The admin level behind each Incident Recorder location key (`county` → 1).
    pub ir_location_levels: Vec<IrLocationLevel>,
    /// The RSA public key phones encrypt submissions with (`mobile_public_key:`); `None` when
    /// the country gives none (submissions then travel unencrypted: warning W0006).
    pub mobile_public_key: Option<MobileKey>,
    /// The country's `reword … because "…"` texts, in the order written: each changes what an
    /// option of a fixed list or a counted field means, and is listed in the build output.
    pub rewords: Vec<Reword>,
}

/// One text of a `reword … because "…"` in the standard's own language.
#[derive(Clone, Debug, PartialEq)]
pub struct Reword {
    /// What is reworded, in words (`lookup lookup-perpetrator-relationship, option other`).
    pub target: String,
    /// The language of the text (the standard's default language).
    pub lang: String,
    /// The standard's text, if it had one.
    pub standard: Option<String>,
    /// The country's text.
    pub text: String,
    /// The reason given after `because`.
    pub because: String,
    /// Where the reworded text is written.
    pub span: gbvims_dsl::Span,
}

/// A checked RSA public key (at least 2048 bits) for encrypted mobile submissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MobileKey {
    /// The DER SubjectPublicKeyInfo in base64, on one line without PEM armour: what ODK's
    /// `base64RsaPublicKey` attribute and XLSForm's `public_key` setting take.
    pub base64: String,
    /// The modulus size in bits.
    pub bits: usize,
}

/// One admin level of the location questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminLevel {
    /// Its type: an option of `lookup-location-type` (`governorate`).
    pub kind: OptionId,
    /// Its depth in the location tree (1 = below the country).
    pub level: u8,
}

/// An Incident Recorder location key and its admin level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IrLocationLevel {
    /// The key used by `location_at` (`county`, `district`).
    pub key: String,
    /// Its depth in the location tree.
    pub level: u8,
}

impl Country {
    /// The admin level behind an Incident Recorder location key.
    #[must_use]
    pub fn ir_level(&self, key: &str) -> Option<u8> {
        self.ir_location_levels
            .iter()
            .find(|l| l.key == key)
            .map(|l| l.level)
    }

    /// The place name of the location `code`, or of its ancestor at the admin level behind the
    /// Incident Recorder key (`county`), in `lang`, else in `default` (the country's default
    /// language), else in English; `None` when the location is unknown or shallower than that
    /// level. [`super::Model::location_name`] passes the model's default.
    #[must_use]
    pub fn location_name(&self, code: &str, key: &str, lang: &str, default: &str) -> Option<&str> {
        let unit = self.locations.ancestor_at(code, self.ir_level(key)?)?;
        super::texts::fallback(|l| unit.names.get(l), lang, default)
    }

    /// The prefix of the country's own ids (`iq_`).
    #[must_use]
    pub fn prefix(&self) -> String {
        format!("{}_", self.code)
    }
}
