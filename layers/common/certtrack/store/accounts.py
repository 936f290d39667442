"""The conditional writes that link sign-ins to candidate records and resolve support cases.

A candidate record is linked to its first sign-in once (`logins` absent), a sign-in holds at most
one open mapping case, and a case is resolved once: each rule is the condition of one write here.
"""

from collections.abc import Mapping

from certtrack import keys
from certtrack.store.items.account import ProfileItem
from certtrack.store.table import Operation


def first_login_op(candidate_id: str, subject: str, mapped: str) -> Operation:
    """Links a record no sign-in has claimed yet (label `profile`; fails once one has)."""
    return Operation.update(
        ProfileItem.key_of(candidate_id),
        "SET logins = :logins, mapping = :mapped",
        condition="attribute_exists(pk) AND attribute_not_exists(logins)",
        values={":logins": {subject}, ":mapped": mapped},
        label="profile",
    )


def add_login_op(candidate_id: str, subject: str, mapped: str) -> Operation:
    """Adds one more sign-in to an existing record (an administrator's mapping)."""
    return Operation.update(
        ProfileItem.key_of(candidate_id),
        "ADD logins :subject SET mapping = :mapped",
        condition="attribute_exists(pk)",
        values={":subject": {subject}, ":mapped": mapped},
        label="profile",
    )


def remove_login_op(candidate_id: str, subject: str) -> Operation:
    """Takes a sign-in off the record it was linked to before (label `previous`)."""
    return Operation.update(
        ProfileItem.key_of(candidate_id), "DELETE logins :subject", values={":subject": {subject}}, label="previous"
    )


def rename_op(candidate_id: str, first_name: str, last_name: str, now: str) -> Operation:
    """Sets the verified name of an existing record (label `profile`)."""
    return Operation.update(
        ProfileItem.key_of(candidate_id),
        "SET first_name = :first, last_name = :last, updated_at = :now",
        condition="attribute_exists(pk)",
        values={":first": first_name, ":last": last_name, ":now": now},
        label="profile",
    )


def hold_mapping_case_op(subject: str, case_id: str) -> Operation:
    """Marks the sign-in's open mapping case (label `login`; fails while another is open)."""
    return Operation.update(
        keys.login(subject),
        "SET open_mapping_case = :case",
        condition="attribute_exists(pk) AND attribute_not_exists(open_mapping_case)",
        values={":case": case_id},
        label="login",
    )


def resolve_case_op(
    case_key: Mapping[str, str],
    *,
    resolved: str,
    resolution: str,
    admin_subject: str,
    now: str,
    candidate_id: str | None,
) -> Operation:
    """Resolves an open case (label `case`; fails once it is not open) and moves it to the resolved
    list."""
    return Operation.update(
        case_key,
        "SET #status = :resolved, resolution = :resolution, resolved_at = :now, resolved_by = :admin,"
        " gsi1pk = :gsi1pk, candidate_id = :cid",
        condition="#status = :open",
        names={"#status": "status"},
        values={
            ":resolved": resolved,
            ":open": "open",
            ":resolution": resolution,
            ":now": now,
            ":admin": admin_subject,
            ":gsi1pk": keys.cases_by_status(resolved),
            ":cid": candidate_id,
        },
        label="case",
    )
