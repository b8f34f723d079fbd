//! Locations from an HXL-tagged CSV (FACTS §7.1): row 1 human headers (ignored), row 2 HXL
//! hashtags (only `#…` columns are read), then one row per deepest unit repeating its ancestors.
//! Tags: `#country+code`, `#country+name`, `#country+name+<lang>`, `#admN+code`, `#admN+name`,
//! `#admN+name+<lang>`, `#admN+type`. A name tag without a language is English.
//!
//! A row may stop before the deepest level (a unit with no unit below it): the cells of the
//! deeper levels are then all blank. A file with names only in English while the country
//! declares other languages is read with one warning (W0016): every language shows the English
//! names (the targets fall back to English).
//!
//! Files as Excel writes them are read as they are: the cell separator is `,`, `;` (French and
//! other locales) or a tab (Excel's "Unicode text"), found from the hashtag row; a UTF-8 byte
//! order mark and CRLF line ends are skipped, and blank rows at the end (`,,,,`) are ignored.
//!
//! A file is read streamed ([`load_from`]; [`load`] on a text is the same reader): the CSV
//! reader is fed from a window (`window.rs`) holding the records still needed for the exact
//! places of their cells, so a file of hundreds of megabytes is never held whole.

mod window;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};
use std::io::Read;
use std::rc::Rc;

use gbvims_dsl::{FileId, Span};
use hashbrown::HashTable;

use crate::checks::text_too_long::TextTooLong;
use crate::diagnostics::{Code, Diagnostic};
use window::{Feed, Window};

/// One administrative unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The unit's code (a P-code), unique over all levels.
    pub code: String,
    /// 0 for the country, 1 for the first admin level, …
    pub level: u8,
    /// The parent unit (index into [`LocationTable::units`]).
    pub parent: Option<usize>,
    /// Names by language code.
    pub names: Names,
    /// The `+type` of the unit, if the file gives one.
    pub kind: Option<String>,
}

/// A unit's names, one per language, in the order of the language codes. Held compactly (one
/// text and one short list per unit, not a map of strings): a country may have a million units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// The names one after the other, in the order of `ends`.
    text: Box<str>,
    /// Each language code (2 or 3 letters) and where its name ends in `text`.
    ends: Box<[(Lang, usize)]>,
}

/// A base language code of 2 or 3 ASCII letters, held inline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Lang([u8; 3]);

impl Lang {
    fn new(code: &str) -> Option<Self> {
        let b = code.as_bytes();
        if !(1..=3).contains(&b.len()) || !b.iter().all(u8::is_ascii) || b.contains(&0) {
            return None;
        }
        let mut out = [0; 3];
        out[..b.len()].copy_from_slice(b);
        Some(Self(out))
    }

    fn as_str(&self) -> &str {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(3);
        std::str::from_utf8(&self.0[..len]).unwrap_or_default()
    }
}

impl Names {
    /// The name in `lang` (a base language code such as `ar`).
    #[must_use]
    pub fn get(&self, lang: &str) -> Option<&str> {
        let lang = Lang::new(lang)?;
        let n = self.ends.binary_search_by(|(l, _)| l.cmp(&lang)).ok()?;
        Some(self.name_at(n))
    }

    fn name_at(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |p| self.ends[p].1);
        self.text.get(start..self.ends[n].1).unwrap_or_default()
    }

    /// `(language, name)` in the order of the language codes.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        (0..self.ends.len()).map(|n| (self.ends[n].0.as_str(), self.name_at(n)))
    }

    /// How many languages have a name.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// No name at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The names as a map from language code to name.
    #[must_use]
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter()
            .map(|(l, n)| (l.to_string(), n.to_string()))
            .collect()
    }
}

