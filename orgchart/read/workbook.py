"""Excel workbooks (.xlsx), a sheet read as rows of text, within the size limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orgchart.errors import LoadError
from orgchart.read.source import ZIP_MAGIC, input_limit, too_large

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


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

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
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in row]
            row_number += 1
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise LoadError(f"cannot read the sheet: {exc}", file=str(path), line=row_number) from exc
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
