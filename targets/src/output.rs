//! Writing a target's files: each target owns one directory (`build/<country>/mobile/`, …) that
//! is replaced atomically and on its own, and every file is listed with its SHA-256.
//!
//! The new contents are written to `.<name>.new` beside the target directory, then swapped in:
//! the old directory is renamed to `.<name>.old`, the new one to `<name>`, and the old one is
//! removed. A build that fails or is killed at any point leaves the previous output in place:
//! before writing, [`recover`] puts back an `.old` directory whose replacement never arrived and
//! removes a half-written `.new`.

use std::io;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Artifact;

/// One written file, as a manifest lists it.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Path relative to the target directory, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the contents, lower-case hex.
    pub sha256: String,
}

/// SHA-256 of `bytes` as lower-case hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest entries of a target's files, sorted by path.
#[must_use]
pub fn entries(artifacts: &[Artifact]) -> Vec<FileEntry> {
    let mut out: Vec<FileEntry> = artifacts
        .iter()
        .map(|a| FileEntry {
            path: a.path.clone(),
            bytes: a.bytes.len() as u64,
            sha256: sha256_hex(&a.bytes),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn staging(dir: &Path, name: &str, suffix: &str) -> PathBuf {
    dir.join(format!(".{name}.{suffix}"))
}

/// Puts the previous output of `name` back if a build was killed between moving it aside and
/// moving its replacement in, and removes a half-written replacement.
///
/// # Errors
/// File-system errors.
pub fn recover(dir: &Path, name: &str) -> io::Result<()> {
    let target = dir.join(name);
    let old = staging(dir, name, "old");
    let new = staging(dir, name, "new");
    if old.exists() {
        if target.exists() {
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&old, &target)?;
        }
    }
    if new.exists() {
        std::fs::remove_dir_all(&new)?;
    }
    Ok(())
}

/// A relative path without `..`, `.` or a root: the only kind a target may write.
pub(crate) fn checked_path(path: &str) -> io::Result<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("a target asked to write `{path}`, outside its directory"),
        ))
    }
}

/// Replaces `dir/name/` with exactly `artifacts`, atomically: on any error the previous
/// contents stay.
///
/// # Errors
/// File-system errors, or an artifact path outside the target directory.
pub fn replace_dir(dir: &Path, name: &str, artifacts: &[Artifact]) -> io::Result<()> {
    checked_path(name)?;
    std::fs::create_dir_all(dir)?;
    recover(dir, name)?;
    let new = staging(dir, name, "new");
    let written = write_all(&new, artifacts);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&new);
        return Err(e);
    }
    let target = dir.join(name);
    let old = staging(dir, name, "old");
    if target.exists() {
        std::fs::rename(&target, &old)?;
    }
    if let Err(e) = std::fs::rename(&new, &target) {
        // Put the previous output back.
        let _ = std::fs::rename(&old, &target);
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_all(root: &Path, artifacts: &[Artifact]) -> io::Result<()> {
    std::fs::create_dir_all(root)?;
    for a in artifacts {
        let path = root.join(checked_path(&a.path)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &a.bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(path: &str, text: &str) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn read(dir: &Path, path: &str) -> String {
        std::fs::read_to_string(dir.join(path)).unwrap()
    }

    #[test]
    fn replaces_the_directory_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        replace_dir(
            out,
            "mobile",
            &[art("incident.xml", "1"), art("media/a.csv", "a")],
        )
        .unwrap();
        replace_dir(out, "web", &[art("index.html", "w")]).unwrap();
        replace_dir(out, "mobile", &[art("incident.xml", "2")]).unwrap();
        assert_eq!(read(out, "mobile/incident.xml"), "2");
        assert!(!out.join("mobile/media/a.csv").exists(), "old files go");
        assert_eq!(read(out, "web/index.html"), "w", "another target stays");
        let names: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 2, "no staging directories left: {names:?}");
    }

    #[test]
    fn a_failed_build_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        replace_dir(out, "ir", &[art("ir-mapping.json", "good")]).unwrap();
        let bad = replace_dir(out, "ir", &[art("ok.json", "x"), art("../escape", "x")]);
        assert!(bad.is_err());
        assert_eq!(read(out, "ir/ir-mapping.json"), "good");
        assert!(!out.join("escape").exists());
        assert!(!out.join(".ir.new").exists());
    }

    #[test]
    fn a_build_killed_mid_swap_is_recovered() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        replace_dir(out, "web", &[art("a", "previous")]).unwrap();
        // Killed after moving the old output aside, before moving the new one in.
        std::fs::rename(out.join("web"), out.join(".web.old")).unwrap();
        std::fs::create_dir(out.join(".web.new")).unwrap();
        std::fs::write(out.join(".web.new/a"), "half").unwrap();
        recover(out, "web").unwrap();
        assert_eq!(read(out, "web/a"), "previous");
        assert!(!out.join(".web.new").exists() && !out.join(".web.old").exists());
    }

    #[test]
    fn manifest_entries_are_sorted_with_hashes() {
        let e = entries(&[art("b", "abc"), art("a", "")]);
        assert_eq!(e[0].path, "a");
        assert_eq!(
            e[0].sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            e[1].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(e[1].bytes, 3);
    }
}
