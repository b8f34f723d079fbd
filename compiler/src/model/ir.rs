//! The Incident Recorder mapping: ordered columns, each with a header per language and a typed
//! value expression, and the IR's fixed words.

use super::{Expr, LangCode, Texts};

/// The Incident Recorder of a standard.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentRecorder {
    /// Languages of headers and words (the IR adds Spanish to the standard's languages).
    pub languages: Vec<LangCode>,
    /// Fixed words (`gender.male` → "M", "Masculin", …), in declaration order.
    pub words: Vec<IrWord>,
    /// Columns in order; column letters follow from the position.
    pub columns: Vec<IrColumn>,
    /// Variants of columns a country may choose instead (`variant_of:`; FACTS §5.2: the
    /// perpetrator's age type in place of the age group), in declaration order. A chosen variant
    /// takes its column's place in `columns` (the country's `ir_variants:`) and is no longer here.
    pub variants: Vec<IrVariant>,
}

/// A column a country may choose in place of a standard column (`ir_variants:` in its header).
#[derive(Clone, Debug, PartialEq)]
pub struct IrVariant {
    /// The key of the column it replaces (`perpetrator.age_group`).
    pub of: String,
    /// The column written in its place (key `perpetrator.age_type`).
    pub column: IrColumn,
}

/// A fixed word.
#[derive(Clone, Debug, PartialEq)]
pub struct IrWord {
    /// The key (`number_primary_perpetrators.more_than_three`).
    pub key: String,
    /// Its text per language.
    pub texts: Texts,
}

/// One column.
#[derive(Clone, Debug, PartialEq)]
pub struct IrColumn {
    /// The header key (`perpetrator.sex`).
    pub key: String,
    /// Header text per language.
    pub header: Texts,
    /// What the cell holds: text, a number or a date.
    pub value: Expr,
    /// The column may read a sensitive quasi-identifier (date of birth, ethnicity).
    pub allow_sensitive: bool,
    /// Header of the Menu Data list this column's values feed, if any.
    pub menu: Option<Texts>,
}

impl IncidentRecorder {
    /// The spreadsheet letter of the column at `index` (0 → `A`, 26 → `AA`).
    #[must_use]
    pub fn letter(index: usize) -> String {
        let mut n = index + 1;
        let mut s = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            s.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
            n = (n - 1) / 26;
        }
        s.iter().rev().collect()
    }

    /// The variant whose key is `key`, if the Incident Recorder declares one.
    #[must_use]
    pub fn variant(&self, key: &str) -> Option<&IrVariant> {
        self.variants.iter().find(|v| v.column.key == key)
    }

    /// A word's text in `lang`, else in `default` (the configuration's default language), else
    /// in English ([`super::Model::ir_word`] passes the model's default).
    #[must_use]
    pub fn word(&self, key: &str, lang: &str, default: &str) -> Option<&str> {
        self.words
            .iter()
            .find(|w| w.key == key)
            .and_then(|w| w.texts.pick(lang, default))
    }
}

#[cfg(test)]
mod tests {
    use super::IncidentRecorder;

    #[test]
    fn letters() {
        assert_eq!(IncidentRecorder::letter(0), "A");
        assert_eq!(IncidentRecorder::letter(25), "Z");
        assert_eq!(IncidentRecorder::letter(26), "AA");
        assert_eq!(IncidentRecorder::letter(41), "AP");
    }
}
