"""Each action of a proposal, run on the structure as it stands (apply.state).

One function a verb. Each checks every post it names against the structure
as the actions before it left it, and says each problem at the action's line
(or its key's); a post it cannot act on is left as it is and the rest go
ahead, so that one mistake does not hide the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from orgchart.apply.state import Gone, State
from orgchart.model import Post
from orgchart.money import cost_of
from orgchart.read.proposalmodel import (
    Action,
    Create,
    Delete,
    Fund,
    Merge,
    Move,
    Regrade,
    RenameUnit,
    Renumber,
    SetFields,
    Split,
)
from orgchart.text import did_you_mean

# A refusal lists this many posts by id, then how many more.
NAMED = 5


@dataclass(frozen=True)
class Step:
    """An action as it runs: its place in the proposal and the date it gives
    (its own `effective`, or the proposal's: a post it creates starts then)."""

    index: int
    date: dt.date | None
    # Whether an action after this one moves, deletes or merges away a post.
    later: Callable[[str], bool]

    def at(self, *keys: str | int) -> tuple[str | int, ...]:
        return ("actions", self.index, *keys)


def listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMED])
    return shown + (f" and {len(ids) - NAMED} more" if len(ids) > NAMED else "")


def run(state: State, action: Action, step: Step) -> None:
    handlers: dict[type[Action], Callable[[State, Any, Step], None]] = {
        Create: create,
        Delete: delete,
        Move: move,
        Regrade: regrade,
        SetFields: set_fields,
        Fund: fund,
        RenameUnit: rename_unit,
        Split: split,
        Merge: merge,
        Renumber: renumber,
    }
    handlers[type(action)](state, action, step)


def create(state: State, action: Create, step: Step) -> None:
    for number, post in enumerate(action.create):
        at = step.at("create", number)
        taken = post.id in state.posts or post.id in state.gone
        if post.id in state.posts:
            state.error(f"post {post.id!r} already exists: give the new post an id of its own", at)
        elif post.id in state.gone:
            gone = state.gone[post.id]
            state.error(
                f"post {post.id!r} was {gone.how} by the action at line {gone.line}: "
                "give the new post an id of its own",
                at,
            )
        known = [state.find(i, at) for i in [post.reports_to, *post.dotted_to] if i is not None]
        if taken or not all(known):
            continue
        if post.start_date is None and step.date is not None:
            # A post created from a date starts on it: forecasts count it from then.
            if post.end_date is not None and post.end_date < step.date:
                ends = f"post {post.id!r} ends on {post.end_date}"
                state.error(f"{ends}, before it is created on {step.date}", at)
                continue
            post = post.model_copy(update={"start_date": step.date})
        state.put(post, (state.read.file, state.read.line(*at)))


def delete(state: State, action: Delete, step: Step) -> None:
    going = set(action.delete)
    for post_id in action.delete:
        if state.find(post_id, step.at("delete")) is None:
            continue
        left = sorted(
            r for r in state.reports.get(post_id, ()) if r not in going and not step.later(r)
        )
        if left:
            state.error(
                f"cannot delete {post_id!r}: {len(left)} post(s) report to it and no action "
                f"moves or deletes them: {listed(left)}",
                step.at("delete"),
                post_id,
            )
            continue
        state.remove(post_id, Gone("deleted", state.read.line(*step.at())))


def _cycle(state: State, post_id: str, manager: str | None, at: tuple[str | int, ...]) -> bool:
    """Whether putting the post under `manager` would make the lines go round (said if so)."""
    if manager is None:
        return False
    if manager == post_id or post_id in state.above(manager):
        state.error(
            f"cannot move {post_id!r} under {manager!r}: "
            + (
                "a post cannot report to itself"
                if manager == post_id
                else f"{manager!r} is below it"
            ),
            at,
            post_id,
        )
        return True
    return False


def move(state: State, action: Move, step: Step) -> None:
    if action.to is not None and state.find(action.to, step.at("to")) is None:
        return
    origin = state.where(step.index)
    for post_id in action.move:
        post = state.find(post_id, step.at("move"))
        if post is None or _cycle(state, post_id, action.to, step.at("to")):
            continue
        state.put(post.model_copy(update={"reports_to": action.to}), origin)
        if action.unit is not None:
            for each in [post_id, *state.below(post_id)]:
                state.put(state.posts[each].model_copy(update={"unit": action.unit}), origin)


def _revised(
    state: State, post: Post, changes: dict[str, Any], at: tuple[str | int, ...], step: Step
) -> None:
    """The post with `changes` (None: back to its default), checked as a post."""
    data = post.model_dump()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    try:
        revised = Post.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            keys = (str(err["loc"][0]),) if at[-1] == "fields" and err["loc"] else ()
            said = f"{where}: {message}" if where else message
            state.error(f"post {post.id!r}: {said}", (*at, *keys), post.id)
        return
    if all(state.find(d, at) for d in revised.dotted_to if d not in post.dotted_to):
        state.put(revised, state.where(step.index))


