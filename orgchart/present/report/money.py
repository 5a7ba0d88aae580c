"""The report's money: where it comes from and until when, and what the
change costs over the years. Figures come from the library (cost_summary,
forecast); this module only lays them out as the report's tables.
"""

from __future__ import annotations

from orgchart.fields import TOLERANCE
from orgchart.measure import GroupBy
from orgchart.measure.forecast import forecast
from orgchart.measure.metrics import cost_summary
from orgchart.model import Post, Structure
from orgchart.money import CORE_FUNDING
from orgchart.present.formats import Column, Table
from orgchart.present.report.parts import Grid, day, grid
from orgchart.present.reports import COST_COLUMNS, forecast_report

# A decision's funding usually runs two to three years: show one past it.
FORECAST_YEARS = 4


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
