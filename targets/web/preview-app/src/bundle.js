// Reading the web bundle inlined in the page (index.html carries it as
// <script type="application/json" id="gbvims-bundle">: browsers refuse to fetch sibling files
// from file://), and the lookups between its files the app needs.
import { Resolve } from '@jsonforms/core';

/** The inlined files: path relative to web/ → parsed JSON (or text). */
export function readInlined(doc) {
  const el = doc.getElementById('gbvims-bundle');
  if (!el) throw new Error('the page carries no bundle (#gbvims-bundle)');
  return JSON.parse(el.textContent);
}

/** The file at `path`, or `fallback` when the bundle does not have it. */
export function file(files, path, fallback) {
  return path && Object.prototype.hasOwnProperty.call(files, path) ? files[path] : fallback;
}

/** Every element of a UI schema, depth first (detail layouts of array controls included). */
export function walk(el, visit, parents = []) {
  if (!el || typeof el !== 'object') return;
  visit(el, parents);
  const inner = [...parents, el];
  for (const child of el.elements ?? []) walk(child, visit, inner);
  if (el.options?.detail) walk(el.options.detail, visit, inner);
}

/** The last property name of a scope: `#/properties/a/items/properties/b` → `b`. */
export function scopeField(scope) {
  const parts = String(scope ?? '').split('/');
  return parts[parts.length - 1];
}

/**
 * The field a control shows, in roles.json's form: `age`, or `subform_field/row_field` for the
 * controls of a subform's rows.
 */
export function roleFieldOfPath(path) {
  const parts = String(path).split('.').filter((p) => !/^\d+$/.test(p));
  return parts.join('/');
}

/** A JSON Forms data path (`sub.0.f`) in the evaluator's form (`sub[0].f`). */
export function rulesPathOf(path) {
  return String(path).replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** The value at an evaluator path (`sub[0].f`) in a record. */
export function valueAt(data, rulesPath) {
  let v = data;
  for (const seg of String(rulesPath).replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (v == null || typeof v !== 'object') return undefined;
    v = v[seg];
  }
  return v;
}

/** A copy of `data` with `value` at the evaluator path (`sub[0].f`); `undefined` removes it. */
export function setAt(data, rulesPath, value) {
  const segs = String(rulesPath).replace(/\[(\d+)\]/g, '.$1').split('.');
  const root = Array.isArray(data) ? [...data] : { ...(data ?? {}) };
  let cur = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const next = cur[segs[i]];
    if (next == null || typeof next !== 'object') return root; // no such row
    cur[segs[i]] = Array.isArray(next) ? [...next] : { ...next };
    cur = cur[segs[i]];
  }
  const last = segs[segs.length - 1];
  if (value === undefined || value === null) delete cur[last];
  else cur[last] = value;
  return root;
}

/** The bundle's records: `[{id, schema, uischema}]` with the schema and UI schema loaded. */
export function records(files, bundle) {
  return (bundle.records ?? []).map((r) => ({
    id: r.id,
    schema: file(files, r.schema, { type: 'object', properties: {} }),
    uischema: file(files, r.uischema, null),
  }));
}

/** The lookups of the bundle: id → [option ids]. */
export function lookupOptions(files, bundle) {
  const raw = file(files, bundle.lookups ?? 'lookups.json', []);
  const list = Array.isArray(raw) ? raw : (raw.lookups ?? []);
  const out = new Map();
  for (const l of list) out.set(l.id, (l.options ?? []).map((o) => (typeof o === 'string' ? o : o.id)));
  return out;
}

/** The schema of a control's scope, or undefined. */
export function schemaOf(schema, scope, rootSchema = schema) {
  try {
    return Resolve.schema(schema, scope, rootSchema);
  } catch {
    return undefined;
  }
}

/** The option ids a schema allows (an enum, an array of enums, or oneOf consts). */
export function enumOf(s) {
  if (!s) return null;
  if (Array.isArray(s.enum)) return s.enum;
  if (Array.isArray(s.oneOf) && s.oneOf.every((o) => 'const' in o)) return s.oneOf.map((o) => o.const);
  if (s.items) return enumOf(s.items);
  return null;
}

/** The lookup a schema names in its `$comment` (`lookup lookup-yes-no`), or null. */
function commentLookup(s) {
  const c = s?.$comment ?? s?.items?.$comment;
  const m = typeof c === 'string' ? /^lookup (\S+)$/.exec(c) : null;
  return m ? m[1] : null;
}

/**
 * The lookup each control's options come from, keyed by the control's i18n prefix and by its
 * field key (`field`, `subform/field`): the control's `options.lookup`, else the field's type in
 * rules.json, else the schema's `$comment`, else the smallest lookup holding every option.
 */
export function controlLookups(record, lookups, rulesByKey) {
  const byI18n = new Map();
  const byField = new Map();
  if (!record.uischema) return { byI18n, byField };
  walk(record.uischema, (el, parents) => {
    if (el.type !== 'Control' || !el.scope) return;
    // The schema the scope is relative to: the rows' schema inside a subform's detail.
    let base = record.schema;
    const outer = [];
    for (const p of parents) {
      if (p.type !== 'Control' || !p.scope) continue;
      base = schemaOf(base, p.scope, record.schema)?.items ?? base;
      outer.push(scopeField(p.scope));
    }
    const key = [...outer, scopeField(el.scope)].join('/');
    const s = schemaOf(base, el.scope, record.schema);
    const ruleType = rulesByKey?.get(key)?.type;
    const named = typeof el.options?.lookup === 'string' ? el.options.lookup : null;
    let found = named || (ruleType && typeof ruleType.lookup === 'string' && ruleType.lookup) || commentLookup(s);
    if (!found) {
      const values = enumOf(s);
      if (!values || values.length === 0) return;
      let best = null;
      for (const [id, options] of lookups) {
        if (!values.every((v) => options.includes(v))) continue;
        if (!best || options.length < best[1].length) best = [id, options];
      }
      found = best?.[0] ?? null;
    }
    if (!found) return;
    if (el.i18n) byI18n.set(el.i18n, found);
    byField.set(key, found);
  });
  return { byI18n, byField };
}

/** The rules of one record type in rules.json: `[{field, form, row_of, …}]`. */
export function recordRules(rules, recordId) {
  if (!rules) return [];
  const recs = rules.records ?? rules;
  let r;
  if (Array.isArray(recs)) r = recs.find((x) => x.id === recordId || x.record === recordId);
  else r = recs[recordId];
  if (!r) return [];
  if (Array.isArray(r)) return r;
  if (Array.isArray(r.fields)) return r.fields;
  if (r.fields && typeof r.fields === 'object') {
    return Object.entries(r.fields).map(([field, v]) => ({ field, ...v }));
  }
  return [];
}

/** The roles of roles.json: `[{id, sees_identifying, fields: {record: [..]}}]`. */
export function roleList(files, bundle) {
  const raw = file(files, bundle.roles ?? 'roles.json', []);
  const list = Array.isArray(raw) ? raw : Array.isArray(raw.roles) ? raw.roles : Object.entries(raw.roles ?? {}).map(([id, r]) => ({ id, ...r }));
  return list.filter((r) => r && typeof r.id === 'string');
}

/** The fields a role sees in a record type (a Set), in roles.json's form. */
export function roleFields(role, recordId) {
  const f = role?.fields?.[recordId];
  return new Set(Array.isArray(f) ? f : []);
}
