//! A filled ODK instance of a survey from a record in Primero's shape (field ids as keys,
//! subforms as arrays of row objects): what a phone would submit for that record. The
//! differential tests load such instances into a real ODK engine; `gbvims records from-odk`
//! does the reverse.

use std::io;

use gbvims_compiler::locations::LocationTable;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde_json::{Map, Value as Json};

use super::survey::{Fill, Node, Survey};

type W = Writer<Vec<u8>>;

/// The instance XML (without declaration) of `record`. Calculations are left empty: the
/// engine computes them when it loads the instance.
///
/// # Errors
/// Only if writing to memory fails.
pub fn instance_xml(
    survey: &Survey,
    record: &Map<String, Json>,
    locations: Option<&LocationTable>,
) -> io::Result<String> {
    let mut w = Writer::new(Vec::new());
    let mut root = BytesStart::new(survey.root.as_str());
    root.push_attribute(("id", survey.form_id.as_str()));
    root.push_attribute(("version", survey.version.as_str()));
    w.write_event(Event::Start(root))?;
    nodes(&mut w, &survey.body, record, locations)?;
    w.write_event(Event::Start(BytesStart::new("meta")))?;
    let id = record
        .get("_odk_instance_id")
        .and_then(Json::as_str)
        .unwrap_or_default();
    text(&mut w, "instanceID", id)?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    w.write_event(Event::End(BytesEnd::new(survey.root.as_str())))?;
    String::from_utf8(w.into_inner()).map_err(io::Error::other)
}

fn text(w: &mut W, name: &str, value: &str) -> io::Result<()> {
    if value.is_empty() {
        return w.write_event(Event::Empty(BytesStart::new(name)));
    }
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(value)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// Writes `list` with the answers of `scope` (the record, or a row of a subform).
fn nodes(
    w: &mut W,
    list: &[Node],
    scope: &Map<String, Json>,
    locations: Option<&LocationTable>,
) -> io::Result<()> {
    for n in list {
        match n {
            Node::Group(g) => {
                w.write_event(Event::Start(BytesStart::new(g.name.as_str())))?;
                nodes(w, &g.children, scope, locations)?;
                w.write_event(Event::End(BytesEnd::new(g.name.as_str())))?;
            }
            Node::Repeat(g) => {
                let rows = scope.get(&g.name).and_then(Json::as_array);
                for row in rows.into_iter().flatten().filter_map(Json::as_object) {
                    w.write_event(Event::Start(BytesStart::new(g.name.as_str())))?;
                    nodes(w, &g.children, row, locations)?;
                    w.write_event(Event::End(BytesEnd::new(g.name.as_str())))?;
                }
            }
            Node::Item(i) => {
                let value = match &i.fill {
                    Fill::Nothing => String::new(),
                    Fill::Field(id) => scope.get(id).map(answer).unwrap_or_default(),
                    Fill::LocationLevel { field, level } => scope
                        .get(field)
                        .and_then(Json::as_str)
                        .and_then(|code| locations?.ancestor_at(code, *level))
                        .map(|u| u.code.clone())
                        .unwrap_or_default(),
                };
                text(w, &i.name, &value)?;
            }
        }
    }
    Ok(())
}

/// A stored answer as instance text: multi-selects space-separated, a tick box `true` (an
/// unticked box is empty).
fn answer(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        Json::Bool(true) => "true".to_string(),
        Json::Array(items) => items
            .iter()
            .filter_map(Json::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}
