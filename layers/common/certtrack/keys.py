"""Every key of the single table is built here, so that key shapes live in one place.

See docs/data-model.md for the access patterns these keys serve.
"""

CANDIDATE_PREFIX = "CAND#"
ACCOUNT_ITEMS = "A#"  # profile, addresses, settings: the `GET /me` query reads exactly these


def candidate(candidate_id: str) -> str:
    return f"{CANDIDATE_PREFIX}{candidate_id}"


def profile() -> str:
    return f"{ACCOUNT_ITEMS}PROFILE"


def address(kind: str) -> str:
    return f"{ACCOUNT_ITEMS}ADDRESS#{kind}"


def settings() -> str:
    return f"{ACCOUNT_ITEMS}SETTINGS"


def activity(at_iso: str, activity_id: str) -> str:
    return f"ACT#{at_iso}#{activity_id}"


ACTIVITY_PREFIX = "ACT#"


def login(subject: str) -> dict[str, str]:
    """The pointer from a sign-in subject to its candidate (or to its mapping problem)."""
    return {"pk": f"LOGIN#{subject}", "sk": "LOGIN"}


def email(address_: str) -> dict[str, str]:
    """The pointer from a verified email to the candidate record that owns it."""
    return {"pk": f"EMAIL#{address_.strip().lower()}", "sk": "EMAIL"}


def support_case(case_id: str) -> dict[str, str]:
    return {"pk": f"CASE#{case_id}", "sk": "CASE"}


def cases_by_status(status: str) -> str:
    """GSI1 partition listing support cases in one state, oldest first."""
    return f"CASES#{status}"


def cases_by_login(subject: str) -> str:
    """GSI2 partition listing one login's support cases."""
    return f"LOGIN#{subject}"
