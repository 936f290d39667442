"""Initial certification kits (guide §8): created when earned, claimed once, ordered once, shipped."""

import json
import threading
from datetime import UTC, date, datetime, time, timedelta

import boto3
import pytest
from lambda_context import lambda_context

from certtrack import clock, keys, kits, shipping
from certtrack.accounts import repository as repo
from certtrack.errors import Conflict
from certtrack.partners.kits import FakeKitVendor, use_vendor
from certtrack.store.items.account import AddressItem


@pytest.fixture
def fake_vendor():
    vendor = FakeKitVendor()
    use_vendor(vendor)
    yield vendor
    use_vendor(None)


#: Home's entry for a CCNA kit ready to claim.
CCNA_KIT_READY = {
    "kit_id": "ccna-kit",
    "cert_id": "ccna",
    "name": "CCNA",
    "certification_status": "active",
    "claimable": True,
    "not_claimable_reason": None,
}


def earn(api, user, code="200-301", on=None, result_id=None):
    cid = api.get("/me", token=user.id_token).body["candidate_id"]
    on = on or (clock.today() - timedelta(days=10)).isoformat()
    body = {
        "result_id": result_id or f"{cid}-{code}-{on}",
        "candidate_id": cid,
        "exam_code": code,
        "taken_on": on,
        "score": 900,
        "passing_score": 825,
        "passed": True,
    }
    assert api.partner_post("/vendor/exam-results", body).status == 201
    return cid


def active_holder(api, users):
    """A candidate with a complete profile whose CCNA is active (the agreement accepted): its kit
    can be claimed."""
    from features.test_badges import accept

    user = users.complete(users.signup())
    user.extra["id"] = earn(api, user)
    accept(api, user)
    return user


@pytest.fixture
def holder(api, users):
    return active_holder(api, users)


def fulfillment_messages(aws) -> list[dict]:
    sqs = boto3.client("sqs", region_name="us-east-1")
    return sqs.receive_message(
        QueueUrl=aws.physical["FulfillmentQueue"], MaxNumberOfMessages=10, VisibilityTimeout=0
    ).get("Messages", [])


def sqs_event(messages: list[dict]) -> dict:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": {},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:fulfillment",
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
    }


def test_earning_a_certification_with_a_kit_creates_it_pending_and_emails(api, holder):
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert (kit["kit_id"], kit["cert_id"], kit["status"]) == ("ccna-kit", "ccna", "pending")
    mails, _ = repo.table.query(keys.candidate(holder.extra["id"]), begins_with="MAIL#CERT#")
    assert [m["email"]["subject"] for m in mails] == ["Congratulations on CCNA: claim your kit"]


def test_a_kit_is_claimable_only_while_its_certification_is_active(api, users):
    # GIVEN a kit whose certification waits for the agreement: pending, but not offered for claiming
    holder = users.complete(users.signup())
    earn(api, holder)
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert (kit["status"], kit["certification_status"], kit["claimable"]) == ("pending", "pending_agreement", False)
    # WHEN the agreement is accepted, THEN the kit is ready to claim
    version = api.get("/me/agreement", token=holder.id_token).body["version"]
    assert api.post("/me/agreement", {"version": version}, token=holder.id_token).status == 200
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert (kit["certification_status"], kit["claimable"]) == ("active", True)
    # AND once claimed it is not claimable again
    claimed = api.post("/me/kits/ccna-kit/claim", token=holder.id_token).body
    assert (claimed["status"], claimed["claimable"]) == ("ordered", False)


