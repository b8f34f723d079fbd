// Unit tests of the preview app's logic (no browser): `node --test unit.test.mjs`.
// tests/it/web_preview.rs runs them; the browser test covers the page as a whole.
import assert from 'node:assert/strict';
import test from 'node:test';
import { controlLookups, recordRules, roleFieldOfPath, rulesPathOf, setAt, valueAt } from './src/bundle.js';
import { texts, translator } from './src/i18n.js';
import { messages, rulesByKey, settle } from './src/rules.js';

test('paths: JSON Forms, the evaluator and roles.json name a field each their way', () => {
  assert.equal(rulesPathOf('age'), 'age');
  assert.equal(rulesPathOf('alleged_perpetrator.10.sex'), 'alleged_perpetrator[10].sex');
  assert.equal(roleFieldOfPath('alleged_perpetrator.0.sex'), 'alleged_perpetrator/sex');
  assert.equal(valueAt({ a: [{ b: 3 }] }, 'a[0].b'), 3);
  assert.equal(valueAt({ a: null }, 'a[0].b'), undefined);
});

test('setAt copies what it changes and leaves the rest', () => {
  const data = { a: [{ b: 1 }], c: { d: 2 } };
  const next = setAt(data, 'a[0].b', 5);
  assert.equal(next.a[0].b, 5);
  assert.equal(data.a[0].b, 1);
  assert.equal(next.c, data.c);
  assert.deepEqual(setAt(next, 'a[0].b', null), { a: [{}], c: { d: 2 } });
  assert.deepEqual(setAt({}, 'x[3].y', 1), {}, 'no such row: nothing written');
});

test('texts fall back to the default language, then to the preview strings', () => {
  const t = texts({ en: { 'a.label': 'A', 'b.label': 'B' }, ar: { 'a.label': 'أ' } }, 'ar', 'en');
  assert.equal(t('a.label'), 'أ');
  assert.equal(t('b.label'), 'B');
  assert.equal(t('ui.role'), 'الدور');
  assert.equal(t('nothing'), undefined);
  assert.equal(t.lang, 'ar');
});

test('option labels come from the control lookup', () => {
  const t = texts({ en: { 'lookup.lookup-yes-no.true': 'Yes' } }, 'en', 'en');
  const tr = translator(t, new Map([['field.f.q', 'lookup-yes-no']]));
  assert.equal(tr('field.f.q.true', 'true'), 'Yes');
  assert.equal(tr('field.f.q.maybe', 'maybe'), 'maybe');
  assert.equal(tr('field.f.q.description', undefined), '');
});

test('lookups of controls: options.lookup, rules.json types, the schema, inside subform rows', () => {
  const record = {
    schema: {
      type: 'object',
      properties: {
        q: { type: 'string', enum: ['true', 'false'] },
        rows: { type: 'array', items: { type: 'object', properties: { sex: { type: 'string', enum: ['male', 'female'], $comment: 'lookup lookup-gender' } } } },
        named: { type: 'string', enum: ['x'] },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        { type: 'Control', scope: '#/properties/q', i18n: 'field.f.q' },
        { type: 'Control', scope: '#/properties/named', i18n: 'field.f.named', options: { lookup: 'lookup-named' } },
        {
          type: 'Control',
          scope: '#/properties/rows',
          options: { detail: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/sex', i18n: 'field.r.sex' }] } },
        },
      ],
    },
  };
  const lookups = new Map([
    ['lookup-yes-no-unknown', ['true', 'false', 'unknown']],
    ['lookup-yes-no', ['true', 'false']],
  ]);
  const { byI18n, byField } = controlLookups(record, lookups, new Map());
  assert.equal(byI18n.get('field.f.q'), 'lookup-yes-no', 'the smallest list holding every option');
  assert.equal(byI18n.get('field.f.named'), 'lookup-named');
  assert.equal(byField.get('rows/sex'), 'lookup-gender');
  const typed = controlLookups(record, lookups, new Map([['q', { type: { lookup: 'lookup-yes-no-unknown' } }]]));
  assert.equal(typed.byField.get('q'), 'lookup-yes-no-unknown');
});

test('the evaluator settles calculated values, whole numbers as numbers', () => {
  const rules = { records: { incident: [{ field: 'n', calculate: {} }, { field: 'm', calculate: {} }, { field: 'age' }] } };
  const fields = recordRules(rules, 'incident');
  const byKey = rulesByKey(fields);
  // A stand-in engine: m reads n, so the values settle in two rounds.
  const engine = {
    evaluate: (_r, _t, rec) => ({
      n: { relevant: true, value: 2n },
      m: { relevant: true, value: rec.n == null ? null : rec.n + 1 },
      age: { relevant: true, value: rec.age ?? null },
    }),
  };
  const out = settle(engine, rules, 'incident', { age: 4 }, {}, byKey);
  assert.equal(out.error, null);
  assert.deepEqual(out.data, { age: 4, n: 2, m: 3 });
  const broken = settle({ evaluate: () => { throw new Error('boom'); } }, rules, 'incident', {}, {}, byKey);
  assert.equal(broken.error, 'boom');
});

test('messages: constraints in the chosen language, required when empty, none when hidden', () => {
  const byKey = rulesByKey([
    { field: 'age', form: 'f', constraint_message: 'field.f.age.constraint_message' },
    { field: 'name', form: 'f' },
    { field: 'gone', form: 'f' },
  ]);
  const t = texts({ fr: { 'field.f.age.constraint_message': 'Âge impossible' } }, 'fr', 'fr');
  const m = messages(
    {
      age: { relevant: true, valid: false },
      name: { relevant: true, required: true, valid: true },
      gone: { relevant: false, required: true, valid: false },
    },
    { age: 200 },
    byKey,
    t,
  );
  assert.equal(m.get('age'), 'Âge impossible');
  assert.equal(m.get('name'), 'Ce champ est obligatoire.');
  assert.equal(m.has('gone'), false);
});
