//! The country's `mobile_public_key`: finds the PEM file next to the country's files, checks it
//! (E0104), reports private keys left anywhere in the country's directory, and warns when the
//! country's phones would send identifying data unencrypted (W0006).

use std::path::{Path, PathBuf};

use gbvims_dsl::Span;

use super::post::{country_path, normalize};
use crate::checks::invalid_mobile_key::InvalidMobileKey;
use crate::checks::unencrypted_mobile_submissions::unencrypted_mobile_submissions;
use crate::diagnostics::Sink;
use crate::lower::CountryInfo;
use crate::mobile_key::{self, KeyProblem};
use crate::model::{MobileKey, Model};
use crate::source::{Origin, Sources};

/// The key file's path from the country's directory, when the header names one.
pub(super) fn wanted(sources: &Sources, info: &CountryInfo) -> Option<PathBuf> {
    country_path(sources, info, &info.mobile_public_key.as_ref()?.node)
}

/// Loads and checks the key; warns (W0006) when there is none and phones collect identifying
/// data.
pub(super) fn load(
    sources: &Sources,
    model: &Model,
    info: &CountryInfo,
    sink: &mut Sink,
) -> Option<MobileKey> {
    stray_private_keys(sources, wanted(sources, info).as_deref(), sink);
    let Some(path) = &info.mobile_public_key else {
        unencrypted_mobile_submissions(model, info.header_span, sink);
        return None;
    };
    let wanted = wanted(sources, info)?;
    if let Some(d) = super::post::outside_country(
        path,
        "mobile key file",
        "public key",
        "`mobile_public_key: \"mobile-public-key.pem\"`",
    ) {
        sink.push(d);
        return None;
    }
    let found = country_data(sources).find(|(_, name, _)| *name == wanted);
    let Some((_, _, file)) = found else {
        sink.push(
            InvalidMobileKey::NotFound {
                file: &path.node,
                span: path.span,
                help: not_found_help(sources, &wanted),
            }
            .diagnostic(),
        );
        return None;
    };
    if let Some(refusal) = &file.refused {
        sink.push(crate::checks::refused_file::diagnostic(
            &file.name, refusal, path.span,
        ));
        return None;
    }
    match mobile_key::parse(&file.text) {
        Ok(key) => Some(key),
        Err(problem) => {
            sink.push(
                InvalidMobileKey::Unusable {
                    file: &path.node,
                    span: path.span,
                    problem: &problem,
                }
                .diagnostic(),
            );
            None
        }
    }
}

/// The country's data files (not `.gbv`), with their normalized paths.
fn country_data(
    sources: &Sources,
) -> impl Iterator<Item = (gbvims_dsl::FileId, PathBuf, &crate::source::SourceFile)> {
    sources
        .iter()
        .filter(|(_, f)| f.origin == Origin::Country && !f.is_gbv())
        .map(|(id, f)| (id, normalize(Path::new(&f.name)), f))
}

fn is_pem(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pem"))
}

fn not_found_help(sources: &Sources, wanted: &Path) -> String {
    if !is_pem(wanted) {
        return "give the public key in a file whose name ends in `.pem`, e.g. `mobile_public_key: \"mobile-public-key.pem\"`".to_string();
    }
    let dir = wanted.parent().map(Path::to_path_buf).unwrap_or_default();
    let present: Vec<String> = country_data(sources)
        .filter(|(_, p, f)| f.refused.is_none() && is_pem(p) && p.parent() == Some(dir.as_path()))
        .filter_map(|(_, p, _)| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .collect();
    match present.first() {
        Some(other) => format!(
            "did you mean `mobile_public_key: \"{other}\"`? (the key files next to the country's are: {})",
            present.join(", ")
        ),
        None => format!(
            "put the country's RSA public key at `{}`, or correct the name",
            wanted.display()
        ),
    }
}

/// A private key anywhere in the country's directory (other than the file `mobile_public_key`
/// names, reported at that line) is an error at the start of the file.
fn stray_private_keys(sources: &Sources, named: Option<&Path>, sink: &mut Sink) {
    for (id, path, file) in country_data(sources) {
        if !is_pem(&path) || file.refused.is_some() || named.is_some_and(|n| n == path) {
            continue;
        }
        if mobile_key::parse(&file.text) == Err(KeyProblem::PrivateKey) {
            let span: Span = crate::checks::refused_file::start_of(id);
            sink.push(
                InvalidMobileKey::Unusable {
                    file: &file.name,
                    span,
                    problem: &KeyProblem::PrivateKey,
                }
                .diagnostic(),
            );
        }
    }
}
