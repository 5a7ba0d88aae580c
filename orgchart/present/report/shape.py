"""The report's workloads: managers per span band and posts per layer,
before and after, as plots with the same figures as tables; and the
managers whose workload changes.

Span bands and layers are measured once, by measure.metrics.layers_summary
(the one home of the bands); this module only arranges its figures. The
share of managers in each band is how organisation designers read spans.
"""

from __future__ import annotations

from orgchart.compare.diff import Diff
from orgchart.graph import OrgGraph
from orgchart.measure.metrics import (
    BAND_LABELS,
    LayersSummary,
    bands_of,
    layers_summary,
    span_rows,
)
from orgchart.present.formats import Column, Table
from orgchart.present.report.parts import Grid, Plot, Series, count, grid
from orgchart.text import Kind, cell


def workload_plots(sides: list[tuple[str, OrgGraph]]) -> list[Plot]:
    """Managers per span band and posts per layer, one series per side
    ("Before", "After"; or "Structure" alone)."""
    summaries = [(label, layers_summary(g, bands_of(g.structure))) for label, g in sides]
    return [_bands(summaries), _layers(summaries)]


def _bands(summaries: list[tuple[str, LayersSummary]]) -> Plot:
    columns = [Column("band", "Span band")]
    rows: list[dict[str, object]] = [{"band": band} for band in BAND_LABELS]
    series, words = [], []
    for n, (label, summary) in enumerate(summaries):
        columns += [
            Column(f"managers{n}", f"Managers {label.lower()}", Kind.INT),
            Column(f"share{n}", f"Share {label.lower()}", Kind.SHARE),
        ]
        for row, band in zip(rows, BAND_LABELS, strict=True):
            row[f"managers{n}"] = summary.band_managers[band]
            row[f"share{n}"] = summary.bands[band]
        managers = count(summary.managers, "manager")
        series.append(Series(f"{label} ({managers})", [summary.bands[b] for b in BAND_LABELS]))
        shares = ", ".join(f"{b} {cell(summary.bands[b], Kind.SHARE)}" for b in BAND_LABELS)
        words.append(f"{label.lower()}, {managers}: {shares}")
    caption = "Managers by span band" + (", before and after" if len(summaries) > 1 else "")
    return Plot(
        name="spans",
        caption=caption,
        alt=f"Bar chart: share of managers in each span band; {'; '.join(words)}.",
        categories=list(BAND_LABELS),
        series=series,
        percent=True,
        axis="Share of managers",
        across="Span band (reports per manager FTE)",
        table=grid(Table(columns, rows), f"{caption}: the figures"),
    )


def _layers(summaries: list[tuple[str, LayersSummary]]) -> Plot:
    layers = sorted({r.layer for _, s in summaries for r in s.rows})
    columns = [Column("layer", "Layer", Kind.INT)]
    rows: list[dict[str, object]] = [{"layer": layer} for layer in layers]
    series, words = [], []
    for n, (label, summary) in enumerate(summaries):
        posts = {r.layer: r.posts for r in summary.rows}
        columns.append(Column(f"posts{n}", f"Posts {label.lower()}", Kind.INT))
        for row, layer in zip(rows, layers, strict=True):
            row[f"posts{n}"] = posts.get(layer, 0)
        series.append(Series(label, [float(posts.get(layer, 0)) for layer in layers]))
        each = ", ".join(f"layer {k} {cell(posts.get(k, 0), Kind.INT)}" for k in layers)
        words.append(f"{label.lower()}: {each}")
    caption = "Posts by layer" + (", before and after" if len(summaries) > 1 else "")
    return Plot(
        name="layers",
        caption=caption,
        alt=f"Bar chart: posts in each layer (layer 1 is the top); {'; '.join(words)}.",
        categories=[str(layer) for layer in layers],
        series=series,
        percent=False,
        axis="Posts",
        across="Layer (1 is the top)",
        table=grid(Table(columns, rows), f"{caption}: the figures"),
    )


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
    """Each manager whose reports, reports per manager FTE or band changed."""
    before = {r.id: r for r in span_rows(old, bands_of(old.structure))}
    after = {r.id: r for r in span_rows(new, bands_of(new.structure))}
    rows = []
    for change in result.spans:
        was, now = before.get(change.id), after.get(change.id)
        # Reports moved in and out in equal numbers leave a workload as it was.
        per_fte = [r.reports_per_manager_fte if r else None for r in (was, now)]
        if (change.before or 0, change.band_before, per_fte[0]) == (
            change.after or 0,
            change.band_after,
            per_fte[1],
        ):
            continue
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
