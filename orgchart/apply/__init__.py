"""Applying a proposal: the structure before, changed by a proposal's actions,
as the way in (beside build) for every command that takes a structure after.

`apply_proposal` runs the actions in order (with `at`, only those effective
by that day: a wave) and returns the structure after with every problem: the
actions', each at its line, and the structure's they make, checked as
`validate` checks a file. `build_proposed` is `build` for a proposal read
against a built structure. `timeline` is the structure over time, each post
for the days it is there as each action's own date has it, for forecasts and
part-year effects. Returns data or raises InvalidProposal; never prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from orgchart.apply.actions import Step, run
from orgchart.apply.state import Origin, State
from orgchart.check import validate
from orgchart.errors import InvalidProposal, Issue
from orgchart.model import Structure
from orgchart.read.proposal import ReadProposal, read_proposal
from orgchart.read.proposalmodel import Action, Create, Renumber, SetFields, Split

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.read.proposal import Lines

# A proposal naming at least this many posts, most of them unknown, is for
# another structure: said once, not once a post.
FOREIGN = 4


@dataclass(frozen=True)
class Applied:
    """The structure after, every problem, and where each of its posts was made."""

    structure: Structure
    issues: list[Issue]
    post_lines: list[int | None]
    post_files: list[str]


def in_effect(read: ReadProposal, at: dt.date | None) -> list[int]:
    """The actions that apply by `at` (all, without it), by their place in the proposal."""
    return [i for i, day in enumerate(read.dates) if at is None or day is None or day <= at]


def _foreign(before: Structure, read: ReadProposal, file: str) -> Issue | None:
    """One message for a proposal most of whose posts the structure does not have."""
    made = set()
    for action in read.actions:
        if isinstance(action, Create):
            made |= {p.id for p in action.create}
        elif isinstance(action, Split):
            made.add(action.id)
        elif isinstance(action, Renumber):
            made |= set(action.renumber.values())
    named = list(dict.fromkeys(i for a in read.actions for i in a.named() if i not in made))
    ids = {p.id for p in before.posts}
    unknown = [i for i in named if i not in ids]
    if len(named) < FOREIGN or 2 * len(unknown) <= len(named):
        return None
    return Issue(
        read.file,
        read.line("actions"),
        "error",
        f"{len(unknown)} of the {len(named)} posts this proposal names are not in {file} "
        f"(such as {', '.join(repr(i) for i in unknown[:3])}): is it for another structure?",
    )


def _head(
    before: Structure, read: ReadProposal, date: dt.date | None
) -> tuple[Structure, list[Issue]]:
    """The structure after's own keys: the structure before's, as `structure:` changes them."""
    changes = read.head.structure
    given = changes.model_fields_set
    data: dict[str, Any] = before.model_dump(exclude={"posts"})
    data.update(
        {k: getattr(changes, k) for k in ("notes", "year_start", "span_bands") if k in given}
    )
    data["name"] = changes.name or read.head.proposal
    data["date"] = date
    for key in ("grades", "funding_sources"):
        merged = dict(data[key])
        for code, value in getattr(changes, key).items():
            if value is None:
                merged.pop(code, None)
            else:
                merged[code] = value
        data[key] = merged
    try:
        return Structure.model_validate({**data, "posts": []}), []
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            where = ".".join(map(str, err["loc"]))
            message = err["msg"].removeprefix("Value error, ")
            line = read.line("structure", *map(str, err["loc"][:1]))
            issues.append(Issue(read.file, line, "error", f"structure: {where}: {message}"))
        return before.model_copy(update={"posts": []}), issues


def apply_proposal(
    before: Structure,
    read: ReadProposal,
    *,
    at: dt.date | None = None,
    file: str = "the structure",
    lines: list[int | None] | None = None,
    files: list[str] | None = None,
) -> Applied:
    """`before` as the proposal's actions (those effective by `at`) change it.

    `file`, `lines` and `files` locate the structure before's posts, for
    the problems of the structure after that lie in posts no action touched.
    """
    foreign = _foreign(before, read, file)
    if foreign is not None:
        return Applied(before, [foreign], [], [])
    origins: list[Origin] = [
        (
            (files[k] if files and k < len(files) else file),
            (lines[k] if lines and k < len(lines) else None),
        )
        for k in range(len(before.posts))
    ]
    state = State.of(before, origins, read)
    chosen = in_effect(read, at)
    touched: dict[str, int] = {}  # post -> the last action that takes it from its manager
    for index in chosen:
        touched.update(dict.fromkeys(read.actions[index].leaving(), index))
    for index in chosen:
        action = read.actions[index]
        given = action.effective or read.head.effective
        run(state, action, Step(index, given, _later(touched, index)))
    dates = [d for i in chosen if (d := read.dates[i]) is not None]
    date: dt.date | None = max([d for d in [before.date, *dates] if d is not None], default=None)
    if at is not None:
        date = at
    elif "date" in read.head.structure.model_fields_set:
        date = read.head.structure.date
    head, problems = _head(before, read, date)
    structure, post_lines, post_files = state.structure(head)
    # The structure is checked even after an action failed: that action left
    # its posts as they were, so what validate finds is a problem of its own.
    issues = state.issues + problems + validate(structure, post_lines, read.file, post_files)
    return Applied(structure, issues, post_lines, post_files)


def _later(touched: dict[str, int], index: int) -> Callable[[str], bool]:
    """Whether an action after the one at `index` takes a post from its manager."""
    return lambda post_id: touched.get(post_id, -1) > index


def _unnamed(read: ReadProposal) -> tuple[ReadProposal, set[str]]:
    """The proposal with no holder's name in its actions, and the names taken out."""
    from orgchart.read.redaction import WITHHELD, names_of

    holders: list[str] = []
    actions: list[Action] = []
    for action in read.actions:
        if isinstance(action, Create):
            holders += [p.holder for p in action.create if p.holder]
            posts = [p.model_copy(update={"holder": None}) for p in action.create]
            action = action.model_copy(update={"create": posts})
        elif isinstance(action, SetFields) and action.fields.get("holder"):
            holders.append(str(action.fields["holder"]))
            action = action.model_copy(update={"fields": {**action.fields, "holder": WITHHELD}})
        actions.append(action)
    return replace(read, actions=actions), names_of(holders)


