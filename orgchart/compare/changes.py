"""Which differences a diff reports, and how it counts them: the one home of
these rules, for the diff of graphs and the diff of tables alike.

- A difference only of letter case, spacing or punctuation in a text field
  is no change (it is counted, and shown with `strict`).
- Fields can be left out entirely (`ignore`); `pay` names the pay band,
  pay_min and pay_max.
- A change made alike to many posts is also one Uniform: a pay band raised
  by the same share, a unit renamed, a title changed the same way.
- Each post touched is counted once, in one kind (Tally).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from orgchart.compare.result import COMPARED, Change, Uniform
from orgchart.errors import UnknownField
from orgchart.text import did_you_mean, folded

# Fields of text, where a difference may be only how it was typed.
TEXT_FIELDS = frozenset({"title", "grade", "unit", "holder", "notes"})
# Names --ignore takes besides the fields themselves.
ALIASES = {"pay": ("pay_min", "pay_max")}
# A change made alike to at least this many posts is one Uniform.
ALIKE = 10
# Shares of pay raised alike lie within this many percentage points.
SPREAD = 1.0
# Alike changes of text worth saying as one (a holder's name never is).
GROUPED_TEXT = ("unit", "grade", "title", "status")


def ignored(names: Iterable[str]) -> frozenset[str]:
    """The fields `names` leave out (a field, or `pay` for the pay band).

    Raises UnknownField, with a did-you-mean, for any other name."""
    fields: set[str] = set()
    choices = sorted([*COMPARED, *ALIASES])
    for name in names:
        key = name.strip().lower()
        if key in ALIASES:
            fields.update(ALIASES[key])
        elif key in COMPARED:
            fields.add(key)
        else:
            raise UnknownField(
                f"--ignore: {name!r} is not a field a diff compares{did_you_mean(key, choices)}; "
                f"the fields are {', '.join(choices)}"
            )
    return frozenset(fields)


def retyped(field: str, before: Any, after: Any) -> bool:
    """Whether two values of a field differ only as they were typed."""
    return (
        field in TEXT_FIELDS
        and isinstance(before, str)
        and isinstance(after, str)
        and folded(before) == folded(after)
    )


def uniform(
    changes: list[Change], units: tuple[set[str], set[str]] = (set(), set())
) -> list[Uniform]:
    """The changes made alike to ALIKE posts or more, each as one Uniform:
    pay bands raised (or lowered) by shares within SPREAD points of each
    other, and the same value of text changed to the same other value.
    `units` are the units of the structures before and after: a unit no post
    is in any more was renamed, when its new name is new, else merged into
    the unit of that name."""
    found = _pay(changes)
    by_value: dict[tuple[str, Any, Any], list[str]] = {}
    for change in changes:
        if change.field in GROUPED_TEXT:
            by_value.setdefault((change.field, change.before, change.after), []).append(change.id)
    for (field, before, after), posts in sorted(
        by_value.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))
    ):
        if len(posts) < ALIKE or before is None or after is None:
            continue
        verb = "→"
        if field == "unit" and before not in units[1]:
            verb = "renamed" if after not in units[0] else "merged into"
        found.append(Uniform(field, f"{before!r} {verb} {after!r}", sorted(posts)))
    return found


def _pay(changes: list[Change]) -> list[Uniform]:
    """Pay bands changed by the same share, give or take SPREAD points: as
    one field (pay_min or pay_max) where only that one changed, else `pay`."""
    shares: dict[str, list[float]] = {}
    fields: dict[str, set[str]] = {}
    for change in changes:
        if change.field in ALIASES["pay"]:
            old, new = change.before, change.after
            known = isinstance(old, float | int) and isinstance(new, float | int) and old > 0
            share = (new / old - 1) * 100 if known else float("nan")
            shares.setdefault(change.id, []).append(share)
            fields.setdefault(change.id, set()).add(change.field)
    posts = sorted((min(s), max(s), post) for post, s in shares.items() if all(x == x for x in s))
    found = []
    for raised, run in groupby(posts, key=lambda p: p[0] > 0):
        rows = list(run)
        while len(rows) >= ALIKE:
            start, end = _widest(rows)
            chosen = rows[start:end]
            if len(chosen) < ALIKE:
                break
            low, high = min(r[0] for r in chosen), max(r[1] for r in chosen)
            span = f"{low:+.1f}%"
            if f"{low:+.1f}" != f"{high:+.1f}":
                span += f" to {high:+.1f}%"
            verb = "raised" if raised else "lowered"
            which = set().union(*(fields[r[2]] for r in chosen))
            field = which.pop() if len(which) == 1 else "pay"
            found.append(Uniform(field, f"{verb} {span}", sorted(r[2] for r in chosen)))
            rows = rows[:start] + rows[end:]
    return found


def covered(groups: list[Uniform]) -> set[tuple[str, str]]:
    """The (post, field) changes that alike groups say: shown once, as the group."""
    found = set()
    for group in groups:
        names = ALIASES.get(group.field, (group.field,))
        found |= {(post, name) for post in group.posts for name in names}
    return found


def _widest(rows: list[tuple[float, float, str]]) -> tuple[int, int]:
    """The widest run of rows (sorted by their lowest share) whose shares all
    lie within SPREAD points: one pass, the run's highest share kept in a
    queue that holds only shares that may yet be the highest."""
    best, start = (0, 0), 0
    highest: deque[int] = deque()
    for end, (_, high, _) in enumerate(rows):
        while highest and rows[highest[-1]][1] <= high:
            highest.pop()
        highest.append(end)
        while highest and rows[highest[0]][1] - rows[start][0] > SPREAD:
            start += 1
            while highest and highest[0] < start:
                highest.popleft()
        if end + 1 - start > best[1] - best[0]:
            best = (start, end + 1)
    return best
