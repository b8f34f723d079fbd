//! Translated texts written back as `.gbv` `translate` declarations.

use gbvims_dsl::escape;

use super::Key;
use crate::model::{FieldId, FormId, LookupId, RecordId, RoleId};

/// The declaration a key's text goes into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target<'k> {
    Country,
    Standard,
    Record(&'k RecordId),
    Role(&'k RoleId),
    Lookup(&'k LookupId),
    Form(&'k FormId),
    Field(&'k FormId, &'k FieldId),
    IncidentRecorder,
}

impl<'k> Target<'k> {
    fn of(key: &'k Key) -> Self {
        match key {
            Key::CountryName => Target::Country,
            Key::StandardTitle => Target::Standard,
            Key::RecordLabel(r) => Target::Record(r),
            Key::Role { role, .. } => Target::Role(role),
            Key::LookupName(l) | Key::LookupOption { lookup: l, .. } => Target::Lookup(l),
            Key::Form { form, .. } => Target::Form(form),
            Key::Field { form, field, .. } | Key::FieldOption { form, field, .. } => {
                Target::Field(form, field)
            }
            Key::IrColumn { .. } | Key::IrWord(_) => Target::IncidentRecorder,
        }
    }

    fn header(self) -> String {
        match self {
            Target::Country => "translate country".into(),
            Target::Standard => "translate standard".into(),
            Target::Record(r) => format!("translate record {r}"),
            Target::Role(r) => format!("translate role {r}"),
            Target::Lookup(l) => format!("translate lookup {l}"),
            Target::Form(f) => format!("translate form {f}"),
            Target::Field(form, field) => format!("translate field {form}.{field}"),
            Target::IncidentRecorder => "translate incident_recorder".into(),
        }
    }
}

/// What the first line of a file `translations import` writes says; a file without it was
/// written by hand, and import leaves it alone.
pub const WRITTEN_BY: &str = "written by `gbvims translations import`";

/// Was `text` written by `translations import` (its first line says so)?
#[must_use]
pub fn written_by_import(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|l| l.starts_with('#') && l.contains(WRITTEN_BY))
}

/// Renders translations into `lang` as `translate` declarations, one block per run of keys with
/// the same target (standard, record, role, lookup, form, field), in the order given; every
/// Incident Recorder key goes into one `translate incident_recorder` block at the end.
#[must_use]
pub fn to_gbv(lang: &str, items: &[(Key, String)]) -> String {
    let mut out = format!("# Translations into {lang}, {WRITTEN_BY}.\n");
    let (ir, others): (Vec<_>, Vec<_>) = items
        .iter()
        .partition(|(k, _)| Target::of(k) == Target::IncidentRecorder);
    let mut i = 0;
    while i < others.len() {
        let target = Target::of(&others[i].0);
        out.push('\n');
        out.push_str(&target.header());
        out.push_str(" {\n");
        while let Some((key, text)) = others.get(i).filter(|(k, _)| Target::of(k) == target) {
            out.push_str(&format!("  {}\n", line(key, lang, text)));
            i += 1;
        }
        out.push_str("}\n");
    }
    if !ir.is_empty() {
        out.push_str("\ntranslate incident_recorder {\n");
        incident_recorder(lang, &ir, &mut out);
        out.push_str("}\n");
    }
    out
}

/// `attr: lang "text"` or `option id: lang "text"`, for keys outside the Incident Recorder.
fn line(key: &Key, lang: &str, text: &str) -> String {
    let text = format!("{lang} \"{}\"", escape(text));
    match key {
        Key::CountryName => format!("name: {text}"),
        Key::StandardTitle => format!("title: {text}"),
        Key::RecordLabel(_) => format!("label: {text}"),
        Key::Role { attr, .. } => format!("{}: {text}", attr.as_str()),
        Key::LookupName(_) => format!("name: {text}"),
        Key::Form { attr, .. } => format!("{}: {text}", attr.as_str()),
        Key::Field { attr, .. } => format!("{}: {text}", attr.as_str()),
        Key::LookupOption { option, .. } | Key::FieldOption { option, .. } => {
            format!("option {option}: {text}")
        }
        Key::IrColumn { attr, .. } => format!("{}: {text}", attr.as_str()),
        Key::IrWord(w) => format!("word {w}: {text}"),
    }
}

/// The body of the `translate incident_recorder` block: consecutive keys of one column share a
/// `column` block; words are single lines.
fn incident_recorder(lang: &str, items: &[&(Key, String)], out: &mut String) {
    let mut i = 0;
    while i < items.len() {
        let (key, text) = items[i];
        i += 1;
        let Key::IrColumn { column, .. } = key else {
            out.push_str(&format!("  {}\n", line(key, lang, text)));
            continue;
        };
        out.push_str(&format!("  column {column} {{\n"));
        out.push_str(&format!("    {}\n", line(key, lang, text)));
        while let Some((next, text)) = items
            .get(i)
            .copied()
            .filter(|(k, _)| same_column(k, column))
        {
            out.push_str(&format!("    {}\n", line(next, lang, text)));
            i += 1;
        }
        out.push_str("  }\n");
    }
}

fn same_column(key: &Key, column: &str) -> bool {
    matches!(key, Key::IrColumn { column: c, .. } if c == column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::{FormAttr, RoleAttr};

    fn k(s: &str) -> Key {
        s.parse().unwrap()
    }

    #[test]
    fn groups_by_target_in_order_with_the_incident_recorder_last() {
        let items: Vec<(Key, String)> = [
            ("standard.title", "المعيار"),
            ("ir.column.sex.header", "الجنس"),
            ("record.incident.label", "حادثة"),
            ("role.caseworker.label", "مدير الحالة"),
            ("role.caseworker.description", "يرى \"كل\" شيء\\"),
            ("lookup.lookup-gender.name", "الجنس"),
            ("lookup.lookup-gender.option.female", "أنثى"),
            ("form.gbv_incident_form.title", "الحادثة"),
            ("field.gbv_incident_form.incident_date.label", "تاريخ"),
            (
                "field.gbv_incident_form.incident_date.help",
                "سطر\nثان\tمع علامة",
            ),
            ("field.gbv_incident_form.incident_date.option.a.b", "خيار"),
            ("ir.column.sex.menu", "قائمة"),
            ("ir.word.gender.male", "ذكر"),
            ("ir.column.perpetrator.sex.header", "جنس الجاني"),
        ]
        .into_iter()
        .map(|(key, text)| (k(key), text.to_string()))
        .collect();
        let expected = r#"# Translations into ar, written by `gbvims translations import`.

translate standard {
  title: ar "المعيار"
}

translate record incident {
  label: ar "حادثة"
}

translate role caseworker {
  label: ar "مدير الحالة"
  description: ar "يرى \"كل\" شيء\\"
}

translate lookup lookup-gender {
  name: ar "الجنس"
  option female: ar "أنثى"
}

translate form gbv_incident_form {
  title: ar "الحادثة"
}

translate field gbv_incident_form.incident_date {
  label: ar "تاريخ"
  help: ar "سطر\nثان\tمع علامة"
  option a.b: ar "خيار"
}

translate incident_recorder {
  column sex {
    header: ar "الجنس"
    menu: ar "قائمة"
  }
  word gender.male: ar "ذكر"
  column perpetrator.sex {
    header: ar "جنس الجاني"
  }
}
"#;
        assert_eq!(to_gbv("ar", &items), expected);
    }

    #[test]
    fn a_target_seen_again_later_opens_a_new_block() {
        let role = |attr| Key::Role {
            role: RoleId("caseworker".into()),
            attr,
        };
        let form = Key::Form {
            form: FormId("f".into()),
            attr: FormAttr::Title,
        };
        let items = vec![
            (role(RoleAttr::Label), "a".to_string()),
            (form, "b".to_string()),
            (role(RoleAttr::Description), "c".to_string()),
        ];
        assert_eq!(
            to_gbv("fr", &items),
            "# Translations into fr, written by `gbvims translations import`.\n\n\
             translate role caseworker {\n  label: fr \"a\"\n}\n\n\
             translate form f {\n  title: fr \"b\"\n}\n\n\
             translate role caseworker {\n  description: fr \"c\"\n}\n"
        );
    }

    #[test]
    fn nothing_to_write() {
        assert_eq!(
            to_gbv("fr", &[]),
            "# Translations into fr, written by `gbvims translations import`.\n"
        );
    }
}
