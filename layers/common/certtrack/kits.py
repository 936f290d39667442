"""Initial certification kits (guide §8): created Pending when a certification that carries one is
first earned (the kits consumer of `CertificationEarned`), with the contents the catalog gives its
level; claimed once (a conditional write: any number of concurrent claims order one kit), ordered
from the kit vendor by the fulfillment worker, then shipped and delivered as the vendor reports.
Earning the same certification again later gives no second kit: the kit's key is the certification.

An expert kit holds a plaque engraved with the holder's verified name and certification number. The
name is checked against what the vendor can engrave when the kit is claimed, so an order the vendor
would refuse is never placed: the candidate is told why, and what to do, instead."""

import unicodedata
from datetime import date
from typing import Any, NamedTuple

from certtrack import clock, keys, notifications, shipping
from certtrack.accounts import repository as repo
from certtrack.catalog import KitContent, get_catalog
from certtrack.certs.numbers import certification_number
from certtrack.errors import Conflict, NotFound
from certtrack.shipping import DELIVERED, ORDERED, PENDING, SHIPPED
from certtrack.store import shipments
from certtrack.store.items.derived import CertificationItem
from certtrack.store.items.shipments import KitItem, ShipmentEvent, UnclaimedKitItem
from certtrack.store.table import Item, TransactionConflict

#: The certification status a kit can be claimed in.
ACTIVE = "active"
#: The status of a certification the candidate does not hold.
NOT_EARNED = "not_earned"
_ORDER = {PENDING: 0, ORDERED: 1, SHIPPED: 2, DELIVERED: 3}
WINDOW = "12-16 weeks"
_SUFFIX = "-kit"

#: What the kit vendor engraves on a plaque: one line of at most this many characters ...
ENGRAVING_MAX = 40
#: ... of Latin letters (accented ones included) and these.
ENGRAVING_PUNCTUATION = frozenset(" -'.\u2019")  # \u2019: the typographic apostrophe


def kit_id_for(cert_id: str) -> str:
    return f"{cert_id}{_SUFFIX}"


def contents(cert_id: str) -> list[KitContent]:
    """What the certification's initial kit holds (the catalog's contents for its level)."""
    catalog = get_catalog()
    return catalog.level(catalog.certifications[cert_id].level).kit_contents


def create(candidate_id: str, cert_id: str, earned_on: date) -> bool:
    """The certification's kit, Pending; False when it exists (the key is the certification, so
    earning it again, or hearing of it twice, never makes a second kit). `earned_on` starts the
    holding whose number an engraved item carries."""
    kit_id = kit_id_for(cert_id)
    now = clock.iso_now()
    held = contents(cert_id)
    engraved = any(c.engraved for c in held)
    kit = KitItem(
        **KitItem.key_of(candidate_id, kit_id),
        kit_id=kit_id,
        cert_id=cert_id,
        title=f"{get_catalog().certifications[cert_id].name} certification kit",
        items=[c.item for c in held],
        status=PENDING,
        created_at=now,
        history=[ShipmentEvent(status=PENDING, at=now, detail="initial kit ready to claim")],
        engraving_number=certification_number(cert_id, candidate_id, earned_on.isoformat()) if engraved else None,
    )
    return shipments.create_kit({**kit.model_dump(exclude_none=True), "type": "kit"}, _unclaimed(candidate_id, kit))


def _unclaimed(candidate_id: str, kit: KitItem) -> Item:
    """The kit's marker on the landing page, from its creation to its claim."""
    marker = UnclaimedKitItem(
        **UnclaimedKitItem.key_of(candidate_id, kit.kit_id), kit_id=kit.kit_id, cert_id=kit.cert_id
    )
    return {**marker.model_dump(), "type": "unclaimed_kit"}


def engraving_problem(name: str) -> str | None:
    """Why the vendor cannot engrave `name` on a plaque, or None when it can."""
    if not name.strip():
        return "it is empty"
    if len(name) > ENGRAVING_MAX:
        return f"it has {len(name)} characters and a plaque holds at most {ENGRAVING_MAX}"
    refused = sorted({c for c in name if c not in ENGRAVING_PUNCTUATION and not _latin_letter(c)})
    if refused:
        shown = ", ".join(f"'{c}'" for c in refused)
        return f"the plaque is engraved in Latin letters, spaces, hyphens, apostrophes and full stops only, not {shown}"
    return None


