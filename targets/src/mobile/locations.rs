//! The attached location list (`locations.csv`): one row per unit of every admin level the
//! country's location questions show, with the code of its ancestor at the level above, so one
//! file serves every cascading question (`level = 2 and parent = ${…}`), and a phone loads a
//! country of 100,000 units without holding them in the form.

use gbvims_compiler::model::{Country, Model};

/// The CSV file: `name` (the code stored), `label` (the names in the form's languages), `level`
/// (the admin level), `parent` (the code of the ancestor at the previous configured level).
#[must_use]
pub fn csv(model: &Model, country: &Country, langs: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let default = langs.first().map_or("en", String::as_str);
    let _ = w.write_record(["name", "label", "level", "parent"]);
    let levels: Vec<u8> = country.location_levels.iter().map(|l| l.level).collect();
    let table = &country.locations;
    for unit in &table.units {
        let Some(pos) = levels.iter().position(|l| *l == unit.level) else {
            continue;
        };
        let parent = match pos {
            0 => String::new(),
            _ => table
                .ancestor_at(&unit.code, levels[pos - 1])
                .map(|p| p.code.clone())
                .unwrap_or_default(),
        };
        // ODK reads no language from an attached file: the label shows the unit's name in
        // every language of the form, default first ("Babil / بابل").
        let mut names: Vec<&str> = Vec::new();
        for l in langs {
            if let Some(n) = unit.names.get(l) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        let joined = names.join(" / ");
        let label = if joined.is_empty() {
            gbvims_compiler::model::fallback(
                |l| unit.names.get(l),
                default,
                model.default_language(),
            )
            .unwrap_or(unit.code.as_str())
        } else {
            joined.as_str()
        };
        let _ = w.write_record([
            unit.code.as_str(),
            label,
            &unit.level.to_string(),
            parent.as_str(),
        ]);
    }
    w.into_inner().unwrap_or_default()
}
