#!/usr/bin/env python3
"""Writes the hand-written interop samples (run with interop/.venv/bin/python):

- sample.xlsx: a small two-language XLSForm covering a group, a repeat, select_one,
  select_multiple, a cascading select_one_from_file with choice_filter, a date, an integer
  with a constraint, required, relevant, calculates with if()/count()/selected(), encryption.
- probe.xlsx: one-off expressions whose JavaRosa results are recorded in README.md
  (non-relevant values, count() under a non-relevant group, substr, dates, number rendering,
  multilingual external CSV labels).
- locations.csv: the attachment read by both.

Usage: make_sample.py OUTDIR   (the XForms are then made by pyxform: see selftest.sh)
"""
import csv
import os
import sys

import openpyxl

EN, FR = "English (en)", "Français (fr)"
# A throwaway RSA key made for this sample only (no private key is kept anywhere).
PUBLIC_KEY = (
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0eGaLjOiK8XC9jXcj1iI6yVZiDOy2RHupqb0AVnE3oZ7Kwe"
    "ZbN8ieIB5FtDpEUeaVZlTyp2Xaxhg5CBDgDL2l6a2ygTioMdBB17a5/55lINtSFzR2OXj7TMJUfsn/TVb807p3AeRJy7"
    "0xki1oRLOPfecZSEW8fTRfE5D6Ei4oI1Sad4ToUbD5wRK8unUI9FzrJJKpjBGKiAquNfnt5yp7wILfZSBUFjy0hxsA1B"
    "1g0+wQQcd9z8fXPPLkACJGdqU/xkwiPGlAOQ3750W1KHk08LfHUY51UWmPJ60r+B6135SPrEjpHScjk6La6ecEPNXlN"
    "PLsOOoxZg32rSN/inQYwIDAQAB"
)

SURVEY_COLS = [
    "type", "name", f"label::{EN}", f"label::{FR}", f"hint::{EN}", f"hint::{FR}",
    f"guidance_hint::{EN}", f"guidance_hint::{FR}", "required", "relevant", "constraint",
    f"constraint_message::{EN}", f"constraint_message::{FR}", "calculation",
    "choice_filter", "appearance", "read_only",
]


def row(type_, name, en="", fr="", **kw):
    r = {"type": type_, "name": name, f"label::{EN}": en, f"label::{FR}": fr}
    for k, v in kw.items():
        key = {"hint_en": f"hint::{EN}", "hint_fr": f"hint::{FR}",
               "guidance_en": f"guidance_hint::{EN}", "guidance_fr": f"guidance_hint::{FR}",
               "cmsg_en": f"constraint_message::{EN}",
               "cmsg_fr": f"constraint_message::{FR}"}.get(k, k)
        r[key] = v
    return r


SAMPLE_SURVEY = [
    row("start", "start"),
    row("text", "name", "Name", "Nom", required="yes", hint_en="Survivor code", hint_fr="Code"),
    row("integer", "age", "Age", "Âge", constraint=". >= 0 and . <= 120",
        cmsg_en="Age must be 0-120", cmsg_fr="L'âge doit être 0-120"),
    row("date", "incident_date", "Incident date", "Date de l'incident",
        constraint=". <= today()", guidance_en="The day it happened",
        guidance_fr="Le jour des faits"),
    row("select_one sex", "sex", "Sex", "Sexe", required="yes"),
    row("text", "pregnant_note", "Pregnancy note", "Note de grossesse", relevant="${sex} = 'f'"),
    row("select_multiple services", "services", "Services", "Services",
        appearance="minimal"),
    row("begin_group", "place", "Place", "Lieu"),
    row("select_one_from_file locations.csv", "region", "Region", "Région",
        choice_filter="level = 'region'"),
    row("select_one_from_file locations.csv", "district", "District", "District",
        choice_filter="level = 'district' and parent = ${region}", required="yes"),
    row("end_group", "place"),
    row("begin_repeat", "perpetrators", "Perpetrators", "Auteurs"),
    row("text", "p_name", "Perpetrator name", "Nom de l'auteur"),
    row("integer", "p_age", "Perpetrator age", "Âge de l'auteur", constraint=". > 0",
        cmsg_en="Positive", cmsg_fr="Positif"),
    row("end_repeat", "perpetrators"),
    row("calculate", "n_perp", calculation="count(${perpetrators})"),
    row("calculate", "age_group", calculation="if(${age} >= 18, 'adult', 'minor')"),
    row("calculate", "medical", calculation="if(selected(${services}, 'medical'), 1, 0)"),
    row("calculate", "district_label",
        calculation="instance('locations')/root/item[name = ${district}]/label"),
    row("note", "summary", "Summary: ${name} (${age_group})", "Résumé : ${name} (${age_group})"),
]

