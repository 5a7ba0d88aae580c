"""Plain data into a structure: text every output can hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import check
from orgchart.cli import app

from ..conftest import ORGANOGRAMS

runner = CliRunner()
# Characters XML 1.0 cannot hold, so neither can Word, SVG or XHTML.
NOT_XML = ["\ufffe", "\uffff", "\x01", "\x0b", "\x1f"]


def _files(tmp_path: Path) -> dict[str, Path]:
    title = "Head" + "".join(NOT_XML) + " of Service"
    posts = [
        {"id": "A", "title": title, "unit": "Children\ud800"},
        {"id": "B", "title": "Officer", "reports_to": "A", "notes": "on leave\x00"},
    ]
    files = {
        "yaml": tmp_path / "s.yaml",
        "json": tmp_path / "s.json",
        "csv": tmp_path / "s.csv",
    }
    document = {"name": "Team\x07", "posts": posts}
    # YAML and JSON can only carry these characters escaped; YAML (JSON is
    # YAML) refuses an escaped lone surrogate as malformed.
    files["json"].write_text(json.dumps(document), encoding="utf-8")
    posts[0]["unit"] = "Children\ufffe"
    files["yaml"].write_text(json.dumps(document, indent=1), encoding="utf-8")
    # UTF-8 carries all but the surrogate as they are.
    files["csv"].write_text(
        f"id,title,unit,reports_to,notes\nA,{title},Children\ufffe,,\nB,Officer,,A,on leave\x00\n",
        encoding="utf-8",
    )
    return files


@pytest.mark.parametrize("kind", ["yaml", "json", "csv"])
def test_characters_xml_cannot_hold_are_removed_with_a_warning(tmp_path: Path, kind: str) -> None:
    path = _files(tmp_path)[kind]
    parsed, issues = check(path)
    assert [i for i in issues if i.severity == "error"] == []
    posts = {p.id: p for p in parsed.structure.posts}
    assert posts["A"].title == "Head of Service"
    assert posts["A"].unit == "Children"
    assert posts["B"].notes == "on leave"
    warnings = [str(i) for i in issues if i.severity == "warning"]
    assert any(
        "post 'A'" in w
        and "title" in w
        and "removed 5 character(s) XML cannot hold" in w
        and "U+FFFE" in w
        for w in warnings
    ), warnings
    assert all(":" in w.split(" warning: ")[0].removeprefix(str(path)) for w in warnings), warnings
    # The fast way in for a plain export leaves such a file to the row reader.
    result = runner.invoke(app, ["validate", str(path)])
    assert "removed 5 character(s) XML cannot hold" in result.output, result.output
    for suffix in ("docx", "html"):
        out = tmp_path / f"report-{kind}.{suffix}"
        result = runner.invoke(app, ["report", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
    chart = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / f"{kind}.svg")])
    assert chart.exit_code == 0, chart.output


def test_an_id_with_a_character_xml_cannot_hold_is_refused(write) -> None:
    path = write('name: x\nposts:\n  - {id: "A\\uFFFE", title: Head}\n')
    _parsed, issues = check(path)
    assert [str(i) for i in issues] == [
        f"{path}:3: error: post 'A\\ufffe': id: ids cannot contain characters XML cannot "
        "hold (U+FFFE) (got 'A\\ufffe')"
    ]


def test_a_yaml_file_holding_one_raw_names_its_line(write) -> None:
    path = write("name: x\nposts:\n  - id: A\n    title: Head\ufffe\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:4: error: " in result.output
    assert "U+FFFE" in result.output


def test_an_organogram_cell(tmp_path: Path) -> None:
    source = ORGANOGRAMS / "youth_justice_board-2011-09-30-senior.csv"
    senior = tmp_path / "body-2011-09-30-senior.csv"
    text = source.read_text(encoding="utf-8")
    first = text.splitlines()[1].split('","')[3]  # the first post's job title
    senior.write_text(text.replace(first, first + "\x01", 1), encoding="utf-8")
    parsed, issues = check(senior)
    assert not any("\x01" in p.title for p in parsed.structure.posts)
    assert any(
        i.line == 2 and "removed 1 character(s) XML cannot hold (U+0001)" in i.message
        for i in issues
    ), [str(i) for i in issues]


def test_a_plain_export_with_one_such_character_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,title,reports_to\nA,Head\ufffe,\nB,Officer,A\n", encoding="utf-8")
    for command in (["validate"], ["cost"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 0, result.output
        assert f"{path}:2: warning: post 'A': column 'title': removed 1 character(s)" in (
            result.output
        )
