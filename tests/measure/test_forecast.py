"""Money over time: the forecast, part years, funding that ends, and the checks on dates."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from orgchart.build import build, check
from orgchart.cli import app
from orgchart.measure.forecast import forecast
from orgchart.money import BadYear, months, parse_year

from ..conftest import COMM

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def by_year(path, *args: object) -> dict[str, dict[str, float]]:
    result = invoke("forecast", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {y["year"]: {g["key"]: g["cost"] for g in y["groups"]} for y in data["years"]}


def share_of_year(first: dt.date, last: dt.date) -> float:
    """Months of first..last as the council's finance rule counts them, written
    out day by day here, apart from the code: a day is 1/days-in-its-month."""
    total, day = 0.0, first
    while day <= last:
        total += 1 / calendar.monthrange(day.year, day.month)[1]
        day += dt.timedelta(days=1)
    return total / 12


def test_seed_forecast_by_funding():
    years = by_year(COMM / "after.yaml", "--by", "funding")
    assert list(years) == ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27"]
    # Created from the decision date, 10 November 2022: part of 2022/23.
    part = share_of_year(dt.date(2022, 11, 10), dt.date(2023, 3, 31))
    assert years["2022/23"]["OAWY"] == pytest.approx(100_420 * part, abs=0.01)
    assert years["2022/23"]["SAFE"] == pytest.approx(55_588 * part, abs=0.01)
    # The recharge, 0.8 of the lead's PO6 (£64,000), runs the whole grant.
    assert years["2022/23"]["SAFE-LEAD"] == 51_200
    for year in ("2023/24", "2024/25"):
        assert (years[year]["OAWY"], years[year]["SAFE"], years[year]["SAFE-LEAD"]) == (
            100_420,
            55_588,
            51_200,
        )
        assert "unfunded" not in years[year]
    for year in ("2025/26", "2026/27"):
        # The SAFE post has ended; the permanent adoption posts go on unfunded;
        # the lead's post returns to the core budget that paid it before.
        assert {"OAWY", "SAFE", "SAFE-LEAD"}.isdisjoint(years[year])
        assert years[year]["unfunded"] == 100_420


def test_seed_forecast_totals_add_up_to_the_structure_cost():
    # A full year in which every post exists all year costs the annual total.
    cost = invoke("cost", COMM / "after.yaml", "--format", "json")
    total = json.loads(cost.stdout)["total"]["cost"]
    years = by_year(COMM / "after.yaml")
    assert sum(years["2023/24"].values()) == pytest.approx(total)
    # From 2025/26 the SAFE post is gone.
    assert sum(years["2025/26"].values()) == pytest.approx(total - 55_588)


def test_seed_cliff_warning_in_validate_and_forecast():
    message = (
        "2 permanent posts, £100,420 a year, are funded by OAWY, which ends 2025-03-31: "
        "from 2025/26 this cost has no funding"
    )
    assert message in invoke("validate", COMM / "after.yaml").output
    result = invoke("forecast", COMM / "after.yaml", "--format", "json")
    data = json.loads(result.stdout)
    assert data["warnings"] == [message]
    assert data["cliffs"] == [
        {
            "source": "OAWY",
            "end": "2025-03-31",
            "posts": ["CM-OAWY", "COF-OAWY"],
            "annual_cost": 100_420.0,
        }
    ]
    table = invoke("forecast", COMM / "after.yaml").stdout
    assert "Funding cliffs" in table
    assert any(line.split()[:3] == ["OAWY", "2025-03-31", "2"] for line in table.splitlines())


def test_every_format(tmp_path):
    for fmt in ("table", "json", "csv", "markdown"):
        result = invoke("forecast", COMM / "after.yaml", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "2024/25" in result.stdout


SMALL = """\
name: Small
date: 2024-06-01
grades: {A: 12000}
funding_sources:
  GRANT: {name: A grant, start: 2024-04-01, end: 2025-09-30}
posts:
  - {id: HEAD, title: Head, grade: A}
  - {id: NEW, title: New post, grade: A, start_date: 2024-12-01, reports_to: HEAD}
  - {id: HALF, title: Half grant, grade: A, funding: {GRANT: 0.5}, reports_to: HEAD}
