"""The policy rules a rules file may name, and the settings each one takes:
their keys, types, limits and defaults, checked by pydantic so that a wrong
value gets the same plain message as a wrong value in a structure file.

It says what a rule asks, not how it is measured (orgchart.measure.rules).
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# data.gov.uk's standard list of senior grades, as the publishers' loader
# (datagovuk/organograms etl_to_csv.py, standard_references) has it.
SENIOR_GRADES = ("SCS4", "SCS3", "SCS2", "SCS1A", "SCS1", "OF-9", "OF-8", "OF-7", "OF-6")


class Settings(BaseModel):
    """A rule's settings: unknown keys are refused, figures must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


def _bounds(low: float | None, high: float | None, what: str) -> None:
    if low is None and high is None:
        raise ValueError(f"give min, max or both ({what})")
    if low is not None and high is not None and low > high:
        raise ValueError(f"min {low:g} is more than max {high:g}")


class Span(Settings):
    min: int | None = Field(default=None, ge=1, description="Fewest direct reports.")
    max: int | None = Field(default=None, ge=1, description="Most direct reports.")
    bands: tuple[float, float, float, float, float] | None = Field(
        default=None, description="Upper bounds of the span bands whose shares to report."
    )

    @model_validator(mode="after")
    def _sound(self) -> Span:
        _bounds(self.min, self.max, "direct reports of a manager")
        if self.bands is not None and any(b <= a for a, b in itertools.pairwise(self.bands)):
            raise ValueError("bands must increase")
        return self


class Layers(Settings):
    max: int = Field(ge=1, description="Most layers, the top post being layer 1.")


class Share(Settings):
    max_share: float = Field(ge=0, le=1, description="Largest share allowed, 0 to 1.")


class GradeOrder(Settings):
    order: tuple[str, ...] | None = Field(
        default=None, min_length=1, description="Grades, highest first; none: by grades' costs."
    )

    @field_validator("order")
    @classmethod
    def _once_each(cls, order: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if order is not None:
            seen: set[str] = set()
            for grade in order:
                if grade in seen:
                    raise ValueError(f"grade {grade!r} is in the order twice")
                seen.add(grade)
        return order


Per = Literal["structure", "unit"]


class ManagerRatio(Settings):
    min: float | None = Field(default=None, ge=0, description="Fewest non-managers per manager.")
    max: float | None = Field(default=None, ge=0, description="Most non-managers per manager.")
    per: Per = "structure"

    @model_validator(mode="after")
    def _sound(self) -> ManagerRatio:
        _bounds(self.min, self.max, "non-managers per manager")
        return self


class Vacancy(Settings):
    max_share: float = Field(ge=0, le=1, description="Largest share of posts vacant, 0 to 1.")
    per: Per = "structure"


class FundingEnds(Settings):
    warn_within_days: int = Field(ge=0, description="Warn of funding ending within this many days.")


class NoSettings(Settings):
    """A publication rule: it takes no settings."""


class SeniorGrades(Settings):
    grades: tuple[str, ...] = Field(default=SENIOR_GRADES, min_length=1)


class KeptReferences(Settings):
    min_share: float = Field(
        default=0.5, ge=0, le=1, description="Least share of the earlier edition's references kept."
    )


# Every rule by name: its settings, and what a bare name (`- top-post`) or a
# list (`- grade-order: [A, B]`) means.
RULES: dict[str, type[Settings]] = {
    "span": Span,
    "layers": Layers,
    "one-to-one": Share,
    "grade-order": GradeOrder,
    "manager-ratio": ManagerRatio,
    "vacancy": Vacancy,
    "funding-ends": FundingEnds,
    "top-post": NoSettings,
    "references": NoSettings,
    "kept-references": KeptReferences,
    "job-shares": NoSettings,
    "senior-grades": SeniorGrades,
    "reporting-lines": NoSettings,
    "junior-posts": NoSettings,
}
# What each rule measures, as its result names the figure.
MEASURED: dict[str, str] = {
    "span": "managers outside the span",
    "layers": "layers",
    "one-to-one": "managers with one report",
    "grade-order": "posts graded above their manager",
    "manager-ratio": "non-managers per manager",
    "vacancy": "posts vacant",
    "funding-ends": "posts whose funding ends",
    "top-post": 'senior posts reporting to "XX"',
    "references": "Post Unique References not of letters, digits and hyphens",
    "kept-references": "references kept from the edition before",
    "job-shares": "job-share rows that differ but for name, pay and contact",
    "senior-grades": "senior rows whose grade is not from the standard list",
    "reporting-lines": "senior posts whose line to the top is broken",
    "junior-posts": "junior rows not reporting to a live senior post",
}
# A list where a mapping belongs is this key's value.
LIST_KEY = {"grade-order": "order", "senior-grades": "grades"}


def settings_data(name: str, value: Any) -> Any:
    """A rule's value as its settings' mapping: none is {}, a list is its LIST_KEY."""
    if value is None:
        return {}
    if isinstance(value, list) and name in LIST_KEY:
        return {LIST_KEY[name]: value}
    return value


class Exempt(BaseModel):
    """Posts a rule leaves out (`except:`): any post matching one of the
    patterns given (shell-style, `Assistant*`; letter case ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    grade: tuple[str, ...] = ()
    unit: tuple[str, ...] = ()

    @field_validator("id", "title", "grade", "unit", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, str | int) and not isinstance(value, bool):
            return (str(value),)
        if isinstance(value, list):
            return tuple(str(v) if isinstance(v, int) else v for v in value)
        return value

    def __bool__(self) -> bool:
        return bool(self.id or self.title or self.grade or self.unit)
