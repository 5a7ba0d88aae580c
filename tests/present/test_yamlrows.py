"""Posts written a row at a time (present.yamlrows) are PyYAML's own text."""

from __future__ import annotations

import string
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgchart.build import build
from orgchart.present.writers import pyyaml_text, structure_dict, to_yaml
from orgchart.present.yamlrows import Rows

from ..conftest import ROOT
from .test_writers import structures

# Text as people type it, and text YAML reads as something else or must quote.
WORDS = [
    "Head of Service",
    "P0",
    "101",
    "1.5",
    "1e3",
    "0x1F",
    "1_000",
    "10:30",
    "2020-06-12",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "true",
    "Team, Children",
    "a: b",
    "a:b",
    "a #b",
    "C#",
    "it's",
    "'quoted'",
    '"dq"',
    "- x",
    "-x",
    "? x",
    "[A]",
    "{a}",
    "&x",
    "*x",
    "!x",
    "%x",
    "@x",
    "`x",
    "|",
    ">",
    "---",
    "...x",
    "x:",
    "=",
    "<<",
    "é",
    "a\nb",
    " lead",
    "trail ",
    "a  b",
    "",
    "x" * 1200,
]
TEXT = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=string.printable, min_size=1, max_size=12),
    st.text(min_size=1, max_size=6),
)
VALUES = st.one_of(
    TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e17, 1e-5, 0.1, 52000.0, 1.5]),
    st.booleans(),
    st.dates(),
    st.none(),
    st.lists(TEXT, max_size=2),
    st.dictionaries(TEXT, st.floats(0, 1), max_size=2),
)
RECORDS = st.lists(
    st.dictionaries(st.one_of(st.sampled_from(["id", "title", "fte"]), TEXT), VALUES, min_size=1),
    min_size=1,
    max_size=6,
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(RECORDS)
def test_posts_written_a_row_at_a_time_are_pyyamls_text(records: list[dict[str, Any]]) -> None:
    assert Rows(pyyaml_text).posts(records) == pyyaml_text(records)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(structures())
def test_a_structure_is_written_as_pyyaml_writes_it(structure: Any) -> None:
    assert to_yaml(structure) == pyyaml_text(structure_dict(structure))


@pytest.mark.parametrize(
    "name",
    [
        "structures/cla-sdm-realignment-2020/before.yaml",
        "structures/commissioning-posts-2022/after.yaml",
        "tests/data/organograms/department_of_health-2011-03-31-senior.csv",
        "tests/data/organograms/ministry_of_defence-2015-03-31-senior.csv",
    ],
)
def test_real_structures_are_written_as_pyyaml_writes_them(name: str) -> None:
    structure = build(ROOT / name).structure
    text = to_yaml(structure)
    assert text == pyyaml_text(structure_dict(structure))
    assert yaml.safe_load(text)["posts"][0]["id"] == structure.posts[0].id


def test_most_posts_of_an_organogram_are_written_a_row_at_a_time() -> None:
    # Else the rows would be PyYAML's every time, and as slow.
    structure = build(ROOT / "tests/data/organograms/department_of_health-2011-03-31-senior.csv")
    rows = Rows(pyyaml_text)
    posts = structure_dict(structure.structure)["posts"]
    written = [rows.rows_of(record) for record in posts]
    assert sum(w is not None for w in written) > 0.9 * len(posts)


def test_an_empty_structure_keeps_its_empty_list() -> None:
    structure = build(ROOT / "structures/cla-sdm-realignment-2020/before.yaml").structure
    empty = structure.model_copy(update={"posts": []})
    assert to_yaml(empty).endswith("posts: []\n")
    assert to_yaml(empty) == pyyaml_text(structure_dict(empty))
