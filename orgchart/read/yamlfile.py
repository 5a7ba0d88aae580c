"""Read YAML safely, keeping the line of every post and key.

Most structure files use only block mappings and sequences and one-line
scalars: read.yamlblock reads those a line at a time, twice as fast. Any
other file, and any file with a problem, is read here from PyYAML's events
rather than with `yaml.safe_load`: that keeps line numbers, refuses aliases
(so an alias bomb cannot expand), refuses every tag outside YAML's core
schema (so `!!python/...` constructs nothing), and caps nesting before the
C parser can recurse too deep. It is also faster than composing nodes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

import yaml

from orgchart.errors import LoadError
from orgchart.text import clip

# Structure files nest four levels (posts -> post -> funding -> share);
# anything far deeper is not a structure file.
MAX_DEPTH = 64
# Line numbers are kept down to a post's keys: ("posts", 3, "fte").
LINE_DEPTH = 3

Path = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlainScalars:
    """Plain (unquoted) scalars typed as PyYAML's safe loader types them, each
    distinct text once: the one rule for both ways of reading YAML."""

    def __init__(self) -> None:
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.cache: dict[str, Any] = {}  # plain scalars repeat (grades, units)
        resolvers = self.resolver.yaml_implicit_resolvers
        # The first characters of scalars that may be other than text (numbers,
        # booleans, null, dates...); None when some type may start with anything.
        self.starts = None if resolvers.get(None) else set(resolvers)

    def is_text(self, text: str) -> bool:
        """Text for certain: no implicit type starts so (an id, a title)."""
        return self.starts is not None and text[:1] not in self.starts

    def tag(self, text: str) -> str:
        found: str = self.resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        return found

    def construct(self, tag: str, text: str) -> Any:
        """The value of `text` as `tag`; raises ValueError or YAMLError when it is none."""
        return self.constructor.yaml_constructors[tag](self.constructor, yaml.ScalarNode(tag, text))

    def value(self, text: str) -> Any:
        """A plain scalar's value; raises ValueError for a type outside YAML's
        core schema, ValueError or YAMLError for a value its type refuses."""
        if self.is_text(text):
            return text
        if text in self.cache:
            return self.cache[text]
        tag = self.tag(text)
        if tag not in SCALAR_TAGS:
            raise ValueError(f"unsupported YAML tag {tag}")
        found = self.cache[text] = self.construct(tag, text)
        return found


class KeyLines(Mapping[Path, int]):
    """The line of each path: those set one by one, and those of each run of
    `key: value` rows, worked out from the run when they are asked for.

    Setting a line for each key took a fifth of reading a 100,000-post file,
    and a key's line is wanted only when something is wrong with the key.
    The mappings are the document's, read-only from here on.
    """

    def __init__(self) -> None:
        self.known: dict[Path, int] = {}
        # Each run as it was read: (the mapping's path, the mapping, the run's
        # first line, the index of its first key in the mapping, its keys).
        # One tuple a run: there is a run or more for every post.
        self.ran: list[tuple[Path, dict[str, Any], int, int, int]] = []
        self._runs: dict[Path, tuple[dict[str, Any], list[tuple[int, int, int]]]] = {}
        self._grouped = 0  # how many of `ran` are in _runs

    @property
    def runs(self) -> dict[Path, tuple[dict[str, Any], list[tuple[int, int, int]]]]:
        """A mapping's path -> the mapping, and its runs: (line, first key, keys)."""
        for path, mapping, line, first, keys in self.ran[self._grouped :]:
            self._runs.setdefault(path, (mapping, []))[1].append((line, first, keys))
        self._grouped = len(self.ran)
        return self._runs

    def __getitem__(self, path: Path) -> int:
        if path in self.known:
            return self.known[path]
        found = self.runs.get(path[:-1])
        if found is not None:
            mapping, runs = found
            for line, first, keys in runs:
                for at, name in enumerate(islice(mapping, first, first + keys)):
                    if name == path[-1]:
                        return line + at
        raise KeyError(path)

    def __iter__(self) -> Iterator[Path]:
        yield from self.known
        for path, (mapping, runs) in self.runs.items():
            for _, first, keys in runs:
                yield from ((*path, name) for name in islice(mapping, first, first + keys))

    def __len__(self) -> int:
        return len(self.known) + sum(run[-1] for run in self.ran)


class _Frame:
    """An open mapping or sequence, its path, and a mapping's key waiting for its value."""

    __slots__ = ("container", "is_map", "key", "path")

    def __init__(self, container: Any, path: Path) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None


def read_yaml(text: str, file: str) -> tuple[Any, Mapping[Path, int]]:
    """Parse `text`; return the document and the 1-based line of each path.

    Raises LoadError (with the line) for malformed YAML, aliases, unsupported
    tags, duplicate keys and excessive nesting.
    """
    from orgchart.read.yamlblock import read_block

    scalars = PlainScalars()
    quick = read_block(text, scalars)
    return quick if quick is not None else read_events(text, file, scalars)


