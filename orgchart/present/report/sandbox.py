"""Running a report template: Jinja2's sandbox, made to fail with a line.

`run` renders a template's source, shipped or a house style, and raises
LoadError naming the template's line for whatever goes wrong in it: a
syntax error, a division by zero, an unknown name, an unsafe attribute, a
power or a repetition too large to make, output past its limit. A house
style is one file: it cannot include, import or extend another.

Run as a program (`python -m orgchart.present.report.sandbox`), it renders
the pickled job on its standard input under limits on memory and CPU time
and writes the outcome as JSON: how templating runs a house style apart,
so that one that runs away can be stopped. It imports only Jinja2 and the
Markdown escaping, so that it starts quickly.
"""

from __future__ import annotations

import json
import math
import operator
import pickle
import sys
import traceback
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from orgchart.errors import LoadError
from orgchart.present.formats.markdown import escape

# A power or a repetition may make at most this many bits or items: more is
# no report's business, and Python would make it before any limit could look.
BIGGEST = 1 << 24
_POWER_BITS = 4096


class _OneFile(jinja2.BaseLoader):
    """A house style is one file: every other template it names is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        raise jinja2.TemplateNotFound(
            template,
            f"a house style is one file; it cannot include, import or extend {template!r}",
        )


class _Bounded(SandboxedEnvironment):
    """The sandbox, with `**` and `*` refusing results too large to make."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            if _power_bits(left, right) > _POWER_BITS:
                raise OverflowError("a power too large for a report")
            return operator.pow(left, right)
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                many = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if many and len(seq) * times > BIGGEST:
                    raise OverflowError("a repetition too large for a report")
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


def _power_bits(base: Any, exponent: Any) -> float:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        return exponent * math.log2(abs(base))
    return 0.0


def environment(html: bool) -> SandboxedEnvironment:
    env = _Bounded(
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        loader=_OneFile(),
    )
    env.filters["md"] = lambda value: escape(str(value))
    return env


def run(source: str, file: str, *, html: bool, context: dict[str, Any], limit: int) -> str:
    """Render `source` (the template `file`) with `context`, at most `limit`
    characters. Raises LoadError naming `file` and the template's line."""
    env = environment(html)
    written = 0
    out: list[str] = []
    try:
        template = env.template_class.from_code(
            env, env.compile(source, filename=file), env.make_globals(None)
        )
        for chunk in template.generate(context):
            written += len(chunk)
            if written > limit:
                raise _TooMuch(f"the template wrote more than {limit:,} characters; stopped")
            out.append(chunk)
    except jinja2.TemplateSyntaxError as exc:
        raise LoadError(f"template error: {exc.message}", file=file, line=exc.lineno) from None
    except _TooMuch as exc:
        raise LoadError(str(exc), file=file) from None
    except MemoryError as exc:
        said = "template error: it needs more memory than a report may"
        raise LoadError(said, file=file, line=_line(exc, file)) from None
    except RecursionError as exc:
        raise LoadError(
            "template error: recursion too deep (a macro calling itself?)",
            file=file,
            line=_line(exc, file),
        ) from None
    except Exception as exc:  # whatever a template does wrong is the template's error
        said = str(exc)
        if not isinstance(exc, jinja2.TemplateError):
            said = f"{said} ({type(exc).__name__})"
        raise LoadError(f"template error: {said}", file=file, line=_line(exc, file)) from None
    return "".join(out)


class _TooMuch(Exception):
    """The template's output passed its limit."""


def _line(exc: BaseException, file: str) -> int | None:
    """The template's line where `exc` was raised: Jinja2 rewrites the
    traceback so that a template's frames carry its file name and lines."""
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == file:
            found = line
    return found


def _limit_resources(memory: int, seconds: float) -> None:
    """At most `memory` bytes more address space and `seconds` of CPU, where
    the system allows limits (not on Windows)."""
    try:
        import resource
    except ImportError:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        used = 0
    for kind, want in (
        (resource.RLIMIT_AS, used + memory),
        (resource.RLIMIT_CPU, math.ceil(seconds) + 1),
    ):
        soft, hard = resource.getrlimit(kind)
        low = [v for v in (soft, hard) if v != resource.RLIM_INFINITY]
        resource.setrlimit(kind, (min([want, *low]), hard))


def main() -> None:
    """The program: a pickled job in, JSON out ({"text"} or {"error", "line"})."""
    # The job is pickled by templating, the parent process: no one else's bytes.
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    _limit_resources(job["memory"], job["seconds"])
    try:
        text = run(
            job["source"], job["file"], html=job["html"], context=job["context"], limit=job["limit"]
        )
        outcome: dict[str, Any] = {"text": text}
    except LoadError as exc:
        outcome = {"error": exc.message, "line": exc.line}
    sys.stdout.buffer.write(json.dumps(outcome).encode("utf-8"))


if __name__ == "__main__":
    main()
