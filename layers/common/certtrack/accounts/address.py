"""Mailing addresses: ISO 3166 countries and subdivisions, postal codes, and no P.O. Boxes.

Kits and plaques ship by courier, which cannot deliver to a P.O. Box, so one is refused in any line
and in any of the spellings people use for it (guide §2).
"""

import re
import unicodedata
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator

from certtrack.accounts import subdivisions
from certtrack.errors import InvalidInput
from certtrack.models import Model

_PO_BOX = r"""
    (?:^|[^a-z0-9])(?:
        g?p[\s.\-]*[o0][\s.\-]*(?:b[o0]?x|b\b|b[\s.\-]*\d|b\.)   # P.O. Box, PO Bx, P0 Box, POB 12, GPO Box
      | pobox
      | post[\s\-]*office[\s\-]*(?:box|drawer)
      | post(?:al)?[\s\-]*box
      | p[\s.\-]*o[\s.\-]*drawer
      | ^\s*box[\s\-]*(?:no\.?|number|\#)?\s*\d          # "Box 123" as a whole line
      | (?:locked|private)\s+(?:mail\s+)?bag
      | postfach | postbus | postboks | apartado(?:\s+postal)? | apdo\b | caixa\s+postal
      | casilla\b(?:\s+(?:postal|de\s+correos?))?\s*(?:n[o°º]?\.?\s*)?\d   # "Casilla 123", not "Casillas"
      | b\.\s?p\.?\s*\d | \bbp\s+\d                           # boîte postale abbreviated
      | bo[iî]te\s+postale | casella\s+postale | case\s+postale
    )
    """

# Countries whose postal addresses carry no postal code.
_NO_POSTAL_CODE = {"AE", "AG", "AO", "BS", "BZ", "CW", "FJ", "GH", "HK", "MO", "QA", "TT", "UG", "YE", "ZW"}
_POSTAL = {
    "US": re.compile(r"^\d{5}(?:-\d{4})?$"),
    "CA": re.compile(r"^[A-Za-z]\d[A-Za-z][ \-]?\d[A-Za-z]\d$"),
    "GB": re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$"),
    "DE": re.compile(r"^\d{5}$"),
    "FR": re.compile(r"^\d{5}$"),
    "IN": re.compile(r"^\d{6}$"),
    "JP": re.compile(r"^\d{3}-?\d{4}$"),
    "AU": re.compile(r"^\d{4}$"),
    "NL": re.compile(r"^\d{4}\s?[A-Za-z]{2}$"),
    "BR": re.compile(r"^\d{5}-?\d{3}$"),
}
_GENERIC_POSTAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{1,11}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@cache
def _po_box() -> re.Pattern[str]:
    return re.compile(_PO_BOX, re.IGNORECASE | re.VERBOSE)


#: Letters of other scripts that look like the Latin ones a P.O. Box is spelled with (Cyrillic, Greek,
#: Armenian), and separators people type between its letters; folded before matching so that "P.O. Box"
#: with a Cyrillic O, or "P/O Box", is seen for what a courier would read.
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u043e\u03bf\u0585", "o"),
        **dict.fromkeys("\u0440\u03c1", "p"),
        **dict.fromkeys("\u0432\u03b2", "b"),
        **dict.fromkeys("\u0445\u03c7", "x"),
        **dict.fromkeys("\u0430\u03b1", "a"),
        **dict.fromkeys("\u0435\u03b5", "e"),
        **dict.fromkeys("\u0441\u03f2", "c"),
        **dict.fromkeys("\u0456\u03b9", "i"),
        **dict.fromkeys("\u0455", "s"),
        **dict.fromkeys("\u043a\u03ba", "k"),
        **dict.fromkeys("/\\_,;:\u00b7\u2022\u2010\u2011\u2012\u2013\u2014\u2015\u2044", "."),
    }
)


def is_po_box(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_LOOKALIKES)
    return bool(_po_box().search(folded))


def country_name(code: str) -> str | None:
    import pycountry  # its databases load on first use; only address routes pay for it

    found = pycountry.countries.get(alpha_2=code.upper())
    return found.name if found else None


