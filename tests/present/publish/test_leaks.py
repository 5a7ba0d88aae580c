"""The leak check fails when something not for publication is planted in a
release: a withheld name, an exact salary, a contact detail, a note; and
passes what the rules publish, a salary on a band's edge included."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
import yaml

from orgchart.build import build
from orgchart.present.publish import Release, publish
from orgchart.present.publish.leaks import Leak, check_release
from orgchart.present.publish.transparency import TransparencyOptions

from .conftest import COUNCIL_GRADES, options, release_of


def planted(release: Release, ending: str, row: int, column: str, value: str) -> Release:
    """`release` with one cell of its file ending in `ending` replaced."""
    name = next(n for n in release.files if n.endswith(ending))
    rows = list(csv.reader(io.StringIO(release.files[name].decode("utf-8"), newline="")))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return dataclasses.replace(release, files={**release.files, name: out.getvalue().encode()})


def leak_messages(release: Release) -> list[str]:
    with pytest.raises(Leak) as caught:
        check_release(release)
    return [str(i) for i in caught.value.issues]


@pytest.fixture(scope="module")
def council_release(council: Path) -> Release:
    return release_of(council, COUNCIL_GRADES, "DIR")


@pytest.fixture(scope="module")
def council_posts(council: Path) -> dict[str, dict]:
    return {p["id"]: p for p in yaml.safe_load(council.read_text(encoding="utf-8"))["posts"]}


def only_holder(posts: dict[str, dict], post_id: str) -> str:
    """The post's holder, checked to hold no other post's name (the generator
    draws from few names), so the leak is that post's."""
    holder = posts[post_id]["holder"]
    assert [i for i, p in posts.items() if p.get("holder") == holder] == [post_id]
    return holder


def test_the_release_as_written_passes(council_release: Release) -> None:
    check_release(council_release)


@pytest.mark.parametrize(
    ("ending", "column"),
    [
        ("-senior.csv", "Job Title"),
        ("-senior.csv", "Unit"),
        ("-senior.csv", "Notes"),
        ("-senior.csv", "Job/Team Function"),
        ("-senior.csv", "Post Unique Reference"),
        ("-junior.csv", "Generic Job Title"),
        ("-junior.csv", "Unit"),
    ],
)
def test_a_withheld_name_planted_anywhere_is_found(
    council_release: Release, council_posts: dict[str, dict], ending: str, column: str
) -> None:
    # Row 4 of the senior file is a head of service: not named (names from DIR up).
    holder = only_holder(council_posts, "D0-S0")
    release = planted(council_release, ending, 4, column, f"Acting for {holder.upper()}  (x)")
    [message] = leak_messages(release)
    name = next(n for n in release.files if n.endswith(ending))
    assert message == (
        f"{name}:5: error: column {column!r} holds the name of the holder of post 'D0-S0', "
        "which is not published"
    )
    assert holder not in message


def test_a_withheld_name_in_the_name_column(council_release: Release, council_posts) -> None:
    holder = only_holder(council_posts, "D0-S0")
    name = next(n for n in council_release.files if n.endswith("-senior.csv"))
    assert leak_messages(planted(council_release, "-senior.csv", 4, "Name", holder)) == [
        f"{name}:5: error: column 'Name' holds the name of the holder of post 'D0-S0', "
        "which is not published"
    ]
    assert leak_messages(planted(council_release, "-senior.csv", 4, "Name", "Someone Else")) == [
        f"{name}:5: error: column 'Name' holds a name not to publish"
    ]
    # A director's name is published: it may stand anywhere.
    director = council_posts["D1"]["holder"]
    check_release(planted(council_release, "-senior.csv", 4, "Notes", f"Reports to {director}"))


def test_an_exact_salary_planted_is_found(council_release: Release, council_posts) -> None:
    individual = next((i, p) for i, p in council_posts.items() if "cost" in p and "fte" not in p)
    name = next(n for n in council_release.files if n.endswith("-senior.csv"))
    junior = next(n for n in council_release.files if n.endswith("-junior.csv"))
    figure = f"{individual[1]['cost']:,}"
    assert leak_messages(planted(council_release, "-senior.csv", 2, "Notes", f"£{figure}")) == [
        f"{name}:3: error: column 'Notes' holds the exact pay of post {individual[0]!r}"
    ]
    # A senior post's exact pay, the SDM grade's £73,210, written as its band's floor.
    assert leak_messages(
        planted(council_release, "-senior.csv", 5, "Actual Pay Floor (£)", "73210")
    ) == [
        f"{name}:6: error: column 'Actual Pay Floor (£)' holds a figure that is no £5,000 "
        "band edge: pay is published in bands"
    ]
    assert leak_messages(
        planted(council_release, "-junior.csv", 1, "Payscale Maximum (£)", "41234")
    ) == [
        f"{junior}:2: error: column 'Payscale Maximum (£)' holds a figure that is neither a pay "
        "scale the structure gives nor a band edge"
    ]
    # The cost of a senior post's reports is what its junior rows add up to, or a leak.
    assert leak_messages(
        planted(council_release, "-senior.csv", 5, "Salary Cost of Reports (£)", "73210")
    ) == [
        f"{name}:6: error: column 'Salary Cost of Reports (£)' holds the exact pay of post "
        "'D0-S0-M0'"
    ]


