"""Before and after charts of a change: which posts show in red, what their
boxes say, and the pair of charts itself (what `render-diff` draws)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Literal

from orgchart.compare.diff import Diff, diff
from orgchart.errors import UnknownPost
from orgchart.graph import OrgGraph
from orgchart.present.render.dot import ChartOptions, Highlight, Mark, to_dot
from orgchart.text import show

Side = Literal["before", "after"]


def highlights(result: Diff, side: Side) -> dict[str, Highlight]:
    """Before: removed posts and posts about to move. After: added, moved and
    changed posts. Each side's posts by their ids on that side."""
    marks: dict[str, set[Mark]] = {}
    notes: dict[str, list[str]] = {}
    own = own_ids(result, side)

    def mark(post_id: str, kind: Mark, note: str) -> None:
        post_id = own.get(post_id, post_id)
        marks.setdefault(post_id, set()).add(kind)
        notes.setdefault(post_id, []).append(note)

    shared = Counter(result.titles.values())

    def manager(post_id: str | None) -> str:
        if post_id is None:
            return "no manager"
        title = result.titles.get(post_id, post_id)
        # Two managers with one title (two SDMs) need the id to tell them apart.
        return f"{title} ({post_id})" if shared[title] > 1 else title

    if side == "before":
        for post in result.removed:
            mark(post.id, Mark.REMOVED, "Post deleted")
        for move in result.moved:
            mark(move.id, Mark.MOVED, f"Moves to {manager(move.after)}")
    else:
        for post in result.added:
            mark(post.id, Mark.ADDED, "New post")
        for move in result.moved:
            mark(move.id, Mark.MOVED, f"Moved from {manager(move.before)}")
        for change in result.changed:
            if change.field == "title":
                note = f"was {show(change.before)}"
            else:
                field = change.field.replace("_", " ")
                note = f"{field}: {show(change.before)} → {show(change.after)}"
            mark(change.id, Mark.CHANGED, note)
    return {k: Highlight(frozenset(marks[k]), tuple(notes[k])) for k in sorted(marks)}


def side_options(
    before: OrgGraph,
    after: OrgGraph,
    options: ChartOptions | None = None,
    result: Diff | None = None,
    unit: str | None = None,
) -> dict[Side, ChartOptions]:
    """Each side's chart options: the changes in red (of `unit` alone, when
    given), with a legend.

    `result` is the diff of the two, worked out here when not given. A root
    in `options` must be a post on both sides: raises UnknownPost otherwise;
    a unit no post is in raises UnknownUnit.
    """
    base = replace(options or ChartOptions(), legend=True)
    result = result if result is not None else diff(before, after, unit=unit)
    sides: tuple[tuple[Side, OrgGraph], ...] = (("before", before), ("after", after))
    for side, graph in sides:
        if base.root is not None and base.root not in graph.line:
            raise UnknownPost(
                f"root {base.root!r} is not a post in the {side} structure; draw the part "
                "from a post that is in both",
                post=base.root,
            )
    return {side: replace(base, highlights=highlights(result, side)) for side, _ in sides}


def diff_charts(
    before: OrgGraph,
    after: OrgGraph,
    options: ChartOptions | None = None,
    result: Diff | None = None,
    unit: str | None = None,
) -> dict[Side, str]:
    """DOT for the before and after charts, changes in red, with a legend."""
    chosen = side_options(before, after, options, result, unit)
    return {"before": to_dot(before, chosen["before"]), "after": to_dot(after, chosen["after"])}


def own_ids(result: Diff, side: Side) -> dict[str, str]:
    """The diff's id of each post paired under another id -> its id on `side`.

    A diff names a pair by its id after (compare.diff), so the chart after
    needs nothing; the chart before draws such a post under its id before.
    A post only one side has keeps its own id, which the other side lacks."""
    if side == "after":
        return {}
    return {pair.after: pair.before for pair in result.matched}


def changed_places(result: Diff, side: Side) -> frozenset[str]:
    """Where the change happens, by `side`'s ids: every post added, removed,
    moved or changed, and the managers they report to before and after (so
    that the chart before shows where a new post will go)."""
    own = own_ids(result, side)
    posts = [*result.added, *result.removed]
    ids = (
        [p.id for p in posts]
        + [p.reports_to for p in posts if p.reports_to is not None]
        + [m.id for m in result.moved]
        + [m.before for m in result.moved if m.before is not None]
        + [m.after for m in result.moved if m.after is not None]
        + [c.id for c in result.changed]
    )
    return frozenset(own.get(i, i) for i in ids)
