// Renderers added to JSON Forms' vanilla set:
// - FieldFrame wraps every control: it hides the controls the chosen role may not see
//   (roles.json) and those the evaluator says are not relevant (show_if the UI schema cannot
//   say), makes calculated fields read-only, and marks the control with stable attributes
//   (data-field: the evaluator's path) for people and tests.
// - RadioControl: a radio group with ids unique per control (the vanilla one uses the option
//   value as the element id, so two yes/no questions share ids).
import React, { createContext, useContext } from 'react';
import { composePaths, isEnumControl, isObjectArrayControl, optionIs, rankWith, and, isControl, toDataPath } from '@jsonforms/core';
import { JsonFormsDispatch, withJsonFormsEnumProps } from '@jsonforms/react';
import { ArrayControl, vanillaRenderers, withVanillaControlProps } from '@jsonforms/vanilla-renderers';
import { roleFieldOfPath, rulesPathOf } from './bundle.js';
import { relevant } from './rules.js';

/** What the frames need: {results, visibleFields (Set) or null, calculated (Set of keys)}. */
export const PreviewContext = createContext({ results: {}, visibleFields: null, calculated: new Set() });

const WRAPPED = 'gbvimsFramed';

function FieldFrame({ uischema, schema, path, enabled, renderers, cells }) {
  const { results, visibleFields, calculated } = useContext(PreviewContext);
  const dataPath = composePaths(path, toDataPath(uischema.scope));
  const key = roleFieldOfPath(dataPath);
  if (visibleFields && !visibleFields.has(key)) return null;
  const rulesPath = rulesPathOf(dataPath);
  if (!relevant(results, rulesPath)) return null;
  const isCalculated = calculated.has(key);
  const inner = {
    ...uischema,
    options: { ...(uischema.options ?? {}), [WRAPPED]: true, ...(isCalculated ? { readonly: true } : {}) },
  };
  return (
    <div className="gbv-field" data-field={rulesPath} data-calculated={isCalculated ? 'true' : undefined}>
      <JsonFormsDispatch
        uischema={inner}
        schema={schema}
        path={path}
        enabled={enabled}
        renderers={renderers}
        cells={cells}
      />
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

const radioTester = rankWith(20, and(isEnumControl, optionIs('format', 'radio')));

/** The vanilla renderers with the preview's frame and radio group. */
export const renderers = [
  ...vanillaRenderers,
  { tester: radioTester, renderer: withVanillaControlProps(withJsonFormsEnumProps(RadioGroup)) },
  { tester: frameTester, renderer: FieldFrame },
  // Subform rows as their detail layouts (never the table renderer, whose cells no frame wraps).
  { tester: rankWith(10, isObjectArrayControl), renderer: ArrayControl },
];
