"""The decision report as Word and Markdown, on the seed restructures and bad input.

Figures are checked against `diff --format json` and the seed reports'
own numbers, not against the report's code.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from orgchart.build import build
from orgchart.cli import app
from orgchart.present.writers import to_yaml

from ..conftest import CLA, COMM

runner = CliRunner()


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write_report(tmp_path: Path, pair: Path, suffix: str, *extra: object) -> Path:
    out = tmp_path / f"{pair.name}-report{suffix}"
    result = invoke("report", pair / "before.yaml", pair / "after.yaml", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def number(text: str) -> float:
    """A figure as the report prints it, back to a number: (£1,234) is -1234."""
    negative = text.startswith("(") and text.endswith(")")
    value = float(text.strip("()").replace("£", "").replace(",", ""))
    return -value if negative else value


def docx_tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table under its caption (the paragraph before it)."""
    document = docx.Document(str(path))
    body = document.element.body
    out: dict[str, list[list[str]]] = {}
    caption = ""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            caption = text or caption
        elif tag == "tbl":
            table = next(t for t in document.tables if t._tbl is child)
            out[caption] = [[c.text for c in row.cells] for row in table.rows]
    return out


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_word_tables_hold_the_figures_of_diff_json(tmp_path, pair):
    out = write_report(tmp_path, pair, ".docx")
    figures = json.loads(
        invoke(
            "diff", pair / "before.yaml", pair / "after.yaml", "-f", "json", "--by", "grade"
        ).stdout
    )["summary"]
    tables = docx_tables(out)
    summary = {row[0]: row[1:] for row in tables["Summary"][1:]}
    for name, key in (("Before", "before"), ("After", "after"), ("Difference", "delta")):
        posts, fte, cost = (number(v) for v in summary[name])
        assert (posts, fte, cost) == pytest.approx(
            (figures[key]["posts"], figures[key]["fte"], figures[key]["cost"]), abs=0.005
        )
    by_group = {row[0]: [number(v) for v in row[1:]] for row in tables["Summary by group"][1:]}
    assert set(by_group) == {g["key"] for g in figures["by"]}
    for group in figures["by"]:
        expected = [group[s][k] for k in ("fte", "cost") for s in ("before", "after", "delta")]
        got = by_group[group["key"]]
        assert [got[0], got[1], got[2], got[3], got[4], got[5]] == pytest.approx(expected, abs=0.5)


def test_cla_report_shows_the_seed_figures_in_every_format(tmp_path):
    # CLA report 4.4.3: SDMs 4.50 FTE £323,500 -> 3.00 FTE £219,630, (1.50) (£103,870).
    sdm = ["4.50", "3.00", "(1.50)", "£323,500", "£219,630", "(£103,870)"]
    rows = docx_tables(write_report(tmp_path, CLA, ".docx"))["Summary by group"]
    assert ["SDM", *sdm] in rows
    markdown = write_report(tmp_path, CLA, ".md").read_text()
    assert "| SDM | " + " | ".join(sdm) + " |" in markdown
    html = write_report(tmp_path, CLA, ".html").read_text()
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in re.findall(r"<tr>.*?</tr>", html)]
    assert ["SDM", *sdm] in rows
    assert "annual cost falls by £103,870" in html


def test_commissioning_report_lists_the_new_posts_and_their_funding(tmp_path):
    tables = docx_tables(write_report(tmp_path, COMM, ".docx"))
    created = tables["Posts created"]
    assert created[0] == ["Title", "Grade", "FTE", "Status", "Funding", "End date", "Annual cost"]
    assert {(r[0], r[4], r[5], r[6]) for r in created[1:]} == {
        ("Commissioning Manager (Adoption)", "OAWY", "", "£55,588"),
        ("Commissioning Officer (Adoption)", "OAWY", "", "£44,832"),
        ("Commissioning Manager (SAFE Taskforce)", "SAFE", "31/03/2025", "£55,588"),
    }
    funding = {r[0]: r for r in tables["Funding"][1:]}
    # Seed report, "Summary of New Positions": OAWY £100,420, SAFE £55,588.
    assert funding["OAWY"][4] == "£100,420"
    assert funding["SAFE"][4] == "£55,588"
    assert funding["SAFE"][5] == "31/03/2025"


def test_word_uses_built_in_headings_and_embeds_charts_at_print_resolution(tmp_path):
    document = docx.Document(str(write_report(tmp_path, CLA, ".docx")))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [p.text for p in headings if p.style.name == "Heading 1"] == [
        "1. Summary",
        "2. Posts created and deleted",
        "3. Posts, FTE and annual cost",
        "4. Moves and other changes",
        "5. Manager workloads that change",
        "6. Warnings",
        "Appendix: before and after structures (changes highlighted in red)",
    ]
    assert document.paragraphs[0].style.name == "Title"
    # The two charts, after the two plots of workloads.
    shapes = list(document.inline_shapes)[2:]
    assert [s._inline.docPr.get("descr").split(":")[0] for s in shapes] == ["Before", "After"]
    # The charts sit in the appendix's section, each on a page of its own.
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    for shape in shapes:
        assert shape.width <= usable
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].image
        assert image.content_type == "image/png"
        dpi = image.px_width / (shape.width / 914400)
        assert dpi >= 150