def refused_for_its_certification(api, user, aws, status: str, kit_id: str = "ccna-kit") -> str:
    """Claims the kit and checks that the 409 names the certification's state and that nothing was
    written: the kit is stored exactly as before, no order is queued. The refusal's message."""
    cid = api.get("/me", token=user.id_token).body["candidate_id"]
    before = repo.table.get(repo.candidate_key(cid, keys.kit(kit_id)), consistent=True)
    refused = api.post(f"/me/kits/{kit_id}/claim", token=user.id_token)
    assert (refused.status, refused.error["code"]) == (409, "certification_not_active"), refused.body
    assert refused.error["certification_status"] == status
    assert "nothing was ordered" in refused.error["message"]
    assert repo.table.get(repo.candidate_key(cid, keys.kit(kit_id)), consistent=True) == before
    assert before["status"] == "pending"
    assert fulfillment_messages(aws) == []
    return refused.error["message"]


def test_a_kit_pending_the_agreement_is_refused_until_the_agreement_is_accepted(api, users, aws):
    # GIVEN a CCNA earned but waiting for the certification agreement
    from features.test_badges import accept

    user = users.complete(users.signup())
    earn(api, user)
    # WHEN its kit is claimed, THEN a 409 says the certification waits for the agreement and what to do
    message = refused_for_its_certification(api, user, aws, "pending_agreement")
    assert "CCNA is pending the certification agreement" in message
    assert "accept the certification agreement first" in message
    # AND once the agreement is accepted the same claim orders the kit
    accept(api, user)
    claimed = api.post("/me/kits/ccna-kit/claim", token=user.id_token)
    assert (claimed.status, claimed.body["status"], claimed.body["certification_status"]) == (200, "ordered", "active")
    assert len(fulfillment_messages(aws)) == 1


def test_a_kit_of_an_expired_certification_is_refused(api, users, aws):
    # GIVEN a CCNA earned four years ago and never renewed (it is valid for three)
    from features.test_badges import accept

    user = users.complete(users.signup())
    earn(api, user, on=(clock.today() - timedelta(days=4 * 365)).isoformat())
    accept(api, user)
    # WHEN its kit is claimed, THEN a 409 names the expiry and the way back
    message = refused_for_its_certification(api, user, aws, "expired")
    assert "CCNA has expired: recertify" in message


def test_a_kit_is_refused_once_the_cycle_has_ended_though_nothing_re_evaluated_it(api, holder, aws):
    # GIVEN an active CCNA whose stored status still says active on the day after its cycle ended
    expires_on = api.get("/me/certifications/ccna", token=holder.id_token).body["expires_on"]
    with clock.pinned(clock.now() + timedelta(days=3 * 366)):
        assert clock.today().isoformat() > expires_on
        # WHEN its kit is claimed, THEN the claim's own condition on the expiry date refuses it
        message = refused_for_its_certification(api, holder, aws, "expired")
        assert f"CCNA expired on {expires_on}: recertify" in message


