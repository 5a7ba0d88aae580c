"""Commands that measure one structure: span, layers, cost, and forecast (money over time)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import (
    BandsOpt,
    ExitCode,
    FileArg,
    FormatOpt,
    OutputOpt,
    RulesOpt,
    app,
    echo_err,
    handled,
    load,
    load_proposal,
    measured,
    parse_bands,
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
from orgchart.cli.writing import emit, guard, inputs_of
from orgchart.filetypes import Format
from orgchart.measure import GroupBy

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.measure.metrics import LayersSummary, SpanRow
    from orgchart.read.rules import Rule


@app.command()
def span(
    file: FileArg,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    bands: BandsOpt = None,
    rules: RulesOpt = None,
    check_target: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 when any manager breaks the span rule in force (the file's rules: "
            "block or --rules), else when any is outside the target band.",
        ),
    ] = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Span of control: one row per manager, with its band.

    Direct reports count a group of N as N; assistants, dotted lines and an
    organogram's junior staff do not count. The band is taken on reports per
    manager FTE. With a span rule in force, a column says why a manager breaks it.
    """
    from orgchart.measure import columnar
    from orgchart.measure.metrics import TARGET_BAND, span_rows
    from orgchart.present.workloads import span_report

    bounds = parse_bands(bands)
    guard(output, inputs_of([file], junior, rules=rules))
    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)
    with handled():
        given = _span_rules(rules)
        rows, in_force = measured(
            file,
            options,
            lambda table: (columnar.span_rows(table, bounds), given),
            lambda built: (span_rows(built.graph, bounds), _span_rules(rules, built)),
        )
    breaches = None
    if in_force:
        from orgchart.measure.policy import span_breaches

        breaches = span_breaches(rows, in_force)
    emit(span_report(rows, breaches), fmt, output)
    banded = [r for r in rows if r.band is not None]
    if check_target and breaches:
        echo_err(f"orgchart: {len(breaches)} of {len(banded)} managers break the span rule")
        raise typer.Exit(int(ExitCode.PROBLEMS))
    outside = [r for r in banded if r.band != TARGET_BAND]
    if check_target and not in_force and outside:
        echo_err(f"orgchart: {len(outside)} of {len(banded)} managers outside the target band")
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _span_rules(rules: str | None, built: Built | None = None) -> list[Rule]:
    """The span rules in force: the file's own rules: block, then --rules.

    Raises RulesError for rules that are wrong."""
    if not rules and (built is None or not built.structure.rules):
        return []  # no rules: a plain export's span needs no pydantic
    from orgchart.read.rules import block_rules, load_rules

    given = load_rules(rules) if rules else []
    if built is not None:
        given = block_rules(built.structure.rules, built.rule_lines, built.file, *given)
    return [r for r in given if r.name == "span"]


@app.command()
def layers(
    file: FileArg,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    bands: BandsOpt = None,
    rules: RulesOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Posts and FTE per layer, average and median span, and managers per span
    band; with a span rule in force, how many managers break it."""
    from orgchart.measure import columnar
    from orgchart.measure.metrics import layers_summary, span_rows
    from orgchart.present.workloads import layers_report

    bounds = parse_bands(bands)
    guard(output, inputs_of([file], junior, rules=rules))
    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)

    def on_graph(built: Built) -> tuple[LayersSummary, list[SpanRow], list[Rule]]:
        # The span rows again only for a span rule: layers_summary makes its own.
        in_force = _span_rules(rules, built)
        rows = span_rows(built.graph, bounds) if in_force else []
        return layers_summary(built.graph, bounds), rows, in_force

    with handled():
        given = _span_rules(rules)
        summary, rows, in_force = measured(
            file,
            options,
            lambda table: (
                columnar.layers_summary(table, bounds),
                columnar.span_rows(table, bounds) if given else [],
                given,
            ),
            on_graph,
        )
    outside = None
    if in_force:
        from orgchart.measure.policy import span_breaches, span_threshold

        outside = [
            (span_threshold(rule.settings), len(span_breaches(rows, [rule])))  # type: ignore[arg-type]
            for rule in in_force
        ]
    emit(layers_report(summary, outside), fmt, output)


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
    proposal: Annotated[
        Path | None,
        typer.Option(
            "--proposal",
            metavar="FILE",
            help="Forecast the structure as this proposal changes it, each action from "
            "its own date.",
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

    guard(output, inputs_of([file, *([proposal] if proposal else [])], junior))
    with handled():
        options = read_options(
            columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name
        )
        if proposal is None:
            built = load(file, options)
        else:
            sniffed = proposal_of(proposal)  # said before the structure is read
            built = load_proposal(load(file, options), proposal, options, sniffed)
        result = make_forecast(
            built.structure,
            first=first,
            years=years,
            by=by,
            year_start=year_start,
            timeline=built.timeline,
        )
    emit(forecast_report(result), fmt, output)
