"""Managers' workloads: span of control, layers, FTE and cost."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from orgchart.fields import TOLERANCE
from orgchart.measure import GroupBy
from orgchart.money import CORE_FUNDING, cost_of, total

if TYPE_CHECKING:
    # Only a type here: the columnar commands use these rows without networkx.
    from orgchart.graph import OrgGraph
    from orgchart.model import Post, Structure

DEFAULT_BANDS: tuple[float, ...] = (1, 3, 7, 12, 16)
BAND_LABELS: tuple[str, ...] = (
    "one-to-one",
    "micro team",
    "below target",
    "on target",
    "above target",
    "excessive",
)
TARGET_BAND = "on target"
# Said once wherever an organogram's spans are shown (span, layers, check, the report).
JUNIOR_NOTE = (
    "Organogram: a span counts the senior posts reporting to a post, not the junior "
    "staff published under it, who are not its direct reports."
)
NO_KEY = "(none)"


def band_for(per_manager_fte: float, bounds: Sequence[float] = DEFAULT_BANDS) -> str:
    for bound, label in zip(bounds, BAND_LABELS, strict=False):
        if per_manager_fte <= bound:
            return label
    return BAND_LABELS[-1]


def bands_of(structure: Structure, override: Sequence[float] | None = None) -> tuple[float, ...]:
    """The span bands in force: the caller's, else the file's `span_bands`, else the default."""
    return tuple(override or structure.span_bands or DEFAULT_BANDS)


@dataclass(frozen=True)
class SpanRow:
    id: str
    title: str
    grade: str | None
    unit: str | None
    layer: int
    direct_reports: int
    direct_fte: float
    manager_fte: float
    reports_per_manager_fte: float
    total_reports: int
    band: str | None  # None: junior staff only, no span to band
    # Junior staff published under the post (organograms): beneath it, not in its span.
    junior_posts: int = 0
    junior_fte: float = 0.0


def in_span(post: Post) -> bool:
    """Whether a post reporting in line counts in its manager's span: an
    assistant sits beside the manager, and junior staff are published under a
    senior post for the record, not as its direct reports."""
    return not (post.assistant or post.junior)


def direct_reports(graph: OrgGraph, post_id: str) -> int:
    """A manager's span: the posts reporting to it in line, a group of N
    counting N, assistants and junior staff not counted."""
    return sum(
        graph.post(r).count for r in graph.line.successors(post_id) if in_span(graph.post(r))
    )


def span_band(graph: OrgGraph, post_id: str, bounds: Sequence[float]) -> str | None:
    """The band of a manager's span per FTE of the manager; None for no reports."""
    direct = direct_reports(graph, post_id)
    return band_for(direct / graph.post(post_id).total_fte, bounds) if direct else None


def span_rows(graph: OrgGraph, bands: Sequence[float] | None = None) -> list[SpanRow]:
    """One row per manager (a post with line reports other than assistants, or
    with junior staff under it), by layer then id.

    Bands are the file's own unless `bands` overrides them."""
    bounds = bands_of(graph.structure, bands)
    rows = []
    layers = graph.layers
    below = graph.headcount_below
    for node in graph.line.nodes:
        reports = [graph.post(r) for r in graph.line.successors(node)]
        counted = [r for r in reports if in_span(r)]
        juniors = [r for r in reports if r.junior]
        if not counted and not juniors:
            continue
        post = graph.post(node)
        direct = sum(r.count for r in counted)
        per_fte = direct / post.total_fte
        rows.append(
            SpanRow(
                id=post.id,
                title=post.title,
                grade=post.grade,
                unit=post.unit,
                layer=layers[node],
                direct_reports=direct,
                direct_fte=round(sum(r.total_fte for r in counted), 6),
                manager_fte=post.total_fte,
                reports_per_manager_fte=round(per_fte, 6),
                total_reports=below[node],
                band=band_for(per_fte, bounds) if direct else None,
                junior_posts=sum(r.count for r in juniors),
                junior_fte=round(total(r.total_fte for r in juniors), 6),
            )
        )
    rows.sort(key=lambda r: (r.layer, r.id))
    return rows


@dataclass(frozen=True)
class LayerRow:
    layer: int
    posts: int
    fte: float
    # Junior staff beneath the layer's senior posts (organograms), apart from its posts.
    junior_posts: int = 0
    junior_fte: float = 0.0


@dataclass(frozen=True)
class LayersSummary:
    rows: list[LayerRow]
    layers: int
    managers: int
    mean_span: float | None
    median_span: float | None
    bands: dict[str, float]  # band -> share of managers
    band_managers: dict[str, int]  # band -> managers in it


@dataclass
class _Layer:
    """A layer's posts and FTE as they are added up: its own, and the junior staff beneath."""

    posts: int = 0
    fte: list[float] = field(default_factory=list)
    junior_posts: int = 0
    junior_fte: list[float] = field(default_factory=list)


