"""Commands that write a structure out: convert (another file format), render and
render-diff (charts, with Graphviz)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    FileArg,
    LossyOpt,
    PageOpt,
    PortraitOpt,
    RedactOpt,
    app,
    die,
    echo_err,
    handled,
    load,
    load_pair,
    sheet_of,
)
from orgchart.cli.reading import (
    HeaderRowOpt,
    JuniorOpt,
    MapOpt,
    SheetOpt,
    SkipOpt,
    read_options,
)
from orgchart.cli.writing import (
    STDOUT,
    guard,
    inputs_of,
    write_output,
    write_outputs,
    write_structure,
)
from orgchart.filetypes import BINARY_CHARTS, ChartFormat, chart_format

if TYPE_CHECKING:
    from orgchart.present.render.dot import ChartOptions
    from orgchart.present.render.pages import Paper
    from orgchart.read import ReadOptions

CollapseOpt = Annotated[
    bool,
    typer.Option(
        "--collapse/--no-collapse", help="Draw identical sibling posts as one 'N × Title' box."
    ),
]
CompactOpt = Annotated[
    bool | None,
    typer.Option(
        "--compact/--no-compact",
        help="Stack each manager's leaf posts and wrap teams into rows (default: from "
        "60 boxes up); --no-compact leaves the whole layout to Graphviz's dot.",
        show_default=False,
    ),
]
GroupByOpt = Annotated[
    str | None, typer.Option("--group-by", metavar="unit", help="'unit': draw units as clusters.")
]
RootOpt = Annotated[
    str | None, typer.Option("--root", metavar="ID", help="Draw this post and those below it.")
]
DepthOpt = Annotated[
    int | None,
    typer.Option(
        "--depth", min=1, metavar="N", help="Draw this many layers from the top (or root)."
    ),
]


def _chart_format(fmt: ChartFormat | None, path: Path) -> ChartFormat:
    """The format --format names, or the suffix. A chart's suffix that says
    another format is refused rather than obeyed or renamed: a file called
    chart.svg holding DOT opens in nothing, and one renamed is not where the
    user (or their script) looks for it."""
    named = chart_format(path)
    if fmt is not None and named is not None and named is not fmt:
        die(
            f"{path.name!r} is named as {named.value.upper()} but --format is {fmt.value}: "
            f"name it {path.stem}.{fmt.value}, or leave out --format",
            ExitCode.USAGE,
        )
    chosen = fmt or named
    if chosen is None:
        die(
            f"cannot tell the format from {path.name!r}: use .svg, .png, .pdf or .dot, or --format",
            ExitCode.USAGE,
        )
    return chosen


SIDES = ("before", "after")


def _sheet(page: str | None, portrait: bool, group_by: str | None) -> Paper | None:
    if page is not None and group_by is not None:
        die("--group-by unit draws one chart; it cannot be paged", ExitCode.USAGE)
    return sheet_of(page, portrait)


def _chart_bytes(dot: str, fmt: ChartFormat) -> bytes:
    if fmt is ChartFormat.DOT:
        return dot.encode("utf-8")
    from orgchart.cli.progress import progress
    from orgchart.present.render.graphviz_run import draw

    with progress(f"drawing the chart ({fmt.value})"):
        return draw(dot, fmt.value)


def _suggest_pages(dot: str) -> None:
    """A chart too big to print legibly on one sheet of A3 says so, and what splits it."""
    from orgchart.present.render.paged import too_big
    from orgchart.present.render.pages import READABLE, paper

    printed = too_big(dot, paper("A3"))
    if printed is not None:
        echo_err(
            f"orgchart: note: on a sheet of A3 this chart's type would print at "
            f"{printed:.1f} pt: --page A3 splits it into pages that print at {READABLE:g} pt "
            "or more"
        )


def _group_by_unit(group_by: str | None) -> bool:
    if group_by not in (None, "unit"):
        die(f"--group-by takes 'unit', got {group_by!r}", ExitCode.USAGE)
    return group_by == "unit"


@app.command()
def convert(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="IN...",
            help="The structure: one file, or an organogram's senior and junior CSVs.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Output: .yaml, .yml, .json, .csv or .parquet."
        ),
    ],
    redact: RedactOpt = False,
    lossy: LossyOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Convert between formats by suffix: organogram or HR CSV/Excel to a YAML structure file, etc.

    YAML and JSON keep everything but comments. A CSV or Parquet file holds posts
    only: a structure with a name, date, grades or funding sources is refused unless --lossy.
    """
    from orgchart.present import writers
    from orgchart.read import detect_format

    if len(inputs) > 2:
        die(
            "convert takes one structure (an organogram's senior and junior CSVs count as one)",
            ExitCode.USAGE,
        )
    if len(inputs) == 2:
        with handled():
            kind = detect_format(inputs[0])
        if kind != "organogram":
            die(
                f"a second input is only for an organogram's junior CSV; {inputs[1]} would "
                "not be used",
                ExitCode.USAGE,
            )
    junior = inputs[1] if len(inputs) == 2 else None
    guard(output, inputs_of(inputs[:1], junior))
    with handled():
        if output != STDOUT:
            writers.writer_for(output)
        built = load(
            inputs[0],
            read_options(
                columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
            ),
        )
    write_structure(built.structure, output, lossy)


