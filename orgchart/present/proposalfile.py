"""Writing a proposal file as an officer would write it: YAML, each action's
verb first, its ids in brackets on one line, created posts as mappings with
only the keys they set; or JSON of the same shape. A proposal written and
read back is the same proposal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from orgchart.errors import UnknownFormat
from orgchart.filetypes import suffix_of
from orgchart.model import plain, post_record
from orgchart.present.writers import NoAliases
from orgchart.read.proposalmodel import Action, Create, Proposal

PROPOSAL_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


class _Flow(list[Any]):
    """A list written on one line: a few ids."""


class _FlowMap(dict[str, Any]):
    """A mapping written on one line: funding shares, a unit's names."""


class _Dumper(NoAliases):
    pass


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)
_BASE = tuple(Action.model_fields)  # effective, note: written last
_ONE_LINE = ("funding", "rename-unit")


def _ids(value: list[str]) -> Any:
    return value[0] if len(value) == 1 else _Flow(value)


def action_dict(action: Action) -> dict[str, Any]:
    """An action as the file writes it: its verb first, then its keys, its date and note."""
    data: dict[str, Any] = plain(action.model_dump(by_alias=True, exclude_defaults=True))
    verb = data.pop(action.verb)
    if isinstance(action, Create):
        posts = [post_record(p) for p in action.create]
        verb = posts[0] if len(posts) == 1 else posts
    elif isinstance(verb, list):
        verb = _ids(verb)
    out: dict[str, Any] = {action.verb: _FlowMap(verb) if action.verb in _ONE_LINE else verb}
    for key, value in data.items():
        if key not in _BASE:
            out[key] = _FlowMap(value) if key in _ONE_LINE else value
    return out | {k: data[k] for k in _BASE if k in data}


def proposal_dict(proposal: Proposal) -> dict[str, Any]:
    head = plain(proposal.model_dump(exclude={"actions", "structure"}, exclude_defaults=True))
    changes = plain(proposal.structure.model_dump(exclude_unset=True))
    data: dict[str, Any] = {"proposal": proposal.proposal}
    data |= {k: v for k, v in head.items() if k != "proposal"}
    if changes:
        data["structure"] = changes
    data["actions"] = [action_dict(a) for a in proposal.actions]
    return data


def proposal_yaml(proposal: Proposal) -> str:
    text: str = yaml.dump(
        proposal_dict(proposal),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )
    return text


def proposal_json(proposal: Proposal) -> str:
    return json.dumps(proposal_dict(proposal), indent=2, ensure_ascii=False, default=str) + "\n"


def proposal_writer(path: Path) -> Callable[[Proposal], str]:
    """The writer a proposal file's suffix picks. Raises UnknownFormat."""
    kind = PROPOSAL_SUFFIXES.get(suffix_of(path))
    if kind is None:
        raise UnknownFormat(f"cannot write a proposal to {path.name!r}: use .yaml, .yml or .json")
    return proposal_yaml if kind == "yaml" else proposal_json
