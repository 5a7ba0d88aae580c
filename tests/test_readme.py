"""The README as documentation that runs: its examples, its commands and options.

Every ```console block is a session: each `$ orgchart ...` line is run from
the repository's root and its output (stdout and stderr) must match the lines
below it, where a line `...` stands for any number of lines. Every ```sh
block's orgchart commands run too, in a scratch folder, and must succeed.
When output changes on purpose, `UPDATE_README=1 pytest tests/test_readme.py`
writes the new output into the README; put the `...` elisions back by hand.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
import typer.core
from typer.testing import CliRunner

from orgchart.cli import app

from .conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"^```(console|sh)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ELIDED = "..."


@dataclass(frozen=True)
class Example:
    kind: str  # console | sh
    line: int  # of the README, where the block starts
    command: str
    expected: tuple[str, ...]  # console only

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.command}"


def examples(text: str) -> list[Example]:
    found = []
    for block in BLOCK.finditer(text):
        kind, body = block.group(1), block.group(2)
        start = text.count("\n", 0, block.start()) + 1
        session: list[list[str]] = []
        # A shell line ending in a backslash goes on on the next line.
        lines = body.replace("\\\n", " ").splitlines() if kind == "sh" else body.splitlines()
        for line in lines:
            command = line.removeprefix("$ ") if kind == "console" else line.split("#")[0]
            if kind == "console" and line.startswith("$ "):
                session.append([command])
            elif kind == "console" and session:
                session[-1].append(line)
            elif kind == "sh" and command.strip().startswith("orgchart "):
                session.append([command.strip()])
        found += [Example(kind, start, s[0], tuple(s[1:])) for s in session]
    return found


def matches(expected: tuple[str, ...], actual: list[str]) -> bool:
    """Lines equal in order, each `...` standing for any run of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == ELIDED:
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head.rstrip() and matches(rest, actual[1:])


def run(command: str) -> tuple[int, list[str]]:
    words = shlex.split(command)
    assert words[0] == "orgchart", f"README example is not an orgchart command: {command}"
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code in (0, 1), f"{command}: exit {result.exit_code}\n{result.output}"
    return result.exit_code, result.output.splitlines()


CONSOLE = [e for e in examples(README.read_text(encoding="utf-8")) if e.kind == "console"]
SH = [e for e in examples(README.read_text(encoding="utf-8")) if e.kind == "sh"]


@pytest.mark.parametrize("example", CONSOLE, ids=str)
def test_console_example(example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    _, actual = run(example.command)
    if matches(example.expected, actual):
        return
    if os.environ.get("UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        old = "\n".join([f"$ {example.command}", *example.expected]) + "\n"
        new = "\n".join([f"$ {example.command}", *actual]) + "\n"
        README.write_text(text.replace(old, new, 1), encoding="utf-8")
        return
    shown = "\n".join(actual)
    pytest.fail(f"{example}: output differs from the README's; it is now:\n{shown}")


@pytest.mark.parametrize("example", SH, ids=str)
def test_sh_example_runs(example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A scratch folder that sees the repository's inputs, so outputs land there.
    for name in ("structures", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    run(example.command)


PYTHON = re.findall(r"^```python\n(.*?)^```$", README.read_text(encoding="utf-8"), re.M | re.S)


@pytest.mark.parametrize("code", PYTHON)
def test_python_example_runs(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})


def test_the_readme_has_examples_to_run() -> None:
    assert len(CONSOLE) >= 8
    assert len(SH) >= 2


def commands() -> dict[str, typer.core.TyperCommand]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return dict(group.commands)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert f"orgchart {name}" in text, f"command {name} is not in the README"
    # An option is documented when any of its long names is: --collapse/--no-collapse.
    options = [
        [flag for flag in (*param.opts, *param.secondary_opts) if flag.startswith("--")]
        for param in commands()[name].params
        if isinstance(param, typer.core.TyperOption)
    ]
    missing = sorted(
        flags[0]
        for flags in options
        if flags and not any(re.search(rf"{re.escape(f)}\b", text) for f in flags)
    )
    assert not missing, f"orgchart {name}: options not in the README: {missing}"
