//! The views of `gbvims show` for people: aligned tables, at most about 100 columns wide (long
//! labels are cut with `…`), in the model's order.

use std::fmt::Write as _;

use gbvims_compiler::json::FormKindDoc;
use gbvims_compiler::model::Policy;
use gbvims_compiler::ChangeKind;

use super::views::{ChangeRow, FieldRow, FormRow, LevelRow, LookupRow, OptionRow, RecordRow, View};

/// The width tables aim for.
const WIDTH: usize = 100;

/// A view as text.
#[must_use]
pub fn render(view: &View) -> String {
    let mut o = String::new();
    match view {
        View::Lookups { language, lookups } => lookups_table(&mut o, language, lookups),
        View::Lookup {
            lookup,
            languages,
            options,
        } => one_lookup(&mut o, lookup, languages, options),
        View::Forms { language, records } => forms(&mut o, language, records),
        View::Fields {
            language,
            form,
            fields,
        } => fields_table(&mut o, language, form, fields),
        View::LocationTypes {
            language,
            levels,
            name_languages,
        } => location_types(&mut o, language, levels, name_languages),
        View::Changes { changes } => changes_list(&mut o, changes),
    }
    o
}

/// Cuts `s` to `max` characters, ending with `…` when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// Rows of cells as aligned columns (two spaces between), header first, then a rule. The last
/// column (a name, title or label) is cut so that a line fits in [`WIDTH`] characters when the
/// other columns leave it at least 24.
fn table(o: &mut String, indent: &str, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row).rev().skip(1) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let others: usize = widths.iter().rev().skip(1).map(|w| w + 2).sum();
    let last = WIDTH.saturating_sub(indent.len() + others).max(24);
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let mut row = row.clone();
            if let Some(cell) = row.last_mut() {
                *cell = cut(cell, last);
            }
            row
        })
        .collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |o: &mut String, cells: &mut dyn Iterator<Item = String>| {
        let mut s = String::from(indent);
        for (n, (cell, w)) in cells.zip(&widths).enumerate() {
            if n > 0 {
                s.push_str("  ");
            }
            s.push_str(&cell);
            s.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        let _ = writeln!(o, "{}", s.trim_end());
    };
    line(o, &mut header.iter().map(ToString::to_string));
    line(o, &mut widths.iter().map(|w| "-".repeat(*w)));
    for row in &rows {
        line(o, &mut row.iter().cloned());
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "-" }.to_string()
}

fn policy_word(p: Policy) -> &'static str {
    match p {
        Policy::Fixed => "fixed",
        Policy::Extensible => "extensible",
        Policy::Localizable => "localizable",
    }
}

fn lookups_table(o: &mut String, language: &str, lookups: &[LookupRow]) {
    let _ = writeln!(o, "lookups ({}), names in {language}\n", lookups.len());
    let rows: Vec<Vec<String>> = lookups
        .iter()
        .map(|l| {
            vec![
                l.id.clone(),
                policy_word(l.policy).to_string(),
                l.options.to_string(),
                if l.anchors.is_empty() {
                    "-".to_string()
                } else {
                    l.anchors.len().to_string()
                },
                l.country.unwrap_or("-").to_string(),
                l.name.clone(),
            ]
        })
        .collect();
    table(
        o,
        "",
        &["id", "policy", "options", "anchors", "country", "name"],
        &rows,
    );
    let _ = writeln!(o, "\nwhat a country may do:");
    for p in [Policy::Fixed, Policy::Extensible, Policy::Localizable] {
        let _ = writeln!(
            o,
            "  {:<12} {}",
            policy_word(p),
            super::views::country_may(p)
        );
    }
    let _ = writeln!(
        o,
        "anchors: options a country's list must keep (`gbvims show PATH --lookups ID` lists them)"
    );
}

