"""13. The payments sweep as the data grows: it runs every 5 minutes, so it must cost the same among
2,000 and 20,000 booked appointments when the same number of holds expired and refunds wait. It
reads two sparse index partitions (GSI1 `HOLDS#UNPAID` up to now, `REFUNDS#PENDING`), never the
table: a paid booking is in neither. (Ten times the data, not the reminders' 100,000: moto copies
the whole table for every transaction, about a second per 1,000 items, and each release is one.)"""

import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from common import BASE_ENV, MotoTime, ensure_paths, table, verdict

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
EXPIRED = 5  # holds whose 30 minutes ran out: released this run
HELD = 20  # holds still within their 30 minutes: kept
REFUNDS = 20  # cancellations' refunds waiting for the provider
POPULATIONS = (2_000, 20_000)
CENTER = "gb-lon-1"


def _seed(client: Any, table_name: str, population: int) -> None:
    """`population` paid appointments (with receipts) of one sitting's candidates; among them EXPIRED
    + HELD unpaid ones whose seat is held, and REFUNDS cancelled ones whose refund is pending."""
    from certtrack import keys
    from certtrack.scheduling import inventory as inv
    from certtrack.store.table import serialize

    network = inv.get_inventory()
    one = next(inv.sittings(network, network.center(CENTER), date(2027, 6, 21), date(2027, 6, 27)))
    starts_at = inv.utc_iso(one.starts_at)

    batch: list[dict[str, Any]] = []

    def put(item: dict[str, Any]) -> None:
        batch.append(serialize(item))
        if len(batch) == 25:
            flush()

    def flush() -> None:
        if batch:
            client.batch_write_item(RequestItems={table_name: [{"PutRequest": {"Item": i}} for i in batch]})
            batch.clear()

    put({"pk": keys.seats(one.partition), "sk": keys.seat_counter(starts_at, CENTER), "taken": population})
    for n in range(population):
        cid, appt, rcpt = f"CSCO{n:08d}", f"AP{n:016X}", f"RC{n:016X}"
        unpaid = n < EXPIRED + HELD
        appointment = {
            "pk": keys.candidate(cid),
            "sk": keys.appointment(appt),
            "type": "appointment",
            "appointment_id": appt,
            "candidate_id": cid,
            "confirmation_number": f"{n:010d}",
            "exam_code": "200-301",
            "slot_id": one.slot_id,
            "delivery": "test_center",
            "center_id": CENTER,
            "starts_at": starts_at,
            "duration_minutes": 120,
            "status": "scheduled",
            "receipt_id": rcpt,
            "booked_at": NOW.isoformat(),
            "updated_at": NOW.isoformat(),
        }
        if unpaid:
            minutes = -5 if n < EXPIRED else 10
            expires = (NOW + timedelta(minutes=minutes)).isoformat(timespec="milliseconds")
            appointment.update({"hold_expires_at": expires, **keys.unpaid_hold(expires, cid, appt)})
            put({"pk": keys.candidate(cid), "sk": keys.open_appointment("200-301"), "appointment_id": appt})
        put(appointment)
        put(
            {
                "pk": keys.candidate(cid),
                "sk": keys.receipt(rcpt),
                "type": "receipt",
                "receipt_id": rcpt,
                "payment_status": "pending" if unpaid else "paid",
                "total": 36000,
                "currency": "USD",
            }
        )
        if EXPIRED + HELD <= n < EXPIRED + HELD + REFUNDS:
            reference = f"cancel-{appt}"
            put(
                {
                    "pk": keys.candidate(cid),
                    "sk": keys.refund(reference),
                    "type": "refund",
                    "reference": reference,
                    "candidate_id": cid,
                    "appointment_id": appt,
                    "reason": "cancelled",
                    "charge_id": f"ch_{n}",
                    "amount": 36000,
                    "currency": "USD",
                    "status": "pending",
                    "requested_at": NOW.isoformat(),
                    "attempts": 0,
                    **keys.pending_refund(NOW.isoformat(), cid, reference),
                }
            )
    flush()


