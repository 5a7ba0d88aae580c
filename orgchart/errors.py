"""Exceptions raised by the library, and the problems it reports.

Library code never prints or exits: it returns `Issue` lists or raises an
`OrgchartError`. The command line turns both into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a structure, located as precisely as the input allows."""

    file: str
    line: int | None
    severity: Severity
    message: str
    post: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.severity}: {self.message}"

    def by_line(self) -> tuple[bool, int, str]:
        """The order of one file's issues: by line, those with none last, then by message."""
        return (self.line is None, self.line or 0, self.message)


class OrgchartError(Exception):
    """Base of every error the library raises; carries where it happened."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        post: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.post = post

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.message}"


class LoadError(OrgchartError):
    """The file cannot be read as a structure at all (missing, not UTF-8, unknown format)."""


class InvalidStructure(OrgchartError):
    """The structure was read but has errors; `issues` lists every one of them."""

    def __init__(self, issues: list[Issue]) -> None:
        errors = [i for i in issues if i.severity == "error"]
        first = errors[0] if errors else issues[0]
        super().__init__(
            f"{len(errors)} error(s) in structure",
            file=first.file,
            line=first.line,
            post=first.post,
        )
        self.issues = issues


class InvalidProposal(InvalidStructure):
    """A proposal cannot be read, or cannot be applied to its structure; `issues`
    lists every problem, at the line of the action it is in."""


class RulesError(OrgchartError):
    """Rules that cannot be used: a misspelt pack or rule, a wrong key or value.
    `issues` lists every problem, each with its file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        first = issues[0]
        super().__init__(first.message, file=first.file, line=first.line, post=first.post)
        self.issues = issues


class UnknownPost(OrgchartError):
    """A post id given on the command line or to a library call does not exist."""


class UnknownFormat(OrgchartError):
    """An output's suffix names no format the library can write."""


class RenderError(OrgchartError):
    """Graphviz is missing or failed to draw a chart."""
