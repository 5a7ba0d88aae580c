"""Publishing structures whose names, notes and titles collide (a name used as
a title elsewhere, a note that is a title, a salary on a band's edge): what
the rules publish passes the leak check, and nothing withheld is in it, by a
count of the bytes of our own; a withheld name or an exact salary planted in
any cell is then found."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from orgchart.build import build
from orgchart.present.publish import Release, publish
from orgchart.present.publish.leaks import Leak, check_release
from orgchart.present.publish.organogram import OrganogramOptions
from orgchart.present.publish.rules import Seniority
from orgchart.present.publish.transparency import TransparencyOptions

from .test_property import FUZZ

NAMES = ["Ann Lee", "Bo Chan", "Social Worker", "Head of Policy", "Cy Dow"]
TITLES = ["Social Worker", "Head of Policy", "Officer", "Ann Lee", "Director"]
NOTES = ["Ann Lee", "Officer", "Acting up until the review. Agreed with Bo Chan.", "on leave"]
EDGES = [50000, 54999, 75000, 79999, 150000, 149999]
# No title holds a name as a part of it: a name is a title whole or not at all.
assert not any(re.search(rf"\b{n}\b", t) for n in NAMES for t in TITLES if n != t), (
    "the collisions must be whole titles"
)


@st.composite
def structures(draw: st.DrawFn) -> dict[str, object]:
    count = draw(st.integers(2, 9))
    pay = st.sampled_from(EDGES) | st.integers(20000, 200000)
    grades = {"SCS2": draw(pay), "SCS1": draw(pay), "EO": draw(pay), "HEO": draw(pay)}
    posts = []
    for index in range(count):
        post: dict[str, object] = {
            "id": f"P{index}",
            "title": draw(st.sampled_from(TITLES)),
            "grade": "SCS2" if index == 0 else draw(st.sampled_from(list(grades))),
        }
        if index:
            post["reports_to"] = f"P{draw(st.integers(0, index - 1))}"
        if draw(st.booleans()):
            post["holder"] = draw(st.sampled_from(NAMES))
        if draw(st.booleans()):
            post["notes"] = draw(st.sampled_from(NOTES))
        if draw(st.booleans()):
            post["unit"] = draw(st.sampled_from(TITLES))
        if draw(st.booleans()):
            post["cost"] = draw(pay)
        if index and draw(st.integers(0, 5)) == 0:  # the top post is filled: a pay multiple
            post["status"] = "vacant"
        posts.append(post)
    return {"name": "Test Council", "grades": grades, "posts": posts}


def releases(data: dict[str, object]) -> list[tuple[Release, dict[str, object]]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        built = build(path)
    organogram = OrganogramOptions(
        date=dt.date(2026, 3, 31), organisation="Test Council", seniority=Seniority.of(None, None)
    )
    return [
        (publish(built, organogram), {"SCS2"}),
        (publish(built, TransparencyOptions(file_name="t.csv")), set()),
    ]


def cells(release: Release) -> list[tuple[str, int, int, str]]:
    """(file, row, column, text) of every CSV cell."""
    found = []
    for name, data in release.files.items():
        for r, row in enumerate(csv.reader(io.StringIO(data.decode(), newline=""))):
            found += [(name, r, c, text) for c, text in enumerate(row)]
    return found


def withheld(data: dict[str, object], release: Release, named_grades: set[str]) -> set[str]:
    """Names no cell may show, worked out from the data and the name column."""
    shown = {text for _, _, _, text in cells(release) if text in NAMES}
    posts = data["posts"]  # type: ignore[assignment]
    everyone = {p["holder"] for p in posts if "holder" in p}
    # The organogram names SCS2 holders; the Code those paid £150,000 or more.
    published = {
        p["holder"]
        for p in posts
        if "holder" in p and p.get("status") != "vacant" and p["grade"] in named_grades
    }
    return everyone - (published if named_grades else shown & everyone)


@FUZZ
@given(structures())
def test_what_is_published_holds_nothing_withheld(data: dict[str, object]) -> None:
    titles = {str(p["title"]) for p in data["posts"]} | {  # type: ignore[attr-defined]
        str(p["unit"])
        for p in data["posts"]
        if "unit" in p  # type: ignore[attr-defined]
    }
    for release, named_grades in releases(data):
        secret = withheld(data, release, named_grades)
        for _, _, _, text in cells(release):
            for name in secret:
                if re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
                    # Only as a title (unit) that is that text: a name used as a title.
                    assert text == name and name in titles, (name, text)


@FUZZ
@given(structures(), st.data())
def test_a_withheld_name_or_exact_salary_planted_anywhere_is_found(
    data: dict[str, object], choice: st.DataObject
) -> None:
    for release, named_grades in releases(data):
        secret = sorted(withheld(data, release, named_grades))
        everything = cells(release)
        # Any cell but a header: the first row, or the first after a blank row.
        lines = {(f, r) for f, r, _, _ in everything}
        heads = {(f, r) for f, r in lines if r == 0 or (f, r - 1) not in lines}
        places = [c for c in everything if (c[0], c[1]) not in heads]
        name, row, column, text = choice.draw(st.sampled_from(places))
        rows = list(csv.reader(io.StringIO(release.files[name].decode(), newline="")))
        plants = []
        if secret:
            # Never the whole cell: a name that is a whole title is that title.
            plants.append(f"{text} / {choice.draw(st.sampled_from(secret))}")
        pays = release.disclosure.private.keys() - release.disclosure.scales
        edges = {p for p in pays if p % 5000 == 0 or (p + 1) % 5000 == 0}
        if pays - edges:
            plants.append(f"{text} {choice.draw(st.sampled_from(sorted(pays - edges))):.2f}")
        assume(plants)
        for plant in plants:
            rows[row][column] = plant
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            bad = dataclasses.replace(
                release, files={**release.files, name: out.getvalue().encode()}
            )
            try:
                check_release(bad)
            except Leak as found:
                assert any(i.file == name and i.line == row + 1 for i in found.issues)
            else:
                raise AssertionError(f"not found: {plant!r} in {name} row {row + 1}")
