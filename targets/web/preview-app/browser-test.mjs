#!/usr/bin/env node
// Drives the web bundle's preview page (index.html, opened from file://) in Debian's headless
// Chromium and checks what a person would: a display condition, a constraint message, the
// computed classification, the switch to Arabic (right to left) and to the supervisor role (the
// identifying fields gone). Every request the page makes must stay inside the page (file: or
// data:), or the test fails.
//
// Usage: node browser-test.mjs <web/index.html> [--screenshot FILE]
//
// The fields are the standard's (Iraq's incident record); what to expect is read from the
// bundle inlined in the page (the constraint message, the roles).
// Exit status: 0 when every check passed, 1 when one failed, 2 on usage errors.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const argv = process.argv.slice(2);
let page_ = null;
let shot = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--screenshot') shot = argv[++i];
  else if (!page_) page_ = argv[i];
  else {
    console.error(`browser-test: unexpected argument ${argv[i]}`);
    process.exit(2);
  }
}
if (!page_ || !existsSync(page_)) {
  console.error('usage: node browser-test.mjs <web/index.html> [--screenshot FILE]');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`browser-test: ${CHROMIUM} not found (apt-get install -y chromium)`);
  process.exit(2);
}

const SHOWN_IF = { trigger: 'classification_penetration', answer: 'false', dependent: 'classification_unwanted_sexual_contact' };
const CONSTRAINED = { field: 'age', invalid: '200' };
const CLASSIFY = { field: 'classification_unwanted_sexual_contact', answer: 'true', expected: 'sexual_assault' };
const IDENTIFYING = 'incident_description';

// Bounded: whatever hangs, the test ends within two minutes.
setTimeout(() => {
  console.log('FAIL  the browser test did not finish within 120 s');
  process.exit(1);
}, 120000).unref();

