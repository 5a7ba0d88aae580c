"""The way in (orgchart.build): what it leaves behind besides the structure."""

from __future__ import annotations

import gc
import weakref

from orgchart.build import build

from .conftest import COMM, ORGANOGRAMS


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


def test_a_built_structure_says_where_each_post_was_read(write) -> None:
    path = write(
        """\
        name: Lines
        posts:
          - {id: A, title: Top}
          - id: B
            title: Below
            reports_to: A
        """
    )
    built = build(path)
    assert built.where("A") == (str(path), 3)
    assert built.where("B") == (str(path), 4)
    assert built.where("nobody") == (str(path), None)
    senior = ORGANOGRAMS / "audit_commission-2011-09-30-senior.csv"
    junior = senior.with_name("audit_commission-2011-09-30-junior.csv")
    read = build(senior)
    assert read.where("33732") == (str(senior), 3)
    assert read.where("93110/Functional level 1/head of function") == (str(junior), 2)
