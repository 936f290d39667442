"""Names and titles on PDFs (guide §8): printed in their own script (Latin, Greek, Cyrillic) with an
embedded subset font where Latin-1 does not reach, never as '?'; fitted to their box (shrunk or
wrapped), never cut off. The certificate's QR code is read back by an independent renderer (PDFium)
and decoder."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from io import BytesIO

import pypdfium2
import pytest
import zxingcpp
from fpdf import FPDF
from fpdf.fonts import TTFFont
from pypdf import PdfReader

from certtrack import clock
from certtrack.documents import certificate, score_report, transcript
from certtrack.documents import receipt as receipt_pdf
from certtrack.documents.text import (
    CORE,
    EMBEDDED,
    FONTS,
    PER_DOCUMENT,
    REGULAR,
    SHARED,
    UNSET,
    Fitted,
    Typeface,
    fit,
    latin1,
)
from certtrack.store.items.facts import ExamResultItem
from certtrack.store.items.scheduling import ReceiptItem

LONG_TITLE = "Cisco Certified Specialist - Enterprise Advanced Infrastructure Implementation"
LONG_NAME = "Maria Fernanda de los Ángeles Gutiérrez-Santamaría y Villalobos"


def render(holder: str, certification: str = "CCNA") -> bytes:
    return certificate.render(
        holder=holder,
        certification=certification,
        level="associate",
        earned_on=date(2026, 1, 2),
        expires_on=date(2029, 1, 2),
        number="CT-2026-000001",
        code="AB12CD34EF56",
        verify_url="http://127.0.0.1:8000/#/verify/AB12CD34EF56",
    )


def text_and_fonts(pdf: bytes) -> tuple[str, set[str]]:
    page = PdfReader(BytesIO(pdf)).pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    return page.extract_text(), fonts


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("José Müller-Ñúñez", "José Müller-Ñúñez"),
        ("Łukasz Wąsowski", "Lukasz Wasowski"),
        ("Дмитрий Иванов", "Dmitriy Ivanov"),
        ("Jose\u0301", "José"),
    ],
)
def test_latin1_for_the_core_fonts_keeps_accents_it_can_print_and_transliterates_the_rest(name, printed):
    assert latin1(name) == printed


@pytest.mark.parametrize("name", ["Łukasz Wąsowski", "Nguyễn Thị Minh", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов"])
def test_a_name_outside_latin1_is_printed_in_its_own_script_with_an_embedded_subset_font(name):
    text, fonts = text_and_fonts(render(name))
    assert name in text
    assert any("DejaVuSans" in f and "+" in f for f in fonts), fonts  # "ABCDEF+DejaVuSans": a subset


def printable(pdf: bytes) -> set[str]:
    """The characters the document's embedded fonts map back to text (their ToUnicode maps)."""
    fonts = PdfReader(BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    embedded = [f.get_object() for f in fonts if "/ToUnicode" in f.get_object()]
    maps = [f["/ToUnicode"].get_object().get_data().decode() for f in embedded]
    return {chr(int(target, 16)) for cmap in maps for target in re.findall(r"<[0-9A-F]{4}> <([0-9A-F]{4})>", cmap)}


def test_documents_made_one_after_another_in_a_process_each_carry_only_their_own_name():
    greek, cyrillic = "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов"
    with clock.pinned(datetime(2026, 1, 2, 9, 0, tzinfo=UTC)):
        first, second, again = render(greek), render(cyrillic), render(greek)
    assert greek in text_and_fonts(first)[0]
    assert cyrillic in text_and_fonts(second)[0]
    assert set(cyrillic) <= printable(second)
    assert not set("αλέξνδροςπ") & printable(second)
    assert again == first


def test_documents_made_at_once_in_threads_each_carry_only_their_own_name():
    """The local runtime serves several requests of a function at once in one process."""
    greek, cyrillic = "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов"
    names = [greek, cyrillic] * 6
    with ThreadPoolExecutor(max_workers=4) as pool:
        documents = list(pool.map(render, names))
    for name, document in zip(names, documents, strict=True):
        other = cyrillic if name == greek else greek
        assert name in text_and_fonts(document)[0]
        assert set(name) <= printable(document)
        assert not (set(other) - {" "}) & printable(document)


def test_every_attribute_of_fpdf2s_font_object_is_either_shared_or_made_per_document():
    """Faces are parsed once and copied per document attribute by attribute: an fpdf2 upgrade that
    adds one must be sorted before documents rely on it."""
    assert set(TTFFont.__slots__) == SHARED | PER_DOCUMENT | UNSET
    assert not SHARED & PER_DOCUMENT
    added, copied = FPDF(), FPDF()
    added.add_font(EMBEDDED, "", FONTS / REGULAR)
    Typeface(copied).use("", 12, "Дмитрий")
    ours, theirs = copied.fonts[EMBEDDED], added.fonts[EMBEDDED]
    assert {s for s in TTFFont.__slots__ if hasattr(ours, s)} == {s for s in TTFFont.__slots__ if hasattr(theirs, s)}
    assert dict(ours.cw) == dict(theirs.cw)
    assert ours.glyph_ids == theirs.glyph_ids
    assert ours.ttfont.getGlyphOrder() == theirs.ttfont.getGlyphOrder()


def test_only_the_face_a_non_latin1_string_needs_is_embedded():
    """The name is printed bold; every label is Latin-1: one face is subset, not two."""
    text, fonts = text_and_fonts(render("Дмитрий Иванов"))
    assert "Дмитрий Иванов" in text
    assert "This certifies that" in text
    embedded = {f for f in fonts if "DejaVu" in f}
    assert [f.split("+")[1] for f in embedded] == ["DejaVuSansBold"]
    assert fonts - embedded <= {"/Helvetica", "/Helvetica-Bold"}


@pytest.mark.parametrize("name", ["José Müller", "Дмитрий Иванов"])
def test_the_certificates_qr_code_reads_back_as_its_verification_link(name):
    """Rendered by PDFium (Chrome's PDF engine) and read by zxing-cpp's decoder: the QR is a real,
    scannable code of the link, error correction M, with a quiet zone around it on the page."""
    page = pypdfium2.PdfDocument(render(name))[0]
    image = page.render(scale=300 / 72).to_pil()
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in codes] == ["http://127.0.0.1:8000/#/verify/AB12CD34EF56"]
    assert codes[0].ec_level == "M"


