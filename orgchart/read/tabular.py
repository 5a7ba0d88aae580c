"""HR exports: CSV, Excel and Parquet with one row per post.

Columns named like the structure file's keys load with no options; common HR
headers are recognised; a mapping (`field=Header`) names any other. Problems are
located by row (as a spreadsheet counts, the header being row 1) and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orgchart.errors import Issue, LoadError
from orgchart.fields import POST_FIELDS
from orgchart.read.source import ZIP_MAGIC, Parsed, ReadOptions, input_limit, read_text, too_large
from orgchart.text import clip, did_you_mean, unescape_cell

# Headers as HR systems write them, normalised (lower case, letters and digits only).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "positionid",
        "postid",
        "postnumber",
        "positionnumber",
        "postno",
        "positionno",
        "postref",
        "postreference",
        "postuniquereference",
        "position",
        "positioncode",
    ),
    "title": ("jobtitle", "positiontitle", "posttitle", "role", "jobname", "job"),
    "grade": ("paygrade", "band", "payband", "gradeorequivalent"),
    "fte": ("fulltimeequivalent", "ftes", "contractedfte"),
    "count": ("headcount", "numberofposts", "posts"),
    "reports_to": (
        "reportsto",
        "managerposition",
        "managerpositionid",
        "managerpost",
        "reportstoposition",
        "reportstopositionid",
        "reportstopost",
        "linemanagerpost",
        "parentposition",
        "parentpositionid",
        "reportstoseniorpost",
        "managerpostid",
    ),
    "dotted_to": ("dottedline", "dottedlineto", "matrixmanager", "secondarymanager"),
    "unit": (
        "department",
        "team",
        "service",
        "orgunit",
        "organisationalunit",
        "organizationalunit",
        "division",
        "section",
    ),
    "cost": ("annualcost", "postcost", "budget", "salarycost"),
    "holder": ("name", "employeename", "postholder", "incumbent", "employee", "staffname"),
    "status": ("poststatus", "positionstatus", "vacancystatus"),
    "funding": ("fundingsource", "funder"),
    "start_date": ("startdate", "fromdate"),
    "end_date": ("enddate", "todate", "fixedtermend", "contractend"),
    "pay_min": ("payfloor", "salarymin", "payscaleminimum", "minimumpay", "salaryfrom"),
    "pay_max": ("payceiling", "salarymax", "payscalemaximum", "maximumpay", "salaryto"),
}
TRUE = {"true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0", ""}
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
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


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def match_columns(
    headers: list[str], mapping: dict[str, str], file: str, redact: bool = False
) -> dict[str, int]:
    """field -> column index. Raises LoadError for a mapping naming an unknown field or header.

    With `redact`, messages do not quote the header row: in a file with no
    header, that row is a post, and may hold a name.
    """
    by_norm: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_norm.setdefault(_norm(header), index)
    found: dict[str, int] = {}
    for name, header in mapping.items():
        if name not in POST_FIELDS:
            raise LoadError(
                f"mapping {name}=...: {name!r} is not a field{did_you_mean(name, POST_FIELDS)}",
                file=file,
            )
        if header not in headers:
            hint = "" if redact else did_you_mean(header, headers)
            raise LoadError(
                f"mapping {name}={header}: no column {header!r}{hint}",
                file=file,
            )
        found[name] = headers.index(header)
    for name in POST_FIELDS:
        if name in found:
            continue
        for key in (_norm(name), *ALIASES.get(name, ())):
            if key in by_norm and by_norm[key] not in found.values():
                found[name] = by_norm[key]
                break
    for required in ("id", "title"):
        if required not in found:
            shown = (
                f"{len(headers)} columns, not shown while names are withheld"
                if redact
                else (", ".join(h for h in headers if h))
            )
            raise LoadError(
                f"no column for {required!r}: map one to it, {required}=Header (columns: {shown})",
                file=file,
            )
    return found


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
        uk = UK_DATE.match(text)
        if uk:
            day, month, year = (int(g) for g in uk.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return text
        return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$", text) else text
    if name == "status":
        return text.lower().replace(" ", "_").replace("-", "_")
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


def _csv_rows(path: Path) -> tuple[str, Iterator[list[str]]]:
    """The CSV's delimiter, and its rows."""
    text = read_text(path)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.get_dialect("excel-tab" if path.suffix.lower() == ".tsv" else "excel")
    delimiter = str(dialect.delimiter)
    return delimiter, _rows(path, text, dialect)


def _rows(path: Path, text: str, dialect: Any) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from reader
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from exc


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


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
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

    if fmt == "xlsx":
        delimiter, rows = ",", _xlsx_rows(path)
    elif fmt == "parquet":
        delimiter, rows = ",", _parquet_rows(path)
    else:
        delimiter, rows = _csv_rows(path)
    iterator = iter(rows)
    header: list[str] | None = None
    header_row = 0
    for row in iterator:
        header_row += 1
        if any(cell.strip() for cell in row):
            header = [cell.strip() for cell in row]
            break
    if header is None:
        raise LoadError("the file has no header row and no posts", file=str(path))
    columns = match_columns(header, options.columns, str(path), options.redact)
    labels = {name: header[index] for name, index in columns.items()}
    posts: list[dict[str, Any]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    for number, row in enumerate(iterator, start=header_row + 1):
        if not any(cell.strip() for cell in row):
            continue
        post = {}
        for name, index in columns.items():
            value = _value(name, row[index] if index < len(row) else "")
            if value is not None:
                post[name] = value
        lines[("posts", len(posts))] = number
        posts.append(post)
    if not posts:
        raise LoadError(f"no data rows: only a header, on row {header_row}", file=str(path))
    rows_of = [lines[("posts", index)] for index in range(len(posts))]
    _read_numbers(posts, rows_of, labels, delimiter == ";", str(path))
    data = {"name": path.stem, "posts": posts}
    structure, issues, post_lines = structure_from_data(data, lines, str(path))
    return Parsed(str(path), structure, [_with_column(i, labels) for i in issues], post_lines)


def _with_column(issue: Issue, labels: dict[str, str]) -> Issue:
    """Name the spreadsheet's column where a message names a field."""
    message = issue.message
    for name, header in labels.items():
        message = message.replace(f": {name}: ", f": column {header!r}: ", 1)
        message = message.replace(f"missing required key {name!r}", f"column {header!r} is empty")
    return Issue(issue.file, issue.line, issue.severity, message, issue.post)
