//! Builds of fake artifacts: determinism, atomicity per target, the build directory's manifest.

use std::path::{Path, PathBuf};

use gbvims_compiler::{Checked, Code, Diagnostic, Sources};

use super::{emit_all, write_build, Output};
use crate::manifest::{source_hash, CountryRef, Header, Manifest, StandardRef, TargetManifest};
use crate::output::sha256_hex;
use crate::{Artifact, Options, Target, TargetKind};

fn header(source: &str) -> Header {
    let mut sources = Sources::new();
    sources.add("country-configs/x/country.gbv", source);
    Header {
        format: crate::manifest::FORMAT.into(),
        standard: StandardRef {
            name: "gbvims".into(),
            version: "1.0.0".into(),
        },
        country: Some(CountryRef {
            id: "x".into(),
            code: "xx".into(),
        }),
        languages: vec!["en".into(), "fr".into()],
        compiler: "0.1.0".into(),
        source_hash: source_hash(&sources).unwrap(),
        data_protection: Vec::new(),
        rewords: Vec::new(),
    }
}

fn art(path: &str, text: &str) -> Artifact {
    Artifact {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn output(kind: TargetKind, files: &[(&str, &str)]) -> Output {
    Output {
        kind,
        artifacts: files.iter().map(|(p, t)| art(p, t)).collect(),
    }
}

/// Every file below `dir` with its bytes, sorted by path.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

fn top(dir: &Path) -> Manifest {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn mobile() -> Output {
    output(
        TargetKind::Mobile,
        &[("incident.xml", "<x/>"), ("media/loc.csv", "a,b")],
    )
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let web = output(TargetKind::Web, &[("index.html", "w")]);
    for dir in [a.path(), b.path()] {
        write_build(dir, &header("v1"), &[web.clone(), mobile()]).unwrap();
    }
    write_build(a.path(), &header("v1"), &[mobile(), web]).unwrap();
    let ta = tree(a.path());
    assert_eq!(ta, tree(b.path()));
    let names: Vec<_> = ta.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "mobile/incident.xml",
            "mobile/manifest.json",
            "mobile/media/loc.csv",
            "web/index.html",
            "web/manifest.json"
        ]
    );
}

#[test]
fn an_invalid_output_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_build(dir, &header("v1"), &[mobile()]).unwrap();
    let before = tree(dir);
    for bad in [
        output(TargetKind::Ir, &[("ok.json", "x"), ("../escape", "x")]),
        output(TargetKind::Ir, &[("manifest.json", "x")]),
        output(TargetKind::Ir, &[("a", "x"), ("a", "y")]),
    ] {
        let new_mobile = output(TargetKind::Mobile, &[("incident.xml", "new")]);
        assert!(write_build(dir, &header("v2"), &[new_mobile, bad]).is_err());
        assert_eq!(tree(dir), before, "the previous build stays whole");
    }
}

#[test]
fn a_failing_write_leaves_that_target_s_previous_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let web = output(TargetKind::Web, &[("index.html", "w")]);
    write_build(dir, &header("v1"), &[mobile(), web]).unwrap();
    let web_before = tree(&dir.join("web"));
    // A plain file where the web staging directory goes: writing the web target fails.
    std::fs::write(dir.join(".web.new"), "").unwrap();
    let new_web = output(TargetKind::Web, &[("index.html", "new")]);
    assert!(write_build(dir, &header("v2"), &[new_web]).is_err());
    assert_eq!(tree(&dir.join("web")), web_before);
    assert_eq!(top(dir).header.source_hash, header("v1").source_hash);
}

#[test]
fn building_web_after_mobile_keeps_mobile_and_lists_both() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_build(dir, &header("v1"), &[mobile()]).unwrap();
    let mobile_before = std::fs::read(dir.join("mobile/manifest.json")).unwrap();
    let m = write_build(
        dir,
        &header("v2"),
        &[output(TargetKind::Web, &[("index.html", "w")])],
    )
    .unwrap();
    assert_eq!(
        std::fs::read(dir.join("mobile/manifest.json")).unwrap(),
        mobile_before
    );
    assert_eq!(m, top(dir));
    let kinds: Vec<_> = m.targets.iter().map(|t| t.target).collect();
    assert_eq!(kinds, [TargetKind::Mobile, TargetKind::Web]);
    // The mobile directory was built from other sources: its own hash says it is stale.
    assert_eq!(m.targets[0].source_hash, header("v1").source_hash);
    assert_eq!(m.targets[1].source_hash, header("v2").source_hash);
    assert_eq!(m.header.source_hash, header("v2").source_hash);
}

