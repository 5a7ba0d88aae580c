"""Each policy rule on one small structure whose failing posts are counted by
hand: the set of failing post ids is asserted, so a rule that counts the
wrong posts (assistants, a group as one, exempt posts) fails its test."""

from __future__ import annotations

import textwrap

import pytest

from orgchart.build import build
from orgchart.errors import RulesError
from orgchart.measure.rules import Outcome, RuleResult, check_file, check_rules
from orgchart.read.rules import load_rules

# Spans (assistants not counted, a group of N counting N): DIR 2, HOS1 1,
# HOS2 1, SDM1 20, SDM2 3, TM3 5: six managers, 6 posts, over 28 others.
# Layers: DIR 1, HOS 2, SDM 3, SW1/ADV/TM 4, SW2/SW3 5.
POLICY = """\
name: Policy fixture
date: 2024-04-01
grades: {DIR: 120000, HOS: 90000, SDM: 70000, PO6: 50000, PO3: 40000}
funding_sources:
  GRANT: {name: A grant, end: 2024-12-31}
  LATER: {name: A later grant, end: 2027-03-31}
posts:
  - {id: DIR, title: Director, grade: DIR, unit: Central}
  - {id: PA, title: PA, grade: PO3, reports_to: DIR, assistant: true, unit: Central}
  - {id: HOS1, title: Head of North, grade: HOS, reports_to: DIR, unit: North}
  - {id: HOS2, title: Head of South, grade: HOS, reports_to: DIR, unit: South}
  - {id: SDM1, title: Service Manager North, grade: SDM, reports_to: HOS1, unit: North}
  - {id: SW1, title: Social Worker, grade: PO3, count: 20, reports_to: SDM1, unit: North}
  - {id: SDM2, title: Service Manager South, grade: SDM, reports_to: HOS2, unit: South}
  - {id: ADV, title: Principal Adviser, grade: HOS, reports_to: SDM2, unit: South}
  - {id: TM2, title: Team Manager, grade: PO6, reports_to: SDM2, unit: South, status: vacant}
  - {id: TM3, title: Team Manager, grade: PO6, reports_to: SDM2, unit: South}
  - {id: SW2, title: Social Worker, grade: PO3, count: 4, reports_to: TM3, unit: South,
     funding: {GRANT: 1.0}}
  - {id: SW3, title: Social Worker, grade: PO3, reports_to: TM3, unit: South, status: vacant,
     funding: {LATER: 0.5}}
"""


def results(write, rules: str, structure: str = POLICY) -> list[RuleResult]:
    path = write(structure)
    spec = write("rules:\n" + textwrap.indent(textwrap.dedent(rules), "  "), "rules.yaml")
    return check_rules(build(path).graph, load_rules(str(spec)))


def one(write, rules: str, structure: str = POLICY) -> RuleResult:
    [result] = results(write, rules, structure)
    return result


def failing(result: RuleResult) -> set[str | None]:
    return {f.id for f in result.failures}


@pytest.mark.parametrize(
    ("rule", "outcome", "ids", "shown"),
    [
        ("- span: {min: 3, max: 12}", Outcome.FAIL, {"DIR", "HOS1", "HOS2", "SDM1"}, "4 of 6"),
        ("- span: {min: 1, max: 20}", Outcome.PASS, set(), "0 of 6"),
        ("- span: {max: 19}", Outcome.FAIL, {"SDM1"}, "1 of 6"),
        ("- span: {min: 3}\n  except: {grade: [DIR, hos]}", Outcome.PASS, set(), "0 of 3"),
        ("- span: {min: 3}\n  except: {title: 'Head of *'}", Outcome.FAIL, {"DIR"}, "1 of 4"),
        ("- layers: {max: 4}", Outcome.FAIL, {"SW2", "SW3"}, "5"),
        ("- layers: {max: 5}", Outcome.PASS, set(), "5"),
        ("- layers: {max: 4}\n  except: {id: [SW2, SW3]}", Outcome.PASS, set(), "4"),
        ("- one-to-one: {max_share: 0.10}", Outcome.FAIL, {"HOS1", "HOS2"}, "2 of 6 (33%)"),
        ("- one-to-one: {max_share: 0.40}", Outcome.PASS, set(), "2 of 6 (33%)"),
        ("- grade-order: [DIR, HOS, SDM, PO6, PO3]", Outcome.FAIL, {"ADV"}, "1"),
        ("- grade-order: {}", Outcome.FAIL, {"ADV"}, "1"),  # from the grades' costs
        ("- grade-order: {}\n  except: {title: 'Principal*'}", Outcome.PASS, set(), "0"),
        ("- manager-ratio: {min: 6}", Outcome.FAIL, {None}, "4.7"),
        ("- manager-ratio: {min: 4, max: 5}", Outcome.PASS, set(), "4.7"),
        ("- vacancy: {max_share: 0.05}", Outcome.FAIL, {"TM2", "SW3"}, "2 of 34 (6%)"),
        ("- vacancy: {max_share: 0.06}", Outcome.PASS, set(), "2 of 34 (6%)"),
        ("- funding-ends: {warn_within_days: 365}", Outcome.WARN, {"SW2"}, "1"),
        ("- funding-ends: {warn_within_days: 1200}", Outcome.WARN, {"SW2", "SW3"}, "2"),
        ("- funding-ends: {warn_within_days: 200}", Outcome.PASS, set(), "0"),
    ],
)
def test_each_rule_fails_the_posts_that_break_it(write, rule, outcome, ids, shown):
    result = one(write, rule)
    assert (result.outcome, failing(result), result.shown) == (outcome, ids, shown)


