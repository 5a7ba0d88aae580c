"""The fast way in (read.columnar, check.columnar, measure.columnar) gives what the
row-by-row way gives, on the same HR exports; and gives way to it wherever a
file holds anything it does not read exactly."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orgchart.build import build, build_table, check
from orgchart.cli import app
from orgchart.measure import GroupBy, columnar
from orgchart.measure.metrics import cost_summary, layers_summary, span_rows
from orgchart.read import ReadOptions

runner = CliRunner()
COLUMNS = ["id", "title", "grade", "fte", "count", "reports_to", "unit", "status", "cost"]


def export(posts: int, seed: int = 0) -> list[dict[str, str]]:
    """An HR export: a tree of teams, part-timers, groups, vacancies, a pay band or two."""
    rng = random.Random(seed)
    rows = [{"id": "E0", "title": "Chief Executive", "grade": "CE", "cost": "150000.5"}]
    for n in range(1, posts):
        manager = rng.randrange(0, n) // 4  # about four reports each, seven layers in 3,000
        row = {
            "id": f"E{n}",
            "title": rng.choice(["Social Worker", "Team Manager", "Officer"]),
            "grade": rng.choice(["PO3", "PO6", "SO2", ""]),
            "reports_to": f"E{manager}",
            "unit": rng.choice(["Children", "Adults", "", "Finance"]),
            "cost": f"{rng.randrange(20000, 90000)}.{rng.randrange(100):02d}",
        }
        roll = rng.random()
        if roll < 0.1:
            row["fte"] = rng.choice(["0.5", "0.6", "0.81"])
        elif roll < 0.15:
            row["count"] = str(rng.randint(2, 9))
            row["fte"] = "1.7"
        elif roll < 0.2:
            row["status"] = rng.choice(["Vacant", "fixed term", "Acting"])
        rows.append(row)
    return rows


def write(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, columns, extrasaction="ignore")
        out.writeheader()
        out.writerows(rows)
    return path


def same_figures(path: Path) -> None:
    checked = build_table(path)
    assert checked is not None, "the fast way gave way on a plain export"
    built = build(path)
    assert checked.warnings == built.warnings
    assert columnar.span_rows(checked) == span_rows(built.graph)
    assert columnar.span_rows(checked, (2, 4, 6, 8, 10)) == span_rows(built.graph, (2, 4, 6, 8, 10))
    assert columnar.layers_summary(checked) == layers_summary(built.graph)
    for by in [None, *GroupBy]:
        assert columnar.cost_summary(checked, by) == cost_summary(built.structure, by), by


def test_an_export_gives_the_same_figures_both_ways(tmp_path: Path) -> None:
    same_figures(write(tmp_path / "export.csv", export(3000)))


def test_figures_do_not_depend_on_the_order_of_rows(tmp_path: Path) -> None:
    rows = export(2000, seed=3)
    first = build_table(write(tmp_path / "a.csv", rows))
    random.Random(1).shuffle(rows)
    shuffled = build_table(write(tmp_path / "b.csv", rows))
    assert first is not None and shuffled is not None
    assert columnar.span_rows(first) == columnar.span_rows(shuffled)
    assert columnar.layers_summary(first) == columnar.layers_summary(shuffled)
    assert columnar.cost_summary(first, GroupBy.UNIT) == columnar.cost_summary(
        shuffled, GroupBy.UNIT
    )


def test_figures_against_a_count_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "Position ID,Job Title,FTE,Headcount,Reports To,Annual Cost,Pay Floor,Pay Ceiling\n"
        "A,Head,1,,,80000,,\n"
        "B,Manager,0.5,,A,30000,,\n"
        "C,Worker,,3,B,,20000,30000\n"
        "D,Worker,1,,B,,,\n"
        "E,Assistant,1,,A,25000,,\n",
        encoding="utf-8",
    )
    checked = build_table(path)
    assert checked is not None
    rows = {r.id: r for r in columnar.span_rows(checked)}
    # A manages B and E (five posts below); B manages C (3 posts) and D: 4 reports on 0.5 FTE.
    assert (rows["A"].direct_reports, rows["A"].total_reports) == (2, 6)
    assert (rows["B"].direct_reports, rows["B"].reports_per_manager_fte) == (4, 8.0)
    cost = columnar.cost_summary(checked)
    # C: midpoint 25,000 x 3 FTE = 75,000, an estimate; D has no cost at all.
    assert cost.total.cost == 80000 + 30000 + 75000 + 25000
    assert (cost.estimated, cost.uncosted) == (["C"], ["D"])
    assert [w.message for w in checked.warnings] == [
        "post 'D' has no cost: no cost or pay band is given"
    ]
    assert checked.warnings[0].line == 5


def test_warnings_are_those_of_the_row_reader(tmp_path: Path) -> None:
    rows = export(400, seed=5)
    rows[7]["status"] = "vacant"  # a manager in this tree
    rows[300].pop("reports_to")  # a second top post
    rows[301].pop("reports_to")
    for row in rows[10:20]:
        row.pop("cost")
    path = write(tmp_path / "warned.csv", rows)
    checked = build_table(path)
    assert checked is not None
    assert len(checked.warnings) >= 3
    same_figures(path)


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("semicolons: decimal commas", lambda t: t.replace(",", ";")),
        ("a currency sign", lambda t: t.replace("150000.5", "£150000.5")),
        ("thousands separators", lambda t: t.replace("150000.5", '"150,000.5"')),
        ("a repeated id", lambda t: t.replace("E2,", "E1,", 1)),
        ("an unknown manager", lambda t: t.replace(",E0,", ",E-none,", 1)),
        (
            "a cycle",
            lambda t: t.replace("E0,Chief Executive,CE,,,,", "E0,Chief Executive,CE,,,E3,"),
        ),
        ("a blank row", lambda t: t.replace("\n", "\n\n", 3)),
        ("a row of empty cells", lambda t: t + ",,,,,,,,\n"),
        ("an escaped formula", lambda t: t.replace("Chief Executive", "'=Chief")),
        ("an id beyond ASCII", lambda t: t.replace("E3,", "É3,").replace(",E3,", ",É3,")),
        ("a negative cost", lambda t: t.replace("150000.5", "-1")),
        ("an FTE above the count", lambda t: t.replace(",0.5,", ",1.5,", 1)),
        ("an unknown status", lambda t: t.replace("CE,,,,,,", "CE,,,,,Frozen,")),
        ("a lone carriage return", lambda t: t.replace("\n", "\r", 2)),
    ],
)
def test_the_row_reader_takes_over_where_columns_cannot_be_sure(
    tmp_path: Path, why: str, change: object
) -> None:
    plain = write(tmp_path / "plain.csv", export(60, seed=2)).read_text(encoding="utf-8")
    changed = change(plain)  # type: ignore[operator]
    assert changed != plain, why
    path = tmp_path / "changed.csv"
    path.write_text(changed, encoding="utf-8")
    assert build_table(path) is None, why


@pytest.mark.parametrize(
    ("why", "ending", "plain"),
    [
        ("CRLF line ends", lambda t: t.replace("\n", "\r\n"), True),
        ("a blank row", lambda t: t.replace("\nE3,", "\n\nE3,"), False),
        (
            "a blank CRLF row",
            lambda t: t.replace("\n", "\r\n").replace("\nE3,", "\n\r\nE3,"),
            False,
        ),
        (
            "a lone carriage return",
            lambda t: t.replace("\n", "\r\n").replace("\r\nE3,", "\rE3,"),
            False,
        ),
        ("a carriage return at the end", lambda t: t + "\r", False),
    ],
)
def test_the_bytes_are_checked_across_every_chunk_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str, ending: object, plain: bool
) -> None:
    from orgchart.read import columnar as reader

    path = tmp_path / "export.csv"
    text = write(path, export(12, seed=3)).read_text(encoding="utf-8").replace("\r\n", "\n")
    path.write_bytes(ending(text).encode())  # type: ignore[operator]
    # Chunks of every size up to two lines: each quirk falls on a boundary somewhere.
    for size in range(1, 90):
        monkeypatch.setattr(reader, "CHUNK", size)
        with path.open("rb") as handle:
            # The bytes' own check, not only polars' reading of the row after.
            assert (reader._plain_bytes(handle) is not None) is plain, (why, size)
        assert (build_table(path) is not None) is plain, (why, size)


def test_a_line_longer_than_csv_takes_is_read_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orgchart.read import columnar as reader

    rows = export(12, seed=3)
    rows[5]["title"] = "x" * 300
    path = write(tmp_path / "long.csv", rows)
    monkeypatch.setattr(csv, "field_size_limit", lambda: 200)
    for size in (64, 150, 1 << 20):
        monkeypatch.setattr(reader, "CHUNK", size)
        assert build_table(path) is None, size
    rows[5]["title"] = "x" * 100
    assert build_table(write(path, rows)) is not None


def test_lists_and_dates_are_read_row_by_row(tmp_path: Path) -> None:
    rows = export(30)
    rows[4]["funding"] = "GRANT=0.5"
    path = write(tmp_path / "funded.csv", rows, [*COLUMNS, "funding"])
    assert build_table(path) is None
    rows[4]["funding"] = ""
    assert build_table(write(path, rows, [*COLUMNS, "funding"])) is not None


def test_an_error_is_named_by_the_row_reader(tmp_path: Path) -> None:
    rows = export(50)
    rows[20]["reports_to"] = "E999"
    path = write(tmp_path / "bad.csv", rows)
    assert build_table(path) is None
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:22: error: post 'E20' reports to 'E999', which does not exist" in result.stdout


def test_a_mapping_is_refused_in_the_same_words(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", export(20))
    options = ReadOptions(columns={"unit": "Department"})
    with pytest.raises(Exception) as fast:
        build_table(path, options)
    with pytest.raises(Exception) as rows:
        check(path, options)
    assert str(fast.value) == str(rows.value)


@pytest.mark.parametrize("command", [["span"], ["layers"], ["cost", "--by", "unit"], ["validate"]])
def test_commands_print_what_the_row_reader_would(tmp_path: Path, command: list[str]) -> None:
    rows = export(500, seed=9)
    rows[3]["status"] = "vacant"
    fast = write(tmp_path / "fast.csv", rows)
    # The same export, but with a £ sign: read row by row, and to the same figures.
    slow = tmp_path / "slow.csv"
    slow.write_text(
        fast.read_text(encoding="utf-8").replace("150000.5", '"£150,000.50"'), encoding="utf-8"
    )
    assert build_table(fast) is not None and build_table(slow) is None
    formats = [] if command == ["validate"] else ["-f", "json"]
    one = runner.invoke(app, [*command, str(fast), *formats])
    other = runner.invoke(app, [*command, str(slow), *formats])
    assert one.exit_code == other.exit_code == 0
    assert one.output.replace("fast.csv", "X") == other.output.replace("slow.csv", "X")


def test_parquet_round_trip_and_the_same_figures(tmp_path: Path) -> None:
    source = write(tmp_path / "export.csv", export(500, seed=21))
    parquet = tmp_path / "export.parquet"
    result = runner.invoke(app, ["convert", str(source), "-o", str(parquet)])
    assert result.exit_code == 0, result.output
    assert parquet.read_bytes()[:4] == b"PAR1"
    # Read back row by row it is the same structure; read as columns, the same figures.
    assert build(parquet).structure.posts == build(source).structure.posts
    checked = build_table(parquet)
    assert checked is not None
    assert columnar.span_rows(checked) == span_rows(build(source).graph)
    (tmp_path / "back").mkdir()
    again = tmp_path / "back" / "export.csv"  # the same name: a CSV keeps no other
    assert runner.invoke(app, ["convert", str(parquet), "-o", str(again)]).exit_code == 0
    assert build(again).structure.posts == build(source).structure.posts


def test_a_parquet_file_that_is_not_one_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    result = runner.invoke(app, ["span", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}: error: cannot read as a Parquet file")
    assert "Traceback" not in result.output


def test_parquet_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    rows = export(20)
    rows[3]["title"] = "=HYPERLINK('http://x')"
    source = write(tmp_path / "export.csv", rows)
    parquet = tmp_path / "export.parquet"
    assert runner.invoke(app, ["convert", str(source), "-o", str(parquet)]).exit_code == 0
    posts = {p.id: p for p in build(parquet).structure.posts}
    assert posts["E3"].title == "=HYPERLINK('http://x')"
