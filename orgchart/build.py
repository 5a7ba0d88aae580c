"""The one way in, for library and command line: a file -> a validated structure and graph.

It runs the read stage, takes names out when asked, runs the checks and
builds the graph; it must not measure, compare or present anything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from orgchart.check import validate
from orgchart.errors import InvalidStructure, Issue
from orgchart.filetypes import COLUMNAR, READ, suffix_of
from orgchart.read import Parsed, ReadOptions, parse
from orgchart.read.redaction import Scrubber, names_in, scrub_issue, without_names

if TYPE_CHECKING:
    from orgchart.check.columnar import CheckedTable
    from orgchart.graph import OrgGraph
    from orgchart.model import Structure
    from orgchart.read.proposal import ReadProposal


@dataclass(frozen=True)
class Built:
    file: str
    structure: Structure
    warnings: list[Issue]
    notes: list[str]
    # Lines of the file's `rules:` block, for messages about its rules
    rule_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    # Each post's line and file (where not `file`), for messages about it.
    post_lines: list[int | None] = field(default_factory=list)
    post_files: list[str] = field(default_factory=list)
    # A structure made by applying a proposal (orgchart.apply): the proposal,
    # and every version of each post for the days it stands, to cost over time.
    proposal: ReadProposal | None = None
    timeline: Structure | None = None
    # With --redact, the names taken out: kept only for publish's leak check to look for.
    withheld_names: frozenset[str] = frozenset()

    @cached_property
    def _places(self) -> dict[str, tuple[str, int | None]]:
        files = self.post_files or [self.file] * len(self.post_lines)
        return {
            post.id: (file, line)
            for post, file, line in zip(self.structure.posts, files, self.post_lines, strict=False)
        }

    def where(self, post_id: str) -> tuple[str, int | None]:
        """The file and line a post was read from (the file alone when unknown)."""
        return self._places.get(post_id, (self.file, None))

    @cached_property
    def graph(self) -> OrgGraph:
        """The graph of reporting lines, built when first asked for: validate,
        cost and convert have no use for it, and at 100,000 posts it takes
        a third of the load."""
        from orgchart.graph import build_graph  # networkx: only where a command walks lines

        return build_graph(self.structure)


def check(path: str | Path, options: ReadOptions | None = None) -> tuple[Parsed, list[Issue]]:
    """Read and validate `path`; return what was read and every issue, sorted by line.

    Raises LoadError when the file cannot be read as a structure at all.
    """
    parsed, issues = _read(path, options)
    return _finished(parsed, issues, _names(parsed, options), options)


def check_pair(
    before: str | Path, after: str | Path, options: ReadOptions | None = None
) -> tuple[tuple[Parsed, list[Issue]], tuple[Parsed, list[Issue]]]:
    """`check` two structures read to be compared. With redaction, the names
    of both are withheld from both: a holder of one may be typed as a
    manager's id in the other, and every message quoting it must lose it."""
    first, second = _read(before, options), _read(after, options)
    names = _names(first[0], options) | _names(second[0], options)
    return _finished(*first, names, options), _finished(*second, names, options)


def _read(path: str | Path, options: ReadOptions | None) -> tuple[Parsed, list[Issue]]:
    with _without_collections():
        parsed = parse(path, options)
        issues = parsed.issues + validate(
            parsed.structure, parsed.post_lines, parsed.file, parsed.post_files
        )
    return parsed, issues


def _names(parsed: Parsed, options: ReadOptions | None) -> set[str]:
    """The names to withhold: every post's holder, before any post is skipped
    (a skipped post's holder may be named in another post's message)."""
    return names_in(parsed.structure) if options is not None and options.redact else set()


def _finished(
    parsed: Parsed, issues: list[Issue], names: set[str], options: ReadOptions | None
) -> tuple[Parsed, list[Issue]]:
    """Skip the invalid posts and take the names out, as the options ask."""
    if options is not None and options.skip_invalid:
        parsed, issues = _skip_invalid(parsed, issues)
    if options is not None and options.redact:
        parsed, issues = _redacted(parsed, issues, names)
    # The structure's own file first (an organogram's senior CSV), then by line.
    issues.sort(key=lambda i: (i.file != parsed.file, i.file, *i.by_line()))
    return parsed, issues


