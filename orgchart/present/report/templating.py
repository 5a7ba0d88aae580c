"""Jinja2 templates for the HTML and Markdown reports: the shipped ones or a house style.

Templates run sandboxed, since a house style is a file from outside; structure
text reaches them only as variables, never as template source, so `{{ }}` in a
title stays text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orgchart.errors import LoadError
from orgchart.present.formats.markdown import escape

TEMPLATES = Path(__file__).parent / "templates"


def render(
    shipped: str,
    template: Path | None,
    *,
    html: bool,
    context: dict[str, Any],
    folder: Path = TEMPLATES,
) -> str:
    """Render `template` (or the shipped one, in `folder`) with `context`.

    Raises LoadError naming the file and line when a house style cannot be
    read or fails to render.
    """
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda value: escape(str(value))
    path = template or folder / shipped
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"cannot read template: {exc}", file=str(path)) from None
    try:
        return env.from_string(source).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise LoadError(f"template error: {exc.message}", file=str(path), line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise LoadError(f"template error: {exc}", file=str(path)) from None