def test_a_kit_is_offered_on_the_last_day_of_its_cycle_and_not_the_day_after_as_the_claim_decides(api, holder, aws):
    # GIVEN an active CCNA, its stored item left as evaluated (nothing re-evaluates it when its cycle ends)
    expires_on = api.get("/me/certifications/ccna", token=holder.id_token).body["expires_on"]
    last_day = datetime.combine(date.fromisoformat(expires_on), time(12), UTC)
    cert_key = repo.candidate_key(holder.extra["id"], keys.certification("ccna"))
    reason = f"CCNA expired on {expires_on}: recertify to make it active again, then claim the kit"

    def offered() -> tuple[dict, dict]:
        (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
        (waiting,) = api.get("/me/dashboard", token=holder.id_token).body["unclaimed_kits"]
        return kit, waiting

    # WHEN the kits page and Home are read the day after the cycle ended
    with clock.pinned(last_day + timedelta(days=1)):
        kit, waiting = offered()
        # THEN both show the kit as not claimable, with the reason, though the item still says active
        assert repo.table.get(cert_key)["status"] == "active"
        for shown in (kit, waiting):
            assert (shown["certification_status"], shown["claimable"], shown["not_claimable_reason"]) == (
                "expired",
                False,
                reason,
            )
        # AND the claim refuses it with the same words: what is offered is what the claim allows
        assert reason in refused_for_its_certification(api, holder, aws, "expired")
    # WHEN they are read on the cycle's last day, THEN the kit is ready to claim, and the claim orders it
    with clock.pinned(last_day):
        kit, waiting = offered()
        for shown in (kit, waiting):
            assert (shown["certification_status"], shown["claimable"], shown["not_claimable_reason"]) == (
                "active",
                True,
                None,
            )
        claimed = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
        assert (claimed.status, claimed.body["status"]) == (200, "ordered")
    assert len(fulfillment_messages(aws)) == 1


def test_a_kit_of_a_revoked_certification_is_refused(api, users, holder, aws):
    from features.test_badges import revoke

    admin = users.signup(groups=("admin",))
    assert revoke(api, admin, holder).status == 201
    assert "CCNA was revoked" in refused_for_its_certification(api, holder, aws, "revoked")


def test_a_certification_revoked_while_the_claim_is_made_orders_nothing(api, holder, aws, monkeypatch):
    # GIVEN a claim that has read the kit and the address when the certification is revoked
    cert_key = repo.candidate_key(holder.extra["id"], keys.certification("ccna"))
    read = shipping.recipient

    def read_then_revoked(*args):
        found = read(*args)
        repo.table.put({**repo.table.get(cert_key), "status": "revoked"})
        return found

    monkeypatch.setattr(shipping, "recipient", read_then_revoked)
    # WHEN the claim writes, THEN its transaction refuses it: 409 naming the revocation, nothing written
    assert "CCNA was revoked" in refused_for_its_certification(api, holder, aws, "revoked")


def test_specialists_carry_no_kit_and_earning_again_gives_no_second_kit(api, holder):
    earn(api, holder, "350-401")
    earn(api, holder, "200-301", on=(clock.today() - timedelta(days=2)).isoformat(), result_id="again")
    kit_ids = [k["kit_id"] for k in api.get("/me/kits", token=holder.id_token).body["items"]]
    assert kit_ids == ["ccna-kit"]


def test_claim_needs_a_complete_profile(api, users):
    user = users.signup()
    earn(api, user)
    answer = api.post("/me/kits/ccna-kit/claim", token=user.id_token)
    assert answer.status == 409
    assert "mailing_address" in answer.error["message"]


def test_a_po_box_saved_before_the_rule_is_refused_at_claim_and_nothing_is_ordered(api, holder, aws):
    sk = keys.address("mailing")
    legacy = {**repo.table.get({"pk": keys.candidate(holder.extra["id"]), "sk": sk}), "line1": "P.O. Box 77"}
    repo.table.put(legacy)
    answer = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    assert (answer.status, answer.error["field"]) == (400, "line1")
    assert "P.O. Box" in answer.error["message"]
    assert api.get("/me/kits", token=holder.id_token).body["items"][0]["status"] == "pending"
    assert fulfillment_messages(aws) == []


def address_on_file(candidate_id: str, address: dict) -> None:
    """The mailing address as it was saved before a state was required in its country (Personal
    Info then stored it as written, with no state)."""
    stored = {**AddressItem.key_of(candidate_id), "type": "address", "kind": "mailing", **address}
    repo.table.put(AddressItem.model_validate(stored).model_dump(exclude_none=True))


@pytest.mark.parametrize(
    ("address", "state"),
    [
        ({"line1": "Emirates Towers, Sheikh Zayed Road", "city": "Dubai", "country": "AE"}, "DU"),
        ({"line1": "152 Teheran-ro, Gangnam-gu", "city": "Seoul", "postal_code": "06236", "country": "KR"}, "11"),
        ({"line1": "1 Orchard Road", "city": "Singapore", "postal_code": "238801", "country": "SG"}, None),
    ],
    ids=["dubai", "seoul", "singapore"],
)
def test_an_address_on_file_without_a_state_ships_where_the_city_names_it_or_none_is_used(
    api, holder, aws, fake_vendor, address, state
):
    from fulfillment.app import handler

    # GIVEN a stateless address on file: Dubai and Seoul are themselves the emirate and the special
    # city a courier reads there; Singapore has no states
    address_on_file(holder.extra["id"], address)
    # AND Personal Info takes the same address now, by the same rule, and calls the profile complete
    assert api.get("/me", token=holder.id_token).body["profile_complete"] is True
    again = api.put("/me/addresses/mailing", address, token=holder.id_token)
    assert (again.status, again.body["state"]) == (200, state), again.body
    address_on_file(holder.extra["id"], address)
    # WHEN the kit is claimed
    claimed = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    # THEN it is ordered to that address, the state named by its city
    assert (claimed.status, claimed.body["status"]) == (200, "ordered"), claimed.body
    assert claimed.body["ship_to"] == {
        **address,
        "line2": None,
        "postal_code": address.get("postal_code"),
        "state": state,
    }
    # AND the fulfilment worker places the vendor's order with it
    (message,) = fulfillment_messages(aws)
    assert handler(sqs_event([message]), lambda_context()) == {"batchItemFailures": []}
    (order,) = fake_vendor.orders.values()
    assert order["ship_to"] == claimed.body["ship_to"]
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert kit["order_id"] == order["order_id"]


def test_an_address_on_file_without_the_state_its_country_needs_is_refused_at_claim_as_personal_info_refuses_it(
    api, holder, aws
):
    # GIVEN a Yokohama address on file with no prefecture (Yokohama is a city of Kanagawa, not one)
    address = {"line1": "1-1 Minatomirai, Nishi-ku", "city": "Yokohama", "postal_code": "220-0012", "country": "JP"}
    address_on_file(holder.extra["id"], address)
    # WHEN the kit is claimed, THEN the 400 names the state and why, as Personal Info does, and nothing is ordered
    refused = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    saved = api.put("/me/addresses/mailing", address, token=holder.id_token)
    for answer in (refused, saved):
        assert (answer.status, answer.error["field"]) == (400, "state")
        assert answer.error["message"] == "state: is required for addresses in Japan"
    assert api.get("/me/kits", token=holder.id_token).body["items"][0]["status"] == "pending"
    assert fulfillment_messages(aws) == []


def test_a_queue_outage_at_claim_undoes_the_claim_so_it_can_be_made_again(api, holder, aws):
    (before,) = api.get("/me/kits", token=holder.id_token).body["items"]
    with aws.outage("sqs", "SendMessage"):
        refused = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    assert (refused.status, refused.error["code"]) == (502, "upstream_error")
    assert "nothing was claimed" in refused.error["message"]
    assert api.get("/me/kits", token=holder.id_token).body["items"] == [before]
    assert api.get("/me/dashboard", token=holder.id_token).body["unclaimed_kits"] == [CCNA_KIT_READY]
    assert fulfillment_messages(aws) == []
    claimed = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    assert (claimed.status, claimed.body["status"]) == (200, "ordered")
    assert [json.loads(m["Body"])["item_sk"] for m in fulfillment_messages(aws)] == [keys.kit("ccna-kit")]
    assert api.get("/me/dashboard", token=holder.id_token).body["unclaimed_kits"] == []


def test_a_claim_whose_message_was_never_sent_is_queued_again_by_the_daily_sweep(
    api, holder, aws, fake_vendor, monkeypatch
):
    from fulfillment.app import handler, sweep

    def stopped(*_):
        raise RuntimeError("the function stopped between the claim and its message")

    with monkeypatch.context() as patch:
        patch.setattr(shipping, "_queue_order", stopped)
        with pytest.raises(RuntimeError):
            kits.claim(holder.extra["id"], "ccna-kit")
    assert fulfillment_messages(aws) == []
    daily = {"source": "aws.events", "detail-type": "Scheduled Event"}
    assert sweep(daily, lambda_context()) == {"requeued": 0}  # too recent: its message may still be on its way
    clock.pin(clock.now() + shipping.STALLED + timedelta(minutes=1))
    assert sweep(daily, lambda_context()) == {"requeued": 1}
    (message,) = fulfillment_messages(aws)
    assert handler(sqs_event([message]), lambda_context()) == {"batchItemFailures": []}
    assert len(fake_vendor.orders) == 1
    assert api.get("/me/kits", token=holder.id_token).body["items"][0]["order_id"]
    assert sweep(daily, lambda_context()) == {"requeued": 0}  # received: out of the sweep's index


def test_fifty_concurrent_claims_order_one_kit(api, holder, aws):
    outcomes: list[str] = []

    def claim():
        try:
            kits.claim(holder.extra["id"], "ccna-kit")
            outcomes.append("ordered")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=claim) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ordered") == 1
    assert outcomes.count("conflict") == 49
    assert len(fulfillment_messages(aws)) == 1
    again = api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    assert (again.status, again.error["code"]) == (409, "already_claimed")


