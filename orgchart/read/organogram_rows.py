"""An organogram CSV's rows and cells as the publishers' own loader read them:
each row's cells stripped (references in Unicode's composed form), figures
that may be words, pay bands, a Name cell's meaning, and the issues found
on the way. organogram builds the edition's posts from them.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from orgchart.errors import Issue, LoadError, Severity
from orgchart.read.headers import more_cells
from orgchart.read.source import read_text
from orgchart.text import unescape_cell

SENIOR_KEY = "Post Unique Reference"
JUNIOR_KEY = "Reporting Senior Post"
UNDISCLOSED = {"", "N/D", "N/A", "NA", "ND", "-", "NOT DISCLOSED"}

# Quote marks publishers left around a word: 'Eliminated', Eliminated', "Vacant".
QUOTES = re.compile(r"[\"'`\u2018\u2019\u201c\u201d]")


def meaning(cell: str) -> str:
    """A Name cell as a person reads it, to compare with a word such as
    "eliminated": quote marks, case and spacing folded away."""
    return " ".join(QUOTES.sub(" ", cell).split()).casefold()


def number(text: str) -> float | None:
    """A figure from the data: None when not disclosed; raises ValueError when not a number."""
    clean = text.strip().replace(",", "").replace("£", "")
    if clean.upper() in UNDISCLOSED:
        return None
    value = float(clean)
    if not math.isfinite(value):
        # "INF", "nan", 1e309: words or overflow, no figure.
        raise ValueError(clean)
    return value


# The columns that hold references: read in Unicode's composed form, as the model reads ids.
REFERENCES = (SENIOR_KEY, "Reports to Senior Post", JUNIOR_KEY)


def read_rows(path: Path, problems: Reader) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet counts, row) with every value stripped, and a
    cell escaped against formulas read as it was; a row with text beyond the
    header's last column is an error in `problems`."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        for index, row in enumerate(reader, start=2):
            # A cell escaped against formulas (as orgchart writes CSV) is read as it was.
            data = {
                (k or "").strip(): unescape_cell((v or "").strip())
                for k, v in row.items()
                if k is not None
            }
            if None in row:
                cells = [*(v or "" for k, v in row.items() if k is not None), *row[None]]
                width = len(cells) - len(row[None])
                stray = more_cells(index, cells, width, ",")
                if stray is not None:
                    ref = data.get(SENIOR_KEY) or None
                    problems.issue("error", index, f"post {ref!r}: {stray}" if ref else stray, ref)
            for column in REFERENCES:
                if not data.get(column, "").isascii():
                    data[column] = unicodedata.normalize("NFC", data[column])
            yield index, data
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from exc


@dataclass
class Reader:
    file: str
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organisation: str | None = None
    # (column, value) -> rows: words where a pay figure belongs, one warning each
    words: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def issue(
        self, severity: Severity, row: int | None, message: str, post: str | None = None
    ) -> None:
        self.issues.append(Issue(self.file, row, severity, message, post))

    def figure(self, row: int, data: dict[str, str], column: str, post: str) -> float | None:
        """A number, or None when not disclosed; an error when it is neither."""
        try:
            return number(data.get(column, ""))
        except ValueError:
            self.issue(
                "error",
                row,
                f"post {post!r}: column {column!r}: {data.get(column)!r} is not a number",
                post,
            )
            return None

    def lenient(self, row: int, data: dict[str, str], column: str, post: str) -> float | None:
        """A figure the publishers accepted whatever it held: not a number is not disclosed."""
        try:
            return number(data.get(column, ""))
        except ValueError:
            self.words.setdefault((column, data.get(column, "")), []).append(row)
            return None

    def word_warnings(self) -> None:
        for (column, value), rows in sorted(self.words.items()):
            self.issue(
                "warning",
                rows[0],
                f"column {column!r} holds {value!r}, not a number, on {len(rows)} row(s): "
                "read as not disclosed",
            )


def pay_band(
    reader: Reader, row: int, data: dict[str, str], low: str, high: str, post: str
) -> dict[str, float]:
    floor, ceiling = reader.lenient(row, data, low, post), reader.lenient(row, data, high, post)
    if floor is None or ceiling is None or (floor == 0 and ceiling == 0):
        return {}
    if ceiling < floor:
        reader.issue(
            "warning",
            row,
            f"post {post!r}: pay band given as {floor:g} to {ceiling:g}; "
            "read as the other way round",
            post,
        )
        floor, ceiling = ceiling, floor
    return {"pay_min": floor, "pay_max": ceiling}
