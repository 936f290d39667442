"""8. Digital badges in-process (moto): issuing a credential, verifying one, the status list's size.

- Issuing: `certtrack.badges.service.issue(candidate_id, "ccna")` for candidates whose CCNA is
  active, as the badges consumer calls it for a certifying event. The candidates are written
  directly (the profile through `accounts.repository.create_candidate_ops`, the active
  certification item as the evaluator stores it), not through a partner result and the evaluator:
  only the issuance is measured. One issuance first (the process's first: catalog, models, the
  signing key's public half), then `ISSUED` measured ones. AWS calls are counted with part 1's
  recorder (`roundtrips.install_hooks`: a `before-call` handler on every botocore client); time
  inside moto's DynamoDB backend is measured apart (`common.MotoTime`).
- Verifying: joserfc (an independent JOSE library) checks each issued compact JWS against the JWK
  Set the system serves (`jws.jwks()`, imported once), `VERIFY_ROUNDS` times over the issued tokens.
- The status list: `status_list.encode` of 131,072 entries with 0%, 1% and 10% of them revoked
  (random indices, fixed seed), and the list credential signed as the system signs it.

The module is not called `badges.py`: `functions/badges` is the badges feature's package, which part
1 imports by that name in the same process.
"""

import os
import random
import statistics
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from common import BASE_ENV, MotoTime, ensure_paths, percentile, table

ISSUED = 200
VERIFY_ROUNDS = 5
CERT_ID = "ccna"
REVOKED_SHARES = (0, 1, 10)  # percent of the list's entries
SEED = 12


def _candidate(n: int) -> str:
    return f"CSCO8{n:07d}"


def _seed(candidates: int) -> None:
    """Profiles and active CCNA certifications, written directly (uncounted)."""
    from certtrack import clock
    from certtrack.accounts import repository as repo
    from certtrack.catalog import get_catalog
    from certtrack.store.items.derived import CertificationItem

    entry = get_catalog().certifications[CERT_ID]
    earned = clock.today() - timedelta(days=10)
    expires = earned + timedelta(days=3 * 365)
    for n in range(candidates):
        cid = _candidate(n)
        profile = repo.profile_item(cid, email=f"b{n}@example.com", first_name="B", last_name=str(n), country="US")
        repo.table.transact(repo.create_candidate_ops(profile))
        repo.table.put(
            {
                **CertificationItem.key_of(cid, CERT_ID),
                "type": "certification",
                "cert_id": CERT_ID,
                "candidate_id": cid,
                "name": entry.name,
                "level": entry.level,
                "status": "active",
                "earned_on": earned.isoformat(),
                "first_earned_on": earned.isoformat(),
                "expires_on": expires.isoformat(),
                "cycle_started_on": earned.isoformat(),
                "kit": entry.kit,
            }
        )


def _calls(recorded: list[tuple[str, str, str, str]]) -> list[str]:
    return [f"{'kms:' if service == 'kms' else ''}{op}" for _, service, op, _ in recorded]


