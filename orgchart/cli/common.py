"""What every command shares: the app, exit codes, options, loading and errors.

Library calls raise OrgchartError subclasses or return issues; this module
alone turns them into messages on stderr and exit codes. Heavy imports wait
inside the commands so that `orgchart --help` answers at once. What the
commands write, and the guard over their inputs, is cli.writing's; the
options a structure is read with are cli.reading's.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

# Only the enum: formats' package module imports nothing heavy, so --help stays fast.
from orgchart.filetypes import Format
from orgchart.text import for_terminal

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.check.columnar import CheckedTable
    from orgchart.errors import Issue, LoadError
    from orgchart.present.render.pages import Paper
    from orgchart.read import ReadOptions

T = TypeVar("T")
# A proposal file as read: its document and the line of each part.
Sniffed = tuple[Any, Mapping[tuple[str | int, ...], int]]

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


FileArg = Annotated[
    Path,
    typer.Argument(
        metavar="FILE", help="Structure file: .yaml, .json, organogram or HR .csv, .xlsx."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="PATH", help="Write to this file instead of stdout."),
]
RedactOpt = Annotated[bool, typer.Option("--redact", help="Leave post holders' names out.")]
LossyOpt = Annotated[
    bool,
    typer.Option("--lossy", help="Write a CSV even when it cannot keep the whole structure."),
]
RootOpt = Annotated[
    str | None,
    typer.Option("--root", metavar="ID", help="Only this post and the posts below it."),
]
UnitOpt = Annotated[
    str | None, typer.Option("--unit", metavar="NAME", help="Only posts in this unit.")
]
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="RULES",
        help="Policy rules: a shipped pack (spans-layers, organogram) or a rules file "
        "(.yaml), several with commas; they add to the file's own rules: block.",
    ),
]
BandsOpt = Annotated[
    str | None,
    typer.Option(
        "--bands",
        metavar="B1,B2,B3,B4,B5",
        help="Upper bounds of the span bands one-to-one, micro team, below target, on target, "
        "above target (the rest is excessive). Default 1,3,7,12,16.",
    ),
]


PageOpt = Annotated[
    str | None,
    typer.Option(
        "--page",
        metavar="A4|A3|letter",
        help="Split the chart by manager into pages of this paper, landscape, never below "
        "8 pt type: one PDF of them all, or a file per page (NAME-1.svg ...) and "
        "NAME-index.html.",
    ),
]
PortraitOpt = Annotated[bool, typer.Option("--portrait", help="With --page: portrait pages.")]


def sheet_of(page: str | None, portrait: bool) -> Paper | None:
    """--page and --portrait as a paper, or None for one chart."""
    from orgchart.present.render.pages import PAPERS, paper

    if page is None:
        if portrait:
            die("--portrait is for pages: give --page A4, A3 or letter", ExitCode.USAGE)
        return None
    try:
        return paper(page, portrait)
    except KeyError:
        die(f"--page takes {', '.join(PAPERS)}, got {page!r}", ExitCode.USAGE)


def echo(text: str, *, err: bool = False) -> None:
    """Every message: a file's text never brings control characters to the terminal."""
    if err:
        typer.echo(for_terminal(text), err=True)
    else:
        from orgchart.cli.writing import to_stdout  # writing imports this module

        to_stdout(for_terminal(text) + "\n")


def echo_err(text: str) -> None:
    echo(text, err=True)


def die(message: str, code: ExitCode) -> NoReturn:
    echo_err(f"orgchart: {message}")
    raise typer.Exit(int(code))


@contextmanager
def handled(bad_input: ExitCode = ExitCode.PROBLEMS) -> Iterator[None]:
    """The one place library errors become messages and exit codes."""
    from orgchart.errors import (
        InvalidStructure,
        LoadError,
        OrgchartError,
        RenderError,
        RulesError,
        UnknownFormat,
        UnknownPost,
    )

    try:
        yield
    except InvalidStructure as exc:
        for issue in exc.issues:
            echo_err(str(issue))
        raise typer.Exit(int(bad_input)) from None
    except RulesError as exc:
        # Rules that cannot be used are a usage error, whatever the input.
        for issue in exc.issues:
            echo_err(str(issue))
        raise typer.Exit(int(ExitCode.USAGE)) from None
    except LoadError as exc:
        echo_err(load_error_message(exc))
        raise typer.Exit(int(bad_input)) from None
    except (UnknownPost, UnknownFormat) as exc:
        die(str(exc), ExitCode.USAGE)
    except RenderError as exc:
        die(str(exc), ExitCode.USAGE)
    except OrgchartError as exc:
        die(str(exc), bad_input)
    except RecursionError:
        die("input nested too deeply to process", bad_input)


def load_error_message(exc: LoadError) -> str:
    """A file that cannot be read, in the same FILE:LINE: error: form as every other problem."""
    where = f"{exc.file}:{exc.line}" if exc.line else str(exc.file)
    return f"{where}: error: {exc.message}"


