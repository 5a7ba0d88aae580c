"""The report's money: full-year and part-year effect, the change by financial
year, funding cliffs and what each regrade or change of FTE costs.

Expected figures are worked out here from the seed report's own numbers
(/work/shared/seeds/commissioning-posts-2022.txt: OAWY £100,420 a year for a
permanent PO4 and PO2, SAFE £55,588 for a PO4 fixed term to 31/03/2025, from
the decision of 10/11/2022) and the forecast's rule of months, and checked
against `diff --format json`, not against the report's code.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import docx
import pytest

from ..conftest import CLA, COMM
from .test_report import docx_tables, invoke, number, write_report

OAWY, SAFE = 100_420, 55_588
# From 10 November to 31 March: 21 of November's 30 days, then four whole months.
PART = Fraction(4) + Fraction(21, 30)


def pounds(value: Fraction | float) -> int:
    """Rounded as money is printed: to the pound, halves away from zero."""
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def money_tables(path: Path) -> dict[str, list[list[str]]]:
    return docx_tables(path)


@pytest.fixture(scope="module")
def comm(tmp_path_factory) -> dict[str, list[list[str]]]:
    out = write_report(tmp_path_factory.mktemp("comm"), COMM, ".docx", "--effective", "2022-11-10")
    return money_tables(out)


def test_part_year_effect_of_the_three_posts_from_the_decision_date(comm):
    rows = {r[0]: r[1:] for r in comm["Full-year and part-year effect"][1:]}
    assert [number(v) for v in rows["Full year"][1:]] == [538_840, 538_840 + OAWY + SAFE, 156_008]
    part = rows["Part year 2022/23"]
    assert part[0] == "2022-11-10 to 2023-03-31"
    assert number(part[3]) == pounds((OAWY + SAFE) * PART / 12) == 61_103
    figures = json.loads(
        invoke(
            "diff",
            COMM / "before.yaml",
            COMM / "after.yaml",
            "-f",
            "json",
            "--effective",
            "2022-11-10",
        ).stdout
    )["summary"]["part_year"]
    assert number(part[3]) == pounds(figures["delta"])
    assert number(part[1]) == pounds(figures["before"])
    assert number(part[2]) == pounds(figures["after"])


def test_change_by_financial_year_before_after_and_change(comm):
    table = comm["Cost by financial year: before, after and change"]
    assert table[0] == ["Year", "Before", "After", "Change"]
    rows = {r[0]: [number(v) for v in r[1:]] for r in table[1:]}
    new_posts = {
        # The posts start on 10/11/2022: the part year.
        "2022/23": pounds((OAWY + SAFE) * PART / 12),
        "2023/24": OAWY + SAFE,
        "2024/25": OAWY + SAFE,
        # SAFE's post is fixed term to 31/03/2025; OAWY's two are permanent.
        "2025/26": OAWY,
    }
    assert list(rows) == list(new_posts)
    for year, cost in new_posts.items():
        assert rows[year] == [538_840, 538_840 + cost, cost], year


def test_funding_cliffs_and_who_pays_by_year(comm):
    cliffs = comm["Funding cliffs"]
    assert cliffs[1:] == [["OAWY", "2025-03-31", "2", "£100,420"]]
    by_year = {r[0]: r for r in comm["Cost by financial year and who pays"][1:]}
    headers = comm["Cost by financial year and who pays"][0]
    oawy = headers.index("OAWY")
    assert number(by_year["2022/23"][oawy]) == pounds(OAWY * PART / 12) == 39_331


def reconciles(table: list[list[str]], before: int, after: int, change: int) -> None:
    for row in table[1:]:
        assert number(row[after]) - number(row[before]) == number(row[change]), row


def test_every_money_table_reconciles_as_printed(tmp_path):
    # 9/12 of a year: the CLA change's part year is (£77,902.50), a half pound.
    out = write_report(tmp_path, CLA, ".docx", "--effective", "2020-07-01")
    tables = money_tables(out)
    part = {r[0]: r for r in tables["Full-year and part-year effect"][1:]}["Part year 2020/21"]
    # Before £1,596,375, after £1,518,472.50: printed £1,518,473, so the difference
    # printed is (£77,902), within half a pound of the true one, as it reads.
    assert abs(number(part[4]) - Fraction(-103_870) * 9 / 12) <= Fraction(1, 2)
    assert number(part[3]) - number(part[2]) == number(part[4]) == -77_902
    reconciles(tables["Full-year and part-year effect"], 2, 3, 4)
    reconciles(tables["Cost by financial year: before, after and change"], 1, 2, 3)
    reconciles(tables["Summary by group"], 4, 5, 6)
    reconciles(tables["Summary by group"], 1, 2, 3)
    summary = {r[0]: [number(v) for v in r[1:]] for r in tables["Summary"][1:]}
    assert [a - b for a, b in zip(summary["After"], summary["Before"], strict=True)] == summary[
        "Difference"
    ]


@pytest.fixture
def regraded(write) -> tuple[Path, Path]:
    head = """\
        name: {name}
        date: 2024-01-15
        grades: {{PO4: 46000, PO6: 52120}}
        posts:
          - {{id: HEAD, title: Head, cost: 90000}}
