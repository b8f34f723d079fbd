//! The directory of codes: the Incident Recorder shows caseworker and agency **codes**, never
//! names. A country keeps two CSV files beside its configuration (`directory/users.csv`,
//! `directory/agencies.csv`), each with the header `id,code` and one row per user name or agency
//! id. The compiler never reads the disk: the command hands over the files' text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use crate::eval::ExportData;
use crate::model::Model;

/// User and agency codes by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    users: HashMap<String, String>,
    agencies: HashMap<String, String>,
}

/// A directory file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryError {
    /// The file (`users.csv`).
    pub file: String,
    /// What is wrong, with the line.
    pub message: String,
}

impl fmt::Display for DirectoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for DirectoryError {}

impl Directory {
    /// A directory from the text of `users.csv` and `agencies.csv` (either may be absent).
    ///
    /// # Errors
    /// A file without the `id,code` header, a row without both cells, or an id given twice.
    pub fn from_csv(users: Option<&str>, agencies: Option<&str>) -> Result<Self, DirectoryError> {
        Ok(Directory {
            users: users.map_or(Ok(HashMap::new()), |t| table("users.csv", t))?,
            agencies: agencies.map_or(Ok(HashMap::new()), |t| table("agencies.csv", t))?,
        })
    }

    /// The code of a user.
    #[must_use]
    pub fn user(&self, name: &str) -> Option<&str> {
        self.users.get(name).map(String::as_str)
    }

    /// The code of an agency.
    #[must_use]
    pub fn agency(&self, id: &str) -> Option<&str> {
        self.agencies.get(id).map(String::as_str)
    }
}

fn table(file: &str, text: &str) -> Result<HashMap<String, String>, DirectoryError> {
    let err = |message: String| DirectoryError {
        file: file.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| err(e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(id), Some(code)) = (col("id"), col("code")) else {
        return Err(err("the first line must name the columns `id,code`".into()));
    };
    let mut out = HashMap::new();
    for (n, row) in reader.records().enumerate() {
        let line = n + 2;
        let row = row.map_err(|e| err(format!("line {line}: {e}")))?;
        let (Some(i), Some(c)) = (row.get(id), row.get(code)) else {
            return Err(err(format!("line {line}: the row needs an id and a code")));
        };
        if i.is_empty() || c.is_empty() {
            return Err(err(format!("line {line}: the id or the code is blank")));
        }
        if out.insert(i.to_string(), c.to_string()).is_some() {
            return Err(err(format!("line {line}: `{i}` is listed twice")));
        }
    }
    Ok(out)
}

/// An id the directory has no code for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    /// A user name without a code (the name itself is never written to the IR).
    User(String),
    /// An agency id without a code.
    Agency(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::User(u) => write!(f, "no code for user `{u}` in directory/users.csv"),
            Missing::Agency(a) => write!(f, "no code for agency `{a}` in directory/agencies.csv"),
        }
    }
}

/// What the Incident Recorder reads beyond a record ([`ExportData`]): codes from a
/// [`Directory`], place names from the model. Ids without a code are remembered
/// ([`DirectoryData::take_missing`]), so each record's missing codes can be reported.
pub struct DirectoryData<'a> {
    model: &'a Model,
    directory: &'a Directory,
    missing: RefCell<Vec<Missing>>,
}

impl<'a> DirectoryData<'a> {
    /// Codes from `directory`, places from `model`.
    #[must_use]
    pub fn new(model: &'a Model, directory: &'a Directory) -> Self {
        DirectoryData {
            model,
            directory,
            missing: RefCell::new(Vec::new()),
        }
    }

    /// The ids looked up without a code since the last call, each once, in order.
    pub fn take_missing(&self) -> Vec<Missing> {
        let mut v = self.missing.take();
        v.sort();
        v.dedup();
        v
    }
}

impl ExportData for DirectoryData<'_> {
    fn user_code(&self, user: &str) -> Option<String> {
        let code = self.directory.user(user).map(str::to_string);
        if code.is_none() && !user.trim().is_empty() {
            self.missing
                .borrow_mut()
                .push(Missing::User(user.to_string()));
        }
        code
    }

    fn agency_code(&self, agency: &str) -> Option<String> {
        let code = self.directory.agency(agency).map(str::to_string);
        if code.is_none() && !agency.trim().is_empty() {
            self.missing
                .borrow_mut()
                .push(Missing::Agency(agency.to_string()));
        }
        code
    }

    fn location_name(&self, code: &str, level: &str, lang: &str) -> Option<String> {
        self.model
            .location_name(code, level, lang)
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::Directory;

    #[test]
    fn reads_ids_and_codes() {
        let d = Directory::from_csv(
            Some("\u{feff}id,code\ncw_amina, CW-07\n\"cw,x\",CW-8\n"),
            Some("code,id\nIRC,agency-irc\n"),
        )
        .unwrap();
        assert_eq!(d.user("cw_amina"), Some("CW-07"));
        assert_eq!(d.user("cw,x"), Some("CW-8"));
        assert_eq!(d.agency("agency-irc"), Some("IRC"));
        assert_eq!(d.user("nobody"), None);
        assert_eq!(
            Directory::from_csv(None, None).unwrap(),
            Directory::default()
        );
    }

    #[test]
    fn refuses_bad_files() {
        let msg = |u: &str| Directory::from_csv(Some(u), None).unwrap_err().to_string();
        assert_eq!(
            msg("user,code\n"),
            "users.csv: the first line must name the columns `id,code`"
        );
        assert_eq!(
            msg("id,code\na,\n"),
            "users.csv: line 2: the id or the code is blank"
        );
        assert_eq!(
            msg("id,code\na,1\na,2\n"),
            "users.csv: line 3: `a` is listed twice"
        );
    }
}
