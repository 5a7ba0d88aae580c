"""GitHub-flavoured Markdown tables, for reports and pull requests."""

from __future__ import annotations

from orgchart.present.formats import Report, Table
from orgchart.text import Kind, cell


def escape(text: str) -> str:
    """Keep structure text as text: no table breaks, HTML or Markdown markup."""
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ")


def _table(table: Table) -> list[str]:
    out = [f"### {escape(table.title)}", ""] if table.title else []
    out.append("| " + " | ".join(escape(c.header) for c in table.columns) + " |")
    out.append(
        "|" + "|".join("---:" if c.kind is not Kind.TEXT else "---" for c in table.columns) + "|"
    )
    for row in table.rows:
        out.append(
            "| " + " | ".join(escape(cell(row.get(c.key), c.kind)) for c in table.columns) + " |"
        )
    return out


def render(report: Report) -> str:
    blocks = ["\n".join(_table(t)) for t in report.tables]
    blocks.extend(escape(n) for n in report.notes)
    return "\n\n".join(blocks) + "\n"
