"""Which column of a spreadsheet holds which field: HR systems' headers, the
mapping (`--map field=Header`), the row the header is on, and rows longer
than it. The row reader (tabular) and the columnar reader share these rules.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from orgchart.errors import LoadError
from orgchart.fields import POST_FIELDS
from orgchart.text import clip, did_you_mean

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


DELIMITERS = {",": "a comma", ";": "a semicolon", "\t": "a tab"}


def more_cells(number: int, cells: list[str], width: int, delimiter: str | None) -> str | None:
    """What to say of a row with text beyond the header's last column, or None
    (blank cells past it lose nothing). An error, not text dropped: in a CSV,
    which cell held the stray delimiter cannot be known, so none of the row's
    cells after it can be trusted either. `delimiter` None: a workbook's."""
    if len(cells) <= width or not any(cell.strip() for cell in cells[width:]):
        return None
    extra = (delimiter or ", ").join(cells[width:]).rstrip(delimiter or ", ")
    fix = (
        "give its column a header"
        if delimiter is None
        else f"put quotes around a cell that holds {DELIMITERS.get(delimiter, delimiter)}"
    )
    return (
        f"row {number} has {len(cells)} cells, the header {width}: {clip(extra)} is in "
        f"no column; {fix}"
    )


# Title rows above the header ("Housing staff list", "As at 1 April") are
# passed over: the header is looked for in this many first rows.
HEADER_SEARCH = 20

Numbered = Iterator[tuple[int, list[str]]]


class Header(NamedTuple):
    cells: list[str]  # stripped
    row: int  # as a spreadsheet counts, the first row being 1
    titles: int  # rows above it that are not blank: titles, not posts
    body: Numbered  # the rows after it, numbered


def _names(cells: list[str], name: str, mapping: dict[str, str]) -> bool:
    """Whether a row has a header for `name`: the mapped one, or a known name."""
    if name in mapping:
        return mapping[name] in (cell.strip() for cell in cells)
    known = {_norm(name), *ALIASES.get(name, ())}
    return any(_norm(cell) in known for cell in cells)


def is_header(cells: list[str], mapping: dict[str, str]) -> bool:
    """Whether a row is a header: it has a column for both id and title."""
    return _names(cells, "id", mapping) and _names(cells, "title", mapping)


def _filled(cells: list[str]) -> bool:
    return any(cell.strip() for cell in cells)


def find_header(
    rows: Iterable[list[str]], mapping: dict[str, str], row: int | None, file: str
) -> Header:
    """The header row: row `row` when given; else the first of the first rows
    with a column for both id and title; else (for the message that names the
    columns) the first row that is not blank."""
    numbered: Numbered = enumerate(rows, start=1)
    looked: list[tuple[int, list[str]]] = []
    if row is not None:
        for number, cells in numbered:
            if number == row:
                if not _filled(cells):
                    raise LoadError(f"--header-row {row}: row {row} is blank", file=file)
                titles = sum(_filled(c) for _, c in looked)
                return Header([cell.strip() for cell in cells], number, titles, numbered)
            looked.append((number, cells))
        raise LoadError(f"--header-row {row}: the file has {len(looked)} rows", file=file)
    for number, cells in itertools.islice(numbered, HEADER_SEARCH):
        if is_header(cells, mapping):
            titles = sum(_filled(c) for _, c in looked)
            return Header([cell.strip() for cell in cells], number, titles, numbered)
        looked.append((number, cells))
    for at, (number, cells) in enumerate(looked):
        if _filled(cells):
            body = itertools.chain(looked[at + 1 :], numbered)
            return Header([cell.strip() for cell in cells], number, 0, body)
    raise LoadError("the file has no header row and no posts", file=file)


# What each field holds, in a person's words, and the words of a header that
# suggest it, in the order they are tried: a manager's post number is a
# manager before it is a number.
GUESSES: tuple[tuple[str, str, frozenset[str], frozenset[str]], ...] = tuple(
    (name, meaning, frozenset(words.split()), frozenset(also.split()))
    for name, meaning, words, also in (
        ("reports_to", "the line manager's post id", "manager reports supervisor parent", ""),
        ("dotted_to", "dotted-line managers' post ids", "dotted matrix secondary", ""),
        ("pay_min", "the pay band's floor", "salary pay payscale band", "min minimum floor"),
        ("pay_max", "the pay band's ceiling", "salary pay payscale band", "max maximum ceiling"),
        ("cost", "the annual cost", "salary cost costs pay budget spend", ""),
        ("fte", "the full-time equivalent", "fte wte hours fulltime", ""),
        ("count", "the number of posts", "headcount count", ""),
        ("grade", "the grade", "grade band scale level spine", ""),
        ("status", "the post's status", "status vacancy vacant", ""),
        ("start_date", "the start date", "start began", ""),
        ("end_date", "the end date", "end expiry until", ""),
        ("unit", "the team or service", "department team service unit division section", ""),
        ("holder", "the post holder's name", "name employee holder incumbent surname", ""),
        ("notes", "notes", "note notes comment comments remarks", ""),
        ("funding", "funding sources and shares", "funding funder grant fund", ""),
        ("assistant", "whether the post is an assistant", "assistant pa", ""),
        ("title", "the job title", "title role job", ""),
        ("id", "each post's id", "id number no ref reference code", "post position"),
    )
)


def _guess(header: str, read: set[str]) -> tuple[str, str] | None:
    """The field a header's words suggest, of those not read yet, with its meaning."""
    words = set(re.findall(r"[a-z]+", header.lower()))
    for name, meaning, any_of, with_one_of in GUESSES:
        if name in read or not words & any_of:
            continue
        if with_one_of and not words & with_one_of:
            continue
        return name, meaning
    return None


def unread(header: list[str], columns: dict[str, int], posts: int) -> list[str]:
    """What to say of the columns no field was read from, each with the --map
    that would read it; and of a file from which no manager or cost was read."""
    import shlex

    read = set(columns)
    used = set(columns.values())
    messages = []
    strangers = []
    for index, name in enumerate(header):
        if index in used or not name:
            continue
        guess = _guess(name, read)
        if guess is None:
            strangers.append(name)
            continue
        field, meaning = guess
        messages.append(
            f"column {name!r} is not read: --map {field}={shlex.quote(name)} reads it as {meaning}"
        )
    if strangers:
        messages.append(
            f"{len(strangers)} column(s) not read, matching no field: "
            + ", ".join(repr(name) for name in strangers)
            + "; --map FIELD=HEADER reads one as a field"
        )
    if "reports_to" not in read and posts > 1:
        messages.append(
            "no column is read as the line manager's post (reports_to): every post is a top post"
        )
    if "cost" not in read and not {"pay_min", "pay_max"} <= read:
        messages.append(
            "no column is read as a cost (cost, or pay_min and pay_max): the posts have no cost"
        )
    return messages
