"""Metrics as Reports: the tables people read and the JSON programs read."""

from __future__ import annotations

from dataclasses import asdict

from orgchart.formats import Column, Kind, Report, Table
from orgchart.metrics import BAND_LABELS, CostSummary, LayersSummary, SpanRow

SPAN_COLUMNS = [
    Column("id", "Post"),
    Column("title", "Title"),
    Column("layer", "Layer", Kind.INT),
    Column("direct_reports", "Reports", Kind.INT),
    Column("direct_fte", "Reports FTE", Kind.FTE),
    Column("manager_fte", "Manager FTE", Kind.FTE),
    Column("reports_per_manager_fte", "Per manager FTE", Kind.RATIO),
    Column("total_reports", "All below", Kind.INT),
    Column("band", "Band"),
]


def span_report(rows: list[SpanRow]) -> Report:
    data = [asdict(r) for r in rows]
    return Report([Table(SPAN_COLUMNS, data)], data)


def layers_report(summary: LayersSummary) -> Report:
    layer_rows = [asdict(r) for r in summary.rows]
    bands = [{"band": b, "share": summary.bands[b]} for b in BAND_LABELS]

    def ratio(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    stats = [
        {"measure": "layers", "value": str(summary.layers)},
        {"measure": "managers", "value": str(summary.managers)},
        {"measure": "mean span", "value": ratio(summary.mean_span)},
        {"measure": "median span", "value": ratio(summary.median_span)},
    ]
    data = {
        "layers": layer_rows,
        "layer_count": summary.layers,
        "managers": summary.managers,
        "mean_span": summary.mean_span,
        "median_span": summary.median_span,
        "bands": summary.bands,
    }
    return Report(
        [
            Table(
                [
                    Column("layer", "Layer", Kind.INT),
                    Column("posts", "Posts", Kind.INT),
                    Column("fte", "FTE", Kind.FTE),
                ],
                layer_rows,
            ),
            Table([Column("measure", "Measure"), Column("value", "Value")], stats),
            Table([Column("band", "Span band"), Column("share", "Managers", Kind.SHARE)], bands),
        ],
        data,
    )


COST_COLUMNS = [
    Column("key", "Group"),
    Column("posts", "Posts", Kind.INT),
    Column("fte", "FTE", Kind.FTE),
    Column("cost", "Annual cost", Kind.MONEY),
]


def cost_notes(summary: CostSummary) -> list[str]:
    notes = []
    if summary.estimated:
        notes.append(
            f"{len(summary.estimated)} post(s) costed as an estimate: pay band midpoint x FTE."
        )
    if summary.uncosted:
        notes.append(f"{len(summary.uncosted)} post(s) have no cost and are left out of the cost.")
    return notes


def cost_report(summary: CostSummary) -> Report:
    total = asdict(summary.total)
    groups = [asdict(g) for g in summary.groups]
    data = {
        "total": {k: total[k] for k in ("posts", "fte", "cost")},
        "groups": groups,
        "estimated": summary.estimated,
        "uncosted": summary.uncosted,
    }
    return Report([Table(COST_COLUMNS, [*groups, total])], data, cost_notes(summary))