impl<L: AsRef<str>, N: AsRef<str>> FromIterator<(L, N)> for Names {
    /// Names from `(language, name)` pairs; of two names in one language, the last is kept. A
    /// language code longer than 3 bytes is left out (the reader only makes 2- and 3-letter ones).
    fn from_iter<I: IntoIterator<Item = (L, N)>>(pairs: I) -> Self {
        let mut all: Vec<(Lang, N)> = pairs
            .into_iter()
            .filter_map(|(l, n)| Some((Lang::new(l.as_ref())?, n)))
            .collect();
        // Stable: of equal languages the last given comes last, and is the one kept.
        all.sort_by_key(|a| a.0);
        let mut kept: Vec<(Lang, N)> = Vec::with_capacity(all.len());
        for (l, n) in all {
            match kept.last_mut() {
                Some(last) if last.0 == l => *last = (l, n),
                _ => kept.push((l, n)),
            }
        }
        let mut text = String::with_capacity(kept.iter().map(|(_, n)| n.as_ref().len()).sum());
        let mut ends = Vec::with_capacity(kept.len());
        for (l, n) in &kept {
            text.push_str(n.as_ref());
            ends.push((*l, text.len()));
        }
        Self {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }
}

impl From<BTreeMap<String, String>> for Names {
    fn from(map: BTreeMap<String, String>) -> Self {
        map.into_iter().collect()
    }
}

/// Every unit of a location file, parents before children, in first-seen order.
#[derive(Clone, Debug, Default)]
pub struct LocationTable {
    /// The units.
    pub units: Vec<Location>,
    /// Deepest level in the file.
    pub depth: u8,
    /// Languages the file gives names in.
    pub languages: Vec<String>,
    /// Position of each code in `units`, keyed by the unit's own `code` (not a second copy).
    index: CodeIndex,
}

impl PartialEq for LocationTable {
    fn eq(&self, other: &Self) -> bool {
        self.units == other.units && self.depth == other.depth && self.languages == other.languages
    }
}

impl Eq for LocationTable {}

/// Positions in [`LocationTable::units`], found by code.
#[derive(Clone, Debug, Default)]
struct CodeIndex {
    table: HashTable<usize>,
    hasher: RandomState,
}

impl CodeIndex {
    fn find(&self, units: &[Location], code: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(code);
        self.table
            .find(hash, |&n| units.get(n).is_some_and(|u| u.code == code))
            .copied()
    }

    /// Records that `units[n]` has its code (not already in the index).
    fn insert(&mut self, units: &[Location], n: usize) {
        let Some(unit) = units.get(n) else { return };
        let hash = self.hasher.hash_one(unit.code.as_str());
        let hasher = &self.hasher;
        self.table.insert_unique(hash, n, |&m| {
            hasher.hash_one(units.get(m).map_or("", |u| u.code.as_str()))
        });
    }

    fn rebuild(units: &[Location]) -> Self {
        let mut index = Self::default();
        for n in 0..units.len() {
            index.insert(units, n);
        }
        index
    }
}

impl LocationTable {
    /// A table of these units (parents before children, each `parent` an earlier position).
    #[must_use]
    pub fn new(units: Vec<Location>, depth: u8, languages: Vec<String>) -> Self {
        let index = CodeIndex::rebuild(&units);
        Self {
            units,
            depth,
            languages,
            index,
        }
    }

    /// The unit with this code.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<&Location> {
        self.index.find(&self.units, code).map(|n| &self.units[n])
    }

    /// The unit itself or its ancestor at `level`; `None` when the unit is shallower.
    #[must_use]
    pub fn ancestor_at(&self, code: &str, level: u8) -> Option<&Location> {
        let mut unit = self.get(code)?;
        while unit.level > level {
            unit = self.units.get(unit.parent?)?;
        }
        (unit.level == level).then_some(unit)
    }
}

/// What a tagged column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    Code(u8),
    Name(u8, String),
    Type(u8),
}

/// The two header rows of an HXL location file, as the Primero target writes it and the importer
/// writes it back: for each level to `depth` a code, an English name (untagged), a name per
/// language of `others` and, when `typed(level)`, a type column. Returns (headers, HXL tags).
#[must_use]
pub fn hxl_headers(
    depth: u8,
    others: &[&String],
    typed: impl Fn(u8) -> bool,
) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut tags = Vec::new();
    for level in 0..=depth {
        let (tag, human) = if level == 0 {
            ("#country".to_string(), "Country".to_string())
        } else {
            (format!("#adm{level}"), format!("Admin {level}"))
        };
        headers.push(format!("{human} code"));
        tags.push(format!("{tag}+code"));
        headers.push(format!("{human} name"));
        tags.push(format!("{tag}+name"));
        for l in others {
            headers.push(format!("{human} name ({l})"));
            tags.push(format!("{tag}+name+{l}"));
        }
        if typed(level) {
            headers.push(format!("{human} type"));
            tags.push(format!("{tag}+type"));
        }
    }
    (headers, tags)
}

