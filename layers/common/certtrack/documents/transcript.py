"""The printable transcript a recipient downloads: the holder, each certification with its status and
dates as of the viewing, the transcript's own validity, and how to check it. Drawn like the
certificates and score reports (vector only, the programme's mark): the holder's name in its own
script (`text`), long titles wrapped in their cell, never cut, since a recipient reads them as
evidence."""

from typing import Any

from certtrack.documents.letterhead import INK, MUTED, letterhead
from certtrack.documents.text import Typeface, fit

_DEEP_BLUE = (4, 120, 170)
_LINE = 4.6


def render(content: dict[str, Any], *, verify_url: str) -> bytes:
    from fpdf import FPDF  # imported where a PDF is made, not on every cold start

    pdf = FPDF(format="A4")
    pdf.set_title(f"Certification transcript {content['transcript_id']}")
    pdf.set_author(content["issuer"])
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    face = Typeface(pdf)
    holder = content["holder"]
    facts = [
        ("Holder", holder["name"]),
        ("Candidate ID", holder["candidate_id"]),
        ("Transcript ID", content["transcript_id"]),
        ("Status as of", content["as_of"].replace("T", " ")),
        ("Shared until", content["expires_on"]),
        ("Issuer", content["issuer"]),
    ]
    letterhead(pdf, face, "Certification transcript", facts)
    pdf.ln(4)
    _table(
        pdf,
        face,
        "Certifications",
        ("Certification", "Level", "Status", "Earned", "Expires"),
        (0.4, 0.15, 0.15, 0.15, 0.15),
        [
            (
                c["name"],
                c["level"].capitalize(),
                c["status"].replace("_", " "),
                c["earned_on"] or "",
                c["expires_on"] or "",
            )
            for c in content["certifications"]
        ],
    )
    if content.get("exams") is not None:
        scored = any("score" in e for e in content["exams"])
        headings = ("Exam", "Title", "Passed on", "Score") if scored else ("Exam", "Title", "Passed on")
        shares = (0.14, 0.58, 0.14, 0.14) if scored else (0.14, 0.68, 0.18)
        _table(
            pdf,
            face,
            "Passed exams",
            headings,
            shares,
            [
                (
                    e["exam_code"],
                    e["title"],
                    e["taken_on"],
                    *([f"{e['score']:g}/{e['passing_score']:g}"] if scored else []),
                )
                for e in content["exams"]
            ],
        )
    pdf.ln(6)
    pdf.set_text_color(*MUTED)
    note = face.use(
        "",
        9,
        f"Check this transcript at {verify_url}, or with its transcript ID and verification code on the "
        "issuer's portal. The statuses above are as of the time shown; the page always gives the current ones.",
    )
    pdf.multi_cell(0, 5, note, align="L")
    return bytes(pdf.output())


def _table(
    pdf: Any,
    face: Typeface,
    title: str,
    headings: tuple[str, ...],
    shares: tuple[float, ...],
    rows: list[tuple[str, ...]],
) -> None:
    """A titled table whose columns take `shares` of the text width; a cell's text wraps on up to
    three lines (shrinking if it must) and the row grows to the tallest cell."""
    left = pdf.l_margin
    widths = [(pdf.w - pdf.l_margin - pdf.r_margin) * share for share in shares]
    pdf.set_text_color(*_DEEP_BLUE)
    pdf.cell(0, 10, face.use("B", 13, title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.set_fill_color(232, 242, 250)
    pdf.set_draw_color(203, 213, 225)
    pdf.set_line_width(0.2)
    for heading, width in zip(headings, widths, strict=True):
        pdf.cell(width, 7, face.use("B", 10, heading), border="B", fill=True)
    pdf.ln()
    if not rows:
        pdf.cell(0, 7, face.use("", 10, "None"), new_x="LMARGIN", new_y="NEXT")
    for row in rows:
        cells = []
        for value, width in zip(row, widths, strict=True):
            shaped = fit(pdf, face.use("", 10, str(value)), width=width - 2, size=10, smallest=7, max_lines=3)
            cells.append((pdf.font_family, shaped))
        height = max(7.0, _LINE * max(len(shaped.lines) for _, shaped in cells) + 2.6)
        top = pdf.get_y()
        if top + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            top = pdf.get_y()
        x = left
        for (family, shaped), width in zip(cells, widths, strict=True):
            pdf.set_font(family, "", shaped.size)
            for n, line in enumerate(shaped.lines):
                pdf.set_xy(x, top + 1.3 + n * _LINE)
                pdf.cell(width, _LINE, line)
            x += width
        pdf.line(left, top + height, x, top + height)
        pdf.set_y(top + height)
    pdf.ln(3)
