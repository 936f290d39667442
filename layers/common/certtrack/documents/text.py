"""Text on PDFs: which font prints it, and fitting it into its box.

Names are printed in their own script. The PDF core fonts (Helvetica) print Latin-1 only, but cost
nothing to embed: a string that is all Latin-1 (most names, every label) prints with them. A string
with other letters (Ł, ễ, Greek, Cyrillic) prints with DejaVu Sans (`fonts/`, subset to Latin, Greek
and Cyrillic) in the same style, and fpdf2 embeds only the glyphs it prints. The choice is made
string by string: each face a document embeds costs a subsetting pass when the document is written
(about 7 ms), so a certificate whose only such string is the holder's name embeds the bold face
alone. Characters DejaVu does not cover (Chinese, Japanese, Korean: a CJK font is tens of megabytes)
are written in Latin letters by anyascii rather than printed as '?'.

Each face is parsed once per process (`_parsed`); a document gets its own copy of fpdf2's font
object (`_add_face`) holding what a document changes, so nothing of one document reaches the next
when Lambda reuses the process.
"""

import copy
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parent / "fonts"
CORE = "helvetica"
EMBEDDED = "dejavu"


REGULAR = "DejaVuSans-LGC.ttf"
BOLD = "DejaVuSans-Bold-LGC.ttf"

# fpdf2's TTFFont attributes a document only reads: parsed once, shared by every document's copy.
# The others are written while a document is made (`_add_face` sets them afresh). A new fpdf2 that
# adds one fails tests/unit/test_pdf_text.py until it is sorted into one of the groups.
SHARED = frozenset(
    {
        "type", "name", "sp", "ss", "up", "ut", "ttffile", "fontkey", "emphasis", "scale", "cmap",
        "color_font", "palette_index", "is_compressed", "is_cff", "is_cid_keyed", "is_symbol", "cff_ros",
        "collection_font_number",
    }
)  # fmt: skip
PER_DOCUMENT = frozenset(
    {"i", "desc", "cw", "glyph_ids", "missing_glyphs", "biggest_size_pt", "subset", "ttfont", "_hbfont"}
)
UNSET = frozenset({"unicode_range"})  # declared in fpdf2 2.8.9's __slots__, never assigned by it


@dataclass(frozen=True)
class _Parsed:
    """One face as read once per process: fpdf2's font object, the file's bytes, its glyph order."""

    font: Any
    data: bytes
    glyph_order: tuple[str, ...]


@cache
def _parsed(file: str, style: str) -> _Parsed:
    """Parsing a face (fontTools, the cmap, every glyph's width and id) costs more than the rest of a
    certificate, so it is done once per process. The files carry no glyph names (`post` format 3),
    which fontTools then derives from the cmap: also done once here, not per document."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    path = FONTS / file
    font = TTFFont(FPDF(), path, f"{EMBEDDED}{style}", style)
    glyph_order = tuple(font.ttfont.getGlyphOrder())
    font.close()
    return _Parsed(font, path.read_bytes(), glyph_order)


def _add_face(pdf: Any, file: str, style: str) -> None:
    """Adds one face to `pdf` as `pdf.add_font` would, from the parsed face. fpdf2 subsets the
    fontTools font in place when it writes the document and then closes it, so each document reads
    its own from the bytes (lazily: only the tables the subsetting reads); writing also names and
    numbers the font descriptor, so each document has its own copy of it. Bounding boxes are kept
    from the file rather than recomputed from every kept glyph, as fontTools' pyftsubset does."""
    from fontTools.ttLib import TTFont
    from fpdf.fonts import SubsetMap, TTFFont

    face = _parsed(file, style)
    parsed = face.font
    font = TTFFont.__new__(TTFFont)
    for name in SHARED:
        setattr(font, name, getattr(parsed, name))
    font.i = len(pdf.fonts) + 1
    font.desc = copy.copy(parsed.desc)
    font.cw = defaultdict(parsed.cw.default_factory, parsed.cw)
    font.glyph_ids = dict(parsed.glyph_ids)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.ttfont = TTFont(BytesIO(face.data), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    font.ttfont.setGlyphOrder(list(face.glyph_order))
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


def latin1(text: str) -> str:
    """`text` with every character outside Latin-1 written in Latin letters (for the core fonts)."""
    from anyascii import anyascii

    composed = unicodedata.normalize("NFC", text)
    return "".join(ch if ord(ch) < 256 else anyascii(ch) for ch in composed)


class Typeface:
    """The fonts one document prints with: the core fonts for Latin-1 strings, DejaVu Sans (added to
    the document on first need, per style) for the others."""

    def __init__(self, pdf: Any) -> None:
        self._pdf = pdf
        self._added: set[str] = set()

    def use(self, style: str, size: float, value: str) -> str:
        """Sets the font that prints `value` in `style` at `size` and returns `value` as printed."""
        composed = unicodedata.normalize("NFC", value)
        if not _is_latin1(composed):
            from anyascii import anyascii

            covered = _parsed(_FACES[style], style).font.cmap
            composed = "".join(ch if ord(ch) in covered else anyascii(ch) for ch in composed)
        if _is_latin1(composed):
            self._pdf.set_font(CORE, style, size)
            return composed
        if style not in self._added:
            _add_face(self._pdf, _FACES[style], style)
            self._added.add(style)
        self._pdf.set_font(EMBEDDED, style, size)
        return composed


_FACES = {"": REGULAR, "B": BOLD}


def _is_latin1(text: str) -> bool:
    return all(ord(ch) < 256 for ch in text)


@dataclass(frozen=True)
class Fitted:
    """Text fitted to a box: the font size and the lines to print."""

    size: float
    lines: list[str]


def fit(
    pdf: Any, text: str, *, width: float, size: float, smallest: float, max_lines: int = 2, style: str = ""
) -> Fitted:
    """The largest size from `size` down to `smallest` at which `text` fits `width` (mm), on one
    line if it can at no less than 80% of `size`, else wrapped at word breaks on up to `max_lines`.
    A word wider than the box at `smallest` (a very long name without spaces) is shrunk further
    rather than cut: a name is never cut off."""
    family = pdf.font_family

    def width_at(line: str, at: float) -> float:
        pdf.set_font(family, style, at)
        return pdf.get_string_width(line)

    step = 0.5
    at = size
    while at >= size * 0.8:
        if width_at(text, at) <= width:
            return Fitted(at, [text])
        at -= step
    at = size
    while at >= smallest:
        lines = _wrap(text, lambda line, at=at: width_at(line, at) <= width)
        if len(lines) <= max_lines and all(width_at(line, at) <= width for line in lines):
            return Fitted(at, lines)
        at -= step
    lines = _wrap(text, lambda line: width_at(line, smallest) <= width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    widest = max(width_at(line, smallest) for line in lines)
    return Fitted(smallest * min(1.0, width / widest), lines)


def _wrap(text: str, fits: Any) -> list[str]:
    """Greedy word wrap: as many words on a line as `fits(line)` allows."""
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
