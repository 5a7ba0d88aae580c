"""What a decision report says, built from one or two structures; no layout here.

Every figure comes from the library (diff, cost_summary, span_rows,
summary_tables) and is formatted once, by formats.cell, so the HTML, Word and
Markdown reports show the same text and `diff --format json` the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

from orgchart.build import Built
from orgchart.compare.changes import covered
from orgchart.compare.diff import Diff, diff, scope
from orgchart.compare.matching import How
from orgchart.fields import TOLERANCE, PostFields, Status
from orgchart.measure import GroupBy
from orgchart.measure.forecast import change_by_year
from orgchart.measure.metrics import bands_of, cost_summary, layers_summary, span_rows
from orgchart.model import Post, Structure
from orgchart.money import CORE_FUNDING, cost_of
from orgchart.present.diffreport import headline, summary_tables, uniform_lines
from orgchart.present.formats import Column, Table
from orgchart.present.render.changes import Side, changed_places, highlights
from orgchart.present.render.dot import ChartOptions
from orgchart.present.render.pages import Paper
from orgchart.present.render.scope import CONTEXT, around
from orgchart.present.report.appendix import A4, paged_charts
from orgchart.present.report.money import (
    COSTED,
    FORECAST_YEARS,
    CostEffect,
    cost_effects,
    effects_grid,
    funding_grids,
    years_grid,
)
from orgchart.present.report.parts import (
    Chart,
    Grid,
    Plot,
    count,
    day,
    grid,
    named,
)
from orgchart.present.report.policy import Checks, Policy, compare_policy, describe_policy
from orgchart.present.report.proposal import proposal_parts
from orgchart.present.report.shape import span_changes, workload_plots
from orgchart.present.reports import COST_COLUMNS, labelled
from orgchart.present.workloads import COLUMNS_NOTE, span_columns
from orgchart.text import Kind, cell, printable, show

# Posts a reader must see the end of: they are not permanent.
NOT_PERMANENT = {
    Status.ACTING,
    Status.INTERIM,
    Status.TEMPORARY,
    Status.FIXED_TERM,
    Status.SECONDMENT,
    Status.AGENCY,
}


@dataclass(frozen=True)
class DecisionReport:
    title: str
    structures: list[str]  # each structure's name and date
    summary: str
    posts: list[Grid]  # 2. posts created and deleted
    figures: list[Grid]  # 3. posts, FTE and cost; for one structure, its cost
    funding: list[Grid]  # where the money comes from and until when
    changes: list[str]  # 4. moves and other changes, in words
    spans: Grid  # 5. manager workloads (that changed)
    warnings: list[str]  # 6. what a reader must see
    charts: list[Chart]  # 7. appendix
    notes: list[str]
    single: bool
    page: Paper = A4  # the paper: text upright on it, charts on it as it lies (landscape)
    policy: Policy | None = None  # the rules in force, before and after (report/policy.py)
    # What the command also says on the terminal: the diff's warnings.
    notices: list[str] = field(default_factory=list)
    plots: list[Plot] = field(default_factory=list)  # 5. workloads, before and after
    proposed: list[str] = field(default_factory=list)  # a proposal's actions, in its words


POST_COLUMNS = [
    Column("title", "Title"),
    Column("grade", "Grade"),
    Column("fte", "FTE", Kind.FTE),
    Column("status", "Status"),
    Column("funding", "Funding"),
    Column("end_date", "End date"),
    Column("cost", "Annual cost", Kind.MONEY),
]


def _funding_text(post: PostFields) -> str:
    rest = 1 - sum(post.funding.values())
    shares = sorted(post.funding.items()) + ([(CORE_FUNDING, rest)] if rest > TOLERANCE else [])
    return ", ".join(s if share == 1 else f"{s} {share:.0%}" for s, share in shares)


def _status(post: PostFields, new: bool) -> str:
    """A post's status; a new post is "new", with its status where the file
    gives one: a post not yet created is not filled."""
    status = post.status.value.replace("_", " ")
    if not new:
        return status
    given = (
        "status" in post.model_fields_set if isinstance(post, Post) else "status" in post.record()
    )
    return f"new, {status}" if given else "new"


def post_rows(posts: Sequence[PostFields], structure: Structure, title: str, *, new: bool) -> Grid:
    """Posts as the seed reports list them: title, grade, FTE, status, funding, end date."""
    rows = [
        {
            "title": p.title if p.count == 1 else f"{p.count:,} × {p.title}",
            "grade": p.grade,
            "fte": p.total_fte,
            "status": _status(p, new),
            "funding": _funding_text(p),
            "end_date": day(p.end_date),
            "cost": cost_of(p, structure.grades).value,
        }
        for p in sorted(posts, key=lambda p: (p.title, p.id))
    ]
    return grid(Table(POST_COLUMNS, rows), title)


def warnings_of(built: Built) -> list[str]:
    """Vacancies with reports, posts that are not permanent, and failed checks."""
    graph = built.graph
    out = []
    for post in sorted(built.structure.posts, key=lambda p: p.id):
        name = f"{printable(post.title)} ({post.id})"
        reports = sum(graph.post(r).count for r in graph.line.successors(post.id))
        if post.status is Status.VACANT and reports:
            out.append(f"{name} is vacant and manages {count(reports, 'post')}.")
        if post.status in NOT_PERMANENT or post.end_date is not None:
            status = post.status.value.replace("_", " ")
            ends = f", ends {day(post.end_date)}" if post.end_date else ", no end date given"
            out.append(f"{name} is {status}{ends}.")
    return out + checks(built, "Check")


def checks(built: Built, label: str) -> list[str]:
    """The checks a structure fails (validate's warnings; errors stop the report earlier)."""
    return [f"{label}: {printable(i.message)}" for i in built.warnings if i.severity == "warning"]


def wrong_order(before: Structure, after: Structure) -> str | None:
    """A warning when the structure before is dated after the structure after."""
    if before.date is None or after.date is None or before.date <= after.date:
        return None
    return (
        f"the structure before is dated {day(before.date)}, after the structure after "
        f"({day(after.date)}): are the files the wrong way round?"
    )


def _manager(result: Diff, post_id: str | None, was: dict[str, str] | None = None) -> str:
    """A post by title and id; with `was`, the id before of a post paired by similarity."""
    if post_id is None:
        return "no manager"
    before = (was or {}).get(post_id)
    ids = f"{post_id}, was {before}" if before is not None else post_id
    return f"{printable(result.titles.get(post_id, post_id))} ({printable(ids)})"


def changes_in_words(result: Diff, effects: list[CostEffect]) -> list[str]:
    """Changes made alike to many posts, once each; moves, then other changes;
    a post's changes of grade, FTE or cost in one line with what they cost a
    year. A post paired under another id is named with both."""
    out = [f"{line[0].upper()}{line[1:]}." for line in uniform_lines(result)]
    alike = covered(result.uniform)
    was = {m.after: m.before for m in result.matched}
    for move in result.moved:
        team = f", with {count(move.with_reports, 'post')} below it" if move.with_reports else ""
        out.append(
            f"{_manager(result, move.id, was)} moves from {_manager(result, move.before)} "
            f"to {_manager(result, move.after)}{team}."
        )
    costed = {e.id: e for e in effects}
    for change in result.changed:
        if (change.id, change.field) in alike:
            continue
        if change.field in COSTED:
            effect = costed.pop(change.id, None)  # the post's first costed change says it all
            if effect is not None:
                out.append(f"{_manager(result, change.id, was)}: {effect.change}: {effect.phrase}.")
            continue
        field = change.field.replace("_", " ")
        out.append(
            f"{_manager(result, change.id, was)}: {field} {printable(show(change.before))} → "
            f"{printable(show(change.after))}."
        )
    return out


def compare(
    old: Built,
    new: Built,
    *,
    title: str | None = None,
    by: GroupBy = GroupBy.GRADE,
    root: str | None = None,
    unit: str | None = None,
    page: Paper = A4,
    context: int | None = CONTEXT,
    rule_checks: Checks | None = None,
    effective: dt.date | None = None,
    match: How = How.AUTO,
    years: int = FORECAST_YEARS,
) -> DecisionReport:
    """The report asking to approve the change from `old` to `new`. The
    appendix's charts show the changed posts, their managers to the top and
    the posts within `context` reporting lines of them, the rest folded
    (None: every post), on pages of `page` (landscape) as they fit. With
    `effective`, the change takes effect that day: the finance section shows
    its part-year effect, and the years from that day's; `match` pairs posts
    as `diff --match` does; `years` is how many financial years the money
    is shown for.

    Raises UnknownPost when `root` is in neither structure, BadYear when
    `years` is below 1, RenderError when Graphviz fails.
    """
    result = diff(
        old.graph,
        new.graph,
        by=by,
        root=root,
        unit=unit,
        effective=effective,
        match=match,
        timeline=new.timeline,
    )
    base = ChartOptions(legend=True)
    charts = []
    sides: tuple[tuple[Side, Built], ...] = (("before", old), ("after", new))
    for side, built in sides:
        # A root only one side has draws that side whole rather than failing.
        chart_root = root if root is not None and root in built.graph.line else None
        changed = changed_places(result, side)
        shown = None if context is None else around(built.graph, changed, context)
        options = replace(base, root=chart_root, highlights=highlights(result, side), shown=shown)
        about = f"{named(built.structure)} (changes highlighted in red)"
        charts += paged_charts(side, side.capitalize(), about, built.graph, options, page)
    # The money of the part compared, over the years.
    by_year = []
    if effective or old.structure.date or new.structure.date:
        ids_before, ids_after = scope(old.graph, root, unit), scope(new.graph, root, unit)
        over_time = new.timeline and _part(new.timeline, ids_before | ids_after)
        by_year = change_by_year(
            _part(old.structure, ids_before),
            _part(new.structure, ids_after),
            effective=effective,
            years=years,
            timeline=over_time,
        )
    effects = cost_effects(result, old.structure, new.structure)
    figures = [grid(t) for t in summary_tables(result.summary)]
    if by_year:
        figures.append(years_grid(by_year))
    if effects:
        figures.append(effects_grid(effects))
    first = by_year[0].year.label if by_year else None
    order = [m[0].upper() + m[1:] for m in [wrong_order(old.structure, new.structure)] if m]
    proposed, notes = proposal_parts(old, new)
    if result.pairing:
        notes.insert(0, f"Matching: {result.pairing}.")
    notes += [c.crowded for c in charts if c.crowded]
    if old.structure.grades != new.structure.grades:
        notes.append("The two structures cost grades differently; figures use each one's own.")
    return DecisionReport(
        title=printable(title or f"{new.structure.name}: proposed structure"),
        structures=[named(old.structure), named(new.structure)],
        summary=headline(result),
        posts=[
            post_rows(result.added, new.structure, "Posts created", new=True),
            post_rows(result.removed, old.structure, "Posts deleted", new=False),
        ],
        figures=figures,
        funding=funding_grids(new.structure, first=first, years=years, timeline=new.timeline),
        changes=changes_in_words(result, effects),
        spans=span_changes(result, old.graph, new.graph),
        # The reader approves the structure after: its warnings are the ones
        # that stand; of the structure before, only the checks it fails.
        warnings=order + warnings_of(new) + checks(old, "Check on the structure before"),
        charts=charts,
        notes=notes,
        single=False,
        page=page,
        notices=list(result.warnings),
        plots=workload_plots([("Before", old.graph), ("After", new.graph)]),
        policy=compare_policy(old, new, rule_checks),
        proposed=proposed,
    )


def _part(structure: Structure, ids: set[str]) -> Structure:
    """The structure's posts in `ids`: the part a report compares."""
    if all(p.id in ids for p in structure.posts):
        return structure
    return structure.model_copy(update={"posts": [p for p in structure.posts if p.id in ids]})


def describe(
    built: Built,
    *,
    title: str | None = None,
    by: GroupBy = GroupBy.GRADE,
    root: str | None = None,
    page: Paper = A4,
    rule_checks: Checks | None = None,
    years: int = FORECAST_YEARS,
) -> DecisionReport:
    """The single-structure report: summary, spans, cost, money over `years`
    financial years, and chart (on pages of `page` as it fits)."""
    structure, graph = built.structure, built.graph
    if root is not None:
        graph.post(root)
    layers = layers_summary(graph, bands_of(structure))
    cost = cost_summary(structure, by)
    total = cost.total
    summary = (
        f"{labelled(count(total.posts, 'post'), total)} ({cell(total.fte, Kind.FTE)} FTE) in "
        f"{count(layers.layers, 'layer')}, with {count(layers.managers, 'manager')}; "
        f"annual cost {cell(total.cost, Kind.MONEY)}."
    )
    rows = span_rows(graph, bands_of(structure))
    junior = any(r.junior_posts for r in rows)
    charts = paged_charts(
        "structure", "Structure", named(structure), graph, ChartOptions(root=root), page
    )
    costs = [*map(asdict, cost.groups), {**asdict(total), "key": labelled("total", total)}]
    return DecisionReport(
        title=printable(title or structure.name),
        structures=[named(structure)],
        summary=summary,
        posts=[],
        figures=[grid(Table(COST_COLUMNS, costs), "Cost")],
        funding=funding_grids(structure, years=years),
        changes=[],
        spans=grid(Table(span_columns(junior), [asdict(r) for r in rows]), "Managers' spans"),
        warnings=warnings_of(built),
        charts=charts,
        notes=[c.crowded for c in charts if c.crowded] + ([COLUMNS_NOTE] if junior else []),
        single=True,
        page=page,
        plots=workload_plots([("Structure", graph)]),
        policy=describe_policy(built, rule_checks),
    )
