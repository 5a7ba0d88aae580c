"""From two structures, the proposal that turns the first into the second:
the fewest actions, a team moved as one post with everything below it.

Posts are paired as the diff pairs them (`pairs`, the one place this asks
the diff's matching); a pair whose ids differ is renumbered. Then, in the
order an officer would write them: units renamed whole, posts created (each
from its start_date), moves grouped by new manager (a moved team's unit
with it, where the whole team ends in one unit), posts deleted, and the
other changes grouped by what they change. Each action is run on the
structure as it goes (orgchart.apply), so that each one is sound where it
stands, and `apply(before, propose(before, after))` is `after`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from orgchart.apply.actions import Step, run
from orgchart.apply.state import State
from orgchart.errors import OrgchartError
from orgchart.model import Post, Structure, plain, post_record
from orgchart.read.proposal import ReadProposal
from orgchart.read.proposalmodel import (
    SETTABLE,
    Action,
    Create,
    Delete,
    Fund,
    Move,
    Proposal,
    ProposalHead,
    Regrade,
    RenameUnit,
    Renumber,
    SetFields,
    StructureChanges,
)

HEAD_KEYS = ("notes", "year_start", "span_bands")


class NothingToPropose(OrgchartError):
    """The two structures have the same posts: a proposal needs an action."""


def pairs(before: Structure, after: Structure) -> dict[str, str]:
    """The diff's matching: each post of `before` that is a post of `after`
    under another id, by its id in each."""
    from orgchart.compare.matching import match_posts

    return {m.before: m.after for m in match_posts(before, after)}


def _depths(structure: Structure) -> dict[str, int]:
    """Each post's layer, a top post 0 (on a valid structure: no cycles)."""
    managers = {p.id: p.reports_to for p in structure.posts}
    depth: dict[str, int] = {}
    for post_id in managers:
        chain = []
        current: str | None = post_id
        while current is not None and current not in depth:
            chain.append(current)
            current = managers.get(current)
        base = -1 if current is None else depth[current]
        for offset, link in enumerate(reversed(chain), start=1):
            depth[link] = base + offset
    return depth


class _Proposer:
    """The actions so far, each run on the structure as it stands."""

    def __init__(self, before: Structure) -> None:
        head = ProposalHead(proposal="proposed")
        read = ReadProposal("(proposal)", head, [], {})
        self.state = State.of(before, [("", None)] * len(before.posts), read)
        self.actions: list[Action] = []

    def do(self, action: Action) -> None:
        step = Step(len(self.actions), action.effective, lambda _: False)
        self.actions.append(action)
        run(self.state, action, step)


def _changes(now: Post, want: Post) -> dict[str, Any]:
    """The fields `want` has other than `now`, as a set action writes them
    (None for a field with no value)."""
    return {
        name: plain(getattr(want, name))
        for name in SETTABLE
        if getattr(want, name) != getattr(now, name)
    }


def _grouped(items: Iterable[tuple[str, Any]]) -> list[tuple[Any, list[str]]]:
    """Ids grouped by an equal value, the groups in the order of their first id."""
    groups: dict[str, tuple[Any, list[str]]] = {}
    for post_id, value in items:
        key = json.dumps(value, sort_keys=True, default=str)
        groups.setdefault(key, (value, []))[1].append(post_id)
    return list(groups.values())


def _units(proposer: _Proposer, want: dict[str, Post]) -> None:
    """Units whose every kept post goes to one new name: renamed whole."""
    posts = proposer.state.posts
    kept = [i for i in posts if i in want]
    in_use = {posts[i].unit for i in kept}
    going: dict[str, set[str | None]] = {}
    for post_id in kept:
        unit = posts[post_id].unit
        if unit is not None:
            going.setdefault(unit, set()).add(want[post_id].unit)
    for unit, targets in sorted(going.items()):
        (target,) = targets if len(targets) == 1 else (None,)
        if target is not None and target != unit and target not in in_use:
            proposer.do(RenameUnit.model_validate({"rename-unit": {"from": unit, "to": target}}))


