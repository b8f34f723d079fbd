//! The country's locations as the HXL CSV Primero's location import reads (FACTS §7.1): a row
//! of headers, a row of hashtags, then one row per unit of the deepest level, with all its
//! ancestors. Primero drops a row with a blank mapped cell, so units shallower than the deepest
//! level that have no children go into one more file per level (`locations-adm<N>.csv`, whose
//! deepest tags are that level's), imported after `locations.csv`.

use std::collections::{BTreeMap, BTreeSet};

use gbvims_compiler::locations::{Location, LocationTable};
use gbvims_compiler::model::{fallback, Country};

use super::Ctx;
use crate::Artifact;

/// The location files (none without a country).
pub(crate) fn files(ctx: &Ctx) -> Vec<Artifact> {
    match &ctx.model.country {
        Some(country) => hxl(
            &|kind| ctx.model.stored_location_type(kind).to_string(),
            country,
            ctx.model.default_language(),
        ),
        None => Vec::new(),
    }
}

/// The files of a country's locations; `default` is the language whose names stand in for
/// missing English ones.
/// `stored_type` gives a location type's stored id (`division_95670` for `division`).
fn hxl(stored_type: &dyn Fn(&str) -> String, country: &Country, default: &str) -> Vec<Artifact> {
    let table = &country.locations;
    if table.units.is_empty() {
        return Vec::new();
    }
    let parents: BTreeSet<usize> = table.units.iter().filter_map(|u| u.parent).collect();
    let mut by_level: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    for (i, u) in table.units.iter().enumerate() {
        if u.level == table.depth || !parents.contains(&i) {
            by_level.entry(u.level).or_default().push(i);
        }
    }
    by_level
        .into_iter()
        .rev()
        .map(|(level, rows)| Artifact {
            path: if level == table.depth {
                "locations.csv".to_string()
            } else {
                format!("locations-adm{level}.csv")
            },
            bytes: csv(stored_type, country, default, level, &rows),
        })
        .collect()
}

fn csv(
    stored_type: &dyn Fn(&str) -> String,
    country: &Country,
    default: &str,
    depth: u8,
    rows: &[usize],
) -> Vec<u8> {
    let table = &country.locations;
    let others: Vec<&String> = table.languages.iter().filter(|l| *l != "en").collect();
    // A type column for a level only when the country configures that level's type.
    let kind_of = |level: u8| {
        country
            .location_levels
            .iter()
            .find(|l| l.level == level)
            // The type's stored id (`division_95670` for `division`), as records hold it.
            .map(|l| stored_type(l.kind.as_str()))
    };
    let typed: Vec<bool> = (0..=depth).map(|l| l > 0 && kind_of(l).is_some()).collect();
    let (headers, tags) =
        gbvims_compiler::locations::hxl_headers(depth, &others, |l| typed[usize::from(l)]);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(&headers);
    let _ = w.write_record(&tags);
    for &i in rows {
        let chain = ancestors(table, i);
        let mut record = Vec::new();
        for level in 0..=depth {
            let unit = chain.iter().find(|u| u.level == level);
            let name = |l: &str| {
                unit.and_then(|u| u.names.get(l))
                    .unwrap_or_default()
                    .to_string()
            };
            record.push(unit.map(|u| u.code.clone()).unwrap_or_default());
            // The untagged name is English: the unit's English, else its name in the
            // configuration's default language.
            record.push(
                unit.and_then(|u| fallback(|l| u.names.get(l), "en", default))
                    .unwrap_or_default()
                    .to_string(),
            );
            for l in &others {
                record.push(name(l));
            }
            if typed[usize::from(level)] {
                // A unit's own type (from the file's type column) by its stored id too, whether
                // the file wrote the option's id or its stored id.
                record.push(
                    unit.and_then(|u| u.kind.as_deref().map(stored_type))
                        .or_else(|| kind_of(level))
                        .unwrap_or_default(),
                );
            }
        }
        let _ = w.write_record(&record);
    }
    w.into_inner().unwrap_or_default()
}

/// A unit and its ancestors.
fn ancestors(table: &LocationTable, i: usize) -> Vec<&Location> {
    let mut out = vec![&table.units[i]];
    while let Some(p) = out.last().and_then(|u| u.parent) {
        out.push(&table.units[p]);
        if out.len() > 16 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use gbvims_compiler::locations::{Location, LocationTable};
    use gbvims_compiler::model::{AdminLevel, Country, OptionId, Texts};

    fn unit(code: &str, level: u8, parent: Option<usize>, en: &str, fr: &str) -> Location {
        Location {
            code: code.into(),
            level,
            parent,
            names: [("en", en), ("fr", fr)].into_iter().collect(),
            kind: None,
        }
    }

    /// A unit shallower than the deepest level, with no children, goes to a file of its own
    /// level (Primero drops a row with a blank mapped cell); the others to `locations.csv`.
    #[test]
    fn shallow_units_get_a_file_of_their_level() {
        let locations = LocationTable::new(
            vec![
                unit("ML", 0, None, "Mali", "Mali"),
                unit("ML01", 1, Some(0), "Kayes", "Kayes"),
                unit("ML0101", 2, Some(1), "Bafoulabe", "Bafoulabé"),
                unit("ML99", 1, Some(0), "New region", "Nouvelle région"),
            ],
            2,
            vec!["fr".into(), "en".into()],
        );
        let country = Country {
            id: "mali".into(),
            code: "ml".into(),
            name: Texts::default(),
            requirement: "^2.0".into(),
            locations,
            location_levels: vec![
                AdminLevel {
                    kind: OptionId("region".into()),
                    level: 1,
                },
                AdminLevel {
                    kind: OptionId("ml_cercle".into()),
                    level: 2,
                },
            ],
            ir_location_levels: Vec::new(),
            mobile_public_key: None,
            rewords: Vec::new(),
        };
        let files = super::hxl(&|k| k.to_string(), &country, "fr");
        let text = |n: usize| String::from_utf8(files[n].bytes.clone()).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "locations.csv");
        assert_eq!(
            text(0),
            "Country code,Country name,Country name (fr),Admin 1 code,Admin 1 name,Admin 1 name (fr),Admin 1 type,Admin 2 code,Admin 2 name,Admin 2 name (fr),Admin 2 type\r\n\
             #country+code,#country+name,#country+name+fr,#adm1+code,#adm1+name,#adm1+name+fr,#adm1+type,#adm2+code,#adm2+name,#adm2+name+fr,#adm2+type\r\n\
             ML,Mali,Mali,ML01,Kayes,Kayes,region,ML0101,Bafoulabe,Bafoulabé,ml_cercle\r\n"
        );
        assert_eq!(files[1].path, "locations-adm1.csv");
        assert!(text(1).ends_with(
            "#country+code,#country+name,#country+name+fr,#adm1+code,#adm1+name,#adm1+name+fr,#adm1+type\r\n\
             ML,Mali,Mali,ML99,New region,Nouvelle région,region\r\n"
        ));
    }
}
