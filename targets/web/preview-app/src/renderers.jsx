// Renderers added to JSON Forms' vanilla set:
// - FieldFrame wraps every control: it hides the controls the chosen role may not see
//   (roles.json) and those the evaluator says are not relevant (show_if the UI schema cannot
//   say), shows calculated fields read-only with the evaluator's value, and marks the control
//   with stable attributes (data-field: the evaluator's path) for people and tests.
// - RadioControl: a radio group with ids unique per control (the vanilla one uses the option
//   value as the element id, so two yes/no questions share ids).
import React, { createContext, useContext } from 'react';
import {
  and,
  composePaths,
  createDefaultValue,
  findUISchema,
  isControl,
  isEnumControl,
  isObjectArrayControl,
  optionIs,
  rankWith,
  schemaMatches,
  toDataPath,
} from '@jsonforms/core';
import {
  JsonFormsDispatch,
  useJsonForms,
  withJsonFormsArrayControlProps,
  withJsonFormsEnumProps,
  withJsonFormsMultiEnumProps,
} from '@jsonforms/react';
import { vanillaRenderers, withVanillaControlProps } from '@jsonforms/vanilla-renderers';
import { roleFieldOfPath, rulesPathOf, valueAt } from './bundle.js';
import { relevant } from './rules.js';

/**
 * What the renderers need: the evaluator's results, the fields the role sees (a Set, or null for
 * all), the calculated fields (a Set of keys), the evaluated record (`values`), `valueLabel(key,
 * value)`, the evaluator's messages by path and `text(key)`.
 */
export const PreviewContext = createContext({
  results: {},
  visibleFields: null,
  calculated: new Set(),
  values: {},
  valueLabel: () => null,
  messages: new Map(),
  text: () => undefined,
});

const WRAPPED = 'gbvimsFramed';

function FieldFrame({ uischema, schema, path, enabled, renderers, cells }) {
  const { results, visibleFields, calculated, values, valueLabel, messages } = useContext(PreviewContext);
  const ctx = useJsonForms();
  const dataPath = composePaths(path, toDataPath(uischema.scope));
  const key = roleFieldOfPath(dataPath);
  if (visibleFields && !visibleFields.has(key)) return null;
  const rulesPath = rulesPathOf(dataPath);
  if (!relevant(results, rulesPath)) return null;
  if (calculated.has(key)) {
    // Computed by the evaluator, never typed: shown read-only from the evaluated record (the
    // form's own data holds only what was typed, so the page never writes into a field being
    // typed in).
    const t = ctx?.i18n?.translate;
    const label = uischema.i18n && t ? t(`${uischema.i18n}.label`, uischema.label ?? '') : (uischema.label ?? '');
    const value = valueAt(values, rulesPath);
    return (
      <div className="gbv-field gbv-calculated" data-field={rulesPath} data-calculated="true" data-value={JSON.stringify(value ?? null)}>
        <label>{label}</label>
        <output>{valueLabel(key, value) ?? '—'}</output>
      </div>
    );
  }
  const inner = { ...uischema, options: { ...(uischema.options ?? {}), [WRAPPED]: true } };
  const message = messages.get(rulesPath);
  return (
    <div className="gbv-field" data-field={rulesPath} data-invalid={message ? 'true' : undefined}>
      <JsonFormsDispatch
        uischema={inner}
        schema={schema}
        path={path}
        enabled={enabled}
        renderers={renderers}
        cells={cells}
      />
      {message && (
        <div className="gbv-message" role="alert">
          {message}
        </div>
      )}
    </div>
  );
}

const frameTester = rankWith(1000, (uischema) => isControl(uischema) && !uischema.options?.[WRAPPED]);

function RadioGroup({ classNames, id, label, options, required, errors, description, data, enabled, path, handleChange, visible }) {
  const valid = !errors || errors.length === 0;
  return (
    <div className={classNames.wrapper} hidden={!visible} role="radiogroup" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} className={classNames.label}>
        {label}
        {required ? ' *' : ''}
      </label>
      <div className="radio">
        {options.map((o) => (
          <span className="radio-option" key={String(o.value)}>
            <input
              type="radio"
              id={`${id}-${o.value}`}
              name={id}
              value={o.value}
              checked={data === o.value}
              disabled={!enabled}
              onChange={() => handleChange(path, o.value)}
            />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </span>
        ))}
      </div>
      <div className={valid ? 'validation description' : 'validation validation_error'}>{valid ? description : errors}</div>
    </div>
  );
}

// A subform: its rows, each shown with the detail layout, with buttons in the chosen language.
function Subform({ label, path, schema, rootSchema, uischema, uischemas, data, enabled, errors, addItem, removeItems, renderers, cells }) {
  const { text } = useContext(PreviewContext);
  const detail = findUISchema(uischemas, schema, uischema.scope, path, undefined, uischema, rootSchema);
  const rows = Array.isArray(data) ? data.length : typeof data === 'number' ? data : 0;
  return (
    <fieldset className="gbv-subform">
      <legend>{label}</legend>
      {errors ? <div className="validation validation_error">{errors}</div> : null}
      {Array.from({ length: rows }, (_, i) => {
        const rowPath = composePaths(path, String(i));
        return (
          <div className="gbv-subform-row" key={rowPath} data-row={i}>
            <JsonFormsDispatch schema={schema} uischema={detail} path={rowPath} enabled={enabled} renderers={renderers} cells={cells} />
            <button type="button" className="gbv-remove" disabled={!enabled} onClick={removeItems(path, [i])}>
              {text('ui.remove_row')}
            </button>
          </div>
        );
      })}
      <button type="button" className="gbv-add" disabled={!enabled} onClick={addItem(path, createDefaultValue(schema, rootSchema))}>
        {text('ui.add_row')}
      </button>
    </fieldset>
  );
}

// A multiple choice (an array of option ids): one tick box per option.
function MultiSelect({ classNames, id, label, options, data, enabled, path, addItem, removeItem, visible, description }) {
  const chosen = Array.isArray(data) ? data : [];
  return (
    <div className={classNames.wrapper} hidden={!visible} role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} className={classNames.label}>
        {label}
      </label>
      <div className="checks">
        {options.map((o) => (
          <span className="check-option" key={String(o.value)}>
            <input
              type="checkbox"
              id={`${id}-${o.value}`}
              value={o.value}
              checked={chosen.includes(o.value)}
              disabled={!enabled}
              onChange={(e) => (e.target.checked ? addItem(path, o.value) : removeItem(path, o.value))}
            />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </span>
        ))}
      </div>
      <div className="validation description">{description}</div>
    </div>
  );
}

const multiSelectTester = rankWith(
  20,
  and(
    isControl,
    schemaMatches((s) => s?.type === 'array' && Array.isArray(s.items?.enum)),
  ),
);

const radioTester = rankWith(20, and(isEnumControl, optionIs('format', 'radio')));

/** The vanilla renderers with the preview's frame and radio group. */
export const renderers = [
  ...vanillaRenderers,
  { tester: radioTester, renderer: withVanillaControlProps(withJsonFormsEnumProps(RadioGroup)) },
  { tester: multiSelectTester, renderer: withVanillaControlProps(withJsonFormsMultiEnumProps(MultiSelect)) },
  { tester: frameTester, renderer: FieldFrame },
  // Subform rows as their detail layouts (never the table renderer, whose cells no frame wraps).
  { tester: rankWith(10, isObjectArrayControl), renderer: withJsonFormsArrayControlProps(Subform) },
];
