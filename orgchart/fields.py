"""The structure file's vocabulary without its model: the posts' fields in
order, the statuses a post may have, what a funding source's share becomes
when it ends, and the tolerance fractions are compared with.

Part of the foundation, and imports nothing. orgchart.model builds on it;
the columnar commands (span, layers, cost and validate of an HR export) need
only this, and so start without pydantic, 0.14 s sooner.
"""

from __future__ import annotations

from enum import StrEnum

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
