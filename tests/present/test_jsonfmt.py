"""JSON output is json.dumps(indent=2, sort_keys=True)'s text, however it is made."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from orgchart.present.formats import Report
from orgchart.present.formats.jsonfmt import render

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.dates())
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(DATA)
def test_the_text_is_json_dumps_text(data: Any) -> None:
    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    assert render(Report([], data)) == expected + "\n"


def test_keys_that_are_not_text_are_converted_as_json_does() -> None:
    data = {"rows": [{1: "a", 2: None}], "x": {True: 1}}
    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    assert render(Report([], data)) == expected + "\n"


# Rows as reports have them, with text that looks like the separators between them.
TRICKY = st.text(alphabet='{},\n "\\:a', max_size=6)
ROWS = st.lists(
    st.dictionaries(TRICKY, st.one_of(SCALARS, TRICKY), max_size=4), min_size=1, max_size=5
)


@settings(max_examples=300)
@given(st.one_of(ROWS, st.dictionaries(st.text(max_size=3), ROWS, max_size=3)))
def test_lists_of_rows_are_json_dumps_text(data: Any) -> None:
    expected = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    assert render(Report([], data)) == expected + "\n"
