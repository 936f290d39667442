"""A score report PDF for one exam result, as the testing vendor's own report would show it: the
programme's mark, the candidate and the exam, the score against the passing score as a bar, and the
sections as a table with a bar each. Names and titles in their own script, fitted to their boxes."""

from typing import Any

from certtrack import clock
from certtrack.documents.letterhead import INK, MUTED, letterhead
from certtrack.documents.text import Typeface, fit
from certtrack.store.items.facts import ExamResultItem

_TRACK = (226, 232, 240)
_PASS = (22, 128, 61)
_FAIL = (185, 28, 28)
_BAR = (4, 120, 170)


def key(candidate_id: str, result_id: str) -> str:
    return f"candidates/{candidate_id}/score-reports/{result_id}.pdf"


def render(result: ExamResultItem, holder: str) -> bytes:
    from fpdf import FPDF  # imported where a PDF is made, not on every cold start

    pdf = FPDF(format="A4")
    pdf.set_title(f"Score report {result.result_id}")
    pdf.set_author("certtrack")
    pdf.set_creation_date(clock.now())
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    face = Typeface(pdf)
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    facts = [
        ("Candidate", holder),
        ("Candidate ID", result.candidate_id),
        ("Exam", f"{result.exam_code} {result.title}".strip()),
        ("Date", result.taken_on),
        ("Result ID", result.result_id),
    ]
    letterhead(pdf, face, "Score report", facts)
    pdf.ln(4)
    scale = 100.0 if result.passing_score <= 100 else 1000.0
    verdict = "PASS" if result.passed else "FAIL"
    pdf.set_text_color(*(_PASS if result.passed else _FAIL))
    outcome = face.use("B", 13, f"{verdict}   {_number(result.score)} of {_number(scale)}")
    pdf.cell(width, 8, outcome, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*MUTED)
    passing = face.use("", 9, f"Passing score {_number(result.passing_score)}")
    pdf.cell(width, 5, passing, new_x="LMARGIN", new_y="NEXT")
    _bar(
        pdf, x=left, y=pdf.get_y() + 1, width=width, share=result.score / scale, color=_PASS if result.passed else _FAIL
    )
    _tick(pdf, x=left + width * min(1.0, result.passing_score / scale), y=pdf.get_y())
    pdf.set_y(pdf.get_y() + 10)
    if result.sections:
        _sections(pdf, face, result, left=left, width=width)
    return bytes(pdf.output())


def _sections(pdf: Any, face: Typeface, result: ExamResultItem, *, left: float, width: float) -> None:
    """One row per section: its name (wrapped), its score, and a bar. Section scores are percentages
    as testing vendors report them; a lab module scored above 100 is read on the 1000-point scale."""
    scale = 100.0 if max(s.score for s in result.sections) <= 100 else 1000.0
    name_w, score_w = width * 0.5, 22
    bar_w = width - name_w - score_w - 6
    pdf.set_text_color(*INK)
    pdf.cell(width, 9, face.use("B", 12, "Sections"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(241, 245, 249)
    pdf.set_text_color(*MUTED)
    pdf.cell(name_w, 7, face.use("B", 9, "  Section"), fill=True)
    pdf.cell(score_w, 7, face.use("B", 9, "Score"), fill=True, align="R")
    header = face.use("B", 9, f"   0 - {_number(scale)}")
    pdf.cell(width - name_w - score_w, 7, header, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*_TRACK)
    for section in result.sections:
        shaped = fit(pdf, face.use("", 10, section.name), width=name_w - 4, size=10, smallest=7, max_lines=3)
        family = pdf.font_family
        height = max(8.0, 4.6 * len(shaped.lines) + 3)
        top = pdf.get_y()
        if top + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            top = pdf.get_y()
        pdf.set_text_color(*INK)
        pdf.set_font(family, "", shaped.size)
        for n, line in enumerate(shaped.lines):
            pdf.set_xy(left + 2, top + 1.5 + n * 4.6)
            pdf.cell(name_w - 4, 4.6, line)
        score = face.use("B", 10, _number(section.score))
        pdf.set_xy(left + name_w, top)
        pdf.cell(score_w, height, score, align="R")
        _bar(pdf, x=left + name_w + score_w + 6, y=top + height / 2 - 2, width=bar_w, share=section.score / scale)
        pdf.line(left, top + height, left + width, top + height)
        pdf.set_y(top + height)


def _bar(pdf: Any, *, x: float, y: float, width: float, share: float, color: tuple[int, int, int] = _BAR) -> None:
    pdf.set_fill_color(*_TRACK)
    pdf.rect(x, y, width, 4, style="F")
    pdf.set_fill_color(*color)
    pdf.rect(x, y, width * max(0.0, min(1.0, share)), 4, style="F")


def _tick(pdf: Any, *, x: float, y: float) -> None:
    """The passing score's place on the bar."""
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.5)
    pdf.line(x, y - 0.5, x, y + 6.5)
    pdf.set_line_width(0.2)


def _number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"
