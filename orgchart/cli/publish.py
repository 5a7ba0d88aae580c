"""The publish command: what the law asks a body to publish, from its
structure: an organogram release (a folder of two CSVs) or the Transparency
Code's senior structure (CSV or HTML), leak-checked, written whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import (
    ExitCode,
    FileArg,
    RedactOpt,
    app,
    die,
    echo_err,
    handled,
    load,
    show_warnings,
)
from orgchart.cli.reading import HeaderRowOpt, JuniorOpt, MapOpt, SheetOpt, read_options
from orgchart.cli.writing import guard, inputs_of, write_output
from orgchart.filetypes import TRANSPARENCY, Layout, listed, suffix_of

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.model import Structure
    from orgchart.present.publish import Release
    from orgchart.present.publish.organogram import OrganogramOptions
    from orgchart.present.publish.transparency import TransparencyOptions


def _date(text: str | None, built: Built) -> dt.date:
    if text is None:
        if built.structure.date is None:
            die("give the snapshot date with --date, such as --date 2026-03-31", ExitCode.USAGE)
        return built.structure.date
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        die(f"--date takes a date as YYYY-MM-DD, got {text!r}", ExitCode.USAGE)


def _grades(text: str | None) -> list[str] | None:
    if text is None:
        return None
    grades = [g.strip() for g in text.split(",") if g.strip()]
    if not grades:
        die(
            "--senior-grades takes grades, most senior first, such as SCS3,SCS2,SCS1",
            ExitCode.USAGE,
        )
    return grades


def _previous(path: Path) -> Structure:
    """The last release, read back: its senior CSV, or the folder that holds it."""
    from orgchart.present.publish.references import senior_only
    from orgchart.read import ReadOptions

    if path.is_dir():
        found = sorted(path.glob("*-senior.csv"))
        if len(found) != 1:
            die(
                f"--previous {path}: the folder holds {len(found)} senior CSVs; name the "
                "last release's senior CSV",
                ExitCode.USAGE,
            )
        path = found[0]
    return senior_only(load(path, ReadOptions(redact=True), quiet=True).structure)


def _organogram(
    built: Built,
    date: str | None,
    organisation: str | None,
    parent: str | None,
    senior_grades: str | None,
    name_from: str | None,
    previous: Path | None,
) -> OrganogramOptions:
    from orgchart.present.publish.organogram import OrganogramOptions
    from orgchart.present.publish.rules import BadOption, Seniority, organisation_of

    try:
        seniority = Seniority.of(_grades(senior_grades), name_from)
    except BadOption as exc:
        die(exc.message, ExitCode.USAGE)
    with handled():
        last = _previous(previous) if previous is not None else None
    return OrganogramOptions(
        date=_date(date, built),
        organisation=organisation or organisation_of(built.structure),
        parent=parent,
        seniority=seniority,
        previous=last,
    )


def _transparency(
    built: Built, output: Path, levels: int, organisation: str | None, budgets: Path | None
) -> TransparencyOptions:
    from orgchart.present.publish.rules import organisation_of
    from orgchart.present.publish.transparency import TransparencyOptions

    loaded = None
    if budgets is not None:
        from orgchart.read.budgets import read_budgets

        with handled():
            loaded = read_budgets(budgets)
    name = "senior-structure.csv" if str(output) == "-" else output.name
    return TransparencyOptions(
        file_name=name,
        levels=levels,
        organisation=organisation or organisation_of(built.structure),
        budgets=loaded,
    )


def _release(built: Built, options: OrganogramOptions | TransparencyOptions) -> Release:
    from orgchart.present.publish import publish as make
    from orgchart.present.publish.leaks import Leak

    with handled():
        try:
            release = make(built, options)
        except Leak as exc:
            for issue in exc.issues:
                echo_err(str(issue))
            die(
                f"the leak check found {len(exc.issues)} thing(s) not for publication: "
                "nothing was written",
                ExitCode.PROBLEMS,
            )
    show_warnings(release.warnings)
    for note in release.notes:
        echo_err(f"{built.file}: note: {note}")
    return release


@app.command()
def publish(
    file: FileArg,
    layout: Annotated[
        Layout,
        typer.Option(
            "--as",
            help="organogram: data.gov.uk's senior and junior CSVs; transparency: the Local "
            "Government Transparency Code's senior structure and pay multiple.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="organogram: a folder (new, or one without an earlier release); "
            "transparency: .csv or .html.",
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="Snapshot date (default: the structure's)."
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation",
            metavar="NAME",
            help="The body's name, in the files and their names (default: the structure's name).",
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent", metavar="NAME", help="Organogram: Parent Department (default: the body)."
        ),
    ] = None,
    senior_grades: Annotated[
        str | None,
        typer.Option(
            "--senior-grades",
            metavar="G1,G2,...",
            help="Organogram: the senior grades, most senior first (default: SCS4 to SCS1 and "
            "OF-9 to OF-6).",
        ),
    ] = None,
    name_from: Annotated[
        str | None,
        typer.Option(
            "--name-from",
            metavar="GRADE",
            help="Organogram: name holders at this senior grade and above (default: SCS2; "
            "no one with --senior-grades).",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            metavar="DIR",
            help="Organogram: the last release (its folder or senior CSV): matched posts keep "
            "its references.",
        ),
    ] = None,
    levels: Annotated[
        int,
        typer.Option("--levels", min=1, metavar="N", help="Transparency: levels from the top."),
    ] = 3,
    budgets: Annotated[
        Path | None,
        typer.Option(
            "--budgets", metavar="CSV", help="Transparency: budgets held, columns id,budget."
        ),
    ] = None,
    redact: RedactOpt = False,
    columns: MapOpt = None,
    junior: JuniorOpt = None,
    header_row: HeaderRowOpt = None,
    sheet_name: SheetOpt = None,
) -> None:
    """Publish what the law asks: an organogram release or the Transparency Code's senior structure.

    Names, pay and notes follow the publication rules (see the README); a leak
    check reads every file before anything is written, and fails, writing
    nothing, if a name, exact salary, contact detail or note is in one.
    """
    organogram = layout is Layout.ORGANOGRAM
    misplaced = (
        [("--levels", levels != 3), ("--budgets", budgets is not None)]
        if organogram
        else [
            ("--parent", parent is not None),
            ("--senior-grades", senior_grades is not None),
            ("--name-from", name_from is not None),
            ("--previous", previous is not None),
            ("--date", date is not None),
        ]
    )
    for option, given in misplaced:
        if given:
            die(f"{option} is not for --as {layout.value}", ExitCode.USAGE)
    reads = inputs_of([file, *([previous] if previous and previous.is_file() else [])], junior)
    if budgets is not None:
        reads.setdefault(budgets, f"the budgets {budgets}")
    if organogram:
        from orgchart.present.publish.organogram import earlier_release

        earlier = earlier_release(output)
        if earlier:
            die(
                f"{output} holds an earlier release ({', '.join(earlier)}): publish each "
                "release into a folder of its own (give the last one as --previous)",
                ExitCode.PROBLEMS,
            )
    elif str(output) != "-" and suffix_of(output) not in TRANSPARENCY:
        die(f"--as transparency writes {listed(TRANSPARENCY)}, not {output.name!r}", ExitCode.USAGE)
    else:
        guard(output, reads)
    with handled():
        reading = read_options(
            columns, False, junior, redact, header_row=header_row, sheet=sheet_name
        )
        built = load(file, reading)
    if organogram:
        options: OrganogramOptions | TransparencyOptions = _organogram(
            built, date, organisation, parent, senior_grades, name_from, previous
        )
    else:
        options = _transparency(built, output, levels, organisation, budgets)
    release = _release(built, options)
    if organogram:
        _write_release(output, release, reads)
    else:
        # One file, whole or not at all, or standard output.
        write_output(next(iter(release.files.values())).decode("utf-8"), output)


def _write_release(folder: Path, release: Release, reads: dict[Path, str]) -> None:
    from orgchart.present.output import WriteFailed, write_folder

    guard([folder / name for name in release.files], reads)
    try:
        write_folder(folder, release.files)
    except WriteFailed as exc:
        die(exc.message, ExitCode.PROBLEMS)
    echo_err(f"wrote {', '.join(str(folder / n) for n in release.files)}")
