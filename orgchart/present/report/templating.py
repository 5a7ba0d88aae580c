"""Jinja2 templates for the HTML and Markdown reports: the shipped ones or a house style.

Templates run sandboxed (sandbox.py), and structure text reaches them only
as variables, never as template source, so `{{ }}` in a title stays text.
A house style is a file from outside, so more is asked of it: it is read
only when it is a regular file of at most TEMPLATE_LIMIT bytes, and it runs
in a process of its own, stopped after ORGCHART_TEMPLATE_TIMEOUT seconds
(default 60), with its memory and its output bounded. Whatever goes wrong
is a LoadError naming the template's file and line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import signal
import stat
import subprocess
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orgchart.errors import LoadError

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_LIMIT = 1024 * 1024  # bytes: a house style is a page of markup, not a data file
OUTPUT_LIMIT = 256 * 1024 * 1024  # characters a template may write
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space a house style's process may add
TIMEOUT_SETTING = "ORGCHART_TEMPLATE_TIMEOUT"
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class HouseStyle:
    """A house-style template, read and checked: its file and its text."""

    path: Path
    source: str


def read_template(path: Path) -> HouseStyle:
    """Read a house style. Raises LoadError, before reading a byte, for what is
    not a regular file (/dev/zero, a FIFO, a folder) or is over the limit;
    after, for text that is not UTF-8 (naming the line)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise LoadError(
            f"cannot read the template: {exc.strerror or exc}", file=str(path)
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError("the template is not a regular file", file=str(path))
    if info.st_size > TEMPLATE_LIMIT:
        raise LoadError(
            f"the template is larger than the limit of {TEMPLATE_LIMIT:,} bytes", file=str(path)
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(TEMPLATE_LIMIT + 1)
    except OSError as exc:
        raise LoadError(
            f"cannot read the template: {exc.strerror or exc}", file=str(path)
        ) from None
    if len(data) > TEMPLATE_LIMIT:  # it grew since it was looked at
        raise LoadError(
            f"the template is larger than the limit of {TEMPLATE_LIMIT:,} bytes", file=str(path)
        )
    try:
        return HouseStyle(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(
            "the template is not UTF-8 text; save it as UTF-8", file=str(path), line=line
        ) from None


def render(
    shipped: str,
    template: HouseStyle | None,
    *,
    html: bool,
    context: dict[str, Any],
    folder: Path = TEMPLATES,
) -> str:
    """Render a house style, or else the shipped template (in `folder`), with `context`.

    Raises LoadError naming the template's file and line when it fails, runs
    too long, or writes too much.
    """
    from orgchart.present.report.sandbox import run

    if template is None:
        path = folder / shipped
        source = path.read_text(encoding="utf-8")
        return run(source, str(path), html=html, context=context, limit=OUTPUT_LIMIT)
    return _apart(template, html, context)


def _apart(template: HouseStyle, html: bool, context: dict[str, Any]) -> str:
    """Run a house style in a process of its own, which can be stopped: a
    template's loop cannot be interrupted from inside the process running it."""
    seconds = _timeout()
    job = {
        "source": template.source,
        "file": str(template.path),
        "html": html,
        "context": {k: _plain(v) for k, v in context.items()},
        "limit": OUTPUT_LIMIT,
        "memory": MEMORY_LIMIT,
        "seconds": seconds,
    }
    # -P: the current folder is not put on the path, so no file there is imported.
    command = [sys.executable, "-P", "-m", "orgchart.present.report.sandbox"]
    try:
        done = subprocess.run(
            command, input=pickle.dumps(job), capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise LoadError(
            f"the template ran for more than {seconds:g} s and was stopped; set "
            f"{TIMEOUT_SETTING} to allow longer",
            file=str(template.path),
        ) from None
    except OSError as exc:
        raise LoadError(
            f"cannot run the template: {exc.strerror or exc}", file=str(template.path)
        ) from None
    if done.returncode != 0:
        raise LoadError(_failure(done), file=str(template.path))
    outcome = json.loads(done.stdout)
    if "error" in outcome:
        raise LoadError(outcome["error"], file=str(template.path), line=outcome["line"])
    text: str = outcome["text"]
    return text


def _failure(done: subprocess.CompletedProcess[bytes]) -> str:
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        return f"the template was stopped by {name} (out of memory or CPU time?)"
    last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
    return f"the template could not be run: {last[0]}"


def _timeout() -> float:
    setting = os.environ.get(TIMEOUT_SETTING, "")
    try:
        seconds = float(setting)
    except ValueError:
        return DEFAULT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_TIMEOUT


def _plain(value: Any) -> Any:
    """The report's data as the other process can load it without importing
    orgchart's model: a dataclass becomes a namespace with the same attributes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return types.SimpleNamespace(**fields)
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
