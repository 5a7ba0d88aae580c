"""Any file, through the whole command line: exit 0 or 1, never an internal error.

Hypothesis writes arbitrary bytes, and arbitrary YAML, JSON, HR CSV and
organogram CSV documents shaped enough like structures to get past the first
checks; every command that reads a file must then answer with a message
(exit 1) or a result (exit 0), never a traceback (exit 3).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgchart.cli import app
from orgchart.fields import POST_FIELDS
from orgchart.text import NOT_XML

runner = CliRunner()
RELEASE = ["publish", "--as", "organogram", "-o", "{out}-release"]
COMMANDS = (
    ["validate"],
    ["span", "-f", "json"],
    ["cost", "--by", "grade"],
    ["layers"],
    ["forecast", "--from", "2024/25", "-f", "csv"],
    ["render", "-f", "dot", "-o", "{out}"],
    ["publish", "--as", "transparency", "-o", "-"],
    [*RELEASE, "--date", "2026-03-31", "--senior-grades", "PO1,PO2"],
)
# Enough to run every path in CI's time; FUZZ_EXAMPLES=1000 searches harder.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.dates()
    | st.sampled_from(["A", "B", "C", "1", "0", "-1", "0,5", "1.000", "N/D", "2024-04-01"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
ids = st.sampled_from(["A", "B", "C", "D", "a", "1", ""])
post = st.fixed_dictionaries(
    {"id": ids | scalars, "title": st.text(max_size=10)},
    optional={
        **{field: values for field in POST_FIELDS if field not in ("id", "title")},
        "reports_to": ids | scalars,
        "unknown": values,
    },
)
structure = st.fixed_dictionaries(
    {"posts": st.lists(post, max_size=6) | values},
    optional={
        "name": scalars,
        "grades": st.dictionaries(st.text(max_size=4), values, max_size=3) | values,
        "funding_sources": values,
        "span_bands": values,
        "year_start": values,
        "other": values,
    },
)


@st.composite
def plausible(draw: st.DrawFn) -> dict[str, object]:
    """A structure that mostly passes its checks, so that measuring and
    drawing meet what the loaders let through, not only the refusals."""
    count = draw(st.integers(1, 8))
    posts = []
    for index in range(count):
        post: dict[str, object] = {
            "id": f"P{index}",
            "title": draw(st.text(min_size=1, max_size=8)),
        }
        if index:
            post["reports_to"] = f"P{draw(st.integers(0, index - 1))}"
        for field, strategy in {
            "fte": st.floats(0, 1) | st.sampled_from([0, 0.5, 1]),
            "cost": st.integers(0, 10**7) | st.floats(0, 1e7),
            "grade": st.sampled_from(["PO1", "PO2", "", "x"]),
            "count": st.integers(1, 5),
            "unit": st.text(max_size=6),
            "status": st.sampled_from(["filled", "vacant", "acting", "fixed_term"]),
            "holder": st.text(max_size=8),
            "funding": st.dictionaries(st.sampled_from(["CORE", "G"]), st.floats(0, 1), max_size=2),
            "end_date": st.dates().map(str),
            "assistant": st.booleans(),
        }.items():
            if draw(st.booleans()):
                post[field] = draw(strategy)
        posts.append(post)
    return {
        "name": draw(st.text(min_size=1, max_size=10)),
        "grades": {"PO1": 32000, "PO2": draw(st.integers(0, 10**6))},
        "funding_sources": {
            "CORE": "Core budget",
            "G": {"name": "Grant", "start": "2024-04-01", "end": "2026-03-31"},
        },
        "posts": posts,
    }


cells = st.text(max_size=10) | st.sampled_from(["A", "B", "1", "0,5", "1.000", "=1+1", "N/D"])


def run_all(name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        out = str(Path(folder) / "chart.dot")
        for command in COMMANDS:
            result = runner.invoke(app, [*(c.format(out=out) for c in command), str(path)])
            assert result.exit_code in (0, 1), (command, result.output, result.exception)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
            if result.exit_code != 0:
                break  # the other commands refuse the same file the same way


@FUZZ
@given(st.sampled_from([".yaml", ".json", ".csv", ".tsv", ".xlsx"]), st.binary(max_size=300))
def test_any_bytes(suffix, content):
    run_all("fuzz" + suffix, content)


@FUZZ
@given(structure | plausible())
def test_any_yaml_document(data):
    run_all("fuzz.yaml", yaml.safe_dump(data, allow_unicode=True).encode())


@FUZZ
@given(structure | plausible())
def test_any_json_document(data):
    text = json.dumps(data, default=str, allow_nan=True)
    run_all("fuzz.json", text.encode())


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


@FUZZ
@given(
    st.lists(
        st.sampled_from([*POST_FIELDS, "Position ID", "Manager Position", "x"]),
        min_size=1,
        max_size=8,
        unique=True,
    ),
    st.lists(st.lists(cells, max_size=9), max_size=6),
    st.sampled_from([",", ";", "\t"]),
)
def test_any_hr_csv(header, rows, delimiter):
    run_all("fuzz.csv", _csv([header, *rows], delimiter))


# What workbooks hold that a CSV cannot: formulas (with no saved value, as
# openpyxl writes them), numbers and dates as such, and blanks.
workbook_cells = (
    cells.map(lambda text: NOT_XML.sub("", text))  # openpyxl refuses them, as XML does
    | st.sampled_from(["=1/2", "=A1", "=SUM(C2:C4)", "=#REF!", "=1/0", "="])
    | st.integers(-5, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.dates()
    | st.none()
)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """Sheets, some hidden, of HR-like rows with formulas and merged ranges."""
    from openpyxl import Workbook

    book = Workbook()
    for index in range(draw(st.integers(1, 3))):
        sheet = book.active if index == 0 else book.create_sheet(f"S{index}")
        sheet.title = draw(st.sampled_from(["Staff", "Lookup", "Sheet", "Data"])) + str(index)
        sheet.sheet_state = draw(st.sampled_from(["visible", "hidden", "veryHidden"]))
        titles = draw(st.lists(st.sampled_from(["Staff list", "As at 1 April", ""]), max_size=2))
        for title in titles:
            sheet.append([title])
        header = draw(
            st.lists(
                st.sampled_from([*POST_FIELDS, "Position ID", "Manager Position", "x"]),
                min_size=1,
                max_size=7,
                unique=True,
            )
        )
        sheet.append(header)
        for _ in range(draw(st.integers(0, 5))):
            sheet.append(draw(st.lists(workbook_cells, max_size=8)))
        for _ in range(draw(st.integers(0, 2))):
            top, left = draw(st.integers(1, 8)), draw(st.integers(1, 6))
            bottom, right = top + draw(st.integers(0, 3)), left + draw(st.integers(0, 2))
            if (bottom, right) != (top, left):
                sheet.merge_cells(
                    start_row=top, start_column=left, end_row=bottom, end_column=right
                )
    if all(sheet.sheet_state != "visible" for sheet in book.worksheets):
        book.worksheets[0].sheet_state = "visible"  # Excel refuses a book with none shown
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(workbooks())
def test_any_workbook(content):
    run_all("fuzz.xlsx", content)


SENIOR = [
    "Post Unique Reference",
    "Name",
    "Grade (or equivalent)",
    "Job Title",
    "Unit",
    "Reports to Senior Post",
    "FTE",
    "Actual Pay Floor (£)",
    "Actual Pay Ceiling (£)",
]


@FUZZ
@given(
    st.lists(
        st.lists(
            cells | st.sampled_from(["XX", "0", "Eliminated", "Vacant", "SCS1"]),
            min_size=len(SENIOR),
            max_size=len(SENIOR),
        ),
        max_size=6,
    )
)
def test_any_organogram(rows):
    run_all("fuzz-senior.csv", _csv([SENIOR, *rows], ","))


CLA = Path(__file__).resolve().parent.parent.parent / "structures" / "cla-sdm-realignment-2020"
CLA_IDS = ["DIR", "HOS-EH", "SDM-KIN", "TM-KIN", "TMS", "SW-PF", "SDM-CLA-TEMP", "X"]
post_ids = st.sampled_from(CLA_IDS)
ids_or_lists = post_ids | st.lists(post_ids, max_size=3)
# Each verb with the keys it takes, mostly of the right types.
VERBS = {
    "delete": ({"delete": ids_or_lists}, {}),
    "move": ({"move": ids_or_lists, "to": post_ids}, {"unit": scalars}),
    "regrade": ({"regrade": ids_or_lists, "grade": st.sampled_from(["PO6", "SDM", "Z"])}, {}),
    "set": (
        {
            "set": ids_or_lists,
            "fields": st.dictionaries(st.sampled_from([*POST_FIELDS, "x"]), values, max_size=3),
        },
        {},
    ),
    "fund": (
        {"fund": ids_or_lists, "funding": st.dictionaries(st.sampled_from(["OAWY", "G"]), scalars)},
        {},
    ),
    "split": ({"split": post_ids, "count": st.integers(-1, 9), "id": post_ids}, {"to": post_ids}),
    "merge": ({"merge": ids_or_lists, "into": post_ids}, {}),
    "create": ({"create": st.lists(post, max_size=2) | post}, {}),
    "rename-unit": ({"rename-unit": st.fixed_dictionaries({"from": scalars, "to": scalars})}, {}),
    "renumber": ({"renumber": st.dictionaries(st.sampled_from(CLA_IDS), post_ids)}, {}),
}
DATED = {
    "effective": st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 1, 1)) | scalars,
    "note": st.text(max_size=8),
}
action = (
    st.sampled_from(sorted(VERBS)).flatmap(
        lambda verb: st.fixed_dictionaries(VERBS[verb][0], optional={**VERBS[verb][1], **DATED})
    )
    | values
)
proposal = st.fixed_dictionaries(
    {"proposal": st.text(min_size=1, max_size=10), "actions": st.lists(action, max_size=5)},
    optional={
        "effective": st.dates(),
        "structure": st.dictionaries(st.sampled_from(["name", "date", "grades", "x"]), values),
    },
) | st.fixed_dictionaries(
    {"actions": st.lists(action | values, max_size=3) | values},
    optional={"proposal": values, "effective": scalars, "other": values},
)


@FUZZ
@given(proposal, st.sampled_from(["fuzz.yaml", "fuzz.json"]))
def test_any_proposal(data, name):
    """A proposal of anything, applied, diffed and forecast: a message or a result."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if name.endswith(".json"):
            path.write_text(json.dumps(data, default=str, allow_nan=True), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        before = str(CLA / "before.yaml")
        for command in (
            ["apply", before, str(path), "-o", str(Path(folder) / "after.yaml")],
            ["diff", before, str(path)],
            ["forecast", before, "--proposal", str(path)],
        ):
            result = runner.invoke(app, command)
            assert result.exit_code in (0, 1, 2), (command, result.output, result.exception)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                result.exception,
            )
