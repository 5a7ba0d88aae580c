"""File types and output formats, the one home of both: the reader a file's
suffix picks, the writer an output's suffix picks, and the names `--format`
takes in every command.

It imports nothing heavy: the command line reads it before any command runs.
It decides nothing about content (an organogram CSV is told from an HR CSV
by its header, in orgchart.read).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class Format(StrEnum):
    """Every report command's --format: the same names everywhere. `table` and
    `text` are both the form for people (aligned tables; diff's marked lines)."""

    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class ChartFormat(StrEnum):
    """A chart's file type: its suffix, or --format."""

    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    DOT = "dot"


class Layout(StrEnum):
    """What `publish --as` writes: data.gov.uk's organogram (a folder of a
    senior and a junior CSV) or the Transparency Code's senior structure."""

    ORGANOGRAM = "organogram"
    TRANSPARENCY = "transparency"


BINARY_CHARTS = frozenset({ChartFormat.PNG, ChartFormat.PDF})

# Structure files: suffix -> the kind of file, for reading and for writing.
READ = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}
# The kinds of structure file a plain HR export may come as, read as columns.
COLUMNAR = frozenset({"csv", "parquet"})
WRITE = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv", ".parquet": "parquet"}
# The decision report: suffix -> format.
REPORTS = {".html": "html", ".pdf": "pdf", ".docx": "docx", ".md": "markdown"}
# The Transparency Code's senior structure: suffix -> format.
TRANSPARENCY = {".csv": "csv", ".html": "html"}


def suffix_of(path: Path) -> str:
    return path.suffix.lower()


def listed(table: dict[str, str]) -> str:
    """The suffixes of a table, for a message: '.yaml, .yml, .json or .csv'."""
    names = list(table)
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def chart_format(path: Path) -> ChartFormat | None:
    try:
        return ChartFormat(suffix_of(path).lstrip("."))
    except ValueError:
        return None