def test_a_message_delivered_three_times_makes_one_vendor_order(api, holder, aws, fake_vendor):
    assert api.post("/me/kits/ccna-kit/claim", token=holder.id_token).status == 200
    (message,) = fulfillment_messages(aws)
    from fulfillment.app import handler

    for _ in range(3):
        assert handler(sqs_event([message]), lambda_context()) == {"batchItemFailures": []}
    assert len(fake_vendor.orders) == 1
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert kit["order_id"] == next(iter(fake_vendor.orders.values()))["order_id"]
    assert kit["ship_to"]["line1"] == "123 Any Street"


def test_a_flaky_vendor_loses_and_duplicates_nothing_and_redrive_completes(api, users, aws):
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    from certtrack_local.redrive import redrive
    from fulfillment.app import handler

    vendor = FakeKitVendor(failure_rate=0.3, seed=7)
    use_vendor(vendor)
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue, dlq = aws.physical["FulfillmentQueue"], aws.physical["FulfillmentDLQ"]

    def kit(candidate_id: str) -> dict:
        return repo.table.get(repo.candidate_key(candidate_id, keys.kit("ccna-kit")))

    def drain() -> None:
        """What Lambda's event source mapping does: failed messages come back until moto's redrive
        policy (five receives) moves them to the DLQ."""
        while True:
            got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", [])
            if not got:
                return
            try:
                failed = {f["itemIdentifier"] for f in handler(sqs_event(got), lambda_context())["batchItemFailures"]}
            except BatchProcessingError:  # every record of the batch failed
                failed = {m["MessageId"] for m in got}
            for m in got:
                if m["MessageId"] not in failed:
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])

    try:
        holders = []
        for _ in range(12):
            user = active_holder(api, users)
            holders.append(user.extra["id"])
            assert api.post("/me/kits/ccna-kit/claim", token=user.id_token).status == 200
        drain()
        ordered = [c for c in holders if kit(c).get("order_id")]
        attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
        in_dlq = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        assert vendor.calls > len(holders)  # the vendor did fail some calls
        assert len(ordered) + in_dlq == len(holders)  # every order reached the vendor or the DLQ: none lost
        assert len(vendor.orders) == len(ordered)  # none duplicated
        # the vendor down for good: those orders end in the DLQ after five tries, counted
        vendor.failure_rate = 1.0
        for _ in range(2):
            user = active_holder(api, users)
            holders.append(user.extra["id"])
            assert api.post("/me/kits/ccna-kit/claim", token=user.id_token).status == 200
        drain()
        attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
        dead = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
        assert dead == in_dlq + 2
        # the vendor is back: redrive completes every order, still one per kit
        vendor.failure_rate = 0.0
        assert redrive(sqs, dlq, queue) == dead
        drain()
        assert len(vendor.orders) == len(holders)
        assert all(kit(c).get("order_id") for c in holders)
    finally:
        use_vendor(None)


