// The preview page of the web bundle: every record type's forms rendered by JSON Forms with its
// vanilla renderers, in the chosen language, for the chosen role, with the bundle's rules applied
// live by the bundle's own evaluator (gbvims-rules.js). Everything it shows comes from the bundle
// inlined in the page; it makes no request.
import React, { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { JsonForms } from '@jsonforms/react';
import { vanillaCells } from '@jsonforms/vanilla-renderers';
import css from './style.css';
import {
  controlLookups,
  file,
  lookupOptions,
  readInlined,
  recordRules,
  records as readRecords,
  roleFields,
  roleList,
  scopeField,
  walk,
} from './bundle.js';
import { languageName, texts, translator } from './i18n.js';
import { PreviewContext, renderers } from './renderers.jsx';
import { evaluator, messages, rulesByKey, settle, today } from './rules.js';

/** The computed value shown as the record's classification (the Classification Tool's result). */
const CLASSIFICATION_FIELD = 'gbv_classification_result';

/** JSON Forms' options: help texts shown under their questions, not only while focused. */
const FORMS_CONFIG = { showUnfocusedDescription: true };

function localized(value, lang, fallback) {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  return value[lang] ?? value[fallback] ?? Object.values(value)[0] ?? '';
}

/** The field key (roles.json's form) of every control of a UI schema element. */
function controlKeys(el) {
  const keys = [];
  walk(el, (e, parents) => {
    if (e.type !== 'Control' || !e.scope) return;
    const outer = parents.filter((p) => p.type === 'Control' && p.scope).map((p) => scopeField(p.scope));
    keys.push([...outer, scopeField(e.scope)].join('/'));
  });
  return keys;
}

function param(name) {
  try {
    return new URLSearchParams(window.location.search).get(name);
  } catch {
    return null;
  }
}

function App({ files }) {
  const bundle = file(files, 'bundle.json', {});
  const recs = useMemo(() => readRecords(files, bundle), [files]);
  const lookups = useMemo(() => lookupOptions(files, bundle), [files]);
  const roles = useMemo(() => roleList(files, bundle), [files]);
  const languages = (bundle.languages ?? []).map((l) => (typeof l === 'string' ? { code: l, direction: 'ltr' } : l));
  const defaultLang = bundle.default_language ?? languages[0]?.code ?? 'en';
  const i18n = useMemo(() => {
    const out = {};
    for (const [code, path] of Object.entries(bundle.translations ?? {})) out[code] = file(files, path, {});
    return out;
  }, [files]);
  const allRules = file(files, bundle.rules ?? 'rules.json', null);
  const engine = evaluator(window);

  const pick = (wanted, list, fallback) => (list.includes(wanted) ? wanted : fallback);
  const [recordId, setRecordId] = useState(() => pick(param('record'), recs.map((r) => r.id), recs[0]?.id));
  const [lang, setLang] = useState(() => pick(param('lang'), languages.map((l) => l.code), defaultLang));
  const [roleId, setRoleId] = useState(() => pick(param('role'), roles.map((r) => r.id), roles[0]?.id ?? ''));
  const [dataByRecord, setDataByRecord] = useState({});
  const [categoryIx, setCategoryIx] = useState(0);

  const record = recs.find((r) => r.id === recordId) ?? recs[0];
  const role = roles.find((r) => r.id === roleId) ?? null;
  const direction = languages.find((l) => l.code === lang)?.direction === 'rtl' ? 'rtl' : 'ltr';
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = direction;
  }, [lang, direction]);

  const text = useMemo(() => texts(i18n, lang, defaultLang), [i18n, lang, defaultLang]);
  const fieldRules = useMemo(() => recordRules(allRules, record?.id), [allRules, record]);
  const byKey = useMemo(() => rulesByKey(fieldRules), [fieldRules]);
  const lk = useMemo(
    () => (record ? controlLookups(record, lookups, byKey) : { byI18n: new Map(), byField: new Map() }),
    [record, lookups, byKey],
  );
  const translate = useMemo(() => translator(text, lk.byI18n), [text, lk]);
  const calculated = useMemo(() => new Set([...byKey].filter(([, r]) => r.calculate != null).map(([k]) => k)), [byKey]);
  const visibleFields = role ? roleFields(role, record?.id) : null;

  // A new record starts with the defaults of its top-level fields (rules.json's literals).
  const defaults = useMemo(() => {
    const out = {};
    for (const r of fieldRules) {
      if (!r.row_of && r.default?.op === 'literal' && r.default.value != null) out[r.field] = r.default.value;
    }
    return out;
  }, [fieldRules]);
  const raw = dataByRecord[record?.id] ?? defaults;
  const settled = useMemo(
    () => settle(engine, allRules, record?.id, raw, { today: today(), language: lang }, byKey),
    [engine, allRules, record, raw, lang, byKey],
  );
  const fieldMessages = useMemo(() => messages(settled.results, settled.data, byKey, text), [settled, byKey, text]);

  const categories = useMemo(() => {
    const ui = record?.uischema;
    if (!ui) return [];
    const cats = ui.type === 'Categorization' ? ui.elements ?? [] : [ui];
    return cats.map((c, ix) => ({ ix, el: c, keys: controlKeys(c) }));
  }, [record]);
  const shownCategories = categories.filter((c) => !visibleFields || c.keys.some((k) => visibleFields.has(k)));
  const current = shownCategories.find((c) => c.ix === categoryIx) ?? shownCategories[0];

  const valueLabel = (field, value) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return null;
    const lookup = lk.byField.get(field) ?? byKey.get(field)?.type?.lookup;
    const one = (v) => (lookup ? text(`lookup.${lookup}.${v}`) ?? String(v) : typeof v === 'boolean' ? (v ? '✓' : '✗') : String(v));
    return Array.isArray(value) ? value.map(one).join(', ') : one(value);
  };
  const computed = fieldRules.filter(
    (r) => r.calculate != null && !r.row_of && (!visibleFields || visibleFields.has(r.field)),
  );
  const classification = computed.find((r) => r.field === CLASSIFICATION_FIELD);
  const fieldLabel = (r) => text(`field.${r.form}.${r.field}.label`) ?? r.field;

  // JSON Forms owns what is typed: it gets the record once per page (record type and category)
  // and reports every change; the page never feeds data back while someone types.
  const onChange = ({ data }) => {
    if (!record) return;
    setDataByRecord((all) => (all[record.id] === data ? all : { ...all, [record.id]: data ?? {} }));
  };
  const pageKey = `${record?.id}/${current?.ix}`;
  // Every prop of JsonForms stays the same while someone types (a changed prop makes JSON Forms
  // reload its data from the prop): the page's record, layout and texts change only with the page.
  const pageData = useMemo(() => raw, [pageKey]);
  const pageUi = useMemo(
    () => current && { type: 'VerticalLayout', elements: current.el.type === 'Category' ? current.el.elements ?? [] : [current.el] },
    [pageKey],
  );
  const i18nProp = useMemo(() => ({ locale: lang, translate }), [lang, translate]);

  const title = localized(bundle.name ?? bundle.country?.name, lang, defaultLang);
  return (
    <main id="gbvims-preview" data-ready="true" data-record={record?.id} data-role={roleId} data-lang={lang}>
      <header className="gbv-header">
        <h1>
          {text('ui.title')}
          {title ? ` — ${title}` : ''}
        </h1>
        <div className="gbv-switches">
          <label>
            {text('ui.record')}{' '}
            <select id="gbvims-record" value={record?.id ?? ''} onChange={(e) => (setRecordId(e.target.value), setCategoryIx(0))}>
              {recs.map((r) => (
                <option key={r.id} value={r.id}>
                  {text(`record.${r.id}.label`) ?? r.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            {text('ui.language')}{' '}
            <select id="gbvims-language" value={lang} onChange={(e) => setLang(e.target.value)}>
              {languages.map((l) => (
                <option key={l.code} value={l.code}>
                  {languageName(l.code)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {text('ui.role')}{' '}
            <select id="gbvims-role" value={roleId} onChange={(e) => setRoleId(e.target.value)}>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {text(`role.${r.id}.label`) ?? r.id}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p id="gbvims-role-note" className="gbv-note">
          {text('ui.role_note')}
        </p>
        <p className="gbv-note">{text('ui.offline')}</p>
        {!engine && (
          <p id="gbvims-rules-missing" className="gbv-warning">
            {text('ui.no_evaluator')}
          </p>
        )}
        {settled.error && (
          <p id="gbvims-rules-error" className="gbv-warning">
            {text('ui.rules_error')} {settled.error}
          </p>
        )}
      </header>
      {classification && (
        <section
          id="gbvims-classification"
          className="gbv-classification"
          data-field={classification.field}
          data-value={settled.data[classification.field] ?? ''}
        >
          <span className="gbv-classification-title">{text('ui.classification')}</span>{' '}
          <strong>{valueLabel(classification.field, settled.data[classification.field]) ?? text('ui.unresolved')}</strong>
        </section>
      )}
      <div className="gbv-body">
        <nav id="gbvims-categories" className="gbv-nav">
          {shownCategories.map((c) => (
            <button
              type="button"
              key={c.ix}
              data-category={c.el.i18n ?? String(c.ix)}
              aria-current={c === current ? 'page' : undefined}
              onClick={() => setCategoryIx(c.ix)}
            >
              {c.el.i18n ? translate(`${c.el.i18n}.label`, c.el.label ?? '') : c.el.label ?? String(c.ix + 1)}
            </button>
          ))}
        </nav>
        <div className="gbv-form" id="gbvims-form">
          {!current && <p>{text('ui.nothing_visible')}</p>}
          {current && (
            <PreviewContext.Provider
              value={{ results: settled.results, visibleFields, calculated, values: settled.data, valueLabel, messages: fieldMessages, text }}
            >
              <JsonForms
                key={pageKey}
                schema={record.schema}
                uischema={pageUi}
                data={pageData}
                renderers={renderers}
                cells={vanillaCells}
                i18n={i18nProp}
                config={FORMS_CONFIG}
                validationMode="NoValidation"
                onChange={onChange}
              />
            </PreviewContext.Provider>
          )}
        </div>
        {computed.length > 0 && (
          <aside className="gbv-computed">
            <h2>{text('ui.computed')}</h2>
            <dl id="gbvims-computed">
              {computed.map((r) => (
                <div key={r.field} data-computed={r.field} data-value={JSON.stringify(settled.data[r.field] ?? null)}>
                  <dt>{fieldLabel(r)}</dt>
                  <dd>{valueLabel(r.field, settled.data[r.field]) ?? '—'}</dd>
                </div>
              ))}
            </dl>
          </aside>
        )}
      </div>
    </main>
  );
}

function start() {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  const mount = document.getElementById('gbvims-app') ?? document.body.appendChild(document.createElement('div'));
  let files;
  try {
    files = readInlined(document);
  } catch (e) {
    mount.textContent = `gbvims preview: ${e.message}`;
    return;
  }
  createRoot(mount).render(<App files={files} />);
}

start();
