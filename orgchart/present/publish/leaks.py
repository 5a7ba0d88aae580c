"""The leak check: a release's files read back as a reader would read them
(CSV cells, HTML text and attribute values) and searched, before anything
is written, for what must not be published.

- a holder's name that is not to be published, anywhere: in a name column
  only published names and the fixed words (N/D, Vacant...) may stand, and
  elsewhere a withheld name may appear only as the whole of a title, unit or
  grade that is itself that text (a name used as a title elsewhere);
- an exact salary: a pay column holds £5,000 band edges only, a pay scale
  column the pay bands and grade rates the structure gives (or band edges),
  and no other cell any post's exact pay, except a junior total the junior
  rows already show or a budget as given; figures under £1,000 are no salary;
- a contact detail (an e-mail address or a phone number), anywhere;
- notes (a post's or the structure's, whole or a sentence of three words or
  more), anywhere but as the whole of a title, unit, grade or published name.
Messages name the file, line, column and post, never the name or figure.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from orgchart.errors import Issue, OrgchartError
from orgchart.model import Structure
from orgchart.money import BAND_WIDTH, Pay
from orgchart.present.publish import Release
from orgchart.present.publish.columns import FIXED_WORDS, ROLES, Role
from orgchart.present.publish.rules import holders
from orgchart.read.redaction import Scrubber, matched_form
from orgchart.text import unescape_cell

# Below this a figure is no annual salary: FTE, counts and levels fill the files.
LEAST_SALARY = 1000
# Found figures: 73210, 73,210.50, £73,210; not digits inside a word (P73210).
FIGURE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?!\w)"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: 0300 123 1234, +44 (0)20 7946 0000, 01632-960-001.
PHONE = re.compile(r"(?:\+44\s?(?:\(0\)\s?)?|(?<![\w.,])0)\d(?:[\s-]?\d){8,9}(?!\w)")
SENTENCE = re.compile(r"[.;:!?\n]+")
FIXED = frozenset(w.casefold() for w in FIXED_WORDS)


class Leak(OrgchartError):
    """A release would disclose what it must not; `issues` says where each is."""

    def __init__(self, issues: list[Issue]) -> None:
        first = issues[0]
        super().__init__(first.message, file=first.file, line=first.line, post=first.post)
        self.issues = issues


def fold(text: str) -> str:
    """Text as compared: letter case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Disclosure:
    """What a release may show, from the structure: folded texts, exact figures."""

    withheld: dict[str, str]  # a name not to publish -> the post it holds
    published: frozenset[str]  # names that may be published
    public: frozenset[str]  # titles, units, grades, the organisation: public texts
    notes: dict[str, str]  # a note or its sentence -> its post ('' for the structure)
    private: dict[float, str]  # an exact pay, to the penny -> its post
    scales: frozenset[float]  # pay bands and grade rates as the structure gives them
    budgets: frozenset[float]


