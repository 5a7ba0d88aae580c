"""Commands that design a restructure as a proposal of dated actions: apply
(the structure a proposal makes) and propose (the proposal between two
structures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from orgchart.cli.common import (
    LossyOpt,
    OutputOpt,
    RedactOpt,
    app,
    echo_err,
    handled,
    load,
    load_pair,
    load_proposal,
    proposal_of,
)
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import STDOUT, guard, inputs_of, write_output, write_structure

DateOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--at",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Only the actions effective on or before this day (a wave): the structure "
        "on that day.",
    ),
]


@app.command("apply")
def apply_command(
    before: Annotated[Path, typer.Argument(metavar="BEFORE", help="The structure before.")],
    proposal: Annotated[
        Path, typer.Argument(metavar="PROPOSAL", help="The proposal: .yaml, .yml or .json.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The structure after: .yaml, .yml, .json, .csv or .parquet; - for YAML "
            "on standard output.",
        ),
    ],
    at: DateOpt = None,
    redact: RedactOpt = False,
    lossy: LossyOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Write the structure a proposal makes of BEFORE: its actions in order,
    each checked against the structure as it stands, every problem at once.

    Nothing is written when any action, or the structure they make, has an error.
    """
    from orgchart.present import writers

    guard(output, inputs_of([before, proposal], junior))
    with handled():
        if output != STDOUT:
            writers.writer_for(output)
        options = read_options(
            columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
        )
        sniffed = proposal_of(proposal)
        old = load(before, options)
        new = load_proposal(old, proposal, options, sniffed, at=at.date() if at else None)
    write_structure(new.structure, output, lossy)


@app.command()
def propose(
    before: Annotated[Path, typer.Argument(metavar="BEFORE", help="The structure before.")],
    after: Annotated[
        Path,
        typer.Argument(metavar="AFTER", help="The structure after (or a proposal that makes it)."),
    ],
    output: OutputOpt = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="What the proposal is called (default: AFTER's name)."
        ),
    ] = None,
    redact: RedactOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Write the proposal that turns BEFORE into AFTER: the fewest actions, a
    team moved as one post with everything below it, posts paired as diff
    pairs them. Applied to BEFORE, it gives AFTER.

    -o names a .yaml, .yml or .json file; without it, YAML on standard output.
    """
    from orgchart.compare.propose import propose as make_proposal
    from orgchart.present.proposalfile import proposal_writer, proposal_yaml

    guard(output, inputs_of([before, after], junior))
    with handled():
        writer = proposal_yaml if output in (None, STDOUT) else proposal_writer(output)
        options = read_options(
            columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
        )
        old, new = load_pair(before, after, options)
        result = make_proposal(old.structure, new.structure, title=title)
    write_output(writer(result), output)
    if output not in (None, STDOUT):
        echo_err(f"wrote {output}: {len(result.actions)} action(s)")
