"""Reading a file, whatever its format: the options, what a reader returns,
and the bytes of the file itself (UTF-8, size limits, devices, zips).

Every reader module imports this; it imports no reader.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from orgchart.errors import Issue, LoadError

if TYPE_CHECKING:
    from orgchart.model import Structure

ZIP_MAGIC = b"PK\x03\x04"
# Inputs larger than this are refused before they are read into memory.
DEFAULT_LIMIT = 2 * 1024**3
LIMIT_SETTING = "ORGCHART_MAX_INPUT_BYTES"


@dataclass(frozen=True)
class ReadOptions:
    """How to read spreadsheet-like inputs; YAML and JSON ignore it."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    skip_invalid: bool = False
    junior: Path | None = None  # an organogram's junior CSV, when not beside the senior one
    redact: bool = False  # holders' names are left out of the structure and every message


@dataclass(frozen=True)
class Parsed:
    """A structure as read: the posts that passed field checks, every issue, each post's line."""

    file: str
    structure: Structure
    issues: list[Issue]
    post_lines: list[int | None]
    notes: list[str] = field(default_factory=list)  # what the reader did: skipped, dropped
    post_files: list[str] = field(default_factory=list)  # each post's file, where not `file`
    # Lines of the structure file's `rules:` block (read.rules.block_lines)
    rule_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    # The holders' names --redact took out: never written, only looked for by a leak check.
    withheld_names: frozenset[str] = frozenset()


def input_limit() -> int:
    """The most bytes an input may hold: 2 GiB, or ORGCHART_MAX_INPUT_BYTES."""
    setting = os.environ.get(LIMIT_SETTING, "")
    return int(setting) if setting.isdigit() else DEFAULT_LIMIT


def too_large(path: Path, what: str) -> LoadError:
    return LoadError(
        f"{what} is larger than the limit of {input_limit():,} bytes; set "
        f"{LIMIT_SETTING} to raise it",
        file=str(path),
    )


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is allowed); raises LoadError naming the line of a
    bad byte, and before reading it all for an input over the size limit or a device."""
    limit = input_limit()
    try:
        if stat.S_ISCHR(path.stat().st_mode) or stat.S_ISBLK(path.stat().st_mode):
            raise LoadError("this is a device, not a file", file=str(path))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from exc
    if len(data) > limit:
        raise too_large(path, "the file")
    if data.startswith(ZIP_MAGIC):
        # An Excel workbook is a zip file; saved under another name it is no text.
        raise LoadError(
            f"this is an Excel .xlsx file (or another zip), not {path.suffix or 'text'}: "
            "rename it to .xlsx",
            file=str(path),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            file=str(path),
            line=line,
        ) from exc
