"""Commands that check and measure one structure: validate, schema, span, layers, cost."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orgchart.cli.common import (
    BandsOpt,
    ExitCode,
    FileArg,
    FormatOpt,
    JuniorOpt,
    MapOpt,
    OutputOpt,
    SkipOpt,
    app,
    echo,
    echo_err,
    emit,
    guard,
    handled,
    load,
    load_error_message,
    parse_bands,
    read_options,
    write_output,
)
from orgchart.filetypes import Format
from orgchart.measure import GroupBy


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Structure files to check.")
    ],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """Report every problem in each file as FILE:LINE: error|warning: message.

    Exit 0 when there is no error, 1 when there are errors (or warnings, with --strict).
    """
    from orgchart.build import check
    from orgchart.errors import LoadError

    options = read_options(columns, skip_invalid, junior)
    failed = False
    for path in files:
        try:
            parsed, issues = check(path, options)
        except LoadError as exc:
            echo(load_error_message(exc))
            failed = True
            continue
        for issue in issues:
            echo(str(issue))
        for note in parsed.notes:
            echo(f"{parsed.file}: note: {note}")
        errors = sum(i.severity == "error" for i in issues)
        warnings = len(issues) - errors
        posts = sum(p.count for p in parsed.structure.posts)
        echo(f"{parsed.file}: {posts} posts, {errors} error(s), {warnings} warning(s)")
        failed = failed or errors > 0 or (strict and warnings > 0)
    raise typer.Exit(int(ExitCode.PROBLEMS if failed else ExitCode.OK))


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the structure file, for editors."""
    import json

    from orgchart.model import Structure

    data = Structure.model_json_schema()
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", **data}
    write_output(json.dumps(data, indent=2, sort_keys=True) + "\n", output)


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
) -> None:
    """Span of control: one row per manager, with its band.

    Direct reports count a group of N as N; assistants and dotted lines do not
    count. The band is taken on reports per manager FTE.
    """
    from orgchart.measure.metrics import TARGET_BAND, span_rows
    from orgchart.present.reports import span_report

    bounds = parse_bands(bands)
    guard(output, file, junior)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        rows = span_rows(built.graph, bounds)
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
) -> None:
    """Posts and FTE per layer, average and median span, and managers per span band."""
    from orgchart.measure.metrics import layers_summary
    from orgchart.present.reports import layers_report

    bounds = parse_bands(bands)
    guard(output, file, junior)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        summary = layers_summary(built.graph, bounds)
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
) -> None:
    """Posts, FTE and annual cost, in total and by group.

    A post's cost is its own cost, else its grade's cost x FTE, else (marked as
    an estimate) its pay band midpoint x FTE. With --by funding, cost and FTE
    are split by share; the unfunded rest is 'core'.
    """
    from orgchart.measure.metrics import cost_summary
    from orgchart.present.reports import cost_report

    guard(output, file, junior)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        summary = cost_summary(built.structure, by)
    emit(cost_report(summary), fmt, output)
