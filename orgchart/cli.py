"""The command line: a thin layer over the library.

Library calls raise OrgchartError subclasses or return issues; this module
alone turns them into messages on stderr and exit codes. Heavy imports wait
inside the commands so that `orgchart --help` answers at once.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.errors import Issue
    from orgchart.formats import Report
    from orgchart.loaders import ReadOptions

app = typer.Typer(
    name="orgchart",
    help="Organisation structures as data: validate, measure spans and cost, diff, draw.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # bad input, failed checks; for diff: differences found
    USAGE = 2  # bad options; for diff: trouble; Graphviz missing
    INTERNAL = 3


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class By(StrEnum):
    GRADE = "grade"
    UNIT = "unit"
    FUNDING = "funding"
    STATUS = "status"


FileArg = Annotated[
    Path, typer.Argument(help="Structure file: .yaml, .json, organogram or HR .csv, .xlsx.")
]
FormatOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map", help="For CSV/Excel input: field=Header, e.g. reports_to='Line Manager'."
    ),
]
SkipOpt = Annotated[
    bool,
    typer.Option("--skip-invalid", help="For CSV/Excel input: load the valid rows, skip bad ones."),
]
JuniorOpt = Annotated[
    Path | None,
    typer.Option("--junior", help="Organogram junior CSV, when not beside the senior one."),
]
BandsOpt = Annotated[
    str | None,
    typer.Option(
        "--bands",
        help="Upper bounds of the span bands one-to-one, micro team, below target, on target, "
        "above target (the rest is excessive). Default 1,3,7,12,16.",
    ),
]


def _echo_err(text: str) -> None:
    typer.echo(text, err=True)


def _die(message: str, code: ExitCode) -> NoReturn:
    _echo_err(f"orgchart: {message}")
    raise typer.Exit(int(code))


@contextmanager
def handled(bad_input: ExitCode = ExitCode.PROBLEMS) -> Iterator[None]:
    """The one place library errors become messages and exit codes."""
    from orgchart.errors import InvalidStructure, LoadError, OrgchartError, RenderError, UnknownPost

    try:
        yield
    except InvalidStructure as exc:
        for issue in exc.issues:
            _echo_err(str(issue))
        raise typer.Exit(int(bad_input)) from None
    except LoadError as exc:
        _echo_err(
            f"{exc.file}:{exc.line}: error: {exc.message}"
            if exc.line
            else f"{exc.file}: error: {exc.message}"
        )
        raise typer.Exit(int(bad_input)) from None
    except UnknownPost as exc:
        _die(str(exc), ExitCode.USAGE)
    except RenderError as exc:
        _die(str(exc), ExitCode.USAGE)
    except OrgchartError as exc:
        _die(str(exc), bad_input)
    except RecursionError:
        _die("input nested too deeply to process", bad_input)


def read_options(columns: list[str] | None, skip_invalid: bool, junior: Path | None) -> ReadOptions:
    from orgchart.loaders import ReadOptions

    mapping: dict[str, str] = {}
    for item in columns or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            _die(f"--map takes field=Header, got {item!r}", ExitCode.USAGE)
        mapping[field.strip()] = header.strip()
    return ReadOptions(columns=mapping, skip_invalid=skip_invalid, junior=junior)


def parse_bands(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    try:
        bands = tuple(float(b) for b in text.split(","))
    except ValueError:
        _die(f"--bands takes five numbers such as 1,3,7,12,16, got {text!r}", ExitCode.USAGE)
    if len(bands) != 5 or any(b <= a for a, b in itertools.pairwise(bands)):
        _die("--bands takes five increasing numbers such as 1,3,7,12,16", ExitCode.USAGE)
    return bands


def load(path: Path, options: ReadOptions) -> Built:
    from orgchart.build import build

    built = build(path, options)
    show_warnings(built.warnings)
    for note in built.notes:
        _echo_err(f"{built.file}: note: {note}")
    return built


# Reports show the first warnings only; `validate` lists them all.
WARNINGS_SHOWN = 10


def show_warnings(issues: list[Issue]) -> None:
    warnings = [i for i in issues if i.severity == "warning"]
    for issue in warnings[:WARNINGS_SHOWN]:
        _echo_err(str(issue))
    if len(warnings) > WARNINGS_SHOWN:
        _echo_err(f"... and {len(warnings) - WARNINGS_SHOWN} more warnings: run orgchart validate")


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write whole or not at all: a temporary file beside the target, then a rename."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = output.parent if str(output.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=directory)
    except OSError as exc:
        _die(f"cannot write {output}: {exc.strerror or exc}", ExitCode.PROBLEMS)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        # mkstemp makes the file private; give it the permissions a plain write would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, output)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        _die(f"cannot write {output}: {exc.strerror or exc}", ExitCode.PROBLEMS)


def emit(report: Report, fmt: ReportFormat, output: Path | None) -> None:
    from orgchart.formats import Format, renderer

    write_output(renderer(Format(fmt.value))(report), output)


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Structure files to check.")],
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
            with handled():
                failed = True
                raise exc
        for issue in issues:
            typer.echo(str(issue))
        for note in parsed.notes:
            typer.echo(f"{parsed.file}: note: {note}")
        errors = sum(i.severity == "error" for i in issues)
        warnings = len(issues) - errors
        posts = sum(p.count for p in parsed.structure.posts)
        typer.echo(f"{parsed.file}: {posts} posts, {errors} error(s), {warnings} warning(s)")
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
    fmt: FormatOpt = ReportFormat.TABLE,
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
    from orgchart.metrics import TARGET_BAND, bands_of, span_rows
    from orgchart.reports import span_report

    bounds = parse_bands(bands)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        rows = span_rows(built.graph, bands_of(built.structure, bounds))
    emit(span_report(rows), fmt, output)
    outside = [r for r in rows if r.band != TARGET_BAND]
    if check_target and outside:
        _echo_err(f"orgchart: {len(outside)} of {len(rows)} managers outside the target band")
        raise typer.Exit(int(ExitCode.PROBLEMS))


@app.command()
def layers(
    file: FileArg,
    fmt: FormatOpt = ReportFormat.TABLE,
    output: OutputOpt = None,
    bands: BandsOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """Posts and FTE per layer, average and median span, and managers per span band."""
    from orgchart.metrics import bands_of, layers_summary
    from orgchart.reports import layers_report

    bounds = parse_bands(bands)
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        summary = layers_summary(built.graph, bands_of(built.structure, bounds))
    emit(layers_report(summary), fmt, output)


@app.command()
def cost(
    file: FileArg,
    by: Annotated[By | None, typer.Option("--by", help="Group the figures.")] = None,
    fmt: FormatOpt = ReportFormat.TABLE,
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
    from orgchart.metrics import GroupBy, cost_summary
    from orgchart.reports import cost_report

    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        summary = cost_summary(built.structure, GroupBy(by.value) if by else None)
    emit(cost_report(summary), fmt, output)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


class DiffFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


@app.command("diff")
def diff_command(
    before: Annotated[Path, typer.Argument(help="The structure before.")],
    after: Annotated[Path, typer.Argument(help="The structure after.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.TEXT
    ),
    by: Annotated[By | None, typer.Option("--by", help="Add the summary per group.")] = None,
    root: Annotated[
        str | None, typer.Option("--root", help="Only this post and the posts below it.")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only posts in this unit.")] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only set the exit status.")
    ] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Leave post holders' names out.")
    ] = False,
    output: OutputOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """What a restructure creates, deletes, moves and changes, and what it costs.

    Exit status like diff(1): 0 no differences, 1 differences, 2 trouble.
    """
    from orgchart.diff import diff
    from orgchart.metrics import GroupBy

    options = read_options(columns, skip_invalid, junior)
    with handled(bad_input=ExitCode.USAGE):
        old = load(before, options) if not quiet else _load_quiet(before, options)
        new = load(after, options) if not quiet else _load_quiet(after, options)
        result = diff(
            old.graph, new.graph, by=GroupBy(by.value) if by else None, root=root, unit=unit
        )
    if not quiet:
        if fmt is DiffFormat.TEXT:
            from orgchart.formats import difftext

            color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
            labels = (f"{before}  ({old.structure.name})", f"{after}  ({new.structure.name})")
            text = difftext.render(result, labels=labels, redact=redact, color=color)
            write_output(text, output)
        else:
            from orgchart.formats import Format, renderer
            from orgchart.reports import diff_report

            write_output(renderer(Format(fmt.value))(diff_report(result, redact=redact)), output)
    raise typer.Exit(int(ExitCode.OK if result.empty else ExitCode.PROBLEMS))


def _load_quiet(path: Path, options: ReadOptions) -> Built:
    from orgchart.build import build

    return build(path, options)


class ChartFormat(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    DOT = "dot"


RedactOpt = Annotated[bool, typer.Option("--redact", help="Leave post holders' names out.")]
CollapseOpt = Annotated[
    bool,
    typer.Option(
        "--collapse/--no-collapse", help="Draw identical sibling posts as one 'N × Title' box."
    ),
]
GroupByOpt = Annotated[
    str | None, typer.Option("--group-by", help="'unit': draw units as clusters.")
]
RootOpt = Annotated[str | None, typer.Option("--root", help="Draw this post and those below it.")]
DepthOpt = Annotated[
    int | None, typer.Option("--depth", min=1, help="Draw this many layers from the top (or root).")
]


def _chart_format(fmt: ChartFormat | None, path: Path) -> ChartFormat:
    if fmt is not None:
        return fmt
    try:
        return ChartFormat(path.suffix.lower().lstrip("."))
    except ValueError:
        _die(
            f"cannot tell the format from {path.name!r}: use .svg, .png, .pdf or .dot, or --format",
            ExitCode.USAGE,
        )


def _chart_bytes(dot: str, fmt: ChartFormat) -> bytes:
    if fmt is ChartFormat.DOT:
        return dot.encode("utf-8")
    from orgchart.render.graphviz_run import draw

    return draw(dot, fmt.value)


def _group_by_unit(group_by: str | None) -> bool:
    if group_by not in (None, "unit"):
        _die(f"--group-by takes 'unit', got {group_by!r}", ExitCode.USAGE)
    return group_by == "unit"


@app.command()
def render(
    file: FileArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Chart file: .svg, .png, .pdf or .dot.")
    ],
    fmt: Annotated[
        ChartFormat | None, typer.Option("--format", "-f", help="Override the suffix.")
    ] = None,
    redact: RedactOpt = False,
    collapse: CollapseOpt = True,
    group_by: GroupByOpt = None,
    root: RootOpt = None,
    depth: DepthOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """Draw a structure chart with Graphviz, top-down.

    Boxes show title, grade, FTE and holder; vacant posts are dashed; acting,
    temporary and fixed-term posts are marked with their end date.
    """
    from orgchart.render.dot import ChartOptions, to_dot

    chart = _chart_format(fmt, output)
    options = ChartOptions(
        redact=redact,
        collapse=collapse,
        group_by_unit=_group_by_unit(group_by),
        root=root,
        depth=depth,
    )
    with handled():
        built = load(file, read_options(columns, skip_invalid, junior))
        data = _chart_bytes(to_dot(built.graph, options), chart)
    write_output(data, output)


@app.command("render-diff")
def render_diff(
    before: Annotated[Path, typer.Argument(help="The structure before.")],
    after: Annotated[Path, typer.Argument(help="The structure after.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for before.* and after.*.")
    ],
    fmt: Annotated[ChartFormat, typer.Option("--format", "-f", help="Chart format.")] = (
        ChartFormat.SVG
    ),
    redact: RedactOpt = False,
    collapse: CollapseOpt = True,
    group_by: GroupByOpt = None,
    root: RootOpt = None,
    depth: DepthOpt = None,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
    junior: JuniorOpt = None,
) -> None:
    """Draw before and after charts with the changes highlighted in red.

    Before: removed posts and posts about to move. After: added, moved and
    changed posts, with what changed in the box.
    """
    from orgchart.diff import diff
    from orgchart.render.changes import highlights
    from orgchart.render.dot import ChartOptions, to_dot

    options = read_options(columns, skip_invalid, junior)
    unit = _group_by_unit(group_by)
    charts: list[tuple[Path, bytes]] = []
    with handled():
        old, new = load(before, options), load(after, options)
        result = diff(old.graph, new.graph)
        for side, built in (("before", old), ("after", new)):
            marks = highlights(result, "before" if side == "before" else "after", redact=redact)
            chart = ChartOptions(
                redact=redact,
                collapse=collapse,
                group_by_unit=unit,
                root=root if root in built.graph.line else None,
                depth=depth,
                legend=True,
                highlights=marks,
            )
            charts.append(
                (output / f"{side}.{fmt.value}", _chart_bytes(to_dot(built.graph, chart), fmt))
            )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _die(f"cannot create {output}: {exc.strerror or exc}", ExitCode.PROBLEMS)
    for path, data in charts:
        write_output(data, path)
    typer.echo(f"wrote {charts[0][0]} and {charts[1][0]}", err=True)


@app.command()
def convert(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="The structure: one file, or an organogram's senior and junior CSVs."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output: .yaml, .yml, .json or .csv.")
    ],
    redact: RedactOpt = False,
    columns: MapOpt = None,
    skip_invalid: SkipOpt = False,
) -> None:
    """Convert between formats by suffix: organogram or HR CSV/Excel to a YAML structure file, etc.

    YAML to YAML loses nothing but comments.
    """
    from orgchart import writers

    if len(inputs) > 2:
        _die(
            "convert takes one structure (an organogram's senior and junior CSVs count as one)",
            ExitCode.USAGE,
        )
    junior = inputs[1] if len(inputs) == 2 else None
    suffix = output.suffix.lower()
    writer = {
        ".yaml": writers.to_yaml,
        ".yml": writers.to_yaml,
        ".json": writers.to_json,
        ".csv": writers.to_csv,
    }.get(suffix)
    if writer is None:
        _die(f"cannot write {output.name!r}: use .yaml, .yml, .json or .csv", ExitCode.USAGE)
    with handled():
        built = load(inputs[0], read_options(columns, skip_invalid, junior))
    write_output(writer(built.structure, redact=redact), output)
