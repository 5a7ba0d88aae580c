"""Reading policy rules: packs by name, rules files, a structure's `rules:`
block; and every wrong rule named with its line and the nearest valid name."""

from __future__ import annotations

import pytest

from orgchart.build import build, check
from orgchart.errors import RulesError
from orgchart.read.rulebook import SENIOR_GRADES
from orgchart.read.rules import block_rules, load_rules, pack_names

EVERY_RULE = """\
rules:
  - span: {min: 3, max: 12}           # direct reports per manager
    except: {grade: [Director], title: "Assistant*"}
  - layers: {max: 6}
  - one-to-one: {max_share: 0.10}
  - grade-order: [Director, DIR, HOS, SDM, PO6, PO4, PO3, PO2]
  - manager-ratio: {min: 6}
  - vacancy: {max_share: 0.2, per: unit}
  - funding-ends: {warn_within_days: 365}
  - top-post
  - senior-grades
"""


def problems(spec: str) -> list[str]:
    with pytest.raises(RulesError) as caught:
        load_rules(spec)
    return [str(i) for i in caught.value.issues]


def test_the_shipped_packs():
    assert pack_names() == ["organogram", "spans-layers"]
    spans = {r.name: r.settings for r in load_rules("spans-layers")}
    assert list(spans) == ["span", "layers", "one-to-one", "grade-order"]
    assert spans["span"].model_dump() == {"min": 3, "max": 16, "bands": (1, 3, 7, 12, 16)}
    assert spans["grade-order"].model_dump() == {"order": None}  # inferred from costs
    names = [r.name for r in load_rules("organogram")]
    assert names == [
        "top-post",
        "references",
        "kept-references",
        "job-shares",
        "senior-grades",
        "reporting-lines",
        "junior-posts",
    ]
    grades = next(r for r in load_rules("organogram") if r.name == "senior-grades")
    assert grades.settings.model_dump() == {"grades": SENIOR_GRADES}


def test_a_rules_file_with_every_kind_of_rule(write):
    path = write(EVERY_RULE, "rules.yaml")
    rules = load_rules(str(path))
    assert [(r.name, r.line) for r in rules] == [
        ("span", 2),
        ("layers", 4),
        ("one-to-one", 5),
        ("grade-order", 6),
        ("manager-ratio", 7),
        ("vacancy", 8),
        ("funding-ends", 9),
        ("top-post", 10),
        ("senior-grades", 11),
    ]
    span = rules[0]
    assert span.exempts("X", "Assistant to the Director", None, None)
    assert span.exempts("X", "Head", "director", None)  # letter case ignored
    assert not span.exempts("X", "Head", "HOS", None)
    order = ("Director", "DIR", "HOS", "SDM", "PO6", "PO4", "PO3", "PO2")
    assert rules[3].settings.model_dump() == {"order": order}


def test_packs_and_files_together_each_rule_once(write):
    path = write("rules:\n  - layers: {max: 6}\n  - pack: organogram\n", "ours.yaml")
    rules = load_rules(f"spans-layers, {path}")
    names = [r.name for r in rules]
    assert names.count("layers") == 1  # the same rule twice is measured once
    assert "top-post" in names and "span" in names


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  - spam: {min: 3}\n", "unknown rule 'spam' (did you mean 'span'?)"),
        ("  - span: {mn: 3}\n", "rule 'span': unknown key 'mn' (did you mean 'min'?)"),
        ("  - span: {min: 12, max: 3}\n", "rule 'span': min 12 is more than max 3"),
        ("  - span: {min: -1}\n", "rule 'span': min: Input should be greater than or equal to 1"),
        ("  - span: {}\n", "rule 'span': give min, max or both (direct reports of a manager)"),
        ("  - span: {min: 2.5}\n", "rule 'span': min: Input should be a valid integer"),
        (
            "  - layers: {max: 0}\n",
            "rule 'layers': max: Input should be greater than or equal to 1",
        ),
        ("  - layers\n", "rule 'layers': missing key 'max'"),
        ("  - one-to-one: {max_share: 10}\n", "max_share: Input should be less than or equal to 1"),
        (
            "  - vacancy: {max_share: 0.2, per: team}\n",
            "per: Input should be 'structure' or 'unit'",
        ),
        ("  - funding-ends: {warn_within_days: -5}\n", "greater than or equal to 0"),
        ("  - grade-order: [A, B, A]\n", "grade 'A' is in the order twice"),
        ("  - layers: 6\n", "rule 'layers': settings must be a mapping, got 6"),
        ("  - {layers: {max: 6}, span: {min: 3}}\n", "a rule is a name, or one name"),
        (
            "  - pack: spans-layer\n",
            "unknown rules pack 'spans-layer' (did you mean 'spans-layers'?)",
        ),
        (
            "  - grade-order: [DIR, HOS, SDM]\n  - span: {min: 3}\n    except: {grade: DRI}\n",
            "4: error: rule 'span': grade 'DRI' is not in the grade order (did you mean 'DIR'?)",
        ),
        (
            "  - span: {min: 3}\n    except: {grde: DIR}\n",
            "4: error: rule 'span except': unknown key 'grde' (did you mean 'grade'?)",
        ),
    ],
)
def test_a_wrong_rule_is_named_with_its_line(write, text, message):
    path = write("# our policy\nrules:\n" + text, "rules.yaml")
    found = problems(str(path))
    assert len(found) == 1, found
    # On the rule's line, or (given first) on the line of the part that is wrong.
    where = f"{path}:" if message[0].isdigit() else f"{path}:3: error: "
    assert found[0].startswith(where), found
    assert message in found[0], found


