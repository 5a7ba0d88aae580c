"""The report's "Proposed changes": a proposal's actions in its order and in
its words, each with the posts it names, the day it takes effect and its note.

Posts are named by title and id, as the rest of the report names them, from
the structure before and the posts the proposal creates. Text only: the
templates escape it for HTML, Markdown and Word.
"""

from __future__ import annotations

from typing import Any

from orgchart.build import Built
from orgchart.model import Structure
from orgchart.read.proposal import ReadProposal
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
from orgchart.text import printable, show

# A sentence names this many posts, then how many more.
NAMED = 8


def _and(items: list[str]) -> str:
    if len(items) > NAMED:
        items = [*items[:NAMED], f"{len(items) - NAMED} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _share(funding: dict[str, float]) -> str:
    if not funding:
        return "from the core budget"
    return _and([f"{source} {share:.0%}" for source, share in funding.items()])


def _value(value: Any) -> str:
    if isinstance(value, str):
        return f"“{printable(value)}”"
    return printable(show(value))


class _Words:
    """Each action in words, posts named by title and id."""

    def __init__(self, read: ReadProposal, before: Structure) -> None:
        self.titles = {p.id: p.title for p in before.posts}
        for action in read.actions:
            if isinstance(action, Create):
                self.titles |= {p.id: p.title for p in action.create}

    def post(self, post_id: str | None) -> str:
        if post_id is None:
            return "the top of the structure"
        title = self.titles.get(post_id)
        return printable(f"{title} ({post_id})" if title else post_id)

    def posts(self, ids: list[str]) -> str:
        return _and([self.post(i) for i in ids])

    def said(self, action: Action) -> str:
        if isinstance(action, Create):
            return "Create " + self.posts([p.id for p in action.create])
        if isinstance(action, Delete):
            return "Delete " + self.posts(action.delete)
        if isinstance(action, Move):
            each = "with the posts below it" if len(action.move) == 1 else "each with its posts"
            unit = f", into the unit {printable(action.unit)}" if action.unit else ""
            return f"Move {self.posts(action.move)}, {each}, to {self.post(action.to)}{unit}"
        if isinstance(action, Regrade):
            return f"Regrade {self.posts(action.regrade)} to {printable(action.grade)}"
        if isinstance(action, SetFields):
            fields = "; ".join(
                f"{k.replace('_', ' ')} {_value(v)}" for k, v in action.fields.items()
            )
            return f"Change {self.posts(action.set_)}: {fields}"
        if isinstance(action, Fund):
            return f"Fund {self.posts(action.fund)}: {printable(_share(action.funding))}"
        if isinstance(action, RenameUnit):
            names = action.rename_unit
            return f"Rename the unit {printable(names.from_)} to {printable(names.to)}"
        if isinstance(action, Split):
            manager = f", reporting to {self.post(action.to)}" if action.to else ""
            return (
                f"Split {action.count} of {self.post(action.split)} into a new entry "
                f"{printable(action.id)}{manager}"
            )
        if isinstance(action, Merge):
            return f"Merge {self.posts(action.merge)} into {self.post(action.into)}"
        assert isinstance(action, Renumber)
        return "Renumber " + _and(
            [f"{self.post(old)} as {printable(new)}" for old, new in action.renumber.items()]
        )


def proposed_changes(read: ReadProposal, before: Structure) -> list[str]:
    """Each action as a sentence, in the proposal's order."""
    from orgchart.present.report.parts import day

    words = _Words(read, before)
    out = []
    for action, date in zip(read.actions, read.dates, strict=True):
        line = words.said(action) + (f" (from {day(date)})" if date else "") + "."
        if action.note:
            line += " " + printable(action.note)
        out.append(line)
    return out


# Said under the figures of a report from a proposal: why its years differ
# from those of the structure after alone.
TIMELINE_NOTE = (
    "Costs by financial year count each post as the proposal changes it: as it was "
    "until the day its action takes effect, as the action makes it from then."
)


def proposal_parts(old: Built, new: Built) -> tuple[list[str], list[str]]:
    """What a report from a proposal adds: its actions in words, and its notes
    (none, for a report from a structure file)."""
    if new.proposal is None:
        return [], []
    return proposed_changes(new.proposal, old.structure), [TIMELINE_NOTE]
