"""What a chart's box says and looks like: its label, classes and style, and
the options and highlights that decide them. Escaping for DOT and HTML-like
labels lives here: all text from the structure goes through `html` (labels)
or `quoted` (attributes), so nothing in a file can add DOT statements,
markup or nodes. It decides nothing about where a box goes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from enum import StrEnum

from orgchart.fields import Status
from orgchart.model import Post
from orgchart.text import printable

RED = "#d00000"
# A fold box: grey, on a light fill, still 7:1 against it for the reader.
FOLD_COLOUR, FOLD_FILL, FOLD_TEXT = "#767676", "#f2f2f2", "#333333"
LEGEND = "Changes highlighted in red"
# Posts that fail a policy rule: a double outline in blue, told apart from
# the red of changes without colour too.
RULE_COLOUR = "#0b5cad"
BOX_TYPE = 11  # points: a box's type, DOT's node fontsize
WRAP = 28  # characters on a line of a box's title or note
# Narrower boxes, for a small chart that would otherwise not fit its page.
NARROW = 20
# A list box shows this many lines of roles at most; the rest is one line.
LIST_LINES = 12


class Mark(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    CHANGED = "changed"


@dataclass(frozen=True)
class Highlight:
    """Why a post is red, and what to say about it in its box."""

    marks: frozenset[Mark]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartOptions:
    collapse: bool = True
    # Details under a title (grade, FTE, holder, notes); titles are 11 pt. Pages
    # print them at 11 so that a page may shrink further before they read below 8 pt.
    detail_size: int = 10
    wrap: int = WRAP
    compact: bool | None = None  # None: the compact layout from COMPACT_FROM boxes up
    group_by_unit: bool = False
    root: str | None = None
    depth: int | None = None
    title: str | None = None
    legend: bool = False
    highlights: dict[str, Highlight] = field(default_factory=dict)
    # Posts drawn in boxes of their own (scope.around); the rest fold into a
    # "+N posts" box under the nearest one drawn. None: every post is drawn.
    shown: frozenset[str] | None = None
    # Posts failing policy rules (render --highlight-rules): id -> why, each "rule: detail".
    rule_failures: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rule_legend: str | None = None  # what the double outline means, under the title


# Markup characters as entities. Graphviz expands \G, \N... even inside HTML
# labels, after decoding entities: a doubled backslash is one that shows as itself.
_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'[]{}|"} | {"\\": "&#92;&#92;"}


def html(text: str) -> str:
    """Text for an HTML-like label: markup characters as entities, no control characters."""
    return "".join(_ENTITIES.get(c, c) for c in printable(text))


def element_id(post_id: str) -> str:
    """The SVG element id of a post's box: `post-<id>`, with `%` and `&` written as
    %25 and %26. Graphviz leaves an entity such as `&#45;` as it is in an id but
    writes `-` as `&#45;`, so ids `A-B` and `A&#45;B` would otherwise be one id."""
    return "post-" + post_id.replace("%", "%25").replace("&", "%26")


def fold_id(owner: str | None) -> str:
    """The SVG element id of the fold box under a post: `fold-<id>` (`fold` at the top)."""
    return "fold" if owner is None else "fold-" + element_id(owner).removeprefix("post-")


def quoted(text: str) -> str:
    """A DOT double-quoted string; backslashes doubled so no escape (\\N, \\G) is expanded."""
    return '"' + printable(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lines(text: str, width: int) -> str:
    return "<BR/>".join(html(line) for line in textwrap.wrap(text, width) or [""])


def _status_text(post: Post) -> str | None:
    status = {
        Status.FILLED: None,
        Status.VACANT: "VACANT",
        Status.FIXED_TERM: "Fixed term",
    }.get(post.status, post.status.value.replace("_", " ").capitalize())
    if post.end_date is not None:
        status = f"{status or 'Ends'} to {post.end_date.strftime('%d/%m/%Y')}"
    return status


@dataclass(frozen=True)
class Box:
    """One box: a post, identical sibling posts collapsed together, or a list of them."""

    key: str  # DOT node name
    posts: tuple[Post, ...]
    lines: tuple[tuple[Post, ...], ...] = ()  # a list box's lines, each of identical posts
    folded: bool = False  # the posts not drawn under one that is: "+N posts"
    owner: str | None = None  # a fold's post, under which it hangs

    @property
    def count(self) -> int:
        return sum(p.count for p in self.posts)


def _list_label(box: Box, options: ChartOptions, highlight: Highlight | None) -> str:
    """The list box: the largest roles first, at most LIST_LINES of them, then
    what is left as one line, so a team of thousands stays a readable box;
    last, how its posts change (a list box holds posts changed alike)."""
    rows = [f'<TR><TD ALIGN="LEFT"><B>{box.count:,} posts</B></TD></TR>']
    lines = sorted(box.lines, key=lambda line: (-sum(p.count for p in line), line[0].title))
    shown = lines if len(lines) <= LIST_LINES else lines[: LIST_LINES - 1]
    for line in shown:
        post, count = line[0], sum(p.count for p in line)
        fte = sum(p.total_fte for p in line)
        text = f"{count} × {post.title}" if count > 1 else post.title
        detail = " · ".join(p for p in (post.grade, f"{fte:.2f} FTE", _status_text(post)) if p)
        if options.detail_size == BOX_TYPE:
            # One run of text: as two, Chromium may print the first up to 2%
            # wider than Graphviz measured it, over the space before the second.
            rows.append(f'<TR><TD ALIGN="LEFT">{html(f"{text} {detail}")}</TD></TR>')
            continue
        rows.append(
            f'<TR><TD ALIGN="LEFT">{html(text)} <FONT POINT-SIZE="{options.detail_size}">'
            f"{html(detail)}</FONT></TD></TR>"
        )
    rest = lines[len(shown) :]
    if rest:
        posts = sum(p.count for line in rest for p in line)
        roles = f"{len(rest):,} more role" + ("s" if len(rest) > 1 else "")
        rows.append(f'<TR><TD ALIGN="LEFT">and {roles} ({posts:,} posts)</TD></TR>')
    for note in highlight.notes if highlight else ():
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{options.detail_size}">'
            f"{html(note)}</FONT></TD></TR>"
        )
    return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


def box_label(
    box: Box, options: ChartOptions, highlight: Highlight | None, notes: tuple[str, ...] = ()
) -> str:
    """A box's label; `notes` are further lines (on a page: where its part continues)."""
    if box.folded:
        return f"<+{box.count:,} post{'s' if box.count > 1 else ''}>"
    if box.lines:
        return _list_label(box, options, highlight)
    post, count = box.posts[0], box.count
    title = f"{count} × {post.title}" if count > 1 else post.title
    parts = [f"<B>{_lines(title, options.wrap)}</B>"]
    fte = sum(p.total_fte for p in box.posts)
    detail = [p for p in (post.grade, f"{fte:.2f} FTE") if p]
    if detail:
        parts.append(f'<FONT POINT-SIZE="{options.detail_size}">{html(" · ".join(detail))}</FONT>')
    if post.holder and count == 1:
        parts.append(f'<FONT POINT-SIZE="{options.detail_size}"><I>{html(post.holder)}</I></FONT>')
    if post.funding:
        shares = ", ".join(
            source if share == 1 else f"{source} {share:.0%}"
            for source, share in sorted(post.funding.items())
        )
        parts.append(f'<FONT POINT-SIZE="{options.detail_size}">{html("Funded: " + shares)}</FONT>')
    status = _status_text(post)
    if status:
        parts.append(f'<FONT POINT-SIZE="{options.detail_size}"><B>{html(status)}</B></FONT>')
    small = f'<FONT POINT-SIZE="{options.detail_size}">'
    for note in highlight.notes if highlight else ():
        parts.append(f"{small}{_lines(note, options.wrap)}</FONT>")
    for why in options.rule_failures.get(post.id, ()):
        parts.append(
            f'<FONT POINT-SIZE="{options.detail_size}" COLOR="{RULE_COLOUR}">'
            f"{_lines(why, options.wrap)}</FONT>"
        )
    for note in notes:
        parts.append(f"{small}<I>{_lines(note, options.wrap)}</I></FONT>")
    return "<" + "<BR/>".join(parts) + ">"


