"""The command that compares two structures: diff."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    FormatOpt,
    OutputOpt,
    RedactOpt,
    RootOpt,
    UnitOpt,
    app,
    echo_err,
    handled,
    is_proposal,
    load_pair,
    load_table,
    show_warnings,
)
from orgchart.cli.comparing import EffectiveOpt, IgnoreOpt, MatchOpt, StrictOpt
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import guard, inputs_of, write_output
from orgchart.compare.matching import How
from orgchart.filetypes import Format
from orgchart.measure import GroupBy

if TYPE_CHECKING:
    from orgchart.compare.diff import Diff
    from orgchart.read import ReadOptions


@app.command("diff")
def diff_command(
    before: Annotated[Path, typer.Argument(metavar="BEFORE", help="The structure before.")],
    after: Annotated[
        Path,
        typer.Argument(metavar="AFTER", help="The structure after, or a proposal that makes it."),
    ],
    fmt: FormatOpt = Format.TEXT,
    by: Annotated[GroupBy | None, typer.Option("--by", help="Add the summary per group.")] = None,
    root: RootOpt = None,
    unit: UnitOpt = None,
    effective: EffectiveOpt = None,
    match: MatchOpt = How.AUTO,
    ignore: IgnoreOpt = None,
    strict: StrictOpt = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only set the exit status.")
    ] = False,
    redact: RedactOpt = False,
    output: OutputOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """What a restructure creates, deletes, moves and changes, and what it costs.

    Exit status like diff(1): 0 no differences, 1 differences, 2 trouble.
    """
    from orgchart.compare.changes import ignored
    from orgchart.compare.diff import diff

    guard(output, inputs_of([before, after], junior))
    options = read_options(
        columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
    )
    with handled(bad_input=ExitCode.USAGE):
        left_out = ignored(ignore.split(",")) if ignore else frozenset()
        result = None
        plain = by is None and root is None and unit is None and effective is None
        if plain and not is_proposal(after):
            result = _diff_tables(before, after, options, quiet, match, left_out, strict)
        if result is not None:
            names = (before.stem, after.stem)  # an HR export's structure is named by its file
        else:
            old, new = load_pair(before, after, options, quiet=quiet)
            names = (old.structure.name, new.structure.name)
            result = diff(
                old.graph,
                new.graph,
                by=by,
                root=root,
                unit=unit,
                effective=effective.date() if effective else None,
                match=match,
                ignore=left_out,
                strict=strict,
                timeline=new.timeline,
            )
    if not quiet:
        for warning in result.warnings:
            echo_err(f"orgchart: warning: {warning}")
    if not quiet:
        if fmt in (Format.TEXT, Format.TABLE):
            from orgchart.present import difftext

            color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
            labels = (f"{before}  ({names[0]})", f"{after}  ({names[1]})")
            text = difftext.render(result, labels=labels, color=color)
            write_output(text, output)
        else:
            from orgchart.present.diffreport import diff_report
            from orgchart.present.formats import renderer

            write_output(renderer(fmt)(diff_report(result, tables=fmt is not Format.JSON)), output)
    raise typer.Exit(int(ExitCode.OK if result.empty else ExitCode.PROBLEMS))


def _diff_tables(
    before: Path,
    after: Path,
    options: ReadOptions,
    quiet: bool,
    how: How,
    ignore: frozenset[str],
    strict: bool,
) -> Diff | None:
    """The diff of two plain HR exports, on columns; None where the graphs must do it."""
    from orgchart.compare import columnar

    # One file after the other: polars already parses each on every core, and
    # two at once held both reads' buffers together (a million posts: 4.1-4.4 s
    # and 625 MB one after the other, 4.6 s and 666-670 MB at once). Warnings
    # wait until both are read: else `load` shows them again.
    old = load_table(before, options, quiet=True)
    new = load_table(after, options, quiet=True)
    result = None
    if old is not None and new is not None:
        result = columnar.diff(old, new, how=how, ignore=ignore, strict=strict)
    if result is not None and old is not None and new is not None and not quiet:
        show_warnings(old.warnings)
        show_warnings(new.warnings)
    return result
