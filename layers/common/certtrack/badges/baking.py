"""Baking (Open Badges 3.0 §5.3): the signed credential carried inside the badge image, so that the
picture a holder posts is itself the proof.

PNG: exactly one uncompressed `iTXt` chunk with the keyword `openbadgecredential` whose text is the
compact JWS, placed after the header. SVG: an `openbadges:credential` element whose `verify`
attribute is the compact JWS, in the namespace `https://purl.imsglobal.org/ob/v3p0`.
"""

import re
import struct
import zlib
from xml.sax.saxutils import quoteattr

KEYWORD = b"openbadgecredential"
NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    out, at = [], len(_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        out.append((kind, png[at + 8 : at + 8 + length]))
        at += 12 + length
    return out


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_credential(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\x00", 1)[0] == KEYWORD


def bake_png(png: bytes, jws: str) -> bytes:
    """The image with the credential as its one `iTXt openbadgecredential` chunk (any earlier one
    is replaced: a re-baked image never carries two)."""
    # keyword, NUL, compression flag 0 and method 0, empty language tag and translated keyword
    text = KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + jws.encode("ascii")
    out = [_SIGNATURE]
    for kind, data in _chunks(png):
        if _is_credential(kind, data):
            continue
        out.append(_chunk(kind, data))
        if kind == b"IHDR":
            out.append(_chunk(b"iTXt", text))
    return b"".join(out)


def read_png(png: bytes) -> list[str]:
    """Every credential baked into the image (a well-baked one has exactly one)."""
    found = []
    for kind, data in _chunks(png):
        if _is_credential(kind, data):
            keyword_end = data.index(b"\x00")
            flag = data[keyword_end + 1]
            rest = data[keyword_end + 3 :]
            _language, rest = rest.split(b"\x00", 1)
            _translated, text = rest.split(b"\x00", 1)
            found.append((zlib.decompress(text) if flag else text).decode("utf-8"))
    return found


def bake_svg(svg: str, jws: str) -> str:
    """The artwork with the namespace declared on the root and the credential as its first child."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        raise ValueError("not an SVG document")
    root = match.group(0)
    if "xmlns:openbadges=" not in root:
        root = root[:-1] + f' xmlns:openbadges="{NAMESPACE}">'
    element = f"<openbadges:credential verify={quoteattr(jws)}></openbadges:credential>"
    return svg[: match.start()] + root + element + svg[match.end() :]
