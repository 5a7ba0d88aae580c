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
from orgchart.cli.comparing import EffectiveOpt, MatchBy, MatchOpt
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import guard, inputs_of, write_output
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
    match: MatchOpt = None,
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
    from orgchart.compare.diff import diff

    guard(output, inputs_of([before, after], junior))
    options = read_options(
        columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
    )
    with handled(bad_input=ExitCode.USAGE):
        result = None
        plain = by is None and root is None and unit is None and effective is None and not match
        if plain and not is_proposal(after):
            result = _diff_tables(before, after, options, quiet)
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
                match_title=match is MatchBy.TITLE,
                timeline=new.timeline,
            )
    if not quiet:
        for warning in result.warnings:
            hint = "" if match else " (--match title)"
            echo_err(f"orgchart: warning: {warning}{hint}")
    if not quiet:
        if fmt in (Format.TEXT, Format.TABLE):
            from orgchart.present import difftext

            color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
            labels = (f"{before}  ({names[0]})", f"{after}  ({names[1]})")
            text = difftext.render(result, labels=labels, color=color)
            write_output(text, output)
        else:
            from orgchart.present.formats import renderer
            from orgchart.present.reports import diff_report

            write_output(renderer(fmt)(diff_report(result)), output)
    raise typer.Exit(int(ExitCode.OK if result.empty else ExitCode.PROBLEMS))


def _diff_tables(before: Path, after: Path, options: ReadOptions, quiet: bool) -> Diff | None:
    """The diff of two plain HR exports, on columns; None where the graphs must do it."""
    from concurrent.futures import ThreadPoolExecutor

    from orgchart.compare import columnar

    # The two are read at once: polars and numpy let go of the GIL, so one
    # file's Python checks run while the other's columns are parsed. Warnings
    # wait until both are read this way: else `load` shows them again.
    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(load_table, after, options, quiet=True)
        old = load_table(before, options, quiet=True)
        new = reading.result()
    result = None if old is None or new is None else columnar.diff(old, new)
    if result is not None and old is not None and new is not None and not quiet:
        show_warnings(old.warnings)
        show_warnings(new.warnings)
    return result
