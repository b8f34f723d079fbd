//! Dates as the Incident Recorder writes them (FACTS §5.5): `dd-Mon-yyyy` with the export
//! language's abbreviated month names. The one table of month names.

use crate::model::Date;

/// Abbreviated month names per language, January first.
const MONTHS: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    ),
    (
        "fr",
        [
            "jan", "fév", "mar", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc",
        ],
    ),
    (
        "es",
        [
            "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic",
        ],
    ),
    (
        "ar",
        [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "اغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
    ),
];

/// The months of `lang` (a region is ignored: `ar-LB` uses `ar`), English when the language has
/// no table.
fn months(lang: &str) -> &'static [&'static str; 12] {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    MONTHS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(base))
        .map_or(&MONTHS[0].1, |(_, m)| m)
}

/// `07-Jan-2021` in English, `07-jan-2021` in French: as FACTS §5.5 writes it in `lang`.
#[must_use]
pub fn ir_date(date: Date, lang: &str) -> String {
    let names = months(lang);
    let month = names[usize::from(date.month.clamp(1, 12)) - 1];
    format!("{:02}-{month}-{:04}", date.day, date.year)
}

#[cfg(test)]
mod tests {
    use super::ir_date;
    use crate::model::Date;

    #[test]
    fn dates_in_each_language() {
        let d = Date::parse_iso("2021-01-07").unwrap();
        assert_eq!(ir_date(d, "en"), "07-Jan-2021");
        assert_eq!(ir_date(d, "fr"), "07-jan-2021");
        assert_eq!(ir_date(d, "ar-LB"), "07-يناير-2021");
        assert_eq!(ir_date(d, "xx"), "07-Jan-2021");
        let d = Date::parse_iso("0999-08-30").unwrap();
        assert_eq!(ir_date(d, "fr"), "30-août-0999");
        assert_eq!(ir_date(d, "es"), "30-Ago-0999");
    }
}
