"""HR exports (CSV and Excel) and `convert` between formats."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgchart.build import build, check
from orgchart.cli import app
from orgchart.errors import LoadError
from orgchart.present.writers import to_csv
from orgchart.read import ReadOptions

from ..conftest import CLA, COMM, ORGANOGRAMS

runner = CliRunner()

HR = """\
Position ID,Job Title,Grade,FTE,Reports To,Department,Employee Name,Status,End Date
P1,Chief Executive,CE,1,,Executive,Ann Smith,Filled,
P2,Director of Children's Services,D1,1,P1,Children,,Vacant,
P3,Team Manager,PO6,"0.5",P2,Children ,Bob Jones,Fixed Term,31/03/2025
"""


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hr_headers_are_recognised(tmp_path: Path) -> None:
    built = build(write(tmp_path, HR))
    posts = {p.id: p for p in built.structure.posts}
    assert set(built.graph.line.edges) == {("P1", "P2"), ("P2", "P3")}
    assert posts["P2"].status.value == "vacant"
    assert (posts["P3"].total_fte, posts["P3"].unit, posts["P3"].holder) == (
        0.5,
        "Children",
        "Bob Jones",
    )
    assert str(posts["P3"].end_date) == "2025-03-31"
    assert posts["P3"].status.value == "fixed_term"


def test_own_field_names_round_trip_through_csv(tmp_path: Path) -> None:
    for source in (CLA / "before.yaml", COMM / "after.yaml"):
        structure = build(source).structure
        path = write(tmp_path, to_csv(structure))
        assert build(path).structure.posts == structure.posts


def test_map_names_any_other_header(tmp_path: Path) -> None:
    text = "Ref,Role,Line Manager Ref\nA,Head,\nB,Officer,A\n"
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "no column for 'id'" in result.output
    mapped = runner.invoke(
        app,
        [
            "span",
            str(path),
            "--map",
            "id=Ref",
            "--map",
            "title=Role",
            "--map",
            "reports_to=Line Manager Ref",
            "-f",
            "csv",
        ],
    )
    assert mapped.exit_code == 0, mapped.output
    assert mapped.stdout.splitlines()[1].startswith("A,Head,1,1,")
    bad = runner.invoke(app, ["validate", str(path), "--map", "id=Reff"])
    assert bad.exit_code == 1 and "no column 'Reff' (did you mean 'Ref'?)" in bad.output
    assert runner.invoke(app, ["validate", str(path), "--map", "nonsense"]).exit_code == 2


def test_every_bad_row_named_with_row_and_column(tmp_path: Path) -> None:
    text = (
        HR + "P4,Officer,SO,lots,P2,Children,,Filled,\nP5,Officer,SO,1,P9,Children,,Filled,\n"
        "P6,,SO,1,P2,Children,,Filled,\nP7,Officer,SO,1,P2,Children,,Sacked,31/02/2025\n"
    )
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert f"{path}:5: error: post 'P4': column 'FTE': Input should be a valid number" in out
    assert f"{path}:6: error: post 'P5' reports to 'P9', which does not exist" in out
    assert f"{path}:7: error: post 'P6': column 'Job Title' is empty" in out
    assert f"{path}:8: error: post 'P7': column 'Status': Input should be" in out
    assert f"{path}:8: error: post 'P7': column 'End Date':" in out
    assert "Traceback" not in out


def test_skip_invalid_loads_the_rest(tmp_path: Path) -> None:
    text = HR + "P4,Officer,SO,lots,P2,Children,,Filled,\nP5,Officer,SO,1,P4,Children,,Filled,\n"
    path = write(tmp_path, text)
    result = runner.invoke(app, ["cost", str(path), "--skip-invalid", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "skipped 2 of 5 posts with errors" in result.output
    assert '"posts": 3' in result.stdout


def test_excel(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([])  # a blank first row, as exports often have
    sheet.append(["Post Number", "Job Title", "FTE", "Manager Position", "End Date"])
    sheet.append(["1001", "Head of Service", 1, None, None])
    sheet.append([1002, "Team Manager", 0.8, 1001, dt.datetime(2025, 3, 31)])
    sheet.append([1003, "Team Manager", "half", 1001, None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    _parsed, issues = check(path)
    assert [str(i) for i in issues] == [
        f"{path}:2: warning: no column is read as a cost (cost, or pay_min and pay_max): "
        "the posts have no cost",
        f"{path}:5: error: post '1003': column 'FTE': Input should be a valid number, "
        "unable to parse string as a number (got 'half')",
    ]
    ok = build(path, ReadOptions(skip_invalid=True))
    posts = {p.id: p for p in ok.structure.posts}
    assert posts["1002"].reports_to == "1001" and str(posts["1002"].end_date) == "2025-03-31"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1 and "this is not an Excel .xlsx file" in result.output
    import zipfile

    with zipfile.ZipFile(broken, "w") as archive:  # a zip, but no workbook in it
        archive.writestr("notes.txt", "hello")
    result = runner.invoke(app, ["validate", str(broken)])
    assert result.exit_code == 1 and "cannot read as an Excel workbook" in result.output


def test_convert_yaml_to_yaml_loses_nothing(tmp_path: Path) -> None:
    for source in (CLA / "before.yaml", COMM / "after.yaml"):
        out = tmp_path / "copy.yaml"
        assert runner.invoke(app, ["convert", str(source), "-o", str(out)]).exit_code == 0
        assert build(out).structure == build(source).structure


@pytest.mark.parametrize("suffix", ["yaml", "json", "csv"])
def test_convert_organogram(tmp_path: Path, suffix: str) -> None:
    senior = ORGANOGRAMS / "audit_commission-2011-09-30-senior.csv"
    junior = ORGANOGRAMS / "audit_commission-2011-09-30-junior.csv"
    out = tmp_path / f"audit.{suffix}"
    args = ["convert", str(senior), str(junior), "-o", str(out), "--redact"]
    if suffix == "csv":
        # A CSV holds posts only: the edition's name and date need --lossy.
        refused = runner.invoke(app, args)
        assert refused.exit_code == 1 and "would lose name, date" in refused.output
        args.append("--lossy")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    converted, original = build(out).structure, build(senior).structure
    assert [p.id for p in converted.posts] == [p.id for p in original.posts]
    assert all(p.holder is None for p in converted.posts)
    assert [p.model_copy(update={"holder": None}) for p in original.posts] == converted.posts


def test_convert_refuses_unknown_suffix(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["convert", str(CLA / "before.yaml"), "-o", str(tmp_path / "x.txt")]
    )
    assert result.exit_code == 2 and not (tmp_path / "x.txt").exists()


def test_malformed_csv_is_a_load_error(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title\na," + "x" * 200_000 + "\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: error: malformed CSV: field larger than field limit" in result.output


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["id,title,reports_to,fte\n", "Post Unique Reference,Name,FTE\n", ""]),
    st.text(alphabet=st.sampled_from(list('ab,"\n\r;\t 0.5-XX\x00é')), max_size=120),
)
def test_any_csv_gives_issues_not_exceptions(tmp_path: Path, header: str, body: str) -> None:
    path = tmp_path / "fuzz-senior.csv"
    path.write_text(header + body, encoding="utf-8")
    with contextlib.suppress(LoadError):
        check(path)


def test_a_semicolon_csv_from_a_decimal_comma_locale_reads_its_figures(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "id;title;fte;cost;reports_to\n"
        "A;Head;1;95.000,00;\n"
        "B;Officer;0,5;32.000;A\n"
        "C;Officer;1;1.250,50;A\n"
    )
    posts = {p.id: (p.fte, p.cost) for p in build(path).structure.posts}
    assert posts == {"A": (1.0, 95000.0), "B": (0.5, 32000.0), "C": (1.0, 1250.5)}


def test_a_comma_csv_keeps_thousands_separators(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,title,fte,cost\nA,Head,0.5,"95,000.00"\nB,Officer,1,"1,000"\n')
    posts = {p.id: (p.fte, p.cost) for p in build(path).structure.posts}
    assert posts == {"A": (0.5, 95000.0), "B": (1.0, 1000.0)}


def test_a_column_with_both_decimal_marks_is_refused_naming_the_cell(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id;title;fte\nA;Head;0,5\nB;Officer;0.25\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        "export.csv:3: error: post 'B': column 'fte': '0.25' and '0,5' (row 2) "
        "use different decimal marks" in result.output
    )


def test_a_figure_that_starts_0_is_never_read_as_thousands(tmp_path):
    # 0.500 has no thousands group: in a semicolon file it is still a half.
    path = tmp_path / "export.csv"
    path.write_text("id;title;fte;cost\nA;Head;0.500;1.000\nB;Officer;1;2.500\n")
    posts = {p.id: (p.fte, p.cost) for p in build(path).structure.posts}
    # FTE shows a decimal point; cost's cells could be either, and follow the semicolon.
    assert posts == {"A": (0.5, 1000.0), "B": (1.0, 2500.0)}


def test_a_row_with_more_cells_than_the_header_is_an_error_naming_the_text(tmp_path):
    path = write(
        tmp_path,
        "id,title,reports_to,notes\n"
        "A,Head,,\n"
        "B,Officer,A,on leave, back in May\n"
        "C,Officer,A,,\n",  # a trailing empty cell loses nothing
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        f"{path}:3: error: post 'B': row 3 has 5 cells, the header 4: ' back in May' is in "
        "no column; put quotes around a cell that holds a comma"
    ) in result.output
    assert f"{path}: 3 posts, 1 error(s), " in result.output
    skipped = runner.invoke(app, ["cost", str(path), "--skip-invalid", "-f", "json"])
    assert skipped.exit_code == 0 and '"posts": 2' in skipped.stdout


TITLED = (
    "Housing staff list,,,\n"
    "As at 1 April 2024,,,\n"
    ",,,\n"
    "Post Number,Job Title,Manager Position,Annual Cost\n"
    "H1,Head of Housing,,80000\n"
    "H2,Housing Officer,H1,35000\n"
)


def test_title_rows_above_the_header_are_found_and_passed_over(tmp_path):
    path = write(tmp_path, TITLED)
    parsed, issues = check(path)
    assert issues == []
    assert [(p.id, p.reports_to, p.cost) for p in parsed.structure.posts] == [
        ("H1", None, 80000.0),
        ("H2", "H1", 35000.0),
    ]
    assert parsed.post_lines == [5, 6]
    assert "the header is row 4: the 2 row(s) above it are read as titles, not posts" in (
        parsed.notes
    )
    for command in (["validate"], ["cost", "-f", "csv"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 0, result.output
    assert "total,2,2.0,115000.0" in result.stdout


def test_header_row_names_the_header_where_it_cannot_be_found(tmp_path):
    # Nothing in the header is a known name: the mapping names the columns,
    # and --header-row the row they are on.
    text = "Staff,\nRef,Role\nA,Head\nB,Officer\n"
    path = write(tmp_path, text)
    args = ["validate", str(path), "--map", "id=Ref", "--map", "title=Role"]
    found = runner.invoke(app, args)
    assert found.exit_code == 0, found.output
    assert "2 posts, 0 error(s)" in found.output
    told = runner.invoke(app, [*args, "--header-row", "2"])
    assert told.exit_code == 0 and "2 posts, 0 error(s)" in told.output
    wrong = runner.invoke(app, [*args, "--header-row", "3"])
    assert wrong.exit_code == 1
    assert "mapping id=Ref: no column 'Ref'" in wrong.output
    beyond = runner.invoke(app, [*args, "--header-row", "9"])
    assert beyond.exit_code == 1
    assert "--header-row 9: the file has 4 rows" in beyond.output
    assert runner.invoke(app, [*args, "--header-row", "0"]).exit_code == 2


def test_a_file_with_no_header_in_its_first_rows_says_what_it_saw(tmp_path):
    path = write(tmp_path, "Housing staff list\n" + "x,y\n" * 30)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "no column for 'id'" in result.output


def test_title_rows_in_a_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    for line in TITLED.splitlines():
        book.active.append([cell or None for cell in line.split(",")])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    parsed, issues = check(path)
    assert issues == [] and [p.id for p in parsed.structure.posts] == ["H1", "H2"]


UNREAD = (
    "Position Number,Position Title,Grade,Line Manager Position No,Salary,FTE,NI Number\n"
    "1,Chief Executive,CE,,150000,1,AB123456C\n"
    "2,Director,D1,1,110000,1,AB123456D\n"
    "3,Head of Service,HOS,2,80000,1,AB123456E\n"
    "4,Team Manager,PO6,3,52000,0.5,AB123456F\n"
)


@pytest.mark.parametrize("reader", ["columns", "rows"])
def test_every_column_not_read_is_named_with_the_map_that_reads_it(tmp_path, reader):
    # --skip-invalid makes even a plain export be read row by row.
    path = write(tmp_path, UNREAD)
    extra = ["--skip-invalid"] if reader == "rows" else []
    result = runner.invoke(app, ["validate", str(path), *extra])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    # Messages on one row come in the order of their text.
    assert warnings == [
        f"{path}:1: warning: 1 column(s) not read, matching no field: 'NI Number'; "
        "--map FIELD=HEADER reads one as a field",
        f"{path}:1: warning: column 'Line Manager Position No' is not read: "
        "--map reports_to='Line Manager Position No' reads it as the line manager's post id",
        f"{path}:1: warning: column 'Salary' is not read: --map cost=Salary reads it as the "
        "annual cost",
        f"{path}:1: warning: no column is read as a cost (cost, or pay_min and pay_max): "
        "the posts have no cost",
        f"{path}:1: warning: no column is read as the line manager's post (reports_to): "
        "every post is a top post",
        f"{path}:3: warning: 4 top posts (no reports_to): 1, 2, 3, 4",
    ]
    mapped = runner.invoke(
        app,
        [
            "cost",
            str(path),
            "-f",
            "csv",
            "--map",
            "reports_to=Line Manager Position No",
            "--map",
            "cost=Salary",
            *extra,
        ],
    )
    assert mapped.exit_code == 0, mapped.output
    assert mapped.stdout.splitlines()[-1] == "total,4,3.5,392000.0"
    assert "reports_to" not in mapped.output and "'Salary'" not in mapped.output
    assert "1 column(s) not read, matching no field: 'NI Number'" in mapped.output


def test_text_under_a_column_with_no_header_is_named(tmp_path):
    path = write(
        tmp_path,
        "id,title,reports_to,\nA,Head,,\nB,Officer,A,on leave\nC,Officer,A,back in May\n",
    )
    for command in (["validate"], ["cost"]):
        result = runner.invoke(app, [*command, str(path)])
        assert result.exit_code == 0, result.output
        assert (
            f"{path}:3: warning: column 4 has no header but holds text on 2 row(s), "
            "such as 'on leave': it is not read; give it a header"
        ) in result.output
