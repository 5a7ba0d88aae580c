"""Turn plain data (from YAML, JSON or a spreadsheet) into a validated Structure.

Every post is validated on its own, so one bad post does not hide the
problems of the others; each problem becomes an Issue with the line of the
post or of the offending key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from orgchart.errors import Issue, LoadError
from orgchart.fields import POST_FIELDS
from orgchart.model import STRUCTURE_FIELDS, Post, Structure, problem
from orgchart.text import NOT_XML, clip, code_points, did_you_mean

# Line of a path such as ("posts", 3, "fte"); None where the format has none.
Lines = Mapping[tuple[str | int, ...], int]


def _post_label(raw: Mapping[str, Any], index: int) -> tuple[str | None, str]:
    raw_id = raw.get("id")
    if isinstance(raw_id, str | int) and str(raw_id).strip():
        return str(raw_id).strip(), f"post {str(raw_id).strip()!r}"
    return None, f"post #{index + 1}"


def _messages(exc: ValidationError) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for err in exc.errors(include_url=False):
        field = str(err["loc"][0]) if err["loc"] else None
        where = ".".join(str(p) for p in err["loc"])
        msg = problem(err)
        if err["type"] == "missing":
            out.append((field, f"missing required key {where!r}"))
        else:
            got = err.get("input")
            hidden = isinstance(got, dict | list) or field is None or "(got " in msg
            shown = "" if hidden else f" (got {clip(got)})"
            out.append((field, f"{where}: {msg}{shown}" if where else msg))
    return out


# A post's ids are refused with such a character by the model, never changed:
# removing it could make two ids one.
IDS = ("id", "reports_to", "dotted_to")


# Where a value was, for a message: its text, line, post index (-1: none) and post id.
Found = tuple[str, int | None, int, str | None]


def _xml_safe(data: dict[Any, Any], lines: Lines) -> list[Found]:
    """Remove, in place, every character XML cannot hold from the text of `data`
    (but ids), and say where. Such a character shows nothing a person reads,
    and Word, SVG and HTML cannot carry it: refusing the whole file over an
    invisible character would help nobody."""
    found: list[Found] = []

    def clean(value: Any, where: Found) -> Any:
        if isinstance(value, str):
            bad = NOT_XML.findall(value)
            if not bad:
                return value
            text, line, index, post = where
            message = (
                f"{text}: removed {len(bad)} character(s) XML cannot hold "
                f"({code_points(''.join(bad))}), which no report or chart can show"
            )
            found.append((message, line, index, post))
            return NOT_XML.sub("", value)
        if isinstance(value, list):
            return [clean(v, where) for v in value]
        if isinstance(value, dict):
            return {clean(k, where): clean(v, where) for k, v in value.items()}
        return value

    for key in list(data):
        if key != "posts":
            data[key] = clean(data[key], (str(key), lines.get((key,)), -1, None))
    posts = data.get("posts")
    for index, raw in enumerate(posts if isinstance(posts, list) else []):
        if isinstance(raw, dict):
            post_id, label = _post_label(raw, index)
            line = lines.get(("posts", index))
            for key in list(raw):
                if key not in IDS:
                    key_line = lines.get(("posts", index, key), line)
                    raw[key] = clean(raw[key], (f"{label}: {key}", key_line, index, post_id))
    return found


def structure_from_data(
    data: Any,
    lines: Lines,
    file: str,
    files: list[str] | None = None,
    *,
    clean: bool = True,
) -> tuple[Structure, list[Issue], list[int | None]]:
    """Validate plain data; return the structure, the issues, and each post's line.

    `clean` False: the reader knows no text holds a character XML cannot
    (text.may_hold_not_xml), and the look through every value is skipped.
    Raises LoadError for a proposal file, which is no structure."""
    issues: list[Issue] = []

    def error(message: str, line: int | None, post: str | None = None, index: int = -1) -> None:
        # A post may come from another file than the structure (an organogram's junior CSV).
        source = files[index] if files is not None and 0 <= index < len(files) else file
        issues.append(Issue(source, line, "error", message, post))

    if data is None:
        error("the file is empty: a structure needs at least 'name' and 'posts'", None)
        return Structure.model_construct(name=file, posts=[]), issues, []
    if not isinstance(data, Mapping):
        error("a structure file must be a mapping with 'name' and 'posts' keys", 1)
        return Structure.model_construct(name=file, posts=[]), issues, []
    if clean and isinstance(data, dict):
        for message, at, where, about in _xml_safe(data, lines):
            source = files[where] if files is not None and 0 <= where < len(files) else file
            issues.append(Issue(source, at, "warning", message, about))

    proposal_keys = [k for k in ("proposal", "actions") if k in data]
    if proposal_keys:
        raise LoadError(
            "this is a proposal, not a structure: give it where a command takes AFTER, or "
            "apply it to the structure it changes (orgchart apply BEFORE PROPOSAL -o AFTER)",
            file=file,
            line=lines.get((proposal_keys[0],)),
        )

    header = {k: v for k, v in data.items() if k != "posts"}
    for key in header:
        if key not in STRUCTURE_FIELDS:
            error(f"unknown key {key!r}{did_you_mean(key, STRUCTURE_FIELDS)}", lines.get((key,)))
    known = {k: v for k, v in header.items() if k in STRUCTURE_FIELDS}
    try:
        head = Structure.model_validate({**known, "posts": []})
    except ValidationError as exc:
        problems = _messages(exc)
        for field, msg in problems:
            error(msg, lines.get((field,)) if field else None)
        # Go on without the bad keys, so that the posts are still checked and
        # nothing later meets a value the model would have refused.
        refused = {field for field, _ in problems}
        rest = {k: v for k, v in known.items() if k not in refused}
        try:
            head = Structure.model_validate({"name": file, **rest, "posts": []})
        except ValidationError:
            head = Structure.model_construct(name=file, posts=[])

    raw_posts = data.get("posts")
    if raw_posts is None:
        error("missing required key 'posts'", None)
        raw_posts = []
    if not isinstance(raw_posts, list):
        error("'posts' must be a list of posts", lines.get(("posts",)))
        raw_posts = []

    posts: list[Post] = []
    post_lines: list[int | None] = []
    validate = Post.model_validate
    for index, raw in enumerate(raw_posts):
        line = lines.get(("posts", index))
        # Most posts pass: the model reads them as they are, with no copy. It
        # forbids unknown keys, so a post it refuses is looked at again to
        # name each problem, an unknown key with its likely meaning.
        if type(raw) is dict:
            try:
                posts.append(validate(raw))
                post_lines.append(line)
                continue
            except ValidationError:
                pass
        post = _post_or_problems(raw, index, line, lines, error)
        if post is not None:
            posts.append(post)
            post_lines.append(line)
    head.posts = posts
    return head, issues, post_lines


def _post_or_problems(
    raw: Any,
    index: int,
    line: int | None,
    lines: Lines,
    error: Callable[[str, int | None, str | None, int], None],
) -> Post | None:
    """The post; or, where it has problems, say each one and return a placeholder.

    The placeholder is bare (id, title, reports_to) and kept so that the
    posts reporting to it are not reported again as orphans; a post with
    no id, or that is no mapping, leaves none.
    """
    if not isinstance(raw, Mapping):
        error(f"post #{index + 1} must be a mapping of keys to values", line, None, index)
        return None
    post_id, label = _post_label(raw, index)
    bad = False
    for key in raw:
        if key not in POST_FIELDS:
            bad = True
            hint = did_you_mean(str(key), POST_FIELDS)
            error(
                f"{label}: unknown key {key!r}{hint}",
                lines.get(("posts", index, key), line),
                post_id,
                index,
            )
    try:
        post = Post.model_validate({k: v for k, v in raw.items() if k in POST_FIELDS})
    except ValidationError as exc:
        bad = True
        for field, msg in _messages(exc):
            key_line = lines.get(("posts", index, field), line) if field else line
            error(f"{label}: {msg}", key_line, post_id, index)
    if not bad:
        return post
    if post_id is None:
        return None
    manager = raw.get("reports_to")
    return Post.model_construct(
        # In the composed form the model reads ids in, so its reports still find it.
        id=unicodedata.normalize("NFC", post_id),
        title=str(raw.get("title", post_id)),
        reports_to=unicodedata.normalize("NFC", str(manager))
        if isinstance(manager, str | int)
        else None,
        # Kept so that --redact knows the name to take out of messages.
        holder=holder if isinstance(holder := raw.get("holder"), str) else None,
    )
