"""Read JSON with the same care as YAML: a line for every post and key,
duplicate keys refused, deep nesting and huge numbers refused cleanly.

The standard library's C decoder parses each post (fast); only the top
level is walked here, to know where each post starts. A key's line inside a
post is looked up only when a message needs it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from typing import Any

from orgchart.errors import LoadError
from orgchart.read.yamlfile import MAX_DEPTH, Path

# Python refuses to convert integers longer than this to int; such a number
# stays text, so that the field it is in is named when the model refuses it.
_INT_DIGITS = 4300
_SPACE = re.compile(r"[ \t\n\r]*")


class _Duplicate(Exception):
    def __init__(self, key: str, at: int | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.at = at  # the duplicate's offset, where known


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return mapping


def _int(text: str) -> int | str:
    return int(text) if len(text) <= _INT_DIGITS else text


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=_int)


class JsonLines(Mapping[Path, int]):
    """Lines of the top-level keys and of each item of one list (the posts);
    an item's keys on demand."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: list[int] | None = None
        self.starts: dict[Path, int] = {}  # path -> offset in text
        self.ends: dict[int, int] = {}  # post index -> offset after it

    def line_at(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        return bisect_right(self._newlines, offset - 1) + 1

    def _offset(self, path: Path) -> int | None:
        if path in self.starts:
            return self.starts[path]
        if len(path) == 3 and isinstance(path[1], int) and path[:2] in self.starts:
            start, end = self.starts[path[:2]], self.ends.get(path[1], len(self._text))
            found = re.compile(re.escape(json.dumps(path[2], ensure_ascii=False)) + r"\s*:").search(
                self._text, start, end
            )
            return found.start() if found else None
        return None

    def __getitem__(self, path: Path) -> int:
        offset = self._offset(path)
        if offset is None:
            raise KeyError(path)
        return self.line_at(offset)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.starts)

    def __len__(self) -> int:
        return len(self.starts)


def read_json(text: str, file: str, listed: str = "posts") -> tuple[Any, JsonLines]:
    """Parse `text`; return the document and the line of each top-level key and
    of each item of the top-level list `listed` (a structure's posts, a
    proposal's actions).

    Raises LoadError (with the line) for malformed JSON, duplicate keys and
    excessive nesting.
    """
    lines = JsonLines(text)
    try:
        try:
            data = _walk(text, lines, listed)
        except (_Unexpected, json.JSONDecodeError):
            # Not the usual shape, or malformed: the standard decoder reads it
            # or says what is wrong in its own words.
            lines = JsonLines(text)
            data = _DECODER.decode(text)
    except _Duplicate as exc:
        at = exc.at
        if at is None:
            # Inside a post: the key's second appearance after the post's start.
            start = _last_start(lines)
            first = text.find(json.dumps(exc.key, ensure_ascii=False), start)
            at = text.find(json.dumps(exc.key, ensure_ascii=False), first + 1) if first >= 0 else -1
            at = at if at >= 0 else start
        raise LoadError(f"duplicate key {exc.key!r}", file=file, line=lines.line_at(at)) from None
    except RecursionError:
        raise LoadError(
            f"malformed JSON: nested more than {MAX_DEPTH} levels deep",
            file=file,
            line=lines.line_at(_last_start(lines)),
        ) from None
    except json.JSONDecodeError as exc:
        raise LoadError(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno) from None
    return data, lines


class _Unexpected(Exception):
    """The walk met something other than a well-formed top-level object."""


def _last_start(lines: JsonLines) -> int:
    return max(lines.starts.values(), default=0)


def _skip(text: str, at: int) -> int:
    space = _SPACE.match(text, at)
    return space.end() if space else at


def _expect(text: str, at: int, char: str) -> int:
    at = _skip(text, at)
    if not text.startswith(char, at):
        raise _Unexpected
    return at + 1


def _walk(text: str, lines: JsonLines, listed: str) -> dict[str, Any]:
    """Walk the top-level object, decoding each value (and each item of
    `listed`) with the C decoder."""
    at = _expect(text, 0, "{")
    root: dict[str, Any] = {}
    if text.startswith("}", _skip(text, at)):
        at = _expect(text, at, "}")
    else:
        while True:
            key_start = _skip(text, at)
            key, at = _DECODER.raw_decode(text, key_start)
            if not isinstance(key, str):
                raise _Unexpected
            if key in root:
                raise _Duplicate(key, key_start)
            lines.starts[(key,)] = key_start
            at = _skip(text, _expect(text, at, ":"))
            if key == listed and text.startswith("[", at):
                root[key], at = _items(text, at + 1, lines, listed)
            else:
                root[key], at = _DECODER.raw_decode(text, at)
            at = _skip(text, at)
            if text.startswith("}", at):
                at += 1
                break
            at = _expect(text, at, ",")
    if _skip(text, at) != len(text):
        raise _Unexpected
    return root


def _items(text: str, at: int, lines: JsonLines, listed: str) -> tuple[list[Any], int]:
    items: list[Any] = []
    at = _skip(text, at)
    if text.startswith("]", at):
        return items, at + 1
    while True:
        at = _skip(text, at)
        index = len(items)
        lines.starts[(listed, index)] = at
        item, at = _DECODER.raw_decode(text, at)
        lines.ends[index] = at
        items.append(item)
        at = _skip(text, at)
        if text.startswith("]", at):
            return items, at + 1
        at = _expect(text, at, ",")
