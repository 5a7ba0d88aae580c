"""Names of people, the one place they are taken out (`--redact`).

A structure read with redaction loses its holders right after loading, so
no later stage (checks, measures, diff, charts, reports, writers) ever sees
a name; the messages the reader and checks wrote before that lose the names
they quote. It must not import anything past loading.
"""

from __future__ import annotations

import re
from dataclasses import replace

from orgchart.errors import Issue
from orgchart.model import Structure

WITHHELD = "[name withheld]"


def names_in(structure: Structure) -> set[str]:
    """Every holder's name, and each name of a job share's `A; B`."""
    names: set[str] = set()
    for post in structure.posts:
        if post.holder:
            names.add(post.holder.strip())
            names.update(part.strip() for part in post.holder.split(";"))
    # A holder cell that is no name ("1", "-") must not blank that text everywhere.
    return {n for n in names if sum(c.isalpha() for c in n) >= 2}


def without_names(structure: Structure) -> Structure:
    """The structure with no holder's name in it."""
    posts = [p.model_copy(update={"holder": None}) if p.holder else p for p in structure.posts]
    return structure.model_copy(update={"posts": posts})


def scrubber(names: set[str]) -> re.Pattern[str] | None:
    """One pattern for every name, longest first so a job share goes whole."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def scrub_issue(issue: Issue, pattern: re.Pattern[str] | None) -> Issue:
    if pattern is None:
        return issue
    return replace(issue, message=pattern.sub(WITHHELD, issue.message))


def scrub_text(text: str, pattern: re.Pattern[str] | None) -> str:
    return text if pattern is None else pattern.sub(WITHHELD, text)