def disclosure(
    structure: Structure,
    pays: dict[str, Pay | None],
    *,
    named: set[str],
    banded: set[str],
    public: Iterable[str],
    budgets: Iterable[float] = (),
    taken_out: Iterable[str] = (),
) -> Disclosure:
    """What may appear in a release of `structure`, whose posts are paid
    `pays` (money.pay_of): holders of the posts in `named` are published, the
    exact pay of the posts in `banded` (and every post's own cost) is not,
    nor any of the names --redact `taken_out`."""
    published = {fold(h) for p in structure.posts if p.id in named for h in holders(p)}
    withheld: dict[str, str] = {}
    posts = sorted(structure.posts, key=lambda p: p.id)  # a shared name: the first post's
    for post in posts:
        if post.holder and post.id not in named:
            for holder in holders(post):
                withheld.setdefault(matched_form(fold(holder)), post.id)
    for name in sorted(taken_out):
        withheld.setdefault(matched_form(fold(name)), "")
    # A name two people share, one published, is public; a cell of one letter is no name.
    withheld = {
        n: post
        for n, post in withheld.items()
        if n not in published and sum(map(str.isalpha, n)) >= 2
    }
    notes: dict[str, str] = {}
    noted = [("", structure.notes), *((p.id, p.notes) for p in structure.posts if p.notes)]
    for post_id, text in noted:
        for part in [text or "", *SENTENCE.split(text or "")]:
            folded = fold(part)
            if sum(map(str.isalpha, folded)) >= 2 and (part == text or len(folded.split()) >= 3):
                notes.setdefault(matched_form(folded), post_id)
    private: dict[float, str] = {}
    scales: set[float] = set(structure.grades.values())
    for post in posts:
        pay = pays[post.id]
        figures = [] if pay is None or post.id not in banded else [pay.value]
        if post.cost is not None:
            figures += [post.cost, post.cost / post.total_fte]
        for figure in figures:
            if figure >= LEAST_SALARY:
                private.setdefault(round(figure, 2), post.id)
        if post.pay_min is not None:
            scales.add(post.pay_min)
        if post.pay_max is not None:
            scales.add(post.pay_max)
    return Disclosure(
        withheld,
        frozenset(published),
        frozenset(fold(t) for t in public),
        notes,
        private,
        frozenset(round(s, 2) for s in scales),
        frozenset(round(b, 2) for b in budgets),
    )


@dataclass(frozen=True)
class Cell:
    file: str
    line: int
    column: str | None  # the header it stands under; None outside a table
    text: str
    row: dict[str, str]  # the row it is in, by header


def check_release(release: Release) -> None:
    """Raise Leak naming every place a file of `release` discloses what it must not."""
    cells = [c for name, data in sorted(release.files.items()) for c in cells_of(name, data)]
    issues = list(leaks(cells, release.disclosure))
    if issues:
        raise Leak(issues)


def _issue(cell: Cell, what: str, post: str | None = None) -> Issue:
    where = f"column {cell.column!r}" if cell.column else "its text"
    return Issue(cell.file, cell.line, "error", f"{where} holds {what}", post)


def _withheld(post: str) -> str:
    if not post:
        return "a holder's name, which --redact leaves out"
    return f"the name of the holder of post {post!r}, which is not published"


def leaks(cells: list[Cell], known: Disclosure) -> Iterator[Issue]:
    """Every leak in `cells`, in their order."""
    names = Scrubber(set(known.withheld), fold=True)
    notes = Scrubber(set(known.notes), fold=True)
    totals = junior_totals(cells)
    for cell in cells:
        role = ROLES.get(cell.column or "", Role.TEXT)
        folded = fold(cell.text)
        if EMAIL.search(cell.text) or PHONE.search(cell.text):
            yield _issue(cell, "a contact detail (an e-mail address or a phone number)")
        if role is Role.NAME:  # a job share's holders stand as `A; B`
            for part in {fold(p) for p in cell.text.split(";")} - FIXED - known.published:
                post = known.withheld.get(matched_form(part))
                yield _issue(
                    cell,
                    _withheld(post) if post is not None else "a name not to publish",
                    post or None,
                )
        else:
            for name in names.found(folded):
                # A name used as a whole title (unit, grade) elsewhere is that title.
                if not (name == folded and folded in known.public):
                    post = known.withheld[name]
                    yield _issue(cell, _withheld(post), post or None)
        if folded not in known.public and folded not in known.published:
            for note in notes.found(folded):
                post = known.notes[note]
                owner = f"of post {post!r}" if post else "of the structure"
                what = f"the notes {owner} (notes are not for publication)"
                yield _issue(cell, what, post or None)
        yield from _figures(cell, role, known, totals)