def _revise_each(
    state: State, ids: list[str], verb: str, changes: dict[str, Any], key: str, step: Step
) -> None:
    """`changes` to each post named: a problem with a post at the verb's line,
    a problem with a value at `key`'s."""
    for post_id in ids:
        post = state.find(post_id, step.at(verb))
        if post is not None:
            _revised(state, post, changes, step.at(key), step)


def regrade(state: State, action: Regrade, step: Step) -> None:
    _revise_each(state, action.regrade, "regrade", {"grade": action.grade}, "grade", step)


def set_fields(state: State, action: SetFields, step: Step) -> None:
    _revise_each(state, action.set_, "set", action.fields, "fields", step)


def fund(state: State, action: Fund, step: Step) -> None:
    _revise_each(state, action.fund, "fund", {"funding": action.funding}, "funding", step)


def rename_unit(state: State, action: RenameUnit, step: Step) -> None:
    old, new = action.rename_unit.from_, action.rename_unit.to
    units = sorted({p.unit for p in state.posts.values() if p.unit is not None})
    if old not in units:
        hint = did_you_mean(old, units)
        state.error(f"no post is in unit {old!r}{hint}", step.at("rename-unit", "from"))
        return
    origin = state.where(step.index)
    for post in [p for p in state.posts.values() if p.unit == old]:
        state.put(post.model_copy(update={"unit": new}), origin)


def split(state: State, action: Split, step: Step) -> None:
    post = state.find(action.split, step.at("split"))
    if post is None or (action.to is not None and state.find(action.to, step.at("to")) is None):
        return
    if post.count <= action.count:
        state.error(
            f"{post.id!r} is a group of {post.count}: a split takes 1 to {post.count - 1} of "
            "its posts"
            if post.count > 1
            else f"{post.id!r} is one post: only a group (count above 1) can be split",
            step.at("count"),
            post.id,
        )
        return
    if action.id in state.posts or action.id in state.gone:
        state.error(
            f"post {action.id!r} exists or existed: give the new entry another id", step.at("id")
        )
        return
    share = action.count / post.count

    def part(value: float | None, places: int) -> tuple[float | None, float | None]:
        if value is None:
            return None, None
        taken = round(value * share, places)
        return taken, round(value - taken, places)

    (fte_new, fte_old), (cost_new, cost_old) = part(post.fte, 6), part(post.cost, 2)
    origin = state.where(step.index)
    rest = {"count": post.count - action.count, "fte": fte_old, "cost": cost_old}
    state.put(post.model_copy(update=rest), origin)
    new = {"id": action.id, "count": action.count, "fte": fte_new, "cost": cost_new}
    new |= {"reports_to": action.to or post.reports_to, "holder": None}
    state.put(post.model_copy(update=new), origin)


def merge(state: State, action: Merge, step: Step) -> None:
    found = [state.find(i, step.at("merge")) for i in action.merge]
    posts = [p for p in found if p is not None]
    if len(posts) < len(found):
        return
    if action.into not in action.merge:
        state.error(f"into: {action.into!r} must be one of the posts merged", step.at("into"))
        return
    into = state.posts[action.into]
    others = [p for p in posts if p.id != action.into]
    above = set(state.above(into.id))
    over = [p.id for p in others if p.id in above]
    if over:
        state.error(
            f"cannot merge into {into.id!r}: it is below {listed(over)}",
            step.at("into"),
            into.id,
        )
        return
    counts = sum(p.count for p in posts)
    fte = None if all(p.fte is None for p in posts) else sum(p.total_fte for p in posts)
    cost = None
    if any(p.cost is not None for p in posts):
        # Costs as each post was costed, so that merging moves no money.
        # An uncosted post counted as nothing before, and adds nothing now.
        cost = round(sum(cost_of(p, state.grades).value or 0.0 for p in posts), 2)
    origin = state.where(step.index)
    for other in others:
        for report in sorted(state.reports.get(other.id, ())):
            state.put(state.posts[report].model_copy(update={"reports_to": into.id}), origin)
        for dotted in sorted(state.dotted.get(other.id, ())):
            lines = [into.id if d == other.id else d for d in state.posts[dotted].dotted_to]
            lines = [d for d in dict.fromkeys(lines) if d != dotted]
            state.put(state.posts[dotted].model_copy(update={"dotted_to": lines}), origin)
        state.remove(other.id, Gone(f"merged into {into.id!r}", state.read.line(*step.at())))
    update = {"count": counts, "fte": fte, "cost": cost if cost is not None else into.cost}
    state.put(state.posts[into.id].model_copy(update=update), origin)


def renumber(state: State, action: Renumber, step: Step) -> None:
    names: dict[str, str] = {}
    for old, new in action.renumber.items():
        if state.find(old, step.at("renumber")) is None:
            continue
        if new in state.posts or new in state.gone or new in names.values():
            state.error(
                f"cannot renumber {old!r} as {new!r}: that id is taken", step.at("renumber"), old
            )
            continue
        names[old] = new
    state.renumber(names, state.read.line(*step.at()))
