"""Organogram spans are honest: junior staff are published under a senior post,
not as its direct reports, so a span counts senior posts and the junior staff
are shown beneath each senior post in columns of their own."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.measure.metrics import layers_summary, span_rows

from ..conftest import ORGANOGRAMS
from ..read.test_organogram_quirks import edition, junior, senior

runner = CliRunner()


def small(tmp_path: Path) -> Path:
    """A permanent secretary over two directors general, one of them over a
    director; junior staff under three of the four."""
    seniors = [senior("1", "XX"), senior("2", "1"), senior("3", "1"), senior("4", "2")]
    juniors = [
        junior("1", "Private Secretary", "2", line="1"),
        junior("2", "Policy Adviser", "30", line="2"),
        junior("2", "Analyst", "4.5", line="3", Grade="HEO"),
        junior("4", "Caseworker", "12", line="4"),
    ]
    return edition(tmp_path, seniors, juniors)


def test_a_span_counts_senior_posts_and_juniors_have_their_own_columns(tmp_path):
    rows = {r.id: r for r in span_rows(build(small(tmp_path)).graph)}
    # 3 has neither senior reports nor junior staff: it manages nobody.
    assert set(rows) == {"1", "2", "4"}
    got = {k: (r.direct_reports, r.junior_posts, r.junior_fte, r.band) for k, r in rows.items()}
    assert got == {
        "1": (2, 2, 2.0, "micro team"),
        "2": (1, 35, 34.5, "one-to-one"),  # 4.5 FTE is at least 5 posts
        # A senior post with junior staff only has no senior span to band.
        "4": (0, 12, 12.0, None),
    }
    assert rows["1"].total_reports == 2 + 2 + 35 + 1 + 12


def test_layers_are_senior_layers_with_junior_staff_beneath(tmp_path):
    summary = layers_summary(build(small(tmp_path)).graph)
    got = [(r.layer, r.posts, r.junior_posts, r.junior_fte) for r in summary.rows]
    assert got == [(1, 1, 2, 2.0), (2, 2, 35, 34.5), (3, 1, 12, 12.0)]
    assert summary.layers == 3
    assert (summary.managers, summary.mean_span, summary.median_span) == (2, 1.5, 1.5)
    assert summary.bands["one-to-one"] == 0.5


def test_a_structure_without_junior_staff_has_no_junior_columns(write):
    path = write(
        """\
        name: Plain
        posts:
          - {id: A, title: Head}
          - {id: B, title: Officer, reports_to: A, count: 3}
        """
    )
    result = runner.invoke(app, ["span", str(path)])
    assert result.exit_code == 0, result.output
    assert "Junior" not in result.output
    rows = json.loads(runner.invoke(app, ["span", str(path), "-f", "json"]).output)
    assert "junior_posts" not in rows[0]


def test_the_commands_say_so_once(tmp_path):
    path = small(tmp_path)
    for command in ("span", "layers"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
        assert result.output.count("junior staff") == 1, result.output
        assert "Junior staff" in result.output
    rows = json.loads(runner.invoke(app, ["span", str(path), "-f", "json"]).stdout)
    assert {r["id"]: r["junior_posts"] for r in rows} == {"1": 2, "2": 35, "4": 12}
    assert next(r for r in rows if r["id"] == "4")["band"] is None


def test_junior_posts_round_trip_through_yaml_and_csv(tmp_path):
    """A structure converted from an organogram still knows its junior staff."""
    path = small(tmp_path)
    expected = {r.id: (r.direct_reports, r.junior_posts) for r in span_rows(build(path).graph)}
    for suffix in ("yaml", "csv"):
        out = tmp_path / f"converted.{suffix}"
        result = runner.invoke(app, ["convert", str(path), "-o", str(out), "--lossy"])
        assert result.exit_code == 0, result.output
        rows = span_rows(build(out).graph)
        assert {r.id: (r.direct_reports, r.junior_posts) for r in rows} == expected
        spans = json.loads(runner.invoke(app, ["span", str(out), "-f", "json"]).stdout)
        assert {r["id"]: r["direct_reports"] for r in spans} == {"1": 2, "2": 1, "4": 0}


def senior_spans(edition_name: str) -> Counter[str]:
    """Each live senior post's senior reports, counted from the CSV apart from the
    loader: posts (a reference's rows, FTE added, at least one post) by manager."""
    path = ORGANOGRAMS / f"{edition_name}-senior.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if r["Name"].strip().lower() != "eliminated" and r["Post Unique Reference"] != "0"
        ]
    fte: dict[str, float] = {}
    manager: dict[str, str] = {}
    for row in rows:
        ref = row["Post Unique Reference"]
        try:
            fte[ref] = fte.get(ref, 0.0) + float(row["FTE"])
        except ValueError:
            fte.setdefault(ref, 0.0)
        manager.setdefault(ref, row["Reports to Senior Post"])
    spans: Counter[str] = Counter()
    for ref, boss in manager.items():
        if boss not in ("XX", "xx", ref):
            spans[boss] += max(1, math.ceil(fte[ref] - 1e-9))
    return spans


@pytest.mark.parametrize(
    "edition_name", ["department_of_health-2011-03-31", "ministry_of_defence-2015-03-31"]
)
def test_real_editions_span_senior_posts_only(edition_name):
    built = build(ORGANOGRAMS / f"{edition_name}-senior.csv")
    rows = span_rows(built.graph)
    assert {r.id: r.direct_reports for r in rows if r.direct_reports} == dict(
        senior_spans(edition_name)
    )
    juniors = sum(p.count for p in built.structure.posts if p.junior)
    assert juniors > 0
    assert sum(r.junior_posts for r in rows) == juniors


def test_the_span_rule_counts_senior_posts_and_says_so(tmp_path):
    from orgchart.measure.rules import check_file
    from orgchart.read.rules import load_rules

    [span] = [r for r in check_file(small(tmp_path), load_rules("spans-layers")).results][:1]
    # Seniors only: 1 has 2 senior reports, 2 has 1; 4 (junior staff only) is no manager.
    assert {f.id: f.detail for f in span.failures} == {
        "1": "2 reports, fewer than 3",
        "2": "1 report, fewer than 3",
    }
    assert span.shown == "2 of 2"
    assert sum("junior staff" in n for n in span.notes) == 1
