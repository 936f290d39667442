"""Mailing addresses: ISO 3166 countries and subdivisions, postal codes, and no P.O. Boxes.

Kits and plaques ship by courier, which cannot deliver to a P.O. Box, so one is refused in any line
and in any of the spellings people use for it (guide §2).
"""

import re
import unicodedata
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

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
# Countries whose postal addresses need a state or province.
_STATE_REQUIRED = {"US", "CA", "AU", "BR", "MX", "IN", "CN", "AR", "MY"}
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
    """An ISO 3166-1 alpha-2 code, upper-cased, or a ValueError that says so."""
    code = value.upper()
    if country_name(code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _country_codes(schema: dict[str, Any]) -> None:
    """The schema lists the codes, so that a client (or a generator) knows which two letters pass."""
    import pycountry

    schema["enum"] = sorted(c.alpha_2 for c in pycountry.countries)


CountryCode = Annotated[
    str,
    Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2", json_schema_extra=_country_codes),
    AfterValidator(iso_country),
]


@cache
def _subdivisions(country: str) -> dict[str, str]:
    """Every accepted spelling of a subdivision (code with and without prefix, name) → its short code."""
    import pycountry

    spellings: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        short = sub.code.split("-", 1)[1]
        for spelling in (sub.code, short, sub.name):
            spellings.setdefault(spelling.casefold(), short)
    return spellings


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class MailingAddress(Model):
    """The address kits, plaques and benefits ship to."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    line1: str = Field(min_length=1, max_length=100, description="street and number")
    line2: str | None = Field(None, max_length=100)
    city: str = Field(min_length=1, max_length=60)
    state: str | None = Field(None, max_length=60, description="state, province or region (ISO 3166-2)")
    postal_code: str | None = Field(None, max_length=12)
    country: CountryCode

    @field_validator("line1", "line2", "city", "state", "postal_code", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise ValueError("must not contain control characters")
            return _text(value)
        return value

    @field_validator("line1", "line2")
    @classmethod
    def _no_po_box(cls, value: str | None) -> str | None:
        if value and is_po_box(value):
            raise ValueError("a P.O. Box cannot receive certification shipments; give a street address")
        return value

    @model_validator(mode="after")
    def _state_and_postal_code(self) -> "MailingAddress":
        def refuse(field: str, message: str) -> InvalidInput:
            # Not a ValueError, so pydantic lets it through with the field it names.
            return InvalidInput(f"{field}: {message}", field=field)

        if self.city and is_po_box(self.city):
            raise refuse("city", "a P.O. Box cannot receive certification shipments; give a street address")
        spellings = _subdivisions(self.country)
        if self.state:
            if spellings:
                short = spellings.get(self.state.casefold())
                if short is None:
                    raise refuse("state", f"{self.state!r} is not a state or province of {self.country}")
                self.state = short
        elif self.country in _STATE_REQUIRED:
            raise refuse("state", f"is required for addresses in {self.country}")
        if self.postal_code:
            pattern = _POSTAL.get(self.country, _GENERIC_POSTAL)
            if not pattern.match(self.postal_code):
                raise refuse("postal_code", f"{self.postal_code!r} is not a valid postal code for {self.country}")
            self.postal_code = self.postal_code.upper()
        elif self.country not in _NO_POSTAL_CODE:
            raise refuse("postal_code", f"is required for addresses in {self.country}")
        return self
