"""Write a structure back out: YAML (the structure file), JSON, CSV and Parquet.

Written YAML reads back to the same structure; keys left at their default
are not written, so a file read and written back keeps its own shape.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from orgchart.errors import UnknownFormat
from orgchart.fields import POST_FIELDS
from orgchart.filetypes import WRITE, listed, suffix_of
from orgchart.model import Structure, plain, post_record
from orgchart.text import spreadsheet_cell


def structure_dict(structure: Structure) -> dict[str, Any]:
    head = plain(structure.model_dump(exclude_defaults=True, exclude={"posts"}))
    head.setdefault("name", structure.name)
    head["posts"] = [post_record(p) for p in structure.posts]
    return head  # type: ignore[no-any-return]


# libyaml's emitter where PyYAML was built with it: 100,000 posts in 10 s, not 36 s.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class NoAliases(_DUMPER):  # type: ignore[valid-type,misc]
    """Our reader refuses YAML aliases, so the writer must never make one: PyYAML
    makes them for any object written twice, such as a date two posts share."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def pyyaml_text(data: Any) -> str:
    """PyYAML's own text of data, in our writer's settings: the one the row
    writer must match byte for byte."""
    return yaml.dump(
        data,
        Dumper=NoAliases,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def to_yaml(structure: Structure) -> str:
    """PyYAML's text of the structure; the posts made a row at a time where
    they can be (present.yamlrows), 100,000 posts in a few seconds, not 10."""
    from orgchart.present.yamlrows import Rows

    data = structure_dict(structure)
    posts = data.pop("posts")
    if not posts:
        return pyyaml_text({**data, "posts": posts})
    return pyyaml_text(data) + "posts:\n" + Rows(pyyaml_text).posts(posts)


def to_json(structure: Structure) -> str:
    return json.dumps(structure_dict(structure), indent=2, ensure_ascii=False, default=str) + "\n"


def _cells(structure: Structure) -> Iterator[list[object]]:
    """Each post as a row of cells, the structure file's keys as columns (the
    HR-export layout we read). Formulas are escaped: a Parquet file too is
    opened in spreadsheets, and reads back through the same rules as a CSV."""
    for post in structure.posts:
        row = post_record(post)
        cells = []
        for column in POST_FIELDS:
            value = row.get(column)
            if column == "dotted_to":
                value = ";".join(value or [])
            elif column == "funding":
                value = ";".join(f"{k}={v:g}" for k, v in (value or {}).items())
            cells.append(spreadsheet_cell(value))
        yield cells


def to_csv(structure: Structure) -> str:
    """One row per post, the structure file's keys as columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POST_FIELDS)
    writer.writerows(_cells(structure))
    return out.getvalue()


def to_parquet(structure: Structure) -> bytes:
    """The CSV's columns and cells as a Parquet file, for data warehouses: every
    column is text, as in the CSV, so that it reads back to the same structure."""
    import polars as pl

    columns: dict[str, list[str | None]] = {name: [] for name in POST_FIELDS}
    for cells in _cells(structure):
        for name, cell in zip(POST_FIELDS, cells, strict=True):
            columns[name].append(None if cell is None or cell == "" else str(cell))
    out = io.BytesIO()
    pl.DataFrame(columns, schema=dict.fromkeys(POST_FIELDS, pl.String)).write_parquet(out)
    return out.getvalue()


def csv_loses(structure: Structure, name: str) -> list[str]:
    """What a CSV of `structure` would not keep: it holds posts only, and reads
    back named `name` (its file's stem)."""
    head = structure.model_dump(exclude_defaults=True, exclude={"posts", "name"})
    lost = sorted(head)
    if structure.name != name:
        lost.insert(0, "name")
    return lost


def writer_for(path: Path) -> Callable[[Structure], str | bytes]:
    """The structure writer an output's suffix picks. Raises UnknownFormat."""
    kind = WRITE.get(suffix_of(path))
    if kind is None:
        raise UnknownFormat(f"cannot write {path.name!r}: use {listed(WRITE)}")
    writers: dict[str, Callable[[Structure], str | bytes]] = {
        "yaml": to_yaml,
        "json": to_json,
        "csv": to_csv,
        "parquet": to_parquet,
    }
    return writers[kind]
