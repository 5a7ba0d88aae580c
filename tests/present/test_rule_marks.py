"""`render --highlight-rules`: the posts failing a policy rule are outlined
(a double blue line, class `rule-fail` in SVG), say why, and a legend says
what the outline means."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.measure.rules import Failure, Outcome, RuleResult, check_rules
from orgchart.present.checks import chart_marks
from orgchart.present.render.dot import ChartOptions, to_dot
from orgchart.read.rules import load_rules

from ..conftest import CLA

runner = CliRunner()
NODE = re.compile(r'^\s+"([^"]+)" \[id="post-[^"]+", class="([^"]+)"', re.M)


def marked(rules: str, options: ChartOptions | None = None) -> tuple[str, dict[str, str]]:
    built = build(CLA / "after.yaml")
    marks, legend = chart_marks(check_rules(built.graph, load_rules(rules)))
    chosen = replace(options or ChartOptions(), rule_failures=marks, rule_legend=legend)
    dot = to_dot(built.graph, chosen)
    return dot, dict(NODE.findall(dot))


def test_failing_posts_are_outlined_and_say_why():
    dot, classes = marked("spans-layers")
    outlined = {node for node, cls in classes.items() if "rule-fail" in cls.split()}
    assert outlined == {"DIR", "HOS-CLA", "DHOS-CLA"}
    assert dot.count("peripheries=2") == 3
    assert "span: 2 reports, fewer than<BR/>3" in dot
    assert "Double blue outline: fails a policy rule (span)" in dot


def test_failing_posts_keep_a_box_of_their_own(write):
    # After the realignment the teams under the two CLA SDMs are layer 5: with
    # at most 4 layers each fails, and is no longer collapsed into one box of five.
    _, before = marked("spans-layers")
    assert "TM-CLA-2" not in before  # collapsed: the first post's box stands for five
    _, classes = marked(str(write("rules:\n  - layers: {max: 4}\n", "rules.yaml")))
    failing = {n for n, c in classes.items() if "rule-fail" in c.split()}
    assert {f"TM-CLA-{i}" for i in range(1, 10)} <= failing


def test_when_nothing_fails_the_legend_says_so(write):
    path = write("rules:\n  - layers: {max: 6}\n", "rules.yaml")
    dot, classes = marked(str(path))
    assert "No post fails the rules checked (layers)" in dot
    assert not any("rule-fail" in c for c in classes.values())


def test_a_reason_is_text_not_markup():
    built = build(CLA / "after.yaml")
    bad = RuleResult(
        "references",
        Outcome.FAIL,
        "refs",
        1,
        "1",
        "none",
        [Failure('Sheet "x" cell A2: <B>bold</B> "quoted" & more', "DIR", "Director")],
    )
    marks, legend = chart_marks([bad])
    assert marks == {"DIR": ('references: <B>bold</B> "quoted" & more',)}
    dot = to_dot(built.graph, ChartOptions(rule_failures=marks, rule_legend=legend))
    assert "<B>bold</B>" not in dot
    assert "&#60;B&#62;bold&#60;/B&#62;" in dot


def test_render_highlight_rules_writes_an_svg_with_the_classes(tmp_path):
    out = tmp_path / "chart.svg"
    args = ["render", str(CLA / "after.yaml"), "-o", str(out), "--highlight-rules", "spans-layers"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    svg = html.unescape(out.read_text(encoding="utf-8"))  # Graphviz writes - as &#45;
    found = set(re.findall(r'<g id="post-([^"]+)" class="node post rule-fail"', svg))
    assert found == {"DIR", "HOS-CLA", "DHOS-CLA"}
    assert "Double blue outline: fails a policy rule (span)" in svg


def test_render_highlight_rules_on_pages(tmp_path):
    out = tmp_path / "chart.dot"
    args = ["render", str(CLA / "after.yaml"), "-o", str(out), "--page", "A4"]
    result = runner.invoke(app, [*args, "--highlight-rules", "spans-layers"])
    assert result.exit_code == 0, result.output
    pages = sorted(tmp_path.glob("chart-*.dot"))
    assert pages and all("Double blue outline" in p.read_text(encoding="utf-8") for p in pages)


def test_render_with_wrong_rules_exits_2(tmp_path):
    args = ["render", str(CLA / "after.yaml"), "-o", str(tmp_path / "c.svg")]
    result = runner.invoke(app, [*args, "--highlight-rules", "span-layers"])
    assert result.exit_code == 2
    assert "did you mean 'spans-layers'?" in result.stderr
    assert not (tmp_path / "c.svg").exists()
