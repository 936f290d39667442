"""What the kit vendor can engrave on the expert plaque: one line of Latin letters (accents
included), spaces, hyphens, apostrophes and full stops, at most 40 characters."""

import unicodedata

import pytest

from certtrack.kits import ENGRAVING_MAX, engraving_problem


@pytest.mark.parametrize(
    "name",
    ["Ada Lovelace", "José Núñez-O'Brien", "Zoë Ørsted-Łukasiewicz", "J. R. R. Tolkien", "x" * ENGRAVING_MAX],
)
def test_names_the_plaque_takes(name):
    assert engraving_problem(name) is None


def test_a_decomposed_accent_is_taken_once_composed():
    decomposed = "Jose\u0301"
    assert engraving_problem(decomposed) is not None  # a bare combining mark is not cut
    assert engraving_problem(unicodedata.normalize("NFC", decomposed)) is None


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("x" * (ENGRAVING_MAX + 1), f"has {ENGRAVING_MAX + 1} characters"),
        ("   ", "it is empty"),
        ("Иван Петров", "not 'И', 'П'"),
        ("Ada Lovelace 3rd", "not '3'"),
        ("Ada_Lovelace", "not '_'"),
    ],
)
def test_names_the_plaque_refuses_say_why(name, why):
    assert why in engraving_problem(name)
