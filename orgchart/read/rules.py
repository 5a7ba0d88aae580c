"""Policy rules in: a rules file, a structure file's `rules:` block, or a
shipped pack by name (orgchart/read/packs/*.yaml), several at once with commas.

Rules never change what other commands compute: they are read here and
measured only by orgchart.measure.rules. Every problem is found before any
rule is measured, each with its file and line and the nearest valid name;
RulesError carries them all.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from orgchart.errors import Issue, LoadError, RulesError
from orgchart.read.rulebook import RULES, Exempt, GradeOrder, Settings, settings_data
from orgchart.text import clip, did_you_mean

PACKS = Path(__file__).parent / "packs"
RULES_FILE_KEYS = ("rules", "notes")

Lines = Mapping[tuple[str | int, ...], int]


@dataclass(frozen=True)
class Rule:
    """One rule as read: its name, settings, the posts it leaves out, and where it was written."""

    name: str
    settings: Settings
    exempt: Exempt
    file: str
    line: int | None = None

    @property
    def key(self) -> tuple[str, Settings, Exempt]:
        """What the rule asks, wherever it was written: the same rule twice is measured once."""
        return (self.name, self.settings, self.exempt)

    @cached_property
    def _patterns(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """`except:`'s patterns, letter case folded, by the place of the value they match."""
        keys = (self.exempt.id, self.exempt.title, self.exempt.grade, self.exempt.unit)
        return tuple((i, tuple(p.casefold() for p in k)) for i, k in enumerate(keys) if k)

    def exempts(self, post_id: str, title: str, grade: str | None, unit: str | None) -> bool:
        """Whether `except:` leaves this post out (asked of every post: most rules have none)."""
        if not self._patterns:
            return False
        values = (post_id, title, grade, unit)
        return any(
            values[i] is not None
            and any(fnmatch.fnmatchcase(str(values[i]).casefold(), p) for p in patterns)
            for i, patterns in self._patterns
        )


def pack_names() -> list[str]:
    return sorted(p.stem for p in PACKS.glob("*.yaml"))