def test_a_salary_on_a_band_edge_is_published_as_that_edge(write) -> None:
    path = write(
        """\
        name: Edges
        grades: {SCS2: 75000, SCS1: 69999, EO: 30000}
        posts:
          - {id: D, title: Director, grade: SCS2, holder: Ann Lee}
          - {id: DD, title: Deputy, grade: SCS1, reports_to: D, holder: Bo Chan}
          - {id: O, title: Officer, grade: EO, reports_to: DD, cost: 35000}
        """
    )
    release = release_of(path, None)  # passes the check: publish runs it
    text = b"".join(release.files.values()).decode()
    assert '"75000","79999"' in text and '"65000","69999"' in text
    assert "Bo Chan" not in text and "Ann Lee" in text
    # The junior's own pay shows as its band, never exactly.
    assert '"35000","39999"' in text


@pytest.mark.parametrize(
    "contact",
    ["jo.evans@council.gov.uk", "0300 123 1234", "+44 (0)20 7946 0000", "01632-960-001"],
)
def test_a_contact_detail_is_found(council_release: Release, contact: str) -> None:
    name = next(n for n in council_release.files if n.endswith("-senior.csv"))
    assert leak_messages(planted(council_release, "-senior.csv", 3, "Contact Phone", contact)) == [
        f"{name}:4: error: column 'Contact Phone' holds a contact detail (an e-mail address or a "
        "phone number)"
    ]


def test_notes_are_found_whole_or_a_sentence(council_release: Release, council_posts) -> None:
    post_id, post = next((i, p) for i, p in council_posts.items() if "notes" in p)
    name = next(n for n in council_release.files if n.endswith("-junior.csv"))
    sentence = post["notes"].split(".")[0]
    for text in (post["notes"], f"see: {sentence}."):
        messages = leak_messages(planted(council_release, "-junior.csv", 3, "Unit", text))
        assert (
            f"{name}:4: error: column 'Unit' holds the notes of post {post_id!r} (notes are "
            "not for publication)" in messages
        )


def test_a_name_used_as_a_title_elsewhere_is_that_title(write) -> None:
    path = write(
        """\
        name: Collide
        grades: {SCS2: 100000, SCS1: 80000, EO: 30000}
        posts:
          - {id: D, title: Director, grade: SCS2, holder: Ann Lee}
          - {id: DD, title: Social Worker, grade: SCS1, reports_to: D, holder: Social Worker}
          - {id: O, title: Social Worker, grade: EO, reports_to: DD, notes: Social Worker}
        """
    )
    release_of(path, None)  # the title stands; no name or note leaks
    inside = path.read_text().replace(
        "title: Social Worker, grade: EO", "title: Senior Social Worker, grade: EO"
    )
    path.write_text(inside)
    with pytest.raises(Leak) as caught:
        release_of(path, None)
    assert [i.message for i in caught.value.issues] == [
        "column 'Generic Job Title' holds the name of the holder of post 'DD', which is not "
        "published"
    ]


def test_redacted_releases_hold_no_names(council: Path, council_posts) -> None:
    from orgchart.read import ReadOptions

    built = build(council, ReadOptions(redact=True))
    release = publish(built, options(COUNCIL_GRADES, "DIR"))
    names = {
        row["Name"]
        for row in csv.DictReader(io.StringIO(next(iter(release.files.values())).decode()))
    }
    assert names <= {"N/D", "Vacant"}
    # The names --redact took out are still looked for, wherever they are typed.
    holder = next(p["holder"] for p in council_posts.values() if "holder" in p)
    for column in ("Name", "Job Title"):
        assert leak_messages(planted(release, "-senior.csv", 1, column, holder)) == [
            f"{next(iter(release.files))}:2: error: column {column!r} holds a holder's name, "
            "which --redact leaves out"
        ]


def test_the_html_page_is_read_as_a_browser_shows_it(council: Path, council_posts) -> None:
    release = publish(build(council), TransparencyOptions(file_name="senior.html"))
    page = release.files["senior.html"].decode()
    holder = only_holder(council_posts, "D0")  # a director: under £150,000, not named
    for html in (
        page.replace("<td>Not published</td>", f"<td>{holder}</td>", 1),
        page.replace("<td>Director of Adults and Health</td>", f"<td>Director ({holder})</td>"),
        page.replace("<caption>", f'<caption title="{holder}">'),
        page.replace("</body>", f"<!-- {holder} --></body>"),
    ):
        bad = dataclasses.replace(release, files={"senior.html": html.encode()})
        messages = leak_messages(bad)
        assert len(messages) == 1 and "the name of the holder of post 'D0'" in messages[0]
