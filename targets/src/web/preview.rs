//! The bundle's `index.html`: a self-contained preview of the forms. Browsers refuse to fetch
//! sibling files from `file://`, so the page carries everything: the other files of the bundle
//! inlined as one JSON document (`<script type="application/json" id="gbvims-bundle">`), the
//! bundle's rules evaluator (`gbvims-rules.js`), and the preview app — React, JSON Forms and its
//! vanilla renderers bundled by esbuild into `targets/web/preview/app.js`, committed and embedded
//! here (rebuilt by `targets/web/preview-app/rebuild.sh`; `cargo build` needs only Rust) — with
//! the licences of what it bundles. A Content-Security-Policy forbids every request.
//!
//! The role switch of the page is a presentation of `roles.json`: it hides what a role may not
//! see, but the page holds every field; a real deployment enforces roles on the server.

use std::fmt::Write as _;

use crate::Artifact;

/// The preview app: one minified script (`targets/web/preview/app.js`).
const APP_JS: &str = include_str!("../../web/preview/app.js");
/// The licences of the npm packages `app.js` bundles.
const LICENSES: &str = include_str!("../../web/preview/LICENSES.txt");

/// The bundle's evaluator, when `bundle.json` does not name it.
const DEFAULT_EVALUATOR: &str = "gbvims-rules.js";
/// The page's own path in the bundle (never inlined into itself).
const PAGE: &str = "index.html";

/// Nothing may be fetched: inline scripts and styles, data: images, no connection. (JSON Forms
/// tests the UI schema's `SHOW` rules with ajv, which compiles their condition schemas to
/// functions: hence `unsafe-eval`.)
const CSP: &str = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; \
                   style-src 'unsafe-inline'; \
                   img-src data:; form-action 'none'; base-uri 'none'";

