"""Output formats for reports: one small module per format, each `render(report) -> str`.

A Report is the tables a person reads plus the JSON payload a program
reads; formats never compute anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    FTE = "fte"
    MONEY = "money"
    RATIO = "ratio"
    SHARE = "share"


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


_CONTROLS = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)], " ")


# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a leading ' on a formula-like
    string that is not a number (-1 stays a number). Readers drop it again."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return "" if value is None else value


def unescape_cell(text: str) -> str:
    """What spreadsheet_cell wrote, as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


# For a whole output shown on a terminal: line breaks and tabs are layout.
_CONTROLS_BUT_LAYOUT = {k: v for k, v in _CONTROLS.items() if chr(k) not in "\n\t"}


def for_terminal(text: str) -> str:
    """An output or message on its way to a terminal: no escape sequence or
    other control character from a file reaches it, lines stay lines."""
    return text.translate(_CONTROLS_BUT_LAYOUT)


def printable(text: str) -> str:
    """Text from a structure, made safe for a terminal: no escape sequences or line breaks."""
    return text.translate(_CONTROLS)


def cell(value: Any, kind: Kind) -> str:
    """A value as people read it: finance-style brackets for negatives, £ and thousands."""
    if value is None:
        return "not disclosed" if kind is Kind.MONEY else ""
    if kind is Kind.TEXT:
        return printable(str(value))
    if kind is Kind.INT:
        text = f"{abs(value):,}"
    elif kind is Kind.FTE:
        text = f"{abs(value):,.2f}"
    elif kind is Kind.MONEY:
        text = f"£{abs(value):,.0f}"
    elif kind is Kind.RATIO:
        text = f"{abs(value):,.1f}"
    else:
        text = f"{abs(value) * 100:.0f}%"
    negative = value < 0 and text.strip("£0.,%") != ""
    return f"({text})" if negative else text


class Format(StrEnum):
    """Every command's --format: the same names everywhere. `table` and `text`
    are both the form for people (aligned tables; diff's marked lines)."""

    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def renderer(fmt: Format) -> Callable[[Report], str]:
    from orgchart.present.formats import csvfmt, jsonfmt, markdown, text

    return {
        Format.TABLE: text.render,
        Format.TEXT: text.render,
        Format.JSON: jsonfmt.render,
        Format.CSV: csvfmt.render,
        Format.MARKDOWN: markdown.render,
    }[fmt]