"""
    before = write(
        head.format(name="Before")
        + """\
          - {id: CM, title: Commissioning Manager, grade: PO4, reports_to: HEAD}
          - {id: CO, title: Commissioning Officer, grade: PO4, reports_to: HEAD}
          - {id: SW, title: Social Worker, grade: PO4, reports_to: HEAD}
        """,
        "before.yaml",
    )
    after = write(
        head.format(name="After")
        + """\
          - {id: CM, title: Commissioning Manager, grade: PO6, reports_to: HEAD}
          - {id: CO, title: Commissioning Officer, grade: PO4, fte: 0.5, reports_to: HEAD}
          - {id: SW, title: Social Worker, grade: PO6, fte: 0.5, reports_to: HEAD}
        """,
        "after.yaml",
    )
    return before, after


def test_each_regrade_or_change_of_fte_shows_what_it_costs_a_year(tmp_path, regraded):
    before, after = regraded
    out = tmp_path / "regrade.docx"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    tables = money_tables(out)
    effects = {r[0]: r[1:] for r in tables["Posts regraded or changed in FTE"][1:]}
    assert tables["Posts regraded or changed in FTE"][0] == [
        "Post",
        "Title",
        "Change",
        "Cost before",
        "Cost after",
        "Change a year",
    ]
    # PO6 less PO4: £52,120 - £46,000 = £6,120.
    assert effects["CM"] == [
        "Commissioning Manager",
        "grade PO4 → PO6",
        "£46,000",
        "£52,120",
        "£6,120",
    ]
    assert effects["CO"][1:] == ["FTE 1.00 → 0.50", "£46,000", "£23,000", "(£23,000)"]
    assert effects["SW"][1:] == [
        "grade PO4 → PO6, FTE 1.00 → 0.50",
        "£46,000",
        "£26,060",
        "(£19,940)",
    ]
    words = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Commissioning Manager (CM): grade PO4 → PO6: +£6,120 a year." in words
    assert "Commissioning Officer (CO): FTE 1.00 → 0.50: −£23,000 a year." in words
    # The total of the effects is the change in annual cost.
    total = sum(number(r[5]) for r in tables["Posts regraded or changed in FTE"][1:])
    summary = {r[0]: r for r in tables["Summary"][1:]}
    assert total == number(summary["Difference"][3]) == 6_120 - 23_000 - 19_940


def test_match_title_pairs_renumbered_posts_as_diff_does(tmp_path, write):
    before = write(
        """\
        name: Before
        posts:
          - {id: A1, title: Head, cost: 1000}
          - {id: B1, title: Officer, grade: G1, cost: 500, reports_to: A1}
        """,
        "before.yaml",
    )
    after = write(
        """\
        name: After
        posts:
          - {id: A2, title: Head, cost: 1000}
          - {id: B2, title: Officer, grade: G1, cost: 500, reports_to: A2}
        """,
        "after.yaml",
    )
    out = tmp_path / "m.md"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Deletes 2 posts (2.00 FTE), creates 2 posts (2.00 FTE)" in out.read_text()
    assert "renumbered" in result.output
    assert "--match title" in result.output
    result = invoke("report", before, after, "-o", out, "--match", "title")
    assert result.exit_code == 0, result.output
    assert "Deletes none, creates none" in out.read_text()
    expected = json.loads(invoke("diff", before, after, "-f", "json", "--match", "title").stdout)
    assert expected["added"] == expected["removed"] == []


def test_years_and_a_bad_effective_date(tmp_path):
    out = write_report(tmp_path, COMM, ".docx", "--years", "6")
    table = money_tables(out)["Cost by financial year: before, after and change"]
    assert [r[0] for r in table[1:]] == [f"20{y}/{y + 1}" for y in range(22, 28)]
    result = invoke(
        "report",
        COMM / "before.yaml",
        COMM / "after.yaml",
        "-o",
        tmp_path / "x.md",
        "--effective",
        "2022-13-01",
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.md").exists()
    result = invoke(
        "report",
        COMM / "before.yaml",
        COMM / "after.yaml",
        "-o",
        tmp_path / "x.md",
        "--years",
        "0",
    )
    assert result.exit_code == 2
