"""The peer: what an HR analyst would write in pandas instead of using orgchart.

Usage: python benchmarks/peer_pandas.py span|layers|cost|validate|diff CSV [CSV2]

Each job reads the CSV (id,title,grade,fte,reports_to,unit,cost) and prints
JSON like the orgchart command's, so the two are timed doing the same work:
span (direct reports, their FTE, reports per manager FTE, posts below, layer),
layers (posts and FTE per layer), cost by grade, validate (duplicate ids,
unknown managers, self-reports, FTE out of range, posts in loops) and diff
(added, removed, moved, changed, totals). Not a runtime dependency: benchmarks only.
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


def validate(df: pd.DataFrame) -> str:
    ids = set(df["id"])
    problems = pd.concat(
        [
            df.loc[df["id"].duplicated(keep=False), "id"].map("duplicate id {}".format),
            df.loc[df["reports_to"].notna() & ~df["reports_to"].isin(ids), "id"].map(
                "{} reports to an unknown post".format
            ),
            df.loc[df["reports_to"] == df["id"], "id"].map("{} reports to itself".format),
            df.loc[(df["fte"] <= 0) | (df["fte"] > 1), "id"].map("{}: FTE out of range".format),
            df.loc[layer_of(df).to_numpy() == 0, "id"].map("{} is in a loop".format),
        ]
    )
    return problems.to_json(orient="values") + f"\n{len(df)} posts, {len(problems)} problems"


def diff(old: pd.DataFrame, new: pd.DataFrame) -> str:
    both = old.merge(new, on="id", how="outer", suffixes=("_old", "_new"), indicator=True)
    matched = both[both["_merge"] == "both"]
    fields = ["title", "grade", "fte", "unit", "cost"]
    changed = [
        {"id": i, "field": f, "before": b, "after": a}
        for f in fields
        for i, b, a in matched.loc[
            matched[f"{f}_old"].ne(matched[f"{f}_new"])
            & ~(matched[f"{f}_old"].isna() & matched[f"{f}_new"].isna()),
            ["id", f"{f}_old", f"{f}_new"],
        ].itertuples(index=False)
    ]
    moved = matched.loc[
        matched["reports_to_old"].fillna("") != matched["reports_to_new"].fillna(""),
        ["id", "reports_to_old", "reports_to_new"],
    ]
    totals = {
        side: {"posts": len(frame), "fte": frame["fte"].sum(), "cost": frame["cost"].sum()}
        for side, frame in (("before", old), ("after", new))
    }
    return pd.Series(
        {
            "added": both.loc[both["_merge"] == "right_only", "id"].tolist(),
            "removed": both.loc[both["_merge"] == "left_only", "id"].tolist(),
            "moved": moved.to_dict(orient="records"),
            "changed": changed,
            "summary": totals,
        }
    ).to_json(indent=2, default_handler=str)


def main() -> None:
    job, paths = sys.argv[1], sys.argv[2:]
    frames = [read(p) for p in paths]
    jobs = {"span": span, "layers": layers, "cost": cost, "validate": validate}
    text = diff(frames[0], frames[1]) if job == "diff" else jobs[job](frames[0])
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
