"""Output formats for reports: one small module per format, each `render(report) -> str`.

A Report is the tables a person reads plus the JSON payload a program
reads; formats never compute anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from orgchart.filetypes import Format
from orgchart.text import Kind


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Table:
    columns: list[Column]
    rows: list[dict[str, Any]]
    title: str | None = None


@dataclass(frozen=True)
class Report:
    tables: list[Table]
    data: Any  # the JSON payload
    notes: list[str] = field(default_factory=list)  # footnotes for people, e.g. estimates


def renderer(fmt: Format) -> Callable[[Report], str]:
    from orgchart.present.formats import csvfmt, jsonfmt, markdown, text

    return {
        Format.TABLE: text.render,
        Format.TEXT: text.render,
        Format.JSON: jsonfmt.render,
        Format.CSV: csvfmt.render,
        Format.MARKDOWN: markdown.render,
    }[fmt]