SAMPLE_CHOICES = [
    ("sex", "f", "Female", "Femme"),
    ("sex", "m", "Male", "Homme"),
    ("services", "medical", "Medical", "Médical"),
    ("services", "legal", "Legal", "Juridique"),
    ("services", "psychosocial", "Psychosocial", "Psychosocial"),
]

PROBE_SURVEY = [
    # pyxform declares the CSV's secondary instance only for a select_one_from_file question
    row("select_one_from_file locations.csv", "where", "Where", "Où"),
    row("integer", "n", "N", "N"),
    row("text", "t", "T", "T"),
    row("date", "d", "D", "D"),
    row("begin_group", "hidden", "Hidden", "Caché", relevant="${n} > 100"),
    row("text", "h", "H", "H"),
    row("begin_repeat", "hr", "HR", "HR"),
    row("text", "hr_x", "X", "X"),
    row("end_repeat", "hr"),
    row("end_group", "hidden"),
    # a non-relevant node read by other expressions
    row("calculate", "h_read", calculation="concat('[', ${h}, ']')"),
    row("calculate", "h_len", calculation="string-length(${h})"),
    row("calculate", "hr_count", calculation="count(${hr})"),
    row("calculate", "hr_x_count", calculation="count(${hr_x})"),
    row("calculate", "substr_0_2", calculation="substr(${t}, 0, 2)"),
    row("calculate", "substr_1_3", calculation="substr(${t}, 1, 3)"),
    row("calculate", "ddt", calculation="decimal-date-time(${d})"),
    row("calculate", "ddt_str", calculation="decimal-date-time('2026-01-01')"),
    row("calculate", "d_lt", calculation="${d} < date('2026-01-01')"),
    row("calculate", "d_eq", calculation="${d} = date('2026-01-01')"),
    row("calculate", "d_str_eq", calculation="${d} = '2026-01-01'"),
    row("calculate", "d_plus1", calculation="date(${d} + 1)"),
    row("calculate", "d_diff", calculation="${d} - date('2025-12-01')"),
    row("calculate", "n_plus_1", calculation="${n} + 1"),
    row("calculate", "n_div_2", calculation="${n} div 2"),
    row("calculate", "n_int", calculation="int(${n} div 2)"),
    row("calculate", "empty_num", calculation="${t} + 1"),
    row("calculate", "empty_n_plus", calculation="${n} + 0"),
    row("integer", "n_int_calc", "NI", "NI", calculation="${n} * 2", read_only="yes"),
    row("decimal", "n_dec_calc", "ND", "ND", calculation="${n} * 2", read_only="yes"),
    row("calculate", "bool", calculation="${n} > 1"),
    row("calculate", "loc_label", calculation="instance('locations')/root/item[name='r1']/label"),
    row("calculate", "loc_count", calculation="count(instance('locations')/root/item)"),
    row("calculate", "loc_parent", calculation="instance('locations')/root/item[name='d2']/parent"),
    row("calculate", "loc_level_num", calculation="instance('locations')/root/item[name='d2']/level"),
]


def write_xlsx(path, survey, choices, form_id, title, encrypted):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(SURVEY_COLS)
    for r in survey:
        ws.append([r.get(c, "") for c in SURVEY_COLS])
    wc = wb.create_sheet("choices")
    wc.append(["list_name", "name", f"label::{EN}", f"label::{FR}"])
    for c in choices:
        wc.append(list(c))
    st = wb.create_sheet("settings")
    keys = ["form_title", "form_id", "version", "default_language"]
    vals = [title, form_id, "2026113001", EN]
    if encrypted:
        keys += ["public_key", "submission_url"]
        vals += [PUBLIC_KEY, "https://example.org/submission"]
    st.append(keys)
    st.append(vals)
    wb.save(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    write_xlsx(os.path.join(out, "sample.xlsx"), SAMPLE_SURVEY, SAMPLE_CHOICES,
               "interop_sample", "Interop sample", encrypted=True)
    write_xlsx(os.path.join(out, "probe.xlsx"), PROBE_SURVEY, [],
               "interop_probe", "Interop probe", encrypted=False)
    with open(os.path.join(out, "locations.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "label", f"label::{EN}", f"label::{FR}", "level", "parent"])
        w.writerow(["r1", "North", "North", "Nord", "region", ""])
        w.writerow(["r2", "South", "South", "Sud", "region", ""])
        w.writerow(["d1", "Hills", "Hills", "Collines", "district", "r1"])
        w.writerow(["d2", "Lakes", "Lakes", "Lacs", "district", "r1"])
        w.writerow(["d3", "Coast", "Coast", "Côte", "district", "r2"])


if __name__ == "__main__":
    main()
