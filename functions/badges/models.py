"""Badge shapes: the holder's list and detail, and what a third party sees."""

from datetime import date
from typing import Any

from pydantic import Field

from certtrack.models import Items, Model


class Badge(Model):
    badge_id: str
    cert_id: str
    name: str
    level: str
    status: str = Field(description="active | expired | revoked")
    issued_on: date
    valid_until: date | None
    revoked_on: date | None = None
    revoked_reason: str | None = None
    credential_url: str
    image_url: str
    verify_url: str
    share_url: str
    linkedin_url: str


class CredlyLink(Model):
    id: str
    profile_url: str | None


class Badges(Items[Badge]):
    credly: CredlyLink | None = None


class BadgeDetail(Badge):
    credential: dict[str, Any]
    jwt: str


class Certification(Model):
    cert_id: str
    name: str
    level: str


class PublicBadge(Model):
    badge_id: str
    status: str
    holder_name: str
    certification: Certification
    issued_on: date
    valid_until: date | None
    revoked_on: date | None = None
    revoked_reason: str | None = None
    credential: dict[str, Any]
    jwt: str
    image_url: str
    credential_url: str


class Jwk(Model):
    kty: str
    crv: str
    x: str
    y: str
    kid: str
    alg: str
    use: str


class Jwks(Model):
    keys: list[Jwk]


class IssuerProfile(Model):
    id: str
    type: list[str]
    name: str
    url: str
