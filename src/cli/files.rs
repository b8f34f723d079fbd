//! Finding and loading `.gbv` files, and writing files atomically.
//!
//! Only regular files that resolve inside the configuration's directory are read (the country's
//! directory, or the directory given on the command line). What a path is — a link, a pipe, a
//! device, how large — is looked at before it is opened, so nothing blocks or fills the memory;
//! each refused file is handed to the compiler, which reports it with a code (E0095–E0097).

use std::io::Read;
use std::path::{Path, PathBuf};

use gbvims_compiler::source::{Origin, Refusal};
use gbvims_compiler::Sources;

use super::UsageError;

/// A file of a configuration: its text, or why it was not read.
pub enum Found {
    /// The file's text.
    Text(String),
    /// A location file (`.csv`), checked but not held in memory: the compiler streams it.
    Data(std::sync::Arc<super::data_file::LocationFile>),
    /// Not read.
    Refused(Refusal),
}

/// Size limits, checked on the file's metadata before reading.
#[derive(Clone, Copy, Debug)]
struct Limits {
    gbv: u64,
    csv: u64,
    pem: u64,
    /// Rows of units in a location file (`.csv`, or `.xlsx` once read as CSV).
    rows: u64,
}

const GBV_LIMIT_VAR: &str = "GBVIMS_MAX_GBV_SIZE";
const CSV_LIMIT_VAR: &str = "GBVIMS_MAX_CSV_SIZE";
const PEM_LIMIT_VAR: &str = "GBVIMS_MAX_PEM_SIZE";
const ROWS_LIMIT_VAR: &str = "GBVIMS_MAX_LOCATION_ROWS";

/// The default row limit of a location file: what the 512 MiB size limit holds in the usual
/// layout (about 270 bytes a row), so that a file of very short rows cannot hold many more
/// units than a real one (each unit takes about 240 bytes once read).
const ROWS_LIMIT: u64 = 2_000_000;

impl Limits {
    /// 64 MiB for `.gbv` files, 512 MiB for location files (`.csv`, and `.xlsx` both on disk
    /// and unpacked) and 64 KiB for key files (`.pem`), and 2,000,000 rows of units per
    /// location file, unless the environment says otherwise.
    fn from_env() -> Result<Self, UsageError> {
        Ok(Self {
            gbv: limit_from_env(GBV_LIMIT_VAR, 64 << 20)?,
            csv: limit_from_env(CSV_LIMIT_VAR, 512 << 20)?,
            pem: limit_from_env(PEM_LIMIT_VAR, 64 << 10)?,
            rows: rows_from_env()?,
        })
    }

    /// The limit for `path` and the variable that sets it.
    fn of(self, path: &Path) -> (u64, &'static str) {
        let is = |ext: &str| {
            path.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        };
        if is("csv") || is("xlsx") {
            (self.csv, CSV_LIMIT_VAR)
        } else if is("pem") {
            (self.pem, PEM_LIMIT_VAR)
        } else {
            (self.gbv, GBV_LIMIT_VAR)
        }
    }
}

fn limit_from_env(var: &str, default: u64) -> Result<u64, UsageError> {
    match std::env::var(var) {
        Ok(text) => parse_size(&text).ok_or_else(|| {
            UsageError(format!(
                "{var}=`{text}` is not a size: give a number of bytes, optionally followed by K, M or G (e.g. 1G)"
            ))
        }),
        Err(_) => Ok(default),
    }
}

fn rows_from_env() -> Result<u64, UsageError> {
    match std::env::var(ROWS_LIMIT_VAR) {
        Ok(text) => text.trim().replace('_', "").parse().map_err(|_| {
            UsageError(format!(
                "{ROWS_LIMIT_VAR}=`{text}` is not a number of rows (e.g. {ROWS_LIMIT_VAR}=5000000)"
            ))
        }),
        Err(_) => Ok(ROWS_LIMIT),
    }
}

/// A location file's text with more rows of units (lines after the two header rows) than
/// `limit` allows: counted on the text, before the compiler holds a unit of it.
fn too_many_rows(text: &str, limit: u64) -> Option<Refusal> {
    let bytes = text.as_bytes();
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    let rows = super::data_file::rows_of_units(newlines, bytes.last().copied());
    (rows > limit).then(|| rows_refusal(rows, limit))
}

/// The refusal of a location file with `rows` rows of units, over `limit`.
fn rows_refusal(rows: u64, limit: u64) -> Refusal {
    Refusal::TooManyRows {
        rows,
        limit,
        setting: format!(
            "the environment variable {ROWS_LIMIT_VAR} (e.g. {ROWS_LIMIT_VAR}=5000000)"
        ),
    }
}

/// `1000`, `64K`, `512M`, `1G` (binary units; `KiB`, `MB`, … read the same).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u64 = text[..digits].parse().ok()?;
    let shift = match text[digits..].trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return None,
    };
    number.checked_mul(1 << shift)
}

