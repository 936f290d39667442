"""The 25-year anniversary benefit (guide §8, "25YA"): a candidate whose first certification is 25
years old and who held an active certification on that anniversary (PROGRAMME.md: a candidate who
lapsed for decades and came back is not a 25-year holder) gets, once, a jacket claimable with a one-time
token shown in the portal and emailed on or after the anniversary. Once claimed the token is gone
and the jacket ships through the shipping flow kits use (`certtrack.shipping`)."""

import hmac
import secrets
from datetime import date
from typing import Any

from certtrack import clock, keys, notifications, shipping
from certtrack.accounts import repository as repo
from certtrack.errors import Conflict, InvalidInput, NotFound
from certtrack.rules.engine import add_years
from certtrack.settings import get_settings
from certtrack.store import benefits as store
from certtrack.store.table import Item, TransactionConflict

YEARS = 25
BENEFIT_ID = "25ya"
SIZES = ("XS", "S", "M", "L", "XL", "XXL", "3XL")
#: Granted and not yet claimed; from the claim on, the benefit moves through `certtrack.shipping`.
AVAILABLE = "available"


def due(first_certified_on: date, today: date) -> bool:
    return add_years(first_certified_on, YEARS) <= today


def active_on(candidate_id: str, day: date) -> bool:
    """Whether the candidate held an active certification on `day`: the facts replayed as of that
    day (one query of the candidate's events), since the stored certification items say only how
    things stand today. A certification whose agreement was accepted later counts, as acceptance
    makes it active from its original earned date."""
    from certtrack.certs.events import evaluate_items, partition

    evaluation = evaluate_items(partition(candidate_id, keys.EVENTS), today=day)
    return any(cert.status == "active" for cert in evaluation.certifications.values())


def grant(candidate_id: str, first_certified_on: date, profile: Item) -> bool:
    """Creates the benefit and its email once; False when the candidate already had it."""
    token = secrets.token_urlsafe(24)  # 192 bits, shown to the candidate, used once
    now = clock.iso_now()
    item = {
        **repo.candidate_key(candidate_id, keys.benefit(BENEFIT_ID)),
        "type": "benefit",
        "benefit_id": BENEFIT_ID,
        "kind": "25ya_jacket",
        "title": "25-year anniversary jacket",
        "status": AVAILABLE,
        "token": token,
        "first_certified_on": first_certified_on.isoformat(),
        "created_at": now,
        "history": [{"status": AVAILABLE, "at": now, "detail": "25 years certified"}],
    }
    mail_key = repo.candidate_key(candidate_id, _mail_sk())
    try:
        repo.table.transact(
            [
                store.grant_op(item),
                notifications.record_op(mail_key, _email(profile, token)),
                repo.activity_op(
                    candidate_id, "benefit", "25 years certified: your anniversary jacket is ready to claim"
                ),
            ]
        )
    except TransactionConflict:
        notifications.queue_if_unsent(mail_key)
        return False
    notifications.queue(mail_key)
    return True


def consider(candidate_id: str, today: date) -> str:
    """Grants the benefit if the candidate is due it and held an active certification on the
    anniversary: one query (profile, benefit and first-certification date sort together), and for
    those due and not yet granted one query of their facts, then the grant.
    The outcome: granted, already, inactive or not_due."""
    items, _ = repo.table.query(keys.candidate(candidate_id), between=(keys.profile(), keys.first_certification()))
    first = next((i for i in items if i["sk"] == keys.first_certification()), None)
    if first is None or not due(date.fromisoformat(first["first_certified_on"]), today):
        return "not_due"
    benefit = next((i for i in items if i["sk"] == keys.benefit(BENEFIT_ID)), None)
    if benefit is not None:
        notifications.queue_if_unsent(repo.candidate_key(candidate_id, _mail_sk()))
        return "already"
    first_certified_on = date.fromisoformat(first["first_certified_on"])
    if not active_on(candidate_id, add_years(first_certified_on, YEARS)):
        return "inactive"
    profile = next((i for i in items if i["sk"] == keys.profile()), {})
    granted = grant(candidate_id, first_certified_on, profile)
    return "granted" if granted else "already"


