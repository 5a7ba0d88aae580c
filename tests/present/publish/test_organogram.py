"""The organogram layout: the publishers' columns, the publication rules, and
releases that read back through orgchart to the same posts, FTE and cost
within the banding, checked against counts made from the YAML alone."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from orgchart.build import build
from orgchart.errors import InvalidStructure
from orgchart.money import cost_of

from ...conftest import CLA
from .conftest import COUNCIL_GRADES, SEEDS, expected, release_of, written

# The header the publishers' own loader writes (datagovuk/organograms,
# tests/test_etl_to_csv.py: test_sample_senior_valid, test_sample_junior_valid).
SENIOR_HEADER = (
    '"Post Unique Reference","Name","Grade (or equivalent)","Job Title","Job/Team Function",'
    '"Parent Department","Organisation","Unit","Contact Phone","Contact E-mail",'
    '"Reports to Senior Post","Salary Cost of Reports (£)","FTE","Actual Pay Floor (£)",'
    '"Actual Pay Ceiling (£)","","Professional/Occupational Group","Notes","Valid?"'
)
JUNIOR_HEADER = (
    '"Parent Department","Organisation","Unit","Reporting Senior Post","Grade",'
    '"Payscale Minimum (£)","Payscale Maximum (£)","Generic Job Title","Number of Posts in FTE",'
    '"Professional/Occupational Group"'
)
REFERENCE = re.compile(r"[0-9A-Za-z-]+")


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def files(release) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    senior = next(d for n, d in release.files.items() if n.endswith("-senior.csv"))
    junior = next(d for n, d in release.files.items() if n.endswith("-junior.csv"))
    return table(senior), table(junior)


def test_the_files_have_the_publishers_names_and_headers() -> None:
    release = release_of(
        CLA / "after.yaml", SEEDS[CLA / "after.yaml"], organisation="Leeds City Council"
    )
    assert sorted(release.files) == [
        "leeds_city_council-2026-03-31-junior.csv",
        "leeds_city_council-2026-03-31-senior.csv",
    ]
    senior, junior = (release.files[n].decode("utf-8") for n in sorted(release.files, reverse=True))
    assert senior.splitlines()[0] == SENIOR_HEADER
    assert junior.splitlines()[0] == JUNIOR_HEADER
    # Every cell quoted, as the publishers' loader wrote them (csv.QUOTE_ALL).
    assert senior.splitlines()[1].startswith('"DIR","N/D","Director",')


def check_by_hand(senior: list[dict[str, str]], junior: list[dict[str, str]]) -> None:
    """The publishers' rules, counted by hand from the rows (the organogram pack
    runs on the same releases below), and junior rows never split or repeated."""
    refs = {r["Post Unique Reference"] for r in senior}
    assert any(r["Reports to Senior Post"] == "XX" for r in senior)
    for row in senior:
        ref = row["Post Unique Reference"]
        assert REFERENCE.fullmatch(ref) and "XX" not in ref.upper() and ref != "0"
        assert row["Grade (or equivalent)"] and row["Job Title"] and row["Unit"]
        assert row["Reports to Senior Post"] in refs | {"XX"}
    by_ref: dict[str, list[dict[str, str]]] = {}
    for row in senior:
        by_ref.setdefault(row["Post Unique Reference"], []).append(row)
    for rows in by_ref.values():  # a job share's rows alike but for name and FTE
        alike = {tuple(v for k, v in r.items() if k not in ("Name", "FTE")) for r in rows}
        assert len(alike) == 1
    for row in junior:
        assert row["Reporting Senior Post"] in refs
        assert row["Grade"] and float(row["Payscale Minimum (£)"]) <= float(
            row["Payscale Maximum (£)"]
        )
    # One row a group: junior rows are never split or repeated.
    keys = Counter(
        (
            r["Reporting Senior Post"],
            r["Grade"],
            " ".join(r["Generic Job Title"].split()).casefold(),
        )
        for r in junior
    )
    assert max(keys.values()) == 1


def round_trip(path: Path, grades: list[str], folder: Path, name_from: str | None = None) -> None:
    release = release_of(path, grades, name_from)
    senior, junior = files(release)
    check_by_hand(senior, junior)
    want = expected(path, grades)
    back = build(written(release, folder))
    posts = back.structure.posts
    # Posts: every senior post, and each junior group as ceil(FTE) posts (the data gives FTE).
    assert sum(p.count for p in posts) == want.posts
    assert math.isclose(math.fsum(p.total_fte for p in posts), want.fte, abs_tol=1e-6)
    # Cost within the banding: each senior post's pay lies in its published band...
    by_id = {p.id: p for p in posts}
    assert set(want.senior) == {p.id for p in posts if "/" not in p.id}
    for post_id, pay in want.senior.items():
        post = by_id[post_id]
        assert post.pay_min is not None and post.pay_max is not None
        assert post.pay_min <= pay < post.pay_max + 1
        assert post.pay_min % 5000 == 0 and (post.pay_max + 1) % 5000 == 0
    # ...and the whole structure's cost between what the bands' floors and ceilings make it.
    floor = math.fsum(p.pay_min * p.total_fte for p in posts)
    ceiling = math.fsum((p.pay_max + 1) * p.total_fte for p in posts)
    assert floor <= want.cost < ceiling
    read_cost = math.fsum(cost_of(p, {}).value for p in posts)
    assert floor <= read_cost < ceiling
    # Junior groups: the same FTE under the same senior post.
    groups = {
        (p.reports_to, p.grade, " ".join(p.title.split()).casefold()): p.total_fte
        for p in posts
        if "/" in p.id
    }
    assert groups.keys() == want.groups.keys()
    for key, fte in want.groups.items():
        assert math.isclose(groups[key], fte, abs_tol=1e-6)


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_seed_round_trips(seed: Path, tmp_path: Path) -> None:
    round_trip(seed, SEEDS[seed], tmp_path)


def test_the_generated_5000_post_council_round_trips(council: Path, tmp_path: Path) -> None:
    round_trip(council, COUNCIL_GRADES, tmp_path, name_from="DIR")


def test_names_only_from_the_named_grade_up(council: Path) -> None:
    import yaml

    data = yaml.safe_load(council.read_text(encoding="utf-8"))
    holder = {p["id"]: p.get("holder") for p in data["posts"]}
    grade = {p["id"]: p["grade"] for p in data["posts"]}
    status = {p["id"]: p.get("status") for p in data["posts"]}
    senior, junior = files(release_of(council, COUNCIL_GRADES, "DIR"))
    for row in senior:
        ref = row["Post Unique Reference"]
        if status[ref] == "vacant":
            assert row["Name"] == "Vacant" and row["Contact Phone"] == "N/A"
        elif grade[ref] in ("CEX", "DIR"):
            assert row["Name"] == holder[ref]
        else:
            assert row["Name"] == "N/D"
    text = "\n".join(",".join(r.values()) for r in junior)
    assert not any(h and h in text for h in holder.values())


def test_standard_grades_name_scs2_and_above(write) -> None:
    path = write(
        """\
        name: Department
        grades: {SCS4: 182000, SCS2: 97000, SCS1: 72000, OF-6: 92000}
        posts:
          - {id: PS, title: Permanent Secretary, grade: SCS4, holder: Ada Top}
          - {id: DG, title: DG, grade: scs 3, holder: Bea Two, reports_to: PS, cost: 142000}
          - {id: D1, title: Director, grade: SCS2, holder: Cy Third, reports_to: DG}
          - {id: DD, title: Deputy Director, grade: SCS1, holder: Di Fourth, reports_to: D1}
          - {id: BR, title: Brigadier, grade: OF-6, holder: Ed Fifth, reports_to: D1}
          - id: G7
            title: Policy Lead
            grade: G7
            holder: Flo Sixth
            reports_to: DD
            pay_min: 55000
            pay_max: 65000
            count: 3
        """
    )
    senior, junior = files(release_of(path, None))
    assert {r["Post Unique Reference"]: r["Name"] for r in senior} == {
        "PS": "Ada Top",
        "DG": "Bea Two",
        "D1": "Cy Third",
        "DD": "N/D",
        "BR": "N/D",
    }
    assert [r["Reporting Senior Post"] for r in junior] == ["DD"]
    assert (junior[0]["Payscale Minimum (£)"], junior[0]["Payscale Maximum (£)"]) == (
        "55000",
        "65000",
    )
    assert junior[0]["Number of Posts in FTE"] == "3.00"
    dd = next(r for r in senior if r["Post Unique Reference"] == "DD")
    assert dd["Salary Cost of Reports (£)"] == str(3 * 60000)


@pytest.mark.parametrize(
    ("cost", "floor", "ceiling"),
    [
        (73210, 70000, 74999),
        (75000, 75000, 79999),
        (74999.99, 70000, 74999),
        (150000, 150000, 154999),
    ],
)
def test_senior_pay_is_the_band_that_holds_it(write, cost, floor, ceiling) -> None:
    path = write(f"name: X\nposts:\n  - {{id: A, title: Head, grade: SCS2, cost: {cost}}}\n")
    senior, _ = files(release_of(path, None))
    assert (senior[0]["Actual Pay Floor (£)"], senior[0]["Actual Pay Ceiling (£)"]) == (
        str(floor),
        str(ceiling),
    )
    assert senior[0]["Reports to Senior Post"] == "XX"


def test_a_job_share_a_group_and_juniors_under_juniors(write) -> None:
    path = write(
        """\
        name: X
        grades: {SCS2: 100000, SCS1: 75000, G7: 60000, EO: 30000}
        posts:
          - {id: D, title: Director, grade: SCS2, holder: Ann One; Bob Two, fte: 1}
          - {id: DD, title: Deputy Director, grade: SCS1, count: 3, fte: 2.5, reports_to: D}
          - {id: L, title: Team Leader, grade: G7, reports_to: DD}
          - {id: O1, title: Officer, grade: EO, reports_to: L, unit: North}
          - {id: O2, title: "officer ", grade: EO, reports_to: L, fte: 0.4, unit: South}
        """
    )
    senior, junior = files(release_of(path, None))
    rows = [
        (r["Post Unique Reference"], r["Name"], r["FTE"], r["Reports to Senior Post"])
        for r in senior
    ]
    assert rows == [
        ("D", "Ann One", "0.50", "XX"),
        ("D", "Bob Two", "0.50", "XX"),
        ("DD-1", "N/D", "0.833333", "D"),
        ("DD-2", "N/D", "0.833333", "D"),
        ("DD-3", "N/D", "0.833334", "D"),
    ]
    # Juniors under a junior manager report to the nearest senior post; titles
    # alike but for case and spacing are one row, in the senior post's unit
    # when its posts' units differ.
    assert [
        (r["Reporting Senior Post"], r["Generic Job Title"], r["Number of Posts in FTE"], r["Unit"])
        for r in junior
    ] == [
        ("DD-1", "Officer", "1.40", "Test Council"),
        ("DD-1", "Team Leader", "1.00", "Test Council"),
    ]


def test_what_the_layout_needs_is_named_by_post_and_line(write) -> None:
    path = write(
        """\
        name: X
        grades: {SCS2: 100000}
        posts:
          - {id: TOP, title: Chief, grade: G6}
          - {id: D, title: Director, grade: SCS2, reports_to: TOP}
          - {id: NOGRADE, title: Officer, reports_to: D, cost: 30000}
          - {id: NOPAY, title: Officer, grade: EO, reports_to: D}
        """
    )
    with pytest.raises(InvalidStructure) as caught:
        release_of(path, None)
    assert [str(i) for i in caught.value.issues] == [
        f"{path}:4: error: post 'TOP' has no pay: give it a cost, a costed grade or pay_min and "
        "pay_max (senior pay is published as a £5,000 band, junior pay as its grade's scale)",
        f"{path}:4: error: post 'TOP' is a top post, but its grade 'G6' is not senior: an "
        "organogram's top post (reporting to 'XX') is a senior post; name the senior grades, most "
        "senior first, with --senior-grades",
        f"{path}:6: error: post 'NOGRADE' has no grade: an organogram gives every post's grade",
        f"{path}:7: error: post 'NOPAY' has no pay: give it a cost, a costed grade or pay_min and "
        "pay_max (senior pay is published as a £5,000 band, junior pay as its grade's scale)",
    ]
    with pytest.raises(InvalidStructure) as caught:
        release_of(CLA / "after.yaml", None)
    assert [i.message for i in caught.value.issues] == [
        "no post has a senior grade (SCS1 to SCS4, OF-6 to OF-9), so the organogram would have "
        "no top post: name the senior grades with --senior-grades"
    ]


def test_a_date_that_is_no_snapshot_is_a_warning(write) -> None:
    import datetime as dt

    release = release_of(CLA / "after.yaml", SEEDS[CLA / "after.yaml"], date=dt.date(2020, 6, 12))
    assert [i.message for i in release.warnings] == [
        "2020-06-12 is not a snapshot date: organograms are published as at 31 March and "
        "30 September"
    ]
    assert all("-2020-06-12-" in name for name in release.files)
    assert not release_of(CLA / "after.yaml", SEEDS[CLA / "after.yaml"]).warnings


def test_output_does_not_depend_on_the_order_of_the_posts(council: Path, tmp_path: Path) -> None:
    import random

    import yaml

    data = yaml.safe_load(council.read_text(encoding="utf-8"))
    random.Random(7).shuffle(data["posts"])
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert (
        release_of(shuffled, COUNCIL_GRADES, "DIR").files
        == release_of(council, COUNCIL_GRADES, "DIR").files
    )


GOLDEN = Path(__file__).parent.parent.parent / "golden"


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_releases(seed: Path) -> None:
    import os

    release = release_of(seed, SEEDS[seed], SEEDS[seed][1])
    for name, data in release.files.items():
        kind = name.rsplit("-", 1)[1]
        golden = GOLDEN / f"{seed.parent.name}-{seed.stem}-organogram-{kind}"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_bytes(data)
        assert data == golden.read_bytes(), f"{golden} differs: UPDATE_GOLDEN=1"


def test_formula_cells_stay_text_and_read_back(write, tmp_path: Path) -> None:
    path = write(
        """\
        name: X
        grades: {SCS2: 100000, EO: 30000}
        posts:
          - {id: D, title: "=HYPERLINK(\\"http://example.org\\")", grade: SCS2, unit: "@Unit"}
          - {id: O, title: "+cmd", grade: EO, reports_to: D, unit: "-1"}
        """
    )
    release = release_of(path, None)
    senior, junior = files(release)
    assert senior[0]["Job Title"] == '\'=HYPERLINK("http://example.org")'
    assert senior[0]["Unit"] == "'@Unit"
    assert junior[0]["Generic Job Title"] == "'+cmd" and junior[0]["Unit"] == "-1"
    back = build(written(release, tmp_path / "r"))
    assert {p.title for p in back.structure.posts} == {'=HYPERLINK("http://example.org")', "+cmd"}


def council_rules(folder: Path, grades: list[str]) -> Path:
    """The organogram pack with a council's own senior grades for the standard list."""
    path = folder / "rules.yaml"
    listed = ", ".join(grades)
    path.write_text(
        "rules:\n"
        + "".join(
            f"  - {rule}\n" for rule in ("top-post", "references", "kept-references", "job-shares")
        )
        + f"  - senior-grades: [{listed}]\n  - reporting-lines\n  - junior-posts\n",
        encoding="utf-8",
    )
    return path


def passes(senior: Path, rules: str, earlier: Path | None = None) -> list[str]:
    """The organogram pack's results (issue 27's `check --rules`) on a release."""
    from orgchart.measure.rules import Outcome, check_file
    from orgchart.read.rules import load_rules

    checked = check_file(senior, load_rules(rules), earlier=earlier)
    assert not checked.failed, [(r.rule, [f.detail for f in r.failures]) for r in checked.results]
    return [r.rule for r in checked.results if r.outcome is Outcome.PASS]


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_seed_passes_the_organogram_pack(seed: Path, tmp_path: Path) -> None:
    senior = written(release_of(seed, SEEDS[seed]), tmp_path / "release")
    rules = council_rules(tmp_path, SEEDS[seed])
    assert "senior-grades" in passes(senior, str(rules))


def test_the_council_passes_the_organogram_pack(council: Path, tmp_path: Path) -> None:
    senior = written(release_of(council, COUNCIL_GRADES, "DIR"), tmp_path / "release")
    assert len(passes(senior, str(council_rules(tmp_path, COUNCIL_GRADES)))) == 6


def test_a_civil_service_release_passes_orgchart_check(write, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from orgchart.cli import app

    path = write(
        """\
        name: Agency
        grades: {SCS3: 142000, SCS2: 97000, SCS1: 72000, OF-6: 92000, G7: 60000, EO: 28000}
        posts:
          - {id: CE, title: Chief Executive, grade: SCS3, holder: Ada Top}
          - {id: D1, title: Director, grade: SCS2, holder: Al One; Bo Two, reports_to: CE}
          - {id: DD, title: Deputy Director, grade: SCS1, reports_to: D1, count: 2}
          - {id: BR, title: Brigadier, grade: OF-6, reports_to: CE, status: vacant}
          - {id: L, title: Policy Lead, grade: G7, reports_to: DD, count: 4}
          - {id: O, title: Officer, grade: EO, reports_to: L, count: 9, fte: 8.5}
        """
    )
    senior = written(release_of(path, None), tmp_path / "release")
    result = CliRunner().invoke(app, ["check", str(senior), "--rules", "organogram"])
    assert result.exit_code == 0, result.output
    assert "7 rules: 6 pass, 1 not checked." in result.output  # kept-references: no edition before


def test_references_kept_by_previous_pass_kept_references(tmp_path: Path) -> None:
    import yaml

    grades = SEEDS[CLA / "before.yaml"]
    last = written(release_of(CLA / "before.yaml", grades), tmp_path / "last")
    data = yaml.safe_load((CLA / "after.yaml").read_text(encoding="utf-8"))
    for post in data["posts"]:  # the same posts under new numbers, as a new HR export has them
        post["id"] = f"N{post['id']}"
        if "reports_to" in post:
            post["reports_to"] = f"N{post['reports_to']}"
    renumbered = tmp_path / "renumbered.yaml"
    renumbered.write_text(yaml.safe_dump(data), encoding="utf-8")
    previous = build(last).structure
    kept = written(release_of(renumbered, grades, previous=previous), tmp_path / "kept")
    rules = str(council_rules(tmp_path, grades))
    assert "kept-references" in passes(kept, rules, earlier=last)
    fresh = written(release_of(renumbered, grades), tmp_path / "fresh")
    from orgchart.measure.rules import check_file
    from orgchart.read.rules import load_rules

    lost = check_file(fresh, load_rules(rules), earlier=last)
    assert [r.rule for r in lost.results if r.failures] == ["kept-references"]


def test_a_real_edition_published_again_is_the_same_edition(tmp_path: Path) -> None:
    from orgchart.compare.diff import diff
    from orgchart.present.publish.rules import organisation_of

    from ...conftest import ORGANOGRAMS

    source = build(ORGANOGRAMS / "audit_commission-2011-09-30-senior.csv")
    assert organisation_of(source.structure) == "Audit Commission"
    release = release_of(ORGANOGRAMS / "audit_commission-2011-09-30-senior.csv", None, "SCS2",
                         organisation="Audit Commission", date=source.structure.date)  # fmt: skip
    assert sorted(release.files) == [
        "audit_commission-2011-09-30-junior.csv",
        "audit_commission-2011-09-30-senior.csv",
    ]
    again = build(written(release, tmp_path / "again"))
    changes = diff(source.graph, again.graph)
    assert changes.empty
    # 1,159 posts and 1,138.16 FTE, as the data.gov.uk files give them: the two
    # posts published as 'Eliminated', in quote marks, are no posts (issue 23).
    assert sum(p.count for p in again.structure.posts) == 1159
    assert round(sum(p.total_fte for p in again.structure.posts), 2) == 1138.16
