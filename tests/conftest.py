from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from orgchart.compare.matching import renamed
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


def renumbered(structure: Structure) -> tuple[Structure, dict[str, str]]:
    """`structure` with every post given a new id (as a publisher that
    renumbers each edition does), and the map old id -> new id."""
    ids = sorted(p.id for p in structure.posts)
    new_id = {post_id: f"N{n:03d}" for n, post_id in enumerate(ids)}
    return renamed(structure, new_id), new_id


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write an inline YAML fixture (dedented) and return its path."""

    def _write(text: str, name: str = "structure.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
