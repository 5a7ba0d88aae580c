"""The published layouts' columns, in their order, what each column may hold
(the one list the writers write and the leak check reads by), and how a
figure is written in them.

Organograms: the publishers' own (datagovuk/organograms etl_to_csv.py, whose
tests fix the header a release has): the 19 senior columns of their template
(read.publication keeps it), "Total Pay (£)" blanked to "" as their loader
blanked it, and 10 junior columns.
"""

from __future__ import annotations

from enum import Enum

from orgchart.read.publication import TEMPLATE

# The publishers' senior template, "Total Pay (£)" blanked as their export blanked it.
SENIOR_COLUMNS = tuple("" if column == "Total Pay (£)" else column for column in TEMPLATE)
JUNIOR_COLUMNS = (
    "Parent Department",
    "Organisation",
    "Unit",
    "Reporting Senior Post",
    "Grade",
    "Payscale Minimum (£)",
    "Payscale Maximum (£)",
    "Generic Job Title",
    "Number of Posts in FTE",
    "Professional/Occupational Group",
)
TRANSPARENCY_COLUMNS = (
    "Level",
    "Post reference",
    "Reports to",
    "Job title",
    "Grade",
    "Unit",
    "Permanent or temporary",
    "Salary bracket",
    "Name",
    "Budget held (£)",
)
PAY_MULTIPLE_COLUMNS = (
    "Pay multiple",
    "Highest salary bracket",
    "Median salary bracket",
    "Salaries counted",
    "How it was computed",
)


class Role(Enum):
    """What a column may hold, for the leak check."""

    TEXT = "text"  # anything but a withheld name, a note, a contact or an exact pay
    NAME = "name"  # a published name or one of the fixed words
    BAND = "band"  # £5,000 band edges only
    SCALE = "scale"  # a pay scale: pay bands and grade rates as given, or band edges
    REPORTS_COST = "reports cost"  # what the junior rows add up to, or TEXT's rule
    BUDGET = "budget"  # budgets as given, or TEXT's rule


ROLES: dict[str, Role] = {
    "Name": Role.NAME,
    "Actual Pay Floor (£)": Role.BAND,
    "Actual Pay Ceiling (£)": Role.BAND,
    "Salary bracket": Role.BAND,
    "Highest salary bracket": Role.BAND,
    "Median salary bracket": Role.BAND,
    "Payscale Minimum (£)": Role.SCALE,
    "Payscale Maximum (£)": Role.SCALE,
    "Salary Cost of Reports (£)": Role.REPORTS_COST,
    "Budget held (£)": Role.BUDGET,
}

# What a name column holds for a post whose holder is not published.
NOT_DISCLOSED = "N/D"
VACANT = "Vacant"
NOT_APPLICABLE = "N/A"
NOT_PUBLISHED = "Not published"
TOP = "XX"
FIXED_WORDS = frozenset({NOT_DISCLOSED, VACANT, NOT_APPLICABLE, NOT_PUBLISHED, TOP, ""})


def fte_text(fte: float) -> str:
    """FTE as the publishers write it (1.00), with more places where it needs them."""
    if abs(fte * 100 - round(fte * 100)) < 1e-6:
        return f"{fte:.2f}"
    return f"{fte:.6f}".rstrip("0")


def money_text(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"
