//! Locations: read from HXL CSV files (the `locations*.csv` of a Primero build or of Primero's
//! location import, FACTS §7.1) and written as the one HXL CSV a country's `locations:` names.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_dsl::Span;

use crate::dump::{unreadable, Dump, I18n, Location};
use gbvims_compiler::Diagnostic;

/// What one column of a location file holds.
enum Column {
    Code(u8),
    Name(u8, String),
    Type(u8),
}

fn column(tag: &str) -> Option<Column> {
    let tag = tag.trim().to_ascii_lowercase();
    let mut parts = tag.split('+');
    let head = parts.next()?;
    let level = if head == "#country" {
        0
    } else {
        head.strip_prefix("#adm")?.parse::<u8>().ok()?
    };
    let attrs: Vec<&str> = parts.collect();
    match attrs.as_slice() {
        ["code", ..] => Some(Column::Code(level)),
        ["type", ..] => Some(Column::Type(level)),
        ["name"] => Some(Column::Name(level, "en".into())),
        ["name", lang, ..] => Some(Column::Name(level, (*lang).to_string())),
        _ => None,
    }
}

/// Reads one HXL CSV file into `dump` (units already read are not repeated).
///
/// # Errors
/// E0140 when the file has no row of hashtags with codes.
pub fn read_hxl(text: &str, span: Span, dump: &mut Dump) -> Result<(), Box<Diagnostic>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let Some(tag_row) = rows.iter().position(|r| {
        r.iter()
            .any(|c| c.trim_start().starts_with("#country") || c.trim_start().starts_with("#adm"))
    }) else {
        return Err(unreadable(
            span,
            "this location file has no row of HXL hashtags (`#country+code`, `#adm1+code`, …)",
            "give the HXL location file Primero imports (a row of headers, then a row of hashtags)",
        ));
    };
    let columns: Vec<Option<Column>> = rows[tag_row].iter().map(|t| column(t)).collect();
    let mut seen: BTreeSet<String> = dump.locations.iter().map(|l| l.code.clone()).collect();
    dump.has_locations = true;
    for row in &rows[tag_row + 1..] {
        let mut units: BTreeMap<u8, (String, I18n, Option<String>)> = BTreeMap::new();
        for (cell, col) in row.iter().zip(&columns) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            match col {
                Some(Column::Code(l)) => units.entry(*l).or_default().0 = cell.to_string(),
                Some(Column::Name(l, lang)) => {
                    units
                        .entry(*l)
                        .or_default()
                        .1
                        .insert(lang.clone(), cell.to_string());
                }
                Some(Column::Type(l)) => units.entry(*l).or_default().2 = Some(cell.to_string()),
                None => {}
            }
        }
        let mut parent: Option<String> = None;
        for (level, (code, names, kind)) in units {
            if code.is_empty() {
                continue;
            }
            if seen.insert(code.clone()) {
                dump.locations.push(Location {
                    code: code.clone(),
                    level,
                    parent: parent.clone(),
                    names,
                    kind,
                    span,
                });
            }
            parent = Some(code);
        }
    }
    Ok(())
}

/// The HXL CSV of the units: a row per unit with no unit below it, with its ancestors (a unit
/// shallower than the deepest level stops early); names in English untagged, then in `langs`.
#[must_use]
pub fn write_hxl(units: &[Location], langs: &[String], typed: &BTreeSet<u8>) -> String {
    let depth = units.iter().map(|u| u.level).max().unwrap_or(0);
    let others: Vec<&String> = langs.iter().filter(|l| *l != "en").collect();
    let (headers, tags) =
        gbvims_compiler::locations::hxl_headers(depth, &others, |l| typed.contains(&l));
    let by_code: BTreeMap<&str, &Location> = units.iter().map(|u| (u.code.as_str(), u)).collect();
    let parents: BTreeSet<&str> = units.iter().filter_map(|u| u.parent.as_deref()).collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(&headers);
    let _ = w.write_record(&tags);
    for unit in units.iter().filter(|u| !parents.contains(u.code.as_str())) {
        let mut chain: BTreeMap<u8, &Location> = BTreeMap::new();
        let mut at = Some(unit);
        while let Some(u) = at {
            if chain.insert(u.level, u).is_some() || chain.len() > 16 {
                break;
            }
            at = u.parent.as_deref().and_then(|p| by_code.get(p).copied());
        }
        let mut record = Vec::new();
        for level in 0..=depth {
            let u = chain.get(&level);
            let name = |l: &str| u.and_then(|u| u.names.get(l)).cloned().unwrap_or_default();
            record.push(u.map(|u| u.code.clone()).unwrap_or_default());
            record.push(name("en"));
            for l in &others {
                record.push(name(l));
            }
            if typed.contains(&level) {
                record.push(u.and_then(|u| u.kind.clone()).unwrap_or_default());
            }
        }
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gbvims_dsl::FileId;

    #[test]
    fn hxl_reads_back_what_it_writes() {
        let text = "Country code,Country name,Country name (fr),Admin 1 code,Admin 1 name,Admin 1 name (fr),Admin 1 type\r\n\
                    #country+code,#country+name,#country+name+fr,#adm1+code,#adm1+name,#adm1+name+fr,#adm1+type\r\n\
                    ML,Mali,Mali,ML01,Kayes,Kayes,region\r\n\
                    ML,Mali,Mali,ML02,Koulikoro,Koulikoro,region\r\n";
        let mut dump = Dump::default();
        read_hxl(text, Span::new(FileId(0), 0, 0), &mut dump).unwrap();
        assert_eq!(dump.locations.len(), 3);
        assert_eq!(dump.locations[1].parent.as_deref(), Some("ML"));
        let typed: BTreeSet<u8> = [1].into_iter().collect();
        let out = write_hxl(
            &dump.locations,
            &["fr".to_string(), "en".to_string()],
            &typed,
        );
        assert_eq!(out, text);
    }
}
