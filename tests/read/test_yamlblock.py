"""The line reader (read.yamlblock) gives what PyYAML's events give, or gives way.

Whatever text it reads, the document and every line must be those of
yamlfile.read_events; texts it does not read exactly, it leaves to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgchart.errors import LoadError
from orgchart.present.writers import to_yaml
from orgchart.read import parse, yamlblock
from orgchart.read.yamlblock import read_block
from orgchart.read.yamlfile import PlainScalars, read_events

from ..conftest import ROOT

# Scalars as people type them, and as YAML may read them otherwise than as text.
SCALARS = [
    "Head of Service",
    "P0",
    "PO6",
    "1",
    "1.0",
    "-1",
    "0.5",
    ".5",
    "1e3",
    "0x1F",
    "1_000",
    "10:30",
    "2020-06-12",
    "2020-13-45",
    "yes",
    "No",
    "on",
    "~",
    "null",
    "true",
    "a #b",
    "a#b",
    "C#",
    "x: y",
    "x:",
    "x:y",
    "'it''s'",
    "'a' b",
    '"dq"',
    '"a \\" b"',
    '"a, b"',
    "[A, B]",
    "[]",
    "{}",
    "{A: 0.5, B: 'x, y'}",
    "{A: [B]}",
    "[A, ]",
    "{a: }",
    "&anchor x",
    "*alias",
    "!!str 5",
    "!x y",
    "=",
    "<<",
    "%x",
    "@x",
    "`x",
    "- x",
    "-x",
    "? x",
    "é",
    "\u00a0x",
    "x ",
    "|",
    ">-",
    "|+",
    ">2",
    "| # c",
    "Team, Children",
]
# Mostly scalars a structure file holds, so that most documents are read.
COMMON = st.sampled_from([*SCALARS[:22], "'it''s'", '"a, b"', "Team, Children", "[A, B]"])
VALUES = st.one_of(COMMON, COMMON, COMMON, st.sampled_from(SCALARS))
KEYS = ["id", "title", "grade", "reports_to", "notes", "x y", "2020", "yes", "id ", "<<"]
COMMENT = st.sampled_from(["", "  # note", " #", "# c"])


@st.composite
def block_text(draw: st.DrawFn) -> list[str]:
    """A block scalar's rows (after its key line), at `indent` 4."""
    rows = draw(
        st.lists(st.sampled_from(["text", "more text", "", "  indented", "# not a comment"]))
    )
    return [("    " + r if r else r) for r in rows]


@st.composite
def documents(draw: st.DrawFn) -> str:
    rows = [f"name: {draw(VALUES)}{draw(COMMENT)}"]
    if draw(st.booleans()):
        rows.append(draw(st.sampled_from(["", "# a comment", "   # indented comment"])))
    rows.append("posts:")
    dash = draw(st.sampled_from(["- ", "  - "]))
    pad = " " * len(dash)
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            rows.append(dash + "{id: P1, title: " + draw(VALUES) + "}")
            continue
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
        for i, key in enumerate(keys):
            lead = dash if i == 0 else pad
            kind = draw(st.sampled_from(["scalar", "scalar", "empty", "map", "list", "block"]))
            if kind == "scalar":
                rows.append(f"{lead}{key}: {draw(VALUES)}{draw(COMMENT)}")
            elif kind == "empty":
                rows.append(f"{lead}{key}:{draw(COMMENT)}")
            elif kind == "map":
                rows.append(f"{lead}{key}:")
                rows += [f"{pad}  A: 0.5", f"{pad}  B: {draw(VALUES)}"]
            elif kind == "list":
                rows.append(f"{lead}{key}:")
                inner = draw(st.sampled_from([pad, pad + "  "]))
                rows += [f"{inner}- A", f"{inner}- {draw(VALUES)}"]
            else:
                rows.append(f"{lead}{key}: {draw(st.sampled_from(['|', '>', '|-', '>+']))}")
                rows += draw(block_text())
    text = "\n".join(rows)
    return text + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


