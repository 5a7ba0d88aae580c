"""House-style templates are files from outside: one that fails says where
(its file and line, exit 1), one that runs away is stopped (time, memory,
output), and one that is no template file is refused before it is read."""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA

runner = CliRunner()
BEFORE, AFTER = CLA / "before.yaml", CLA / "after.yaml"


def report(template: object, out: object, **env: str):
    return runner.invoke(
        app,
        ["report", str(BEFORE), str(AFTER), "--template", str(template), "-o", str(out)],
        env=env or None,
    )


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{{ 1 / 0 }}", "division by zero"),
        ('{% include "/etc/passwd" %}', "cannot include, import or extend"),
        ('{% extends "base.html" %}', "cannot include, import or extend"),
        ('{% import "macros.html" as m %}', "cannot include, import or extend"),
        ("{% for i in range(10**10) %}x{% endfor %}", "range"),
        ("{{ report.nonesuch }}", "nonesuch"),
        ("{{ report.__class__.__mro__ }}", "unsafe"),
        ("{{ 2 ** 100000 }}", "too large"),
        ("{{ 'x' * 10 ** 10 }}", "too large"),
        ("{{ [0] * 10 ** 10 }}", "too large"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "recursion"),
    ],
)
def test_a_failing_template_is_named_with_its_line(tmp_path, body, said):
    template = tmp_path / "house.html"
    template.write_text(f"<h1>{{{{ report.title }}}}</h1>\n<p>\n{body}\n</p>\n", encoding="utf-8")
    out = tmp_path / "out.html"
    result = report(template, out)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.output
    assert errors[0].startswith(f"{template}:3: error: template"), errors[0]
    assert said in errors[0], errors[0]
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not out.exists()


def test_a_template_that_runs_for_ever_is_stopped(tmp_path):
    template = tmp_path / "house.md"
    template.write_text(
        "# {{ report.title }}\n"
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n"
    )
    out = tmp_path / "out.md"
    start = time.monotonic()
    result = report(template, out, ORGCHART_TEMPLATE_TIMEOUT="1.5")
    assert time.monotonic() - start < 30
    assert result.exit_code == 1, result.output
    assert f"{template}: error: the template ran for more than 1.5 s and was stopped" in (
        result.output
    )
    assert "ORGCHART_TEMPLATE_TIMEOUT" in result.output
    assert list(tmp_path.iterdir()) == [template]


def test_a_template_s_output_is_bounded(tmp_path, monkeypatch):
    from orgchart.present.report import templating

    monkeypatch.setattr(templating, "OUTPUT_LIMIT", 1_000_000)
    template = tmp_path / "house.html"
    template.write_text("{% for i in range(100000) %}\n{{ 'x' * 1000 }}{% endfor %}\n")
    result = report(template, tmp_path / "out.html")
    assert result.exit_code == 1, result.output
    assert f"{template}: error: the template wrote more than 1,000,000 characters" in (
        result.output
    )
    assert not (tmp_path / "out.html").exists()


def test_a_template_that_is_no_file_or_too_big_is_refused_before_it_is_read(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)  # nothing writes to it: reading it would wait for ever
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>{{ report.title }}</p>\n" * 100_000)
    bad = tmp_path / "latin1.html"
    bad.write_bytes(b"<p>\n caf\xe9</p>\n")
    for template, said in (
        ("/dev/zero", "/dev/zero: error: the template is not a regular file"),
        (fifo, f"{fifo}: error: the template is not a regular file"),
        (tmp_path, f"{tmp_path}: error: the template is not a regular file"),
        (big, f"{big}: error: the template is larger than the limit of 1,048,576 bytes"),
        (bad, f"{bad}:2: error: the template is not UTF-8 text"),
        (tmp_path / "missing.html", "error: cannot read the template: No such file"),
    ):
        start = time.monotonic()
        result = report(template, tmp_path / "out.html")
        assert time.monotonic() - start < 20
        assert result.exit_code == 1, (template, result.output)
        assert said in result.output, result.output
        assert "warning" not in result.output  # refused before the structures are read
    assert not (tmp_path / "out.html").exists()


def test_a_house_style_still_renders_the_report(tmp_path):
    template = tmp_path / "house.md"
    template.write_text(
        "# {{ report.title | md }}\n\n{{ report.summary | md }}\n\n"
        "{% for c in charts %}![{{ c.caption | md }}]({{ c.file }})\n{% endfor %}"
        "{% if report.page %}paged{% endif %}{{ report.spans.title | md }}\n"
    )
    out = tmp_path / "r.md"
    result = report(template, out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Children Looked After: service delivery management (after)")
    assert "annual cost falls by £103,870" in text
    assert "(r-before.svg)" in text and "(r-after.svg)" in text
