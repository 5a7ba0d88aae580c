"""Every shipped UK organogram edition: loads with the right totals, or names its real defects."""

from __future__ import annotations

import csv
import itertools
import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build, check
from orgchart.cli import app
from orgchart.compare.diff import diff
from orgchart.compare.result import as_printed
from orgchart.errors import InvalidStructure
from orgchart.measure.metrics import cost_summary
from orgchart.present.render.dot import ChartOptions, to_dot
from orgchart.read import ReadOptions

from ..conftest import ORGANOGRAMS

runner = CliRunner()
# IPC 2011-03-31's head reports to itself, with no XX row: a top post, as the
# publishers read it. MoJ 2011-09-30 names a manager that is in no row.
BROKEN = {
    "ministry_of_justice-2011-09-30": {
        "post '146' reports to '131', which does not exist (did you mean '13'?)",
    },
}


def editions() -> list[str]:
    assert ORGANOGRAMS.is_dir(), f"organogram data not found at {ORGANOGRAMS}"
    return sorted(p.name.removesuffix("-senior.csv") for p in ORGANOGRAMS.glob("*-senior.csv"))


def rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def figure(text: str) -> float | None:
    try:
        return float(text.replace(",", "").replace("£", ""))
    except ValueError:
        return None  # N/D, N/A, blank, or words: not disclosed


def meaning(name: str) -> str:
    """A Name cell as a person reads it: 'Eliminated' (in quote marks, as
    published) is Eliminated."""
    return " ".join(name.replace("'", " ").replace('"', " ").split()).lower()


def expected_totals(edition: str) -> tuple[int, float, float]:
    """Posts, FTE and estimated cost computed straight from the CSVs, by the
    rules the README states, written apart from the loader."""
    senior = [
        r
        for r in rows(ORGANOGRAMS / f"{edition}-senior.csv")
        if meaning(r["Name"]) != "eliminated" and r["Post Unique Reference"] != "0"
    ]
    fte_by_ref: dict[str, float] = {}
    band_by_ref: dict[str, tuple[float | None, float | None]] = {}
    for row in senior:
        ref = row["Post Unique Reference"]
        fte_by_ref[ref] = fte_by_ref.get(ref, 0.0) + (figure(row["FTE"]) or 0.0)
        band_by_ref.setdefault(
            ref, (figure(row["Actual Pay Floor (£)"]), figure(row["Actual Pay Ceiling (£)"]))
        )
    posts = sum(max(1, math.ceil(f - 1e-9)) for f in fte_by_ref.values())
    fte = sum(f if f > 0 else 1.0 for f in fte_by_ref.values())  # FTE not given: one post
    cost = 0.0
    for ref, (low, high) in band_by_ref.items():
        if low is not None and high is not None and (low, high) != (0, 0):
            ftes = fte_by_ref[ref] if fte_by_ref[ref] > 0 else 1.0
            cost += (low + high) / 2 * ftes
    seen = set()
    for row in rows(ORGANOGRAMS / f"{edition}-junior.csv"):
        source = (row.get("source_file", ""), row.get("source_line", ""))
        if all(source) and source in seen:
            continue  # written once per holder of a job share
        seen.add(source)
        value = float(row["Number of Posts in FTE"])
        if value:
            posts += max(1, math.ceil(value - 1e-9))
            fte += value
            low, high = figure(row["Payscale Minimum (£)"]), figure(row["Payscale Maximum (£)"])
            if low is not None and high is not None and (low, high) != (0, 0):
                cost += (low + high) / 2 * value
    return posts, fte, cost


@pytest.mark.parametrize("edition", editions())
def test_each_edition_loads_or_names_its_defects(edition: str) -> None:
    path = ORGANOGRAMS / f"{edition}-senior.csv"
    if edition in BROKEN:
        with pytest.raises(InvalidStructure) as caught:
            build(path)
        errors = {i.message for i in caught.value.issues if i.severity == "error"}
        assert errors == BROKEN[edition]
        return
    built = build(path)
    posts, fte, cost = expected_totals(edition)
    total = cost_summary(built.structure).total
    assert total.posts == posts
    assert total.fte == pytest.approx(fte)
    assert total.cost == pytest.approx(cost, abs=1)


