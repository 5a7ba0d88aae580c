"""CSV of a report's first table, with plain numbers, for spreadsheets."""

from __future__ import annotations

import csv
import io

from orgchart.present.formats import Report
from orgchart.text import spreadsheet_cell


def render(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if report.tables:
        table = report.tables[0]
        writer.writerow([c.key for c in table.columns])
        for row in table.rows:
            writer.writerow([spreadsheet_cell(row.get(c.key)) for c in table.columns])
    return out.getvalue()
