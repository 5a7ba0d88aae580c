"""Checks that need the whole structure: ids, reporting lines, cycles, top posts.

Field-level checks live in the model; these run over the posts the model
accepted and return Issues, never raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from orgchart.errors import Issue, Severity
from orgchart.model import Status, Structure
from orgchart.money import DAY, cliffs, cost_of, year_of, year_start_of
from orgchart.read.records import Hints, did_you_mean
from orgchart.text import Kind, cell

# A long list of posts without a cost is one warning, not hundreds of lines.
LISTED_IN_SUMMARY = 5
# A cycle through thousands of posts is shown by its ends.
CYCLE_SHOWN = 20


def validate(
    structure: Structure,
    post_lines: Sequence[int | None],
    file: str,
    post_files: Sequence[str] = (),
) -> list[Issue]:
    """Return every structural problem of `structure`, errors and warnings.

    `post_lines` (and `post_files`, where posts come from several files) locate each post.
    """
    issues: list[Issue] = []
    posts = structure.posts
    first_index: dict[str, int] = {}

    def add(severity: Severity, message: str, index: int | None, post: str | None) -> None:
        line = post_lines[index] if index is not None and index < len(post_lines) else None
        source = post_files[index] if index is not None and index < len(post_files) else file
        issues.append(Issue(source, line, severity, message, post))

    if not posts:
        add("error", "the structure has no posts", None, None)

    for index, post in enumerate(posts):
        if post.id in first_index:
            first = post_lines[first_index[post.id]]
            at = f" (first at line {first})" if first is not None else ""
            add("error", f"duplicate post id {post.id!r}{at}", index, post.id)
        else:
            first_index[post.id] = index
    ids = sorted(first_index)
    hint_for = Hints(ids)

    manager_of: dict[str, str] = {}
    for index, post in enumerate(posts):
        label = f"post {post.id!r}"
        if post.reports_to is not None:
            if post.reports_to == post.id:
                add("error", f"{label} reports to itself", index, post.id)
            elif post.reports_to not in first_index:
                add(
                    "error",
                    f"{label} reports to {post.reports_to!r}, which does not exist"
                    f"{hint_for(post.reports_to, post.id)}",
                    index,
                    post.id,
                )
            elif first_index[post.id] == index:
                manager_of[post.id] = post.reports_to
        for other in post.dotted_to:
            if other == post.id:
                add("error", f"{label} has a dotted line to itself", index, post.id)
            elif other not in first_index:
                add(
                    "error",
                    f"{label} has a dotted line to {other!r}, which does not exist"
                    f"{hint_for(other, post.id)}",
                    index,
                    post.id,
                )

    for cycle in _cycles(manager_of):
        if len(cycle) > CYCLE_SHOWN:
            middle = f"... ({len(cycle)} posts) ..."
            shown = " -> ".join([*cycle[: CYCLE_SHOWN // 2], middle, *cycle[-2:], cycle[0]])
        else:
            shown = " -> ".join([*cycle, cycle[0]])
        add("error", f"reporting cycle: {shown}", first_index[cycle[0]], cycle[0])

    tops = [i for i, p in enumerate(posts) if p.reports_to is None and first_index.get(p.id) == i]
    if posts and not tops:
        add("error", "no top post: every post reports to another", None, None)
    if len(tops) > 1:
        names = ", ".join(posts[i].id for i in tops[:LISTED_IN_SUMMARY])
        more = f" and {len(tops) - LISTED_IN_SUMMARY} more" if len(tops) > LISTED_IN_SUMMARY else ""
        add("warning", f"{len(tops)} top posts (no reports_to): {names}{more}", tops[1], None)

    managers = set(manager_of.values())
    for index, post in enumerate(posts):
        label = f"post {post.id!r}"
        if post.status == Status.VACANT and post.id in managers and first_index[post.id] == index:
            add("warning", f"{label} is vacant but has reports", index, post.id)
        if post.assistant and post.reports_to is None:
            add("warning", f"{label} is an assistant with no manager to sit beside", index, post.id)
        if structure.funding_sources:
            for source in post.funding:
                if source not in structure.funding_sources:
                    hint = did_you_mean(source, sorted(structure.funding_sources))
                    add(
                        "error",
                        f"{label}: funding source {source!r} is not in funding_sources{hint}",
                        index,
                        post.id,
                    )
        if structure.date and post.end_date and post.end_date < structure.date:
            add(
                "warning",
                f"{label} ended on {post.end_date} before the structure's date {structure.date}",
                index,
                post.id,
            )
    for finding in funding_checks(structure):
        add("warning", finding.message, finding.index, finding.post)
    missing = [i for i, p in enumerate(posts) if cost_of(p, structure.grades).value is None]
    # A structure with no cost data at all is not being costed: say nothing.
    if not missing or len(missing) == len(posts):
        return issues
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
        add("warning", f"post {post.id!r} has no cost: {why}", missing[0], post.id)
        return issues
    listed = ", ".join(posts[i].id for i in missing[:LISTED_IN_SUMMARY])
    extra = len(missing) - LISTED_IN_SUMMARY
    more = f" and {extra} more" if extra > 0 else ""
    what = (
        "post(s) have no pay disclosed (no cost or pay band)"
        if not structure.grades
        else "posts have no cost (no cost, grade cost or pay band)"
    )
    add(
        "warning",
        f"{len(missing)} {what}: {listed}{more}; cost totals leave them out",
        None,
        None,
    )
    return issues


@dataclass(frozen=True)
class Finding:
    message: str
    index: int | None  # of the post it is about, for its line
    post: str | None


def funding_checks(structure: Structure, year_start: str | None = None) -> list[Finding]:
    """Funding that ends under posts that go on, and sources no post uses."""
    found: list[Finding] = []
    index = {p.id: i for i, p in reversed(list(enumerate(structure.posts)))}
    start = year_start_of(structure, year_start)
    for cliff in cliffs(structure):
        after = year_of(cliff.end + DAY, start).label
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
    used = {code for p in structure.posts for code in p.funding}
    for code in sorted(set(structure.funding_sources) - used):
        found.append(Finding(f"funding source {code!r} is used by no post", None, None))
    return found


def _cycles(manager_of: dict[str, str]) -> list[list[str]]:
    """Each reporting cycle once, starting at its smallest id.

    Every post has one manager, so following managers from each post finds
    every cycle in linear time without recursion (chains can be very deep).
    """
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    cycles: list[list[str]] = []
    for start in sorted(manager_of):
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = manager_of.get(node)
        if node is not None and state[node] == 1:
            cycle = walk[walk.index(node) :]
            pivot = cycle.index(min(cycle))
            cycles.append(cycle[pivot:] + cycle[:pivot])
        for visited in walk:
            state[visited] = 2
    return sorted(cycles)
