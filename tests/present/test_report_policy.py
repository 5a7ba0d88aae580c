"""The report's "Policy checks" section: each rule before and after, its figure
and result, what the restructure changes, and what fails after it. Figures
are checked against `orgchart check --format json` on each structure."""

from __future__ import annotations

import json

import docx
import pytest

from ..conftest import CLA, COMM
from .test_report import docx_tables, invoke, write_report


def checked(path, rules: str = "spans-layers") -> dict[str, dict]:
    data = json.loads(invoke("check", path, "--rules", rules, "-f", "json").stdout)
    return {r["rule"]: r for r in data["files"][0]["results"]}


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_word_holds_each_rule_before_and_after_as_check_finds_it(tmp_path, pair):
    out = write_report(tmp_path, pair, ".docx", "--rules", "spans-layers")
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "7. Policy checks" in headings
    rows = docx_tables(out)["Policy checks, before and after"]
    assert rows[0] == ["Rule", "Threshold", "Before", "Result before", "After", "Result after"]
    before, after = checked(pair / "before.yaml"), checked(pair / "after.yaml")
    for rule, threshold, was, was_result, now, now_result in rows[1:]:
        assert (threshold, was, was_result) == (
            before[rule]["threshold"],
            before[rule]["shown"],
            before[rule]["outcome"],
        )
        assert (now, now_result) == (after[rule]["shown"], after[rule]["outcome"])
    failing = docx_tables(out)["What fails the rules after the change"]
    expected = {(r, f["id"]) for r, v in after.items() for f in v["failures"]}
    assert {(row[0], row[1]) for row in failing[1:]} == expected


def test_what_the_cla_realignment_changes(tmp_path):
    text = write_report(tmp_path, CLA, ".md", "--rules", "spans-layers").read_text("utf-8")
    section = text.split("## 7. Policy checks", 1)[1].split("## Appendix", 1)[0]
    assert "| span | 3 to 16 reports | 2 of 8 | fail | 3 of 9 | fail |" in section
    assert (
        "- span, managers outside the span: 2 of 8 → 3 of 9 (fails before and after); "
        "now failing: HOS-CLA." in section
    )
    # layers, one-to-one and grade order do not change: not listed as changes
    assert "- layers" not in section and "- one-to-one" not in section
    # a note the two sides share is said once
    assert section.count("Grade order inferred from the grades' costs") == 1
    assert "Before, span: Managers by span band" in section


def test_what_the_commissioning_posts_change(tmp_path):
    html = write_report(tmp_path, COMM, ".html", "--rules", "spans-layers").read_text("utf-8")
    assert "<h2>7. Policy checks</h2>" in html
    assert (
        "<li>one-to-one, managers with one report: 5 of 6 (83%) → 4 of 7 (57%) (fails before "
        "and after); now failing: CM-OAWY; no longer failing: CPM-CSC, CPM-LEH.</li>"
    ) in html


def test_the_files_own_rules_need_no_option(tmp_path, write):
    before = write((CLA / "before.yaml").read_text("utf-8"), "before.yaml")
    after_text = (CLA / "after.yaml").read_text("utf-8")
    ruled = after_text.replace("posts:\n", "rules:\n  - layers: {max: 4}\nposts:\n", 1)
    after = write(ruled, "after.yaml")
    out = tmp_path / "r.md"
    assert invoke("report", before, after, "-o", out).exit_code == 0
    section = out.read_text("utf-8").split("## 7. Policy checks", 1)[1]
    assert "| layers | at most 4 | 5 | fail | 5 | fail |" in section


def test_one_structure_has_its_policy_checks(tmp_path):
    out = tmp_path / "one.md"
    result = invoke("report", CLA / "after.yaml", "-o", out, "--rules", "spans-layers")
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "## 5. Policy checks" in text
    assert "| span | 3 to 16 reports | 3 of 9 | fail |" in text


def test_no_rules_no_section(tmp_path):
    text = write_report(tmp_path, CLA, ".md").read_text("utf-8")
    assert "Policy checks" not in text


def test_wrong_rules_write_nothing(tmp_path):
    out = tmp_path / "r.html"
    result = invoke("report", CLA / "before.yaml", CLA / "after.yaml", "-o", out, "--rules", "x")
    assert result.exit_code == 2
    assert "unknown rules pack 'x'" in result.stderr
    assert not out.exists()


HOSTILE = "<script>alert(1)</script> **bold** | pipe"


def test_a_failing_post_s_title_stays_text(tmp_path, write):
    text = (
        (CLA / "after.yaml")
        .read_text("utf-8")
        .replace("title: Director of Children and Families", f"title: '{HOSTILE}'")
    )
    before = write((CLA / "before.yaml").read_text("utf-8"), "before.yaml")
    after = write(text, "after.yaml")
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    for out in (html_out, md_out):
        assert invoke("report", before, after, "-o", out, "--rules", "spans-layers").exit_code == 0
    html = html_out.read_text("utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = md_out.read_text("utf-8").split("## 7. Policy checks", 1)[1]
    assert "\\<script\\>" in md and "\\| pipe" in md


def test_two_editions_kept_references_after_against_before(tmp_path):
    from ..conftest import ORGANOGRAMS

    old, new = (
        ORGANOGRAMS / f"youth_justice_board-{d}-senior.csv" for d in ("2011-03-31", "2011-09-30")
    )
    out = tmp_path / "yjb.md"
    result = invoke("report", old, new, "-o", out, "--rules", "organogram")
    assert result.exit_code == 0, result.output
    section = out.read_text("utf-8").split("## 7. Policy checks", 1)[1]
    assert (
        "| kept-references | at least 50% | no edition before it was given | not checked "
        "| 0 of 15 (0%) | fail |" in section
    )
