"""A diff as a Report (the tables and the JSON of `diff --format`), and the
words every presentation of a diff shares: the headline that counts each post
once, the changes made alike, a post in a few words, the summary tables."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from orgchart.present.formats import Column, Report, Table
from orgchart.present.reports import fields, labelled, totals
from orgchart.text import Kind, cell, show

if TYPE_CHECKING:
    from orgchart.compare.result import Diff, Summary
    from orgchart.fields import PostFields


def counted(number: int, noun: str) -> str:
    """'1 post', '1,731 posts': a count in words, with thousands separators."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def headline(result: Diff) -> str:
    """The change in one sentence, each post counted once, in one kind, so
    that the numbers add up to the posts touched: 'Deletes 2 posts (1.50
    FTE), creates none, moves 8 posts with 18 below them and changes no other
    post: 28 posts in all; annual cost falls by £103,870.'"""
    tally = result.tally

    def posts(verb: str, number: int, fte: float) -> str:
        if not number:
            return f"{verb} none"
        return f"{verb} {counted(number, 'post')} ({cell(fte, Kind.FTE)} FTE)"

    parts = [
        posts("Deletes", tally.deleted, tally.deleted_fte),
        posts("creates", tally.created, tally.created_fte),
    ]
    if tally.moved:
        team = f" with {tally.carried:,} below them" if tally.carried else ""
        parts.append(f"moves {counted(tally.moved, 'post')}{team}")
    else:
        parts.append("moves none")
    others = counted(tally.changed, "other post") if tally.changed else "no other post"
    sentence = ", ".join(parts) + f" and changes {others}"
    if tally.touched:
        sentence += f": {counted(tally.touched, 'post')} in all"
    cost = result.summary.delta.cost
    if cost < 0:
        money = f"annual cost falls by {cell(-cost, Kind.MONEY)}"
    elif cost > 0:
        money = f"annual cost rises by {cell(cost, Kind.MONEY)}"
    else:
        money = "annual cost is unchanged"
    return f"{sentence}; {money}."


# What each field of an alike change is called in words.
FIELD_WORDS = {"pay": "pay band", "pay_min": "pay floor", "pay_max": "pay ceiling"}


def uniform_lines(result: Diff) -> list[str]:
    """Each change made alike to many posts, in a line: "pay band raised
    +1.9% to +2.1% (452 posts)", "unit 'X' renamed 'Y' (37 posts)"."""
    return [
        f"{FIELD_WORDS.get(u.field, u.field.replace('_', ' '))} {u.rule} "
        f"({counted(len(u.posts), 'post')})"
        for u in result.uniform
    ]


def diff_notes(result: Diff) -> list[str]:
    """What a reader needs besides the changes: the headline, the changes made
    alike, what matching paired, and what was left out as mere retyping."""
    notes = [headline(result), *(f"Alike: {line}." for line in uniform_lines(result))]
    if result.pairing:
        notes.append(f"Matching: {result.pairing}.")
    if result.retyped:
        notes.append(
            f"{counted(result.retyped, 'difference')} only of letter case, spacing or "
            "punctuation not shown (--strict shows them)."
        )
    return notes


def diff_report(result: Diff, *, tables: bool = True) -> Report:
    """The diff's JSON payload, and (unless `tables` is False: JSON needs
    none) its tables: every change a row, the spans, the summary."""
    changes = result.changed
    summary = result.summary
    tally = result.tally
    data: dict[str, Any] = {
        "added": [p.record() for p in result.added],
        "removed": [p.record() for p in result.removed],
        "moved": [
            {"id": m.id, "from": m.before, "to": m.after, "with_reports": m.with_reports}
            for m in result.moved
        ],
        "changed": [fields(c) for c in changes],
        "uniform": [fields(u) for u in result.uniform],
        "matched": [fields(m) for m in result.matched],
        "matching": result.pairing,
        "counts": {**fields(tally), "touched": tally.touched},
        "retyped": result.retyped,
        "spans": [fields(s) for s in result.spans],
        "summary": {
            "before": totals(summary.before),
            "after": totals(summary.after),
            "delta": totals(summary.delta),
        },
    }
    if summary.part_year is not None:
        part = summary.part_year
        data["summary"]["part_year"] = {
            "year": part.year,
            "start": part.start.isoformat(),
            "end": part.end.isoformat(),
            "before": part.before,
            "after": part.after,
            "delta": part.delta,
        }
    if summary.by is not None:
        data["summary"]["by"] = [
            {
                "key": g.key,
                "before": totals(g.before),
                "after": totals(g.after),
                "delta": totals(g.delta),
            }
            for g in summary.by
        ]
    if not tables:
        return Report([], data, diff_notes(result))
    return Report(_tables(result, data), data, diff_notes(result))