def _latin_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("LATIN ")


def _engraving_name(kit_id: str, full_name: str) -> str | None:
    """The name the kit's engraved item carries (the verified name), or None when it has none; a 409
    naming the rule when the vendor could not engrave it."""
    cert_id = kit_id.removesuffix(_SUFFIX)
    if cert_id not in get_catalog().certifications or not any(c.engraved for c in contents(cert_id)):
        return None
    name = unicodedata.normalize("NFC", full_name)
    problem = engraving_problem(name)
    if problem:
        raise Conflict(
            f"the plaque in this kit is engraved with your verified name, {name}, but {problem}: open a support"
            " case to have the name on your record corrected, then claim the kit (nothing was ordered)",
            code="engraving_name",
            field="engraving_name",
        )
    return name


def certifications(candidate_id: str) -> dict[str, CertificationItem]:
    """cert_id → the candidate's certification as last evaluated (one query)."""
    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=keys.certification(""))
    return {item["cert_id"]: CertificationItem.from_item(item) for item in items}


class Offer(NamedTuple):
    """What the portal offers for a kit: whether it can be claimed now and, for a pending kit that
    cannot, why and what would unblock it."""

    certification_status: str
    claimable: bool
    not_claimable_reason: str | None


#: A kit its claim has just ordered: its certification was active (the claim's condition held).
CLAIMED = Offer(ACTIVE, False, None)


def offer(kit_status: str, cert_id: str, cert: CertificationItem | None, today: date) -> Offer:
    """Whether a kit is "ready to claim": pending, and its certification active on `today` by the
    rule the claim's own condition holds (`CertificationItem.status_on`), so that a kit is never
    offered that the claim would refuse (a cycle that ended yesterday, not yet re-evaluated, included)."""
    status = _status_on(cert, today)
    if kit_status != PENDING:
        return Offer(status, False, None)
    if status == ACTIVE:
        return Offer(status, True, None)
    return Offer(status, False, _why_not(cert_id, cert, status))


def _status_on(cert: CertificationItem | None, today: date) -> str:
    return cert.status_on(today.isoformat()) if cert else NOT_EARNED


def kits_of(candidate_id: str) -> list[Item]:
    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=keys.KIT_PREFIX)
    return items


def claim(candidate_id: str, kit_id: str) -> Item:
    """Orders the kit to the mailing address on file: once, and only while its certification is
    active (the rule `offer` offers it by, held by the claim's own transaction)."""
    kit_sk = keys.kit(kit_id)
    address, profile, found = shipping.recipient(candidate_id, kit_sk)
    engraving = _engraving_name(kit_id, profile.full_name)
    kit = found.get(kit_sk)
    if kit is None:
        raise NotFound(f"no kit {kit_id}", field="kit_id")
    stored = KitItem.from_item(kit)
    now = clock.iso_now()
    try:
        claimed = shipments.claim_kit(
            kit,
            certification=repo.candidate_key(candidate_id, keys.certification(stored.cert_id)),
            active=ACTIVE,
            today=clock.today().isoformat(),
            pending=PENDING,
            ordered=ORDERED,
            claimed_at=now,
            ship_to=address,
            entry={"status": ORDERED, "at": now, "detail": f"claimed; allow {WINDOW}"},
            candidate_id=candidate_id,
            engraving_name=engraving,
        )
    except TransactionConflict as exc:
        raise _refusal(candidate_id, stored, exc.failed) from exc
    shipping.request_fulfillment(
        candidate_id, kit_sk, claimed_at=now, undo=kit, restore=[_unclaimed(candidate_id, stored)]
    )
    return claimed


#: Why a kit cannot be claimed while its certification is in a state, and what would unblock it.
_NOT_ACTIVE = {
    "pending_agreement": (
        "is pending the certification agreement",
        "accept the certification agreement first (Certifications, then Certification Agreement)",
    ),
    "expired": ("has expired", "recertify to make it active again, then claim the kit"),
    "revoked": ("was revoked", "open a support case if you believe the revocation is a mistake"),
    "emeritus": (
        "is Emeritus",
        "an initial kit ships only with an active certification; open a support case if in doubt",
    ),
    "in_progress": ("is still in progress", "complete its requirements first"),
    NOT_EARNED: ("is not held", "earn it first"),
}


