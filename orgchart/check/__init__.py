"""Check: the checks that need the whole structure, each a named function.

Field-level checks live in the model; these run over the posts the model
accepted and return Issues, never raise. This stage must not measure,
compare or present: it reads the model and the money rules only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orgchart.errors import Issue, Severity

if TYPE_CHECKING:
    from orgchart.model import Structure


@dataclass
class Found:
    """Where the checks put what they find: each post's file and line is known here."""

    file: str
    post_lines: Sequence[int | None]
    post_files: Sequence[str] = ()
    issues: list[Issue] = field(default_factory=list)
    # Worked out once for every check: each post's id and reports_to, each
    # id's first post, each post's manager.
    ids: list[str] = field(default_factory=list)
    managers: list[str | None] = field(default_factory=list)
    first: dict[str, int] = field(default_factory=dict)
    manager_of: dict[str, str] = field(default_factory=dict)
    # Every id once, every manager a post, none its own: see lines.lines_sound.
    sound: bool = False

    def add(self, severity: Severity, message: str, index: int | None, post: str | None) -> None:
        lines, files = self.post_lines, self.post_files
        line = lines[index] if index is not None and index < len(lines) else None
        source = files[index] if index is not None and index < len(files) else self.file
        self.issues.append(Issue(source, line, severity, message, post))


Check = Callable[["Structure", Found], None]


def validate(
    structure: Structure,
    post_lines: Sequence[int | None],
    file: str,
    post_files: Sequence[str] = (),
) -> list[Issue]:
    """Return every structural problem of `structure`, errors and warnings.

    `post_lines` (and `post_files`, where posts come from several files) locate each post.
    """
    from orgchart.check.costs import costs_known, funding_ends
    from orgchart.check.lines import (
        first_index,
        ids_unique,
        lines_sound,
        manager_of,
        no_cycles,
        one_top,
        references_exist,
    )
    from orgchart.check.posts import posts_consistent

    checks: tuple[Check, ...] = (
        ids_unique,
        references_exist,
        no_cycles,
        one_top,
        posts_consistent,
        funding_ends,
        costs_known,
    )
    found = Found(file, post_lines, post_files)
    found.ids = ids = [p.id for p in structure.posts]
    found.managers = managers = [p.reports_to for p in structure.posts]
    found.first = first_index(ids)
    found.sound = lines_sound(ids, managers, found.first)
    found.manager_of = manager_of(ids, managers, found.first, found.sound)
    for check in checks:
        check(structure, found)
    return found.issues
