"""The organogram layout: a release's senior and junior CSVs, as data.gov.uk
publishes them, made from a structure.

- Senior posts (rules.Seniority) are rows of their own, depth first from the
  top post, whose manager is "XX"; each reports to its nearest senior manager.
  A group of N posts is N rows (`<ref>-1`...), a published job share a row a
  holder, its FTE shared out.
- Names for the grades the rules name, "Vacant" for a vacant post, "N/D"
  otherwise; contacts "N/D" ("N/A" when vacant): the structure holds none.
- Senior pay as the £5,000 band that holds it (money.pay_band); each junior
  grade's pay scale from the lowest to the highest pay at that grade, a pay
  that is one person's own cost told by its band's edges, never exactly.
- Junior posts grouped by reporting senior post, grade and title (its case
  and spacing folded, as the reader groups them), FTE summed, in the unit
  its posts share (else their senior post's); a senior post's "Salary Cost
  of Reports" is its junior rows' FTE x scale midpoint.
Returns bytes; writes nothing, prints nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orgchart.errors import InvalidStructure, Issue
from orgchart.fields import Status
from orgchart.model import Post, Structure
from orgchart.money import Pay, PayFrom, pay_band, pay_of
from orgchart.present.publish import Release
from orgchart.present.publish.columns import (
    JUNIOR_COLUMNS,
    NOT_APPLICABLE,
    NOT_DISCLOSED,
    SENIOR_COLUMNS,
    TOP,
    VACANT,
    fte_text,
    money_text,
)
from orgchart.present.publish.leaks import disclosure
from orgchart.present.publish.references import clashes, matched, reference_of, senior_only
from orgchart.present.publish.rules import (
    Seniority,
    file_stem,
    holders,
    pay_problem,
    snapshot_warning,
    units,
)
from orgchart.text import spreadsheet_cell

if TYPE_CHECKING:
    from orgchart.build import Built


@dataclass(frozen=True)
class OrganogramOptions:
    date: dt.date
    organisation: str
    parent: str | None = None  # "Parent Department"; the organisation's own by default
    seniority: Seniority = field(default_factory=lambda: Seniority.of(None, None))
    previous: Structure | None = None  # the last release, read back

    def file_names(self) -> tuple[str, str]:
        stem = f"{file_stem(self.organisation)}-{self.date.isoformat()}"
        return f"{stem}-senior.csv", f"{stem}-junior.csv"


def earlier_release(folder: Path) -> list[str]:
    """The organogram files a folder already holds, by name."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.name.endswith(("-senior.csv", "-junior.csv"))
    )


def _problems(
    built: Built, senior_grades: set[str | None], pays: dict[str, Pay | None]
) -> list[Issue]:
    """What the layout needs and the structure lacks: a grade and pay on every
    post, a senior top post."""
    issues = []

    def error(post: Post, message: str) -> None:
        file, line = built.where(post.id)
        issues.append(Issue(file, line, "error", f"post {post.id!r} {message}", post.id))

    any_senior = bool(senior_grades)
    for post in built.structure.posts:
        if post.grade is None:
            error(post, "has no grade: an organogram gives every post's grade")
        problem = pay_problem(
            pays[post.id],
            "senior pay is published as a £5,000 band, junior pay as its grade's scale",
        )
        if problem:
            error(post, problem)
        top = post.reports_to is None and post.grade is not None
        if top and any_senior and post.grade not in senior_grades:
            error(
                post,
                f"is a top post, but its grade {post.grade!r} is not senior: an organogram's "
                "top post (reporting to 'XX') is a senior post; name the senior grades, most "
                "senior first, with --senior-grades",
            )
    if not any_senior:
        issues.append(
            Issue(
                built.file,
                None,
                "error",
                "no post has a senior grade (SCS1 to SCS4, OF-6 to OF-9), so the organogram "
                "would have no top post: name the senior grades with --senior-grades",
            )
        )
    return issues


