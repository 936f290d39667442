"""The single DynamoDB table, through the low-level client (no resource layer: it costs cold start).

Conditional-check failures become `Conflict`; everything else propagates as it is, so a real fault
is a 5xx with its cause in the logs, never silently swallowed.
"""

import secrets
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from certtrack import aws
from certtrack.errors import Conflict
from certtrack.settings import get_settings

_ser = TypeSerializer()
_de = TypeDeserializer()

Item = dict[str, Any]

#: The condition of a write that must not overwrite: the key is new.
NEW = "attribute_not_exists(pk)"


def _decimals(value: Any) -> Any:
    """DynamoDB numbers are decimals; floats become the decimal of their shortest repr."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """DynamoDB numbers back to ints and floats (for JSON and for models)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def serialize(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _ser.serialize(_decimals(v)) for k, v in item.items() if v is not None}


def deserialize(raw: Mapping[str, Any]) -> Item:
    return {k: _de.deserialize(v) for k, v in raw.items()}


def _values(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: _ser.serialize(_decimals(v)) for k, v in (values or {}).items()}


class KeyRange(TypedDict, total=False):
    """`Table.query`'s range and order, for the methods that pass them on."""

    begins_with: str | None
    at_least: str | None
    between: tuple[str, str] | None
    index: str | None
    forward: bool


