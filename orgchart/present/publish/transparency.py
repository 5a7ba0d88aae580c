"""The Local Government Transparency Code 2015's senior structure, as CSV or
an HTML page, made from a structure.

- The top three levels (or `levels`), depth first: each post's level,
  reference, manager, title, grade, unit, whether permanent or temporary
  (temporary, fixed-term, interim, secondment and agency posts, and any post
  with an end date), salary in £5,000 brackets from £50,000 ("Under
  £50,000" below), the holder's name only at £150,000 and above ("Vacant"
  for a vacant post), and the budget held where one is given.
- The pay multiple: the highest salary over the median salary of the whole
  structure, each post's full-time equivalent pay (money.pay_of), a group of
  N posts counting N times, vacant posts left out; told with how it was
  computed and the two salaries' brackets, never the figures.
Returns bytes; writes nothing, prints nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orgchart.errors import InvalidStructure, Issue
from orgchart.fields import Status
from orgchart.model import Post
from orgchart.money import Pay, bracket, pay_band, pay_of
from orgchart.present.publish import Release
from orgchart.present.publish.columns import (
    NOT_PUBLISHED,
    PAY_MULTIPLE_COLUMNS,
    TRANSPARENCY_COLUMNS,
    VACANT,
    money_text,
)
from orgchart.present.publish.leaks import disclosure
from orgchart.present.publish.rules import holders, pay_problem, units
from orgchart.text import spreadsheet_cell

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.read.budgets import Budgets

# The Code: names of those paid £150,000 or more.
NAMED_FROM_PAY = 150000
TEMPORARY = {Status.TEMPORARY, Status.FIXED_TERM, Status.INTERIM, Status.SECONDMENT, Status.AGENCY}
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class TransparencyOptions:
    file_name: str  # the output's name: .html makes a page, anything else CSV
    levels: int = 3
    organisation: str | None = None  # the structure's name by default
    budgets: Budgets | None = None
    notes: list[str] = field(default_factory=list)


def bracket_text(pay: Pay) -> str:
    found = bracket(pay.low, pay.high)
    if found is None:
        return "Under £50,000"
    return f"£{found[0]:,} to £{found[1]:,}"


def _median(pays: list[tuple[float, int]]) -> float:
    """The median of values each counted so many times, without listing them out."""
    ordered = sorted(pays)
    total = sum(count for _, count in ordered)
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found: list[float] = []
    seen = 0
    for value, count in ordered:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    return found[0] / 2 + found[-1] / 2  # halves first: the sum of two may overflow


def _problems(
    built: Built, shown: list[Post], pays: dict[str, Pay | None], options: TransparencyOptions
) -> list[Issue]:
    issues = []

    def error(post: Post, message: str) -> None:
        file, line = built.where(post.id)
        issues.append(Issue(file, line, "error", f"post {post.id!r} {message}", post.id))

    for post in shown:
        if post.grade is None:
            error(post, "has no grade: the senior structure gives each post's grade")
    for post in built.structure.posts:
        problem = pay_problem(
            pays[post.id], "the salary brackets and the pay multiple need every post's"
        )
        if problem:
            error(post, problem)
    budgets = options.budgets
    if budgets is not None:
        for post_id in sorted(set(budgets.amounts) - {p.id for p in built.structure.posts}):
            issues.append(
                Issue(
                    budgets.file,
                    budgets.lines[post_id],
                    "error",
                    f"a budget for post {post_id!r}, which the structure does not have",
                    post_id,
                )
            )
    return issues


def _pay_multiple(built: Built, paid: dict[str, Pay | None]) -> list[str]:
    pays = [
        (pay, post.count)
        for post in built.structure.posts
        if post.status is not Status.VACANT and (pay := paid[post.id]) is not None
    ]
    if not pays:
        raise InvalidStructure(
            [Issue(built.file, None, "error", "no filled post: the pay multiple needs one")]
        )
    highest = max(pays, key=lambda p: p[0].value)[0]
    median = _median([(pay.value, count) for pay, count in pays])
    if median <= 0:
        raise InvalidStructure(
            [Issue(built.file, None, "error", "the median salary is £0: no pay multiple")]
        )
    counted = sum(count for _, count in pays)
    low, high = pay_band(median, median)
    return [
        f"{highest.value / median:.2f}",
        bracket_text(highest),
        f"£{low:,} to £{high:,}",
        f"{counted:,}",
        "The highest salary divided by the median salary of the whole structure. A "
        "salary is a post's full-time equivalent annual pay as the structure costs it (its "
        "cost per FTE, its grade's rate, or the midpoint of its pay band); each post of a "
        "group of identical posts counts; vacant posts are left out.",
    ]


def _order(built: Built, levels: int) -> list[tuple[Post, int]]:
    """The posts of the top `levels` levels and their levels, depth first,
    reports by id: one pass over the posts, no graph."""
    below: dict[str | None, list[Post]] = {}
    for post in built.structure.posts:
        below.setdefault(post.reports_to, []).append(post)
    shown: list[tuple[Post, int]] = []
    stack = [(p, 1) for p in sorted(below.get(None, []), key=lambda p: p.id, reverse=True)]
    while stack:
        post, level = stack.pop()
        shown.append((post, level))
        if level < levels:
            reports = sorted(below.get(post.id, []), key=lambda p: p.id, reverse=True)
            stack += [(r, level + 1) for r in reports]
    return shown


def transparency(built: Built, options: TransparencyOptions) -> Release:
    """The senior structure and pay multiple. Raises InvalidStructure naming
    each post the layout cannot publish."""
    structure = built.structure
    order = _order(built, options.levels)
    shown = [post for post, _ in order]
    pays = {p.id: pay_of(p, structure.grades) for p in structure.posts}
    problems = _problems(built, shown, pays, options)
    if problems:
        raise InvalidStructure(problems)
    organisation = options.organisation or structure.name
    unit = units(structure, organisation)
    budgets = options.budgets.amounts if options.budgets is not None else {}
    rows, named = [], set()
    for post, level in order:
        pay = pays[post.id]
        assert pay is not None  # _problems refused a post with none
        names = holders(post)
        if post.status is Status.VACANT:
            name = VACANT
        elif names and pay.low >= NAMED_FROM_PAY:
            name = "; ".join(names)
            named.add(post.id)
        else:
            name = NOT_PUBLISHED
        temporary = post.status in TEMPORARY or post.end_date is not None
        budget = budgets.get(post.id)
        rows.append(
            [
                str(level),
                post.id,
                post.reports_to or "",
                post.title,
                post.grade or "",
                unit[post.id],
                "Temporary" if temporary else "Permanent",
                bracket_text(pay),
                name,
                "" if budget is None else money_text(budget),
            ]
        )
    multiple = _pay_multiple(built, pays)
    if options.file_name.endswith(".html"):
        data = _html(organisation, options.levels, rows, multiple).encode("utf-8")
    else:
        data = _csv(rows, multiple)
    public = {p.title for p in structure.posts} | {p.grade for p in structure.posts if p.grade}
    public |= {p.id for p in structure.posts} | set(unit.values()) | {organisation}
    return Release(
        files={options.file_name: data},
        disclosure=disclosure(
            structure,
            pays,
            named=named,
            banded={p.id for p in structure.posts},
            public=public,
            budgets=budgets.values(),
            taken_out=built.withheld_names,
        ),
        notes=[f"{len(shown)} post(s) in the top {options.levels} level(s)", *options.notes],
    )


def _csv(rows: list[list[str]], multiple: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRANSPARENCY_COLUMNS)
    writer.writerows([[spreadsheet_cell(c) for c in row] for row in rows])
    writer.writerow([])  # a blank row, then the pay multiple as a table of its own
    writer.writerow(PAY_MULTIPLE_COLUMNS)
    writer.writerow(multiple)
    return out.getvalue().encode("utf-8")


def _html(organisation: str, levels: int, rows: list[list[str]], multiple: list[str]) -> str:
    from orgchart.present.report.templating import render

    for row in rows:  # budgets as people read them
        row[-1] = f"£{float(row[-1]):,.2f}".removesuffix(".00") if row[-1] else ""
    return render(
        "transparency.html.j2",
        None,
        html=True,
        folder=TEMPLATES,
        context={
            "title": f"{organisation}: senior structure",
            "levels": levels,
            "headers": TRANSPARENCY_COLUMNS,
            "rows": rows,
            "multiple_headers": PAY_MULTIPLE_COLUMNS,
            "multiple": multiple,
        },
    )
