"""The forecast command: a structure's cost per financial year, by who pays."""

from __future__ import annotations

from typing import Annotated

import typer

from orgchart.cli.common import (
    FileArg,
    FormatOpt,
    JuniorOpt,
    MapOpt,
    OutputOpt,
    SkipOpt,
    app,
    emit,
    guard,
    handled,
    load,
    read_options,
)
from orgchart.filetypes import Format
from orgchart.measure import GroupBy


@app.command()
def forecast(
    file: FileArg,
    first: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            help="First financial year, such as 2022/23. Default: the year of the file's date.",
        ),
    ] = None,
    years: Annotated[
        int, typer.Option("--years", min=1, max=50, help="How many financial years.")
    ] = 5,
    by: Annotated[
        GroupBy,
        typer.Option("--by", help="Split each year by who pays (funding), or by another group."),
    ] = GroupBy.FUNDING,
    year_start: Annotated[
        str | None,
        typer.Option(
            "--year-start",
            metavar="MM-DD",
            help="First day of the financial year. Default: the file's year_start, else 04-01.",
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """Annual cost per financial year, counting only the part of each year a post
    exists, and split by who pays: each funding source while it lasts, 'unfunded'
    once a source ends under a post that goes on, and 'core' for the rest.
    """
    from orgchart.measure.forecast import forecast as make_forecast
    from orgchart.present.reports import forecast_report

    guard(output, file, junior)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        result = make_forecast(
            built.structure, first=first, years=years, by=by, year_start=year_start
        )
    emit(forecast_report(result), fmt, output)
