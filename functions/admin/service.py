"""Back-office use cases."""

from certtrack import cursor
from certtrack.accounts import cases
from certtrack.accounts import repository as repo
from certtrack.accounts.models import AccountMapping, CandidateSummary, SupportCase
from certtrack.errors import NotFound
from certtrack.models import Items


def list_cases(status: str, after: str | None) -> Items[SupportCase]:
    items, last = cases.cases_with_status(status, start=cursor.decode(after))
    return Items[SupportCase](items=[SupportCase.model_validate(i) for i in items], next_cursor=cursor.encode(last))


def map_account(request: AccountMapping, admin_subject: str) -> SupportCase:
    case = cases.map_case(request.case_id, request.candidate_id, admin_subject, request.note)
    return SupportCase.model_validate(case)


def find_candidate(email: str) -> CandidateSummary:
    candidate_id = repo.get_email_owner(email)
    profile = repo.get_profile(candidate_id) if candidate_id else None
    if profile is None:
        raise NotFound(f"no candidate record with email {email}", field="email")
    return CandidateSummary(
        candidate_id=profile["candidate_id"],
        email=profile["email"],
        first_name=profile["first_name"],
        last_name=profile["last_name"],
        mapped_logins=len(profile.get("logins") or ()),
    )
