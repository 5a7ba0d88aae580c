"""UK government organogram releases: a senior CSV read with its junior CSV.

Rules, stated once (the README repeats them):
- a senior "Post Unique Reference" on several rows is a job share: one post
  with the FTE summed and every holder listed;
- "Eliminated" posts are dropped and counted; "XX" marks a top post;
  "N/D", "N/A", "" and a 0-0 pay band mean not disclosed;
- each junior row becomes a group post under its senior post; the data gives
  FTE, not headcount, so the group counts as ceil(FTE) posts in spans (the
  fewest people who could fill that FTE);
- pay bands cost a post as band midpoint x FTE, marked as an estimate.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orgchart.errors import Issue, LoadError, Severity
from orgchart.loaders import Parsed, ReadOptions, read_text
from orgchart.loaders.records import structure_from_data

SENIOR_KEY = "Post Unique Reference"
JUNIOR_KEY = "Reporting Senior Post"
UNDISCLOSED = {"", "N/D", "N/A", "NA", "ND", "-", "NOT DISCLOSED"}
EDITION = re.compile(r"(\d{4}-\d{2}-\d{2})")


def is_organogram(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except OSError:
        return False
    return SENIOR_KEY in header or JUNIOR_KEY in header


def companion(path: Path, want: str) -> Path:
    """The senior or junior file of the same edition, beside `path`."""
    other = "junior" if want == "junior" else "senior"
    name = re.sub(r"(senior|junior)(?=\.csv$)", other, path.name, flags=re.IGNORECASE)
    return path.with_name(name)


def number(text: str) -> float | None:
    """A figure from the data: None when not disclosed; raises ValueError when not a number."""
    clean = text.strip().replace(",", "").replace("£", "")
    if clean.upper() in UNDISCLOSED:
        return None
    return float(clean)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet counts, row) with every value stripped."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        for index, row in enumerate(reader, start=2):
            yield (
                index,
                {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None},
            )
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from exc


@dataclass
class _Reader:
    file: str
    issues: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organisation: str | None = None

    def issue(
        self, severity: Severity, row: int | None, message: str, post: str | None = None
    ) -> None:
        self.issues.append(Issue(self.file, row, severity, message, post))

    def figure(self, row: int, data: dict[str, str], column: str, post: str) -> float | None:
        try:
            return number(data.get(column, ""))
        except ValueError:
            self.issue(
                "error",
                row,
                f"post {post!r}: column {column!r}: {data.get(column)!r} is not a number",
                post,
            )
            return None


def _band(
    reader: _Reader, row: int, data: dict[str, str], low: str, high: str, post: str
) -> dict[str, float]:
    floor, ceiling = reader.figure(row, data, low, post), reader.figure(row, data, high, post)
    if floor is None or ceiling is None or (floor == 0 and ceiling == 0):
        return {}
    if ceiling < floor:
        reader.issue(
            "warning",
            row,
            f"post {post!r}: pay band given as {floor:g} to {ceiling:g}; "
            "read as the other way round",
            post,
        )
        floor, ceiling = ceiling, floor
    return {"pay_min": floor, "pay_max": ceiling}


def _senior_posts(reader: _Reader, path: Path) -> tuple[list[dict[str, Any]], list[int], set[str]]:
    shares: dict[str, list[tuple[int, dict[str, str]]]] = {}
    eliminated: set[str] = set()
    for row, data in _rows(path):
        if row == 2:  # the first row names the organisation for the structure's name
            reader.organisation = data.get("Organisation") or None
        ref = data.get(SENIOR_KEY, "")
        if not ref:
            reader.issue("error", row, f"column {SENIOR_KEY!r} is empty")
            continue
        if data.get("Name", "").lower() == "eliminated":
            eliminated.add(ref)
            continue
        shares.setdefault(ref, []).append((row, data))
    if eliminated:
        reader.notes.append(
            f"{len(eliminated)} eliminated post(s) dropped: " + ", ".join(sorted(eliminated))
        )
    posts, rows = [], []
    for ref, entries in shares.items():
        row, first = entries[0]
        for other_row, other in entries[1:]:
            for column in ("Job Title", "Grade (or equivalent)", "Reports to Senior Post", "Unit"):
                if other.get(column) != first.get(column):
                    reader.issue(
                        "warning",
                        other_row,
                        f"job share {ref!r}: column {column!r} is "
                        f"{other.get(column)!r} here but {first.get(column)!r} on row "
                        f"{row}",
                        ref,
                    )
        ftes = [reader.figure(r, d, "FTE", ref) for r, d in entries]
        known = [f for f in ftes if f is not None]
        fte = sum(known) if known else None
        holders = [d.get("Name", "") for _, d in entries]
        named = [h for h in holders if h.upper() not in UNDISCLOSED and "vacant" not in h.lower()]
        manager = first.get("Reports to Senior Post", "")
        post: dict[str, Any] = {
            "id": ref,
            "title": first.get("Job Title") or "(no title)",
            "grade": first.get("Grade (or equivalent)") or None,
            "unit": first.get("Unit") or None,
            "reports_to": None if manager.upper() in ("XX", "") else manager,
            **_band(reader, row, first, "Actual Pay Floor (£)", "Actual Pay Ceiling (£)", ref),
        }
        if fte is not None and fte > 0:
            post["fte"] = round(fte, 6)
            post["count"] = max(1, math.ceil(fte - 1e-9))
            if fte > 1 + 1e-9:
                reader.issue(
                    "warning",
                    row,
                    f"job share {ref!r}: FTE adds up to {fte:g} over "
                    f"{len(entries)} rows, more than one post",
                    ref,
                )
        if named:
            post["holder"] = "; ".join(named)
        if all("vacant" in h.lower() for h in holders):
            post["status"] = "vacant"
        if first.get("Notes"):
            post["notes"] = first["Notes"]
        posts.append(post)
        rows.append(row)
    return posts, rows, eliminated


def _junior_posts(
    reader: _Reader, path: Path, senior: set[str], eliminated: set[str]
) -> tuple[list[dict[str, Any]], list[int]]:
    posts, rows = [], []
    seen: dict[str, int] = {}
    for row, data in _rows(path):
        manager = data.get(JUNIOR_KEY, "")
        title = data.get("Generic Job Title") or "(no title)"
        grade = data.get("Grade") or None
        # Junior rows have no reference: an id from what they are keeps it
        # stable across editions, so consecutive editions diff sensibly.
        base = f"{manager}/{grade or '-'}/{title}"
        seen[base] = seen.get(base, 0) + 1
        post_id = base if seen[base] == 1 else f"{base}#{seen[base]}"
        where = f"junior row for {manager!r} ({title})"
        if manager in eliminated:
            reader.issue("error", row, f"{where} reports to eliminated post {manager!r}", post_id)
            continue
        if manager not in senior:
            reader.issue(
                "error", row, f"{where} reports to {manager!r}, which is not a senior post", post_id
            )
            continue
        fte = reader.figure(row, data, "Number of Posts in FTE", post_id)
        if not fte:
            reader.notes.append(f"row {row}: junior row with no FTE skipped ({title})")
            continue
        posts.append(
            {
                "id": post_id,
                "title": title,
                "grade": grade,
                "unit": data.get("Unit") or None,
                "reports_to": manager,
                "fte": fte,
                "count": max(1, math.ceil(fte - 1e-9)),
                **_band(reader, row, data, "Payscale Minimum (£)", "Payscale Maximum (£)", post_id),
                "notes": "junior staff: published as FTE; count is the fewest posts holding it",
            }
        )
        rows.append(row)
    return posts, rows


def read_organogram(path: Path, options: ReadOptions) -> Parsed:
    """Read an organogram edition from its senior (or junior) CSV and the other beside it."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    senior_path = path if SENIOR_KEY in header else companion(path, "senior")
    if not senior_path.exists():
        raise LoadError(
            f"this is a junior organogram CSV; its senior CSV {senior_path.name} is not beside it",
            file=str(path),
        )
    junior_path = options.junior or companion(senior_path, "junior")
    reader = _Reader(str(senior_path))
    posts, rows, eliminated = _senior_posts(reader, senior_path)
    files = [str(senior_path)] * len(posts)
    if junior_path.exists() and junior_path != senior_path:
        junior = _Reader(str(junior_path))
        more, more_rows = _junior_posts(junior, junior_path, {p["id"] for p in posts}, eliminated)
        posts += more
        rows += more_rows
        files += [str(junior_path)] * len(more)
        reader.issues += junior.issues
        reader.notes += [f"{junior_path.name}: {n}" for n in junior.notes]
        reader.notes.append(f"read with {junior_path.name} ({len(more)} junior rows)")
    elif options.junior is not None:
        raise LoadError("junior CSV not found", file=str(junior_path))
    else:
        reader.notes.append("no junior CSV beside it: senior posts only")
    edition = EDITION.search(senior_path.name)
    data = {
        "name": f"{reader.organisation or senior_path.stem} organogram",
        "posts": posts,
    }
    if edition:
        data["date"] = edition.group(1)
    lines: dict[tuple[str | int, ...], int] = {("posts", i): row for i, row in enumerate(rows)}
    structure, issues, post_lines = structure_from_data(data, lines, str(senior_path), files)
    # Every organogram post has an id, so each one is kept and `files` lines up.
    return Parsed(
        str(senior_path), structure, reader.issues + issues, post_lines, reader.notes, files
    )
