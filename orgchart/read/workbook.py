"""Excel workbooks (.xlsx): a sheet read as rows of text, within the size limits,
as a person sees it: the first visible sheet (or the one named), merged
ranges' values in every row they cover, and each formula with no saved value
named by its cell rather than read as blank without a word."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from orgchart.errors import LoadError
from orgchart.read.source import ZIP_MAGIC, input_limit, too_large
from orgchart.text import clip, did_you_mean

# A workbook whose parts uncompress far beyond their size is a zip bomb.
MAX_RATIO = 100


def _check_workbook_size(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise LoadError(f"cannot read as an Excel workbook: {exc}", file=str(path)) from exc
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if unpacked > min(input_limit() // 2, 1024**3):
        raise too_large(path, f"the workbook's contents ({unpacked:,} bytes unpacked)")
    # Under 1 MiB packed, a plain workbook's XML may compress well: judge by 100 MiB.
    if unpacked > MAX_RATIO * max(packed, 1024**2):
        raise LoadError(
            f"the workbook unpacks to {unpacked:,} bytes, more than {MAX_RATIO} times its "
            "size: refused as a likely zip bomb",
            file=str(path),
        )


@dataclass
class SheetRead:
    """What reading a sheet found besides its rows, filled in as they are read."""

    name: str = ""
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class Finding(NamedTuple):
    first: int  # the rows it is about
    last: int
    message: str
    of_post: bool  # about one cell of a post's row: the message names the post


def xlsx_rows(path: Path, wanted: str | None, read: SheetRead) -> Iterator[list[str]]:
    """The rows of a workbook's sheet as text: `wanted`, else the first visible
    one. A merged range's value is read in each row it covers (in its first
    column), and each formula with no saved value is a finding, by cell."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter

    try:
        with path.open("rb") as handle:
            start = handle.read(len(ZIP_MAGIC))
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from exc
    if start != ZIP_MAGIC:
        # Text saved as .xlsx: say what it looks like, not openpyxl's zip error.
        raise LoadError(
            "this is not an Excel .xlsx file (an .xlsx is a zip); if it is CSV text, "
            "rename it to .csv",
            file=str(path),
        )
    _check_workbook_size(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise LoadError(f"cannot read as an Excel workbook: {exc}", file=str(path)) from exc
    row_number = 1
    try:
        sheet = _chosen(book.worksheets, wanted, read, str(path))
        blank, merged = _marks(path, sheet._worksheet_path, read)
        spans = _Spans(merged, read)
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else _cell_text(v) for v in row]
            for column, formula in blank.get(row_number, ()):
                read.findings.append(
                    Finding(
                        row_number,
                        row_number,
                        f"sheet {read.name!r} cell {get_column_letter(column)}{row_number}: "
                        f"the formula {clip(formula)} has no saved value, so it is read as "
                        "blank; open and save the workbook in Excel, or type the value",
                        True,
                    )
                )
            yield spans.fill(row_number, cells)
            row_number += 1
    except LoadError:
        raise
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise LoadError(f"cannot read the sheet: {exc}", file=str(path), line=row_number) from exc
    finally:
        book.close()


def _chosen(sheets: list[Any], wanted: str | None, read: SheetRead, file: str) -> Any:
    """The sheet named, else the first visible one: an HR template's first
    sheet is often a hidden lookup table, and a person sees the staff."""
    names = [sheet.title for sheet in sheets]
    if wanted is not None:
        if wanted not in names:
            raise LoadError(
                f"no sheet {wanted!r}{did_you_mean(wanted, names)}; its sheets: "
                + ", ".join(names),
                file=file,
            )
        chosen = sheets[names.index(wanted)]
    else:
        visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
        chosen = visible[0] if visible else sheets[0]
        if chosen is not sheets[0]:
            hidden = ", ".join(repr(s.title) for s in sheets[: sheets.index(chosen)])
            read.notes.append(
                f"read sheet {chosen.title!r}, the first visible one (hidden: {hidden})"
            )
    read.name = chosen.title
    return chosen


# In a sheet's XML: a formula, or a merged range. Most sheets have neither,
# and are then not parsed a second time.
_MARKED = re.compile(rb"<(?:\w+:)?(?:f[\s>/]|mergeCell\b)")


def _marks(
    path: Path, part: str, read: SheetRead
) -> tuple[dict[int, list[tuple[int, str]]], list[str]]:
    """Formulas with no saved value (row -> (column, formula)), and merged
    ranges, from the sheet's XML: openpyxl's read-only sheets give neither."""
    import zipfile

    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse

    blank: dict[int, list[tuple[int, str]]] = {}
    merged: list[str] = []
    with zipfile.ZipFile(path) as archive:
        with archive.open(part) as source:
            carried = b""
            while chunk := source.read(1 << 20):
                if _MARKED.search(carried + chunk):
                    break
                carried = chunk[-32:]
            else:
                return blank, merged
        with archive.open(part) as source:
            for _, element in iterparse(source):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    formula = next((e for e in element if e.tag.endswith("}f")), None)
                    saved = next((e.text for e in element if e.tag.endswith("}v")), None)
                    if formula is not None and not saved and element.get("r"):
                        row, column = coordinate_to_tuple(element.get("r"))
                        text = f"={formula.text}" if formula.text else "(shared)"
                        blank.setdefault(row, []).append((column, text))
                    element.clear()
                elif tag == "row":
                    element.clear()
                elif tag == "mergeCell" and element.get("ref"):
                    merged.append(str(element.get("ref")))
    return blank, merged


class _Spans:
    """Merged ranges, read as a person reads them: the value down each row the
    range covers, in its first column (a range across columns is one cell)."""

    def __init__(self, refs: list[str], read: SheetRead) -> None:
        from openpyxl.utils.cell import range_boundaries

        self.read = read
        self.starting: dict[int, list[tuple[int, int, int, str]]] = {}
        for ref in refs:
            first_column, first_row, _last_column, last_row = range_boundaries(ref)
            if first_row is not None and last_row is not None and last_row > first_row:
                span = (first_column or 1, first_row, last_row, ref)
                self.starting.setdefault(first_row, []).append(span)
        self.open: list[tuple[int, int, str]] = []  # (column, last row, value)

    def fill(self, row: int, cells: list[str]) -> list[str]:
        self.open = [span for span in self.open if span[1] >= row]
        for column, _first, last, ref in self.starting.pop(row, []):
            value = cells[column - 1] if column <= len(cells) else ""
            if value.strip():
                self.open.append((column, last, value))
                self.read.findings.append(
                    Finding(
                        row,
                        last,
                        f"sheet {self.read.name!r} cells {ref} are merged: {clip(value)} is "
                        "read in each of their rows",
                        False,
                    )
                )
        for column, _last, value in self.open:
            if column > len(cells):
                cells += [""] * (column - len(cells))
            cells[column - 1] = value
        return cells


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
