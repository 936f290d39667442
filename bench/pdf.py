"""6. Certificate PDFs: milliseconds and bytes per certificate with the library certtrack uses
(fpdf2, QR encoded by zxing-cpp and drawn as vectors, the programme's mark and signature line) against
reportlab (its own QR widget), same content; and fpdf2 with names beyond Latin-1 (Cyrillic, Greek,
Vietnamese in turn, as names vary from one certificate to the next), which embed a subset of DejaVu
Sans Bold for the name (every other string is Latin-1 and prints with the core fonts; a Latin-1 name
embeds nothing)."""

import statistics
import time
from datetime import date
from io import BytesIO
from typing import Any

from common import ensure_paths, table, verdict

RUNS = 100
FIELDS = {
    "holder": "Alex Morgan",
    "certification": "CCNP Enterprise",
    "level": "professional",
    "earned_on": date(2026, 11, 8),
    "expires_on": date(2029, 11, 8),
    "number": "CCNP-ENTERPRISE-10000001-20261108",
    "code": "K7Q2-M9XA-4TZP-8HWN",
    "verify_url": "https://portal.certtrack.example/verify/certificates/K7Q2M9XA4TZP8HWN",
}


def _reportlab(fields: dict[str, Any]) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(out, pagesize=(width, height))
    pdf.setStrokeColorRGB(4 / 255, 159 / 255, 217 / 255)
    pdf.setLineWidth(3)
    pdf.rect(28, 28, width - 56, height - 56)
    lines = [
        ("Helvetica-Bold", 14, "CERTIFICATE OF ACHIEVEMENT"),
        ("Helvetica", 13, "This certifies that"),
        ("Helvetica-Bold", 30, fields["holder"]),
        ("Helvetica", 13, "has met every requirement of the certification"),
        ("Helvetica-Bold", 24, fields["certification"]),
        ("Helvetica", 12, f"{fields['level'].capitalize()} level"),
        ("Helvetica", 12, f"Earned {fields['earned_on']}   |   Valid through {fields['expires_on']}"),
    ]
    y = height - 100
    for font, size, text in lines:
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, text)
        y -= size * 2.2
    pdf.setFont("Helvetica", 10)
    for n, text in enumerate(
        [
            f"Certificate number: {fields['number']}",
            f"Verification code: {fields['code']}",
            f"Verify at: {fields['verify_url']}",
        ]
    ):
        pdf.drawString(68, 120 - n * 16, text)
    widget = QrCodeWidget(fields["verify_url"])
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(108, 108, transform=[108 / (x1 - x0), 0, 0, 108 / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - 176, 64)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


EMBEDDED = "fpdf2, Cyrillic/Greek/Vietnamese names (embedded font subset)"
EMBEDDED_NAMES = ["Дмитрий Иванович Кузнецов", "Αλέξανδρος Παπαδόπουλος", "Nguyễn Thị Minh Khai"]


def _measure(render: Any) -> dict[str, float]:
    render(0)  # imports and first-use costs (parsing the fonts) are cold start, not per-PDF
    times, sizes = [], []
    for n in range(RUNS):
        t = time.perf_counter()
        body = render(n)
        times.append((time.perf_counter() - t) * 1000)
        sizes.append(len(body))
    return {
        "median_ms": statistics.median(times),
        "p90_ms": sorted(times)[int(RUNS * 0.9)],
        "bytes": statistics.median(sizes),
    }


def run() -> dict[str, Any]:
    ensure_paths()
    from certtrack.documents import certificate

    return {
        "fpdf2": _measure(lambda n: certificate.render(**FIELDS)),
        EMBEDDED: _measure(
            lambda n: certificate.render(**{**FIELDS, "holder": EMBEDDED_NAMES[n % len(EMBEDDED_NAMES)]})
        ),
        "reportlab": _measure(lambda n: _reportlab(FIELDS)),
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    ours, embedded = result["fpdf2"], result[EMBEDDED]
    rows = [
        [name, f"{r['median_ms']:.1f}", f"{r['p90_ms']:.1f}", f"{r['bytes']:,.0f} bytes"] for name, r in result.items()
    ]
    fast, small = ours["median_ms"] < 15, ours["bytes"] < 10 * 1024
    embedded_fast = embedded["median_ms"] < 15
    text = "\n".join(
        [
            f"6. Certificate PDF, median of {RUNS} renders after one warm-up (same content, QR included)",
            "",
            table(rows, ["library", "median ms", "p90 ms", "size"]),
            "",
            f"   target  fpdf2 (used) under 15 ms -> {ours['median_ms']:.1f} ms  {verdict(fast)}; "
            f"under 10 KB -> {ours['bytes']:,.0f} bytes  {verdict(small)} (a Latin-1 name)",
            f"   target  fpdf2 with an embedded font under 15 ms -> {embedded['median_ms']:.1f} ms  "
            f"{verdict(embedded_fast)}; size {embedded['bytes']:,.0f} bytes (reported)",
        ]
    )
    targets = [
        ("certificate PDF < 15 ms", fast),
        ("certificate PDF < 10 KB", small),
        ("certificate PDF with an embedded font < 15 ms", embedded_fast),
    ]
    return text, targets, result