def _senior_above(posts: dict[str, Post], senior: set[str]) -> dict[str, str | None]:
    """Each post's nearest senior manager (None for a top post), in one walk."""
    above: dict[str, str | None] = {}
    for post_id, post in posts.items():
        chain = [post_id]
        current = post.reports_to
        while current is not None and current not in senior and current not in above:
            chain.append(current)
            current = posts[current].reports_to
        found = current if current is None or current in senior else above[current]
        above.update(dict.fromkeys(chain, found))
    return above


def _references(
    built: Built, seniors: list[Post], above: dict[str, str | None], previous: Structure | None
) -> tuple[dict[str, list[str]], int]:
    """Each senior post's references (N for a group of N), and how many were
    kept from the previous release."""
    base = {p.id: reference_of(p.id) for p in seniors}
    kept = 0
    if previous is not None:
        current = Structure(
            name="this release",
            posts=[
                Post(
                    id=base[p.id],
                    title=p.title,
                    grade=p.grade,
                    reports_to=base[above[p.id] or ""] if above[p.id] else None,
                )
                for p in seniors
            ],
        )
        reuse = matched(senior_only(previous), current)
        kept = sum(ref in reuse for ref in base.values())
        base = {post_id: reuse.get(ref, ref) for post_id, ref in base.items()}
    refs = {
        p.id: [base[p.id]] if p.count == 1 else [f"{base[p.id]}-{n}" for n in range(1, p.count + 1)]
        for p in seniors
    }
    problems = clashes(refs, built.file)
    if problems:
        raise InvalidStructure(problems)
    return refs, kept


def shares(fte: float, parts: int) -> list[float]:
    """`fte` shared out among `parts` rows, in millionths, adding up exactly."""
    micro = round(fte * 1_000_000)
    each = [micro // parts] * parts
    each[-1] += micro - sum(each)
    return [m / 1_000_000 for m in each]


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[str(spreadsheet_cell(c)) for c in row] for row in rows])
    return out.getvalue().encode("utf-8")


@dataclass
class _Group:
    manager: str  # the reporting senior post's reference
    grade: str
    title: str
    unit: str
    fte: float


def _junior_rows(
    pays: dict[str, Pay | None],
    juniors: list[Post],
    above: dict[str, str | None],
    refs: dict[str, list[str]],
    unit: dict[str, str],
    head: list[str],
) -> tuple[list[list[str]], dict[str, float]]:
    """The junior rows, and what each senior reference's reports cost (FTE x
    scale midpoint, as the rows show it)."""
    scales: dict[str, tuple[float, float]] = {}
    groups: dict[tuple[str, str, str], _Group] = {}
    for post in sorted(juniors, key=lambda p: p.id):
        grade = post.grade or ""
        pay = pays[post.id]
        assert pay is not None  # _problems refused a post with none
        low, high = pay.low, pay.high
        if pay.source is PayFrom.COST:  # one person's pay: only its band is public
            low, high = map(float, pay_band(low, high))
        old = scales.get(grade, (low, high))
        scales[grade] = (min(old[0], low), max(old[1], high))
        manager = refs[above[post.id] or ""][0]
        key = (manager, grade, " ".join(post.title.split()).casefold())
        group = groups.setdefault(key, _Group(manager, grade, post.title, unit[post.id], 0.0))
        group.fte += post.total_fte
        if group.unit != unit[post.id]:  # a group across units is in its senior post's
            group.unit = unit[above[post.id] or ""]
    rows: list[list[str]] = []
    costs: dict[str, float] = {}
    for key in sorted(groups):
        group = groups[key]
        cells = [money_text(v) for v in scales[group.grade]]
        fte = fte_text(group.fte)
        # Added up from the figures as written, as a reader of the file would.
        low, high = map(float, cells)
        costs[group.manager] = costs.get(group.manager, 0.0) + float(fte) * (low + high) / 2
        rows.append([*head, group.unit, group.manager, group.grade, *cells, group.title, fte, ""])
    return rows, costs


