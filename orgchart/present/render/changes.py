"""Which posts a before/after pair of charts shows in red, and what their boxes say."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from orgchart.compare.diff import Diff
from orgchart.present.render.dot import Highlight, Mark
from orgchart.text import show

Side = Literal["before", "after"]


def highlights(result: Diff, side: Side) -> dict[str, Highlight]:
    """Before: removed posts and posts about to move. After: added, moved and changed posts."""
    marks: dict[str, set[Mark]] = {}
    notes: dict[str, list[str]] = {}

    def mark(post_id: str, kind: Mark, note: str) -> None:
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
