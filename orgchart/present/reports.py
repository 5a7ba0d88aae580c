"""Metrics as Reports: the tables people read and the JSON programs read."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from orgchart.measure.metrics import CostLine, CostSummary
from orgchart.present.formats import Column, Report, Table
from orgchart.text import Kind

if TYPE_CHECKING:
    # Types only: span, layers and cost on a million posts need no networkx.
    from orgchart.measure.forecast import Forecast


def fields(row: object) -> dict[str, Any]:
    """A dataclass's fields as a dict. Not asdict: that copies deeply, ten times as
    slowly, and a report of a restructure of a million posts has 100,000 rows."""
    return dict(vars(row))


COST_COLUMNS = [
    Column("key", "Group"),
    Column("posts", "Posts", Kind.INT),
    Column("fte", "FTE", Kind.FTE),
    Column("cost", "Annual cost", Kind.MONEY),
]


def cost_notes(estimated: list[str], uncosted: list[str]) -> list[str]:
    notes = []
    if estimated:
        notes.append(f"{len(estimated)} post(s) costed as an estimate: pay band midpoint x FTE.")
    if uncosted:
        notes.append(f"{len(uncosted)} post(s) have no cost and are left out of the cost.")
    return notes


def labelled(name: str, line: CostLine) -> str:
    """A total's label, saying what it counts where that is not every post:
    the one place totals are labelled."""
    return f"{name} ({line.counts})" if line.counts else name


def totals(line: CostLine) -> dict[str, object]:
    """A total as data: posts, FTE and cost, and what it counts where that is
    not every post (JSON's "counts": "senior posts only")."""
    counts = {"counts": line.counts} if line.counts else {}
    return {"posts": line.posts, "fte": line.fte, "cost": line.cost, **counts}


def cost_report(summary: CostSummary) -> Report:
    total = {**asdict(summary.total), "key": labelled("total", summary.total)}
    # A group whose pay nobody disclosed has no known cost: null, never £0.
    groups = [
        {**asdict(g), "cost": None if g.key in summary.undisclosed else g.cost}
        for g in summary.groups
    ]
    data = {
        "total": totals(summary.total),
        "groups": groups,
        "estimated": summary.estimated,
        "uncosted": summary.uncosted,
    }
    return Report(
        [Table(COST_COLUMNS, [*groups, total])],
        data,
        cost_notes(summary.estimated, summary.uncosted),
    )


def forecast_report(result: Forecast) -> Report:
    """A row per financial year, a column per payer (or group); then the funding cliffs."""
    keys = result.keys
    # Row keys are prefixed so that a group called "year" or "total" cannot clash.
    columns = [
        Column("year", "Year"),
        *(Column(f"group:{k}", k, Kind.MONEY) for k in keys),
        Column("total", "Total", Kind.MONEY),
    ]
    rows = [
        {
            "year": y.year.label,
            **{f"group:{k}": y.groups.get(k, 0.0) for k in keys},
            "total": y.total,
        }
        for y in result.years
    ]
    cliff_rows = [
        {
            "source": c.source,
            "end": c.end.isoformat(),
            "posts": c.count,
            "annual_cost": c.annual_cost,
        }
        for c in result.cliffs
    ]
    tables = [Table(columns, rows)]
    if cliff_rows:
        cliff_columns = [
            Column("source", "Funding ends"),
            Column("end", "On"),
            Column("posts", "Posts going on", Kind.INT),
            Column("annual_cost", "Unfunded a year", Kind.MONEY),
        ]
        tables.append(Table(cliff_columns, cliff_rows, title="Funding cliffs"))
    data = {
        "years": [
            {
                "year": y.year.label,
                "start": y.year.start.isoformat(),
                "end": y.year.end.isoformat(),
                "total": y.total,
                "groups": [{"key": k, "cost": v} for k, v in y.groups.items()],
            }
            for y in result.years
        ],
        "cliffs": [
            {
                "source": c.source,
                "end": c.end.isoformat(),
                "posts": c.posts,
                "annual_cost": c.annual_cost,
            }
            for c in result.cliffs
        ],
        "warnings": result.warnings,
    }
    return Report(tables, data, cost_notes(result.estimated, result.uncosted))
