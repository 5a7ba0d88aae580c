"""`orgchart check`: a CI gate on a structure kept in git. Exit 0 when every
rule passes, 1 when one fails (0 with --warn-only), 2 when the rules are wrong."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from orgchart.cli import app

from ..conftest import CLA, ORGANOGRAMS

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def test_the_cla_seed_before_fails_the_span_rule():
    result = run(str(CLA / "before.yaml"), "--rules", "spans-layers")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert any(line.split()[:3] == ["span", "fail", "managers"] for line in lines)
    assert any(line.split()[:2] == ["layers", "pass"] for line in lines)
    rows = [line.split() for line in lines if line.startswith("span  ")]
    failing = {row[1] for row in rows if row[1] not in ("fail", "pass")}
    assert failing == {"DIR", "DHOS-CLA"}
    assert f"{CLA / 'before.yaml'}:31" in result.stdout  # the Director's line
    assert "4 rules: 3 pass, 1 fail." in result.stdout
    # Warnings go to stderr, as every command's do.
    assert "is vacant but has reports" in result.stderr


def test_warn_only_reports_without_failing():
    result = run(str(CLA / "before.yaml"), "--rules", "spans-layers", "--warn-only")
    assert result.exit_code == 0
    assert "fail" in result.stdout


def test_passing_rules_exit_0(write):
    rules = write("rules:\n  - span: {min: 1, max: 12}\n  - layers: {max: 6}\n", "rules.yaml")
    result = run(str(CLA / "before.yaml"), "--rules", str(rules))
    assert result.exit_code == 0, result.output
    assert "2 rules: 2 pass." in result.stdout


def test_the_structure_s_own_rules_need_no_option(write):
    text = (CLA / "before.yaml").read_text(encoding="utf-8")
    path = write(text.replace("posts:\n", "rules:\n  - layers: {max: 4}\nposts:\n", 1))
    result = run(str(path))
    assert result.exit_code == 1
    assert any(line.split()[:2] == ["layers", "fail"] for line in result.stdout.splitlines())
    both = run(str(path), "--rules", "spans-layers")
    assert "5 rules: 3 pass, 2 fail." in both.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--rules", "spans-layer"],
            "unknown rules pack 'spans-layer' (did you mean 'spans-layers'?)",
        ),
        ([], "no rules to check: give --rules"),
        (["--rules", "nowhere.yaml"], "nowhere.yaml: error: cannot read rules"),
    ],
)
def test_bad_rules_exit_2(args, message):
    result = run(str(CLA / "before.yaml"), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_wrong_rule_names_its_file_and_line(write):
    rules = write("rules:\n  - span: {min: 3}\n  - layres: {max: 6}\n", "rules.yaml")
    result = run(str(CLA / "before.yaml"), "--rules", str(rules))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{rules}:3: error: unknown rule 'layres' (did you mean 'layers'?)"
    )


def test_a_grade_the_order_does_not_know_exits_2(write):
    rules = write("rules:\n  - grade-order: [Directr, HOS, DHOS, SDM, PO6, PO3]\n", "rules.yaml")
    result = run(str(CLA / "before.yaml"), "--rules", str(rules))
    assert result.exit_code == 2
    assert "grade 'Director' of post 'DIR' is not in the order (did you mean 'Directr'?)" in (
        result.stderr
    )


def test_json_has_every_figure_and_failure():
    result = run(str(CLA / "after.yaml"), "--rules", "spans-layers", "-f", "json")
    data = json.loads(result.stdout)
    assert data["passed"] is False
    [checked] = data["files"]
    span = next(r for r in checked["results"] if r["rule"] == "span")
    assert (span["outcome"], span["figure"], span["threshold"]) == ("fail", 3, "3 to 16 reports")
    assert {f["id"]: f["line"] for f in span["failures"]} == {
        "DIR": 31,
        "HOS-CLA": 35,
        "DHOS-CLA": 47,
    }
    assert span["rule_file"] == "spans-layers"


def test_csv_is_a_row_per_rule_and_failing_post():
    result = run(str(CLA / "after.yaml"), "--rules", "spans-layers", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["rule"], r["id"]) for r in rows] == [
        ("span", "DIR"),
        ("span", "HOS-CLA"),
        ("span", "DHOS-CLA"),
        ("layers", ""),
        ("one-to-one", ""),
        ("grade-order", ""),
    ]


def test_markdown_for_a_pull_request():
    result = run(str(CLA / "after.yaml"), "--rules", "spans-layers", "-f", "markdown")
    assert "| span | fail | managers outside the span | 3 of 9 | 3 to 16 reports |" in result.stdout


def test_an_organogram_with_broken_lines_is_checked_with_the_publishers_wording():
    path = ORGANOGRAMS / "ministry_of_justice-2011-09-30-senior.csv"
    result = run(str(path), "--rules", "organogram")
    assert result.exit_code == 1
    assert 'Senior post reporting to unknown senior post "131"' in result.stdout
    assert 'cell K2: Senior post reports to him/herself. ref:"150"' in result.stdout
    # validate's error is shown as well, and the file fails for it
    assert "post '146' reports to '131', which does not exist" in result.stderr


def test_several_editions_each_against_the_one_before():
    old, new = (
        ORGANOGRAMS / f"youth_justice_board-{d}-senior.csv" for d in ("2011-03-31", "2011-09-30")
    )
    result = run(str(new), str(old), "--rules", "organogram", "-f", "json")
    assert result.exit_code == 1
    files = {f["file"]: f for f in json.loads(result.stdout)["files"]}
    kept = {
        name: next(r for r in f["results"] if r["rule"] == "kept-references")
        for name, f in files.items()
    }
    assert kept[str(old)]["outcome"] == "not checked"
    assert (kept[str(new)]["outcome"], kept[str(new)]["shown"]) == ("fail", "0 of 15 (0%)")


def test_a_file_that_cannot_be_read_does_not_stop_the_others(tmp_path):
    missing = tmp_path / "missing.yaml"
    result = run(str(missing), str(CLA / "after.yaml"), "--rules", "spans-layers")
    assert result.exit_code == 1
    assert f"{missing}: error: cannot read file" in result.stderr
    assert "after.yaml" in result.stdout


def test_output_to_a_file(tmp_path):
    out = tmp_path / "checks.json"
    result = run(str(CLA / "after.yaml"), "--rules", "spans-layers", "-f", "json", "-o", str(out))
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["passed"] is False


def test_span_layers_and_check_read_the_same_span_rule(write):
    rules = write("rules:\n  - span: {min: 3, max: 8}\n    except: {grade: Director}\n", "r.yaml")
    after = str(CLA / "after.yaml")
    checked = json.loads(run(after, "--rules", str(rules), "-f", "json").stdout)
    [span] = checked["files"][0]["results"]
    by_check = {f["id"]: f["detail"] for f in span["failures"]}
    # The Director is exempt; HOS-CLA and DHOS-CLA have 2 reports: no manager has more than 8.
    assert by_check == {"HOS-CLA": "2 reports, fewer than 3", "DHOS-CLA": "2 reports, fewer than 3"}
    rows = json.loads(
        runner.invoke(app, ["span", after, "--rules", str(rules), "-f", "json"]).stdout
    )
    assert {r["id"]: r["span_rule"] for r in rows if r["span_rule"]} == by_check
    gate = runner.invoke(app, ["span", after, "--rules", str(rules), "--check"])
    assert gate.exit_code == 1
    assert "2 of 9 managers break the span rule" in gate.stderr
    layers = json.loads(
        runner.invoke(app, ["layers", after, "--rules", str(rules), "-f", "json"]).stdout
    )
    assert layers["span_rules"] == [{"threshold": "3 to 8 reports", "outside": 2, "managers": 9}]


def test_span_check_without_a_rule_keeps_the_target_band():
    result = runner.invoke(app, ["span", str(CLA / "after.yaml"), "--check"])
    assert result.exit_code == 1
    assert "9 of 9 managers outside the target band" in result.stderr
    assert "Span rule" not in result.stdout


def test_a_rule_in_the_file_is_the_span_rule_in_force(write):
    text = (CLA / "after.yaml").read_text(encoding="utf-8")
    path = write(text.replace("posts:\n", "rules:\n  - span: {min: 1, max: 9}\nposts:\n", 1))
    result = runner.invoke(app, ["span", str(path), "--check"])
    assert result.exit_code == 0, result.output
    assert "Span rule" in result.stdout


def test_span_rule_on_a_large_hr_export_read_as_columns(tmp_path):
    """The columnar path (a plain HR export) reads the same rule."""
    rows = ["id,title,reports_to"] + ["B,Boss,"] + [f"W{i},Worker,B" for i in range(20)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["span", str(path), "--rules", "spans-layers", "--check", "-f", "csv"]
    )
    assert result.exit_code == 1
    assert "20 reports, more than 16" in result.stdout


def test_validate_names_a_wrong_rule_in_the_file_and_span_still_measures(write):
    text = (CLA / "after.yaml").read_text(encoding="utf-8")
    path = write(text.replace("posts:\n", "rules:\n  - spam: {min: 3}\nposts:\n", 1))
    line = path.read_text(encoding="utf-8").splitlines().index("  - spam: {min: 3}") + 1
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}: error: unknown rule 'spam' (did you mean 'span'?)" in result.output
    assert runner.invoke(app, ["cost", str(path)]).exit_code == 0


def test_check_csv_is_safe_in_a_spreadsheet(write):
    text = (CLA / "after.yaml").read_text(encoding="utf-8")
    title = 'title: "=HYPERLINK(\\"http://x\\")"'
    path = write(text.replace("title: Director of Children and Families", title))
    result = run(str(path), "--rules", "spans-layers", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["DIR"] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("command", ["check", "span", "layers"])
def test_a_rules_file_is_an_input_never_an_output(tmp_path, command):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - layers: {max: 6}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [command, str(CLA / "before.yaml"), "--rules", f"spans-layers,{rules}", "-o", str(rules)],
    )
    assert result.exit_code == 2, result.output
    assert "rules file" in result.stderr
    assert rules.read_text(encoding="utf-8") == "rules:\n  - layers: {max: 6}\n"
