"""The structure over time as a proposal changes it, for forecasts and
part-year effects: each post for the days it is there, as each action's own
date has it.

From one day on which actions take effect to the next, the structure is what
the actions so far have made it. Each version of a post is kept for the days
it stands (its start_date and end_date narrowed to them): a post created on
10 November costs from then, a post deleted on 1 September costs until 31
August, a post regraded costs its old grade until the day before. The posts
of every version together are the timeline: a structure to cost, not to
check (one id may appear once a version). Returns data; never prints.
"""

from __future__ import annotations

import datetime as dt

from orgchart.apply import apply_proposal, in_effect
from orgchart.errors import InvalidProposal, Issue
from orgchart.model import Post, Structure
from orgchart.read.proposal import ReadProposal

DAY = dt.timedelta(days=1)


def _within(post: Post, first: dt.date | None, last: dt.date | None) -> Post | None:
    """The post for the days from `first` to `last` (either open), or None for no day."""
    start = (
        post.start_date if first is None or (post.start_date and post.start_date > first) else first
    )
    end = post.end_date if last is None or (post.end_date and post.end_date < last) else last
    if start is not None and end is not None and end < start:
        return None
    if (start, end) == (post.start_date, post.end_date):
        return post
    return post.model_copy(update={"start_date": start, "end_date": end})


def timeline(
    before: Structure, read: ReadProposal, after: Structure, at: dt.date | None = None
) -> Structure:
    """Every version of every post, each for its days; `after` is the
    structure the actions effective by `at` (all, without it) make.

    Raises InvalidProposal when the structure on a day between is one that
    `validate` would refuse (a wave that deletes a manager before the
    action that moves its teams takes effect).
    """
    days = sorted({d for i in in_effect(read, at) if (d := read.dates[i]) is not None})
    stages: list[tuple[dt.date | None, Structure]] = []
    for number, day in enumerate([None, *days]):
        if number == len(days):
            stages.append((day, after))
            continue
        upto = days[number] - DAY  # the day before the next actions take effect
        applied = apply_proposal(before, read, at=upto)
        errors = [i for i in applied.issues if i.severity == "error"]
        if errors:
            raise InvalidProposal(
                [
                    Issue(i.file, i.line, i.severity, f"on {upto}: {i.message}", i.post)
                    for i in errors
                ]
            )
        stages.append((day, applied.structure))
    posts: list[Post] = []
    standing: dict[str, tuple[Post, dt.date | None]] = {}  # id -> (version, since)
    for day, structure in stages:
        now = {p.id: p for p in structure.posts}
        for post_id, (version, since) in list(standing.items()):
            current = now.get(post_id)
            if current is not version and current != version:
                kept = _within(version, since, day - DAY if day else None)
                posts += [kept] if kept is not None else []
                del standing[post_id]
        for post_id, post in now.items():
            standing.setdefault(post_id, (post, day))
    for version, since in standing.values():
        kept = _within(version, since, None)
        posts += [kept] if kept is not None else []
    return after.model_copy(update={"posts": posts, "date": before.date or after.date})
