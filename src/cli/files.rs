//! Finding and loading `.gbv` files, and writing files atomically.

use std::path::{Path, PathBuf};

use gbvims_compiler::Sources;

use super::UsageError;

/// The `.gbv` files of a path: the file itself, or every `.gbv` file below a directory (sorted,
/// so output is the same on every machine).
pub fn gbv_files(path: &Path) -> Result<Vec<PathBuf>, UsageError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", path.display())))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(path, &mut out, &|p| {
        p.extension().is_some_and(|e| e == "gbv")
    })?;
    out.sort();
    if out.is_empty() {
        return Err(UsageError(format!(
            "`{}` contains no .gbv file",
            path.display()
        )));
    }
    Ok(out)
}

/// Collects the files below `dir` that `keep` accepts; hidden files and directories, `build/`
/// directories (outputs) and country configurations below `dir` (directories holding
/// `country.gbv`, checked on their own) are left out.
pub fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    keep: &dyn Fn(&Path) -> bool,
) -> Result<(), UsageError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| UsageError(format!("cannot read directory `{}`: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry
            .map_err(|e| UsageError(format!("cannot read directory `{}`: {e}", dir.display())))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if name != "build" && !path.join("country.gbv").is_file() {
                walk(&path, out, keep)?;
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a source file; invalid UTF-8 is a usage error naming the file.
pub fn read_source(path: &Path) -> Result<String, UsageError> {
    let bytes = std::fs::read(path)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|e| {
        UsageError(format!(
            "`{}` is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Loads the given files into one set of sources, named as the user wrote them.
pub fn load(paths: &[PathBuf]) -> Result<Sources, UsageError> {
    let mut sources = Sources::new();
    for p in paths {
        let text = read_source(p)?;
        sources.add(p.display().to_string(), text);
    }
    Ok(sources)
}

/// Writes a file atomically: a temporary file in the same directory, then a rename.
///
/// Files are never lost: a symbolic link is refused (writing would replace the link with a plain
/// file), and so is a read-only file or anything that is not a regular file. A file rewritten
/// keeps its permissions; a new file gets the usual ones (0666 less the umask: 0644 under 022).
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), UsageError> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| UsageError(format!("cannot write `{}`: {e}", path.display()));
    let existing = writable_target(path)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gbvims-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The operating system applies the umask to this mode, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    tmp.write_all(contents).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The permissions of the file `path` names, `None` when there is no file yet; an error for a
/// link, a read-only file or something that is not a regular file.
fn writable_target(path: &Path) -> Result<Option<std::fs::Permissions>, UsageError> {
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(UsageError(format!("cannot write `{shown}`: {e}"))),
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| format!(" (it points to `{}`)", t.display()))
            .unwrap_or_default();
        return Err(UsageError(format!(
            "`{shown}` is a symbolic link{target}: gbvims does not write through links, \
             so that the link is never replaced; give the path of the file itself"
        )));
    }
    if !meta.is_file() {
        return Err(UsageError(format!(
            "`{shown}` is not a regular file: gbvims writes only regular files"
        )));
    }
    if meta.permissions().readonly() {
        return Err(UsageError(format!(
            "`{shown}` is read-only: gbvims leaves read-only files alone; make it writable \
             first (e.g. `chmod u+w {shown}`) if it should change"
        )));
    }
    Ok(Some(meta.permissions()))
}
