//! `IMPORT-REPORT.md`: what was read, what the overlay says, what it could not carry over, what
//! no Primero configuration carries, and what the checker says about the result.

use std::fmt::Write as _;

use gbvims_compiler::diagnostics::Code;
use gbvims_compiler::Severity;

use crate::overlay::Decl;
use crate::Imported;

/// One diagnostic of the checker on the written overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Its code (an error or a warning).
    pub code: Code,
    /// The message.
    pub message: String,
    /// `country.gbv:12`.
    pub at: String,
}

/// What a Primero configuration cannot carry: left as the standard has it, or to be written by
/// hand.
pub const NOT_IN_A_BUNDLE: &[(&str, &str)] = &[
    ("Incident Recorder texts", "the IR's column headers and fixed words are not in Primero's configuration; the standard's stay (`translate incident_recorder` to change them)"),
    ("`sees_identifying` and field visibility per role", "Primero's roles grant whole forms; who may see an identifying field is the standard's rule and stays"),
    ("`identifying`, `sensitive`, `not_identifying`", "data-protection flags of fields are not in the bundle: mark the country's added fields by hand"),
    ("`ir_location_levels`", "which location levels fill the Incident Recorder's columns: add them to the country header"),
    ("`mobile_public_key`", "the key phones encrypt submissions with: add it (README, \"Country configurations\")"),
    ("`required_if`, `constraint`", "Primero cannot state them (the Primero target lists them in NOT-EXPRESSED.md); the standard's stay, the country's own are to be written by hand"),
    ("`calculate` other than `sum`/`avg` of fields", "Primero's calculations are read back only as `sum` and `avg` of number fields (each noted above: gbvims skips an unanswered question where Primero counts 0); the rest are to be written by hand"),
    ("display conditions of standard fields", "an overlay cannot change them: the standard's `show_if` stays, and each Primero condition that differs is listed above, in gbvims' syntax"),
    ("option order of a standard list, `use` of a standard field on another form", "not read back: the standard's order and forms stay"),
];

fn kind(d: &Decl) -> Option<&'static str> {
    Some(match d {
        Decl::Comment(_) => return None,
        Decl::ReplaceLookup(..) => "lists replaced",
        Decl::ExtendLookup(..) => "lists extended",
        Decl::OwnLookup(..) => "lists of the country's own",
        Decl::TranslateLookup(..) | Decl::Translate(..) => "translations",
        Decl::RewordLookup(..) | Decl::Reword(..) => "rewordings (`reword … because`)",
        Decl::HideField(..) => "fields hidden",
        Decl::HideForm(_) => "forms hidden",
        Decl::HideOption(..) => "options hidden",
        Decl::UnusedLookup(_) => "lists unused",
        Decl::ChangeField(..) => "fields changed (lookup, position, texts removed)",
        Decl::AddField(..) => "fields added",
        Decl::Form(_) => "forms of the country's own",
    })
}

/// The report. `source` names what was imported; `findings` are the checker's diagnostics on
/// the written configuration.
#[must_use]
pub fn markdown(imported: &Imported, source: &str, findings: &[Finding]) -> String {
    let mut out = String::from("# Import report\n\n");
    let (forms, lookups, locations) = imported.counts;
    let _ = writeln!(
        out,
        "Imported from `{source}` by `gbvims import primero`: {forms} form sections, {lookups} lookups, {locations} locations.\n\
         Country `{}` (code `{}`), languages {} (default `{}`).\n",
        imported.header.id,
        imported.header.code,
        imported
            .header
            .languages
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", "),
        imported.header.languages.first().map_or("en", String::as_str),
    );
    out.push_str("## What the overlay says\n\n");
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for k in imported.decls.iter().filter_map(kind) {
        match counts.iter_mut().find(|(n, _)| *n == k) {
            Some((_, c)) => *c += 1,
            None => counts.push((k, 1)),
        }
    }
    if counts.is_empty() {
        out.push_str("Nothing: the configuration is the standard's.\n");
    }
    for (k, n) in &counts {
        let _ = writeln!(out, "- {k}: {n}");
    }
    out.push_str("\n## Not carried over (W0017)\n\n");
    if imported.left.is_empty() {
        out.push_str("Nothing: every difference from the standard is in the overlay.\n");
    }
    for l in &imported.left {
        let _ = writeln!(out, "- **{}**: {}", l.what, l.why);
    }
    if !imported.notes.is_empty() {
        out.push_str("\n## Carried over with a difference of meaning\n\n");
        for n in &imported.notes {
            let _ = writeln!(out, "- **{}**: {}", n.what, n.why);
        }
    }
    out.push_str("\n## What a Primero configuration cannot carry\n\n");
    for (what, why) in NOT_IN_A_BUNDLE {
        let _ = writeln!(out, "- {what}: {why}");
    }
    out.push_str("\n## What `gbvims check` says about the result\n\n");
    if findings.is_empty() {
        out.push_str("No error and no warning.\n");
    }
    for f in findings {
        let _ = writeln!(
            out,
            "- {} {} at `{}`: {}",
            match f.code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            f.code.as_str(),
            f.at,
            f.message
        );
    }
    out
}
