"""Span of control, layers and cost, on small inline structures."""

from __future__ import annotations

import pytest

from orgchart.build import build
from orgchart.measure import GroupBy
from orgchart.measure.metrics import band_for, cost_summary, layers_summary, span_rows

GROUP_MANAGES = """\
name: Group managing
grades: {SDM: 73210, PO6: 52000}
posts:
  - {id: DHOS, title: Deputy Head}
  - {id: PA, title: PA, reports_to: DHOS, assistant: true}
  - {id: SDMS, title: Service Delivery Manager, grade: SDM, count: 2, fte: 1.5, reports_to: DHOS}
  - {id: TMS, title: Team Manager, grade: PO6, count: 9, reports_to: SDMS}
  - {id: MATRIX, title: Matrix lead, reports_to: DHOS, dotted_to: [SDMS]}
"""


def test_a_group_of_managers_over_a_group(write):
    built = build(write(GROUP_MANAGES))
    rows = {r.id: r for r in span_rows(built.graph)}
    assert set(rows) == {"DHOS", "SDMS"}
    sdms = rows["SDMS"]
    assert (sdms.direct_reports, sdms.direct_fte, sdms.manager_fte) == (9, 9.0, 1.5)
    assert sdms.reports_per_manager_fte == 6.0
    assert sdms.band == "below target"
    assert sdms.layer == 2
    # the PA sits beside DHOS and the dotted line is not counted
    dhos = rows["DHOS"]
    assert (dhos.direct_reports, dhos.total_reports, dhos.band) == (3, 13, "micro team")


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, "one-to-one"),
        (2, "micro team"),
        (3, "micro team"),
        (4, "below target"),
        (7.5, "on target"),
        (12, "on target"),
        (13, "above target"),
        (16, "above target"),
        (17, "excessive"),
    ],
)
def test_default_bands(value, band):
    assert band_for(value) == band


def test_bands_from_the_file(write):
    # The library takes the file's bands without being told, as the command does.
    text = GROUP_MANAGES.replace("posts:", "span_bands: [1, 2, 4, 6, 8]\nposts:")
    built = build(write(text))
    rows = {r.id: r for r in span_rows(built.graph)}
    assert rows["SDMS"].band == "on target"
    assert layers_summary(built.graph).bands["on target"] > 0
    overridden = {r.id: r for r in span_rows(built.graph, (1, 3, 7, 12, 16))}
    assert overridden["SDMS"].band == "below target"


def test_layers_summary(write):
    summary = layers_summary(build(write(GROUP_MANAGES)).graph)
    assert [(r.layer, r.posts, r.fte) for r in summary.rows] == [
        (1, 1, 1.0),
        (2, 4, 3.5),
        (3, 9, 9.0),
    ]
    assert summary.managers == 2
    assert summary.mean_span == 6.0
    assert summary.bands["micro team"] == 0.5


def test_cost_rules_and_funding_split(write):
    path = write(
        """\
        name: Costs
        grades: {PO4: 55588}
        posts:
          - {id: A, title: A, grade: PO4}
          - {id: B, title: B, grade: PO4, fte: 0.5, reports_to: A, funding: {OAWY: 0.5}}
          - {id: C, title: C, cost: 1000, grade: PO4, reports_to: A}
          - {id: D, title: D, pay_min: 40000, pay_max: 50000, fte: 0.8, reports_to: A}
          - {id: E, title: E, status: vacant, grade: PO4, reports_to: A}
        """
    )
    structure = build(path).structure
    summary = cost_summary(structure)
    assert summary.total.cost == pytest.approx(55588 + 27794 + 1000 + 36000 + 55588)
    assert summary.total.fte == pytest.approx(4.3)
    assert summary.estimated == ["D"]
    by_funding = {g.key: g for g in cost_summary(structure, GroupBy.FUNDING).groups}
    assert by_funding["OAWY"].cost == pytest.approx(13897)
    assert by_funding["OAWY"].fte == pytest.approx(0.25)
    assert by_funding["core"].cost == pytest.approx(summary.total.cost - 13897)
    by_status = {g.key: g.posts for g in cost_summary(structure, GroupBy.STATUS).groups}
    assert by_status == {"filled": 4, "vacant": 1}
