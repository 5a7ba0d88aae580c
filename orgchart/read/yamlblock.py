"""Read block-style YAML a line at a time: the part of YAML structure files use.

PyYAML's C parser hands Python an object per event (each scalar, each
mapping's start and end, with their marks): 2-4 s for a file of 100,000
posts. Most structure files, and every file `convert` writes, use a small
part of YAML: block mappings and sequences, plain or quoted scalars and
flow collections that open and close on one line, | and > block scalars,
and comments. This reads that part, a pattern match a row (read.yamlvalue
reads a row's value), and gives None for anything else (multi-line plain
or quoted scalars, nested flow collections, anchors, aliases, tags, tabs,
directives, duplicate keys, odd indentation, a value PyYAML would refuse).
yamlfile.read_yaml then reads the file with PyYAML, which gives the exact
message for every problem.
The two give the same document and lines: tests compare them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from orgchart.read.yamlfile import LINE_DEPTH, MAX_DEPTH, KeyLines, Path, PlainScalars
from orgchart.read.yamlvalue import EMPTY, Block, Unsure, read_key, read_value

# A key: a plain scalar on one line, with no character that could make it
# anything else, then ':' and a space or the line's end.
KEY = re.compile(r"""([^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^:#]*[^\s:#])?):(?: +|$)""")
# The commonest rows: `  key: value`, and `- key: value` that starts a
# sequence's next mapping; the value plain, with no '#' or ':'. Any other
# row matches the second branch, with empty groups, so findall gives one
# tuple a row: (indent with any "- ", key, value).
SIMPLE = re.compile(
    r"""^(?:( *(?:- )?)([A-Za-z_][A-Za-z0-9_]*): """
    r"""([^\s'"\[\]{}|>&*!%@`#?:,\-](?:[^#:\n]*[^\s#:])?)$|.*)""",
    re.MULTILINE,
)
# Rows matched by one findall: a match object a row cost as much as the
# rest of reading the row, and a whole file's groups at once would hold
# 100 MB at 100,000 posts.
CHUNK = 8192
# Characters YAML reads as line breaks besides "\n"; and what PyYAML refuses.
BREAKS = ("\x85", "\u2028", "\u2029")
NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


# A row's groups from SIMPLE: its indent (with any "- "), key and value;
# the key empty where the row is no simple one.
Groups = tuple[str, str, str]
# After each chunk's rows: a row that is no simple one, so that a run of
# rows stops there with no test of the index.
END: Groups = ("", "", "")


class _Rows:
    """SIMPLE's groups of each row, found CHUNK rows at a time, with END after them."""

    __slots__ = ("groups", "rows", "start", "stop")

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        self.start = self.stop = 0
        self.groups: list[Groups] = []

    def __getitem__(self, at: int) -> Groups:
        if not self.start <= at < self.stop:
            self.start, self.stop = at, min(at + CHUNK, len(self.rows))
            self.groups = SIMPLE.findall("\n".join(self.rows[at : self.stop]))
            if len(self.groups) != self.stop - at:
                raise Unsure  # one match a row, always: this only guards it
            self.groups.append(END)
        return self.groups[at - self.start]


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
    except (Unsure, ValueError, yaml.YAMLError):
        return None


def _read(text: str, scalars: PlainScalars) -> tuple[Any, KeyLines]:
    key_lines = KeyLines()
    lines = key_lines.known
    stack: list[_Frame] = []
    pending: tuple[_Frame, str] | None = None  # a key whose value is on the lines below
    key_match = KEY.match
    names: dict[str, str] = {}
    rows = text.split("\n")
    simple = _Rows(rows)
    at = 0
    # SIMPLE's groups of the row at `at`, where _keys has found them already.
    ahead: Groups | None = None
    while at < len(rows):
        line = rows[at]
        quick, ahead = ahead or simple[at], None
        at += 1
        # Most lines are a key and a plain value in the mapping being read.
        if quick[1] and pending is None and stack:
            lead, top = quick[0], stack[-1]
            col = len(lead)
            if top.is_map and top.col == col:
                # The sequence whose mapping `top` is, whose next mappings _keys reads too.
                items = stack[-2] if len(stack) > 1 else None
                if items is not None and (items.is_map or items.col != col - 2):
                    items = None
                dash = lead.endswith("- ")
                if dash and items is not None:
                    # The next mapping of a sequence, once the one before it ends.
                    items.container.append({})
                    path = (*items.path, len(items.container) - 1)
                    if len(path) <= LINE_DEPTH:
                        lines[path] = at
                    top = _Frame(col, items.container[-1], path)
                if not dash or items is not None:
                    at, ahead, stack[-1] = _keys(
                        simple, at, top, items, quick, key_lines, names, scalars
                    )
                    continue
        number = at
        rest = line.lstrip(" ")
        if not rest or rest[0] == "#":
            continue
        indent = len(line) - len(rest)
        if indent == 0 and rest.startswith(("---", "...", "%")):
            raise Unsure
        dash = rest[0] == "-" and (len(rest) == 1 or rest[1] == " ")
        col = indent
        if dash:
            item = rest[1:].lstrip(" ")
            col = len(line) - len(item)
            rest = item
            if not rest or rest[0] == "#":
                raise Unsure  # an item on the lines below
        found = key_match(rest)
        key = None if found is None else found.group(1)
        value = read_value(rest[found.end() :] if found else rest, scalars)
        if found is None and (not dash or value is EMPTY):
            raise Unsure  # a lone scalar is only an item
        if type(value) is Block:
            value, at = value.read(rows, at, col)
        if not stack:
            if dash or key is None:
                raise Unsure  # a structure file is a mapping
            stack.append(_Frame(indent, {}, ()))
        elif pending is not None:
            parent, name = pending
            pending = None
            if indent > parent.col or (dash and indent == parent.col):
                child: Any = [] if dash else {}
                parent.container[name] = child
                stack.append(_Frame(indent, child, (*parent.path, name)))
                if len(stack) > MAX_DEPTH:
                    raise Unsure
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
                    # A plain item keeps its line too: a rules file's `- top-post`.
                    if len(top.path) < LINE_DEPTH:
                        lines[(*top.path, len(items) - 1)] = number
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
                    raise Unsure
                break
            if indent > top.col or len(stack) == 1:
                raise Unsure
            stack.pop()
        if frame is None or key is None:
            continue
        name = read_key(key, scalars)
        if name in frame.container:
            raise Unsure  # PyYAML's reading names the duplicate
        if len(frame.path) < LINE_DEPTH:
            lines[(*frame.path, name)] = number
        if value is EMPTY:
            pending = (frame, name)
        else:
            frame.container[name] = value
            _inner_lines(lines, (*frame.path, name), value, number)
    if not stack:
        raise Unsure
    if pending is not None:
        pending[0].container[pending[1]] = None
    return stack[0].container, key_lines


def _keys(
    simple: _Rows,
    at: int,
    frame: _Frame,
    items: _Frame | None,
    quick: Groups,
    lines: KeyLines,
    names: dict[str, str],
    scalars: PlainScalars,
) -> tuple[int, Groups | None, _Frame]:
    """Put the key and plain value `quick` holds (the row before `at`'s), and
    those of the rows after it that are the same mapping's, into `frame`;
    and where `frame` is a mapping of the sequence `items`, the mappings of
    `- key: value` rows that follow it. Give the first row that is none of
    these, its groups where they are known, and the mapping read last.

    The commonest rows, a sequence of mappings of plain values (a file's
    posts), read with as little as can be done a row."""
    starts = scalars.starts
    container, path, first, line = frame.container, frame.path, len(frame.container), at
    indent, groups, start = " " * frame.col, simple.groups, simple.start
    # The lead of a row that starts the sequence's next mapping.
    item = indent[:-2] + "- " if items is not None else None
    k = at - start
    match = quick
    while True:
        word, raw = match[1], match[2]
        name = names.get(word) or names.setdefault(word, read_key(word, scalars))
        container[name] = raw if starts is not None and raw[0] not in starts else scalars.value(raw)
        match = groups[k]
        if match[0] != indent or not match[1]:
            if match[0] != item or not match[1] or items is None:
                break
            _ran(lines, path, container, line, first, start + k)
            container, first, line = {}, 0, start + k + 1
            items.container.append(container)
            path = (*items.path, len(items.container) - 1)
            if len(path) <= LINE_DEPTH:
                lines.known[path] = line
        k += 1
    _ran(lines, path, container, line, first, start + k)
    if container is not frame.container:
        frame = _Frame(frame.col, container, path)
    return start + k, None if match is END else match, frame


def _ran(
    lines: KeyLines, path: Path, mapping: dict[str, Any], line: int, first: int, end: int
) -> None:
    """Keep the lines of the keys of `mapping` from `first` on, on the rows `line` to `end`."""
    if len(mapping) - first != end - line + 1:
        raise Unsure  # a key twice: PyYAML's reading names the duplicate
    if len(path) < LINE_DEPTH:
        lines.ran.append((path, mapping, line, first, end - line + 1))


def _inner_lines(lines: dict[Path, int], path: Path, value: Any, number: int) -> None:
    """The lines read_yaml keeps for a flow collection at `path`, all on its line:
    its own, and its keys' or items' down to LINE_DEPTH."""
    if type(value) is dict or type(value) is list:
        if len(path) <= LINE_DEPTH:
            lines.setdefault(path, number)
        if len(path) < LINE_DEPTH:
            inner = value.items() if type(value) is dict else enumerate(value)
            for name, item in inner:
                lines[(*path, name)] = number
                _inner_lines(lines, (*path, name), item, number)
