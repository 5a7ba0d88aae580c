"""Money: what a post costs, and who pays it when (financial years, part
years, funding cliffs). The one home of these rules, for checks, measures
and the diff alike; it imports only the model.

A post costs its own `cost`, else its grade's cost x FTE, else the midpoint
of its pay band x FTE (an estimate), else nothing is known; its pay for 1.0
FTE follows the same rule, and is published in £5,000 bands.
A financial year starts on 1 April unless the structure's `year_start` (or
the caller) says otherwise. Part years are counted by months:
each month costs a twelfth of the annual cost, and a part month its share of
days. A post's funding share is paid by its source between the source's
`start` and `end`; outside them the share is `unfunded`, or `core` for a
source whose `after_end` is core (a recharge of a post the core budget paid
before). What no source pays is `core`. The calendar's first and last days
(0001-01-01, 9999-12-31, HR systems' "no start", "no end") are open ends;
a financial year the calendar cannot hold is a BadYear. Returns data; never prints.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from orgchart.errors import OrgchartError
from orgchart.fields import TOLERANCE, AfterEnd

if TYPE_CHECKING:
    from orgchart.model import Post, Structure

CORE_FUNDING = "core"
UNFUNDED = "unfunded"
DEFAULT_YEAR_START = "04-01"
DAY = dt.timedelta(days=1)


def open_start(day: dt.date | None) -> dt.date | None:
    """A first day, None when open: 0001-01-01 is how HR systems write "no start"."""
    return None if day == dt.date.min else day


def open_end(day: dt.date | None) -> dt.date | None:
    """A last day, None when open: 9999-12-31 is how HR systems write "no end"."""
    return None if day == dt.date.max else day


def total(values: Iterable[float]) -> float:
    """The sum of many figures, exact and then rounded once: the same whatever
    the order, so that a total does not depend on how a file sorts its posts,
    nor on whether posts were summed one by one or as a column."""
    return math.fsum(values)


class Cost(NamedTuple):
    # A tuple, not a frozen dataclass: one is made for every post, 1.7x faster.
    value: float | None  # None: nothing to cost the post from
    estimated: bool = False  # from a pay band rather than a given cost or grade


def cost_of(post: Post, grades: dict[str, float]) -> Cost:
    """A post's annual cost: its own cost, else grade cost x FTE, else pay band midpoint x FTE."""
    if post.cost is not None:
        return Cost(post.cost)
    if post.grade is not None and post.grade in grades:
        return Cost(grades[post.grade] * post.total_fte)
    if post.pay_min is not None and post.pay_max is not None:
        return Cost((post.pay_min + post.pay_max) / 2 * post.total_fte, estimated=True)
    return Cost(None)


class PayFrom(StrEnum):
    """Where a post's pay figure comes from: its own cost (one person's pay),
    its grade's rate, or a pay band (the band's midpoint, an estimate)."""

    COST = "cost"
    GRADE = "grade"
    BAND = "band"


class Pay(NamedTuple):
    """Annual pay for 1.0 FTE: the figure, and the range it is known to lie in
    (the figure itself, or the pay band it was estimated from)."""

    value: float
    low: float
    high: float
    source: PayFrom


def pay_of(post: Post, grades: dict[str, float]) -> Pay | None:
    """A post's pay for 1.0 FTE, by cost_of's rule: its cost per FTE, else its
    grade's rate, else the midpoint of its pay band; None when none is known."""
    if post.cost is not None:
        value = post.cost / post.total_fte
        return Pay(value, value, value, PayFrom.COST)
    if post.grade is not None and post.grade in grades:
        rate = grades[post.grade]
        return Pay(rate, rate, rate, PayFrom.GRADE)
    if post.pay_min is not None and post.pay_max is not None:
        return Pay((post.pay_min + post.pay_max) / 2, post.pay_min, post.pay_max, PayFrom.BAND)
    return None


# Published pay is told in £5,000 bands, 70,000 to 74,999 (organograms' "Actual
# Pay Floor/Ceiling", the Transparency Code's brackets); the Code's brackets
# start at £50,000.
BAND_WIDTH = 5000
BRACKETS_FROM = 50000