def run() -> dict[str, Any]:
    ensure_paths()
    import boto3
    from moto import mock_aws

    os.environ.update(BASE_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    runs = []
    for population in POPULATIONS:
        with mock_aws():
            from certtrack import aws, clock
            from certtrack.observability import logger
            from certtrack.scheduling.payments import FakeGateway, use_gateway
            from certtrack.settings import get_settings
            from certtrack_local import atomic, resources

            atomic.install()
            physical = resources.create(boto3.session.Session(region_name="us-east-1"))
            os.environ.update(resources.function_environment(physical))
            get_settings.cache_clear()
            aws.reset_clients()
            use_gateway(FakeGateway())
            logger.setLevel("WARNING")
            client = aws.client("dynamodb")
            t = time.perf_counter()
            _seed(client, physical["Table"], population)
            seeded = time.perf_counter() - t
            calls: list[str] = []

            def hook(model: Any, _calls: list[str] = calls, **_: Any) -> None:
                _calls.append(f"{model.service_model.service_name}.{model.name}")

            client.meta.events.register("before-call", hook)
            from certtrack.scheduling import holds, refunds

            with clock.pinned(NOW), MotoTime() as moto:
                t = time.perf_counter()
                summary = {**holds.release_expired(NOW), **refunds.settle_pending(NOW)}
                elapsed = time.perf_counter() - t
            use_gateway(None)
            reads = [c for c in calls if c.split(".")[1] in {"Query", "GetItem", "BatchGetItem", "Scan"}]
            runs.append(
                {
                    "population": population,
                    "seeded_s": seeded,
                    "job_s": elapsed,
                    "moto_s": moto.seconds,
                    "summary": summary,
                    "reads": len(reads),
                    "writes": len(calls) - len(reads),
                    "calls": sorted(set(calls)),
                    "scans": sum("Scan" in c for c in calls),
                }
            )
    return {"runs": runs}


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    small, large = result["runs"]
    rows = [
        [
            f"{r['population']:,}",
            str(r["summary"]["released"]),
            str(r["summary"]["refunded"]),
            str(r["reads"]),
            str(r["writes"]),
            f"{r['job_s'] * 1000:.0f}",
            f"{r['moto_s'] * 1000:.0f}",
            f"{(r['job_s'] - r['moto_s']) * 1000:.0f}",
            f"{r['seeded_s']:.0f} s",
        ]
        for r in result["runs"]
    ]
    outside = [r["job_s"] - r["moto_s"] for r in (small, large)]
    ratio = outside[1] / outside[0]
    same_reads = small["reads"] == large["reads"]
    done = all(r["summary"]["released"] == EXPIRED and r["summary"]["refunded"] == REFUNDS for r in result["runs"])
    text = "\n".join(
        [
            "13. Payments sweep as the data grows (moto in-process; one run: expired holds released, refunds settled)",
            f"   {EXPIRED} holds expired, {HELD} still held and {REFUNDS} refunds pending among N booked appointments.",
            "",
            table(
                rows,
                [
                    "appointments",
                    "released",
                    "refunded",
                    "DynamoDB reads",
                    "writes",
                    "job ms",
                    "in moto ms",
                    "job less moto ms",
                    "seeding",
                ],
            ),
            "",
            f"   target  same reads at 2,000 and 20,000 appointments -> {small['reads']} vs {large['reads']}  "
            f"{verdict(same_reads)}",
            f"   target  about the same time -> ratio {ratio:.2f} (20,000 / 2,000, the job's own time)  "
            f"{verdict(ratio < 1.5)}",
            f"   released exactly the expired holds and settled every pending refund: {verdict(done)}",
            f"   no Scan: {verdict(large['scans'] == 0)}; calls made: {', '.join(large['calls'])}",
            "   every 5 minutes: 8,640 runs a month, each 2 index queries when nothing is due (priced in part 10).",
        ]
    )
    verdicts = [
        ("payments sweep: same reads at 2k and 20k appointments", same_reads),
        ("payments sweep: time ratio 20k/2k < 1.5", ratio < 1.5),
        ("payments sweep: released the expired holds, settled the refunds", done),
        ("payments sweep: no Scan", large["scans"] == 0),
    ]
    return text, verdicts, result