def test_vendor_ships_then_delivers_and_the_candidate_is_emailed_once(api, holder, aws, fake_vendor):
    from fulfillment.app import handler

    api.post("/me/kits/ccna-kit/claim", token=holder.id_token)
    handler(sqs_event(fulfillment_messages(aws)), lambda_context())
    order_id = api.get("/me/kits", token=holder.id_token).body["items"][0]["order_id"]
    path = f"/vendor/kit-orders/{order_id}/status"
    assert api.partner_post(path, {"status": "delivered"}).status == 409  # not shipped yet
    shipped = {"status": "shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"}
    assert api.partner_post(path, shipped).body == {"order_id": order_id, "status": "shipped"}
    assert api.partner_post(path, shipped).status == 200  # a repeat changes nothing
    assert api.partner_post(path, {"status": "delivered"}).body["status"] == "delivered"
    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert (kit["status"], kit["carrier"], kit["tracking_number"]) == ("delivered", "UPS", "1Z999AA10123456784")
    assert [h["status"] for h in kit["history"]] == ["pending", "ordered", "ordered", "shipped", "delivered"]
    mail = repo.table.get(repo.candidate_key(holder.extra["id"], "MAIL#KIT#ccna-kit#shipped"))
    assert "1Z999AA10123456784" in mail["email"]["text"]
    assert mail["email"]["to"] == holder.email