def test_a_latin1_name_uses_the_core_fonts_and_embeds_nothing():
    text, fonts = text_and_fonts(render("José Müller"))
    assert "José Müller" in text
    assert fonts <= {"/Helvetica", "/Helvetica-Bold"}


def test_cjk_without_a_font_is_written_in_latin_letters_not_question_marks():
    text, _ = text_and_fonts(render("王小明 Дмитрий"))
    assert "Wang" in text
    assert "Дмитрий" in text
    assert "?" not in text


@pytest.mark.parametrize(
    ("name", "title"), [(LONG_NAME, LONG_TITLE), ("Дмитрий Иванович Кузнецов-Рахманинов", LONG_TITLE)]
)
def test_a_long_name_and_title_are_printed_whole(name, title):
    text, _ = text_and_fonts(render(name, title))
    flat = " ".join(text.split())
    assert name in flat
    assert title in flat


@pytest.mark.parametrize("family", [CORE, EMBEDDED])
def test_fit_keeps_the_size_of_a_short_text(family):
    pdf = FPDF()
    Typeface(pdf).use("B", 30, "Дмитрий" if family == EMBEDDED else "Alex")
    assert pdf.font_family == family
    assert fit(pdf, "Alex Morgan", width=237, size=30, smallest=16, style="B") == Fitted(30, ["Alex Morgan"])


