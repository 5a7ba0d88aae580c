"""Careless or hostile values in a file: refused by name, never read as figures."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from orgchart.build import build, check
from orgchart.cli import app

runner = CliRunner()


def test_numeric_ids_are_text(write):
    path = write(
        "name: x\nposts:\n"
        "  - {id: 101, title: Head}\n"
        "  - {id: 102, title: Report, reports_to: 101, dotted_to: [101]}\n"
    )
    built = build(path)
    assert {(p.id, p.reports_to) for p in built.structure.posts} == {
        ("101", None),
        ("102", "101"),
    }
    assert built.graph.manager("102") == "101"


@pytest.mark.parametrize(
    ("value", "field"),
    [(".inf", "cost"), (".nan", "fte"), ("1e309", "cost"), ("-.inf", "pay_min")],
)
def test_infinite_and_not_a_number_figures_are_refused(write, value, field):
    path = write(f"name: x\nposts:\n  - {{id: A, title: A, {field}: {value}}}\n")
    result = runner.invoke(app, ["cost", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert f"post 'A': {field}: Input should be a finite number" in result.output
    assert "Traceback" not in result.output


def test_infinite_figures_in_json_and_csv(tmp_path):
    data = tmp_path / "x.json"
    data.write_text('{"name": "x", "posts": [{"id": "A", "title": "A", "cost": Infinity}]}')
    table = tmp_path / "x.csv"
    table.write_text("id,title,cost\nA,A,inf\n")
    for path in (data, table):
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 1, result.output
        assert "finite number" in result.output


@pytest.mark.parametrize("digits", [1_000, 5_000])
def test_a_number_of_thousands_of_digits_is_refused_with_its_field(write, digits):
    path = write("name: x\nposts:\n  - {id: A, title: A, cost: " + "9" * digits + "}\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "cost: " in result.output
    assert f"({digits:,} characters)" in result.output
    # The message quotes the start of the value, not all of it.
    assert max(len(line) for line in result.output.splitlines()) < 300


def test_a_file_in_another_format_than_its_suffix_says_so(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "title"])
    book.active.append(["A", "Head"])
    workbook = tmp_path / "export.xlsx"
    book.save(workbook)
    disguised = tmp_path / "export.csv"
    disguised.write_bytes(workbook.read_bytes())
    result = runner.invoke(app, ["validate", str(disguised)])
    assert result.exit_code == 1
    assert "this is an Excel .xlsx file" in result.output
    assert "rename it to .xlsx" in result.output
    text = tmp_path / "text.xlsx"
    text.write_text("id,title\nA,Head\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(text)])
    assert result.exit_code == 1
    assert "rename it to .csv" in result.output
    assert runner.invoke(app, ["validate", str(workbook)]).exit_code == 0


def test_control_characters_never_reach_the_terminal(tmp_path):
    from ..read.test_organogram_quirks import edition, junior, senior

    # An escape sequence in a junior title, which a message quotes.
    path = edition(tmp_path, [senior("A", "XX")], [junior("NOPE", "Clerk\x1b[2J\x07")])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "junior row for 'NOPE' (Clerk [2J )" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


@pytest.mark.parametrize("suffix", ["yaml", "csv", "json"])
def test_a_device_is_refused_not_read_forever(tmp_path, suffix):
    link = tmp_path / f"zero.{suffix}"
    link.symlink_to("/dev/zero")
    result = runner.invoke(app, ["validate", str(link)])
    assert result.exit_code == 1
    assert "this is a device, not a file" in result.output


def test_an_input_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("name: x\nposts:\n" + "  - {id: A, title: A}\n" * 100)
    monkeypatch.setenv("ORGCHART_MAX_INPUT_BYTES", "1000")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "larger than the limit of 1,000 bytes; set ORGCHART_MAX_INPUT_BYTES" in result.output
    monkeypatch.setenv("ORGCHART_MAX_INPUT_BYTES", "100000")
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 1  # duplicate ids, read


def test_a_workbook_that_unpacks_a_hundred_times_its_size_is_refused(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 200 * 1024**2)
    assert bomb.stat().st_size < 1024**2
    result = runner.invoke(app, ["validate", str(bomb)])
    assert result.exit_code == 1
    assert "unpacks to 209,715,200 bytes, more than 100 times its size" in result.output


def test_did_you_mean_is_given_for_the_first_unknown_references_only(write):
    from orgchart.text import HINTS_GIVEN

    # Each hint compares a word with every post: for all of thousands of
    # unknown references that would be quadratic (10,000 took minutes).
    lines = ["name: x", "posts:", "  - {id: TOP, title: Top}"]
    lines += [
        f"  - {{id: P{i:03d}, title: Post, reports_to: P{i:03d}X}}" for i in range(HINTS_GIVEN + 10)
    ]
    _, issues = check(write("\n".join(lines)))
    unknown = [i.message for i in issues if "does not exist" in i.message]
    assert len(unknown) == HINTS_GIVEN + 10
    assert sum("did you mean" in m for m in unknown) == HINTS_GIVEN


def _json(tmp_path, text: str):
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["validate", str(path)])


def test_json_messages_name_the_line_of_the_post_and_key(tmp_path):
    result = _json(
        tmp_path,
        '{"name": "x",\n "posts": [\n  {"id": "A", "title": "A"},\n'
        '  {"id": "B", "title": "B",\n   "fte": "half", "reports_to": "A"},\n'
        '  {"id": "C", "title": "C", "reports_to": "Z"}\n]}\n',
    )
    assert result.exit_code == 1
    assert "x.json:5: error: post 'B': fte: Input should be a valid number" in result.output
    assert "x.json:6: error: post 'C'" in result.output and "'Z'" in result.output


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{"name": "x",\n "posts": [],\n "name": "y"}', 3),
        ('{"name": "x", "posts": [\n {"id": "A",\n  "title": "A",\n  "id": "B"}]}', 4),
    ],
)
def test_json_duplicate_keys_are_refused_with_their_line(tmp_path, text, line):
    result = _json(tmp_path, text)
    assert result.exit_code == 1
    assert f"x.json:{line}: error: duplicate key" in result.output


def test_json_deep_nesting_and_huge_numbers_are_refused_cleanly(tmp_path):
    deep = _json(tmp_path, '{"name": "x", "posts": [{"id": "A", "x": ' + "[" * 100_000 + "}]}")
    assert deep.exit_code == 1 and "nested more than" in deep.output
    huge = _json(
        tmp_path, '{"name": "x", "posts": [{"id": "A", "title": "A", "cost": ' + "9" * 5000 + "}]}"
    )
    assert huge.exit_code == 1
    assert "post 'A': cost: Input should be a finite number" in huge.output
    for result in (deep, huge):
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\u2028", "U+2028 LINE SEPARATOR"),
    ],
)
def test_an_id_with_an_invisible_character_is_refused_naming_the_post(tmp_path, char, name):
    path = tmp_path / "x.json"
    path.write_text(
        '{"name": "x", "posts": [{"id": "A", "title": "A"}, '
        f'{{"id": "B{char}X", "title": "B", "reports_to": "A"}}]}}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"error: post {('B' + char + 'X')!r}: id: ids cannot contain invisible" in result.output
    assert name in result.output
    assert char not in result.output
