//! Translation files for translators: the spreadsheet they fill in.

pub use gbvims_xlsx::translations as xlsx;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use gbvims_compiler::model::Model;
    use gbvims_compiler::translations::{entries, to_gbv, Key};
    use gbvims_compiler::Sources;

    use super::xlsx::{read_sheet, write_sheet, Row};

    fn gbv_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                gbv_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "gbv") {
                out.push(p);
            }
        }
    }

    fn standard() -> Model {
        let mut files = Vec::new();
        gbv_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("standard-forms"),
            &mut files,
        );
        files.sort();
        let mut sources = Sources::new();
        for f in files {
            sources.add(
                f.display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            );
        }
        let result = gbvims_compiler::compile(&sources);
        assert!(!result.has_errors(), "the standard must compile");
        result.model().unwrap().clone()
    }

    /// The standard's Arabic texts go through the spreadsheet and come back as declarations.
    #[test]
    fn standard_to_sheet_to_gbv() {
        let model = standard();
        let entries = entries(&model);
        let rows: Vec<Row> = entries
            .iter()
            .map(|e| Row {
                key: e.key.to_string(),
                source: e.texts.get("en").unwrap_or_default().to_string(),
                target: e.texts.get("ar").unwrap_or_default().to_string(),
            })
            .collect();
        let bytes = write_sheet("ar", "Arabic", true, "English", &rows).unwrap();
        let (lang, read) = read_sheet(&bytes).unwrap();
        assert_eq!(lang, "ar");
        assert_eq!(read.len(), rows.len());
        let mut items = Vec::new();
        for (r, (written, e)) in read.iter().zip(rows.iter().zip(&entries)) {
            assert_eq!(r.key, written.key, "row {}", r.row);
            assert_eq!(r.target, written.target, "row {}", r.row);
            let key: Key = r.key.parse().unwrap();
            assert_eq!(key, e.key);
            if !r.target.is_empty() {
                items.push((key, r.target.clone()));
            }
        }
        let gbv = to_gbv("ar", &items);
        let texts = gbv.lines().filter(|l| l.contains(" ar \"")).count();
        assert_eq!(texts, items.len());
        assert!(gbv.contains(
            "translate lookup lookup-gender {\n  name: ar \"الجنس\"\n  option male: ar \"ذكر\"\n"
        ));
        assert!(gbv.ends_with("}\n"));
    }
}