def _figures(
    cell: Cell, role: Role, known: Disclosure, totals: dict[str, float]
) -> Iterator[Issue]:
    for match in FIGURE.finditer(cell.text):
        value = round(float(match.group().replace(",", "")), 2)
        edge = value % BAND_WIDTH == 0 or (value + 1) % BAND_WIDTH == 0
        if role is Role.BAND:
            if not edge:
                yield _issue(
                    cell, "a figure that is no £5,000 band edge: pay is published in bands"
                )
            continue
        if role is Role.SCALE and (value in known.scales or edge):
            continue
        if role is Role.BUDGET and value in known.budgets:
            continue
        if role is Role.REPORTS_COST:
            reference = cell.row.get("Post Unique Reference", "")
            if value == round(totals.get(reference, 0.0)):
                continue
        post = known.private.get(value)
        if post is not None:
            yield _issue(cell, f"the exact pay of post {post!r}", post)
        elif role is Role.SCALE:
            yield _issue(
                cell, "a figure that is neither a pay scale the structure gives nor a band edge"
            )


def junior_totals(cells: list[Cell]) -> dict[str, float]:
    """What the junior rows show each senior post's reports cost: FTE x the
    midpoint of their pay scale, added up, by reporting senior post."""
    totals: dict[str, float] = {}
    seen: set[tuple[str, int]] = set()
    for cell in cells:
        row = cell.row
        if "Reporting Senior Post" not in row or (cell.file, cell.line) in seen:
            continue
        seen.add((cell.file, cell.line))
        try:
            fte = float(row.get("Number of Posts in FTE", ""))
            low = float(row.get("Payscale Minimum (£)", ""))
            high = float(row.get("Payscale Maximum (£)", ""))
        except ValueError:
            continue
        manager = row["Reporting Senior Post"]
        totals[manager] = totals.get(manager, 0.0) + fte * (low + high) / 2
    return totals


def cells_of(name: str, data: bytes) -> list[Cell]:
    """Every cell of a file as a reader sees it: a CSV's tables (a blank row
    starts another, its first row the header), or an HTML page's text."""
    text = data.decode("utf-8")
    if name.endswith((".html", ".htm")):
        return _HTMLCells(name).read(text)
    cells: list[Cell] = []
    header: list[str] | None = None
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        values = [unescape_cell(v) for v in row]
        if not any(v.strip() for v in values):
            header = None
            continue
        if header is None:
            header = values
        named = dict(zip(header, values, strict=False))
        for index, value in enumerate(values):
            column = header[index] if index < len(header) and values is not header else None
            cells.append(Cell(name, reader.line_num, column, value, named))
    return cells


class _HTMLCells(HTMLParser):
    """An HTML page's text and attribute values as cells; a table's cells under
    the header of their column (its first row of <th>)."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.cells: list[Cell] = []
        self.header: list[str] = []
        self.row: list[tuple[int, str]] | None = None
        self.text: list[str] | None = None
        self.line = 1
        self.heads = False

    def read(self, text: str) -> list[Cell]:
        self.feed(text)
        self.close()
        return self.cells

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for _, value in attrs:
            if value:
                self.cells.append(Cell(self.name, line, None, value, {}))
        if tag == "table":
            self.header = []
        elif tag == "tr":
            self.row, self.heads = [], False
        elif tag in ("td", "th"):
            self.text, self.line = [], line
            self.heads = self.heads or tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.text is not None and self.row is not None:
            self.row.append((self.line, "".join(self.text).strip()))
            self.text = None
        elif tag == "tr" and self.row is not None:
            values = [v for _, v in self.row]
            heading = self.heads and not self.header
            if heading:
                self.header = values
            named = dict(zip(self.header, values, strict=False))
            for index, (line, value) in enumerate(self.row):
                column = self.header[index] if index < len(self.header) and not heading else None
                self.cells.append(Cell(self.name, line, column, value, named))
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)
        elif data.strip():
            self.cells.append(Cell(self.name, self.getpos()[0], None, data.strip(), {}))

    def handle_comment(self, data: str) -> None:
        self.cells.append(Cell(self.name, self.getpos()[0], None, data, {}))
