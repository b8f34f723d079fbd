//! The web bundle's preview page (`web/index.html`) in Debian's headless Chromium, driven by
//! `targets/web/preview-app/browser-test.mjs` (puppeteer-core): a display condition, a
//! constraint message, the computed classification, Arabic right to left, the supervisor role
//! without identifying fields, and no request leaving the page. Screenshots go to
//! `target/ci-artifacts/`.
//!
//! The tools come from `scripts/test-all.sh` (Debian's chromium, `npm ci` of the preview app).
//! Without them the tests are skipped — except under `CI=true`, where a missing tool is a
//! failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use gbvims_targets::web::preview::preview_html;
use gbvims_targets::{Artifact, TargetKind};

use crate::common::gbvims;

/// One Chromium at a time (the machine has two cores).
static BROWSER: Mutex<()> = Mutex::new(());

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn app_dir() -> PathBuf {
    root().join("targets/web/preview-app")
}

/// node, chromium and the preview app's npm packages, or why not.
fn tools() -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Err(format!(
            "{chromium} is missing (apt-get install -y chromium)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("node is missing".into());
    }
    if !app_dir().join("node_modules/puppeteer-core").is_dir() {
        return Err("the preview app's npm packages are missing: run \
                    `bash targets/web/preview-app/rebuild.sh --check`"
            .into());
    }
    Ok(())
}

fn tools_or_skip() -> bool {
    match tools() {
        Ok(()) => true,
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the browser test's tools are required under CI=true: {why}")
        }
        Err(why) => {
            eprintln!("skipped: {why}");
            false
        }
    }
}

/// Runs the browser test on a page; panics with its report when a check fails.
fn browser_test(index: &Path, screenshot: &str) {
    let _one = BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let shot = root().join("target/ci-artifacts").join(screenshot);
    let out = Command::new("node")
        .arg(app_dir().join("browser-test.mjs"))
        .arg(index)
        .arg("--screenshot")
        .arg(&shot)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser test failed on {}:\n{stdout}\n{stderr}",
        index.display()
    );
    assert!(shot.is_file(), "no screenshot at {}", shot.display());
}

/// The files of a directory as bundle artifacts (paths relative to it).
fn artifacts(dir: &Path) -> Vec<Artifact> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<Artifact>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Artifact {
                    path: rel,
                    bytes: std::fs::read(&p).unwrap(),
                });
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// The preview app on a hand-made bundle (`tests/fixtures/web-preview/sample/`, with a
/// stand-in evaluator): the app's own behaviour, whatever the web target emits.
#[test]
fn sample_bundle_in_chromium() {
    if !tools_or_skip() {
        return;
    }
    let files = artifacts(&root().join("tests/fixtures/web-preview/sample"));
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index.html");
    std::fs::write(&index, preview_html(&files)).unwrap();
    // GBVIMS_KEEP=DIR keeps the page (DIR/web-preview-sample.html), to open it by hand.
    if let Some(keep) = std::env::var_os("GBVIMS_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&index, Path::new(&keep).join("web-preview-sample.html")).unwrap();
    }
    browser_test(&index, "web-preview-sample.png");
}

/// Iraq's web bundle as `gbvims build --target web` writes it, opened from file://.
#[test]
fn iraq_preview_in_chromium() {
    if gbvims_targets::target(TargetKind::Web).is_none() {
        eprintln!("skipped: the web target is not in this build yet");
        return;
    }
    if !tools_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    let (code, stdout, stderr) = gbvims(
        &[
            "build",
            "country-configs/iraq",
            "--target",
            "web",
            "-o",
            out.to_str().unwrap(),
        ],
        root(),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    browser_test(&out.join("web/index.html"), "web-preview.png");
}

/// A configuration with errors is reported as `check` reports it, and nothing is served.
#[test]
fn preview_of_a_broken_configuration_serves_nothing() {
    let (code, stdout, stderr) = gbvims(
        &[
            "preview",
            "tests/fixtures/check/E0007-option-not-in-lookup.gbv",
            "--port",
            "0",
        ],
        root(),
    );
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("E0007"), "{stderr}");
    assert!(stderr.contains("nothing served"), "{stderr}");
    assert!(!stdout.contains("http://"), "{stdout}");
}

/// `gbvims preview` on port 0 prints its address and serves the page and the bundle's files.
#[test]
fn preview_serves_the_bundle() {
    use std::io::{BufRead, BufReader, Read, Write};
    if gbvims_targets::target(TargetKind::Web).is_none() {
        eprintln!("skipped: the web target is not in this build yet");
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gbvims"))
        .args([
            "preview",
            "country-configs/iraq",
            "--port",
            "0",
            "--lang",
            "ar",
        ])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run gbvims preview");
    // Killed whatever happens below.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let _child = Kill(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let address = line.trim();
    assert!(
        address.starts_with("http://127.0.0.1:") && address.ends_with("/?lang=ar"),
        "{address:?}"
    );
    let host = address
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap();
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(host).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    };
    let page = get("/?lang=ar");
    assert!(
        page.starts_with("HTTP/1.1 200"),
        "{}",
        &page[..page.len().min(300)]
    );
    assert!(page.contains("text/html"));
    assert!(page.contains("<!DOCTYPE html>") && page.contains("id=\"gbvims-bundle\""));
    let bundle = get("/bundle.json");
    assert!(bundle.starts_with("HTTP/1.1 200") && bundle.contains("gbvims-web/1"));
    assert!(get("/nothing-here").starts_with("HTTP/1.1 404"));
}

/// The preview app's logic under node's test runner (`targets/web/preview-app/unit.test.mjs`).
#[test]
fn preview_app_unit_tests() {
    if !tools_or_skip() {
        return;
    }
    let out = Command::new("node")
        .args(["--test", "unit.test.mjs"])
        .current_dir(app_dir())
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--lang` must be a language of the configuration; nothing is served otherwise.
#[test]
fn preview_in_an_unknown_language_serves_nothing() {
    let (code, stdout, stderr) = gbvims(
        &[
            "preview",
            "country-configs/iraq",
            "--lang",
            "xx",
            "--port",
            "0",
        ],
        root(),
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("`xx` is not a language"), "{stderr}");
    assert!(!stdout.contains("http://"), "{stdout}");
}