@app.command()
def render(
    file: FileArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Chart file: .svg, .png, .pdf or .dot."
        ),
    ],
    fmt: Annotated[
        ChartFormat | None, typer.Option("--format", "-f", help="Override the suffix.")
    ] = None,
    redact: RedactOpt = False,
    collapse: CollapseOpt = True,
    compact: CompactOpt = None,
    group_by: GroupByOpt = None,
    root: RootOpt = None,
    depth: DepthOpt = None,
    page: PageOpt = None,
    portrait: PortraitOpt = False,
    highlight_rules: Annotated[
        str | None,
        typer.Option(
            "--highlight-rules",
            metavar="RULES",
            help="Outline the posts that fail these policy rules (a pack or rules file, "
            "as check's --rules), with a legend.",
        ),
    ] = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Draw a structure chart with Graphviz, top-down.

    Boxes show title, grade, FTE and holder; vacant posts are dashed; acting,
    temporary and fixed-term posts are marked with their end date; with
    --highlight-rules, posts failing a rule have a double blue outline.
    """
    from orgchart.present.render.dot import ChartOptions, to_dot

    chart = _chart_format(fmt, output)
    sheet = _sheet(page, portrait, group_by)
    reads = inputs_of([file], junior, rules=highlight_rules)
    guard(output, reads, binary=chart in BINARY_CHARTS or sheet is not None)
    options = ChartOptions(
        collapse=collapse,
        compact=compact,
        group_by_unit=_group_by_unit(group_by),
        root=root,
        depth=depth,
    )
    with handled():
        read = read_options(
            columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
        )
        built = load(file, read)
        if highlight_rules is not None:
            options = _marked(options, file, highlight_rules, read)
        if sheet is None:
            dot = to_dot(built.graph, options)
            data = _chart_bytes(dot, chart)
            _suggest_pages(dot)
        else:
            from orgchart.cli.progress import progress
            from orgchart.present.render.paged import paged_chart, stale_pages

            with progress(f"drawing the chart's pages ({chart.value})"):
                files = paged_chart(built.graph, options, sheet, output, chart)
    if sheet is None:
        write_output(data, output)
        return
    write_outputs(dict(files), reads, remove=stale_pages(output, chart, files))
    typer.echo(f"wrote {len(files)} file(s): {', '.join(str(p) for p in files)}", err=True)


def _marked(options: ChartOptions, file: Path, spec: str, read: ReadOptions) -> ChartOptions:
    """The chart options with the posts failing the rules outlined, and the legend.

    Raises RulesError for rules that are wrong."""
    from dataclasses import replace

    from orgchart.measure.rules import check_file
    from orgchart.present.checks import chart_marks
    from orgchart.read.rules import load_rules

    marks, legend = chart_marks(check_file(file, load_rules(spec), read).results)
    return replace(options, rule_failures=marks, rule_legend=legend)


@app.command("render-diff")
def render_diff(
    before: Annotated[Path, typer.Argument(metavar="BEFORE", help="The structure before.")],
    after: Annotated[
        Path,
        typer.Argument(metavar="AFTER", help="The structure after, or a proposal that makes it."),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Folder for before.* and after.*; or a chart's name, NAME.png, for "
            "NAME-before.png and NAME-after.png beside it.",
        ),
    ],
    fmt: Annotated[
        ChartFormat | None,
        typer.Option("--format", "-f", help="Chart format (default: the suffix, else svg)."),
    ] = None,
    redact: RedactOpt = False,
    collapse: CollapseOpt = True,
    compact: CompactOpt = None,
    group_by: GroupByOpt = None,
    root: RootOpt = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="NAME", help="Only this unit's changes in red (charts are whole)."
        ),
    ] = None,
    depth: DepthOpt = None,
    page: PageOpt = None,
    portrait: PortraitOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Draw before and after charts with the changes highlighted in red.

    Before: removed posts and posts about to move. After: added, moved and
    changed posts, with what changed in the box.
    """
    from orgchart.present.render.changes import diff_charts, side_options
    from orgchart.present.render.dot import ChartOptions
    from orgchart.present.render.paged import paged_chart, stale_pages

    sheet = _sheet(page, portrait, group_by)
    fmt, paths, folder = _diff_paths(output, fmt)
    reads = inputs_of([before, after], junior)
    guard(list(paths.values()), reads)
    options = read_options(
        columns, skip_invalid, junior, redact, header_row=header_row, sheet=sheet_name
    )
    chart = ChartOptions(
        collapse=collapse,
        compact=compact,
        group_by_unit=_group_by_unit(group_by),
        root=root,
        depth=depth,
    )
    charts: dict[Path, str | bytes] = {}
    stale: list[Path] = []
    with handled():
        old, new = load_pair(before, after, options)
        if sheet is None:
            for side, dot in diff_charts(old.graph, new.graph, chart, unit=unit).items():
                charts[paths[side]] = _chart_bytes(dot, fmt)
        else:
            chosen = side_options(old.graph, new.graph, chart, unit=unit)
            graphs = {"before": old.graph, "after": new.graph}
            for side, side_chart in chosen.items():
                pages = paged_chart(graphs[side], side_chart, sheet, paths[side], fmt)
                charts.update(pages)
                stale += stale_pages(paths[side], fmt, pages)
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            die(f"cannot create {folder}: {exc.strerror or exc}", ExitCode.PROBLEMS)
    write_outputs(charts, reads, remove=stale)
    if sheet is None:
        typer.echo(f"wrote {paths['before']} and {paths['after']}", err=True)
    else:
        typer.echo(f"wrote {len(charts)} files in {paths['before'].parent}", err=True)


def _diff_paths(
    output: Path, fmt: ChartFormat | None
) -> tuple[ChartFormat, dict[str, Path], Path | None]:
    """render-diff's format, each side's file, and the folder to make for them.

    A name with a chart's suffix (changes.png) that is not already a folder is
    the two files' name: changes-before.png and changes-after.png beside it,
    as a Markdown report's charts sit beside it. Any other name is a folder,
    with before.svg and after.svg in it."""
    if chart_format(output) is not None and not output.is_dir():
        chosen = _chart_format(fmt, output)
        sides = {s: output.with_name(f"{output.stem}-{s}{output.suffix}") for s in SIDES}
        return chosen, sides, None
    chosen = fmt or ChartFormat.SVG
    return chosen, {s: output / f"{s}.{chosen.value}" for s in SIDES}, output
