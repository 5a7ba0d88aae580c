"""Values as text, the one home of how: figures as people read them (£, FTE,
brackets for negatives), and untrusted text escaped for the terminal,
spreadsheet cells and messages.

Every stage uses it; it imports nothing from orgchart. Escaping for a
particular output language (DOT, HTML, SVG) stays with the module writing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable
from enum import StrEnum
from functools import cached_property
from typing import Any

# C0 and C1 control characters: never shown raw on a terminal, never in an id.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)], " ")
# For a whole output shown on a terminal: line breaks and tabs are layout.
_CONTROLS_BUT_LAYOUT = {k: v for k, v in _CONTROLS.items() if chr(k) not in "\n\t"}

# Characters XML 1.0 cannot hold, and so neither Word, SVG nor XHTML: C0
# controls other than tab, line feed and carriage return; lone surrogates;
# U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Values quoted in messages are cut to this many characters.
SHOWN = 40


def printable(text: str) -> str:
    """Text from a structure, made safe for a terminal: no escape sequences or line breaks."""
    return text.translate(_CONTROLS)


def for_terminal(text: str) -> str:
    """An output or message on its way to a terminal: no escape sequence or
    other control character from a file reaches it, lines stay lines."""
    return text.translate(_CONTROLS_BUT_LAYOUT)


def may_hold_not_xml(text: str) -> bool:
    """Whether values read from `text` may hold a character XML cannot: it holds
    one, or a backslash, which in YAML or JSON may escape one."""
    return "\\" in text or NOT_XML.search(text) is not None


def code_points(text: str) -> str:
    """Characters as Unicode names them, U+FFFE, each once, in order."""
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in text))


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a leading ' on a formula-like
    string that is not a number (-1 stays a number). Readers drop it again."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return "" if value is None else value


def unescape_cell(text: str) -> str:
    """What spreadsheet_cell wrote, as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def clip(value: object) -> str:
    """A value for a message, as Python shows it: whole when short, else its
    start and its length."""
    text = repr(value)
    if len(text) <= SHOWN:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[:SHOWN]}... ({size:,} characters)"


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    FTE = "fte"
    MONEY = "money"
    RATIO = "ratio"
    SHARE = "share"


# Decimal places each kind of figure is printed with.
PLACES = {Kind.INT: 0, Kind.MONEY: 0, Kind.FTE: 2, Kind.RATIO: 1, Kind.SHARE: 2}


def printed(value: float, kind: Kind) -> float:
    """A figure as `cell` prints it: rounded to its places, halves away from
    zero, as finance tables round. Differences and totals of printed figures
    are made from these, so that a table adds up as printed."""
    scale = 10.0 ** PLACES[kind]
    magnitude = math.floor(abs(value) * scale + 0.5) / scale
    return -magnitude if value < 0 else magnitude


def difference(before: float, after: float, kind: Kind) -> float:
    """After less before, as printed: a table's difference is what its figures show."""
    return printed(after, kind) - printed(before, kind)


def cell(value: Any, kind: Kind) -> str:
    """A value as people read it: finance-style brackets for negatives, £ and thousands."""
    if value is None:
        return "not disclosed" if kind is Kind.MONEY else ""
    if kind is Kind.TEXT:
        return printable(str(value))
    value = printed(value, kind)
    if kind is Kind.INT:
        text = f"{abs(value):,.0f}"
    elif kind is Kind.FTE:
        text = f"{abs(value):,.2f}"
    elif kind is Kind.MONEY:
        text = f"£{abs(value):,.0f}"
    elif kind is Kind.RATIO:
        text = f"{abs(value):,.1f}"
    else:
        text = f"{abs(value) * 100:.0f}%"
    negative = value < 0 and text.strip("£0.,%") != ""
    return f"({text})" if negative else text


def show(value: Any) -> str:
    """A changed field's value as text."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v:g}" for k, v in value.items()) or "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def did_you_mean(
    word: str, choices: tuple[str, ...] | list[str], besides: str | None = None
) -> str:
    """A hint naming the closest choice, never `besides` (a post is no hint for its own
    manager). Letter case is no difference: `Head` finds `HEAD`."""
    by_folded: dict[str, list[str]] = {}
    for choice in choices:
        by_folded.setdefault(choice.casefold(), []).append(choice)
    close = [
        choice
        for folded in difflib.get_close_matches(word.casefold(), list(by_folded), n=2)
        for choice in by_folded[folded]
        if choice != besides
    ]
    return f" (did you mean {close[0]!r}?)" if close else ""


# A date as people in the UK write it: day, month, year.
DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def day_first(text: str) -> dt.date | None:
    """`31/03/2025` as the date it is; None for text that is no such date."""
    found = DAY_FIRST.match(text.strip())
    if found is None:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Each hint compares a word with every choice: past this many distinct words,
# thousands of unknown references would make a check quadratic.
HINTS_GIVEN = 20


class Hints:
    """Did-you-mean hints within one check: the first HINTS_GIVEN distinct words
    get one, the rest none, so that the check stays linear in posts."""

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = choices
        self.given: dict[tuple[str, str | None], str] = {}

    @cached_property
    def sorted_choices(self) -> list[str]:
        # Sorted when the first hint is wanted: most structures want none.
        return sorted(self.choices)

    def __call__(self, word: str, besides: str | None = None) -> str:
        key = (word, besides)
        if key not in self.given:
            hint = (
                did_you_mean(word, self.sorted_choices, besides)
                if len(self.given) < HINTS_GIVEN
                else ""
            )
            self.given[key] = hint
        return self.given[key]
