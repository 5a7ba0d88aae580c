"""What a restructure changes: posts added, removed, moved and changed, spans, and cost.

Posts are matched by id. A post that changes manager is one move, and the
posts below it that go with it are counted in that move, not moved again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from orgchart.compare.matching import Match, match_posts, renamed, renumbered, shared_ids
from orgchart.errors import UnknownPost
from orgchart.fields import POST_FIELDS
from orgchart.measure import GroupBy
from orgchart.measure.metrics import (
    CostLine,
    bands_of,
    cost_summary,
    direct_reports,
    span_band,
)
from orgchart.model import Post, Structure
from orgchart.money import cost_between, source_ends, year_of, year_start_of

if TYPE_CHECKING:
    from orgchart.graph import OrgGraph

# Fields reported as changes; reports_to is reported as a move.
COMPARED = tuple(f for f in POST_FIELDS if f not in ("id", "reports_to"))


@dataclass(frozen=True)
class Move:
    id: str
    before: str | None  # manager before; None for a top post
    after: str | None
    with_reports: int  # posts below it before and after (a group of k counts k)


@dataclass(frozen=True)
class Change:
    id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SpanChange:
    id: str
    title: str
    before: int | None  # direct reports; None where the post is not there
    after: int | None
    band_before: str | None
    band_after: str | None


@dataclass(frozen=True)
class GroupDelta:
    key: str
    before: CostLine
    after: CostLine
    delta: CostLine


@dataclass(frozen=True)
class PartYear:
    """The change's effect on cost from the day it takes effect to its year's end."""

    year: str  # the financial year, such as 2022/23
    start: dt.date  # the day the change takes effect
    end: dt.date  # the last day of that financial year
    before: float
    after: float
    delta: float


@dataclass(frozen=True)
class Summary:
    before: CostLine
    after: CostLine
    delta: CostLine
    by: list[GroupDelta] | None = None
    part_year: PartYear | None = None


@dataclass(frozen=True)
class Diff:
    added: list[Post]
    removed: list[Post]
    moved: list[Move]
    changed: list[Change]
    spans: list[SpanChange]
    summary: Summary
    titles: dict[str, str] = field(default_factory=dict)  # id -> title, for labels
    source_ends: dict[str, dt.date] = field(default_factory=dict)  # funding source -> last day
    # posts compared under another id in the structure before, by how they matched
    matched: list[Match] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed or self.matched)


def _value(post: Post, name: str) -> Any:
    if name == "fte":
        return post.total_fte
    if name == "dotted_to":
        return sorted(post.dotted_to)
    value = getattr(post, name)
    return value.value if hasattr(value, "value") else value


def _delta(before: CostLine, after: CostLine, key: str) -> CostLine:
    return CostLine(
        key,
        after.posts - before.posts,
        round(after.fte - before.fte, 6),
        round(after.cost - before.cost, 2),
        before.counts or after.counts,
    )


def scope(graph: OrgGraph, root: str | None, unit: str | None) -> set[str]:
    """The ids a diff looks at: all, one manager's part, or one unit."""
    ids = set(graph.line.nodes)
    if root is not None and root in graph.line:
        ids &= graph.subtree(root)
    elif root is not None:
        ids = set()
    if unit is not None:
        ids = {i for i in ids if graph.post(i).unit == unit}
    return ids


def diff(
    before: OrgGraph,
    after: OrgGraph,
    *,
    by: GroupBy | None = None,
    root: str | None = None,
    unit: str | None = None,
    effective: dt.date | None = None,
    match_title: bool = False,
    timeline: Structure | None = None,
) -> Diff:
    """Compare two structures; `root` and `unit` limit it to part of them.
    With `effective`, the summary adds the change's part-year effect: the
    cost from that day to the end of its financial year, after less before.
    Posts whose id changed are paired first (matching.match_posts; by title
    and grade too with `match_title`) and compared as one post. A `timeline`
    of the structure after (orgchart.apply.timeline: each post for the days
    it stands) costs the part year as a proposal's own dates have it.

    Raises UnknownPost when `root` is in neither structure.
    """
    # Imported here: the columnar diff shares this module's types, not its graphs.
    import networkx as nx

    from orgchart.graph import build_graph

    warnings = renumbered(*shared_ids(before.structure, after.structure))
    matched = match_posts(before.structure, after.structure, by_title=match_title)
    if matched:
        before = build_graph(renamed(before.structure, matched))
    if root is not None and root not in before.line and root not in after.line:
        raise UnknownPost(f"root {root!r} is not a post in either structure", post=root)
    ids_before = scope(before, root, unit)
    ids_after = scope(after, root, unit)
    # A post in scope on either side is compared whole, so a post that leaves
    # the scope shows as a move or a change, not as removed.
    ids = ids_before | ids_after
    in_before, in_after = set(before.line.nodes), set(after.line.nodes)
    kept = sorted(ids & in_before & in_after)

    added = [after.post(i) for i in sorted(ids - in_before)]
    removed = [before.post(i) for i in sorted(ids - in_after)]
    moved = []
    changed = []
    for post_id in kept:
        old, new = before.post(post_id), after.post(post_id)
        if old.reports_to != new.reports_to:
            went_with = nx.descendants(before.line, post_id) & nx.descendants(after.line, post_id)
            moved.append(
                Move(
                    post_id,
                    old.reports_to,
                    new.reports_to,
                    # A group that also changed size moved only the posts it kept.
                    sum(min(before.post(i).count, after.post(i).count) for i in went_with),
                )
            )
        if old == new:
            continue
        for name in COMPARED:
            a, b = _value(old, name), _value(new, name)
            if a != b:
                changed.append(Change(post_id, name, a, b))

    spans = _span_changes(before, after, ids)
    summary = _summary(before.structure, after.structure, ids_before, ids_after, by)
    if effective is not None:
        part = _part_year(before, after, ids_before, ids_after, effective, timeline)
        summary = replace(summary, part_year=part)
    titles = {i: before.post(i).title for i in ids & in_before}
    titles.update({i: after.post(i).title for i in ids & in_after})
    ends = source_ends(before.structure, after.structure)
    return Diff(added, removed, moved, changed, spans, summary, titles, ends, matched, warnings)


