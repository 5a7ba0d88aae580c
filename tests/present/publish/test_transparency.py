"""The Transparency Code's senior structure: the top levels with brackets,
names from £150,000, and the pay multiple, checked against figures worked out
from the YAML alone."""

from __future__ import annotations

import csv
import io
import statistics
from pathlib import Path

import pytest
import yaml

from orgchart.build import build
from orgchart.errors import InvalidStructure, LoadError
from orgchart.present.publish import publish
from orgchart.present.publish.leaks import cells_of
from orgchart.present.publish.transparency import TransparencyOptions, _median
from orgchart.read.budgets import read_budgets

from ...conftest import CLA, COMM
from .conftest import SEEDS


def tables(data: bytes) -> list[list[dict[str, str]]]:
    """The CSV's tables, split at blank rows, each as rows by its header."""
    found: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
        if not row:
            found.append([])
        else:
            found[-1].append(row)
    return [[dict(zip(t[0], r, strict=True)) for r in t[1:]] for t in found]


def release(path: Path, name: str = "out.csv", **more):
    return publish(build(path), TransparencyOptions(file_name=name, **more))


def independent(path: Path, levels: int = 3) -> tuple[list[str], float]:
    """The posts of the top levels and the pay multiple, from the YAML."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    grades = data.get("grades", {})
    posts = {str(p["id"]): p for p in data["posts"]}
    level = {}
    for post_id in posts:
        chain = [post_id]
        while "reports_to" in posts[chain[-1]]:
            chain.append(str(posts[chain[-1]]["reports_to"]))
        level[post_id] = len(chain)

    def pay(p: dict) -> float:
        fte = float(p.get("fte", p.get("count", 1)))
        return p["cost"] / fte if "cost" in p else float(grades[p["grade"]])

    salaries = [
        pay(p)
        for p in posts.values()
        if p.get("status") != "vacant"
        for _ in range(p.get("count", 1))
    ]
    shown = sorted(i for i in posts if level[i] <= levels)
    return shown, max(salaries) / statistics.median(salaries)


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_seed_publishes_its_top_levels_and_pay_multiple(seed: Path) -> None:
    shown, multiple = independent(seed)
    structure, pay = tables(release(seed).files["out.csv"])
    assert sorted(r["Post reference"] for r in structure) == shown
    assert float(pay[0]["Pay multiple"]) == pytest.approx(multiple, abs=0.005)
    for row in structure:
        assert row["Salary bracket"].startswith("£")
        assert row["Name"] in ("Not published", "Vacant")


def test_the_cla_figures_by_hand() -> None:
    structure, pay = tables(release(CLA / "after.yaml").files["out.csv"])
    first = structure[0]
    assert (first["Level"], first["Post reference"], first["Reports to"]) == ("1", "DIR", "")
    assert first["Salary bracket"] == "£125,000 to £129,999"
    # 37 posts: the highest pay is the Director's £125,000; the 19th is a PO6's £52,000.
    assert pay == [
        {
            "Pay multiple": "2.40",
            "Highest salary bracket": "£125,000 to £129,999",
            "Median salary bracket": "£50,000 to £54,999",
            "Salaries counted": "37",
            "How it was computed": pay[0]["How it was computed"],
        }
    ]


def test_the_generated_council(council: Path) -> None:
    shown, multiple = independent(council)
    structure, pay = tables(release(council, levels=3).files["out.csv"])
    assert sorted(r["Post reference"] for r in structure) == shown
    assert float(pay[0]["Pay multiple"]) == pytest.approx(multiple, abs=0.005)
    data = {p["id"]: p for p in yaml.safe_load(council.read_text(encoding="utf-8"))["posts"]}
    # Only the chief executive is paid £150,000 or more: the one name.
    named = {
        r["Post reference"]: r["Name"]
        for r in structure
        if r["Name"] not in ("Not published", "Vacant")
    }
    assert named == {"CEX": data["CEX"]["holder"]}


def test_brackets_names_and_permanence(write) -> None:
    path = write(
        """\
        name: Borough
        grades: {CEX: 152000, DIR: 110000, HOS: 49000}
        posts:
          - {id: CEX, title: Chief Executive, grade: CEX, holder: Pat Head}
          - {id: D, title: Director, grade: DIR, reports_to: CEX, holder: Sam Next}
          - {id: I, title: Interim, grade: DIR, reports_to: CEX, holder: Lee Temp, status: interim}
          - {id: F, title: Director, grade: DIR, reports_to: CEX, end_date: 2027-03-31}
          - {id: V, title: Director, grade: DIR, reports_to: CEX, status: vacant}
          - {id: H, title: Head, grade: HOS, reports_to: D, holder: Kim Low}
          - {id: B, title: Adviser, grade: ADV, reports_to: H, pay_min: 45000, pay_max: 60000}
        """
    )
    rows, _ = tables(release(path, levels=4).files["out.csv"])
    got = [
        (r["Post reference"], r["Permanent or temporary"], r["Salary bracket"], r["Name"])
        for r in rows
    ]
    assert got == [
        ("CEX", "Permanent", "£150,000 to £154,999", "Pat Head"),
        ("D", "Permanent", "£110,000 to £114,999", "Not published"),
        ("H", "Permanent", "Under £50,000", "Not published"),
        ("B", "Permanent", "£45,000 to £64,999", "Not published"),
        ("F", "Temporary", "£110,000 to £114,999", "Not published"),
        ("I", "Temporary", "£110,000 to £114,999", "Not published"),
        ("V", "Permanent", "£110,000 to £114,999", "Vacant"),
    ]
    rows, _ = tables(release(path, levels=1).files["out.csv"])
    assert [r["Post reference"] for r in rows] == ["CEX"]


def test_the_weighted_median() -> None:
    assert _median([(10.0, 1), (30.0, 1), (20.0, 1)]) == 20.0
    assert _median([(10.0, 3), (40.0, 1)]) == 10.0
    assert _median([(10.0, 2), (40.0, 2)]) == 25.0
    assert _median([(5.0, 1)]) == 5.0


def test_an_html_page_keeps_text_as_text(write, tmp_path: Path) -> None:
    path = write(
        """\
        name: "<b>Borough</b>"
        grades: {CEX: 152000}
        posts:
          - {id: CEX, title: "<script>alert(1)</script>", grade: CEX, unit: "A & B"}
        """
    )
    page = release(path, "senior.html").files["senior.html"]
    text = page.decode("utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert (
        "A &amp; B" in text
        and "<title>&lt;b&gt;Borough&lt;/b&gt;: senior structure</title>" in text
    )
    cells = {(c.column, c.text) for c in cells_of("senior.html", page)}
    assert ("Job title", "<script>alert(1)</script>") in cells
    assert ("Pay multiple", "1.00") in cells


def test_budgets_held(write, tmp_path: Path) -> None:
    budgets = tmp_path / "budgets.csv"
    budgets.write_text('id,budget\nHOS-EH,"£1,250,000"\nDIR,4200000.50\n', encoding="utf-8")
    rows, _ = tables(release(CLA / "after.yaml", budgets=read_budgets(budgets)).files["out.csv"])
    held = {r["Post reference"]: r["Budget held (£)"] for r in rows if r["Budget held (£)"]}
    assert held == {"HOS-EH": "1250000", "DIR": "4200000.50"}
    page = release(CLA / "after.yaml", "x.html", budgets=read_budgets(budgets)).files["x.html"]
    assert "£1,250,000" in page.decode() and "£4,200,000.50" in page.decode()
    budgets.write_text("id,budget\nHOS-EH,100\nNOBODY,5\n", encoding="utf-8")
    with pytest.raises(InvalidStructure) as caught:
        release(CLA / "after.yaml", budgets=read_budgets(budgets))
    assert [str(i) for i in caught.value.issues] == [
        f"{budgets}:3: error: a budget for post 'NOBODY', which the structure does not have"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("post,amount\nA,1\n", ":1: error: a budgets CSV has the columns id and budget"),
        (
            "id,budget\nA,lots\n",
            ":2: error: row needs a post id and a budget of £0 or more, got 'A' and 'lots'",
        ),
        (
            "id,budget\nA,-1\n",
            ":2: error: row needs a post id and a budget of £0 or more, got 'A' and '-1'",
        ),
        ("id,budget\nA,1\n\nA,2\n", ":4: error: post 'A' has a budget on row 2 already"),
    ],
)
def test_a_bad_budgets_file_is_named_by_row(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "budgets.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_budgets(path)
    assert (
        f"{caught.value.file}:{caught.value.line}: error: {caught.value.message}"
        == f"{path}{message}"
    )


def test_every_post_needs_pay_and_the_shown_a_grade(write) -> None:
    path = write(
        """\
        name: X
        grades: {A: 60000}
        posts:
          - {id: TOP, title: Chief, cost: 90000}
          - {id: B, title: Officer, grade: NONE, reports_to: TOP}
        """
    )
    with pytest.raises(InvalidStructure) as caught:
        release(path)
    assert [str(i) for i in caught.value.issues] == [
        f"{path}:4: error: post 'TOP' has no grade: the senior structure gives each post's grade",
        f"{path}:5: error: post 'B' has no pay: give it a cost, a costed grade or pay_min and "
        "pay_max (the salary brackets and the pay multiple need every post's)",
    ]


def test_commissioning_seed_as_html(tmp_path: Path) -> None:
    page = release(COMM / "after.yaml", "comm.html").files["comm.html"].decode("utf-8")
    shown, _ = independent(COMM / "after.yaml")
    assert len(shown) == 4  # the chief officer, the head of service, two programme managers
    assert page.count("<tr>") == 1 + len(shown) + 2  # headers, the posts, the pay multiple


def test_output_does_not_depend_on_the_order_of_the_posts(council: Path, tmp_path: Path) -> None:
    import random

    data = yaml.safe_load(council.read_text(encoding="utf-8"))
    random.Random(3).shuffle(data["posts"])
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data), encoding="utf-8")
    for name in ("x.csv", "x.html"):
        assert release(shuffled, name).files == release(council, name).files


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("suffix", ["csv", "html"])
def test_golden_transparency(seed: Path, suffix: str) -> None:
    import os

    golden = GOLDEN / f"{seed.parent.name}-{seed.stem}-transparency.{suffix}"
    data = release(seed, f"out.{suffix}").files[f"out.{suffix}"]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden} differs: UPDATE_GOLDEN=1"


GOLDEN = Path(__file__).parent.parent.parent / "golden"
