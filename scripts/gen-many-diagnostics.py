#!/usr/bin/env python3
"""Writes a one-file standard whose form is one long line of N fields, each with two errors
(a condition that reads its own field, E0044, and `+` on a text, E0040): thousands of
diagnostics on one line, for benchmarking the checker and the renderers (BENCHMARKS.md).

    scripts/gen-many-diagnostics.py 8000 > /tmp/many/standard.gbv
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
fields = "; ".join(
    f'field a{i}: integer {{ label: en "A"; show_if: a{i} = "x" + 1 }}' for i in range(n)
)
sys.stdout.write(
    'standard s version "1.0.0" {\n  languages: en\n  default_language: en\n}\n'
    'record incident { label: en "I" }\n'
    f'form f in incident {{ title: en "F"; {fields} }}\n'
)
