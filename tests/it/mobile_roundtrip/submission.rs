//! The submission ODK Collect would send for an instance the engine recomputed: the instance
//! without its non-relevant nodes.

use std::collections::BTreeMap;

use gbvims_compiler::model::Date;
use serde_json::Value as Json;

use super::xml::{parse_xml, El, Form, Schema};

/// What the engine says of one record.
pub(super) struct EngineRecord {
    pub(super) today: Date,
    /// The recomputed instance, every node kept.
    pub(super) instance: El,
    /// Leaf path with row numbers (`/data/g/rep[2]/f`) → relevant.
    pub(super) relevant: BTreeMap<String, bool>,
}

pub(super) fn engine_record(line: &str) -> Result<EngineRecord, String> {
    let v: Json = serde_json::from_str(line).expect("harness output is JSON");
    if let Some(e) = v.get("error") {
        return Err(format!("the engine failed on {}: {e}", v["id"]));
    }
    let relevant = v["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["path"].as_str().unwrap_or_default().to_owned(),
                n["relevant"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    Ok(EngineRecord {
        today: Date::parse_iso(v["today"].as_str().unwrap_or_default()).expect("today"),
        instance: parse_xml(v["instance"].as_str().expect("instance")),
        relevant,
    })
}

/// Strips the row numbers of a path (`/data/g/rep[2]/f` → `/data/g/rep/f`).
pub(super) fn plain(path: &str) -> String {
    path.split('/')
        .map(|s| s.split_once('[').map_or(s, |(n, _)| n))
        .collect::<Vec<_>>()
        .join("/")
}

/// Builds submissions out of engine instances.
pub(super) struct Submitter<'a> {
    pub(super) form: &'a Form,
    pub(super) engine: &'a EngineRecord,
    pub(super) problems: &'a mut Vec<String>,
    /// Repeat rows whose relevance had to be read from a conditional leaf.
    pub(super) undecided_rows: usize,
}

impl Submitter<'_> {
    /// The submission of the engine's instance: `el` (at `path`, with row numbers) without its
    /// non-relevant nodes, as Collect serializes a finalized form.
    pub(super) fn keep(&mut self, el: &El, path: &str) -> El {
        let mut out = El {
            name: el.name.clone(),
            attrs: el.attrs.clone(),
            ..El::default()
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &el.children {
            if c.attr("jr:template").is_some() {
                continue;
            }
            let n = seen.entry(c.name.as_str()).or_default();
            *n += 1;
            let plain_here = format!("{}/{}", plain(path), c.name);
            let is_repeat = self.is_repeat(&plain_here);
            let here = if is_repeat {
                format!("{path}/{}[{n}]", c.name)
            } else {
                format!("{path}/{}", c.name)
            };
            if matches!(self.node(&plain_here), Some(Schema::Leaf(..))) {
                match self.engine.relevant.get(&here) {
                    Some(true) => out.children.push(El {
                        name: c.name.clone(),
                        text: c.text.clone(),
                        ..El::default()
                    }),
                    Some(false) => {}
                    None => self
                        .problems
                        .push(format!("the engine reports nothing on {here}")),
                }
            } else if self.node(&plain_here).is_none() {
                self.problems
                    .push(format!("{here} is not in the form's instance"));
            } else if !is_repeat || self.row_relevant(c, &here) {
                out.children.push(self.keep(c, &here));
            }
        }
        out
    }

    /// The schema node at a path without row numbers.
    pub(super) fn node(&self, plain_path: &str) -> Option<&Schema> {
        let mut nodes = self.form.schema.as_slice();
        let mut found = None;
        for step in plain_path.split('/').filter(|s| !s.is_empty()).skip(1) {
            let node = nodes.iter().find(|s| s.name() == step)?;
            nodes = match node {
                Schema::Group(_, c) | Schema::Repeat(_, c) => c,
                Schema::Leaf(..) => &[],
            };
            found = Some(node);
        }
        found
    }

    pub(super) fn is_repeat(&self, plain_path: &str) -> bool {
        matches!(self.node(plain_path), Some(Schema::Repeat(..)))
    }

    /// Whether a repeat row is relevant. The engine reports leaves only, each relevant when it
    /// and all its ancestors are: a leaf of the row under no `relevant` of its own (nor of a group
    /// between) tells the row's relevance.
    pub(super) fn row_relevant(&mut self, row: &El, path: &str) -> bool {
        let mut unconditioned = Vec::new();
        let mut any = false;
        self.leaves(row, path, true, &mut unconditioned, &mut any);
        match unconditioned.first() {
            Some(first) => {
                if unconditioned.iter().any(|r| r != first) {
                    self.problems
                        .push(format!("{path}: its unconditioned leaves disagree"));
                }
                *first
            }
            None => {
                self.undecided_rows += 1;
                any
            }
        }
    }

    pub(super) fn leaves(
        &self,
        el: &El,
        path: &str,
        free: bool,
        out: &mut Vec<bool>,
        any: &mut bool,
    ) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for c in &el.children {
            let n = seen.entry(c.name.as_str()).or_default();
            *n += 1;
            let plain_here = format!("{}/{}", plain(path), c.name);
            if self.is_repeat(&plain_here) {
                continue;
            }
            let free_here = free && !self.form.conditional.contains(&plain_here);
            let here = format!("{path}/{}", c.name);
            if matches!(self.node(&plain_here), Some(Schema::Leaf(..))) {
                let r = self.engine.relevant.get(&here).copied().unwrap_or(false);
                *any |= r;
                if free_here {
                    out.push(r);
                }
            } else {
                self.leaves(c, &here, free_here, out, any);
            }
        }
    }
}
