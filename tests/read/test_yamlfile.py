"""Reading structure files: safe YAML, line numbers, every field error at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgchart.build import build, check
from orgchart.errors import InvalidStructure, LoadError


def messages(path: Path) -> list[str]:
    """What `validate` would say: the LoadError, or every issue."""
    try:
        _, issues = check(path)
    except LoadError as exc:
        return [f"{exc.file}:{exc.line}: error: {exc.message}"]
    return [str(i) for i in issues]


def test_reads_posts_and_header(write):
    path = write(
        """\
        name: Team
        date: 2020-06-12
        grades: {PO6: 52000}
        posts:
          - id: HOS
            title: Head of Service
          - id: TM
            title: Team Manager
            grade: PO6
            reports_to: HOS
            funding: {OAWY: 0.5}
            end_date: 2025-03-31
        """
    )
    built = build(path)
    assert built.structure.name == "Team"
    assert str(built.structure.date) == "2020-06-12"
    assert [p.id for p in built.structure.posts] == ["HOS", "TM"]
    assert built.structure.posts[1].funding == {"OAWY": 0.5}
    assert set(built.graph.line.edges) == {("HOS", "TM")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- just\n- a list\n", ":1: error: a structure file must be a mapping"),
        ("name: x\nposts: [\n", ":3: error: malformed YAML"),
        ("name: &a x\nposts: []\n", ":1: error: YAML anchors (&a) are not supported"),
        (
            "name: !!python/object/apply:os.system [echo hi]\nposts: []\n",
            ":1: error: unsupported YAML tag !!python/object/apply:os.system",
        ),
        ("name: x\nname: y\nposts: []\n", ":2: error: duplicate key 'name'"),
        ("---\nname: x\n---\nname: y\n", ":3: error: only one YAML document per file"),
    ],
)
def test_malformed_files_name_the_line(write, text, expected):
    path = write(text)
    found = messages(path)
    assert any(m.startswith(f"{path}{expected}") or expected in m for m in found), found


def test_alias_bomb_is_refused_quickly(write):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [*a{i - 1 if i > 1 else ''}, *a{i - 1 if i > 1 else ''}]")
    path = write("\n".join(lines).replace("*a0", "*a") + "\n")
    with pytest.raises(LoadError, match="not supported"):
        check(path)


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_nesting_is_refused(write, depth):
    # 65 passes every libyaml's own limit and meets ours; 100,000 meets
    # whichever comes first, and the message is the same.
    path = write("name: x\nposts: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(LoadError, match="nested more than 64 levels deep"):
        check(path)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: x\nposts:\n  - id: A\n    title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        check(path)
    assert caught.value.line == 4
    assert "not UTF-8" in caught.value.message


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(LoadError, match="cannot read file"):
        check(tmp_path / "nope.yaml")
    other = tmp_path / "structure.txt"
    other.write_text("x")
    with pytest.raises(LoadError, match="unknown file type"):
        check(other)


def test_every_field_error_at_once_with_lines(write):
    path = write(
        """\
        name: Team
        posts:
          - id: HOS
            title: Head
          - id: A
            title: A
            reports_to: HOS
            fte: -1
          - id: B
            title: B
            reports_to: HOS
            cots: 100
          - id: C
            title: C
            reports_to: HOS
            end_date: 31/03/2025
            funding: {X: 0.7, Y: 0.6}
        """
    )
    found = messages(path)
    assert f"{path}:8: error: post 'A': fte: Input should be greater than 0 (got -1)" in found
    assert f"{path}:12: error: post 'B': unknown key 'cots' (did you mean 'cost'?)" in found
    assert any(m.startswith(f"{path}:16: error: post 'C': end_date:") for m in found)
    assert any(
        m.startswith(f"{path}:17: error: post 'C': funding:") and "more than 1" in m for m in found
    )
    with pytest.raises(InvalidStructure) as caught:
        build(path)
    assert len([i for i in caught.value.issues if i.severity == "error"]) == 4


def test_unknown_top_level_key_suggests(write):
    found = messages(write("name: x\ngrade: {}\nposts: [{id: A, title: A}]\n"))
    assert any("unknown key 'grade' (did you mean 'grades'?)" in m for m in found)


def test_out_of_range_values(write):
    path = write(
        """\
        name: Ranges
        grades: {PO6: -1}
        span_bands: [1, 3, 2, 12, 16]
        posts:
          - {id: A, title: A, cost: -5}
          - {id: B, title: B, reports_to: A, fte: 1.5}
          - {id: C, title: C, reports_to: A, count: 0}
          - {id: D, title: D, reports_to: A, funding: {X: 0}}
          - {id: E, title: E, reports_to: A, start_date: 2024-01-01, end_date: 2023-01-01}
        """
    )
    found = "\n".join(messages(path))
    assert f"{path}:2: error: grades: grade 'PO6' has a negative cost -1" in found
    assert f"{path}:3: error: span_bands: span_bands must increase" in found
    assert f"{path}:5: error: post 'A': cost: Input should be greater than or equal to 0" in found
    assert f"{path}:6: error: post 'B': fte 1.5 is more than count 1" in found
    assert f"{path}:7: error: post 'C': count: Input should be greater than or equal to 1" in found
    assert f"{path}:8: error: post 'D': funding: share for 'X' must be above 0" in found
    assert f"{path}:9: error: post 'E': end_date is before start_date" in found


def test_skip_invalid_drops_posts_by_identity_not_line(write):
    from orgchart.build import build
    from orgchart.read import ReadOptions

    # Four posts written on one line: only the bad one is left out.
    path = write(
        "name: x\nposts: [{id: HEAD, title: Head}, {id: A, title: A, reports_to: HEAD}, "
        "{id: B, title: B, reports_to: HEAD, fte: -1}, {id: C, title: C, reports_to: HEAD}]\n"
    )
    built = build(path, ReadOptions(skip_invalid=True))
    assert {p.id for p in built.structure.posts} == {"HEAD", "A", "C"}
    assert any(w.message.startswith("skipped: post 'B'") for w in built.warnings)
    assert "skipped 1 of 4 posts with errors" in built.notes


def test_near_misses_a_person_types(write):
    path = write(
        """\
        name: Team
        date: 01/04/2024
        posts:
          - {id: HEAD, title: Head of Service}
          - {id: TM, title: Team Manager, reports_to: Head, status: Vacant}
          - {id: TM2, title: Team Manager, reports_to: HEAD, status: Fixed Term}
          - {id: TM3, title: Team Manager, reports_to: HEAD, end_date: 31/03/2025}
        """
    )
    assert messages(path) == [
        f"{path}:2: error: date: Input should be a valid date (got '01/04/2024'): "
        "write dates as YYYY-MM-DD, here 2024-04-01",
        f"{path}:5: error: post 'TM' reports to 'Head', which does not exist "
        "(did you mean 'HEAD'?)",
        f"{path}:7: error: post 'TM3': end_date: Input should be a valid date (got '31/03/2025'): "
        "write dates as YYYY-MM-DD, here 2025-03-31",
    ]
    fixed = write(
        path.read_text()
        .replace("01/04/2024", "2024-04-01")
        .replace("reports_to: Head,", "reports_to: HEAD,")
        .replace("31/03/2025", "2025-03-31"),
        "fixed.yaml",
    )
    statuses = {p.id: p.status.value for p in build(fixed).structure.posts}
    assert statuses == {"HEAD": "filled", "TM": "vacant", "TM2": "fixed_term", "TM3": "filled"}


def test_a_funding_sources_dates_and_after_end_as_people_write_them(write):
    path = write(
        """\
        name: Team
        funding_sources:
          G: {name: Grant, end: 31/03/2026, after_end: Core}
        posts:
          - {id: A, title: Head, funding: {G: 1}}
        """
    )
    assert messages(path) == [
        f"{path}:2: error: funding_sources: G.end: Input should be a valid date "
        "(got '31/03/2026'): write dates as YYYY-MM-DD, here 2026-03-31",
    ]
    ok = write(path.read_text().replace("31/03/2026", "2026-03-31"), "ok.yaml")
    assert build(ok).structure.source("G").after_end.value == "core"


def test_an_unknown_key_in_capitals_is_suggested_in_lower_case(write):
    path = write("name: Team\nposts:\n  - {id: A, title: Head, GRADE: PO6}\n")
    assert messages(path) == [
        f"{path}:3: error: post 'A': unknown key 'GRADE' (did you mean 'grade'?)"
    ]
