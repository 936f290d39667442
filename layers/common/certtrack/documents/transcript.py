"""The printable transcript a recipient downloads: the holder, each certification with its status and
dates as of the viewing, the transcript's own validity, and how to check it. Vector only, like the
certificates."""

from typing import Any

from certtrack.documents.text import latin1


def render(content: dict[str, Any], *, verify_url: str) -> bytes:
    from fpdf import FPDF  # imported where a PDF is made, not on every cold start

    pdf = FPDF(format="A4")
    pdf.set_title(f"Certification transcript {content['transcript_id']}")
    pdf.set_author(content["issuer"])
    pdf.add_page()
    pdf.set_draw_color(4, 159, 217)
    pdf.set_line_width(0.8)
    pdf.line(15, 30, pdf.w - 15, 30)
    pdf.set_text_color(4, 120, 170)
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 12, "Certification transcript", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(20, 30, 45)
    holder = content["holder"]
    rows = [
        ("Holder", holder["name"]),
        ("Candidate ID", holder["candidate_id"]),
        ("Transcript ID", content["transcript_id"]),
        ("Status as of", content["as_of"].replace("T", " ")),
        ("Shared until", content["expires_on"]),
        ("Issuer", content["issuer"]),
    ]
    for label, value in rows:
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(45, 7, label)
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(0, 7, latin1(str(value)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _table(
        pdf,
        "Certifications",
        ("Certification", "Level", "Status", "Earned", "Expires"),
        (70, 28, 26, 28, 28),
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
        widths = (25, 105, 25, 25) if scored else (25, 125, 30)
        _table(
            pdf,
            "Passed exams",
            headings,
            widths,
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
    pdf.set_font("helvetica", "", 9)
    pdf.set_text_color(60, 70, 85)
    pdf.multi_cell(
        0,
        5,
        latin1(
            f"Check this transcript at {verify_url}, or with its transcript ID and verification code on the "
            "issuer's portal. The statuses above are as of the time shown; the page always gives the current ones."
        ),
    )
    return bytes(pdf.output())


def _table(
    pdf: Any, title: str, headings: tuple[str, ...], widths: tuple[int, ...], rows: list[tuple[str, ...]]
) -> None:
    pdf.set_font("helvetica", "B", 13)
    pdf.set_text_color(4, 120, 170)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(20, 30, 45)
    pdf.set_fill_color(232, 242, 250)
    pdf.set_font("helvetica", "B", 10)
    for heading, width in zip(headings, widths, strict=True):
        pdf.cell(width, 7, heading, border="B", fill=True)
    pdf.ln()
    pdf.set_font("helvetica", "", 10)
    if not rows:
        pdf.cell(0, 7, "None", new_x="LMARGIN", new_y="NEXT")
    for row in rows:
        for value, width in zip(row, widths, strict=True):
            pdf.cell(width, 7, latin1(str(value))[: int(width / 1.9)], border="B")
        pdf.ln()
    pdf.ln(3)
