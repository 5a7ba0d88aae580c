"""The peer: what an HR analyst would write in pandas instead of using orgchart.

Usage: python benchmarks/peer_pandas.py span|layers|cost|validate|diff CSV [CSV2]

Each job reads the CSV (id,title,grade,fte,reports_to,unit,cost) and prints
JSON like the orgchart command's, so the two are timed doing the same work:
span (direct reports, their FTE, reports per manager FTE, posts below, layer),
layers (posts and FTE per layer), cost by grade, validate (duplicate ids,
unknown managers, self-reports, FTE out of range, posts in loops) and diff
(both files checked as validate does; added and removed posts; moves with the
posts that went with them; changes, text retyped only in case, spacing or
punctuation left out; changes made alike to many posts; managers whose span
changed, with their bands; the counts and totals): the JSON `orgchart diff -f
json` writes, which benchmarks/scale.py checks before it times the two.
Not a runtime dependency: benchmarks only.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd


def read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"id": str, "reports_to": str})


def layer_of(df: pd.DataFrame) -> pd.Series:
    """Layer by repeated lookup of the manager's layer: one merge per level."""
    position = pd.Series(np.arange(len(df)), index=df["id"])
    manager = df["reports_to"].map(position).to_numpy()
    layer = np.where(df["reports_to"].isna(), 1, 0)
    while True:
        known = (layer == 0) & ~np.isnan(manager)
        manager_layer = np.zeros(len(df), dtype=np.int64)
        manager_layer[known] = layer[manager[known].astype(np.int64)]
        newly = known & (manager_layer > 0)
        if not newly.any():
            return pd.Series(layer, index=df.index)
        layer[newly] = manager_layer[newly] + 1


def below(df: pd.DataFrame, layer: pd.Series) -> pd.Series:
    """Posts below each post: add each layer's totals to its managers, deepest first."""
    total = pd.Series(0, index=df["id"].to_numpy())
    for depth in range(int(layer.max()), 1, -1):
        rows = df[layer.to_numpy() == depth]
        add = (1 + total.reindex(rows["id"]).to_numpy()).astype(np.int64)
        sums = pd.Series(add).groupby(rows["reports_to"].to_numpy()).sum()
        total = total.add(sums, fill_value=0)
    return total


def span(df: pd.DataFrame) -> str:
    layer = layer_of(df)
    groups = df.groupby("reports_to").agg(direct_reports=("id", "size"), direct_fte=("fte", "sum"))
    out = df.set_index("id")[["title", "grade", "unit", "fte"]].join(groups, how="inner")
    out["layer"] = layer.set_axis(df["id"]).reindex(out.index)
    out["reports_per_manager_fte"] = out["direct_reports"] / out["fte"]
    out["total_reports"] = below(df, layer).reindex(out.index)
    out = out.rename(columns={"fte": "manager_fte"}).reset_index()
    return out.sort_values(["layer", "id"]).to_json(orient="records", indent=2)


def layers(df: pd.DataFrame) -> str:
    df = df.assign(layer=layer_of(df))
    table = df.groupby("layer").agg(posts=("id", "size"), fte=("fte", "sum")).reset_index()
    return table.to_json(orient="records", indent=2)


def cost(df: pd.DataFrame) -> str:
    table = df.groupby("grade").agg(posts=("id", "size"), fte=("fte", "sum"), cost=("cost", "sum"))
    return table.reset_index().to_json(orient="records", indent=2)


def problems(df: pd.DataFrame) -> pd.Series:
    """What the validate job reports, a line a problem."""
    return pd.concat(
        [
            df.loc[df["id"].duplicated(keep=False), "id"].map("duplicate id {}".format),
            df.loc[df["reports_to"].notna() & ~df["reports_to"].isin(df["id"]), "id"].map(
                "{} reports to an unknown post".format
            ),
            df.loc[df["reports_to"] == df["id"], "id"].map("{} reports to itself".format),
            df.loc[(df["fte"] <= 0) | (df["fte"] > 1), "id"].map("{}: FTE out of range".format),
            df.loc[layer_of(df).to_numpy() == 0, "id"].map("{} is in a loop".format),
        ]
    )


def validate(df: pd.DataFrame) -> str:
    found = problems(df)
    return found.to_json(orient="values") + f"\n{len(df)} posts, {len(found)} problems"


