"""JSON: the report's payload, keys sorted so output diffs cleanly."""

from __future__ import annotations

import json

from orgchart.present.formats import Report


def render(report: Report) -> str:
    return json.dumps(report.data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
