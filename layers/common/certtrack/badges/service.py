"""Issuing, revoking and showing badges.

A badge is issued when a certification cycle becomes active (earned, renewed, or activated by the
agreement): one per cycle, whatever the number of deliveries, because the badge is keyed by the
cycle and written with a condition. Its status index is drawn at random from its list and taken in
the same transaction. A revocation marks every badge of the certification up to that day and rebuilds
the lists they are in; the rebuild runs on every delivery, so a failure between the two is repaired
by the retry.
"""

import html
import secrets
from datetime import date
from typing import Any

from certtrack import clock
from certtrack.accounts.repository import get_profile
from certtrack.badges import credential, jws, status_list
from certtrack.catalog import get_catalog
from certtrack.errors import NotFound
from certtrack.observability import logger
from certtrack.store import badges as store
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.badges import BadgeItem, StatusListItem
from certtrack.store.table import TransactionConflict

#: Indices handed out per list: half its bits, so a random draw finds a free one in two tries at worst.
CAPACITY = status_list.SIZE // 2
_DRAWS = 12


def new_badge_id() -> str:
    """128 random bits, URL-safe: a badge cannot be found by guessing."""
    return secrets.token_urlsafe(16)


def issue(candidate_id: str, cert_id: str) -> str:
    """Issues the badge of the certification's current cycle if it is active and has none; says what
    it did."""
    profile, cert = store.issuance_inputs(candidate_id, cert_id)
    if profile is None or cert is None or cert.status != "active" or not cert.earned_on:
        return "not-active"
    valid_from = date.fromisoformat(cert.cycle_started_on or cert.earned_on)
    if store.get(candidate_id, cert_id, valid_from.isoformat()):
        return "exists"
    catalog = get_catalog()
    entry = catalog.certifications[cert_id]
    valid_until = date.fromisoformat(cert.expires_on) if cert.expires_on else None
    list_id = str((store.allocate() - 1) // CAPACITY)
    for _ in range(_DRAWS):
        badge_id = new_badge_id()
        index = secrets.randbelow(status_list.SIZE)
        payload = credential.build(
            badge_id=badge_id,
            catalog=catalog,
            cert=entry,
            email=profile.email,
            valid_from=valid_from,
            valid_until=valid_until,
            list_id=list_id,
            index=index,
        )
        badge = BadgeItem(
            **BadgeItem.key_of(candidate_id, cert_id, valid_from.isoformat()),
            badge_id=badge_id,
            candidate_id=candidate_id,
            cert_id=cert_id,
            name=entry.name,
            level=entry.level,
            valid_from=valid_from.isoformat(),
            valid_until=valid_until.isoformat() if valid_until else None,
            issued_at=clock.iso_now(),
            jwt=jws.sign(payload),
            status_list=list_id,
            status_index=index,
        )
        try:
            store.issue(store.badge_item(badge), list_id, index)
        except TransactionConflict as exc:
            if "badge" in exc.failed:
                return "exists"
            continue
        logger.info("badge issued", extra={"badge_id": badge_id, "cert_id": cert_id, "status_list": list_id})
        return "issued"
    raise RuntimeError(f"no free index in status list {list_id} after {_DRAWS} draws")


def revoke(candidate_id: str, cert_id: str, revoked_on: str, reason: str) -> str:
    """Revokes the certification's badges issued up to `revoked_on` and republishes their lists."""
    badges = [b for b in store.of_candidate(candidate_id, cert_id) if b.valid_from <= revoked_on]
    changed = [b for b in badges if b.revoked_on is None and store.revoke(b, revoked_on, reason)]
    for list_id in sorted({b.status_list for b in badges}):
        publish(list_id)
    return "revoked" if changed else "unchanged" if badges else "no-badge"


def publish(list_id: str) -> StatusListItem:
    """Signs the list as its revoked markers say now, and stores it unless a fuller one is stored."""
    revoked = store.revoked_indices(list_id)
    now = clock.now()
    signed = StatusListItem(
        **StatusListItem.key_of(list_id),
        list_id=list_id,
        jwt=jws.sign(credential.status_list_credential(list_id, status_list.encode(revoked), now)),
        revision=len(revoked),
        updated_at=now.isoformat(),
    )
    if not store.save_status_list(signed):
        return store.status_list(list_id) or signed
    return signed


def status_list_jwt(list_id: str) -> str:
    """The list as last signed; a list that has indices but was never signed is signed now."""
    stored = store.status_list(list_id)
    if stored:
        return stored.jwt
    if not list_id.isdigit() or int(list_id) * CAPACITY >= store.allocated():
        raise NotFound(f"no status list {list_id}")
    return publish(list_id).jwt


def status(badge: BadgeItem, today: date) -> str:
    if badge.revoked_on:
        return "revoked"
    if badge.valid_until and date.fromisoformat(badge.valid_until) < today:
        return "expired"
    return "active"


def summary(badge: BadgeItem) -> dict[str, Any]:
    """What the holder's list shows of a badge, with its links."""
    url = credential.credential_url(badge.badge_id)
    issued_on = date.fromisoformat(badge.valid_from)
    valid_until = date.fromisoformat(badge.valid_until) if badge.valid_until else None
    return {
        "badge_id": badge.badge_id,
        "cert_id": badge.cert_id,
        "name": badge.name,
        "level": badge.level,
        "status": status(badge, clock.today()),
        "issued_on": issued_on,
        "valid_until": valid_until,
        "revoked_on": badge.revoked_on,
        "revoked_reason": badge.revoked_reason,
        "credential_url": f"{url}/credential.jwt",
        "image_url": f"{url}/image.png",
        "verify_url": credential.verify_page(badge.badge_id),
        "share_url": credential.share_url(badge.badge_id),
        "linkedin_url": credential.linkedin_url(
            name=badge.name, badge_id=badge.badge_id, issued_on=issued_on, valid_until=valid_until
        ),
    }


def of_candidate(candidate_id: str) -> list[dict[str, Any]]:
    badges = sorted(store.of_candidate(candidate_id), key=lambda b: (b.valid_from, b.name), reverse=True)
    return [summary(b) for b in badges]


def holders(candidate_id: str, badge_id: str) -> dict[str, Any]:
    """One of the candidate's badges with its credential; another candidate's is not found."""
    badge = store.by_id(badge_id)
    if badge is None or badge.candidate_id != candidate_id:
        raise NotFound(f"no badge {badge_id}")
    return {**summary(badge), "credential": jws.payload(badge.jwt), "jwt": badge.jwt}


def public(badge_id: str) -> tuple[BadgeItem, dict[str, Any]]:
    """What a third party sees of a badge: the holder's name, the certification, its status."""
    badge = get(badge_id)
    profile = get_profile(badge.candidate_id)
    view = summary(badge)
    return badge, {
        "badge_id": badge.badge_id,
        "status": view["status"],
        "holder_name": ProfileItem.from_item(profile).full_name if profile else "",
        "certification": {"cert_id": badge.cert_id, "name": badge.name, "level": badge.level},
        "issued_on": view["issued_on"],
        "valid_until": view["valid_until"],
        "revoked_on": badge.revoked_on,
        "revoked_reason": badge.revoked_reason,
        "credential": jws.payload(badge.jwt),
        "jwt": badge.jwt,
        "image_url": view["image_url"],
        "credential_url": view["credential_url"],
    }


def get(badge_id: str) -> BadgeItem:
    """A badge by its public id (unknown: not found)."""
    badge = store.by_id(badge_id)
    if badge is None:
        raise NotFound(f"no badge {badge_id}")
    return badge


_STATUS_WORDS = {"active": "Valid", "expired": "Expired", "revoked": "Revoked"}


def share_page(badge_id: str) -> str:
    """A small HTML page with the badge's Open Graph tags that forwards people to the portal."""
    _, view = public(badge_id)
    esc = html.escape
    title = f"{view['certification']['name']} · {view['holder_name']}"
    until = f", valid until {view['valid_until'].isoformat()}" if view["valid_until"] else ""
    status = _STATUS_WORDS[view["status"]]
    words = f"{status} {credential.ISSUER_NAME} digital badge, issued {view['issued_on'].isoformat()}{until}."
    target = credential.verify_page(badge_id)
    meta = {
        "og:type": "website",
        "og:site_name": credential.ISSUER_NAME,
        "og:title": title,
        "og:description": words,
        "og:image": view["image_url"],
        "og:url": credential.share_url(badge_id),
    }
    tags = "".join(f'<meta property="{k}" content="{esc(v)}">' for k, v in meta.items())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>{tags}'
        f'<meta name="twitter:card" content="summary"><meta name="description" content="{esc(words)}">'
        f'<link rel="canonical" href="{esc(target)}"><meta http-equiv="refresh" content="0; url={esc(target)}">'
        f'</head><body><p>{esc(words)} <a href="{esc(target)}">Verify this badge</a>.</p></body></html>'
    )
