"""Commands that check structures: validate, check (against policy rules), and
the schema of the structure file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    FormatOpt,
    OutputOpt,
    RedactOpt,
    RulesOpt,
    app,
    die,
    echo,
    echo_err,
    handled,
    load_error_message,
    show_warnings,
)
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import emit, guard, inputs_of, write_output
from orgchart.filetypes import Format

if TYPE_CHECKING:
    from orgchart.errors import Issue
    from orgchart.read import Parsed


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
        issues = issues + _rule_problems(parsed)
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


def _rule_problems(parsed: Parsed) -> list[Issue]:
    """What is wrong with the file's own rules: block, which only check reads."""
    from orgchart.errors import RulesError
    from orgchart.read.rules import block_rules

    if not parsed.structure.rules:
        return []
    try:
        block_rules(parsed.structure.rules, parsed.rule_lines, parsed.file)
    except RulesError as exc:
        return exc.issues
    return []


def _tally(file: str, posts: int, errors: int, warnings: int) -> str:
    return f"{file}: {posts} posts, {errors} error(s), {warnings} warning(s)"


@app.command()
def schema(
    output: OutputOpt = None,
    proposal: Annotated[
        bool, typer.Option("--proposal", help="The proposal file's schema instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the structure file (or of the proposal file), for editors."""
    import json

    from orgchart.model import Structure
    from orgchart.read.proposalmodel import Proposal

    data = (Proposal if proposal else Structure).model_json_schema()
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", **data}
    write_output(json.dumps(data, indent=2, sort_keys=True) + "\n", output)


@app.command("check")
def check_rules(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Structure files to check.")
    ],
    rules: RulesOpt = None,
    warn_only: Annotated[
        bool, typer.Option("--warn-only", help="Report failed rules without failing (exit 0).")
    ] = False,
    fmt: FormatOpt = Format.TABLE,
    output: OutputOpt = None,
    redact: RedactOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Check structures against policy rules: each rule's result, the figure it
    measured, its threshold, and the posts that fail it with their lines.

    Exit 0 when every rule passes (or warns), 1 when a rule fails or a file has
    errors (0 with --warn-only), 2 when the rules themselves are wrong.
    """
    from orgchart.cli.progress import progress
    from orgchart.measure.rules import check_file
    from orgchart.present.checks import check_report, check_rows
    from orgchart.read.publication import earlier_editions
    from orgchart.read.rules import load_rules

    guard(output, inputs_of(files, junior, rules=rules))
    options = read_options(
        columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
    )
    with handled():
        given = load_rules(rules) if rules else []
    earlier = earlier_editions(files)
    checks = []
    failed = False
    for path in files:
        try:
            with handled(), progress(f"reading and checking {path.name} against the rules"):
                checked = check_file(path, given, options, earlier.get(path))
        except typer.Exit as stop:
            if stop.exit_code == ExitCode.USAGE:
                raise
            failed = True
            continue
        if not checked.results:
            die(
                f"{checked.file}: no rules to check: give --rules (a pack such as "
                "spans-layers, or a rules file), or a rules: block in the file",
                ExitCode.USAGE,
            )
        for issue in checked.issues:
            if issue.severity == "error":
                echo_err(str(issue))
        show_warnings(checked.issues)
        checks.append(checked)
        failed = failed or checked.failed
    if checks:
        emit(check_rows(checks) if fmt is Format.CSV else check_report(checks), fmt, output)
    if failed and not warn_only:
        raise typer.Exit(int(ExitCode.PROBLEMS))
