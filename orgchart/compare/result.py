"""What a diff finds, as data: posts added, removed, moved and changed, alike
changes, spans, the summary of cost, and the pairs matching made.

Both diffs (compare.diff on graphs, compare.columnar on tables) return a Diff;
every presenter reads one. Totals are kept as tables print them (FTE to the
hundredth, cost to the pound), so a difference is that of the figures shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orgchart.fields import POST_FIELDS
from orgchart.measure.metrics import CostLine
from orgchart.text import Kind, difference, printed

if TYPE_CHECKING:
    from orgchart.compare.matching import Pair
    from orgchart.fields import PostFields

# Fields reported as changes; reports_to is reported as a move.
COMPARED = tuple(f for f in POST_FIELDS if f not in ("id", "reports_to"))


@dataclass(frozen=True)
class Move:
    id: str
    before: str | None  # manager before; None for a top post
    after: str | None
    with_reports: int  # posts below it before and after (a group of k counts k)


@dataclass(frozen=True)
class Change:
    id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Uniform:
    """One change made alike to many posts: a pay uplift, a unit renamed."""

    field: str  # a compared field, or "pay" for the pay band (pay_min and pay_max)
    rule: str  # what was done, in words: "raised +1.9% to +2.1%", "'X' renamed 'Y'"
    posts: list[str]  # ids, sorted


@dataclass(frozen=True)
class Tally:
    """Each post touched counted once, in one kind (a group of k counts k):
    created, deleted, moved, gone with a post that moved, or else changed."""

    created: int = 0
    created_fte: float = 0.0
    deleted: int = 0
    deleted_fte: float = 0.0
    moved: int = 0
    carried: int = 0  # below a moved post, before and after: "with N reports"
    changed: int = 0  # posts changed that are none of the above

    @property
    def touched(self) -> int:
        return self.created + self.deleted + self.moved + self.carried + self.changed


@dataclass(frozen=True)
class SpanChange:
    id: str
    title: str
    before: int | None  # direct reports; None where the post is not there
    after: int | None
    band_before: str | None
    band_after: str | None


@dataclass(frozen=True)
class GroupDelta:
    key: str
    before: CostLine
    after: CostLine
    delta: CostLine


@dataclass(frozen=True)
class PartYear:
    """The change's effect on cost from the day it takes effect to its year's end."""

    year: str  # the financial year, such as 2022/23
    start: dt.date  # the day the change takes effect
    end: dt.date  # the last day of that financial year
    before: float
    after: float
    delta: float


@dataclass(frozen=True)
class Summary:
    before: CostLine
    after: CostLine
    delta: CostLine
    by: list[GroupDelta] | None = None
    part_year: PartYear | None = None


@dataclass(frozen=True)
class Diff:
    added: list[PostFields]  # a model.Post, or a table.PostRow from the diff of tables
    removed: list[PostFields]
    moved: list[Move]
    changed: list[Change]
    spans: list[SpanChange]
    summary: Summary
    titles: dict[str, str] = field(default_factory=dict)  # id -> title, for labels
    source_ends: dict[str, dt.date] = field(default_factory=dict)  # funding source -> last day
    # posts paired by similarity, not by id: compared under the id after
    matched: list[Pair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    uniform: list[Uniform] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    # each post's effect on the annual cost, by id: added, removed, and changed
    effects: dict[str, float] = field(default_factory=dict)
    retyped: int = 0  # differences only of case, spacing or punctuation, left out
    pairing: str | None = None  # what matching by similarity paired, in a sentence

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed or self.matched)


def as_printed(line: CostLine) -> CostLine:
    """A line of totals as tables print it (text.printed): FTE to the
    hundredth, cost to the pound."""
    return CostLine(
        line.key,
        line.posts,
        printed(line.fte, Kind.FTE),
        printed(line.cost, Kind.MONEY),
        line.counts,
    )


def delta(before: CostLine, after: CostLine, key: str) -> CostLine:
    """After less before, of the figures as printed (text.difference): the
    difference a reader works out from the table is the one it shows."""
    return CostLine(
        key,
        after.posts - before.posts,
        difference(before.fte, after.fte, Kind.FTE),
        difference(before.cost, after.cost, Kind.MONEY),
        before.counts or after.counts,
    )
