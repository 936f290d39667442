"""The Open Badges 3.0 `OpenBadgeCredential` of one certification cycle, on the W3C Verifiable
Credentials Data Model 2.0, and the JWT claims VC-JWT adds to it.

Nothing private goes in: the holder is identified by a salted SHA-256 of their email (which they can
prove by revealing the email to a verifier), never the email itself, and only this one
certification is named.
"""

import hashlib
import secrets
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

from certtrack.catalog import AllOf, AnyOf, Catalog, Certification, ExamRequirement, NOf
from certtrack.settings import get_settings

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ISSUER_NAME = "certtrack Certification Programme"


def issuer() -> dict[str, Any]:
    settings = get_settings()
    return {"id": f"{settings.api_url}/issuer", "type": ["Profile"], "name": ISSUER_NAME, "url": settings.portal_url}


def credential_url(badge_id: str) -> str:
    return f"{get_settings().api_url}/verify/badges/{badge_id}"


def status_list_url(list_id: str) -> str:
    return f"{get_settings().api_url}/status-lists/{list_id}"


def verify_page(badge_id: str) -> str:
    return f"{get_settings().portal_url}/#/badges/{badge_id}"


def share_url(badge_id: str) -> str:
    """The address to share: it previews (Open Graph) and forwards to the verification page."""
    return f"{get_settings().api_url}/badges/{badge_id}"


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: `sha256$` + hex SHA-256 of the identifier followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def last_moment(day: date) -> datetime:
    """A certification is valid through its expiry day: the credential until that day's end."""
    return datetime.combine(day, time(23, 59, 59), UTC)


def narrative(catalog: Catalog, cert: Certification) -> str:
    """The certification's requirements in words (Markdown), from the catalog."""
    lines = [f"Earned by meeting these requirements: {_requirement(catalog, cert.requirement)}."]
    level = catalog.level(cert.level)
    if cert.validity_years:
        ways = " or ".join(o.name for o in level.options) or "earning it again"
        lines.append(f"Valid for {cert.validity_years} years; renewed by {ways}.")
    else:
        lines.append("Does not expire.")
    return "\n\n".join(lines)


def _requirement(catalog: Catalog, node: object) -> str:
    if isinstance(node, ExamRequirement):
        exam = catalog.exam(node.exam)
        text = f"pass exam {node.exam}" + (f" ({exam.title})" if exam else "")
        if node.after:
            text += f" after passing {', '.join(node.after)}"
        return text
    if isinstance(node, AllOf):
        return "; ".join(_requirement(catalog, n) for n in node.all_of)
    if isinstance(node, AnyOf):
        return "one of: " + " | ".join(_requirement(catalog, n) for n in node.any_of)
    if isinstance(node, NOf):
        return f"{node.n} of: " + " | ".join(_requirement(catalog, n) for n in node.of)
    raise TypeError(f"unknown requirement {node!r}")


def build(
    *,
    badge_id: str,
    catalog: Catalog,
    cert: Certification,
    email: str,
    valid_from: date,
    valid_until: date | None,
    list_id: str,
    index: int,
) -> dict[str, Any]:
    """The credential and its VC-JWT claims (`iss`, `jti`, `sub`, `nbf`, `exp`), ready to sign."""
    salt = secrets.token_hex(16)
    holder = identity_hash(email, salt)
    image = f"{credential_url(badge_id)}/image.png"
    credential: dict[str, Any] = {
        "@context": CONTEXT,
        "id": credential_url(badge_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer(),
        "name": cert.name,
        "description": f"{cert.name}, a {cert.level} certification of the {ISSUER_NAME}.",
        "image": {"id": image, "type": "Image", "caption": cert.name},
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": holder,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": f"{get_settings().api_url}/catalog/certifications#{cert.cert_id}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": cert.name,
                "description": f"The {cert.name} certification ({cert.level} level).",
                "criteria": {"narrative": narrative(catalog, cert)},
                "image": {"id": image, "type": "Image", "caption": cert.name},
            },
        },
        "credentialStatus": {
            "id": f"{status_list_url(list_id)}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": status_list_url(list_id),
        },
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    claims: dict[str, Any] = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": holder,
        "nbf": int(datetime.combine(valid_from, time(0, 0), UTC).timestamp()),
    }
    if valid_until:
        until = last_moment(valid_until)
        credential["validUntil"] = until.strftime("%Y-%m-%dT%H:%M:%SZ")
        claims["exp"] = int(until.timestamp())
    return {**credential, **claims}


def status_list_credential(list_id: str, encoded: str, now: datetime) -> dict[str, Any]:
    """The Bitstring Status List credential of one list, with its VC-JWT claims."""
    url = status_list_url(list_id)
    issued = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer()["id"],
        "validFrom": issued,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
        "iss": issuer()["id"],
        "jti": url,
        "nbf": int(now.timestamp()),
    }


def linkedin_url(*, name: str, badge_id: str, issued_on: date, valid_until: date | None) -> str:
    """LinkedIn's add-to-profile link, filled in (the member confirms on LinkedIn)."""
    params: dict[str, Any] = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": ISSUER_NAME,
        "issueYear": issued_on.year,
        "issueMonth": issued_on.month,
        "certUrl": verify_page(badge_id),
        "certId": badge_id,
    }
    if valid_until:
        params["expirationYear"] = valid_until.year
        params["expirationMonth"] = valid_until.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


def credly_profile(credly_id: str) -> str | None:
    """The public Credly profile of a linked account named by username (an email has no public page)."""
    if "@" in credly_id:
        return None
    return f"https://www.credly.com/users/{credly_id}"
