"""What a diff says: changes a person made, once, in the order that matters.

Retyping is no change; a change made alike to many posts is one line; each
post is counted once; totals reconcile as printed; --root and --unit scope
everything, matching included; the summary comes first.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.compare.diff import diff
from orgchart.compare.matching import How
from orgchart.graph import build_graph

from ..conftest import CLA, ORGANOGRAMS, renumbered

runner = CliRunner()


def invoke(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.output


def posts(*rows: str) -> str:
    return "name: x\nposts:\n" + "".join(f"  - {r}\n" for r in rows)


def test_retyped_text_is_no_change_unless_strict(write):
    old = write(posts("{id: A, title: Head of Policy, unit: Policy & Strategy}"), "a.yaml")
    new = write(posts("{id: A, title: 'HEAD OF  POLICY.', unit: Policy and Strategy}"), "b.yaml")
    code, out, _ = invoke("diff", old, new, "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["changed"] == [] and data["retyped"] == 2
    code, out, _ = invoke("diff", old, new, "-f", "json", "--strict")
    assert code == 1
    assert {c["field"] for c in json.loads(out)["changed"]} == {"title", "unit"}
    _, text, _ = invoke("diff", old, new)
    assert "2 differences only of letter case, spacing or punctuation not shown" in text


def test_ignore_leaves_fields_out(write):
    old = write(
        posts("{id: A, title: A, pay_min: 100, pay_max: 200, holder: Ann, unit: U}"), "a.yaml"
    )
    new = write(
        posts("{id: A, title: A, pay_min: 110, pay_max: 220, holder: Bob, unit: V}"), "b.yaml"
    )
    _, out, _ = invoke("diff", old, new, "-f", "json")
    assert {c["field"] for c in json.loads(out)["changed"]} == {
        "pay_min",
        "pay_max",
        "holder",
        "unit",
    }
    code, out, _ = invoke("diff", old, new, "-f", "json", "--ignore", "pay,holder")
    assert code == 1 and [c["field"] for c in json.loads(out)["changed"]] == ["unit"]
    code, out, _ = invoke("diff", old, new, "--ignore", "pay,holder,unit")
    assert code == 0 and "no differences" in out
    code, _, output = invoke("diff", old, new, "--ignore", "grades")
    assert code == 2 and "'grades' is not a field a diff compares (did you mean 'grade'?)" in output


def _uplift(write, n: int = 30):
    rows = ["{id: TOP, title: Director}"]
    rows += [
        f"{{id: P{i}, title: Officer {i}, reports_to: TOP, pay_min: {20_000 + 100 * i}, "
        f"pay_max: {25_000 + 100 * i}}}"
        for i in range(n)
    ]
    old = write(posts(*rows), "a.yaml")
    raised = [re.sub(r"(\d{5})", lambda m: str(round(int(m.group(1)) * 1.02)), r) for r in rows]
    raised[1] = raised[1].replace("Officer 0", "Senior Officer 0")
    new = write(posts(*raised), "b.yaml")
    return old, new


def test_a_change_made_alike_to_many_posts_is_one_line(write):
    old, new = _uplift(write)
    _, out, _ = invoke("diff", old, new, "-f", "json")
    data = json.loads(out)
    # JSON keeps every change, and adds the group.
    assert len([c for c in data["changed"] if c["field"] in ("pay_min", "pay_max")]) == 60
    assert data["uniform"] == [
        {"field": "pay", "rule": "raised +2.0%", "posts": sorted(f"P{i}" for i in range(30))}
    ]
    _, text, _ = invoke("diff", old, new)
    assert "Alike: pay band raised +2.0% (30 posts)." in text
    change_lines = [line for line in text.splitlines() if line.startswith("~ ")]
    assert change_lines == ["~ P0  title: Officer 0 → Senior Officer 0"]
    # Markdown and CSV say it once too.
    _, csv_text, _ = invoke("diff", old, new, "-f", "csv")
    assert "alike,,,pay,,pay band raised +2.0% (30 posts)," in csv_text.splitlines()


def test_fewer_alike_changes_are_listed_post_by_post(write):
    old, new = _uplift(write, n=5)
    data = json.loads(invoke("diff", old, new, "-f", "json")[1])
    assert data["uniform"] == []


def test_each_post_is_counted_once_and_the_headline_adds_up():
    """CLA, counted from the two files by hand: 2 SDM posts deleted; 8 posts
    moved (the kinship SDM, its three teams' managers, four CLA teams); 18
    social workers go with the three team managers; every other change (unit,
    status) is of those posts: 28 posts touched."""
    before = yaml.safe_load((CLA / "before.yaml").read_text())["posts"]
    after = yaml.safe_load((CLA / "after.yaml").read_text())["posts"]
    was = {p["id"]: p for p in before}
    now = {p["id"]: p for p in after}
    deleted = sum(was[i].get("count", 1) for i in was.keys() - now.keys())
    moved = {
        i for i in was.keys() & now.keys() if was[i].get("reports_to") != now[i].get("reports_to")
    }
    below = [i for i in now if now[i].get("reports_to") in moved and i not in moved]
    carried = sum(now[i].get("count", 1) for i in below)
    assert (deleted, len(moved), carried) == (2, 8, 18)
    result = diff(build(CLA / "before.yaml").graph, build(CLA / "after.yaml").graph)
    tally = result.tally
    assert (tally.deleted, tally.created, tally.moved, tally.carried, tally.changed) == (
        deleted,
        0,
        len(moved),
        carried,
        0,
    )
    assert tally.touched == 28
    _, text, _ = invoke("diff", CLA / "before.yaml", CLA / "after.yaml")
    assert (
        "Deletes 2 posts (1.50 FTE), creates none, moves 8 posts with 18 below them and "
        "changes no other post: 28 posts in all; annual cost falls by £103,870." in text
    )


def _printed(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in ("Before", "After", "Difference") and len(words) == 4:
            rows[words[0]] = words[1:]
    return rows


def _number(cell: str) -> float:
    negative = cell.startswith("(")
    value = float(cell.strip("()£").replace(",", ""))
    return -value if negative else value


def test_totals_reconcile_as_printed():
    before = ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv"
    after = ORGANOGRAMS / "department_of_health-2011-09-30-senior.csv"
    _, text, _ = invoke("diff", before, after)
    rows = _printed(text)
    for column in range(3):
        old, new, change = (_number(rows[k][column]) for k in ("Before", "After", "Difference"))
        assert round(new - old, 2) == change, (column, rows)
    assert rows["Difference"][2] == "(£7,807,221)"  # £112,337,680 less £104,530,459


def test_the_summary_comes_first_then_changes_by_cost():
    _, text, _ = invoke("diff", CLA / "before.yaml", CLA / "after.yaml")
    lines = text.splitlines()
    first_change = next(n for n, line in enumerate(lines) if line[:2] in ("- ", "+ ", "→ ", "~ "))
    assert lines.index("Summary") < first_change
    assert any(line.startswith("Deletes 2 posts") for line in lines[:first_change])
    # The deleted SDM posts cost most: they lead, the larger first; their
    # costs (the acting post's is its own) are the whole saving, £103,870.
    assert lines[first_change].startswith("- SDM-CL-ACTING  ")
    assert lines[first_change].endswith("(£67,265) a year")
    assert lines[first_change + 1].startswith("- SDM-CLA-TEMP  ")
    assert lines[first_change + 1].endswith("(£36,605) a year")
    # then the moves of the largest teams
    assert lines[first_change + 2].startswith(
        "→ TM-KIN  reports to SDM-KIN → HOS-EH, with 6 reports"
    )


@pytest.mark.parametrize("command", ["diff", "report", "render-diff"])
def test_an_unknown_unit_is_refused_with_the_unit_meant(command, tmp_path):
    out = tmp_path / ("r.md" if command == "report" else "charts")
    extra = [] if command == "diff" else ["-o", out]
    code, _, output = invoke(
        command, CLA / "before.yaml", CLA / "after.yaml", "--unit", "early help", *extra
    )
    assert code == 2
    assert "unit 'early help' is not the unit of any post in either structure" in output
    assert "(did you mean 'Early Help'?)" in output
    assert not out.exists()


def test_root_scopes_the_matching_too():
    """A renumbered pair, diffed from one part: only that part's pairs are listed."""
    from orgchart.graph import build_graph

    from .groundtruth import restructure

    before = build(ORGANOGRAMS / "cabinet_office-2011-03-31-senior.csv").structure
    truth = restructure(before, seed=4, moves=0, deletions=0, additions=0)
    graph_before, graph_after = build_graph(before), build_graph(truth.after)
    whole = diff(graph_before, graph_after, match=How.SIMILAR)
    root = next(p.id for p in before.posts if p.reports_to is not None and "/" not in p.id)
    part = diff(graph_before, graph_after, match=How.SIMILAR, root=root)
    inside = graph_before.subtree(root)
    assert {m.before for m in part.matched} == inside
    assert len(part.matched) < len(whole.matched)
    assert part.pairing is not None and f"paired {len(inside):,} of {len(inside):,}" in part.pairing
    # The root may be named by its id after as well as before.
    by_new_id = diff(graph_before, graph_after, match=How.SIMILAR, root=truth.pairs[root])
    assert by_new_id.matched == part.matched


def test_an_id_in_other_letter_case_is_the_same_post(write):
    """DfE's 2011 editions wrote `DfE-3026` and then `DFE-3026`: one reference,
    as the publishers' own loader read it; paired by id whatever --match says."""
    old = write(
        posts("{id: DfE-1, title: Director}", "{id: DfE-2, title: Head, reports_to: DfE-1}"),
        "a.yaml",
    )
    new = write(
        posts("{id: DfE-1, title: Director}", "{id: DFE-2, title: Head, reports_to: DfE-1}"),
        "b.yaml",
    )
    for how in ("auto", "id", "similar"):
        data = json.loads(invoke("diff", old, new, "-f", "json", "--match", how)[1])
        assert (data["added"], data["removed"], data["changed"]) == ([], [], [])
        assert data["matched"] == [
            {"before": "DfE-2", "after": "DFE-2", "by": "id in other letter case", "score": 1.0}
        ]
        assert data["matching"].startswith("paired 1 post whose ids differ only in case")


def test_a_unit_renamed_or_merged_is_said_once(write):
    rows_before = ["{id: TOP, title: Director, unit: Board}"]
    rows_before += [
        f"{{id: A{i}, title: Officer {i}, reports_to: TOP, unit: Policy}}" for i in range(12)
    ]
    rows_before += [
        f"{{id: B{i}, title: Adviser {i}, reports_to: TOP, unit: Audit}}" for i in range(12)
    ]
    rows_after = [
        r.replace("unit: Policy", "unit: Strategy").replace("unit: Audit", "unit: Board")
        for r in rows_before
    ]
    old, new = write(posts(*rows_before), "a.yaml"), write(posts(*rows_after), "b.yaml")
    data = json.loads(invoke("diff", old, new, "-f", "json")[1])
    rules = {u["rule"]: len(u["posts"]) for u in data["uniform"]}
    # Policy's new name is new; Audit's posts went to a unit there before.
    assert rules == {"'Policy' renamed 'Strategy'": 12, "'Audit' merged into 'Board'": 12}
    assert len(data["changed"]) == 24  # every change kept in JSON


def test_a_renumbered_realignment_reads_as_the_decision_report_does():
    """The CLA after structure with every id renumbered: the four team
    managers the report moves to the realigned SDM (3.2) are moves, not four
    deletions and four new posts; only two SDM posts go, the acting care
    leaving SDM among them (2.1, 2.4), as with the ids kept."""
    before = build(CLA / "before.yaml").structure
    after, new_id = renumbered(build(CLA / "after.yaml").structure)
    result = diff(build_graph(before), build_graph(after), match=How.AUTO)
    old_id = {v: k for k, v in new_id.items()}
    moved = {(old_id[m.id], m.before, m.after) for m in result.moved if m.id.startswith("N")}
    team_managers = {old_id[m.id] for m in result.moved if old_id[m.id].startswith("TM-CLA")}
    assert team_managers == {"TM-CLA-6", "TM-CLA-7", "TM-CLA-8", "TM-CLA-9"}, moved
    assert result.added == []
    sdm = [p for p in result.removed if p.grade == "SDM"]
    assert len(result.removed) == len(sdm) == 2
    assert "SDM-CL-ACTING" in {p.id for p in sdm}
