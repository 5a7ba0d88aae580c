"""What a decision report says, built from one or two structures; no layout here.

Every figure comes from the library (diff, cost_summary, span_rows,
summary_tables) and is formatted once, by formats.cell, so the HTML, Word and
Markdown reports show the same text and `diff --format json` the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

from orgchart.build import Built
from orgchart.compare.diff import Diff, diff
from orgchart.fields import TOLERANCE, Status
from orgchart.graph import OrgGraph
from orgchart.measure import GroupBy
from orgchart.measure.forecast import forecast
from orgchart.measure.metrics import (
    bands_of,
    cost_summary,
    layers_summary,
    span_rows,
)
from orgchart.model import Post, Structure
from orgchart.money import CORE_FUNDING, cost_of
from orgchart.present.formats import Column, Table
from orgchart.present.render.changes import Side, changed_places, highlights
from orgchart.present.render.dot import ChartOptions
from orgchart.present.render.pages import Paper
from orgchart.present.render.scope import CONTEXT, around
from orgchart.present.report.appendix import A4, Chart, paged_charts
from orgchart.present.report.policy import Checks, Policy, compare_policy, describe_policy
from orgchart.present.reports import COST_COLUMNS, forecast_report, summary_tables
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


# A decision's funding usually runs two to three years: show one past it.
FORECAST_YEARS = 4


@dataclass(frozen=True)
class Grid:
    """A table as the reader sees it: every cell already text, numbers right-aligned."""

    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]


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


def grid(table: Table, title: str | None = None) -> Grid:
    return Grid(
        title or table.title or "",
        [c.header for c in table.columns],
        [c.kind is not Kind.TEXT for c in table.columns],
        [[cell(row.get(c.key), c.kind) for c in table.columns] for row in table.rows],
    )


def day(date: dt.date | None) -> str:
    """Dates as UK council reports write them."""
    return date.strftime("%d/%m/%Y") if date else ""


def named(structure: Structure) -> str:
    return printable(structure.name) + (f", {day(structure.date)}" if structure.date else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _posts_phrase(verb: str, posts: list[Post]) -> str:
    if not posts:
        return f"{verb} none"
    fte = sum(p.total_fte for p in posts)
    return f"{verb} {_count(sum(p.count for p in posts), 'post')} ({cell(fte, Kind.FTE)} FTE)"


def summary_sentence(result: Diff) -> str:
    """The change in one sentence, e.g. 'Deletes 2 posts (1.50 FTE), creates none, ...'."""
    parts = [_posts_phrase("Deletes", result.removed), _posts_phrase("creates", result.added)]
    if result.moved:
        below = sum(m.with_reports for m in result.moved)
        team = f" with {below} below them" if below else ""
        parts.append(f"moves {_count(len(result.moved), 'post')}{team}")
    else:
        parts.append("moves none")
    changes = {c.id for c in result.changed}
    if changes:
        parts.append(f"changes {_count(len(changes), 'other post')}")
    cost = result.summary.delta.cost
    if cost < 0:
        money = f"annual cost falls by {cell(-cost, Kind.MONEY)}"
    elif cost > 0:
        money = f"annual cost rises by {cell(cost, Kind.MONEY)}"
    else:
        money = "annual cost is unchanged"
    return ", ".join(parts) + "; " + money + "."


POST_COLUMNS = [
    Column("title", "Title"),
    Column("grade", "Grade"),
    Column("fte", "FTE", Kind.FTE),
    Column("status", "Status"),
    Column("funding", "Funding"),
    Column("end_date", "End date"),
    Column("cost", "Annual cost", Kind.MONEY),
]


def _funding_text(post: Post) -> str:
    rest = 1 - sum(post.funding.values())
    shares = sorted(post.funding.items()) + ([(CORE_FUNDING, rest)] if rest > TOLERANCE else [])
    return ", ".join(s if share == 1 else f"{s} {share:.0%}" for s, share in shares)


def post_rows(posts: list[Post], structure: Structure, title: str) -> Grid:
    """Posts as the seed reports list them: title, grade, FTE, status, funding, end date."""
    rows = [
        {
            "title": p.title if p.count == 1 else f"{p.count} × {p.title}",
            "grade": p.grade,
            "fte": p.total_fte,
            "status": p.status.value.replace("_", " "),
            "funding": _funding_text(p),
            "end_date": day(p.end_date),
            "cost": cost_of(p, structure.grades).value,
        }
        for p in sorted(posts, key=lambda p: (p.title, p.id))
    ]
    return grid(Table(POST_COLUMNS, rows), title)


def funding_grids(structure: Structure, posts: list[Post] | None = None) -> list[Grid]:
    """Where the money comes from and until when: cost by funding source with the
    source's last day, then the forecast by financial year where the structure has a date."""
    chosen = structure.posts if posts is None else posts
    summary = cost_summary(structure, GroupBy.FUNDING, chosen)
    ends: dict[str, set[str]] = {}
    for post in chosen:
        sources = list(post.funding) or [CORE_FUNDING]
        if 1 - sum(post.funding.values()) > TOLERANCE and post.funding:
            sources.append(CORE_FUNDING)
        for source in sources:
            ends.setdefault(source, set()).add(day(post.end_date) or "no end date")
    declared = {code: structure.source(code) for code in structure.funding_sources}
    rows = [
        {
            "key": g.key,
            "name": declared[g.key].name if g.key in declared else "",
            "posts": g.posts,
            "fte": g.fte,
            "cost": g.cost,
            "paid_until": day(declared[g.key].end) if g.key in declared else "",
            # Sorted as dates, latest last; posts with no end date go on.
            "until": ", ".join(
                sorted(ends.get(g.key, set()), key=lambda d: (d == "no end date", d[6:], d[3:5]))
            ),
        }
        for g in summary.groups
    ]
    columns = [
        Column("key", "Source"),
        Column("name", "Name"),
        *COST_COLUMNS[1:],
        Column("paid_until", "Pays until"),
        Column("until", "Posts end"),
    ]
    grids = [grid(Table(columns, rows), "Funding")]
    if structure.date is not None:
        years = forecast_report(forecast(structure, years=FORECAST_YEARS)).tables[0]
        grids.append(grid(years, "Cost by financial year and who pays"))
    return grids


