"""Read a plain HR export, CSV or Parquet, straight into columns (orgchart.table).

The fast way in for a file of a million rows. It follows tabular.read_table's
rules (the same header matching and cell trimming), and gives
up, returning None, wherever those rules do more than a column operation can
be sure of: another delimiter than comma or tab, currency signs, thousands
separators or decimal commas, lists (funding, dotted lines), dates, ids that
are not printable ASCII, blank rows, rows longer than the header, cells starting with a quote (which
may be escaped formulas), and any cell the row reader would refuse. The
caller then reads the file row by row, which gives the same structure and
the exact message for every problem.
"""

from __future__ import annotations

import csv
import io
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np
import polars as pl

from orgchart.errors import Issue
from orgchart.fields import TOLERANCE, Status
from orgchart.filetypes import COLUMNAR, READ, suffix_of
from orgchart.read.headers import is_header, match_columns, unread
from orgchart.read.source import ZIP_MAGIC, ReadOptions, input_limit
from orgchart.read.tabular import FALSE, TRUE
from orgchart.table import SCHEMA, Table

FIGURES = ("fte", "cost", "pay_min", "pay_max")
# Fields the row reader parses into lists or dates: a file using them reads row by row.
# So does one marking junior staff (a converted organogram's): spans leave them out,
# which the columns do not know to do, and such files are small.
PARSED = ("dotted_to", "funding", "start_date", "end_date", "junior")
# A figure as a column reads it, and as Python and pydantic read it too: no
# sign, no separators, no exponent, no leading zero, not beyond float's digits.
PLAIN_FIGURE = r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?$"
PLAIN_COUNT = r"^[1-9][0-9]{0,8}$"
# Printable ASCII, not starting ' (see AWKWARD).
PLAIN_ID = r"^[\x20-\x26\x28-\x7e][\x20-\x7e]*$"
# Bytes read at a time by the checks on a CSV's bytes, and looked at by the sniffer.
CHUNK = 1 << 20
SAMPLE = 4096
# Text the row reader reads otherwise: characters str.strip() and polars'
# strip_chars() treat differently, tabs and carriage returns, a cell starting
# ', which may be one `convert` escaped ('=1 for =1) and is unescaped, and
# U+FFFE and U+FFFF, which the row reader removes with a warning (XML cannot
# hold them; nor the other controls).
AWKWARD = r"^'|[\x00-\x09\x0b-\x1f\x7f\x{FFFE}\x{FFFF}]"
STATUSES = [s.value for s in Status]


def read_columns(path: Path, options: ReadOptions) -> Table | None:
    """The posts of `path` as a Table, or None when it must be read row by row.

    Raises LoadError where the row reader would for the same header (a
    mapping that names no column, no id or title column)."""
    if options.junior is not None or options.skip_invalid or options.sheet is not None:
        return None  # the row reader's, which says what --sheet is for
    kind = READ.get(suffix_of(path))
    if kind not in COLUMNAR:
        return None
    try:
        chosen = _csv(path, options) if kind == "csv" else _parquet(path, options)
        table = None if chosen is None else _typed(chosen.cells, str(path), path.stem)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None
    if chosen is None or table is None:
        return None
    said = unread(chosen.header, chosen.columns, len(table))
    return replace(table, read=tuple(Issue(str(path), 1, "warning", m) for m in said))


class _Chosen(NamedTuple):
    cells: pl.LazyFrame
    header: list[str]
    columns: dict[str, int]  # field -> column, for every field read (a holder's too)


def _fields(header: list[str], options: ReadOptions, path: Path) -> dict[str, int] | None:
    """field -> column, as the row reader matches them (a holder's too: --redact
    leaves it out of the cells); None for a header it reads otherwise."""
    header = [name.strip() for name in header]
    if len(set(header)) != len(header) or "" in header:
        return None  # a column with no header: the row reader names any text in it
    # A header below title rows, or one the row reader will refuse, is the row reader's.
    if options.header_row not in (None, 1) or not is_header(header, options.columns):
        return None
    return match_columns(header, options.columns, str(path), options.redact)


def _reading(columns: dict[str, int], options: ReadOptions) -> dict[str, int]:
    return {f: i for f, i in columns.items() if not (options.redact and f == "holder")}