def organogram(built: Built, options: OrganogramOptions) -> Release:
    """The senior and junior CSVs of `built`'s structure. Raises
    InvalidStructure naming each post the layout cannot publish."""
    structure, seniority = built.structure, options.seniority
    pays = {p.id: pay_of(p, structure.grades) for p in structure.posts}
    # Asked once a grade, not once a post: a structure has few grades.
    senior_grades = {g for g in {p.grade for p in structure.posts} if seniority.senior(g)}
    problems = _problems(built, senior_grades, pays)
    if problems:
        raise InvalidStructure(problems)
    posts = {p.id: p for p in structure.posts}
    senior = {p.id for p in structure.posts if p.grade in senior_grades}
    above = _senior_above(posts, senior)
    seniors = sorted((posts[i] for i in senior), key=lambda p: p.id)
    refs, kept = _references(built, seniors, above, options.previous)
    unit = units(structure, options.organisation)
    parent = options.parent or options.organisation
    juniors = [p for p in structure.posts if p.id not in senior]
    junior_rows, costs = _junior_rows(
        pays, juniors, above, refs, unit, [parent, options.organisation]
    )
    below: dict[str | None, list[Post]] = {}
    for post in seniors:
        below.setdefault(above[post.id], []).append(post)
    senior_rows: list[list[str]] = []
    named: set[str] = set()
    warnings: list[Issue] = []
    stack = sorted(below.get(None, []), key=lambda p: refs[p.id][0], reverse=True)
    while stack:
        post = stack.pop()
        stack += sorted(below.get(post.id, []), key=lambda p: refs[p.id][0], reverse=True)
        manager = above[post.id]
        vacant = post.status is Status.VACANT
        names = holders(post) if post.count == 1 and not vacant else []
        if seniority.named(post.grade) and post.count == 1 and not vacant:
            if names:
                named.add(post.id)
            else:
                file, line = built.where(post.id)
                warnings.append(
                    Issue(
                        file,
                        line,
                        "warning",
                        f"post {post.id!r} is at a grade whose holders are named, but has no "
                        "holder: published as N/D",
                        post.id,
                    )
                )
        if post.id in named and len(names) > 1:  # a job share: a row a holder, alike
            lines = [
                (refs[post.id][0], name, fte)
                for name, fte in zip(names, shares(post.total_fte, len(names)), strict=True)
            ]
        else:
            name = VACANT if vacant else names[0] if post.id in named else NOT_DISCLOSED
            lines = list(
                zip(
                    refs[post.id],
                    [name] * post.count,
                    shares(post.total_fte, post.count),
                    strict=True,
                )
            )
        pay = pays[post.id]
        assert pay is not None
        floor, ceiling = pay_band(pay.low, pay.high)
        contact = NOT_APPLICABLE if vacant else NOT_DISCLOSED
        for ref, name, fte in lines:
            senior_rows.append(
                [
                    ref,
                    name,
                    post.grade or "",
                    post.title,
                    NOT_DISCLOSED,
                    parent,
                    options.organisation,
                    unit[post.id],
                    contact,
                    contact,
                    refs[manager][0] if manager is not None else TOP,
                    str(round(costs.get(ref, 0.0))),
                    fte_text(fte),
                    str(floor),
                    str(ceiling),
                    "",
                    "",
                    "",
                    "1",
                ]
            )
    senior_name, junior_name = options.file_names()
    public = {p.title for p in structure.posts} | set(unit.values())
    public |= {p.grade for p in structure.posts if p.grade} | {options.organisation, parent}
    notes = []
    if options.previous is not None:
        notes.append(f"{kept} reference(s) kept from the previous release by matching posts")
    if seniority.named_from is None:
        notes.append("no holder is named: --name-from GRADE names those at GRADE and above")
    warning = snapshot_warning(options.date)
    if warning:
        warnings.insert(0, Issue(built.file, None, "warning", warning))
    return Release(
        files={
            senior_name: _csv(SENIOR_COLUMNS, senior_rows),
            junior_name: _csv(JUNIOR_COLUMNS, junior_rows),
        },
        disclosure=disclosure(
            structure,
            pays,
            named=named,
            banded=senior,
            public=public,
            taken_out=built.withheld_names,
        ),
        warnings=warnings,
        notes=notes,
    )
