"""Pages: a chart too big for its paper, split into pages by manager.

The first page holds the top of the structure; each further page holds one
manager and part of what is below it. Bottom up, a manager's part stays
whole while it fits a page; when it does not, the manager goes to pages of
its own, with its teams (each whole, as they fit) packed onto as few pages
as hold them, largest first, and its box on the page above says where it
continues. A page may be shrunk to fit, but never so far that the smallest
type in a box (11 pt on pages) prints below 8 pt. Geometry only: which boxes
go on which page.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from orgchart.present.render.layout import VGAP, Layout, Point, bottom_up, compact

# Paper, landscape, in points.
PAPERS: dict[str, Point] = {"A4": (841.9, 595.3), "A3": (1190.6, 841.9), "letter": (792.0, 612.0)}
MARGIN = 18.0  # each side of a printed page
TITLE = 64.0  # room for a page's title (up to two lines) and page number
TITLE_WRAP = 60  # characters on a line of a page's title: a title never widens a page
PRINT_TYPE = 11.0  # every type on a page: titles and the details under them
READABLE = 8.0  # and the smallest it may print at


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # points, as it lies when printed
    height: float

    @property
    def printable(self) -> Point:
        """The paper inside its margins, in points: the drawing, title and all, fits it."""
        return (self.width - 2 * MARGIN, self.height - 2 * MARGIN)

    @property
    def usable(self) -> Point:
        """The largest chart (boxes and lines, under the page's title) a page holds
        shrunk as far as type may be: the whole drawing shrinks, title included."""
        stretch = PRINT_TYPE / READABLE
        width, height = self.printable
        return (width * stretch, height * stretch - TITLE)


def paper(name: str, portrait: bool = False) -> Paper:
    """A paper size by name (A4, A3, letter; any case), landscape unless portrait.
    Raises KeyError for another name."""
    keys = [k for k in PAPERS if k.lower() == name.lower()]
    if not keys:
        raise KeyError(name)
    width, height = PAPERS[keys[0]]
    return Paper(keys[0], *((height, width) if portrait else (width, height)))


@dataclass(frozen=True)
class Page:
    number: int
    top: str | None  # the manager it holds (None: the structure's top)
    kids: list[str]  # the boxes under `top` on this page (its tops, for None)
    cut: dict[str, tuple[int, int]]  # a box whose part is on other pages -> first, last
    continues: int | None  # the page whose box this page continues


def paginate(
    tops: Sequence[str],
    reports: dict[str, list[str]],
    assistants: dict[str, list[str]],
    sizes: dict[str, Point],
    sheet: Paper,
) -> list[Page]:
    """The pages of a chart, in order: the top first, then breadth first."""
    if not tops:
        return [Page(1, None, [], {}, None)]
    usable_w, usable_h = sheet.usable

    def layout(top: str | None, kids: list[str]) -> Layout:
        # The boxes already given pages of their own are cut (`bins`, not a copy of it).
        return _layout(top, kids, reports, assistants, sizes, bins.keys(), sheet.usable)

    def fits(size: Point, below: float = 0.0) -> bool:
        return size[0] <= usable_w and size[1] + below <= usable_h

    manager = {kid: box for box, kids in reports.items() for kid in kids}
    bins: dict[str | None, list[list[str]]] = {}
    for box in [*bottom_up(list(tops), reports), None]:
        kids = list(tops) if box is None else reports.get(box, [])
        if not kids:
            continue
        whole = layout(box, kids)
        # A part kept whole may land on its manager's page, under the manager's box.
        above = sizes[manager[box]][1] + VGAP if box in manager else 0.0
        if fits((whole.width, whole.height), above):
            if box is None:
                bins[None] = [kids]  # the whole chart is one page
            continue
        # Largest first, each onto the first page it fits beside the others.
        packed: list[list[str]] = []
        for kid in sorted(kids, key=lambda k: (-_area(whole.blocks[k]), k)):
            for page in packed:
                trial = layout(box, sorted([*page, kid]))
                if fits((trial.width, trial.height)):
                    page.append(kid)
                    break
            else:
                packed.append([kid])
        bins[box] = [sorted(page) for page in packed]
    return _number(bins, layout)


def _number(
    bins: dict[str | None, list[list[str]]],
    layout: Callable[[str | None, list[str]], Layout],
) -> list[Page]:
    """Pages numbered breadth first: a manager's pages follow one another."""
    starts: list[str | None] = [None]
    if all(top in bins for page in bins[None] for top in page):
        # The tops are all on pages of their own: no page for them alone.
        starts = [top for page in bins[None] for top in page]
    first: dict[str | None, int] = {}
    following = 1
    for start in starts:
        first[start] = following
        following += len(bins[start])
    order: deque[tuple[str | None, int | None]] = deque((s, None) for s in starts)
    pages: list[Page] = []
    while order:
        top, continues = order.popleft()
        for kids in bins[top]:
            number = len(pages) + 1
            stubs = sorted(k for k in layout(top, kids).blocks if k in bins and k != top)
            for stub in stubs:
                if stub not in first:
                    first[stub] = following
                    following += len(bins[stub])
                    order.append((stub, number))
            cut = {k: (first[k], first[k] + len(bins[k]) - 1) for k in stubs}
            pages.append(Page(number, top, kids, cut, continues))
    return pages


def page_layouts(
    pages: Sequence[Page],
    reports: dict[str, list[str]],
    assistants: dict[str, list[str]],
    sizes: dict[str, Point],
    sheet: Paper,
) -> Iterator[Layout]:
    """Where each page's boxes go, in order: its manager, its boxes, all below
    them down to the boxes continued on other pages."""
    cut: set[str | None] = {p.top for p in pages if p.top is not None}
    for page in pages:
        yield _layout(page.top, page.kids, reports, assistants, sizes, cut, sheet.usable)


def _layout(
    top: str | None,
    kids: list[str],
    reports: dict[str, list[str]],
    assistants: dict[str, list[str]],
    sizes: dict[str, Point],
    cut: Collection[str | None],
    room: Point,
) -> Layout:
    """`top` with `kids` under it, and all below them down to the cut boxes.

    The lines are seen through a view, not copied without the cut boxes: a
    copy per layout made paging a chain of n managers take n² steps."""
    beside = _Cut(assistants, cut, top)
    if top is None:
        return compact(kids, _Cut(reports, cut), beside, sizes, room)
    return compact([top], _Cut(reports, cut, top, kids), beside, sizes, room)


class _Cut(Mapping[str, Sequence[str]]):
    """`lines` (a box -> the boxes below or beside it) as one layout sees them:
    a cut box has nothing there, but for the layout's own top, which has
    `kids` when given, else its own."""

    def __init__(
        self,
        lines: Mapping[str, Sequence[str]],
        cut: Collection[str | None],
        top: str | None = None,
        kids: Sequence[str] | None = None,
    ) -> None:
        self._lines, self._cut, self._top, self._kids = lines, cut, top, kids

    def __getitem__(self, key: str) -> Sequence[str]:
        if key == self._top and self._kids is not None:
            return self._kids
        if key in self._cut and key != self._top:
            raise KeyError(key)
        return self._lines[key]

    def __iter__(self) -> Iterator[str]:
        for key in self._lines:
            if key not in self._cut or key == self._top:
                yield key
        if self._top is not None and self._kids is not None and self._top not in self._lines:
            yield self._top

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _area(size: Point) -> float:
    return size[0] * size[1]