"""


def test_a_post_starting_in_december_costs_four_twelfths(write):
    years = by_year(write(SMALL), "--by", "grade", "--years", "2")
    # HEAD and HALF all year, NEW from 1 December: 4 months of 12.
    assert years["2024/25"]["A"] == 12_000 * 2 + 12_000 * 4 / 12
    assert years["2025/26"]["A"] == 36_000


def test_a_share_becomes_unfunded_the_day_its_source_ends(write):
    years = by_year(write(SMALL), "--years", "2")
    assert years["2024/25"]["GRANT"] == 6_000
    # The grant pays April to September 2025: six months of its £6,000 share.
    assert years["2025/26"]["GRANT"] == 3_000
    assert years["2025/26"]["unfunded"] == 3_000
    assert years["2025/26"]["core"] == 12_000 + 12_000 + 6_000


def test_a_source_that_has_not_started_does_not_pay(write):
    text = SMALL.replace("start: 2024-04-01", "start: 2024-10-01")
    years = by_year(write(text), "--years", "1")
    assert years["2024/25"]["GRANT"] == 3_000
    assert years["2024/25"]["unfunded"] == 3_000


def test_a_recharge_returns_to_core(write):
    text = SMALL.replace("end: 2025-09-30}", "end: 2025-09-30, after_end: core}")
    years = by_year(write(text), "--years", "2")
    assert "unfunded" not in years["2025/26"]
    assert years["2025/26"]["core"] == 12_000 * 2 + 6_000 + 3_000
    assert "no funding" not in invoke("validate", write(text)).output


def test_year_start_moves_the_years(write):
    path = write(SMALL)
    result = invoke("forecast", path, "--year-start", "01-01", "--years", "1", "-f", "json")
    year = json.loads(result.stdout)["years"][0]
    assert (year["year"], year["start"], year["end"]) == ("2024", "2024-01-01", "2024-12-31")
    in_file = write(SMALL.replace("date: 2024-06-01", "date: 2024-06-01\nyear_start: 09-01"))
    year = json.loads(invoke("forecast", in_file, "-f", "json").stdout)["years"][0]
    assert (year["year"], year["start"], year["end"]) == ("2023/24", "2023-09-01", "2024-08-31")


def test_from_names_the_first_year(write):
    years = by_year(write(SMALL), "--from", "2026/27", "--years", "1")
    assert list(years) == ["2026/27"]


def test_months_count_part_months_by_days():
    assert months(dt.date(2024, 4, 1), dt.date(2025, 3, 31)) == 12
    assert months(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == 1
    assert months(dt.date(2024, 2, 15), dt.date(2024, 2, 29)) == pytest.approx(15 / 29)
    assert months(dt.date(2024, 3, 2), dt.date(2024, 3, 1)) == 0


@pytest.mark.parametrize("text", ["2024/25", "2024-25", "2024/2025"])
def test_financial_year_names(text):
    year = parse_year(text, (4, 1))
    assert (year.start, year.end, year.label) == (
        dt.date(2024, 4, 1),
        dt.date(2025, 3, 31),
        "2024/25",
    )


@pytest.mark.parametrize("text", ["2024/26", "24/25", "2024", "next year", ""])
def test_not_financial_years(text):
    with pytest.raises(BadYear):
        parse_year(text, (4, 1))


# The checks on dates: each a warning in validate, on a small fixture.

CHECKS = """\
name: Checks
date: 2024-06-01
grades: {A: 10000}
funding_sources:
  ENDS: {name: Ends, end: 2025-03-31}
  UNUSED: Never used
posts:
  - {id: HEAD, title: Head, grade: A}
  - {id: PERM, title: Permanent, grade: A, funding: {ENDS: 1.0}, reports_to: HEAD}
  - id: FIXED
    title: Fixed term
    grade: A
    status: fixed_term
    end_date: 2026-03-31
    funding: {ENDS: 0.5}
    reports_to: HEAD
  - {id: ACTING, title: Acting, grade: A, status: acting, end_date: 2024-01-31, reports_to: HEAD}