def test_fit_wraps_a_long_title_on_two_lines_each_within_the_box():
    pdf = FPDF()
    pdf.set_font(CORE, "B", 24)
    fitted = fit(pdf, LONG_TITLE, width=237, size=24, smallest=13, style="B")
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == LONG_TITLE
    assert 13 <= fitted.size <= 24
    pdf.set_font(CORE, "B", fitted.size)
    assert all(pdf.get_string_width(line) <= 237 for line in fitted.lines)


def test_fit_shrinks_a_word_longer_than_the_box_rather_than_cutting_it():
    word = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafewaren"
    pdf = FPDF()
    pdf.set_font(CORE, "B", 30)
    fitted = fit(pdf, word, width=237, size=30, smallest=16, style="B")
    assert fitted.lines == [word]
    assert fitted.size < 16
    pdf.set_font(CORE, "B", fitted.size)
    assert pdf.get_string_width(word) <= 237.01


def test_a_score_report_lists_its_sections_in_a_table_in_the_holders_script():
    result = ExamResultItem.model_validate(
        {
            "pk": "CAND#CSCO10000001",
            "sk": "E#EXAM#2026-10-02#PV-1",
            "result_id": "PV-1",
            "candidate_id": "CSCO10000001",
            "exam_code": "350-401",
            "title": "Implementing Cisco Enterprise Network Core Technologies (ENCOR)",
            "taken_on": "2026-10-02",
            "score": 871,
            "passing_score": 825,
            "passed": True,
            "sections": [{"name": "Architecture", "score": 90}, {"name": "Security", "score": 62}],
        }
    )
    text, _ = text_and_fonts(score_report.render(result, "Αλέξανδρος Παπαδόπουλος"))
    assert "Αλέξανδρος Παπαδόπουλος" in text
    assert "PASS" in text
    assert "871 of 1000" in text
    assert "Passing score 825" in text
    assert "Architecture" in text
    assert "Security" in text


def test_a_transcript_prints_the_holder_in_their_script_and_long_titles_whole():
    content = {
        "transcript_id": "TR-7K2M9Q",
        "issuer": "certtrack",
        "holder": {"name": "Дмитрий Иванович Кузнецов", "candidate_id": "CSCO10000001"},
        "as_of": "2026-12-06T05:30:00Z",
        "expires_on": "2027-01-05",
        "certifications": [
            {
                "name": LONG_TITLE,
                "level": "specialist",
                "status": "active",
                "earned_on": "2026-01-02",
                "expires_on": None,
            }
        ],
        "exams": [
            {
                "exam_code": "350-401",
                "title": "Implementing Cisco Enterprise Network Core Technologies (ENCOR)",
                "taken_on": "2026-01-02",
            }
        ],
    }
    text = PdfReader(BytesIO(transcript.render(content, verify_url="https://portal.example/#/v/x"))).pages[0]
    flat = " ".join(text.extract_text().split())
    assert "Дмитрий Иванович Кузнецов" in flat
    assert LONG_TITLE in flat
    assert "Implementing Cisco Enterprise Network Core Technologies (ENCOR)" in flat


def test_a_receipt_names_the_candidate_in_their_script():
    receipt = ReceiptItem.model_validate(
        {
            "pk": "CAND#CSCO10000001",
            "sk": "RCPT#R-1",
            "receipt_id": "R-1",
            "number": "CT-R-000001",
            "candidate_id": "CSCO10000001",
            "appointment_id": "AP-1",
            "issued_at": "2026-12-06T05:30:00Z",
            "lines": [{"description": "Exam 350-401 ENCOR", "amount": 40000}],
            "tax": 8000,
            "tax_rate": 20,
            "tax_country": "GB",
            "total": 48000,
            "currency": "GBP",
            "method": "card",
            "payment_status": "paid",
        }
    )
    text, fonts = text_and_fonts(
        receipt_pdf.render(receipt, holder="Αλέξανδρος Παπαδόπουλος", candidate_id="CSCO10000001")
    )
    assert "Candidate: Αλέξανδρος Παπαδόπουλος (CSCO10000001)" in text
    assert "480.00 GBP" in text
    assert any("DejaVuSans" in f for f in fonts)
