"""Back-office use cases."""

from admin.models import ChallengeResolution, EmeritusRequestOut
from certtrack import clock, cursor, keys
from certtrack.accounts import cases
from certtrack.accounts import repository as repo
from certtrack.accounts.models import AccountMapping, CandidateSummary, CaseResolution, NameChange, SupportCase
from certtrack.catalog import get_catalog
from certtrack.certs import emeritus
from certtrack.certs.challenges import Challenge
from certtrack.errors import Conflict, NotFound
from certtrack.models import Items
from certtrack.store import challenges
from certtrack.store.items.account import ProfileItem
from certtrack.store.items.challenges import ChallengeItem
from certtrack.store.items.emeritus import EmeritusRequestItem
from certtrack.store.items.pointers import PointerItem


def list_cases(status: str, after: str | None, admin_subject: str) -> Items[SupportCase]:
    owner = f"{admin_subject}:cases:{status}"
    items, last = cases.cases_with_status(status, start=cursor.decode(after, owner=owner))
    return Items[SupportCase](
        items=[SupportCase.model_validate(i) for i in items], next_cursor=cursor.encode(last, owner=owner)
    )


def map_account(request: AccountMapping, admin_subject: str) -> SupportCase:
    case = cases.map_case(request.case_id, request.candidate_id, admin_subject, request.note)
    return SupportCase.model_validate(case)


def change_name(case_id: str, request: NameChange, admin_subject: str) -> SupportCase:
    case = cases.change_name(
        case_id, request.candidate_id, request.first_name, request.last_name, admin_subject, request.note
    )
    return SupportCase.model_validate(case)


def resolve_case(case_id: str, request: CaseResolution, admin_subject: str) -> SupportCase:
    return SupportCase.model_validate(cases.resolve(case_id, admin_subject, request.note))


def find_candidate(email: str) -> CandidateSummary:
    candidate_id = repo.get_email_owner(email)
    found = repo.get_profile(candidate_id) if candidate_id else None
    if found is None:
        raise NotFound(f"no candidate record with email {email}", field="email")
    profile = ProfileItem.from_item(found)
    return CandidateSummary(
        candidate_id=profile.candidate_id,
        email=profile.email,
        first_name=profile.first_name,
        last_name=profile.last_name,
        mapped_logins=len(profile.logins or ()),
    )


def list_challenges(status: str, after: str | None, admin_subject: str) -> Items[Challenge]:
    owner = f"{admin_subject}:challenges:{status}"
    items, last = repo.table.query(
        keys.challenges_by_status(status), index="GSI1", limit=100, start=cursor.decode(after, owner=owner)
    )
    return Items[Challenge](
        items=[_challenge(ChallengeItem.from_item(i)) for i in items], next_cursor=cursor.encode(last, owner=owner)
    )


def _challenge(item: ChallengeItem) -> Challenge:
    return Challenge.model_validate(item.model_dump())


def resolve_challenge(challenge_id: str, resolution: ChallengeResolution, admin_subject: str) -> Challenge:
    """Closes an open challenge with its outcome; the candidate sees it in their challenges."""
    found = repo.table.get(keys.challenge_pointer(challenge_id))
    if found is None:
        raise NotFound(f"no challenge {challenge_id}", field="challenge_id")
    pointer = PointerItem.from_item(found)
    candidate_id = pointer.candidate_id
    stored = repo.table.get(pointer.target, consistent=True)
    if stored is None:
        raise NotFound(f"no challenge {challenge_id}", field="challenge_id")
    challenge = ChallengeItem.from_item(stored)
    if challenge.status != "open":
        raise Conflict(f"challenge {challenge_id} is already {challenge.status}")
    found_result = repo.table.get(keys.result_pointer(challenge.result_id))
    now = clock.iso_now()
    ops = [
        challenges.resolve_op(pointer.target, resolution.outcome, resolution.note, admin_subject, now),
        repo.activity_op(
            candidate_id,
            "challenge",
            f"Your score challenge for exam {challenge.exam_code} was {resolution.outcome}",
        ),
    ]
    if found_result is not None:
        ops.append(challenges.release_result_op(PointerItem.from_item(found_result).target, challenge_id))
    repo.table.transact(ops, conflict=f"challenge {challenge_id} changed meanwhile")
    return _challenge(
        challenge.model_copy(
            update={"status": resolution.outcome, "resolved_at": now, "resolution_note": resolution.note}
        )
    )


def emeritus_request(item: EmeritusRequestItem) -> EmeritusRequestOut:
    return EmeritusRequestOut(
        **item.model_dump(
            include={"candidate_id", "cert_id", "requested_on", "reversed_on", "reversed_by", "reversal_reason"}
        ),
        name=get_catalog().certifications[item.cert_id].name,
        status="reversed" if item.reversed_on else "requested",
    )


def list_emeritus(status: str, after: str | None, admin_subject: str) -> Items[EmeritusRequestOut]:
    owner = f"{admin_subject}:emeritus:{status}"
    items, last = emeritus.requests(status, cursor.decode(after, owner=owner))
    return Items[EmeritusRequestOut](
        items=[emeritus_request(i) for i in items], next_cursor=cursor.encode(last, owner=owner)
    )
