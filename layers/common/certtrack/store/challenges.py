"""The writes of a score challenge: at most one open per exam result, resolved once."""

from collections.abc import Mapping

from certtrack import keys
from certtrack.store.table import Operation


def hold_result_op(result_key: Mapping[str, str], challenge_id: str) -> Operation:
    """Marks the result as challenged; fails the transaction (label `result`) while another
    challenge of it is open, which is what keeps it to one."""
    return Operation.update(
        result_key,
        "SET open_challenge = :id",
        condition="attribute_exists(pk) AND attribute_not_exists(open_challenge)",
        values={":id": challenge_id},
        label="result",
    )


def release_result_op(result_key: Mapping[str, str], challenge_id: str) -> Operation:
    """Clears the result's mark, only if this challenge set it."""
    return Operation.update(
        result_key,
        "REMOVE open_challenge",
        condition="open_challenge = :id",
        values={":id": challenge_id},
        label="result",
    )


def resolve_op(challenge_key: Mapping[str, str], outcome: str, note: str, admin_subject: str, now: str) -> Operation:
    """Closes an open challenge (label `challenge`; fails if it is no longer open) and moves it to
    its outcome's back-office list."""
    return Operation.update(
        challenge_key,
        "SET #status = :outcome, resolved_at = :now, resolution_note = :note, resolved_by = :admin, gsi1pk = :gsi1pk",
        condition="#status = :open",
        names={"#status": "status"},
        values={
            ":outcome": outcome,
            ":now": now,
            ":note": note,
            ":admin": admin_subject,
            ":gsi1pk": keys.challenges_by_status(outcome),
            ":open": "open",
        },
        label="challenge",
    )
