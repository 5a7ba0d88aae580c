"""Measure: spans, layers, cost and money over time, computed on a checked structure.

Measures return data (dataclasses); they must not format or print it.

This package module holds only what the command line needs before it reads
anything (the grouping names), so that `orgchart --help` stays fast.
"""

from enum import StrEnum


class GroupBy(StrEnum):
    GRADE = "grade"
    UNIT = "unit"
    FUNDING = "funding"
    STATUS = "status"
