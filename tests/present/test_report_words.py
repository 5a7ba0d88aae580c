"""The report's wording, honest to the figures: counts with thousands
separators, new posts called new, only the workloads that change, headers
that never break inside a word, and a warning when the files are the wrong
way round. Checked against `diff --format json`, not the report's code.
"""

from __future__ import annotations

import json
import re

import pytest

from ..conftest import CLA, COMM, ORGANOGRAMS
from .test_report import docx_tables, invoke, write_report
from .test_report_browser import open_page

DH = (
    ORGANOGRAMS / "department_of_health-2011-03-31-senior.csv",
    ORGANOGRAMS / "department_of_health-2011-09-30-senior.csv",
)


@pytest.fixture(scope="module")
def dh_markdown(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("dh") / "dh.md"
    result = invoke("report", *DH, "-o", out)
    assert result.exit_code == 0, result.output
    return out.read_text()


def test_every_count_in_the_summary_has_thousands_separators(dh_markdown):
    changes = json.loads(invoke("diff", *DH, "-f", "json").stdout)
    removed = sum(p.get("count", 1) for p in changes["removed"])
    below = sum(m["with_reports"] for m in changes["moved"])
    assert removed > 1000 and below > 1000
    summary = re.search(r"^\*\*(Deletes .*)\*\*$", dh_markdown, re.M).group(1)
    assert summary.startswith(f"Deletes {removed:,} posts (")
    assert f" with {below:,} below them" in summary
    # No figure of four digits or more goes without its separator.
    assert not re.findall(r"(?<![\d,.])\d{4,}", summary.replace("\\", "")), summary


def test_counts_in_words_and_titles_have_separators(tmp_path, write):
    posts = "\n".join(
        f"  - {{id: P{n}, title: Officer, cost: 100, reports_to: HEAD, count: 1200}}"
        for n in range(2)
    )
    before = write(f"name: Before\nposts:\n  - {{id: HEAD, title: Head, cost: 1}}\n{posts}\n")
    after = write(
        "name: After\nposts:\n  - {id: HEAD, title: Head, cost: 1, status: vacant}\n"
        "  - {id: NEW, title: Officer, cost: 100, reports_to: HEAD, count: 2400}\n",
        "after.yaml",
    )
    out = tmp_path / "many.md"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "Deletes 2,400 posts" in text
    assert "| 2,400 × Officer |" in text
    assert "Head (HEAD) is vacant and manages 2,400 posts." in text


def test_new_posts_are_new_with_their_status_as_given(tmp_path):
    created = docx_tables(write_report(tmp_path, COMM, ".docx"))["Posts created"]
    status = {r[0]: r[3] for r in created[1:]}
    # The file gives the SAFE post's status (fixed term); the others none.
    assert status == {
        "Commissioning Manager (Adoption)": "new",
        "Commissioning Manager (SAFE Taskforce)": "new, fixed term",
        "Commissioning Officer (Adoption)": "new",
    }
    deleted = docx_tables(write_report(tmp_path, CLA, ".docx"))["Posts deleted"]
    assert {r[3] for r in deleted[1:]} == {"acting", "temporary"}


@pytest.mark.parametrize("pair", [CLA, COMM], ids=lambda p: p.name)
def test_only_managers_whose_span_or_band_changed_are_listed(tmp_path, pair):
    tables = docx_tables(write_report(tmp_path, pair, ".docx"))
    listed = [r[0] for r in tables["Manager workloads that change"][1:]]
    spans = json.loads(
        invoke("diff", pair / "before.yaml", pair / "after.yaml", "-f", "json").stdout
    )["spans"]
    changed = [
        s["id"]
        for s in spans
        if (s["before"] or 0) != (s["after"] or 0) or s["band_before"] != s["band_after"]
    ]
    assert listed == changed
    if pair == CLA:
        # DHOS-CLA keeps its two reports (one moves away, one moves in), micro team.
        assert "DHOS-CLA" in {s["id"] for s in spans}
        assert "DHOS-CLA" not in listed


def test_files_the_wrong_way_round_give_a_warning(tmp_path, write):
    before = write("name: B\ndate: 2011-09-30\nposts:\n  - {id: A, title: A, cost: 1}\n")
    after = write(
        "name: A\ndate: 2011-03-31\nposts:\n  - {id: A, title: A, cost: 2}\n", "after.yaml"
    )
    out = tmp_path / "order.md"
    result = invoke("report", before, after, "-o", out)
    assert result.exit_code == 0, result.output
    message = (
        "the structure before is dated 30/09/2011, after the structure after "
        "(31/03/2011): are the files the wrong way round?"
    )
    assert f"orgchart: warning: {message}" in result.output
    assert message[0].upper() + message[1:] in out.read_text()
    result = invoke("report", after, before, "-o", tmp_path / "right.md")
    assert "wrong way round" not in result.output


def test_table_headers_never_break_inside_a_word(browser, tmp_path):
    out = write_report(tmp_path, CLA, ".html")
    errors: list[str] = []
    page = open_page(browser, out, errors)
    # Narrow: headers must wrap between words, or not at all.
    page.set_viewport_size({"width": 700, "height": 900})
    split = page.evaluate(
        """() => {
          const out = [];
          for (const th of document.querySelectorAll('th')) {
            const text = th.firstChild;
            if (!text || text.nodeType !== Node.TEXT_NODE) continue;
            const re = /\\S+/g;
            let m;
            while ((m = re.exec(text.data))) {
              const range = document.createRange();
              range.setStart(text, m.index);
              range.setEnd(text, m.index + m[0].length);
              if (range.getClientRects().length > 1) out.push(m[0]);
            }
          }
          return out;
        }"""
    )
    assert page.locator("th").count() > 20
    assert split == []
    page.close()
    assert errors == []


def test_the_summary_sentence_adds_up_with_the_summary_table(dh_markdown):
    table = re.search(
        r"\| Difference \| \((\d[\d,]*)\) \| \(([\d,.]+)\) \| \(£([\d,]+)\) \|", dh_markdown
    )
    sentence = re.search(r"annual cost falls by £([\d,]+)\.", dh_markdown)
    assert table and sentence
    assert sentence.group(1) == table.group(3)