def _part_year(
    before: OrgGraph,
    after: OrgGraph,
    ids_before: set[str],
    ids_after: set[str],
    day: dt.date,
    timeline: Structure | None,
) -> PartYear:
    year = year_of(day, year_start_of(after.structure))
    old = cost_between(
        before.structure, [before.post(i) for i in sorted(ids_before)], day, year.end
    )
    if timeline is None:
        posts = [after.post(i) for i in sorted(ids_after)]
    else:
        # Each version of a post for its days; a deleted post until its day,
        # in scope where the part compared had it before.
        posts = [p for p in timeline.posts if p.id in ids_after | ids_before]
    new = cost_between(after.structure, posts, day, year.end)
    return PartYear(year.label, day, year.end, old, new, round(new - old, 2))


def _span_changes(before: OrgGraph, after: OrgGraph, ids: set[str]) -> list[SpanChange]:
    bands_before = bands_of(before.structure)
    bands_after = bands_of(after.structure)
    out = []
    for post_id in sorted(ids):
        reports_before = set(before.line.successors(post_id)) if post_id in before.line else set()
        reports_after = set(after.line.successors(post_id)) if post_id in after.line else set()
        span_before = direct_reports(before, post_id) if post_id in before.line else None
        span_after = direct_reports(after, post_id) if post_id in after.line else None
        if reports_before == reports_after and span_before == span_after:
            continue
        if not span_before and not span_after:
            continue

        title = (after if post_id in after.line else before).post(post_id).title
        out.append(
            SpanChange(
                post_id,
                title,
                span_before,
                span_after,
                span_band(before, post_id, bands_before) if span_before else None,
                span_band(after, post_id, bands_after) if span_after else None,
            )
        )
    return out


def _summary(
    before: Structure,
    after: Structure,
    ids_before: set[str],
    ids_after: set[str],
    by: GroupBy | None,
) -> Summary:
    posts_before = [p for p in before.posts if p.id in ids_before]
    posts_after = [p for p in after.posts if p.id in ids_after]
    old = cost_summary(before, by, posts_before)
    new = cost_summary(after, by, posts_after)
    groups = None
    if by is not None:
        empty = CostLine("", 0, 0.0, 0.0)
        old_groups = {g.key: g for g in old.groups}
        new_groups = {g.key: g for g in new.groups}
        groups = [
            GroupDelta(
                key,
                old_groups.get(key, empty),
                new_groups.get(key, empty),
                _delta(old_groups.get(key, empty), new_groups.get(key, empty), key),
            )
            for key in sorted(old_groups.keys() | new_groups.keys())
        ]
    return Summary(old.total, new.total, _delta(old.total, new.total, "total"), groups)


def apply(structure: Structure, changes: Diff) -> Structure:
    """Apply a diff's posts-level changes to `structure` (the inverse of `diff`)."""
    posts = {p.id: p for p in structure.posts}
    for post in changes.removed:
        del posts[post.id]
    for post in changes.added:
        posts[post.id] = post
    updates: dict[str, dict[str, Any]] = {}
    for move in changes.moved:
        updates.setdefault(move.id, {})["reports_to"] = move.after
    for change in changes.changed:
        updates.setdefault(change.id, {})[change.field] = change.after
    for post_id, update in updates.items():
        data = posts[post_id].model_dump()
        data.update(update)
        posts[post_id] = Post.model_validate(data)
    return structure.model_copy(update={"posts": [posts[i] for i in sorted(posts)]})
