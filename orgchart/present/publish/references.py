"""Post Unique References: what each senior post is published as, kept from
release to release.

A post's id is its reference when the publishers' rules allow it: letters,
digits and '-', never 'XX' (which marks the top post) and never '0' (paid,
not in post). Any other id is made into one: its letters and digits joined
by '-', with a short hash of the whole id, so that the reference depends on
the id alone and two ids never share one. A group of N identical posts is N
references, `<ref>-1` to `<ref>-N`.

With the last release, a post whose reference is new but which the diff's
matching pairs with a post of that release (same title and grade under a
matched manager) keeps that post's reference.
"""

from __future__ import annotations

import hashlib
import re

from orgchart.errors import Issue
from orgchart.model import Structure

VALID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]*")
NOT_IN_POST = "0"


def valid(reference: str) -> bool:
    return (
        VALID.fullmatch(reference) is not None
        and "xx" not in reference.casefold()
        and reference != NOT_IN_POST
    )


def reference_of(post_id: str) -> str:
    """The reference an id is published as: itself where valid."""
    if valid(post_id):
        return post_id
    words = re.sub(r"[^0-9A-Za-z]+", "-", post_id).strip("-")
    # 'XX' marks the top post: 'BOXXY' becomes 'BOX-XY'.
    words = re.sub(r"([xX])(?=[xX])", r"\1-", words)
    digest = hashlib.sha256(post_id.encode("utf-8")).hexdigest()[:6]
    return f"{words or 'P'}-{digest}"


def matched(previous: Structure, current: Structure) -> dict[str, str]:
    """The one call into the diff's matching: each reference of `current`
    that is not in `previous` -> the reference of the post it pairs with there.
    Both hold senior posts only, with references as ids."""
    from orgchart.compare.matching import match_posts

    return {m.after: m.before for m in match_posts(previous, current, by_title=True)}


def senior_only(structure: Structure) -> Structure:
    """A release read back as a structure, less its junior groups (whose ids,
    `<senior>/<grade>/<title>`, are no references)."""
    posts = [p for p in structure.posts if "/" not in p.id]
    return structure.model_copy(update={"posts": posts})


def clashes(references: dict[str, list[str]], file: str) -> list[Issue]:
    """An error for each reference two posts would share: post id -> its references."""
    owner: dict[str, str] = {}
    issues = []
    for post_id, refs in sorted(references.items()):
        for ref in refs:
            other = owner.setdefault(ref, post_id)
            if other != post_id:
                issues.append(
                    Issue(
                        file,
                        None,
                        "error",
                        f"posts {other!r} and {post_id!r} would both be published as "
                        f"reference {ref!r}: give one of them another id",
                        post_id,
                    )
                )
    return issues