#[test]
fn a_build_killed_mid_swap_is_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write_build(dir, &header("v1"), &[mobile()]).unwrap();
    let before = tree(&dir.join("mobile"));
    // Killed after moving the old output aside, before moving the new one in.
    std::fs::rename(dir.join("mobile"), dir.join(".mobile.old")).unwrap();
    std::fs::create_dir(dir.join(".mobile.new")).unwrap();
    std::fs::write(dir.join(".mobile.new/incident.xml"), "half").unwrap();
    let m = write_build(
        dir,
        &header("v1"),
        &[output(TargetKind::Web, &[("index.html", "w")])],
    )
    .unwrap();
    assert_eq!(tree(&dir.join("mobile")), before);
    assert!(!dir.join(".mobile.old").exists() && !dir.join(".mobile.new").exists());
    assert_eq!(m.targets.len(), 2, "{m:?}");
}

#[test]
fn manifest_hashes_match_the_files_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let m = write_build(
        dir,
        &header("v1"),
        &[mobile(), output(TargetKind::Ir, &[("ir.json", "{}")])],
    )
    .unwrap();
    for entry in &m.targets {
        let tdir = dir.join(entry.target.name());
        let bytes = std::fs::read(tdir.join("manifest.json")).unwrap();
        assert_eq!(entry.manifest_sha256, sha256_hex(&bytes));
        let tm: TargetManifest = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(tm.target, entry.target);
        assert_eq!(tm.header, header("v1"));
        let on_disk: Vec<_> = tree(&tdir)
            .into_iter()
            .filter(|(p, _)| p != Path::new("manifest.json"))
            .map(|(p, b)| (p.display().to_string(), b.len() as u64, sha256_hex(&b)))
            .collect();
        let listed: Vec<_> = tm
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes, f.sha256.clone()))
            .collect();
        assert_eq!(listed, on_disk);
    }
}

/// A target for tests: fails, or writes one file.
struct Fake(TargetKind, bool);

impl Target for Fake {
    fn kind(&self) -> TargetKind {
        self.0
    }

    fn emit(&self, checked: &Checked, _: &Options) -> Result<Vec<Artifact>, Vec<Diagnostic>> {
        if self.1 {
            let span = checked.spans().records[0];
            Err(vec![Diagnostic::new(Code::E0001, span, "cannot emit")])
        } else {
            Ok(vec![art("a.txt", self.0.name())])
        }
    }
}

/// The standard of the repository, compiled.
fn standard() -> gbvims_compiler::Compiled {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "gbv") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    walk(&root.join("standard-forms"), &mut files);
    files.sort();
    let mut sources = Sources::new();
    for f in files {
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        sources.add(name, std::fs::read_to_string(&f).unwrap());
    }
    gbvims_compiler::compile(&sources)
}

#[test]
fn a_failing_target_fails_the_whole_emission() {
    let compiled = standard();
    let checked = compiled.checked().expect("the standard compiles");
    let options = Options::default();
    let good: Vec<Box<dyn Target>> = vec![
        Box::new(Fake(TargetKind::Mobile, false)),
        Box::new(Fake(TargetKind::Web, false)),
    ];
    let outputs = emit_all(&good, checked, &options, |_| ()).unwrap();
    let kinds: Vec<_> = outputs.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, [TargetKind::Mobile, TargetKind::Web]);
    let bad: Vec<Box<dyn Target>> = vec![
        Box::new(Fake(TargetKind::Mobile, false)),
        Box::new(Fake(TargetKind::Web, true)),
    ];
    let diags = emit_all(&bad, checked, &options, |_| ()).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].message, "cannot emit");
}