fn one_lookup(o: &mut String, l: &LookupRow, languages: &[String], options: &[OptionRow]) {
    let _ = writeln!(o, "lookup {} — {}", l.id, l.name);
    let _ = writeln!(
        o,
        "  policy: {} (a country may {})",
        policy_word(l.policy),
        l.country_may
    );
    if let Some(c) = l.country {
        let _ = writeln!(o, "  the country {c} it");
    }
    let _ = writeln!(
        o,
        "  {} options{}\n",
        l.options,
        if l.anchors.is_empty() {
            String::new()
        } else {
            format!(", {} anchors (marked *)", l.anchors.len())
        }
    );
    let width = (40 / languages.len().max(1)).max(14);
    let mut header = vec!["id"];
    header.extend(languages.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = options
        .iter()
        .map(|x| {
            let stored = x
                .stored_as
                .as_ref()
                .map_or(String::new(), |s| format!(" (stored as {s})"));
            let mut row = vec![format!(
                "{}{}{stored}",
                x.id,
                if x.anchor { " *" } else { "" }
            )];
            row.extend(
                languages
                    .iter()
                    .map(|lang| cut(x.label.get(lang).map_or("", String::as_str), width)),
            );
            row
        })
        .collect();
    table(o, "", &header, &rows);
}

fn form_cells(f: &FormRow) -> Vec<String> {
    let id = match f.kind {
        FormKindDoc::Form => f.id.clone(),
        FormKindDoc::Subform => format!("  {}", f.id),
    };
    vec![
        id,
        yes(f.mobile),
        yes(f.visible),
        f.fields.to_string(),
        f.subforms.len().to_string(),
        f.title.clone(),
    ]
}

fn forms(o: &mut String, language: &str, records: &[RecordRow]) {
    let _ = writeln!(
        o,
        "records, navigation groups and forms in order, titles in {language} (subforms indented)"
    );
    for r in records {
        let _ = writeln!(o, "\nrecord {} — {}", r.id, r.label);
        for g in &r.groups {
            let _ = writeln!(
                o,
                "\n  group {}",
                g.group.as_deref().unwrap_or("(no group)")
            );
            let rows: Vec<Vec<String>> = g.forms.iter().map(form_cells).collect();
            table(
                o,
                "    ",
                &["form", "mobile", "visible", "fields", "subforms", "title"],
                &rows,
            );
        }
    }
}

fn flags(f: &FieldRow) -> String {
    let mut v: Vec<String> = Vec::new();
    if f.required {
        v.push("required".into());
    }
    if f.required_if {
        v.push("required_if".into());
    }
    if f.core {
        v.push("core".into());
    }
    if f.identifying {
        v.push("identifying".into());
    }
    if let Some(n) = &f.not_identifying {
        v.push(format!("not_identifying:{n}"));
    }
    if f.sensitive {
        v.push("sensitive".into());
    }
    if f.short_form {
        v.push("short_form".into());
    }
    if f.mobile {
        v.push("mobile".into());
    }
    if let Some(roles) = &f.visible_to {
        v.push(format!("visible_to:{}", roles.join("+")));
    }
    if f.hidden_by_country {
        v.push("HIDDEN".into());
    }
    v.join(" ")
}

fn may_hide(f: &FieldRow) -> String {
    if !f.country_may_hide {
        return "no".into();
    }
    if f.read_by.is_empty() {
        "yes".into()
    } else {
        "yes*".into()
    }
}

fn fields_table(o: &mut String, language: &str, form: &FormRow, fields: &[FieldRow]) {
    let kind = match form.kind {
        FormKindDoc::Form => "form",
        FormKindDoc::Subform => "subform",
    };
    let _ = writeln!(
        o,
        "{kind} {} — {} ({} fields, labels in {language})\n",
        form.id,
        form.title,
        fields.len()
    );
    let rows: Vec<Vec<String>> = fields
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let mut id = if f.declared_in == form.id {
                f.id.clone()
            } else {
                format!("{} (from {})", f.id, f.declared_in)
            };
            if let Some(key) = &f.stored_as {
                id.push_str(&format!(" (stored as {key})"));
            }
            vec![
                (n + 1).to_string(),
                id,
                f.lookup.as_ref().map_or(f.field_type.clone(), |l| {
                    f.field_type
                        .strip_suffix(l.as_str())
                        .unwrap_or(&f.field_type)
                        .trim_end()
                        .to_string()
                }),
                may_hide(f),
                flags(f),
                f.label.clone(),
            ]
        })
        .collect();
    table(
        o,
        "",
        &["#", "id", "type", "may hide?", "flags", "label"],
        &rows,
    );
    let _ = writeln!(
        o,
        "\nmay hide?: a country may hide a field that is neither required nor core\n  (`hide field {}.<id>`); yes*: something still reads it (warning W0011), below.",
        form.id
    );
    let read: Vec<&FieldRow> = fields.iter().filter(|f| !f.read_by.is_empty()).collect();
    if read.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\nwhat reads these fields (hidden, they would read as empty):"
    );
    for f in read {
        let _ = writeln!(o, "  {}:", f.id);
        for r in &f.read_by {
            let _ = writeln!(o, "    - {r}");
        }
    }
}

