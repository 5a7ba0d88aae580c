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
    sources, date = structure.funding_sources, structure.date
    for index, post in enumerate(structure.posts):
        # Most posts meet none of these: each test is cheap, the message is made when one fails.
        if post.status is Status.VACANT and post.id in managers and first[post.id] == index:
            found.add("warning", f"post {post.id!r} is vacant but has reports", index, post.id)
        if post.assistant and post.reports_to is None:
            found.add(
                "warning",
                f"post {post.id!r} is an assistant with no manager to sit beside",
                index,
                post.id,
            )
        if sources and post.funding:
            for source in post.funding:
                if source not in sources:
                    hint = did_you_mean(source, sorted(sources))
                    found.add(
                        "error",
                        f"post {post.id!r}: funding source {source!r} is not in funding_sources"
                        f"{hint}",
                        index,
                        post.id,
                    )
        if date and post.end_date and post.end_date < date:
            found.add(
                "warning",
                f"post {post.id!r} ended on {post.end_date} before the structure's date {date}",
                index,
                post.id,
            )