def pay_band(low: float, high: float) -> tuple[int, int]:
    """The £5,000 bands that hold pay from `low` to `high`, as (floor, ceiling):
    73,210 is 70,000 to 74,999; a pay on an edge (75,000) starts its band."""
    floor = int(low // BAND_WIDTH) * BAND_WIDTH
    return floor, int(high // BAND_WIDTH) * BAND_WIDTH + BAND_WIDTH - 1


def bracket(low: float, high: float) -> tuple[int, int] | None:
    """The Transparency Code's bracket of a pay: its £5,000 band, or None below
    the first bracket (£50,000)."""
    return None if high < BRACKETS_FROM else pay_band(low, high)


def costless(posts: list[Post], grades: dict[str, float]) -> list[int]:
    """The index of each post cost_of gives no cost: its rule, asked of a whole
    structure at once without making a Cost a post."""
    return [
        i
        for i, p in enumerate(posts)
        if p.cost is None and p.grade not in grades and (p.pay_min is None or p.pay_max is None)
    ]


class BadYear(OrgchartError):
    """A financial year or year start given by the caller is not one."""


@dataclass(frozen=True, order=True)
class FinancialYear:
    start: dt.date
    end: dt.date  # the last day, inclusive

    @property
    def label(self) -> str:
        """2024/25, or 2024 for a year that starts on 1 January."""
        if (self.start.month, self.start.day) == (1, 1):
            return str(self.start.year)
        return f"{self.start.year}/{(self.start.year + 1) % 100:02d}"

    def next(self) -> FinancialYear:
        return year_from(self.start.year + 1, (self.start.month, self.start.day))


def parse_year_start(text: str) -> tuple[int, int]:
    """MM-DD as (month, day); a day every year has, so not 02-29."""
    if re.fullmatch(r"\d\d-\d\d", text):
        try:
            day = dt.date(2001, int(text[:2]), int(text[3:]))
            return day.month, day.day
        except ValueError:
            pass
    raise BadYear(f"year start {text!r} is not a day of the year as MM-DD, such as 04-01")


def year_start_of(structure: Structure, override: str | None = None) -> tuple[int, int]:
    return parse_year_start(override or structure.year_start or DEFAULT_YEAR_START)


def year_from(first_year: int, start: tuple[int, int]) -> FinancialYear:
    """The financial year starting in `first_year`; BadYear where the calendar
    (0001-01-01 to 9999-12-31) does not hold all of it."""
    if start == (1, 1) and first_year == dt.MAXYEAR:
        return FinancialYear(dt.date(first_year, 1, 1), dt.date.max)
    if not dt.MINYEAR <= first_year < dt.MAXYEAR:
        side = "before 0001-01-01" if first_year < dt.MINYEAR else "after 9999-12-31"
        raise BadYear(
            f"the financial year starting in {first_year} runs {side}, beyond the calendar"
        )
    begin = dt.date(first_year, *start)
    return FinancialYear(begin, dt.date(first_year + 1, *start) - DAY)


def year_of(day: dt.date, start: tuple[int, int]) -> FinancialYear:
    """The financial year that holds `day`; BadYear for a day in a year the calendar cuts short."""
    try:
        return year_from(day.year if (day.month, day.day) >= start else day.year - 1, start)
    except BadYear:
        raise BadYear(
            f"{day} is in a financial year that runs beyond the calendar (0001-01-01 to 9999-12-31)"
        ) from None


def parse_year(text: str, start: tuple[int, int]) -> FinancialYear:
    """A financial year named as 2024/25 (or 2024-25, 2024/2025; 2024 when it starts 1 January)."""
    match = re.fullmatch(r"(\d{4})(?:[/-](\d{2}|\d{4}))?", text.strip())
    if match:
        first = int(match.group(1))
        second = match.group(2)
        if second is None and start == (1, 1):
            return year_from(first, start)
        if second is not None and int(second) in {(first + 1) % 100, first + 1}:
            return year_from(first, start)
    raise BadYear(f"{text!r} is not a financial year such as 2024/25")


def months(first: dt.date, last: dt.date) -> float:
    """The span first..last (inclusive) in months: whole months count 1, a part
    month its share of days. Empty when last is before first."""
    total = 0.0
    day = first
    while day <= last:
        in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=in_month)
        until = min(month_end, last)
        total += ((until - day).days + 1) / in_month
        if until == dt.date.max:
            break  # no day after the calendar's last
        day = month_end + DAY
    return total


@dataclass(frozen=True)
class Piece:
    """A share of a post's cost, paid by one payer between two days (None: open)."""

    payer: str
    share: float
    start: dt.date | None
    end: dt.date | None


def pieces(post: Post, structure: Structure) -> list[Piece]:
    """Who pays which share of `post`, and when, sorted by payer and start."""
    out: list[Piece] = []
    rest = 1 - sum(post.funding.values())
    if rest > TOLERANCE:
        out.append(Piece(CORE_FUNDING, rest, None, None))
    for code, share in sorted(post.funding.items()):
        source = structure.source(code)
        outside = CORE_FUNDING if source.after_end is AfterEnd.CORE else UNFUNDED
        first, last = open_start(source.start), open_end(source.end)
        if first is not None:
            out.append(Piece(outside, share, None, first - DAY))
        out.append(Piece(code, share, first, last))
        if last is not None:
            out.append(Piece(outside, share, last + DAY, None))
    return out


def overlap(
    start: dt.date, end: dt.date, *windows: tuple[dt.date | None, dt.date | None]
) -> tuple[dt.date, dt.date]:
    """start..end narrowed by each (from, to) window; None ends are open."""
    for low, high in windows:
        if low is not None:
            start = max(start, low)
        if high is not None:
            end = min(end, high)
    return start, end


@dataclass(frozen=True)
class Cliff:
    """Posts that go on after a funding source ends, leaving its share unpaid."""

    source: str
    end: dt.date
    posts: list[str]  # ids, sorted
    count: int  # posts, a group of N counting N
    permanent: int  # of them, posts with no end date
    annual_cost: float  # the source's share of their annual cost
    permanent_cost: float  # the part of it for posts with no end date


def _paid(structure: Structure, posts: list[Post], code: str) -> float:
    """The share of the posts' annual cost that `code` pays."""
    return round(
        sum((cost_of(p, structure.grades).value or 0.0) * p.funding[code] for p in posts), 2
    )


def cliffs(structure: Structure) -> list[Cliff]:
    """Every source with an end (and no return to core) that posts outlive, by source."""
    found = []
    for code in sorted({c for p in structure.posts for c in p.funding}):
        source = structure.source(code)
        end = open_end(source.end)
        if end is None or source.after_end is AfterEnd.CORE:
            continue
        going_on = [
            p
            for p in structure.posts
            if code in p.funding and (p.end_date is None or p.end_date > end)
        ]
        if going_on:

            def paid(posts: list[Post], code: str = code) -> float:
                shares = (
                    (cost_of(p, structure.grades).value or 0.0) * p.funding[code] for p in posts
                )
                return round(sum(shares), 2)

            found.append(
                Cliff(
                    source=code,
                    end=end,
                    posts=sorted(p.id for p in going_on),
                    count=sum(p.count for p in going_on),
                    permanent=sum(p.count for p in going_on if p.end_date is None),
                    annual_cost=_paid(structure, going_on, code),
                    permanent_cost=_paid(
                        structure, [p for p in going_on if p.end_date is None], code
                    ),
                )
            )
    return found


def cost_between(structure: Structure, posts: list[Post], first: dt.date, last: dt.date) -> float:
    """What `posts` cost from `first` to `last` (inclusive), each for the days it exists."""
    total = 0.0
    for post in posts:
        annual = cost_of(post, structure.grades).value
        if annual is not None:
            start, end = overlap(first, last, (post.start_date, post.end_date))
            total += annual * months(start, end) / 12
    return round(total, 2)


def source_ends(*structures: Structure) -> dict[str, dt.date]:
    """Each funding source's last day, where one is given (later structures win)."""
    ends: dict[str, dt.date] = {}
    for structure in structures:
        for code in structure.funding_sources:
            end = open_end(structure.source(code).end)
            if end is not None:
                ends[code] = end
    return ends
