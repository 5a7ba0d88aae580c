"""JSON: the report's payload, keys sorted so output diffs cleanly.

The text is exactly json.dumps(indent=2, sort_keys=True)'s. That runs in
Python, a hundred thousand rows in seconds; without `indent` json runs in C.
So containers are laid out here, and rows of scalars (most of a large
report) are written by C with separators that indent them as `indent=2` would:
a whole list of rows in one call, then the list's own separators put in.
"""

from __future__ import annotations

import itertools
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
        if _flat(value):
            return "{\n" + inner + _encoder(inner).encode(value)[1:-1] + "\n" + INDENT * level + "}"
        items = (f"{SCALAR.encode(k)}: {_encode(value[k], level + 1)}" for k in sorted(value))
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + INDENT * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        if set(map(type, value)) == {dict} and all(value) and _flat(*value):
            return _rows(value, level)
        items = (_encode(v, level + 1) for v in value)
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + INDENT * level + "]"
    return SCALAR.encode(value)


def _flat(*rows: dict[Any, Any]) -> bool:
    """Text keys, and no value a container: checked by type, in C, not value by value."""
    keys = set(map(type, itertools.chain.from_iterable(rows)))
    if not all(issubclass(k, str) for k in keys):
        raise _Unusual
    values = set(map(type, itertools.chain.from_iterable(map(dict.values, rows))))
    return not any(issubclass(v, dict | list | tuple) for v in values)


def _encoder(inner: str) -> json.JSONEncoder:
    """C's encoder, separating a row's items as `indent=2` does at `inner`."""
    return json.JSONEncoder(
        sort_keys=True, ensure_ascii=False, default=str, separators=(",\n" + inner, ": ")
    )


def _rows(rows: list[Any] | tuple[Any, ...], level: int) -> str:
    """A list of flat, non-empty rows, in one C call. Every ",\n" it writes is a
    separator (JSON escapes a newline within text), and one between "}" and
    "{" is the list's, between rows: that one is given the list's indent."""
    outer, inner, keys = INDENT * level, INDENT * (level + 1), INDENT * (level + 2)
    text = _encoder(keys).encode(list(rows))
    between = "\n" + inner + "},\n" + inner + "{\n" + keys
    body = text[2:-2].replace("},\n" + keys + "{", between)
    return "[\n" + inner + "{\n" + keys + body + "\n" + inner + "}\n" + outer + "]"
