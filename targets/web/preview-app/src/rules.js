// The live rules: the bundle's own evaluator (gbvims-rules.js, global GbvimsRules, inlined in
// the page from the bundle) computes relevance, requirement, constraints and calculated values;
// this module only applies its answers to the record and turns them into messages.
import { setAt, valueAt } from './bundle.js';

/** The evaluator the page carries, or null. */
export function evaluator(win) {
  const r = win.GbvimsRules;
  return r && typeof r.evaluate === 'function' ? r : null;
}

/** Today's date in the browser's time zone, as the evaluator wants it (`YYYY-MM-DD`). */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function isEmpty(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The rule of an evaluator path (`field`, `sub[0].field`). */
function ruleOfPath(byKey, path) {
  const m = /^([^[\].]+)\[\d+\]\.([^[\].]+)$/.exec(path);
  if (m) return byKey.get(`${m[1]}/${m[2]}`);
  return byKey.get(path);
}

/** A value as JSON holds it (the evaluator's whole numbers may be BigInt). */
function plain(v) {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  return v ?? undefined;
}

/** Rules keyed as roles.json names fields: `field`, `subform/field`. */
export function rulesByKey(fieldRules) {
  const out = new Map();
  for (const r of fieldRules) out.set(r.row_of ? `${r.row_of}/${r.field}` : r.field, r);
  return out;
}

/**
 * Evaluates the record, writes the calculated values into it (again until they settle, as one
 * calculated field may read another) and returns `{data, results, error}`.
 */
export function settle(engine, rules, recordId, data, options, byKey) {
  if (!engine || !rules) return { data, results: {}, error: null };
  let cur = data;
  let results = {};
  try {
    for (let round = 0; round < 8; round++) {
      results = engine.evaluate(rules, recordId, cur, options) ?? {};
      let next = cur;
      for (const [path, r] of Object.entries(results)) {
        const rule = ruleOfPath(byKey, path);
        if (!rule || rule.calculate == null || !r || !('value' in r)) continue;
        const v = plain(r.value);
        if (JSON.stringify(valueAt(next, path)) !== JSON.stringify(v)) next = setAt(next, path, v);
      }
      if (next === cur) break;
      cur = next;
    }
    return { data: cur, results, error: null };
  } catch (e) {
    return { data: cur, results, error: String(e?.message ?? e) };
  }
}

/** The constraint message of a rule in the chosen language. */
function constraintMessage(rule, text) {
  if (rule?.form) {
    const t = text(`field.${rule.form}.${rule.field}.constraint_message`);
    if (t !== undefined) return t;
  }
  const m = rule?.constraint_message;
  if (typeof m === 'string') return text(m) ?? m;
  if (m && typeof m === 'object') return m[text.lang] ?? Object.values(m)[0];
  return text('ui.invalid');
}

/**
 * The messages for what the evaluator found, by evaluator path: a required field left empty, an
 * answer its constraint refuses. Fields that are not relevant have no message.
 */
export function messages(results, data, byKey, text) {
  const out = new Map();
  for (const [path, r] of Object.entries(results)) {
    if (!r || r.relevant === false) continue;
    const rule = ruleOfPath(byKey, path);
    if (r.valid === false) out.set(path, constraintMessage(rule, text));
    else if (r.required === true && isEmpty(valueAt(data, path))) out.set(path, text('ui.required'));
  }
  return out;
}

/** Is the field at this evaluator path shown? (No answer from the evaluator: yes.) */
export function relevant(results, path) {
  const r = results[path];
  return !r || r.relevant !== false;
}
