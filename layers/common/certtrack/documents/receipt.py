"""The PDF of an exam receipt (guide §10, "My receipts"), drawn like the certificates: vector only,
a few kilobytes, the candidate's name in its own script (`text`). A refund changes the receipt, so
the file's key carries how many refund lines it shows and a changed receipt is a new file."""

from certtrack import clock
from certtrack.documents.text import Typeface
from certtrack.store.items.scheduling import ReceiptItem


def key(candidate_id: str, receipt: ReceiptItem) -> str:
    return f"candidates/{candidate_id}/receipts/{receipt.receipt_id}-r{len(receipt.refunds)}.pdf"


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"


def render(receipt: ReceiptItem, *, holder: str, candidate_id: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(f"Receipt {receipt.number}")
    pdf.set_author("certtrack")
    pdf.set_creation_date(clock.now())
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    face = Typeface(pdf)
    width = pdf.w - 40
    pdf.set_draw_color(4, 159, 217)
    pdf.set_line_width(0.8)
    pdf.line(20, 18, pdf.w - 20, 18)
    pdf.set_text_color(4, 120, 170)
    title = face.use("B", 18, "EXAM RECEIPT")
    pdf.set_xy(20, 24)
    pdf.cell(width, 10, title)
    pdf.set_text_color(20, 30, 45)
    details = [
        f"Receipt number: {receipt.number}",
        f"Issued: {receipt.issued_at[:10]}",
        f"Candidate: {holder} ({candidate_id})",
        f"Appointment: {receipt.appointment_id}",
        f"Payment: {receipt.method}",
    ]
    pdf.set_y(38)
    for detail in details:  # line by line: only a line that needs the embedded font gets it
        printed = face.use("", 10, detail)
        pdf.set_x(20)
        pdf.multi_cell(width, 5.5, printed, align="L")
    pdf.ln(4)

    def row(label: str, amount: str, style: str = "") -> None:
        printed = face.use(style, 10, label)
        pdf.set_x(20)
        y = pdf.get_y()
        pdf.multi_cell(width - 45, 6, printed, align="L")
        after = pdf.get_y()
        pdf.set_xy(20 + width - 45, y)
        pdf.cell(45, 6, face.use(style, 10, amount), align="R")
        pdf.set_y(max(after, y + 6))

    for line in receipt.lines:
        row(line.description, _money(line.amount, receipt.currency))
    row(f"Tax ({receipt.tax_rate:g}%, {receipt.tax_country})", _money(receipt.tax, receipt.currency))
    pdf.line(20, pdf.get_y() + 1, pdf.w - 20, pdf.get_y() + 1)
    pdf.ln(2)
    row("Total", _money(receipt.total, receipt.currency), "B")
    if receipt.refunds:
        pdf.ln(3)
        for refund in receipt.refunds:
            row(f"{refund.description} ({refund.at[:10]})", _money(-refund.amount, receipt.currency))
        refunded = sum(r.amount for r in receipt.refunds)
        row("Net paid", _money(receipt.total - refunded, receipt.currency), "B")
    return bytes(pdf.output())
