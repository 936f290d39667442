"""Notifications consumer: the candidate hears of a certification earned, renewed or revoked, and of an
administrator's reversal of their Emeritus request, once per occurrence (the second renewal of CCNA
is one email, even when a late result moves its day).

Only news is mailed: history older than `RECENT` (results delivered late, a record loaded from
another system) changes the record without an email about the past.
"""

import html
from datetime import timedelta

from certtrack import clock, consumers, keys, kits, notifications
from certtrack.accounts import repository as repo
from certtrack.domain_events import DomainEvent
from certtrack.settings import get_settings

RECENT = timedelta(days=30)


def react(event: DomainEvent) -> str:
    if event.type not in _EMAILS:
        return "ignored"
    if event.on < clock.today() - RECENT:
        return "old_news"
    if not _still_true(event):
        return "superseded"
    profile = repo.get_profile(event.candidate_id)
    if profile is None:
        return "no_profile"
    key = repo.candidate_key(event.candidate_id, keys.certification_notice(event.cert_id, event.data["occurrence"]))
    mail = _EMAILS[event.type](profile, event)
    return "queued" if notifications.record_and_queue(key, mail, event_id=event.event_id) else "duplicate"


def _still_true(event: DomainEvent) -> bool:
    """Whether the history the event announced is still the candidate's: facts that arrive out of
    order can replace it (a renewal moves to an earlier day) before this event is handled."""
    current, _ = repo.table.query(keys.candidate(event.candidate_id), begins_with=keys.history_of(event.cert_id))
    kind = event.data["occurrence"].rsplit("-", 1)[0]
    return any(h["sk"] == keys.history(event.cert_id, event.on.isoformat(), kind) for h in current)


def earned_email(person: dict, event: DomainEvent) -> dict[str, str]:
    name = event.data["name"]
    dear = f"Dear {person['first_name']} {person['last_name']},"
    if event.data.get("kit"):
        link = f"{get_settings().portal_url}/#/kits"
        items = [c.item for c in kits.contents(event.cert_id)]
        held = f"{', '.join(items[:-1])} and {items[-1]}" if len(items) > 1 else "".join(items)
        text = (
            f"{dear}\n\nCongratulations on earning {name}.\n"
            f"Claim your free certification kit ({held}) in the portal: {link}\n"
            f"Please allow {kits.WINDOW} for processing and shipping. Kits cannot ship to a P.O. Box."
        )
        markup = (
            f"<p>{html.escape(dear)}</p><p>Congratulations on earning <strong>{html.escape(name)}</strong>.</p>"
            f'<p><a href="{html.escape(link)}">Claim your free certification kit</a>. Please allow {kits.WINDOW} '
            "for processing and shipping. Kits cannot ship to a P.O. Box.</p>"
        )
        subject = f"Congratulations on {name}: claim your kit"
    else:
        link = f"{get_settings().portal_url}/#/certifications/{event.cert_id}"
        text = f"{dear}\n\nCongratulations on earning {name}.\nSee it in the portal: {link}"
        markup = (
            f"<p>{html.escape(dear)}</p><p>Congratulations on earning <strong>{html.escape(name)}</strong>.</p>"
            f'<p><a href="{html.escape(link)}">See it in the portal</a>.</p>'
        )
        subject = f"Congratulations on {name}"
    return {"to": person["email"], "subject": subject, "text": text, "html": f"<html><body>{markup}</body></html>"}


def renewed_email(person: dict, event: DomainEvent) -> dict[str, str]:
    name = event.data["name"]
    until = event.data.get("expires_on") or "without an end date"
    dear = f"Dear {person['first_name']} {person['last_name']},"
    line = f"Your {name} certification is renewed: it is now valid until {until}."
    return {
        "to": person["email"],
        "subject": f"{name} renewed",
        "text": f"{dear}\n\n{line}",
        "html": f"<html><body><p>{html.escape(dear)}</p><p>{html.escape(line)}</p></body></html>",
    }


def revoked_email(person: dict, event: DomainEvent) -> dict[str, str]:
    name = event.data["name"]
    dear = f"Dear {person['first_name']} {person['last_name']},"
    line = f"Your {name} certification was revoked on {event.on.isoformat()}. Reason: {event.data['detail']}."
    after = "Its certificate, logos and digital badge are no longer valid."
    link = f"{get_settings().portal_url}/#/support"
    appeal = f"If you believe this is a mistake, open a support case: {link}"
    return {
        "to": person["email"],
        "subject": f"{name} revoked",
        "text": f"{dear}\n\n{line}\n{after}\n{appeal}",
        "html": (
            f"<html><body><p>{html.escape(dear)}</p><p>{html.escape(line)}</p><p>{html.escape(after)}</p>"
            f'<p>If you believe this is a mistake, <a href="{html.escape(link)}">open a support case</a>.</p>'
            "</body></html>"
        ),
    }


def emeritus_reversed_email(person: dict, event: DomainEvent) -> dict[str, str]:
    name = event.data["name"]
    dear = f"Dear {person['first_name']} {person['last_name']},"
    line = f"Your request for {name} Emeritus status was reversed on {event.on.isoformat()}: {event.data['detail']}."
    if event.data["status"] == "active":
        after = f"{name} stays active until {event.data.get('expires_on')} and renews again as usual."
    else:
        after = f"{name} is no longer held: its last cycle had ended."
    link = f"{get_settings().portal_url}/#/support"
    return {
        "to": person["email"],
        "subject": f"{name}: Emeritus request reversed",
        "text": f"{dear}\n\n{line}\n{after}\nQuestions? Open a support case: {link}",
        "html": (
            f"<html><body><p>{html.escape(dear)}</p><p>{html.escape(line)}</p><p>{html.escape(after)}</p>"
            f'<p>Questions? <a href="{html.escape(link)}">Open a support case</a>.</p></body></html>'
        ),
    }


_EMAILS = {
    "CertificationEarned": earned_email,
    "CertificationRenewed": renewed_email,
    "CertificationRevoked": revoked_email,
    "CertificationEmeritusReversed": emeritus_reversed_email,
}

handler = consumers.consumer("notifications", react)