def test_markdown_links_its_charts_written_beside_it(tmp_path):
    out = write_report(tmp_path, CLA, ".md")
    text = out.read_text()
    for side in ("before", "after"):
        chart = tmp_path / f"{out.stem}-{side}.svg"
        assert f"]({chart.name})" in text
        assert chart.read_text().startswith("<svg")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert [h.split(".")[0] for h in headings] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "Appendix: before and after structures (changes highlighted in red)",
    ]


HOSTILE = "<script>alert(1)</script> \"q\" 'a' {{ 7*7 }} {% if 1 %}x{% endif %}"


@pytest.fixture
def named_pair(write):
    def pair(holder: str, title: str = "Officer") -> tuple[Path, Path]:
        before = write(
            f"""\
            name: Before
            posts:
              - {{id: A, title: Head, cost: 1000, holder: "{holder}"}}
              - {{id: B, title: "{title}", cost: 500, reports_to: A, holder: "{holder}"}}
            """,
            "before.yaml",
        )
        after = write(
            f"""\
            name: After
            posts:
              - {{id: A, title: Head, cost: 1000, holder: "{holder} Jr"}}
              - {{id: C, title: "{title}", cost: 700, reports_to: A, holder: "{holder}"}}
            """,
            "after.yaml",
        )
        return before, after

    return pair


def all_text(out: Path) -> str:
    """Everything a report writes: its files, and a Word file's parts unzipped."""
    import zipfile

    texts = []
    for path in sorted(out.parent.glob(f"{out.stem}*")):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                texts += [
                    archive.read(n).decode("utf-8")
                    for n in archive.namelist()
                    if n.endswith((".xml", ".rels"))
                ]
        else:
            texts.append(path.read_text())
    return "\n".join(texts)


@pytest.mark.parametrize("suffix", [".html", ".docx", ".md"])
def test_redact_leaves_holders_out_of_every_output_and_its_metadata(tmp_path, named_pair, suffix):
    before, after = named_pair("Zebedee Quux")
    out = tmp_path / f"plain{suffix}"
    assert invoke("report", before, after, "-o", out).exit_code == 0
    assert "Zebedee Quux" in all_text(out)
    out = tmp_path / f"redacted{suffix}"
    result = invoke("report", before, after, "-o", out, "--redact")
    assert result.exit_code == 0, result.output
    assert "Zebedee" not in all_text(out)
    assert "Zebedee" not in result.output
    if suffix == ".docx":
        props = docx.Document(str(out)).core_properties
        assert props.author == "orgchart"
        assert "python-docx" not in all_text(out)


def test_hostile_text_stays_text_in_word_and_markdown(tmp_path, named_pair):
    before, after = named_pair("Someone", HOSTILE.replace('"', '\\"'))
    word = tmp_path / "hostile.docx"
    assert invoke("report", before, after, "-o", word, "--title", HOSTILE).exit_code == 0
    document = docx.Document(str(word))
    assert document.paragraphs[0].text == HOSTILE
    assert document.core_properties.title == HOSTILE
    created = docx_tables(word)["Posts created"]
    assert created[1][0] == HOSTILE
    markdown = tmp_path / "hostile.md"
    assert invoke("report", before, after, "-o", markdown, "--title", HOSTILE).exit_code == 0
    text = markdown.read_text()
    assert "<script>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "{{ 7\\*7 }} {% if 1 %}x{% endif %}" in text
    assert "49" not in text


def test_house_style_template_is_sandboxed_and_structure_text_is_not_a_template(
    tmp_path, named_pair
):
    before, after = named_pair("Someone", "{{ 6*7 }}")
    style = tmp_path / "house.html.j2"
    style.write_text(
        "<h1>{{ report.title }}</h1><p>{{ report.summary }}</p>"
        "{% for g in report.posts %}{% for r in g.rows %}<i>{{ r[0] }}</i>{% endfor %}{% endfor %}"
    )
    out = tmp_path / "house.html"
    result = invoke("report", before, after, "-o", out, "--template", style, "--title", "<b>")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("<h1>&lt;b&gt;</h1><p>Deletes 1 post (1.00 FTE), creates 1 post")
    assert "<i>{{ 6*7 }}</i>" in text
    style.write_text("{{ report.__class__.__mro__ }}")
    result = invoke("report", before, after, "-o", tmp_path / "escape.html", "--template", style)
    assert result.exit_code == 1
    assert f"{style}:1: error: template error" in result.output
    assert not (tmp_path / "escape.html").exists()