fn location_types(o: &mut String, language: &str, levels: &[LevelRow], langs: &[String]) {
    let _ = writeln!(
        o,
        "location levels (type names in {language}; place names in {})\n",
        langs.join(", ")
    );
    let rows: Vec<Vec<String>> = levels
        .iter()
        .map(|l| {
            vec![
                l.level.to_string(),
                if l.level == 0 {
                    "(the country)".into()
                } else {
                    l.location_type.clone().unwrap_or_else(|| "-".into())
                },
                l.ir_key.clone().unwrap_or_else(|| "-".into()),
                l.units.to_string(),
                l.type_name.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    table(
        o,
        "",
        &[
            "admin level",
            "location question type",
            "IR column key",
            "units",
            "type name",
        ],
        &rows,
    );
    let _ = writeln!(
        o,
        "\nlocation questions: `location_levels` of country.gbv; IR columns: `ir_location_levels`."
    );
}

fn ids(v: &[String]) -> String {
    v.join(", ")
}

/// `1 option`, `2 options`.
fn options(n: usize) -> String {
    format!("{n} option{}", if n == 1 { "" } else { "s" })
}

/// One change in words.
fn change_words(c: &ChangeKind) -> String {
    match c {
        ChangeKind::FieldHidden { form, field } => format!("field {form}.{field} hidden"),
        ChangeKind::FieldAdded {
            form,
            field,
            after,
            first,
        } => match after {
            Some(a) => format!("field {field} added to {form}, after {a}"),
            None if *first => format!("field {field} added first in {form}"),
            None => format!("field {field} added at the end of {form}"),
        },
        ChangeKind::OptionHidden { lookup, option } => {
            format!("option {option} of lookup {lookup} hidden")
        }
        ChangeKind::LookupUnused { lookup } => {
            format!("lookup {lookup} unused (placeholders kept, no kept field reads it)")
        }
        ChangeKind::OptionsOrdered { lookup, first } => {
            format!("lookup {lookup} reordered: {} first", ids(first))
        }
        ChangeKind::FieldLookupChanged {
            form,
            field,
            lookup,
        } => format!("field {form}.{field} takes its options from {lookup}"),
        ChangeKind::FieldMoved { form, field, after } => match after {
            Some(a) => format!("field {form}.{field} moved after {a}"),
            None => format!("field {form}.{field} moved first"),
        },
        ChangeKind::FieldTextsRemoved {
            form,
            field,
            removed,
        } => format!("field {form}.{field}: {} removed", removed.join(", ")),
        ChangeKind::FieldUsed {
            form,
            field,
            on,
            after,
            first,
        } => match after {
            Some(a) => format!("field {form}.{field} also shown on {on}, after {a}"),
            None if *first => format!("field {form}.{field} also shown first on {on}"),
            None => format!("field {form}.{field} also shown at the end of {on}"),
        },
        ChangeKind::LookupReplaced {
            lookup,
            removed,
            added,
        } => {
            let mut s = format!("lookup {lookup} replaced");
            if !removed.is_empty() {
                let _ = write!(s, "; {} removed: {}", options(removed.len()), ids(removed));
            }
            if !added.is_empty() {
                let _ = write!(s, "; {} added: {}", options(added.len()), ids(added));
            }
            if removed.is_empty() && added.is_empty() {
                s.push_str("; same option ids (order or labels changed)");
            }
            s
        }
        ChangeKind::LookupExtended { lookup, added } => {
            format!(
                "lookup {lookup} extended: {} added: {}",
                options(added.len()),
                ids(added)
            )
        }
        ChangeKind::LookupDeclared { lookup, options: n } => {
            format!(
                "lookup {lookup} declared (the country's own, {})",
                options(*n)
            )
        }
        ChangeKind::FormDeclared {
            form,
            record,
            fields,
        } => {
            let n = format!("{fields} field{}", if *fields == 1 { "" } else { "s" });
            match record {
                Some(r) => format!("form {form} declared in {r} (the country's own, {n})"),
                None => format!("subform {form} declared (the country's own, {n})"),
            }
        }
        ChangeKind::RoleDeclared { role } => format!("role {role} declared (the country's own)"),
        ChangeKind::FormHidden { form, subforms } => {
            if subforms.is_empty() {
                format!("form {form} hidden")
            } else {
                format!("form {form} hidden, with its subforms {}", ids(subforms))
            }
        }
        ChangeKind::OptionsStoredAs { lookup, options } => {
            let list: Vec<String> = options
                .iter()
                .map(|o| format!("{} as {}", o.option, o.stored))
                .collect();
            format!(
                "lookup {lookup}: options stored under other ids: {}",
                list.join(", ")
            )
        }
        ChangeKind::FieldStoredAs { form, field, key } => {
            format!("field {form}.{field} stored under the legacy key {key}")
        }
        ChangeKind::Translated {
            key,
            added,
            reworded,
        } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("translated into {}", ids(added)));
            }
            if !reworded.is_empty() {
                parts.push(format!("reworded in {}", ids(reworded)));
            }
            format!("{key} {}", parts.join(", "))
        }
    }
}

