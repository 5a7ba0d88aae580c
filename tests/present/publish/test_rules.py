"""The publication rules: seniority and names by grade, units, references
that the publishers accept and that stay the same from release to release."""

from __future__ import annotations

import re

import pytest

from orgchart.errors import InvalidStructure
from orgchart.model import Post, Structure
from orgchart.present.publish.references import reference_of, valid
from orgchart.present.publish.rules import BadOption, Seniority, file_stem, units

from .conftest import release_of

# The publishers' in-sheet rule for column A (etl_to_csv.py): no space, no 'XX',
# no punctuation but '-' (test_a_dash, test_a_symbol, test_a_xx, test_a_space).
PUBLISHERS = re.compile(r"[^ ¬!\"£$%^&()+=\{\}\[\]:;@'#<>,.\\/]+")


@pytest.mark.parametrize(
    "post_id",
    ["HOS-CLA", "P123", "DfE-3024", "SDM/CLA", "a b", "£$%", "BOXXY", "xx", "0", "Ünïcode", "-1"],
)
def test_a_reference_is_the_id_where_the_publishers_allow_it(post_id: str) -> None:
    ref = reference_of(post_id)
    assert PUBLISHERS.fullmatch(ref) and "XX" not in ref.upper() and ref != "0"
    assert valid(ref)
    assert (ref == post_id) == valid(post_id)
    assert reference_of(post_id) == ref  # the id alone decides: the same next release


def test_ids_alike_once_cleaned_keep_references_apart() -> None:
    assert reference_of("SDM/CLA") != reference_of("SDM CLA") != reference_of("SDM-CLA")
    assert reference_of("BOXXY").startswith("BOX-XY-")


def test_two_posts_never_share_a_reference(write) -> None:
    path = write(
        """\
        name: X
        grades: {SCS2: 100000, SCS1: 80000}
        posts:
          - {id: D, title: Director, grade: SCS2}
          - {id: DD, title: Deputy, grade: SCS1, reports_to: D, count: 2}
          - {id: DD-1, title: Deputy, grade: SCS1, reports_to: D}
        """
    )
    with pytest.raises(InvalidStructure) as caught:
        release_of(path, None)
    assert [i.message for i in caught.value.issues] == [
        "posts 'DD' and 'DD-1' would both be published as reference 'DD-1': give one of them "
        "another id"
    ]


def test_seniority_by_the_standard_list_or_the_grades_given() -> None:
    standard = Seniority.of(None, None)
    assert [standard.senior(g) for g in ("SCS1", "scs 1a", "OF-9", "OF9", "G6", None)] == [
        True, True, True, True, False, False,
    ]  # fmt: skip
    assert [standard.named(g) for g in ("SCS4", "SCS2", "OF-7", "SCS1A", "OF-6", "G7")] == [
        True, True, True, False, False, False,
    ]  # fmt: skip
    own = Seniority.of(["CEX", "Director", "HOS"], None)
    assert own.senior("director") and not own.named("CEX")  # nobody named until asked
    named = Seniority.of(["CEX", "Director", "HOS"], "Director")
    assert named.named("CEX") and named.named("Director") and not named.named("HOS")
    with pytest.raises(BadOption, match="'PO6' is not one of the senior grades"):
        Seniority.of(["CEX", "Director"], "PO6")


def test_a_post_is_published_in_its_own_unit_else_its_managers() -> None:
    structure = Structure(
        name="X",
        posts=[
            Post(id="A", title="Top"),
            Post(id="B", title="Head", reports_to="A", unit="Early Help"),
            Post(id="C", title="Lead", reports_to="B"),
            Post(id="D", title="Worker", reports_to="C"),
            Post(id="E", title="Adviser", reports_to="A"),
        ],
    )
    assert units(structure, "Leeds City Council") == {
        "A": "Leeds City Council",
        "B": "Early Help",
        "C": "Early Help",
        "D": "Early Help",
        "E": "Leeds City Council",
    }


def test_file_names_as_data_gov_uk_has_them() -> None:
    assert file_stem("Department of Health") == "department_of_health"
    assert (
        file_stem("Leeds City Council (Children & Families)")
        == "leeds_city_council_children_families"
    )
    assert file_stem("£$%") == "organisation"