/// Reads a location file. `languages` are the country's declared languages: a name column in
/// another language is an error, and every declared language needs a name column. English names
/// are always read and required, declared or not: Primero requires an English name for every
/// unit (an untagged `#admN+name` column is English).
#[must_use]
pub fn load(file: FileId, text: &str, languages: &[String]) -> (LocationTable, Vec<Diagnostic>) {
    // Reading from memory cannot fail.
    load_from(file, text.as_bytes(), languages).unwrap_or_default()
}

/// Reads a location file from `reader`, streamed: the file is never held whole (see
/// [`load`]). Byte offsets in the diagnostics are those of the file.
///
/// # Errors
/// When `reader` fails (a file that changed since it was checked): nothing read is kept.
pub fn load_from(
    file: FileId,
    reader: impl Read,
    languages: &[String],
) -> std::io::Result<(LocationTable, Vec<Diagnostic>)> {
    let window = Rc::new(RefCell::new(Window::new(reader)));
    let loaded = read_units(file, &window, languages);
    window.borrow_mut().finish()?;
    Ok(loaded)
}

fn read_units(
    file: FileId,
    window: &Rc<RefCell<Window<'_>>>,
    languages: &[String],
) -> (LocationTable, Vec<Diagnostic>) {
    let mut languages = languages.to_vec();
    if !languages.iter().any(|l| l == "en") {
        languages.push("en".to_string());
    }
    let languages = languages.as_slice();
    let mut diags = Vec::new();
    let bom = window.borrow().bom;
    let span = |start: usize, end: usize| Span::new(file, bom + start, bom + end);
    if all_blank(&mut window.borrow_mut()) {
        diags.push(
            Diagnostic::new(Code::E0067, span(0, 0), "the location file is empty")
                .help("export the administrative units as an HXL-tagged CSV: a header row, a hashtag row, then one row per unit"),
        );
        return (LocationTable::default(), diags);
    }
    let (separator, first_line_end) = separator_of(&mut window.borrow_mut());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(Feed(Rc::clone(window)));
    // An error is the window's (a reader that failed), reported by `load_from`: stop there.
    let mut records = reader.byte_records().map_while(Result::ok);
    let _headers = records.next();
    let Some(tags) = records.next() else {
        let end = first_line_end;
        diags.push(
            Diagnostic::new(
                Code::E0068,
                span(end, end),
                "the location file has no hashtag row",
            )
            .label("a second row of HXL hashtags is expected here")
            .help("the second row must tag the columns: #adm1+code, #adm1+name, #adm1+name+ar, …"),
        );
        return (LocationTable::default(), diags);
    };
    let tag_start = record_start(window, &tags);
    let tag_cells = cell_offsets(window, tag_start, tags.len(), separator);
    let mut columns: Vec<(usize, Column)> = Vec::new();
    for (n, raw) in tags.iter().enumerate() {
        let tag = String::from_utf8_lossy(raw).trim().to_lowercase();
        if !tag.starts_with('#') {
            continue;
        }
        let (s, e) = tag_cells.get(n).copied().unwrap_or((tag_start, tag_start));
        match parse_tag(&tag) {
            Some(c) => {
                let lang = tag.rsplit('+').next().unwrap_or_default();
                if let (Column::Name(..), Some(region)) = (&c, crate::regions::unknown_region(lang)) {
                    diags.push(
                        Diagnostic::new(Code::E0122, span(s, e), format!("`{region}` in `{tag}` is not a country or region code (ISO 3166)"))
                            .label("unknown region")
                            .help(format!("write the language alone (`+name+{}`) or with a real region code, such as `ar-lb` or `fr-td`", lang.split('-').next().unwrap_or(lang))),
                    );
                }
                columns.push((n, c));
            }
            None => diags.push(
                Diagnostic::new(Code::E0069, span(s, e), format!("`{tag}` is not a location hashtag"))
                    .label("unknown hashtag")
                    .help("use #country+code, #country+name, #adm1+code, #adm1+name, #adm1+name+ar, #adm1+type, …"),
            ),
        }
    }
    if columns.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::E0068,
                span(tag_start, tag_start),
                "the second row has no HXL hashtags",
            )
            .label("expected #adm1+code, #adm1+name, …")
            .help("the second row must tag the columns to read; untagged columns are ignored"),
        );
        return (LocationTable::default(), diags);
    }
    let levels = check_columns(&columns, languages, &tag_cells, &span, &mut diags);
    let mut table = LocationTable {
        depth: levels.last().copied().unwrap_or(0),
        languages: languages_of(&columns),
        ..LocationTable::default()
    };
    let mut index = CodeIndex::default();
    let mut lines = LineCounter::default();
    // Blank rows are held back until a unit follows them: blank rows at the end are ignored.
    let mut blank: Vec<csv::ByteRecord> = Vec::new();
    let mut rows = records.peekable();
    while let Some(record) = rows.next() {
        if is_blank(&record) {
            blank.push(record);
            if rows.peek().is_some() {
                continue;
            }
            break;
        }
        for record in std::mem::take(&mut blank).into_iter().chain([record]) {
            let start = record_start(window, &record);
            let line = lines.line_at(&mut window.borrow_mut(), start);
            // Records before this one are done with: their bytes may go.
            window.borrow_mut().release(start);
            let cells = cell_offsets(window, start, record.len(), separator);
            let cell = |n: usize| {
                String::from_utf8_lossy(record.get(n).unwrap_or_default())
                    .trim()
                    .to_string()
            };
            let at = |n: usize| {
                let (s, e) = cells.get(n).copied().unwrap_or((start, start));
                span(s, e.max(s))
            };
            let mut parent: Option<usize> = None;
            for &level in &levels {
                let Some(code_col) = columns
                    .iter()
                    .find(|(_, c)| *c == Column::Code(level))
                    .map(|(n, _)| *n)
                else {
                    break;
                };
                let code = cell(code_col);
                // A row may stop early: a unit with no unit below it (an upazila without
                // camps) leaves every cell of the deeper levels blank.
                let stops_here = parent.is_some()
                    && columns.iter().all(|(n, c)| {
                        let l = match c {
                            Column::Code(l) | Column::Name(l, _) | Column::Type(l) => *l,
                        };
                        l < level || cell(*n).is_empty()
                    });
                if code.is_empty() && stops_here {
                    break;
                }
                if code.is_empty() {
                    diags.push(
                        Diagnostic::new(
                            Code::E0070,
                            at(code_col),
                            format!("row {line}: the code of {} is blank", level_name(level)),
                        )
                        .label("blank code")
                        .help(
                            "every unit needs its code; a row gives the unit and all its ancestors",
                        ),
                    );
                    // The unit cannot be read: every other blank cell of it and of the levels
                    // below is reported now, so one pass over the file finds them all.
                    let from = levels.iter().position(|l| *l == level).unwrap_or(0);
                    for &deeper in &levels[from..] {
                        for (n, c) in &columns {
                            let what = match c {
                                Column::Code(l) if *l == deeper && *l != level => {
                                    format!("the code of {}", level_name(deeper))
                                }
                                Column::Name(l, lang) if *l == deeper => {
                                    format!("the {lang} name of {}", level_name(deeper))
                                }
                                _ => continue,
                            };
                            if !cell(*n).is_empty() {
                                continue;
                            }
                            diags.push(
                                Diagnostic::new(
                                    Code::E0070,
                                    at(*n),
                                    format!("row {line}: {what} is blank"),
                                )
                                .label("blank cell")
                                .help("every unit needs its code and its names; a row gives the unit and all its ancestors"),
                            );
                        }
                    }
                    break;
                }
                if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    diags.push(
                    Diagnostic::new(Code::E0075, at(code_col), format!("the location code `{code}` has characters other than letters, digits and `_`"))
                        .label("invalid code")
                        .help("location codes may hold only letters, digits and `_` (Primero stores them as a path)"),
                );
                }
                let mut names: Vec<(&str, String)> = Vec::new();
                for (n, c) in &columns {
                    if let Column::Name(l, lang) = c {
                        if *l == level {
                            let name = cell(*n);
                            if name.is_empty() {
                                diags.push(
                                    Diagnostic::new(
                                        Code::E0070,
                                        at(*n),
                                        format!("row {line}: the {lang} name of `{code}` is blank"),
                                    )
                                    .label("blank name")
                                    .help(format!("give `{code}` a name in `{lang}`")),
                                );
                            } else {
                                let what = format!("row {line}: the {lang} name of `{code}`");
                                if let Some(d) = TextTooLong::check(&name, &what, at(*n)) {
                                    diags.push(d);
                                }
                                names.push((lang.as_str(), name));
                            }
                        }
                    }
                }
                let kind = columns
                    .iter()
                    .find(|(_, c)| *c == Column::Type(level))
                    .map(|(n, _)| cell(*n))
                    .filter(|t| !t.is_empty());
                let names: Names = names.into_iter().collect();
                match index.find(&table.units, &code) {
                    Some(existing) => {
                        let unit = &table.units[existing];
                        if unit.level != level || unit.parent != parent {
                            let was = unit.parent.map_or("no parent".to_string(), |p| {
                                format!("parent `{}`", table.units[p].code)
                            });
                            let now = parent.map_or("no parent".to_string(), |p| {
                                format!("parent `{}`", table.units[p].code)
                            });
                            diags.push(
                            Diagnostic::new(Code::E0072, at(code_col), format!("row {line}: `{code}` had {was}, here it has {now}"))
                                .label("parent changes")
                                .help("a code is one unit: give each unit one parent, or give the two units different codes"),
                        );
                        } else if unit.names != names && !names.is_empty() {
                            diags.push(
                            Diagnostic::new(Code::E0071, at(code_col), format!("row {line}: `{code}` appears again with other names"))
                                .label("duplicate code")
                                .help("each code names one unit: fix the names, or give the second unit its own code"),
                        );
                        }
                        parent = Some(existing);
                    }
                    None => {
                        table.units.push(Location {
                            code,
                            level,
                            parent,
                            names,
                            kind,
                        });
                        let n = table.units.len() - 1;
                        index.insert(&table.units, n);
                        parent = Some(n);
                    }
                }
            }
        }
    }
    drop(rows);
    drop(reader);
    if table.units.is_empty() && !diags.iter().any(|d| d.code == Code::E0068) {
        // The reader has read the whole file: its end is the file's length.
        let end = window.borrow_mut().finish().unwrap_or_default();
        diags.push(
            Diagnostic::new(Code::E0067, span(end, end), "the location file has no locations")
                .label("rows of units are expected after the hashtag row")
                .help("add one row per deepest unit, repeating its ancestors: code and name of each level"),
        );
    }
    table.units.shrink_to_fit();
    table.index = index;
    (table, diags)
}

