//! `gbvims preview`: check a configuration, build its web bundle in memory (the same checked
//! model and web target as `gbvims build --target web`), and serve the bundle on 127.0.0.1 —
//! `index.html`, the self-contained preview, at `/` — until interrupted. A configuration with
//! errors is reported like `check` and nothing is served (exit code 1).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;
use gbvims_targets::web::preview::preview_html;
use gbvims_targets::{Artifact, Options, TargetKind};

use super::{config, output, ColorWhen, Format, UsageError, EXIT_ERRORS, EXIT_OK};

/// Arguments of `gbvims preview`.
#[derive(Args, Debug)]
pub struct PreviewArgs {
    /// The configuration: a country directory, or the standard's directory.
    path: PathBuf,
    /// The port on 127.0.0.1 (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The language the page opens in (one of the configuration's; default: its default).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Preview countries against the standard in DIR instead of the one built into gbvims.
    #[arg(long, value_name = "DIR")]
    standard: Option<PathBuf>,
}

/// The files served: path in the bundle → (content type, bytes).
type Site = BTreeMap<String, (&'static str, Vec<u8>)>;

/// Runs the command; returns only on errors (the server runs until interrupted).
pub fn run(args: &PreviewArgs, color: ColorWhen) -> Result<u8, UsageError> {
    let path = &args.path;
    let loaded = config::load(path, args.standard.as_deref())?;
    let sources = loaded.sources;
    let base = gbvims_compiler::StandardBase::new(&sources);
    let compiled = gbvims_compiler::compile_with(&base, &sources);
    let mut diagnostics = compiled.diagnostics();
    // W0015, as `check` reports it: a newer major of the standard exists.
    if let Some(w) = super::releases::newer_major(path, &loaded.release, &sources, &diagnostics)? {
        diagnostics.push(w);
    }
    let (errors, warnings) = output::counts(&diagnostics);
    output::print(&sources, &diagnostics, Format::Human, color);
    let Some(checked) = compiled.checked().filter(|_| errors == 0) else {
        eprintln!(
            "{}; nothing served",
            output::verdict(false, path, loaded.files, errors, warnings)
        );
        return Ok(EXIT_ERRORS);
    };
    let model = checked.model();
    if let Some(lang) = &args.lang {
        if !model.standard.languages.iter().any(|l| &l.0 == lang) {
            let known: Vec<&str> = model
                .standard
                .languages
                .iter()
                .map(|l| l.0.as_str())
                .collect();
            return Err(UsageError(format!(
                "`{lang}` is not a language of {} (its languages: {})",
                path.display(),
                known.join(", ")
            )));
        }
    }
    let Some(web) = gbvims_targets::target(TargetKind::Web) else {
        return Err(UsageError(
            "the web target is not available yet in this version; nothing served".into(),
        ));
    };
    let artifacts = match web.emit(checked, &Options::default()) {
        Ok(a) => a,
        Err(diagnostics) => {
            let n = diagnostics.len();
            output::print(&sources, &diagnostics, Format::Human, color);
            eprintln!(
                "failed: {} cannot be built: {}; nothing served",
                path.display(),
                output::summary(n, 0)
            );
            return Ok(EXIT_ERRORS);
        }
    };
    let site = site(artifacts);

    let server = tiny_http::Server::http(("127.0.0.1", args.port))
        .map_err(|e| UsageError(format!("cannot listen on 127.0.0.1:{}: {e}", args.port)))?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let query = args
        .lang
        .as_ref()
        .map_or(String::new(), |l| format!("?lang={l}"));
    // The address on stdout (a script reads it), the rest on stderr.
    super::output::to_stdout(&format!("http://127.0.0.1:{port}/{query}\n"));
    eprintln!(
        "serving the web preview of {} ({} files); Ctrl-C stops",
        path.display(),
        site.len()
    );
    for request in server.incoming_requests() {
        let response = respond(&site, request.method(), request.url());
        // A client gone before the answer is not an error of the server.
        let _ = request.respond(response);
    }
    Ok(EXIT_OK)
}

/// The bundle's files by path, with `index.html` made from the others when the web target
/// did not write it.
fn site(artifacts: Vec<Artifact>) -> Site {
    let mut page = None;
    if !artifacts.iter().any(|a| a.path == "index.html") {
        page = Some(preview_html(&artifacts));
    }
    let mut site: Site = artifacts
        .into_iter()
        .map(|a| (a.path.clone(), (content_type(&a.path), a.bytes)))
        .collect();
    if let Some(page) = page {
        site.insert("index.html".into(), (content_type("index.html"), page));
    }
    site
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The answer to one request: GET or HEAD of a file of the bundle (`/` is `index.html`).
fn respond(
    site: &Site,
    method: &tiny_http::Method,
    url: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
            .unwrap_or_else(|()| unreachable!("a constant, valid header"))
    };
    let plain = |status: u16, text: &str| {
        tiny_http::Response::from_data(text.as_bytes().to_vec())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
    };
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return plain(405, "method not allowed\n").with_header(header("Allow", "GET, HEAD"));
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    match site.get(path) {
        Some((ty, bytes)) => tiny_http::Response::from_data(bytes.clone())
            .with_header(header("Content-Type", ty))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("X-Content-Type-Options", "nosniff")),
        None => plain(404, "not found\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_of(files: &[(&str, &str)]) -> Site {
        site(
            files
                .iter()
                .map(|(p, t)| Artifact {
                    path: (*p).into(),
                    bytes: t.as_bytes().to_vec(),
                })
                .collect(),
        )
    }

    #[test]
    fn the_page_is_made_when_the_target_did_not_write_it() {
        let s = site_of(&[("bundle.json", "{}")]);
        assert!(s["index.html"].1.starts_with(b"<!DOCTYPE html>"));
        let s = site_of(&[("bundle.json", "{}"), ("index.html", "mine")]);
        assert_eq!(s["index.html"].1, b"mine");
    }

    #[test]
    fn requests_find_the_files_and_nothing_else() {
        let s = site_of(&[("bundle.json", "{}"), ("i18n/en.json", "{}")]);
        let get = tiny_http::Method::Get;
        assert_eq!(respond(&s, &get, "/").status_code().0, 200);
        assert_eq!(respond(&s, &get, "/?lang=ar").status_code().0, 200);
        assert_eq!(respond(&s, &get, "/i18n/en.json").status_code().0, 200);
        assert_eq!(respond(&s, &get, "/../Cargo.toml").status_code().0, 404);
        assert_eq!(respond(&s, &get, "/i18n/").status_code().0, 404);
        assert_eq!(
            respond(&s, &tiny_http::Method::Post, "/").status_code().0,
            405
        );
    }
}