# orgchart's default span bands: a manager's reports per FTE, up to each bound.
BANDS = [
    (1, "one-to-one"),
    (3, "micro team"),
    (7, "below target"),
    (12, "on target"),
    (16, "above target"),
]
# In the order orgchart lists a post's changes (its fields' order).
COMPARED = ["title", "grade", "fte", "cost", "unit"]
TEXT = ["title", "grade", "unit"]
ALIKE = 10  # posts changed alike that the diff says as one line


def folded(text: pd.Series) -> pd.Series:
    """Text as read, not as typed: case, spacing and punctuation folded, & as 'and'."""
    spaced = text.str.replace("&", " and ", regex=False).str.casefold()
    return spaced.str.replace(r"[\W_]+", " ", regex=True).str.strip()


def band(reports: pd.Series, fte: pd.Series) -> pd.Series:
    per_fte = reports / fte
    labels = np.select([per_fte <= b for b, _ in BANDS], [label for _, label in BANDS], "excessive")
    return pd.Series(labels, index=reports.index).where(reports > 0, None)


def checked(df: pd.DataFrame, path: str) -> pd.DataFrame:
    """The validate job's checks: a diff of a file with problems is refused."""
    found = problems(df)
    if len(found):
        sys.exit(f"{path}: {found.iloc[0]}")
    return df


def nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None, which JSON writes as null."""
    return frame.astype(object).where(frame.notna(), None)


def field_changes(kept: pd.DataFrame) -> tuple[pd.DataFrame, int, pd.Series]:
    """Each field changed, by post; how many differences were only retyped
    text; and which posts changed."""
    found, retyped, touched = [], 0, pd.Series(False, index=kept.index)
    for order, name in enumerate(COMPARED):
        a, b = kept[f"{name}_old"], kept[f"{name}_new"]
        differ = a.ne(b) & ~(a.isna() & b.isna())
        if name in TEXT:
            typed = differ & a.notna() & b.notna()
            same = typed.copy()
            same[typed] = folded(a[typed]).eq(folded(b[typed]))
            retyped += int(same.sum())
            differ &= ~same
        touched |= differ
        rows = kept.loc[differ, ["id"]].assign(
            order=order, field=name, before=a[differ], after=b[differ]
        )
        found.append(rows.astype({"before": object, "after": object}))
    changes = pd.concat(found).sort_values(["id", "order"], kind="stable")
    return nulls(changes), retyped, touched


def descendants(df: pd.DataFrame, tops: pd.Series) -> pd.DataFrame:
    """Every (top, post) with the post below the top: one merge per layer."""
    links = df.loc[df["reports_to"].notna(), ["reports_to", "id"]]
    found, frontier = [], pd.DataFrame({"top": tops, "post": tops})
    while len(frontier):
        frontier = frontier.merge(links, left_on="post", right_on="reports_to")
        frontier = frontier[["top", "id"]].rename(columns={"id": "post"})
        found.append(frontier)
    return pd.concat(found, ignore_index=True)


def moves(
    old: pd.DataFrame, new: pd.DataFrame, kept: pd.DataFrame, moving: pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    """Posts with another manager, with the posts below them both before and
    after ("with N reports"); and which posts went with a post that moved."""
    movers = kept.loc[moving, "id"]
    below = descendants(old, movers).merge(descendants(new, movers))
    with_reports = below.groupby("top").size().reindex(movers, fill_value=0)
    moved = pd.DataFrame(
        {
            "id": movers.to_numpy(),
            "from": kept.loc[moving, "reports_to_old"].to_numpy(),
            "to": kept.loc[moving, "reports_to_new"].to_numpy(),
            "with_reports": with_reports.to_numpy(),
        }
    )
    return nulls(moved), kept["id"].isin(below["post"])


def span_changes(
    old: pd.DataFrame, new: pd.DataFrame, both: pd.DataFrame, kept: pd.DataFrame, moving: pd.Series
) -> pd.DataFrame:
    """Managers whose reports went, came or moved, or whose span changed."""
    gone, come = both[both["_merge"] == "left_only"], both[both["_merge"] == "right_only"]
    lost = pd.concat([gone["reports_to_old"], kept.loc[moving, "reports_to_old"]]).dropna()
    gained = pd.concat([come["reports_to_new"], kept.loc[moving, "reports_to_new"]]).dropna()
    in_old, in_new = both["_merge"] != "right_only", both["_merge"] != "left_only"
    before = both["id"].map(old.groupby("reports_to").size()).fillna(0).where(in_old)
    after = both["id"].map(new.groupby("reports_to").size()).fillna(0).where(in_new)
    shown = (
        (in_old & both["id"].isin(lost))
        | (in_new & both["id"].isin(gained))
        | (before.fillna(0) != after.fillna(0))
        | (in_old != in_new)
    ) & ((before.fillna(0) > 0) | (after.fillna(0) > 0))
    rows = both[shown]
    before, after = before[shown], after[shown]
    spans = pd.DataFrame(
        {
            "after": after.astype("Int64"),
            "band_after": band(after, rows["fte_new"]),
            "band_before": band(before, rows["fte_old"]),
            "before": before.astype("Int64"),
            "id": rows["id"],
            "title": rows["title_new"].fillna(rows["title_old"]),
        }
    )
    return nulls(spans)


def alike(changes: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, object]]:
    """The same value changed to the same other value on ALIKE posts or more;
    a unit no post is in any more was renamed, or merged into one that was."""
    units = (set(old["unit"].dropna().unique()), set(new["unit"].dropna().unique()))
    text = changes[changes["field"].isin(TEXT)].dropna(subset=["before", "after"])
    groups = text.groupby(["field", "before", "after"])["id"].agg(list)
    groups = groups[groups.map(len) >= ALIKE]
    found = []
    for (name, before, after), posts in sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))
    ):
        verb = "→"
        if name == "unit" and before not in units[1]:
            verb = "renamed" if after not in units[0] else "merged into"
        found.append(
            {"field": name, "posts": sorted(posts), "rule": f"{before!r} {verb} {after!r}"}
        )
    return found


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """Posts as the structure file writes them: missing values left out."""
    return [
        {k: v for k, v in row.items() if v == v and v is not None}
        for row in frame.sort_values("id").to_dict(orient="records")
    ]


def total(frame: pd.DataFrame) -> dict[str, float]:
    """Posts, FTE and cost, as printed: FTE to the hundredth, cost to the pound."""
    return {
        "posts": len(frame),
        "fte": round(frame["fte"].sum(), 2),
        "cost": round(frame["cost"].sum()),
    }


def diff(old: pd.DataFrame, new: pd.DataFrame) -> str:
    """orgchart diff's JSON: every post counted once, in one kind."""
    both = old.merge(new, on="id", how="outer", suffixes=("_old", "_new"), indicator=True)
    both = both.sort_values("id", ignore_index=True)
    kept = both[both["_merge"] == "both"]
    changes, retyped, touched = field_changes(kept)
    moving = kept["reports_to_old"].fillna("") != kept["reports_to_new"].fillna("")
    moved, carried = moves(old, new, kept, moving)
    added = new[new["id"].isin(both.loc[both["_merge"] == "right_only", "id"])]
    removed = old[old["id"].isin(both.loc[both["_merge"] == "left_only", "id"])]
    counts = {
        "created": len(added),
        "created_fte": added["fte"].sum(),
        "deleted": len(removed),
        "deleted_fte": removed["fte"].sum(),
        "moved": int(moving.sum()),
        "carried": int(moved["with_reports"].sum()),
        "changed": int((touched & ~moving & ~carried).sum()),
    }
    counts["touched"] = sum(v for k, v in counts.items() if not k.endswith("fte"))
    before, after = total(old), total(new)
    payload = {
        "added": records(added),
        "removed": records(removed),
        "moved": moved.to_dict(orient="records"),
        "changed": changes[["id", "field", "before", "after"]].to_dict(orient="records"),
        "uniform": alike(changes, old, new),
        "matched": [],
        "matching": None,
        "counts": counts,
        "retyped": retyped,
        "spans": span_changes(old, new, both, kept, moving).to_dict(orient="records"),
        "summary": {
            "before": before,
            "after": after,
            "delta": {k: round(after[k] - before[k], 2) for k in before},
        },
    }
    return pd.Series(payload).to_json(indent=2, force_ascii=False)


def main() -> None:
    job, paths = sys.argv[1], sys.argv[2:]
    frames = [read(p) for p in paths]
    jobs = {"span": span, "layers": layers, "cost": cost, "validate": validate}
    if job == "diff":
        text = diff(*(checked(f, p) for f, p in zip(frames, paths, strict=True)))
    else:
        text = jobs[job](frames[0])
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
