"""HTTP validators for answers that are the same for everyone (reference data, the portal's files).

A browser that holds such an answer asks again with `If-None-Match`; naming the current ETag gets a
304 with no body, as S3 and CloudFront answer. The ETag is a digest of the bytes, so any change of
the content (a new catalog, a new deploy of a file) changes it, and nothing has to remember versions.
"""

import hashlib


def etag(body: bytes) -> str:
    """A strong validator for these exact bytes."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def not_modified(if_none_match: str | None, current: str) -> bool:
    """Whether the client already holds `current` (RFC 9110 §13.1.2: weak comparison, `*` matches)."""
    if not if_none_match:
        return False
    held = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in held or current in held