def run() -> dict[str, Any]:
    ensure_paths()
    import boto3
    from moto import mock_aws
    from roundtrips import RECORDER, install_hooks

    os.environ.update(BASE_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    install_hooks()  # before the layer's clients exist: each new client gets the recorder
    with mock_aws():
        from certtrack import aws, clock
        from certtrack.badges import credential, jws, service, status_list
        from certtrack.settings import get_settings
        from certtrack.store import badges as store
        from certtrack_local import atomic, resources

        atomic.install()
        physical = resources.create(boto3.session.Session(region_name="us-east-1"))
        os.environ.update(resources.function_environment(physical))
        get_settings.cache_clear()
        aws.reset_clients()
        clock.reset()
        jws._public_jwk.cache_clear()  # this stack's key: its public half is fetched on first use
        _seed(ISSUED + 1)

        # -- issuing
        RECORDER.reset()
        RECORDER.phase = "issue"
        t = time.perf_counter()
        outcomes = Counter([service.issue(_candidate(0), CERT_ID)])
        first_ms = (time.perf_counter() - t) * 1000
        first = _calls(RECORDER.calls)
        RECORDER.reset()
        times, moto_times = [], []
        for n in range(1, ISSUED + 1):
            with MotoTime() as moto:
                t = time.perf_counter()
                outcomes[service.issue(_candidate(n), CERT_ID)] += 1
                times.append(time.perf_counter() - t)
            moto_times.append(moto.seconds)
        steady = Counter(_calls(RECORDER.calls))
        RECORDER.phase = None
        RECORDER.reset()

        # -- verifying against the served JWK Set (the tokens read back uncounted)
        from joserfc import jws as jose_jws
        from joserfc.jwk import KeySet

        valid_from = (clock.today() - timedelta(days=10)).isoformat()
        tokens = [store.get(_candidate(n), CERT_ID, valid_from).jwt for n in range(1, ISSUED + 1)]
        key_set = KeySet.import_key_set(jws.jwks())
        verify_times = []
        for _ in range(VERIFY_ROUNDS):
            for token in tokens:
                t = time.perf_counter()
                jose_jws.deserialize_compact(token, key_set, algorithms=["ES256"])
                verify_times.append(time.perf_counter() - t)

        # -- the status list
        rng = random.Random(SEED)
        lists = []
        for share in REVOKED_SHARES:
            revoked = rng.sample(range(status_list.SIZE), round(status_list.SIZE * share / 100))
            t = time.perf_counter()
            encoded = status_list.encode(revoked)
            encode_ms = (time.perf_counter() - t) * 1000
            signed = jws.sign(credential.status_list_credential("0", encoded, clock.now()))
            assert status_list.decode(encoded) == status_list.decode(status_list.encode(sorted(revoked)))
            lists.append(
                {
                    "revoked_pct": share,
                    "revoked": len(revoked),
                    "encoded_bytes": len(encoded.encode("ascii")),
                    "signed_jws_bytes": len(signed.encode("ascii")),
                    "encode_ms": encode_ms,
                }
            )
    return {
        "issued": ISSUED,
        "outcomes": dict(outcomes),
        "first_calls": first,
        "first_ms": first_ms,
        "calls_per_issuance": {op: n / ISSUED for op, n in steady.items()},
        "issue_ms": [s * 1000 for s in times],
        "issue_moto_ms": [s * 1000 for s in moto_times],
        "token_bytes": statistics.median(len(t) for t in tokens),
        "verified": len(verify_times),
        "verify_ms": [s * 1000 for s in verify_times],
        "status_lists": lists,
    }


def report(result: dict[str, Any]) -> tuple[str, list[tuple[str, bool]], dict[str, Any]]:
    n = result["issued"]
    ms, moto_ms = result["issue_ms"], result["issue_moto_ms"]
    per = result["calls_per_issuance"]
    first = Counter(result["first_calls"])
    order = list(dict.fromkeys(result["first_calls"] + list(per)))
    call_rows = [[op, str(first.get(op, 0)), f"{per.get(op, 0):.3f}", f"{per.get(op, 0) * n:.0f}"] for op in order]
    call_rows.append(["total", str(sum(first.values())), f"{sum(per.values()):.3f}", f"{sum(per.values()) * n:.0f}"])
    redrawn = round(per.get("kms:Sign", 0) * n) - n
    own = [a - b for a, b in zip(ms, moto_ms, strict=True)]
    time_rows = [
        [
            str(n),
            f"{statistics.median(ms):.2f}",
            f"{percentile(ms, 95):.2f}",
            f"{statistics.median(moto_ms):.2f}",
            f"{statistics.median(own):.2f}",
            f"{n / (sum(ms) / 1000):.0f}",
            f"{n / (sum(own) / 1000):.0f}",
        ]
    ]
    vms = result["verify_ms"]
    list_rows = [
        [
            f"{r['revoked_pct']}% ({r['revoked']:,})",
            f"{r['encoded_bytes']:,}",
            f"{r['signed_jws_bytes']:,}",
            f"{r['encode_ms']:.1f}",
        ]
        for r in result["status_lists"]
    ]
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(result["outcomes"].items()))
    text = "\n".join(
        [
            f"8. Digital badges in-process (moto): service.issue(candidate, {CERT_ID!r}) for {n} candidates whose",
            "   certification is active (profile and certification item written directly, not through the evaluator),",
            "   after the process's first issuance; joserfc verifying the issued JWS against the served JWKS; the",
            "   Bitstring Status List of 131,072 entries.",
            "",
            table(call_rows, ["AWS call", "first issuance", f"per issuance (next {n})", f"in the {n}"]),
            f"   status index drawn again (taken already): {redrawn} time(s) in {n}; each costs one more kms:Sign and",
            "   TransactWriteItems (the index is inside the signed credential). Draws collide more as a list fills: up",
            "   to half its indices are handed out, so late in a list one draw in two does.",
            f"   first issuance {result['first_ms']:.0f} ms (catalog, models, the key's public half); "
            f"outcomes: {outcomes}",
            "",
            table(
                time_rows,
                [
                    "issuances",
                    "median ms",
                    "p95 ms",
                    "in moto DynamoDB ms",
                    "own + KMS ms",
                    "credentials/s",
                    "own + KMS credentials/s",
                ],
            ),
            "   moto's share is its TransactWriteItems, which deep-copies the table for rollback (it grows with the",
            "   table); its KMS Sign is inside 'own + KMS' (a local ECDSA signature, well under 1 ms).",
            "",
            f"   verifying (joserfc deserialize_compact, ES256, key set imported once): {len(vms)} verifications "
            f"({VERIFY_ROUNDS} x {n} tokens),",
            f"   median {statistics.median(vms) * 1000:.0f} us, {len(vms) / (sum(vms) / 1000):.0f} verifications/s; "
            f"a credential's JWS {result['token_bytes']:,.0f} bytes",
            "",
            table(list_rows, ["revoked", "encodedList bytes", "signed list JWS bytes", "encode ms"]),
            f"   (131,072 bits = 16,384 bytes before GZIP; random indices, seed {SEED}; reported, no target)",
        ]
    )
    return text, [], result
