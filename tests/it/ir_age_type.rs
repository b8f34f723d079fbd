//! The age-type variant of Incident Recorder column AC (FACTS §5.2), chosen by a country with
//! `ir_variants: perpetrator.age_type`: Mali with that line, built (`--target ir`: the template's
//! headers and `ir-mapping.json`) and exported (`ir export`, golden cells in English and French
//! read back with calamine, `tests/fixtures/ir-export/age-type.*`). Without the line, AC stays
//! the age group (the other IR tests).

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};

use crate::common;
use crate::ir_export::{dump, sheet};

/// AC, 0-based.
const AC: usize = 28;

/// A copy of Mali choosing the age-type variant, in a temporary directory.
fn mali_with_age_type() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mali");
    std::fs::create_dir(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/mali");
    for name in ["country.gbv", "locations.csv", "mobile-public-key.pem"] {
        std::fs::copy(src.join(name), dir.join(name)).unwrap();
    }
    let header = std::fs::read_to_string(dir.join("country.gbv")).unwrap();
    let levels = "  ir_location_levels: county 1, district 2\n";
    assert!(header.contains(levels));
    let header = header.replacen(
        levels,
        &format!("{levels}  ir_variants: perpetrator.age_type\n"),
        1,
    );
    std::fs::write(dir.join("country.gbv"), header).unwrap();
    (tmp, dir)
}

fn fixture(name: &str) -> PathBuf {
    common::fixtures_root().join("ir-export").join(name)
}

/// The copy's files as `(name, text)`, for the library.
fn files(dir: &Path) -> Vec<(String, String)> {
    ["country.gbv", "locations.csv", "mobile-public-key.pem"]
        .iter()
        .map(|n| {
            (
                format!("mali/{n}"),
                std::fs::read_to_string(dir.join(n)).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_variant_checks_clean_and_shows_age_type() {
    let (tmp, dir) = mali_with_age_type();
    let (code, out, err) = common::gbvims(&["check", "mali"], tmp.path());
    assert_eq!(code, 0, "{out}{err}");
    // Shown, and asked on phones like the age group it stands for (else incidents collected on
    // phones would leave the column empty).
    let age_type = |model: &gbvims_compiler::model::Model| {
        let flags = &model
            .fields
            .iter()
            .find(|f| f.id.as_str() == "age_type")
            .unwrap()
            .flags;
        flags.visible && flags.mobile
    };
    let (_, with) = common::compile_country_on_standard(&files(&dir));
    let model = with.model().expect("a model");
    assert!(with.diagnostics().is_empty());
    assert!(age_type(model), "choosing the variant shows `age_type`");
    let ir = model.incident_recorder.as_ref().unwrap();
    assert_eq!(ir.columns[AC].key, "perpetrator.age_type");
    assert!(ir.variants.is_empty(), "the chosen variant is a column now");
    // Mali as shipped: the standard's column, and `age_type` hidden.
    let plain = crate::mobile::compile_country("mali");
    let model = plain.model().unwrap();
    assert!(!age_type(model));
    let ir = model.incident_recorder.as_ref().unwrap();
    assert_eq!(ir.columns[AC].key, "perpetrator.age_group");
    assert_eq!(ir.variants.len(), 1);
    assert_eq!(ir.variants[0].of, "perpetrator.age_group");
}

#[test]
fn build_writes_the_age_type_header_and_mapping() {
    let (tmp, _) = mali_with_age_type();
    let (code, _, err) = common::gbvims(&["build", "mali", "--target", "ir"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let ir = tmp.path().join("build/mali/ir");
    for (lang, header) in [
        ("fr", "Type d'âge du présumé auteur"),
        ("en", "ALLEGED PERPETRATOR AGE TYPE"),
    ] {
        let path = ir.join(format!("incident-recorder.{lang}.xlsx"));
        let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = book.worksheet_range("Incident Data").unwrap();
        let first: Vec<Data> = range.rows().next().unwrap().to_vec();
        assert_eq!(first.len(), 42);
        assert_eq!(first[AC].to_string(), header, "{lang}");
    }
    let mapping: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ir.join("ir-mapping.json")).unwrap()).unwrap();
    let columns = mapping["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 42);
    let ac = &columns[AC];
    assert_eq!(ac["letter"], "AC");
    assert_eq!(ac["key"], "perpetrator.age_type");
    assert_eq!(ac["header"]["en"], "ALLEGED PERPETRATOR AGE TYPE");
    assert_eq!(ac["header"]["fr"], "Type d'âge du présumé auteur");
    assert_eq!(ac["rules"]["values"], serde_json::json!(["word"]));
    let value = ac["value"].to_string();
    assert!(value.contains("age_type"), "{value}");
    assert!(!value.contains("age_group"), "{value}");
    assert!(
        columns.iter().all(|c| c["key"] != "perpetrator.age_group"),
        "the age group column is replaced"
    );
}

#[test]
fn export_writes_the_age_type_of_all_rows_in_english_and_french() {
    let (tmp, _) = mali_with_age_type();
    for lang in ["en", "fr"] {
        let out = tmp.path().join(format!("ir.{lang}.xlsx"));
        let (records, out_s) = (fixture("age-type.jsonl"), out.display().to_string());
        let (code, _, stderr) = common::gbvims(
            &[
                "ir",
                "export",
                "mali",
                "--records",
                records.to_str().unwrap(),
                "--lang",
                lang,
                "-o",
                &out_s,
            ],
            tmp.path(),
        );
        assert_eq!(code, 0, "{stderr}");
        let rows = sheet(&out);
        assert_eq!(rows.len(), 1 + 8, "{stderr}");
        let got = dump(&rows);
        let name = format!("age-type.{lang}.txt");
        if std::env::var_os("GBVIMS_UPDATE_GOLDEN").is_some() {
            std::fs::write(fixture(&name), &got).unwrap();
        }
        let want = std::fs::read_to_string(fixture(&name)).unwrap();
        assert_eq!(got, want, "cells in `{lang}` (stderr: {stderr})");
    }
    // Column AC alone, row by row (the golden files hold every cell).
    let ac: Vec<String> = sheet(&tmp.path().join("ir.fr.xlsx"))
        .iter()
        .map(|r| r[AC].to_string())
        .collect();
    assert_eq!(
        ac,
        [
            "Type d'âge du présumé auteur",
            "Adulte et Mineur",
            "Adulte",
            "Mineur",
            "Inconnu",
            "Adulte",
            "",
            "",
            "Adulte et Mineur"
        ]
    );
}