def test_vendor_status_needs_a_signature_a_known_order_and_a_tracking_number(api):
    raw = json.dumps({"status": "shipped", "tracking_number": "X1"}).encode()
    assert api.request("POST", "/vendor/kit-orders/KV-1/status", raw=raw).status == 401
    assert (
        api.partner_post("/vendor/kit-orders/KV-NONE/status", {"status": "shipped", "tracking_number": "X1"}).status
        == 404
    )
    missing = api.partner_post("/vendor/kit-orders/KV-NONE/status", {"status": "shipped"})
    assert (missing.status, missing.error["field"]) == (400, "tracking_number")


def test_another_candidates_kit_cannot_be_claimed(api, users, holder):
    other = users.complete(users.signup())
    api.get("/me", token=other.id_token)
    assert api.post("/me/kits/ccna-kit/claim", token=other.id_token).status == 404
    assert api.get("/me/kits", token=holder.id_token).body["items"][0]["status"] == "pending"


# ------------------------------------------------------------------ the expert plaque
EXPERT_KIT = "ccie-enterprise-infrastructure-kit"
#: With the typographic apostrophe (U+2019), as people type names on phones.
NAME_WITH_APOSTROPHE = "Núñez-O\u2019Brien"
LAB_SECTIONS = [{"name": "Design", "score": 880}, {"name": "Deploy, Operate and Optimize", "score": 910}]


def earn_ccie(api, user) -> tuple[str, str]:
    """CCIE Enterprise Infrastructure: the qualifying exam, then the lab (with its modules)."""
    cid = earn(api, user, "350-401", on=(clock.today() - timedelta(days=90)).isoformat())
    lab_on = (clock.today() - timedelta(days=10)).isoformat()
    body = {
        "result_id": f"{cid}-lab",
        "candidate_id": cid,
        "exam_code": "ccie-ei-lab",
        "taken_on": lab_on,
        "score": 900,
        "passing_score": 825,
        "passed": True,
        "sections": LAB_SECTIONS,
    }
    assert api.partner_post("/vendor/exam-results", body).status == 201
    return cid, lab_on


def expert_kit(api, user) -> dict:
    return next(k for k in api.get("/me/kits", token=user.id_token).body["items"] if k["kit_id"] == EXPERT_KIT)


