// Runs gbvims-rules.js on the inputs of the differential test (tests/it/web_rules.rs):
//
//   node targets/web/test-harness.js DIR...
//
// For each DIR: DIR/rules.json is a rules.json; DIR/records.json is {today, records: [{id, record_type,
// record}]} and gives one line per record: {id, states} (GbvimsRules.evaluate) or {id, error}.
// DIR/exprs.json, when present, is {today, cases: [{id, record_type, record, expr, row}]} and
// gives one line per case: {id, value} (GbvimsRules.evaluateExpr) or {id, error}.
"use strict";

const fs = require("fs");
const path = require("path");
const GbvimsRules = require("./gbvims-rules.js");

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  process.stderr.write("usage: node test-harness.js DIR...\n");
  process.exit(2);
}
const lines = [];
const attempt = (id, f) => {
  try {
    lines.push(JSON.stringify(Object.assign({ id }, f())));
  } catch (e) {
    lines.push(JSON.stringify({ id, error: String(e && e.message ? e.message : e) }));
  }
};

for (const dir of dirs) {
  const readJson = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
  const rules = readJson("rules.json");
  if (fs.existsSync(path.join(dir, "records.json"))) {
    const input = readJson("records.json");
    for (const r of input.records) {
      attempt(r.id, () => ({
        states: GbvimsRules.evaluate(rules, r.record_type, r.record, { today: input.today }),
      }));
    }
  }
  if (fs.existsSync(path.join(dir, "exprs.json"))) {
    const input = readJson("exprs.json");
    for (const c of input.cases) {
      attempt(c.id, () => {
        const ctx = GbvimsRules.context(rules, c.record_type, c.record, { today: input.today });
        return { value: GbvimsRules.evaluateExpr(c.expr, ctx, c.row) };
      });
    }
  }
}
process.stdout.write(lines.join("\n") + (lines.length ? "\n" : ""));
