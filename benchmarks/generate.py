"""Large synthetic structures for benchmarks: a realistic tree of teams and groups,
and other shapes: flat, deep, many small teams.

Usage: python benchmarks/generate.py POSTS OUT.yaml [--seed N] [--shape tree|flat|deep|teams]
                                   [--council]

--shape makes the tree flat, deep or of many small teams (see SHAPES).
--council makes a council's shape instead: a chief executive, directorates,
services, service delivery managers and teams, with grades that have costs,
holders' names, vacancies, part-time, temporary and group posts, and notes:
what `orgchart publish` is tried on.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import deque
from pathlib import Path

import yaml

GRADES = {"DIR": 120000, "HOS": 92000, "SDM": 73210, "PO6": 52000, "PO3": 44000, "SO2": 36000}
LEVELS = ["DIR", "HOS", "SDM", "PO6", "PO3", "SO2"]
# Real structures repeat a few job titles at each grade; charts collapse them.
TITLES = {
    "DIR": ["Director"],
    "HOS": ["Head of Service"],
    "SDM": ["Service Delivery Manager"],
    "PO6": ["Team Manager", "Practice Manager"],
    "PO3": ["Social Worker", "Senior Practitioner", "Family Support Worker"],
    "SO2": ["Business Support Officer", "Family Support Worker"],
}


# Each shape's spans: how many reports a manager has, at least and at most.
# tree: 6 or 7 layers at 100,000 posts; flat: 3 layers of huge teams; deep:
# about 30 layers of one or two reports; teams: many managers of 2 to 4.
SHAPES = {"tree": (3, 14), "flat": (200, 2000), "deep": (1, 2), "teams": (2, 4)}


def make_structure(posts: int, seed: int = 0, shape: str = "tree") -> dict[str, object]:
    """A tree of `posts` entries of a shape (SHAPES): some groups, part-timers, vacancies."""
    rng = random.Random(seed)
    fewest, most = SHAPES[shape]
    entries: list[dict[str, object]] = [
        {"id": "P0", "title": "Chief Executive", "grade": "DIR", "unit": "Unit 0"}
    ]
    # a deque: popping the front of a list would make a million posts quadratic
    frontier = deque([("P0", 0)])
    while len(entries) < posts:
        manager, level = frontier.popleft()
        for _ in range(rng.randint(fewest, most)):
            if len(entries) >= posts:
                break
            post_id = f"P{len(entries)}"
            grade = LEVELS[min(level + 1, len(LEVELS) - 1)]
            entry: dict[str, object] = {
                "id": post_id,
                "title": rng.choice(TITLES[grade]),
                "grade": grade,
                "reports_to": manager,
                "unit": f"Unit {rng.randint(0, 40)}",
            }
            roll = rng.random()
            if roll < 0.05:
                entry["status"] = "vacant"
            elif roll < 0.08:
                entry["count"] = rng.randint(2, 9)
            elif roll < 0.10:
                entry["fte"] = 0.5
                entry["funding"] = {"GRANT": 1.0}
            entries.append(entry)
            frontier.append((post_id, level + 1))
    name = f"Synthetic {posts}" + ("" if shape == "tree" else f" ({shape})")
    return {"name": name, "date": "2026-01-01", "grades": GRADES, "posts": entries}


COUNCIL_GRADES = {
    "CEX": 185000,
    "DIR": 130000,
    "HOS": 92000,
    "SDM": 73210,
    "PO6": 52000,
    "PO4": 46000,
    "PO3": 44000,
    "SO2": 36000,
    "SCALE5": 28000,
}
DIRECTORATES = [
    "Adults and Health",
    "Children and Families",
    "Communities, Housing and Environment",
    "City Development",
    "Resources",
    "Strategy and Performance",
]
SERVICES = ["Assessment", "Provision", "Commissioning", "Quality", "Locality", "Support"]
MEMBERS = [
    ("Social Worker", "PO3"),
    ("Senior Practitioner", "PO4"),
    ("Family Support Worker", "SO2"),
    ("Business Support Officer", "SCALE5"),
    ("Occupational Therapist", "PO3"),
]
FIRST = ["Alex", "Bina", "Carys", "Dev", "Eilidh", "Farah", "Gethin", "Hana", "Idris", "Jo"]
LAST = [
    "Ahmed", "Brennan", "Chowdhury", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
    "Jones", "Kaur", "Lewis", "Murphy", "Nowak", "Okafor", "Patel", "Quinn", "Rees", "Shah",
    "Taylor",
]  # fmt: skip


def make_council(posts: int, seed: int = 0) -> dict[str, object]:
    """A council of about `posts` entries, top down: directorates, their services,
    each service's managers and their teams."""
    rng = random.Random(seed)
    entries: list[dict[str, object]] = []
    # Names as in a real council, nearly all different: 5,200 before one repeats.
    names = [f"{f} {chr(65 + i)}. {last}" for f in FIRST for i in range(26) for last in LAST]
    rng.shuffle(names)

    def add(post_id: str, title: str, grade: str, manager: str | None, unit: str) -> None:
        entry: dict[str, object] = {"id": post_id, "title": title, "grade": grade, "unit": unit}
        if manager is not None:
            entry["reports_to"] = manager
        roll = rng.random()
        if roll < 0.05 and manager is not None:
            entry["status"] = "vacant"
        else:
            entry["holder"] = names[len(entries) % len(names)]
            if roll < 0.08:
                entry["status"] = "temporary"
                entry["end_date"] = "2027-03-31"
            elif roll < 0.13:
                entry["fte"] = rng.choice([0.5, 0.6, 0.8])
            elif roll < 0.15 and grade in ("PO3", "SO2", "SCALE5"):
                entry["cost"] = COUNCIL_GRADES[grade] + rng.randint(1, 999) * 3
            if rng.random() < 0.04:
                entry["notes"] = f"Acting up until the review. Agreed with {rng.choice(LAST)}."
        entries.append(entry)

    add("CEX", "Chief Executive", "CEX", None, "Chief Executive's Office")
    teams: deque[tuple[str, str]] = deque()
    for d, directorate in enumerate(DIRECTORATES):
        add(f"D{d}", f"Director of {directorate}", "DIR", "CEX", directorate)
        for s in range(rng.randint(4, 7)):
            service = f"{SERVICES[s % len(SERVICES)]} {s // len(SERVICES) + 1}, {directorate}"
            add(f"D{d}-S{s}", f"Head of {service}", "HOS", f"D{d}", service)
            for m in range(rng.randint(2, 4)):
                add(f"D{d}-S{s}-M{m}", "Service Delivery Manager", "SDM", f"D{d}-S{s}", service)
                teams.append((f"D{d}-S{s}-M{m}", service))
    number = 0
    while len(entries) < posts:
        manager, service = teams[number % len(teams)]
        team = f"{manager}-T{number // len(teams)}"
        number += 1
        add(team, "Team Manager", "PO6", manager, f"Team {team}, {service}")
        for k in range(rng.randint(5, 12)):
            if len(entries) >= posts:
                break
            title, grade = rng.choice(MEMBERS)
            add(f"{team}-{k}", title, grade, team, f"Team {team}, {service}")
            if rng.random() < 0.05:
                group = entries[-1]
                group.pop("holder", None)
                group.pop("fte", None)
                group.pop("cost", None)
                group["count"] = rng.randint(2, 4)
    return {
        "name": f"Synthetic council of {posts} posts",
        "date": "2026-03-31",
        "grades": COUNCIL_GRADES,
        "posts": entries,
    }


