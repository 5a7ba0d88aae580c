"""Never a lost input: every file a command reads is protected like its main
input (a house-style template, an organogram's junior CSV found beside the
senior one or named with --junior), and several outputs go all or nothing."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, ORGANOGRAMS

runner = CliRunner()
BEFORE, AFTER = CLA / "before.yaml", CLA / "after.yaml"
EDITION = "audit_commission-2011-09-30"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def edition(tmp_path):
    """A real organogram edition, senior and junior CSVs side by side."""
    for part in ("senior", "junior"):
        shutil.copy(ORGANOGRAMS / f"{EDITION}-{part}.csv", tmp_path)
    return tmp_path / f"{EDITION}-senior.csv", tmp_path / f"{EDITION}-junior.csv"


def test_a_report_never_replaces_its_own_template(tmp_path):
    template = tmp_path / "house.html"
    template.write_text("<h1>{{ report.title }}</h1>\n", encoding="utf-8")
    result = invoke("report", BEFORE, AFTER, "--template", template, "-o", template)
    assert result.exit_code == 2, result.output
    assert f"the output {template} is the template {template}" in result.output
    assert template.read_text(encoding="utf-8") == "<h1>{{ report.title }}</h1>\n"


def test_a_markdown_report_never_writes_a_chart_over_its_template(tmp_path):
    template = tmp_path / "r-after.svg"  # where report -o r.md puts the chart after
    template.write_text("# {{ report.title }}\n", encoding="utf-8")
    result = invoke("report", BEFORE, AFTER, "--template", template, "-o", tmp_path / "r.md")
    assert result.exit_code == 2, result.output
    assert "is the template" in result.output
    assert template.read_text(encoding="utf-8") == "# {{ report.title }}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r-after.svg"]


@pytest.mark.parametrize("given", ["senior", "junior"])
def test_convert_never_overwrites_the_junior_csv_it_reads(edition, given):
    senior, junior = edition
    before = junior.read_bytes()
    source = senior if given == "senior" else junior
    result = invoke("convert", source, "-o", junior, "--lossy")
    assert result.exit_code == 2, result.output
    assert f"the output {junior} is " in result.output
    assert junior.read_bytes() == before
    # Nor the senior CSV, read with the junior one given.
    result = invoke("convert", junior, "-o", senior, "--lossy")
    assert result.exit_code == 2, result.output
    assert f"the output {senior} is the senior CSV read with {junior}" in result.output


def test_an_edition_read_elsewhere_frees_the_file_beside_it(edition, tmp_path):
    # With --junior naming another file, the CSV beside the senior one is not read.
    senior, beside = edition
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = elsewhere / beside.name
    shutil.copy(beside, named)
    result = invoke("span", senior, "--junior", named, "-f", "csv", "-o", beside)
    assert result.exit_code == 0, result.output
    assert beside.read_text().startswith("id,title,layer")
    for refused in (
        invoke("span", senior, "--junior", named, "-o", named),
        invoke("convert", senior, named, "-o", named, "--lossy"),
    ):
        assert refused.exit_code == 2, refused.output
        assert f"the output {named} is the junior CSV" in refused.output


@pytest.mark.parametrize(
    "command",
    [
        ["span", "{senior}", "-f", "csv"],
        ["cost", "{senior}", "-f", "csv"],
        ["layers", "{senior}", "-f", "csv"],
        ["diff", "{senior}", "{senior}", "-f", "csv"],
        ["render", "{senior}", "-f", "dot"],
    ],
)
def test_every_command_protects_the_junior_csv(edition, command):
    senior, junior = edition
    before = junior.read_bytes()
    args = [part.format(senior=senior) for part in command]
    result = invoke(*args, "-o", junior)
    assert result.exit_code == 2, (command, result.output)
    assert "is the junior CSV read with" in result.output
    assert junior.read_bytes() == before


def test_a_markdown_report_whose_chart_cannot_be_written_leaves_the_old_report(tmp_path):
    report = tmp_path / "r.md"
    assert invoke("report", BEFORE, AFTER, "-o", report).exit_code == 0
    old = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(old) == ["r-after.svg", "r-before.svg", "r-layers.svg", "r-spans.svg", "r.md"]
    (tmp_path / "r-after.svg").unlink()
    (tmp_path / "r-after.svg").mkdir()  # the chart after cannot be written
    result = invoke("report", BEFORE, AFTER, "--title", "New", "-o", report)
    assert result.exit_code == 1, result.output
    assert "r-after.svg" in result.output and "Traceback" not in result.output
    assert report.read_bytes() == old["r.md"]
    assert (tmp_path / "r-before.svg").read_bytes() == old["r-before.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(old)


def test_a_failed_rename_puts_back_every_file_already_replaced(tmp_path, monkeypatch):
    import os

    from orgchart.present.output import WriteFailed, write_files

    first, second, third = (tmp_path / n for n in ("a.md", "b.svg", "c.svg"))
    first.write_text("old a")
    third.write_text("old c")
    real = os.replace

    def refuses_c(src, dst):
        if str(dst).endswith("c.svg"):
            raise PermissionError(1, "Operation not permitted")
        real(src, dst)

    monkeypatch.setattr(os, "replace", refuses_c)
    with pytest.raises(WriteFailed, match=r"c\.svg: Operation not permitted"):
        write_files({first: b"new a", second: b"new b", third: b"new c"})
    assert first.read_text() == "old a" and third.read_text() == "old c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "c.svg"]
