"""What the publish tests share: the seeds with their senior grades, the
generated council, releases written to a folder, and an independent count of
what a structure's organogram must hold, made from the YAML with no orgchart code."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from orgchart.build import build
from orgchart.present.publish import Release, publish
from orgchart.present.publish.organogram import OrganogramOptions
from orgchart.present.publish.rules import Seniority

from ...conftest import CLA, COMM, ROOT

# The councils' own grades, most senior first (the seeds have no SCS grades).
SEEDS = {
    CLA / "before.yaml": ["Director", "HOS", "DHOS", "SDM"],
    CLA / "after.yaml": ["Director", "HOS", "DHOS", "SDM"],
    COMM / "before.yaml": ["CO", "HOS"],
    COMM / "after.yaml": ["CO", "HOS"],
}
COUNCIL_GRADES = ["CEX", "DIR", "HOS", "SDM"]


@pytest.fixture(scope="session")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark generator's 5,000-post council."""
    path = tmp_path_factory.mktemp("council") / "council-5000.yaml"
    generator = ROOT / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generator), "5000", str(path), "--council"], check=True)
    return path


def options(grades: list[str] | None, name_from: str | None = None, **more) -> OrganogramOptions:
    return OrganogramOptions(
        date=more.pop("date", dt.date(2026, 3, 31)),
        organisation=more.pop("organisation", "Test Council"),
        seniority=Seniority.of(grades, name_from),
        **more,
    )


def release_of(
    path: Path, grades: list[str] | None, name_from: str | None = None, **more
) -> Release:
    return publish(build(path), options(grades, name_from, **more))


def written(release: Release, folder: Path) -> Path:
    """The release's files in `folder`; the senior CSV's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in release.files.items():
        (folder / name).write_bytes(data)
    return next(folder / n for n in release.files if n.endswith("-senior.csv"))


@dataclass(frozen=True)
class Expected:
    """What an organogram of a structure holds, counted from its YAML alone."""

    senior: dict[str, float]  # senior post id -> its pay for 1.0 FTE
    posts: int  # as read back: senior posts, and ceil(FTE) a junior group
    fte: float
    cost: float  # pay x FTE, every post
    groups: dict[tuple[str, str, str], float]  # (senior post, grade, title) -> FTE


def expected(path: Path, senior_grades: list[str]) -> Expected:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    grades = data.get("grades", {})
    posts = {str(p["id"]): p for p in data["posts"]}

    def fte(p: dict) -> float:
        return float(p.get("fte", p.get("count", 1)))

    def pay(p: dict) -> float:
        if "cost" in p:
            return p["cost"] / fte(p)
        return float(grades[p["grade"]])

    senior = {i for i, p in posts.items() if p.get("grade") in senior_grades}
    groups: dict[tuple[str, str, str], float] = defaultdict(float)
    for post_id, post in posts.items():
        if post_id in senior:
            continue
        manager = str(post["reports_to"])
        while manager not in senior:
            manager = str(posts[manager]["reports_to"])
        title = " ".join(post["title"].split()).casefold()
        groups[(manager, post["grade"], title)] += fte(post)
    return Expected(
        senior={i: pay(posts[i]) for i in senior},
        posts=sum(posts[i].get("count", 1) for i in senior)
        + sum(math.ceil(f - 1e-9) for f in groups.values()),
        fte=math.fsum(fte(p) for p in posts.values()),
        cost=math.fsum(pay(p) * fte(p) for p in posts.values()),
        groups=dict(groups),
    )
