"""`orgchart publish`: releases written whole, read back by the other
commands; bad input named, exit 1, and nothing written."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.writers import to_yaml

from ..conftest import CLA, COMM, renumbered

runner = CliRunner()
CLA_GRADES = ["--senior-grades", "Director,HOS,DHOS,SDM"]


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def organogram(source: Path, out: Path, *args: object):
    return invoke("publish", source, "--as", "organogram", "-o", out, *args)


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_an_organogram_release_is_written_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "release"
    result = organogram(
        CLA / "after.yaml",
        out,
        *CLA_GRADES,
        "--date",
        "2020-09-30",
        "--organisation",
        "Leeds City Council",
    )
    assert result.exit_code == 0, result.output
    senior = out / "leeds_city_council-2020-09-30-senior.csv"
    junior = out / "leeds_city_council-2020-09-30-junior.csv"
    assert f"wrote {senior}, {junior}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["release"]
    checked = invoke("validate", senior)
    assert checked.exit_code == 0
    assert f"{senior}: 37 posts, 0 error(s), 0 warning(s)" in checked.output
    costs = invoke("cost", senior, "-f", "json")
    assert costs.exit_code == 0


def test_a_folder_with_an_earlier_release_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "release"
    grades = ("--senior-grades", "CO,HOS")
    assert organogram(COMM / "before.yaml", out, *grades, "--date", "2022-03-31").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = organogram(COMM / "after.yaml", out, *grades, "--date", "2022-09-30")
    assert result.exit_code == 1
    assert f"orgchart: {out} holds an earlier release (" in result.output
    assert "give the last one as --previous" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_date_that_is_no_snapshot_warns(tmp_path: Path) -> None:
    result = organogram(CLA / "after.yaml", tmp_path / "r", *CLA_GRADES)
    assert result.exit_code == 0
    assert (
        f"{CLA / 'after.yaml'}: warning: 2020-06-12 is not a snapshot date: organograms are "
        "published as at 31 March and 30 September" in result.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "31/03/2026"], "--date takes a date as YYYY-MM-DD, got '31/03/2026'"),
        (["--levels", "2"], "--levels is not for --as organogram"),
        (
            ["--name-from", "PO6"],
            "--name-from 'PO6' is not one of the senior grades (Director, HOS, DHOS, SDM)",
        ),
        (["--senior-grades", ","], "--senior-grades takes grades, most senior first"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = organogram(CLA / "after.yaml", tmp_path / "r", *CLA_GRADES, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "r").exists()


def test_a_structure_the_layout_cannot_publish_writes_nothing(tmp_path: Path, write) -> None:
    path = write(
        """\
        name: X
        date: 2026-03-31
        grades: {SCS2: 100000}
        posts:
          - {id: D, title: Director, grade: SCS2}
          - {id: A, title: Adviser, reports_to: D, cost: 40000}
        """
    )
    out = tmp_path / "release"
    result = organogram(path, out)
    assert result.exit_code == 1
    assert (
        f"{path}:6: error: post 'A' has no grade: an organogram gives every post's grade"
        in result.output
    )
    assert not out.exists()
    assert "Traceback" not in result.output


def test_a_leak_writes_nothing(tmp_path: Path, write) -> None:
    path = write(
        """\
        name: X
        date: 2026-03-31
        grades: {SCS2: 100000, SCS1: 80000, EO: 30000}
        posts:
          - {id: D, title: Director, grade: SCS2, holder: Ann Lee}
          - {id: DD, title: Deputy Director, grade: SCS1, reports_to: D, holder: Jo Bloggs}
          - {id: PA, title: PA to Jo Bloggs, grade: EO, reports_to: DD}
          - {id: O, title: Officer, grade: EO, reports_to: DD, notes: "call 0113 222 4444"}
        """
    )
    out = tmp_path / "release"
    result = organogram(path, out)
    assert result.exit_code == 1
    assert (
        "x-2026-03-31-junior.csv:3: error: column 'Generic Job Title' holds the name of the "
        "holder of post 'DD', which is not published" in result.output
    )
    assert (
        "orgchart: the leak check found 1 thing(s) not for publication: nothing was written"
        in result.output
    )
    assert "Jo Bloggs" not in result.output.replace("PA to Jo Bloggs", "")
    assert not out.exists()
    # With no names at all, the name typed into a title is still looked for.
    redacted = organogram(path, out, "--redact")
    assert redacted.exit_code == 1
    assert "holds a holder's name, which --redact leaves out" in redacted.output
    assert "Jo Bloggs" not in redacted.output.replace("PA to Jo Bloggs", "")
    assert not out.exists()
    path.write_text(path.read_text().replace("PA to Jo Bloggs", "Personal Assistant"))
    assert organogram(path, out, "--redact").exit_code == 0
    assert {r["Name"] for r in rows(next(out.glob("*-senior.csv")))} == {"N/D"}


def test_transparency_as_csv_html_and_on_standard_output(tmp_path: Path) -> None:
    result = invoke("publish", CLA / "after.yaml", "--as", "transparency", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("Level,Post reference,Reports to,Job title,Grade,Unit,")
    page = tmp_path / "senior.html"
    assert invoke("publish", COMM / "after.yaml", "--as", "transparency", "-o", page).exit_code == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wrong = invoke("publish", COMM / "after.yaml", "--as", "transparency", "-o", tmp_path / "x.pdf")
    assert (
        wrong.exit_code == 2
        and "--as transparency writes .csv or .html, not 'x.pdf'" in wrong.output
    )
    export = tmp_path / "export.csv"
    export.write_bytes((CLA.parent / "hr-export-example.csv").read_bytes())
    clash = invoke("publish", export, "--as", "transparency", "-o", export)
    assert clash.exit_code == 2 and f"the output {export} is the input" in clash.output
    assert export.read_bytes() == (CLA.parent / "hr-export-example.csv").read_bytes()


def test_budgets_come_from_a_csv(tmp_path: Path) -> None:
    budgets = tmp_path / "budgets.csv"
    budgets.write_text("id,budget\nHOS-COMM,2500000\nCO-RS,lots\n", encoding="utf-8")
    result = invoke(
        "publish", COMM / "after.yaml", "--as", "transparency", "-o", "-", "--budgets", budgets
    )
    assert result.exit_code == 1
    assert f"{budgets}:3: error: row needs a post id and a budget of £0 or more" in result.output
    budgets.write_text("id,budget\nHOS-COMM,2500000\n", encoding="utf-8")
    result = invoke(
        "publish", COMM / "after.yaml", "--as", "transparency", "-o", "-", "--budgets", budgets
    )
    assert result.exit_code == 0
    assert ",HOS-COMM,CO-RS," in result.stdout and ",2500000\n" in result.stdout


def renumbered_file(source: Path, folder: Path) -> Path:
    """The structure with every id changed, as an HR export with new post numbers."""
    path = folder / "renumbered.yaml"
    path.write_text(to_yaml(renumbered(build(source).structure)[0]), encoding="utf-8")
    return path


def test_previous_references_are_kept_for_matched_posts(tmp_path: Path) -> None:
    last = tmp_path / "2020-03"
    assert organogram(CLA / "before.yaml", last, *CLA_GRADES, "--date", "2020-03-31").exit_code == 0
    source = renumbered_file(CLA / "after.yaml", tmp_path)
    after_args = (*CLA_GRADES, "--date", "2020-09-30")
    result = organogram(source, tmp_path / "2020-09", *after_args, "--previous", last)
    assert result.exit_code == 0, result.output
    before = {r["Post Unique Reference"]: r for r in rows(next(last.glob("*-senior.csv")))}
    after = {
        r["Post Unique Reference"]: r
        for r in rows(next((tmp_path / "2020-09").glob("*-senior.csv")))
    }
    # Matched by title and grade under matched managers: the same references as before.
    kept = {"DIR", "HOS-CLA", "HOS-EH", "DHOS-CLA", "SDM-CL"}
    assert kept <= after.keys() and kept <= before.keys()
    for ref in kept:
        assert after[ref]["Job Title"] == before[ref]["Job Title"]
    assert (
        f"note: {len(after) - sum(r.startswith('N') for r in after)} reference(s) kept"
        in result.output
    )
    # Without the last release, every post takes its new id.
    assert organogram(source, tmp_path / "fresh", *after_args).exit_code == 0
    assert {
        r["Post Unique Reference"][0] for r in rows(next((tmp_path / "fresh").glob("*-senior.csv")))
    } == {"N"}


def test_previous_must_name_one_release(tmp_path: Path) -> None:
    result = organogram(CLA / "after.yaml", tmp_path / "r", *CLA_GRADES, "--previous", tmp_path)
    assert result.exit_code == 2
    assert "the folder holds 0 senior CSVs; name the last release's senior CSV" in result.output


def test_the_readme_shows_the_release_as_it_is(tmp_path: Path) -> None:
    from ..conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"^```csv\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    assert len(shown) == 2
    out = tmp_path / "release"
    result = organogram(
        CLA / "after.yaml", out, "--date", "2020-09-30", "--organisation", "Leeds City Council",
        "--senior-grades", "Director,HOS,DHOS,SDM", "--name-from", "HOS",
    )  # fmt: skip
    assert result.exit_code == 0
    for excerpt, kind in zip(shown, ("senior", "junior"), strict=True):
        text = (out / f"leeds_city_council-2020-09-30-{kind}.csv").read_text(encoding="utf-8")
        assert text.startswith(excerpt)


def test_a_pay_too_large_to_be_a_figure_is_named(write, tmp_path: Path) -> None:
    # Found by the whole-CLI fuzz: a cost over a vanishing FTE is no salary.
    path = write(
        """\
        name: X
        date: 2026-03-31
        grades: {SCS2: 100000}
        posts:
          - {id: P0, title: Head, grade: SCS2, fte: 2.2250738585072014e-308, cost: 2}
        """
    )
    for layout, out in (("organogram", tmp_path / "r"), ("transparency", tmp_path / "t.csv")):
        result = invoke("publish", path, "--as", layout, "-o", out)
        assert result.exit_code == 1
        assert (
            f"{path}:5: error: post 'P0' has a pay for 1.0 FTE of £1,000,000,000,000 or more (its "
            "cost over its FTE), which is no salary" in result.output
        )
        assert not out.exists()
