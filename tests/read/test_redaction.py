"""Names come out of messages whole, and only where they stand as words."""

from __future__ import annotations

import pytest

from orgchart.read.redaction import WITHHELD, Scrubber


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("post 'B' reports to 'Jane Doe'", f"post 'B' reports to '{WITHHELD}'"),
        ("held by Jane Doe; John Roe now", f"held by {WITHHELD} now"),  # a job share whole
        ("Janet Doe and Jane Doer", "Janet Doe and Jane Doer"),  # not inside other words
        ("Ann, Anne, (Ann)", f"{WITHHELD}, Anne, ({WITHHELD})"),
        ("was Smith (acting) then", f"was {WITHHELD}) then"),
        ("no names here", "no names here"),
    ],
)
def test_names_are_withheld_as_whole_words(text: str, expected: str) -> None:
    scrub = Scrubber({"Jane Doe", "John Roe", "Jane Doe; John Roe", "Ann", "Smith (acting)"})
    assert scrub(text) == expected


def test_no_names_leave_text_alone() -> None:
    assert Scrubber(set())("Jane Doe") == "Jane Doe"


def test_names_are_found_whatever_their_letter_case_when_asked() -> None:
    names = {"Jane Doe", "Ann", "Jane Doe; John Roe"}
    text = "JANE DOE met ann and Jane Doe; John Roe, not Janet Doe"
    assert Scrubber(names, fold=True).found(text) == ["jane doe", "ann", "jane doe; john roe"]
    # As messages are scrubbed, case counts: only the name as written goes.
    assert Scrubber(names).found(text) == ["Jane Doe; John Roe"]
    assert Scrubber(names)(text) == f"JANE DOE met ann and {WITHHELD}, not Janet Doe"