def iso_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased, or a ValueError that says so in plain words."""
    code = value.strip().upper()
    if len(code) != 2 or country_name(code) is None:
        raise ValueError(f"{value!r} is not a country code: give its two letters, such as US, IN or DE")
    return code


def _country_codes(schema: dict[str, Any]) -> None:
    """The schema lists the codes, so that a client (or a generator) knows which two letters pass."""
    import pycountry

    schema["enum"] = sorted(c.alpha_2 for c in pycountry.countries)


CountryCode = Annotated[
    str,
    Field(description="two-letter country code (ISO 3166-1 alpha-2), e.g. US, IN", json_schema_extra=_country_codes),
    AfterValidator(iso_country),
]


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class MailingAddress(Model):
    """The address kits, plaques and benefits ship to. Every field is checked on its own, so one
    answer names every problem; the country comes first because the state and the postal code are
    checked against it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    country: CountryCode
    line1: str = Field(min_length=1, max_length=100, description="street and number")
    line2: str | None = Field(None, max_length=100)
    city: str = Field(min_length=1, max_length=60)
    state: str | None = Field(
        None,
        validate_default=True,
        max_length=60,
        description="state, province or region: its name or code in any case; stored as the ISO 3166-2 code",
    )
    postal_code: str | None = Field(None, max_length=12, validate_default=True)

    @field_validator("line1", "line2", "city", "state", "postal_code", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise ValueError("must not contain control characters")
            return _text(value)
        return value

    @field_validator("line1", "line2", "city")
    @classmethod
    def _no_po_box(cls, value: str | None) -> str | None:
        if value and is_po_box(value):
            raise ValueError("a P.O. Box cannot receive certification shipments; give a street address")
        return value

    @field_validator("state")
    @classmethod
    def _state(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if country is None:  # the country itself is refused; that is the problem to report
            return value
        known = subdivisions.of(country)
        if value is None:
            if not known.required:
                return None
            # A city that is itself the subdivision (Dubai, Seoul) names it: such an address, saved
            # or on file from before the state was required there, is complete and ships.
            city = info.data.get("city")
            code = subdivisions.of_city(country, city) if city else None
            if code is None:
                raise ValueError(f"is required for addresses in {country_name(country)}")
            return code
        if not known.items:
            return value
        code = subdivisions.find(country, value)
        if code is None:
            raise ValueError(f"{value!r} is not a {known.label.lower()} of {country_name(country)}")
        return code

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if country is None:
            return value
        if value is None:
            if country not in _NO_POSTAL_CODE:
                raise ValueError(f"is required for addresses in {country_name(country)}")
            return None
        if not _POSTAL.get(country, _GENERIC_POSTAL).match(value):
            raise ValueError(f"{value!r} is not a postal code of {country_name(country)}")
        return value.upper()


class AddressOnFile(Model):
    """An address as stored (the state as its code), with the names the portal shows. Built from the
    stored item without the rules: an address saved under older rules still reads back (shipping
    checks it again before anything ships)."""

    country: str
    country_name: str | None = None
    line1: str
    line2: str | None = None
    city: str
    state: str | None = None
    state_name: str | None = None
    postal_code: str | None = None

    @classmethod
    def of(cls, address: dict[str, Any]) -> "AddressOnFile":
        country, state = address["country"], address.get("state")
        return cls(
            **{k: address.get(k) for k in ("country", "line1", "line2", "city", "state", "postal_code")},
            country_name=country_name(country),
            state_name=subdivisions.name_of(country, state) or state,
        )


class SubdivisionOut(Model):
    code: str = Field(description="the short ISO 3166-2 code stored in addresses (MH for IN-MH)")
    name: str


class CountrySubdivisions(Model):
    """What the address form offers for the state field of one country."""

    country: str
    label: str = Field(description="what the country calls its subdivisions (State, Province, Emirate ...)")
    required: bool = Field(description="whether an address in this country needs one")
    items: list[SubdivisionOut]


def subdivisions_of(country: str) -> CountrySubdivisions:
    try:
        code = iso_country(country)
    except ValueError as exc:
        raise InvalidInput(f"country: {exc}", field="country") from exc
    known = subdivisions.of(code)
    return CountrySubdivisions(
        country=code,
        label=known.label,
        required=known.required,
        items=[SubdivisionOut(code=s.code, name=s.name) for s in known.items],
    )
