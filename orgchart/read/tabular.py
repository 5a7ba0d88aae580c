"""HR exports: CSV, Excel and Parquet with one row per post.

Columns named like the structure file's keys load with no options; common HR
headers are recognised; a mapping (`field=Header`) names any other. Problems are
located by row (as a spreadsheet counts, the header being row 1) and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orgchart.errors import Issue, LoadError
from orgchart.fields import enum_word
from orgchart.read.headers import find_header, match_columns, more_cells, unread
from orgchart.read.source import Parsed, ReadOptions, input_limit, read_text, too_large
from orgchart.read.workbook import SheetRead, xlsx_rows
from orgchart.text import DAY_FIRST, NOT_XML, clip, day_first, unescape_cell

TRUE = {"true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0", ""}
NUMBER_FIELDS = ("fte", "cost", "pay_min", "pay_max")
NUMERAL = re.compile(r"^-?[\d.,]*\d[\d.,]*$")


def decimal_mark(cell: str) -> str | None:
    """',' or '.' when a figure can only be read one way (95.000,00 and 0,5 have a
    decimal comma; 95,000.00 and 0.5 a decimal point); None when it could be
    either (1.000, 1,000) or is no figure."""
    if not NUMERAL.match(cell):
        return None
    digits = cell.lstrip("-")
    if "," in digits and "." in digits:
        return "," if digits.rfind(",") > digits.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if digits.count(mark) > 1:
            return other  # 1.234.567 groups thousands with dots: the decimal mark is ','
        if mark in digits:
            whole, fraction = digits.split(mark)
            grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")
            return None if grouped else mark
    return None


def _value(name: str, text: str) -> Any:
    """A cell as the model expects it; left as text when it does not parse, for pydantic to name."""
    text = unescape_cell(text.strip())
    if text == "":
        return None
    if name in NUMBER_FIELDS:
        return text.replace("£", "").replace(" ", "")  # separators: see _read_numbers
    if name in ("assistant", "junior"):
        return True if text.lower() in TRUE else False if text.lower() in FALSE else text
    if name == "dotted_to":
        return [p.strip() for p in re.split(r"[;|]", text) if p.strip()]
    if name == "funding":
        shares: dict[str, Any] = {}
        for part in re.split(r"[;|]", text):
            source, _, share = part.partition("=")
            if source.strip():
                shares[source.strip()] = share.strip() or "1"
        return shares
    if name in ("start_date", "end_date"):
        if DAY_FIRST.match(text):
            return day_first(text) or text
        return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$", text) else text
    if name == "status":
        return enum_word(text)
    return text


def _read_numbers(
    posts: list[dict[str, Any]],
    rows: list[int],
    labels: dict[str, str],
    comma_by_default: bool,
    file: str,
) -> None:
    """Read each figure column with one decimal mark, the one its cells show.

    A column whose cells could be read either way (1.000) follows the file:
    a semicolon-separated file is taken to come from a decimal-comma locale.
    A column showing both marks is refused at the first cell that disagrees.
    """
    for name in NUMBER_FIELDS:
        comma_at = point_at = None
        for index, post in enumerate(posts):
            cell = post.get(name)
            if not isinstance(cell, str):
                continue
            mark = decimal_mark(cell)
            if comma_at is None and mark == ",":
                comma_at = index
            elif point_at is None and mark == ".":
                point_at = index
        if comma_at is not None and point_at is not None:
            first, second = sorted((comma_at, point_at))
            ref = str(posts[second].get("id", ""))
            raise LoadError(
                f"post {ref!r}: column {labels[name]!r}: {clip(posts[second][name])} and "
                f"{clip(posts[first][name])} (row {rows[first]}) use different decimal "
                "marks; use one in the whole column",
                file=file,
                line=rows[second],
                post=ref or None,
            )
        comma = comma_at is not None or (point_at is None and comma_by_default)
        for post in posts:
            cell = post.get(name)
            if isinstance(cell, str):
                post[name] = (
                    cell.replace(".", "").replace(",", ".") if comma else cell.replace(",", "")
                )


def _csv_rows(path: Path) -> tuple[str, Iterator[list[str]], bool]:
    """The CSV's delimiter, its rows, and whether a cell may hold a character XML cannot."""
    text = read_text(path)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.get_dialect("excel-tab" if path.suffix.lower() == ".tsv" else "excel")
    delimiter = str(dialect.delimiter)
    return delimiter, _rows(path, text, dialect), NOT_XML.search(text) is not None


def _rows(path: Path, text: str, dialect: Any) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from reader
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from exc


