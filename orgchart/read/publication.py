"""An organogram as published: the cells of its senior and junior rows that
the publishers' own checks read (github.com/datagovuk/organograms,
etl_to_csv.py), kept as written, apart from the structure orgchart reads
from them, for the organogram pack's rules.

No name is kept: a senior row's Name only says whether the row is
"Eliminated". With redaction, the names in the Name column are taken out
of every cell kept, as they are out of every message.
"""

from __future__ import annotations

import csv
import itertools
import re
import string
from dataclasses import dataclass
from pathlib import Path

from orgchart.read.organogram import HEADER_LIMIT
from orgchart.read.organogram_rows import JUNIOR_KEY, SENIOR_KEY, Reader, meaning, read_rows
from orgchart.read.redaction import Scrubber

# The senior sheet's columns in the publishers' template (load_senior's input_columns).
TEMPLATE = (
    SENIOR_KEY,
    "Name",
    "Grade (or equivalent)",
    "Job Title",
    "Job/Team Function",
    "Parent Department",
    "Organisation",
    "Unit",
    "Contact Phone",
    "Contact E-mail",
    "Reports to Senior Post",
    "Salary Cost of Reports (£)",
    "FTE",
    "Actual Pay Floor (£)",
    "Actual Pay Ceiling (£)",
    "Total Pay (£)",
    "Professional/Occupational Group",
    "Notes",
    "Valid?",
)
# What a job share's rows may differ in (JOB_SHARE_COLUMNS_THAT_CAN_BE_DIFFERENT):
# name, pay, contact details, notes and FTE. Total pay was blanked on export.
MAY_DIFFER = frozenset(
    {
        "Name",
        "Actual Pay Ceiling (£)",
        "Actual Pay Floor (£)",
        "Total Pay (£)",
        "Contact Phone",
        "Contact E-mail",
        "Notes",
        "FTE",
    }
)
SHARED = tuple(c for c in TEMPLATE if c not in MAY_DIFFER)
SENIOR_SHEET = "(final data) senior-staff"
JUNIOR_SHEET = "(final data) junior-staff"


@dataclass(frozen=True)
class SeniorRow:
    row: int
    ref: str
    reports_to: str
    grade: str
    title: str
    eliminated: bool
    shared: tuple[str, ...]  # the cells of SHARED, which a job share's rows must agree on


@dataclass(frozen=True)
class JuniorRow:
    row: int
    reports_to: str
    title: str


@dataclass(frozen=True)
class Publication:
    senior_file: str
    senior_header: tuple[str, ...]
    senior: tuple[SeniorRow, ...]
    junior_file: str | None
    junior_header: tuple[str, ...]
    junior: tuple[JuniorRow, ...]

    def cell(self, junior: bool, column: str, row: int) -> str:
        """A cell's name as a spreadsheet gives it (`D9`), by the column's place in the file."""
        header = self.junior_header if junior else self.senior_header
        at = header.index(column) if column in header else 0
        letters = ""
        at += 1
        while at:
            at, rest = divmod(at - 1, 26)
            letters = string.ascii_uppercase[rest] + letters
        return f"{letters}{row}"


def _header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        line = handle.readline(HEADER_LIMIT)
    return tuple(c.strip() for c in next(csv.reader([line]), []))


def read_publication(senior: Path, junior: Path | None, redact: bool = False) -> Publication:
    """The rows of an edition's senior CSV and (when there is one) its junior CSV.

    Raises LoadError as the organogram reader does for the same file."""
    # The structure's reader reports what reading the rows finds; here it is not said twice.
    rows = list(read_rows(senior, Reader(str(senior))))
    scrub = Scrubber(set())
    if redact:
        names = {data.get("Name", "") for _, data in rows}
        scrub = Scrubber({n for n in names if sum(c.isalpha() for c in n) >= 2})
    seniors = tuple(
        SeniorRow(
            row,
            scrub(data.get(SENIOR_KEY, "")),
            scrub(data.get("Reports to Senior Post", "")),
            scrub(data.get("Grade (or equivalent)", data.get("Grade", ""))),
            scrub(data.get("Job Title", "")),
            meaning(data.get("Name", "")) == "eliminated",
            tuple(scrub(data.get(c, "")) for c in SHARED),
        )
        for row, data in rows
    )
    juniors: tuple[JuniorRow, ...] = ()
    header: tuple[str, ...] = ()
    if junior is not None:
        juniors = tuple(
            JuniorRow(
                row, scrub(data.get(JUNIOR_KEY, "")), scrub(data.get("Generic Job Title", ""))
            )
            for row, data in read_rows(junior, Reader(str(junior)))
        )
        header = _header(junior)
    return Publication(
        str(senior),
        _header(senior),
        seniors,
        None if junior is None else str(junior),
        header,
        juniors,
    )


EDITION_NAME = re.compile(r"^(.+)-(\d{4}-\d{2}-\d{2})-(senior|junior)\.csv$", re.IGNORECASE)


def earlier_editions(paths: list[Path]) -> dict[Path, Path]:
    """For each organogram among `paths`, the latest edition before it of the
    same body among them (`body-2011-09-30-senior.csv` after `body-2011-03-31-...`)."""
    editions: dict[str, list[tuple[str, Path]]] = {}
    for path in paths:
        found = EDITION_NAME.match(path.name)
        if found:
            body = str(path.with_name(found.group(1)))
            editions.setdefault(body, []).append((found.group(2), path))
    earlier = {}
    for dated in editions.values():
        dated.sort()
        for (before, old), (after, new) in itertools.pairwise(dated):
            if before < after:
                earlier[new] = old
    return earlier