@contextmanager
def _without_collections() -> Iterator[None]:
    """Pause Python's cycle collector while a file loads.

    Loading makes several objects a post and no garbage cycles, and every
    collection walks the objects made so far again: at 100,000 posts the
    collector took 0.6-0.7 s of the 1.7 s spent validating the posts.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the load made is kept: it goes to the oldest generation, so that
        # the first collection after does not walk it all again (0.15 s at
        # 100,000 posts). Freezing then unfreezing moves it there with no walk;
        # a full collection still looks at it, as at any old object.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _redacted(parsed: Parsed, issues: list[Issue], names: set[str]) -> tuple[Parsed, list[Issue]]:
    """No name past this point: not in the structure, its messages or notes."""
    scrub = Scrubber(names)
    parsed = replace(
        parsed,
        structure=without_names(parsed.structure),
        withheld_names=frozenset(names),
        issues=[scrub_issue(i, scrub) for i in parsed.issues],
        notes=[scrub(n) for n in parsed.notes],
    )
    return parsed, [scrub_issue(i, scrub) for i in issues]


def _skip_invalid(parsed: Parsed, issues: list[Issue]) -> tuple[Parsed, list[Issue]]:
    """Drop the posts that errors name, until none do; their errors become warnings.

    A post is named by its file and id, not by its line: several posts may
    share a line (a YAML flow sequence). Dropping a post can orphan its
    reports, so this repeats; an error that names no post (no top post at
    all, a row with no id) stays an error.
    """
    skipped: list[Issue] = []
    total = len(parsed.structure.posts)
    while True:
        errors = [i for i in issues if i.severity == "error" and i.post is not None]
        if not errors:
            break
        bad = {(i.file, i.post) for i in errors}
        files = parsed.post_files or [parsed.file] * len(parsed.post_lines)
        keep = [
            k
            for k, (file, post) in enumerate(zip(files, parsed.structure.posts, strict=True))
            if (file, post.id) not in bad
        ]
        skipped += [replace(i, severity="warning", message=f"skipped: {i.message}") for i in errors]
        posts = [parsed.structure.posts[k] for k in keep]
        parsed = replace(
            parsed,
            structure=parsed.structure.model_copy(update={"posts": posts}),
            issues=[i for i in parsed.issues if i.severity == "warning" or i.post is None],
            post_lines=[parsed.post_lines[k] for k in keep],
            post_files=[files[k] for k in keep] if parsed.post_files else [],
        )
        issues = parsed.issues + validate(
            parsed.structure, parsed.post_lines, parsed.file, parsed.post_files
        )
    if skipped:
        dropped = total - len(parsed.structure.posts)
        parsed = replace(
            parsed, notes=[*parsed.notes, f"skipped {dropped} of {total} posts with errors"]
        )
    return parsed, skipped + issues


def build(path: str | Path, options: ReadOptions | None = None) -> Built:
    """Load `path` into a validated structure and its graph.

    Raises LoadError when the file cannot be read, InvalidStructure (with
    every issue) when it has errors. Warnings come back in `Built.warnings`.
    """
    return _built(*check(path, options))


def build_pair(
    before: str | Path, after: str | Path, options: ReadOptions | None = None
) -> tuple[Built, Built]:
    """`build` two structures to be compared, read as `check_pair` reads them.

    Raises InvalidStructure with the issues of both when either has errors."""
    first, second = check_pair(before, after, options)
    if any(i.severity == "error" for i in (*first[1], *second[1])):
        raise InvalidStructure(first[1] + second[1])
    return _built(*first), _built(*second)


def _built(parsed: Parsed, issues: list[Issue]) -> Built:
    if any(i.severity == "error" for i in issues):
        raise InvalidStructure(issues)
    return Built(
        parsed.file,
        parsed.structure,
        issues,
        parsed.notes,
        parsed.rule_lines,
        post_lines=parsed.post_lines,
        post_files=parsed.post_files,
        withheld_names=parsed.withheld_names,
    )


def build_table(path: str | Path, options: ReadOptions | None = None) -> CheckedTable | None:
    """The fast way in: a plain HR export (CSV or Parquet) as checked columns,
    or None when the file must be built row by row (see read.columnar) or has
    an error, which `build` then names.

    Raises LoadError where `build` would for the same header."""
    path = Path(path)
    if READ.get(suffix_of(path)) not in COLUMNAR:
        return None  # before polars is imported: a YAML file has no use for it
    from orgchart.check.columnar import check_table
    from orgchart.read.columnar import read_columns

    table = read_columns(path, options or ReadOptions())
    return None if table is None else check_table(table)
