"""CSV of a report's first table, with plain numbers, for spreadsheets."""

from __future__ import annotations

import csv
import io

from orgchart.formats import Report

# Spreadsheets run cells starting with these as formulas (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def render(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if report.tables:
        table = report.tables[0]
        writer.writerow([c.key for c in table.columns])
        for row in table.rows:
            writer.writerow([_safe(row.get(c.key)) for c in table.columns])
    return out.getvalue()
