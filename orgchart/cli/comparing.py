"""Options of the commands that compare two structures, diff and report: the
day a change takes effect, how posts are paired, and what counts as a change."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

# Only the enum: the matching module imports nothing heavy, so --help stays fast.
from orgchart.compare.matching import How

EffectiveOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--effective",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Add the part-year effect: the change's cost from this day to the end of "
        "its financial year.",
    ),
]


MatchOpt = Annotated[
    How,
    typer.Option(
        "--match",
        help="How posts are paired. id: by id only; similar: by id, then the rest by "
        "title, grade, unit, pay, FTE, holder and their managers and teams; auto (the "
        "default): similar when the two share fewer than half their ids (renumbered "
        "editions). title is the older name of similar.",
    ),
]
IgnoreOpt = Annotated[
    str | None,
    typer.Option(
        "--ignore",
        metavar="FIELD,...",
        help="Leave these fields out of the changes, e.g. pay,holder,unit (`pay` is the pay "
        "band: pay_min and pay_max).",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Also show differences only of letter case, spacing or punctuation.",
    ),
]