/// The self-contained `index.html` of a web bundle, given the bundle's other files (paths
/// relative to `web/`). Deterministic: the same files give the same bytes, in any order.
#[must_use]
pub fn preview_html(files: &[Artifact]) -> Vec<u8> {
    let mut sorted: Vec<&Artifact> = files.iter().filter(|f| f.path != PAGE).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    sorted.dedup_by(|a, b| a.path == b.path);

    let bundle = sorted
        .iter()
        .find(|f| f.path == "bundle.json")
        .and_then(|f| serde_json::from_slice::<serde_json::Value>(&f.bytes).ok());
    let bundle = bundle.as_ref();
    let evaluator_path = bundle
        .and_then(|b| b.get("evaluator"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or(DEFAULT_EVALUATOR);
    let language = bundle
        .and_then(|b| b.get("default_language"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("en");
    let rtl = bundle
        .and_then(|b| b.get("languages"))
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .any(|l| {
            l.get("code").and_then(serde_json::Value::as_str) == Some(language)
                && l.get("direction").and_then(serde_json::Value::as_str) == Some("rtl")
        });

    let mut data = String::from("{");
    let mut evaluator = None;
    for f in &sorted {
        if f.path == evaluator_path {
            evaluator = Some(String::from_utf8_lossy(&f.bytes));
            continue;
        }
        if data.len() > 1 {
            data.push(',');
        }
        data.push_str(&json_string(&f.path));
        data.push(':');
        if f.path.ends_with(".json")
            && serde_json::from_slice::<serde::de::IgnoredAny>(&f.bytes).is_ok()
        {
            data.push_str(std::str::from_utf8(&f.bytes).unwrap_or("null"));
        } else {
            data.push_str(&json_string(&String::from_utf8_lossy(&f.bytes)));
        }
    }
    data.push('}');

    let mut html = String::with_capacity(APP_JS.len() + LICENSES.len() + data.len() + 4096);
    html.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(
        html,
        "<html lang=\"{}\" dir=\"{}\">",
        attr(language),
        if rtl { "rtl" } else { "ltr" }
    );
    html.push_str("<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    );
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"generator\" content=\"gbvims\">\n");
    html.push_str("<title>GBVIMS form preview</title>\n</head>\n<body>\n");
    html.push_str(
        "<noscript>This preview needs JavaScript (it runs entirely in this page and sends \
         nothing).</noscript>\n",
    );
    html.push_str("<div id=\"gbvims-app\"></div>\n");
    html.push_str("<script type=\"application/json\" id=\"gbvims-bundle\">");
    html.push_str(&json_in_html(&data));
    html.push_str("</script>\n");
    if let Some(js) = evaluator {
        html.push_str("<script id=\"gbvims-rules\">\n");
        html.push_str(&text_in_script(&js));
        html.push_str("\n</script>\n");
    }
    html.push_str("<script id=\"gbvims-preview-app\">\n");
    html.push_str(&text_in_script(APP_JS));
    html.push_str("\n</script>\n");
    html.push_str("<script type=\"text/plain\" id=\"gbvims-licenses\">\n");
    html.push_str(&text_in_script(LICENSES));
    html.push_str("\n</script>\n</body>\n</html>\n");
    html.into_bytes()
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// JSON made safe inside `<script>`: `<`, `>` and `&` occur in JSON only inside strings, where
/// their `\u` escapes mean the same, so no `</script>` or `<!--` can end or confuse the element.
fn json_in_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Script text made safe inside `<script>`: `</script` (any case) becomes `<\/script` and `<!--`
/// becomes `<\!--`, which mean the same inside JavaScript strings, regular expressions and
/// comments, the only places a script holds them.
fn text_in_script(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let closes = tail
            .get(..8)
            .is_some_and(|t| t.eq_ignore_ascii_case("</script"));
        if closes {
            out.push_str("<\\/");
            rest = &tail[2..];
        } else if tail.starts_with("<!--") {
            out.push_str("<\\!");
            rest = &tail[2..];
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Text in a double-quoted HTML attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> Artifact {
        Artifact {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn sample() -> Vec<Artifact> {
        vec![
            file(
                "bundle.json",
                r#"{"format":"gbvims-web/1","default_language":"ar","languages":[{"code":"ar","direction":"rtl"}]}"#,
            ),
            file(
                "i18n/ar.json",
                r#"{"field.f.x.label":"</script><script>alert(1)</script> <!-- & \u2028"}"#,
            ),
            file("gbvims-rules.js", "var GbvimsRules = {s: '</SCRIPT>'};"),
            file("locations.csv", "code,name\n</script>,x\n"),
        ]
    }

    /// Count of `</script` in any case: one per script element, nothing else.
    fn closings(html: &str) -> usize {
        html.to_ascii_lowercase().matches("</script").count()
    }

    #[test]
    fn data_cannot_break_out_of_its_script() {
        let html = String::from_utf8(preview_html(&sample())).unwrap();
        // bundle data, evaluator, app, licences.
        assert_eq!(closings(&html), 4, "a label closed a script element");
        assert_eq!(html.matches("<!--").count(), 0);
        let start = html.find("id=\"gbvims-bundle\">").unwrap() + "id=\"gbvims-bundle\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        assert_eq!(
            data["i18n/ar.json"]["field.f.x.label"],
            "</script><script>alert(1)</script> <!-- & \u{2028}"
        );
        assert_eq!(data["locations.csv"], "code,name\n</script>,x\n");
        assert!(
            data.get("gbvims-rules.js").is_none(),
            "the evaluator is a script"
        );
        assert!(html.contains("var GbvimsRules = {s: '<\\/SCRIPT>'};"));
    }

    #[test]
    fn the_page_is_deterministic_and_follows_the_default_language() {
        let mut files = sample();
        let a = preview_html(&files);
        files.reverse();
        files.push(file("index.html", "old page"));
        assert_eq!(a, preview_html(&files));
        let html = String::from_utf8(a).unwrap();
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(!html.contains("old page"));
        assert!(html.contains("Content-Security-Policy"));
    }

    #[test]
    fn the_embedded_app_needs_no_escaping_it_cannot_survive() {
        // The app is inserted through text_in_script; it must still be the same script.
        assert_eq!(text_in_script(APP_JS).len(), APP_JS.len());
        assert!(LICENSES.contains("react"));
    }

    #[test]
    fn broken_bundle_files_never_panic() {
        let files = vec![
            file("bundle.json", "{not json"),
            Artifact {
                path: "i18n/en.json".into(),
                bytes: vec![0xff, 0xfe, b'{'],
            },
        ];
        let html = String::from_utf8(preview_html(&files)).unwrap();
        assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    }
}