@pytest.mark.parametrize("edition", [e for e in editions() if e not in BROKEN])
def test_each_edition_renders_and_measures(edition: str) -> None:
    path = ORGANOGRAMS / f"{edition}-senior.csv"
    built = build(path)
    dot = to_dot(build(path, ReadOptions(redact=True)).graph, ChartOptions())
    assert dot.startswith("digraph orgchart {")
    assert "<I>" not in dot  # holders are the only italic text in a box
    assert "<I>" in to_dot(built.graph, ChartOptions()) or not any(
        p.holder for p in built.structure.posts
    )
    for command in ("span", "layers", "cost"):
        result = runner.invoke(app, [command, str(path), "--format", "json"])
        assert result.exit_code == 0, result.output


def consecutive() -> list[tuple[str, str]]:
    by_body: dict[str, list[str]] = {}
    for edition in editions():
        if edition not in BROKEN:
            by_body.setdefault(re.sub(r"-\d{4}-\d{2}-\d{2}$", "", edition), []).append(edition)
    return [(a, b) for eds in by_body.values() for a, b in itertools.pairwise(eds)]


@pytest.mark.parametrize(("old", "new"), consecutive())
def test_consecutive_editions_diff(old: str, new: str) -> None:
    a = build(ORGANOGRAMS / f"{old}-senior.csv")
    b = build(ORGANOGRAMS / f"{new}-senior.csv")
    result = diff(a.graph, b.graph)
    assert not result.empty
    # The totals as printed (to the pound, FTE to the hundredth), and their
    # difference is the difference of what is printed.
    assert result.summary.before == as_printed(cost_summary(a.structure).total)
    assert result.summary.after == as_printed(cost_summary(b.structure).total)
    summary = result.summary
    assert summary.delta.cost == summary.after.cost - summary.before.cost
    assert summary.delta.fte == round(summary.after.fte - summary.before.fte, 2)
    cli = runner.invoke(
        app,
        [
            "diff",
            "-q",
            str(ORGANOGRAMS / f"{old}-senior.csv"),
            str(ORGANOGRAMS / f"{new}-senior.csv"),
        ],
    )
    assert cli.exit_code == 1


def test_eliminated_posts_in_quote_marks_are_dropped() -> None:
    # As published: two Audit Commission rows are named 'Eliminated', in quote marks.
    path = ORGANOGRAMS / "audit_commission-2011-09-30-senior.csv"
    quoted = [r for r in rows(path) if r["Name"] == "'Eliminated'"]
    assert [r["Post Unique Reference"] for r in quoted] == ["58442", "32914"]
    posts, _fte, cost = expected_totals("audit_commission-2011-09-30")
    parsed, _issues = check(path)
    total = cost_summary(parsed.structure).total
    assert (total.posts, round(total.cost)) == (posts, round(cost)) == (1159, 55_243_480)
    assert not {"58442", "32914"} & {p.id for p in parsed.structure.posts}
    assert any("2 eliminated post(s) dropped: 32914, 58442" in n for n in parsed.notes)


def test_quirks() -> None:
    # job share: one post, FTE summed, both rows' holders
    parsed, issues = check(ORGANOGRAMS / "cabinet_office-2011-09-30-senior.csv")
    share = next(p for p in parsed.structure.posts if p.id == "103")
    assert share.total_fte == pytest.approx(1.59)
    assert any("job share '103'" in i.message for i in issues)
    # eliminated posts dropped and counted
    assert "NSG2" not in {p.id for p in parsed.structure.posts}
    assert any("1 eliminated post(s) dropped: NSG2" in n for n in parsed.notes)
    # several XX top posts: a warning, not an error
    assert any(i.message.startswith("3 top posts") and i.severity == "warning" for i in issues)
    # the senior CSVs carry a column with an empty header; it is read past
    with (ORGANOGRAMS / "cabinet_office-2011-09-30-senior.csv").open(encoding="utf-8") as handle:
        assert "" in next(csv.reader(handle))
    # U+FFFD from the original conversion stays as text
    assert any(
        "\ufffd" in (p.notes or "") + p.title + (p.unit or "")
        for p in build(ORGANOGRAMS / "cabinet_office-2011-03-31-senior.csv").structure.posts
    )
    # N/D pay is unknown, a pay band costs as an estimate
    summary = cost_summary(parsed.structure)
    assert summary.estimated and summary.uncosted


