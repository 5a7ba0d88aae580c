"""Progress shows on a terminal, for work that takes a while, and nowhere else."""

from __future__ import annotations

import io
import time

from typer.testing import CliRunner

from orgchart.cli import app
from orgchart.cli.progress import progress

from ..conftest import CLA


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_long_work_on_a_terminal_says_what_and_how_long() -> None:
    out = Terminal()
    with progress("reading big.yaml", stream=out, after=0.01):
        time.sleep(0.3)
    lines = out.getvalue().splitlines()
    assert lines[0] == "orgchart: reading big.yaml …"
    assert lines[1].startswith("orgchart: reading big.yaml: 0.") and lines[1].endswith(" s")


def test_quick_work_piped_output_and_quiet_say_nothing() -> None:
    quick, piped, quiet = Terminal(), io.StringIO(), Terminal()
    with progress("quick", stream=quick, after=5.0):
        pass
    with progress("piped", stream=piped, after=0.0):
        time.sleep(0.1)
    with progress("quiet", stream=quiet, after=0.0, quiet=True):
        time.sleep(0.1)
    assert quick.getvalue() == piped.getvalue() == quiet.getvalue() == ""


def test_a_file_name_cannot_bring_escape_codes_to_the_terminal() -> None:
    out = Terminal()
    with progress("reading \x1b[2Jevil.yaml", stream=out, after=0.0):
        time.sleep(0.1)
    assert "\x1b" not in out.getvalue() and "evil.yaml" in out.getvalue()


def test_commands_print_no_progress_when_not_on_a_terminal() -> None:
    result = CliRunner().invoke(app, ["validate", str(CLA / "before.yaml")])
    assert "…" not in result.output and " s\n" not in result.output
