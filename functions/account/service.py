"""Account use cases."""

from certtrack import clock, keys
from certtrack.accounts import cases, mapping
from certtrack.accounts import repository as repo
from certtrack.accounts.models import Me, SupportCase, SupportCaseRequest
from certtrack.errors import Conflict, Forbidden, SupportRequired
from certtrack.models import Items
from certtrack.store.items.account import ProfileItem, WelcomeItem
from certtrack.web import Call

#: What a complete profile needs, as `GET /me` names it, and the item that provides it.
REQUIRED = {"mailing_address": keys.address("mailing"), "settings": keys.settings()}


def me(call: Call) -> Me:
    caller = call.caller
    if caller is None:
        raise Forbidden("sign in first")
    try:
        candidate_id = call.candidate_id
    except SupportRequired:
        return Me(
            candidate_id=None,
            email=caller.email,
            first_name=caller.given_name,
            last_name=caller.family_name,
            mapping=mapping.SUPPORT_REQUIRED,
            profile_complete=False,
            missing=["account_mapping"],
            is_admin=caller.is_admin,
        )
    items = repo.account_items(candidate_id)
    stored = items.get(keys.profile())
    profile = ProfileItem.from_item(stored) if stored else None
    missing = [name for name, sk in REQUIRED.items() if sk not in items]
    return Me(
        candidate_id=candidate_id,
        email=profile.email if profile else caller.email,
        first_name=profile.first_name if profile else caller.given_name,
        last_name=profile.last_name if profile else caller.family_name,
        mapping=(profile.mapping if profile else None) or caller.mapping or mapping.MAPPED,
        profile_complete=not missing,
        missing=missing,
        is_admin=caller.is_admin,
        welcomed=keys.welcome() in items,
    )


def record_welcome(candidate_id: str) -> None:
    """Home's first-visit greeting was shown: kept on the account so that no other browser or device
    greets it again. The first time is kept; a repeat changes nothing."""
    item = WelcomeItem(**WelcomeItem.key_of(candidate_id), seen_at=clock.iso_now())
    try:
        repo.table.create({**item.model_dump(), "type": "welcome"})
    except Conflict:
        return


def open_case(call: Call) -> SupportCase:
    caller = call.caller
    if caller is None:
        raise Forbidden("sign in first")
    request: SupportCaseRequest = call.body
    login = mapping.resolve(caller)
    item = cases.open_case(
        caller.subject, caller.email, login.get("candidate_id"), request.category, request.description
    )
    return SupportCase.model_validate(item)


def list_cases(call: Call) -> Items[SupportCase]:
    if call.caller is None:
        raise Forbidden("sign in first")
    return Items[SupportCase](items=[SupportCase.model_validate(i) for i in cases.cases_of(call.caller.subject)])
