"""Ground truth for matching: a real edition restructured as a publisher would, with
the true pairing of its posts recorded.

`restructure(structure, seed)` renumbers every reference, retitles the top post,
re-cases and re-punctuates titles, uplifts pay, renames a unit, changes groups'
FTE, moves teams (a post and everything below it), deletes and adds posts, and
returns the edition after with what a correct diff must find: which post became
which, which were deleted and added, and which moved. `score` measures a
matching and a diff against it. The benchmarks use it too, on bigger editions.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from orgchart.model import Post, Structure


@dataclass(frozen=True)
class Truth:
    after: Structure
    pairs: dict[str, str]  # before id -> after id, for every post kept
    deleted: set[str]  # before ids
    added: set[str]  # after ids
    moved: set[str]  # before ids of kept posts whose manager is not their manager's match


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    found: int
    true: int

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f}, recall {self.recall:.3f} ({self.found}/{self.true})"
        )


def score(found: set[Any], true: set[Any]) -> Score:
    right = len(found & true)
    return Score(
        right / len(found) if found else 1.0,
        right / len(true) if true else 1.0,
        len(found),
        len(true),
    )


def twins(structure: Structure) -> dict[str, str]:
    """Each post's twin: the first by id of the posts with no reports that are
    alike in every field but their id (two posts of one title, grade and pay
    under one manager). No one can tell twins apart, and any pairing of them
    is as right as the truth's."""
    managers = {p.reports_to for p in structure.posts}
    first: dict[str, str] = {}
    found = {}
    for post in sorted(structure.posts, key=lambda p: p.id):
        if post.id in managers:
            found[post.id] = post.id
            continue
        key = repr(post.model_dump(exclude={"id"}))
        found[post.id] = first.setdefault(key, post.id)
    return found


def pair_score(found: set[tuple[str, str]], truth: Truth, before: Structure) -> Score:
    """The pairs' precision and recall, a post's twin standing for it."""
    twin = twins(before)
    was = {new: old for old, new in truth.pairs.items()}

    def same(pairs: set[tuple[str, str]]) -> Counter[tuple[str, str]]:
        return Counter((twin[b], twin[was[a]] if a in was else a) for b, a in pairs)

    got, true = same(found), same(set(truth.pairs.items()))
    right = sum((got & true).values())
    return Score(
        right / len(found) if found else 1.0,
        right / len(truth.pairs) if truth.pairs else 1.0,
        len(found),
        len(truth.pairs),
    )


def _recase(title: str, rng: random.Random) -> str:
    """The same title as another clerk types it: case, spacing, punctuation."""
    kind = rng.randrange(5)
    if kind == 0:
        return title.lower()
    if kind == 1:
        return title.title()
    if kind == 2:
        return title.upper()
    if kind == 3:
        return "  ".join(title.split()) + " "
    return title.replace(",", " ,").replace(" and ", " - and ") + "."


def _retitle_top(title: str) -> str:
    """ "Permanent Secretary DWP" -> "Permanent Secretary"; a short title gains words."""
    words = title.split()
    if len(words) >= 3:
        return " ".join(words[:-1])
    return f"{title} and Accounting Officer"


