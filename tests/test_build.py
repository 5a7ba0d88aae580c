"""The way in (orgchart.build): what it leaves behind besides the structure."""

from __future__ import annotations

import gc
import weakref

from orgchart.build import build

from .conftest import COMM


class Node:
    """An object that can be made into a garbage cycle."""

    def __init__(self) -> None:
        self.me: Node | None = None


def test_a_load_leaves_the_collector_as_it_was_and_cycles_collectable() -> None:
    # A load pauses the cycle collector and moves what it made to the oldest
    # generation; garbage made before it must still be collected after it.
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            cycle = Node()
            cycle.me = cycle
            gone = weakref.ref(cycle)
            del cycle
            build(COMM / "after.yaml")
            assert gc.isenabled() is enabled
            gc.collect()
            assert gone() is None
    finally:
        gc.enable() if was else gc.disable()
