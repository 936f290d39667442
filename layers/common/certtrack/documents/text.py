"""Text on PDFs: which font prints it, and fitting it into its box.

Names are printed in their own script. The PDF core fonts (Helvetica) print Latin-1 only, but cost
nothing to embed: a document whose text is all Latin-1 (most names) uses them, and stays a few
kilobytes rendered in milliseconds. A document with other letters (Ł, ễ, Greek, Cyrillic) embeds
DejaVu Sans (`fonts/`, subset to Latin, Greek and Cyrillic), and fpdf2 embeds only the glyphs it
prints. Characters neither covers (Chinese, Japanese, Korean: a CJK font is tens of megabytes) are
written in Latin letters by anyascii rather than printed as '?'.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parent / "fonts"
CORE = "helvetica"
EMBEDDED = "dejavu"


@cache
def _embedded_cmap() -> frozenset[int]:
    """The code points the embedded font has glyphs for (read once per process)."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(FONTS / "DejaVuSans-LGC.ttf", lazy=True).getBestCmap())


def latin1(text: str) -> str:
    """`text` with every character outside Latin-1 written in Latin letters (for the core fonts)."""
    from anyascii import anyascii

    composed = unicodedata.normalize("NFC", text)
    return "".join(ch if ord(ch) < 256 else anyascii(ch) for ch in composed)


@dataclass(frozen=True)
class Typeface:
    """The font family a document prints with, and how it writes a string."""

    family: str

    def text(self, value: str) -> str:
        composed = unicodedata.normalize("NFC", value)
        if self.family == CORE:
            return latin1(composed)
        from anyascii import anyascii

        covered = _embedded_cmap()
        return "".join(ch if ord(ch) in covered else anyascii(ch) for ch in composed)


def typeface(pdf: Any, *texts: str) -> Typeface:
    """The core fonts when every one of `texts` is Latin-1; else DejaVu Sans, added to `pdf`."""
    composed = [unicodedata.normalize("NFC", t) for t in texts]
    if all(ord(ch) < 256 for t in composed for ch in t):
        return Typeface(CORE)
    pdf.add_font(EMBEDDED, "", FONTS / "DejaVuSans-LGC.ttf")
    pdf.add_font(EMBEDDED, "B", FONTS / "DejaVuSans-Bold-LGC.ttf")
    return Typeface(EMBEDDED)


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
