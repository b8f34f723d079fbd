//! `gbvims init`: scaffolds a country configuration. The result passes `check` except for the
//! placeholders the country must fill in (its own lists, its locations), each reported clearly.

use std::path::PathBuf;

use clap::Args;
use gbvims_compiler::languages::language;
use gbvims_compiler::model::{LookupKind, Policy};
use gbvims_compiler::{is_country_code, is_valid_id};

use super::{files, UsageError, EXIT_OK};

/// Arguments of `gbvims init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory to create (for example `country-configs/chad`).
    dir: PathBuf,
    /// The country's two-letter ISO 3166 code (`td`); its own fields and options start with `td_`.
    #[arg(long, value_name = "CODE")]
    country: String,
    /// The country's languages, default first (`fr,en,ar`).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    languages: Vec<String>,
    /// The country's id in the configuration (default: the directory's name).
    #[arg(long)]
    name: Option<String>,
}

/// What `init` needs of the standard built into the binary.
struct Standard {
    /// Its major version: the country accepts `^MAJOR.0`.
    major: u64,
    placeholders: Vec<Placeholder>,
}

/// One localizable list of the standard: its id, its name, and the options a country must keep.
struct Placeholder {
    id: String,
    name: String,
    anchors: Vec<String>,
}

/// The standard built into the binary: its major version and its localizable lists, in the order
/// the standard declares them; each is named in the country's first language (else English).
fn standard(lang: &str) -> Result<Standard, UsageError> {
    let sources = super::config::standard_sources(None)?;
    let compiled = gbvims_compiler::compile(&sources);
    let Some(model) = compiled.model() else {
        return Err(UsageError(
            "the standard built into this binary does not compile".into(),
        ));
    };
    let placeholders = model
        .lookups
        .iter()
        .filter(|l| l.policy == Policy::Localizable)
        .filter_map(|l| match &l.kind {
            LookupKind::Named(id) => Some(Placeholder {
                id: id.as_str().to_string(),
                name: model.text(&l.name, lang).to_string(),
                anchors: l.anchors.iter().map(|a| a.as_str().to_string()).collect(),
            }),
            LookupKind::Inline(_) => None,
        })
        .collect();
    Ok(Standard {
        major: model.standard.version.major,
        placeholders,
    })
}

/// Runs the command.
pub fn run(args: &InitArgs) -> Result<u8, UsageError> {
    let code = args.country.trim().to_ascii_lowercase();
    if !is_country_code(&code) {
        return Err(UsageError(format!(
            "`{}` is not a two-letter ISO 3166 country code (like `td` for Chad)",
            args.country
        )));
    }
    let mut langs: Vec<String> = Vec::new();
    for l in &args.languages {
        let l = l.trim().to_string();
        if language(&l).is_none() {
            return Err(UsageError(format!("`{l}` is not an ISO 639 language code")));
        }
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    if langs.is_empty() {
        return Err(UsageError("give at least one language".into()));
    }
    let id = match &args.name {
        Some(n) => n.clone(),
        None => args
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase().replace(['-', ' '], "_"))
            .unwrap_or_default(),
    };
    if !is_valid_id(&id) {
        return Err(UsageError(format!(
            "`{id}` cannot be the country's id: use lower-case letters, digits and `_` (give one with --name)"
        )));
    }
    if args.dir.exists() && std::fs::read_dir(&args.dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(UsageError(format!(
            "`{}` already exists and is not empty; init never overwrites a configuration",
            args.dir.display()
        )));
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| UsageError(format!("cannot create `{}`: {e}", args.dir.display())))?;
    let standard = standard(&langs[0])?;
    let placeholders = standard.placeholders;
    let country = country_gbv(&id, &code, standard.major, &langs, &placeholders);
    files::write_atomic(&args.dir.join("country.gbv"), country.as_bytes())?;
    files::write_atomic(
        &args.dir.join("locations.csv"),
        locations_csv(&langs).as_bytes(),
    )?;
    files::write_atomic(
        &args.dir.join("README.md"),
        readme(&id, &args.dir).as_bytes(),
    )?;
    eprint!("{}", checklist(&args.dir, &langs, &placeholders));
    Ok(EXIT_OK)
}

/// What the admin fills in, on one screen.
fn checklist(dir: &std::path::Path, langs: &[String], placeholders: &[Placeholder]) -> String {
    let d = dir.display();
    let lists: Vec<&str> = placeholders.iter().map(|p| p.id.as_str()).collect();
    let mut names = vec!["en (Primero requires English names)".to_string()];
    names.extend(langs.iter().filter(|l| *l != "en").cloned());
    let new_languages: Vec<&str> = langs
        .iter()
        .filter(|l| !["en", "fr", "ar"].contains(&l.as_str()))
        .map(String::as_str)
        .collect();
    let mut out = format!(
        "created {d}: country.gbv, locations.csv, README.md\n\
         To fill in (README.md explains each step; `gbvims check {d}` lists what is left):\n\
         \x20 1. country.gbv: replace the {} placeholder lists with the country's own:\n\
         \x20    {}\n\
         \x20 2. locations.csv: one row per district with its province, codes (P-codes) and names in\n\
         \x20    {}\n\
         \x20 3. country.gbv: `location_levels` and `ir_location_levels` if the levels differ\n",
        lists.len(),
        lists.join(", "),
        names.join(", "),
    );
    let mut step = 4;
    if !new_languages.is_empty() {
        out.push_str(&format!(
            "  {step}. translations into {}: `gbvims translations export {d} --lang <code> -o <code>.xlsx`\n",
            new_languages.join(", ")
        ));
        step += 1;
    }
    out.push_str(&format!(
        "  {step}. mobile-public-key.pem, so phone submissions are encrypted (README step 5)\n"
    ));
    out
}

