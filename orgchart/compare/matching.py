"""Pairing posts whose ids differ between two structures, before they are compared.

Two rules, both one-to-one:
- a group whose id is made from its manager's (`<manager>/<rest>`, as an
  organogram's junior groups are) and whose manager changed is the same
  group when exactly one removed and one added group share `<rest>`;
- asked to, posts match by title and grade under matched managers, top-down
  (or by title alone where one post on each side has it: a regraded post):
  for editions of a body that renumbered its posts.
Returns data; the diff renames the structure before and marks every pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orgchart.model import Post, Structure

# A structure that keeps fewer of the other's ids than this was renumbered.
FEW_SHARED = 0.5


@dataclass(frozen=True)
class Match:
    before: str
    after: str
    by: str  # "manager" (a group that moved with its id) or "title"


def _rest(post: Post) -> str | None:
    """`<rest>` of an id made from the manager's, `<manager>/<rest>`."""
    manager = post.reports_to
    if manager is not None and post.id.startswith(f"{manager}/"):
        return post.id[len(manager) + 1 :]
    return None


def _one_to_one(
    removed: Iterable[tuple[object, str]], added: Iterable[tuple[object, str]], unique: bool
) -> list[tuple[str, str]]:
    """Pair ids that share a key; with `unique`, only keys one on each side has."""
    old: dict[object, list[str]] = {}
    new: dict[object, list[str]] = {}
    for key, post_id in removed:
        old.setdefault(key, []).append(post_id)
    for key, post_id in added:
        new.setdefault(key, []).append(post_id)
    pairs: list[tuple[str, str]] = []
    for key in old.keys() & new.keys():
        if unique and (len(old[key]) > 1 or len(new[key]) > 1):
            continue
        pairs += zip(sorted(old[key]), sorted(new[key]), strict=False)
    return sorted(pairs)


def match_posts(before: Structure, after: Structure, *, by_title: bool = False) -> list[Match]:
    """Pairs of (removed, added) posts that are the same post under another id."""
    ids_before = {p.id for p in before.posts}
    ids_after = {p.id for p in after.posts}
    removed = [p for p in before.posts if p.id not in ids_after]
    added = [p for p in after.posts if p.id not in ids_before]
    found = [
        Match(old, new, "manager")
        for old, new in _one_to_one(
            ((_rest(p), p.id) for p in removed if _rest(p) is not None),
            ((_rest(p), p.id) for p in added if _rest(p) is not None),
            unique=True,
        )
    ]
    if not by_title:
        return found
    paired = {m.before: m.after for m in found}
    taken = set(paired.values())
    from orgchart.graph import build_graph  # networkx: not for the columnar diff

    layers = build_graph(before).layers
    by_layer: dict[int, list[Post]] = {}
    for post in removed:
        by_layer.setdefault(layers.get(post.id, 0), []).append(post)
    for layer in sorted(by_layer):
        # Managers are paired first, so their reports can be matched under them.
        # Same title and grade first; then the same title alone where only one
        # post on each side has it (a regraded post), its grade then a change.
        for with_grade, unique in ((True, False), (False, True)):
            candidates = []
            for post in by_layer[layer]:
                if post.id in paired:
                    continue
                manager = post.reports_to
                mapped = paired.get(manager, manager) if manager is not None else None
                if manager is not None and mapped not in ids_after:
                    continue  # its manager has no match: nothing to match under
                grade = post.grade if with_grade else None
                candidates.append(((mapped, post.title.casefold(), grade), post.id))
            free = [
                ((p.reports_to, p.title.casefold(), p.grade if with_grade else None), p.id)
                for p in added
                if p.id not in taken
            ]
            for old, new in _one_to_one(candidates, free, unique=unique):
                paired[old] = new
                taken.add(new)
                found.append(Match(old, new, "title"))
    return sorted(found, key=lambda m: m.after)


def renamed(structure: Structure, matches: list[Match]) -> Structure:
    """`structure` with each matched post under its id in the other structure."""
    names = {m.before: m.after for m in matches}
    posts = [
        post.model_copy(
            update={
                "id": names.get(post.id, post.id),
                "reports_to": names.get(post.reports_to, post.reports_to)
                if post.reports_to is not None
                else None,
                "dotted_to": [names.get(d, d) for d in post.dotted_to],
            }
        )
        for post in structure.posts
    ]
    return structure.model_copy(update={"posts": posts})


def shared_ids(before: Structure, after: Structure) -> tuple[int, int]:
    """Ids both structures have, and the smaller structure's number of posts."""
    ids_before = {p.id for p in before.posts}
    ids_after = {p.id for p in after.posts}
    return len(ids_before & ids_after), min(len(ids_before), len(ids_after))


def renumbered(shared: int, smaller: int) -> list[str]:
    """The warning for two structures that share few ids, given how many they
    share and the smaller one's number of posts; none when they share enough."""
    if not smaller or shared >= smaller * FEW_SHARED:
        return []
    return [
        f"the structures share only {shared} of {smaller} post ids: were the posts "
        "renumbered? Matching by title and grade pairs them"
    ]
