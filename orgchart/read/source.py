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
    header_row: int | None = None  # the spreadsheet's header row (1 is the first); None: found
    sheet: str | None = None  # a workbook's sheet; None: the first visible one


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


# A file with no size to check first (a pipe) is read this many bytes at a time.
CHUNK = 1 << 20


def read_bytes(path: Path) -> bytes:
    """The bytes `path` holds, refused (LoadError) for a device, or past the size
    limit: a regular file by its size before it is read, a pipe as soon as it
    passes the limit. Only what the file holds is allocated: a buffer of the
    whole limit failed under a 2 GB address-space limit."""
    limit = input_limit()
    try:
        info = path.stat()
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise LoadError("this is a device, not a file", file=str(path))
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise too_large(path, "the file")
        with path.open("rb") as handle:
            # A regular file in one read of its size (and one more byte, to see
            # one that grew meanwhile); a pipe, or the rest of a file that grew,
            # a piece at a time.
            want = min(info.st_size, limit) + 1 if stat.S_ISREG(info.st_mode) else CHUNK
            pieces: list[bytes] = []
            held = 0
            while held <= limit and (piece := handle.read(min(want, limit + 1 - held))):
                pieces.append(piece)
                held += len(piece)
                want = CHUNK
            data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from exc
    if len(data) > limit:
        raise too_large(path, "the file")
    return data


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is allowed); raises LoadError naming the line of a
    bad byte, and before reading it all for an input over the size limit or a device."""
    data = read_bytes(path)
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
