"""Metrics as Reports: the tables people read and the JSON programs read."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from orgchart.measure.metrics import CostLine, CostSummary
from orgchart.present.formats import Column, Report, Table
from orgchart.text import Kind, difference, show

if TYPE_CHECKING:
    # Types only: span, layers and cost on a million posts need no networkx.
    from orgchart.compare.diff import Diff, Summary
    from orgchart.measure.forecast import Forecast
    from orgchart.model import Post


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


def cost_report(summary: CostSummary) -> Report:
    total = {**asdict(summary.total), "key": labelled("total", summary.total)}
    # A group whose pay nobody disclosed has no known cost: null, never £0.
    groups = [
        {**asdict(g), "cost": None if g.key in summary.undisclosed else g.cost}
        for g in summary.groups
    ]
    data = {
        "total": {k: total[k] for k in ("posts", "fte", "cost")},
        "groups": groups,
        "estimated": summary.estimated,
        "uncosted": summary.uncosted,
    }
    return Report(
        [Table(COST_COLUMNS, [*groups, total])],
        data,
        cost_notes(summary.estimated, summary.uncosted),
    )


def diff_report(result: Diff) -> Report:
    from orgchart.model import post_record  # a diff has posts; the measures need no model

    changes = result.changed
    summary = result.summary
    data: dict[str, Any] = {
        "added": [post_record(p) for p in result.added],
        "removed": [post_record(p) for p in result.removed],
        "moved": [
            {"id": m.id, "from": m.before, "to": m.after, "with_reports": m.with_reports}
            for m in result.moved
        ],
        "changed": [fields(c) for c in changes],
        "matched": [fields(m) for m in result.matched],
        "spans": [fields(s) for s in result.spans],
        "summary": {
            "before": _totals(summary.before),
            "after": _totals(summary.after),
            "delta": _totals(summary.delta),
        },
    }
    if summary.part_year is not None:
        part = summary.part_year
        data["summary"]["part_year"] = {
            "year": part.year,
            "start": part.start.isoformat(),
            "end": part.end.isoformat(),
            "before": part.before,
            "after": part.after,
            "delta": part.delta,
        }
    if summary.by is not None:
        data["summary"]["by"] = [
            {
                "key": g.key,
                "before": _totals(g.before),
                "after": _totals(g.after),
                "delta": _totals(g.delta),
            }
            for g in summary.by
        ]
    rows: list[dict[str, Any]] = [
        {
            "change": f"matched by {m.by}",
            "id": m.after,
            "title": result.titles.get(m.after),
            "field": "id",
            "before": m.before,
            "after": m.after,
        }
        for m in result.matched
    ]
    for post in result.added:
        rows.append(
            {
                "change": "added",
                "id": post.id,
                "title": post.title,
                "after": describe(post, result.source_ends),
            }
        )
    for post in result.removed:
        rows.append(
            {
                "change": "removed",
                "id": post.id,
                "title": post.title,
                "before": describe(post, result.source_ends),
            }
        )
    for move in result.moved:
        rows.append(
            {
                "change": "moved",
                "id": move.id,
                "title": result.titles.get(move.id),
                "field": "reports_to",
                "before": move.before,
                "after": move.after,
                "with_reports": move.with_reports,
            }
        )
    for change in changes:
        rows.append(
            {
                "change": "changed",
                "id": change.id,
                "title": result.titles.get(change.id),
                "field": change.field,
                "before": show(change.before),
                "after": show(change.after),
            }
        )
    changes_table = Table(
        [
            Column("change", "Change"),
            Column("id", "Post"),
            Column("title", "Title"),
            Column("field", "Field"),
            Column("before", "Before"),
            Column("after", "After"),
            Column("with_reports", "With reports", Kind.INT),
        ],
        rows,
        "Changes",
    )
    spans_table = Table(
        [
            Column("id", "Manager"),
            Column("title", "Title"),
            Column("before", "Reports before", Kind.INT),
            Column("band_before", "Band before"),
            Column("after", "Reports after", Kind.INT),
            Column("band_after", "Band after"),
        ],
        data["spans"],
        "Spans that changed",
    )
    return Report([changes_table, spans_table, *summary_tables(summary)], data)


def describe(post: Post, source_ends: dict[str, dt.date] | None = None) -> str:
    """A post in a few words: grade, FTE, a group's count, a status other than filled,
    its end date, and the end of each funding source that has one."""
    parts = [p for p in (post.grade, f"{post.total_fte:.2f} FTE") if p]
    if post.count > 1:
        parts.insert(0, f"{post.count} posts")
    if post.status.value != "filled":
        parts.append(post.status.value.replace("_", " "))
    if post.end_date is not None:
        parts.append(f"to {post.end_date}")
    for code in sorted(post.funding):
        if source_ends and code in source_ends:
            parts.append(f"{code} funding to {source_ends[code]}")
    return ", ".join(parts)


def _totals(line: CostLine) -> dict[str, Any]:
    return {"posts": line.posts, "fte": line.fte, "cost": line.cost}


def summary_tables(summary: Summary) -> list[Table]:
    """The seed report's table: before, after and the difference; then per group."""
    money = [
        Column("posts", "Posts", Kind.INT),
        Column("fte", "FTE", Kind.FTE),
        Column("cost", "Annual cost", Kind.MONEY),
    ]
    before, after = _totals(summary.before), _totals(summary.after)
    # Each difference is the figures' as printed, so that the table adds up as it reads.
    change = {c.key: difference(before[c.key], after[c.key], c.kind) for c in money}
    lines = [
        ("Before", before, summary.before),
        ("After", after, summary.after),
        ("Difference", change, summary.delta),
    ]
    tables = [
        Table(
            [Column("key", "Structure"), *money],
            [{**line, "key": labelled(name, counted)} for name, line, counted in lines],
            "Summary",
        )
    ]
    if summary.part_year is not None:
        part = summary.part_year
        tables.append(
            Table(
                [
                    Column("key", "Effect"),
                    Column("period", "Period"),
                    Column("before", "Cost before", Kind.MONEY),
                    Column("after", "Cost after", Kind.MONEY),
                    Column("delta", "Difference", Kind.MONEY),
                ],
                [
                    {
                        "key": "Full year",
                        "period": "a year",
                        "before": summary.before.cost,
                        "after": summary.after.cost,
                        "delta": change["cost"],
                    },
                    {
                        "key": f"Part year {part.year}",
                        "period": f"{part.start} to {part.end}",
                        "before": part.before,
                        "after": part.after,
                        "delta": difference(part.before, part.after, Kind.MONEY),
                    },
                ],
                "Full-year and part-year effect",
            )
        )
    if summary.by is not None:
        tables.append(
            Table(
                [
                    Column("key", "Group"),
                    Column("fte_before", "FTE before", Kind.FTE),
                    Column("fte_after", "FTE after", Kind.FTE),
                    Column("fte_delta", "FTE change", Kind.FTE),
                    Column("cost_before", "Cost before", Kind.MONEY),
                    Column("cost_after", "Cost after", Kind.MONEY),
                    Column("cost_delta", "Cost change", Kind.MONEY),
                ],
                [
                    {
                        "key": g.key,
                        "fte_before": g.before.fte,
                        "fte_after": g.after.fte,
                        "fte_delta": difference(g.before.fte, g.after.fte, Kind.FTE),
                        "cost_before": g.before.cost,
                        "cost_after": g.after.cost,
                        "cost_delta": difference(g.before.cost, g.after.cost, Kind.MONEY),
                    }
                    for g in summary.by
                ],
                "Summary by group",
            )
        )
    return tables


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
