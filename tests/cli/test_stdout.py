"""Standard output as a real process finds it: full, closed, a pipe whose
reader stopped, or an encoding with no "£". A command says so in one line
(exit 1), or writes what the encoding can hold; never an internal error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import COMM

AFTER = COMM / "after.yaml"
ORGCHART = [sys.executable, "-m", "orgchart"]


def run(
    args: list[str], stdout: object = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*ORGCHART, *args], stdout=stdout, stderr=subprocess.PIPE, env=env, check=False
    )


def said(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    """What orgchart itself said on stderr (not the structure's warnings)."""
    return [ln for ln in done.stderr.decode().splitlines() if ln.startswith("orgchart:")]


@pytest.mark.parametrize(
    "args", [["cost", str(AFTER)], ["validate", str(AFTER)], ["schema"], ["span", str(AFTER)]]
)
def test_a_full_standard_output_is_one_line_and_exit_1(args):
    with open("/dev/full", "wb") as full:
        done = run(args, stdout=full)
    assert done.returncode == 1, done.stderr
    assert said(done) == ["orgchart: cannot write to standard output: No space left on device"]
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_a_closed_standard_output_is_one_line_and_exit_1():
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *ORGCHART, "cost", str(AFTER)],
        stderr=subprocess.PIPE,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert said(done) == ["orgchart: cannot write to standard output: it is closed"]


def test_a_reader_that_stops_reading_ends_the_command_quietly():
    # As `orgchart cost FILE | true`: the reader is gone before a byte is written.
    process = subprocess.Popen(
        [*ORGCHART, "cost", str(AFTER)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert b"orgchart:" not in stderr  # no one is reading: nothing to say


def test_an_encoding_without_the_pound_sign_still_gets_the_figures():
    done = run(["cost", str(AFTER)], env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    # Backslash escapes, as Python writes to stderr: nothing lost, nothing guessed.
    assert b"\\xa3694,848" in done.stdout
    assert done.stdout.isascii()
    assert said(done) == []