def build_proposed(
    before: Built,
    path: Path,
    *,
    at: dt.date | None = None,
    redact: bool = False,
    sniffed: tuple[Any, Lines] | None = None,
) -> Built:
    """The structure `before` becomes under the proposal at `path`, built as
    `build` builds a file: checked, its warnings kept, and its timeline.

    Raises LoadError when the file cannot be read, InvalidProposal with
    every problem of the proposal and of the structure it makes.
    """
    from orgchart.apply.timeline import timeline
    from orgchart.build import Built
    from orgchart.read.redaction import Scrubber, names_in, scrub_issue, without_names

    read = read_proposal(path, sniffed)
    applied = apply_proposal(
        before.structure,
        read,
        at=at,
        file=before.file,
        lines=before.post_lines,
        files=before.post_files,
    )
    structure, said, scrub = applied.structure, read, Scrubber(set())
    if redact:
        said, names = _unnamed(read)
        scrub = Scrubber(names_in(structure) | names)
        structure = without_names(structure)
    issues = sorted(
        (scrub_issue(i, scrub) for i in applied.issues),
        key=lambda i: (i.file != read.file, i.file, *i.by_line()),
    )
    if any(i.severity == "error" for i in issues):
        # What the structure before was already warned of is not said twice.
        known = set(before.warnings)
        raise InvalidProposal([i for i in issues if i not in known])
    try:
        over_time = timeline(before.structure, read, structure, at)
    except InvalidProposal as exc:
        raise InvalidProposal([scrub_issue(i, scrub) for i in exc.issues]) from None
    return Built(
        read.file,
        structure,
        issues,
        [],
        before.rule_lines,
        post_lines=applied.post_lines,
        post_files=applied.post_files,
        proposal=said,
        timeline=without_names(over_time) if redact else over_time,
    )
