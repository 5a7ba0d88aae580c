"""The funding forecast: a structure's cost in each financial year, split by who pays.

A post costs, in a year, its annual cost for the months of that year it
exists (between its start_date and end_date); each share of it goes to the
payer funding.pieces names for those days. The rules of years, part years and
payers live in funding.py; this module adds them up. Returns data; never prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from orgchart.check.costs import funding_checks
from orgchart.measure import GroupBy
from orgchart.measure.metrics import NO_KEY
from orgchart.model import Post, Structure
from orgchart.money import (
    CORE_FUNDING,
    DAY,
    DEFAULT_YEAR_START,
    UNFUNDED,
    BadYear,
    Cliff,
    FinancialYear,
    cliffs,
    cost_between,
    cost_of,
    months,
    overlap,
    parse_year,
    pieces,
    year_of,
    year_start_of,
)


@dataclass(frozen=True)
class YearCost:
    year: FinancialYear
    total: float
    groups: dict[str, float]  # group -> cost in the year


@dataclass(frozen=True)
class Forecast:
    by: GroupBy
    years: list[YearCost]
    cliffs: list[Cliff]
    warnings: list[str]
    uncosted: list[str]  # ids of posts with no cost, left out
    estimated: list[str]  # ids of posts costed from a pay band

    @property
    def keys(self) -> list[str]:
        """Every group in any year: sources and other groups by name, then core, then unfunded."""
        found = {k for y in self.years for k in y.groups}
        last = (
            [k for k in (CORE_FUNDING, UNFUNDED) if k in found]
            if self.by is GroupBy.FUNDING
            else []
        )
        return sorted(found - set(last)) + last


def _window(post: Post) -> tuple[dt.date | None, dt.date | None]:
    return post.start_date, post.end_date


def _year_cost(structure: Structure, year: FinancialYear, by: GroupBy) -> YearCost:
    groups: dict[str, float] = {}
    for post in structure.posts:
        annual = cost_of(post, structure.grades).value
        if annual is None:
            continue
        if by is GroupBy.FUNDING:
            for piece in pieces(post, structure):
                first, last = overlap(year.start, year.end, _window(post), (piece.start, piece.end))
                paid = annual * piece.share * months(first, last) / 12
                if paid:
                    groups[piece.payer] = groups.get(piece.payer, 0.0) + paid
        else:
            first, last = overlap(year.start, year.end, _window(post))
            paid = annual * months(first, last) / 12
            if paid:
                value = {GroupBy.GRADE: post.grade, GroupBy.UNIT: post.unit}.get(by, post.status)
                key = str(value) if value is not None else NO_KEY
                groups[key] = groups.get(key, 0.0) + paid
    rounded = {k: round(v, 2) for k, v in sorted(groups.items())}
    return YearCost(year, round(sum(groups.values()), 2), rounded)


def forecast(
    structure: Structure,
    *,
    first: str | None = None,
    years: int = 5,
    by: GroupBy = GroupBy.FUNDING,
    year_start: str | None = None,
    timeline: Structure | None = None,
) -> Forecast:
    """Cost per financial year for `years` years from `first` (such as "2022/23";
    default: the year of the structure's date), grouped by `by`. With a
    `timeline` (orgchart.apply.timeline: the structure over time as a
    proposal changes it), the years cost each version of each post for its
    days, from the year of the timeline's date; funding cliffs and warnings
    are the structure's.

    Raises BadYear for a `first` or `year_start` that is not one, when there
    is neither `first` nor a structure date to start from, or for years the
    calendar (to 9999-12-31) does not hold.
    """
    start = year_start_of(structure, year_start)
    over_time = timeline or structure
    if years < 1:
        raise BadYear(f"a forecast needs at least 1 year, got {years}")
    if first is not None:
        year = parse_year(first, start)
    elif over_time.date is not None:
        try:
            year = year_of(over_time.date, start)
        except BadYear as exc:
            raise BadYear(f"the structure's date: {exc}") from None
    else:
        raise BadYear("the structure has no date to start the forecast from: give the first year")
    rows = [_year_cost(over_time, year, by)]
    for _ in range(years - 1):
        try:
            year = year.next()
        except BadYear:
            raise BadYear(
                f"{years} years from {rows[0].year.label} run past 9999-12-31, the "
                "calendar's last day: ask for fewer years"
            ) from None
        rows.append(_year_cost(over_time, year, by))
    costs = [(p, cost_of(p, structure.grades)) for p in structure.posts]
    return Forecast(
        by=by,
        years=rows,
        cliffs=cliffs(structure),
        warnings=[f.message for f in funding_checks(structure, year_start)],
        uncosted=sorted(p.id for p, c in costs if c.value is None),
        estimated=sorted(p.id for p, c in costs if c.estimated),
    )


@dataclass(frozen=True)
class YearChange:
    """What a year costs without the change and with it."""

    year: FinancialYear
    before: float
    after: float


def change_by_year(
    before: Structure,
    after: Structure,
    *,
    effective: dt.date | None = None,
    first: str | None = None,
    years: int = 5,
    timeline: Structure | None = None,
) -> list[YearChange]:
    """Each financial year's cost without the change (the structure before, every
    year) and with it (the structure after, or its `timeline`: each version of
    each post for its days, as a proposal makes it), from `first` (default:
    the year of `effective`, else of the structure after's date, else of the
    structure before's) for `years` years, in the structure after's financial
    years. With `effective`, its year is the part year: the structure before
    until the day before it, the structure after from it.

    Raises BadYear as `forecast` does.
    """
    # Both structures counted in the same years: the structure after's.
    year_start = after.year_start or DEFAULT_YEAR_START
    later = timeline or after
    if first is None:
        day = effective or later.date or before.date
        first = year_of(day, year_start_of(after)).label if day is not None else None
    old = forecast(before, first=first, years=years, by=GroupBy.GRADE, year_start=year_start)
    new = forecast(
        after, first=first, years=years, by=GroupBy.GRADE, year_start=year_start, timeline=timeline
    )
    out = []
    for was, now in zip(old.years, new.years, strict=True):
        year, cost = was.year, now.total
        if effective is not None and year.end < effective:
            cost = was.total  # not yet in effect
        elif effective is not None and year.start <= effective:
            cost = cost_between(before, before.posts, year.start, effective - DAY)
            cost += cost_between(after, later.posts, effective, year.end)
        out.append(YearChange(year, was.total, round(cost, 2)))
    return out
