"""The mailing-address model on its own: the P.O. Box matcher and ISO 3166 normalisation (guide §2).
No AWS: these run in microseconds, so the matcher's table can be long. Spellings, street names and
refusals that tests/features/test_personal.py already sends through `PUT /me/addresses/mailing`
are not repeated here."""

import pytest
from pydantic import ValidationError

from certtrack.accounts.address import MailingAddress, is_po_box
from certtrack.web.errors import from_validation_error

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


def refused(address):
    """The 400 the API answers for `address`."""
    with pytest.raises(ValidationError) as caught:
        MailingAddress.model_validate(address)
    return from_validation_error(caught.value)


def test_the_model_refuses_a_po_box_as_the_city_naming_city():
    assert refused({**US, "city": "PO Box 12"}).field == "city"


@pytest.mark.parametrize(
    ("country", "written", "code", "shown"),
    [
        ("IN", "Maharashtra", "MH", "Maharashtra"),
        ("IN", "tamil nadu", "TN", "Tamil Nadu"),
        ("IN", "KARNATAKA", "KA", "Karnataka"),
        ("IN", "Mahārāshtra", "MH", "Maharashtra"),
        ("IN", "in-mh", "MH", "Maharashtra"),
        ("CN", "Beijing", "BJ", "Beijing"),
        ("CN", "beijing shi", "BJ", "Beijing"),
        ("PH", "Metro Manila", "00", "Metro Manila"),
        ("AE", "Dubai", "DU", "Dubai"),
        ("AE", "abu dhabi", "AZ", "Abu Dhabi"),
        ("KR", "Seoul", "11", "Seoul"),
        ("JP", "Tokyo", "13", "Tokyo"),
        ("MX", "jalisco", "JAL", "Jalisco"),
    ],
)
def test_a_state_by_its_name_or_code_in_any_case_is_stored_as_its_code(country, written, code, shown):
    from certtrack.accounts.address import AddressOnFile

    postal_code = {"JP": "100-0001", "IN": "411001", "AE": None}.get(country, "10001")
    address = MailingAddress.model_validate(
        {"line1": "1 Main Road", "city": "City", "state": written, "postal_code": postal_code, "country": country}
    )
    assert address.state == code
    assert AddressOnFile.of(address.model_dump()).state_name == shown


def test_every_invalid_field_is_named_at_once_in_plain_words():
    error = refused({"country": "IN", "line1": "", "city": "Pune", "state": "Maharashtr", "postal_code": "12"})
    assert error.problems == [
        ("line1", "is required"),
        ("state", "'Maharashtr' is not a state of India"),
        ("postal_code", "'12' is not a postal code of India"),
    ]
    assert error.field == "line1"
    assert "ISO" not in error.message
    assert "should" not in error.message


@pytest.mark.parametrize(
    ("country", "required"), [("US", True), ("IN", True), ("JP", True), ("PH", False), ("DE", False)]
)
def test_a_state_is_required_only_where_addresses_carry_one(country, required):
    address = {"line1": "1 Main Road", "city": "City", "postal_code": "10115", "country": country}
    if required:
        assert refused(address).problems[0][0] == "state"
    else:
        assert MailingAddress.model_validate(address).state is None


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
    assert refused({**US, **change}).field == "postal_code"


@pytest.mark.parametrize("country", ["UK", "EU"])
def test_reserved_codes_that_are_not_iso_3166_alpha_2_countries_are_refused(country):
    with pytest.raises(ValidationError) as refused:
        MailingAddress.model_validate({**US, "country": country})
    assert refused.value.errors()[0]["loc"] == ("country",)