def restructure(data: dict[str, object], seed: int = 1) -> dict[str, object]:
    """An 'after' for `data`: about 1% of posts removed, moved, regraded, retitled
    in capitals and added, and one unit renamed."""
    rng = random.Random(seed)
    posts = [dict(p) for p in data["posts"]]  # type: ignore[attr-defined]
    managers = {p["reports_to"] for p in posts if "reports_to" in p}
    leaves = [p["id"] for p in posts if p["id"] not in managers]
    removed = set(rng.sample(leaves, len(posts) // 100))
    kept = [p for p in posts if p["id"] not in removed]
    ids = [p["id"] for p in kept]
    index = {post_id: i for i, post_id in enumerate(ids)}
    for post in rng.sample(kept[1:], len(kept) // 100):
        # a new manager earlier in the list keeps the tree free of cycles
        post["reports_to"] = ids[rng.randrange(0, index[post["id"]])]
    for post in rng.sample(kept, len(kept) // 100):
        post["grade"] = rng.choice(LEVELS)
    # Titles retyped in capitals, as two exports of one body often differ:
    # no change, unless --strict.
    for post in rng.sample(kept, len(kept) // 100):
        post["title"] = post["title"].upper()
    # One unit renamed: a change made alike to all its posts, said once.
    units = sorted({p["unit"] for p in kept if "unit" in p})
    if units:
        old_name = units[len(units) // 2]
        for post in kept:
            if post.get("unit") == old_name:
                post["unit"] = f"{old_name} (renamed)"
    for n in range(len(posts) // 100):
        kept.append(
            {"id": f"N{n}", "title": "New post", "grade": "PO3", "reports_to": rng.choice(ids)}
        )
    return {**data, "posts": kept}


def write_structure(posts: int, path: Path, seed: int = 0, shape: str = "tree") -> Path:
    data = make_structure(posts, seed, shape)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


CSV_COLUMNS = ["id", "title", "grade", "fte", "reports_to", "unit", "cost"]


def write_csv(data: dict[str, object], path: Path) -> Path:
    """An HR-style export of `data`, one row a post: groups become one post
    each, so that a script reading rows counts what orgchart counts."""
    grades: dict[str, int] = data["grades"]  # type: ignore[assignment]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(CSV_COLUMNS)
        for post in data["posts"]:  # type: ignore[attr-defined]
            fte = float(post.get("fte", 1.0))
            row = {**post, "fte": fte, "cost": round(grades[post["grade"]] * fte, 2)}
            out.writerow([row.get(c, "") for c in CSV_COLUMNS])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="tree")
    parser.add_argument("--council", action="store_true", help="A council's shape.")
    args = parser.parse_args()
    if args.council:
        data = make_council(args.posts, args.seed)
        args.out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    else:
        write_structure(args.posts, args.out, args.seed, args.shape)


if __name__ == "__main__":
    main()
