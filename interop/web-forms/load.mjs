#!/usr/bin/env node
// Loads XForms into ODK Web Forms (the @getodk/web-forms Vue component,
// bundled into dist/ by build.mjs) in headless Chromium and reports, per form:
//
//   ok    incident.xml
//   FAIL  incident.xml: <errors>
//
// Usage: node load.mjs <form.xml>... [--media DIR] [--text] [--screenshot DIR] [--verbose] [--lang NAME] [--submit]
//
//   --media DIR       where jr://file/<name> attachments are looked up first;
//                     then <form>-media/ next to the form, then the form's own
//                     directory.
//   --text            also print the rendered questions' text (for probing).
//   --screenshot DIR  save a full-page PNG per form.
//   --verbose         keep stack traces in FAIL lines.
//   --lang NAME       switch the form to this language (Web Forms' language menu)
//                     before the checks, e.g. --lang 'Français (fr)'.
//   --submit          after the checks, press "Send" on the form as it is and
//                     print what Web Forms hands the host (SUBMIT line: the
//                     <submission> key it passes on, the instance XML). For
//                     probing only: a form whose required questions are empty
//                     is not sent, which is reported but is not a failure.
//
// A form passes when: Web Forms reports the form ready (not its load-failure
// dialog), no console error / page error / unhandled rejection / Vue error or
// warning happened, every attachment it requested was found, the page shows
// the form's <h:title> and at least one question label, and, for each select
// whose itemset reads a CSV secondary instance without depending on another
// field (the first level of a cascade), at least one of its rendered choices
// is a row of that CSV.
//
// Everything is local: dist/ and the forms are served by a node http server on
// 127.0.0.1; Chromium runs with a fresh profile and no background networking.
// Exit status: 0 if all forms passed, 1 if any failed, 2 on usage errors.

import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function usage(msg) {
  if (msg) console.error(`load.mjs: ${msg}`);
  console.error('usage: node load.mjs <form.xml>... [--media DIR] [--text] [--screenshot DIR] [--verbose] [--lang NAME] [--submit]');
  process.exit(2);
}

const forms = [];
let mediaDir = null;
let printText = false;
let verbose = false;
let lang = null;
let submit = false;
let shotDir = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--media') mediaDir = argv[++i] ?? usage('--media needs a directory');
  else if (a === '--text') printText = true;
  else if (a === '--verbose') verbose = true;
  else if (a === '--submit') submit = true;
  else if (a === '--lang') lang = argv[++i] ?? usage('--lang needs a language name');
  else if (a === '--screenshot') shotDir = argv[++i] ?? usage('--screenshot needs a directory');
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else forms.push(resolve(a));
}
if (forms.length === 0) usage('no form given');
if (!existsSync(join(dist, 'main.js'))) usage('dist/ is not built: run `node build.mjs` (or setup.sh) first');
if (!existsSync(CHROMIUM)) usage(`${CHROMIUM} not found: run setup.sh (apt-get install -y chromium)`);

// ---------- small XForm / CSV readers (driver side, for the render checks) ----------

function decodeXml(s) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function formTitle(xml) {
  const m = /<(?:\w+:)?title\b[^>]*>([\s\S]*?)<\/(?:\w+:)?title>/.exec(xml);
  return m ? decodeXml(m[1]).trim() : null;
}

function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? decodeXml(m[1] ?? m[2]) : null;
}

// Secondary instances backed by a CSV file: id -> file name.
function csvInstances(xml) {
  const out = new Map();
  for (const m of xml.matchAll(/<instance\b[^>]*>/g)) {
    const id = attr(m[0], 'id');
    const src = attr(m[0], 'src');
    const f = src && /^jr:\/\/file(?:-csv)?\/(.+\.csv)$/i.exec(src);
    if (id && f) out.set(id, f[1]);
  }
  return out;
}

