"""The two seed reports' figures, as the commands print them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app

from .conftest import CLA, COMM

runner = CliRunner()


def cost_json(path, by):
    result = runner.invoke(app, ["cost", str(path), "--by", by, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {g["key"]: g for g in data["groups"]}


def test_cla_sdm_grade_before_and_after():
    before = cost_json(CLA / "before.yaml", "grade")["SDM"]
    after = cost_json(CLA / "after.yaml", "grade")["SDM"]
    assert (before["fte"], before["cost"]) == (4.5, 323_500)
    assert (after["fte"], after["cost"]) == (3.0, 219_630)
    assert round(after["fte"] - before["fte"], 2) == -1.5
    assert after["cost"] - before["cost"] == -103_870


def test_cla_table_in_finance_style():
    result = runner.invoke(app, ["cost", str(CLA / "after.yaml"), "--by", "grade"])
    assert any(
        line.split() == ["SDM", "3", "3.00", "£219,630"] for line in result.stdout.splitlines()
    )


def test_cla_teams():
    before = build(CLA / "before.yaml").structure
    after = build(CLA / "after.yaml").structure
    cla_tms = [p for p in before.posts if p.id.startswith("TM-CLA-")]
    assert len(cla_tms) == 9 and {p.grade for p in cla_tms} == {"PO6"}
    moved = {p.id: p for p in after.posts if p.id in {"TM-KIN", "TM-SGO", "TM-PF"}}
    assert {p.unit for p in moved.values()} == {"Early Help"}
    assert {p.grade for p in moved.values()} == {"PO6"}
    assert {p.total_fte for p in moved.values()} == {1.0}


def test_commissioning_new_posts_and_funding():
    by_funding = cost_json(COMM / "after.yaml", "funding")
    assert (by_funding["OAWY"]["posts"], by_funding["OAWY"]["cost"]) == (2, 100_420)
    assert (by_funding["SAFE"]["posts"], by_funding["SAFE"]["cost"]) == (1, 55_588)
    before = build(COMM / "before.yaml").structure
    after = build(COMM / "after.yaml").structure
    new = {p.id: p for p in after.posts}.keys() - {p.id for p in before.posts}
    posts = {p.id: p for p in after.posts if p.id in new}
    assert sorted(p.grade or "" for p in posts.values()) == ["PO2", "PO4", "PO4"]
    from orgchart.measure.metrics import cost_summary

    assert cost_summary(after, posts=posts.values()).total.cost == 156_008
    safe = next(p for p in posts.values() if "SAFE" in p.funding)
    assert (safe.grade, safe.status.value, str(safe.end_date)) == (
        "PO4",
        "fixed_term",
        "2025-03-31",
    )
    assert all(p.status.value == "filled" for p in posts.values() if "OAWY" in p.funding)


def test_seeds_validate_without_errors():
    for path in (
        CLA / "before.yaml",
        CLA / "after.yaml",
        COMM / "before.yaml",
        COMM / "after.yaml",
    ):
        result = runner.invoke(app, ["validate", "--strict", str(path)])
        # The only warnings in the seeds are the real ones: the vacant SDM has
        # teams, and the permanent adoption posts outlive their grant.
        warned = {CLA / "before.yaml": "vacant but has reports", COMM / "after.yaml": "OAWY"}
        assert result.exit_code == (1 if path in warned else 0), result.output
        warnings = [line for line in result.output.splitlines() if ": warning: " in line]
        assert len(warnings) == (1 if path in warned else 0), result.output
        if path in warned:
            assert warned[path] in warnings[0]


def diff_json(before, after, *extra):
    result = runner.invoke(app, ["diff", str(before), str(after), "-f", "json", *extra])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_the_seed_proposals_give_the_reports_figures(tmp_path):
    # CLA, paragraph 4.4.3: 4.50 FTE, £323,500 -> 3.00 FTE, £219,630; saving 1.50 FTE, £103,870.
    out = tmp_path / "cla.yaml"
    result = runner.invoke(
        app, ["apply", str(CLA / "before.yaml"), str(CLA / "proposal.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    after = cost_json(out, "grade")["SDM"]
    assert (after["fte"], after["cost"]) == (3.0, 219_630)
    by_grade = {
        g["key"]: g
        for g in diff_json(CLA / "before.yaml", CLA / "proposal.yaml", "--by", "grade")["summary"][
            "by"
        ]
    }
    sdm = by_grade["SDM"]
    assert (sdm["before"]["fte"], sdm["before"]["cost"]) == (4.5, 323_500)
    assert (sdm["delta"]["fte"], sdm["delta"]["cost"]) == (-1.5, -103_870)
    # Commissioning, paragraph 14: OAWY £100,420 (two posts), SAFE £55,588 (one).
    by_funding = {
        g["key"]: g["delta"]
        for g in diff_json(COMM / "before.yaml", COMM / "proposal.yaml", "--by", "funding")[
            "summary"
        ]["by"]
    }
    assert (by_funding["OAWY"]["posts"], by_funding["OAWY"]["cost"]) == (2, 100_420)
    assert (by_funding["SAFE"]["posts"], by_funding["SAFE"]["cost"]) == (1, 55_588)
    # Part year from 10/11/2022: 4 whole months (Dec-Mar) and 21 of November's 30 days.
    result = runner.invoke(
        app,
        [
            "forecast",
            str(COMM / "before.yaml"),
            "--proposal",
            str(COMM / "proposal.yaml"),
            "-f",
            "json",
            "--years",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    first = {g["key"]: g["cost"] for g in json.loads(result.stdout)["years"][0]["groups"]}
    part = (4 + 21 / 30) / 12
    assert first["OAWY"] == round(100_420 * part, 2) and round(first["OAWY"]) == 39_331
    assert first["SAFE"] == round(55_588 * part, 2) and round(first["SAFE"]) == 21_772