const profile = mkdtempSync(join(os.tmpdir(), 'gbvims-preview-'));
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const passed = [];
const check = (ok, what) => (ok ? passed.push(what) : failures.push(what));
const outside = [];
const problems = [];
const t0 = Date.now();
const page = await browser.newPage();
try {
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    const u = r.url();
    if (u.startsWith('file:') || u.startsWith('data:')) r.continue();
    else {
      outside.push(u);
      r.abort();
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(resolve(page_)).href, { waitUntil: 'load' });
  await page.waitForSelector('#gbvims-preview[data-ready=true]', { timeout: 20000 });
  await page.select('#gbvims-record', 'incident');

  // The bundle as the page carries it: the expected message and the role's hidden fields.
  const facts = await page.evaluate((constrained) => {
    const files = JSON.parse(document.getElementById('gbvims-bundle').textContent);
    const bundle = files['bundle.json'];
    const lang = bundle.default_language;
    const texts = (l) => files[bundle.translations[l]] ?? {};
    const key = (l) => Object.keys(texts(l)).find((k) => k.endsWith(`.${constrained}.constraint_message`));
    const rolesRaw = files[bundle.roles ?? 'roles.json'];
    const roles = Array.isArray(rolesRaw) ? rolesRaw : rolesRaw.roles;
    const seen = (id) => new Set(roles.find((r) => r.id === id)?.fields?.incident ?? []);
    const all = seen('caseworker');
    const sup = seen('supervisor');
    return {
      message: texts(lang)[key(lang)],
      messageAr: key('ar') && texts('ar')[key('ar')],
      hidden: [...all].filter((f) => !sup.has(f)),
    };
  }, CONSTRAINED.field);

  // Shows the category holding a field (the left-hand navigation), or returns false.
  async function goTo(field) {
    const sel = `[data-field="${field}"]`;
    if (await page.$(sel)) return true;
    const n = (await page.$$('#gbvims-categories button')).length;
    for (let i = 0; i < n; i++) {
      const buttons = await page.$$('#gbvims-categories button');
      await buttons[i].click();
      if (await page.$(sel)) return true;
    }
    return false;
  }
  const present = (field) => page.$(`[data-field="${field}"]`).then(Boolean);
  const waitFor = (fn, arg) => page.waitForFunction(fn, { timeout: 5000 }, arg).then(() => true, () => false);
  async function answer(field, value) {
    await page.click(`[data-field="${field}"] input[type=radio][value="${value}"]`);
  }

  // 0. Every form renders: each navigation group of each record type shows controls, none
  //    without a renderer, no translation key in place of a text.
  for (const rec of await page.$$eval('#gbvims-record option', (os) => os.map((o) => o.value))) {
    await page.select('#gbvims-record', rec);
    const n = (await page.$$('#gbvims-categories button')).length;
    const empty = [];
    const broken = [];
    for (let i = 0; i < n; i++) {
      const buttons = await page.$$('#gbvims-categories button');
      await buttons[i].click();
      const r = await page.evaluate(() => {
        const text = document.querySelector('#gbvims-form')?.innerText ?? '';
        return {
          group: document.querySelector('#gbvims-categories [aria-current]')?.innerText,
          fields: document.querySelectorAll('#gbvims-form [data-field]').length,
          unknown: text.includes('No applicable'),
          key: /\b(field|form|group|lookup|record)\.[a-z0-9_-]+\.[a-z0-9_.-]+/.exec(text)?.[0],
        };
      });
      if (r.fields === 0) empty.push(r.group);
      if (r.unknown || r.key) broken.push(`${r.group}: ${r.unknown ? 'a control without a renderer' : `key ${r.key} shown`}`);
    }
    check(n > 0 && empty.length === 0, `every navigation group of ${rec} (${n}) shows controls (empty: ${JSON.stringify(empty)})`);
    check(broken.length === 0, `every control of ${rec} renders with its texts (${broken.join('; ')})`);
  }
  await page.select('#gbvims-record', 'incident');

  // 1. A display condition: the dependent question appears once the trigger is answered.
  check(await goTo(SHOWN_IF.trigger), `the ${SHOWN_IF.trigger} question is rendered`);
  check(!(await present(SHOWN_IF.dependent)), `${SHOWN_IF.dependent} is hidden before ${SHOWN_IF.trigger} is answered`);
  await answer(SHOWN_IF.trigger, SHOWN_IF.answer);
  check(
    await waitFor((f) => !!document.querySelector(`[data-field="${f}"]`), SHOWN_IF.dependent),
    `${SHOWN_IF.dependent} appears when ${SHOWN_IF.trigger} = ${SHOWN_IF.answer}`,
  );

  // 2. The computed classification.
  await answer(CLASSIFY.field, CLASSIFY.answer);
  check(
    await waitFor((v) => document.querySelector('#gbvims-classification')?.dataset.value === v, CLASSIFY.expected),
    `the classification is ${CLASSIFY.expected} (shown: ${await page.$eval('#gbvims-classification', (e) => `${e.dataset.value} "${e.innerText.trim()}"`).catch(() => 'none')})`,
  );

  // 3. A constraint: an invalid answer shows the configured message.
  check(await goTo(CONSTRAINED.field), `the ${CONSTRAINED.field} question is rendered`);
  check(!!facts.message, `the bundle has a constraint message for ${CONSTRAINED.field}`);
  await page.type(`[data-field="${CONSTRAINED.field}"] input`, CONSTRAINED.invalid);
  check(
    await waitFor(([f, m]) => document.querySelector(`[data-field="${f}"]`)?.innerText.includes(m), [CONSTRAINED.field, facts.message]),
    `${CONSTRAINED.field} = ${CONSTRAINED.invalid} shows "${facts.message}"`,
  );

  // 4. Arabic, right to left (and the message in Arabic).
  await page.select('#gbvims-language', 'ar');
  check(await waitFor(() => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar'), 'Arabic sets <html lang="ar" dir="rtl">');
  if (facts.messageAr) {
    check(
      await waitFor(([f, m]) => document.querySelector(`[data-field="${f}"]`)?.innerText.includes(m), [CONSTRAINED.field, facts.messageAr]),
      `the message is in Arabic: "${facts.messageAr}"`,
    );
  }

  // 5. The supervisor does not see identifying fields, in any part of the record.
  check(facts.hidden.includes(IDENTIFYING), `roles.json hides ${IDENTIFYING} from the supervisor`);
  check(await goTo(IDENTIFYING), `the caseworker sees ${IDENTIFYING}`);
  await page.select('#gbvims-role', 'supervisor');
  await waitFor(() => document.querySelector('#gbvims-preview')?.dataset.role === 'supervisor');
  const leaked = [];
  const n = (await page.$$('#gbvims-categories button')).length;
  for (let i = 0; i < n; i++) {
    const buttons = await page.$$('#gbvims-categories button');
    await buttons[i].click();
    const shown = await page.$$eval('[data-field]', (es) => es.map((e) => e.dataset.field.replace(/\[\d+\]/g, '').replace(/\./g, '/')));
    leaked.push(...shown.filter((f) => facts.hidden.includes(f)));
  }
  check(n > 0 && leaked.length === 0, `the supervisor sees none of ${facts.hidden.length} fields roles.json hides (shown: ${JSON.stringify([...new Set(leaked)])})`);
  check(await page.$eval('#gbvims-role-note', (e) => e.innerText.trim().length > 0).catch(() => false), 'the page says role filtering is a presentation only');
  await goTo(SHOWN_IF.dependent);

  if (shot) {
    mkdirSync(dirname(resolve(shot)), { recursive: true });
    await page.screenshot({ path: resolve(shot), fullPage: true });
  }
} catch (e) {
  failures.push(`driver: ${e.message}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
check(outside.length === 0, `no request leaves the page (${JSON.stringify(outside)})`);
check(problems.length === 0, `no page or console error (${problems.join(' | ')})`);
for (const p of passed) console.log(`ok    ${p}`);
for (const f of failures) console.log(`FAIL  ${f}`);
console.log(`${passed.length} passed, ${failures.length} failed (${Date.now() - t0} ms)`);
process.exit(failures.length ? 1 : 0);
