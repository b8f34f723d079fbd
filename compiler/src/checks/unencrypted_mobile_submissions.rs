//! W0006: a country whose mobile forms hold identifying fields the collecting role fills in, with
//! no `mobile_public_key`: submissions would travel and be stored unencrypted.

use std::collections::BTreeSet;

use gbvims_dsl::Span;

use crate::diagnostics::{Code, Diagnostic, Sink};
use crate::model::{FieldIx, Model};

/// How many field ids the message names before `…`.
const SHOWN: usize = 5;

/// The identifying fields the collecting role sees on phones: in `mobile` forms, shown on
/// mobile, and seen by that role ([`Model::roles_seeing`]).
#[must_use]
pub(crate) fn identifying_on_phones(model: &Model) -> Vec<FieldIx> {
    let Some(role) = model.collecting_role() else {
        return Vec::new();
    };
    let fields: BTreeSet<FieldIx> = model
        .forms
        .iter()
        .filter(|f| f.mobile)
        .flat_map(|f| f.fields.iter().copied())
        .filter(|&ix| {
            let f = model.field(ix);
            f.flags.identifying && f.flags.mobile && model.roles_seeing(ix).contains(&role)
        })
        .collect();
    fields.into_iter().collect()
}

pub(crate) fn unencrypted_mobile_submissions(model: &Model, header: Span, sink: &mut Sink) {
    let fields = identifying_on_phones(model);
    if fields.is_empty() {
        return;
    }
    let mut names: Vec<String> = fields
        .iter()
        .take(SHOWN)
        .map(|&ix| model.field(ix).id.to_string())
        .collect();
    if fields.len() > SHOWN {
        names.push("…".to_string());
    }
    sink.push(
        Diagnostic::new(
            Code::W0006,
            header,
            format!(
                "submissions from phones would travel and sit on the server unencrypted, with {} identifying fields ({})",
                fields.len(),
                names.join(", ")
            ),
        )
        .label("no `mobile_public_key`")
        .help("add `mobile_public_key: \"mobile-public-key.pem\"`: the data protection officer makes an RSA key pair offline with `openssl genrsa -out private.pem 3072` and `openssl rsa -in private.pem -pubout -out mobile-public-key.pem`, puts only mobile-public-key.pem next to country.gbv, and keeps private.pem off the configuration"),
    );
}