def _parquet_rows(path: Path) -> Iterator[list[str]]:
    """A Parquet file's column names, then its rows, each cell as text (as polars
    writes a number or date as text): a data warehouse's export read like a CSV."""
    import polars as pl

    try:
        if path.stat().st_size > input_limit():
            raise too_large(path, "the file")
        frame = pl.read_parquet(path).select(pl.all().cast(pl.String))
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from exc
    except (pl.exceptions.PolarsError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LoadError(f"cannot read as a Parquet file: {reason}", file=str(path)) from exc
    yield list(frame.columns)
    for row in frame.iter_rows():
        yield ["" if cell is None else cell for cell in row]


def read_table(path: Path, fmt: str, options: ReadOptions) -> Parsed:
    """An HR export, CSV, Excel or Parquet, row by row. Rows are numbered as a
    spreadsheet numbers them, the header being row 1."""
    # The model, and pydantic, only here: read.columnar uses this module's header rules.
    from orgchart.read.records import structure_from_data

    clean = True
    sheet = SheetRead()
    if fmt == "xlsx":
        delimiter, rows = ",", xlsx_rows(path, options.sheet, sheet)
    elif fmt == "parquet":
        delimiter, rows = ",", _parquet_rows(path)
    else:
        delimiter, rows, clean = _csv_rows(path)
    found = find_header(rows, options.columns, options.header_row, str(path))
    header = found.cells
    columns = match_columns(header, options.columns, str(path), options.redact)
    labels = {name: header[index] for name, index in columns.items()}
    posts: list[dict[str, Any]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    ragged: list[Issue] = []
    # Columns with no header: each one's first row with text, its text and how many rows.
    unnamed = {index: (0, "", 0) for index, name in enumerate(header) if not name}
    for number, row in found.body:
        if not any(cell.strip() for cell in row):
            continue
        for index, (first, text, count) in unnamed.items():
            if index < len(row) and row[index].strip():
                unnamed[index] = (first or number, text or row[index].strip(), count + 1)
        post = {}
        for name, index in columns.items():
            value = _value(name, row[index] if index < len(row) else "")
            if value is not None:
                post[name] = value
        stray = more_cells(number, row, len(header), delimiter if fmt == "csv" else None)
        if stray is not None:
            ref = post.get("id")
            post_id = ref if isinstance(ref, str) else None
            label = f"post {ref!r}: " if post_id else ""
            ragged.append(Issue(str(path), number, "error", label + stray, post_id))
        lines[("posts", len(posts))] = number
        posts.append(post)
    if not posts:
        raise LoadError(f"no data rows: only a header, on row {found.row}", file=str(path))
    rows_of = [lines[("posts", index)] for index in range(len(posts))]
    _read_numbers(posts, rows_of, labels, delimiter == ";", str(path))
    data = {"name": path.stem, "posts": posts}
    structure, checked, post_lines = structure_from_data(data, lines, str(path), clean=clean)
    issues = [
        Issue(str(path), found.row, "warning", message)
        for message in unread(header, columns, len(posts))
    ]
    issues += [
        Issue(
            str(path),
            first,
            "warning",
            f"column {index + 1} has no header but holds text on {count} row(s), such as "
            f"{clip(text)}: it is not read; give it a header",
        )
        for index, (first, text, count) in unnamed.items()
        if count
    ]
    issues += [*ragged, *_sheet_warnings(sheet, found.row, posts, lines, str(path))]
    issues += [_with_column(i, labels) for i in checked]
    notes = list(sheet.notes)
    if found.titles:
        notes.append(
            f"the header is row {found.row}: the {found.titles} row(s) above it are read as "
            "titles, not posts"
        )
    return Parsed(str(path), structure, issues, post_lines, notes)


def _sheet_warnings(
    sheet: SheetRead,
    header_row: int,
    posts: list[dict[str, Any]],
    lines: dict[tuple[str | int, ...], int],
    file: str,
) -> list[Issue]:
    """What reading a workbook's sheet found below its header, naming the post of a cell's row."""
    post_at = {
        row: posts[key[1]].get("id") for key, row in lines.items() if isinstance(key[1], int)
    }
    issues = []
    for first, last, message, of_post in sheet.findings:
        if last <= header_row:
            continue  # in the title rows, which are no posts
        post = post_at.get(first) if of_post else None
        label = f"post {post!r}: " if isinstance(post, str) else ""
        issues.append(Issue(file, first, "warning", label + message, post if label else None))
    return issues


def _with_column(issue: Issue, labels: dict[str, str]) -> Issue:
    """Name the spreadsheet's column where a message names a field."""
    message = issue.message
    for name, header in labels.items():
        message = message.replace(f": {name}: ", f": column {header!r}: ", 1)
        message = message.replace(f"missing required key {name!r}", f"column {header!r} is empty")
    return Issue(issue.file, issue.line, issue.severity, message, issue.post)
