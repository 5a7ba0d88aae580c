"""Progress for long work, on a terminal only: what is being done, and how long it took.

Nothing is shown when stderr is not a terminal (a pipe, a log, a test), with
--quiet, or for work that ends within a second: the line appears only once
the work has taken that long, so quick commands print exactly what they did.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from orgchart.text import for_terminal

# Work that ends sooner than this says nothing.
AFTER_SECONDS = 1.0


@contextmanager
def progress(
    what: str,
    *,
    quiet: bool = False,
    stream: TextIO | None = None,
    after: float = AFTER_SECONDS,
) -> Iterator[None]:
    """Say `what` is being done once it has taken `after` seconds, then how long it took."""
    out = stream if stream is not None else sys.stderr
    if quiet or not out.isatty():
        yield
        return
    text = for_terminal(what)
    shown = threading.Event()
    lock = threading.Lock()

    def announce() -> None:
        with lock:
            out.write(f"orgchart: {text} …\n")
            out.flush()
            shown.set()

    timer = threading.Timer(after, announce)
    timer.daemon = True
    start = time.perf_counter()
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            if shown.is_set():
                out.write(f"orgchart: {text}: {time.perf_counter() - start:.1f} s\n")
                out.flush()
