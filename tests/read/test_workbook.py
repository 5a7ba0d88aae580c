"""Excel workbooks as people keep them: hidden sheets, formulas, merged cells."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook
from typer.testing import CliRunner

from orgchart.build import check
from orgchart.cli import app
from orgchart.read import ReadOptions

runner = CliRunner()


def staff_book(path: Path, *, hidden_lookup: bool = True) -> Path:
    """A lookup sheet first (hidden, as HR templates keep them), then the staff."""
    book = Workbook()
    lookup = book.active
    lookup.title = "Lookup"
    lookup.append(["id", "title"])  # a header the reader would take, were it read
    lookup.append(["PO6", "Principal Officer 6"])
    if hidden_lookup:
        lookup.sheet_state = "hidden"
    staff = book.create_sheet("Staff")
    staff.append(["Post Number", "Job Title", "FTE", "Manager Position", "Team"])
    staff.append(["A", "Head of Service", 1, None, "Children"])
    staff.append(["B", "Team Manager", "=1/2", "A", None])
    staff.append(["C", "Team Manager", 1, "A", None])
    staff.merge_cells("E2:E4")
    book.save(path)
    return path


def test_the_first_visible_sheet_is_read(tmp_path: Path) -> None:
    path = staff_book(tmp_path / "staff.xlsx")
    parsed, _issues = check(path)
    assert [p.id for p in parsed.structure.posts] == ["A", "B", "C"]
    assert "read sheet 'Staff', the first visible one (hidden: 'Lookup')" in parsed.notes


def test_sheet_names_the_sheet(tmp_path: Path) -> None:
    path = staff_book(tmp_path / "staff.xlsx")
    parsed, _issues = check(path, ReadOptions(sheet="Lookup"))
    assert [p.id for p in parsed.structure.posts] == ["PO6"]
    result = runner.invoke(app, ["validate", str(path), "--sheet", "staff"])
    assert result.exit_code == 1
    assert "no sheet 'staff' (did you mean 'Staff'?); its sheets: Lookup, Staff" in result.output
    csv = tmp_path / "export.csv"
    csv.write_text("id,title\nA,Head\n", encoding="utf-8")
    result = runner.invoke(app, ["cost", str(csv), "--sheet", "Staff"])
    assert result.exit_code == 1
    assert "--sheet is for Excel workbooks" in result.output


def test_a_formula_with_no_saved_value_is_named_by_cell(tmp_path: Path) -> None:
    # openpyxl saves formulas with no value, as a workbook never opened in Excel is.
    path = staff_book(tmp_path / "staff.xlsx")
    parsed, issues = check(path)
    assert (
        f"{path}:3: warning: post 'B': sheet 'Staff' cell C3: the formula '=1/2' has no "
        "saved value, so it is read as blank; open and save the workbook in Excel, or type "
        "the value" in [str(i) for i in issues]
    )
    saved = tmp_path / "saved.xlsx"
    _with_saved_value(path, saved, "C3", "0.5")
    parsed, issues = check(saved)
    assert not any("formula" in i.message for i in issues)
    assert {p.id: p.total_fte for p in parsed.structure.posts}["B"] == 0.5


def test_merged_cells_are_read_in_every_row_they_cover(tmp_path: Path) -> None:
    path = staff_book(tmp_path / "staff.xlsx")
    parsed, issues = check(path)
    assert {p.id: p.unit for p in parsed.structure.posts} == {
        "A": "Children",
        "B": "Children",
        "C": "Children",
    }
    assert (
        f"{path}:2: warning: sheet 'Staff' cells E2:E4 are merged: 'Children' is read in "
        "each of their rows"
    ) in [str(i) for i in issues]


def _with_saved_value(source: Path, target: Path, cell: str, value: str) -> None:
    """The workbook as Excel saves it: the formula's value kept beside it."""
    shutil.copy(source, target)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            text = data.decode("utf-8", errors="replace")
            if item.filename.startswith("xl/worksheets/") and f'r="{cell}"' in text:
                at = text.index(f'r="{cell}"')
                start = text.index("<v", at)
                end = text.index("</c>", start)
                text = text[:start] + f"<v>{value}</v>" + text[end:]
                data = text.encode("utf-8")
            new.writestr(item, data)
