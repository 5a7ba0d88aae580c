"""Reading a proposal: a restructure written as dated actions on a structure.

A proposal file (YAML or JSON) has a title (`proposal:`), a default date
(`effective:`), changes to the structure's header (`structure:`) and a list
of `actions:`, each naming posts by id. It is told from a structure file by
its top-level `proposal:` or `actions:` key (`sniff`). Each action is
validated on its own, so that every problem is reported at once, at the line
of the action or of its key, against the models of read.proposalmodel.
Whether an action fits the structure it changes is for orgchart.apply to say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from orgchart.errors import InvalidProposal, Issue
from orgchart.fields import POST_FIELDS
from orgchart.filetypes import READ, suffix_of
from orgchart.read.proposalmodel import (
    ACTIONS,
    SETTABLE,
    Action,
    Create,
    Merge,
    ProposalHead,
    SetFields,
)
from orgchart.text import clip, did_you_mean

Lines = Mapping[tuple[str | int, ...], int]
# Lines are kept down to a created post's keys: ("actions", 2, "create", 0, "fte").
DEPTH = 5
PROPOSAL_KEYS = frozenset({"proposal", "actions"})
# A key that may be a proposal's, anywhere in a file: only then is it parsed to see.
_MAYBE = re.compile(r"""(?:^|[\s{,])["']?(?:proposal|actions)["']?[ \t]*:""", re.MULTILINE)


@dataclass(frozen=True)
class ReadProposal:
    """A proposal as read: its head, each action, and the line of each part."""

    file: str
    head: ProposalHead
    actions: list[Action]
    lines: Lines

    def line(self, *path: str | int) -> int | None:
        """The line of `path`, or of the nearest part of the file holding it."""
        for size in range(len(path), 0, -1):
            found = self.lines.get(path[:size])
            if found is not None:
                return found
        return None

    @cached_property
    def dates(self) -> list[dt.date | None]:
        """The day each action takes effect: its own `effective`, else the
        proposal's, else the latest day of the actions before it (they apply
        in order), else none: in effect from the start."""
        out: list[dt.date | None] = []
        latest: dt.date | None = None
        for action in self.actions:
            day = action.effective or self.head.effective or latest
            out.append(day)
            latest = max(latest, day) if latest and day else latest or day
        return out


def sniff(path: Path) -> tuple[Any, Lines] | None:
    """The document and lines of a proposal file; None for any other file
    (a structure file is told by having neither `proposal:` nor `actions:`)."""
    from orgchart.read.source import read_text

    kind = READ.get(suffix_of(path))
    if kind not in ("yaml", "json"):
        return None
    text = read_text(path)
    if not _MAYBE.search(text):
        return None
    data, lines = _parse(text, str(path), kind)
    return (data, lines) if isinstance(data, dict) and PROPOSAL_KEYS & data.keys() else None


def _parse(text: str, file: str, kind: str) -> tuple[Any, Lines]:
    if kind == "json":
        from orgchart.read.jsonfile import read_json

        return read_json(text, file, listed="actions")
    from orgchart.read.yamlfile import read_events

    return read_events(text, file, depth=DEPTH)


def read_proposal(path: Path, sniffed: tuple[Any, Lines] | None = None) -> ReadProposal:
    """Read a proposal file. Raises LoadError when it cannot be read at all,
    InvalidProposal with every problem in it."""
    from orgchart.read.source import read_text

    if sniffed is None:
        kind = READ.get(suffix_of(path))
        if kind not in ("yaml", "json"):
            raise InvalidProposal(
                [Issue(str(path), None, "error", "a proposal is a .yaml, .yml or .json file")]
            )
        sniffed = _parse(read_text(path), str(path), kind)
    return proposal_from_data(*sniffed, str(path))


def _problems(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """Each problem pydantic found: where it is (its keys) and what it is."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc)
        if err["type"] == "missing":
            message = f"missing required key {where!r}"
        elif err["type"] == "extra_forbidden":
            message = f"unknown key {str(loc[-1])!r}"
        else:
            got = err.get("input")
            shown = "" if isinstance(got, dict | list) or not loc else f" (got {clip(got)})"
            text = err["msg"].removeprefix("Value error, ")
            message = f"{where}: {text}{shown}" if where else text
        out.append((loc, message))
    return out


def proposal_from_data(data: Any, lines: Lines, file: str) -> ReadProposal:
    """Validate a proposal's plain data. Raises InvalidProposal with every problem."""
    issues: list[Issue] = []

    def error(message: str, *path: str | int) -> None:
        line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), None)
        issues.append(Issue(file, line, "error", message))

    if data is None:
        raise InvalidProposal(
            [
                Issue(
                    file,
                    None,
                    "error",
                    "the file is empty: a proposal needs 'proposal' and 'actions'",
                )
            ]
        )
    if not isinstance(data, dict):
        raise InvalidProposal(
            [Issue(file, 1, "error", "a proposal must be a mapping of 'proposal', 'actions' ...")]
        )
    head_keys = set(ProposalHead.model_fields)
    for key in data:
        if key not in head_keys and key != "actions":
            error(f"unknown key {key!r}{did_you_mean(key, sorted({*head_keys, 'actions'}))}", key)
    head: ProposalHead | None = None
    try:
        head = ProposalHead.model_validate({k: v for k, v in data.items() if k in head_keys})
    except ValidationError as exc:
        for loc, message in _problems(exc):
            error(message, *loc)
    raw = data.get("actions")
    if not raw:
        error("the proposal has no actions: give a list of them under 'actions'", "actions")
        raw = []
    elif not isinstance(raw, list):
        error("'actions' must be a list of actions", "actions")
        raw = []
    actions = [_action(item, index, error) for index, item in enumerate(raw)]
    if issues or head is None:
        raise InvalidProposal(issues)
    return ReadProposal(file, head, [a for a in actions if a is not None], lines)


def _action(raw: Any, index: int, error: Any) -> Action | None:
    at = ("actions", index)
    if not isinstance(raw, dict):
        error(f"action {index + 1} must be a mapping such as 'delete: [ID]'", *at)
        return None
    verbs = [k for k in raw if k in ACTIONS]
    if len(verbs) > 1:
        error(f"one action at a time: this one says {' and '.join(verbs)}", *at)
        return None
    if not verbs:
        hints = [did_you_mean(str(k), list(ACTIONS)) for k in raw]
        hint = next((h for h in hints if h), "")
        error(f"action {index + 1} names no action: give one of {', '.join(ACTIONS)}{hint}", *at)
        return None
    verb = verbs[0]
    model = ACTIONS[verb]
    try:
        action = model.model_validate(raw)
    except ValidationError as exc:
        for loc, message in _problems(exc):
            error(_said(model, raw, loc, message), *at, *_in_file(model, raw, loc))
        return None
    if isinstance(action, SetFields):
        wrong = _unsettable(action.fields)
        for key, message in wrong:
            error(f"set: fields: {message}", *at, "fields", key)
        if wrong:
            return None
    return action


def _said(model: type[Action], raw: dict[str, Any], loc: tuple[Any, ...], message: str) -> str:
    """A problem with an action, in words: the verb first, then the post or key."""
    verb = model.verb
    if loc == (verb,) and "at least" in message:
        return "merge: names fewer than two posts" if model is Merge else f"{verb}: names no posts"
    if message.startswith("unknown key"):
        keys = sorted(f.alias or name for name, f in model.model_fields.items())
        return f"{verb}: {message}{did_you_mean(str(loc[-1]), keys)}"
    if model is Create and len(loc) > 1 and isinstance(loc[1], int):
        items = raw[verb] if isinstance(raw[verb], list) else [raw[verb]]
        item = items[loc[1]] if loc[1] < len(items) else None
        post_id = item.get("id") if isinstance(item, dict) else None
        label = f"post {str(post_id)!r}" if post_id is not None else f"post #{loc[1] + 1}"
        where = ".".join(map(str, loc[2:]))
        if message.startswith("missing"):
            return f"create: {label}: missing required key {where!r}"
        if message.startswith("unknown key"):
            return f"create: {label}: {message}{did_you_mean(str(loc[-1]), POST_FIELDS)}"
        text = message.split(": ", 1)[1]
        return f"create: {label}: {where}: {text}" if where else f"create: {label}: {text}"
    return f"{verb}: {message}"


def _in_file(model: type[Action], raw: dict[str, Any], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """An action's problem's keys as the file has them: a create of one post
    (a mapping, not a list) has no index in the file."""
    if model is Create and isinstance(raw.get("create"), dict) and len(loc) > 1:
        return (loc[0], *loc[2:])
    return loc


def _unsettable(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys of a `set` action's fields that name no field it may set."""
    instead = {"id": "renumber the post instead", "reports_to": "move the post instead"}
    return [
        (key, f"{key!r} cannot be set: {instead[key]}")
        if key in instead
        else (key, f"unknown field {key!r}{did_you_mean(key, SETTABLE)}")
        for key in fields
        if key not in SETTABLE
    ]
