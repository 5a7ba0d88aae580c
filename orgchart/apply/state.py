"""A structure as a proposal's actions change it: posts by id, each manager's
reports, where each post was last made or changed, and what became of each
post that is gone.

The actions (orgchart.apply.actions) ask and change it through these
methods, which keep the indexes true, so that no action walks every post to
find a post's reports or the posts with a dotted line to it. Problems are
collected as Issues at the line of the action that meets them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from orgchart.errors import Issue
from orgchart.model import Post, Structure
from orgchart.read.proposal import ReadProposal
from orgchart.text import Hints

# Where a post comes from: its file and line.
Origin = tuple[str, int | None]


@dataclass(frozen=True)
class Gone:
    """What became of a post that is no longer in the structure."""

    how: str  # "deleted", "merged into 'A'", "renumbered 'B'"
    line: int | None  # of the action that did it


@dataclass
class State:
    posts: dict[str, Post]
    origin: dict[str, Origin]
    read: ReadProposal
    grades: dict[str, float] = field(default_factory=dict)  # to cost posts that merge
    reports: dict[str, set[str]] = field(default_factory=dict)  # manager -> its reports
    dotted: dict[str, set[str]] = field(default_factory=dict)  # post -> posts dotted to it
    gone: dict[str, Gone] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    hints: Hints | None = None

    @classmethod
    def of(cls, structure: Structure, origins: list[Origin], read: ReadProposal) -> State:
        state = cls({p.id: p for p in structure.posts}, {}, read, dict(structure.grades))
        for post, origin in zip(structure.posts, origins, strict=True):
            state.origin[post.id] = origin
            state._link(post)
        return state

    def _link(self, post: Post) -> None:
        if post.reports_to is not None:
            self.reports.setdefault(post.reports_to, set()).add(post.id)
        for target in post.dotted_to:
            self.dotted.setdefault(target, set()).add(post.id)

    def _unlink(self, post: Post) -> None:
        if post.reports_to is not None:
            self.reports.get(post.reports_to, set()).discard(post.id)
        for target in post.dotted_to:
            self.dotted.get(target, set()).discard(post.id)

    def error(self, message: str, path: tuple[str | int, ...], post: str | None = None) -> None:
        self.issues.append(Issue(self.read.file, self.read.line(*path), "error", message, post))

    def where(self, index: int) -> Origin:
        return (self.read.file, self.read.line("actions", index))

    def find(self, post_id: str, path: tuple[str | int, ...]) -> Post | None:
        """The post, or None after saying why there is none."""
        post = self.posts.get(post_id)
        if post is not None:
            return post
        gone = self.gone.get(post_id)
        if gone is not None:
            self.error(f"post {post_id!r} was {gone.how} by the action at line {gone.line}", path)
        else:
            if self.hints is None:
                self.hints = Hints(list(self.posts))
            self.error(f"no post {post_id!r}{self.hints(post_id)}", path, post_id)
        return None

    def put(self, post: Post, origin: Origin) -> None:
        """Add a post, or replace the post of the same id."""
        old = self.posts.get(post.id)
        if old is not None:
            self._unlink(old)
        self.posts[post.id] = post
        self.origin[post.id] = origin
        self._link(post)

    def remove(self, post_id: str, gone: Gone) -> None:
        """Take a post out; dotted lines to it go with it. Its reports still
        name it until an action moves them."""
        post = self.posts.pop(post_id)
        self._unlink(post)
        del self.origin[post_id]
        self.gone[post_id] = gone
        for other in sorted(self.dotted.pop(post_id, set())):
            kept = [d for d in self.posts[other].dotted_to if d != post_id]
            self.posts[other] = self.posts[other].model_copy(update={"dotted_to": kept})

    def above(self, post_id: str) -> Iterable[str]:
        """The post's managers, nearest first, as far as the lines go."""
        seen = {post_id}
        manager = self.posts[post_id].reports_to
        while manager is not None and manager in self.posts and manager not in seen:
            yield manager
            seen.add(manager)
            manager = self.posts[manager].reports_to

    def below(self, post_id: str) -> list[str]:
        """Every post below this one, nearest first."""
        found: list[str] = []
        todo = deque(sorted(self.reports.get(post_id, ())))
        seen = {post_id}
        while todo:
            current = todo.popleft()
            if current in seen or current not in self.posts:
                continue
            seen.add(current)
            found.append(current)
            todo.extend(sorted(self.reports.get(current, ())))
        return found

    def renumber(self, names: dict[str, str], gone_line: int | None) -> None:
        """Give posts new ids; every line and dotted line to them follows."""
        touched = set(names)
        for old in names:
            touched |= self.reports.get(old, set()) | self.dotted.get(old, set())
        posts: dict[str, Post] = {}
        origin: dict[str, Origin] = {}
        for post_id, post in self.posts.items():
            if post_id in touched:
                manager = post.reports_to
                post = post.model_copy(
                    update={
                        "id": names.get(post_id, post_id),
                        "reports_to": names.get(manager, manager) if manager else None,
                        "dotted_to": [names.get(d, d) for d in post.dotted_to],
                    }
                )
            posts[post.id] = post
            origin[post.id] = self.origin[post_id]
        self.posts, self.origin = posts, origin
        self.reports, self.dotted = {}, {}
        for post in posts.values():
            self._link(post)
        for old, new in names.items():
            self.gone[old] = Gone(f"renumbered {new!r}", gone_line)

    def structure(self, head: Structure) -> tuple[Structure, list[int | None], list[str]]:
        """The structure now: `head`'s keys and these posts, with each post's line and file."""
        posts = list(self.posts.values())
        origins = [self.origin[p.id] for p in posts]
        return (
            head.model_copy(update={"posts": posts}),
            [line for _, line in origins],
            [file for file, _ in origins],
        )
