"""The command line: exit codes, messages, formats. Run through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA

runner = CliRunner()

SMALL = """\
name: Small
grades: {SDM: 73210, PO6: 52000}
posts:
  - {id: HOS, title: Head of Service, cost: 90000}
  - {id: SDM, title: Service Delivery Manager, grade: SDM, reports_to: HOS}
  - {id: TMS, title: Team Manager, grade: PO6, count: 9, reports_to: SDM}
"""


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_validate_ok_and_errors(write):
    good = write(SMALL, "good.yaml")
    bad = write(SMALL + "  - {id: X, title: X, reports_to: NOBODY, fte: 0}\n", "bad.yaml")
    result = invoke("validate", good)
    assert result.exit_code == 0
    assert f"{good}: 11 posts, 0 error(s), 0 warning(s)" in result.output
    result = invoke("validate", good, bad)
    assert result.exit_code == 1
    assert f"{bad}:7: error: post 'X': fte: Input should be greater than 0 (got 0)" in result.output
    assert "Traceback" not in result.output


def test_validate_strict_fails_on_warnings(write):
    path = write(SMALL + "  - {id: OTHER, title: Another top}\n")
    assert invoke("validate", path).exit_code == 0
    result = invoke("validate", "--strict", path)
    assert result.exit_code == 1
    assert "warning: 2 top posts" in result.output


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00bad",
        b"name: [unclosed\n",
        b"a: &x 1\nb: *x\n",
        b"name: !!python/object/apply:os.system ['echo pwned']\n",
        b"{" * 50_000,
    ],
)
def test_bad_input_never_tracebacks(tmp_path, content):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    for command in ("validate", "span", "layers", "cost"):
        result = invoke(command, path)
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output
        assert str(path) in result.output


def test_usage_errors_exit_2(write):
    path = write(SMALL)
    assert invoke("span", path, "--format", "yaml").exit_code == 2
    assert invoke("span", path, "--bands", "1,2").exit_code == 2
    assert invoke("cost", path, "--by", "colour").exit_code == 2


def test_span_json_keys_and_check(write):
    path = write(SMALL)
    result = invoke("span", path, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["HOS", "SDM"]
    required = {
        "id",
        "title",
        "direct_reports",
        "direct_fte",
        "manager_fte",
        "reports_per_manager_fte",
        "total_reports",
        "layer",
        "band",
    }
    assert required <= set(rows[1])
    assert (rows[1]["direct_reports"], rows[1]["band"]) == (9, "on target")
    checked = invoke("span", path, "--check")
    assert checked.exit_code == 1  # HOS has one report: one-to-one
    assert "1 of 2 managers outside the target band" in checked.output
    assert invoke("span", path, "--check", "--bands", "1,2,3,4,9").exit_code == 1


def test_cost_json_shape(write):
    result = invoke("cost", write(SMALL), "--by", "grade", "--format", "json")
    data = json.loads(result.stdout)
    assert data["total"] == {"posts": 11, "fte": 11.0, "cost": 90000 + 73210 + 9 * 52000}
    assert [(g["key"], g["posts"]) for g in data["groups"]] == [
        ("(none)", 1),
        ("PO6", 9),
        ("SDM", 1),
    ]


def test_outputs_are_written_whole(write, tmp_path):
    out = tmp_path / "span.md"
    result = invoke("span", write(SMALL), "--format", "markdown", "-o", out)
    assert result.exit_code == 0
    assert out.read_text().startswith("| Post | Title |")
    missing_dir = tmp_path / "no" / "such" / "dir.csv"
    result = invoke("cost", write(SMALL), "-o", missing_dir)
    assert result.exit_code == 1 and "cannot write" in result.output
    assert not missing_dir.exists()


def test_schema_is_json_schema():
    result = invoke("schema")
    data = json.loads(result.stdout)
    assert data["$schema"].endswith("2020-12/schema")
    assert "posts" in data["properties"]
    assert "reports_to" in data["$defs"]["Post"]["properties"]


def test_console_entry_point_help_is_quick():
    result = subprocess.run(
        [sys.executable, "-m", "orgchart", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("validate", "span", "layers", "cost", "schema"):
        assert command in result.stdout
    for command in ([], ["span"]):
        imported = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "orgchart", *command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        # --help must not pay for the graph, models, YAML or columns.
        for heavy in ("networkx", "pydantic", "yaml", "polars"):
            assert f" {heavy}\n" not in imported, (command, heavy)


def test_commands_on_a_plain_hr_export_build_no_graphs_or_models(tmp_path):
    before = tmp_path / "before.csv"
    after = tmp_path / "after.csv"
    before.write_text("id,title,reports_to,fte\nA,Chief,,1\nB,Head,A,1\nC,Officer,B,0.5\n")
    after.write_text("id,title,reports_to,fte\nA,Chief,,1\nB,Head,A,1\nD,Officer,A,1\n")
    # diff exits 1 when the structures differ, as diff(1) does.
    for command, code in (
        (["span", before], 0),
        (["cost", before], 0),
        (["diff", before, after], 1),
    ):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "orgchart", *map(str, command)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == code, done.stderr[-500:]
        # Columns are the whole job: networkx is for the graph commands only,
        # and the model (pydantic) for files read row by row: the diff lists
        # the posts it adds and removes as the table holds them.
        assert " polars\n" in done.stderr, command
        assert " networkx\n" not in done.stderr, command
        assert " pydantic\n" not in done.stderr, command


def test_commands_that_walk_no_lines_build_no_graph(tmp_path):
    # The graph is built when a command first asks for it: validate, cost and
    # convert of a structure file read the posts and never walk the lines.
    out = str(tmp_path / "after.json")
    for command in (["validate"], ["cost"], ["convert", "-o", out]):
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "orgchart",
                *command,
                str(CLA / "after.yaml"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-500:]
        assert " pydantic\n" in done.stderr, command
        assert " networkx\n" not in done.stderr, command
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "orgchart", "span", str(CLA / "after.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert " networkx\n" in done.stderr


def test_seed_span_table_for_people():
    result = invoke("span", CLA / "before.yaml")
    assert result.exit_code == 0
    line = next(row for row in result.output.splitlines() if row.startswith("SDM-CLA "))
    assert line.split()[-7:] == ["4", "9", "9.00", "1.00", "9.0", "9", "on", "target"][-7:]
    assert "warning: post 'SDM-KIN' is vacant but has reports" in result.output


def test_validate_goes_on_after_an_unreadable_file(write, tmp_path):
    good = write(SMALL, "good.yaml")
    result = invoke("validate", tmp_path / "missing.yaml", good)
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.yaml'}: error: cannot read file" in result.output
    assert f"{good}: 11 posts, 0 error(s), 0 warning(s)" in result.output


def test_readme_structure_example_is_valid(tmp_path):
    from ..conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    result = invoke("validate", "--strict", path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["table", "text", "json", "csv", "markdown"])
def test_every_command_takes_the_same_format_names(fmt, write):
    # One --format for every command: `span -f text` and `diff -f table` were refused.
    path = write(SMALL)
    for args in (["span", path], ["layers", path], ["cost", path], ["diff", path, path]):
        result = invoke(*args, "--format", fmt)
        assert result.exit_code == 0, (args, fmt, result.output)
        assert result.output.strip(), (args, fmt)
