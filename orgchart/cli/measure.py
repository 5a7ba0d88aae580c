"""Commands that measure one structure: span, layers, cost, and forecast (money over time)."""

from __future__ import annotations

from typing import Annotated

import typer

from orgchart.cli.common import (
    BandsOpt,
    ExitCode,
    FileArg,
    FormatOpt,
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    OutputOpt,
    SheetOpt,
    SkipOpt,
    app,
    echo_err,
    handled,
    load,
    measured,
    parse_bands,
    read_options,
)
from orgchart.cli.writing import emit, guard, inputs_of
from orgchart.filetypes import Format
from orgchart.measure import GroupBy


@app.command()
def span(
    file: FileArg,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    bands: BandsOpt = None,
    check_target: Annotated[
        bool, typer.Option("--check", help="Exit 1 when any manager is outside the target band.")
    ] = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Span of control: one row per manager, with its band.

    Direct reports count a group of N as N; assistants and dotted lines do not
    count. The band is taken on reports per manager FTE.
    """
    from orgchart.measure import columnar
    from orgchart.measure.metrics import TARGET_BAND, span_rows
    from orgchart.present.reports import span_report

    bounds = parse_bands(bands)
    guard(output, inputs_of([file], junior))
    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)
    with handled():
        rows = measured(
            file,
            options,
            lambda table: columnar.span_rows(table, bounds),
            lambda built: span_rows(built.graph, bounds),
        )
    emit(span_report(rows), fmt, output)
    outside = [r for r in rows if r.band != TARGET_BAND]
    if check_target and outside:
        echo_err(f"orgchart: {len(outside)} of {len(rows)} managers outside the target band")
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command()
def layers(
    file: FileArg,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    bands: BandsOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Posts and FTE per layer, average and median span, and managers per span band."""
    from orgchart.measure import columnar
    from orgchart.measure.metrics import layers_summary
    from orgchart.present.reports import layers_report

    bounds = parse_bands(bands)
    guard(output, inputs_of([file], junior))
    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)
    with handled():
        summary = measured(
            file,
            options,
            lambda table: columnar.layers_summary(table, bounds),
            lambda built: layers_summary(built.graph, bounds),
        )
    emit(layers_report(summary), fmt, output)


@app.command()
def cost(
    file: FileArg,
    by: Annotated[GroupBy | None, typer.Option("--by", help="Group the figures.")] = None,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Posts, FTE and annual cost, in total and by group.

    A post's cost is its own cost, else its grade's cost x FTE, else (marked as
    an estimate) its pay band midpoint x FTE. With --by funding, cost and FTE
    are split by share; the unfunded rest is 'core'.
    """
    from orgchart.measure import columnar
    from orgchart.measure.metrics import cost_summary
    from orgchart.present.reports import cost_report

    guard(output, inputs_of([file], junior))
    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)
    with handled():
        money = measured(
            file,
            options,
            lambda table: columnar.cost_summary(table, by),
            lambda built: cost_summary(built.structure, by),
        )
    emit(cost_report(money), fmt, output)


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
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Annual cost per financial year, counting only the part of each year a post
    exists, and split by who pays: each funding source while it lasts, 'unfunded'
    once a source ends under a post that goes on, and 'core' for the rest.
    """
    from orgchart.measure.forecast import forecast as make_forecast
    from orgchart.present.reports import forecast_report

    guard(output, inputs_of([file], junior))
    with handled():
        built = load(
            file,
            read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name),
        )
        result = make_forecast(
            built.structure, first=first, years=years, by=by, year_start=year_start
        )
    emit(forecast_report(result), fmt, output)
