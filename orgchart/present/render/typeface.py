"""The charts' one font, Liberation Sans, shipped in `fonts/`: the name DOT asks
for, the fontconfig file through which Graphviz's dot finds it, and the letters
an HTML page embeds, so that a browser draws text in the font dot laid it out in.

Graphviz writes each line of a box's label at an x it worked out from its
font's widths: drawn in a wider or narrower font, the line sits off-centre.
Liberation Sans has Arial's widths, so a reader's Arial is the fallback.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

FONT = "Liberation Sans"
# What CSS asks for: the embedded letters first, then fonts with the same widths.
CSS_FAMILY = '"Liberation Sans", Arial, Helvetica, sans-serif'
FOLDER = Path(__file__).parent / "fonts"
FONTCONFIG = FOLDER / "fonts.conf"
# (CSS font-weight, font-style) -> file; labels use bold and italic, never both.
FACES = {
    ("normal", "normal"): "LiberationSans-Regular.ttf",
    ("bold", "normal"): "LiberationSans-Bold.ttf",
    ("normal", "italic"): "LiberationSans-Italic.ttf",
}
# Always embedded: ASCII and Latin-1, for a house style's own words.
BASIC = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x100))


def subset(face: str, text: str) -> bytes:
    """The face's glyphs for the characters of `text` (and BASIC), as TrueType,
    hinting kept: without it Chromium spaces bold type out, as the system's
    copy of the font is not."""
    from fontTools import subset as fts
    from fontTools.ttLib import TTFont

    font = TTFont(FOLDER / face, lazy=True)
    options = fts.Options()
    options.layout_features = ["kern"]  # dot lays text out kerned (pango), as browsers draw it
    options.drop_tables += ["FFTM", "DSIG"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # names, and the licence with its URL
    subsetter = fts.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text + BASIC))))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_faces(text: str) -> str:
    """CSS @font-face rules embedding, as data: URIs, the letters of `text` in
    each face of Liberation Sans."""
    rules = []
    for (weight, style), face in FACES.items():
        data = base64.b64encode(subset(face, text)).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{FONT}"; font-weight: {weight}; font-style: {style}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
        )
    return "\n".join(rules)
