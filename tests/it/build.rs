//! `gbvims build` on the command line: what happens before any target runs (configuration
//! errors, targets not available yet, the default build directory), and end-to-end builds with
//! the mobile target (byte-identical builds, manifest hashes, failed and killed builds).

use std::path::{Path, PathBuf};

use crate::common::gbvims;

/// A copy of the Iraq example in a temporary directory (the command runs there).
fn iraq() -> (tempfile::TempDir, PathBuf) {
    crate::common::iraq_copy()
}

/// Breaks the country file (a syntax error).
fn break_country(dir: &Path) {
    let path = dir.join("country.gbv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\nthis is not gbvims {\n");
    std::fs::write(path, text).unwrap();
}

/// Every file below `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(tree(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_configuration_with_errors_writes_nothing() {
    let (tmp, dir) = iraq();
    break_country(&dir);
    for target in ["mobile", "web", "all"] {
        let (code, _, err) = gbvims(&["build", "iraq", "--target", target], tmp.path());
        assert_eq!(code, 1, "{target}: {err}");
        assert!(err.contains("error[E0006]"), "{err}");
        assert!(err.contains("failed: iraq (3 files)"), "{err}");
        assert!(err.contains("nothing written"), "{err}");
        assert!(!tmp.path().join("build").exists(), "no build directory");
    }
    // A previous build stays as it was.
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("mobile")).unwrap();
    std::fs::write(out.join("mobile/manifest.json"), "{}").unwrap();
    std::fs::write(out.join("manifest.json"), "{}").unwrap();
    let before = tree(&out);
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(tree(&out), before);
}

#[test]
fn errors_print_as_check_prints_them() {
    let (tmp, dir) = iraq();
    break_country(&dir);
    let (code, out, _) = gbvims(
        &["build", "iraq", "--target", "mobile", "--format", "sarif"],
        tmp.path(),
    );
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).expect("one SARIF log");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "E0006", "{out}");
    let (code, check_out, _) = gbvims(&["check", "iraq", "--format", "json"], tmp.path());
    assert_eq!(code, 1);
    let (code, build_out, _) = gbvims(
        &["build", "iraq", "--target", "web", "--format", "json"],
        tmp.path(),
    );
    assert_eq!(code, 1);
    assert_eq!(build_out, check_out);
}

