"""The report's money: where it comes from and until when, and what the
change costs over the years. Figures come from the library (cost_summary,
forecast); this module only lays them out as the report's tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from orgchart.compare.diff import Diff
from orgchart.fields import TOLERANCE
from orgchart.measure import GroupBy
from orgchart.measure.forecast import YearChange, forecast
from orgchart.measure.metrics import cost_summary
from orgchart.model import Post, Structure
from orgchart.money import CORE_FUNDING, cost_of
from orgchart.present.formats import Column, Table
from orgchart.present.report.parts import Grid, day, grid
from orgchart.present.reports import COST_COLUMNS, forecast_report
from orgchart.text import Kind, cell, difference, printable, show

# A decision's funding usually runs two to three years: show one past it.
FORECAST_YEARS = 4


def funding_grids(
    structure: Structure,
    posts: list[Post] | None = None,
    *,
    first: str | None = None,
    years: int = FORECAST_YEARS,
    timeline: Structure | None = None,
) -> list[Grid]:
    """Where the money comes from and until when: cost by funding source with the
    source's last day; then, from the year `first` (default: the structure's
    date's) where there is one, who pays in each financial year, and the
    funding cliffs: sources that end while their posts go on. With a
    `timeline` (a proposal's: each version of each post for its days), the
    years cost it, from the year of its date."""
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
    if first is not None or structure.date is not None:
        made = forecast(structure, first=first, years=years, timeline=timeline)
        tables = forecast_report(made).tables
        grids.append(grid(tables[0], "Cost by financial year and who pays"))
        grids += [grid(t, "Funding cliffs") for t in tables[1:]]
    return grids


YEAR_COLUMNS = [
    Column("year", "Year"),
    Column("before", "Before", Kind.MONEY),
    Column("after", "After", Kind.MONEY),
    Column("change", "Change", Kind.MONEY),
]


def years_grid(changes: list[YearChange]) -> Grid:
    """Each financial year's cost without the change, with it, and the change."""
    rows = [
        {
            "year": c.year.label,
            "before": c.before,
            "after": c.after,
            "change": difference(c.before, c.after, Kind.MONEY),
        }
        for c in changes
    ]
    return grid(Table(YEAR_COLUMNS, rows), "Cost by financial year: before, after and change")


# Fields whose change changes what a post costs, and how each is named and shown.
COSTED = {
    "grade": ("grade", Kind.TEXT),
    "fte": ("FTE", Kind.FTE),
    "count": ("posts", Kind.INT),
    "cost": ("cost", Kind.MONEY),
    "pay_min": ("pay floor", Kind.MONEY),
    "pay_max": ("pay ceiling", Kind.MONEY),
}


@dataclass(frozen=True)
class CostEffect:
    """A post regraded, or changed in FTE or cost, and what it costs a year."""

    id: str
    title: str
    change: str  # "grade PO4 → PO6, FTE 1.00 → 0.50"
    before: float | None  # None: not known
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return difference(self.before, self.after, Kind.MONEY)

    @property
    def phrase(self) -> str:
        """The effect in words: '+£6,120 a year'."""
        if self.delta is None:
            return "cost not known"
        if self.delta == 0:
            return "no change in cost"
        sign = "+" if self.delta > 0 else "\N{MINUS SIGN}"
        return f"{sign}{cell(abs(self.delta), Kind.MONEY)} a year"


def _shown(value: object, kind: Kind) -> str:
    if value is None or kind is Kind.TEXT:
        return printable(show(value))
    return cell(value, kind)


def cost_effects(result: Diff, before: Structure, after: Structure) -> list[CostEffect]:
    """Each post whose grade, FTE, count, cost or pay band changed, with its
    annual cost before and after (each structure's own grades), by post id."""
    fields: dict[str, list[str]] = {}
    for change in result.changed:
        if change.field in COSTED:
            name, kind = COSTED[change.field]
            shown = f"{name} {_shown(change.before, kind)} → {_shown(change.after, kind)}"
            fields.setdefault(change.id, []).append(shown)
    if not fields:
        return []
    # A post paired under another id is found in the structure before by that id.
    was = {m.after: m.before for m in result.matched}
    old = {p.id: p for p in before.posts}
    new = {p.id: p for p in after.posts}
    return [
        CostEffect(
            post_id,
            printable(new[post_id].title),
            ", ".join(changes),
            cost_of(old[was.get(post_id, post_id)], before.grades).value,
            cost_of(new[post_id], after.grades).value,
        )
        for post_id, changes in sorted(fields.items())
    ]


EFFECT_COLUMNS = [
    Column("id", "Post"),
    Column("title", "Title"),
    Column("change", "Change"),
    Column("before", "Cost before", Kind.MONEY),
    Column("after", "Cost after", Kind.MONEY),
    Column("delta", "Change a year", Kind.MONEY),
]


def effects_grid(effects: list[CostEffect]) -> Grid:
    rows = [
        {
            "id": e.id,
            "title": e.title,
            "change": e.change,
            "before": e.before,
            "after": e.after,
            "delta": e.delta,
        }
        for e in effects
    ]
    return grid(Table(EFFECT_COLUMNS, rows), "Posts regraded or changed in FTE")