def _csv(path: Path, options: ReadOptions) -> _Chosen | None:
    """The cells of the columns the structure uses, or None for a file whose
    CSV dialect or bytes need the row reader."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode) or not 0 < info.st_size <= input_limit():
        return None
    with path.open("rb") as handle:
        sample_bytes = handle.read(SAMPLE)
        handle.seek(0)
        quoted = _plain_bytes(handle)
    if quoted is None:
        return None
    sample = sample_bytes.decode("utf-8", errors="ignore").removeprefix("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.get_dialect("excel-tab" if path.suffix.lower() == ".tsv" else "excel")
    # A semicolon file is read with decimal commas; quotes the sniffer saw no
    # doubling of are read by csv's own rules: both are left to the row reader.
    if dialect.delimiter not in (",", "\t") or dialect.skipinitialspace:
        return None
    if quoted and not (dialect.doublequote and dialect.quotechar == '"'):
        return None
    header = [c.strip() for c in next(csv.reader(io.StringIO(sample), dialect), [])]
    columns = _fields(header, options, path)
    if columns is None:
        return None
    # polars refuses bytes that are not UTF-8 (PolarsError), and drops a BOM.
    raw = pl.scan_csv(
        path,
        separator=dialect.delimiter,
        has_header=True,
        infer_schema=False,
        truncate_ragged_lines=False,  # a longer row: the row reader names its lost text
        raise_if_empty=False,
    )
    names = raw.collect_schema().names()
    if [c.strip() for c in names] != header:
        return None
    cells = _cells(raw, {field: names[i] for field, i in _reading(columns, options).items()})
    return _Chosen(cells, header, columns)


def _plain_bytes(handle: BinaryIO) -> bool | None:
    """Whether the file has a double quote; None when its bytes need the row
    reader: a zip, a lone CR, a blank row, or a line longer than Python's csv
    takes as a field (csv refuses it, with its row: so must we).

    Read a chunk at a time: a file of a million rows is looked through, not held."""
    limit = csv.field_size_limit()
    quoted = False
    # Each chunk is looked at from the end of the last whole line before it
    # (its newline included, so a blank row across two chunks is seen).
    carried = b""
    first = True
    while chunk := handle.read(CHUNK):
        if first and chunk.startswith((ZIP_MAGIC, b"\n", b"\r\n")):
            return None
        first = False
        data = carried + chunk
        end = data.rfind(b"\n")
        if end <= 0:
            if len(data) > limit:
                return None
            carried = data
            continue
        whole, carried = data[: end + 1], data[end:]
        if not _plain_lines(whole, limit):
            return None
        quoted = quoted or b'"' in whole
    if first or not _plain_lines(carried, limit):
        return None
    return quoted or b'"' in carried


def _plain_lines(data: bytes, limit: int) -> bool:
    """No blank row, no lone CR, no line longer than `limit`: one numpy pass
    over the newlines (a regex or `in` tries every newline, three times slower)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(codes == ord("\n"))
    gaps = np.diff(ends, prepend=-1, append=len(data))
    if int(gaps.max()) > limit:
        return False
    if b"\r" not in data:
        return not (gaps[1:-1] == 1).any()
    returns = np.flatnonzero(codes == ord("\r"))
    if returns[-1] + 1 == len(codes) or (codes[returns + 1] != ord("\n")).any():
        return False  # a lone CR
    # A line of nothing but its ending: "\n\n", or "\n\r\n".
    blank = (gaps[1:-1] == 1) | ((gaps[1:-1] == 2) & (codes[ends[1:] - 1] == ord("\r")))
    return not blank.any()


def _parquet(path: Path, options: ReadOptions) -> _Chosen | None:
    """The cells of a Parquet file, each as text, as the row reader takes them."""
    names = list(pl.read_parquet_schema(path))
    columns = _fields(names, options, path)
    if columns is None:
        return None
    raw = pl.scan_parquet(path).select(pl.all().cast(pl.String))
    cells = _cells(raw, {field: names[i] for field, i in _reading(columns, options).items()})
    return _Chosen(cells, [name.strip() for name in names], columns)


def _cells(raw: pl.LazyFrame, names: dict[str, str]) -> pl.LazyFrame:
    """Each field's cells, with the row each post is on (the header being row 1)."""
    return raw.select(
        pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias("row"),
        *(_cell(name).alias(field) for field, name in names.items()),
    )


def _cell(name: str) -> pl.Expr:
    """A cell as the row reader takes it: trimmed, and missing when empty.

    (`replace` rather than when/then: that trims each cell twice, 2.5 times slower.)"""
    return pl.col(name).str.strip_chars().replace("", None)


def _typed(cells: pl.LazyFrame, file: str, name: str) -> Table | None:
    """The table, typed as orgchart.table.SCHEMA; None where a cell is not plain.

    One streaming pass: the file's text is never held whole."""
    fields = set(cells.collect_schema().names()) - {"row"}
    cells = cells.with_columns(
        pl.lit(None, dtype=pl.String).alias(f)
        for f in (*SCHEMA, *PARSED)
        if f not in fields | {"row"}
    )
    status = pl.col("status").str.to_lowercase().str.replace_all(r"[ \-]", "_")
    assistant = pl.col("assistant").str.to_lowercase()
    fte, count = pl.col("fte").cast(pl.Float64), pl.col("count").cast(pl.Int64).fill_null(1)
    plain = [pl.col("id").is_not_null(), pl.col("title").is_not_null()]
    plain += [pl.col(f).is_null() for f in PARSED]
    # Ids, figures, statuses and yes/no cells are held to stricter patterns than AWKWARD.
    texts = fields - {"id", "reports_to", "count", "status", "assistant", *FIGURES}
    plain += [~pl.col(f).str.contains(AWKWARD).fill_null(False) for f in texts]
    plain += [pl.col(f).str.contains(PLAIN_ID).fill_null(True) for f in ("id", "reports_to")]
    plain += [pl.col(f).str.contains(PLAIN_FIGURE).fill_null(True) for f in FIGURES]
    plain.append(pl.col("count").str.contains(PLAIN_COUNT).fill_null(True))
    plain.append(status.is_in(STATUSES).fill_null(True))
    plain.append(assistant.is_in([*TRUE, *FALSE]).fill_null(True))
    # What the model refuses of a single post.
    plain.append(((fte > 0) & (fte <= count + TOLERANCE)).fill_null(True))
    plain.append(
        (pl.col("pay_max").cast(pl.Float64) >= pl.col("pay_min").cast(pl.Float64)).fill_null(True)
    )
    frame = cells.select(
        pl.col("row"),
        *(pl.col(f) for f in ("id", "title", "grade")),
        fte.alias("fte"),
        count.alias("count"),
        *(pl.col(f) for f in ("reports_to", "unit")),
        status.fill_null(Status.FILLED.value).alias("status"),
        *(pl.col(f).cast(pl.Float64) for f in ("cost", "pay_min", "pay_max")),
        assistant.is_in(list(TRUE)).fill_null(False).alias("assistant"),
        *(pl.col(f) for f in ("holder", "notes")),
        pl.all_horizontal(plain).alias("plain"),
    ).collect(engine="streaming")
    if frame.height == 0 or not frame.get_column("plain").all():
        return None
    return Table(file, name, frame.drop("plain"))
