"""The organogram pack's rules: data.gov.uk's publishing rules, measured on
the rows as published (read.publication) and worded as the publishers' own
loader worded them (github.com/datagovuk/organograms, etl_to_csv.py), so a
publisher reads the message they would have had from data.gov.uk.

They read the CSVs, not the structure: an edition whose reporting lines are
broken (and so has no structure to measure) is still checked here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from orgchart.measure.rules import (
    Failure,
    Measure,
    Outcome,
    RuleResult,
    Subject,
    counted,
    needs,
    not_checked,
    result,
)
from orgchart.read.publication import JUNIOR_SHEET, SENIOR_SHEET, SHARED, Publication, SeniorRow
from orgchart.read.rulebook import KeptReferences, SeniorGrades
from orgchart.text import Kind, cell

if TYPE_CHECKING:
    from orgchart.read.rules import Rule

NOT_ORGANOGRAM = "not an organogram: a publication rule reads its CSV rows"
TOP = ("XX", "xx")
NOT_IN_POST = "0"
# The publishers' in-sheet check of a reference (column A of the senior sheet).
PUNCTUATION = re.compile(r"[¬!\"£$%^&()+=\{\}\[\]:;@'#<>,.\\/]")
# What the issue and the publishers' guidance allow: letters, digits and hyphens.
REFERENCE = re.compile(r"[0-9A-Za-z-]+")


def _where(publication: Publication, row: int, column: str, junior: bool = False) -> str:
    sheet = JUNIOR_SHEET if junior else SENIOR_SHEET
    return f'Sheet "{sheet}" cell {publication.cell(junior, column, row)}'


def _senior_failure(publication: Publication, row: SeniorRow, detail: str) -> Failure:
    return Failure(detail, row.ref, row.title or None, publication.senior_file, row.row)


def _outcome(rule: Rule, failures: list[Failure], checked: int, what: str) -> RuleResult:
    return counted(rule, failures, "none allowed", shown=f"{len(failures)} of {checked} {what}")


# A publication rule reads an organogram's rows, which no other file has.
on_rows = needs(lambda subject: subject.publication, NOT_ORGANOGRAM)


def _live(publication: Publication) -> list[SeniorRow]:
    return [r for r in publication.senior if r.ref and not r.eliminated]


@on_rows
def top_post(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    tops = [r for r in _live(publication) if r.reports_to in TOP]
    failures = []
    if not tops:
        failures.append(
            Failure(
                'Could not find a senior post with "Reports to Senior Post" value of "XX" '
                "(i.e. the top role)",
                file=publication.senior_file,
            )
        )
    return result(
        rule,
        Outcome.FAIL if failures else Outcome.PASS,
        figure=len(tops),
        shown=str(len(tops)),
        threshold="at least 1",
        failures=failures,
    )


@on_rows
def references(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    failures = []
    for row in publication.senior:
        ref = row.ref
        where = _where(publication, row.row, "Post Unique Reference")
        if "XX" in ref:
            why = 'You cannot have "XX" in the "Post Unique Reference" column.'
        elif " " in ref:
            why = 'You cannot have spaces in the "Post Unique Reference" column.'
        elif ref and (PUNCTUATION.search(ref) or not REFERENCE.fullmatch(ref)):
            why = 'You cannot have punctuation/symbols in the "Post Unique Reference" column.'
        else:
            continue
        failures.append(_senior_failure(publication, row, f"{where}: {why}"))
    return _outcome(rule, failures, len(publication.senior), "rows")


@on_rows
def kept_references(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    earlier = subject.earlier
    if earlier is None:
        return not_checked(rule, "no edition before it was given")
    settings = rule.settings
    assert isinstance(settings, KeptReferences)
    now = {r.ref for r in _live(publication)}
    before: dict[str, SeniorRow] = {}
    for row in _live(earlier):
        if row.ref != NOT_IN_POST:
            before.setdefault(row.ref, row)
    kept = [ref for ref in before if ref in now]
    share = len(kept) / len(before) if before else 1.0
    fails = share < settings.min_share
    gone = [r for ref, r in sorted(before.items()) if ref not in now] if fails else []
    return result(
        rule,
        Outcome.FAIL if fails else Outcome.PASS,
        figure=round(share, 6),
        shown=f"{len(kept)} of {len(before)} ({cell(share, Kind.SHARE)})",
        threshold=f"at least {cell(settings.min_share, Kind.SHARE)}",
        failures=[
            Failure(
                f'reference "{r.ref}" of {earlier.senior_file} is not in this edition',
                r.ref,
                r.title or None,
                earlier.senior_file,
                r.row,
            )
            for r in gone
        ],
    )


@on_rows
def job_shares(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    shares: dict[str, list[SeniorRow]] = {}
    for row in _live(publication):
        if row.ref not in (*TOP, NOT_IN_POST):
            shares.setdefault(row.ref, []).append(row)
    failures = []
    for ref, rows in shares.items():
        first = rows[0]
        # Rows alike in every column that must agree are one post, as the publishers dropped them.
        for other in {r.shared: r for r in rows[1:] if r.shared != first.shared}.values():
            columns = [
                c for c, a, b in zip(SHARED, first.shared, other.shared, strict=True) if a != b
            ]
            cells = [publication.cell(False, columns[0], r.row) for r in (first, other)]
            listed = ", ".join(f'"{c}"' for c in columns)
            detail = (
                f"Sheet {SENIOR_SHEET} - cells {cells[0]} and {cells[1]} should have the same "
                f'value. "Post Unique Reference" value "{ref}" appears in multiple rows, '
                "indicating a job share. It is required for job share rows to have identical "
                "values in particular columns and that is not the case in this sheet. Rows "
                f"{first.row} and {other.row} should not have different values for {listed}."
            )
            failures.append(_senior_failure(publication, other, detail))
    multiple = sum(len(rows) > 1 for rows in shares.values())
    return _outcome(rule, failures, multiple, "job shares")


@on_rows
def senior_grades(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, SeniorGrades)
    allowed = {g.casefold() for g in settings.grades}  # Excel's MATCH ignores letter case
    listed = ", ".join(f'"{g}"' for g in settings.grades)
    failures = []
    for row in publication.senior:
        if not row.ref:
            continue
        where = _where(publication, row.row, "Grade (or equivalent)")
        if not row.grade:
            why = 'The "Grade (or equivalent)" cannot be blank.'
        elif row.grade.casefold() not in allowed:
            why = f'The "Grade (or equivalent)" must be from the standard list: {listed}.'
        else:
            continue
        found = f" It is {row.grade!r}." if row.grade else ""
        failures.append(_senior_failure(publication, row, f"{where}: {why}{found}"))
    return _outcome(rule, failures, len(publication.senior), "rows")


@on_rows
def reporting_lines(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    live = _live(publication)
    manager: dict[str, str] = {}
    first: dict[str, SeniorRow] = {}
    for row in live:
        manager.setdefault(row.ref, row.reports_to)
        first.setdefault(row.ref, row)
    failures = []
    # Each reference's fate going up: "top", or the failure already reported on its way.
    fate: dict[str, str] = {}
    for ref, row in first.items():
        if ref in TOP or ref == NOT_IN_POST:
            continue
        boss = manager[ref]
        if boss == ref:
            where = _where(publication, row.row, "Reports to Senior Post")
            why = f'{where}: Senior post reports to him/herself. ref:"{ref}"'
            failures.append(_senior_failure(publication, row, why))
            fate[ref] = "self"
        elif boss not in TOP and boss not in manager:
            why = f'Senior post reporting to unknown senior post "{boss}"'
            failures.append(_senior_failure(publication, row, why))
            fate[ref] = "unknown"
    for ref, row in first.items():
        if ref in fate or ref in TOP or ref == NOT_IN_POST:
            continue
        path = [ref]
        on_path = {ref}  # looked up at each step: a long chain stays linear
        while path[-1] not in fate and manager.get(path[-1]) not in (None, *TOP):
            up = manager[path[-1]]
            if up in on_path:
                loop = " ".join([*path[path.index(up) :], up])
                why = f'Reporting structure from Senior post "{ref}" ended up in a loop: {loop}'
                failures.append(_senior_failure(publication, row, why))
                fate.update(dict.fromkeys(path, "loop"))
                break
            path.append(up)
            on_path.add(up)
        end = fate.get(path[-1], "top")
        fate.update(dict.fromkeys(path, end))
    failures.sort(key=lambda f: f.line or 0)
    return _outcome(rule, failures, len(first), "senior posts")


@on_rows
def junior_posts(subject: Subject, rule: Rule, publication: Publication) -> RuleResult:
    live = {r.ref for r in _live(publication)}
    eliminated = {r.ref for r in publication.senior if r.eliminated}
    failures = []
    for row in publication.junior:
        ref = row.reports_to
        if ref in live:
            continue
        if not ref:
            problem = (
                "You must not leave this cell blank - all junior posts must report to a "
                "senior post."
            )
        elif ref in eliminated:
            problem = f'Post reporting to senior post "{ref}" that is Eliminated'
        else:
            problem = f'Post reporting to unknown senior post "{ref}"'
        where = _where(publication, row.row, "Reporting Senior Post", junior=True)
        failures.append(
            Failure(
                f"{where}: {problem}", None, row.title or None, publication.junior_file, row.row
            )
        )
    return _outcome(rule, failures, len(publication.junior), "junior rows")


MEASURES: dict[str, Measure] = {
    "top-post": top_post,
    "references": references,
    "kept-references": kept_references,
    "job-shares": job_shares,
    "senior-grades": senior_grades,
    "reporting-lines": reporting_lines,
    "junior-posts": junior_posts,
}
