"""A score report PDF for one exam result, as the testing vendor's own report would show it."""

from certtrack import clock
from certtrack.documents.text import latin1
from certtrack.store.items import ExamResultItem


def key(candidate_id: str, result_id: str) -> str:
    return f"candidates/{candidate_id}/score-reports/{result_id}.pdf"


def render(result: ExamResultItem, holder: str) -> bytes:
    from fpdf import FPDF  # imported where a PDF is made, not on every cold start

    pdf = FPDF(format="A4")
    pdf.set_title(f"Score report {result.result_id}")
    pdf.set_author("certtrack")
    pdf.set_creation_date(clock.now())
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 12, "Score report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    rows = [
        ("Candidate", holder),
        ("Candidate ID", result.candidate_id),
        ("Exam", f"{result.exam_code} {result.title}"),
        ("Date", result.taken_on),
        ("Score", f"{_number(result.score)} (passing score {_number(result.passing_score)})"),
        ("Result", "PASS" if result.passed else "FAIL"),
        ("Result ID", result.result_id),
    ]
    for label, value in rows:
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(45, 8, label)
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(0, 8, latin1(str(value)), new_x="LMARGIN", new_y="NEXT")
    sections = result.sections
    if sections:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 12)
        pdf.cell(0, 10, "Sections", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        for section in sections:
            pdf.cell(120, 8, latin1(section.name))
            pdf.cell(0, 8, _number(section.score), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _number(number: float) -> str:
    return str(int(number)) if number.is_integer() else f"{number:.1f}"
