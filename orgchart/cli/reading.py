"""What commands read a structure with: the reading options every such
command takes (--map, --skip-invalid, --junior, --sheet, --header-row) and
the ReadOptions made of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orgchart.cli.common import ExitCode, die

if TYPE_CHECKING:
    from orgchart.read import ReadOptions

MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="FIELD=HEADER",
        help="For CSV/Excel input: field=Header, e.g. reports_to='Line Manager'; a file's "
        "message 'map one to it, id=Header' asks for this.",
    ),
]
SkipOpt = Annotated[
    bool,
    typer.Option("--skip-invalid", help="For CSV/Excel input: load the valid rows, skip bad ones."),
]
JuniorOpt = Annotated[
    Path | None,
    typer.Option(
        "--junior", metavar="CSV", help="Organogram junior CSV, when not beside the senior one."
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        metavar="NAME",
        help="For Excel input: read this sheet. Default: the first visible one.",
    ),
]
HeaderRowOpt = Annotated[
    int | None,
    typer.Option(
        "--header-row",
        metavar="N",
        min=1,
        help="For CSV/Excel input: the header is row N (1 is the first). Default: the first "
        "of the first 20 rows with an id and a title column, past any title rows.",
    ),
]


def read_options(
    columns: list[str] | None,
    skip_invalid: bool,
    junior: Path | None,
    redact: bool = False,
    *,
    header_row: int | None = None,
    sheet: str | None = None,
) -> ReadOptions:
    from orgchart.read import ReadOptions

    mapping: dict[str, str] = {}
    for item in columns or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            die(f"--map takes field=Header, got {item!r}", ExitCode.USAGE)
        mapping[field.strip()] = header.strip()
    return ReadOptions(
        columns=mapping,
        skip_invalid=skip_invalid,
        junior=junior,
        redact=redact,
        header_row=header_row,
        sheet=sheet,
    )
