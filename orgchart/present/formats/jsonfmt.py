"""JSON: the report's payload, keys sorted so output diffs cleanly."""

from __future__ import annotations

import json
from typing import Any

from orgchart.present.formats import Report

SCALARS = (str, int, float, bool, type(None))
# json.dumps with `indent` runs in Python, a hundred thousand rows in seconds;
# without it, in C. A row of scalars is written by C with these separators and
# then opened and closed as `indent=2` would: the same text, ten times sooner.
ROW = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, default=str, separators=(",\n    ", ": ")
)


def render(report: Report) -> str:
    data = report.data
    if _rows_of_scalars(data):
        return _rows(data)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _rows_of_scalars(data: Any) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and all(
            isinstance(row, dict)
            and row
            and all(isinstance(k, str) for k in row)
            and all(isinstance(v, SCALARS) for v in row.values())
            for row in data
        )
    )


def _rows(data: list[dict[str, Any]]) -> str:
    """A list of rows of scalars, exactly as json.dumps(indent=2, sort_keys=True) writes it."""
    rows = ("{\n    " + ROW.encode(row)[1:-1] + "\n  }" for row in data)
    return "[\n  " + ",\n  ".join(rows) + "\n]\n"