/// Words of at most `width` characters per line.
fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for w in s.split(' ') {
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + w.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(w);
        }
    }
    lines
}

fn changes_list(o: &mut String, changes: &[ChangeRow]) {
    if changes.is_empty() {
        let _ = writeln!(o, "no overlay: this is the standard as published");
        return;
    }
    let _ = writeln!(
        o,
        "what the country's overlay changes, declaration by declaration ({} changes)\n",
        changes.len()
    );
    let width = changes
        .iter()
        .map(|c| c.source.chars().count())
        .max()
        .unwrap_or(0);
    let pad = " ".repeat(width);
    for c in changes {
        let words = change_words(&c.change);
        for (n, line) in wrap_words(&words, 98usize.saturating_sub(width))
            .iter()
            .enumerate()
        {
            if n == 0 {
                let _ = writeln!(o, "{:<width$}  {line}", c.source);
            } else {
                let _ = writeln!(o, "{pad}  {line}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::views::text;
    use super::{cut, wrap_words};

    #[test]
    fn cut_keeps_short_text_and_marks_long_text() {
        assert_eq!(cut("Sex", 5), "Sex");
        assert_eq!(cut("Survivor's sex", 5), "Surv…");
    }

    #[test]
    fn wrap_never_loses_a_word() {
        let lines = wrap_words("one two three four", 9);
        assert_eq!(lines.join(" "), "one two three four");
        assert!(lines.iter().all(|l| l.len() <= 9));
    }

    #[test]
    fn text_falls_back_to_the_default_language() {
        let t = [("en".to_string(), "Sex".to_string())]
            .into_iter()
            .collect();
        assert_eq!(text(&t, "ar", "en"), "Sex");
    }
}
