//! Where each field of a form's mapping is found in Central's exports: its node's path relative to
//! the submission or to the repeat instance holding it (the OData JSON's nesting), the CSV column
//! (that path joined with `-`) and, for a repeat, the CSV table it is exported to.

use std::collections::BTreeMap;

use super::error::OdkError;
use crate::odk_mapping::{FieldMapping, FormMapping, ValueKind};

/// A form's fields, located.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// The main table's file name (`<form_id>.csv`).
    pub main_file: String,
    /// The record-level fields, in mapping order.
    pub fields: Vec<Located>,
}

/// One field, located.
#[derive(Clone, Debug)]
pub(crate) struct Located {
    /// The field id.
    pub id: String,
    /// The node's path relative to its submission or repeat instance (groups, then the node).
    pub rel: Vec<String>,
    /// A value or a repeat.
    pub shape: Shape,
}

/// What a located field holds.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    /// A value of that kind.
    Value(ValueKind),
    /// A repeat, exported as the table `file`.
    Rows {
        /// The table's file name (`<form_id>-<repeat>.csv`).
        file: String,
        /// The fields of a row.
        fields: Vec<Located>,
    },
}

impl Located {
    /// The CSV column of a value in its table (Central's "group paths" layout).
    pub fn column(&self) -> String {
        self.rel.join("-")
    }

    /// The column when the export was made with Central's "remove group names" option.
    pub fn bare_column(&self) -> &str {
        self.rel.last().map_or("", String::as_str)
    }

    /// The repeat's own name (the last step of its path).
    pub fn name(&self) -> &str {
        self.bare_column()
    }
}

/// Locates a form's fields.
pub(crate) fn plan(form: &FormMapping) -> Result<Plan, OdkError> {
    let root = vec![form.root.clone()];
    let mut fields = level(&form.fields, &root, true)?;
    name_tables(&mut fields, &form.form_id);
    Ok(Plan {
        main_file: format!("{}.csv", form.form_id),
        fields,
    })
}

/// The steps of an absolute path (`/data/a/b` → `data`, `a`, `b`); a relative path is taken
/// relative to `base`.
fn steps(path: &str, base: &[String], absolute_only: bool) -> Result<Vec<String>, OdkError> {
    let (relative, rest) = match path.strip_prefix('/') {
        Some(rest) => (false, rest),
        None if absolute_only => {
            return Err(OdkError::Mapping(format!(
                "the path `{path}` is not absolute"
            )))
        }
        None => (true, path),
    };
    let own: Vec<String> = rest.split('/').map(str::to_owned).collect();
    if own.iter().any(String::is_empty) {
        return Err(OdkError::Mapping(format!(
            "the path `{path}` has an empty step"
        )));
    }
    if relative {
        return Ok(base.iter().cloned().chain(own).collect());
    }
    Ok(own)
}

/// Locates the fields of one level (the record, or a repeat instance at `base`).
fn level(fields: &[FieldMapping], base: &[String], top: bool) -> Result<Vec<Located>, OdkError> {
    let mut out = Vec::with_capacity(fields.len());
    for field in fields {
        let abs = steps(&field.path, base, top)?;
        if abs.len() <= base.len() || abs[..base.len()] != *base {
            return Err(OdkError::Mapping(format!(
                "the path `{}` of `{}` is not inside `/{}`",
                field.path,
                field.id,
                base.join("/")
            )));
        }
        let rel = abs[base.len()..].to_vec();
        let shape = if field.kind == ValueKind::Rows {
            Shape::Rows {
                file: String::new(),
                fields: level(&field.rows, &abs, false)?,
            }
        } else {
            Shape::Value(field.kind)
        };
        out.push(Located {
            id: field.id.clone(),
            rel,
            shape,
        });
    }
    Ok(out)
}

/// Names each repeat's table as Central does: `<form_id>-<repeat>.csv`, or `<form_id>-<repeat>~N.csv`
/// (N counting from 1 in depth-first order) when several repeats share a name.
fn name_tables(fields: &mut [Located], form_id: &str) {
    let mut names: Vec<String> = Vec::new();
    collect_names(fields, &mut names);
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for name in &names {
        *totals.entry(name).or_default() += 1;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let files: Vec<String> = names
        .iter()
        .map(|name| {
            if totals[name.as_str()] > 1 {
                let count = counts.entry(name).or_default();
                *count += 1;
                format!("{form_id}-{name}~{count}.csv")
            } else {
                format!("{form_id}-{name}.csv")
            }
        })
        .collect();
    let mut files = files.into_iter();
    assign_files(fields, &mut files);
}

fn collect_names(fields: &[Located], out: &mut Vec<String>) {
    for field in fields {
        if let Shape::Rows { fields, .. } = &field.shape {
            out.push(field.name().to_owned());
            collect_names(fields, out);
        }
    }
}

fn assign_files(fields: &mut [Located], files: &mut impl Iterator<Item = String>) {
    for field in fields {
        if let Shape::Rows { file, fields } = &mut field.shape {
            *file = files.next().unwrap_or_default();
            assign_files(fields, files);
        }
    }
}