#[test]
fn an_unknown_target_is_a_usage_error() {
    let (tmp, _dir) = iraq();
    let (code, _, err) = gbvims(&["build", "iraq", "--target", "desktop"], tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(!tmp.path().join("build").exists());
}

#[test]
fn the_default_build_directory_is_named_after_the_country_or_the_standard() {
    let (tmp, _dir) = iraq();
    let (code, _, err) = gbvims(&["build", "iraq", "--target", "web"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("build/iraq/web/bundle.json").is_file());
    let standard = Path::new(env!("CARGO_MANIFEST_DIR")).join("standard-forms");
    let (code, _, err) = gbvims(
        &["build", standard.to_str().unwrap(), "--target", "web"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("build/gbvims/web/bundle.json").is_file());
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "web", "-o", "elsewhere"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("elsewhere/web/bundle.json").is_file());
}

#[test]
fn warnings_stop_the_build_only_when_denied() {
    let tmp = tempfile::tempdir().unwrap();
    // The fixture with the key its fixture set shares (`_base`).
    let root = crate::common::fixtures_root().join("country");
    let dir = tmp.path().join("portuguese");
    std::fs::create_dir(&dir).unwrap();
    for f in ["country.gbv", "locations.csv"] {
        std::fs::copy(
            root.join("W0005-portuguese-untranslated").join(f),
            dir.join(f),
        )
        .unwrap();
    }
    std::fs::copy(
        root.join("_base/mobile-public-key.pem"),
        dir.join("mobile-public-key.pem"),
    )
    .unwrap();
    let fixture = dir.to_str().unwrap();
    let (code, _, err) = gbvims(
        &["build", fixture, "--target", "web", "--deny-warnings"],
        tmp.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("warning[W0005]") && err.contains("nothing written"),
        "{err}"
    );
    // Allowed, the warning is printed and the build goes on.
    let (code, _, err) = gbvims(&["build", fixture, "--target", "web"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0005]"), "{err}");
    assert!(tmp
        .path()
        .join("build/timor_leste/web/bundle.json")
        .is_file());
}

/// Every file below `dir`, relative, with its bytes.
fn relative_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .map(|(p, b)| {
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, b)
        })
        .collect()
}

#[test]
fn two_mobile_builds_are_byte_identical_and_the_manifest_hashes_match() {
    let (tmp, _dir) = iraq();
    for out in ["one", "two"] {
        let (code, _, err) = gbvims(
            &["build", "iraq", "--target", "mobile", "-o", out],
            tmp.path(),
        );
        assert_eq!(code, 0, "{err}");
    }
    let one = relative_tree(&tmp.path().join("one"));
    assert_eq!(one, relative_tree(&tmp.path().join("two")));
    let names: Vec<&str> = one.iter().map(|(p, _)| p.as_str()).collect();
    for f in [
        "manifest.json",
        "mobile/manifest.json",
        "mobile/incident.xml",
        "mobile/case.xlsx",
        "mobile/locations.csv",
    ] {
        assert!(names.contains(&f), "{f} in {names:?}");
    }
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("one/mobile/manifest.json")).unwrap(),
    )
    .unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), one.len() - 2, "every file but the manifests");
    for f in files {
        let path = tmp
            .path()
            .join("one/mobile")
            .join(f["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            gbvims_targets::output::sha256_hex(&bytes),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_failed_or_killed_build_leaves_the_previous_mobile_output() {
    let (tmp, dir) = iraq();
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("out");
    let before = relative_tree(&out);
    // Another target that fails (Primero without the instance's file, E0116): mobile/ stays
    // as it was.
    let instance = dir.join("primero/instance.json");
    let kept = std::fs::read(&instance).unwrap();
    std::fs::remove_file(&instance).unwrap();
    let (code, _, _) = gbvims(
        &["build", "iraq", "--target", "primero", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 1);
    assert_eq!(relative_tree(&out), before);
    std::fs::write(&instance, kept).unwrap();
    // A build killed after moving mobile/ aside: the next build puts it back, then replaces it.
    std::fs::rename(out.join("mobile"), out.join(".mobile.old")).unwrap();
    std::fs::create_dir(out.join(".mobile.new")).unwrap();
    std::fs::write(out.join(".mobile.new/incident.xml"), "half written").unwrap();
    break_country(&dir);
    let (code, _, _) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 1, "a configuration error writes nothing");
    std::fs::write(
        dir.join("country.gbv"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("country-configs/iraq/country.gbv"),
        )
        .unwrap(),
    )
    .unwrap();
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        relative_tree(&out),
        before,
        "recovered and rebuilt to the same bytes"
    );
}

/// A `reword … because` is listed with its reason and source line in both manifests and in
/// `gbvims show`; the same text as a plain `translate` stops the build (E0124).
#[test]
fn rewords_are_listed_in_the_manifest_and_in_show() {
    let (tmp, dir) = iraq();
    let path = dir.join("country.gbv");
    let original = std::fs::read_to_string(&path).unwrap();
    let line = original.lines().count() + 3;
    let reword = "\nreword lookup lookup-perpetrator-relationship {\n  option other: en \"Other relationship\"\n} because \"field teams read \\\"Other\\\" as \\\"no relation\\\"\"\n";
    std::fs::write(&path, format!("{original}{reword}")).unwrap();
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    for manifest in ["out/manifest.json", "out/mobile/manifest.json"] {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(tmp.path().join(manifest)).unwrap()).unwrap();
        let rewords = json["rewords"].as_array().unwrap();
        assert_eq!(rewords.len(), 1, "{manifest}: {rewords:?}");
        let r = &rewords[0];
        assert_eq!(
            r["target"],
            "lookup lookup-perpetrator-relationship, option other"
        );
        assert_eq!(r["lang"], "en");
        assert_eq!(r["standard"], "Other");
        assert_eq!(r["text"], "Other relationship");
        assert_eq!(
            r["because"],
            "field teams read \"Other\" as \"no relation\""
        );
        let source = r["source"].as_str().unwrap();
        assert!(
            source.ends_with(&format!("country.gbv:{line}")),
            "{manifest}: {source}"
        );
    }
    let (code, out, err) = gbvims(&["show", "iraq"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("texts reworded in the standard's language (1):")
            && out.contains("lookup lookup-perpetrator-relationship, option other: en \"Other relationship\" (was \"Other\"), because \"field teams read \"Other\" as \"no relation\"\""),
        "{out}"
    );

    let plain = reword.replace("reword", "translate").replace(
        " because \"field teams read \\\"Other\\\" as \\\"no relation\\\"\"",
        "",
    );
    std::fs::write(&path, format!("{original}{plain}")).unwrap();
    let (code, _, err) = gbvims(
        &["build", "iraq", "--target", "mobile", "-o", "out2"],
        tmp.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0124"), "{err}");
}
