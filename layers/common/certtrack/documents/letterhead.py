"""The top of a portrait document (score report, transcript): the programme's mark at the left, the
document's title at the right, then its facts as label and value rows. A value wraps on up to three
lines and shrinks if it must, never cut: a recipient reads these as evidence."""

from typing import Any

from certtrack.documents.certificate import mark
from certtrack.documents.text import Typeface, fit

INK = (20, 30, 45)
MUTED = (90, 100, 115)


def letterhead(pdf: Any, face: Typeface, title: str, facts: list[tuple[str, str]]) -> None:
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    mark(pdf, face, x=left, y=14)
    pdf.set_text_color(*INK)
    printed = face.use("B", 20, title)
    pdf.set_xy(left, 14)
    pdf.cell(width, 10, printed, align="R")
    pdf.set_y(40)
    for label, value in facts:
        pdf.set_text_color(*MUTED)
        printed = face.use("B", 10, label)
        pdf.set_x(left)
        pdf.cell(40, 7, printed)
        pdf.set_text_color(*INK)
        shaped = fit(pdf, face.use("", 11, value), width=width - 40, size=11, smallest=8, max_lines=3)
        pdf.set_font(pdf.font_family, "", shaped.size)
        for n, line in enumerate(shaped.lines):
            pdf.set_x(left + 40)
            pdf.cell(width - 40, 7 if n == len(shaped.lines) - 1 else 5.5, line, new_x="LMARGIN", new_y="NEXT")
