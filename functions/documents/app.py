"""Documents consumer: the certificate of a certification that became active, and the score report
of a recorded exam result, rendered to S3. Both are idempotent (a document already in the bucket is
kept), and the routes that hand them out render a missing one on demand, so a lost event never loses
a document. A certification no longer active has no certificate: that event is skipped, not retried.
"""

from certtrack import consumers
from certtrack.certs import certificates, results
from certtrack.domain_events import CERTIFYING, DomainEvent
from certtrack.errors import Conflict, NotFound


def react(event: DomainEvent) -> str:
    if event.type == "ExamResultRecorded":
        results.ensure_score_report(event.candidate_id, event.data["result_id"])
        return "score_report"
    if event.type not in CERTIFYING or event.cert_id is None:
        return "ignored"
    try:
        certificates.ensure(event.candidate_id, event.cert_id)
    except (Conflict, NotFound):
        return "not_holdable"
    return "certificate"


handler = consumers.consumer("documents", react)
