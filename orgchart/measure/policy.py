"""The workload rules, measured on a structure's graph: span, layers, managers
of one, grade order, non-managers per manager, vacancies and funding that ends.

A span here is metrics' span (a group of N counts N; assistants, dotted lines
and junior staff do not count), and `span_breach` is the one test of a span
against a span rule, which the `span` command uses too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from orgchart.errors import Issue, RulesError
from orgchart.fields import TOLERANCE, Status
from orgchart.measure.metrics import BAND_LABELS, JUNIOR_NOTE, SpanRow, band_for
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
from orgchart.read.rulebook import (
    FundingEnds,
    GradeOrder,
    Layers,
    ManagerRatio,
    Share,
    Span,
    Vacancy,
)
from orgchart.text import Kind, cell, did_you_mean

if TYPE_CHECKING:
    from orgchart.graph import OrgGraph
    from orgchart.model import Post
    from orgchart.read.rules import Rule

ERRORS = "the structure has errors"
NO_UNIT = "(no unit)"


def _share(value: float) -> str:
    return cell(value, Kind.SHARE)


def _reports(count: int) -> str:
    return f"{count} report" + ("" if count == 1 else "s")


def span_threshold(settings: Span) -> str:
    if settings.min is not None and settings.max is not None:
        return f"{settings.min} to {settings.max} reports"
    if settings.min is not None:
        return f"at least {_reports(settings.min)}"
    return f"at most {_reports(settings.max or 0)}"


def span_breach(reports: int, settings: Span) -> str | None:
    """Why a manager's span breaks a span rule, or None when it keeps it."""
    if settings.min is not None and reports < settings.min:
        return f"{_reports(reports)}, fewer than {settings.min}"
    if settings.max is not None and reports > settings.max:
        return f"{_reports(reports)}, more than {settings.max}"
    return None


def span_breaches(rows: Iterable[SpanRow], rules: Sequence[Rule]) -> dict[str, str]:
    """Each manager (a row with line reports) that breaks one of the span
    `rules` it is not exempt from, with why: what `span --check` and `check`
    both go by."""
    found: dict[str, str] = {}
    for row in rows:
        if not row.direct_reports:
            continue
        reasons = []
        for rule in rules:
            settings = rule.settings
            assert isinstance(settings, Span)
            if not rule.exempts(row.id, row.title, row.grade, row.unit):
                why = span_breach(row.direct_reports, settings)
                if why is not None and why not in reasons:
                    reasons.append(why)
        if reasons:
            found[row.id] = "; ".join(reasons)
    return found


def _managers(subject: Subject, rule: Rule) -> list[SpanRow]:
    """Span rows of the managers a rule looks at: with line reports, not exempt."""
    return [
        r
        for r in subject.span_rows
        if r.direct_reports and not rule.exempts(r.id, r.title, r.grade, r.unit)
    ]


# A workload rule needs the graph, which a structure with errors has none of.
on_graph = needs(lambda subject: subject.graph, ERRORS)


def _posts(graph: OrgGraph, rule: Rule) -> list[Post]:
    """The posts a rule looks at, by layer then id."""
    layers = graph.layers
    posts = [p for p in graph.structure.posts if not rule.exempts(p.id, p.title, p.grade, p.unit)]
    return sorted(posts, key=lambda p: (layers[p.id], p.id))


@on_graph
def span(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, Span)
    rows = _managers(subject, rule)
    breaches = span_breaches(rows, [rule])
    failures = [subject.failure(breaches[r.id], r.id, r.title) for r in rows if r.id in breaches]
    notes = [JUNIOR_NOTE] if any(r.junior_posts for r in subject.span_rows) else []
    if settings.bands is not None and rows:
        tally = [band_for(r.reports_per_manager_fte, settings.bands) for r in rows]
        shares = ", ".join(f"{b} {_share(tally.count(b) / len(rows))}" for b in BAND_LABELS)
        bounds = ", ".join(f"{b:g}" for b in settings.bands)
        notes.append(f"Managers by span band (reports per manager FTE; bounds {bounds}): {shares}.")
    return counted(
        rule,
        failures,
        span_threshold(settings),
        shown=f"{len(failures)} of {len(rows)}",
        notes=notes,
    )


