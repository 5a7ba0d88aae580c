"""--redact across two structures: a holder of one, typed as a manager's id in
the other, is withheld from every output and message of diff, report and
render-diff, whichever structure the name is typed in."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from orgchart.build import build_pair
from orgchart.cli import app
from orgchart.read import ReadOptions

runner = CliRunner()
NAMES = ("Jane Doe", "John Roe")
HELD = """\
name: held
posts:
  - {id: A, title: Head, holder: Jane Doe}
  - {id: B, title: Officer, reports_to: A, holder: John Roe}
"""
TYPED = """\
name: typed
posts:
  - {id: A, title: Head}
  - {id: B, title: Officer, reports_to: Jane Doe}
  - {id: C, title: Officer, reports_to: John Roe}
  - {id: D, title: Officer, reports_to: A}
"""


def commands(first, second, tmp_path):
    return [
        ["diff", first, second],
        ["diff", first, second, "-f", "json"],
        ["diff", first, second, "--by", "grade"],
        ["report", first, second, "-o", tmp_path / "r.md"],
        ["report", first, second, "-o", tmp_path / "r.html"],
        ["render-diff", first, second, "-o", tmp_path / "charts", "-f", "dot"],
    ]


@pytest.mark.parametrize("skip", [False, True])
@pytest.mark.parametrize("typed_in", ["after", "before"])
def test_a_name_held_in_one_structure_is_withheld_in_the_other(write, tmp_path, skip, typed_in):
    held, typed = write(HELD, "held.yaml"), write(TYPED, "typed.yaml")
    first, second = (held, typed) if typed_in == "after" else (typed, held)
    for command in commands(first, second, tmp_path):
        args = [str(a) for a in command] + ["--redact"] + (["--skip-invalid"] if skip else [])
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1, 2), (command, result.output)
        assert "internal error" not in result.output
        # The messages say what is wrong, with the name withheld.
        assert "post 'B' reports to '[name withheld]'" in result.output, (command, result.output)
        for name in NAMES:
            assert name not in result.output, (command, result.output)
        for written in tmp_path.rglob("*"):
            if written.is_file() and written.suffix != ".yaml":
                text = written.read_bytes()
                assert all(name.encode() not in text for name in NAMES), written


def test_without_redact_the_names_are_shown(write):
    held, typed = write(HELD, "held.yaml"), write(TYPED, "typed.yaml")
    result = runner.invoke(app, ["diff", str(held), str(typed)])
    assert "post 'B' reports to 'Jane Doe'" in result.output


def test_build_pair_withholds_both_structures_names_in_both(write):
    held, typed = write(HELD, "held.yaml"), write(TYPED, "typed.yaml")
    options = ReadOptions(redact=True, skip_invalid=True)
    old, new = build_pair(held, typed, options)
    assert [p.holder for p in old.structure.posts] == [None, None]
    said = " ".join(str(w) for w in new.warnings) + " ".join(new.notes)
    assert "'[name withheld]'" in said and "Jane" not in said and "John" not in said
    assert [p.id for p in new.structure.posts] == ["A", "D"]