def test_the_expert_kit_holds_a_plaque_engraved_with_the_verified_name_and_number_sent_to_the_vendor(
    api, users, aws, fake_vendor
):
    from features.test_badges import accept

    from fulfillment.app import handler

    # GIVEN a candidate whose verified name has accents and an apostrophe, who earned a CCIE
    user = users.complete(users.signup(first_name="José", last_name=NAME_WITH_APOSTROPHE))
    cid, lab_on = earn_ccie(api, user)
    number = f"CCIE-ENTERPRISE-INFRASTRUCTURE-{cid.removeprefix('CSCO')}-{lab_on.replace('-', '')}"
    # THEN the kit page lists certificate, card and plaque, with the number the plaque carries
    kit = expert_kit(api, user)
    assert (kit["status"], kit["items"]) == ("pending", ["certificate", "card", "plaque"])
    assert kit["engraving"] == {"number": number, "name": None}
    # AND the number is the certificate's
    accept(api, user)
    assert (
        api.get(f"/me/certifications/{kit['cert_id']}/certificate", token=user.id_token).body["certificate_number"]
        == number
    )
    # WHEN the kit is claimed, THEN the claim fixes the name to engrave
    claimed = api.post(f"/me/kits/{EXPERT_KIT}/claim", token=user.id_token)
    assert claimed.status == 200, claimed.body
    assert claimed.body["engraving"] == {"number": number, "name": f"José {NAME_WITH_APOSTROPHE}"}
    # AND the order the vendor receives holds the plaque and what to engrave on it
    assert handler(sqs_event(fulfillment_messages(aws)), lambda_context()) == {"batchItemFailures": []}
    (order,) = fake_vendor.orders.values()
    assert order["items"] == ["certificate", "card", "plaque"]
    assert order["engraving"] == {"name": f"José {NAME_WITH_APOSTROPHE}", "number": number}
    assert order["ship_to"]["line1"] == "123 Any Street"


def test_an_associate_kit_has_no_plaque_and_no_engraving(api, holder, aws, fake_vendor):
    from fulfillment.app import handler

    (kit,) = api.get("/me/kits", token=holder.id_token).body["items"]
    assert (kit["items"], kit["engraving"]) == (["certificate", "card"], None)
    assert api.post("/me/kits/ccna-kit/claim", token=holder.id_token).status == 200
    handler(sqs_event(fulfillment_messages(aws)), lambda_context())
    (order,) = fake_vendor.orders.values()
    assert (order["items"], order["engraving"]) == (["certificate", "card"], None)


@pytest.mark.parametrize(
    ("first_name", "last_name", "why"),
    [
        ("Maximiliana Alexandrina", "Featherstonehaugh-Cholmondeley", "has 54 characters and a plaque holds at most"),
        ("李", "小龙", "not '小', '李', '龙'"),
        ("Ada", "Lovelace ☺", "not '☺'"),
    ],
)
def test_a_name_the_vendor_cannot_engrave_is_refused_before_anything_is_ordered(
    api, users, aws, first_name, last_name, why
):
    # GIVEN an expert whose verified name is too long for the plaque, or in characters it is not cut in
    user = users.complete(users.signup(first_name=first_name, last_name=last_name))
    earn_ccie(api, user)
    # WHEN the expert kit is claimed, THEN a 409 names the rule and what to do, and nothing is ordered
    refused = api.post(f"/me/kits/{EXPERT_KIT}/claim", token=user.id_token)
    assert (refused.status, refused.error["code"], refused.error["field"]) == (409, "engraving_name", "engraving_name")
    assert why in refused.error["message"]
    assert "open a support case" in refused.error["message"]
    assert expert_kit(api, user)["status"] == "pending"
    assert fulfillment_messages(aws) == []
    # AND a kit without a plaque ships under the same name
    from features.test_badges import accept

    earn(api, user)
    accept(api, user)
    assert api.post("/me/kits/ccna-kit/claim", token=user.id_token).status == 200
