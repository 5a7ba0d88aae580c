"""The report's "Proposed changes": every action in words, in the proposal's
order, in each format, and hostile text kept as text."""

from __future__ import annotations

import docx
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.report.proposal import proposed_changes
from orgchart.read.proposal import read_proposal

from ..conftest import CLA

runner = CliRunner()

EVERY = """\
proposal: Every action
effective: 2020-09-01
structure:
  funding_sources: {G: Grant}
actions:
  - delete: SDM-CLA-TEMP
    note: No longer needed.
  - move: [TM-KIN, TM-SGO]
    to: HOS-EH
    unit: Early Help
  - create: {id: NEW, title: New Manager, grade: SDM, reports_to: HOS-EH}
    effective: 2020-10-01
  - regrade: SDM-CL
    grade: DHOS
  - set: SDM-KIN
    fields: {status: filled, end_date: null}
  - fund: [SDM-CL]
    funding: {G: 0.5}
  - rename-unit: {from: Early Help, to: Early Help and Prevention}
  - split: SW-KIN
    count: 2
    id: SW-KIN-2
    to: NEW
  - merge: [TM-CLA-1, TM-CLA-2]
    into: TM-CLA-1
  - renumber: {TM-PF: TM-FOSTERING}
"""


def test_every_action_in_words(write):
    read = read_proposal(write(EVERY, "p.yaml"))
    lines = proposed_changes(read, build(CLA / "before.yaml").structure)
    assert lines == [
        "Delete Service Delivery Manager, Children Looked After (SDM-CLA-TEMP) "
        "(from 01/09/2020). No longer needed.",
        "Move Team Manager, Kinship (TM-KIN) and Team Manager, Special Guardianship "
        "(TM-SGO), each with its posts, to Head of Service, Early Help (HOS-EH), into the "
        "unit Early Help (from 01/09/2020).",
        "Create New Manager (NEW) (from 01/10/2020).",
        "Regrade Service Delivery Manager, Care Leavers (SDM-CL) to DHOS (from 01/09/2020).",
        "Change Service Delivery Manager, Kinship and Assessment (SDM-KIN): status “filled”; "
        "end date (none) (from 01/09/2020).",
        "Fund Service Delivery Manager, Care Leavers (SDM-CL): G 50% (from 01/09/2020).",
        "Rename the unit Early Help to Early Help and Prevention (from 01/09/2020).",
        "Split 2 of Social Worker (SW-KIN) into a new entry SW-KIN-2, reporting to New "
        "Manager (NEW) (from 01/09/2020).",
        "Merge Team Manager, Children Looked After (TM-CLA-1) and Team Manager, Children "
        "Looked After (TM-CLA-2) into Team Manager, Children Looked After (TM-CLA-1) "
        "(from 01/09/2020).",
        "Renumber Team Manager, Private Fostering (TM-PF) as TM-FOSTERING (from 01/09/2020).",
    ]


def test_the_section_in_html_and_word_with_hostile_text_kept_as_text(tmp_path, write):
    proposal = write(
        """\
        proposal: Hostile
        actions:
          - delete: SDM-CLA-TEMP
            note: "<script>alert(1)</script> \\u001b[31m{{ 7*7 }}"
        """,
        "p.yaml",
    )
    html = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(CLA / "before.yaml"), str(proposal), "-o", str(html)]
    )
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "<h3>Proposed changes</h3>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    assert "\x1b" not in text and "{{ 7*7 }}" in text
    word = tmp_path / "r.docx"
    result = runner.invoke(
        app, ["report", str(CLA / "before.yaml"), str(proposal), "-o", str(word)]
    )
    assert result.exit_code == 0, result.output
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(word)).paragraphs]
    at = paragraphs.index(("Heading 2", "Proposed changes"))
    assert paragraphs[at + 1][0] == "List Number"
    assert paragraphs[at + 1][1].startswith("Delete Service Delivery Manager")
