"""Names on PDFs (guide §8): the core fonts print Latin-1 only, so every other character is written
in Latin letters rather than as '?', and Latin-1 accents stay as they are."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from certtrack.documents import certificate
from certtrack.documents.text import latin1


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("José Müller-Ñúñez", "José Müller-Ñúñez"),
        ("Ærøskøbing", "Ærøskøbing"),
        ("Łukasz Wąsowski", "Lukasz Wasowski"),
        ("Nguyễn Thị Minh", "Nguyen Thi Minh"),
        ("Şükrü Öztürk", "Sükrü Öztürk"),
        ("Дмитрий Иванов", "Dmitriy Ivanov"),
        ("Jose\u0301", "José"),
    ],
)
def test_latin1_keeps_accents_it_can_print_and_transliterates_the_rest(name, printed):
    assert latin1(name) == printed


def test_a_certificate_prints_a_name_outside_latin1_in_latin_letters_not_question_marks():
    pdf = certificate.render(
        holder="Łukasz Nguyễn Дмитрий",
        certification="CCNA",
        level="associate",
        earned_on=date(2026, 1, 2),
        expires_on=date(2029, 1, 2),
        number="CT-2026-000001",
        code="AB12CD34EF56",
        verify_url="http://127.0.0.1:8000/#/verify/AB12CD34EF56",
    )
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Lukasz Nguyen Dmitriy" in text
    assert "?" not in text
