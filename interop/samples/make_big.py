#!/usr/bin/env python3
"""Timing sample: a 300-field XLSForm (groups, a repeat, selects, relevants, constraints,
calculates), its pyxform XForm and N filled instances, written to OUTDIR.
Usage: make_big.py OUTDIR [N=1000]   (run with interop/.venv/bin/python)"""
import json
import os
import random
import sys

import openpyxl
from pyxform.xls2xform import convert


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Français (fr)", "relevant",
               "constraint", "calculation", "required"])
    ws.append(["select_one yn", "consent", "Consent", "Consentement", "", "", "", "yes"])
    fields = []  # (group, name, kind)
    for g in range(10):
        ws.append(["begin_group", f"g{g}", f"Group {g}", f"Groupe {g}",
                   "${consent} = 'yes'" if g % 3 == 0 else "", "", "", ""])
        for i in range(28):
            name = f"f{g}_{i}"
            kind = ["text", "integer", "select_one yn", "select_multiple svc", "date", "calculate"][i % 6]
            rel = f"${{f{g}_{i - 1}}} != ''" if i % 4 == 3 else ""
            con = ". >= 0 and . < 1000" if kind == "integer" else ""
            calc = f"if(${{f{g}_{i - 4}}} > 10, 'big', 'small')" if kind == "calculate" else ""
            ws.append([kind, name, "" if kind == "calculate" else f"Q {name}",
                       "" if kind == "calculate" else f"Q {name} fr", rel, con, calc, ""])
            fields.append((g, name, kind))
        ws.append(["end_group", f"g{g}", "", "", "", "", "", ""])
    ws.append(["begin_repeat", "rep", "Rep", "Rép", "", "", "", ""])
    for i in range(15):
        ws.append(["integer" if i % 2 else "text", f"r{i}", f"R{i}", f"R{i} fr", "", "", "", ""])
    ws.append(["end_repeat", "rep", "", "", "", "", "", ""])
    ws.append(["calculate", "nrep", "", "", "", "", "count(${rep})", ""])
    wc = wb.create_sheet("choices")
    wc.append(["list_name", "name", "label::English (en)", "label::Français (fr)"])
    for c in [("yn", "yes", "Yes", "Oui"), ("yn", "no", "No", "Non"),
              ("svc", "a", "A", "A"), ("svc", "b", "B", "B"), ("svc", "c", "C", "C")]:
        wc.append(list(c))
    st = wb.create_sheet("settings")
    st.append(["form_id", "version", "default_language"])
    st.append(["big", "1", "English (en)"])
    xlsx = os.path.join(out, "big.xlsx")
    wb.save(xlsx)
    r = convert(xlsform=xlsx)
    assert not r.warnings, r.warnings
    with open(os.path.join(out, "big.xml"), "w", encoding="utf-8") as f:
        f.write(r.xform)
    rnd = random.Random(1)
    value = {"text": lambda: rnd.choice(["", "x", "hello"]),
             "integer": lambda: str(rnd.randrange(-5, 1200)),
             "select_one yn": lambda: rnd.choice(["yes", "no", ""]),
             "select_multiple svc": lambda: rnd.choice(["a", "a b", "", "c"]),
             "date": lambda: "2026-%02d-%02d" % (rnd.randrange(1, 13), rnd.randrange(1, 29)),
             "calculate": lambda: ""}
    with open(os.path.join(out, "big.instances.jsonl"), "w", encoding="utf-8") as f:
        for k in range(n):
            parts = ["<data id=\"big\" version=\"1\"><consent>%s</consent>" % rnd.choice(["yes", "no"])]
            for g in range(10):
                parts.append(f"<g{g}>")
                for (gg, name, kind) in fields:
                    if gg == g:
                        parts.append(f"<{name}>{value[kind]()}</{name}>")
                parts.append(f"</g{g}>")
            for _ in range(rnd.randrange(0, 4)):
                parts.append("<rep>" + "".join(f"<r{i}>{rnd.randrange(9)}</r{i}>" for i in range(15)) + "</rep>")
            parts.append("<nrep/><meta><instanceID>uuid:%d</instanceID></meta></data>" % k)
            f.write(json.dumps({"id": "b%d" % k, "instance": "".join(parts)}) + "\n")


if __name__ == "__main__":
    main()