/// The cell separator: of `,`, `;` and tab, the one that splits the hashtag row (the second
/// row; the first when there is only one) into the most `#…` cells, then the most cells; `,`
/// when none does better. Also returns where the second row starts (the file's end when it
/// has one row). Reads the first two rows only.
fn separator_of(window: &mut Window<'_>) -> (u8, usize) {
    let mut newlines: Vec<usize> = Vec::new();
    let mut seen = 0;
    let (rows, len) = window.scan(0, |bytes, eof| {
        while newlines.len() < 2 {
            match memchr::memchr(b'\n', &bytes[seen..]) {
                Some(k) => {
                    newlines.push(seen + k);
                    seen += k + 1;
                }
                None => {
                    seen = bytes.len();
                    break;
                }
            }
        }
        (newlines.len() == 2 || eof).then(|| {
            let line = |from: usize, to: Option<&usize>| {
                let to = to.copied().unwrap_or(bytes.len());
                let text = String::from_utf8_lossy(bytes.get(from..to).unwrap_or_default());
                text.strip_suffix('\r')
                    .map(str::to_string)
                    .unwrap_or(text.into_owned())
            };
            let first = line(0, newlines.first());
            // As `str::lines`: a second row exists when a byte follows the first line end.
            let second = newlines
                .first()
                .filter(|&&n| n + 1 < bytes.len())
                .map(|&n| line(n + 1, newlines.get(1)));
            ((first, second), bytes.len())
        })
    });
    let (first, second) = rows;
    let tags = second.as_deref().unwrap_or(&first);
    let score = |sep: char| {
        let cells: Vec<&str> = tags.split(sep).collect();
        let tagged = cells
            .iter()
            .filter(|c| c.trim().trim_matches('"').starts_with('#'))
            .count();
        (tagged, cells.len())
    };
    let mut best = (b',', score(','));
    for sep in [';', '\t'] {
        let s = score(sep);
        if s > best.1 {
            best = (sep as u8, s);
        }
    }
    (best.0, newlines.first().map_or(len, |n| n + 1))
}

