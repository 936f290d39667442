"""Benefits consumer: history that arrives after the 25th anniversary grants the benefit now (the
daily job only sees anniversaries on their day)."""

from certtrack import benefits, clock, consumers
from certtrack.domain_events import CERTIFYING, DomainEvent


def react(event: DomainEvent) -> str:
    if event.type not in CERTIFYING:
        return "ignored"
    return benefits.consider(event.candidate_id, clock.today())


handler = consumers.consumer("benefits", react)