class Table:
    """One table; `name` defaults to the configured one."""

    def __init__(self, name: str | None = None, client: Any = None) -> None:
        self._name = name
        self._client = client

    @property
    def name(self) -> str:
        return self._name or get_settings().table_name

    @property
    def client(self) -> Any:
        return self._client or aws.client("dynamodb")

    def get(self, key: Mapping[str, str], *, consistent: bool = False) -> Item | None:
        out = self.client.get_item(TableName=self.name, Key=serialize(key), ConsistentRead=consistent)
        raw = out.get("Item")
        return deserialize(raw) if raw else None

    def query(
        self,
        pk: str,
        *,
        begins_with: str | None = None,
        at_least: str | None = None,
        between: tuple[str, str] | None = None,
        index: str | None = None,
        forward: bool = True,
        limit: int | None = None,
        start: Mapping[str, Any] | None = None,
    ) -> tuple[list[Item], dict[str, Any] | None]:
        """One page of a partition (or of an index partition), and the key to continue from."""
        pk_name, sk_name = ("pk", "sk") if index is None else (f"{index.lower()}pk", f"{index.lower()}sk")
        condition = "#pk = :pk"
        names = {"#pk": pk_name}
        values: dict[str, Any] = {":pk": pk}
        if begins_with:
            condition += " AND begins_with(#sk, :prefix)"
            names["#sk"] = sk_name
            values[":prefix"] = begins_with
        elif at_least:
            condition += " AND #sk >= :from"
            names["#sk"] = sk_name
            values[":from"] = at_least
        elif between:
            condition += " AND #sk BETWEEN :low AND :high"
            names["#sk"] = sk_name
            values[":low"], values[":high"] = between
        kwargs: dict[str, Any] = {
            "TableName": self.name,
            "KeyConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": _values(values),
            "ScanIndexForward": forward,
        }
        if index:
            kwargs["IndexName"] = index
        if limit:
            kwargs["Limit"] = limit
        if start:
            kwargs["ExclusiveStartKey"] = serialize(start)
        out = self.client.query(**kwargs)
        last = out.get("LastEvaluatedKey")
        return [deserialize(i) for i in out.get("Items", [])], deserialize(last) if last else None

    def query_all(self, pk: str, **key_range: Unpack[KeyRange]) -> Iterator[Item]:
        """Every item of `query`'s range, one round trip per page, fetched as the caller goes (a
        caller acting on each item acts on a page before the next is read). Only for a range whose
        size the caller bounds (a candidate's own items, a day's index entries): a request's page is
        one `query`."""
        start: dict[str, Any] | None = None
        while True:
            page, start = self.query(pk, **key_range, start=start)
            yield from page
            if not start:
                return

    def batch_get(self, item_keys: list[Mapping[str, str]], *, consistent: bool = False) -> list[Item]:
        """Many items by key, 100 per round trip (unprocessed keys are asked again)."""
        found: list[Item] = []
        unique = list({(k["pk"], k["sk"]): k for k in item_keys}.values())
        for start in range(0, len(unique), 100):
            batch = {"Keys": [serialize(k) for k in unique[start : start + 100]], "ConsistentRead": consistent}
            pending: dict[str, Any] = {self.name: batch}
            while pending:
                out = self.client.batch_get_item(RequestItems=pending)
                found.extend(deserialize(i) for i in out.get("Responses", {}).get(self.name, []))
                pending = out.get("UnprocessedKeys") or {}
        return found

    def put(
        self,
        item: Mapping[str, Any],
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        conflict: str = "the item changed meanwhile",
    ) -> None:
        kwargs: dict[str, Any] = {"TableName": self.name, "Item": serialize(item)}
        _conditions(kwargs, condition, names, values)
        _conditional(self.client.put_item, kwargs, conflict)

    def create(self, item: Mapping[str, Any], *, conflict: str = "the item changed meanwhile") -> None:
        """A put that never overwrites: a `Conflict` when an item with this key exists."""
        self.put(item, condition=NEW, conflict=conflict)

    def replace_live(self, item: Mapping[str, Any], *, conflict: str) -> None:
        """Overwrites an item that exists and has not been retired (`retired_at` unset): an edit that
        raced with a retirement is a `Conflict`, never a resurrection."""
        self.put(item, condition="attribute_exists(pk) AND attribute_not_exists(retired_at)", conflict=conflict)

    def update(
        self,
        key: Mapping[str, str],
        expression: str,
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        conflict: str = "the item changed meanwhile",
    ) -> Item:
        """One item changed in place; the item as it is afterwards (no read back needed)."""
        kwargs: dict[str, Any] = {
            "TableName": self.name,
            "Key": serialize(key),
            "UpdateExpression": expression,
            "ReturnValues": "ALL_NEW",
        }
        _conditions(kwargs, condition, names, values)
        return deserialize(_conditional(self.client.update_item, kwargs, conflict).get("Attributes", {}))

    def delete(self, key: Mapping[str, str]) -> None:
        self.client.delete_item(TableName=self.name, Key=serialize(key))

    def delete_many(self, item_keys: list[Mapping[str, str]]) -> None:
        """Unconditional deletes, 25 per round trip (unprocessed ones are sent again)."""
        for start in range(0, len(item_keys), 25):
            pending: dict[str, Any] = {
                self.name: [{"DeleteRequest": {"Key": serialize(k)}} for k in item_keys[start : start + 25]]
            }
            while pending:
                pending = self.client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}

    def transact(self, operations: Iterable["Operation"], *, conflict: str = "the record changed meanwhile") -> None:
        """All or nothing; a failed condition anywhere is a `Conflict` naming which operation. The
        SDK retries a call whose answer was lost with the same request, so the token makes such a
        retry of a transaction that did commit answer as committed rather than fail its conditions
        on its own writes (DynamoDB keeps a token for ten minutes)."""
        ops = list(operations)
        try:
            self.client.transact_write_items(
                TransactItems=[op.render(self.name) for op in ops], ClientRequestToken=secrets.token_hex(16)
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons") or []
            failed = [
                ops[i].label
                for i, r in enumerate(reasons)
                if r.get("Code") == "ConditionalCheckFailed" and i < len(ops)
            ]
            if failed:
                raise TransactionConflict(conflict, failed=failed) from exc
            raise


class TransactionConflict(Conflict):
    """A transaction refused by a condition; `failed` names the operations whose condition failed."""

    def __init__(self, message: str, *, failed: list[str]) -> None:
        super().__init__(message)
        self.failed = failed


class Operation:
    """One write of a transaction."""

    def __init__(self, kind: str, body: dict[str, Any], label: str = "") -> None:
        self.kind = kind
        self.body = body
        self.label = label

    def render(self, table: str) -> dict[str, Any]:
        return {self.kind: {"TableName": table, **self.body}}

    @classmethod
    def put(
        cls,
        item: Mapping[str, Any],
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> "Operation":
        body: dict[str, Any] = {"Item": serialize(item)}
        _conditions(body, condition, names, values)
        return cls("Put", body, label)

    @classmethod
    def create(cls, item: Mapping[str, Any], *, label: str = "") -> "Operation":
        """A put that fails the transaction when an item with this key exists."""
        return cls.put(item, condition=NEW, label=label)

    @classmethod
    def update(
        cls,
        key: Mapping[str, str],
        expression: str,
        *,
        condition: str | None = None,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> "Operation":
        body: dict[str, Any] = {"Key": serialize(key), "UpdateExpression": expression}
        _conditions(body, condition, names, values)
        return cls("Update", body, label)

    @classmethod
    def delete(cls, key: Mapping[str, str], *, label: str = "") -> "Operation":
        return cls("Delete", {"Key": serialize(key)}, label)

    @classmethod
    def delete_if(
        cls,
        key: Mapping[str, str],
        condition: str,
        *,
        values: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> "Operation":
        """A delete that fails the transaction unless `condition` holds."""
        body: dict[str, Any] = {"Key": serialize(key)}
        _conditions(body, condition, None, values)
        return cls("Delete", body, label)

    @classmethod
    def check(
        cls,
        key: Mapping[str, str],
        condition: str,
        *,
        names: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> "Operation":
        body: dict[str, Any] = {"Key": serialize(key)}
        _conditions(body, condition, names, values)
        return cls("ConditionCheck", body, label)


def _conditions(
    body: dict[str, Any],
    condition: str | None,
    names: Mapping[str, str] | None,
    values: Mapping[str, Any] | None,
) -> None:
    if condition:
        body["ConditionExpression"] = condition
    if names:
        body["ExpressionAttributeNames"] = dict(names)
    if values:
        body["ExpressionAttributeValues"] = _values(values)


def _conditional(call: Any, kwargs: dict[str, Any], conflict: str) -> dict[str, Any]:
    """A single-item write whose failed condition is a `Conflict`."""
    try:
        return call(**kwargs)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise Conflict(conflict) from exc
        raise
