"""Options of the commands that compare two structures, diff and report: the
day a change takes effect, and pairing renumbered posts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

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


class MatchBy(StrEnum):
    TITLE = "title"


MatchOpt = Annotated[
    MatchBy | None,
    typer.Option(
        "--match",
        help="Also pair removed and added posts with the same title and grade under "
        "matched managers: for editions whose posts were renumbered.",
    ),
]