def test_every_problem_at_once(write):
    path = write("rules:\n  - spam\n  - layers: {max: 0}\n  - span: {min: 3}\n", "rules.yaml")
    assert [p.split(": error: ")[0] for p in problems(str(path))] == [f"{path}:2", f"{path}:3"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("spans-layer", "unknown rules pack 'spans-layer' (did you mean 'spans-layers'?)"),
        ("organgram", "(did you mean 'organogram'?)"),
        ("missing.yaml", "cannot read rules: cannot read file"),
    ],
)
def test_a_misspelt_pack_or_missing_file(spec, message):
    found = problems(spec)
    assert len(found) == 1 and message in found[0], found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- span: {min: 3}\n", "a rules file is a mapping with a 'rules:' list"),
        ("rule:\n  - span: {min: 3}\n", "a rules file is a mapping with a 'rules:' list"),
        ("rules:\n  - span: {min: 3}\nnotse: x\n", "unknown key 'notse' (did you mean 'notes'?)"),
        ("rules: span\n", "'rules' must be a list of rules"),
        ("rules: [span: {min: 3}\n", "cannot read rules: malformed YAML"),
    ],
)
def test_a_rules_file_that_is_not_one(write, text, message):
    found = problems(str(write(text, "rules.yaml")))
    assert len(found) == 1 and message in found[0], found


STRUCTURE = """\
name: With its own rules
rules:
  - layers: {max: 2}
  - span: {max: 1}
    except: {id: A}
posts:
  - {id: A, title: Head}
  - {id: B, title: Officer, reports_to: A, count: 3}
"""


def test_a_structure_carries_its_rules_and_other_commands_ignore_them(write):
    path = write(STRUCTURE)
    parsed, issues = check(path)
    assert issues == []
    rules = block_rules(parsed.structure.rules, parsed.rule_lines, parsed.file)
    assert [(r.name, r.line) for r in rules] == [("layers", 3), ("span", 4)]
    # The command line's rules add to the file's.
    more = block_rules(
        parsed.structure.rules, parsed.rule_lines, parsed.file, *load_rules("spans-layers")
    )
    assert [r.name for r in more] == [
        "layers",
        "span",
        "span",
        "layers",
        "one-to-one",
        "grade-order",
    ]
    assert build(path).structure.posts[1].count == 3


def test_a_wrong_rule_in_a_structure_names_its_line(write):
    path = write(STRUCTURE.replace("max: 1}", "mx: 1}"))
    parsed, _ = check(path)
    with pytest.raises(RulesError) as caught:
        block_rules(parsed.structure.rules, parsed.rule_lines, parsed.file)
    assert [str(i) for i in caught.value.issues] == [
        f"{path}:4: error: rule 'span': unknown key 'mx' (did you mean 'max'?)"
    ]


def test_a_structure_rules_block_that_is_not_a_list_is_a_structure_error(write):
    _, issues = check(write(STRUCTURE.replace("rules:\n", "rules: 3\nx:\n")))
    assert any("rules" in i.message for i in issues if i.severity == "error")


def test_a_structure_s_rules_survive_convert(write, tmp_path):
    from typer.testing import CliRunner

    from orgchart.cli import app

    path = write(STRUCTURE)
    runner = CliRunner()
    for suffix in ("yaml", "json"):
        out = tmp_path / f"out.{suffix}"
        assert runner.invoke(app, ["convert", str(path), "-o", str(out)]).exit_code == 0
        parsed, _ = check(out)
        rules = block_rules(parsed.structure.rules, parsed.rule_lines, parsed.file)
        assert [(r.name, r.settings.model_dump()) for r in rules] == [
            ("layers", {"max": 2}),
            ("span", {"min": None, "max": 1, "bands": None}),
        ]
    # A CSV holds posts only: it would lose the rules, and says so.
    refused = runner.invoke(app, ["convert", str(path), "-o", str(tmp_path / "out.csv")])
    assert refused.exit_code == 1
    assert "rules" in refused.stderr
