//! Finding standard declarations in the syntax trees the overlay edits.

use gbvims_dsl::ast::{
    Attr, AttrValue, Decl, DeclKind, FieldDecl, File, FormDecl, Item, ItemKind, LookupDecl,
    OptionDecl,
};
use gbvims_dsl::{FileId, Span, Spanned};

/// The files being edited.
pub(crate) type Files = Vec<(FileId, File)>;

/// Every declaration, in file order.
pub(crate) fn decls(files: &Files) -> impl Iterator<Item = &Decl> {
    files.iter().flat_map(|(_, f)| f.decls.iter())
}

fn decls_mut(files: &mut Files) -> impl Iterator<Item = &mut Decl> {
    files.iter_mut().flat_map(|(_, f)| f.decls.iter_mut())
}

/// A named lookup.
pub(crate) fn lookup<'a>(files: &'a Files, id: &str) -> Option<&'a LookupDecl> {
    decls(files).find_map(|d| match &d.kind {
        DeclKind::Lookup(l) if l.id.node == id => Some(l),
        _ => None,
    })
}

/// A named lookup, to edit.
pub(crate) fn lookup_mut<'a>(files: &'a mut Files, id: &str) -> Option<&'a mut LookupDecl> {
    decls_mut(files).find_map(|d| match &mut d.kind {
        DeclKind::Lookup(l) if l.id.node == id => Some(l),
        _ => None,
    })
}

/// Every lookup id (for suggestions).
pub(crate) fn lookup_ids(files: &Files) -> Vec<&str> {
    decls(files)
        .filter_map(|d| match &d.kind {
            DeclKind::Lookup(l) => Some(l.id.node.as_str()),
            _ => None,
        })
        .collect()
}

/// A form or subform.
pub(crate) fn form<'a>(files: &'a Files, id: &str) -> Option<&'a FormDecl> {
    decls(files).find_map(|d| match &d.kind {
        DeclKind::Form(f) if f.id.node == id => Some(f),
        _ => None,
    })
}

/// A form or subform, to edit.
pub(crate) fn form_mut<'a>(files: &'a mut Files, id: &str) -> Option<&'a mut FormDecl> {
    decls_mut(files).find_map(|d| match &mut d.kind {
        DeclKind::Form(f) if f.id.node == id => Some(f),
        _ => None,
    })
}

/// Every form and subform id (for suggestions).
pub(crate) fn form_ids(files: &Files) -> Vec<&str> {
    decls(files)
        .filter_map(|d| match &d.kind {
            DeclKind::Form(f) => Some(f.id.node.as_str()),
            _ => None,
        })
        .collect()
}

/// The field `id` declared in `form`.
pub(crate) fn field<'a>(form: &'a FormDecl, id: &str) -> Option<&'a FieldDecl> {
    form.body.iter().find_map(|i| match &i.kind {
        ItemKind::Field(f) if f.id.node == id => Some(f),
        _ => None,
    })
}

/// The field `id` declared in `form`, to edit.
pub(crate) fn field_mut<'a>(form: &'a mut FormDecl, id: &str) -> Option<&'a mut FieldDecl> {
    form.body.iter_mut().find_map(|i| match &mut i.kind {
        ItemKind::Field(f) if f.id.node == id => Some(f),
        _ => None,
    })
}

/// The block of `use id { … }` in `form`, when the form shows the field with a label of its own.
pub(crate) fn use_with_label<'a>(form: &'a FormDecl, id: &str) -> Option<&'a [Item]> {
    form.body.iter().find_map(|i| match &i.kind {
        ItemKind::Use(u)
            if u.id.node == id
                && u.body
                    .iter()
                    .any(|b| matches!(&b.kind, ItemKind::Attr(a) if a.key.node == "label")) =>
        {
            Some(u.body.as_slice())
        }
        _ => None,
    })
}

/// The block of `use id { … }` in `form`, to edit.
pub(crate) fn use_body_mut<'a>(form: &'a mut FormDecl, id: &str) -> Option<&'a mut Vec<Item>> {
    form.body.iter_mut().find_map(|i| match &mut i.kind {
        ItemKind::Use(u) if u.id.node == id => Some(&mut u.body),
        _ => None,
    })
}

/// The forms declaring a field with this id.
pub(crate) fn forms_with_field<'a>(files: &'a Files, id: &str) -> Vec<&'a str> {
    decls(files)
        .filter_map(|d| match &d.kind {
            DeclKind::Form(f) if field(f, id).is_some() => Some(f.id.node.as_str()),
            _ => None,
        })
        .collect()
}

/// Every field id of a form (for suggestions).
pub(crate) fn field_ids(form: &FormDecl) -> Vec<&str> {
    form.body
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Field(f) => Some(f.id.node.as_str()),
            _ => None,
        })
        .collect()
}

/// The attribute `key` of a body.
pub(crate) fn attr<'a>(body: &'a [Item], key: &str) -> Option<&'a Attr> {
    body.iter().find_map(|i| match &i.kind {
        ItemKind::Attr(a) if a.key.node == key => Some(a),
        _ => None,
    })
}

/// A flag that is on: `core` or `core: true`, not `core: false`.
pub(crate) fn flag_on<'a>(body: &'a [Item], key: &str) -> Option<&'a Attr> {
    attr(body, key).filter(|a| !matches!(a.value, AttrValue::Bool(ref b) if !b.node))
}

/// What makes a field required: `required` (or `required: true`), else `required_if`;
/// `required: false` is optional.
pub(crate) fn requirement(body: &[Item]) -> Option<&Attr> {
    flag_on(body, "required").or_else(|| attr(body, "required_if"))
}

/// Sets the flag `key` of a body to `value` (`visible: false`), in place of any it had; `span`
/// is where the declaration setting it is.
pub(crate) fn set_flag(body: &mut Vec<Item>, key: &str, value: bool, span: Span) {
    body.retain(|i| !matches!(&i.kind, ItemKind::Attr(a) if a.key.node == key));
    body.push(Item {
        kind: ItemKind::Attr(Attr {
            key: Spanned::new(key.to_string(), span),
            value: AttrValue::Bool(Spanned::new(value, span)),
        }),
        span,
    });
}

/// The options of a body.
pub(crate) fn options(body: &[Item]) -> impl Iterator<Item = &OptionDecl> {
    body.iter().filter_map(|i| match &i.kind {
        ItemKind::Option(o) => Some(o),
        _ => None,
    })
}
