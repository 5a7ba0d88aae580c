"""A structure file's YAML text, as PyYAML's safe dumper writes it, made a
row at a time for the posts whose values are plain.

PyYAML turns every value into a node and an event before it is written:
about 10 s for 100,000 posts, most of `convert`'s time. A post whose keys
and values are short ASCII text, figures, yes/no and dates is written here
as `key: value` rows, each value in the style PyYAML picks for it (as it
is, or in single quotes where it would read as another type); any other
post, and everything above the posts, is written by PyYAML itself. The
text is the same either way: tests compare the two.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import yaml

# Text that PyYAML may write as it is: ASCII letters, digits, spaces and a
# few marks, with none that starts or ends a YAML value (no ':', '#',
# brackets or quotes first), no space at either end, and short (no long row
# for the dumper to fold). It is written so where it reads back as text.
SAFE = re.compile(r"[A-Za-z0-9_(](?:[A-Za-z0-9_ .,()/&'+\-]{0,998}[A-Za-z0-9_.,()/&'+\-])?")
# Other text on one row, which PyYAML's own analysis then places: printable
# ASCII, short. The rest (other letters, line breaks) is PyYAML's to write.
PRINTABLE = re.compile(r"[ -~]{1,1000}")
STR = "tag:yaml.org,2002:str"


class Rows:
    """The rows of posts, with what it has worked out about each distinct text.

    `dump` is the caller's PyYAML dump, for the posts this does not write."""

    def __init__(self, dump: Callable[[Any], str]) -> None:
        self.dump = dump
        self.resolver = yaml.resolver.Resolver()
        self.representer = yaml.representer.SafeRepresenter()
        self.emitter = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
        self.written: dict[str, str | None] = {}  # text -> how it is written

    def posts(self, records: list[dict[str, Any]]) -> str:
        """The posts as the rows of a block sequence, as PyYAML writes a list of them."""
        out: list[str] = []
        for record in records:
            rows = self.rows_of(record)
            out.append(self.dump([record]) if rows is None else rows)
        return "".join(out)

    def rows_of(self, record: dict[str, Any]) -> str | None:
        """One post's rows; None where PyYAML must write it."""
        rows = []
        lead = "- "
        for key, value in record.items():
            name = self._text(key) if type(key) is str else None
            scalar = self._scalar(value)
            if name is None or scalar is None:
                return None
            rows.append(f"{lead}{name}: {scalar}\n")
            lead = "  "
        return "".join(rows) if rows else None

    def _scalar(self, value: Any) -> str | None:
        if type(value) is str:
            return self._text(value)
        if value is None or isinstance(value, list | dict | tuple | set):
            return None  # null, and collections: PyYAML writes them
        node = self.representer.represent_data(value)
        # A figure, a yes/no or a date: plain where it reads back as what it is.
        text = node.value
        if type(text) is not str or not SAFE.fullmatch(text):
            return None
        return text if self._tag(text) == node.tag else None

    def _text(self, text: str) -> str | None:
        """Text as PyYAML writes it: as it is where it reads back as text, else
        single-quoted; None where this does not know."""
        known = self.written.get(text, "")  # "" is no text's writing
        if known == "":
            known = self.written[text] = self._style(text)
        return known

    def _style(self, text: str) -> str | None:
        if SAFE.fullmatch(text):
            plain = True
        elif PRINTABLE.fullmatch(text):
            analysis = self.emitter.analyze_scalar(text)
            if not analysis.allow_single_quoted:
                return None
            plain = analysis.allow_block_plain
        else:
            return None
        if plain and self._tag(text) == STR:
            return text
        return "'" + text.replace("'", "''") + "'"

    def _tag(self, text: str) -> str:
        found: str = self.resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        return found