def test_junior_file_alone_finds_its_senior_file() -> None:
    junior = ORGANOGRAMS / "youth_justice_board-2011-09-30-junior.csv"
    assert (
        build(junior).structure
        == build(ORGANOGRAMS / "youth_justice_board-2011-09-30-senior.csv").structure
    )


def test_junior_rows_reporting_to_unknown_or_eliminated_posts(tmp_path: Path) -> None:
    source = ORGANOGRAMS / "cabinet_office-2011-09-30"
    senior = tmp_path / "body-2011-09-30-senior.csv"
    senior.write_text(Path(f"{source}-senior.csv").read_text(encoding="utf-8"), encoding="utf-8")
    lines = Path(f"{source}-junior.csv").read_text(encoding="utf-8").splitlines()
    # Rows of their own (a source_line of their own), under the eliminated
    # post and under no post.
    lines.insert(2, lines[1].replace('"CO118"', '"NSG2"').replace("juniorPosts2", "juniorPostsA"))
    lines.insert(3, lines[1].replace('"CO118"', '"NOPE"').replace("juniorPosts2", "juniorPostsB"))
    (tmp_path / "body-2011-09-30-junior.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(senior)])
    assert result.exit_code == 1
    junior = tmp_path / "body-2011-09-30-junior.csv"
    row = f"{junior}:3: error: junior row for 'NSG2' (Press Officer)"
    assert f"{row} reports to eliminated post 'NSG2'" in result.output
    row = f"{junior}:4: error: junior row for 'NOPE' (Press Officer)"
    assert f"{row} reports to 'NOPE', which is not a senior post" in result.output


def test_a_senior_file_with_no_junior_file_says_every_total_is_senior_posts_only(
    tmp_path: Path,
) -> None:
    # The edition's senior CSV alone, as often downloaded: its junior staff are not read.
    editions_alone = []
    for edition in ("youth_justice_board-2011-03-31", "youth_justice_board-2011-09-30"):
        alone = tmp_path / f"{edition}-senior.csv"
        alone.write_bytes((ORGANOGRAMS / f"{edition}-senior.csv").read_bytes())
        editions_alone.append(alone)
    before, after = editions_alone
    parsed, issues = check(after)
    assert parsed.structure.senior_only
    assert [str(i) for i in issues if "junior" in i.message] == [
        f"{after}: warning: no junior CSV beside it (youth_justice_board-2011-09-30-junior.csv): "
        "junior staff are missing, and every total counts senior posts only"
    ]
    assert not build(ORGANOGRAMS / after.name).structure.senior_only
    cost = runner.invoke(app, ["cost", str(after)])
    assert cost.exit_code == 0, cost.output
    total = [line for line in cost.stdout.splitlines() if line.startswith("total")]
    assert total and total[0].startswith("total (senior posts only)")
    result = runner.invoke(app, ["diff", str(before), str(after)])
    rows = [line.split("  ")[0] for line in result.stdout.splitlines()]
    for label in ("Before", "After", "Difference"):
        assert f"{label} (senior posts only)" in rows, result.stdout
    # JSON says it too, on every total.
    cost_json = json.loads(runner.invoke(app, ["cost", str(after), "-f", "json"]).stdout)
    assert cost_json["total"]["counts"] == "senior posts only"
    diff_json = json.loads(
        runner.invoke(app, ["diff", str(before), str(after), "-f", "json"]).stdout
    )
    assert {diff_json["summary"][s].get("counts") for s in ("before", "after", "delta")} == {
        "senior posts only"
    }
    whole_json = runner.invoke(app, ["cost", str(ORGANOGRAMS / after.name), "-f", "json"]).stdout
    assert "counts" not in json.loads(whole_json)["total"]
    report = tmp_path / "report.md"
    made = runner.invoke(app, ["report", str(before), str(after), "-o", str(report)])
    assert made.exit_code == 0, made.output
    assert "| Before (senior posts only) |" in report.read_text(encoding="utf-8")
    # A structure converted from it keeps the label.
    kept = tmp_path / "after.yaml"
    assert runner.invoke(app, ["convert", str(after), "-o", str(kept)]).exit_code == 0
    assert "senior_only: true" in kept.read_text(encoding="utf-8")
    assert "total (senior posts only)" in runner.invoke(app, ["cost", str(kept)]).stdout
    whole = runner.invoke(app, ["cost", str(ORGANOGRAMS / after.name)])
    assert "senior posts only" not in whole.output
