"""Badges consumer: a certification that became active gets its badge; a revoked one loses it."""

from certtrack import consumers
from certtrack.badges import service
from certtrack.domain_events import CERTIFYING, DomainEvent


def react(event: DomainEvent) -> str:
    if event.cert_id is None:
        return "ignored"
    if event.type in CERTIFYING:
        return service.issue(event.candidate_id, event.cert_id)
    if event.type == "CertificationRevoked":
        return service.revoke(event.candidate_id, event.cert_id, event.on.isoformat(), event.data["detail"])
    return "ignored"


handler = consumers.consumer("badges", react)
