"""The mailing-address model on its own: the P.O. Box matcher and ISO 3166 normalisation (guide §2).
No AWS: these run in microseconds, so the matcher's table can be long. Spellings, street names and
refusals that tests/features/test_personal.py already sends through `PUT /me/addresses/mailing`
are not repeated here."""

import pytest
from pydantic import ValidationError

from certtrack.accounts.address import MailingAddress, is_po_box
from certtrack.errors import InvalidInput

US = {"line1": "123 Any Street", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": "US"}

PO_BOXES = [
    "P O Box 12",
    "p.o.box 9",
    "P-O-Box 5",
    "POBox 5",
    "P0 Box 3",
    "post-office box 1",
    "Post Office Drawer 7",
    "Postal Box 4",
    "Post Box 4",
    "G.P.O. Box 3",
    "Box 123",
    "  BOX #12",
    "Locked Bag 6",
    "Private Bag 12",
    "Postbus 45",
    "Postboks 300",
    "Apartado 21",
    "Caixa Postal 9",
    "Casilla 13",
    "Boîte postale 8",
    "Boite Postale 8",
    "Casella Postale 2",
    "Suite 4, PO Box 12",
    "Unit 2 / P.O. Box 9",
]

# Common regional spellings: Spanish "Apdo." (Apartado), French "B.P." (Boîte postale), Swiss and
# Québécois "Case postale", the "Private Mail Bag" of Africa and the Pacific.
REGIONAL_PO_BOXES = [
    "Apdo. 21",
    "Apdo. Postal 4",
    "B.P. 52",
    "Case postale 12",
    "Private Mail Bag 4",
]

STREETS = [
    "9 Boxer Street",
    "77 Postal Way",
    "15 Post Office Square",
    "Apartment 4B",
    "3 Bagshot Row",
    "1 Infinite Loop",
    "Hauptstraße 5",
    "Calle Mayor 3",
    "Poblenou 44",
    # "Casillas" is a surname and a place name, not "casilla (postal)": Casillas de Coria is a
    # municipality in Cáceres, Spain.
    "Calle Casillas 4",
    "Casillas de Coria 2",
]


@pytest.mark.parametrize("line", PO_BOXES)
def test_every_spelling_of_a_po_box_is_recognised(line):
    assert is_po_box(line), line


@pytest.mark.parametrize("line", REGIONAL_PO_BOXES)
def test_regional_po_box_abbreviations_are_recognised(line):
    assert is_po_box(line), line


@pytest.mark.parametrize("line", STREETS)
def test_street_addresses_are_not_taken_for_a_po_box(line):
    assert not is_po_box(line), line


def test_the_model_refuses_a_po_box_as_the_city_naming_city():
    with pytest.raises(InvalidInput) as refused:
        MailingAddress.model_validate({**US, "city": "PO Box 12"})
    assert refused.value.field == "city"


@pytest.mark.parametrize(
    ("state", "expected"),
    [("CA", "CA"), ("ca", "CA"), ("US-CA", "CA"), ("California", "CA"), ("New York", "NY")],
)
def test_a_us_state_in_any_common_spelling_becomes_its_code(state, expected):
    assert MailingAddress.model_validate({**US, "state": state}).state == expected


def test_countries_and_postal_codes_are_normalised():
    address = MailingAddress.model_validate(
        {"line1": " 10  Downing Street ", "city": "London", "postal_code": "sw1a 2aa", "country": "gb"}
    )
    assert (address.line1, address.country, address.postal_code, address.state) == (
        "10 Downing Street",
        "GB",
        "SW1A 2AA",
        None,
    )


def test_a_country_without_postal_codes_needs_none():
    address = MailingAddress.model_validate({"line1": "1 Queen's Road Central", "city": "Hong Kong", "country": "HK"})
    assert address.postal_code is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"postal_code": None}, id="us-without-zip"),
        pytest.param({"country": "CA", "state": "ON", "postal_code": "12345"}, id="canada-with-a-us-zip"),
    ],
)
def test_a_missing_or_foreign_postal_code_is_refused_naming_postal_code(change):
    with pytest.raises(InvalidInput) as refused:
        MailingAddress.model_validate({**US, **change})
    assert refused.value.field == "postal_code"


@pytest.mark.parametrize("country", ["UK", "EU"])
def test_reserved_codes_that_are_not_iso_3166_alpha_2_countries_are_refused(country):
    with pytest.raises(ValidationError) as refused:
        MailingAddress.model_validate({**US, "country": country})
    assert refused.value.errors()[0]["loc"] == ("country",)
