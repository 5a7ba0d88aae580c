"""Ids that look the same are the same: every reader normalises ids to NFC."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest

from orgchart.build import build, check

from ..conftest import ORGANOGRAMS

COMPOSED = unicodedata.normalize("NFC", "Café-1")  # é as one character
DECOMPOSED = unicodedata.normalize("NFD", "Café-1")  # e and a combining accent
assert COMPOSED != DECOMPOSED


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def _xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def _parquet(path: Path, rows: list[list[str]]) -> None:
    import polars as pl

    pl.DataFrame(rows[1:], schema=rows[0], orient="row").write_parquet(path)


ROWS = [
    ["id", "title", "reports_to", "dotted_to"],
    [COMPOSED, "Head", "", ""],
    ["B", "Officer", DECOMPOSED, ""],
    ["C", "Officer", COMPOSED, DECOMPOSED],
]


@pytest.mark.parametrize("suffix", ["yaml", "json", "csv", "xlsx", "parquet"])
def test_an_id_written_decomposed_is_the_same_post(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"structure.{suffix}"
    posts = [
        {k: v for k, v in zip(ROWS[0], row, strict=True) if v} | {"dotted_to": [row[3]]}
        if row[3]
        else {k: v for k, v in zip(ROWS[0], row, strict=True) if v}
        for row in ROWS[1:]
    ]
    if suffix == "yaml":
        import yaml

        path.write_text(yaml.safe_dump({"name": "x", "posts": posts}), encoding="utf-8")
    elif suffix == "json":
        path.write_text(json.dumps({"name": "x", "posts": posts}), encoding="utf-8")
    elif suffix == "csv":
        path.write_text(_csv(ROWS), encoding="utf-8")
    elif suffix == "xlsx":
        _xlsx(path, ROWS)
    else:
        _parquet(path, ROWS)
    built = build(path)
    assert {(p.id, p.reports_to) for p in built.structure.posts} == {
        (COMPOSED, None),
        ("B", COMPOSED),
        ("C", COMPOSED),
    }
    assert built.structure.posts[2].dotted_to == [COMPOSED]
    assert built.graph.manager("B") == COMPOSED


def test_two_ids_that_differ_only_in_normalisation_are_one_id_twice(write) -> None:
    path = write(
        f"name: x\nposts:\n  - {{id: {COMPOSED}, title: A}}\n  - {{id: {DECOMPOSED}, title: B}}\n"
    )
    _parsed, issues = check(path)
    assert [i.message for i in issues if i.severity == "error"] == [
        f"duplicate post id {COMPOSED!r} (first at line 3)"
    ]


def test_an_organogram_reference_written_decomposed(tmp_path: Path) -> None:
    source = ORGANOGRAMS / "youth_justice_board-2011-09-30-senior.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    ref, manager = header.index("Post Unique Reference"), header.index("Reports to Senior Post")
    top = next(r for r in rows[1:] if r[manager].upper() == "XX")
    old = top[ref]
    for row in rows[1:]:
        if row[ref] == old:
            row[ref] = COMPOSED
        if row[manager] == old:
            row[manager] = DECOMPOSED
    senior = tmp_path / "body-2011-09-30-senior.csv"
    senior.write_text(_csv(rows), encoding="utf-8")
    built = build(senior)
    assert COMPOSED in {p.id for p in built.structure.posts}
    assert DECOMPOSED not in {p.reports_to for p in built.structure.posts}