/// Whether the file holds only white space (Unicode's, as `str::trim`), looking no further than
/// its first other character.
fn all_blank(window: &mut Window<'_>) -> bool {
    let mut i = 0;
    window.scan(0, |bytes, eof| {
        while let Some(&b) = bytes.get(i) {
            let width = match b {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => return Some(false),
            };
            let Some(char_bytes) = bytes.get(i..i + width) else {
                return eof.then_some(false);
            };
            match std::str::from_utf8(char_bytes) {
                Ok(c) if c.chars().all(char::is_whitespace) => i += width,
                _ => return Some(false),
            }
        }
        eof.then_some(true)
    })
}

/// A row whose cells are all blank (`,,,,` as Excel leaves after the last unit).
fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|c| c.trim_ascii().is_empty())
}

fn level_name(level: u8) -> String {
    if level == 0 {
        "the country".to_string()
    } else {
        format!("admin level {level}")
    }
}

/// `#adm2+name+ar-lb` → `Name(2, "ar")`, `#country+code` → `Code(0)`.
fn parse_tag(tag: &str) -> Option<Column> {
    let mut parts = tag.trim_start_matches('#').split('+');
    let head = parts.next()?;
    let level = if head == "country" {
        0
    } else {
        head.strip_prefix("adm")?
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=9).contains(l))?
    };
    let attrs: Vec<&str> = parts.collect();
    match attrs.as_slice() {
        ["code"] => Some(Column::Code(level)),
        ["type"] => Some(Column::Type(level)),
        ["name"] => Some(Column::Name(level, "en".to_string())),
        ["name", lang] if is_lang(lang) => Some(Column::Name(
            level,
            lang.split('-').next().unwrap_or(lang).to_string(),
        )),
        _ => None,
    }
}

