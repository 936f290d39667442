"""Digital badges: the holder's badges, and the public routes a verifier uses without signing in
(the credential, its baked image, the issuer's keys and the status lists)."""

from typing import Any

from chalice import Blueprint, Chalice, Response

from badges.models import Badge, BadgeDetail, Badges, CredlyLink, IssuerProfile, Jwk, Jwks, PublicBadge
from certtrack.accounts.repository import get_profile
from certtrack.badges import credential, jws, service
from certtrack.badges.images import baked
from certtrack.errors import NotFound
from certtrack.web import Call, common, route

bp = Blueprint(__name__)

#: Keys and the issuer's profile change rarely and are fetched by every verifier: let caches hold
#: them a while (with an ETag, so that a verifier holding them gets a 304).
KEYS_MAX_AGE = 3600
#: Revocation shows within five minutes.
LIST_CACHE = {"Cache-Control": "public, max-age=300"}
#: A credential and its baked images never change once issued (status is not in them).
ISSUED_CACHE = {"Cache-Control": "public, max-age=86400, immutable"}


@route(bp, "/me/badges", response=Badges)
def my_badges(call: Call) -> Badges:
    """The candidate's badges, newest first, and their linked Credly account."""
    profile = get_profile(call.candidate_id) or {}
    credly = profile.get("credly_id")
    link = CredlyLink(id=credly, profile_url=credential.credly_profile(credly)) if credly else None
    return Badges(items=[Badge(**b) for b in service.of_candidate(call.candidate_id)], credly=link)


@route(bp, "/me/badges/{badge_id}", response=BadgeDetail, errors=(404,))
def my_badge(call: Call) -> BadgeDetail:
    """One of the candidate's badges with its decoded credential and the signed JWS."""
    return BadgeDetail(**service.holders(call.candidate_id, call.params["badge_id"]))


@route(bp, "/verify/badges/{badge_id}", response=PublicBadge, public=True, errors=(404, 429))
def verify_badge(call: Call) -> PublicBadge:
    """Whose badge this is, for which certification, and whether it is active, expired or revoked."""
    _, view = service.public(call.params["badge_id"])
    return PublicBadge(**view)


@route(bp, "/verify/badges/{badge_id}/credential.jwt", public=True, errors=(404, 429), media_type="text/plain")
def badge_jwt(call: Call) -> Response:
    """The signed credential (compact JWS, VC-JWT)."""
    badge = service.get(call.params["badge_id"])
    return Response(body=badge.jwt, headers={"Content-Type": "text/plain; charset=utf-8", **ISSUED_CACHE})


@route(bp, "/verify/badges/{badge_id}/image.png", public=True, errors=(404, 429), media_type="image/png")
def badge_png(call: Call) -> Response:
    """The badge artwork with the signed credential baked in (iTXt `openbadgecredential`)."""
    badge = service.get(call.params["badge_id"])
    return Response(body=baked(badge, "png"), headers={"Content-Type": "image/png", **ISSUED_CACHE})


@route(bp, "/verify/badges/{badge_id}/image.svg", public=True, errors=(404, 429), media_type="image/svg+xml")
def badge_svg(call: Call) -> Response:
    """The badge artwork as SVG with the signed credential baked in (`openbadges:credential`)."""
    badge = service.get(call.params["badge_id"])
    return Response(body=baked(badge, "svg"), headers={"Content-Type": "image/svg+xml", **ISSUED_CACHE})


@route(
    bp,
    "/.well-known/jwks.json",
    response=Jwks,
    public=True,
    media_type="application/jwk-set+json",
    max_age=KEYS_MAX_AGE,
)
def keys(call: Call) -> dict[str, list[dict[str, str]]]:
    """The issuer's public keys: the one signing now and the retired ones still honoured."""
    return jws.jwks()


@route(
    bp, "/keys/{kid}", response=Jwk, public=True, errors=(404,), media_type="application/jwk+json", max_age=KEYS_MAX_AGE
)
def key(call: Call) -> dict[str, str]:
    """One public key, at the URL a credential's `kid` names."""
    found = jws.jwk(call.params["kid"])
    if found is None:
        raise NotFound(f"no key {call.params['kid']}")
    return found


@route(bp, "/status-lists/{list_id}", public=True, errors=(404,), media_type="application/jwt")
def status_list(call: Call) -> Response:
    """A Bitstring Status List credential (compact JWS): bit `statusListIndex` set = revoked."""
    token = service.status_list_jwt(call.params["list_id"])
    return Response(body=token, headers={"Content-Type": "application/jwt", **LIST_CACHE})


@route(bp, "/badges/{badge_id}", public=True, errors=(404,), media_type="text/html")
def share_page(call: Call) -> Response:
    """The address a holder shares: Open Graph tags for link previews (crawlers do not run the
    portal's script), then on to the portal's verification page."""
    return Response(
        body=service.share_page(call.params["badge_id"]),
        headers={"Content-Type": "text/html; charset=utf-8", **LIST_CACHE},
    )


@route(bp, "/issuer", response=IssuerProfile, public=True, max_age=KEYS_MAX_AGE)
def issuer(call: Call) -> dict[str, Any]:
    """The issuer's Open Badges Profile (what a credential's `issuer.id` names)."""
    return credential.issuer()


app = Chalice(app_name="certtrack-badges")
app.register_blueprint(common)
app.register_blueprint(bp)
