"""apply, propose, and a proposal where a command takes AFTER: outputs whole
or not at all, messages at the proposal's lines, the seeds' own figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.writers import structure_dict

from ..conftest import CLA, COMM, ROOT

runner = CliRunner()
BAD = ROOT / "tests" / "data" / "bad-proposal.yaml"


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def canonical(path: Path) -> dict:
    data = structure_dict(build(path).structure)
    data["posts"] = sorted(data["posts"], key=lambda p: p["id"])
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_apply_writes_the_after_structure(tmp_path, pair, suffix):
    out = tmp_path / f"after{suffix}"
    result = invoke("apply", pair / "before.yaml", pair / "proposal.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert canonical(out) == canonical(pair / "after.yaml")
    assert invoke("diff", pair / "after.yaml", out).exit_code == 0


def test_apply_to_csv_is_refused_where_it_loses_the_header(tmp_path):
    out = tmp_path / "after.csv"
    result = invoke("apply", CLA / "before.yaml", CLA / "proposal.yaml", "-o", out)
    assert result.exit_code == 1
    assert "a CSV would lose name, date, grades, notes" in result.output
    assert not out.exists()
    result = invoke("apply", CLA / "before.yaml", CLA / "proposal.yaml", "-o", out, "--lossy")
    assert result.exit_code == 0
    # The posts are kept, a row an entry of after.yaml, the header is not.
    entries = len(build(CLA / "after.yaml").structure.posts)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + entries == 23


def test_a_bad_proposal_writes_nothing_and_names_each_line(tmp_path):
    out = tmp_path / "after.yaml"
    out.write_text("kept\n", encoding="utf-8")
    result = invoke("apply", CLA / "before.yaml", BAD, "-o", out)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "kept\n"
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    # One error for each mistake, at the line of the action that makes it.
    assert [int(line.split(":")[1]) for line in errors] == [6, 8, 10, 10, 14, 14]
    assert "Traceback" not in result.output


def test_a_structure_is_no_proposal(tmp_path):
    result = invoke("apply", CLA / "before.yaml", CLA / "after.yaml", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert "is not a proposal: it has no 'proposal' or 'actions' key" in result.output


def test_apply_at_a_day_gives_that_wave(tmp_path, write):
    proposal = write(
        """\
        proposal: Two waves
        actions:
          - move: [TM-KIN, TM-SGO, TM-PF]
            to: HOS-EH
            effective: 2020-09-01
          - delete: SDM-CLA-TEMP
            effective: 2021-04-01
        """,
        "waves.yaml",
    )
    out = tmp_path / "autumn.yaml"
    result = invoke("apply", CLA / "before.yaml", proposal, "-o", out, "--at", "2020-12-31")
    assert result.exit_code == 0, result.output
    posts = {p.id: p for p in build(out).structure.posts}
    assert posts["TM-KIN"].reports_to == "HOS-EH" and "SDM-CLA-TEMP" in posts
    assert str(build(out).structure.date) == "2020-12-31"
    result = invoke("apply", CLA / "before.yaml", proposal, "-o", out, "--at", "next week")
    assert result.exit_code == 2


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_propose_then_apply_gives_after(tmp_path, pair):
    for suffix in (".yaml", ".json"):
        proposal = tmp_path / f"proposal{suffix}"
        result = invoke("propose", pair / "before.yaml", pair / "after.yaml", "-o", proposal)
        assert result.exit_code == 0, result.output
        out = tmp_path / "after.yaml"
        assert invoke("apply", pair / "before.yaml", proposal, "-o", out).exit_code == 0
        assert canonical(out) == canonical(pair / "after.yaml")


def test_propose_of_one_structure_twice_has_nothing_to_propose():
    result = invoke("propose", CLA / "after.yaml", CLA / "after.yaml")
    assert result.exit_code == 1
    assert "there is no action to propose" in result.output


def test_the_proposal_schema():
    result = invoke("schema", "--proposal")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["proposal", "actions"]
    assert "rename-unit" in json.dumps(schema)


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_diff_of_the_proposal_is_diff_of_after(pair):
    for extra in ([], ["--by", "funding"], ["--effective", "2022-11-10"]):
        old = invoke("diff", pair / "before.yaml", pair / "after.yaml", "-f", "json", *extra)
        new = invoke("diff", pair / "before.yaml", pair / "proposal.yaml", "-f", "json", *extra)
        assert old.exit_code == new.exit_code == 1
        assert json.loads(old.stdout) == json.loads(new.stdout)


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_render_diff_of_the_proposal_draws_the_same_charts(tmp_path, pair):
    for after in ("after.yaml", "proposal.yaml"):
        result = invoke(
            "render-diff", pair / "before.yaml", pair / after, "-o", tmp_path / after, "-f", "dot"
        )
        assert result.exit_code == 0, result.output
    for side in ("before", "after"):
        assert (tmp_path / "after.yaml" / f"{side}.dot").read_text() == (
            tmp_path / "proposal.yaml" / f"{side}.dot"
        ).read_text()


TIMELINE_NOTE = (
    "Costs by financial year count each post as the proposal changes it: as it was "
    "until the day its action takes effect, as the action makes it from then.\n\n"
)


def without_proposed(text: str) -> str:
    """A report from a proposal less what only a proposal adds: its actions and
    the note on how its years are costed."""
    assert text.count(TIMELINE_NOTE) == 1
    text = text.replace(TIMELINE_NOTE, "")
    return re.sub(r"### Proposed changes\n\n(?:\d+\. .*\n)+\n", "", text)


def test_the_report_from_a_proposal_lists_its_actions_and_keeps_every_figure(tmp_path):
    golden = ROOT / "tests" / "golden" / "commissioning-posts-2022-report.md"
    out = tmp_path / "commissioning-posts-2022-report.md"
    result = invoke("report", COMM / "before.yaml", COMM / "proposal.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert without_proposed(text) == golden.read_text(encoding="utf-8")
    proposed = re.findall(r"^\d+\. (.*)$", text, re.MULTILINE)
    assert proposed == [
        "Create Commissioning Manager (Adoption) (CM-OAWY) and Commissioning Officer "
        "(Adoption) (COF-OAWY) (from 10/11/2022). Adoption: a 1.0 FTE PO4 Commissioning "
        "Manager and a 1.0 FTE PO2 Commissioning Officer, fully funded by OAWY and National "
        "Adoption Strategic budgets, £100,420 a year (section 1, paragraph 14).",
        "Create Commissioning Manager (SAFE Taskforce) (CM-SAFE) (from 10/11/2022). SAFE "
        "Taskforce: a 1.0 FTE PO4 Commissioning Manager, fixed term to the end of the "
        "programme on 31/03/2025, £55,588 a year (section 2, paragraph 14).",
    ]


def test_the_cla_report_from_its_proposal_pays_the_released_posts_until_the_day(tmp_path):
    golden = (ROOT / "tests" / "golden" / "cla-sdm-realignment-2020-report.md").read_text()
    out = tmp_path / "cla-sdm-realignment-2020-report.md"
    result = invoke("report", CLA / "before.yaml", CLA / "proposal.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    text = without_proposed(out.read_text(encoding="utf-8"))
    assert len(re.findall(r"^\d+\. ", out.read_text(encoding="utf-8"), re.MULTILINE)) == 5
    # The released SDM posts (acting £67,265; temporary half of £73,210) cost
    # from 1 April to 11 June 2020: two months and 11 of June's 30 days.
    released = (67_265 + 73_210 / 2) * (2 + 11 / 30) / 12
    year = 2_024_630 + round(released)
    expected = golden.replace(
        "| 2020/21 | £2,024,630 | £2,024,630 |", f"| 2020/21 | £{year:,} | £{year:,} |"
    ).replace(
        # The change by year: the structure before in full, less the year's saving.
        "| 2020/21 | £2,128,500 | £2,024,630 | (£103,870) |",
        f"| 2020/21 | £2,128,500 | £{year:,} | (£{2_128_500 - year:,}) |",
    )
    assert year == 2_045_115 and text == expected


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_forecast_of_the_proposal(pair):
    def years(*args: object) -> list[dict]:
        result = invoke("forecast", *args, "-f", "json", "--years", "3")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["years"]

    from_proposal = years(pair / "before.yaml", "--proposal", pair / "proposal.yaml")
    from_after = years(pair / "after.yaml")
    if pair is COMM:
        # Nothing is deleted: the posts created from 10/11/2022 cost the same either way.
        assert from_proposal == from_after
        oawy = {g["key"]: g["cost"] for g in from_proposal[0]["groups"]}["OAWY"]
        assert oawy == round(100_420 * (4 + 21 / 30) / 12, 2)
    else:
        assert from_proposal[1:] == from_after[1:]
        assert from_proposal[0]["total"] == round(
            from_after[0]["total"] + (67_265 + 73_210 / 2) * (2 + 11 / 30) / 12, 2
        )


def test_forecast_proposal_must_be_one():
    result = invoke("forecast", CLA / "before.yaml", "--proposal", CLA / "after.yaml")
    assert result.exit_code == 1
    assert "is not a proposal" in result.output


def test_redact_leaves_a_created_holder_out(tmp_path, write):
    proposal = write(
        """\
        proposal: Name a holder
        actions:
          - create: {id: NEW, title: New post, grade: PO6, reports_to: HOS-CLA, holder: Jane Doe}
          - set: SDM-CLA
            fields: {holder: Jane Doe, fte: 2}
        """,
        "p.yaml",
    )
    result = invoke("apply", CLA / "before.yaml", proposal, "-o", tmp_path / "a.yaml", "--redact")
    assert result.exit_code == 1 and "Jane" not in result.output
    fixed = write(proposal.read_text().replace(", fte: 2", ""), "q.yaml")
    out = tmp_path / "a.yaml"
    result = invoke("apply", CLA / "before.yaml", fixed, "-o", out, "--redact")
    assert result.exit_code == 0, result.output
    assert "Jane" not in out.read_text(encoding="utf-8")
    report = tmp_path / "r.md"
    assert invoke("report", CLA / "before.yaml", fixed, "-o", report, "--redact").exit_code == 0
    assert "Jane" not in report.read_text(encoding="utf-8")


def test_a_proposal_given_as_a_structure_says_what_it_is():
    for command in (["validate"], ["span"], ["cost"]):
        result = invoke(*command, CLA / "proposal.yaml")
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"{CLA / 'proposal.yaml'}:10: error: this is a proposal, not a structure: give it "
            "where a command takes AFTER, or apply it to the structure it changes (orgchart "
            "apply BEFORE PROPOSAL -o AFTER)"
        ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", ": error: this is not a proposal: it has no 'proposal' or 'actions' key"),
        ("proposal: Nothing\nactions: []\n", ":2: error: the proposal has no actions"),
        ("proposal: P\nactions:\n  - delete: []\n", ":3: error: delete: names no posts"),
        ("proposal: P\nactions:\n  - delete: A\n    effective: soon\n", ":4: error: delete: "),
        ("proposal: P\nactions:\n  - delete: A\n    effective: 2021-02-30\n", ":4: error: "),
    ],
)
def test_a_proposal_that_cannot_be_read_writes_nothing(tmp_path, text, message):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "after.yaml"
    result = invoke("apply", CLA / "before.yaml", path, "-o", out)
    # An empty file has neither key: it is no proposal at all.
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert f"{path}{message}" in result.output
    assert "Traceback" not in result.output
    # Where it stands for AFTER: diff's exit status for trouble.
    result = invoke("diff", CLA / "before.yaml", path)
    assert result.exit_code == 2, result.output


def test_a_json_proposal_and_a_title(tmp_path):
    proposal = tmp_path / "p.json"
    result = invoke(
        "propose",
        COMM / "before.yaml",
        COMM / "after.yaml",
        "-o",
        proposal,
        "--title",
        "Traded posts",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(proposal.read_text(encoding="utf-8"))
    assert data["proposal"] == "Traded posts"
    assert data["structure"]["name"] == "Children and Families Commissioning (after)"
    out = tmp_path / "after.yaml"
    assert invoke("apply", COMM / "before.yaml", proposal, "-o", out).exit_code == 0
    assert canonical(out) == canonical(COMM / "after.yaml")


def test_the_part_year_of_a_proposal_counts_from_its_actions_day():
    def part_year(after: str) -> dict:
        result = invoke(
            "diff", CLA / "before.yaml", CLA / after, "-f", "json", "--effective", "2020-04-01"
        )
        return json.loads(result.stdout)["summary"]["part_year"]

    # after.yaml alone has no history: the saving runs from the day asked for.
    assert part_year("after.yaml")["delta"] == -103_870
    # The proposal releases the two posts on 12/06/2020: they cost until 11 June.
    kept = 103_870 * (2 + 11 / 30) / 12
    assert part_year("proposal.yaml")["delta"] == round(-103_870 + kept, 2)
