"""A diff for people at a terminal: the restructure on its first screen, then
every change: `+` added, `-` removed, `→` moved, `~` changed, `=` paired.

First the summary: posts, FTE and cost before and after, the headline that
counts each post once, the changes made alike to many posts, and what
matching paired. Then the changes, those with the largest effect on the
annual cost first (then moves of the largest teams), then the spans that
changed, and last the pairs matching made by similarity. Coloured like
`git diff` when asked (the CLI asks when stdout is a terminal). Not one of
the report formats: it lays a Diff out line by line and shows the figures
through the report's own tables; it computes nothing.
"""

from __future__ import annotations

from orgchart.compare.changes import covered
from orgchart.compare.diff import COSTED
from orgchart.compare.result import Change, Diff
from orgchart.fields import PostFields
from orgchart.present.diffreport import describe, diff_notes, summary_tables
from orgchart.present.formats import Report
from orgchart.present.formats.text import render as render_tables
from orgchart.text import Kind, cell, printable, show

COLOURS = {"+": "32", "-": "31", "→": "36", "~": "33", "=": "35"}
# Within a post, its lines in this order.
ORDER = {"-": 0, "+": 1, "→": 2, "~": 3}


def _describe(post: PostFields, result: Diff) -> str:
    return f"{post.title} ({describe(post, result.source_ends)})"


def _effect(value: float | None) -> str:
    return f"  {cell(value, Kind.MONEY)} a year" if value else ""


def _changes(changes: list[Change]) -> list[str]:
    """A post's changes, one a line; a group's FTE and count (which follows
    from it) on one."""
    fields = {c.field: c for c in changes}
    lines = []
    for change in changes:
        text = f"{change.field}: {show(change.before)} → {show(change.after)}"
        if change.field == "count" and "fte" in fields:
            continue
        if change.field == "fte" and "count" in fields:
            count = fields["count"]
            text += f" (count {show(count.before)} → {show(count.after)})"
        lines.append(text)
    return lines


def render(
    result: Diff,
    *,
    labels: tuple[str, str] = ("before", "after"),
    color: bool = False,
) -> str:
    def line(mark: str, text: str) -> str:
        out = f"{mark} {printable(text)}"
        return f"\x1b[{COLOURS[mark]}m{out}\x1b[0m" if color else out

    head = [f"--- {printable(labels[0])}", f"+++ {printable(labels[1])}"]
    summary = render_tables(Report(summary_tables(result.summary), None)).rstrip("\n")
    notes = [printable(n) for n in diff_notes(result)]
    if result.empty:
        notes.insert(0, "no differences")
    entries = _entries(result)
    body: list[str] = []
    if entries:
        body = ["", "Changes, the largest effect on the annual cost first"]
        for _, post_lines in sorted(entries.items(), key=lambda kv: kv[1][0]):
            body += [line(mark, text) for mark, text in post_lines[1]]
    if result.spans:
        body += ["", "Spans that changed"]
        body += [
            f"  {printable(s.id)}  {_span(s.before, s.band_before)} → "
            f"{_span(s.after, s.band_after)}"
            for s in result.spans
        ]
    if result.matched:
        body += ["", "Posts paired by similarity (what agreed; score)"]
        body += [
            line("=", f"{m.after}  was {m.before} ({m.by}; {m.score:.2f})") for m in result.matched
        ]
    return "\n".join([*head, "", summary, "", *notes, *body]) + "\n"


Entry = tuple[tuple[float, int, str], list[tuple[str, str]]]


def _entries(result: Diff) -> dict[str, Entry]:
    """Each post's lines, and its place: the largest effect on cost first,
    then the largest team moved, then by id. Changes made alike to many posts
    are said once, in the summary, and not again post by post."""
    alike = covered(result.uniform)
    lines: dict[str, list[tuple[str, str]]] = {}
    team: dict[str, int] = {}
    for post in result.removed:
        lines.setdefault(post.id, []).append(("-", f"{post.id}  {_describe(post, result)}"))
    for post in result.added:
        lines.setdefault(post.id, []).append(("+", f"{post.id}  {_describe(post, result)}"))
    for move in result.moved:
        carried = f", with {move.with_reports} reports" if move.with_reports else ""
        before, after = move.before or "(top)", move.after or "(top)"
        lines.setdefault(move.id, []).append(
            ("→", f"{move.id}  reports to {before} → {after}{carried}")
        )
        team[move.id] = move.with_reports
    by_post: dict[str, list[Change]] = {}
    for change in result.changed:
        if (change.id, change.field) not in alike:
            by_post.setdefault(change.id, []).append(change)
    for post_id, changes in by_post.items():
        lines.setdefault(post_id, []).extend(("~", f"{post_id}  {t}") for t in _changes(changes))
    # A post's effect on cost goes with what caused it: a post added or
    # removed, or a change to what it costs shown here (not one said alike).
    costed = {p.id for p in (*result.added, *result.removed)}
    costed |= {i for i, changes in by_post.items() if any(c.field in COSTED for c in changes)}
    entries: dict[str, Entry] = {}
    for post_id, post_lines in lines.items():
        post_lines.sort(key=lambda m: ORDER[m[0]])
        effect = result.effects.get(post_id, 0.0) if post_id in costed else 0.0
        mark, first = post_lines[0]
        post_lines[0] = (mark, first + _effect(effect))
        entries[post_id] = ((-abs(effect), -team.get(post_id, 0), post_id), post_lines)
    return entries


def _span(span: int | None, band: str | None) -> str:
    if span is None:
        return "(not there)"
    return f"{span} ({band})" if band else str(span)
