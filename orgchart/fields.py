"""The structure file's vocabulary without its model: the posts' fields in
order, the statuses a post may have, what a funding source's share becomes
when it ends, and the tolerance fractions are compared with.

Part of the foundation, and imports nothing of orgchart. orgchart.model builds on it;
the columnar commands (span, layers, cost and validate of an HR export) need
only this, and so start without pydantic, 0.14 s sooner.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime as dt

# The keys of a post, in the order of orgchart.model.Post's fields (a test
# keeps the two the same): the columns `convert` writes.
POST_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "grade",
    "fte",
    "count",
    "reports_to",
    "dotted_to",
    "assistant",
    "junior",
    "status",
    "cost",
    "pay_min",
    "pay_max",
    "funding",
    "start_date",
    "end_date",
    "unit",
    "holder",
    "notes",
)
# Fractional figures (FTE, funding shares) are compared with a tolerance:
# 0.1 + 0.2 must not exceed 0.3.
TOLERANCE = 1e-9


def enum_word(text: str) -> str:
    """A status (or another word of the vocabulary) as people write it, as its
    value: `Vacant` is vacant, `Fixed Term` and `fixed-term` are fixed_term."""
    return "_".join(text.strip().casefold().replace("-", " ").split())


class Status(StrEnum):
    FILLED = "filled"
    VACANT = "vacant"
    ACTING = "acting"
    INTERIM = "interim"
    TEMPORARY = "temporary"
    FIXED_TERM = "fixed_term"
    SECONDMENT = "secondment"
    AGENCY = "agency"


class AfterEnd(StrEnum):
    """What a funding source's share of a post becomes once the source ends."""

    UNFUNDED = "unfunded"  # nobody pays: a funding cliff
    CORE = "core"  # the core budget pays again, as before a recharge began


class PostFields(Protocol):
    """What the readers of a post need of it, whichever made it: a model.Post
    (a file read row by row) or a table.PostRow (a post of an HR export read
    as columns, whose checks the columns passed, so that a diff of a million
    posts never imports the model's validation for the posts it lists)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def grade(self) -> str | None: ...
    @property
    def fte(self) -> float | None: ...
    @property
    def count(self) -> int: ...
    @property
    def reports_to(self) -> str | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def cost(self) -> float | None: ...
    @property
    def pay_min(self) -> float | None: ...
    @property
    def pay_max(self) -> float | None: ...
    @property
    def funding(self) -> Mapping[str, float]: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def total_fte(self) -> float: ...
    def record(self) -> dict[str, Any]:
        """The post as the structure file writes it: its keys not at their default."""
        ...
