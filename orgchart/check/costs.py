"""Money: posts with no cost, and funding that ends under posts that go on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from orgchart.check import Found
from orgchart.money import DAY, BadYear, cliffs, costless, year_of, year_start_of
from orgchart.text import Kind, cell

if TYPE_CHECKING:
    from orgchart.model import Structure

# A long list of posts without a cost is one warning, not hundreds of lines.
LISTED_IN_SUMMARY = 5


def costs_known(structure: Structure, found: Found) -> None:
    posts = structure.posts
    missing = costless(posts, structure.grades)
    # A structure with no cost data at all is not being costed: say nothing.
    if not missing or len(missing) == len(posts):
        return
    # With no grades table (an organogram, an export of pay bands) the pay of
    # these posts was not disclosed; a grade missing from a table means nothing.
    if len(missing) == 1:
        post = posts[missing[0]]
        if not structure.grades:
            why = "no cost or pay band is given"
        elif post.grade:
            why = f"grade {post.grade!r} is not in grades and no cost is given"
        else:
            why = "it has no grade and no cost is given"
        found.add("warning", f"post {post.id!r} has no cost: {why}", missing[0], post.id)
        return
    listed = ", ".join(posts[i].id for i in missing[:LISTED_IN_SUMMARY])
    extra = len(missing) - LISTED_IN_SUMMARY
    more = f" and {extra} more" if extra > 0 else ""
    what = (
        "post(s) have no pay disclosed (no cost or pay band)"
        if not structure.grades
        else "posts have no cost (no cost, grade cost or pay band)"
    )
    found.add(
        "warning", f"{len(missing)} {what}: {listed}{more}; cost totals leave them out", None, None
    )


def funding_ends(structure: Structure, found: Found) -> None:
    for finding in funding_checks(structure):
        found.add("warning", finding.message, finding.index, finding.post)


@dataclass(frozen=True)
class Finding:
    message: str
    index: int | None  # of the post it is about, for its line
    post: str | None


def funding_checks(structure: Structure, year_start: str | None = None) -> list[Finding]:
    """Funding that ends under posts that go on, and sources no post uses."""
    found: list[Finding] = []
    ends = cliffs(structure)
    # Each id's first post; made only where funding ends under posts.
    index = {p.id: i for i, p in reversed(list(enumerate(structure.posts)))} if ends else {}
    start = year_start_of(structure, year_start)
    for cliff in ends:
        try:
            after = year_of(cliff.end + DAY, start).label
        except BadYear:  # the calendar's last days: no whole financial year follows
            after = str(cliff.end + DAY)
        if cliff.permanent:
            posts = (
                "1 permanent post" if cliff.permanent == 1 else f"{cliff.permanent} permanent posts"
            )
            verb = "is" if cliff.permanent == 1 else "are"
            money = cell(cliff.permanent_cost, Kind.MONEY)
            first = next(p for p in cliff.posts if structure.posts[index[p]].end_date is None)
            found.append(
                Finding(
                    f"{posts}, {money} a year, {verb} funded by {cliff.source}, which ends "
                    f"{cliff.end}: from {after} this cost has no funding",
                    index[first],
                    first,
                )
            )
        for post_id in cliff.posts:
            post = structure.posts[index[post_id]]
            if post.end_date is not None:
                found.append(
                    Finding(
                        f"post {post_id!r} ends {post.end_date}, after its funding from "
                        f"{cliff.source} ends {cliff.end}",
                        index[post_id],
                        post_id,
                    )
                )
    declared = set(structure.funding_sources)
    used = {code for p in structure.posts if p.funding for code in p.funding} if declared else set()
    for code in sorted(declared - used):
        found.append(Finding(f"funding source {code!r} is used by no post", None, None))
    return found
