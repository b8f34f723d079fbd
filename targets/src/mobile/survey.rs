//! The mobile form of one record as rows and groups, XLSForm's shape: what the XForm writer and
//! the XLSForm writer both render, so the two files cannot disagree.
//!
//! Expressions are XPath in XLSForm's notation (`${name}` for a field; see `xpath.rs`).

use std::collections::BTreeMap;

/// Texts by language code; a missing language has no text.
pub type Tr = BTreeMap<String, String>;

/// One record's mobile form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Survey {
    /// ODK form id.
    pub form_id: String,
    /// Form title (default language).
    pub title: String,
    /// Form version (standard version and content hash).
    pub version: String,
    /// The primary instance's root element.
    pub root: String,
    /// Languages in order, default first: code and XLSForm/itext name (`English (en)`).
    pub languages: Vec<(String, String)>,
    /// The base64 RSA public key submissions are encrypted with.
    pub public_key: Option<String>,
    /// Groups, repeats and questions, in order.
    pub body: Vec<Node>,
    /// Option lists used by selects, in first-use order.
    pub lists: Vec<ChoiceList>,
    /// Attached CSV files read by `select_one_from_file` (`locations.csv`).
    pub files: Vec<String>,
}

/// A group, a repeat or a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A form: a page of questions.
    Group(Group),
    /// A subform: repeated rows.
    Repeat(Group),
    /// A question, a note, a calculation or a hidden value.
    Item(Box<Item>),
}

impl Node {
    /// Whether the node shows anything on screen (a group of calculations alone shows
    /// nothing: ODK refuses a body group without controls).
    #[must_use]
    pub fn shown(&self) -> bool {
        match self {
            Node::Group(g) | Node::Repeat(g) => g.children.iter().any(Node::shown),
            Node::Item(i) => !matches!(i.kind, ItemKind::Calculate | ItemKind::Hidden),
        }
    }
}

/// A group or repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Element name.
    pub name: String,
    /// Title.
    pub label: Tr,
    /// Shown only when this holds.
    pub relevant: Option<String>,
    /// Shown as one page (`field-list`).
    pub field_list: bool,
    /// What it holds.
    pub children: Vec<Node>,
}

/// One row of the survey sheet.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Item {
    /// Element name.
    pub name: String,
    /// What it is.
    pub kind: ItemKind,
    /// Question text.
    pub label: Tr,
    /// Help.
    pub hint: Tr,
    /// Guiding questions.
    pub guidance: Tr,
    /// Asked only when this holds.
    pub relevant: Option<String>,
    /// Must be answered when this holds (`true()` always).
    pub required: Option<String>,
    /// Accepted only when this holds.
    pub constraint: Option<String>,
    /// Shown when the constraint does not hold.
    pub constraint_message: Tr,
    /// The value, for a calculation.
    pub calculation: Option<String>,
    /// Cannot be edited.
    pub read_only: bool,
    /// Initial value.
    pub default: Option<String>,
    /// Choice filter of a select (over an attached file).
    pub choice_filter: Option<String>,
    /// XLSForm appearance.
    pub appearance: Option<&'static str>,
    /// The record value the row holds (for filling an instance from a record).
    pub fill: Fill,
}

/// Which value of a record a row holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Fill {
    /// None: a calculation, a note, a hidden value.
    #[default]
    Nothing,
    /// The answer to the field with this id.
    Field(String),
    /// The ancestor, at this admin level, of the location the field with this id holds.
    LocationLevel {
        /// The location field.
        field: String,
        /// The admin level of the row.
        level: u8,
    },
}

/// The closed set of row types.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ItemKind {
    /// Free text.
    #[default]
    Text,
    /// Whole number.
    Integer,
    /// Date.
    Date,
    /// Date and time.
    DateTime,
    /// One option of a list.
    SelectOne(String),
    /// Several options of a list.
    SelectMany(String),
    /// One row of an attached CSV file.
    SelectOneFromFile(String),
    /// A picture.
    Image,
    /// A recording.
    Audio,
    /// Any file.
    File,
    /// A heading with no value.
    Note,
    /// A computed value, not shown.
    Calculate,
    /// A value the phone does not ask (empty), kept because an expression reads it.
    Hidden,
}

impl ItemKind {
    /// The XLSForm `type` cell.
    #[must_use]
    pub fn xlsform_type(&self) -> String {
        match self {
            ItemKind::Text => "text".into(),
            ItemKind::Integer => "integer".into(),
            ItemKind::Date => "date".into(),
            ItemKind::DateTime => "dateTime".into(),
            ItemKind::SelectOne(l) => format!("select_one {l}"),
            ItemKind::SelectMany(l) => format!("select_multiple {l}"),
            ItemKind::SelectOneFromFile(f) => format!("select_one_from_file {f}"),
            ItemKind::Image => "image".into(),
            ItemKind::Audio => "audio".into(),
            ItemKind::File => "file".into(),
            ItemKind::Note => "note".into(),
            ItemKind::Calculate => "calculate".into(),
            ItemKind::Hidden => "hidden".into(),
        }
    }

