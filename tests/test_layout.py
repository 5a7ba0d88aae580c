"""The package's layout holds: data flows one way through the stages, and
every module is small and says what it owns."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "orgchart"
# Foundation modules any stage may use, then the stages in the order data flows.
STAGES = {
    "orgchart": 0,
    "orgchart.errors": 0,
    "orgchart.text": 0,
    "orgchart.fields": 0,
    "orgchart.model": 0,
    "orgchart.graph": 0,
    "orgchart.money": 0,
    "orgchart.filetypes": 0,
    "orgchart.table": 0,
    "orgchart.read": 1,
    "orgchart.check": 2,
    "orgchart.build": 2,
    "orgchart.apply": 2,
    "orgchart.measure": 3,
    "orgchart.compare": 4,
    "orgchart.present": 5,
    "orgchart.cli": 6,
    "orgchart.__main__": 6,
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(name: str) -> int:
    """A module's stage, by its top-level module or package: a new top-level
    module must be placed in STAGES (KeyError otherwise)."""
    return STAGES[".".join(name.split(".")[:2])]


def imported(tree: ast.AST, name: str) -> set[str]:
    """Every orgchart module `tree` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m == "orgchart" or m.startswith("orgchart.")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_from_a_later_stage(path: Path) -> None:
    name = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    later = sorted(m for m in imported(tree, name) if stage(m) > stage(name))
    assert later == [], f"{name} (stage {stage(name)}) imports {later}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_every_module_is_small_and_says_what_it_owns(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    if path.name != "__main__.py":
        assert ast.get_docstring(ast.parse(text)), f"{module_name(path)} has no docstring"


def test_the_stage_table_knows_every_module() -> None:
    for path in MODULES:
        stage(module_name(path))  # raises KeyError for a module in no stage


def test_a_later_import_is_caught() -> None:
    tree = ast.parse("def f():\n    from orgchart.present.formats import Report\n")
    assert stage("orgchart.read.tabular") < max(stage(m) for m in imported(tree, "x"))
    with pytest.raises(KeyError):
        stage("orgchart.somewhere_new")
