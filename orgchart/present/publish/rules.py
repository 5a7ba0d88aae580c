"""The publication rules about posts, the one home of them for every layout
and the leak check: which grades are senior and in what order, whose names
may be published, the unit a post is published in, the file name an
organisation's release takes, and which days are snapshot days.

Senior means the Senior Civil Service and its military equivalents (the
publishers' standard list: SCS4, SCS3, SCS2, SCS1A, SCS1 and OF-9 to OF-6,
one-star OF-6 standing with SCS1), or the grades given, most senior first.
Names are published from SCS2 up by default; with grades of one's own, from
the grade named, and for no one until one is named.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from orgchart.errors import OrgchartError
from orgchart.model import Post, Structure
from orgchart.money import Pay
from orgchart.read.organogram import NAME_SUFFIX

# The publishers' list of senior grades (etl_to_csv.standard_references), ranked:
# the military ranks beside their civil service equivalents.
STANDARD_RANKS: dict[str, float] = {
    "SCS4": 4,
    "OF-9": 4,
    "SCS3": 3,
    "OF-8": 3,
    "SCS2": 2,
    "OF-7": 2,
    "SCS1A": 1.5,
    "SCS1": 1,
    "OF-6": 1,
}
STANDARD_NAMED_FROM = "SCS2"
# Organograms are snapshots at 31 March and 30 September.
SNAPSHOT_DAYS = ((3, 31), (9, 30))


class BadOption(OrgchartError):
    """A publication option that cannot be used as given."""


def grade_key(grade: str) -> str:
    """A grade as compared: 'SCS 1A', 'scs1a' and 'OF-9', 'OF9' are the same grade."""
    return re.sub(r"[\s-]", "", grade).casefold()


@dataclass(frozen=True)
class Seniority:
    """Which grades are senior, and from which rank their holders are named."""

    ranks: dict[str, float]  # grade_key -> rank, higher is more senior
    named_from: float | None  # names at this rank and above; None: no names

    @classmethod
    def of(cls, senior_grades: list[str] | None, name_from: str | None) -> Seniority:
        """The standard grades, or `senior_grades` (most senior first).
        Raises BadOption for a --name-from grade that is not senior."""
        if senior_grades:
            ranks = {
                grade_key(g): float(len(senior_grades) - i) for i, g in enumerate(senior_grades)
            }
            listed = ", ".join(senior_grades)
        else:
            ranks = {grade_key(g): r for g, r in STANDARD_RANKS.items()}
            listed = ", ".join(STANDARD_RANKS)
            name_from = name_from or STANDARD_NAMED_FROM
        if name_from is None:
            return cls(ranks, None)
        rank = ranks.get(grade_key(name_from))
        if rank is None:
            raise BadOption(f"--name-from {name_from!r} is not one of the senior grades ({listed})")
        return cls(ranks, rank)

    def senior(self, grade: str | None) -> bool:
        return grade is not None and grade_key(grade) in self.ranks

    def named(self, grade: str | None) -> bool:
        """Whether a holder at `grade` is named when published."""
        if grade is None or self.named_from is None:
            return False
        return self.ranks.get(grade_key(grade), 0) >= self.named_from


def holders(post: Post) -> list[str]:
    """A post's holders: a job share's `A; B` is two."""
    return [h.strip() for h in (post.holder or "").split(";") if h.strip()]


def units(structure: Structure, organisation: str) -> dict[str, str]:
    """The unit each post is published in: its own, else its nearest manager's,
    else the organisation's (publishers need a unit on every row)."""
    posts = {p.id: p for p in structure.posts}
    found: dict[str, str] = {}
    for post in structure.posts:
        chain: list[str] = []
        current: Post | None = post
        while current is not None and current.id not in found:
            if current.unit:
                found[current.id] = current.unit
                break
            chain.append(current.id)
            current = posts.get(current.reports_to) if current.reports_to else None
        unit = found[current.id] if current is not None else organisation
        found.update(dict.fromkeys(chain, unit))
    return found


def organisation_of(structure: Structure) -> str:
    """The body a structure is of, by default: its name, less the " organogram"
    that reading an organogram edition adds, so that an edition read back and
    published again keeps its organisation's name."""
    return structure.name.removesuffix(NAME_SUFFIX) or structure.name


def file_stem(organisation: str) -> str:
    """data.gov.uk's file name for a body: 'Department of Health' -> department_of_health."""
    return re.sub(r"[^0-9a-z]+", "_", organisation.casefold()).strip("_") or "organisation"


def snapshot_warning(date: dt.date) -> str | None:
    """A warning for a date that is not a snapshot day (31 March, 30 September)."""
    if (date.month, date.day) in SNAPSHOT_DAYS:
        return None
    return (
        f"{date.isoformat()} is not a snapshot date: organograms are published as at "
        "31 March and 30 September"
    )


# A pay at or above this is no salary (a cost over a vanishing FTE), and past
# figures that are exact to the penny, which bands and the leak check need.
MOST_PAY = 10**12


def pay_problem(pay: Pay | None, needed_for: str) -> str | None:
    """What is wrong with a post's pay for a layout that needs it, if anything."""
    if pay is None:
        return f"has no pay: give it a cost, a costed grade or pay_min and pay_max ({needed_for})"
    if not math.isfinite(pay.high) or pay.high >= MOST_PAY:
        return (
            f"has a pay for 1.0 FTE of £{MOST_PAY:,} or more (its cost over its FTE), "
            "which is no salary"
        )
    return None
