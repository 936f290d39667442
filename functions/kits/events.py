"""Kits consumer: a certification that carries a kit, once earned, has its kit waiting Pending."""

from certtrack import consumers, kits
from certtrack.catalog import get_catalog
from certtrack.domain_events import DomainEvent


def react(event: DomainEvent) -> str:
    if event.type != "CertificationEarned" or event.cert_id is None:
        return "ignored"
    if not get_catalog().certifications[event.cert_id].kit:
        return "no_kit"
    return "created" if kits.create(event.candidate_id, event.cert_id, event.on) else "exists"


handler = consumers.consumer("kits", react)