def _why_not(cert_id: str, cert: CertificationItem | None, status: str) -> str:
    """The certification's state, dated where the item says when ("CCNA expired on 2026-10-01"),
    and what would unblock the claim: the listing's reason and the 409's are the same words."""
    state, unblock = _NOT_ACTIVE.get(status, ("changed while the kit was being claimed", "claim it again"))
    if cert is not None and status == "expired" and cert.expires_on:
        state = f"expired on {cert.expires_on}"
    elif cert is not None and status == "revoked" and cert.revoked_on:
        state = f"was revoked on {cert.revoked_on}"
    return f"{get_catalog().certifications[cert_id].name} {state}: {unblock}"


def _refusal(candidate_id: str, kit: KitItem, failed: list[str]) -> Conflict:
    """What refused a claim's transaction, read back as it is now: the kit (another claim won) or
    its certification (no longer, or not yet, active)."""
    if "kit" in failed:
        current = repo.table.get(kit.key, consistent=True)
        status = current["status"] if current else "gone"
        return Conflict(f"kit {kit.kit_id} is already {status}: it was claimed", code="already_claimed")
    stored = repo.table.get(repo.candidate_key(candidate_id, keys.certification(kit.cert_id)), consistent=True)
    cert = CertificationItem.from_item(stored) if stored else None
    status = _status_on(cert, clock.today())
    name = get_catalog().certifications[kit.cert_id].name
    return Conflict(
        f"kit {kit.kit_id} can be claimed only while {name} is active, and {_why_not(kit.cert_id, cert, status)}"
        " (nothing was ordered)",
        code="certification_not_active",
        details={"certification_status": status},
    )


def vendor_update(order_id: str, status: str, carrier: str | None, tracking: str | None, at: str | None) -> Item:
    """Moves a kit forward (shipped, delivered); a repeated or older update changes nothing. Three
    round trips: the order pointer, the kit with its holder's profile (one batch), one transaction."""
    pointer = repo.table.get(keys.order_pointer(order_id), consistent=True)
    if pointer is None:
        raise NotFound(f"no kit order {order_id}", field="order_id")
    candidate_id, item_sk = pointer["candidate_id"], pointer["item_sk"]
    kit_key = repo.candidate_key(candidate_id, item_sk)
    profile_key = repo.candidate_key(candidate_id, keys.profile())
    found = {i["sk"]: i for i in repo.table.batch_get([kit_key, profile_key], consistent=True)}
    kit = found.get(kit_key["sk"], {})
    mail_key = repo.candidate_key(candidate_id, f"MAIL#{item_sk}#shipped")
    if _ORDER[kit.get("status", PENDING)] >= _ORDER[status]:
        if status == SHIPPED:  # the first report may have stopped before its email was queued
            notifications.queue_if_unsent(mail_key)
        return kit
    if status == DELIVERED and kit.get("status") != SHIPPED:
        raise Conflict(f"kit order {order_id} is {kit.get('status')}: it must ship before it is delivered")
    now = at or clock.iso_now()
    entry = {"status": status, "at": now, "detail": f"{carrier or ''} {tracking or ''}".strip() or status}
    changes: dict[str, Any] = (
        {"carrier": carrier, "tracking_number": tracking, "shipped_at": now}
        if status == SHIPPED
        else {"delivered_at": now}
    )
    ops = [shipments.vendor_update_op(kit_key, status=status, before=kit["status"], entry=entry, changes=changes)]
    if status == SHIPPED:
        ops.append(
            notifications.record_op(mail_key, _shipped_email(found.get(profile_key["sk"], {}), kit, carrier, tracking))
        )
    repo.table.transact(ops, conflict=f"kit order {order_id} changed meanwhile")
    if status == SHIPPED:
        notifications.queue(mail_key)
    return {**kit, **changes, "status": status, "history": [*kit.get("history", []), entry]}


def _shipped_email(profile: Item, kit: Item, carrier: str | None, tracking: str | None) -> dict[str, str]:
    import html

    name = kit.get("title", "shipment")
    line = f"Your {name} has shipped with {carrier or 'the carrier'}, tracking number {tracking or 'n/a'}."
    return {
        "to": profile.get("email", ""),
        "subject": f"Your {name} has shipped",
        "text": f"Dear {profile.get('first_name', '')} {profile.get('last_name', '')},\n\n{line}",
        "html": f"<html><body><p>{html.escape(line)}</p></body></html>",
    }
