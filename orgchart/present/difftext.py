"""A diff for people at a terminal: `+` added, `-` removed, `→` moved, `~` changed.

Coloured like `git diff` when asked (the CLI asks when stdout is a terminal),
then the spans that changed and the seed reports' summary table. Not one of
the report formats: it lays out a Diff line by line, as `git diff` does, and
shows the figures through the report's own tables; it computes nothing.
"""

from __future__ import annotations

from orgchart.compare.diff import Diff
from orgchart.model import Post
from orgchart.present.formats import Report
from orgchart.present.formats.text import render as render_tables
from orgchart.present.reports import describe, summary_tables
from orgchart.text import printable, show

COLOURS = {"+": "32", "-": "31", "→": "36", "~": "33", "=": "35"}
MATCHED_BY = {"manager": "its manager's id changed", "title": "matched by title"}


def _describe(post: Post, result: Diff) -> str:
    return f"{post.title} ({describe(post, result.source_ends)})"


def render(
    result: Diff,
    *,
    labels: tuple[str, str] = ("before", "after"),
    color: bool = False,
) -> str:
    def line(mark: str, text: str) -> str:
        out = f"{mark} {printable(text)}"
        return f"\x1b[{COLOURS[mark]}m{out}\x1b[0m" if color else out

    lines = [f"--- {printable(labels[0])}", f"+++ {printable(labels[1])}"]
    for match in result.matched:
        lines.append(line("=", f"{match.after}  was {match.before} ({MATCHED_BY[match.by]})"))
    for post in result.added:
        lines.append(line("+", f"{post.id}  {_describe(post, result)}"))
    for post in result.removed:
        lines.append(line("-", f"{post.id}  {_describe(post, result)}"))
    for move in result.moved:
        carried = f", with {move.with_reports} reports" if move.with_reports else ""
        before, after = move.before or "(top)", move.after or "(top)"
        lines.append(line("→", f"{move.id}  reports to {before} → {after}{carried}"))
    for change in result.changed:
        lines.append(
            line("~", f"{change.id}  {change.field}: {show(change.before)} → {show(change.after)}")
        )
    if result.empty:
        lines.append("no differences")
    by_title = sum(m.by == "title" for m in result.matched)
    if by_title:
        lines.append(f"{by_title} post(s) paired by title, not by id")
    tables = summary_tables(result.summary)
    if result.spans:
        spans = "\n".join(
            f"  {printable(s.id)}  {_span(s.before, s.band_before)} → "
            f"{_span(s.after, s.band_after)}"
            for s in result.spans
        )
        lines += ["", "Spans that changed", spans]
    return "\n".join(lines) + "\n\n" + render_tables(Report(tables, None))


def _span(span: int | None, band: str | None) -> str:
    if span is None:
        return "(not there)"
    return f"{span} ({band})" if band else str(span)
