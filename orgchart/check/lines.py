"""Reporting lines: unique ids, references that exist, no cycles, one top post."""

from __future__ import annotations

from operator import eq
from typing import TYPE_CHECKING

from orgchart.check import Found
from orgchart.text import Hints

if TYPE_CHECKING:
    from orgchart.model import Structure

# A cycle through thousands of posts is shown by its ends.
CYCLE_SHOWN = 20
# A long list of top posts is one warning, not hundreds of names.
LISTED_IN_SUMMARY = 5


def first_index(ids: list[str]) -> dict[str, int]:
    """Each id's first post: a repeated id's later posts are errors, not posts."""
    # Made from the last post back, so that a repeated id keeps its first post.
    return dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))


def lines_sound(ids: list[str], managers: list[str | None], first: dict[str, int]) -> bool:
    """Every id once, every manager a post, and no post its own manager: found
    by whole-list operations, so that the line checks of a sound structure
    need no loop over its posts."""
    return (
        len(first) == len(ids)
        and first.keys() >= set(managers).difference((None,))
        and not any(map(eq, ids, managers))
    )


def manager_of(
    ids: list[str], managers: list[str | None], first: dict[str, int], sound: bool
) -> dict[str, str]:
    """Each post's manager, where the post is an id's first and its manager exists."""
    if sound:
        # The commonest structure: only the top posts are left out.
        return {i: m for i, m in zip(ids, managers, strict=True) if m is not None}
    return {
        post: manager
        for i, (post, manager) in enumerate(zip(ids, managers, strict=True))
        if manager is not None and manager in first and manager != post and first[post] == i
    }


def ids_unique(structure: Structure, found: Found) -> None:
    if not structure.posts:
        found.add("error", "the structure has no posts", None, None)
    first = found.first
    if len(first) == len(structure.posts):
        return  # every id once
    for index, post in enumerate(structure.posts):
        if first[post.id] != index:
            line = found.post_lines[first[post.id]]
            at = f" (first at line {line})" if line is not None else ""
            found.add("error", f"duplicate post id {post.id!r}{at}", index, post.id)


def references_exist(structure: Structure, found: Found) -> None:
    first, posts = found.first, structure.posts
    if found.sound and not any(p.dotted_to for p in posts):
        return
    hint_for = Hints(first)
    for index, post in enumerate(structure.posts):
        manager, label = post.reports_to, f"post {post.id!r}"
        if manager == post.id:
            found.add("error", f"{label} reports to itself", index, post.id)
        elif manager is not None and manager not in first:
            found.add(
                "error",
                f"{label} reports to {manager!r}, which does not exist{hint_for(manager, post.id)}",
                index,
                post.id,
            )
        for other in post.dotted_to:
            if other == post.id:
                found.add("error", f"{label} has a dotted line to itself", index, post.id)
            elif other not in first:
                found.add(
                    "error",
                    f"{label} has a dotted line to {other!r}, which does not exist"
                    f"{hint_for(other, post.id)}",
                    index,
                    post.id,
                )


def no_cycles(structure: Structure, found: Found) -> None:
    first = found.first
    for cycle in _cycles(found.manager_of):
        if len(cycle) > CYCLE_SHOWN:
            middle = f"... ({len(cycle)} posts) ..."
            shown = " -> ".join([*cycle[: CYCLE_SHOWN // 2], middle, *cycle[-2:], cycle[0]])
        else:
            shown = " -> ".join([*cycle, cycle[0]])
        found.add("error", f"reporting cycle: {shown}", first[cycle[0]], cycle[0])


def one_top(structure: Structure, found: Found) -> None:
    posts, first, ids = structure.posts, found.first, found.ids
    tops = [i for i, m in enumerate(found.managers) if m is None and first[ids[i]] == i]
    if posts and not tops:
        found.add("error", "no top post: every post reports to another", None, None)
    if len(tops) > 1:
        names = ", ".join(posts[i].id for i in tops[:LISTED_IN_SUMMARY])
        more = f" and {len(tops) - LISTED_IN_SUMMARY} more" if len(tops) > LISTED_IN_SUMMARY else ""
        found.add("warning", f"{len(tops)} top posts (no reports_to): {names}{more}", tops[1], None)


def _cycles(manager_of: dict[str, str]) -> list[list[str]]:
    """Each reporting cycle once, starting at its smallest id.

    Every post has one manager, so following managers from each post finds
    every cycle in linear time without recursion (chains can be very deep).
    """
    # The walk that first reached each post: a walk that meets its own
    # number again has found a cycle; one that meets an earlier walk's has not.
    walked: dict[str, int] = {}
    cycles: list[list[str]] = []
    # Any order of starts finds the same cycles, each turned to start at its
    # smallest id and then sorted: no need to sort 100,000 ids first.
    for number, start in enumerate(manager_of):
        node: str | None = start
        while node is not None and node not in walked:
            walked[node] = number
            node = manager_of.get(node)
        if node is not None and walked[node] == number:
            cycle = [node]
            while (after := manager_of[cycle[-1]]) != node:
                cycle.append(after)
            pivot = cycle.index(min(cycle))
            cycles.append(cycle[pivot:] + cycle[:pivot])
    return sorted(cycles)
