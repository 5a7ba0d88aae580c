"""Read block-style YAML a line at a time: the part of YAML structure files use.

PyYAML's C parser hands Python an object per event (each scalar, each
mapping's start and end, with their marks): 2-4 s for a file of 100,000
posts. Most structure files, and every file `convert` writes, use a small
part of YAML: block mappings and sequences, plain or quoted scalars and
flow collections that open and close on one line, | and > block scalars,
and comments. This reads that part, a pattern match a line, and gives None
for anything else (multi-line plain or quoted scalars, nested flow
collections, anchors, aliases, tags, tabs, directives, duplicate keys, odd
indentation, a value PyYAML would refuse). yamlfile.read_yaml then reads
the file with PyYAML, which gives the exact message for every problem.
The two give the same document and lines: tests compare them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from orgchart.read.yamlfile import LINE_DEPTH, MAX_DEPTH, KeyLines, Path, PlainScalars

# A key: a plain scalar on one line, with no character that could make it
# anything else, then ':' and a space or the line's end.
KEY = re.compile(r"""([^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^:#]*[^\s:#])?):(?: +|$)""")
# The commonest lines: `  key: value`, and `- key: value` that starts a
# sequence's next mapping; the value plain, with no '#' or ':'.
SIMPLE = re.compile(
    r"""( *)(- )?([A-Za-z_][A-Za-z0-9_]*): ([^\s'"\[\]{}|>&*!%@`#?:,\-](?:[^#:]*[^\s#:])?)"""
)
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
# Characters YAML reads as line breaks besides "\n"; and what PyYAML refuses.
BREAKS = ("\x85", "\u2028", "\u2029")
NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
EMPTY = object()  # a key with nothing after it: a block or null follows


class _Unsure(Exception):
    """A line this reader does not read exactly as PyYAML does."""


class _Block:
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
                raise _Unsure
            if here < indent:
                break
            indent = here
            body.append(text)
            at += 1
        if not indent:
            raise _Unsure  # no rows: PyYAML's rules for an empty block differ
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


class _Frame:
    __slots__ = ("col", "container", "is_map", "path")

    def __init__(self, col: int, container: Any, path: Path) -> None:
        self.col = col
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path


def read_block(text: str, scalars: PlainScalars) -> tuple[Any, Mapping[Path, int]] | None:
    """The document and the line of each path, as read_yaml gives them; None
    when the text uses more of YAML than this reads."""
    if "\t" in text or text.startswith("\ufeff") or any(b in text for b in BREAKS):
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    if NON_PRINTABLE.search(text):
        return None
    try:
        return _read(text, scalars)
    except (_Unsure, ValueError, yaml.YAMLError):
        return None


def _read(text: str, scalars: PlainScalars) -> tuple[Any, KeyLines]:
    key_lines = KeyLines()
    lines = key_lines.known
    stack: list[_Frame] = []
    pending: tuple[_Frame, str] | None = None  # a key whose value is on the lines below
    key_match, simple = KEY.match, SIMPLE.fullmatch
    names: dict[str, str] = {}
    rows = text.split("\n")
    at = 0
    # SIMPLE's match of the row at `at`, where _keys has matched it already.
    ahead: re.Match[str] | None = None
    while at < len(rows):
        line = rows[at]
        at += 1
        # Most lines are a key and a plain value in the mapping being read.
        quick, ahead = (ahead or simple(line)) if pending is None and stack else None, None
        if quick is not None:
            dash, col = quick.group(2), len(quick.group(1))
            top = stack[-1]
            if dash is None:
                if top.is_map and top.col == col:
                    at, ahead = _keys(rows, at, top, quick, key_lines, names, scalars)
                    continue
            elif top.is_map and top.col == col + 2 and len(stack) > 1:
                # The next mapping of a sequence, once the one before it ends.
                items = stack[-2]
                if not items.is_map and items.col == col:
                    items.container.append({})
                    path = (*items.path, len(items.container) - 1)
                    if len(path) <= LINE_DEPTH:
                        lines[path] = at
                    stack[-1] = _Frame(col + 2, items.container[-1], path)
                    at, ahead = _keys(rows, at, stack[-1], quick, key_lines, names, scalars)
                    continue
        number = at
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#":
            continue
        indent = len(line) - len(rest)
        if indent == 0 and rest.startswith(("---", "...", "%")):
            raise _Unsure
        dash = rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")
        col = indent
        if dash:
            item = rest[1:].lstrip(" ")
            col = len(line) - len(item)
            rest = item
            if not rest or rest[0] == "#":
                raise _Unsure  # an item on the lines below
        found = key_match(rest)
        key = None if found is None else found.group(1)
        value = _value(rest[found.end() :] if found else rest, scalars)
        if found is None and (not dash or value is EMPTY):
            raise _Unsure  # a lone scalar is only an item
        if type(value) is _Block:
            value, at = value.read(rows, at, col)
        if not stack:
            if dash or key is None:
                raise _Unsure  # a structure file is a mapping
            stack.append(_Frame(indent, {}, ()))
        elif pending is not None:
            parent, name = pending
            pending = None
            if indent > parent.col or (dash and indent == parent.col):
                child: Any = [] if dash else {}
                parent.container[name] = child
                stack.append(_Frame(indent, child, (*parent.path, name)))
                if len(stack) > MAX_DEPTH:
                    raise _Unsure
            else:
                parent.container[name] = None
        frame: _Frame | None
        while True:
            top = stack[-1]
            if top.is_map and indent == top.col and not dash:
                frame = top
                break
            if not top.is_map and dash and indent == top.col:
                items = top.container
                if key is None:
                    items.append(value)
                    _inner_lines(lines, (*top.path, len(items) - 1), value, number)
                    frame = None
                    break
                entry: dict[str, Any] = {}
                items.append(entry)
                path = (*top.path, len(items) - 1)
                if len(path) <= LINE_DEPTH:
                    lines.setdefault(path, number)
                frame = _Frame(col, entry, path)
                stack.append(frame)
                if len(stack) > MAX_DEPTH:
                    raise _Unsure
                break
            if indent > top.col or len(stack) == 1:
                raise _Unsure
            stack.pop()
        if frame is None or key is None:
            continue
        name = _key(key, scalars)
        if name in frame.container:
            raise _Unsure  # PyYAML's reading names the duplicate
        if len(frame.path) < LINE_DEPTH:
            lines[(*frame.path, name)] = number
        if value is EMPTY:
            pending = (frame, name)
        else:
            frame.container[name] = value
            _inner_lines(lines, (*frame.path, name), value, number)
    if not stack:
        raise _Unsure
    if pending is not None:
        pending[0].container[pending[1]] = None
    return stack[0].container, key_lines


def _keys(
    rows: list[str],
    at: int,
    frame: _Frame,
    quick: re.Match[str],
    lines: KeyLines,
    names: dict[str, str],
    scalars: PlainScalars,
) -> tuple[int, re.Match[str] | None]:
    """Put the key and plain value `quick` matched (on the row before `at`),
    and those of the rows after it that are the same mapping's, into `frame`;
    give the first row that is not one, and SIMPLE's match of it.

    The commonest run of rows, read with as little as can be done a row."""
    simple, starts = SIMPLE.fullmatch, scalars.starts
    container, col, first, line = frame.container, frame.col, len(frame.container), at
    end = len(rows)
    match = quick
    while True:
        _, _, word, raw = match.groups()
        value = raw if starts is not None and raw[0] not in starts else scalars.value(raw)
        name = names.get(word) or names.setdefault(word, _key(word, scalars))
        if name in container:
            raise _Unsure  # PyYAML's reading names the duplicate
        container[name] = value
        following = simple(rows[at]) if at < end else None
        if following is None or following.group(2) is not None or len(following.group(1)) != col:
            break
        match = following
        at += 1
    if len(frame.path) < LINE_DEPTH:
        lines.run(frame.path, container, line, first)
    return at, following


def _inner_lines(lines: dict[Path, int], path: Path, value: Any, number: int) -> None:
    """The lines read_yaml keeps for a flow collection at `path`, all on its line."""
    if type(value) is dict or type(value) is list:
        if len(path) <= LINE_DEPTH:
            lines.setdefault(path, number)
        if type(value) is dict and len(path) < LINE_DEPTH:
            lines.update({(*path, name): number for name in value})


def _key(text: str, scalars: PlainScalars) -> str:
    value = scalars.value(text)
    return value if type(value) is str else str(value)


def _value(text: str, scalars: PlainScalars) -> Any:
    """The scalar at the start of `text` (to the line's end or a comment), or EMPTY."""
    if not text or text[0] == "#":
        return EMPTY
    first = text[0]
    if first == "'":
        quoted = SINGLE.fullmatch(text)
        if quoted is None:
            raise _Unsure
        return quoted.group(1).replace("''", "'")
    if first == '"':
        quoted = DOUBLE.fullmatch(text)
        if quoted is None:
            raise _Unsure
        return quoted.group(1)
    if first in "[{":
        return _flow(text, scalars)
    if first in "|>":
        header = BLOCK.fullmatch(text)
        if header is None:
            raise _Unsure
        return _Block(first == ">", header.group(1))
    if first in INDICATORS or (first == "-" and (len(text) == 1 or text[1] == " ")):
        raise _Unsure
    end = text.find(" #")
    plain = (text if end < 0 else text[:end]).rstrip(" ")
    if ": " in plain or plain.endswith(":"):
        raise _Unsure
    return scalars.value(plain)


def _flow(text: str, scalars: PlainScalars) -> dict[str, Any] | list[Any]:
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
                    raise _Unsure
                name, at = _key(key.group(1), scalars), key.end()
            item = FLOW_ITEM.match(text, at)
            if item is None or (item.group(2) != close and item.group(2) != ","):
                raise _Unsure
            value = _scalar(item.group(1), scalars)
            if name is None:
                found.append(value)
            elif name in found:
                raise _Unsure
            else:
                found[name] = value
            at = item.end()
            if item.group(2) == close:
                break
    if LINE_END.fullmatch(text, at) is None:
        raise _Unsure
    return found  # type: ignore[no-any-return]


def _scalar(token: str, scalars: PlainScalars) -> Any:
    """A flow collection's item: quoted, or plain (to be typed)."""
    token = token.strip(" ")
    if token[0] == "'":
        return token[1:-1].replace("''", "'")
    if token[0] == '"':
        return token[1:-1]
    return scalars.value(token)
