"""What real organogram editions contain, each on a small fixture: the quirks the
publishers' own loader accepted load with a warning, and nothing counts twice."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build, check
from orgchart.cli import app
from orgchart.errors import InvalidStructure, LoadError
from orgchart.measure import GroupBy
from orgchart.measure.metrics import cost_summary

from ..conftest import ORGANOGRAMS

runner = CliRunner()


def header(kind: str) -> list[str]:
    """The real header of a published edition, source_file and source_line included."""
    path = ORGANOGRAMS / f"ministry_of_defence-2015-03-31-{kind}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def senior(ref: str, manager: str, **fields: str) -> dict[str, str]:
    row = {
        "Post Unique Reference": ref,
        "Name": fields.pop("name", "N/D"),
        "Grade (or equivalent)": "SCS1",
        "Job Title": f"Director {ref}",
        "Organisation": "Test Body",
        "Unit": "Unit",
        "Reports to Senior Post": manager,
        "FTE": "1",
        "Actual Pay Floor (£)": "60000",
        "Actual Pay Ceiling (£)": "70000",
    }
    row.update(fields)
    return row


def junior(manager: str, title: str = "Policy Adviser", fte: str = "2", **fields: str):
    row = {
        "Organisation": "Test Body",
        "Unit": "Unit",
        "Reporting Senior Post": manager,
        "Grade": "SEO",
        "Payscale Minimum (£)": "30000",
        "Payscale Maximum (£)": "40000",
        "Generic Job Title": title,
        "Number of Posts in FTE": fte,
        "source_file": "/data/test/2015-03-31/staff.xls",
        "source_line": f"juniorPosts{fields.pop('line', '1')}",
    }
    row.update(fields)
    return row


def edition(
    tmp_path: Path, seniors: list[dict[str, str]], juniors: list[dict[str, str]] | None = None
) -> Path:
    path = tmp_path / "test_body-2015-03-31-senior.csv"
    for kind, rows in (("senior", seniors), ("junior", juniors)):
        if rows is None:
            continue
        out = io.StringIO()
        writer = csv.DictWriter(out, header(kind), restval="")
        writer.writeheader()
        writer.writerows(rows)
        (tmp_path / f"test_body-2015-03-31-{kind}.csv").write_text(out.getvalue(), "utf-8")
    return path


def messages(path: Path, severity: str = "warning") -> list[str]:
    _, issues = check(path)
    return [i.message for i in issues if i.severity == severity]


def test_pay_band_names_in_junior_pay_are_not_disclosed(tmp_path):
    rows = [
        junior("A", "Clerk", line="1", **{"Payscale Minimum (£)": "contractor"}),
        junior("A", "Typist", line="2", **{"Payscale Minimum (£)": "contractor"}),
        junior("A", "Driver", line="3", **{"Payscale Maximum (£)": "ns"}),
    ]
    path = edition(tmp_path, [senior("A", "XX")], rows)
    built = build(path)
    warned = messages(path)
    assert (
        "column 'Payscale Minimum (£)' holds 'contractor', not a number, on 2 row(s): "
        "read as not disclosed" in warned
    )
    assert sum("holds 'ns'" in m for m in warned) == 1
    juniors = [p for p in built.structure.posts if p.reports_to == "A"]
    assert len(juniors) == 3 and all(p.pay_min is None for p in juniors)


@pytest.mark.parametrize(
    ("column", "value"),
    [("FTE", "http://example.org/fte"), ("Actual Pay Floor (£)", "Actual Pay Floor-")],
)
def test_a_senior_cell_that_is_not_a_number_is_not_disclosed(tmp_path, column, value):
    path = edition(tmp_path, [senior("A", "XX"), senior("B", "A", **{column: value})])
    built = build(path)
    post = built.graph.post("B")
    assert post.total_fte == 1.0  # FTE not disclosed: one post, as for N/D
    if column != "FTE":
        assert post.pay_min is None
    assert any(f"holds {value!r}, not a number" in m for m in messages(path))


def test_a_post_reporting_to_itself_is_a_top_post(tmp_path):
    path = edition(tmp_path, [senior("A", "A"), senior("B", "A")], [])
    built = build(path)
    assert built.graph.roots == ["A"]
    assert messages(path) == ["post 'A' reports to itself: read as a top post"]
    assert messages(path, "error") == []


def test_a_reference_differing_only_in_case_is_that_post(tmp_path):
    seniors = [senior("DfE-3024", "XX"), senior("DfE-5024", "DfE-3024"), senior("B", "DFE-3024")]
    path = edition(tmp_path, seniors, [junior("dfe-5024")])
    built = build(path)
    assert built.graph.manager("B") == "DfE-3024"
    assert {built.graph.manager(p.id) for p in built.structure.posts if p.grade == "SEO"} == {
        "DfE-5024"
    }
    assert (
        "post 'B' reports to 'DFE-3024': read as 'DfE-3024', which differs only in letter case"
        in messages(path)
    )


def test_reference_zero_is_no_post(tmp_path):
    seniors = [senior("A", "XX"), senior("0", "A"), senior("0", "A"), senior("0", "A")]
    path = edition(tmp_path, seniors)
    built = build(path)
    assert {p.id for p in built.structure.posts} == {"A"}
    assert "3 row(s) with reference 0 (paid, not in post) set aside" in built.notes


def test_a_live_row_beats_an_eliminated_row(tmp_path):
    seniors = [senior("A", "XX"), senior("B", "A", name="Eliminated"), senior("B", "A")]
    path = edition(tmp_path, seniors, [junior("B")])
    built = build(path)
    assert built.graph.manager("B/SEO/policy adviser") == "B"
    assert messages(path, "error") == []


def test_a_post_reporting_to_an_eliminated_post(tmp_path):
    seniors = [senior("A", "XX"), senior("GONE", "A", name="Eliminated"), senior("C", "GONE")]
    path = edition(tmp_path, seniors)
    assert messages(path, "error") == ["post 'C' reports to eliminated post 'GONE'"]


def test_did_you_mean_never_names_the_post_itself_or_an_eliminated_one(tmp_path):
    seniors = [
        senior("A", "XX"),
        senior("P123", "P12"),  # the closest reference is the post itself
        senior("P125", "A", name="Eliminated"),
    ]
    errors = messages(edition(tmp_path, seniors), "error")
    assert errors == ["post 'P123' reports to 'P12', which does not exist"]


def test_junior_rows_repeated_per_job_share_holder_count_once(tmp_path):
    seniors = [senior("A", "XX"), senior("B", "A", name="X", FTE="0.5")]
    seniors.append(senior("B", "A", name="Y", FTE="0.5"))
    # The export wrote B's junior row once per holder: the same source line twice.
    juniors = [junior("B", fte="10", line="7"), junior("B", fte="10", line="7")]
    path = edition(tmp_path, seniors, juniors)
    built = build(path)
    total = cost_summary(built.structure).total
    # Counted by hand: A and the job-shared B are 2 posts of 1.0 FTE; 10 junior FTE once.
    assert (total.posts, total.fte) == (12, 12.0)
    assert any("1 junior row(s) repeated once per job-share holder" in n for n in built.notes)


def test_alike_junior_rows_with_other_pay_bands_stay_apart_by_band(tmp_path):
    juniors = [
        junior("A", line="1"),
        junior("A", line="2", **{"Payscale Minimum (£)": "20000"}),
        junior("A", line="3"),
    ]
    built = build(edition(tmp_path, [senior("A", "XX")], juniors))
    groups = {p.id: (p.total_fte, p.count) for p in built.structure.posts if p.id != "A"}
    assert groups == {
        "A/SEO/policy adviser/30000-40000": (4.0, 4),
        "A/SEO/policy adviser/20000-40000": (2.0, 2),
    }


def test_a_header_and_no_rows(tmp_path):
    path = edition(tmp_path, [])
    with pytest.raises(LoadError, match="no data rows"):
        build(path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "no data rows" in result.output


def test_cost_by_grade_where_pay_is_not_disclosed(tmp_path):
    seniors = [
        senior("A", "XX"),
        senior("B", "A", **{"Grade (or equivalent)": "SCS2", "Actual Pay Floor (£)": "N/D"}),
        senior("C", "A", **{"Grade (or equivalent)": "SCS2", "Actual Pay Floor (£)": "N/D"}),
    ]
    path = edition(tmp_path, seniors, [])  # a junior file of no rows
    summary = cost_summary(build(path).structure, GroupBy.GRADE)
    assert summary.undisclosed == ["SCS2"]
    result = runner.invoke(app, ["cost", str(path), "--by", "grade"])
    line = next(line for line in result.stdout.splitlines() if line.startswith("SCS2"))
    assert line.split()[-2:] == ["not", "disclosed"]
    assert "£0" not in line
    warned = messages(path)
    assert warned == [
        "2 post(s) have no pay disclosed (no cost or pay band): B, C; cost totals leave them out"
    ]
    assert not any("grades" in m for m in warned)
    json_out = runner.invoke(app, ["cost", str(path), "--by", "grade", "--format", "json"])
    assert '"cost": null' in json_out.stdout


def test_junior_group_ids_ignore_title_case_and_spacing(tmp_path):
    upper = build(edition(tmp_path, [senior("A", "XX")], [junior("A", "Policy  Adviser")]))
    lower = build(edition(tmp_path, [senior("A", "XX")], [junior("A", "policy adviser")]))
    assert {p.id for p in upper.structure.posts} == {p.id for p in lower.structure.posts}


def test_junior_ids_do_not_depend_on_row_order(tmp_path):
    rows = [
        junior("A", line="1"),
        junior("A", line="2", **{"Payscale Minimum (£)": "20000"}),
        junior("A", "Analyst", line="3"),
    ]
    forward = build(edition(tmp_path, [senior("A", "XX")], rows)).structure
    backward = build(edition(tmp_path, [senior("A", "XX")], rows[::-1])).structure
    assert {p.id: p.total_fte for p in forward.posts} == {p.id: p.total_fte for p in backward.posts}


def test_an_edition_with_errors_is_refused_with_its_rows(tmp_path):
    seniors = [senior("A", "XX"), senior("B", "NOBODY")]
    path = edition(tmp_path, seniors)
    with pytest.raises(InvalidStructure) as caught:
        build(path)
    (issue,) = [i for i in caught.value.issues if i.severity == "error"]
    assert (issue.line, issue.post) == (3, "B")


def test_a_junior_group_whose_senior_post_changed_is_moved(tmp_path):
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    seniors = [senior("A", "XX"), senior("B", "A"), senior("C", "A")]
    before = edition(old_dir, seniors, [junior("B", "Analyst")])
    after = edition(new_dir, seniors, [junior("C", "Analyst")])
    result = runner.invoke(app, ["diff", str(before), str(after), "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["added"], data["removed"]) == ([], [])
    assert {f"{m['from']} -> {m['to']}" for m in data["moved"]} == {"B -> C"}
    assert data["matched"] == [
        {"before": "B/SEO/analyst", "after": "C/SEO/analyst", "by": "manager"}
    ]


def test_renumbered_editions_warn_and_match_by_title(tmp_path):
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    before = edition(
        old_dir,
        [senior("PB1", "XX"), senior("PB2", "PB1"), senior("PB3", "PB1")],
        [junior("PB2", "Analyst")],
    )
    renumbered = [
        senior("1", "XX", **{"Job Title": "Director PB1"}),
        senior("2", "1", **{"Job Title": "Director PB2"}),
        senior("3", "1", **{"Job Title": "Director PB3", "Grade (or equivalent)": "SCS2"}),
    ]
    after = edition(new_dir, renumbered, [junior("2", "Analyst")])
    plain = runner.invoke(app, ["diff", str(before), str(after), "--format", "json"])
    assert "share only 0 of 4 post ids" in plain.output
    # By id, the senior posts are all new; the junior group follows its manager's id.
    assert len(json.loads(plain.stdout)["added"]) == 3
    result = runner.invoke(app, ["diff", str(before), str(after), "--match", "title", "-f", "json"])
    data = json.loads(result.stdout)
    assert (data["added"], data["removed"], data["moved"]) == ([], [], [])
    assert {(m["before"], m["after"]) for m in data["matched"]} == {
        ("PB1", "1"),
        ("PB2", "2"),
        ("PB3", "3"),  # regraded: the same title alone
        ("PB2/SEO/analyst", "2/SEO/analyst"),
    }
    assert {(c["id"], c["field"]) for c in data["changed"]} == {("3", "grade")}
    text = runner.invoke(app, ["diff", str(before), str(after), "--match", "title"]).stdout
    assert "= 2  was PB2 (matched by title)" in text
    assert "3 post(s) paired by title, not by id" in text


def test_the_youth_justice_board_pair_matches_by_title():
    before = ORGANOGRAMS / "youth_justice_board-2011-03-31-senior.csv"
    after = ORGANOGRAMS / "youth_justice_board-2011-09-30-senior.csv"
    result = runner.invoke(app, ["diff", str(before), str(after), "--match", "title", "-f", "json"])
    data = json.loads(result.stdout)
    # Counted by hand from the two editions' references: PB<n> became <n>.
    pairs = {(m["before"], m["after"]) for m in data["matched"]}
    assert {("PB1", "1"), ("PB11", "11"), ("PB12", "12"), ("PB15", "15")} <= pairs
    assert all(b.removeprefix("PB").split("/")[0] == a.split("/")[0] for b, a in pairs)


@pytest.mark.parametrize("value", ["INF", "nan", "1e309", "-inf"])
def test_an_infinite_figure_is_not_disclosed_not_a_crash(tmp_path, value):
    # Found by the whole-CLI fuzz: an FTE of INF overflowed counting posts.
    path = tmp_path / "x-senior.csv"
    path.write_text(
        "Post Unique Reference,Name,Grade (or equivalent),Job Title,Unit,"
        "Reports to Senior Post,FTE,Actual Pay Floor (£),Actual Pay Ceiling (£)\n"
        f"1,A,SCS1,Head,U,XX,{value},100,200\n"
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"column 'FTE' holds {value!r}, not a number" in result.output


def test_a_row_with_more_cells_than_the_header_is_an_error(tmp_path):
    path = edition(tmp_path, [senior("A", "XX"), senior("B", "A")], [junior("B")])
    lines = path.read_text("utf-8").splitlines()
    lines[2] += ',"on leave, back in May"'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    junior_path = path.with_name("test_body-2015-03-31-junior.csv")
    rows = junior_path.read_text("utf-8").splitlines()
    junior_path.write_text(rows[0] + "\n" + rows[1] + ",,\n", "utf-8")  # blank: nothing lost
    width = len(header("senior"))
    assert messages(path, "error") == [
        f"post 'B': row 3 has {width + 1} cells, the header {width}: 'on leave, back in May' "
        "is in no column; put quotes around a cell that holds a comma"
    ]


def test_a_cell_escaped_against_formulas_reads_back_as_it_was(tmp_path):
    # orgchart writes a formula-like cell with a leading ' (as every CSV it
    # writes); an organogram it published must read back to the same text.
    path = edition(
        tmp_path,
        [senior("A", "XX", **{"Job Title": "'=Head of +Policy", "Unit": "'@Unit"})],
        [junior("A", "'-Clerk")],
    )
    built = build(path)
    assert built.graph.post("A").title == "=Head of +Policy"
    assert built.graph.post("A").unit == "@Unit"
    assert [p.title for p in built.structure.posts if p.reports_to == "A"] == ["-Clerk"]
