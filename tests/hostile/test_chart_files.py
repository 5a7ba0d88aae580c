"""Chart files are what their names say: render-diff given a file's name writes
two files beside it, a suffix that contradicts --format is refused, and a set
of pages written again leaves none of its old pages behind."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, ORGANOGRAMS

runner = CliRunner()
BEFORE, AFTER = CLA / "before.yaml", CLA / "after.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_render_diff_to_a_file_name_writes_before_and_after_beside_it(tmp_path):
    result = invoke("render-diff", BEFORE, AFTER, "-o", tmp_path / "changes.png")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "changes-after.png",
        "changes-before.png",
    ]
    for side in ("before", "after"):
        assert (tmp_path / f"changes-{side}.png").read_bytes().startswith(PNG)


def test_render_diff_to_a_folder_still_writes_into_it(tmp_path):
    folder = tmp_path / "charts.svg"  # a folder made before, whatever its name
    folder.mkdir()
    result = invoke("render-diff", BEFORE, AFTER, "-o", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["after.svg", "before.svg"]
    plain = tmp_path / "out"
    assert invoke("render-diff", BEFORE, AFTER, "-o", plain, "-f", "dot").exit_code == 0
    assert sorted(p.name for p in plain.iterdir()) == ["after.dot", "before.dot"]


@pytest.mark.parametrize(
    "command",
    [
        ["render", BEFORE, "-o", "{tmp}/chart.svg", "--format", "dot"],
        ["render", BEFORE, "-o", "{tmp}/chart.png", "--format", "svg", "--page", "A4"],
        ["render-diff", BEFORE, AFTER, "-o", "{tmp}/changes.svg", "--format", "png"],
    ],
)
def test_a_suffix_that_contradicts_format_is_refused(tmp_path, command):
    args = [str(part).format(tmp=tmp_path) for part in command]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "--format" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_suffix_format_agrees_with_or_that_is_no_chart_s_is_kept(tmp_path):
    assert invoke("render", BEFORE, "-o", tmp_path / "a.svg", "-f", "svg").exit_code == 0
    assert invoke("render", BEFORE, "-o", tmp_path / "a.gv", "-f", "dot").exit_code == 0
    assert (tmp_path / "a.gv").read_text().startswith("digraph")


def test_fewer_pages_leave_no_old_page_of_the_set(tmp_path):
    edition = ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv"
    chart = tmp_path / "chart.dot"
    many = invoke("render", edition, "-o", chart, "--page", "A4")
    assert many.exit_code == 0, many.output
    pages = sorted(p.name for p in tmp_path.glob("chart-*.dot"))
    assert len(pages) > 10
    # Files of other sets, or not pages at all, are never touched.
    others = ["chart-02.dot", "chart-2.dot.bak", "chart-x.dot", "other-2.dot", "chart-2.svg"]
    for name in others:
        (tmp_path / name).write_text("keep")
    (tmp_path / "chart-90.dot").mkdir()  # not a regular file
    (tmp_path / "chart-91.dot").symlink_to(tmp_path / "other-2.dot")
    few = invoke("render", CLA / "after.yaml", "-o", chart, "--page", "A4")
    assert few.exit_code == 0, few.output
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        ["chart-1.dot", "chart-index.html", "chart-90.dot", "chart-91.dot", *others]
    )
    assert all((tmp_path / name).read_text() == "keep" for name in others)
    assert "Children Looked After" in (tmp_path / "chart-1.dot").read_text()


def test_render_diff_pages_written_again_leave_no_old_page(tmp_path):
    out = tmp_path / "charts"
    first = invoke("render-diff", BEFORE, AFTER, "-o", out, "-f", "dot", "--page", "A4")
    assert first.exit_code == 0, first.output
    written = sorted(p.name for p in out.iterdir())
    for n in range(1, 30):
        for side in ("before", "after"):
            if not (out / f"{side}-{n}.dot").exists():
                (out / f"{side}-{n}.dot").write_text("old page")
    again = invoke("render-diff", BEFORE, AFTER, "-o", out, "-f", "dot", "--page", "A4")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == written
    assert all(p.read_text().startswith(("digraph", "<!doctype")) for p in out.iterdir())


def test_a_stale_page_that_is_an_input_is_never_removed(tmp_path):
    source = tmp_path / "chart-3.yaml"  # named as page 3 of the set chart.yaml
    source.write_bytes(AFTER.read_bytes())
    result = invoke("render", source, "-o", tmp_path / "chart.yaml", "-f", "dot", "--page", "A4")
    assert result.exit_code == 2, result.output
    assert "is the input" in result.output
    assert source.read_bytes() == AFTER.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart-3.yaml"]
