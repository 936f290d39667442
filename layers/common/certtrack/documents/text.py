"""Text for the PDF core fonts, which can only print Latin-1.

The core fonts keep a certificate at a few kilobytes and a render in milliseconds (an embedded
Unicode font would multiply both). So every Latin-1 character (é, ü, ñ, ø …) is kept as it is and
only the others are written in Latin letters by anyascii (Ł → L, Nguyễn → Nguyen, Дмитрий →
Dmitriy), where encoding would print a holder's name with question marks. The verification page
and the API still show the name exactly as the candidate entered it.
"""

import unicodedata


def latin1(text: str) -> str:
    from anyascii import anyascii

    composed = unicodedata.normalize("NFC", text)
    return "".join(ch if ord(ch) < 256 else anyascii(ch) for ch in composed)