def parse_bands(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    try:
        bands = tuple(float(b) for b in text.split(","))
    except ValueError:
        die(f"--bands takes five numbers such as 1,3,7,12,16, got {text!r}", ExitCode.USAGE)
    if len(bands) != 5 or any(b <= a for a, b in itertools.pairwise(bands)):
        die("--bands takes five increasing numbers such as 1,3,7,12,16", ExitCode.USAGE)
    return bands


def load(path: Path, options: ReadOptions, *, quiet: bool = False) -> Built:
    """Build a structure; unless quiet, show its first warnings and the reader's notes."""
    from orgchart.build import build
    from orgchart.cli.progress import progress

    with progress(f"reading and checking {path.name}", quiet=quiet):
        built = build(path, options)
    if not quiet:
        _show(built)
    return built


def load_pair(
    before: Path, after: Path, options: ReadOptions, *, quiet: bool = False
) -> tuple[Built, Built]:
    """Build two structures to compare, as `load` does one: with --redact, the
    names of both are withheld from both (build.build_pair). AFTER may be a
    proposal (told by its `proposal:` or `actions:` key), applied to BEFORE."""
    from orgchart.build import build_pair
    from orgchart.cli.progress import progress
    from orgchart.read.proposal import sniff

    sniffed = sniff(after)
    if sniffed is not None:
        old = load(before, options, quiet=quiet)
        return old, load_proposal(old, after, options, sniffed, quiet=quiet)
    with progress(f"reading and checking {before.name} and {after.name}", quiet=quiet):
        pair = build_pair(before, after, options)
    if not quiet:
        for built in pair:
            _show(built)
    return pair


def proposal_of(path: Path) -> Sniffed:
    """A proposal file's document and lines, read before the structure it
    changes. Raises LoadError for a file that is no proposal."""
    from orgchart.errors import LoadError
    from orgchart.read.proposal import sniff

    sniffed = sniff(path)
    if sniffed is None:
        raise LoadError(
            "this is not a proposal: it has no 'proposal' or 'actions' key", file=str(path)
        )
    return sniffed


def load_proposal(
    before: Built,
    path: Path,
    options: ReadOptions,
    sniffed: Sniffed,
    *,
    quiet: bool = False,
    at: dt.date | None = None,
) -> Built:
    """The structure the proposal at `path` (`sniffed`: as proposal_of read
    it) makes of `before`; unless quiet, its first warnings."""
    from orgchart.apply import build_proposed
    from orgchart.cli.progress import progress

    with progress(f"applying {path.name}", quiet=quiet):
        built = build_proposed(before, path, at=at, redact=options.redact, sniffed=sniffed)
    if not quiet:
        # A warning the structure before was given already is not said twice.
        show_warnings([i for i in built.warnings if i not in set(before.warnings)])
    return built


def is_proposal(path: Path) -> bool:
    """Whether a file is a proposal rather than a structure."""
    from orgchart.read.proposal import sniff

    return sniff(path) is not None


def _show(built: Built) -> None:
    show_warnings(built.warnings)
    for note in built.notes:
        echo_err(f"{built.file}: note: {note}")


def load_table(path: Path, options: ReadOptions, *, quiet: bool = False) -> CheckedTable | None:
    """A plain HR export as checked columns, showing its first warnings; None
    when the command must `load` it instead (the reasons: build.build_table)."""
    from orgchart.build import build_table
    from orgchart.cli.progress import progress

    with progress(f"reading and checking {path.name}", quiet=quiet):
        checked = build_table(path, options)
    if checked is not None and not quiet:
        show_warnings(checked.warnings)
    return checked


def measured(
    path: Path,
    options: ReadOptions,
    on_table: Callable[[CheckedTable], T],
    on_graph: Callable[[Built], T],
) -> T:
    """A measure of `path`: on its columns where it reads as a table, else on its graph."""
    table = load_table(path, options)
    return on_table(table) if table is not None else on_graph(load(path, options))


# Reports show the first warnings only; `validate` lists them all.
WARNINGS_SHOWN = 10


def show_warnings(issues: list[Issue]) -> None:
    warnings = [i for i in issues if i.severity == "warning"]
    for issue in warnings[:WARNINGS_SHOWN]:
        echo_err(str(issue))
    if len(warnings) > WARNINGS_SHOWN:
        echo_err(f"... and {len(warnings) - WARNINGS_SHOWN} more warnings: run orgchart validate")


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C, so a write in progress removes its temporary files.
    raise SystemExit(128 + signum)


def main() -> None:
    """The console entry point: a bug gets one line, not a traceback (ORGCHART_DEBUG=1 shows it)."""
    signal.signal(signal.SIGTERM, _terminated)
    # An encoding that has no "£" (PYTHONIOENCODING=ascii, an old locale) gets
    # "\xa3" for it, as Python writes to stderr: nothing lost, nothing
    # guessed, where "?" would lose it and "GBP" would need a table of words.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    # polars' allocator (jemalloc) keeps freed memory for ten seconds by default;
    # numpy's arrays then need pages of their own, and a command's peak memory
    # is the two added. Handing it back at once costs little time: 10-17% less
    # peak at 100,000 posts. Set before polars is first imported, by a command.
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("ORGCHART_DEBUG"):
            raise
        echo_err(
            f"orgchart: internal error: {type(exc).__name__}: {exc} (please report it; "
            "ORGCHART_DEBUG=1 shows the traceback)"
        )
        sys.exit(int(ExitCode.INTERNAL))