def _mail_sk() -> str:
    return f"MAIL#{keys.benefit(BENEFIT_ID)}#granted"


def _email(profile: Item, token: str) -> dict[str, str]:
    import html

    link = f"{get_settings().portal_url}/#/kits"
    name = f"{profile.get('first_name', '')} {profile.get('last_name', '')}".strip()
    text = (
        f"Dear {name},\n\nYou have been certified for 25 years. Thank you!\n"
        f"Claim your anniversary jacket in the portal ({link}) with this one-time token:\n\n    {token}\n\n"
        "Please allow 12-16 weeks for processing and shipping; tracking is emailed when it ships."
    )
    markup = (
        f"<html><body><p>Dear {html.escape(name)},</p><p>You have been certified for 25 years. Thank you!</p>"
        f'<p>Claim your anniversary jacket in the <a href="{html.escape(link)}">portal</a> with this one-time '
        f"token:</p><p><code>{html.escape(token)}</code></p><p>Please allow 12-16 weeks for processing and "
        "shipping.</p></body></html>"
    )
    return {
        "to": profile.get("email", ""),
        "subject": "25 years certified: claim your anniversary jacket",
        "text": text,
        "html": markup,
    }


def benefits_of(candidate_id: str) -> list[Item]:
    items, _ = repo.table.query(keys.candidate(candidate_id), begins_with=keys.BENEFIT_PREFIX)
    return items


def claim(candidate_id: str, benefit_id: str, token: str, size: str) -> Item:
    if size not in SIZES:
        raise InvalidInput(f"size: one of {', '.join(SIZES)}", field="size")
    key = repo.candidate_key(candidate_id, keys.benefit(benefit_id))
    account = shipping.read(candidate_id, keys.benefit(benefit_id))
    current = account.get(keys.benefit(benefit_id))
    if current is None:
        raise NotFound(f"no benefit {benefit_id}", field="benefit_id")
    if current["status"] != AVAILABLE:
        raise Conflict(f"benefit {benefit_id} was already claimed", code="already_claimed")
    if not hmac.compare_digest(str(current.get("token", "")).encode(), token.encode()):
        raise InvalidInput("token: this is not the token of this benefit", field="token")
    address, _ = shipping.addressee(account)
    now = clock.iso_now()
    try:
        claimed = store.claim(
            key,
            candidate_id=candidate_id,
            available=AVAILABLE,
            ordered=shipping.ORDERED,
            token=token,
            claimed_at=now,
            ship_to=address,
            size=size,
            items=[f"25ya-jacket:{size}"],
            entry={"status": shipping.ORDERED, "at": now, "detail": f"claimed, size {size}"},
        )
    except Conflict as exc:
        raise Conflict(f"benefit {benefit_id} was already claimed", code="already_claimed") from exc
    shipping.request_fulfillment(candidate_id, keys.benefit(benefit_id), claimed_at=now, undo=current)
    return claimed


def anniversaries(day: date) -> dict[str, Any]:
    """The daily job: candidates first certified exactly 25 years before `day` (GSI2), granted once
    if they hold an active certification. Those who reached 25 years before their history arrived
    are granted by the benefits consumer of the certification events that history gives."""
    first_day = add_years(day, -YEARS)
    found = list(repo.table.query_all(keys.first_certified_on(first_day.isoformat()), index="GSI2"))
    outcomes = {"granted": 0, "already": 0, "inactive": 0, "not_due": 0}
    for entry in found:
        outcomes[consider(entry["candidate_id"], day)] += 1
    return {
        "day": day.isoformat(),
        "first_certified_on": first_day.isoformat(),
        "candidates": len(found),
        "granted": outcomes["granted"],
        "already": outcomes["already"],
        "inactive": outcomes["inactive"],
    }