/// The `.gbv` files of a path: the file itself, or every `.gbv` file below a directory (sorted,
/// so output is the same on every machine). Entries that will be refused are listed too.
pub fn gbv_files(path: &Path) -> Result<Vec<PathBuf>, UsageError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", path.display())))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let root = root_of(path)?;
    let mut out = Vec::new();
    walk(path, &root, &mut out, &|p| {
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

/// The directory a configuration may read from: `dir` with every link resolved.
pub fn root_of(dir: &Path) -> Result<PathBuf, UsageError> {
    std::fs::canonicalize(dir)
        .map_err(|e| UsageError(format!("cannot read `{}`: {e}", dir.display())))
}

/// Collects the files below `dir` that `keep` accepts; hidden files and directories, `build/`
/// directories (outputs) and country configurations below `dir` (directories holding
/// `country.gbv`, checked on their own) are left out. Linked directories are not followed: one
/// that leads outside `root` is collected, so that it is reported.
pub fn walk(
    dir: &Path,
    root: &Path,
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
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if name != "build" && !path.join("country.gbv").is_file() {
                walk(&path, root, out, keep)?;
            }
        } else if kind.is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(real) if real.is_dir() => {
                    if !real.starts_with(root) {
                        out.push(path);
                    }
                }
                _ => {
                    if keep(&path) {
                        out.push(path);
                    }
                }
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a file of a configuration whose directory is `root` (`None` for a file named on the
/// command line). A missing or unreadable path, or a `.gbv` or `.pem` file that is not UTF-8, is
/// a usage error naming the file; a link out of `root`, a special file or a file over the size
/// limit is [`Found::Refused`], checked before the file is opened. A location file is data the
/// compiler reports on: a `.csv` file that is not UTF-8 and an `.xlsx` file that cannot be read
/// are refused with the reason; a workbook's first sheet is returned as CSV text. A `.csv` file
/// is read once, streamed, for these checks, and returned as [`Found::Data`]: never held whole.
pub fn read(path: &Path, root: Option<&Path>) -> Result<Found, UsageError> {
    let shown = path.display();
    let cannot = |e: std::io::Error| UsageError(format!("cannot read `{shown}`: {e}"));
    let link = std::fs::symlink_metadata(path).map_err(cannot)?;
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) if link.file_type().is_symlink() => {
            return Ok(Found::Refused(Refusal::NotRegular {
                what: "a link that loops or leads to nothing".to_string(),
            }))
        }
        Err(e) => return Err(cannot(e)),
    };
    if root.is_some_and(|r| !real.starts_with(r)) {
        return Ok(Found::Refused(Refusal::Outside {
            target: real.display().to_string(),
        }));
    }
    let meta = std::fs::metadata(&real).map_err(cannot)?;
    if !meta.is_file() {
        return Ok(Found::Refused(Refusal::NotRegular {
            what: kind_of(&meta).to_string(),
        }));
    }
    let limits = Limits::from_env()?;
    let (limit, var) = limits.of(path);
    let too_large = |size: u64| Refusal::TooLarge {
        size,
        limit,
        setting: format!("the environment variable {var} (e.g. {var}=2G)"),
    };
    if meta.len() > limit {
        return Ok(Found::Refused(too_large(meta.len())));
    }
    let file = open_no_wait(&real).map_err(cannot)?;
    // The entry may have changed since it was looked at: look again at what was opened, and
    // read no more than the limit allows.
    let opened = file.metadata().map_err(cannot)?;
    if !opened.is_file() {
        return Ok(Found::Refused(Refusal::NotRegular {
            what: kind_of(&opened).to_string(),
        }));
    }
    let is = |ext: &str| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    };
    if is("csv") {
        let checked = super::data_file::check(&real, file, limit, limits.rows, too_large, |rows| {
            rows_refusal(rows, limits.rows)
        })
        .map_err(cannot)?;
        return Ok(match checked {
            Ok(data) => Found::Data(std::sync::Arc::new(data)),
            Err(refusal) => Found::Refused(refusal),
        });
    }
    // Sized from the metadata: growing the buffer by doubling would copy it and hold both.
    let expected = usize::try_from(opened.len().min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Ok(Found::Refused(too_large(bytes.len() as u64)));
    }
    // A location file: at most `limits.rows` rows of units.
    let rows = |text: String| match too_many_rows(&text, limits.rows) {
        Some(refusal) => Found::Refused(refusal),
        None => Found::Text(text),
    };
    if is("xlsx") {
        return Ok(match super::location_sheet::to_csv(&bytes, limit) {
            Ok(text) => rows(text),
            Err(reason) => Found::Refused(Refusal::NotAWorkbook { reason }),
        });
    }
    String::from_utf8(bytes).map(Found::Text).map_err(|e| {
        UsageError(format!(
            "`{shown}` is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Opens a file for reading without ever waiting: a named pipe swapped in after the file was
/// looked at opens at once (and is then refused), and a link swapped in is not followed.
pub(super) fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// What a file that is not a regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Why a file was not read, in one line (for commands that print rather than report).
pub fn describe(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Outside { target } => {
            format!("it leads outside the configuration's directory (to `{target}`)")
        }
        Refusal::NotRegular { what } => format!("it is {what}, not a regular file"),
        Refusal::TooLarge { size, limit, .. } => {
            format!("it is {size} bytes, more than the limit of {limit} bytes")
        }
        Refusal::TooManyRows { rows, limit, .. } => {
            format!("it has {rows} rows of locations, more than the limit of {limit}")
        }
        Refusal::NotUtf8 { line, byte } => {
            format!(
                "it is not UTF-8 text (line {line} has the byte 0x{byte:02X}); save it as UTF-8"
            )
        }
        Refusal::NotAWorkbook { reason } => format!("it cannot be read as a workbook: {reason}"),
    }
}

/// Loads the given files into one set of sources, named as the user wrote them; `root` is the
/// directory they were found in (`None` for a file named on the command line).
pub fn load(paths: &[PathBuf], root: Option<&Path>, origin: Origin) -> Result<Sources, UsageError> {
    let mut sources = Sources::new();
    add_all(&mut sources, paths, root, origin)?;
    Ok(sources)
}

/// Adds the given files to `sources`: read, or recorded as refused.
pub fn add_all(
    sources: &mut Sources,
    paths: &[PathBuf],
    root: Option<&Path>,
    origin: Origin,
) -> Result<(), UsageError> {
    for p in paths {
        let name = p.display().to_string();
        match read(p, root)? {
            Found::Text(text) => sources.add_with_origin(name, text, origin),
            Found::Data(data) => sources.add_data(name, origin, data),
            Found::Refused(r) => sources.add_refused(name, origin, r),
        };
    }
    Ok(())
}

/// Writes a file atomically: a temporary file in the same directory, then a rename.
///
/// Files are never lost: a symbolic link is refused (writing would replace the link with a plain
/// file), and so is a read-only file or anything that is not a regular file. A file rewritten
/// keeps its permissions; a new file gets the usual ones (0666 less the umask: 0644 under 022).
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), UsageError> {
    write_atomic_mode(path, contents, 0o666)
}

/// As [`write_atomic`], but a new file is readable by its owner only (0600): for files holding
/// survivors' data (records).
pub fn write_atomic_private(path: &Path, contents: &[u8]) -> Result<(), UsageError> {
    write_atomic_mode(path, contents, 0o600)
}

fn write_atomic_mode(path: &Path, contents: &[u8], mode: u32) -> Result<(), UsageError> {
    use std::io::Write;
    let fail = |e: std::io::Error| UsageError(format!("cannot write `{}`: {e}", path.display()));
    let mut file = AtomicFile::create(path, mode)?;
    file.tmp.write_all(contents).map_err(fail)?;
    file.commit()
}

/// A file being written beside the file it is to replace: [`AtomicFile::commit`] renames it
/// over that file; dropped without a commit (a failed command), it is removed and the file it
/// was to replace is left as it was. The same rules as [`write_atomic`] apply.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl AtomicFile {
    /// A temporary file beside `path` (permissions as [`write_atomic`]: `mode` for a new file,
    /// those of the file replaced otherwise).
    pub fn create(path: &Path, mode: u32) -> Result<Self, UsageError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let fail =
            |e: std::io::Error| UsageError(format!("cannot write `{}`: {e}", path.display()));
        let existing = writable_target(path)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".gbvims-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The operating system applies the umask to this mode, as for any new file.
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        let tmp = builder.tempfile_in(dir).map_err(fail)?;
        if let Some(permissions) = existing {
            tmp.as_file().set_permissions(permissions).map_err(fail)?;
        }
        Ok(AtomicFile {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The temporary file's path, to write to.
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(self) -> Result<(), UsageError> {
        let path = self.path;
        let fail =
            |e: std::io::Error| UsageError(format!("cannot write `{}`: {e}", path.display()));
        // Reopened: a writer may have replaced the file at the temporary path.
        std::fs::File::open(self.tmp.path())
            .and_then(|f| f.sync_all())
            .map_err(fail)?;
        self.tmp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("64K"), Some(64 << 10));
        assert_eq!(parse_size("512 MiB"), Some(512 << 20));
        assert_eq!(parse_size("1g"), Some(1 << 30));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }

    /// A named pipe that appears after the entry was looked at opens at once and is refused.
    #[cfg(unix)]
    #[test]
    fn a_pipe_opens_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("late.gbv");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let file = open_no_wait(&fifo).expect("opens at once");
        assert!(!file.metadata().unwrap().is_file());
    }
}
