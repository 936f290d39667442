"""States, provinces and their equivalents (ISO 3166-2 through pycountry), as people write them.

ISO 3166-2 names are romanisations that addresses rarely carry: "Mahārāshtra", "Beijing Shi",
"Dubayy", "National Capital Region". A candidate writes "Maharashtra", "Beijing", "Dubai" or
"Metro Manila", in any case. So a subdivision is found by its code (with or without the country
prefix), its ISO name, pycountry's English name for it, or one of the names below, all compared
without case, accents or punctuation; the address stores the short code and shows the name.
"""

import unicodedata
from collections import Counter
from functools import cache
from typing import NamedTuple

#: Countries whose postal addresses carry a state, province or equivalent that the courier reads,
#: so an address there needs one (after the postal services' address formats), or a city that is
#: one (`CITY_TYPES`). Elsewhere it is optional: the city and postal code route the parcel.
STATE_IN_ADDRESS: dict[str, str] = {
    "US": "the state's two-letter code follows the city on every US address",
    "CA": "the province follows the city on every Canadian address",
    "AU": "the state or territory precedes the postcode",
    "BR": "the state (UF) follows the city",
    "MX": "the state follows the postal code and city",
    "IN": "the state precedes the PIN code",
    "CN": "the province or municipality opens the address",
    "AR": "the province follows the city",
    "MY": "the state follows the postcode and city",
    "JP": "the prefecture opens the address",
    "AE": "the emirate ends the address (there are no postal codes)",
    "KR": "the province or metropolitan city opens the address",
}

#: Names people write that neither ISO 3166-2 nor its English translation carries; the first is the
#: name shown.
ALSO_WRITTEN: dict[str, tuple[str, ...]] = {
    "PH-00": ("Metro Manila", "NCR", "National Capital Region"),
    "AE-AZ": ("Abu Dhabi",),
    "AE-SH": ("Sharjah",),
    "AE-AJ": ("Ajman",),
    "AE-RK": ("Ras Al Khaimah",),
    "AE-FU": ("Fujairah",),
    "AE-UQ": ("Umm Al Quwain",),
    "CN-NM": ("Inner Mongolia", "Nei Mongol"),
    "CN-XZ": ("Tibet", "Xizang"),
    "CN-GX": ("Guangxi",),
    "CN-NX": ("Ningxia",),
    "CN-XJ": ("Xinjiang",),
    "CN-HK": ("Hong Kong",),
    "CN-MO": ("Macao", "Macau"),
    "IN-OD": ("Odisha", "Orissa"),
    "IN-UK": ("Uttarakhand", "Uttaranchal"),
    "IN-PY": ("Puducherry", "Pondicherry"),
}

#: Administrative words ISO 3166-2 appends to a name that addresses leave out ("Beijing Shi",
#: "Gyeonggi-do", "Seoul-teukbyeolsi").
SUFFIXES: dict[str, tuple[str, ...]] = {
    "CN": (" Sheng", " Shi", " Zizhiqu", " SAR"),
    "KR": ("-teukbyeoljachido", "-teukbyeoljachisi", "-teukbyeolsi", "-gwangyeoksi", "-do"),
}

#: Countries whose ISO 3166-2 names carry transliteration marks (macrons, dots below) that names
#: written in Latin letters there leave out: the shown name is "Maharashtra", not "Mahārāshtra".
PLAIN_LATIN: frozenset[str] = frozenset({"IN", "PK", "BD", "NP", "LK", "AE", "SA", "EG", "IQ", "JO", "KW", "OM", "QA"})


#: ISO 3166-2 subdivision types that are themselves a city: an emirate (Dubai), a metropolitan or
#: special city (Seoul, Busan), a municipality (Beijing, Shanghai), a federal territory (Kuala Lumpur).
#: An address whose city is one of these is in it, so the city names the state the address needs.
CITY_TYPES: frozenset[str] = frozenset(
    {
        "Emirate",
        "Metropolitan city",
        "Special city",
        "Special self-governing city",
        "Municipality",
        "City",
        "Federal territory",
    }
)


class Subdivision(NamedTuple):
    code: str
    name: str


class Subdivisions(NamedTuple):
    """A country's subdivisions as the form offers them, and how to find one from what was written."""

    label: str
    required: bool
    items: list[Subdivision]
    spellings: dict[str, str]
    #: The spellings of the subdivisions that are cities (`CITY_TYPES`), as `spellings`.
    cities: dict[str, str]


_APOSTROPHES = frozenset("'\u2019\u2018\u02bc`")


def fold(text: str) -> str:
    """What two spellings of one name have in common: no case, accents, punctuation or spacing."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch) and ch not in _APOSTROPHES
    )
    return " ".join(kept.casefold().split())


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@cache
def _english() -> object:
    import gettext

    import pycountry

    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)


@cache
def of(country: str) -> Subdivisions:
    """The subdivisions of `country` (an ISO 3166-1 alpha-2 code); empty where ISO lists none."""
    import pycountry  # its databases load on first use; only address routes pay for it

    english = _english()
    found = list(pycountry.subdivisions.get(country_code=country) or [])
    items: list[Subdivision] = []
    spellings: dict[str, str] = {}
    cities: dict[str, str] = {}
    for sub in found:
        short = sub.code.split("-", 1)[1]
        translated = english.gettext(sub.name)  # type: ignore[attr-defined]
        also = ALSO_WRITTEN.get(sub.code, ())
        stripped = [
            n.removesuffix(s)
            for n in (sub.name, translated)
            for s in SUFFIXES.get(country, ())
            if n != n.removesuffix(s)
        ]
        shown = also[0] if also else (stripped[0] if stripped else translated)
        if country in PLAIN_LATIN:
            shown = _plain(shown)
        items.append(Subdivision(short, shown))
        for spelling in (sub.code, short, sub.name, translated, shown, *also, *stripped):
            spellings.setdefault(fold(spelling), short)
            if sub.type in CITY_TYPES and not sub.parent_code:
                cities.setdefault(fold(spelling), short)
    items.sort(key=lambda s: fold(s.name))
    top = Counter(sub.type for sub in found if not sub.parent_code)
    label = top.most_common(1)[0][0] if country in STATE_IN_ADDRESS and top else "State, province or region"
    return Subdivisions(label, country in STATE_IN_ADDRESS, items, spellings, cities)


def find(country: str, written: str) -> str | None:
    """The short code (e.g. "MH") of the subdivision of `country` that `written` names, if any."""
    return of(country).spellings.get(fold(written))


def of_city(country: str, city: str) -> str | None:
    """The short code of the subdivision of `country` that the city `city` itself is ("Dubai" → "DU",
    "Seoul" → "11"), if it is one: an address there names its state by naming its city."""
    return of(country).cities.get(fold(city))


def name_of(country: str, code: str | None) -> str | None:
    """The name shown for a stored short code."""
    if not code:
        return None
    return next((s.name for s in of(country).items if s.code == code), None)
