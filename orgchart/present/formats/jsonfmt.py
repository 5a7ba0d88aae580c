"""JSON: the report's payload, keys sorted so output diffs cleanly.

The text is exactly json.dumps(indent=2, sort_keys=True)'s. That runs in
Python, a hundred thousand rows in seconds; without `indent` json runs in C.
So containers are laid out here, and each row of scalars (most of a large
report) is written by C with separators that indent it as `indent=2` would.
"""

from __future__ import annotations

import json
from typing import Any

from orgchart.present.formats import Report

INDENT = "  "
SCALAR = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)


class _Unusual(Exception):
    """A key that is not text: left to json.dumps, which knows how it converts them."""


def render(report: Report) -> str:
    try:
        return _encode(report.data, 0) + "\n"
    except _Unusual:
        return (
            json.dumps(report.data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            + "\n"
        )


def _encode(value: Any, level: int) -> str:
    inner = INDENT * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        if not all(isinstance(k, str) for k in value):
            raise _Unusual
        if not any(isinstance(v, dict | list | tuple) for v in value.values()):
            row = json.JSONEncoder(
                sort_keys=True, ensure_ascii=False, default=str, separators=(",\n" + inner, ": ")
            )
            return "{\n" + inner + row.encode(value)[1:-1] + "\n" + INDENT * level + "}"
        items = (f"{SCALAR.encode(k)}: {_encode(value[k], level + 1)}" for k in sorted(value))
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + INDENT * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = (_encode(v, level + 1) for v in value)
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + INDENT * level + "]"
    return SCALAR.encode(value)
