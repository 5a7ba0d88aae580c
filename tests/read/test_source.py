"""Reading a file's bytes: what it holds, within the limit, under a limit on memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from orgchart.errors import LoadError
from orgchart.read.source import LIMIT_SETTING, read_text

from ..conftest import CLA

# `ulimit -v 2000000`, as on a shared host or under strict overcommit.
ADDRESS_SPACE = 2_000_000 * 1024


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limits as Linux applies them")
def test_a_command_runs_with_2_gb_of_address_space() -> None:
    # Every read once reserved a buffer of the whole 2 GiB input limit.
    result = subprocess.run(
        [sys.executable, "-m", "orgchart", "validate", str(CLA / "before.yaml")],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "39 posts, 0 error(s)" in result.stdout


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("name: x\nposts: []\n" + "#" * 100 + "\n", encoding="utf-8")
    monkeypatch.setenv(LIMIT_SETTING, "50")
    with pytest.raises(LoadError, match="larger than the limit of 50 bytes"):
        read_text(path)
    monkeypatch.setenv(LIMIT_SETTING, str(path.stat().st_size))
    assert read_text(path).startswith("name: x")


def test_a_pipe_is_read_to_its_end_within_the_limit(tmp_path: Path, monkeypatch) -> None:
    # A FIFO has no size to check first: it is read a piece at a time, and
    # refused as soon as it passes the limit.
    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'w').write('x' * 5000)"])
    monkeypatch.setenv(LIMIT_SETTING, "4096")
    with pytest.raises(LoadError, match="larger than the limit"):
        read_text(fifo)
    writer.wait()
    writer = subprocess.Popen(
        [sys.executable, "-c", f"open({str(fifo)!r}, 'w').write('name: x\\n')"]
    )
    assert read_text(fifo) == "name: x\n"
    writer.wait()
