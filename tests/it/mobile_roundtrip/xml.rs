//! What the round trip reads of XML: a small element tree, and of an XForm the schema of its
//! primary instance as Central reads it (groups, repeats, values, `int` binds) and which nodes
//! have a `relevant`.

use std::collections::BTreeSet;

use quick_xml::events::Event;

/// An XML element: what the test reads of the XForm and of the engine's instances.
#[derive(Clone, Debug, Default)]
pub(super) struct El {
    pub(super) name: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) text: String,
    pub(super) children: Vec<El>,
}

impl El {
    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every element below this one, depth first.
    pub(super) fn descendants<'a>(&'a self, out: &mut Vec<&'a El>) {
        for c in &self.children {
            out.push(c);
            c.descendants(out);
        }
    }
}

/// Parses an XML document into its root element (namespace prefixes kept in names).
pub(super) fn parse_xml(xml: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart<'_>| El {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    a.unescape_value().expect("attribute value").into_owned(),
                )
            })
            .collect(),
        ..El::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let el = open(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml_content().expect("UTF-8")),
            Event::CData(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().expect("UTF-8");
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};"))
                            .to_owned()
                    }
                };
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut doc = stack.pop().unwrap();
    assert!(stack.is_empty(), "unclosed elements");
    doc.children.pop().expect("a root element")
}

// ---------------------------------------------------------------------------------------------
// The form's schema, as Central reads it from the XForm.

/// A node of the primary instance: a group, a repeat or a value.
#[derive(Debug)]
pub(super) enum Schema {
    Group(String, Vec<Schema>),
    Repeat(String, Vec<Schema>),
    /// A value, and whether its bind type is `int` (a number in the OData JSON).
    Leaf(String, bool),
}

impl Schema {
    pub(super) fn name(&self) -> &str {
        match self {
            Schema::Group(n, _) | Schema::Repeat(n, _) | Schema::Leaf(n, _) => n,
        }
    }
}

/// What the test needs of an XForm.
pub(super) struct Form {
    pub(super) form_id: String,
    pub(super) root: String,
    pub(super) schema: Vec<Schema>,
    /// Nodesets (absolute, without row numbers) whose bind has a `relevant`.
    pub(super) conditional: BTreeSet<String>,
}

pub(super) fn read_form(xml: &str) -> Form {
    let html = parse_xml(xml);
    let model = html
        .child("h:head")
        .and_then(|h| h.child("model"))
        .expect("<h:head><model>");
    let instance = model
        .children
        .iter()
        .find(|c| c.name == "instance" && c.attr("id").is_none())
        .and_then(|i| i.children.first())
        .expect("the primary instance");
    let mut all = Vec::new();
    html.descendants(&mut all);
    let repeats: BTreeSet<String> = all
        .iter()
        .filter(|e| e.name == "repeat")
        .filter_map(|e| e.attr("nodeset").map(str::to_owned))
        .collect();
    let binds: Vec<&El> = model.children.iter().filter(|c| c.name == "bind").collect();
    let ints: BTreeSet<&str> = binds
        .iter()
        .filter(|b| b.attr("type") == Some("int"))
        .filter_map(|b| b.attr("nodeset"))
        .collect();
    let conditional = binds
        .iter()
        .filter(|b| b.attr("relevant").is_some())
        .filter_map(|b| b.attr("nodeset").map(str::to_owned))
        .collect();
    let root = format!("/{}", instance.name);
    Form {
        form_id: instance.attr("id").expect("form id").to_owned(),
        root: instance.name.clone(),
        schema: schema_of(instance, &root, &repeats, &ints),
        conditional,
    }
}

/// The schema below `el` (at `path`): each name once, in first-seen order (a repeat's template
/// and its first row are one node).
pub(super) fn schema_of(
    el: &El,
    path: &str,
    repeats: &BTreeSet<String>,
    ints: &BTreeSet<&str>,
) -> Vec<Schema> {
    let mut out: Vec<Schema> = Vec::new();
    for c in &el.children {
        if out.iter().any(|s| s.name() == c.name) {
            continue;
        }
        let here = format!("{path}/{}", c.name);
        out.push(if repeats.contains(&here) {
            Schema::Repeat(c.name.clone(), schema_of(c, &here, repeats, ints))
        } else if c.children.is_empty() {
            Schema::Leaf(c.name.clone(), ints.contains(here.as_str()))
        } else {
            Schema::Group(c.name.clone(), schema_of(c, &here, repeats, ints))
        });
    }
    out
}