def _tables(result: Diff, data: dict[str, Any]) -> list[Table]:
    rows: list[dict[str, Any]] = [
        {
            "change": f"matched by {m.by} ({m.score:.2f})",
            "id": m.after,
            "title": result.titles.get(m.after),
            "field": "id",
            "before": m.before,
            "after": m.after,
        }
        for m in result.matched
    ]
    rows += [
        {"change": "alike", "field": u.field, "after": line}
        for u, line in zip(result.uniform, uniform_lines(result), strict=True)
    ]
    for post in result.added:
        rows.append(
            {
                "change": "added",
                "id": post.id,
                "title": post.title,
                "after": describe(post, result.source_ends),
            }
        )
    for post in result.removed:
        rows.append(
            {
                "change": "removed",
                "id": post.id,
                "title": post.title,
                "before": describe(post, result.source_ends),
            }
        )
    for move in result.moved:
        rows.append(
            {
                "change": "moved",
                "id": move.id,
                "title": result.titles.get(move.id),
                "field": "reports_to",
                "before": move.before,
                "after": move.after,
                "with_reports": move.with_reports,
            }
        )
    for change in result.changed:
        rows.append(
            {
                "change": "changed",
                "id": change.id,
                "title": result.titles.get(change.id),
                "field": change.field,
                "before": show(change.before),
                "after": show(change.after),
            }
        )
    changes_table = Table(
        [
            Column("change", "Change"),
            Column("id", "Post"),
            Column("title", "Title"),
            Column("field", "Field"),
            Column("before", "Before"),
            Column("after", "After"),
            Column("with_reports", "With reports", Kind.INT),
        ],
        rows,
        "Changes",
    )
    spans_table = Table(
        [
            Column("id", "Manager"),
            Column("title", "Title"),
            Column("before", "Reports before", Kind.INT),
            Column("band_before", "Band before"),
            Column("after", "Reports after", Kind.INT),
            Column("band_after", "Band after"),
        ],
        data["spans"],
        "Spans that changed",
    )
    return [changes_table, spans_table, *summary_tables(result.summary)]


def describe(post: PostFields, source_ends: dict[str, dt.date] | None = None) -> str:
    """A post in a few words: grade, FTE, a group's count, a status other than filled,
    its end date, and the end of each funding source that has one."""
    parts = [p for p in (post.grade, f"{post.total_fte:.2f} FTE") if p]
    if post.count > 1:
        parts.insert(0, f"{post.count:,} posts")
    if post.status.value != "filled":
        parts.append(post.status.value.replace("_", " "))
    if post.end_date is not None:
        parts.append(f"to {post.end_date}")
    for code in sorted(post.funding):
        if source_ends and code in source_ends:
            parts.append(f"{code} funding to {source_ends[code]}")
    return ", ".join(parts)


def summary_tables(summary: Summary) -> list[Table]:
    """The seed report's table: before, after and the difference; then per group."""
    money = [
        Column("posts", "Posts", Kind.INT),
        Column("fte", "FTE", Kind.FTE),
        Column("cost", "Annual cost", Kind.MONEY),
    ]
    lines = [("Before", summary.before), ("After", summary.after), ("Difference", summary.delta)]
    tables = [
        Table(
            [Column("key", "Structure"), *money],
            [{**totals(line), "key": labelled(name, line)} for name, line in lines],
            "Summary",
        )
    ]
    if summary.part_year is not None:
        part = summary.part_year
        tables.append(
            Table(
                [
                    Column("key", "Effect"),
                    Column("period", "Period"),
                    Column("before", "Cost before", Kind.MONEY),
                    Column("after", "Cost after", Kind.MONEY),
                    Column("delta", "Difference", Kind.MONEY),
                ],
                [
                    {
                        "key": "Full year",
                        "period": "a year",
                        "before": summary.before.cost,
                        "after": summary.after.cost,
                        "delta": summary.delta.cost,
                    },
                    {
                        "key": f"Part year {part.year}",
                        "period": f"{part.start} to {part.end}",
                        "before": part.before,
                        "after": part.after,
                        "delta": part.delta,
                    },
                ],
                "Full-year and part-year effect",
            )
        )
    if summary.by is not None:
        tables.append(
            Table(
                [
                    Column("key", "Group"),
                    Column("fte_before", "FTE before", Kind.FTE),
                    Column("fte_after", "FTE after", Kind.FTE),
                    Column("fte_delta", "FTE change", Kind.FTE),
                    Column("cost_before", "Cost before", Kind.MONEY),
                    Column("cost_after", "Cost after", Kind.MONEY),
                    Column("cost_delta", "Cost change", Kind.MONEY),
                ],
                [
                    {
                        "key": g.key,
                        "fte_before": g.before.fte,
                        "fte_after": g.after.fte,
                        "fte_delta": g.delta.fte,
                        "cost_before": g.before.cost,
                        "cost_after": g.after.cost,
                        "cost_delta": g.delta.cost,
                    }
                    for g in summary.by
                ],
                "Summary by group",
            )
        )
    return tables
