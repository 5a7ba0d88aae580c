"""The one way in, for library and command line: a file -> a validated structure and graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orgchart.errors import InvalidStructure, Issue
from orgchart.graph import OrgGraph, build_graph
from orgchart.loaders import Parsed, ReadOptions, parse
from orgchart.model import Structure
from orgchart.validation import validate


@dataclass(frozen=True)
class Built:
    file: str
    structure: Structure
    graph: OrgGraph
    warnings: list[Issue]
    notes: list[str]


def check(path: str | Path, options: ReadOptions | None = None) -> tuple[Parsed, list[Issue]]:
    """Read and validate `path`; return what was read and every issue, sorted by line.

    Raises LoadError when the file cannot be read as a structure at all.
    """
    parsed = parse(path, options)
    issues = parsed.issues + validate(parsed.structure, parsed.post_lines, parsed.file)
    issues.sort(key=lambda i: (i.line is None, i.line or 0, i.severity, i.message))
    return parsed, issues


def build(path: str | Path, options: ReadOptions | None = None) -> Built:
    """Load `path` into a validated structure and its graph.

    Raises LoadError when the file cannot be read, InvalidStructure (with
    every issue) when it has errors. Warnings come back in `Built.warnings`.
    """
    parsed, issues = check(path, options)
    if any(i.severity == "error" for i in issues):
        raise InvalidStructure(issues)
    return Built(parsed.file, parsed.structure, build_graph(parsed.structure), issues, parsed.notes)
