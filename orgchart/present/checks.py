"""Policy checks as Reports (`orgchart check`): for each file, a row per rule
(its outcome, what it measured, the figure and the threshold), then what
fails each rule, where; and for CSV, one row per rule and failing post."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from orgchart.measure.rules import Failure, FileCheck, Outcome, RuleResult
from orgchart.present.formats import Column, Report, Table

RULE_COLUMNS = [
    Column("rule", "Rule"),
    Column("outcome", "Result"),
    Column("measure", "Measured"),
    Column("shown", "Figure"),
    Column("threshold", "Threshold"),
]
FAILURE_COLUMNS = [
    Column("rule", "Rule"),
    Column("id", "Post"),
    Column("title", "Title"),
    Column("where", "Where"),
    Column("detail", "Why"),
]
FLAT_COLUMNS = [
    Column("file", "File"),
    Column("rule", "Rule"),
    Column("outcome", "Result"),
    Column("measure", "Measured"),
    Column("figure", "Figure"),
    Column("threshold", "Threshold"),
    Column("id", "Post"),
    Column("title", "Title"),
    Column("where", "Where"),
    Column("detail", "Why"),
]


def where(file: str | None, line: int | None) -> str:
    """FILE:LINE, as every message gives a place."""
    if file is None:
        return ""
    return f"{file}:{line}" if line is not None else file


def failure_data(failure: Failure) -> dict[str, Any]:
    return {
        "id": failure.id,
        "title": failure.title,
        "file": failure.file,
        "line": failure.line,
        "detail": failure.detail,
    }


def result_data(result: RuleResult) -> dict[str, Any]:
    return {
        "rule": result.rule,
        "outcome": result.outcome.value,
        "measure": result.measure,
        "figure": result.figure,
        "shown": result.shown,
        "threshold": result.threshold,
        "rule_file": result.file,
        "rule_line": result.line,
        "failures": [failure_data(f) for f in result.failures],
        "notes": result.notes,
    }


def tally(results: list[RuleResult]) -> str:
    """'3 rules: 1 pass, 2 fail.'"""
    counts = Counter(r.outcome for r in results)
    parts = [f"{counts[o]} {o.value}" for o in Outcome if counts[o]]
    rules = f"{len(results)} rule" + ("" if len(results) == 1 else "s")
    return f"{rules}: {', '.join(parts) or 'none'}."


def check_report(checks: list[FileCheck]) -> Report:
    """Each file's rules and failures, for people; every figure and failure, for programs."""
    tables: list[Table] = []
    notes: list[str] = []
    for checked in checks:
        tables.append(Table(RULE_COLUMNS, [result_data(r) for r in checked.results], checked.file))
        failures = [
            {**failure_data(f), "rule": r.rule, "where": where(f.file, f.line)}
            for r in checked.results
            for f in r.failures
        ]
        if failures:
            tables.append(Table(FAILURE_COLUMNS, failures, f"What fails: {checked.file}"))
        lead = f"{checked.file}: " if len(checks) > 1 else ""
        notes += [f"{lead}{r.rule}: {note}" for r in checked.results for note in r.notes]
        if checked.errors:
            notes.append(f"{checked.file}: the structure has errors (see above): it fails.")
        notes.append(f"{lead}{tally(checked.results)}")
    data = {
        "passed": not any(c.failed for c in checks),
        "files": [
            {
                "file": c.file,
                "passed": not c.failed,
                "errors": [str(i) for i in c.issues if i.severity == "error"],
                "results": [result_data(r) for r in c.results],
            }
            for c in checks
        ],
    }
    return Report(tables, data, notes)


def check_rows(checks: list[FileCheck]) -> Report:
    """One row per rule and failing post (a rule nothing fails has one row), for a spreadsheet."""
    rows = []
    for checked in checks:
        for result in checked.results:
            base = {**result_data(result), "file": checked.file}
            found: list[Failure | None] = [*result.failures] or [None]
            for failure in found:
                row = dict(base)
                if failure is not None:
                    row |= failure_data(failure) | {"where": where(failure.file, failure.line)}
                rows.append(row)
    return Report([Table(FLAT_COLUMNS, rows)], rows)


# A reason longer than this is cut on a chart: the publishers' wording runs long.
CHART_REASON = 90
# Where in the spreadsheet, which a box on a chart has no need of.
SHEET_CELL = re.compile(r'^Sheet "[^"]*" cell [A-Z]+\d+: ')
RULE_LEGEND = "Double blue outline: fails a policy rule"


def chart_marks(results: list[RuleResult]) -> tuple[dict[str, tuple[str, ...]], str]:
    """The posts to outline on a chart, each with why ("span: 2 reports, fewer
    than 3"), and the legend that says what the outline means."""
    marks: dict[str, list[str]] = {}
    failed: list[str] = []
    for result in results:
        if result.outcome is not Outcome.FAIL:
            continue
        failed.append(result.rule)
        for failure in result.failures:
            if failure.id is not None:
                why = f"{result.rule}: {SHEET_CELL.sub('', failure.detail)}"
                if len(why) > CHART_REASON:
                    why = why[: CHART_REASON - 1].rstrip() + "…"
                marks.setdefault(failure.id, []).append(why)
    checked = ", ".join(dict.fromkeys(r.rule for r in results))
    if not failed:
        return {}, f"No post fails the rules checked ({checked})"
    return (
        {k: tuple(v) for k, v in marks.items()},
        f"{RULE_LEGEND} ({', '.join(dict.fromkeys(failed))})",
    )
