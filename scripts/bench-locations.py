#!/usr/bin/env python3
"""Writes a synthetic country with a large location file, for the mobile-target benchmark.

Usage: scripts/bench-locations.py OUT_DIR [--shape 20x100x50]

OUT_DIR gets a copy of country-configs/iraq/country.gbv and mobile-public-key.pem, and a
locations.csv in the layout of Iraq's (the OCHA COD-AB columns, HXL hashtag row, names in
English and Arabic with `+ar-lb`): one row per sub-district, country > governorates > districts >
sub-districts. The default shape 20 x 100 x 50 gives 100,000 sub-districts, 102,021 units with
the 2,000 districts, 20 governorates and the country. Codes are unique (`IQB07`, `IQB07D042`,
`IQB07D042S13`). The output is deterministic. Python 3 standard library only; do not commit the
output (write it under target/ or a temporary directory).
"""

import argparse
import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IRAQ = ROOT / "country-configs" / "iraq"

HEADER = [
    "OBJECTID *", "Shape *", "admin3Name_en", "admin3Name_ar", "admin3Pcode", "admin3RefName",
    "admin3AltName1_en", "admin3AltName2_en", "admin3AltName1_ar", "admin3AltName2_ar",
    "admin2Name_en", "admin2Name_ar", "admin2Pcode", "admin1Name_en", "admin1Name_ar",
    "admin1Pcode", "admin0Name_en", "admin0Name_ar", "admin0Pcode", "date", "validOn",
    "validTo", "Shape_Length", "Shape_Area",
]
HXL = [
    "", "", "#adm3+name", "#adm3+name+ar-lb", "#adm3+code", "", "", "", "", "",
    "#adm2+name", "#adm2+name+ar-lb", "#adm2+code", "#adm1+name", "#adm1+name+ar-lb",
    "#adm1+code", "#country+name", "#country+name+ar-lb", "#country+code", "", "", "", "", "",
]
NULL = "<Null>"
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ar(n: int, width: int) -> str:
    return f"{n:0{width}d}".translate(AR_DIGITS)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--shape", default="20x100x50",
                   help="governorates x districts per governorate x sub-districts per district")
    a = p.parse_args()
    try:
        govs, dists, subs = (int(x) for x in a.shape.split("x"))
    except ValueError:
        p.error("--shape is G x D x S, e.g. 20x100x50")
    a.out.mkdir(parents=True, exist_ok=True)
    for name in ("country.gbv", "mobile-public-key.pem"):
        shutil.copyfile(IRAQ / name, a.out / name)
    rows = 0
    # LF line ends, no BOM: as Iraq's file.
    with open(a.out / "locations.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerow(HXL)
        for g in range(1, govs + 1):
            gcode = f"IQB{g:02d}"
            gen, gar = f"Governorate {g:02d}", f"محافظة {ar(g, 2)}"
            for d in range(1, dists + 1):
                dcode = f"{gcode}D{d:03d}"
                den, dar = f"District {g:02d}-{d:03d}", f"قضاء {ar(g, 2)}-{ar(d, 3)}"
                for s in range(1, subs + 1):
                    rows += 1
                    w.writerow([
                        rows, "Polygon",
                        f"Sub-district {g:02d}-{d:03d}-{s:02d}",
                        f"ناحية {ar(g, 2)}-{ar(d, 3)}-{ar(s, 2)}",
                        f"{dcode}S{s:02d}", NULL, NULL, NULL, NULL, NULL,
                        den, dar, dcode, gen, gar, gcode, "Iraq", "العراق", "IQ",
                        "5/30/2019", "6/3/2019", NULL, "0.618806", "0.015754",
                    ])
    units = 1 + govs + govs * dists + rows
    size = (a.out / "locations.csv").stat().st_size
    print(f"{a.out}/locations.csv: {rows} rows, {units} units, {size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