class _Reader:
    """Rules from several sources, with every problem found on the way."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.issues: list[Issue] = []

    def error(self, file: str, line: int | None, message: str) -> None:
        self.issues.append(Issue(file, line, "error", message))

    def source(self, spec: str) -> None:
        """A pack's name, or a rules file's path."""
        if spec in pack_names():
            self.file(PACKS / f"{spec}.yaml", spec)
        elif Path(spec).suffix.lower() in (".yaml", ".yml") or Path(spec).exists():
            self.file(Path(spec), spec)
        else:
            hint = did_you_mean(spec, pack_names())
            packs = ", ".join(pack_names())
            self.error(
                spec,
                None,
                f"unknown rules pack {spec!r}{hint}: give a pack ({packs}) or a rules file (.yaml)",
            )

    def file(self, path: Path, name: str) -> None:
        from orgchart.read.source import read_text
        from orgchart.read.yamlfile import read_yaml

        try:
            data, lines = read_yaml(read_text(path), name)
        except LoadError as exc:
            self.error(name, exc.line, f"cannot read rules: {exc.message}")
            return
        if not isinstance(data, dict) or "rules" not in data:
            self.error(name, 1, "a rules file is a mapping with a 'rules:' list")
            return
        if "posts" not in data:  # a structure file lends its rules: block
            for key in data:
                if key not in RULES_FILE_KEYS:
                    hint = did_you_mean(str(key), RULES_FILE_KEYS)
                    self.error(name, lines.get((key,)), f"unknown key {key!r}{hint}")
        self.block(data["rules"], lines, name)

    def block(self, items: Any, lines: Lines, file: str) -> None:
        if not isinstance(items, list):
            self.error(file, lines.get(("rules",)), "'rules' must be a list of rules")
            return
        for index, item in enumerate(items):
            self.item(item, index, lines, file)

    def item(self, item: Any, index: int, lines: Lines, file: str) -> None:
        line = lines.get(("rules", index), lines.get(("rules",)))
        exempt: Any = None
        has_exempt = isinstance(item, dict) and "except" in item
        if isinstance(item, str):
            name, value = item, None
        elif isinstance(item, dict) and [k for k in item if k != "except"] == ["pack"]:
            self.pack(item["pack"], file, lines.get(("rules", index, "pack"), line))
            return
        elif isinstance(item, dict) and len([k for k in item if k != "except"]) == 1:
            name = next(str(k) for k in item if k != "except")
            value, exempt = item[name], item.get("except")
            line = lines.get(("rules", index, name), line)
        else:
            keys = ", ".join(map(str, item)) if isinstance(item, dict) else clip(item)
            self.error(
                file,
                line,
                f"rule #{index + 1}: a rule is a name, or one name with its settings "
                f"(and 'except'); got {keys}",
            )
            return
        if name not in RULES:
            self.error(file, line, f"unknown rule {name!r}{did_you_mean(name, list(RULES))}")
            return
        settings = self.validated(RULES[name], settings_data(name, value), name, file, line)
        if has_exempt:
            exempt_line = lines.get(("rules", index, "except"), line)
            found = self.validated(Exempt, exempt or {}, f"{name} except", file, exempt_line)
        else:
            found = Exempt()
        if isinstance(settings, Settings) and isinstance(found, Exempt):
            self.rules.append(Rule(name, settings, found, file, line))

    def pack(self, name: Any, file: str, line: int | None) -> None:
        if isinstance(name, str) and name in pack_names():
            self.file(PACKS / f"{name}.yaml", name)
        else:
            hint = did_you_mean(str(name), pack_names())
            self.error(file, line, f"unknown rules pack {clip(name)}{hint}")

    def validated(
        self,
        model: type[Settings] | type[Exempt],
        data: Any,
        name: str,
        file: str,
        line: int | None,
    ) -> Settings | Exempt | None:
        if not isinstance(data, dict):
            self.error(file, line, f"rule {name!r}: settings must be a mapping, got {clip(data)}")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                if err["type"] == "extra_forbidden":
                    hint = did_you_mean(where, list(model.model_fields))
                    message = f"unknown key {where!r}{hint}"
                elif err["type"] == "missing":
                    message = f"missing key {where!r}"
                else:
                    message = err["msg"].removeprefix("Value error, ")
                    got = err.get("input")
                    shown = "" if isinstance(got, dict | list) else f" (got {clip(got)})"
                    message = f"{where}: {message}{shown}" if where else message
                self.error(file, line, f"rule {name!r}: {message}")
            return None

    def finished(self) -> list[Rule]:
        """The rules, each once; raises RulesError for every problem found."""
        self.grades_in_order()
        if self.issues:
            raise RulesError(self.issues)
        kept: dict[tuple[str, Settings, Exempt], Rule] = {}
        for rule in self.rules:
            kept.setdefault(rule.key, rule)
        return list(kept.values())

    def grades_in_order(self) -> None:
        """A grade named in `except` must be one the grade order knows, where one is given."""
        orders = [
            r.settings.order
            for r in self.rules
            if isinstance(r.settings, GradeOrder) and r.settings.order is not None
        ]
        if not orders:
            return
        known = sorted({g for order in orders for g in order})
        for rule in self.rules:
            for grade in rule.exempt.grade:
                if not any(c in grade for c in "*?[") and grade not in known:
                    self.error(
                        rule.file,
                        rule.line,
                        f"rule {rule.name!r}: grade {grade!r} is not in the grade order"
                        f"{did_you_mean(grade, known)}",
                    )


def load_rules(spec: str | Sequence[str]) -> list[Rule]:
    """Rules from packs and rules files: `"spans-layers,ours.yaml"`, or a list of them.

    Raises RulesError naming every problem."""
    reader = _Reader()
    parts = spec.split(",") if isinstance(spec, str) else list(spec)
    for part in (p.strip() for p in parts):
        if part:
            reader.source(part)
    return reader.finished()


def block_rules(items: Sequence[Any], lines: Lines, file: str, *more: Rule) -> list[Rule]:
    """A structure file's `rules:` block, then `more` (the command line's).

    Raises RulesError naming every problem."""
    reader = _Reader()
    reader.block(list(items), lines, file)
    reader.rules += more
    return reader.finished()


def combined(*groups: Sequence[Rule]) -> list[Rule]:
    """Rules from several places (files' blocks, packs), each rule once, in order.

    Raises RulesError for a grade named in `except` that a grade order given does not name."""
    reader = _Reader()
    for group in groups:
        reader.rules += group
    return reader.finished()


def block_lines(data: Any, lines: Lines) -> dict[tuple[str | int, ...], int]:
    """The lines of a structure file's `rules:` block, kept apart from the rest:
    its key, each rule and each rule's keys."""
    found: dict[tuple[str | int, ...], int] = {}
    items = data.get("rules") if isinstance(data, dict) else None
    paths: list[tuple[str | int, ...]] = [("rules",)]
    if isinstance(items, list):
        for index, item in enumerate(items):
            paths.append(("rules", index))
            if isinstance(item, dict):
                paths += [("rules", index, str(key)) for key in item]
    for path in paths:
        line = lines.get(path)
        if line is not None:
            found[path] = line
    return found