def read_events(
    text: str, file: str, scalars: PlainScalars | None = None, depth: int = LINE_DEPTH
) -> tuple[Any, dict[Path, int]]:
    """read_yaml by PyYAML's parser, for all of YAML: the document is built from
    its events, so that each problem is named with its line. Lines are kept
    down to paths `depth` long (a proposal's actions nest deeper than posts)."""
    scalars = scalars or PlainScalars()
    lines: dict[Path, int] = {}
    stack: list[_Frame] = []
    root: Any = None
    documents = 0

    def fail(message: str, event: yaml.Event) -> LoadError:
        return LoadError(message, file=file, line=_line(event))

    def plain(event: yaml.ScalarEvent) -> Any:
        return construct(scalars.tag(event.value), event)

    def construct(tag: str, event: yaml.ScalarEvent) -> Any:
        if tag not in SCALAR_TAGS:
            raise fail(f"unsupported YAML tag {_short(event.tag)}", event)
        try:
            return scalars.construct(tag, event.value)
        except (ValueError, yaml.YAMLError) as exc:
            frame = stack[-1] if stack else None
            key = f"{frame.key}: " if frame is not None and frame.is_map and frame.key else ""
            kind = tag[len(_CORE) :]
            raise fail(f"{key}{clip(event.value)} is not a valid {kind}", event) from exc

    def attach(value: Any, event: yaml.Event) -> Path | None:
        """Put a value in the open container; return its path, None when it was a key."""
        nonlocal root
        if not stack:
            root = value
            return ()
        frame = stack[-1]
        if not frame.is_map:
            frame.container.append(value)
            return (*frame.path, len(frame.container) - 1)
        if frame.key is None:
            if isinstance(value, list | dict):
                raise fail("a mapping key must be a plain value", event)
            key = str(value)
            if key in frame.container:
                raise fail(f"duplicate key {key!r}", event)
            frame.key = key
            if len(frame.path) < depth:
                lines[(*frame.path, key)] = _line(event)
            return None
        frame.container[frame.key] = value
        child = (*frame.path, frame.key)
        frame.key = None
        return child

    loader = _LOADER(text)
    try:
        while True:
            event = loader.get_event()  # type: ignore[no-untyped-call]
            kind = type(event)
            anchor = getattr(event, "anchor", None)
            if kind is yaml.AliasEvent:
                raise fail(f"YAML aliases (*{anchor}) are not supported", event)
            if anchor:
                raise fail(f"YAML anchors (&{anchor}) are not supported", event)
            if kind is yaml.ScalarEvent:
                tag, value = event.tag, event.value
                if tag is None and event.implicit[0]:
                    try:
                        value = scalars.value(value)
                    except (ValueError, yaml.YAMLError):
                        value = plain(event)  # raises, naming the problem and its line
                elif tag not in (None, "!", _STR):
                    value = construct(tag, event)
                # Inlined `attach` for scalars, most of the events: no paths built.
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                if not frame.is_map:
                    frame.container.append(value)
                    # A plain item keeps its line too: a rules file's `- top-post`.
                    if len(frame.path) < LINE_DEPTH:
                        lines[(*frame.path, len(frame.container) - 1)] = _line(event)
                elif frame.key is None:
                    key = value if type(value) is str else str(value)
                    if key in frame.container:
                        raise fail(f"duplicate key {key!r}", event)
                    frame.key = key
                    if len(frame.path) < depth:
                        lines[(*frame.path, key)] = _line(event)
                else:
                    frame.container[frame.key] = value
                    frame.key = None
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                expected = _CORE + ("map" if kind is yaml.MappingStartEvent else "seq")
                if event.tag not in (None, "!", expected):
                    raise fail(f"unsupported YAML tag {_short(event.tag)}", event)
                if len(stack) >= MAX_DEPTH:
                    raise fail(f"nested more than {MAX_DEPTH} levels deep", event)
                container: Any = {} if kind is yaml.MappingStartEvent else []
                path = attach(container, event)
                if path is None:
                    raise fail("a mapping key must be a plain value", event)
                if 0 < len(path) <= depth:
                    lines.setdefault(path, _line(event))
                stack.append(_Frame(container, path))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("only one YAML document per file", event)
            elif kind is yaml.StreamEndEvent:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        if "nesting depth" in problem:
            # Newer libyaml builds stop deep flow nesting in the scanner, before
            # our own cap sees the events: one message whichever stops it.
            problem = f"nested more than {MAX_DEPTH} levels deep"
        raise LoadError(f"malformed YAML: {problem}", file=file, line=line) from exc
    except yaml.reader.ReaderError as exc:
        # A character YAML (and XML) cannot hold, named by its place in the text.
        raise LoadError(
            f"malformed YAML: character U+{exc.character:04X} is not allowed in YAML: remove it",
            file=file,
            line=text.count("\n", 0, exc.position) + 1,
        ) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"malformed YAML: {exc}", file=file) from exc
    finally:
        loader.dispose()
    return root, lines


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _short(tag: str | None) -> str:
    return "!!" + tag[len(_CORE) :] if tag and tag.startswith(_CORE) else str(tag)
