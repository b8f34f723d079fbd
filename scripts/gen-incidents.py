#!/usr/bin/env python3
"""Writes N made-up incident records for Iraq's configuration, as JSON Lines, for benchmarking
`gbvims ir export` (BENCHMARKS.md). Deterministic (fixed seed); no real data.

    scripts/gen-incidents.py 100000 > /tmp/incidents.jsonl
"""
import csv
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rng = random.Random(7)

with open("country-configs/iraq/locations.csv", encoding="utf-8") as f:
    rows = list(csv.reader(f))
tags = rows[1]
codes = sorted({r[i] for r in rows[2:] for i, t in enumerate(tags) if t.endswith("+code") and r[i]})

pick = rng.choice
sexes = ["male", "female"]
gbv = ["rape", "sexual_assault", "physical_assault", "forced_marriage", "psychological_emotional_abuse"]
ages = ["0_11", "12_17", "18_25", "26_40", "41_60", "61", "unknown"]
referral = ["referred", "service_provided_by_your_agency", "service_unavailable", "referral_declined_by_survivor"]
yes_no = ["true", "false", True, False]
users = ["cw_amina", "cw_layla", "cw_ghost"]


def date(year):
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def service(field):
    return [{field: pick(referral)} for _ in range(rng.randint(0, 2))]


out = sys.stdout
for i in range(n):
    rec = {
        "incidentid_ir": f"IRC-{i:07d}",
        "survivor_code": f"S-{i:07d}",
        "owned_by": pick(users),
        "created_organization": "agency-irc",
        "date_of_first_report": date(2024),
        "incident_date": date(2023),
        "date_of_birth": date(rng.randint(1960, 2010)),
        "sex": pick(sexes),
        "ethnicity": pick(["arab", "kurd", "turkmen", "yazidi"]),
        "maritial_status": "married_cohabitating",
        "displacement_status": "idp",
        "incident_timeofday": "evening_night",
        "incident_location_type": "clients_home",
        "incident_location": pick(codes),
        "incident_camp_town": f"Camp {rng.randint(1, 40)}",
        "gbv_sexual_violence_type": pick(gbv),
        "gbv_previous_incidents": pick(yes_no),
        "alleged_perpetrator": [
            {
                "primary_perpetrator": pick(["primary", "secondary"]),
                "perpetrator_sex": pick(sexes),
                "former_perpetrator": pick(yes_no),
                "age_group": pick(ages),
            }
            for _ in range(rng.randint(0, 4))
        ],
        "service_referred_from": "self_referral",
        "health_medical_referral_subform_section": service("service_medical_referral"),
        "psychosocial_counseling_services_subform_section": service("service_psycho_referral"),
        "legal_assistance_services_subform_section": [
            {"pursue_legal_action": pick(["true", "false", "undecided"]), "service_legal_referral": pick(referral)}
            for _ in range(rng.randint(0, 2))
        ],
        "consent_reporting": pick(yes_no),
        "survivor_name": "not a real name",
        "record_state": True,
    }
    out.write(json.dumps(rec, ensure_ascii=False))
    out.write("\n")
