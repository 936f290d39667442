"""Badge images: the certification's artwork (the logo of its level's colours) with the credential
baked in."""

from functools import lru_cache

from certtrack import logos
from certtrack.badges import baking
from certtrack.store import documents
from certtrack.store.items.badges import BadgeItem


@lru_cache(maxsize=64)
def _artwork(cert_id: str, fmt: str) -> bytes:
    """The light logo of the certification (kept per process: artwork changes with a deployment)."""
    return documents.artwork(logos.key(cert_id, "light", fmt))


def baked(badge: BadgeItem, fmt: str) -> bytes | str:
    if fmt == "png":
        return baking.bake_png(_artwork(badge.cert_id, "png"), badge.jwt)
    return baking.bake_svg(_artwork(badge.cert_id, "svg").decode("utf-8"), badge.jwt)
