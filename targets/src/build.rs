//! A build: every requested target emits in memory first ([`emit_all`]), then each target's
//! directory is replaced on its own, with its `manifest.json` inside, and the build directory's
//! `manifest.json` is rewritten to list every target directory present ([`write_build`]).
//!
//! ```text
//! DIR/manifest.json          the targets present (kind, manifest hash, source hash)
//! DIR/mobile/manifest.json   the mobile target's files with their hashes
//! DIR/mobile/…
//! DIR/web/…                  left alone by a build of another target
//! ```

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use gbvims_compiler::{Checked, Diagnostic};

use crate::manifest::{to_bytes, Header, Manifest, TargetEntry, TargetManifest, MANIFEST};
use crate::output::{checked_path, entries, recover, replace_dir, sha256_hex};
use crate::{Artifact, Options, Target, TargetKind};

/// One target's files, in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The target.
    pub kind: TargetKind,
    /// Its files (without its manifest, which [`write_build`] adds).
    pub artifacts: Vec<Artifact>,
}

/// Runs every target on `checked`, before anything is written; `starting` is told each target
/// before it runs (for progress).
///
/// # Errors
/// The diagnostics of every target that failed, in the order of `targets`.
pub fn emit_all(
    targets: &[Box<dyn Target>],
    checked: &Checked,
    options: &Options,
    mut starting: impl FnMut(TargetKind),
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let mut outputs = Vec::new();
    let mut diagnostics = Vec::new();
    let mut failed = false;
    for t in targets {
        starting(t.kind());
        match t.emit(checked, options) {
            Ok(artifacts) => outputs.push(Output {
                kind: t.kind(),
                artifacts,
            }),
            // A target that fails without a diagnostic still fails the build.
            Err(mut ds) => {
                failed = true;
                diagnostics.append(&mut ds);
            }
        }
    }
    if !failed {
        Ok(outputs)
    } else {
        Err(diagnostics)
    }
}

/// Writes each output to `out_dir/<kind>/` (atomically, and on its own: other target
/// directories stay), then `out_dir/manifest.json` (atomically: a temporary file renamed).
/// Returns the build directory's manifest.
///
/// Every output is validated before anything is written, so a target asking for a path outside
/// its directory, the same path twice, or its own `manifest.json` changes nothing on disk.
///
/// # Errors
/// File-system errors (the previous contents of a target directory stay), or an invalid output.
pub fn write_build(out_dir: &Path, header: &Header, outputs: &[Output]) -> io::Result<Manifest> {
    validate(outputs)?;
    std::fs::create_dir_all(out_dir)?;
    for out in outputs {
        let manifest = TargetManifest {
            header: header.clone(),
            target: out.kind,
            files: entries(&out.artifacts),
        };
        let mut files = out.artifacts.clone();
        files.push(Artifact {
            path: MANIFEST.to_string(),
            bytes: to_bytes(&manifest),
        });
        replace_dir(out_dir, out.kind.name(), &files)?;
    }
    let manifest = Manifest {
        header: header.clone(),
        targets: present(out_dir)?,
    };
    write_atomic(&out_dir.join(MANIFEST), &to_bytes(&manifest))?;
    Ok(manifest)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn validate(outputs: &[Output]) -> io::Result<()> {
    let mut kinds = BTreeSet::new();
    for out in outputs {
        let name = out.kind.name();
        if !kinds.insert(out.kind) {
            return Err(invalid(format!("the {name} target was given twice")));
        }
        let mut paths = BTreeSet::new();
        for a in &out.artifacts {
            checked_path(&a.path)?;
            if a.path == MANIFEST {
                return Err(invalid(format!(
                    "the {name} target wrote `{MANIFEST}`, which the build writes"
                )));
            }
            if !paths.insert(a.path.as_str()) {
                return Err(invalid(format!(
                    "the {name} target wrote `{}` twice",
                    a.path
                )));
            }
        }
    }
    Ok(())
}

/// The target directories present in `out_dir` (after putting back any a killed build left
/// aside), each with the hash of its manifest and the sources it was built from. A directory
/// without a readable gbvims manifest is not a target's output and is not listed.
fn present(out_dir: &Path) -> io::Result<Vec<TargetEntry>> {
    let mut found = Vec::new();
    for &kind in TargetKind::ALL {
        recover(out_dir, kind.name())?;
        let path = out_dir.join(kind.name()).join(MANIFEST);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_slice::<TargetManifest>(&bytes) else {
            continue;
        };
        if manifest.target != kind {
            continue;
        }
        found.push(TargetEntry {
            target: kind,
            manifest_sha256: sha256_hex(&bytes),
            source_hash: manifest.header.source_hash,
        });
    }
    Ok(found)
}

/// Writes `path` through a temporary file beside it, renamed over it.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_file_name(format!(".{MANIFEST}.new"));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests;