// Itemsets that read a CSV instance and do not depend on another field
// (no current(), no absolute path into the primary instance in the predicate):
// the first level of a cascade. Returns [{ instance, file, nodeset }].
function firstLevelCsvItemsets(xml) {
  const csv = csvInstances(xml);
  const out = [];
  for (const m of xml.matchAll(/<itemset\b[^>]*>/g)) {
    const nodeset = attr(m[0], 'nodeset') || '';
    const im = /instance\(\s*['"]([^'"]+)['"]\s*\)/.exec(nodeset);
    if (!im || !csv.has(im[1])) continue;
    // The predicates after instance('id')/root/item: a reference to the primary
    // instance (current(), or an absolute path) makes it a dependent level.
    const rest = nodeset.slice(im.index + im[0].length);
    const preds = rest.slice(Math.max(0, rest.indexOf('[')));
    if (rest.includes('[') && /current\(\)|(^|[\s=(\[,])\/\w/.test(preds)) continue;
    out.push({ instance: im[1], file: csv.get(im[1]), nodeset });
  }
  return out;
}

// Minimal RFC 4180 CSV reader: rows of fields (quoted fields, "" escapes).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let q = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') q = false;
      else field += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

// ---------- attachment lookup ----------

function findAttachment(form, name) {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return null;
  const stem = basename(form).replace(/\.xml$/i, '');
  const dirs = [mediaDir && resolve(mediaDir), join(dirname(form), `${stem}-media`), dirname(form)];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

// ---------- local HTTP server ----------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.json': 'application/json',
};

// The bundle may be cached by the browser across forms (it is the same for all);
// forms and attachments never are.
function send(res, path, cacheable = false) {
  res.writeHead(200, {
    'content-type': TYPES[extname(path).toLowerCase()] || 'application/octet-stream',
    'cache-control': cacheable ? 'max-age=3600' : 'no-store',
  });
  res.end(readFileSync(path));
}

const server = http.createServer((req, res) => {
  try {
    const u = new URL(req.url, 'http://127.0.0.1');
    const p = decodeURIComponent(u.pathname);
    let m;
    if ((m = /^\/form\/(\d+)\/form\.xml$/.exec(p)) && forms[Number(m[1])]) return send(res, forms[Number(m[1])]);
    if ((m = /^\/media\/(\d+)\/([^/]+)$/.exec(p)) && forms[Number(m[1])]) {
      const f = findAttachment(forms[Number(m[1])], m[2]);
      if (f) return send(res, f);
    } else if (p === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    } else if (/^\/[\w.-]+$/.test(p) && existsSync(join(dist, p)) && statSync(join(dist, p)).isFile()) {
      return send(res, join(dist, p), p !== '/index.html');
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---------- Chromium ----------

const profile = mkdtempSync(join(os.tmpdir(), 'gbvims-webforms-'));
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true, // puppeteer passes --headless
  userDataDir: profile,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

// Checks run inside the page once Web Forms is ready.
function pageChecks({ title, csvSelects }) {
  const problems = [];
  const text = (el) => (el?.textContent || '').replace(/\s+/g, ' ').trim();
  const h1s = [...document.querySelectorAll('.odk-form h1')].map(text);
  if (title && !h1s.includes(title.replace(/\s+/g, ' '))) {
    problems.push(`title ${JSON.stringify(title)} not shown (headings: ${JSON.stringify(h1s)})`);
  }
  const labels = [...document.querySelectorAll('.form-questions .control-text label, .form-questions .panel-title, .form-questions label')]
    .map(text)
    .filter((t) => t.length > 0);
  if (labels.length === 0) problems.push('no question label rendered');
  const containers = [...document.querySelectorAll('.form-questions .question-container')];
  const optionValues = (c) => [...c.querySelectorAll('input[type=radio], input[type=checkbox]')].map((i) => i.value);
  for (const sel of csvSelects) {
    const names = new Set(sel.names);
    const hit = containers.some((c) => optionValues(c).some((v) => names.has(v)));
    // Dropdown appearances (minimal, autocomplete) only render options when opened;
    // fall back to the question's selected/placeholder text being present.
    const dropdowns = containers.filter((c) => c.querySelector('.p-select, .p-multiselect, .p-autocomplete'));
    if (!hit && dropdowns.length === 0) {
      problems.push(`no rendered choice of ${sel.nodeset} comes from ${sel.file} (rows: ${sel.names.length})`);
    } else if (!hit) {
      sel.needsDropdownCheck = true;
    }
  }
  return {
    problems,
    dropdownChecks: csvSelects.filter((s) => s.needsDropdownCheck).map((s) => s.nodeset),
    text: document.querySelector('.form-questions')?.innerText || '',
  };
}

// Picks a language in Web Forms' language menu (a PrimeVue Select).
async function switchLanguage(page, name) {
  const opened = await page.evaluate(() => {
    const d = [...document.querySelectorAll('.language-changer')].find((e) => e.offsetParent !== null);
    if (!d) return false;
    d.click();
    return true;
  });
  if (!opened) return { ok: false, why: 'the form has no language menu' };
  await new Promise((r) => setTimeout(r, 200));
  // A real mouse click: PrimeVue ignores synthetic element.click() on options.
  const options = await page.$$('[role=option]');
  let picked = [];
  for (const o of options) {
    const t = await o.evaluate((e) => [e.textContent.trim(), e.getAttribute('aria-label')]);
    if (t.includes(name)) {
      await o.click();
      picked = true;
      break;
    }
    picked.push(t[0]);
  }
  await new Promise((r) => setTimeout(r, 300));
  return picked === true ? { ok: true } : { ok: false, why: `menu offers ${JSON.stringify(picked)}` };
}

let failed = 0;
for (let i = 0; i < forms.length; i++) {
  const form = forms[i];
  const name = basename(form);
  const errors = [];
  const t0 = Date.now();
  let page;
  try {
    const xml = readFileSync(form, 'utf8');
    const csvSelects = [];
    for (const it of firstLevelCsvItemsets(xml)) {
      const f = findAttachment(form, it.file);
      if (!f) {
        errors.push(`attachment ${it.file} not found (looked in ${mediaDir ?? '(no --media)'}, ${basename(form, '.xml')}-media/, form dir)`);
        continue;
      }
      const rows = parseCsv(readFileSync(f, 'utf8'));
      const col = rows[0]?.indexOf('name') ?? -1;
      if (col < 0) {
        errors.push(`${it.file}: no "name" column`);
        continue;
      }
      const labelCols = rows[0].flatMap((h, j) => (/^label\b/.test(h) ? [j] : []));
      csvSelects.push({
        nodeset: it.nodeset,
        file: it.file,
        names: rows.slice(1).map((r) => r[col]),
        labels: rows.slice(1).flatMap((r) => labelCols.map((j) => (r[j] ?? '').trim())),
      });
    }

    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url().replace(origin, '')}`);
    });
    await page.goto(`${origin}/index.html?form=/form/${i}/form.xml&media=/media/${i}/`, { waitUntil: 'load' });
    await page.waitForFunction('window.__webforms && window.__webforms.done', { timeout: 60000, polling: 50 });
    const state = await page.evaluate(() => window.__webforms);
    errors.push(...state.errors);
    if (state.status === 'ready' && lang) {
      const switched = await switchLanguage(page, lang);
      if (!switched.ok) errors.push(`cannot switch to language ${JSON.stringify(lang)}: ${switched.why}`);
    }
    if (state.status === 'ready') {
      const r = await page.evaluate(pageChecks, { title: formTitle(xml), csvSelects });
      errors.push(...r.problems);
      for (const ns of r.dropdownChecks) {
        // Dropdowns render their options only when opened: open each one with a
        // real click and look for a label of a CSV row among the options.
        const sel = csvSelects.find((s) => s.nodeset === ns);
        const labels = new Set(sel.labels);
        let hit = false;
        for (const d of await page.$$('.form-questions .p-select, .form-questions .p-multiselect')) {
          await d.click();
          await new Promise((r) => setTimeout(r, 150));
          const opts = await page.$$eval('[role=option]', (os) => os.map((o) => o.textContent.trim()));
          await page.keyboard.press('Escape');
          if (opts.some((o) => labels.has(o))) {
            hit = true;
            break;
          }
        }
        if (!hit) errors.push(`no rendered choice of ${ns} comes from ${sel.file} (dropdown)`);
      }
      if (printText) console.log(`--- ${name}\n${r.text}\n---`);
      if (submit) {
        for (const b of await page.$$('.odk-form button')) {
          if ((await b.evaluate((e) => e.textContent.trim())) === 'Send') await b.click();
        }
        await page.waitForFunction('window.__webforms.submission', { timeout: 5000 }).catch(() => {});
        const sub = await page.evaluate(() => window.__webforms.submission ?? null);
        if (!sub) console.log(`SUBMIT ${name}: not sent (validation errors, or no Send button)`);
        else {
          const xml = (sub.xml ?? '').replace(/uuid:[0-9a-f-]{36}/g, 'uuid:…');
          console.log(`SUBMIT ${name}: encryptionKey=${sub.encryptionKey ? 'passed to host' : 'none'} fields=${sub.fields.join(',')} xml=${xml}`);
        }
      }
    } else if (state.errors.length === 0) {
      errors.push(`Web Forms status ${state.status}`);
    }
    if (shotDir) await page.screenshot({ path: join(resolve(shotDir), `${name}.png`), fullPage: true });
  } catch (e) {
    errors.push(`driver: ${e.message}`);
  } finally {
    await page?.close().catch(() => {});
  }
  const ms = Date.now() - t0;
  if (errors.length === 0) console.log(`ok    ${name}  (${ms} ms)`);
  else {
    failed++;
    // Stack frames only with --verbose.
    const shown = [...new Set(errors)].map((e) =>
      verbose ? e : e.split('\n').filter((l) => !/^\s*at\s/.test(l)).join('\n'),
    );
    console.log(`FAIL  ${name}: ${shown.join(' | ').replace(/\s*\n\s*/g, ' ⏎ ')}`);
  }
}

await browser.close();
server.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${forms.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
