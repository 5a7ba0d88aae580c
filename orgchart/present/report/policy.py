"""The decision report's "Policy checks" section: each rule on the structure
before and after (or on the one structure), its figure and result, what the
restructure changes ("managers with one report: 5 of 6 (83%) → 4 of 7
(57%)"), and what fails after it.

The rules in force are the command line's and the structures' own `rules:`
blocks; with none, the report has no such section. Every figure is
measure.rules'; here it is only laid out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from orgchart.measure.rules import Outcome, RuleResult, Subject, check_rules, publication_of
from orgchart.present.formats import Column, Table
from orgchart.present.report.parts import Grid, grid
from orgchart.read.rules import block_rules, combined
from orgchart.text import printable

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.read import ReadOptions
    from orgchart.read.rules import Rule

FAILURE_COLUMNS = [
    Column("rule", "Rule"),
    Column("id", "Post"),
    Column("title", "Title"),
    Column("detail", "Why"),
]


@dataclass(frozen=True)
class Checks:
    """What the section is made from: the command line's rules, and how the
    files were read (an organogram's rows are read again for its rules)."""

    rules: Sequence[Rule] = ()
    read: ReadOptions | None = None


@dataclass(frozen=True)
class Policy:
    grids: list[Grid]  # the rules, before and after; then what fails
    changes: list[str]  # what the restructure changes, in words
    notes: list[str]


def rules_in_force(sides: Sequence[Built], given: Sequence[Rule]) -> list[Rule]:
    """The structures' own rules: blocks, then the command line's, each rule once.

    Raises RulesError for rules that are wrong."""
    blocks = [block_rules(b.structure.rules, b.rule_lines, b.file) for b in sides]
    return combined(*blocks, given)


def _results(
    built: Built, rules: Sequence[Rule], read: ReadOptions | None, earlier: Built | None = None
) -> list[RuleResult]:
    """The rules on one side; the side after has the side before as its edition
    before (kept-references)."""
    before = None if earlier is None else publication_of(earlier.file, read)
    subject = Subject(built.graph, built.file, publication=publication_of(built.file, read))
    return check_rules(replace(subject, earlier=before), rules)


def _failures(results: list[RuleResult]) -> list[dict[str, str | None]]:
    return [
        {"rule": r.rule, "id": f.id, "title": f.title, "detail": f.detail}
        for r in results
        if r.outcome is Outcome.FAIL
        for f in r.failures
    ]


VERB = {Outcome.PASS: "passes", Outcome.FAIL: "fails", Outcome.WARN: "warns"}


def _verdict(old: Outcome, new: Outcome) -> str:
    def said(outcome: Outcome) -> str:
        return VERB.get(outcome, "is not checked")

    if old is new:
        return f"{said(new)} before and after"
    return f"{said(old)} before, {said(new)} after"


def _change(old: RuleResult, new: RuleResult) -> str | None:
    """What the restructure does to one rule, in words; None when nothing."""
    failing = {f.id for f in old.failures if f.id}, {f.id for f in new.failures if f.id}
    if old.figure == new.figure and old.outcome is new.outcome and failing[0] == failing[1]:
        return None
    verdict = _verdict(old.outcome, new.outcome)
    text = f"{new.rule}, {new.measure}: {old.shown} → {new.shown} ({verdict})"
    started = sorted(failing[1] - failing[0])
    stopped = sorted(failing[0] - failing[1])
    if started:
        text += f"; now failing: {', '.join(started)}"
    if stopped:
        text += f"; no longer failing: {', '.join(stopped)}"
    return printable(text) + "."


def _notes(before: list[RuleResult], after: list[RuleResult]) -> list[str]:
    """Each rule's notes: once where both sides say the same, else said of each side."""
    out = []
    for old, new in zip(before, after, strict=True):
        out += [printable(f"Before, {old.rule}: {n}") for n in old.notes if n not in new.notes]
        for note in new.notes:
            label = "" if note in old.notes else "After, "
            out.append(printable(f"{label}{new.rule}: {note}"))
    return out


def compare_policy(old: Built, new: Built, checks: Checks | None) -> Policy | None:
    """Each rule before and after, and what changes; None with no rules in force."""
    checks = checks or Checks()
    rules = rules_in_force([old, new], checks.rules)
    if not rules:
        return None
    before = _results(old, rules, checks.read)
    after = _results(new, rules, checks.read, earlier=old)
    rows = [
        {
            "rule": a.rule,
            "threshold": a.threshold or b.threshold,
            "before": b.shown,
            "outcome_before": b.outcome.value,
            "after": a.shown,
            "outcome_after": a.outcome.value,
        }
        for b, a in zip(before, after, strict=True)
    ]
    columns = [
        Column("rule", "Rule"),
        Column("threshold", "Threshold"),
        Column("before", "Before"),
        Column("outcome_before", "Result before"),
        Column("after", "After"),
        Column("outcome_after", "Result after"),
    ]
    changes = [c for b, a in zip(before, after, strict=True) if (c := _change(b, a))]
    return Policy(
        [
            grid(Table(columns, rows), "Policy checks, before and after"),
            grid(Table(FAILURE_COLUMNS, _failures(after)), "What fails the rules after the change"),
        ],
        changes or ["No rule's figure changes."],
        _notes(before, after),
    )


def describe_policy(built: Built, checks: Checks | None) -> Policy | None:
    """Each rule on one structure, and what fails it; None with no rules in force."""
    checks = checks or Checks()
    rules = rules_in_force([built], checks.rules)
    if not rules:
        return None
    results = _results(built, rules, checks.read)
    rows = [
        {
            "rule": r.rule,
            "threshold": r.threshold,
            "shown": r.shown,
            "outcome": r.outcome.value,
        }
        for r in results
    ]
    columns = [
        Column("rule", "Rule"),
        Column("threshold", "Threshold"),
        Column("shown", "Figure"),
        Column("outcome", "Result"),
    ]
    return Policy(
        [
            grid(Table(columns, rows), "Policy checks"),
            grid(Table(FAILURE_COLUMNS, _failures(results)), "What fails the rules"),
        ],
        [],
        _notes(results, results),
    )