@on_graph
def layers(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, Layers)
    depth = graph.layers
    # Junior staff are beneath their senior post, not a layer of their own.
    posts = [p for p in _posts(graph, rule) if not p.junior]
    deepest = max((depth[p.id] for p in posts), default=0)
    failures = [
        subject.failure(f"layer {depth[p.id]}, below the {settings.max} allowed", p.id, p.title)
        for p in posts
        if depth[p.id] > settings.max
    ]
    return result(
        rule,
        Outcome.FAIL if failures else Outcome.PASS,
        figure=deepest,
        shown=str(deepest),
        threshold=f"at most {settings.max}",
        failures=failures,
    )


@on_graph
def one_to_one(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, Share)
    rows = _managers(subject, rule)
    ones = [r for r in rows if r.direct_reports == 1]
    share = len(ones) / len(rows) if rows else 0.0
    fails = share > settings.max_share + TOLERANCE
    return result(
        rule,
        Outcome.FAIL if fails else Outcome.PASS,
        figure=round(share, 6),
        shown=f"{len(ones)} of {len(rows)} ({_share(share)})",
        threshold=f"at most {_share(settings.max_share)} of managers",
        failures=[subject.failure("1 report", r.id, r.title) for r in ones] if fails else [],
    )


def _ranks(graph: OrgGraph, rule: Rule, order: tuple[str, ...] | None) -> dict[str, int]:
    """Each grade's rank, 0 the highest: the order given, or the grades' costs."""
    if order is not None:
        ranks = {g: i for i, g in enumerate(order)}
        unknown: dict[str, str] = {}
        for post in sorted(graph.structure.posts, key=lambda p: p.id):
            if post.grade is not None and post.grade not in ranks:
                unknown.setdefault(post.grade, post.id)
        if unknown:
            raise RulesError(
                [
                    Issue(
                        rule.file,
                        rule.line,
                        "error",
                        f"rule {rule.name!r}: grade {grade!r} of post {post!r} is not in the "
                        f"order{did_you_mean(grade, list(order))}",
                    )
                    for grade, post in sorted(unknown.items())
                ]
            )
        return ranks
    costs = graph.structure.grades
    levels = sorted(set(costs.values()), reverse=True)
    return {g: levels.index(c) for g, c in costs.items()}


@on_graph
def grade_order(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, GradeOrder)
    if settings.order is None and not graph.structure.grades:
        return not_checked(rule, "no grade order: give one, or grades' costs")
    ranks = _ranks(graph, rule, settings.order)
    notes = []
    if settings.order is None:
        highest_first = sorted(ranks, key=lambda g: (ranks[g], -graph.structure.grades[g], g))
        notes.append(
            "Grade order inferred from the grades' costs, highest first: "
            + ", ".join(highest_first)
            + "."
        )
    failures = []
    for post in _posts(graph, rule):
        manager = graph.post(post.reports_to) if post.reports_to else None
        if manager is None or post.grade not in ranks or manager.grade not in ranks:
            continue
        if ranks[post.grade] < ranks[manager.grade]:
            why = f"grade {post.grade}, above its manager's {manager.grade}"
            failures.append(subject.failure(why, post.id, post.title))
    return counted(rule, failures, "none above its manager", notes=notes)


def _scopes(posts: Iterable[Post], per: str) -> dict[str, list[Post]]:
    """The posts as one whole ("") or by unit."""
    scopes: dict[str, list[Post]] = {}
    for post in posts:
        scopes.setdefault("" if per == "structure" else post.unit or NO_UNIT, []).append(post)
    return dict(sorted(scopes.items()))


