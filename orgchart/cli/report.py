"""The report command: a restructure's decision report as HTML, PDF, Word or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    PortraitOpt,
    RedactOpt,
    RootOpt,
    RulesOpt,
    UnitOpt,
    app,
    die,
    echo_err,
    handled,
    load,
    load_pair,
    sheet_of,
)
from orgchart.cli.comparing import EffectiveOpt, MatchOpt
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import guard, inputs_of, write_outputs
from orgchart.compare.matching import How
from orgchart.filetypes import REPORTS, listed, suffix_of
from orgchart.measure import GroupBy


@app.command()
def report(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="BEFORE [AFTER]",
            help="Two structures for a restructure's report (AFTER may be a proposal that "
            "makes it); one for a structure's report.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Report file: .html, .pdf, .docx or .md."
        ),
    ],
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The report's title.")
    ] = None,
    by: Annotated[
        GroupBy, typer.Option("--by", help="Group the cost table by this.")
    ] = GroupBy.GRADE,
    root: RootOpt = None,
    unit: UnitOpt = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="A Jinja2 template for .html or .md output, for a house style.",
        ),
    ] = None,
    effective: EffectiveOpt = None,
    match: MatchOpt = How.AUTO,
    years: Annotated[
        int,
        typer.Option("--years", min=1, metavar="N", help="Financial years the money is shown for."),
    ] = 4,
    redact: RedactOpt = False,
    rules: RulesOpt = None,
    page: Annotated[
        str,
        typer.Option(
            "--page",
            metavar="A4|A3|letter",
            help="The report's paper: text upright, charts landscape (--portrait: upright), "
            "a chart that does not print at 8 pt type on one page split into pages.",
        ),
    ] = "A4",
    portrait: PortraitOpt = False,
    context: Annotated[
        int,
        typer.Option(
            "--context",
            metavar="N",
            min=0,
            help="The charts show each changed post, its managers to the top and the posts "
            "within N reporting lines of it; the rest fold into '+N posts' boxes.",
        ),
    ] = 1,
    whole: Annotated[
        bool, typer.Option("--whole", help="The charts show every post, none folded.")
    ] = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Write the decision report: summary, posts created and deleted, cost before
    and after, moves, spans, warnings, policy checks (with rules in force: --rules
    or the files' own), and the before/after charts as appendix.

    The suffix picks the format: .html (one self-contained page), .pdf (that
    page printed by Chromium), .docx (Word) or .md (Markdown, with the charts
    as SVG files beside it).
    """
    from orgchart.present.report import data, render

    if REPORTS.get(suffix_of(output)) is None:
        die(f"cannot write {output.name!r}: use {listed(REPORTS)}", ExitCode.USAGE)
    if len(files) > 2:
        die("report takes one structure, or two: before and after", ExitCode.USAGE)
    if template is not None and REPORTS[suffix_of(output)] == "docx":
        die("--template is for .html and .md; Word takes its styles from Word", ExitCode.USAGE)
    if len(files) == 1:
        given = {"--unit": unit, "--effective": effective}
        given["--match"] = None if match is How.AUTO else match
        for name, value in given.items():
            if value is not None:
                die(f"{name} is for a report on two structures", ExitCode.USAGE)
    reads = inputs_of(files, junior, template, rules)
    guard(output, reads)
    if REPORTS[suffix_of(output)] == "pdf":
        from orgchart.present.report.pdf import check

        with handled():
            check()  # before the work: Chromium is missing more often than not
    sheet = sheet_of(page, portrait)
    assert sheet is not None  # a page is always named
    style = None
    if template is not None:
        from orgchart.present.report.templating import read_template

        with handled():
            style = read_template(template)  # refused before the structures are read
    options = read_options(
        columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
    )
    with handled():
        from orgchart.present.report.policy import Checks
        from orgchart.read.rules import load_rules

        checks = Checks(load_rules(rules) if rules else [], options)
        if len(files) == 2:
            built = list(load_pair(files[0], files[1], options))
        else:
            built = [load(files[0], options)]
        if len(built) == 2:
            content = data.compare(
                built[0],
                built[1],
                title=title,
                by=by,
                root=root,
                unit=unit,
                page=sheet,
                context=None if whole else context,
                rule_checks=checks,
                effective=effective.date() if effective else None,
                match=match,
                years=years,
            )
        else:
            content = data.describe(
                built[0],
                title=title,
                by=by,
                root=root,
                page=sheet,
                rule_checks=checks,
                years=years,
            )
        if len(built) == 2:
            order = data.wrong_order(built[0].structure, built[1].structure)
            if order is not None:
                echo_err(f"orgchart: warning: {order}")
        for notice in content.notices:
            echo_err(f"orgchart: warning: {notice}")
        from orgchart.cli.progress import progress

        with progress(f"writing {output.name}"):
            outputs = render(content, output, style)
        for chart in content.charts:
            if chart.crowded:
                echo_err(f"orgchart: warning: {chart.crowded}")
    write_outputs(outputs, reads)
    typer.echo(f"wrote {', '.join(str(p) for p in outputs)}", err=True)