"""


def warnings_of(path) -> dict[str | None, list[str]]:
    _, issues = check(path)
    assert not [i for i in issues if i.severity == "error"], issues
    found: dict[str | None, list[str]] = {}
    for issue in issues:
        found.setdefault(issue.post, []).append(issue.message)
    return found


def test_date_and_funding_warnings(write):
    found = warnings_of(write(CHECKS))
    assert found["PERM"] == [
        "1 permanent post, £10,000 a year, is funded by ENDS, which ends 2025-03-31: "
        "from 2025/26 this cost has no funding"
    ]
    assert found["FIXED"] == [
        "post 'FIXED' ends 2026-03-31, after its funding from ENDS ends 2025-03-31"
    ]
    assert found["ACTING"] == [
        "post 'ACTING' ended on 2024-01-31 before the structure's date 2024-06-01"
    ]
    assert found[None] == ["funding source 'UNUSED' is used by no post"]


def test_no_warnings_when_dates_agree(write):
    fine = CHECKS.replace("end_date: 2026-03-31", "end_date: 2025-03-31")
    fine = fine.replace("{ENDS: 1.0}", "{}").replace("2024-01-31", "2024-12-31")
    fine = fine.replace("  UNUSED: Never used\n", "")
    assert warnings_of(write(fine)) == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("start_date: 2024-12-01", "start_date: 2024-13-01"), "2024-13-01"),
        (("start_date: 2024-12-01", "start_date: soon"), "start_date"),
        (("start_date: 2024-12-01", "start_date: 2024-12-01, end_date: 2024-11-01"), "before"),
        (("start: 2024-04-01, end: 2025-09-30", "start: 2025-04-01, end: 2024-09-30"), "before"),
        (("{GRANT: 0.5}", "{GRANT: 0.7, OTHER: 0.6}"), "more than 1"),
        (("{GRANT: 0.5}", "{GRNT: 0.5}"), "'GRNT' is not in funding_sources (did you mean"),
        (("date: 2024-06-01", "date: 2024-06-01\nyear_start: 13-01"), "year_start"),
    ],
)
def test_bad_dates_and_funding_name_file_and_line(write, change, message):
    path = write(SMALL.replace(*change))
    result = invoke("forecast", path)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert f"{path}:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args", [("--from", "2024"), ("--from", "2024/26"), ("--year-start", "02-30")]
)
def test_bad_years_are_refused(write, args):
    result = invoke("forecast", write(SMALL), *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert args[1] in result.output


def test_no_date_and_no_from(write):
    result = invoke("forecast", write(SMALL.replace("date: 2024-06-01\n", "")))
    assert result.exit_code == 1
    assert "no date" in result.output


def test_dated_sources_round_trip(tmp_path):
    out = tmp_path / "copy.yaml"
    assert invoke("convert", COMM / "after.yaml", "-o", out).exit_code == 0
    assert build(out).structure == build(COMM / "after.yaml").structure


# The diff's part-year effect.


def test_diff_part_year_effect(write):
    old = "  - {id: OLD, title: Old post, grade: A, reports_to: HEAD}"
    before = write(SMALL.replace(SMALL.splitlines()[-2], old), "before.yaml")
    after = write(SMALL, "after.yaml")
    result = invoke("diff", before, after, "--effective", "2024-10-15", "-f", "json")
    part = json.loads(result.stdout)["summary"]["part_year"]
    # OLD (all year) is replaced by NEW (from 1 December): from 15 October to
    # 31 March the change saves OLD's cost until NEW starts.
    saved = 12_000 * share_of_year(dt.date(2024, 10, 15), dt.date(2024, 11, 30))
    assert (part["year"], part["start"], part["end"]) == ("2024/25", "2024-10-15", "2025-03-31")
    assert part["delta"] == pytest.approx(-saved, abs=0.01)
    text = invoke("diff", before, after, "--effective", "2024-10-15").stdout
    assert "Part year 2024/25" in text and "Full year" in text


def test_diff_shows_funding_end_dates():
    result = invoke("diff", COMM / "before.yaml", COMM / "after.yaml")
    lines = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert any("CM-SAFE" in line and "SAFE funding to 2025-03-31" in line for line in lines)
    assert any("CM-OAWY" in line and "OAWY funding to 2025-03-31" in line for line in lines)


def test_library_forecast_needs_a_start(write):
    structure = build(write(SMALL.replace("date: 2024-06-01\n", ""))).structure
    with pytest.raises(BadYear):
        forecast(structure)
    assert forecast(structure, first="2024/25", years=1).years[0].total > 0


# HR systems write "no end date" as the calendar's last day.
OPEN_ENDED = """\
name: Grant team
date: 2024-04-01
funding_sources:
  G: {name: Grant, start: 0001-01-01, end: 9999-12-31}