def _creates(proposer: _Proposer, after: Structure, depth: dict[str, int]) -> None:
    """New posts, managers first; those starting on one day in one action of that day."""
    new = [p for p in after.posts if p.id not in proposer.state.posts]
    new.sort(key=lambda p: (depth[p.id], p.start_date or dt.date.min, p.id))
    runs: list[tuple[dt.date | None, list[Post]]] = []
    for post in new:
        if runs and runs[-1][0] == post.start_date:
            runs[-1][1].append(post)
        else:
            runs.append((post.start_date, [post]))
    for day, posts in runs:
        records = [post_record(p.model_copy(update={"start_date": None})) for p in posts]
        proposer.do(Create.model_validate({"create": records, "effective": day}))


def _moves(proposer: _Proposer, after: Structure, depth: dict[str, int]) -> None:
    """Posts whose manager changed, grouped by their new manager, managers
    nearer the top first: each new manager is then where it will stay."""
    want = {p.id: p for p in after.posts}
    posts = proposer.state.posts
    moving = [p.id for p in after.posts if p.id in posts and posts[p.id].reports_to != p.reports_to]
    groups = _grouped((i, want[i].reports_to) for i in sorted(moving))
    groups.sort(key=lambda g: (-1 if g[0] is None else depth[g[0]], g[0] or ""))
    for target, ids in groups:
        team = [i for m in ids for i in [m, *proposer.state.below(m)] if i in want]
        units = {want[i].unit for i in team}
        (unit,) = units if len(units) == 1 else (None,)
        changes = unit is not None and any(posts[i].unit != unit for i in team)
        proposer.do(Move(move=ids, to=target, unit=unit if changes else None))


def _fields(proposer: _Proposer, after: Structure) -> None:
    """Every other change: a grade alone is a regrade, funding alone a fund,
    the rest a set; posts with the same change in one action."""
    posts = proposer.state.posts
    # Most posts are as they were: one comparison of the whole post says so.
    changed = [
        (p.id, _changes(posts[p.id], p))
        for p in sorted(after.posts, key=lambda p: p.id)
        if posts[p.id] != p
    ]
    changed = [(i, c) for i, c in changed if c]
    regrades = [(i, c["grade"]) for i, c in changed if set(c) == {"grade"} and c["grade"]]
    funds = [(i, c.get("funding") or {}) for i, c in changed if set(c) == {"funding"}]
    done = {i for i, _ in regrades} | {i for i, _ in funds}
    for grade, ids in _grouped(regrades):
        proposer.do(Regrade(regrade=ids, grade=grade))
    for funding, ids in _grouped(funds):
        proposer.do(Fund(fund=ids, funding=funding))
    for fields, ids in _grouped((i, c) for i, c in changed if i not in done):
        proposer.do(SetFields.model_validate({"set": ids, "fields": fields}))


def _head(
    before: Structure, after: Structure, title: str, date: dt.date | None
) -> StructureChanges:
    """The structure after's own keys that differ from the structure before's."""
    changes: dict[str, Any] = {}
    if after.name != title:
        changes["name"] = after.name
    if after.date != date:
        changes["date"] = after.date
    changes |= {k: getattr(after, k) for k in HEAD_KEYS if getattr(after, k) != getattr(before, k)}
    for key in ("grades", "funding_sources"):
        old, new = getattr(before, key), getattr(after, key)
        differ = {k: v for k, v in new.items() if old.get(k) != v}
        differ |= {k: None for k in old if k not in new}
        if differ:
            changes[key] = differ
    return StructureChanges.model_validate(changes)


def propose(before: Structure, after: Structure, *, title: str | None = None) -> Proposal:
    """The proposal that turns `before` into `after` (both valid structures).

    Raises NothingToPropose when their posts are the same.
    """
    proposer = _Proposer(before)
    renamed = pairs(before, after)
    if renamed:
        proposer.do(Renumber(renumber=dict(sorted(renamed.items()))))
    want = {p.id: p for p in after.posts}
    _units(proposer, want)
    depth = _depths(after)
    _creates(proposer, after, depth)
    _moves(proposer, after, depth)
    gone = sorted(i for i in proposer.state.posts if i not in want)
    if gone:
        proposer.do(Delete(delete=gone))
    _fields(proposer, after)
    if not proposer.actions:
        raise NothingToPropose(
            "the two structures have the same posts: there is no action to propose"
        )
    # The day apply gives the structure after: the latest of the actions' and before's.
    days = [d for d in [before.date, *(a.effective for a in proposer.actions)] if d is not None]
    name = title or after.name
    head = _head(before, after, name, max(days, default=None))
    return Proposal(proposal=name, structure=head, actions=proposer.actions)
