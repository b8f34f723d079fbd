/*
 * gbvims-rules.js — the evaluator of a GBVIMS web bundle's rules.json (format gbvims-rules/1).
 *
 * Written by gbvims (targets/web/gbvims-rules.js); shipped as is, no build step, no dependency.
 * Browser: the global `GbvimsRules`. Node: `require("./gbvims-rules.js")`.
 *
 *   GbvimsRules.evaluate(rules, "incident", record, { today: "2024-05-31" })
 *     -> { "field": {relevant, required, valid, value}, "subform[0].field": {...}, ... }
 *   GbvimsRules.evaluateExpr(expr, ctx)   one expression (ctx from GbvimsRules.context)
 *
 * The meaning of every expression is the compiler's (compiler/src/eval.rs), and a differential
 * test (tests/it/web_rules.rs) holds this file to it on generated records:
 *  - a missing or blank answer is empty; arithmetic and functions on empty give empty; every
 *    comparison with empty is false, `ne` too; `and`/`or`/`not` treat empty as false;
 *  - a field that is not relevant (its show_if does not hold, or the subform field showing its
 *    row is not relevant) reads as empty everywhere, and is never required;
 *  - yes/no answers may be stored as "true"/"false" or as JSON booleans;
 *  - whole numbers are 64-bit (BigInt here), saturating; `/` is Euclidean division, empty for 0;
 *  - `sum`/`avg` skip empty answers (none given: empty); `avg` is rounded down.
 * Limits of JSON in a browser: a whole number beyond ±2^53 in a record, or 3.0 written for 3, is
 * not seen as the compiler (which reads the JSON text) sees it.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.GbvimsRules = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = "gbvims-rules/1";
  var I64_MAX = 9223372036854775807n;
  var I64_MIN = -9223372036854775808n;

  // ---- Values -----------------------------------------------------------------------------
  // empty: null; yes/no: boolean; whole number: BigInt; text: string; the others below.

  /** A calendar date. */
  function Day(year, month, day) {
    this.year = year;
    this.month = month;
    this.day = day;
  }
  /** One option id. */
  function Opt(id) {
    this.id = id;
  }
  /** Several option ids (a multi-select, or a `collect`). */
  function Opts(ids) {
    this.ids = ids;
  }
  /** The rows of a subform (JSON objects). */
  function Rows(rows) {
    this.rows = rows;
  }
  /** One row of a subform (`first(...)`). */
  function Row(row) {
    this.row = row;
  }

  function isEmpty(v) {
    if (v === null) return true;
    if (typeof v === "string") return v === "";
    if (v instanceof Opt) return v.id === "";
    if (v instanceof Opts) return v.ids.length === 0;
    if (v instanceof Rows) return v.rows.length === 0;
    return false;
  }

  function truthy(v) {
    return v === true;
  }

  function saturate(n) {
    return n > I64_MAX ? I64_MAX : n < I64_MIN ? I64_MIN : n;
  }

  function jsonEqual(a, b) {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    var ka = Object.keys(a);
    var kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (var i = 0; i < ka.length; i++) {
      if (!Object.prototype.hasOwnProperty.call(b, ka[i])) return false;
      if (!jsonEqual(a[ka[i]], b[ka[i]])) return false;
    }
    return true;
  }

  /** `=`: an option id equals the same text; otherwise same kind, same value. */
  function equal(a, b) {
    var sa = typeof a === "string" ? a : a instanceof Opt ? a.id : null;
    var sb = typeof b === "string" ? b : b instanceof Opt ? b.id : null;
    if (sa !== null && sb !== null) return sa === sb;
    if (sa !== null || sb !== null) return false;
    if (typeof a !== typeof b) return false;
    if (typeof a === "boolean" || typeof a === "bigint") return a === b;
    if (a instanceof Day && b instanceof Day) return compareDays(a, b) === 0;
    if (a instanceof Opts && b instanceof Opts) {
      return a.ids.length === b.ids.length && a.ids.every(function (x, i) { return x === b.ids[i]; });
    }
    if (a instanceof Rows && b instanceof Rows) {
      return a.rows.length === b.rows.length && a.rows.every(function (r, i) { return jsonEqual(r, b.rows[i]); });
    }
    if (a instanceof Row && b instanceof Row) return jsonEqual(a.row, b.row);
    return a === b;
  }

  /** `<` and friends: numbers with numbers, dates with dates; nothing else is ordered. */
  function order(a, b) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof Day && b instanceof Day) return compareDays(a, b);
    return null;
  }

  // ---- Dates ------------------------------------------------------------------------------

  function compareDays(a, b) {
    return a.year - b.year || a.month - b.month || a.day - b.day;
  }

  function daysInMonth(year, month) {
    if (month === 4 || month === 6 || month === 9 || month === 11) return 30;
    if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return 31;
  }

  // Rust's integer parsing: an optional sign (`+` only for unsigned numbers), then ASCII digits.
  function parseSmall(s, signed, max) {
    if (!(signed ? /^[+-]?[0-9]+$/ : /^\+?[0-9]+$/).test(s)) return null;
    var n = Number(s);
    return Math.abs(n) <= max ? n : null;
  }

  /** `YYYY-MM-DD` (as the compiler reads it), or null. */
  function parseDay(s) {
    if (s.length !== 10 || /[^\x00-\x7f]/.test(s) || s[4] !== "-" || s[7] !== "-") return null;
    var year = parseSmall(s.slice(0, 4), true, 2147483647);
    var month = parseSmall(s.slice(5, 7), false, 255);
    var day = parseSmall(s.slice(8, 10), false, 255);
    if (year === null || month === null || day === null) return null;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    return new Day(year, month, day);
  }

  function floorDiv(a, b) {
    return Math.floor(a / b);
  }

  /** Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
  function daysSinceEpoch(d) {
    var y = d.year - (d.month <= 2 ? 1 : 0);
    var era = floorDiv(y, 400);
    var yoe = y - era * 400;
    var m = d.month;
    var doy = Math.trunc((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d.day - 1;
    var doe = yoe * 365 + Math.trunc(yoe / 4) - Math.trunc(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }

  /** Completed years from `a` to `b`; a birthday counts on its anniversary. */
  function yearsUntil(a, b) {
    var years = b.year - a.year;
    if (b.month < a.month || (b.month === a.month && b.day < a.day)) years -= 1;
    return years;
  }

  function formatDay(d) {
    var y = String(Math.abs(d.year));
    var sign = d.year < 0 ? "-" : "";
    while (sign.length + y.length < 4) y = "0" + y;
    return sign + y + "-" + (d.month < 10 ? "0" : "") + d.month + "-" + (d.day < 10 ? "0" : "") + d.day;
  }

  function localToday() {
    var now = new Date();
    return new Day(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  // ---- Reading stored answers ---------------------------------------------------------------

  // Rust's `str::trim`: Unicode White_Space at both ends.
  var WS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var TRIM = new RegExp("^" + WS + "+|" + WS + "+$", "g");

  function parseInt64(s) {
    var t = s.replace(TRIM, "");
    if (!/^[+-]?[0-9]+$/.test(t)) return null;
    var n = BigInt(t);
    return n > I64_MAX || n < I64_MIN ? null : n;
  }

  function numberText(n) {
    return String(n);
  }

  var LOOKUP_TYPES = { option: true, options: true };

  /** A stored answer, read as the field's kind says (compiler/src/eval.rs `read`). */
  function read(field, v) {
    if (v === undefined || v === null) return null;
    var type = field.type.name;
    if (type === "int") {
      if (typeof v === "number") {
        return Number.isInteger(v) && Math.abs(v) < 9223372036854775808 ? BigInt(v) : null;
      }
      if (typeof v === "string") return parseInt64(v);
      return null;
    }
    if (type === "bool") {
      if (typeof v === "boolean") return v;
      if (typeof v === "string") return v === "true";
    } else if (type === "date" || type === "datetime") {
      if (typeof v === "string") return parseDay(v.slice(0, 10));
    } else {
      if (field.multiple && Array.isArray(v)) {
        return new Opts(v.filter(function (i) { return typeof i === "string"; }));
      }
      if (LOOKUP_TYPES[type] && typeof v === "string") return new Opt(v);
      if (LOOKUP_TYPES[type] && typeof v === "boolean") return new Opt(String(v));
      if (type === "rows" && Array.isArray(v)) {
        return new Rows(v.filter(function (r) { return r !== null && typeof r === "object" && !Array.isArray(r); }));
      }
    }
    if (typeof v === "string") return v;
    if (typeof v === "number") return numberText(v);
    return null;
  }

  // ---- The evaluator ----------------------------------------------------------------------

  function fail(message) {
    throw new Error("gbvims-rules: " + message);
  }

  /**
   * What expressions of one record type are evaluated with: the fields of `rules` for
   * `recordType`, the record, and `options.today` ("YYYY-MM-DD"; the local date when absent).
   */
  function context(rules, recordType, record, options) {
    if (!rules || rules.format !== FORMAT) {
      fail("rules.json of format " + FORMAT + " expected, got " + (rules && rules.format));
    }
    var fields = rules.records && rules.records[recordType];
    if (!fields) fail("no record type `" + recordType + "` in rules.json");
    options = options || {};
    var today = options.today ? parseDay(options.today) : localToday();
    if (!today) fail("`today` must be a date YYYY-MM-DD, got " + JSON.stringify(options.today));
    var byKey = {};
    var bySubform = {};
    fields.forEach(function (f) {
      byKey[f.form + "/" + f.field] = f;
      if (f.type.name === "rows") bySubform[f.type.subform] = f;
    });
    return { fields: fields, byKey: byKey, bySubform: bySubform, record: record || {}, today: today };
  }

  function fieldOf(ctx, form, id) {
    var f = ctx.byKey[form + "/" + id];
    if (!f) fail("the field `" + id + "` of `" + form + "` is not in rules.json");
    return f;
  }

  /** The subform field showing the rows of `field` (null for a field of the record). */
  function parentOf(ctx, field) {
    if (field.row_of === null) return null;
    var p = ctx.bySubform[field.form];
    if (!p) fail("the subform field `" + field.row_of + "` is not in rules.json");
    return p;
  }

  function rowFor(field, row) {
    return field.row_of === null ? null : row;
  }

  /** Is the field relevant (asked) in `row`? */
  function relevantAt(ctx, field, row) {
    var parent = parentOf(ctx, field);
    // A nested subform's own subform field is read in its outer row, which the caller walked
    // through: only a subform field of the record is checked from here.
    if (parent && parent.row_of === null && !relevantAt(ctx, parent, null)) return false;
    return field.show_if === null || truthy(evalIn(ctx, field.show_if, rowFor(field, row)));
  }

  function requiredAt(ctx, field, row) {
    if (!relevantAt(ctx, field, row)) return false;
    return field.required || (field.required_if !== null && truthy(evalIn(ctx, field.required_if, rowFor(field, row))));
  }

  function validAt(ctx, field, row) {
    if (field.constraint === null) return true;
    var r = rowFor(field, row);
    if (isEmpty(fieldIn(ctx, field, r))) return true;
    return truthy(evalIn(ctx, field.constraint, r));
  }

  /** The value expressions read: the calculation, else the stored answer; empty when hidden. */
  function fieldIn(ctx, field, row) {
    row = rowFor(field, row);
    if (!relevantAt(ctx, field, row)) return null;
    if (field.calculate !== null) return evalIn(ctx, field.calculate, row);
    var source = row !== null ? row : field.row_of === null ? ctx.record : null;
    if (source === null) return null;
    return read(field, Object.prototype.hasOwnProperty.call(source, field.field) ? source[field.field] : undefined);
  }

  function evalIn(ctx, e, row) {
    switch (e.op) {
      case "literal":
        return literal(e);
      case "field":
        return fieldIn(ctx, fieldOf(ctx, e.form, e.field), row);
      case "member": {
        var base = evalIn(ctx, e.of, row);
        return base instanceof Row ? fieldIn(ctx, fieldOf(ctx, e.form, e.field), base.row) : null;
      }
      case "not":
        return !truthy(evalIn(ctx, e.arg, row));
      case "neg": {
        var n = evalIn(ctx, e.arg, row);
        return typeof n === "bigint" ? saturate(-n) : null;
      }
      case "binary":
        return binary(ctx, e, row);
      case "is_empty":
        return isEmpty(evalIn(ctx, e.arg, row)) !== e.negated;
      case "in": {
        var v = evalIn(ctx, e.arg, row);
        if (isEmpty(v)) return false;
        var found = e.list.some(function (item) { return equal(v, evalIn(ctx, item, row)); });
        return found !== e.negated;
      }
      case "contains": {
        var c = evalIn(ctx, e.arg, row);
        return c instanceof Opts && c.ids.indexOf(e.option) >= 0;
      }
      case "call":
        return call(ctx, e, row);
      case "aggregate":
        return aggregate(ctx, e, row);
      case "collect":
        return new Opts(
          e.arms
            .filter(function (a) { return truthy(evalIn(ctx, a.when, row)); })
            .map(function (a) { return evalIn(ctx, a.then, row); })
            .filter(function (v) { return v instanceof Opt; })
            .map(function (v) { return v.id; })
        );
      case "case": {
        for (var i = 0; i < e.arms.length; i++) {
          if (truthy(evalIn(ctx, e.arms[i].when, row))) return evalIn(ctx, e.arms[i].then, row);
        }
        return e["else"] ? evalIn(ctx, e["else"], row) : null;
      }
      default:
        return fail("unknown expression `" + e.op + "`");
    }
  }

  /** A constant: a number, a text, yes/no, a date or an option id by its JSON and its type. */
  function literal(e) {
    var v = e.value;
    if (v === null) return null;
    if (typeof v === "boolean") return v;
    if (typeof v === "number") {
      // Beyond ±2^53 JSON.parse has already rounded it: refuse rather than compute with another number.
      if (!Number.isSafeInteger(v)) fail("a whole number within ±2^53 expected, got " + v);
      return BigInt(v);
    }
    if (typeof v !== "string") return fail("a literal cannot be " + JSON.stringify(v));
    switch (e.type.name) {
      case "date":
      case "datetime": {
        var d = parseDay(v);
        if (!d) fail("a date YYYY-MM-DD expected, got " + JSON.stringify(v));
        return d;
      }
      case "option":
      case "options":
        return new Opt(v);
      default:
        return v;
    }
  }

  var ARITHMETIC = { add: true, sub: true, mul: true, div: true };

  function binary(ctx, e, row) {
    if (e.operator === "and") return truthy(evalIn(ctx, e.left, row)) && truthy(evalIn(ctx, e.right, row));
    if (e.operator === "or") return truthy(evalIn(ctx, e.left, row)) || truthy(evalIn(ctx, e.right, row));
    var x = evalIn(ctx, e.left, row);
    var y = evalIn(ctx, e.right, row);
    if (isEmpty(x) || isEmpty(y)) return ARITHMETIC[e.operator] ? null : false;
    switch (e.operator) {
      case "eq":
        return equal(x, y);
      case "ne":
        return !equal(x, y);
      case "lt":
      case "le":
      case "gt":
      case "ge": {
        var o = order(x, y);
        if (o === null) return false;
        return e.operator === "lt" ? o < 0 : e.operator === "le" ? o <= 0 : e.operator === "gt" ? o > 0 : o >= 0;
      }
      case "add":
      case "sub":
      case "mul":
      case "div":
        if (typeof x !== "bigint" || typeof y !== "bigint") return null;
        if (e.operator === "add") return saturate(x + y);
        if (e.operator === "sub") return saturate(x - y);
        if (e.operator === "mul") return saturate(x * y);
        if (y === 0n) return null;
        return saturate(divEuclid(x, y));
      default:
        return fail("unknown operator `" + e.operator + "`");
    }
  }

  /** Euclidean division (the remainder is never negative), as Rust's `div_euclid`. */
  function divEuclid(x, y) {
    var q = x / y; // BigInt division truncates
    var r = x % y;
    if (r < 0n) q = y > 0n ? q - 1n : q + 1n;
    return q;
  }

  var IR_CELL = "an Incident Recorder cell function, which only the Incident Recorder's columns may call (E0065): rules.json never holds it";

  function call(ctx, e, row) {
    var args = e.args.map(function (a) { return evalIn(ctx, a, row); });
    switch (e["function"]) {
      case "today":
        return ctx.today;
      case "days_between":
        return args[0] instanceof Day && args[1] instanceof Day
          ? BigInt(daysSinceEpoch(args[1]) - daysSinceEpoch(args[0]))
          : null;
      case "years_between":
        return args[0] instanceof Day && args[1] instanceof Day ? BigInt(yearsUntil(args[0], args[1])) : null;
      case "coalesce":
        for (var i = 0; i < args.length; i++) if (!isEmpty(args[i])) return args[i];
        return null;
      case "sum":
      case "avg": {
        // The answers given, added exactly; empty ones skipped; none given: empty. `avg`
        // rounds down (floor), as `/` does.
        var given = args.filter(function (a) { return typeof a === "bigint"; });
        if (given.length === 0) return null;
        var total = given.reduce(function (t, n) { return t + n; }, 0n);
        return saturate(e["function"] === "avg" ? divEuclid(total, BigInt(given.length)) : total);
      }
      case "length":
        return args.length === 1 && typeof args[0] === "string" && args[0] !== "" ? BigInt(Array.from(args[0]).length) : null;
      case "label":
      case "join_labels":
      case "word":
      case "before":
      case "location_at":
      case "user_code":
      case "agency_code":
        return fail("`" + e["function"] + "` is " + IR_CELL);
      default:
        return fail("unknown function `" + e["function"] + "`");
    }
  }

  function aggregate(ctx, e, row) {
    var holder = fieldOf(ctx, e.rows_form, e.rows);
    var all = fieldIn(ctx, holder, row);
    var rows = all instanceof Rows ? all.rows : [];
    var keep = function (r) { return e.where === null || e.where === undefined || truthy(evalIn(ctx, e.where, r)); };
    switch (e["function"]) {
      case "count":
        return BigInt(rows.filter(keep).length);
      case "any":
        return rows.some(keep);
      case "all":
        return rows.every(keep);
      case "first": {
        var found = rows.find(keep);
        return found === undefined ? null : new Row(found);
      }
      default:
        return fail("unknown aggregate `" + e["function"] + "`");
    }
  }

  // ---- Plain JSON out ---------------------------------------------------------------------

  /** A value as plain JSON: dates as YYYY-MM-DD, option ids as strings, whole numbers as
   * numbers (as decimal text beyond ±2^53), empty as null. */
  function toJson(v) {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "bigint") {
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(-Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    if (v instanceof Day) return formatDay(v);
    if (v instanceof Opt) return v.id;
    if (v instanceof Opts) return v.ids.slice();
    if (v instanceof Rows) return v.rows;
    if (v instanceof Row) return v.row;
    return fail("not a value: " + String(v));
  }

  /** The value shown for a field: its calculation, else its answer, else its default while it is
   * relevant and unanswered. */
  function valueAt(ctx, field, row) {
    var v = fieldIn(ctx, field, row);
    if (field.calculate === null && field["default"] !== null && isEmpty(v) && relevantAt(ctx, field, row)) {
      return evalIn(ctx, field["default"], rowFor(field, row));
    }
    return v;
  }

  var HIDDEN = { relevant: false, required: false, valid: true, value: null };

  function state(ctx, field, row) {
    if (!relevantAt(ctx, field, row)) return Object.assign({}, HIDDEN);
    return {
      relevant: true,
      required: requiredAt(ctx, field, row),
      valid: validAt(ctx, field, row),
      value: toJson(valueAt(ctx, field, row)),
    };
  }

  /** The rows stored under a subform field in `source`, with their positions. */
  function storedRows(source, id) {
    var v = source ? source[id] : undefined;
    if (!Array.isArray(v)) return [];
    var out = [];
    v.forEach(function (r, i) {
      if (r !== null && typeof r === "object" && !Array.isArray(r)) out.push([i, r]);
    });
    return out;
  }

  /**
   * The state of every field of `rules` for `recordType` on `record`, keyed by path: `field` for a
   * field of the record, `subform[i].field` for a field of row i (from 0) of a subform,
   * `outer[i].inner[j].field` in a nested one. Each is {relevant, required, valid, value}.
   */
  function evaluate(rules, recordType, record, options) {
    var ctx = context(rules, recordType, record, options);
    var out = {};
    var children = {};
    ctx.fields.forEach(function (f) {
      if (f.row_of !== null) (children[f.form] = children[f.form] || []).push(f);
    });
    // A field in a row of a hidden subform field is hidden too (relevantAt checks a subform
    // field of the record itself; one inside a row is checked here, walking down).
    var visit = function (f, prefix, row, hidden) {
      var s = hidden ? Object.assign({}, HIDDEN) : state(ctx, f, row);
      out[prefix + f.field] = s;
      if (f.type.name !== "rows") return;
      storedRows(row !== null ? row : ctx.record, f.field).forEach(function (pair) {
        (children[f.type.subform] || []).forEach(function (c) {
          visit(c, prefix + f.field + "[" + pair[0] + "].", pair[1], !s.relevant);
        });
      });
    };
    ctx.fields.forEach(function (f) {
      if (f.row_of === null) visit(f, "", null, false);
    });
    return out;
  }

  /** Evaluates one expression of rules.json in `ctx` (from `context`), in `row` when the
   * expression belongs to a subform row. Returns the plain JSON value. */
  function evaluateExpr(expr, ctx, row) {
    return toJson(evalIn(ctx, expr, row === undefined ? null : row));
  }

  return {
    FORMAT: FORMAT,
    context: context,
    evaluate: evaluate,
    evaluateExpr: evaluateExpr,
    relevant: function (ctx, field, row) { return relevantAt(ctx, field, row || null); },
    required: function (ctx, field, row) { return requiredAt(ctx, field, row || null); },
    valid: function (ctx, field, row) { return validAt(ctx, field, row || null); },
    value: function (ctx, field, row) { return toJson(valueAt(ctx, field, row || null)); },
  };
});