def test_span_failures_say_why(write):
    result = one(write, "- span: {min: 3, max: 12}")
    why = {f.id: f.detail for f in result.failures}
    assert why["DIR"] == "2 reports, fewer than 3"  # the PA sits beside the Director
    assert why["SDM1"] == "20 reports, more than 12"
    assert result.threshold == "3 to 12 reports"
    assert [f.id for f in result.failures] == ["DIR", "HOS1", "HOS2", "SDM1"]  # by layer, id


def test_span_bands_are_reported_as_shares(write):
    result = one(write, "- span: {min: 1, bands: [1, 3, 7, 12, 16]}")
    assert any("one-to-one 33%" in n and "excessive 17%" in n for n in result.notes), result.notes


@pytest.mark.parametrize(
    ("per", "ids", "titles"),
    [("unit", {None}, {"Central", "South"})],
)
def test_manager_ratio_per_unit(write, per, ids, titles):
    result = one(write, f"- manager-ratio: {{min: 3, per: {per}}}")
    assert result.outcome is Outcome.FAIL
    assert {f.title for f in result.failures} == titles
    assert failing(result) == ids
    assert {f.detail for f in result.failures} == {
        "1.0 non-managers per manager, fewer than 3",
        "2.3 non-managers per manager, fewer than 3",
    }


def test_vacancy_per_unit_fails_the_vacant_posts_of_the_units_over(write):
    result = one(write, "- vacancy: {max_share: 0.1, per: unit}")
    assert result.outcome is Outcome.FAIL
    assert failing(result) == {"TM2", "SW3"}
    assert result.shown == "1 of 3 units"
    assert all("South, 20% vacant" in f.detail for f in result.failures)


def test_grade_order_inferred_says_so(write):
    result = one(write, "- grade-order: {}")
    assert result.notes == [
        "Grade order inferred from the grades' costs, highest first: DIR, HOS, SDM, PO6, PO3."
    ]
    assert result.failures[0].detail == "grade HOS, above its manager's SDM"


def test_grade_order_names_a_structure_grade_it_does_not_know(write):
    with pytest.raises(RulesError) as caught:
        results(write, "- grade-order: [DIR, HOS, SMD, PO6, PO3]")
    messages = [i.message for i in caught.value.issues]
    assert messages == [
        "rule 'grade-order': grade 'SDM' of post 'SDM1' is not in the order (did you mean 'SMD'?)"
    ]
    assert caught.value.issues[0].line == 2


def test_grade_order_with_no_costs_is_not_checked(write):
    structure = POLICY.replace(
        "grades: {DIR: 120000, HOS: 90000, SDM: 70000, PO6: 50000, PO3: 40000}\n", ""
    )
    result = one(write, "- grade-order: {}", structure)
    assert result.outcome is Outcome.SKIP
    assert "no grade order" in result.shown


def test_funding_ends_from_the_structure_date(write):
    result = one(write, "- funding-ends: {warn_within_days: 365}")
    assert result.failures[0].detail == "funded by GRANT (A grant), which ends 2024-12-31"
    assert result.threshold == "within 365 days of 2024-04-01"


def test_failing_posts_have_their_lines(write):
    path = write(POLICY)
    checked = check_file(path, load_rules("spans-layers"))
    span = next(r for r in checked.results if r.rule == "span")
    assert {(f.id, f.line) for f in span.failures} == {("DIR", 8), ("HOS1", 10), ("HOS2", 11)} | {
        ("SDM1", 12)
    }
    assert all(f.file == str(path) for f in span.failures)
    assert (span.file, span.line) == ("spans-layers", 12)


def test_the_structure_s_own_rules_come_first(write):
    path = write(POLICY.replace("posts:", "rules:\n  - layers: {max: 4}\nposts:", 1))
    checked = check_file(path, load_rules("spans-layers"))
    assert [(r.rule, r.outcome) for r in checked.results][:2] == [
        ("layers", Outcome.FAIL),
        ("span", Outcome.FAIL),
    ]
    # with the file's layers rule at line 8, and the pack's own
    assert [r.line for r in checked.results if r.rule == "layers"] == [8, 13]


def test_rules_on_a_structure_with_errors_are_not_checked(write):
    path = write(POLICY.replace("reports_to: HOS1,", "reports_to: NOPE,"))
    checked = check_file(path, load_rules("spans-layers"))
    assert any(i.severity == "error" for i in checked.issues)
    assert {r.outcome for r in checked.results} == {Outcome.SKIP}
    assert checked.failed


def test_rules_change_no_other_figure(write):
    from orgchart.measure.metrics import layers_summary, span_rows

    path = write(POLICY.replace("posts:", "rules:\n  - span: {max: 1}\nposts:", 1))
    plain = build(write(POLICY, "plain.yaml"))
    ruled = build(path)
    assert span_rows(ruled.graph) == span_rows(plain.graph)
    assert layers_summary(ruled.graph) == layers_summary(plain.graph)


def test_a_structure_in_memory_is_checked_as_its_graph(write):
    built = build(write(POLICY))
    rules = load_rules("spans-layers")
    assert check_rules(built.structure, rules) == check_rules(built.graph, rules)
