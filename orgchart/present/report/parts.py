"""The decision report's building blocks: tables as the reader sees them,
charts (appendix.py fits them to the paper), and dates, names and counts as
reports write them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from orgchart.model import Structure
from orgchart.present.diffreport import counted
from orgchart.present.formats import Table
from orgchart.text import Kind, cell, printable


@dataclass(frozen=True)
class Grid:
    """A table as the reader sees it: every cell already text, numbers right-aligned."""

    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    name: str  # "before", "after" or "structure": names the chart's file beside a .md
    caption: str
    dot: str
    alternative: str = ""  # what the chart shows, in words, for a reader who cannot see it
    crowded: str = ""  # why the chart prints type below READABLE, when it does


@dataclass(frozen=True)
class Series:
    label: str  # "Before (12 managers)"
    values: list[float]


@dataclass(frozen=True)
class Plot:
    """A bar chart of figures, drawn by matplotlib (plots.py), with its text
    alternative: `alt` in words, and `table`, the same figures as a table."""

    name: str  # "spans", "layers": names the plot's file beside a .md
    caption: str
    alt: str
    categories: list[str]
    series: list[Series]
    percent: bool  # values are shares (0-1), shown as percentages
    axis: str  # what the values are: "Share of managers"
    across: str  # what the categories are: "Span band"
    table: Grid


def grid(table: Table, title: str | None = None) -> Grid:
    return Grid(
        title or table.title or "",
        [c.header for c in table.columns],
        [c.kind is not Kind.TEXT for c in table.columns],
        [[cell(row.get(c.key), c.kind) for c in table.columns] for row in table.rows],
    )


def day(date: dt.date | None) -> str:
    """Dates as UK council reports write them."""
    return date.strftime("%d/%m/%Y") if date else ""


def named(structure: Structure) -> str:
    return printable(structure.name) + (f", {day(structure.date)}" if structure.date else "")


# '1 post', '1,731 posts': the words of a count have one home, the diff's.
count = counted
