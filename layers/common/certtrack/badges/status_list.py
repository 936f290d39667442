"""W3C Bitstring Status List v1.0: which credentials of one list are revoked, as one published bit
each.

The list is at least 131,072 bits (16 KiB) so that one holder's bit hides among many (herd
privacy); indices are handed out at random for the same reason. `encodedList` is the multibase
base64url ("u" prefix, no padding) of the GZIP of the bitstring, index 0 being the leftmost bit.
"""

import base64
import gzip
from collections.abc import Iterable

#: The specification's minimum length (16 KiB of bits).
SIZE = 131_072


def encode(revoked: Iterable[int], size: int = SIZE) -> str:
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} is outside the list of {size}")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same bits always give the same encoding (stable caches, comparable lists)
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix u)")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
