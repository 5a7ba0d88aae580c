"""UK government organogram releases: a senior CSV read with its junior CSV.

Rules, stated once (the README repeats them):
- a senior "Post Unique Reference" on several rows is a job share: one post
  with the FTE summed and every holder listed;
- "Eliminated" posts are dropped and counted (the Name cell compared by its
  meaning: quote marks, case and spacing folded); "XX" marks a top post;
  "N/D", "N/A", "" and a 0-0 pay band mean not disclosed;
- each junior row becomes a group post under its senior post; the data gives
  FTE, not headcount, so the group counts as ceil(FTE) posts in spans (the
  fewest people who could fill that FTE);
- pay bands cost a post as band midpoint x FTE, marked as an estimate;
- as the publishers' own loader did, quirks they accepted load with a
  warning: a figure that is not a number is not disclosed; a post reporting
  to itself is a top post; a reference that differs from a post's only in
  letter case is that post; reference 0 ("paid, not in post") is no post; a
  reference with a live row and an "Eliminated" row is live; junior rows
  repeated once per job-share holder (same source_file and source_line) count once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from orgchart.errors import LoadError
from orgchart.fields import TOLERANCE
from orgchart.read.organogram_rows import (
    JUNIOR_KEY,
    SENIOR_KEY,
    UNDISCLOSED,
    Reader,
    meaning,
    pay_band,
    read_rows,
)
from orgchart.read.records import structure_from_data
from orgchart.read.source import Parsed, ReadOptions

EDITION = re.compile(r"(\d{4}-\d{2}-\d{2})")
# An edition is read as a structure named after its organisation, so.
NAME_SUFFIX = " organogram"
# A header line is read up to this many characters: /dev/zero has no line end.
HEADER_LIMIT = 64 * 1024


def is_organogram(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline(HEADER_LIMIT)
    except OSError:
        return False
    return SENIOR_KEY in header or JUNIOR_KEY in header


def companion(path: Path, want: str) -> Path:
    """The senior or junior file of the same edition, beside `path`."""
    other = "junior" if want == "junior" else "senior"
    name = re.sub(r"(senior|junior)(?=\.csv$)", other, path.name, flags=re.IGNORECASE)
    return path.with_name(name)


# "Paid, not in post": a reference for pay with nobody in a post (publishers' guidance).
NOT_IN_POST = "0"


def _senior_posts(reader: Reader, path: Path) -> tuple[list[dict[str, Any]], list[int], set[str]]:
    shares: dict[str, list[tuple[int, dict[str, str]]]] = {}
    eliminated: set[str] = set()
    not_in_post = 0
    for row, data in read_rows(path, reader):
        if row == 2:  # the first row names the organisation for the structure's name
            reader.organisation = data.get("Organisation") or None
        ref = data.get(SENIOR_KEY, "")
        if not ref:
            reader.issue("error", row, f"column {SENIOR_KEY!r} is empty")
            continue
        if ref == NOT_IN_POST:
            not_in_post += 1
            continue
        if meaning(data.get("Name", "")) == "eliminated":
            eliminated.add(ref)
            continue
        shares.setdefault(ref, []).append((row, data))
    # A reference with a live row as well is live: the eliminated row is an old one.
    eliminated -= shares.keys()
    if eliminated:
        reader.notes.append(
            f"{len(eliminated)} eliminated post(s) dropped: " + ", ".join(sorted(eliminated))
        )
    if not_in_post:
        reader.notes.append(
            f"{not_in_post} row(s) with reference {NOT_IN_POST} (paid, not in post) set aside"
        )
    by_case = _by_case(shares.keys())
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
        ftes = [reader.lenient(r, d, "FTE", ref) for r, d in entries]
        known = [f for f in ftes if f is not None]
        fte = sum(known) if known else None
        holders = [d.get("Name", "") for _, d in entries]
        said = [meaning(h) for h in holders]
        named = [
            h
            for h, m in zip(holders, said, strict=True)
            if m.upper() not in UNDISCLOSED and "vacant" not in m
        ]
        manager = _manager(reader, row, ref, first.get("Reports to Senior Post", ""), by_case)
        if manager is not None and manager in eliminated:
            reader.issue("error", row, f"post {ref!r} reports to eliminated post {manager!r}", ref)
            manager = None
        post: dict[str, Any] = {
            "id": ref,
            "title": first.get("Job Title") or "(no title)",
            "grade": first.get("Grade (or equivalent)") or None,
            "unit": first.get("Unit") or None,
            "reports_to": manager,
            **pay_band(reader, row, first, "Actual Pay Floor (£)", "Actual Pay Ceiling (£)", ref),
        }
        if fte is not None and fte > 0:
            post["fte"] = round(fte, 6)
            post["count"] = max(1, math.ceil(fte - TOLERANCE))
            if fte > 1 + TOLERANCE:
                reader.issue(
                    "warning",
                    row,
                    f"job share {ref!r}: FTE adds up to {fte:g} over "
                    f"{len(entries)} rows, more than one post",
                    ref,
                )
        if named:
            post["holder"] = "; ".join(named)
        if all("vacant" in m for m in said):
            post["status"] = "vacant"
        if first.get("Notes"):
            post["notes"] = first["Notes"]
        posts.append(post)
        rows.append(row)
    return posts, rows, eliminated


def _by_case(refs: Iterable[str]) -> dict[str, str]:
    """Each reference by its case-folded form, where only one has that form."""
    seen: dict[str, list[str]] = {}
    for ref in refs:
        seen.setdefault(ref.casefold(), []).append(ref)
    return {folded: found[0] for folded, found in seen.items() if len(found) == 1}


def _manager(
    reader: Reader, row: int, ref: str, manager: str, by_case: dict[str, str]
) -> str | None:
    """The manager's reference as the publishers' spreadsheet lookup resolved it."""
    if manager.upper() in ("XX", ""):
        return None
    if manager == ref:
        reader.issue("warning", row, f"post {ref!r} reports to itself: read as a top post", ref)
        return None
    folded = by_case.get(manager.casefold())
    if folded is not None and folded != manager:
        reader.issue(
            "warning",
            row,
            f"post {ref!r} reports to {manager!r}: read as {folded!r}, which differs only in "
            "letter case",
            ref,
        )
        return folded
    return manager


def _junior_posts(
    reader: Reader, path: Path, senior: set[str], eliminated: set[str]
) -> tuple[list[dict[str, Any]], list[int]]:
    sources: set[tuple[str, str]] = set()
    repeated = 0
    by_case = _by_case(senior)
    # base id -> pay band -> (first row, the row's fields, FTE, posts)
    groups: dict[str, dict[tuple[float, float] | None, tuple[int, dict[str, Any], float, int]]]
    groups = {}
    for row, data in read_rows(path, reader):
        # The publishers' export wrote a job-shared senior post's junior rows
        # once per holder: the same row of the same source spreadsheet.
        source = (data.get("source_file", ""), data.get("source_line", ""))
        if all(source):
            if source in sources:
                repeated += 1
                continue
            sources.add(source)
        manager = data.get(JUNIOR_KEY, "")
        if manager not in senior and by_case.get(manager.casefold()) is not None:
            manager = by_case[manager.casefold()]
        title = data.get("Generic Job Title") or "(no title)"
        grade = data.get("Grade") or None
        # Junior rows have no reference: an id from what they are, with the
        # title's case and spacing folded, keeps it stable across editions, so
        # consecutive editions diff sensibly.
        base = f"{manager}/{grade or '-'}/{' '.join(title.split()).casefold()}"
        where = f"junior row for {manager!r} ({title})"
        if manager in eliminated:
            reader.issue("error", row, f"{where} reports to eliminated post {manager!r}", base)
            continue
        if manager not in senior:
            reader.issue(
                "error", row, f"{where} reports to {manager!r}, which is not a senior post", base
            )
            continue
        fte = reader.figure(row, data, "Number of Posts in FTE", base)
        if not fte:
            reader.notes.append(f"row {row}: junior row with no FTE skipped ({title})")
            continue
        band = pay_band(reader, row, data, "Payscale Minimum (£)", "Payscale Maximum (£)", base)
        key = (band["pay_min"], band["pay_max"]) if band else None
        fields = {
            "title": title,
            "grade": grade,
            "unit": data.get("Unit") or None,
            "reports_to": manager,
            **band,
        }
        bands = groups.setdefault(base, {})
        first, kept, total, count = bands.get(key, (row, fields, 0.0, 0))
        # Each row still counts as the fewest posts that hold its FTE.
        bands[key] = (first, kept, total + fte, count + max(1, math.ceil(fte - TOLERANCE)))
    posts, rows = [], []
    for base, bands in groups.items():
        for key, (row, fields, fte, count) in bands.items():
            # Rows alike with the same pay band are one group; alike rows with
            # different bands are told apart by the band, not by position.
            post_id = base if len(bands) == 1 else f"{base}/{_pay_band_label(key)}"
            posts.append(
                {
                    "id": post_id,
                    **fields,
                    "fte": round(fte, 6),
                    "count": count,
                    "junior": True,
                    "notes": "junior staff: published as FTE; count is the fewest posts holding it",
                }
            )
            rows.append(row)
    if repeated:
        reader.notes.append(
            f"{repeated} junior row(s) repeated once per job-share holder (same source_file "
            "and source_line) counted once"
        )
    reader.word_warnings()
    return posts, rows


def _pay_band_label(band: tuple[float, float] | None) -> str:
    return "pay not disclosed" if band is None else f"{band[0]:g}-{band[1]:g}"


def read_organogram(path: Path, options: ReadOptions) -> Parsed:
    """Read an organogram edition from its senior (or junior) CSV and the other beside it."""
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline(HEADER_LIMIT)
    senior_path = path if SENIOR_KEY in header else companion(path, "senior")
    if not senior_path.exists():
        raise LoadError(
            f"this is a junior organogram CSV; its senior CSV {senior_path.name} is not beside it",
            file=str(path),
        )
    junior_path = options.junior or companion(senior_path, "junior")
    reader = Reader(str(senior_path))
    posts, rows, eliminated = _senior_posts(reader, senior_path)
    if not posts and not eliminated and not reader.issues:
        raise LoadError("no data rows: only a header", file=str(senior_path))
    reader.word_warnings()
    files = [str(senior_path)] * len(posts)
    with_junior = junior_path.exists() and junior_path != senior_path
    if with_junior:
        junior = Reader(str(junior_path))
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
        # A warning, not a note: the totals are of a fraction of the staff.
        reader.issue(
            "warning",
            None,
            f"no junior CSV beside it ({junior_path.name}): junior staff are missing, and "
            "every total counts senior posts only",
        )
    edition = EDITION.search(senior_path.name)
    data: dict[str, Any] = {
        "name": f"{reader.organisation or senior_path.stem}{NAME_SUFFIX}",
        "posts": posts,
    }
    if edition:
        data["date"] = edition.group(1)
    if not with_junior:
        data["senior_only"] = True
    lines: dict[tuple[str | int, ...], int] = {("posts", i): row for i, row in enumerate(rows)}
    structure, issues, post_lines = structure_from_data(data, lines, str(senior_path), files)
    # Every organogram post has an id, so each one is kept and `files` lines up.
    return Parsed(
        str(senior_path), structure, reader.issues + issues, post_lines, reader.notes, files
    )
