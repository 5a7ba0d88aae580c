"""What commands write and where: standard output, which may be full or
closed; -o files, written whole through orgchart.present.output; and the
guard that keeps every file a command reads from being written over; and
a structure written to the kind of file its suffix names (convert, apply).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from orgchart.cli.common import ExitCode, die, handled
from orgchart.filetypes import Format
from orgchart.text import for_terminal

if TYPE_CHECKING:
    from orgchart.model import Structure
    from orgchart.present.formats import Report


def to_stdout(data: str | bytes) -> None:
    """Write to standard output, flushed. Output that cannot be written (a full
    disk, a closed descriptor) is one line on stderr and exit 1; a reader that
    stopped reading (`| head`) ends the command with exit 1 and no word, as
    it asked for no more."""
    stream = sys.stdout
    try:
        if stream is None:  # started with descriptor 1 closed
            raise OSError(errno.EBADF, "it is closed")
        if isinstance(data, bytes):
            stream.buffer.write(data)
        else:
            stream.write(data)
        stream.flush()
    except BrokenPipeError:
        _stdout_to_null()
        raise typer.Exit(int(ExitCode.PROBLEMS)) from None
    except OSError as exc:
        _stdout_to_null()
        die(f"cannot write to standard output: {exc.strerror or exc}", ExitCode.PROBLEMS)


def _stdout_to_null() -> None:
    """What is left in stdout's buffer goes nowhere, so that the flush at exit
    does not fail again ("Exception ignored ...")."""
    try:
        fd = sys.stdout.fileno() if sys.stdout is not None else -1
    except (OSError, ValueError):
        return  # no descriptor (a test's capture): nothing is flushed at exit
    if fd >= 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


STDOUT = Path("-")


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write to stdout (no -o, or -o -), or a file through write_outputs."""
    if output is None or output == STDOUT:
        if isinstance(data, str) and sys.stdout is not None and sys.stdout.isatty():
            data = for_terminal(data)  # a file keeps what the structure holds; a terminal no codes
        to_stdout(data)
        return
    write_outputs({output: data}, {})  # the command's `guard` saw it before reading


def write_outputs(
    files: dict[Path, str | bytes], reads: Mapping[Path, str], remove: Iterable[Path] = ()
) -> None:
    """Write several files, and remove the stale ones of their set (a paged
    chart's old pages), all or nothing (orgchart.present.output owns how),
    none of them over a file the command read."""
    from orgchart.present.output import WriteFailed, write_files

    remove = list(remove)
    guard([*files, *remove], reads)
    payloads = {p: d.encode("utf-8") if isinstance(d, str) else d for p, d in files.items()}
    try:
        write_files(payloads, remove)
    except WriteFailed as exc:
        die(exc.message, ExitCode.PROBLEMS)


def inputs_of(
    structures: Iterable[Path],
    junior: Path | None = None,
    template: Path | None = None,
    rules: str | None = None,
) -> dict[Path, str]:
    """Every file a command reads, each with what it is, for `guard`: a
    structure's own files (an organogram's junior CSV beside its senior one
    too), a house-style template, and the rules files among --rules' names
    (the rest are packs)."""
    from orgchart.read import files_read

    found: dict[Path, str] = {}
    for path in structures:
        for read, what in files_read(path, junior).items():
            found.setdefault(read, what)
    if template is not None:
        found.setdefault(template, f"the template {template}")
    for part in (rules or "").split(","):
        if part.strip() and Path(part.strip()).is_file():
            found.setdefault(Path(part.strip()), f"the rules file {part.strip()}")
    return found


def guard(
    outputs: Path | list[Path] | None, reads: Mapping[Path, str], *, binary: bool = False
) -> None:
    """Refuse, before anything is read, an output that is a file the command
    reads (`inputs_of`), or `-o -` for a format that is not text."""
    from orgchart.present.output import OutputClash, check_outputs

    if outputs == STDOUT and binary:
        die(
            "-o - writes text to standard output; this format is binary: name a file",
            ExitCode.USAGE,
        )
    if outputs is None or outputs == STDOUT:
        return
    try:
        check_outputs([outputs] if isinstance(outputs, Path) else outputs, reads)
    except OutputClash as exc:
        die(exc.message, ExitCode.USAGE)


def emit(report: Report, fmt: Format, output: Path | None) -> None:
    from orgchart.present.formats import renderer

    write_output(renderer(fmt)(report), output)


def write_structure(structure: Structure, output: Path, lossy: bool) -> None:
    """A structure to a file of the kind its suffix names (YAML for `-o -`); a
    CSV or Parquet file, which holds posts only, not when it would lose more,
    unless `lossy`."""
    from orgchart.present import writers

    with handled():
        writer = writers.to_yaml if output == STDOUT else writers.writer_for(output)
    table = writer in (writers.to_csv, writers.to_parquet)
    lost = writers.csv_loses(structure, output.stem) if table else []
    if lost and not lossy:
        kind = "a Parquet file" if writer is writers.to_parquet else "a CSV"
        die(
            f"{kind} would lose {', '.join(lost)} (it holds posts only): write .yaml or .json, "
            "or pass --lossy",
            ExitCode.PROBLEMS,
        )
    write_output(writer(structure), output)
