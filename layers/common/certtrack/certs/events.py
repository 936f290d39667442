"""Reading a candidate's events back into the rules engine's terms, and evaluating them."""

from datetime import date
from typing import NamedTuple

from certtrack import clock, keys
from certtrack.accounts import repository as repo
from certtrack.catalog import get_catalog
from certtrack.rules.engine import (
    Acceptance,
    CeCredit,
    EmeritusRequest,
    Evaluation,
    ExamResult,
    Revocation,
    evaluate,
)
from certtrack.store.items.emeritus import EmeritusRequestItem
from certtrack.store.items.facts import AgreementItem, CeCreditItem, ExamResultItem
from certtrack.store.items.revocations import RevocationItem
from certtrack.store.table import Item


def partition(candidate_id: str, prefix: str | None = None) -> list[Item]:
    """Every item of the candidate under `prefix` (all pages: histories can be long)."""
    return list(repo.table.query_all(keys.candidate(candidate_id), begins_with=prefix))


class Facts(NamedTuple):
    """A candidate's stored facts in the rules engine's terms."""

    results: list[ExamResult]
    credits: list[CeCredit]
    acceptances: list[Acceptance]
    revocations: list[Revocation]
    emeritus: list[EmeritusRequest]


def facts(items: list[Item]) -> Facts:
    found = Facts([], [], [], [], [])
    results, credits, acceptances, revocations = found.results, found.credits, found.acceptances, found.revocations
    for item in items:
        sk = item["sk"]
        if sk.startswith(keys.EXAM_EVENTS):
            result = ExamResultItem.from_item(item)
            results.append(
                ExamResult(result.result_id, result.exam_code, date.fromisoformat(result.taken_on), result.passed)
            )
        elif sk.startswith(keys.CE_EVENTS):
            credit = CeCreditItem.from_item(item)
            credits.append(
                CeCredit(
                    credit.credit_id,
                    credit.credits,
                    date.fromisoformat(credit.completed_on),
                    date.fromisoformat(credit.received_on),
                )
            )
        elif sk.startswith(keys.AGREEMENT_EVENTS):
            acceptance = AgreementItem.from_item(item)
            acceptances.append(Acceptance(acceptance.version, date.fromisoformat(acceptance.accepted_on)))
        elif sk.startswith(keys.REVOCATION_EVENTS):
            revocation = RevocationItem.from_item(item)
            revocations.append(
                Revocation(revocation.cert_id, date.fromisoformat(revocation.revoked_on), revocation.reason)
            )
        elif sk.startswith(keys.EMERITUS_EVENTS):
            request = EmeritusRequestItem.from_item(item)
            found.emeritus.append(
                EmeritusRequest(
                    request.cert_id,
                    date.fromisoformat(request.requested_on),
                    date.fromisoformat(request.reversed_on) if request.reversed_on else None,
                    request.reversal_reason or "",
                )
            )
    return found


def evaluate_items(items: list[Item], today: date | None = None) -> Evaluation:
    found = facts(items)
    return evaluate(
        get_catalog(),
        found.results,
        found.credits,
        found.acceptances,
        today or clock.today(),
        found.revocations,
        found.emeritus,
    )


def evaluate_candidate(candidate_id: str) -> tuple[Evaluation, list[Item]]:
    """One query of the candidate's events, then the engine (no further round trip)."""
    items = partition(candidate_id, keys.EVENTS)
    return evaluate_items(items), items
