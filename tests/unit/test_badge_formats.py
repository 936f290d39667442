"""The byte formats outsiders read: the Bitstring Status List (W3C) and baked PNG/SVG (OB 3.0 §5.3),
checked against independent readers (gzip and Pillow) rather than only against our own decoder."""

import base64
import gzip
import io
import random
import xml.etree.ElementTree as ET

from PIL import Image

from certtrack.badges import baking, status_list


def test_the_list_is_131072_bits_index_0_the_leftmost_and_multibase_base64url():
    encoded = status_list.encode([0, 9, 131_071])
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert "+" not in encoded
    assert "/" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 == 131_072
    assert raw[0] == 0b1000_0000
    assert raw[1] == 0b0100_0000
    assert raw[-1] == 0b0000_0001
    bits = status_list.decode(encoded)
    assert [i for i in (0, 1, 9, 131_071) if status_list.is_set(bits, i)] == [0, 9, 131_071]


def test_one_percent_revoked_stays_small():
    revoked = random.Random(7).sample(range(131_072), 1_311)
    encoded = status_list.encode(revoked)
    assert len(encoded) < 8_000  # 16 KiB of bits; random 1% compresses to a few KiB
    assert sum(status_list.is_set(status_list.decode(encoded), i) for i in revoked) == 1_311


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "#049fd9").save(out, format="PNG")
    return out.getvalue()


def test_a_baked_png_holds_exactly_one_uncompressed_credential_chunk_after_the_header():
    baked = baking.bake_png(baking.bake_png(_png(), "a.b.c"), "h.p.s")  # baked twice: replaced
    chunks = baking._chunks(baked)
    assert [k for k, _ in chunks][:2] == [b"IHDR", b"iTXt"]
    assert baking.read_png(baked) == ["h.p.s"]
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert image.text == {"openbadgecredential": "h.p.s"}  # Pillow reads the same iTXt chunk


def test_a_baked_svg_declares_the_namespace_and_carries_the_jws():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    root = ET.fromstring(baking.bake_svg(svg, "h.p.s"))  # noqa: S314 (our own output, parsed in a test)
    credential = root.find("{https://purl.imsglobal.org/ob/v3p0}credential")
    assert credential is not None
    assert credential.get("verify") == "h.p.s"