def _bounds_text(low: float | None, high: float | None, what: str) -> str:
    if low is not None and high is not None:
        return f"{low:g} to {high:g} {what}"
    return f"at least {low:g} {what}" if low is not None else f"at most {high or 0:g} {what}"


@on_graph
def manager_ratio(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, ManagerRatio)
    ratios: dict[str, float] = {}
    leads = {r.id for r in subject.span_rows if r.direct_reports}
    for scope, posts in _scopes(_posts(graph, rule), settings.per).items():
        managers = sum(p.count for p in posts if p.id in leads)
        others = sum(p.count for p in posts) - managers
        if managers:
            ratios[scope] = others / managers
    failures = []
    for scope, ratio in ratios.items():
        shown = f"{cell(ratio, Kind.RATIO)} non-managers per manager"
        if settings.min is not None and ratio < settings.min - TOLERANCE:
            failures.append(Failure(f"{shown}, fewer than {settings.min:g}", title=scope or None))
        elif settings.max is not None and ratio > settings.max + TOLERANCE:
            failures.append(Failure(f"{shown}, more than {settings.max:g}", title=scope or None))
    whole = ratios.get("")
    return result(
        rule,
        Outcome.FAIL if failures else Outcome.PASS,
        figure=round(whole, 6) if whole is not None else len(failures),
        shown=(
            cell(whole, Kind.RATIO)
            if settings.per == "structure"
            else f"{len(failures)} of {len(ratios)} units"
        ),
        threshold=_bounds_text(settings.min, settings.max, "non-managers per manager")
        + ("" if settings.per == "structure" else ", in each unit"),
        failures=failures,
    )


@on_graph
def vacancy(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, Vacancy)
    scopes = _scopes(_posts(graph, rule), settings.per)
    failures: list[Failure] = []
    over = 0
    shown = ""
    for scope, posts in scopes.items():
        vacant = [p for p in posts if p.status is Status.VACANT]
        total = sum(p.count for p in posts)
        share = sum(p.count for p in vacant) / total if total else 0.0
        shown = f"{sum(p.count for p in vacant)} of {total} ({_share(share)})"
        if share > settings.max_share + TOLERANCE:
            over += 1
            where = "vacant" if not scope else f"vacant; {scope}, {_share(share)} vacant"
            failures += [subject.failure(where, p.id, p.title) for p in vacant]
    return result(
        rule,
        Outcome.FAIL if over else Outcome.PASS,
        figure=len(failures),
        shown=shown if settings.per == "structure" else f"{over} of {len(scopes)} units",
        threshold=f"at most {_share(settings.max_share)} of posts"
        + ("" if settings.per == "structure" else ", in each unit"),
        failures=failures,
    )


@on_graph
def funding_ends(subject: Subject, rule: Rule, graph: OrgGraph) -> RuleResult:
    settings = rule.settings
    assert isinstance(settings, FundingEnds)
    structure = graph.structure
    notes = []
    start = structure.date
    if start is None:
        start = dt.date.today()
        notes.append("The structure has no date: funding is counted from today.")
    horizon = start + dt.timedelta(days=settings.warn_within_days)
    failures = []
    for post in _posts(graph, rule):
        ends = []
        for code, share in sorted(post.funding.items()):
            source = structure.source(code)
            if source.end is not None and source.end <= horizon:
                part = "" if share >= 1 - TOLERANCE else f" {_share(share)}"
                name = f"{code} ({source.name})" if source.name != code else code
                ends.append(f"funded{part} by {name}, which ends {source.end}")
        if ends:
            failures.append(subject.failure("; ".join(ends), post.id, post.title))
    threshold = f"within {settings.warn_within_days} days of {start}"
    return counted(rule, failures, threshold, notes=notes, outcome=Outcome.WARN)


MEASURES: dict[str, Measure] = {
    "span": span,
    "layers": layers,
    "one-to-one": one_to_one,
    "grade-order": grade_order,
    "manager-ratio": manager_ratio,
    "vacancy": vacancy,
    "funding-ends": funding_ends,
}
