"""The writes that store a partner's fact exactly once: the pointer under the partner's id and the
fact itself, each refused when it exists, so a repeated delivery changes nothing and is recognised
by the refusal."""

from certtrack.store.table import Item, Operation


def store_once_ops(pointer: Item, fact: Item) -> list[Operation]:
    """The pointer (label `pointer`) and the fact (label `fact`), for the transaction that also counts
    the fact and writes its event."""
    return [Operation.create(pointer, label="pointer"), Operation.create(fact, label="fact")]
