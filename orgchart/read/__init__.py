"""Read a structure from any supported file: YAML, JSON, organogram CSV, HR CSV,
Excel or Parquet.

The read stage: files in, a Structure and its issues out. It must not check
the structure as a whole (that is orgchart.check) nor import a later stage.
"""

from __future__ import annotations

import re
from pathlib import Path

from orgchart.errors import LoadError
from orgchart.filetypes import READ, listed, suffix_of
from orgchart.read.source import Parsed, ReadOptions, read_text
from orgchart.text import may_hold_not_xml

_HALF = re.compile(r"(senior|junior)\.csv$", re.IGNORECASE)

__all__ = ["Parsed", "ReadOptions", "detect_format", "files_read", "parse"]


def detect_format(path: Path) -> str:
    kind = READ.get(suffix_of(path))
    if kind == "csv":
        from orgchart.read.organogram import is_organogram

        return "organogram" if is_organogram(path) else "csv"
    if kind is not None:
        return kind
    raise LoadError(
        f"unknown file type {suffix_of(path) or '(no suffix)'!r}: use {listed(READ)}",
        file=str(path),
    )


def files_read(path: Path, junior: Path | None = None) -> dict[Path, str]:
    """Every file that reading `path` opens, each with what it is: an
    organogram's senior and junior CSVs are read together, the one beside the
    other unless `junior` names it. Reads no more than a CSV's header line,
    and only of a regular file (a pipe's first line would be lost to it)."""
    found = {path: f"the input {path}"}
    if junior is not None:
        found.setdefault(junior, f"the junior CSV {junior}")
    # Only a file named as an edition's half has another half (`companion`):
    # any other CSV is read alone, without importing the organogram reader.
    if not _HALF.search(path.name) or not path.is_file():
        return found
    from orgchart.read.organogram import companion, is_organogram

    if is_organogram(path):
        senior = companion(path, "senior")
        found.setdefault(senior, f"the senior CSV read with {path}")
        found.setdefault(junior or companion(senior, "junior"), f"the junior CSV read with {path}")
    return found


def parse(path: str | Path, options: ReadOptions | None = None) -> Parsed:
    """Read `path` by its suffix (and, for CSV, its header).

    Raises LoadError when the file cannot be read as a structure at all;
    every other problem is an Issue in the result.
    """
    path = Path(path)
    options = options or ReadOptions()
    fmt = detect_format(path)
    if options.sheet is not None and fmt != "xlsx":
        raise LoadError("--sheet is for Excel workbooks (.xlsx)", file=str(path))
    if options.header_row is not None and fmt not in ("csv", "xlsx", "parquet"):
        raise LoadError("--header-row is for HR exports: CSV, Excel and Parquet", file=str(path))
    if fmt in ("yaml", "json"):
        from orgchart.read.jsonfile import read_json
        from orgchart.read.records import structure_from_data
        from orgchart.read.yamlfile import read_yaml

        read = read_yaml if fmt == "yaml" else read_json
        text = read_text(path)
        data, lines = read(text, str(path))
        structure, issues, post_lines = structure_from_data(
            data, lines, str(path), clean=may_hold_not_xml(text)
        )
        rule_lines = {}
        if isinstance(data, dict) and "rules" in data:
            from orgchart.read.rules import block_lines

            rule_lines = block_lines(data, lines)
        return Parsed(str(path), structure, issues, post_lines, rule_lines=rule_lines)
    if fmt == "organogram":
        from orgchart.read.organogram import read_organogram

        return read_organogram(path, options)
    from orgchart.read.tabular import read_table

    return read_table(path, fmt, options)
