"""Property tests of what the commands write: a house-style template of any
shape gives a report or a message naming the template (exit 0 or 1, never an
internal error, never a hang, never half a report), and two structures
compared under --redact never show a holder's name of either, whatever
posts hold it or type it where a manager's id belongs.

Same examples every run; HYPOTHESIS_EXPLORE=1 FUZZ_EXAMPLES=1000 searches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA

runner = CliRunner()
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces of Jinja2 a house style is made of, fair and foul: values of the
# report, filters, loops, and what a sandbox must refuse or bound.
PIECES = [
    "{{ report.title }}",
    "{{ report.summary | md }}",
    "{% for g in report.figures %}{{ g.title }}{% for r in g.rows %}{{ r | join(',') }}"
    "{% endfor %}{% endfor %}",
    "{% for c in charts %}{{ c.caption }}{% endfor %}",
    "{{ report.spans.rows | length }}",
    "{% if report.single %}one{% else %}two{% endif %}",
    "{{ report.nonesuch }}",
    "{{ 1 / 0 }}",
    "{{ 7 // 0 }}",
    "{{ 'x' * 10 ** 9 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{% for i in range(10 ** 10) %}{% endfor %}",
    '{% include "other.html" %}',
    '{% extends "base.html" %}',
    "{{ report.__class__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ report.title.format(report) }}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{% for x in %}",
    "{{ ",
    "{% endfor %}",
    "{{ lipsum(5) }}",
    "{{ cycler(1, 2).next() }}",
    "{{ range(3) | list }}",
    "{{ report.warnings | join('\\n') }}",
]
templates = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), min_size=1, max_size=6)


@FUZZ
@given(templates, st.sampled_from(["html", "md"]))
def test_any_house_style(pieces, kind):
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / f"house.{kind}"
        template.write_text("\n".join(pieces), encoding="utf-8")
        out = Path(folder) / f"report.{kind}"
        result = runner.invoke(
            app,
            ["report", str(CLA / "after.yaml"), "--template", str(template), "-o", str(out)],
            env={"ORGCHART_TEMPLATE_TIMEOUT": "5"},
        )
        assert result.exit_code in (0, 1), (pieces, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "internal error" not in result.output
        written = sorted(p.name for p in Path(folder).iterdir())
        if result.exit_code == 0:
            assert out.exists(), result.output
        else:
            errors = [ln for ln in result.output.splitlines() if ": error: " in ln]
            assert len(errors) == 1 and errors[0].startswith(str(template)), result.output
            assert written == [template.name], written  # nothing of the report written


# Holders' names: none is any other text in the structures, so any one seen
# in an output came from a holder, or from a holder's name typed where an id
# belongs. (A name no post holds is no name --redact can know of.)
NAMES = ["Zelda Quark", "Ignatius Wobble", "Perpetua Yarrow", "Quentin Fogg", "Hortensia Vell"]
IDS = ["A", "B", "C", "D", "E"]


@st.composite
def structures(draw: st.DrawFn, name: str) -> dict[str, object]:
    posts: list[dict[str, object]] = []
    for index, post_id in enumerate(IDS[: draw(st.integers(1, len(IDS)))]):
        post: dict[str, object] = {"id": post_id, "title": f"Post {post_id}", "cost": 1000}
        if index:
            # Mostly a post before it; sometimes a name typed where its id belongs.
            post["reports_to"] = draw(st.sampled_from(IDS[:index]) | st.sampled_from(NAMES))
        if draw(st.booleans()):
            held = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True))
            post["holder"] = "; ".join(held)
        if draw(st.booleans()):
            post["dotted_to"] = [draw(st.sampled_from(IDS) | st.sampled_from(NAMES))]
        if draw(st.booleans()):
            post["status"] = draw(st.sampled_from(["vacant", "acting", "filled"]))
        posts.append(post)
    return {"name": name, "date": "2024-04-01", "posts": posts}


PAIR_COMMANDS = (
    ["diff", "{before}", "{after}"],
    ["diff", "{before}", "{after}", "-f", "json"],
    ["report", "{before}", "{after}", "-o", "{folder}/report.md"],
    ["render-diff", "{before}", "{after}", "-o", "{folder}/charts", "-f", "dot"],
)


@FUZZ
@given(structures("before"), structures("after"), st.booleans())
def test_two_structures_under_redact_show_no_name(before, after, skip):
    held = {
        name
        for data in (before, after)
        for post in data["posts"]
        for name in NAMES
        if name in str(post.get("holder", ""))
    }
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for side, data in (("before", before), ("after", after)):
            paths[side] = Path(folder) / f"{side}.yaml"
            paths[side].write_text(yaml.safe_dump(data), encoding="utf-8")
        for command in PAIR_COMMANDS:
            args = [part.format(folder=folder, **paths) for part in command]
            args += ["--redact", *(["--skip-invalid"] if skip else [])]
            result = runner.invoke(app, args)
            assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
            assert "internal error" not in result.output
            for name in held:
                assert name not in result.output, (args, result.output)
        for written in Path(folder).rglob("*"):
            if written.is_file() and written.suffix != ".yaml":
                data = written.read_bytes()
                for name in held:
                    assert name.encode() not in data, (written, name)
