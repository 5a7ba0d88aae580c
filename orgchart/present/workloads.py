"""Managers' workloads as Reports: the span table (a row per manager) and the
layers summary, with an organogram's junior staff in columns of their own."""

from __future__ import annotations

from dataclasses import asdict

from orgchart.measure.metrics import BAND_LABELS, JUNIOR_NOTE, LayersSummary, SpanRow
from orgchart.present.formats import Column, Report, Table
from orgchart.present.reports import fields
from orgchart.text import Kind

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


JUNIOR_COLUMNS = [
    Column("junior_posts", "Junior staff", Kind.INT),
    Column("junior_fte", "Junior FTE", Kind.FTE),
]
JUNIOR_KEYS = tuple(c.key for c in JUNIOR_COLUMNS)


# Under the span and layers tables, once.
COLUMNS_NOTE = (
    JUNIOR_NOTE + " Junior staff are shown beneath each senior post in columns of their own."
)


def span_columns(junior: bool) -> list[Column]:
    """The span table's columns, with the junior staff's where there are any."""
    return SPAN_COLUMNS[:-1] + JUNIOR_COLUMNS + SPAN_COLUMNS[-1:] if junior else SPAN_COLUMNS


RULE_COLUMN = Column("span_rule", "Span rule")


def span_report(rows: list[SpanRow], breaches: dict[str, str] | None = None) -> Report:
    """The span table; with `breaches` (a span rule in force), why each manager breaks it."""
    junior = any(r.junior_posts for r in rows)
    data = [fields(r) for r in rows]
    if not junior:
        data = [{k: v for k, v in row.items() if k not in JUNIOR_KEYS} for row in data]
    columns = span_columns(junior)
    if breaches is not None:
        data = [{**row, "span_rule": breaches.get(row["id"])} for row in data]
        columns = [*columns, RULE_COLUMN]
    return Report([Table(columns, data)], data, [COLUMNS_NOTE] if junior else [])


def layers_report(summary: LayersSummary, outside: list[tuple[str, int]] | None = None) -> Report:
    """The layers summary; `outside` is, for each span rule in force, its
    threshold and how many managers break it."""
    junior = any(r.junior_posts for r in summary.rows)
    layer_rows = [asdict(r) for r in summary.rows]
    if not junior:
        layer_rows = [{k: v for k, v in row.items() if k not in JUNIOR_KEYS} for row in layer_rows]
    bands = [{"band": b, "share": summary.bands[b]} for b in BAND_LABELS]

    def ratio(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    stats = [
        {"measure": "layers", "value": str(summary.layers)},
        {"measure": "managers", "value": str(summary.managers)},
        {"measure": "mean span", "value": ratio(summary.mean_span)},
        {"measure": "median span", "value": ratio(summary.median_span)},
    ]
    rules = [
        {"threshold": threshold, "outside": count, "managers": summary.managers}
        for threshold, count in outside or []
    ]
    stats += [
        {
            "measure": f"outside the span rule ({r['threshold']})",
            "value": f"{r['outside']} of {r['managers']}",
        }
        for r in rules
    ]
    data = {
        "layers": layer_rows,
        "layer_count": summary.layers,
        "managers": summary.managers,
        "mean_span": summary.mean_span,
        "median_span": summary.median_span,
        "bands": summary.bands,
    }
    if outside is not None:
        data["span_rules"] = rules
    columns = [
        Column("layer", "Layer", Kind.INT),
        Column("posts", "Posts", Kind.INT),
        Column("fte", "FTE", Kind.FTE),
    ]
    return Report(
        [
            Table(columns + (JUNIOR_COLUMNS if junior else []), layer_rows),
            Table([Column("measure", "Measure"), Column("value", "Value")], stats),
            Table([Column("band", "Span band"), Column("share", "Managers", Kind.SHARE)], bands),
        ],
        data,
        [COLUMNS_NOTE] if junior else [],
    )