def restructure(
    structure: Structure,
    seed: int = 0,
    *,
    moves: float = 0.02,
    deletions: float = 0.04,
    additions: float = 0.04,
    recased: float = 0.3,
    prefix: str = "R",
) -> Truth:
    """The edition after `structure`, and the truth of how its posts pair;
    its references are `prefix` and a number."""
    rng = random.Random(seed)
    posts: dict[str, dict[str, Any]] = {
        p.id: p.model_dump(exclude_defaults=True) for p in structure.posts
    }
    for post_id, data in posts.items():
        data["id"] = post_id
    reports: dict[str, list[str]] = {}
    for data in posts.values():
        if data.get("reports_to"):
            reports.setdefault(data["reports_to"], []).append(data["id"])

    def below(post_id: str) -> set[str]:
        found, todo = set(), [post_id]
        while todo:
            here = todo.pop()
            found.add(here)
            todo += reports.get(here, [])
        return found

    ids = sorted(posts)
    managers = sorted(reports)
    # Teams moved: a manager (with everything below it) to another manager.
    for post_id in rng.sample(sorted(reports), int(len(reports) * moves * 5)):
        data = posts[post_id]
        if data.get("reports_to") is None:
            continue
        inside = below(post_id)
        choices = [m for m in managers if m not in inside and m != data["reports_to"]]
        if choices:
            new = rng.choice(choices)
            reports[data["reports_to"]].remove(post_id)
            data["reports_to"] = new
            reports.setdefault(new, []).append(post_id)
    # Posts deleted: posts with no reports, and a few managers whose reports
    # then report to the manager's manager (a layer taken out).
    leaves = [i for i in ids if not reports.get(i) and posts[i].get("reports_to")]
    deleted = set(rng.sample(leaves, int(len(ids) * deletions)))
    # (Only managers of managers: staff in groups under a senior post that
    # went are new groups under another, as no one could tell otherwise.)
    middle = [
        i
        for i in managers
        if posts[i].get("reports_to") and all(reports.get(r) for r in reports[i])
    ]
    for post_id in rng.sample(middle, min(len(middle), round(len(managers) * deletions / 2))):
        up = posts[post_id]["reports_to"]
        if up in deleted:
            continue
        for child in reports.pop(post_id, []):
            posts[child]["reports_to"] = up
            reports[up].append(child)
        deleted.add(post_id)
    for post_id in deleted:
        up = posts[post_id].get("reports_to")
        if up in reports and post_id in reports[up]:
            reports[up].remove(post_id)
        del posts[post_id]
    kept = sorted(posts)
    # Posts added: titles and grades as the body uses them, under its managers.
    survivors = [m for m in managers if m in posts]
    new_posts = []
    for n in range(int(len(ids) * additions)):
        like = posts[rng.choice(kept)]
        manager = rng.choice(survivors)
        if like["title"] in {posts[r]["title"] for r in reports.get(manager, [])}:
            continue  # the same title under the same manager: no one could tell them apart
        data = {
            "id": f"new-{n}",
            "title": like["title"],
            "reports_to": manager,
            **{k: like[k] for k in ("grade", "unit", "pay_min", "pay_max") if k in like},
        }
        if like.get("count", 1) > 1:
            data["count"], data["fte"] = like["count"], like.get("fte", like["count"])
        new_posts.append(data)
    # What the publisher retyped: titles, the top post's title, pay, a unit's name, FTE.
    for post_id in kept:
        data = posts[post_id]
        if data.get("reports_to") is None:
            data["title"] = _retitle_top(data["title"])
        elif rng.random() < recased:
            data["title"] = _recase(data["title"], rng)
        for key in ("pay_min", "pay_max"):
            if key in data:
                data[key] = round(data[key] * 1.02, -1)
        if data.get("count", 1) > 1 and rng.random() < 0.05:
            data["count"] += 1
            data["fte"] = data.get("fte", data["count"] - 1) + 1
    units = sorted({d["unit"] for d in posts.values() if d.get("unit")})
    if units:
        renamed = rng.choice(units)
        for data in posts.values():
            if data.get("unit") == renamed:
                data["unit"] = f"{renamed} Directorate"
    # Every reference renumbered; a group named after its manager
    # (`<manager>/<rest>`, an organogram's junior rows) after its manager's new id.
    numbers = rng.sample(range(10_000, 99_999), len(kept))
    new_id = dict(zip(kept, (f"{prefix}{n}" for n in numbers), strict=True))
    for post_id in sorted(kept, key=lambda i: i.count("/")):
        up = posts[post_id].get("reports_to")
        if up is not None and post_id.startswith(f"{up}/") and up in new_id:
            new_id[post_id] = new_id[up] + post_id[len(up) :]
    after_posts = []
    for post_id in kept:
        data = dict(posts[post_id])
        data["id"] = new_id[post_id]
        if data.get("reports_to"):
            data["reports_to"] = new_id[data["reports_to"]]
        data["dotted_to"] = [new_id[d] for d in data.get("dotted_to", []) if d in new_id]
        after_posts.append(data)
    for data in new_posts:
        data["reports_to"] = new_id[data["reports_to"]]
        after_posts.append(data)
    rng.shuffle(after_posts)
    after = structure.model_copy(update={"posts": [Post.model_validate(d) for d in after_posts]})
    # Moved: a kept post whose manager after is not the one it had before.
    before_manager = {p.id: p.reports_to for p in structure.posts}
    moved = {i for i in kept if before_manager[i] != posts[i].get("reports_to")}
    return Truth(
        after=after,
        pairs={i: new_id[i] for i in kept},
        deleted=deleted,
        added={d["id"] for d in new_posts},
        moved=moved,
    )
