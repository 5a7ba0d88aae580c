"""One row's value in block-style YAML, for read.yamlblock: a plain or
quoted scalar, a flow collection that opens and closes on the row, or the
header of a | or > block scalar (whose rows the Block then reads).

Anything else raises Unsure, and the whole file is read by PyYAML instead.
"""

from __future__ import annotations

import re
from typing import Any

from orgchart.read.yamlfile import PlainScalars

SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +(?:#.*)?)?")
DOUBLE = re.compile(r'"([^"\\]*)"(?: +(?:#.*)?)?')
# One line's flow collection, {id: A, title: "Head, Finance"} or [A, B]: keys
# and items plain or quoted, with no colon, no comment and nothing nested.
# Greedy, and ending on a letter: a lazy pattern before ` *` would try every
# split of a long run of spaces, quadratic on a hostile line.
_FLOW_PLAIN = r"""[^\s,\[\]{}#:'"&*!|>%@`?\-](?:[^,\[\]{}#:]*[^\s,\[\]{}#:])?"""
FLOW_KEY = re.compile(rf" *({_FLOW_PLAIN}) *: +")
FLOW_ITEM = re.compile(rf"""( *'(?:[^']|'')*'| *"[^"\\]*"| *{_FLOW_PLAIN}) *([,\]}}])""")
LINE_END = re.compile(r" *(?:#.*)?")
# A block scalar's header: | or >, chomping (- strip, + keep), no indentation digit.
BLOCK = re.compile(r"[|>]([-+]?)(?: +#.*| *)")
# The first characters of a value read otherwise than as a plain scalar.
INDICATORS = frozenset("?:,[]{}#&*!|>%@`")
EMPTY = object()  # a key with nothing after it: a block or null follows


class Unsure(Exception):
    """A line this reader does not read exactly as PyYAML does."""


class Block:
    """A literal (|) or folded (>) block scalar's header, with its chomping."""

    def __init__(self, folded: bool, chomp: str) -> None:
        self.folded = folded
        self.chomp = chomp

    def read(self, rows: list[str], at: int, col: int) -> tuple[str, int]:
        """The scalar on the rows from `at`, indented past `col`, and the row after it.

        Only the simple form: no more-indented rows (folded otherwise), no
        leading blank rows, no rows of spaces."""
        body: list[str | None] = []  # None: an empty row
        indent = 0
        while at < len(rows):
            line = rows[at]
            text = line.lstrip(" ")
            if not line:
                if at == len(rows) - 1:
                    break  # what follows the text's last line break: no row
                body.append(None)
                at += 1
                continue
            here = len(line) - len(text)
            if not text or (not indent and (body or here <= col)) or here > (indent or here):
                raise Unsure
            if here < indent:
                break
            indent = here
            body.append(text)
            at += 1
        if not indent:
            raise Unsure  # no rows: PyYAML's rules for an empty block differ
        trailing = 0
        while body and body[-1] is None:
            body.pop()
            trailing += 1
        parts: list[str] = []
        gap = 0
        for piece in body:
            if piece is None:
                gap += 1
                continue
            if parts:
                parts.append((" " if gap == 0 else "\n" * gap) if self.folded else "\n" * (gap + 1))
            parts.append(piece)
            gap = 0
        # The break after the last row: none where the text ends on that row.
        last = "" if at == len(rows) and not trailing else "\n"
        ending = {"-": "", "": last, "+": last + "\n" * trailing}[self.chomp]
        return "".join(parts) + ending, at


def read_key(text: str, scalars: PlainScalars) -> str:
    value = scalars.value(text)
    return value if type(value) is str else str(value)


def read_value(text: str, scalars: PlainScalars) -> Any:
    """The scalar at the start of `text` (to the line's end or a comment), or EMPTY."""
    if not text or text[0] == "#":
        return EMPTY
    first = text[0]
    if first == "'":
        quoted = SINGLE.fullmatch(text)
        if quoted is None:
            raise Unsure
        return quoted.group(1).replace("''", "'")
    if first == '"':
        quoted = DOUBLE.fullmatch(text)
        if quoted is None:
            raise Unsure
        return quoted.group(1)
    if first in "[{":
        return read_flow(text, scalars)
    if first in "|>":
        header = BLOCK.fullmatch(text)
        if header is None:
            raise Unsure
        return Block(first == ">", header.group(1))
    if first in INDICATORS or (first == "-" and (len(text) == 1 or text[1] == " ")):
        raise Unsure
    end = text.find(" #")
    plain = (text if end < 0 else text[:end]).rstrip(" ")
    if ": " in plain or plain.endswith(":"):
        raise Unsure
    return scalars.value(plain)


def read_flow(text: str, scalars: PlainScalars) -> dict[str, Any] | list[Any]:
    """A flow mapping or sequence that opens and closes on this line."""
    is_map = text[0] == "{"
    found: Any = {} if is_map else []
    close = "}" if is_map else "]"
    at = 1
    if text[1:].lstrip(" ").startswith(close):
        at = text.index(close) + 1
    else:
        while True:
            name = None
            if is_map:
                key = FLOW_KEY.match(text, at)
                if key is None:
                    raise Unsure
                name, at = read_key(key.group(1), scalars), key.end()
            item = FLOW_ITEM.match(text, at)
            if item is None or (item.group(2) != close and item.group(2) != ","):
                raise Unsure
            value = read_scalar(item.group(1), scalars)
            if name is None:
                found.append(value)
            elif name in found:
                raise Unsure
            else:
                found[name] = value
            at = item.end()
            if item.group(2) == close:
                break
    if LINE_END.fullmatch(text, at) is None:
        raise Unsure
    return found  # type: ignore[no-any-return]


def read_scalar(token: str, scalars: PlainScalars) -> Any:
    """A flow collection's item: quoted, or plain (to be typed)."""
    token = token.strip(" ")
    if token[0] == "'":
        return token[1:-1].replace("''", "'")
    if token[0] == '"':
        return token[1:-1]
    return scalars.value(token)