fn is_lang(s: &str) -> bool {
    let mut parts = s.split('-');
    let base = parts.next().unwrap_or_default();
    (2..=3).contains(&base.len())
        && base.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty())
}

fn languages_of(columns: &[(usize, Column)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, c) in columns {
        if let Column::Name(_, l) = c {
            if !out.contains(l) {
                out.push(l.clone());
            }
        }
    }
    out
}

/// Checks the tag row: levels without gaps, a code for every level, names in exactly the declared
/// languages. Returns the levels in order.
fn check_columns(
    columns: &[(usize, Column)],
    languages: &[String],
    cells: &[(usize, usize)],
    span: &dyn Fn(usize, usize) -> Span,
    diags: &mut Vec<Diagnostic>,
) -> Vec<u8> {
    let at = |n: usize| {
        let (s, e) = cells.get(n).copied().unwrap_or((0, 0));
        span(s, e)
    };
    let mut levels: Vec<u8> = columns
        .iter()
        .map(|(_, c)| match c {
            Column::Code(l) | Column::Name(l, _) | Column::Type(l) => *l,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let first_tag = columns.first().map_or(0, |(n, _)| *n);
    for (k, &level) in levels.iter().enumerate() {
        let expected = u8::try_from(k).unwrap_or(u8::MAX) + levels[0];
        if level != expected {
            diags.push(
                Diagnostic::new(
                    Code::E0076,
                    at(first_tag),
                    format!("the file has admin level {level} but not level {expected}"),
                )
                .label("a level is missing")
                .help("tag every level from the top one down to the deepest: #adm1…, #adm2…, …"),
            );
        }
        if !columns.iter().any(|(_, c)| *c == Column::Code(level)) {
            diags.push(
                Diagnostic::new(
                    Code::E0076,
                    at(first_tag),
                    format!("{} has names but no code column", level_name(level)),
                )
                .label("no code column")
                .help(format!(
                    "add a column tagged #{}+code",
                    if level == 0 {
                        "country".into()
                    } else {
                        format!("adm{level}")
                    }
                )),
            );
        }
    }
    for (n, c) in columns {
        if let Column::Name(_, lang) = c {
            if !languages.contains(lang) {
                diags.push(
                    Diagnostic::new(Code::E0074, at(*n), format!("this column gives names in `{lang}`, which the country does not declare"))
                        .label("undeclared language")
                        .help(format!("add `{lang}` to the country's languages, or remove the column (declared: {})", languages.join(", "))),
                );
            }
        }
    }
    let english_only: Vec<&String> = languages
        .iter()
        .filter(|lang| {
            *lang != "en"
                && !columns
                    .iter()
                    .any(|(_, c)| matches!(c, Column::Name(_, x) if x == *lang))
                && columns
                    .iter()
                    .any(|(_, c)| matches!(c, Column::Name(_, x) if x == "en"))
        })
        .collect();
    if !english_only.is_empty() {
        let list = english_only
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let tags = english_only
            .iter()
            .map(|l| format!("#adm1+name+{l}"))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::new(
                Code::W0016,
                at(first_tag),
                format!("the location file gives place names only in English, none in {list}: the forms show the English names in every language"),
            )
            .label("no name columns in the country's other languages")
            .help(format!("nothing is needed if the places have no other names; otherwise add name columns for every level ({tags}, …)")),
        );
    }
    for lang in languages.iter().filter(|l| !english_only.contains(l)) {
        for &level in &levels {
            if !columns
                .iter()
                .any(|(_, c)| matches!(c, Column::Name(l, x) if *l == level && x == lang))
            {
                let tag = if level == 0 {
                    "country".to_string()
                } else {
                    format!("adm{level}")
                };
                let help = if lang == "en" {
                    format!("add a column tagged #{tag}+name with the English names: Primero requires an English name for every unit, whatever the country's languages")
                } else {
                    format!("add a column tagged #{tag}+name+{lang}")
                };
                // At the level's code column: the names belong beside it.
                let here = columns
                    .iter()
                    .find(|(_, c)| *c == Column::Code(level))
                    .map_or(first_tag, |(n, _)| *n);
                diags.push(
                    Diagnostic::new(
                        Code::E0073,
                        at(here),
                        format!("{} has no names in `{lang}`", level_name(level)),
                    )
                    .label("missing language")
                    .help(help),
                );
            }
        }
    }
    levels
}

/// Where a record's first cell starts. With CRLF line ends the csv reader ends a record at `\r`
/// and reports the next one as starting at the `\n` that belongs to the line before: skip it.
fn record_start(window: &RefCell<Window<'_>>, record: &csv::ByteRecord) -> usize {
    let pos = record
        .position()
        .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
    window.borrow_mut().scan(pos, |rest, eof| {
        let ends = rest
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        (ends < rest.len() || eof).then_some(pos + ends)
    })
}

/// 1-based line numbers of offsets met in increasing order (counting `\n` once, whatever the
/// line ends).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    /// The line of `offset`, a byte that was read and not yet released from `window`.
    fn line_at(&mut self, window: &mut Window<'_>, offset: usize) -> usize {
        let from = self.offset;
        let offset = offset.max(from);
        let newlines = window.scan(from, |bytes, eof| {
            let bytes = match bytes.get(..offset - from) {
                Some(b) => b,
                None if eof => bytes,
                None => return None,
            };
            Some(memchr::memchr_iter(b'\n', bytes).count())
        });
        self.newlines += newlines;
        self.offset = offset;
        self.newlines + 1
    }
}

/// Byte ranges of the cells of the record starting at `start` (quote-aware).
fn cell_offsets(
    window: &RefCell<Window<'_>>,
    start: usize,
    count: usize,
    separator: u8,
) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(count);
    let mut i = start;
    let mut cell_start = i;
    let mut quoted = false;
    window.borrow_mut().scan(start, |bytes, eof| {
        while let Some(&b) = bytes.get(i - start) {
            match b {
                b'"' => quoted = !quoted,
                b if b == separator && !quoted => {
                    out.push((cell_start, i));
                    cell_start = i + 1;
                }
                b'\n' | b'\r' if !quoted => return Some(()),
                _ => {}
            }
            i += 1;
        }
        eof.then_some(())
    });
    out.push((cell_start, i));
    out
}