def node(
    box: Box,
    options: ChartOptions,
    place: dict[str, str] | None = None,
    notes: tuple[str, ...] = (),
) -> str:
    if box.folded:
        fold = {
            "id": quoted(fold_id(box.owner)),
            "class": quoted("fold"),
            "label": box_label(box, options, None),
            "style": quoted("rounded,filled"),
            "color": quoted(FOLD_COLOUR),
            "fillcolor": quoted(FOLD_FILL),
            "fontcolor": quoted(FOLD_TEXT),
        } | (place or {})
        return f"  {quoted(box.key)} [{', '.join(f'{k}={v}' for k, v in fold.items())}];"
    post = box.posts[0]
    highlight = options.highlights.get(post.id)
    # A list box holds many posts: its first post's status is not the box's.
    status = None if box.lines else post.status
    classes = ["post", *sorted(m.value for m in highlight.marks)] if highlight else ["post"]
    failing = post.id in options.rule_failures
    if failing:
        classes.append("rule-fail")
    if len(box.posts) > 1 or box.count > 1:
        classes.append("group")
    if box.lines:
        classes.append("list")
    if status is Status.VACANT:
        classes.append("vacant")
    attrs = {
        "id": quoted(element_id(post.id)),
        "class": quoted(" ".join(classes)),
        "label": box_label(box, options, highlight, notes),
    }
    styles = ["rounded"]
    if status is Status.VACANT:
        styles.append("dashed")
    elif status not in (None, Status.FILLED):
        styles.append("bold")
    attrs["style"] = quoted(",".join(styles))
    if failing:
        attrs.update(color=quoted(RULE_COLOUR), peripheries="2", penwidth="2")
    if highlight:
        attrs.update(color=quoted(RED), fontcolor=quoted(RED), penwidth="2")
    attrs.update(place or {})
    body = ", ".join(f"{k}={v}" for k, v in attrs.items())
    return f"  {quoted(box.key)} [{body}];"
