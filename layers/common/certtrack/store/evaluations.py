"""The optimistic version of a candidate's derived items (`D#STATE`): every fact's transaction counts
itself in `events`, and the evaluator's transactions are guarded by the count it read, so a fact
that arrives during an evaluation fails the evaluation's write and the evaluation runs again."""

from certtrack.store.items.derived import EvaluationStateItem
from certtrack.store.table import Operation

_UNCHANGED = "attribute_not_exists(events) OR events = :events"


def count_fact_op(candidate_id: str) -> Operation:
    """One more fact (label `counter`), for the transaction that stores it."""
    return Operation.update(
        EvaluationStateItem.key_of(candidate_id), "ADD events :one", values={":one": 1}, label="counter"
    )


def guard_op(candidate_id: str, state: EvaluationStateItem | None, now: str) -> Operation:
    """The first transaction of an evaluation (label `guard`): refused unless the state is still the
    one read (no new fact, no other evaluation's write since), and stamps this evaluation."""
    events = state.events if state else 0
    seen = state.evaluated_at if state else None
    return Operation.update(
        EvaluationStateItem.key_of(candidate_id),
        "SET evaluated_at = :now",
        condition=f"({_UNCHANGED}) AND " + ("evaluated_at = :seen" if seen else "attribute_not_exists(evaluated_at)"),
        values={":events": events, ":now": now, **({":seen": seen} if seen else {})},
        label="guard",
    )


def unchanged_op(candidate_id: str, state: EvaluationStateItem | None) -> Operation:
    """Each later transaction of the same evaluation (label `guard`): refused once a new fact was
    counted."""
    return Operation.check(
        EvaluationStateItem.key_of(candidate_id),
        _UNCHANGED,
        values={":events": state.events if state else 0},
        label="guard",
    )