def warnings_of(built: Built) -> list[str]:
    """Vacancies with reports, posts that are not permanent, and failed checks."""
    graph = built.graph
    out = []
    for post in sorted(built.structure.posts, key=lambda p: p.id):
        name = f"{printable(post.title)} ({post.id})"
        reports = sum(graph.post(r).count for r in graph.line.successors(post.id))
        if post.status is Status.VACANT and reports:
            out.append(f"{name} is vacant and manages {_count(reports, 'post')}.")
        if post.status in NOT_PERMANENT or post.end_date is not None:
            status = post.status.value.replace("_", " ")
            ends = f", ends {day(post.end_date)}" if post.end_date else ", no end date given"
            out.append(f"{name} is {status}{ends}.")
    return out + checks(built, "Check")


def checks(built: Built, label: str) -> list[str]:
    """The checks a structure fails (validate's warnings; errors stop the report earlier)."""
    return [f"{label}: {printable(i.message)}" for i in built.warnings if i.severity == "warning"]


def _manager(result: Diff, post_id: str | None) -> str:
    if post_id is None:
        return "no manager"
    return f"{printable(result.titles.get(post_id, post_id))} ({post_id})"


def changes_in_words(result: Diff) -> list[str]:
    out = []
    for move in result.moved:
        team = f", with {_count(move.with_reports, 'post')} below it" if move.with_reports else ""
        out.append(
            f"{_manager(result, move.id)} moves from {_manager(result, move.before)} "
            f"to {_manager(result, move.after)}{team}."
        )
    for change in result.changed:
        field = change.field.replace("_", " ")
        out.append(
            f"{_manager(result, change.id)}: {field} {printable(show(change.before))} → "
            f"{printable(show(change.after))}."
        )
    return out


SPAN_CHANGE_COLUMNS = [
    Column("id", "Manager"),
    Column("title", "Title"),
    Column("span_before", "Reports before", Kind.INT),
    Column("per_fte_before", "Per manager FTE before", Kind.RATIO),
    Column("band_before", "Band before"),
    Column("span_after", "Reports after", Kind.INT),
    Column("per_fte_after", "Per manager FTE after", Kind.RATIO),
    Column("band_after", "Band after"),
]


