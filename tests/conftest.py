from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from orgchart.model import Structure

# The suite runs the same examples every time, so a red build is
# reproducible; HYPOTHESIS_EXPLORE=1 (with FUZZ_EXAMPLES=1000 for the
# whole-CLI fuzz) looks for new ones. No deadline: a CI machine shared
# with other jobs may take longer than 200 ms over one example, which is no
# fault of the code (the benchmarks, not the tests, measure speed).
settings.register_profile("ci", derandomize=True, deadline=None)
if not os.environ.get("HYPOTHESIS_EXPLORE"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
STRUCTURES = ROOT / "structures"
CLA = STRUCTURES / "cla-sdm-realignment-2020"
COMM = STRUCTURES / "commissioning-posts-2022"
# Real published organograms, copied into the repository (see their README):
# the tests need nothing outside it.
ORGANOGRAMS = ROOT / "tests" / "data" / "organograms"


def renumbered(structure: Structure, prefix: str = "N") -> tuple[Structure, dict[str, str]]:
    """`structure` with every post given a new id (as a publisher that
    renumbers each edition does), and the map old id -> new id."""
    ids = sorted(p.id for p in structure.posts)
    new_id = {post_id: f"{prefix}{n:03d}" for n, post_id in enumerate(ids)}
    posts = [
        p.model_copy(
            update={
                "id": new_id[p.id],
                "reports_to": new_id[p.reports_to] if p.reports_to else None,
                "dotted_to": [new_id[d] for d in p.dotted_to],
            }
        )
        for p in structure.posts
    ]
    return structure.model_copy(update={"posts": posts}), new_id


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write an inline YAML fixture (dedented) and return its path."""

    def _write(text: str, name: str = "structure.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
