"""Reading proposal files: the seeds, YAML and JSON alike, and every kind of
bad proposal named at its line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from orgchart.errors import InvalidProposal, LoadError
from orgchart.read.proposal import read_proposal, sniff
from orgchart.read.proposalmodel import Proposal

from ..conftest import CLA, COMM


def problems(path) -> list[str]:
    with pytest.raises(InvalidProposal) as caught:
        read_proposal(path)
    return [str(i) for i in caught.value.issues]


def test_the_seed_proposals_read_as_an_officer_wrote_them():
    cla = read_proposal(CLA / "proposal.yaml")
    assert [a.verb for a in cla.actions] == ["move", "set", "move", "move", "delete"]
    assert cla.head.effective == dt.date(2020, 6, 12)
    assert cla.dates == [dt.date(2020, 6, 12)] * 5
    # Each action's line is the line of its first key in the file.
    text = (CLA / "proposal.yaml").read_text(encoding="utf-8").splitlines()
    for index, action in enumerate(cla.actions):
        line = cla.line("actions", index)
        assert line is not None and text[line - 1].startswith(f"  - {action.verb}:")
    comm = read_proposal(COMM / "proposal.yaml")
    created = [p.id for a in comm.actions for p in a.create]  # type: ignore[attr-defined]
    assert created == ["CM-OAWY", "COF-OAWY", "CM-SAFE"]
    assert set(comm.head.structure.funding_sources) == {"OAWY", "SAFE"}


def test_json_reads_to_the_same_proposal(tmp_path):
    data = yaml.safe_load((COMM / "proposal.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    assert sniff(path) is not None
    from_json, from_yaml = read_proposal(path), read_proposal(COMM / "proposal.yaml")
    assert from_json.actions == from_yaml.actions
    assert from_json.head == from_yaml.head
    # Each action's line in the JSON file too.
    lines = path.read_text(encoding="utf-8").splitlines()
    second = from_json.line("actions", 1)
    assert second is not None and lines[second - 1].strip() == "{"


def test_a_structure_file_is_no_proposal(tmp_path):
    assert sniff(CLA / "after.yaml") is None
    assert sniff(CLA / "proposal.yaml") is not None
    # The word alone, in a note, does not make one.
    path = tmp_path / "s.yaml"
    path.write_text("name: S\nnotes: 'actions: none'\nposts:\n  - {id: A, title: A}\n")
    assert sniff(path) is None


def test_an_empty_proposal(write):
    path = write("", "p.yaml")
    assert problems(path) == [
        f"{path}: error: the file is empty: a proposal needs 'proposal' and 'actions'"
    ]
    path = write("proposal: Nothing\nactions: []\n", "p.yaml")
    assert problems(path) == [
        f"{path}:2: error: the proposal has no actions: give a list of them under 'actions'"
    ]


def test_an_action_with_no_posts_and_other_bad_actions(write):
    path = write(
        """\
        proposal: Bad
        effective: 2020-09-01
        actions:
          - delete: []
          - move: [A]
            too: B
          - regrade: A
          - delet: [A]
          - {delete: A, move: B, to: C}
          - merge: A
            into: A
          - set: A
            fields: {reports_to: B, colour: red}
          - split: TMS
            count: 0
            id: TMS-2
        """,
        "p.yaml",
    )
    assert problems(path) == [
        f"{path}:4: error: delete: names no posts",
        f"{path}:5: error: move: missing required key 'to'",
        f"{path}:6: error: move: unknown key 'too' (did you mean 'to'?)",
        f"{path}:7: error: regrade: missing required key 'grade'",
        f"{path}:8: error: action 4 names no action: give one of create, delete, move, "
        "regrade, set, fund, rename-unit, split, merge, renumber (did you mean 'delete'?)",
        f"{path}:9: error: one action at a time: this one says delete and move",
        f"{path}:10: error: merge: names fewer than two posts",
        f"{path}:13: error: set: fields: 'reports_to' cannot be set: move the post instead",
        f"{path}:13: error: set: fields: unknown field 'colour'",
        f"{path}:15: error: split: count: Input should be greater than or equal to 1 (got 0)",
    ]


def test_a_date_that_is_no_date(write):
    path = write(
        """\
        proposal: Dates
        actions:
          - delete: A
            effective: next week
          - delete: B
            effective: 2020-02-30
        """,
        "p.yaml",
    )
    # YAML takes 2020-02-30 for a date and refuses it as one: a load error at its line.
    with pytest.raises(LoadError) as caught:
        read_proposal(path)
    assert caught.value.line == 6 and "2020-02-30" in caught.value.message
    path = write(
        """\
        proposal: Dates
        effective: soon
        actions:
          - delete: A
            effective: next week
        """,
        "p.yaml",
    )
    assert problems(path) == [
        f"{path}:2: error: effective: Input should be a valid date or datetime, "
        "input is too short (got 'soon')",
        f"{path}:5: error: delete: effective: Input should be a valid date or datetime, "
        "input is too short (got 'next week')",
    ]


def test_created_posts_are_checked_as_posts_at_their_line(write):
    path = write(
        """\
        proposal: New posts
        actions:
          - create:
              - {id: A, title: A, reports_to: HOS}
              - {id: B, title: B, fte: 2, reports_to: HOS}
              - id: C
                title: C
                fte: -1
        """,
        "p.yaml",
    )
    assert problems(path) == [
        f"{path}:5: error: create: post 'B': fte 2 is more than count 1: a single "
        "post is at most 1.0 FTE (use count for a group)",
        f"{path}:8: error: create: post 'C': fte: Input should be greater than 0 (got -1)",
    ]


def test_the_schema_knows_every_action():
    schema = Proposal.model_json_schema()
    names = {name for d in schema["$defs"].values() for name in d.get("properties", {})}
    assert {"create", "delete", "move", "regrade", "set", "fund", "rename-unit"} <= names
    assert {"split", "merge", "renumber", "effective", "note"} <= names