def span_changes(result: Diff, old: OrgGraph, new: OrgGraph) -> Grid:
    before = {r.id: r for r in span_rows(old, bands_of(old.structure))}
    after = {r.id: r for r in span_rows(new, bands_of(new.structure))}
    rows = []
    for change in result.spans:
        was, now = before.get(change.id), after.get(change.id)
        rows.append(
            {
                "id": change.id,
                "title": change.title,
                "span_before": change.before,
                "per_fte_before": was.reports_per_manager_fte if was else None,
                "band_before": change.band_before,
                "span_after": change.after,
                "per_fte_after": now.reports_per_manager_fte if now else None,
                "band_after": change.band_after,
            }
        )
    return grid(Table(SPAN_CHANGE_COLUMNS, rows), "Manager workloads that change")


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
) -> DecisionReport:
    """The report asking to approve the change from `old` to `new`. The
    appendix's charts show the changed posts, their managers to the top and
    the posts within `context` reporting lines of them, the rest folded
    (None: every post), on pages of `page` (landscape) as they fit.

    Raises UnknownPost when `root` is in neither structure, RenderError when
    Graphviz fails.
    """
    result = diff(old.graph, new.graph, by=by, root=root, unit=unit)
    base = ChartOptions(legend=True)
    charts = []
    changed = changed_places(result)
    sides: tuple[tuple[Side, Built], ...] = (("before", old), ("after", new))
    for side, built in sides:
        # A root only one side has draws that side whole rather than failing.
        chart_root = root if root is not None and root in built.graph.line else None
        shown = None if context is None else around(built.graph, changed, context)
        options = replace(base, root=chart_root, highlights=highlights(result, side), shown=shown)
        caption = f"{side.capitalize()}: {named(built.structure)} (changes highlighted in red)"
        charts += paged_charts(side, caption, built.graph, options, page)
    figures = [grid(t) for t in summary_tables(result.summary)]
    notes = [c.crowded for c in charts if c.crowded]
    if old.structure.grades != new.structure.grades:
        notes.append("The two structures cost grades differently; figures use each one's own.")
    return DecisionReport(
        title=printable(title or f"{new.structure.name}: proposed structure"),
        structures=[named(old.structure), named(new.structure)],
        summary=summary_sentence(result),
        posts=[
            post_rows(result.added, new.structure, "Posts created"),
            post_rows(result.removed, old.structure, "Posts deleted"),
        ],
        figures=figures,
        funding=funding_grids(new.structure),
        changes=changes_in_words(result),
        spans=span_changes(result, old.graph, new.graph),
        # The reader approves the structure after: its warnings are the ones
        # that stand; of the structure before, only the checks it fails.
        warnings=warnings_of(new) + checks(old, "Check on the structure before"),
        charts=charts,
        notes=notes,
        single=False,
        page=page,
        policy=compare_policy(old, new, rule_checks),
    )


def describe(
    built: Built,
    *,
    title: str | None = None,
    by: GroupBy = GroupBy.GRADE,
    root: str | None = None,
    page: Paper = A4,
    rule_checks: Checks | None = None,
) -> DecisionReport:
    """The single-structure report: summary, spans, cost and chart (on pages of
    `page` as it fits)."""
    structure, graph = built.structure, built.graph
    if root is not None:
        graph.post(root)
    layers = layers_summary(graph, bands_of(structure))
    cost = cost_summary(structure, by)
    total = cost.total
    summary = (
        f"{_count(total.posts, 'post')} ({cell(total.fte, Kind.FTE)} FTE) in "
        f"{_count(layers.layers, 'layer')}, with {_count(layers.managers, 'manager')}; "
        f"annual cost {cell(total.cost, Kind.MONEY)}."
    )
    rows = span_rows(graph, bands_of(structure))
    junior = any(r.junior_posts for r in rows)
    caption = f"Structure: {named(structure)}"
    charts = paged_charts("structure", caption, graph, ChartOptions(root=root), page)
    return DecisionReport(
        title=printable(title or structure.name),
        structures=[named(structure)],
        summary=summary,
        posts=[],
        figures=[grid(Table(COST_COLUMNS, [*map(asdict, cost.groups), asdict(total)]), "Cost")],
        funding=funding_grids(structure),
        changes=[],
        spans=grid(Table(span_columns(junior), [asdict(r) for r in rows]), "Managers' spans"),
        warnings=warnings_of(built),
        charts=charts,
        notes=[c.crowded for c in charts if c.crowded] + ([COLUMNS_NOTE] if junior else []),
        single=True,
        page=page,
        policy=describe_policy(built, rule_checks),
    )
