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


def test_a_skipped_posts_holder_is_withheld_where_another_post_names_them(tmp_path) -> None:
    from typer.testing import CliRunner

    from orgchart.cli import app

    # D is skipped (its FTE is no number), and so its holder's name left the
    # structure before names were taken out; B names D's holder as its manager.
    path = tmp_path / "export.csv"
    path.write_text(
        "id,title,reports_to,holder,fte\n"
        "A,Head,,Ann Smith,1\n"
        "B,Officer,Dan Brown,Bob Jones,1\n"
        "C,Officer,A,Cy Young,1\n"
        "D,Officer,A,Dan Brown,many\n",
        encoding="utf-8",
    )
    for command in (["render", "-f", "dot"], ["report"]):
        out = tmp_path / ("chart.dot" if command[0] == "render" else "report.md")
        result = CliRunner().invoke(
            app, [*command, str(path), "-o", str(out), "--skip-invalid", "--redact"]
        )
        assert result.exit_code == 0, result.output
        assert f"post 'B' reports to '{WITHHELD}', which does not exist" in result.output
        for name in ("Dan Brown", "Bob Jones", "Ann Smith", "Cy Young"):
            assert name not in result.output
            assert name not in out.read_text(encoding="utf-8")


def test_names_are_found_whatever_their_letter_case_when_asked() -> None:
    names = {"Jane Doe", "Ann", "Jane Doe; John Roe"}
    text = "JANE DOE met ann and Jane Doe; John Roe, not Janet Doe"
    assert Scrubber(names, fold=True).found(text) == ["jane doe", "ann", "jane doe; john roe"]
    # As messages are scrubbed, case counts: only the name as written goes.
    assert Scrubber(names).found(text) == ["Jane Doe; John Roe"]
    assert Scrubber(names)(text) == f"JANE DOE met ann and {WITHHELD}, not Janet Doe"