posts:
  - {id: A, title: Head, cost: 60000}
  - {id: B, title: Officer, cost: 30000, reports_to: A, funding: {G: 0.5}}
  - {id: C, title: Officer, cost: 30000, reports_to: A, end_date: 9999-12-31}
"""


def test_a_source_open_ended_to_9999_12_31_has_no_end(write):
    path = write(OPEN_ENDED)
    for command in (["validate"], ["cost"], ["forecast"], ["span"]):
        result = invoke(*command, path)
        assert result.exit_code == 0, (command, result.output)
        assert "warning:" not in result.output  # no funding cliff at the end of time
    years = by_year(path)
    # The grant pays half of B every year; nothing is unfunded.
    assert years["2024/25"] == {"G": 15_000, "core": 105_000}
    assert years["2028/29"] == years["2024/25"]
    structure = build(path).structure
    assert forecast(structure, first="2024/25").cliffs == []
    report = invoke("report", path, path, "-o", path.parent / "report.md")
    assert report.exit_code == 0, report.output


def test_the_calendars_last_years_are_a_message_not_a_crash(write):
    path = write(OPEN_ENDED)
    result = invoke("forecast", path, "--from", "9998/99")
    assert result.exit_code == 1, result.output
    assert "9999-12-31" in result.output and "internal error" not in result.output
    # A year that ends on the calendar's last day is still a year.
    years = by_year(path, "--from", "9999", "--year-start", "01-01", "--years", "1")
    assert years == {"9999": {"G": 15_000, "core": 105_000}}
    assert months(dt.date(9999, 12, 1), dt.date.max) == 1.0
    for effective in ("9999-12-31", "0001-01-01"):
        result = invoke("diff", path, path, "--effective", effective)
        assert result.exit_code in (0, 2), (effective, result.output)
        assert "internal error" not in result.output
    early = write(OPEN_ENDED.replace("2024-04-01", "0001-01-01"), "early.yaml")
    result = invoke("forecast", early)
    assert result.exit_code == 1, result.output
    assert "0001-01-01" in result.output and "internal error" not in result.output


def test_a_funding_cliff_on_the_calendars_last_years_is_a_warning(write):
    # The grant ends a day before the calendar does: the year after it has no label.
    path = write(OPEN_ENDED.replace("end: 9999-12-31", "end: 9999-12-30"))
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert "which ends 9999-12-30: from 9999-12-31 this cost has no funding" in result.output


def test_change_by_year_splits_the_year_the_change_takes_effect(write):
    from orgchart.measure.forecast import change_by_year

    before = build(COMM / "before.yaml").structure
    after = build(COMM / "after.yaml").structure
    # The new posts start on the decision's day: by their own start dates, the
    # structure after costs the part year without being told the day.
    plain = change_by_year(before, after, years=3)
    assert [c.year.label for c in plain] == ["2022/23", "2023/24", "2024/25"]
    new_posts = 100_420 + 55_588
    part = share_of_year(dt.date(2022, 11, 10), dt.date(2023, 3, 31))
    assert plain[0].before == pytest.approx(538_840)
    assert plain[0].after - plain[0].before == pytest.approx(new_posts * part, abs=0.01)
    assert plain[1].after - plain[1].before == pytest.approx(new_posts, abs=0.01)
    # A change that takes effect on 1 January, of posts with no start date:
    # the structure before until 31 December, the structure after from then.
    old = write("name: A\ndate: 2024-01-01\nposts:\n  - {id: A, title: A, cost: 12000}\n")
    new = write("name: B\ndate: 2024-01-01\nposts:\n  - {id: A, title: A, cost: 24000}\n", "b.yaml")
    changes = change_by_year(
        build(old).structure, build(new).structure, effective=dt.date(2024, 1, 1), years=2
    )
    assert [(c.year.label, c.before, c.after) for c in changes] == [
        ("2023/24", 12_000, 12_000 * 9 / 12 + 24_000 * 3 / 12),
        ("2024/25", 12_000, 24_000),
    ]
