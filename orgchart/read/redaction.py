"""Names of people, the one place they are taken out (`--redact`).

A structure read with redaction loses its holders right after loading, so
no later stage (checks, measures, diff, charts, reports, writers) ever sees
a name; the messages the reader and checks wrote before that lose the names
they quote. It must not import anything past loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from orgchart.errors import Issue

if TYPE_CHECKING:
    from orgchart.model import Structure

WITHHELD = "[name withheld]"


def names_in(structure: Structure) -> set[str]:
    """Every holder's name, and each name of a job share's `A; B`."""
    return names_of(p.holder for p in structure.posts if p.holder)


def names_of(holders: Iterable[str]) -> set[str]:
    """The names in holder cells: each whole, and each name of a job share's `A; B`."""
    names: set[str] = set()
    for holder in holders:
        names.add(holder.strip())
        names.update(part.strip() for part in holder.split(";"))
    # A holder cell that is no name ("1", "-") must not blank that text everywhere.
    return {n for n in names if sum(c.isalpha() for c in n) >= 2}


def without_names(structure: Structure) -> Structure:
    """The structure with no holder's name in it."""
    posts = [p.model_copy(update={"holder": None}) if p.holder else p for p in structure.posts]
    return structure.model_copy(update={"posts": posts})


_WORD = re.compile(r"\w+")
_EDGES = re.compile(r"^\W+|\W+$")


def matched_form(name: str) -> str:
    """A name as a Scrubber finds it: from its first word to its last, so
    "Smith (acting)" is found as "Smith (acting"."""
    return _EDGES.sub("", name)


class Scrubber:
    """Finds every name in a text in time linear in the text: at each word, the
    next few words are looked up in the set of names, longest first (so a job
    share goes whole). A pattern of 100,000 alternatives took 3.6 s to build.
    With `fold`, letter case is ignored (the leak check looks for names so)."""

    def __init__(self, names: set[str], *, fold: bool = False) -> None:
        edged = {matched_form(name) for name in names} - {""}
        self._fold = fold
        self._names = {name.casefold() for name in edged} if fold else edged
        self._most = max((len(_WORD.findall(name)) for name in self._names), default=0)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where each name is in `text`, (start, end), in order."""
        if not self._names:
            return
        words = list(_WORD.finditer(text))
        index = 0
        while index < len(words):
            start = words[index].start()
            for count in range(min(self._most, len(words) - index), 0, -1):
                end = words[index + count - 1].end()
                found = text[start:end]
                if (found.casefold() if self._fold else found) in self._names:
                    yield start, end
                    index += count
                    break
            else:
                index += 1

    def found(self, text: str) -> list[str]:
        """Each name in `text`, as the set of names holds it (folded with `fold`)."""
        return [text[a:b].casefold() if self._fold else text[a:b] for a, b in self.spans(text)]

    def __call__(self, text: str) -> str:
        out: list[str] = []
        done = 0
        for start, end in self.spans(text):
            out += [text[done:start], WITHHELD]
            done = end
        return "".join(out) + text[done:]


def scrub_issue(issue: Issue, scrub: Scrubber) -> Issue:
    return replace(issue, message=scrub(issue.message))