def by_events(text: str) -> tuple[Any, dict[Any, int]] | str:
    try:
        return read_events(text, "x.yaml")
    except LoadError as exc:
        return f"error: {exc}"


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_what_the_line_reader_reads_is_what_pyyaml_reads(text: str) -> None:
    quick = read_block(text, PlainScalars())
    if quick is not None:
        assert quick == by_events(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.integers(1, 4))
def test_rows_matched_a_few_at_a_time_give_the_same_document(text: str, chunk: int) -> None:
    # A file's rows are matched CHUNK at a time: small chunks put a boundary
    # inside every run of rows, which a structure file of 8,192 rows meets.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlblock, "CHUNK", chunk)
        quick = read_block(text, PlainScalars())
    assert quick == read_block(text, PlainScalars())
    if quick is not None:
        assert quick == by_events(text)


@pytest.mark.parametrize("name", ["cla-sdm-realignment-2020", "commissioning-posts-2022"])
def test_the_shipped_structures_are_read_a_line_at_a_time(name: str) -> None:
    for side in ("before", "after"):
        text = (ROOT / "structures" / name / f"{side}.yaml").read_text(encoding="utf-8")
        quick = read_block(text, PlainScalars())
        assert quick is not None, side
        assert quick == read_events(text, side)


def test_what_convert_writes_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    structure = parse(ROOT / "structures" / "commissioning-posts-2022" / "after.yaml").structure
    text = to_yaml(structure)
    quick = read_block(text, PlainScalars())
    assert quick is not None
    assert quick == read_events(text, "after.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "name: x\nposts:\n- {id: A, title: B}\n- id: A\n  id: B\n",  # a duplicate key
        "name: x\nposts:\n- id: A\n  title: B\n- id: C\n  title: D\n  id: E\n",  # in a run
        "name: x\nposts:\n- id: A\n  title: B\n  id: C\n",  # the run's last row
        "name: &a x\n",  # an anchor
        "name: x\n\tposts: []\n",  # a tab
        "name: x\nposts:\n  - id: A\n   title: B\n",  # indentation PyYAML refuses
        "name: x\n---\nname: y\n",  # two documents
        "name: 2020-13-45\n",  # no such date
        "name: x\nnotes: >2\n   a\n",  # an indentation indicator
    ],
)
def test_the_line_reader_gives_way_to_pyyaml(text: str) -> None:
    assert read_block(text, PlainScalars()) is None


@pytest.mark.parametrize(
    "text",
    [
        "name: {a: x" + " " * 200_000 + "\n",
        "name: [x" + " " * 200_000,
        "a" + " " * 200_000 + ": x\n",
        "name: " + "a " * 100_000 + "\n",
        "name: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 200)),
    ],
)
def test_hostile_lines_are_read_in_linear_time(text: str) -> None:
    # Each pattern is linear in a line's length: a quadratic one would take
    # minutes here. What PyYAML then makes of the text is its own affair.
    quick = read_block(text, PlainScalars())
    if quick is not None:
        assert quick == by_events(text)


def test_a_key_line_is_found_in_its_run_when_asked_for(tmp_path: Path) -> None:
    text = (
        "name: Team\n"
        "posts:\n"
        "- id: A\n"
        "  title: Head\n"
        "- id: B\n"
        "  title: Officer\n"
        "  funding:\n"
        "    GRANT: 0.5\n"
        "  fte: -1\n"
        "  unit: Ops\n"
    )
    quick = read_block(text, PlainScalars())
    assert quick is not None
    _, lines = quick
    # Counted by hand: each key's row in the text above.
    assert lines[("posts", 0, "title")] == 4
    assert lines[("posts", 1, "id")] == 5
    assert lines[("posts", 1, "funding")] == 7
    assert lines[("posts", 1, "unit")] == 10
    assert lines.get(("posts", 1, "grade")) is None
    assert ("posts", 0, "unit") not in lines
    # name, posts; each post; 2 and 5 keys.
    assert len(lines) == len(dict(lines.items())) == 2 + 2 + 2 + 5
    # And the message for a bad value names the row of its key, not of its post.
    path = tmp_path / "team.yaml"
    path.write_text(text, encoding="utf-8")
    issues = parse(path).issues
    assert [(i.line, i.post) for i in issues] == [(9, "B")]
    assert "fte" in issues[0].message
