"""The proposal file's model: its head, and each action a proposal may take,
with its keys and what they mean.

Pydantic models, so that each action is checked as it is read and the
proposal file has a JSON Schema (`orgchart schema --proposal`). What an
action does to a structure is orgchart.apply's; reading the file, with a
line for every problem, is read.proposal's.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from orgchart.fields import POST_FIELDS
from orgchart.model import FundingSource, Post


def _text(value: Any) -> Any:
    # `id: 101` is read as a number; an id is text, as in a structure file.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _listed(value: Any) -> Any:
    """One id, or a list of them."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [_text(value)]
    return [_text(v) for v in value] if isinstance(value, list) else value


Id = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Ids = Annotated[list[Id], BeforeValidator(_listed), Field(min_length=1)]
DATE_HELP = (
    "The day it takes effect (YYYY-MM-DD); default: the proposal's `effective`, else "
    "the day of the action before it."
)


class Action(BaseModel):
    """What every action may carry besides its verb."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, populate_by_name=True
    )
    verb: ClassVar[str]

    effective: dt.date | None = Field(default=None, description=DATE_HELP)
    note: str | None = Field(default=None, description="Why: shown in the report.")

    def named(self) -> list[str]:
        """The ids of posts this action needs to exist when it runs."""
        return []

    def leaving(self) -> list[str]:
        """The posts this action takes from their manager: moved, deleted, merged away."""
        return []


class Create(Action):
    verb = "create"
    create: Annotated[
        list[Post],
        BeforeValidator(lambda v: [v] if isinstance(v, dict) else v),
        Field(min_length=1, description="A post, or a list of posts, as a structure file's."),
    ]

    def named(self) -> list[str]:
        return [p.reports_to for p in self.create if p.reports_to is not None] + [
            d for p in self.create for d in p.dotted_to
        ]


class Delete(Action):
    verb = "delete"
    delete: Ids = Field(description="The posts deleted.")

    def named(self) -> list[str]:
        return list(self.delete)

    def leaving(self) -> list[str]:
        return list(self.delete)


class Move(Action):
    verb = "move"
    move: Ids = Field(description="The posts moved, each with every post below it.")
    to: Id | None = Field(description="Their new line manager; null for a top post.")
    unit: str | None = Field(
        default=None, description="The unit they and every post below them join."
    )

    def named(self) -> list[str]:
        return [*self.move, *([self.to] if self.to is not None else [])]

    def leaving(self) -> list[str]:
        return list(self.move)


class Regrade(Action):
    verb = "regrade"
    regrade: Ids
    grade: str = Field(min_length=1, description="The posts' new grade.")

    def named(self) -> list[str]:
        return list(self.regrade)


# Every post field but these may be set: an id is renumbered, a manager moved to.
SETTABLE = tuple(f for f in POST_FIELDS if f not in ("id", "reports_to"))


class SetFields(Action):
    verb = "set"
    set_: Ids = Field(alias="set")
    fields: dict[str, Any] = Field(
        min_length=1,
        description="Post fields and their new values (null: back to the default); "
        "any field but id and reports_to.",
    )

    def named(self) -> list[str]:
        return list(self.set_)


class Fund(Action):
    verb = "fund"
    fund: Ids
    funding: dict[str, float] = Field(
        description="Funding source -> share of cost, replacing the posts' funding; "
        "{} for the core budget."
    )

    def named(self) -> list[str]:
        return list(self.fund)


class UnitRename(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    from_: str = Field(alias="from", min_length=1)
    to: str = Field(min_length=1)


class RenameUnit(Action):
    verb = "rename-unit"
    rename_unit: UnitRename = Field(alias="rename-unit", description="{from: name, to: name}")


class Split(Action):
    verb = "split"
    split: Id = Field(description="A group post (count above 1).")
    count: int = Field(ge=1, description="How many of its posts go to the new entry.")
    id: Id = Field(description="The new entry's id.")
    to: Id | None = Field(default=None, description="The new entry's manager; default: the same.")

    def named(self) -> list[str]:
        return [self.split, *([self.to] if self.to is not None else [])]


class Merge(Action):
    verb = "merge"
    merge: Annotated[list[Id], BeforeValidator(_listed), Field(min_length=2)]
    into: Id = Field(description="The post that stays; one of those merged.")

    def named(self) -> list[str]:
        return list(self.merge)

    def leaving(self) -> list[str]:
        return [i for i in self.merge if i != self.into]


class Renumber(Action):
    verb = "renumber"
    renumber: Annotated[
        dict[Id, Id],
        BeforeValidator(
            lambda v: {_text(k): _text(i) for k, i in v.items()} if isinstance(v, dict) else v
        ),
        Field(min_length=1, description="Old id -> new id."),
    ]

    def named(self) -> list[str]:
        return list(self.renumber)


ACTIONS: dict[str, type[Action]] = {
    a.verb: a
    for a in (Create, Delete, Move, Regrade, SetFields, Fund, RenameUnit, Split, Merge, Renumber)
}
AnyAction = (
    Create | Delete | Move | Regrade | SetFields | Fund | RenameUnit | Split | Merge | Renumber
)


class StructureChanges(BaseModel):
    """The structure after's own keys, where they differ from the structure before's."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    name: str | None = Field(default=None, min_length=1, description="Default: the proposal's.")
    date: dt.date | None = Field(
        default=None, description="Default: the day the last action applied takes effect."
    )
    notes: str | None = None
    grades: dict[str, float | None] = Field(
        default_factory=dict, description="Grades added or re-costed; null removes one."
    )
    funding_sources: dict[str, str | FundingSource | None] = Field(
        default_factory=dict, description="Sources added or changed; null removes one."
    )
    year_start: str | None = None
    span_bands: list[float] | None = None


class ProposalHead(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    proposal: str = Field(min_length=1, description="What the proposal is called.")
    notes: str | None = None
    effective: dt.date | None = Field(default=None, description="Default date of every action.")
    structure: StructureChanges = Field(default_factory=StructureChanges)


class Proposal(ProposalHead):
    """A restructure as actions, applied in order to the structure before."""

    actions: list[AnyAction] = Field(min_length=1)
