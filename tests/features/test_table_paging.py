"""`Table.query_all`: every page of a range, one Query per page, read as the caller goes."""

from certtrack import aws as clients
from certtrack.store.table import Table

#: Each item ~100 KB: DynamoDB (and moto) end a Query page at 1 MB, so 25 of them take three pages.
BULK = "x" * 100_000


def _count_queries() -> list[str]:
    seen: list[str] = []
    clients.client("dynamodb").meta.events.register("before-call.dynamodb.Query", lambda **_: seen.append("Query"))
    return seen


def test_query_all_reads_every_page_of_a_partition_range_in_key_order(aws):
    table = Table()
    for n in range(25):
        table.put({"pk": "CAND#paging", "sk": f"BULK#{n:02d}", "blob": BULK})
    table.put({"pk": "CAND#paging", "sk": "OTHER#1"})  # outside the range
    queries = _count_queries()

    found = list(table.query_all("CAND#paging", begins_with="BULK#"))

    assert [i["sk"] for i in found] == [f"BULK#{n:02d}" for n in range(25)]
    assert len(queries) == 3  # not one page: the loop followed LastEvaluatedKey
    assert table.query("CAND#paging", begins_with="BULK#")[1] is not None  # one query alone stops short


def test_query_all_fetches_the_next_page_only_when_the_caller_reaches_it(aws):
    table = Table()
    for n in range(25):
        table.put({"pk": "CAND#paging", "sk": f"BULK#{n:02d}", "blob": BULK})
    queries = _count_queries()

    items = table.query_all("CAND#paging", begins_with="BULK#", forward=False)
    first = next(items)

    assert first["sk"] == "BULK#24"
    assert len(queries) == 1