fn texts(langs: &[String], text: &str) -> String {
    langs
        .iter()
        .map(|l| format!("{l} \"{text}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn country_gbv(
    id: &str,
    code: &str,
    major: u64,
    langs: &[String],
    placeholders: &[Placeholder],
) -> String {
    let title = gbvims_compiler::model::title_case(id);
    let mut out = format!(
        "# The {title} configuration of the GBVIMS standard forms, made by `gbvims init`.\n\
         # `gbvims check` lists what is left to do; the README next to this file explains each step.\n\
         country {id} extends gbvims \"^{major}.0\" {{\n  \
           name: {}\n  \
           code: {code}\n  \
           languages: {}\n  \
           default_language: {}\n  \
           locations: \"locations.csv\"\n  \
           # The admin levels of the location questions: a type of lookup-location-type and a level.\n  \
           location_levels: province 1, district 2\n  \
           # The admin levels whose names fill the Incident Recorder's county and district columns.\n  \
           ir_location_levels: county 1, district 2\n\
         }}\n",
        texts(langs, &title),
        langs.join(", "),
        langs[0],
    );
    out.push_str(
        "\n# The standard's placeholder lists. Replace each with the country's own list, for example:\n\
         #\n\
         # replace lookup lookup-ethnicity {\n",
    );
    out.push_str(&format!("#   option first_group: {}\n", texts(langs, "…")));
    out.push_str("# }\n#\n");
    for Placeholder { id, name, anchors } in placeholders {
        let keep = if anchors.is_empty() {
            String::new()
        } else {
            format!(
                " (keep {})",
                anchors
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push_str(&format!("# - {id}: {name}{keep}\n"));
    }
    out.push_str(&format!(
        "\n# Your own options and fields start with `{code}_`:\n\
         # extend lookup lookup-gbv-incident-location-type {{ option {code}_camp: … }}\n\
         # add field {code}_camp_block to gbv_incident_form: text {{ label: …; after: incident_location }}\n"
    ));
    out
}

fn locations_csv(langs: &[String]) -> String {
    let mut human = Vec::new();
    let mut tags = Vec::new();
    for (level, tag) in [
        ("Country", "#country"),
        ("Province", "#adm1"),
        ("District", "#adm2"),
    ] {
        human.push(format!("{level} code"));
        tags.push(format!("{tag}+code"));
        human.push(format!("{level} name"));
        tags.push(format!("{tag}+name"));
        for l in langs.iter().filter(|l| *l != "en") {
            human.push(format!("{level} name ({l})"));
            tags.push(format!("{tag}+name+{l}"));
        }
    }
    format!("{}\n{}\n", human.join(","), tags.join(","))
}

fn readme(id: &str, dir: &std::path::Path) -> String {
    format!(
        "# GBVIMS configuration: {id}\n\n\
         Made by `gbvims init`. Run `gbvims check {}` after each step; it reports what is left.\n\n\
         1. **Placeholder lists.** For each list named in `country.gbv`, write\n   \
            `replace lookup <id> {{ option …: … }}` with the country's own options (keep the anchors\n   \
            it names).\n\
         2. **Locations.** Fill `locations.csv`: one row per deepest unit (district), repeating its\n   \
            province and the country, with the codes (OCHA P-codes) and names in every language. The\n   \
            HXL hashtags of row 2 say what each column is; add `#adm3+…` columns for deeper levels, then\n   \
            adjust `location_levels` and `ir_location_levels`.\n\
         3. **Translations.** If a language is not one of the standard's (en, fr, ar), `check` lists the\n   \
            texts to translate: `gbvims translations export {} --lang <code> -o <code>.xlsx`, have the\n   \
            spreadsheet filled in, then `gbvims translations import {} <code>.xlsx`.\n\
         4. **Country fields.** Hide optional fields the country does not use (`hide field <form>.<field>`),\n   \
            add the country's own (`add field …`, ids starting with the country code and `_`).\n\
         5. **Encryption key.** So that submissions from phones are encrypted, the data protection\n   \
            officer makes an RSA key pair on an offline machine (`openssl genrsa -out private.pem 3072`,\n   \
            then `openssl rsa -in private.pem -pubout -out mobile-public-key.pem`), puts only\n   \
            `mobile-public-key.pem` here, adds `mobile_public_key: \"mobile-public-key.pem\"` to the\n   \
            header, and keeps `private.pem` offline, never in the configuration.\n",
        dir.display(),
        dir.display(),
        dir.display()
    )
}
