// Validates records with ajv (JSON Schema draft-07, ajv's default, strict mode as it comes;
// formats from ajv-formats), as tests/it/web_records.rs does with the jsonschema crate.
// Input (argv[2]): {"schemas": {name: schema}, "conditions": [schema, …],
// "cases": [{"schema": name, "record": {...}}]}.
// Output (stdout): {"warnings": [what ajv logged while compiling], "verdicts": per case
// {"valid": bool, "paths": [...], "messages": [...]}}: the paths the errors name (a missing
// property's own path for `required`), sorted, without the `if` errors that only say that a
// `then` failed. The conditions (the JSON Forms rules' schemas) are only compiled.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const warnings = [];
const logger = {
  log: (...a) => warnings.push(a.join(" ")),
  warn: (...a) => warnings.push(a.join(" ")),
  error: (...a) => warnings.push(a.join(" ")),
};
const ajv = new Ajv({ allErrors: true, logger });
addFormats(ajv);
const validators = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  validators[name] = ajv.compile(schema);
}
for (const condition of input.conditions || []) {
  ajv.compile(condition);
}
const verdicts = input.cases.map(({ schema, record }) => {
  const validate = validators[schema];
  const valid = validate(record);
  const errors = (validate.errors || []).filter((e) => e.keyword !== "if");
  const named = (e) =>
    e.keyword === "required" ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath;
  const paths = [...new Set(errors.map(named))].sort();
  const messages = errors.map((e) => `${named(e)}: ${e.message}`);
  return { valid, paths, messages };
});
process.stdout.write(JSON.stringify({ warnings, verdicts }) + "\n");
