"""Aligned plain-text tables for a terminal."""

from __future__ import annotations

from orgchart.present.formats import Report, Table
from orgchart.text import Kind, cell


def _table(table: Table) -> list[str]:
    header = [c.header for c in table.columns]
    body = [[cell(row.get(c.key), c.kind) for c in table.columns] for row in table.rows]
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)
    ]
    right = [c.kind is not Kind.TEXT for c in table.columns]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [table.title, ""] if table.title else []
    out.append(line(header))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in body)
    return out


def render(report: Report) -> str:
    blocks = ["\n".join(_table(t)) for t in report.tables]
    if report.notes:
        blocks.append("\n".join(report.notes))
    return "\n\n".join(blocks) + "\n"
