"""Careless commands: an output never destroys anything, and CSV cells stay text."""

from __future__ import annotations

import os
import stat
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.output import WriteFailed, write_files, write_folder

from ..conftest import CLA

runner = CliRunner()
AFTER = CLA / "after.yaml"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_a_device_is_written_to_not_replaced():
    # As root, -o /dev/null once replaced /dev/null with a regular file.
    assert invoke("span", AFTER, "-o", "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_is_written_through(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert invoke("span", AFTER, "-f", "csv", "-o", link).exit_code == 0
    assert link.is_symlink()
    assert target.read_text().startswith("id,title,layer")


def test_an_existing_file_keeps_its_permissions(tmp_path):
    out = tmp_path / "private.csv"
    out.write_text("old\n")
    out.chmod(0o600)
    assert invoke("span", AFTER, "-f", "csv", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("id,")


def test_a_fifo_is_written_to_directly(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    result = invoke("span", AFTER, "-f", "csv", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert got and got[0].startswith("id,title,layer")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("link", ["same", "hard", "symlink"])
def test_an_output_that_is_an_input_is_refused(tmp_path, link):
    source = tmp_path / "s.yaml"
    source.write_bytes(AFTER.read_bytes())
    output = {"same": source, "hard": tmp_path / "h.yaml", "symlink": tmp_path / "l.yaml"}[link]
    if link == "hard":
        os.link(source, output)
    if link == "symlink":
        output.symlink_to(source)
    before = source.read_bytes()
    for args in (("convert", source), ("span", source, "-f", "csv"), ("cost", source)):
        result = invoke(*args, "-o", output)
        assert result.exit_code == 2, (args, result.output)
        assert "is the input" in result.output
    assert source.read_bytes() == before


def test_render_diff_refuses_to_write_over_an_input(tmp_path):
    before = tmp_path / "before.dot"  # render-diff writes DIR/before.dot
    before.write_bytes((CLA / "before.yaml").read_bytes())
    result = invoke("render-diff", before, AFTER, "-o", tmp_path, "--format", "dot")
    assert result.exit_code == 2
    assert "is the input" in result.output


def test_dash_is_standard_output_for_text_only():
    result = invoke("span", AFTER, "-f", "csv", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("id,title")
    assert invoke("render", AFTER, "-o", "-", "--format", "dot").stdout.startswith("digraph")
    refused = invoke("render", AFTER, "-o", "-", "--format", "png")
    assert refused.exit_code == 2
    assert "binary" in refused.output
    assert not Path("-").exists()


def test_several_files_are_written_all_or_nothing(tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("old")
    with pytest.raises(WriteFailed):
        write_files({first: b"new", tmp_path / "missing" / "second.txt": b"x"})
    assert first.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.txt"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_files({tmp_path / "a.txt": b"a", tmp_path / "b.txt": b"b"})
    assert list(tmp_path.iterdir()) == []


def test_a_new_folder_of_files_appears_whole_or_not_at_all(tmp_path, monkeypatch):
    release = tmp_path / "releases" / "2026-03"
    write_folder(release, {"a-senior.csv": b"senior", "a-junior.csv": b"junior"})
    assert sorted(p.name for p in release.iterdir()) == ["a-junior.csv", "a-senior.csv"]
    assert (release / "a-senior.csv").read_bytes() == b"senior"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(release.stat().st_mode) == 0o777 & ~mask  # as mkdir makes one
    assert sorted(p.name for p in release.parent.iterdir()) == ["2026-03"]
    # A failure on the second file, or an interrupt, leaves no folder and no staging.
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, data)

    original = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(WriteFailed, match="No space left on device"):
        write_folder(tmp_path / "next", {"a-senior.csv": b"s", "a-junior.csv": b"j"})

    def interrupted(self: Path, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_folder(tmp_path / "next", {"a-senior.csv": b"s"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["releases"]


def test_files_go_into_an_existing_folder_all_or_nothing(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    write_folder(tmp_path, {"a.csv": b"a"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "keep.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(WriteFailed, match="is not a folder"):
        write_folder(tmp_path / "file", {"a.csv": b"a"})


HOSTILE = """\
name: x
posts:
  - {id: HEAD, title: "=HYPERLINK(\\"http://example.org\\",\\"x\\")", cost: 100}
  - {id: "-1", title: "@SUM(A1:A9)", reports_to: HEAD, cost: 50}
  - {id: B, title: "+cmd", reports_to: HEAD, cost: 50, notes: "-1"}
"""


def test_csv_cells_that_look_like_formulas_stay_text(write, tmp_path):
    path = write(HOSTILE)
    span = invoke("span", path, "-f", "csv").stdout
    assert '"\'=HYPERLINK(""http://example.org"",""x"")"' in span
    out = tmp_path / "x.csv"
    assert invoke("convert", path, "-o", out).exit_code == 0
    text = out.read_text()
    assert "'@SUM(A1:A9)" in text and "'+cmd" in text
    # A number stays a number: the id -1 and the note -1 are not escaped.
    assert "\n-1," in text and text.endswith(",-1\n")
    # and the escaped file reads back as it was written.
    assert build(out).structure.posts == build(path).structure.posts
    changed = write(HOSTILE.replace("+cmd", "-cmd"), "after.yaml")
    diff_csv = invoke("diff", path, changed, "-f", "csv").stdout
    assert "'+cmd" in diff_csv and "'-cmd" in diff_csv


@pytest.mark.parametrize("seed", ["cla-sdm-realignment-2020", "commissioning-posts-2022"])
@pytest.mark.parametrize("via", ["json", "csv"])
def test_conversions_round_trip_or_say_what_they_lose(tmp_path, seed, via):
    source = CLA.parent / seed / "after.yaml"
    middle, back = tmp_path / f"{seed}.{via}", tmp_path / "back.yaml"
    if via == "csv":
        refused = invoke("convert", source, "-o", middle)
        assert refused.exit_code == 1
        assert "would lose name, date, " in refused.output and "grades" in refused.output
        assert not middle.exists()
        return
    assert invoke("convert", source, "-o", middle).exit_code == 0
    assert invoke("convert", middle, "-o", back).exit_code == 0
    for command in (["cost", "--by", "grade"], ["span"], ["cost", "--by", "funding"]):
        first = invoke(command[0], source, *command[1:], "-f", "json").stdout
        assert invoke(command[0], back, *command[1:], "-f", "json").stdout == first
    assert invoke("diff", source, back).exit_code == 0  # no differences


def test_convert_refuses_an_input_it_would_not_use(tmp_path):
    result = invoke("convert", AFTER, tmp_path / "missing.yaml", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "would not be used" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_redact_leaves_names_out_of_messages_too(tmp_path, write):
    # A CSV with no header row: its first row, a post and its holder, was
    # quoted as the list of columns.
    table = tmp_path / "export.csv"
    table.write_text("A1,Head of Service,Jane Doe\nB2,Officer,John Roe\n")
    shown = runner.invoke(app, ["convert", str(table), "-o", str(tmp_path / "x.yaml")])
    assert shown.exit_code == 1 and "Jane Doe" in shown.output
    hidden = runner.invoke(app, ["convert", str(table), "-o", str(tmp_path / "x.yaml"), "--redact"])
    assert hidden.exit_code == 1, hidden.output
    assert "no column for 'id'" in hidden.output and "Jane Doe" not in hidden.output
    # A manager's name typed where its post id belongs.
    named = write(
        "name: x\nposts:\n  - {id: A, title: Head, holder: Jane Doe}\n"
        "  - {id: B, title: Officer, reports_to: Jane Doe, holder: John Roe}\n"
    )
    for command in (
        ["render", str(named), "-o", str(tmp_path / "c.svg")],
        ["diff", str(named), str(named)],
        ["report", str(named), "-o", str(tmp_path / "r.md")],
    ):
        result = runner.invoke(app, [*command, "--redact"])
        assert result.exit_code in (1, 2), result.output
        assert "post 'B' reports to '[name withheld]'" in result.output
        assert "Jane Doe" not in result.output and "John Roe" not in result.output


def test_every_svg_id_is_unique_even_where_escaping_would_collapse_two(write, tmp_path):
    path = write(
        "name: x\nposts:\n"
        "  - {id: A-B, title: Head}\n"
        "  - {id: 'A&#45;B', title: Officer, reports_to: A-B}\n"
        "  - {id: 'A%26#45;B', title: Officer, reports_to: A-B}\n"
        "  - {id: node1, title: Officer, reports_to: A-B}\n"
    )
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["render", str(path), "-o", str(out), "--no-collapse"])
    assert result.exit_code == 0, result.output
    ids = [e.get("id") for e in ET.parse(out).getroot().iter() if e.get("id")]
    assert len(ids) == len(set(ids)), sorted(ids)
    posts = {i for i in ids if i.startswith("post-")}
    assert posts == {"post-A-B", "post-A%26#45;B", "post-A%2526#45;B", "post-node1"}


FAKE_DOTS = {
    "crash": ("kill -SEGV $$", "Graphviz's dot was killed by SIGSEGV"),
    "silent": ("exit 3", "Graphviz failed to draw the chart: exit status 3, and no message"),
    "slow": ("sleep 10", "Graphviz's dot took more than 0.5 s and was stopped"),
}


@pytest.mark.parametrize("case", sorted(FAKE_DOTS))
def test_a_graphviz_failure_is_one_line_saying_what_to_try(tmp_path, monkeypatch, case):
    script, said = FAKE_DOTS[case]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text(f"#!/bin/sh\ncat >/dev/null\n{script}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("ORGCHART_DOT_TIMEOUT", "0.5")
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["render", str(CLA / "before.yaml"), "-o", str(out)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if "warning:" not in ln]
    assert len(lines) == 1 and said in lines[0], result.output
    if case != "silent":
        assert "--root" in lines[0]
    assert not out.exists()


def test_sigterm_mid_render_diff_leaves_nothing(tmp_path):
    """A real process and a real signal: the first chart is drawn, the second
    is being drawn when SIGTERM comes; no chart, folder or temporary file stays."""
    import signal
    import subprocess
    import sys
    import time

    bin_dir, marker = tmp_path / "bin", tmp_path / "first-drawn"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text(
        f"#!/bin/sh\ncat >/dev/null\nif [ -e {marker} ]; then exec sleep 30; fi\n"
        f"touch {marker}\necho '<svg xmlns=\"http://www.w3.org/2000/svg\"/>'\n"
    )
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "charts"
    command = [sys.executable, "-c", "from orgchart.cli import main; main()", "render-diff"]
    process = subprocess.Popen(
        [*command, str(CLA / "before.yaml"), str(CLA / "after.yaml"), "-o", str(out)],
        env=env,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the second dot is running
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert b"Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "first-drawn"]
