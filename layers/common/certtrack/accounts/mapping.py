"""First sign-in: which candidate record a login belongs to (guide §1, "account mapping").

A verified email that matches an unmapped candidate record (registered at the testing vendor before
the login existed) links the two; no match creates a new candidate; a match that another login
already holds cannot be settled by the system and needs a support case.
"""

from certtrack.accounts import repository as repo
from certtrack.caller import Caller
from certtrack.errors import Conflict, Forbidden, SupportRequired
from certtrack.observability import logger
from certtrack.store import accounts as store_accounts
from certtrack.store.table import TransactionConflict

MAPPED, CREATED, SUPPORT_REQUIRED = "mapped", "created", "support_required"
_ATTEMPTS = 5


def candidate_for(caller: Caller) -> str:
    """The caller's candidate id, mapping the login first if this is its first sign-in."""
    login = resolve(caller)
    if login.get("candidate_id"):
        return login["candidate_id"]
    raise SupportRequired(
        "this sign-in could not be linked to your certification record: open a support case "
        "(POST /me/support-cases) and an administrator will map it"
    )


def resolve(caller: Caller) -> dict:
    """The login's pointer item, creating it (and maybe a candidate) on first sign-in."""
    existing = repo.get_login(caller.subject, consistent=True)
    if existing:
        return existing
    if not caller.email or not caller.email_verified:
        raise Forbidden("verify your email address before signing in for the first time", field="email")
    for _ in range(_ATTEMPTS):
        try:
            return _map(caller)
        except TransactionConflict as exc:
            logger.info("mapping raced", extra={"failed": exc.failed})
            again = repo.get_login(caller.subject, consistent=True)
            if again:
                return again
    raise Forbidden("could not map this sign-in; try again")


def _map(caller: Caller) -> dict:
    owner = repo.get_email_owner(caller.email)
    if owner is None:
        return _create(caller)
    link = [
        store_accounts.first_login_op(owner, caller.subject, MAPPED),
        repo.login_op(caller.subject, owner, MAPPED, caller.email, new=True),
        repo.activity_op(owner, "account", "Signed in for the first time; your record was linked"),
    ]
    try:
        repo.table.transact(link, conflict="the record is already linked to another sign-in")
    except TransactionConflict as exc:
        if exc.failed != ["profile"]:
            raise
        try:
            repo.table.create(
                repo.login_item(caller.subject, None, SUPPORT_REQUIRED, caller.email),
            )
        except Conflict:
            logger.info("mapping raced")
        logger.info("mapping needs support")
        return repo.get_login(caller.subject, consistent=True) or {}
    logger.info("login mapped", extra={"candidate_id": owner})
    return {"candidate_id": owner, "state": MAPPED}


def _create(caller: Caller) -> dict:
    candidate_id = repo.new_id("CSCO")
    profile = repo.profile_item(
        candidate_id,
        email=caller.email,
        first_name=caller.given_name,
        last_name=caller.family_name,
        country=caller.country,
        logins={caller.subject},
        mapping=CREATED,
    )
    ops = repo.create_candidate_ops(profile, login_subject=caller.subject, state=CREATED)
    ops.append(repo.activity_op(candidate_id, "account", "Welcome: your candidate record was created"))
    repo.table.transact(ops, conflict="the candidate record changed meanwhile")
    logger.info("candidate created", extra={"candidate_id": candidate_id})
    return {"candidate_id": candidate_id, "state": CREATED}
