"""The PDF certificate of one certification (guide §8): holder, certification, dates, certificate
number, verification code and a QR code to the public verification page. Vector only (no images),
so a certificate is a few kilobytes and renders in milliseconds."""

from datetime import date
from typing import Any

from certtrack import clock
from certtrack.documents.text import latin1


def key(candidate_id: str, cert_id: str, earned_on: str, expires_on: str | None) -> str:
    return f"candidates/{candidate_id}/certificates/{cert_id}-{earned_on}-{expires_on or 'lifetime'}.pdf"


def render(
    *,
    holder: str,
    certification: str,
    level: str,
    earned_on: date,
    expires_on: date | None,
    number: str,
    code: str,
    verify_url: str,
) -> bytes:
    import segno
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{certification} certificate")
    pdf.set_author("certtrack")
    pdf.set_creation_date(clock.now())
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width, height = pdf.w, pdf.h
    pdf.set_draw_color(4, 159, 217)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, width - 26, height - 26)

    def centred(text: str, size: float, y: float, style: str = "", color: tuple[int, int, int] = (20, 30, 45)) -> None:
        pdf.set_text_color(*color)
        pdf.set_font("helvetica", style, size)
        pdf.set_xy(20, y)
        pdf.cell(width - 40, size * 0.5, latin1(text), align="C")

    centred("CERTIFICATE OF ACHIEVEMENT", 14, 32, "B", (4, 120, 170))
    centred("This certifies that", 13, 50)
    centred(holder, 30, 62, "B")
    centred("has met every requirement of the certification", 13, 84)
    centred(certification, 24, 96, "B", (4, 120, 170))
    centred(f"{level.capitalize()} level", 12, 112)
    valid = f"Valid through {expires_on.isoformat()}" if expires_on else "Does not expire"
    centred(f"Earned {earned_on.isoformat()}   |   {valid}", 12, 126)
    pdf.set_text_color(60, 70, 85)
    pdf.set_font("helvetica", "", 10)
    pdf.set_xy(24, height - 48)
    pdf.multi_cell(
        150,
        6,
        latin1(f"Certificate number: {number}\nVerification code: {code}\nVerify at: {verify_url}"),
    )
    _qr(pdf, segno.make(verify_url, error="m"), x=width - 62, y=height - 62, size=38)
    return bytes(pdf.output())


def _qr(pdf: Any, qr: Any, *, x: float, y: float, size: float) -> None:
    matrix = [list(row) for row in qr.matrix]
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        run = None
        for c, dark in enumerate([*row, 0]):
            if dark and run is None:
                run = c
            elif not dark and run is not None:
                pdf.rect(x + run * cell, y + r * cell, (c - run) * cell, cell, style="F")
                run = None
