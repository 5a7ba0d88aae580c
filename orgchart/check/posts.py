"""One post at a time, against the rest: vacant managers, lone assistants,
undeclared funding sources, posts ended before the structure's date."""

from __future__ import annotations

from orgchart.check import Found
from orgchart.fields import Status
from orgchart.model import Structure
from orgchart.text import did_you_mean


def posts_consistent(structure: Structure, found: Found) -> None:
    first = found.first
    managers = set(found.manager_of.values())
    for index, post in enumerate(structure.posts):
        label = f"post {post.id!r}"
        if post.status == Status.VACANT and post.id in managers and first[post.id] == index:
            found.add("warning", f"{label} is vacant but has reports", index, post.id)
        if post.assistant and post.reports_to is None:
            found.add(
                "warning", f"{label} is an assistant with no manager to sit beside", index, post.id
            )
        if structure.funding_sources:
            for source in post.funding:
                if source not in structure.funding_sources:
                    hint = did_you_mean(source, sorted(structure.funding_sources))
                    found.add(
                        "error",
                        f"{label}: funding source {source!r} is not in funding_sources{hint}",
                        index,
                        post.id,
                    )
        if structure.date and post.end_date and post.end_date < structure.date:
            found.add(
                "warning",
                f"{label} ended on {post.end_date} before the structure's date {structure.date}",
                index,
                post.id,
            )