def layers_summary(graph: OrgGraph, bands: Sequence[float] | None = None) -> LayersSummary:
    """Posts and FTE by layer, and the managers' spans. Junior staff count
    beneath their senior post's layer, not as a layer of their own."""
    layers: dict[int, _Layer] = {}
    for node, layer in graph.layers.items():
        post = graph.post(node)
        if post.junior:
            beneath = layers.setdefault(layer - 1, _Layer())
            beneath.junior_posts += post.count
            beneath.junior_fte.append(post.total_fte)
        else:
            own = layers.setdefault(layer, _Layer())
            own.posts += post.count
            own.fte.append(post.total_fte)
    rows = [
        LayerRow(k, v.posts, round(total(v.fte), 6), v.junior_posts, round(total(v.junior_fte), 6))
        for k, v in sorted(layers.items())
    ]
    spans = [r for r in span_rows(graph, bands) if r.band is not None]
    return summary_of_layers(rows, [r.direct_reports for r in spans], [r.band or "" for r in spans])


def summary_of_layers(
    rows: list[LayerRow], spans: Sequence[int], bands: Sequence[str]
) -> LayersSummary:
    """The layers' rows with the managers' spans (each manager's direct reports,
    and its band): how many, their mean and median, the share in each band."""
    tally = Counter(bands)
    managers = len(spans)
    return LayersSummary(
        rows=rows,
        layers=len(rows),
        managers=managers,
        mean_span=round(statistics.fmean(spans), 6) if managers else None,
        median_span=float(statistics.median(spans)) if managers else None,
        bands={k: round(tally[k] / managers, 6) if managers else 0.0 for k in BAND_LABELS},
        band_managers={k: tally[k] for k in BAND_LABELS},
    )


@dataclass(frozen=True)
class CostLine:
    key: str
    posts: int
    fte: float
    cost: float
    # What a total counts, where it is not every post: "senior posts only".
    # Presenters label a total with it (present.reports.labelled).
    counts: str | None = None


def counted(structure: Structure) -> str | None:
    """What a structure's totals count, where they are not of every post."""
    return "senior posts only" if structure.senior_only else None


@dataclass(frozen=True)
class CostSummary:
    total: CostLine
    groups: list[CostLine]
    uncosted: list[str]  # ids of posts with no cost, left out of the cost figures
    estimated: list[str]  # ids of posts costed from a pay band
    # groups none of whose posts has a cost: their cost is not known, not £0
    undisclosed: list[str] = field(default_factory=list)


@dataclass
class Sums:
    """A group's posts, FTE and cost as they are added up."""

    posts: int = 0
    fte: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)

    def add(self, posts: int, fte: float, cost: float) -> None:
        self.posts += posts
        self.fte.append(fte)
        self.cost.append(cost)

    def line(self, key: str) -> CostLine:
        return CostLine(key, self.posts, round(total(self.fte), 6), round(total(self.cost), 2))


def _shares(post: Post, by: GroupBy | None) -> Iterable[tuple[str, float]]:
    """The groups a post falls in, each with the share of its FTE and cost there."""
    if by is None:
        return [("", 1.0)]
    if by is GroupBy.FUNDING:
        shares = sorted(post.funding.items())
        rest = 1 - sum(post.funding.values())
        if rest > TOLERANCE:
            shares.append((CORE_FUNDING, rest))
        return shares
    value = {GroupBy.GRADE: post.grade, GroupBy.UNIT: post.unit, GroupBy.STATUS: post.status}[by]
    return [(str(value) if value is not None else NO_KEY, 1.0)]


def cost_summary(
    structure: Structure, by: GroupBy | None = None, posts: Iterable[Post] | None = None
) -> CostSummary:
    """Posts, FTE and annual cost in total and by group.

    With funding, FTE and cost are split by share and a post counts in each
    source it draws on, so the groups' posts may add up to more than the total.
    """
    chosen = list(structure.posts if posts is None else posts)
    groups: dict[str, Sums] = {}
    every = Sums()
    uncosted, estimated = [], []
    costed: set[str] = set()
    for post in chosen:
        cost = cost_of(post, structure.grades)
        if cost.value is None:
            uncosted.append(post.id)
        if cost.estimated:
            estimated.append(post.id)
        value = cost.value or 0.0
        every.add(post.count, post.total_fte, value)
        if by is None:
            continue
        for key, share in _shares(post, by):
            groups.setdefault(key, Sums()).add(post.count, post.total_fte * share, value * share)
            if cost.value is not None:
                costed.add(key)
    return CostSummary(
        total=replace(every.line("total"), counts=counted(structure)),
        groups=[v.line(k) for k, v in sorted(groups.items())],
        uncosted=sorted(uncosted),
        estimated=sorted(estimated),
        undisclosed=sorted(groups.keys() - costed),
    )
