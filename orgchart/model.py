"""The structure file's data model: a structure at a date, made of posts.

Field names here are the structure file's keys, the CSV columns of `convert`
and the JSON keys of every output, so they are the public contract. Part of
the foundation: it checks single fields and posts, and must not import any stage.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from orgchart.fields import TOLERANCE, AfterEnd, Status, enum_word
from orgchart.text import CONTROL_CHARACTERS, NOT_XML, clip, code_points, day_first

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# Unicode categories that show nothing, or reorder what follows: format
# characters (zero-width space, right-to-left override, BOM...) and the line
# and paragraph separators.
HIDDEN = frozenset({"Cf", "Zl", "Zp"})


def nfc_id(value: str) -> str:
    """An id with no character that hides or breaks it (ValueError), in Unicode's
    composed form (NFC): `Café` typed with a combining accent is the same id as
    with é, as it looks, whichever file or editor wrote it."""
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("ids cannot contain control characters such as line breaks")
    if found := NOT_XML.findall(value):
        raise ValueError(
            f"ids cannot contain characters XML cannot hold ({code_points(''.join(found))})"
        )
    hidden = next((c for c in value if unicodedata.category(c) in HIDDEN), None)
    if hidden is not None:
        name = unicodedata.name(hidden, "unnamed")
        raise ValueError(
            f"ids cannot contain invisible or direction-changing characters "
            f"(U+{ord(hidden):04X} {name})"
        )
    return unicodedata.normalize("NFC", value)


def _as_enum_value(value: Any) -> Any:
    # A value as the file format writes it (vacant, fixed_term) returns at once.
    if not isinstance(value, str) or (value.isidentifier() and value.islower()):
        return value
    return enum_word(value)


def problem(error: ErrorDetails) -> str:
    """pydantic's message for one refused value, in the file's terms: a date
    that is not YYYY-MM-DD says how to write it, and the day it would be."""
    message = error["msg"].removeprefix("Value error, ")
    got = error.get("input")
    if not (error["type"].startswith("date_") and isinstance(got, str)):
        return message
    day = day_first(got)
    here = f", here {day}" if day is not None else ""
    return f"Input should be a valid date (got {clip(got)}): write dates as YYYY-MM-DD{here}"


class FundingSource(BaseModel):
    """A funding source with the dates it pays between (both optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    name: str = Field(min_length=1)
    start: dt.date | None = Field(default=None, description="First day the source pays.")
    end: dt.date | None = Field(default=None, description="Last day the source pays.")
    after_end: AfterEnd = Field(
        default=AfterEnd.UNFUNDED,
        description="What the source's share becomes after `end`: unfunded, or core for a "
        "recharge of a post the core budget paid before.",
    )

    _after_end_any_case = field_validator("after_end", mode="before")(_as_enum_value)

    @model_validator(mode="after")
    def _dates_in_order(self) -> FundingSource:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Post(BaseModel):
    """One post, or a group of `count` identical posts kept as one entry."""

    # inf and nan are no figures: `.inf` pay once gave £inf and invalid JSON.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    id: str = Field(min_length=1, description="Unique; stable across editions of a structure.")
    title: str = Field(min_length=1)
    grade: str | None = None
    fte: float | None = Field(
        default=None,
        gt=0,
        description="Full-time equivalent of the whole entry; defaults to count (1.0 a post).",
    )
    count: int = Field(default=1, ge=1, description="Number of identical posts in this entry.")
    reports_to: str | None = Field(default=None, description="Line manager's post id.")
    dotted_to: list[str] = Field(default_factory=list, description="Secondary (matrix) managers.")
    assistant: bool = Field(default=False, description="Sits beside its manager; not in span.")
    junior: bool = Field(
        default=False,
        description="Junior staff published under a senior post (organograms): shown "
        "beneath it, not counted in its span.",
    )
    status: Status = Status.FILLED
    cost: float | None = Field(
        default=None, ge=0, description="Annual cost of the whole entry; overrides grades."
    )
    pay_min: float | None = Field(default=None, ge=0, description="Pay band floor for 1.0 FTE.")
    pay_max: float | None = Field(default=None, ge=0, description="Pay band ceiling for 1.0 FTE.")
    funding: dict[str, float] = Field(
        default_factory=dict, description="Funding source -> share of cost; the rest is core."
    )
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    unit: str | None = None
    holder: str | None = Field(default=None, description="Post holder's name: personal data.")
    notes: str | None = None

    @field_validator("id", "reports_to", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: Any) -> Any:
        # `id: 101` is read by YAML as a number; an id is text, as the README says.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    _status_any_case = field_validator("status", mode="before")(_as_enum_value)

    @field_validator("dotted_to", mode="before")
    @classmethod
    def _dotted_numbers_are_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [cls._numbers_are_text(v) for v in value]
        return value

    @field_validator("id", "reports_to")
    @classmethod
    def _plain_ids(cls, value: str | None) -> str | None:
        # Ids name nodes in charts and cells in CSV: a line break in one is a mistake,
        # and an invisible or direction-changing character, or another form of the
        # same letter, makes two ids look one. Printable ASCII has none of these:
        # most ids return here, 200,000 times a file, and only other text is
        # looked at letter by letter.
        if value is None or (value.isascii() and value.isprintable()):
            return value
        return nfc_id(value)

    @field_validator("dotted_to")
    @classmethod
    def _dotted_ids(cls, ids: list[str]) -> list[str]:
        return [nfc_id(v) if not (v.isascii() and v.isprintable()) else v for v in ids]

    @field_validator("funding")
    @classmethod
    def _shares_in_range(cls, funding: dict[str, float]) -> dict[str, float]:
        for source, share in funding.items():
            if not 0 < share <= 1:
                raise ValueError(f"share for {source!r} must be above 0 and at most 1, got {share}")
        if sum(funding.values()) > 1 + TOLERANCE:
            raise ValueError(f"funding shares add up to {sum(funding.values()):g}, more than 1")
        return funding

    @model_validator(mode="after")
    def _consistent(self) -> Post:
        if self.fte is not None and self.fte > self.count + TOLERANCE:
            raise ValueError(
                f"fte {self.fte:g} is more than count {self.count}: "
                "a single post is at most 1.0 FTE (use count for a group)"
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.pay_min is not None and self.pay_max is not None and self.pay_max < self.pay_min:
            raise ValueError("pay_max is below pay_min")
        return self

    @property
    def total_fte(self) -> float:
        return self.fte if self.fte is not None else float(self.count)


class Structure(BaseModel):
    """An organisation's structure at a date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    name: str = Field(min_length=1)
    date: dt.date | None = None
    notes: str | None = None
    grades: dict[str, float] = Field(
        default_factory=dict,
        description="Annual cost of 1.0 FTE at each grade, on-costs included.",
    )
    funding_sources: dict[str, str | FundingSource] = Field(
        default_factory=dict,
        description="Funding source code -> its full name, or {name, start, end, after_end}.",
    )
    year_start: str | None = Field(
        default=None,
        description="First day of the financial year as MM-DD (default 04-01).",
    )
    span_bands: list[float] | None = Field(
        default=None,
        min_length=5,
        max_length=5,
        description="Upper bounds of the first five span bands (default 1, 3, 7, 12, 16).",
    )
    senior_only: bool = Field(
        default=False,
        description="Only an organogram's senior posts: its junior staff were not read, "
        "so every total counts senior posts only.",
    )
    rules: list[str | dict[str, Any]] = Field(
        default_factory=list,
        description="Policy rules the structure is checked against (`orgchart check`): "
        "each a rule's name, or its name with its settings.",
    )
    posts: list[Post] = Field(default_factory=list)

    @field_validator("grades")
    @classmethod
    def _costs_not_negative(cls, grades: dict[str, float]) -> dict[str, float]:
        for grade, cost in grades.items():
            if cost < 0:
                raise ValueError(f"grade {grade!r} has a negative cost {cost}")
        return grades

    @field_validator("funding_sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> Any:
        """Validate each entry here, so a bad one gets one plain message, not a union's two."""
        if not isinstance(value, dict):
            return value
        sources: dict[Any, Any] = {}
        for code, entry in value.items():
            if isinstance(entry, str | FundingSource):
                sources[code] = entry
            elif not isinstance(entry, dict):
                raise ValueError(
                    f"source {code!r} must be a name, or a mapping of name, start, end, after_end"
                )
            else:
                try:
                    sources[code] = FundingSource.model_validate(entry)
                except ValidationError as exc:
                    problems = "; ".join(
                        ".".join([str(code), *map(str, e["loc"])]) + ": " + problem(e)
                        for e in exc.errors(include_url=False)
                    )
                    raise ValueError(problems) from None
        return sources

    @field_validator("year_start")
    @classmethod
    def _real_day(cls, value: str | None) -> str | None:
        # 02-29 is refused too: a financial year must start on a day every year has.
        if value is not None:
            if not re.fullmatch(r"\d\d-\d\d", value):
                raise ValueError("must be MM-DD, such as 04-01")
            try:
                dt.date(2001, int(value[:2]), int(value[3:]))
            except ValueError:
                raise ValueError("is not a day of the year (MM-DD)") from None
        return value

    def source(self, code: str) -> FundingSource:
        """A funding source by code; an undeclared one has no dates."""
        declared = self.funding_sources.get(code, code)
        return FundingSource(name=declared) if isinstance(declared, str) else declared

    @field_validator("span_bands")
    @classmethod
    def _bands_increase(cls, bands: list[float] | None) -> list[float] | None:
        if bands is not None and any(b <= a for a, b in itertools.pairwise(bands)):
            raise ValueError("span_bands must increase")
        return bands


STRUCTURE_FIELDS: tuple[str, ...] = tuple(Structure.model_fields)


def plain(value: Any) -> Any:
    """Model values as plain data: enums as their values, containers copied."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def post_record(post: Post) -> dict[str, Any]:
    """A post as the structure file writes it: its keys that are not at their default."""
    data: dict[str, Any] = post.model_dump(exclude_defaults=True)
    data.setdefault("id", post.id)
    data.setdefault("title", post.title)
    return plain(data)  # type: ignore[no-any-return]
