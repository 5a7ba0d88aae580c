"""Publishing what the law asks from the internal structure: the organogram
(data.gov.uk's senior and junior CSVs) and the Local Government Transparency
Code's senior structure, each checked for leaks before a byte is written.

`publish` is the way in: it makes a release's files (as bytes, nothing
written) and runs the leak check over them; the command line writes them.
The rules (seniority, names, units, references) live in `rules` and
`references`, the layouts in `organogram` and `transparency`, the check in
`leaks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orgchart.errors import Issue

if TYPE_CHECKING:
    from orgchart.build import Built
    from orgchart.present.publish.leaks import Disclosure
    from orgchart.present.publish.organogram import OrganogramOptions
    from orgchart.present.publish.transparency import TransparencyOptions


@dataclass(frozen=True)
class Release:
    """A publication's files, name -> bytes, and what may appear in them."""

    files: dict[str, bytes]
    disclosure: Disclosure
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def publish(built: Built, options: OrganogramOptions | TransparencyOptions) -> Release:
    """The release `options` asks for, leak-checked. Raises InvalidStructure
    when a post lacks what the layout needs, Leak when a file would disclose
    what it must not; nothing is written either way."""
    from orgchart.present.publish.leaks import check_release
    from orgchart.present.publish.organogram import OrganogramOptions, organogram

    if isinstance(options, OrganogramOptions):
        release = organogram(built, options)
    else:
        from orgchart.present.publish.transparency import transparency

        release = transparency(built, options)
    check_release(release)
    return release
