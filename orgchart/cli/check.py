"""Commands that check one structure: validate, and the schema of the structure file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    OutputOpt,
    SheetOpt,
    SkipOpt,
    app,
    echo,
    load_error_message,
    read_options,
)
from orgchart.cli.writing import write_output


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Structure files to check.")
    ],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Report every problem in each file as FILE:LINE: error|warning: message.

    Exit 0 when there is no error, 1 when there are errors (or warnings, with --strict).
    """
    from orgchart.build import build_table, check
    from orgchart.errors import LoadError

    options = read_options(columns, skip_invalid, junior, header_row=header_row, sheet=sheet_name)
    failed = False
    for path in files:
        try:
            table = build_table(path, options)
            if table is not None:
                for issue in table.warnings:
                    echo(str(issue))
                echo(_tally(table.table.file, table.posts, 0, len(table.warnings)))
                failed = failed or (strict and bool(table.warnings))
                continue
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
        echo(_tally(parsed.file, posts, errors, warnings))
        failed = failed or errors > 0 or (strict and warnings > 0)
    raise typer.Exit(int(ExitCode.PROBLEMS if failed else ExitCode.OK))


def _tally(file: str, posts: int, errors: int, warnings: int) -> str:
    return f"{file}: {posts} posts, {errors} error(s), {warnings} warning(s)"


@app.command()
def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the structure file, for editors."""
    import json

    from orgchart.model import Structure

    data = Structure.model_json_schema()
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", **data}
    write_output(json.dumps(data, indent=2, sort_keys=True) + "\n", output)