def test_bad_template_and_bad_options_name_the_problem(tmp_path, named_pair):
    before, after = named_pair("Someone")
    style = tmp_path / "broken.md.j2"
    style.write_text("# {{ report.title }}\n\n{% for x in %}\n")
    out = tmp_path / "out.md"
    result = invoke("report", before, after, "-o", out, "--template", style)
    assert result.exit_code == 1
    assert f"{style}:3: error: template error" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.glob("out*")) == []
    result = invoke("report", before, after, "-o", tmp_path / "out.odt")
    assert result.exit_code == 2
    assert "use .html, .pdf, .docx or .md" in result.output
    result = invoke("report", before, after, "-o", tmp_path / "o.docx", "--template", style)
    assert result.exit_code == 2
    result = invoke("report", before, after, "-o", tmp_path / "o.md", "--root", "NOBODY")
    assert result.exit_code == 2
    assert "'NOBODY' is not a post in either structure" in result.output


def test_one_structure_report_has_summary_spans_cost_and_chart(tmp_path):
    out = tmp_path / "cla.md"
    result = invoke("report", CLA / "after.yaml", "-o", out, "--by", "unit")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == [
        "1. Summary",
        "2. Cost",
        "3. Managers' spans",
        "4. Warnings",
        "Appendix: structure chart",
    ]
    # 37 posts, 37.00 FTE, £2,024,630: counted from the structure file by cost --by grade.
    assert "**37 posts \\(37.00 FTE\\)" in text or "**37 posts (37.00 FTE)" in text
    assert "£2,024,630" in text
    assert (tmp_path / "cla-structure.svg").exists()


GOLDEN = Path(__file__).parent.parent / "golden"


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_golden_markdown(tmp_path, pair):
    text = write_report(tmp_path, pair, ".md").read_text(encoding="utf-8")
    golden = GOLDEN / f"{pair.name}-report.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{golden} differs: UPDATE_GOLDEN=1"


def test_report_does_not_depend_on_post_order(tmp_path):
    expected = write_report(tmp_path, COMM, ".md").read_text(encoding="utf-8")
    for seed in range(2):
        for side in ("before", "after"):
            structure = build(COMM / f"{side}.yaml").structure
            posts = random.Random(seed).sample(structure.posts, len(structure.posts))
            shuffled = structure.model_copy(update={"posts": posts})
            (tmp_path / f"{side}.yaml").write_text(to_yaml(shuffled), encoding="utf-8")
        out = tmp_path / f"{COMM.name}-report.md"
        result = invoke("report", tmp_path / "before.yaml", tmp_path / "after.yaml", "-o", out)
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8") == expected


def test_warnings_name_vacancies_with_reports_posts_that_end_and_failed_checks(tmp_path, write):
    before = write(
        """\
        name: Before
        posts:
          - {id: HEAD, title: Head, cost: 1000}
          - {id: MGR, title: Manager, cost: 500, reports_to: HEAD}
          - {id: OFC, title: Officer, cost: 300, reports_to: MGR}
        """,
        "before.yaml",
    )
    after = write(
        """\
        name: After
        posts:
          - {id: HEAD, title: Head, cost: 1000}
          - {id: MGR, title: Manager, cost: 500, reports_to: HEAD, status: vacant}
          - {id: OFC, title: Officer, cost: 300, reports_to: MGR, status: temporary,
             end_date: 2026-03-31}
          - {id: AG, title: Agency worker, cost: 300, reports_to: MGR, status: agency}
        """,
        "after.yaml",
    )
    out = tmp_path / "warn.docx"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    bullets = {p.text for p in document.paragraphs if p.style.name == "List Bullet"}
    assert {
        "Manager (MGR) is vacant and manages 2 posts.",
        "Officer (OFC) is temporary, ends 31/03/2026.",
        "Agency worker (AG) is agency, no end date given.",
        "Check: post 'MGR' is vacant but has reports",
    } <= bullets


def test_by_funding_and_unit_limit_the_tables(tmp_path):
    tables = docx_tables(write_report(tmp_path, COMM, ".docx", "--by", "funding"))
    by_source = {row[0]: row for row in tables["Summary by group"][1:]}
    # SAFE-LEAD, the recharge for the existing lead, is there before and after.
    assert set(by_source) == {"OAWY", "SAFE", "SAFE-LEAD", "core"}
    assert by_source["SAFE-LEAD"][4:] == ["£51,200", "£51,200", "£0"]
    # Before: no grant-funded posts; after: the seed's £100,420 and £55,588.
    assert by_source["OAWY"][4:] == ["£0", "£100,420", "£100,420"]
    assert by_source["SAFE"][4:] == ["£0", "£55,588", "£55,588"]
    out = tmp_path / "unit.docx"
    result = invoke(
        "report",
        COMM / "before.yaml",
        COMM / "after.yaml",
        "-o",
        out,
        "--unit",
        "Learning & Early Help",
    )
    assert result.exit_code == 0, result.output
    created = docx_tables(out)["Posts created"]
    assert [row[0] for row in created[1:]] == ["Commissioning Manager (SAFE Taskforce)"]


@pytest.mark.parametrize("suffix", [".html", ".docx", ".md"])
def test_control_characters_in_the_title_do_not_reach_the_document(tmp_path, suffix):
    out = tmp_path / f"ctl{suffix}"
    result = invoke("report", COMM / "after.yaml", "-o", out, "--title", "A\x01B\x1b[31mC")
    assert result.exit_code == 0, result.output
    text = all_text(out)
    assert "\x1b" not in text
    assert "\x01" not in text
