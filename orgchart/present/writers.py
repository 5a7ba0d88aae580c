"""Write a structure back out: YAML (the structure file), JSON and CSV.

Written YAML reads back to the same structure; keys left at their default
are not written, so a file read and written back keeps its own shape.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from orgchart.errors import UnknownFormat
from orgchart.filetypes import WRITE, listed, suffix_of
from orgchart.model import POST_FIELDS, Structure, plain, post_record
from orgchart.text import spreadsheet_cell


def structure_dict(structure: Structure) -> dict[str, Any]:
    head = plain(structure.model_dump(exclude_defaults=True, exclude={"posts"}))
    head.setdefault("name", structure.name)
    head["posts"] = [post_record(p) for p in structure.posts]
    return head  # type: ignore[no-any-return]


class _NoAliases(yaml.SafeDumper):
    """Our reader refuses YAML aliases, so the writer must never make one: PyYAML
    makes them for any object written twice, such as a date two posts share."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(structure: Structure) -> str:
    return yaml.dump(
        structure_dict(structure),
        Dumper=_NoAliases,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def to_json(structure: Structure) -> str:
    return json.dumps(structure_dict(structure), indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(structure: Structure) -> str:
    """One row per post, the structure file's keys as columns (the HR-export layout we read)."""
    columns = list(POST_FIELDS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for post in structure.posts:
        row = post_record(post)
        cells = []
        for column in columns:
            value = row.get(column)
            if column == "dotted_to":
                value = ";".join(value or [])
            elif column == "funding":
                value = ";".join(f"{k}={v:g}" for k, v in (value or {}).items())
            cells.append(spreadsheet_cell(value))
        writer.writerow(cells)
    return out.getvalue()


def csv_loses(structure: Structure, name: str) -> list[str]:
    """What a CSV of `structure` would not keep: it holds posts only, and reads
    back named `name` (its file's stem)."""
    head = structure.model_dump(exclude_defaults=True, exclude={"posts", "name"})
    lost = sorted(head)
    if structure.name != name:
        lost.insert(0, "name")
    return lost


def writer_for(path: Path) -> Callable[[Structure], str]:
    """The structure writer an output's suffix picks. Raises UnknownFormat."""
    kind = WRITE.get(suffix_of(path))
    if kind is None:
        raise UnknownFormat(f"cannot write {path.name!r}: use {listed(WRITE)}")
    return {"yaml": to_yaml, "json": to_json, "csv": to_csv}[kind]
