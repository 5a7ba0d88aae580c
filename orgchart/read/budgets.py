"""Budgets held by posts, for the Transparency Code's senior structure: a CSV
of `id,budget` (a post id and an annual amount, `£` and thousands separators
allowed), beside the structure, since a structure file has no budgets.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from orgchart.errors import LoadError
from orgchart.read.source import read_text
from orgchart.text import clip, unescape_cell


@dataclass(frozen=True)
class Budgets:
    file: str
    amounts: dict[str, float]  # post id -> annual budget
    lines: dict[str, int]  # post id -> its row, as a spreadsheet counts


def read_budgets(path: Path) -> Budgets:
    """Raises LoadError naming the file and row of anything that is not a post
    id and an amount."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
        if "id" not in header or "budget" not in header:
            raise LoadError("a budgets CSV has the columns id and budget", file=str(path), line=1)
        key, value = header.index("id"), header.index("budget")
        amounts: dict[str, float] = {}
        lines: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            cells = [unescape_cell(c.strip()) for c in row] + [""] * len(header)
            post, amount = cells[key], cells[value].replace(",", "").replace("£", "")
            try:
                figure = float(amount)
            except ValueError:
                figure = math.nan
            if not post or not math.isfinite(figure) or figure < 0:
                raise LoadError(
                    f"row needs a post id and a budget of £0 or more, got {clip(post)} and "
                    f"{clip(cells[value])}",
                    file=str(path),
                    line=line,
                )
            if post in amounts:
                raise LoadError(
                    f"post {post!r} has a budget on row {lines[post]} already",
                    file=str(path),
                    line=line,
                    post=post,
                )
            amounts[post], lines[post] = figure, line
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from exc
    return Budgets(str(path), amounts, lines)
