"""Whole-structure checks: ids, reporting lines, cycles, top posts, vacancies."""

from __future__ import annotations

import time

from orgchart.build import build, check


def issues_of(path):
    _, issues = check(path)
    return {(i.line, i.severity, i.message) for i in issues}


def test_duplicate_ids_unknown_manager_and_self_report(write):
    path = write(
        """\
        name: x
        posts:
          - {id: HOS, title: Head}
          - {id: A, title: A, reports_to: HOS}
          - {id: A, title: A again, reports_to: HOS}
          - {id: B, title: B, reports_to: HSO}
          - {id: C, title: C, reports_to: C}
          - {id: D, title: D, reports_to: HOS, dotted_to: [NOPE]}
        """
    )
    assert issues_of(path) == {
        (5, "error", "duplicate post id 'A' (first at line 4)"),
        (6, "error", "post 'B' reports to 'HSO', which does not exist (did you mean 'HOS'?)"),
        (7, "error", "post 'C' reports to itself"),
        (8, "error", "post 'D' has a dotted line to 'NOPE', which does not exist"),
    }


def test_cycle_is_printed(write):
    path = write(
        """\
        name: x
        posts:
          - {id: HOS, title: Head}
          - {id: B, title: B, reports_to: C}
          - {id: C, title: C, reports_to: D}
          - {id: D, title: D, reports_to: B}
        """
    )
    assert issues_of(path) == {(4, "error", "reporting cycle: B -> C -> D -> B")}


def test_no_top_post(write):
    path = write(
        "name: x\nposts:\n  - {id: A, title: A, reports_to: B}\n"
        "  - {id: B, title: B, reports_to: A}\n"
    )
    messages = {m for _, _, m in issues_of(path)}
    assert messages == {
        "reporting cycle: A -> B -> A",
        "no top post: every post reports to another",
    }


def test_warnings_several_tops_and_vacant_manager(write):
    path = write(
        """\
        name: x
        posts:
          - {id: HOS, title: Head}
          - {id: HOS2, title: Other head}
          - {id: SDM, title: SDM, status: vacant, reports_to: HOS}
          - {id: TM, title: TM, reports_to: SDM}
        """
    )
    found = issues_of(path)
    assert (4, "warning", "2 top posts (no reports_to): HOS, HOS2") in found
    assert (5, "warning", "post 'SDM' is vacant but has reports") in found
    assert all(severity == "warning" for _, severity, _ in found)
    build(path)  # warnings do not stop a build


def test_no_posts_is_an_error(write):
    assert (None, "error", "the structure has no posts") in issues_of(write("name: x\nposts: []\n"))


def test_chain_20000_deep_validates_and_builds(write):
    lines = ["name: deep", "posts:", "  - {id: P0, title: Top}"]
    lines += [f"  - {{id: P{i}, title: Post, reports_to: P{i - 1}}}" for i in range(1, 20_000)]
    path = write("\n".join(lines) + "\n")
    start = time.perf_counter()
    built = build(path)
    assert built.graph.layers["P19999"] == 20_000
    assert built.graph.headcount_below["P0"] == 19_999
    assert time.perf_counter() - start < 60  # a guard against recursion blow-ups, not a benchmark


def test_cycle_in_a_20000_chain(write):
    lines = ["name: deep", "posts:", "  - {id: TOP, title: Top}"]
    lines += [
        f"  - {{id: P{i}, title: Post, reports_to: P{(i - 1) % 20_000}}}" for i in range(20_000)
    ]
    found = issues_of(write("\n".join(lines) + "\n"))
    [(_line, severity, message)] = found
    assert severity == "error"
    assert message.startswith("reporting cycle: P0 -> P19999 -> P19998 -> ")
    assert "... (20000 posts) ..." in message
    assert message.endswith(" -> P2 -> P1 -> P0")


def test_ids_cannot_hold_line_breaks(write):
    path = write('name: x\nposts:\n  - {id: "A\\nB", title: A}\n')
    [(line, severity, message)] = issues_of(path)
    assert (line, severity) == (3, "error")
    assert "ids cannot contain control characters" in message


def test_issues_name_the_file_each_post_came_from():
    from orgchart.check import validate
    from orgchart.model import Post, Structure

    structure = Structure(
        name="x",
        posts=[
            Post(id="A", title="A", cost=1),
            Post(id="B", title="B", reports_to="A", cost=1),
            Post(id="J", title="Junior", reports_to="NOPE"),
        ],
    )
    issues = validate(
        structure, [2, 3, 7], "senior.csv", ["senior.csv", "senior.csv", "junior.csv"]
    )
    assert {(i.file, i.line, i.message) for i in issues} == {
        ("junior.csv", 7, "post 'J' reports to 'NOPE', which does not exist"),
        # No grades table: a missing grade is no reason; the post just has no pay given.
        ("junior.csv", 7, "post 'J' has no cost: no cost or pay band is given"),
    }
