"""What a restructure changes: posts added, removed, moved and changed, spans, and cost.

Posts are matched first (compare.matching: by id, and by similarity where
asked or where ids are few in common) and each pair compared as one post.
A post that changes manager is one move, and the posts below it that go with
it are counted in that move, not moved again. What counts as a change, and
how changes are grouped and counted, is compare.changes'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from orgchart.compare.changes import retyped, uniform
from orgchart.compare.matching import How, renamed
from orgchart.compare.matching import match as match_posts
from orgchart.compare.result import (
    COMPARED,
    Change,
    Diff,
    GroupDelta,
    Move,
    PartYear,
    SpanChange,
    Summary,
    Tally,
    as_printed,
    delta,
)
from orgchart.errors import UnknownPost, UnknownUnit
from orgchart.measure import GroupBy
from orgchart.measure.metrics import (
    CostLine,
    bands_of,
    cost_summary,
    direct_reports,
    span_band,
)
from orgchart.money import cost_between, cost_of, source_ends, year_of, year_start_of
from orgchart.text import Hints, Kind, printed

if TYPE_CHECKING:
    from orgchart.fields import PostFields
    from orgchart.graph import OrgGraph
    from orgchart.model import Post, Structure

__all__ = [
    "COMPARED",
    "Change",
    "Diff",
    "GroupDelta",
    "Move",
    "PartYear",
    "SpanChange",
    "Summary",
    "Tally",
    "apply",
    "diff",
    "scope",
]


def _value(post: Post, name: str) -> Any:
    if name == "fte":
        return post.total_fte
    if name == "dotted_to":
        return sorted(post.dotted_to)
    value = getattr(post, name)
    return value.value if hasattr(value, "value") else value


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


def known_unit(unit: str, *structures: Structure) -> None:
    """Refuse a unit that no post of the structures is in, with the unit meant
    (letter case aside: "Early help" for "Early Help")."""
    units = sorted({p.unit for s in structures for p in s.posts if p.unit is not None})
    if unit in units:
        return
    same = [u for u in units if u.casefold() == unit.casefold()]
    hint = f" (did you mean {same[0]!r}?)" if same else Hints(units)(unit)
    raise UnknownUnit(f"unit {unit!r} is not the unit of any post in either structure{hint}")


def _known_root(root: str, before: OrgGraph, after: OrgGraph) -> None:
    if root not in before.line and root not in after.line:
        ids = sorted({*before.line.nodes, *after.line.nodes})
        raise UnknownPost(
            f"root {root!r} is not a post in either structure{Hints(ids)(root)}", post=root
        )


def diff(
    before: OrgGraph,
    after: OrgGraph,
    *,
    by: GroupBy | None = None,
    root: str | None = None,
    unit: str | None = None,
    effective: dt.date | None = None,
    match: How = How.AUTO,
    ignore: Collection[str] = (),
    strict: bool = False,
    timeline: Structure | None = None,
) -> Diff:
    """Compare two structures; `root` and `unit` limit it, matching included,
    to part of them. With `effective`, the summary adds the change's part-year
    effect: the cost from that day to the end of its financial year, after
    less before. `match` says how posts are paired (compare.matching.How);
    a pair whose ids differ is compared under its id after. `ignore` leaves
    fields out (changes.ignored gives them from names); `strict` reports
    differences only of case, spacing or punctuation too. A `timeline` of the
    structure after (orgchart.apply.timeline: each post for the days it
    stands) costs the part year as a proposal's own dates have it.

    Raises UnknownPost when `root` is in neither structure, UnknownUnit when
    `unit` is the unit of no post in either.
    """
    # Imported here: the columnar diff shares this module's types, not its graphs.
    import networkx as nx

    from orgchart.graph import build_graph

    if unit is not None:
        known_unit(unit, before.structure, after.structure)
    matching = match_posts(before.structure, after.structure, match)
    renames = matching.renames
    if renames:
        before = build_graph(renamed(before.structure, renames))
        root = renames.get(root, root) if root is not None else None
    if root is not None:
        _known_root(root, before, after)
    ids_before = scope(before, root, unit)
    ids_after = scope(after, root, unit)
    # A post in scope on either side is compared whole, so a post that leaves
    # the scope shows as a move or a change, not as removed.
    ids = ids_before | ids_after
    in_before, in_after = set(before.line.nodes), set(after.line.nodes)
    kept = sorted(ids & in_before & in_after)

    added: list[PostFields] = [after.post(i) for i in sorted(ids - in_before)]
    removed: list[PostFields] = [before.post(i) for i in sorted(ids - in_after)]
    moved = []
    carried: set[str] = set()
    changed = []
    skipped = 0
    left_out = set(ignore)
    for post_id in kept:
        old, new = before.post(post_id), after.post(post_id)
        if old.reports_to != new.reports_to:
            went_with = nx.descendants(before.line, post_id) & nx.descendants(after.line, post_id)
            carried |= went_with
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
            if a == b or name in left_out:
                continue
            if not strict and retyped(name, a, b):
                skipped += 1
                continue
            changed.append(Change(post_id, name, a, b))

    spans = _span_changes(before, after, ids)
    summary = _summary(before.structure, after.structure, ids_before, ids_after, by)
    if effective is not None:
        part = _part_year(before, after, ids_before, ids_after, effective, timeline)
        summary = replace(summary, part_year=part)
    titles = {i: before.post(i).title for i in ids & in_before}
    titles.update({i: after.post(i).title for i in ids & in_after})
    was = {new: old for old, new in renames.items()}
    within = matching.within({was.get(i, i) for i in ids_before}, ids_after)
    return Diff(
        added,
        removed,
        moved,
        changed,
        spans,
        summary,
        titles,
        source_ends(before.structure, after.structure),
        matched=within.renamed,
        warnings=matching.warnings,
        uniform=uniform(changed, (_units(before.structure), _units(after.structure))),
        tally=tally(added, removed, moved, carried, changed, after.posts),
        effects=_effects(before, after, added, removed, changed),
        retyped=skipped,
        pairing=within.summary(),
    )


def _units(structure: Structure) -> set[str]:
    return {p.unit for p in structure.posts if p.unit is not None}


def tally(
    added: list[PostFields],
    removed: list[PostFields],
    moved: list[Move],
    carried: set[str],
    changed: list[Change],
    posts: dict[str, Post],
) -> Tally:
    """Each post touched, once: the posts changed are those neither moved nor
    gone with a post that moved (a group of k counts k)."""
    moving = {m.id for m in moved}
    others = {c.id for c in changed} - moving - carried
    return Tally(
        created=sum(p.count for p in added),
        created_fte=sum(p.total_fte for p in added),
        deleted=sum(p.count for p in removed),
        deleted_fte=sum(p.total_fte for p in removed),
        moved=sum(posts[i].count for i in moving),
        carried=sum(m.with_reports for m in moved),
        changed=sum(posts[i].count for i in others),
    )


# Changes to these fields change what a post costs.
COSTED = frozenset({"grade", "fte", "count", "cost", "pay_min", "pay_max"})


def _effects(
    before: OrgGraph,
    after: OrgGraph,
    added: list[PostFields],
    removed: list[PostFields],
    changed: list[Change],
) -> dict[str, float]:
    """Each post's effect on the annual cost: what an added post costs, what a
    removed one saved, what a change costs more or less; zero ones left out."""
    grades_old, grades_new = before.structure.grades, after.structure.grades
    effects = {p.id: cost_of(p, grades_new).value or 0.0 for p in added}
    effects.update({p.id: -(cost_of(p, grades_old).value or 0.0) for p in removed})
    for post_id in sorted({c.id for c in changed if c.field in COSTED}):
        old = cost_of(before.post(post_id), grades_old).value
        new = cost_of(after.post(post_id), grades_new).value
        if old is not None and new is not None:
            effects[post_id] = new - old
    return {k: round(v, 2) for k, v in effects.items() if v}


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
    # To the pound, as the table prints it, so that its difference reconciles.
    old, new = printed(old, Kind.MONEY), printed(new, Kind.MONEY)
    return PartYear(year.label, day, year.end, old, new, new - old)


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
                as_printed(old_groups.get(key, empty)),
                as_printed(new_groups.get(key, empty)),
                delta(old_groups.get(key, empty), new_groups.get(key, empty), key),
            )
            for key in sorted(old_groups.keys() | new_groups.keys())
        ]
    return Summary(
        as_printed(old.total), as_printed(new.total), delta(old.total, new.total, "total"), groups
    )


def apply(structure: Structure, changes: Diff) -> Structure:
    """Apply a diff's posts-level changes to `structure` (the inverse of `diff`)."""
    from orgchart.model import Post

    posts = {p.id: p for p in structure.posts}
    for post in changes.removed:
        del posts[post.id]
    for added in changes.added:
        # A post of a table's diff is made a model's post, checked as one.
        posts[added.id] = added if isinstance(added, Post) else Post.model_validate(added.record())
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
