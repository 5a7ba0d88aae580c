"""Policy rules measured on a structure: each rule's outcome, the figure it
measured, its threshold and the posts that fail it, with their lines.

The library's way in (helper commands and other tools call these):

    from orgchart.measure.rules import check_file, check_rules
    from orgchart.read.rules import load_rules

    results = check_rules(built.graph, load_rules("spans-layers"))
    checked = check_file("before.yaml", load_rules("organogram"))  # lines, raw rows

`check_rules` measures a graph (or a Subject); `check_file` reads a file,
adds its own `rules:` block and gives each failing post its file and line.
Rules never change what anything else computes: they only read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from orgchart.errors import Issue

if TYPE_CHECKING:
    from orgchart.graph import OrgGraph
    from orgchart.measure.metrics import SpanRow
    from orgchart.model import Structure
    from orgchart.read import ReadOptions
    from orgchart.read.publication import Publication
    from orgchart.read.rules import Rule


T = TypeVar("T")


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 (an outcome, not a password)
    FAIL = "fail"
    WARN = "warn"  # reported, never failing: funding that ends soon
    SKIP = "not checked"  # the rule cannot be measured here, and says why


@dataclass(frozen=True)
class Failure:
    """One thing that breaks a rule: a post (with its id, title, file and
    line), a unit (title only) or the whole structure (neither)."""

    detail: str
    id: str | None = None
    title: str | None = None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: Outcome
    measure: str  # what the figure is: "managers outside the span"
    figure: float | None  # the figure measured, for programs
    shown: str  # the figure as a person reads it: "2 of 8"
    threshold: str
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file: str | None = None  # where the rule was written: a file, or a pack's name
    line: int | None = None


@dataclass(frozen=True)
class Subject:
    """What rules are measured on: the structure's graph (None when it has
    errors), each post's file and line, and an organogram's rows as published."""

    graph: OrgGraph | None
    file: str = ""
    lines: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    publication: Publication | None = None
    earlier: Publication | None = None  # the edition before, for kept-references

    @cached_property
    def span_rows(self) -> list[SpanRow]:
        """metrics.span_rows of the graph, once for every rule that asks."""
        from orgchart.measure.metrics import span_rows

        return [] if self.graph is None else span_rows(self.graph)

    def failure(self, detail: str, post_id: str, title: str) -> Failure:
        file, line = self.lines.get(post_id, (None, None))
        return Failure(detail, post_id, title, file, line)


Measure = Callable[[Subject, "Rule"], RuleResult]


def result(rule: Rule, outcome: Outcome, **values: Any) -> RuleResult:
    """A rule's result, naming what it measured and where the rule was written."""
    from orgchart.read.rulebook import MEASURED

    return RuleResult(
        rule.name, outcome, MEASURED[rule.name], file=rule.file, line=rule.line, **values
    )


def counted(
    rule: Rule,
    failures: list[Failure],
    threshold: str,
    *,
    shown: str | None = None,
    notes: Sequence[str] = (),
    outcome: Outcome = Outcome.FAIL,
) -> RuleResult:
    """A result whose figure is how many things break the rule: `outcome`
    when any do, else a pass."""
    return result(
        rule,
        outcome if failures else Outcome.PASS,
        figure=len(failures),
        shown=str(len(failures)) if shown is None else shown,
        threshold=threshold,
        failures=failures,
        notes=list(notes),
    )


def not_checked(rule: Rule, why: str) -> RuleResult:
    return result(rule, Outcome.SKIP, figure=None, shown=why, threshold="")


def needs(
    part: Callable[[Subject], T | None], why: str
) -> Callable[[Callable[[Subject, Rule, T], RuleResult]], Measure]:
    """A rule measured on one part of the subject (its graph, an organogram's
    rows): given that part, or not checked, saying `why`, where it has none."""

    def wrap(inner: Callable[[Subject, Rule, T], RuleResult]) -> Measure:
        @functools.wraps(inner)
        def measured(subject: Subject, rule: Rule) -> RuleResult:
            found = part(subject)
            return not_checked(rule, why) if found is None else inner(subject, rule, found)

        return measured

    return wrap


def _measures() -> dict[str, Measure]:
    from orgchart.measure import policy, publication

    return {**policy.MEASURES, **publication.MEASURES}


def check_rules(target: Subject | OrgGraph | Structure, rules: Sequence[Rule]) -> list[RuleResult]:
    """Each rule's result on `target` (a validated structure, its graph, or a
    Subject with lines and an organogram's rows), in the order given.

    Raises RulesError where a rule does not fit the structure (a grade the
    grade order does not name)."""
    from orgchart.graph import build_graph
    from orgchart.model import Structure

    if isinstance(target, Structure):
        target = build_graph(target)
    subject = target if isinstance(target, Subject) else Subject(target, target.structure.name)
    measures = _measures()
    return [measures[rule.name](subject, rule) for rule in rules]


@dataclass(frozen=True)
class FileCheck:
    """One file checked: its problems (as validate finds them), the reader's
    notes, and each rule's result."""

    file: str
    issues: list[Issue]
    notes: list[str]
    results: list[RuleResult]

    @property
    def errors(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def failed(self) -> bool:
        """What fails a CI gate: errors in the file, or a rule that fails."""
        return self.errors or any(r.outcome is Outcome.FAIL for r in self.results)


def check_file(
    path: str | Path,
    rules: Sequence[Rule] = (),
    options: ReadOptions | None = None,
    earlier: str | Path | None = None,
) -> FileCheck:
    """Read `path`, and measure its own `rules:` block and then `rules` on it;
    `earlier`, an organogram's edition before, is what kept-references compares with.

    Raises LoadError when the file cannot be read, RulesError for rules that are wrong."""
    from orgchart.build import check
    from orgchart.graph import build_graph
    from orgchart.read.rules import block_rules

    parsed, issues = check(path, options)
    every = block_rules(parsed.structure.rules, parsed.rule_lines, parsed.file, *rules)
    files = parsed.post_files or [parsed.file] * len(parsed.post_lines)
    lines = {
        post.id: (file, line)
        for post, file, line in zip(parsed.structure.posts, files, parsed.post_lines, strict=True)
    }
    errors = any(i.severity == "error" for i in issues)
    graph = None if errors else build_graph(parsed.structure)
    before = None if earlier is None else publication_of(check(earlier, options)[0].file, options)
    subject = Subject(graph, parsed.file, lines, publication_of(parsed.file, options), before)
    return FileCheck(parsed.file, issues, parsed.notes, check_rules(subject, every))


def publication_of(file: str, options: ReadOptions | None) -> Publication | None:
    """An organogram's rows as published (its senior CSV and the junior one
    beside it or named); None for any other file."""
    from orgchart.read import detect_format
    from orgchart.read.organogram import companion
    from orgchart.read.publication import read_publication

    path = Path(file)
    if detect_format(path) != "organogram":
        return None
    junior = options.junior if options is not None and options.junior else None
    junior = junior or companion(path, "junior")
    redact = options is not None and options.redact
    return read_publication(path, junior if junior.exists() else None, redact)