    /// The XForm bind type.
    #[must_use]
    pub fn bind_type(&self) -> &'static str {
        match self {
            ItemKind::Integer => "int",
            ItemKind::Date => "date",
            ItemKind::DateTime => "dateTime",
            ItemKind::Image | ItemKind::Audio | ItemKind::File => "binary",
            _ => "string",
        }
    }
}

/// An option list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceList {
    /// List name.
    pub name: String,
    /// Options in order.
    pub choices: Vec<Choice>,
}

/// One option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Stored value.
    pub name: String,
    /// Labels.
    pub label: Tr,
}

impl Survey {
    /// The languages some text of the form is written in (pyxform knows a language only from
    /// a column that holds a text).
    #[must_use]
    pub fn used_languages(&self) -> std::collections::BTreeSet<String> {
        fn add(tr: &Tr, out: &mut std::collections::BTreeSet<String>) {
            out.extend(
                tr.iter()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(l, _)| l.clone()),
            );
        }
        fn walk(nodes: &[Node], out: &mut std::collections::BTreeSet<String>) {
            for n in nodes {
                match n {
                    Node::Group(g) | Node::Repeat(g) => {
                        add(&g.label, out);
                        walk(&g.children, out);
                    }
                    Node::Item(i) => {
                        for tr in [&i.label, &i.hint, &i.guidance, &i.constraint_message] {
                            add(tr, out);
                        }
                    }
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        walk(&self.body, &mut out);
        for l in &self.lists {
            for c in &l.choices {
                add(&c.label, &mut out);
            }
        }
        out
    }

    /// A name an ODK form cannot have twice: two elements of one group (or of the root) with
    /// one name, an element name an expression refers to (`${name}`) used by two elements
    /// anywhere, or two option lists with one name. pyxform refuses the first and the last, and
    /// the second would make the reference read one of them at random.
    #[must_use]
    pub fn duplicate_name(&self) -> Option<String> {
        use std::collections::{BTreeMap, BTreeSet};
        fn walk<'a>(
            nodes: &'a [Node],
            all: &mut BTreeMap<&'a str, usize>,
            refs: &mut BTreeSet<String>,
            sibling: &mut Option<String>,
        ) {
            let mut here = BTreeSet::new();
            for n in nodes {
                let name = match n {
                    Node::Group(g) | Node::Repeat(g) => g.name.as_str(),
                    Node::Item(i) => i.name.as_str(),
                };
                if !here.insert(name) && sibling.is_none() {
                    *sibling = Some(name.to_string());
                }
                *all.entry(name).or_default() += 1;
                match n {
                    Node::Group(g) | Node::Repeat(g) => {
                        refs.extend(g.relevant.iter().flat_map(|e| references(e)));
                        walk(&g.children, all, refs, sibling);
                    }
                    Node::Item(i) => {
                        for e in [
                            &i.relevant,
                            &i.required,
                            &i.constraint,
                            &i.calculation,
                            &i.choice_filter,
                        ]
                        .into_iter()
                        .flatten()
                        {
                            refs.extend(references(e));
                        }
                    }
                }
            }
        }
        let (mut all, mut refs, mut sibling) = (BTreeMap::new(), BTreeSet::new(), None);
        walk(&self.body, &mut all, &mut refs, &mut sibling);
        if sibling.is_some() {
            return sibling;
        }
        if let Some(r) = refs
            .iter()
            .find(|r| all.get(r.as_str()).is_some_and(|n| *n > 1))
        {
            return Some(r.clone());
        }
        let mut seen = BTreeSet::new();
        self.lists
            .iter()
            .map(|l| l.name.as_str())
            .find(|n| !seen.insert(*n))
            .map(str::to_string)
    }

    /// Every item with its path of element names below the root, depth first.
    #[must_use]
    pub fn items(&self) -> Vec<(Vec<&str>, &Item)> {
        let mut out = Vec::new();
        walk(&self.body, &mut Vec::new(), &mut out);
        out
    }
}

/// The names an expression refers to with `${name}`.
fn references(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = expr;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

fn walk<'a>(nodes: &'a [Node], path: &mut Vec<&'a str>, out: &mut Vec<(Vec<&'a str>, &'a Item)>) {
    for node in nodes {
        match node {
            Node::Group(g) | Node::Repeat(g) => {
                path.push(&g.name);
                walk(&g.children, path, out);
                path.pop();
            }
            Node::Item(item) => {
                let mut p = path.clone();
                p.push(&item.name);
                out.push((p, item));
            }
        }
    }
}
